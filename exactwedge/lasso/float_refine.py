r"""Numpy refinement of a float point on its face: purification, Newton on the face, active-set rounds.

An interior point is never exactly sparse and its face may be degenerate, so
the float solvers of :mod:`~exactwedge.lasso.float_solve` refine it in numpy
(squared and logistic loss, one output or groups):

* coefficients below :data:`ZERO_TOL` of the largest are set to 0 (:func:`_zero_small`);
* the face is made independent by moving along null directions, which keeps
  the fit and does not increase the penalty (Tibshirani 2013; :func:`_purify`);
* Newton's method solves the face, where the program is smooth
  (:func:`_newton_on_face`, :func:`_newton`);
* coefficients that reach 0 leave the face and the worst violated column joins
  it, until nothing changes (:func:`_refine`). The refined point replaces the
  given one only if it is no worse on the optimality conditions and on the
  objective, or clearly lower.

:func:`_from_scratch` runs the same rounds from ``Z = 0``: the numpy fallback
when every conic solver fails (named :data:`_FALLBACK_NAME` in the report).

>>> import numpy as np
>>> K, Y = np.eye(2), np.array([[3.0], [-0.5]])
>>> Z, t, info = _from_scratch(K, Y, 1.0, False, "squared")
>>> Z.ravel().round(12).tolist(), info["kept"]
([2.0, 0.0], True)
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

__all__ = ["ZERO_TOL"]

#: Coefficients (or groups) below this fraction of the largest one are solver noise, set to 0.
ZERO_TOL = 1e-7

_FALLBACK_NAME = "float active set with Newton faces (numpy float64, after cvxpy failed)"


def _zero_small(Z: np.ndarray, tol: float = ZERO_TOL) -> tuple[np.ndarray, int]:
    """Set coefficients (groups) below ``tol`` times the largest to 0; also count them."""
    norms = np.abs(Z) if Z.ndim == 1 else np.linalg.norm(Z, axis=1)
    top = float(norms.max(initial=0.0))
    small = norms <= tol * max(1.0, top)
    Z = Z.copy()
    Z[small] = 0.0
    return Z, int((small & (norms > 0)).sum())


def _loss_parts(F: np.ndarray, Y: np.ndarray, loss: str) -> tuple[float, np.ndarray, np.ndarray]:
    """Value, gradient in ``F`` and the diagonal Hessian weights of a smooth loss (squared or logistic)."""
    if loss == "squared":
        R = F - Y
        return 0.5 * float(np.sum(R * R)), R, np.ones(F.shape[0])
    m = Y[:, 0] * F[:, 0]
    p = np.exp(-np.logaddexp(0.0, m))  # σ(−y f)
    return float(np.logaddexp(0.0, -m).sum()), (-Y[:, 0] * p)[:, None], p * (1 - p)


def _objective(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, beta: float, loss: str) -> float:
    F = K @ Z + t[None, :]
    return _loss_parts(F, Y, loss)[0] + beta * float(np.linalg.norm(Z, axis=1).sum())


def _newton(fun: Callable[[np.ndarray], tuple], theta: np.ndarray,
            limit: Callable[[np.ndarray, np.ndarray], float] | None = None, *,
            max_iter: int = 60) -> tuple[np.ndarray, bool]:
    """Damped Newton (least-squares steps, Armijo backtracking) on a smooth convex function.

    ``limit(theta, step)`` caps the step length (a face boundary); the run stops
    with ``True`` when a step ends on it.
    """
    f, g, H = fun(theta)
    if not np.isfinite(f):
        return theta, False
    for _ in range(max_iter):
        step = np.linalg.lstsq(H, -g, rcond=None)[0]
        dec = float(g @ step)
        if not dec < 0:
            return theta, False
        smax = min(1.0, limit(theta, step)) if limit is not None else 1.0
        s = smax
        while s > 1e-12 * smax:
            cand = theta + s * step
            if fun(cand)[0] <= f + 1e-4 * s * dec:
                break
            s *= 0.5
        else:
            return theta, False
        new = fun(cand)
        done = f - new[0] <= 1e-16 * max(1.0, abs(f))
        theta, (f, g, H) = cand, new
        if s == smax < 1.0:
            return theta, True
        if done:
            return theta, False
    return theta, False


def _face_newton(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, S: np.ndarray, beta: float,
                 intercept: bool, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_newton_on_face`, again on the smaller face each time a group leaves."""
    for _ in range(S.size + 1):
        Z, t, hit = _newton_on_face(K, Y, Z, t, S, beta, intercept, loss)
        if not hit:
            break
        S = np.flatnonzero(np.linalg.norm(Z, axis=1))
    return Z, t


