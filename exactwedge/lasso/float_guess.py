r"""A float64 run of the active-set method, used only to guess the first face.

Its output is never reported as a solution: the exact solver starts from the
guessed face (after checking it exactly) and finishes in rationals.

:func:`warm_face` runs it on a copy of the problem rescaled by powers of two,
so data far outside float range (``1e400``, ``1e-400``, β ≥ 1e309) still gets
a guess; when even the rescaled β leaves float range, there is no guess and
the exact solver starts cold. No float ever decides the answer.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from ..numbers import clamped_float

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
        a = 0  # int64 over scales below 2^900: every entry is a normal float
        Kf = A.astype(np.float64) / np.array(s, dtype=np.float64)[None, :]
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


def float_face_guess(K: np.ndarray, y: np.ndarray, beta: float, *, max_iter: int = 5000,
                     rtol: float = 1e-9) -> list[tuple[int, int]]:
    """Signed columns ``[(j, sign)]`` of an approximate Lasso solution.

    >>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> float_face_guess(K, np.array([3.0, -0.5]), 1.0)
    [(0, 1)]
    """
    n, m = K.shape
    F: list[tuple[int, int]] = []
    p = np.zeros(0)
    scale = max(1.0, float(np.abs(K).max(initial=0.0)) * max(1.0, float(np.abs(y).max(initial=0.0))))
    for _ in range(max_iter):
        # minimize on the face
        for _inner in range(len(F) + 2):
            if not F:
                break
            idx = [j for j, _ in F]
            sg = np.array([s for _, s in F], dtype=float)
            B = K[:, idx] * sg
            G = B.T @ B
            try:
                q = np.linalg.solve(G, B.T @ y - beta)
            except np.linalg.LinAlgError:
                return F
            if np.all(q > 0):
                p = q
                break
            neg = q <= 0
            alpha = np.min(p[neg] / (p[neg] - q[neg])) if np.any(p[neg] > 0) else 0.0
            p = p + alpha * (q - p)
            keep = (p > 1e-14 * max(1.0, float(np.abs(p).max()))) | (q > 0)
            F = [f for f, k in zip(F, keep) if k]
            p = p[keep]
        z = np.zeros(m)
        for (j, s), pj in zip(F, p):
            z[j] = s * pj
        c = K.T @ (y - K @ z)
        viol = np.abs(c) - beta * (1 + rtol) - rtol * scale * 1e-6
        for j, _ in F:
            viol[j] = -np.inf
        i = int(np.argmax(viol)) if m else -1
        if i < 0 or viol[i] <= 0:
            return F
        s = 1 if c[i] > 0 else -1
        if F:
            idx = [j for j, _ in F]
            B = K[:, idx]
            coef, *_ = np.linalg.lstsq(B, K[:, i], rcond=None)
            res = K[:, i] - B @ coef
            if np.linalg.norm(res) <= 1e-10 * max(1.0, np.linalg.norm(K[:, i])):
                sgF = np.array([t for _, t in F], dtype=float)
                gamma = coef * s * sgF
                pos = gamma > 1e-12
                if not np.any(pos):
                    return F
                ratios = p[pos] / gamma[pos]
                step = float(np.min(ratios))
                p = p - step * gamma
                keep = p > 1e-14 * max(1.0, float(np.abs(p).max(initial=0.0)))
                F = [f for f, k in zip(F, keep) if k]
                p = np.append(p[keep], step)
                F.append((i, s))
                continue
        F.append((i, s))
        p = np.append(p, 0.0)
    return F
