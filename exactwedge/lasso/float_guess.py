r"""A float64 run of the active-set method, used only to guess the first face.

Its output is never reported as a solution: the exact solver starts from the
guessed face (after checking it exactly) and finishes in rationals.

:func:`warm_face` runs it on a copy of the problem rescaled by powers of two,
so data far outside float range (``1e400``, ``1e-400``, β ≥ 1e309) still gets
a guess; when even the rescaled β leaves float range, there is no guess and
the exact solver starts cold. No float ever decides the answer.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from ..numbers import clamped_float
from ..numbers.floats import single_threaded_blas

__all__ = ["float_face_guess", "warm_face"]


def _scaled(nums: Sequence[int], den: int, shift: int) -> list[float]:
    """``nums[i] / (den · 2^shift)`` as floats, correctly rounded without overflow (int true division)."""
    if shift >= 0:
        den <<= shift
        return [v / den for v in nums]
    return [(v << -shift) / den for v in nums]


def _top_bits(nums: Sequence[int]) -> int:
    return max((abs(int(v)).bit_length() for v in nums), default=0)


def warm_face(A: np.ndarray, s: Sequence[int], Y: Sequence[int], q: int, beta: Fraction) -> list[tuple[int, int]] | None:
    """The float face guess for ``K = A / s`` (columns), ``y = Y / q``, on a rescaled copy; None when there is none.

    With ``K' = 2^-a K``, ``y' = 2^-c y`` and ``β' = 2^-(a+c) β`` the Lasso
    objective is multiplied by ``2^-2c`` and ``z' = 2^(a-c) z``: the optimal
    signed faces are the same, and ``a``, ``c`` bring the entries near 1.

    >>> A = np.array([[10 ** 400, 0], [0, 1]], dtype=object)
    >>> warm_face(A, [1, 1], [3 * 10 ** 400, -1], 1, Fraction(10 ** 800))
    [(0, 1)]
    >>> warm_face(A, [1, 1], [3, -1], 1, Fraction(1, 10 ** 800)) is None  # β' underflows: start cold
    True
    """
    n, m = A.shape
    s = [int(v) for v in s]
    if A.dtype != object and max(s, default=1).bit_length() < 900:
        # int64 over scales below 2^900: every entry is a normal float, and stays one times 2^-a
        Kf = np.divide(A, np.array(s, dtype=np.float64)[None, :])
        top = max(float(Kf.max(initial=0.0)), -float(Kf.min(initial=0.0)))
        a = math.frexp(top)[1] if top > 0.0 else 0
        if a:
            Kf *= 2.0 ** -a
    else:
        cols = A.T.tolist()
        a = max((_top_bits(c) - sj.bit_length() for c, sj in zip(cols, s) if any(c)), default=0)
        Kf = np.array([_scaled([int(v) for v in c], sj, a) for c, sj in zip(cols, s)], dtype=np.float64).T.reshape(n, m)
    c = _top_bits(Y) - int(q).bit_length()
    yf = np.array(_scaled([int(v) for v in Y], int(q), c), dtype=np.float64)
    bf = clamped_float(Fraction(beta) / Fraction(2) ** (a + c))
    if bf == 0.0:
        return None
    if bf == np.inf:
        return []
    with np.errstate(all="ignore"):
        return float_face_guess(Kf, yf, bf)


_DEPENDENT = 1e-10  # an entering column this close to the face's span (relative) is exchanged, not added
_TINY = 1e-14  # a coefficient this small (relative to the largest) has reached zero
_LAZY = 16  # steps per look at the whole dictionary (the others look at the working set only)
_WIDTH = 8  # working-set columns per row of K
_STALL = 50  # steps in a row without a decrease of the objective: a cycle in rounding noise, stop
_ONE_THREAD = 1 << 18  # entries of K from which BLAS runs on one thread (threadpoolctl costs ~3 ms)


class _Trouble(Exception):
    """A float step went wrong (singular face, no exchange, NaN, budget spent): the run stops on its face."""


class _FaceQR:
    """The face's columns ``K_F = Q R`` (thin QR, R column-major for LAPACK), kept as columns enter and leave."""

    def __init__(self, n: int):
        self.Q = np.zeros((n, 0))
        self.R = np.zeros((0, 0), order="F")
        self.Rinv = np.zeros((0, 0))

    def project(self, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(h, v)`` with ``a = Q h + v`` and ``v ⟂ Q`` (classical Gram–Schmidt, twice)."""
        h = self.Q.T @ a
        v = a - self.Q @ h
        h2 = self.Q.T @ v
        return h + h2, v - self.Q @ h2

    def append(self, h: np.ndarray, v: np.ndarray) -> None:
        rho = float(np.linalg.norm(v))
        if not rho > 0.0:
            raise _Trouble
        k = len(h)
        R = np.zeros((k + 1, k + 1), order="F")
        R[:k, :k] = self.R
        R[:k, k] = h
        R[k, k] = rho
        Ri = np.zeros((k + 1, k + 1))  # [[R⁻¹, −R⁻¹h/ρ], [0, 1/ρ]]: the inverse grows with R
        Ri[:k, :k] = self.Rinv
        Ri[:k, k] = -(self.Rinv @ h) / rho
        Ri[k, k] = 1.0 / rho
        self.Q = np.column_stack([self.Q, v / rho])
        self.R, self.Rinv = R, Ri

    def delete(self, drop: np.ndarray, kept: Callable[[], np.ndarray]) -> None:
        """Remove the face positions ``drop`` (ascending); ``kept()`` gives the remaining columns ``K_F``.

        A fresh thin QR of what is left (numpy only: no scipy import on the
        fit's path; columns leave far less often than they enter).
        """
        k = self.R.shape[0] - len(drop)
        if k == 0:
            self.Q, self.R, self.Rinv = self.Q[:, :0], np.zeros((0, 0), order="F"), np.zeros((0, 0))
            return
        Q, R = self.Q, np.array(self.R)
        t = int(drop[0])
        R = np.delete(R, drop, axis=1)  # upper triangular up to column t, Hessenberg-like after it
        Qt, Rt = np.linalg.qr(R[t:, t:])  # re-triangularize the trailing block only
        Q = np.column_stack([Q[:, :t], Q[:, t:] @ Qt])
        R = np.vstack([R[:t], np.column_stack([np.zeros((Rt.shape[0], t)), Rt])])
        self.Q, self.R = np.ascontiguousarray(Q[:, :k]), np.asfortranarray(R[:k, :k])
        try:  # [[A, B], [0, C]]⁻¹ = [[A⁻¹, −A⁻¹BC⁻¹], [0, C⁻¹]], A⁻¹ the old inverse's leading block
            Ci = np.linalg.inv(self.R[t:, t:])
        except np.linalg.LinAlgError:
            raise _Trouble from None
        Ai = self.Rinv[:t, :t]
        Ri = np.zeros((k, k))
        Ri[:t, :t] = Ai
        Ri[:t, t:] = -(Ai @ self.R[:t, t:]) @ Ci
        Ri[t:, t:] = Ci
        self.Rinv = Ri

    def solve(self, rhs: np.ndarray, trans: int = 0) -> np.ndarray:
        """``R⁻¹ rhs`` (``trans=1``: ``R⁻ᵀ rhs``); :class:`_Trouble` when the result is not finite."""
        out = (self.Rinv.T if trans else self.Rinv) @ rhs  # R⁻¹ kept with R: a product, not a solve
        if not np.all(np.isfinite(out)):
            raise _Trouble
        return out


class _ActiveSet:
    """The primal active-set run: a face ``F`` (columns, signs ``sg``, magnitudes ``p > 0``) and its QR.

    Each step minimizes on the face (Lawson–Hanson steps, dropping the columns that reach
    zero), then the most violating column enters; when it lies in the face's span it is
    exchanged for the first face column its relation drives to zero (same fit, smaller ℓ1).
    """

    def __init__(self, K: np.ndarray, y: np.ndarray, beta: float, tol: float):
        self.K, self.y, self.beta, self.tol = K, y, beta, tol
        self.F = np.zeros(0, dtype=np.intp)
        self.sg = np.zeros(0)
        self.p = np.zeros(0)
        self.qr = _FaceQR(K.shape[0])
        self.inF = np.zeros(K.shape[1], dtype=bool)
        self.width = max(64, _WIDTH * K.shape[0])
        self.best, self.stalls = np.inf, 0

    def face(self) -> list[tuple[int, int]]:
        return [(int(j), 1 if t > 0 else -1) for j, t in zip(self.F, self.sg)]

    def warm(self, start: Sequence[tuple[int, float]]) -> None:
        """Start from a point instead of zero: the columns ``j`` of ``start`` at coefficient ``z_j ≠ 0`` (sign and
        magnitude), in order, each one that is independent of those before it (the first step minimizes there)."""
        for j, zj in start:
            j, zj = int(j), float(zj)
            if self.inF[j] or not zj or not math.isfinite(zj):
                continue
            self._append_independent(j, 1.0 if zj > 0 else -1.0, abs(zj))

    def _remove(self, keep: np.ndarray) -> None:
        drop = np.flatnonzero(~keep)
        if len(drop):
            self.inF[self.F[drop]] = False
            self.F, self.sg, self.p = self.F[keep], self.sg[keep], self.p[keep]
            self.qr.delete(drop, lambda: self.K[:, self.F])

    def _append(self, i: int, s: float, h: np.ndarray, v: np.ndarray, pi: float) -> None:
        self.qr.append(h, v)
        self.F = np.append(self.F, i)
        self.inF[i] = True
        self.sg = np.append(self.sg, s)
        self.p = np.append(self.p, pi)

    def _minimize(self) -> None:
        for _ in range(len(self.F) + 2):
            if not len(self.F):
                return
            w = self.qr.solve(self.sg, trans=1)  # Rᵀw = s, then R z = Qᵀy − βw: K_FᵀK_F z = K_Fᵀy − βs
            q = self.sg * self.qr.solve(self.qr.Q.T @ self.y - self.beta * w)
            if np.all(q > 0):
                self.p = q
                return
            p = self.p
            neg = q <= 0
            pn, qn = p[neg], q[neg]
            alpha = float(np.min(pn / (pn - qn))) if np.all(pn > 0) else 0.0
            self.p = p + alpha * (q - p)
            self._remove((self.p > _TINY * max(1.0, float(np.abs(self.p).max()))) | (q > 0))

    def _append_independent(self, i: int, s: float, pi: float) -> np.ndarray | None:
        """Append column i at magnitude ``pi`` when it is independent of the face and return None; else
        return its face coordinates ``h`` (``K_i = Q h``) and leave the face as it is."""
        a = self.K[:, i]
        h, v = self.qr.project(a)
        if float(np.linalg.norm(v)) > _DEPENDENT * float(np.linalg.norm(a)):
            self._append(i, s, h, v, pi)
            return None
        return h

    def _enter(self, i: int, s: float) -> None:
        h = self._append_independent(i, s, 0.0)
        if h is None:
            return
        if not len(self.F):  # a zero column violates: only on NaN-like data
            raise _Trouble
        # s·a = Σ γ_j sg_j K_j: trade the face for a at the same fit until a face column reaches zero
        gamma = self.qr.solve(h) * s * self.sg
        pos = gamma > 1e-12
        if not np.any(pos):
            raise _Trouble
        step = float(np.min(self.p[pos] / gamma[pos]))
        self.p = self.p - step * gamma
        self._remove(self.p > _TINY * max(1.0, float(np.abs(self.p).max(initial=0.0))))
        h, v = self.qr.project(self.K[:, i])
        self._append(i, s, h, v, step)

    def _step(self, J: np.ndarray, KJ: np.ndarray) -> np.ndarray | None:
        """Minimize on the face, then let the most violating column of ``J`` (``KJ = K_Jᵀ``) enter.

        Returns the correlations ``K_Jᵀr`` (r: the residual, unchanged by the entry), None when no column violates.
        """
        self._minimize()
        r = self.y - self.qr.Q @ (self.qr.R @ (self.sg * self.p)) if len(self.F) else self.y
        f = 0.5 * float(r @ r) + self.beta * float(self.p.sum())
        if f < self.best - 1e-15 * abs(f):
            self.best, self.stalls = f, 0
        else:
            self.stalls += 1
            if self.stalls > _STALL:
                raise _Trouble
        c = KJ @ r
        viol = np.abs(c) - self.tol
        viol[self.inF[J]] = -np.inf
        i = int(np.argmax(viol)) if len(J) else -1
        if i < 0 or viol[i] <= 0:
            return None
        if np.isnan(viol[i]):
            raise _Trouble
        self._enter(int(J[i]), 1.0 if c[i] > 0 else -1.0)
        return c

    def run(self, max_iter: int) -> None:
        """Steps until no column violates; :class:`_Trouble` on trouble or after ``max_iter`` entries.

        Every :data:`_LAZY` steps (and to stop) the whole dictionary is looked at; in between
        only the columns that violated most at the last look, a working set ``W``.
        """
        m = self.K.shape[1]
        everything = np.arange(m)
        entries = 0
        while entries <= max_iter:
            c = self._step(everything, self.K.T)
            if c is None:
                return
            entries += 1
            # the columns of largest violation at this look, not on the face
            score = np.abs(c)
            score[self.inF] = -1.0
            if self.width >= m:
                W, KW = everything, self.K.T
            else:
                W = np.sort(np.argpartition(score, m - self.width)[m - self.width:])
                KW = np.ascontiguousarray(self.K[:, W].T)
            for _ in range(_LAZY - 1):
                if entries > max_iter or self._step(W, KW) is None:
                    break
                entries += 1
        raise _Trouble


def float_face_guess(K: np.ndarray, y: np.ndarray, beta: float, *, max_iter: int = 5000,
                     rtol: float = 1e-9, start: Sequence[tuple[int, float]] = ()) -> list[tuple[int, int]]:
    """Signed columns ``[(j, sign)]`` of an approximate Lasso solution.

    A primal active-set run in float64 (the most violating column enters, Lawson–Hanson
    steps on the face, an exchange when the entering column lies in the face's span).
    The face's columns are kept as a thin QR factorization, updated as columns enter
    and leave; the whole dictionary is multiplied by the residual every
    :data:`_LAZY` steps and to stop, the steps in between price a working set of
    the columns that violated most. On any trouble (a singular face, ``max_iter``
    entries, NaN, :data:`_STALL` steps without progress) the current face is
    returned: the exact solver starts from it and copes.

    ``start`` (pairs ``(j, z_j)``, e.g. the solution on a smaller working set) is the
    point the run starts from instead of zero.

    >>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> float_face_guess(K, np.array([3.0, -0.5]), 1.0)
    [(0, 1)]
    >>> float_face_guess(K, np.array([3.0, -0.5]), 1.0, start=[(1, -0.2), (0, 1.0)])  # leaves 1, keeps 0
    [(0, 1)]
    """
    K = np.asarray(K, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(all="ignore"), single_threaded_blas(K.size >= _ONE_THREAD):
        top = max(float(K.max(initial=0.0)), -float(K.min(initial=0.0)))  # max |K_ij| without a copy of K
        scale = max(1.0, top * max(1.0, float(np.abs(y).max(initial=0.0))))
        run = _ActiveSet(K, y, beta, beta * (1 + rtol) + rtol * scale * 1e-6)
        try:
            run.warm(start)
            run.run(max_iter)
        except _Trouble:
            pass
        return run.face()
