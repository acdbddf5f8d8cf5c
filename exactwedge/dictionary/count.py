"""Counting dictionary columns before building them, and refusing what will not fit."""

from __future__ import annotations

import math

from ..exceptions import TooLargeError

__all__ = ["column_count", "estimated_bytes", "check_size", "DEFAULT_MAX_COLUMNS"]

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


def estimated_bytes(columns: int, n: int) -> int:
    """Memory of the built dictionary: an int64 numerator and a float64 copy per entry.

    >>> estimated_bytes(1000, 40)
    640000"""
    return columns * n * 16


def _human(b: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if b < 1024 or unit == "TiB":
            return f"{b:.1f} {unit}"
        b /= 1024
    return f"{b:.1f} TiB"  # pragma: no cover


def check_size(n: int, d: int, *, bias: bool, norm: int, activation: str, max_columns: int | None) -> int:
    """Return the column count, or raise :class:`TooLargeError` above ``max_columns``.

    >>> check_size(1000, 3, bias=False, norm=1, activation="relu", max_columns=10**5)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: the dictionary would have 1,005,006 columns for n = 1000 samples in R^3 (about 15.0 GiB as int64 + float64); the limit is 100,000 columns: pass max_columns=None (CLI: --max-columns 0) to build it anyway
    """
    m = column_count(n, d, bias=bias, norm=norm, activation=activation)
    if max_columns is not None and m > max_columns:
        raise TooLargeError(
            f"the dictionary would have {m:,} columns for n = {n} samples in R^{d} "
            f"(about {_human(estimated_bytes(m, n))} as int64 + float64); the limit is "
            f"{max_columns:,} columns: pass max_columns=None (CLI: --max-columns 0) to build it anyway"
        )
    return m
