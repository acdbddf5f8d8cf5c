"""One data set of the user's, for ``python -m proofs_check --data FILE.csv`` and ``run_check(name, data=...)``.

A check that has a data form (``on_data`` of :func:`proofs_check.check`) runs
its own per-case body on this one case, exactly as on a seeded case. What does
not apply (the wrong dimension, one label column for Thm 23, a size beyond the
limits below) raises :class:`NotApplicable` with the reason, and the run
reports it as a SKIP, never a FAIL.

β defaults to :math:`\\beta_{\\max}/10`, exactly: :math:`\\beta_{\\max} = \\max_j |K_j^\\top(y - \\bar y)|`
over the ℓ1 dictionary (centred with biases), the smallest β at which the zero
network is optimal (with K > 1 label columns, the largest of the per-column values).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

__all__ = ["DataSet", "NotApplicable", "load_data", "as_dataset", "default_beta", "require",
           "require_columns", "require_patterns", "MAX_DATA_COLUMNS", "MAX_DATA_PATTERNS"]

#: The largest ℓ1 dictionary (columns, before deduplication) a data check builds and solves exactly.
MAX_DATA_COLUMNS = 20000
#: The largest arrangement (activation patterns) a data check solves the arrangement program on.
MAX_DATA_PATTERNS = 5000


class NotApplicable(Exception):
    """The check does not apply to this data set (the message says why); reported as a SKIP."""


def require(ok: bool, reason: str) -> None:
    """Raise :class:`NotApplicable` with ``reason`` unless ``ok``.

    >>> require(True, "never")
    >>> require(False, "Thm 23 needs K > 1 label columns")
    Traceback (most recent call last):
    ...
    proofs_check._data.NotApplicable: Thm 23 needs K > 1 label columns
    """
    if not ok:
        raise NotApplicable(reason)


@dataclass(frozen=True)
class DataSet:
    """One data set: a validated :class:`exactwedge.problem.Problem` (exact X, labels, β, bias), where β came
    from, and the file it was read from."""

    problem: Any
    beta_note: str
    source: str = "data"

    @property
    def X(self) -> list:
        return [list(r) for r in self.problem.X]

    @property
    def Y(self) -> list:
        """The labels as n rows of K values."""
        return self.problem.label_rows()

    @property
    def beta(self) -> Fraction:
        return self.problem.beta

    @property
    def bias(self) -> bool:
        return self.problem.bias

    @property
    def n(self) -> int:
        return self.problem.n

    @property
    def d(self) -> int:
        return self.problem.d

    @property
    def targets(self) -> int:
        return self.problem.outputs

    @property
    def y(self) -> list:
        """The labels as one column (K = 1 only; checks for scalar outputs)."""
        require(self.targets == 1, f"the data have K = {self.targets} label columns; this statement is about "
                                   "scalar outputs (Thm 23 covers K > 1)")
        return list(self.problem.y)

    def describe(self) -> str:
        """``n = 4 samples in R^2, bias, K = 1, β = 1/5 (given)``.

        >>> as_dataset({"X": [[0], [1]], "y": [1, 2], "beta": "1/5"}).describe()
        'n = 2 samples in R^1, no bias, K = 1, β = 1/5 (given)'
        """
        return (f"n = {self.n} samples in R^{self.d}, {'bias' if self.bias else 'no bias'}, K = {self.targets}, "
                f"β = {self.beta} ({self.beta_note})")

    def to_json(self) -> dict:
        return {"source": self.source, "n": self.n, "d": self.d, "bias": self.bias, "targets": self.targets,
                "beta": str(self.beta), "beta_note": self.beta_note}


def require_columns(ds: DataSet, *, bias: bool | None = None, activation: str = "relu") -> int:
    """The ℓ1 dictionary's column count, or :class:`NotApplicable` above :data:`MAX_DATA_COLUMNS`.

    >>> require_columns(as_dataset({"X": [[0], [1], [3]], "y": [1, 2, 0], "bias": True}))
    6
    """
    from exactwedge.dictionary import column_count

    b = ds.bias if bias is None else bias
    m = column_count(ds.n, ds.d, bias=b, norm=1, activation=activation)
    require(m <= MAX_DATA_COLUMNS, f"too large: the ℓ1 dictionary would have {m:,} columns (n = {ds.n} in "
                                   f"R^{ds.d}), more than the {MAX_DATA_COLUMNS:,} an exact data check solves")
    return m


def require_patterns(ds: DataSet, *, bias: bool | None = None) -> int:
    """The arrangement's pattern count, or :class:`NotApplicable` above :data:`MAX_DATA_PATTERNS` (with the
    count and the general-position estimate).

    >>> require_patterns(as_dataset({"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 2, 0]}))
    5
    """
    from exactwedge.exceptions import TooLargeError
    from exactwedge.reference.l2_optimum import count_patterns

    try:
        return count_patterns(ds.X, bias=ds.bias if bias is None else bias, max_patterns=MAX_DATA_PATTERNS)
    except TooLargeError as e:
        raise NotApplicable(f"too large: {str(e).split(': the global')[0]}") from None


def default_beta(X: list, Y: list, bias: bool) -> tuple[Fraction, str]:
    """β = β_max/10 exactly (module docstring), and a note saying so.

    >>> default_beta([[0], [1], [3]], [[1], [2], [0]], True)
    (Fraction(1, 5), 'β_max/10, β_max = 2 computed exactly')
    """
    from exactwedge.compare.comparison import exact_beta_max
    from exactwedge.dictionary import column_count, dictionary
    from exactwedge.lasso.columns import ExactColumns

    n, d = len(X), len(X[0])
    m = column_count(n, d, bias=bias, norm=1)
    if m > MAX_DATA_COLUMNS:
        return Fraction(1), f"1: β_max not computed (the ℓ1 dictionary would have {m:,} columns); give --beta"
    D = dictionary(X, bias=bias, norm=1)
    if not len(D):
        return Fraction(1), "1: the dictionary is empty"
    cols = ExactColumns(D.numerators, D.scales)
    bmax = max(exact_beta_max(cols, [r[k] for r in Y], bias) for k in range(len(Y[0])))
    if bmax == 0:
        return Fraction(1), "1: β_max = 0 (the labels are fitted by the intercept alone)"
    over = f" (the largest over the {len(Y[0])} label columns)" if len(Y[0]) > 1 else ""
    return bmax / 10, f"β_max/10, β_max = {bmax}{over} computed exactly"


def as_dataset(data: Any, *, beta: Any = None, bias: bool | None = None, source: str = "data") -> DataSet:
    """A :class:`DataSet` from a DataSet or a mapping ``{"X": ..., "y": ... [, "beta": ..., "bias": ...]}``.

    ``y`` may be a column (K = 1) or rows of K labels; every value is read
    exactly (:mod:`exactwedge.numbers`: floats refused, text parsed, never evaluated).

    >>> ds = as_dataset({"X": [[0], [1], [3]], "y": ["1", "2", "0"], "bias": True})
    >>> ds.beta, ds.beta_note, ds.targets
    (Fraction(1, 5), 'β_max/10, β_max = 2 computed exactly', 1)
    """
    import dataclasses

    from exactwedge.exceptions import InvalidInputError
    from exactwedge.problem import Problem

    if isinstance(data, DataSet):
        return data
    if not isinstance(data, Mapping) or "X" not in data or "y" not in data:
        raise InvalidInputError("data must be a proofs_check DataSet or a mapping with keys 'X' and 'y'")
    beta = data.get("beta") if beta is None else beta
    prob = Problem.of(data["X"], data["y"], beta, bias=bool(data.get("bias", False) if bias is None else bias),
                      min_samples=2)
    note = "given"
    if beta is None:
        bq, note = default_beta([list(r) for r in prob.X], prob.label_rows(), prob.bias)
        prob = dataclasses.replace(prob, beta=bq)
    return DataSet(prob, note, str(data.get("source", source)))


def load_data(path: str, *, beta: Any = None, bias: bool = False, targets: int = 1,
              max_bytes: int | None = None) -> DataSet:
    """Read FILE.csv with :func:`exactwedge.io.read_csv` (exact rationals) into a :class:`DataSet`.

    >>> import os, tempfile
    >>> from exactwedge.io import atomic_write_text
    >>> path = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> atomic_write_text(path, "x,y\\n0,1\\n1,2\\n3,0\\n")
    >>> load_data(path, bias=True).describe()
    'n = 3 samples in R^1, bias, K = 1, β = 1/5 (β_max/10, β_max = 2 computed exactly)'
    """
    from exactwedge.io import read_csv

    X, Y, _header = read_csv(path, targets=targets, max_bytes=max_bytes)
    return as_dataset({"X": X, "y": Y, "bias": bias, "beta": beta, "source": str(path)})