def _newton_on_face(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, S: np.ndarray, beta: float,
                    intercept: bool, loss: str) -> tuple[np.ndarray, np.ndarray, bool]:
    """Newton's method for ``loss(K_S Z_S + 1tᵀ) + β Σ_{j∈S} ‖Z_j‖`` on the face of ``Z``.

    The face keeps every ``Z_j`` on its side: a positive inner product with its
    start (for one output: its sign, and the penalty is linear, ``β sᵀz``). A
    Newton step that ends on the boundary drops the group that reached it.
    """
    n, c = Y.shape
    k = S.size
    if k * c > 3000 or (k == 0 and not intercept):
        return Z, t, False
    A = np.hstack([K[:, S], np.ones((n, 1))]) if intercept else K[:, S]
    Z0 = Z[S].copy()
    eye = np.eye(c)
    s0 = np.sign(Z0[:, 0]) if c == 1 else None

    def fun(th: np.ndarray) -> tuple:
        W = th.reshape(-1, c)
        val, grad, w = _loss_parts(A @ W, Y, loss)
        G = A.T @ grad
        H = np.kron(A.T @ (A * w[:, None]), eye)
        Zs = W[:k]
        if c == 1:
            G[:k, 0] += beta * s0
            return val + beta * float(s0 @ Zs[:, 0]), G.ravel(), H
        nz = np.linalg.norm(Zs, axis=1)
        for j in range(k):
            if nz[j] <= 1e-100:  # a group exactly at 0 (the end of a step): its penalty has no gradient
                continue
            v = Zs[j]
            G[j] += beta * v / nz[j]
            H[j * c:(j + 1) * c, j * c:(j + 1) * c] += beta * (eye / nz[j] - np.outer(v, v) / nz[j] ** 3)
        return val + beta * float(nz.sum()), G.ravel(), H

    def limit(th: np.ndarray, step: np.ndarray) -> float:
        # the face boundary: the first group whose inner product with its start reaches 0
        ip0 = np.einsum("ij,ij->i", th.reshape(-1, c)[:k], Z0)
        ipd = np.einsum("ij,ij->i", step.reshape(-1, c)[:k], Z0)
        toward = ipd < 0
        return float(np.min(ip0[toward] / -ipd[toward], initial=np.inf))

    th0 = np.vstack([Z0, t[None, :]]) if intercept else Z0
    th, hit = _newton(fun, th0.ravel(), limit)
    W = th.reshape(-1, c)
    Zn = Z.copy()
    Zn[S] = W[:k]
    # a group that reached the boundary of the face leaves it (it is re-added if it must be nonzero)
    gone = np.einsum("ij,ij->i", W[:k], Z0) <= 1e-12 * np.einsum("ij,ij->i", Z0, Z0)
    Zn[S[gone]] = 0.0
    return Zn, (W[k] if intercept else t), bool(hit and gone.any())


