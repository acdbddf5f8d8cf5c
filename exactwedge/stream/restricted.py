r"""The Lasso on a working set: a small dense float problem, solved to a requested duality gap.

:func:`restricted_lasso` is what :func:`~exactwedge.stream.working_set.solve_stream`
runs on its working set W after each pricing pass: the float active set of
:func:`~exactwedge.lasso.float_guess.float_face_guess` (the vertex method of the
materialized solve; its supports have at most n columns), then, if a gap
remains, celer or scikit-learn's coordinate descent and :func:`polish_face`.

>>> z, info = restricted_lasso(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([2.0, 1.0]), 0.5, gap_target=1e-12)
>>> z.round(9).tolist(), info["gap"] < 1e-12
([0.5, 1.0], True)
"""

from __future__ import annotations

import warnings

import numpy as np

from ..exceptions import InvalidInputError

__all__ = ["restricted_lasso", "polish_face", "duality_gap"]

_TINY = 1e-300
#: Working sets up to this size are solved by the float active set first (the vertex method of the
#: materialized solve: its supports have at most n columns, where coordinate descent wanders off the face).
_ACTIVE_SET_MAX = 20000


def duality_gap(yc: np.ndarray, r: np.ndarray, z: np.ndarray, beta: float, M: float) -> tuple[float, float, float]:
    r"""``(P, D, P − D)`` for the residual ``r`` of ``z`` and ``M = max_j |K_jᵀr|`` (the dual point ``r·min(1, β/M)``).

    >>> duality_gap(np.array([2.0]), np.array([1.0]), np.array([1.0]), 1.0, 1.0)
    (1.5, 1.5, 0.0)
    """
    P = 0.5 * float(r @ r) + beta * float(np.abs(z).sum())
    scale = 1.0 if M <= beta else beta / M
    e = yc - scale * r
    D = 0.5 * float(yc @ yc) - 0.5 * float(e @ e)
    return P, D, P - D


def _ws_gap(K: np.ndarray, y: np.ndarray, beta: float, z: np.ndarray) -> float:
    """The duality gap of ``z`` for the Lasso on the columns K (no intercept)."""
    r = y - K @ z
    M = float(np.abs(K.T @ r).max(initial=0.0))
    return duality_gap(y, r, z, beta, M)[2]


def polish_face(K: np.ndarray, y: np.ndarray, beta: float, z: np.ndarray) -> np.ndarray:
    r"""Re-solve on the signed support of ``z``: :math:`K_S^\top K_S z_S = K_S^\top y - \beta\,\mathrm{sign}(z_S)`.

    A first-order solver stalls at ~1e-8 on nearly dependent columns; when its
    support and signs are right, this linear solve is the optimum to machine
    precision. Returned only if the signs hold and the duality gap on K is smaller.

    >>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> polish_face(K, np.array([3.0, 0.5]), 1.0, np.array([1.9, 0.0])).tolist()
    [2.0, 0.0]
    """
    S = np.flatnonzero(z)
    if not len(S):
        return z
    out = _face_solve(K, y, beta, S, np.sign(z[S]))
    return out if out is not None and _ws_gap(K, y, beta, out) < _ws_gap(K, y, beta, z) else z


def _face_solve(K: np.ndarray, y: np.ndarray, beta: float, S: np.ndarray, sg: np.ndarray) -> np.ndarray | None:
    """The optimum on the signed face (S, sg), or None when its signs do not hold."""
    KS = K[:, S]
    q = np.linalg.lstsq(KS.T @ KS, KS.T @ y - beta * sg, rcond=None)[0]
    if not np.all(q * sg > 0):
        return None
    out = np.zeros(K.shape[1])
    out[S] = q
    return out


