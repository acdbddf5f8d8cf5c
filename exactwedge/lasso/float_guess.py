r"""A float64 run of the active-set method, used only to guess the first face.

Its output is never reported as a solution: the exact solver starts from the
guessed face (after checking it exactly) and finishes in rationals.
"""

from __future__ import annotations

import numpy as np

__all__ = ["float_face_guess"]


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