def _purify(K: np.ndarray, Z: np.ndarray, t: np.ndarray, intercept: bool, rtol: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Make the face independent without changing the fit or growing the penalty.

    Write ``Z_j = λ_j d_j`` (``λ_j = ‖Z_j‖ > 0``, ``d_j`` a unit vector; ``d_j = sign(z_j)``
    for one output). The fit is linear in ``(λ, t)`` with columns ``vec(K_j d_jᵀ)``
    (and ``vec(1e_kᵀ)``) and the penalty is ``β Σλ_j``. While those columns
    are dependent (smallest singular value ≤ ``rtol`` times the largest; the
    directions of a solver's point are only that accurate), move along a null
    vector ``v`` with ``Σ v_λ ≤ 0`` until some
    ``λ_j`` reaches 0, and drop it. Then the Hessian on the face is nonsingular
    (Tibshirani 2013 for one output: such a solution always exists).
    """
    Z, t = Z.copy(), t.copy()
    n, c = K.shape[0], Z.shape[1]
    dropped = 0
    while True:
        S = np.flatnonzero(np.linalg.norm(Z, axis=1))
        if S.size == 0:
            return Z, t, dropped
        lam = np.linalg.norm(Z[S], axis=1)
        d = Z[S] / lam[:, None]
        extra = c if intercept else 0
        keep = np.arange(S.size)
        if S.size + extra > n * c:  # surely dependent: look among the n·c + 1 - extra smallest groups
            keep = np.sort(np.argsort(lam, kind="stable")[:n * c + 1 - extra])
        cols = [np.outer(K[:, S[i]], d[i]).ravel() for i in keep]
        if intercept:
            cols += [np.outer(np.ones(n), e).ravel() for e in np.eye(c)]
        A = np.column_stack(cols)
        _, sv, Vt = np.linalg.svd(A)
        if A.shape[1] <= A.shape[0] and sv[-1] > rtol * sv[0]:
            return Z, t, dropped
        v = Vt[-1]
        vl = np.zeros(S.size)
        vl[keep] = v[:keep.size]
        v = np.concatenate([vl, v[keep.size:]])
        if float(np.abs(vl).max()) <= 1e-12:
            return Z, t, dropped
        if float(vl.sum()) > 0:
            v, vl = -v, -vl
        toward = vl < 0
        if not toward.any():
            return Z, t, dropped
        ratios = np.where(toward, lam / np.where(toward, -vl, 1.0), np.inf)
        i = int(np.argmin(ratios))
        step = float(ratios[i])
        lam = lam + step * vl
        lam[i] = 0.0
        Z[S] = np.maximum(lam, 0.0)[:, None] * d
        if intercept:
            t = t + step * v[S.size:]
        dropped += 1


def _kkt_score(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, beta: float, intercept: bool,
               loss: str) -> float:
    """The largest relative violation of the optimality conditions (0 at an exact optimum)."""
    U = -_loss_parts(K @ Z + t[None, :], Y, loss)[1]
    G = K.T @ U
    gn = np.linalg.norm(G, axis=1)
    zn = np.linalg.norm(Z, axis=1)
    S = zn > 0
    score = max(0.0, float(gn.max(initial=0.0)) / beta - 1.0)
    if S.any():
        score = max(score, float(np.linalg.norm(G[S] - beta * Z[S] / zn[S, None], axis=1).max()) / beta)
    if intercept:
        score = max(score, float(np.linalg.norm(U.sum(axis=0))) / max(1.0, float(np.abs(U).sum())))
    return score


def _refine(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, beta: float, intercept: bool,
            loss: str, *, rounds: int = 12) -> tuple[np.ndarray, np.ndarray, dict]:
    """Active-set rounds: purify, Newton on the face, drop what reached 0, add the worst violator.

    The refined point replaces the given one if it is finite and no worse on
    the optimality conditions and on the objective, or clearly lower. A round
    that breaks down in float64 (a direction of norm 0 after underflow, an SVD
    that does not converge) ends the refinement and keeps the given point: the
    rounds never turn finite data into NaN.
    """
    try:
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            return _refine_rounds(K, Y, Z, t, beta, intercept, loss, rounds)
    except np.linalg.LinAlgError:
        return Z, t, {"rounds": 0, "dropped": 0, "added": 0, "kept": False,
                      "failed": "float64 breakdown (an SVD did not converge)"}


def _refine_rounds(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, beta: float, intercept: bool,
                   loss: str, rounds: int) -> tuple[np.ndarray, np.ndarray, dict]:
    f0 = _objective(K, Y, Z, t, beta, loss)
    Zr, tr = Z.copy(), t.copy()
    info = {"rounds": 0, "dropped": 0, "added": 0}
    for it in range(1, rounds + 1):
        info["rounds"] = it
        # a solver's directions are only ~1e-6 accurate: a looser rank test in the first round
        Zr, tr, nd = _purify(K, Zr, tr, intercept, 1e-6 if it == 1 else 1e-9)
        S = np.flatnonzero(np.linalg.norm(Zr, axis=1))
        Zr, tr = _face_newton(K, Y, Zr, tr, S, beta, intercept, loss)
        norms = np.linalg.norm(Zr, axis=1)
        top = max(1.0, float(norms.max(initial=0.0)))
        Zr[norms <= 1e-9 * top] = 0.0
        hit = nd + S.size - int(np.count_nonzero(np.linalg.norm(Zr, axis=1)))
        info["dropped"] += hit
        U = -_loss_parts(K @ Zr + tr[None, :], Y, loss)[1]
        gn = np.linalg.norm(K.T @ U, axis=1) if K.shape[1] else np.zeros(0)
        gn[np.linalg.norm(Zr, axis=1) > 0] = 0.0
        j = int(np.argmax(gn)) if gn.size else -1
        add = j >= 0 and gn[j] > beta * (1 + 1e-9)
        if add:
            g = K[:, j] @ U
            gnorm = float(np.linalg.norm(g))
            if not (np.isfinite(gnorm) and gnorm > 0):  # underflow or overflow: no direction to add
                break
            Zr[j] = 1e-8 * top * g / gnorm
            info["added"] += 1
        if not hit and not add:
            break
    f1 = _objective(K, Y, Zr, tr, beta, loss)
    better_kkt = _kkt_score(K, Y, Zr, tr, beta, intercept, loss) <= _kkt_score(K, Y, Z, t, beta, intercept, loss)
    finite = bool(np.all(np.isfinite(Zr)) and np.all(np.isfinite(tr)) and np.isfinite(f1))
    if finite and (better_kkt and f1 <= f0 + 1e-10 * max(1.0, abs(f0)) or f1 < f0 - 1e-9 * max(1.0, abs(f0))):
        info["kept"] = True
        return Zr, tr, info
    info["kept"] = False
    return Z, t, info


def _from_scratch(K: np.ndarray, Y: np.ndarray, beta: float, intercept: bool, loss: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """The numpy active set from ``Z = 0``: :func:`_refine` with enough rounds to build the face column by column."""
    n, c = Y.shape
    t = np.zeros(c)
    if intercept:
        if loss == "squared":
            t = Y.mean(axis=0)
        else:
            p = float(np.mean(Y[:, 0] > 0))
            t = np.array([math.log(p / (1 - p))])
    return _refine(K, Y, np.zeros((K.shape[1], c)), t, beta, intercept, loss, rounds=50 + 20 * n * c)
