r"""Integer-scaled exact columns, the common currency of the exact Lasso solvers.

A matrix with rational columns is stored as :math:`a_j = A_{:,j}/s_j` with
``A`` an integer matrix and ``s_j`` positive integers. With an intercept the
columns are centred exactly first: :math:`\bar A = nA - \mathbf{1}\mathbf{1}^\top A`,
:math:`\bar s = n s`. Every product the solvers need (``AᵀR``, Gram matrices,
solves) is then an integer or rational python-flint operation.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import DimensionError, InvalidInputError
from ..numbers import as_matrix, clamped_float, float_columns
from ..numbers.floats import FLOAT_TINY

__all__ = ["ExactColumns", "float_magnitudes"]

_U = 2.0 ** -53
_MARGIN = 2.0 ** -50
#: Beyond these, the float screen is not used (its comparisons could overflow or lose their margin).
_SCREEN_EXPONENT = 900


def float_magnitudes(T: Sequence[int], s: Sequence[int], D: int) -> np.ndarray:
    """``|T_j| / (s_j D)`` in float64, for screening only (``inf`` where a value overflows, 0 below 2⁻¹⁰⁰⁰).

    Exact decisions are taken on the columns this cannot rule out: a float
    ratio below ``1 − 1e-9`` proves the exact one is below 1, since the
    conversions err by ~1e-16 relative.

    >>> float_magnitudes([3, -4], [1, 2], 2).tolist()
    [1.5, 1.0]
    """
    try:
        Tf = np.abs(np.array(T, dtype=np.float64))
        Sf = np.array(s, dtype=np.float64) * float(D)
    except OverflowError:
        out = np.empty(len(T))
        for j, (t, sj) in enumerate(zip(T, s)):
            try:
                out[j] = abs(t) / (sj * D)
            except OverflowError:
                out[j] = np.inf
        out[out < FLOAT_TINY] = 0.0  # subnormals lose the relative precision the screen relies on
        return out
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = Tf / Sf
    out[~np.isfinite(out)] = np.inf
    out[out < FLOAT_TINY] = 0.0
    return out


def _flint():
    import flint

    return flint


class ExactColumns:
    """Columns ``A[:, j] / s[j]`` of an integer matrix, with flint products.

    Parameters
    ----------
    A : (n, m) numpy integer or object array
    s : sequence of m positive ints
    """

    def __init__(self, A: np.ndarray, s: Sequence[int]):
        if A.ndim != 2 or A.shape[1] != len(s):
            raise DimensionError(f"A has shape {A.shape} but {len(s)} scales were given")
        self.A = A if A.dtype == object else A.astype(np.int64)
        self.s = [int(v) for v in s]
        if any(v <= 0 for v in self.s):
            raise InvalidInputError("column scales must be positive")
        self.n, self.m = A.shape
        self._At = None
        self._float = None
        self._screen: Any = None
        self._max_entry = 0

    # -------------------------------------------------------------- builders
    @classmethod
    def from_rational(cls, K: Any) -> "ExactColumns":
        """From a rational matrix given by rows (each column over its lcm).

        >>> c = ExactColumns.from_rational([[1, "1/2"], [2, "1/3"]])
        >>> c.A.tolist(), c.s
        ([[1, 3], [2, 2]], [1, 6])
        """
        rows = as_matrix(K, what="K")
        if not rows:
            raise DimensionError("K must have at least 1 row")
        if any(not isinstance(v, Fraction) for r in rows for v in r):
            raise InvalidInputError("K must be rational")
        n, m = len(rows), len(rows[0])
        s = []
        for j in range(m):
            L = 1
            for i in range(n):
                L = math.lcm(L, rows[i][j].denominator)
            s.append(L)
        ints = [[int(rows[i][j] * s[j]) for j in range(m)] for i in range(n)]
        M = max((abs(v) for r in ints for v in r), default=0)
        A = np.array(ints, dtype=np.int64 if M < 2**62 else object).reshape(n, m)
        return cls(A, s)

    def centered(self) -> "ExactColumns":
        """The exactly centred columns ``a_j − mean(a_j)``.

        >>> ExactColumns.from_rational([[1], [3]]).centered().column(0)
        [Fraction(-1, 1), Fraction(1, 1)]
        """
        A = self.A.astype(object)
        colsum = A.sum(axis=0)
        Ac = A * self.n - colsum[None, :]
        M = max((abs(int(v)) for v in Ac.ravel()), default=0)
        if M < 2**62:
            Ac = Ac.astype(np.int64)
        return ExactColumns(Ac, [v * self.n for v in self.s])

    # -------------------------------------------------------------- access
    def column(self, j: int) -> list[Fraction]:
        return [Fraction(int(v), self.s[j]) for v in self.A[:, j]]

    def int_columns(self, idx: Sequence[int]):
        """``A[:, idx]`` as a flint ``fmpz_mat`` (n × k)."""
        return _flint().fmpz_mat(self.A[:, list(idx)].tolist()) if len(idx) else None

    @property
    def At(self):
        """``Aᵀ`` as a flint ``fmpz_mat`` (m × n), built once."""
        if self._At is None:
            self._At = _flint().fmpz_mat(self.A.T.tolist())
        return self._At

    def float_matrix(self) -> np.ndarray:
        """Explicit float64 export ``A / s``; InvalidInputError where a value leaves float range."""
        if self._float is None:
            self._float = float_columns(self.A, self.s, what="the float64 export of the columns")
        return self._float

    def At_times(self, R: Sequence[int]) -> list[int]:
        """``Aᵀ R`` for an integer vector R (exact, via flint)."""
        if self.m == 0:
            return []
        R = [int(v) for v in R]
        if self.A.dtype != object:  # int64 when no partial sum can reach 2^63 (labels, small residuals)
            if self._max_entry == 0:
                self._max_entry = int(np.abs(self.A).max(initial=0))
            if self._max_entry * sum(abs(v) for v in R) < 2**63:
                return (self.A.T @ np.array(R, dtype=np.int64)).tolist()
        col = _flint().fmpz_mat([[v] for v in R])
        return [int(v) for v in (self.At * col).entries()]

    def screen(self, R: Sequence[int], D: int, beta: Fraction) -> tuple[list[int], list[int], np.ndarray] | None:
        """The columns that may reach ``|A_jᵀR| ≥ β s_j D``, with their exact ``A_jᵀR``; None when it cannot screen.

        A rigorous float64 filter: the entries of A are integers below 2⁵³
        (exact in float64) and ``r̂ = fl(R/D)`` is correctly rounded, so for
        any summation order ``|A_jᵀR/D − fl(A_jᵀr̂)| ≤ (n + 2)u‖A_j‖₂‖r̂‖₂ + τ``
        (u = 2⁻⁵³; Cauchy–Schwarz on ``|A_j|ᵀ|r̂|``; τ covers underflow). A
        column is left out only when ``(|fl(A_jᵀr̂)| + 2·bound)(1 + 2⁻⁵⁰) <
        fl(β)·fl(s_j)(1 − 2⁻⁵⁰)``, i.e. when it is certainly below β. Every
        other column gets its exact integer ``A_jᵀR`` (flint), so callers decide
        exactly; the third item is the float ``|K_jᵀr|`` of those columns, for
        ordering only. Data beyond float range (entries ≥ 2⁵³, β or the
        scales beyond 2^±900, a residual that overflows) returns None: the
        caller computes every column exactly (:meth:`At_times`).

        >>> c = ExactColumns.from_rational([[1, 0, 1], [0, 1, 1]])
        >>> idx, T, mags = c.screen([3, -1], 1, Fraction(2))  # Kᵀr = (3, −1, 2): columns 0 and 2 reach 2
        >>> idx, T, mags.tolist()
        ([0, 2], [3, 2], [3.0, 2.0])
        """
        if self.m == 0:
            return [], [], np.zeros(0)
        prep = self._screen_prep()
        if prep is None or not (-_SCREEN_EXPONENT < beta.numerator.bit_length() - beta.denominator.bit_length()
                                < _SCREEN_EXPONENT):
            return None
        Af, norms, sf = prep
        try:
            r = np.array([int(v) / D for v in R], dtype=np.float64)
        except OverflowError:
            return None
        if not np.all(np.isfinite(r)):
            return None
        with np.errstate(all="ignore"):
            v = Af.T @ r
            bound = 2.0 * (self.n + 2) * _U * norms * float(np.linalg.norm(r)) + self.n * self._max_entry * 2.0 ** -1000
            upper = (np.abs(v) + 2.0 * bound) * (1.0 + _MARGIN)
            keep = ~(upper < clamped_float(beta) * sf * (1.0 - _MARGIN)) | ~np.isfinite(upper)
        idx = np.flatnonzero(keep).tolist()
        if not idx:
            return [], [], np.zeros(0)
        col = _flint().fmpz_mat([[int(x)] for x in R])
        T = [int(x) for x in (self.int_columns(idx).transpose() * col).entries()]
        return idx, T, np.abs(v[idx]) / sf[idx]

    def _screen_prep(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """``(A in float64, column 2-norms, scales in float64)``, built once; None when A or s is beyond the screen."""
        if self._screen is None:
            self._screen = False
            if self.A.dtype != object and max(self.s).bit_length() < _SCREEN_EXPONENT:
                self._max_entry = int(np.abs(self.A).max(initial=0))
                if self._max_entry < 2**53:
                    Af = self.A.astype(np.float64)
                    self._screen = (Af, np.linalg.norm(Af, axis=0), np.array(self.s, dtype=np.float64))
        return self._screen or None

    def times(self, idx: Sequence[int], V: Sequence[int]) -> list[int]:
        """``A[:, idx] @ V`` for integers V (exact)."""
        out = [0] * self.n
        for j, v in zip(idx, V):
            if v:
                col = self.A[:, j]
                for i in range(self.n):
                    c = int(col[i])
                    if c:
                        out[i] += c * v
        return out