def restricted_lasso(K: np.ndarray, y: np.ndarray, beta: float, z0: np.ndarray | None = None, *,
                     gap_target: float = 0.0, backend: str = "auto") -> tuple[np.ndarray, dict]:
    r"""Solve :math:`\min_z \tfrac12\lVert Kz - y\rVert^2 + \beta\lVert z\rVert_1` on a small dense K (no intercept).

    Working sets of up to 20,000 columns go first to the float active set of
    :func:`~exactwedge.lasso.float_guess.float_face_guess` (exact faces in
    float64; with m ≤ n columns run on the factor R of K = QR: the same Gram
    matrix, so the same Lasso, with m rows instead of n). If the duality gap
    on K is still above ``gap_target``, celer (``backend="celer"``, the
    default when installed) or scikit-learn's coordinate descent runs from the
    best point so far, both with ``alpha = β/n`` and a tolerance that asks for
    a gap of ``gap_target`` on our scale, then :func:`polish_face`. The point
    with the smaller gap is returned; ``info["backend"]`` names what ran.

    >>> z, info = restricted_lasso(np.eye(2), np.array([3.0, 0.5]), 1.0, backend="sklearn", gap_target=1e-12)
    >>> z.round(9).tolist(), info["backend"]
    ([2.0, 0.0], 'float active set')
    """
    n, m = K.shape
    z = np.zeros(m) if z0 is None else np.asarray(z0, dtype=np.float64).copy()
    if m == 0:
        return z, {"backend": "none", "iterations": 0, "gap": 0.0}
    if backend == "auto":
        from ..lasso.backends.base import module_available

        backend = "celer" if module_available("celer") else "sklearn"
    if backend not in ("celer", "sklearn"):
        raise InvalidInputError(f"backend must be 'auto', 'celer' or 'sklearn', got {backend!r}")
    yy = float(y @ y)
    Kf = np.asfortranarray(K)
    iters = 0
    gap = _ws_gap(K, y, beta, z)
    if gap <= gap_target:
        return z, {"backend": backend, "iterations": 0, "gap": gap}
    used = []
    if m <= _ACTIVE_SET_MAX:
        alt = _active_set(K, y, beta, z)
        if alt is not None:
            g2 = _ws_gap(K, y, beta, alt)
            if g2 < gap:
                z, gap = alt, g2
                used.append("float active set")
    if gap > gap_target:
        tol = min(1e-4, max(gap_target / max(yy, _TINY), 1e-16))
        z1, iters = _first_order(Kf, y, beta, z, tol, backend)
        z1 = polish_face(K, y, beta, z1)
        g1 = _ws_gap(K, y, beta, z1)
        if g1 < gap:
            z, gap = z1, g1
        used.append(backend)
    return z, {"backend": " + ".join(used), "iterations": iters, "gap": gap}


def _active_set(K: np.ndarray, y: np.ndarray, beta: float, z0: np.ndarray | None = None) -> np.ndarray | None:
    """The float active set of :func:`~exactwedge.lasso.float_guess.float_face_guess` from ``z0`` (the previous
    solution: a working set that grew starts where it was), then the face solve; with at most n columns it runs
    on the m × m factor R of K = QR (same Gram matrix, so the same Lasso)."""
    from ..lasso.float_guess import float_face_guess

    start = [] if z0 is None else [(int(j), float(z0[j])) for j in np.flatnonzero(z0)]
    if K.shape[1] <= K.shape[0]:
        Q, R = np.linalg.qr(K)
        F = float_face_guess(R, Q.T @ y, beta, start=start)
    else:
        F = float_face_guess(K, y, beta, start=start)
    if not F:
        return np.zeros(K.shape[1])
    out = _face_solve(K, y, beta, np.array([j for j, _ in F]), np.array([float(t) for _, t in F]))
    return None if out is None else polish_face(K, y, beta, out)


def _first_order(Kf: np.ndarray, y: np.ndarray, beta: float, z0: np.ndarray, tol: float, backend: str) -> tuple[np.ndarray, int]:
    n = Kf.shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if backend == "celer":
            from celer import celer_path

            _a, coefs, _gaps, iters = celer_path(Kf, y, "lasso", alphas=np.array([beta / n]), coef_init=z0.copy(),
                                                  tol=tol, max_iter=200, max_epochs=20_000, prune=True,
                                                  return_n_iter=True)
            return np.array(coefs[:, 0], dtype=np.float64), int(iters[0])
        from sklearn.linear_model import Lasso

        model = Lasso(alpha=beta / n, fit_intercept=False, tol=tol, max_iter=20_000, warm_start=True)
        model.coef_ = z0.copy()
        model.fit(Kf, y)
        return np.array(model.coef_, dtype=np.float64).reshape(-1), int(model.n_iter_)
