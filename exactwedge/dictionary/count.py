"""Counting dictionary columns before building them, and refusing what will not fit."""

from __future__ import annotations

import math

from ..exceptions import InvalidInputError, TooLargeError
from .cost import WAYS_IN, dictionary_bytes, human_bytes, memory_budget

__all__ = ["column_count", "check_size", "DEFAULT_MAX_COLUMNS"]

#: The default limit on the number of (pre-deduplication) columns.
DEFAULT_MAX_COLUMNS = 500_000


def column_count(n: int, d: int, *, bias: bool, norm: int, activation: str = "relu") -> int:
    """Upper bound on the columns (before removing zero and duplicate ones).

    ``2·C(n+d, d−1)`` (ℓ1, no bias), ``2n·C(n−1+d, d−1)`` (ℓ1, bias),
    ``2·C(n, d−1)`` and ``2n·C(n−1, d−1)`` for ℓ2; half as many for the
    absolute-value activation (one sign per neuron).

    >>> column_count(40, 3, bias=False, norm=1)
    1806
    >>> column_count(6, 1, bias=True, norm=1)
    12
    """
    signs = 1 if activation == "abs" else 2
    if norm == 1:
        per = math.comb(n - 1 + d, d - 1) if bias else math.comb(n + d, d - 1)
    else:
        per = math.comb(n - 1, d - 1) if bias else math.comb(n, d - 1)
    return signs * per * (n if bias else 1)


def check_size(n: int, d: int, *, bias: bool, norm: int, activation: str, max_columns: int | None) -> int:
    """Return the column count, or raise :class:`TooLargeError` above ``max_columns`` or the memory budget.

    The memory check (the cost model of :mod:`.cost` against
    :func:`~exactwedge.dictionary.cost.memory_budget`) applies even with
    ``max_columns=None``: nothing is built that cannot fit.

    >>> check_size(1000, 3, bias=False, norm=1, activation="relu", max_columns=10**5)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: the dictionary would have 1,005,006 columns for n = 1000 samples in R^3 (building it needs about 27.1 GiB); the limit is 100,000 columns: pass max_columns=None (CLI: --max-columns 0) to build it anyway
    >>> check_size(10, 2, bias=False, norm=1, activation="relu", max_columns=-1)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: max_columns must be None (no limit) or a positive integer, got -1
    """
    if max_columns is not None and (isinstance(max_columns, bool) or not isinstance(max_columns, int)
                                    or max_columns < 1):
        raise InvalidInputError(f"max_columns must be None (no limit) or a positive integer, got {max_columns!r}")
    m = column_count(n, d, bias=bias, norm=norm, activation=activation)
    if max_columns is not None and m > max_columns:
        raise TooLargeError(
            f"the dictionary would have {m:,} columns for n = {n} samples in R^{d} "
            f"(building it needs about {human_bytes(dictionary_bytes(n, d, m, bias=bias))}); the limit is "
            f"{max_columns:,} columns: pass max_columns=None (CLI: --max-columns 0) to build it anyway"
        )
    need, budget = dictionary_bytes(n, d, m, bias=bias), memory_budget()
    if need > budget:
        raise TooLargeError(
            f"the dictionary would have {m:,} columns for n = {n} samples in R^{d}: building it needs about "
            f"{human_bytes(need)}, over the memory budget of {human_bytes(budget)} (--memory to change it); {WAYS_IN}"
        )
    return m
