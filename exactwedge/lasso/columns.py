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
from ..numbers import as_matrix, float_columns
from ..numbers.floats import FLOAT_TINY

__all__ = ["ExactColumns", "float_magnitudes"]



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
        self._l1: Any = None
        self._sobj: Any = None
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
        enc = self.enclose(R)
        if enc is not None and enc[2] == 0:  # int64 when no partial sum can reach 2^62 (labels, small residuals)
            return enc[0].tolist()
        col = _flint().fmpz_mat([[v] for v in R])
        return [int(v) for v in (self.At * col).entries()]

    def At_times_at(self, idx: Sequence[int], R: Sequence[int]) -> list[int]:
        """``A[:, idx]ᵀ R`` exactly (flint), for a few columns.

        >>> ExactColumns.from_rational([[1, 0, 1], [0, 1, 1]]).At_times_at([2, 0], [3, -1])
        [2, 3]
        """
        if not len(idx):
            return []
        col = _flint().fmpz_mat([[int(x)] for x in R])
        return [int(x) for x in (self.int_columns(idx).transpose() * col).entries()]

    def enclose(self, R: Sequence[int]) -> tuple[np.ndarray, np.ndarray, int] | None:
        """``(H, E, k)`` with ``|A_jᵀR − 2ᵏH_j| ≤ 2ᵏE_j`` exactly (int64 H, E); None when A is not int64-safe.

        ``R = 2ᵏR_hi + R_lo`` with ``0 ≤ R_lo < 2ᵏ`` and k the least shift that
        keeps ``H = AᵀR_hi`` below 2⁶² (so numpy's int64 product is exact);
        ``E_j = ‖A_j‖₁`` bounds the part of ``R_lo``. With ``k = 0``, ``H = AᵀR``
        exactly. No floating point anywhere.

        >>> H, E, k = ExactColumns.from_rational([[1, 0], [2, 1]]).enclose([2**70 + 5, -(2**70)])
        >>> k > 0, [int(h) << k for h in H], E.tolist()  # AᵀR = (−2^70 + 5, −2^70)
        (True, [-1180591620717411303424, -1180591620717411303424], [3, 1])
        """
        if self.A.dtype == object or self.m == 0:
            return None
        if self._l1 is None:
            self._max_entry = int(np.abs(self.A).max(initial=0))
            ok = self._max_entry * self.n < 2**62
            self._l1 = np.abs(self.A).sum(axis=0) if ok else False
        if self._l1 is False:
            return None
        R = [int(v) for v in R]
        M = max(self._max_entry, 1)
        k = max(0, (M * (sum(abs(v) for v in R) + self.n)).bit_length() - 62)
        while True:
            Rh = [v >> k for v in R]
            if M * sum(abs(v) for v in Rh) < 2**62:
                break
            k += 1  # pragma: no cover - the first k suffices up to rounding
        H = self.A.T @ np.array(Rh, dtype=np.int64)
        return H, (self._l1 if k else np.zeros(self.m, dtype=np.int64)), k

    def reaching(self, R: Sequence[int], D: int, beta: Fraction) -> tuple[list[int], list[int], np.ndarray] | None:
        """The columns that may reach ``|A_jᵀR| ≥ β s_j D``, with their exact ``A_jᵀR``; None when it cannot enclose.

        Every other column is certainly below β: by :meth:`enclose`,
        ``(|H_j| + E_j)·2ᵏ·q < p·s_j·D`` (β = p/q) in exact integers. The third
        item orders the returned columns by ``|H_j|/s_j`` (about ``|K_jᵀr|``,
        for ordering only).

        >>> c = ExactColumns.from_rational([[1, 0, 1], [0, 1, 1]])
        >>> idx, T, keys = c.reaching([3, -1], 1, Fraction(2))  # Kᵀr = (3, −1, 2): columns 0 and 2 reach 2
        >>> idx, T, keys.tolist()
        ([0, 2], [3, 2], [3.0, 2.0])
        """
        enc = self.enclose(R)
        if enc is None:
            return None
        H, E, k = enc
        p, q = beta.numerator, beta.denominator
        up = (np.abs(H) + E).astype(object) * (q << k)
        keep = np.flatnonzero(up >= self._scales_obj() * (p * D))
        idx = keep.tolist()
        T = H[keep].tolist() if k == 0 else self.At_times_at(idx, R)
        return idx, T, np.abs(H[keep]).astype(np.float64) / np.array([float(self.s[j]) for j in idx])

    def _scales_obj(self) -> np.ndarray:
        if self._sobj is None:
            self._sobj = np.array(self.s, dtype=object)
        return self._sobj

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
