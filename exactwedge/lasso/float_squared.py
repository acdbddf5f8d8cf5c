r"""Squared loss in float64: the Lasso by a numpy active set, the group Lasso (vector output) by cvxpy.

.. math::
   c = 1:\quad \min_{z,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert_2^2 + \beta\lVert z\rVert_1,\qquad
   c > 1 \text{ (group Lasso, Thm 23)}:\quad
       \min_{Z,t}\ \tfrac12\lVert KZ + \mathbf1t^\top - Y\rVert_F^2 + \beta\sum_j \lVert Z_{j,:}\rVert_2.

* :func:`_lasso_active_set` (one output, numpy only): the active-set run of
  :func:`~exactwedge.lasso.float_guess.float_face_guess` finds the signed face,
  then :math:`z_S = (K_S^\top K_S)^{-1}(K_S^\top y - \beta s)` solves it; a wrong
  or dependent face is repaired by the rounds of
  :func:`~exactwedge.lasso.float_refine._refine`.
* :func:`_group_lasso`: cvxpy with the conic solvers of
  :func:`~exactwedge.lasso.cvxpy_policy.conic_attempts`, then the numpy
  refinement; if every conic solver fails, the numpy active set from ``Z = 0``.

Both return a :class:`~exactwedge.lasso.float_check.FloatSolution` with its
float report (:func:`_squared_solution`).

>>> import numpy as np
>>> fl = _lasso_active_set(np.eye(2), np.array([3.0, -0.5]), Fraction(1), False)
>>> fl.z, fl.value, fl.certificate.holds
([Fraction(2, 1), Fraction(0, 1)], 2.625, True)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import SolverError
from . import cvxpy_policy
from .float_check import ACTIVE_SET_TOL, CONIC_TOL, FloatSolution, _check, _exact_out, _squared_dual
from .float_guess import float_face_guess
from .float_refine import _FALLBACK_NAME, _from_scratch, _objective, _refine, _zero_small

__all__: list[str] = []

_ACTIVE_SET_NAME = "float active set (numpy float64)"


def _squared_solution(K: np.ndarray, Y: np.ndarray, Z: np.ndarray, t: np.ndarray, b: Fraction,
                      intercept: bool, tol: float, solver: str, extra: dict) -> FloatSolution:
    beta = float(b)
    c = Y.shape[1]
    R = Y - K @ Z - t[None, :]
    primal = _objective(K, Y, Z, t, beta, "squared")
    dual = _squared_dual(K, R, Y, beta, intercept)
    what = "squared loss, ℓ1 penalty" if c == 1 else f"group Lasso, squared loss, {c} outputs"
    rep = _check(K, R, Z, beta, intercept, tol, primal, dual, what, b)
    rep.update(loss="squared", solver=solver, **extra)
    zq, tq = _exact_out(Z if c > 1 else Z[:, 0], t, c, intercept)
    return FloatSolution(zq, tq, primal, rep, solver)


def _lasso_active_set(K: np.ndarray, y: np.ndarray, b: Fraction, intercept: bool) -> FloatSolution:
    beta = float(b)
    n, m = K.shape
    Kc, yc = (K - K.mean(axis=0), y - y.mean()) if intercept else (K, y)
    face = float_face_guess(Kc, yc, beta) if m else []
    z = np.zeros(m)
    if face:
        idx = [j for j, _ in face]
        s = np.array([sg for _, sg in face], dtype=float)
        B = Kc[:, idx]
        G, rhs = B.T @ B, B.T @ yc - beta * s
        try:
            zS = np.linalg.solve(G, rhs)
        except np.linalg.LinAlgError:
            zS = np.linalg.lstsq(G, rhs, rcond=None)[0]
        z[idx] = zS
    t = np.array([float(np.mean(y - K @ z))]) if intercept else np.zeros(1)
    Y = y[:, None]
    extra = {"status": "face solved", "face_size": len(face), "zeroed_small": 0, "refined": None}
    sol = _squared_solution(K, Y, z[:, None], t, b, intercept, ACTIVE_SET_TOL, _ACTIVE_SET_NAME, extra)
    if sol.report["holds"]:
        return sol
    # a wrong or dependent face: active-set rounds of Newton polishing, still numpy only
    Z, t, info = _refine(K, Y, z[:, None], t, beta, intercept, "squared", rounds=50 + 20 * n)
    if intercept:
        t = (Y - K @ Z).mean(axis=0)
    extra.update(status="face solved, then refined", refined=info)
    return _squared_solution(K, Y, Z, t, b, intercept, ACTIVE_SET_TOL, _ACTIVE_SET_NAME, extra)


def _group_lasso(K: np.ndarray, Y: np.ndarray, b: Fraction, intercept: bool, note: str = "") -> FloatSolution:
    beta = float(b)
    n, m = K.shape
    c = Y.shape[1]
    cp, attempts = cvxpy_policy.conic_attempts("socp")
    solver, status, msgs = f"cvxpy/{attempts[0][0]}", "no columns", []
    Zv = np.zeros((m, c))
    if m:
        Z = cp.Variable((m, c))
        tv = cp.Variable((1, c))
        fit = K @ Z + (np.ones((n, 1)) @ tv if intercept else 0)
        problem = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(fit - Y) + beta * cp.sum(cp.norm(Z, 2, axis=1))))
        try:
            solver, status, msgs = cvxpy_policy.solve_with_retries(cp, problem, attempts)
            Zv = np.asarray(Z.value, dtype=float).reshape(m, c)
        except SolverError as exc:
            solver, status = _FALLBACK_NAME, str(exc)
    zeroed = 0
    if solver == _FALLBACK_NAME:
        Zv, tval, info = _from_scratch(K, Y, beta, intercept, "squared")
    else:
        Zv, zeroed = _zero_small(Zv)
        tval = (Y - K @ Zv).mean(axis=0) if intercept else np.zeros(c)
        Zv, tval, info = _refine(K, Y, Zv, tval, beta, intercept, "squared")
    if intercept:
        tval = (Y - K @ Zv).mean(axis=0)
    extra = {"status": status, "solver_warnings": msgs, "zeroed_small": zeroed, "refined": info}
    return _squared_solution(K, Y, Zv, tval, b, intercept, CONIC_TOL, solver + note, extra)
