r"""The :class:`Dictionary`: an exact feature matrix whose columns are neurons.

Storage is integer-scaled and exact: with ``L`` the common denominator of the
data, column ``j`` is

.. math:: K_{:,j} = \frac{N_{:,j}}{s_j}\ (\text{ℓ1}), \qquad
          K_{:,j} = \frac{N_{:,j}}{\sqrt{s_j}}\ (\text{ℓ2; } s_j = L^2\lVert c_j\rVert_2^2),

with ``N`` an integer matrix (numpy ``int64`` when a bound proves it safe,
else Python integers) and ``s`` positive integers. Provenance is kept in
arrays and turned into :class:`~exactwedge.dictionary.neuron.Neuron` objects on
demand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..numbers import float_columns
from ..numbers.display import MAX_ROWS, html_card, html_table
from ..numbers.surd import sqrt_exact, to_sympy
from .neuron import Neuron

__all__ = ["Dictionary"]


@dataclass(eq=False)
class Dictionary:
    """A Lasso dictionary: exact columns, a float64 copy, and each column's neuron.

    Attributes
    ----------
    X : tuple of tuples of Fraction
        The training data (n × d).
    bias, norm, activation :
        Which theorem's dictionary this is (see :func:`exactwedge.dictionary`).
    numerators : numpy.ndarray
        ``(n, m)`` nonnegative integers ``N``.
    scales : numpy.ndarray
        ``(m,)`` positive integers ``s`` (squared scales for ``norm=2``).
    crosses : numpy.ndarray
        ``(m, d)`` integer cross products ``c_j = cross(a_J)`` of the
        integer-scaled set, divided by their gcd (so primitive).
    signs : numpy.ndarray
        ``(m,)`` ±1: the neuron's weight is ``sign·c_j/‖c_j‖``.
    anchors : numpy.ndarray
        ``(m,)`` anchor row per column, −1 without bias.
    subsets : list of tuple
        The samples J of each column (ints; basis vectors as ``"e1"``…).
    candidates : int
        Columns enumerated before removing zero and duplicate ones.
    removed_zero, removed_duplicate : int
        How many were removed, and why.
    """

    X: tuple
    bias: bool
    norm: int
    activation: str
    numerators: np.ndarray
    scales: np.ndarray
    crosses: np.ndarray
    signs: np.ndarray
    anchors: np.ndarray
    subsets: list
    candidates: int
    removed_zero: int
    removed_duplicate: int
    _float: np.ndarray | None = field(default=None, repr=False)

    # ------------------------------------------------------------ shape
    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.X[0])

    def __len__(self) -> int:
        return int(self.numerators.shape[1])

    @property
    def exact(self) -> bool:
        """True when the columns are rational (ℓ1); ℓ2 columns are surds."""
        return self.norm == 1

    @property
    def kind(self) -> str:
        """``"rational"`` (ℓ1: exact in Q) or ``"surd"`` (ℓ2: exact only as SymPy surds; the solver uses floats)."""
        return "rational" if self.norm == 1 else "surd"

    @property
    def common_denominator(self) -> int:
        """L: the lcm of the data's denominators (``L·X`` is an integer matrix)."""
        L = 1
        for r in self.X:
            for c in r:
                L = math.lcm(L, c.denominator)
        return L

    # ------------------------------------------------------------ columns
    def neuron(self, j: int) -> Neuron:
        """The neuron of column ``j``, with exact ``w``, ``b`` and provenance."""
        sign = int(self.signs[j])
        c = [sign * int(v) for v in self.crosses[j]]
        l1 = sum(abs(v) for v in c)
        direction = tuple(Fraction(v, l1) for v in c)
        a = int(self.anchors[j])
        offset = Fraction(0)
        if a >= 0:
            offset = -sum((p * q for p, q in zip(direction, self.X[a])), Fraction(0))
        return Neuron(direction, offset, tuple(self.subsets[j]), sign, a if a >= 0 else None, self.norm)

    @property
    def neurons(self) -> list[Neuron]:
        """Every column's neuron (built on first use)."""
        return [self.neuron(j) for j in range(len(self))]

    def column(self, j: int) -> list:
        """Column ``j`` exactly: Fractions (ℓ1) or SymPy surds (ℓ2)."""
        col = [int(v) for v in self.numerators[:, j]]
        s = int(self.scales[j])
        if self.norm == 1:
            return [Fraction(v, s) for v in col]
        import sympy

        inv_root = to_sympy(sqrt_exact(Fraction(1, s)))
        return [sympy.Integer(v) * inv_root for v in col]

    def exact_matrix(self) -> Any:
        """The whole matrix exactly: a list of rows of Fractions (ℓ1) or a SymPy Matrix of surds (ℓ2)."""
        cols = [self.column(j) for j in range(len(self))]
        if self.norm == 1:
            return [list(row) for row in zip(*cols)] if cols else [[] for _ in range(self.n)]
        import sympy

        return sympy.Matrix(self.n, len(cols), lambda i, j: cols[j][i])

    def to_float(self) -> np.ndarray:
        """An explicit float64 copy ``(n, m)`` (cached); InvalidInputError where a value leaves float range."""
        if self._float is None:
            self._float = float_columns(self.numerators, self.scales, root=self.norm != 1,
                                        what="the float64 export of the dictionary")
        return self._float

    def provenance(self) -> list[dict]:
        """Per column: samples, sign, anchor."""
        return [self.neuron(j).provenance() for j in range(len(self))]

    def summary(self) -> dict:
        """Counts and kind, JSON-ready."""
        return {
            "n": self.n,
            "d": self.d,
            "bias": self.bias,
            "norm": self.norm,
            "activation": self.activation,
            "columns": len(self),
            "candidates": self.candidates,
            "removed_zero": self.removed_zero,
            "removed_duplicate": self.removed_duplicate,
            "exact": self.exact,
            "kind": self.kind,
        }

    def __repr__(self) -> str:
        return (
            f"Dictionary(n={self.n}, d={self.d}, bias={self.bias}, norm={self.norm}, "
            f"activation={self.activation!r}, columns={len(self)}, kind={self.kind!r})"
        )

    def _repr_html_(self) -> str:
        """Jupyter's display: the counts of :meth:`summary`, then the first columns' neurons in closed form.

        >>> from exactwedge import dictionary
        >>> D = dictionary([0, 1, 3], bias=True)
        >>> html = D._repr_html_()
        >>> "4 columns" in html, [j for j in range(len(D)) if D.neuron(j).label() not in html]
        (True, [])
        """
        facts = [("data", f"n = {self.n}, d = {self.d}, bias = {self.bias}"),
                 ("columns", f"{len(self)} columns ({self.candidates} enumerated, {self.removed_zero} zero and "
                             f"{self.removed_duplicate} duplicate removed)"),
                 ("neurons", f"{self.activation}, weights normalized in ℓ{self.norm}; features {self.kind}")]
        rows = [(j, self.neuron(j).label()) for j in range(min(len(self), MAX_ROWS))]
        more = f"… {len(self) - MAX_ROWS} more: D.neuron(j) for j < {len(self)}. " if len(self) > MAX_ROWS else ""
        return html_card("Lasso dictionary", facts, table=html_table(("column", "neuron (closed form)"), rows, code=[1]),
                         notes=[more + "Exact columns: D.column(j), D.exact_matrix()."])
