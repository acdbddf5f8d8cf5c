r"""ℓ1-regularized classifiers in float64: logistic and hinge loss, through cvxpy.

.. math:: \min_{z,t}\ \sum_i \ell(y_i f_i) + \beta\lVert z\rVert_1,
          \quad f = Kz + t\mathbf1,\ y_i\in\{-1,+1\},

with :math:`\ell(u) = \log(1 + e^{-u})` (logistic) or :math:`\ell(u) = \max(0, 1 - u)`
(hinge, a linear program with slacks :math:`\xi \ge 1 - y\circ f`).

* Logistic: the conic solvers of :func:`~exactwedge.lasso.cvxpy_policy.conic_attempts`
  (exponential cone), then the numpy refinement of
  :mod:`~exactwedge.lasso.float_refine`; if every conic solver fails, the numpy
  active set from ``z = 0``.
* Hinge: small coefficients whose dual correlation is below β are set to 0
  (complementary slackness, :func:`_hinge_point`) and the LP is re-solved on the
  remaining columns (:func:`_hinge_resolve`). The subgradient is not unique:
  :math:`u_i = y_ia_i` is taken from the solver's dual variables
  :math:`a\in[0,1]^n`, and the float report adds complementary slackness.

>>> import numpy as np
>>> fl = _classifier(np.eye(2), np.array([1.0, -1.0]), Fraction(1, 2), False, "hinge")
>>> [round(float(v), 6) for v in fl.z], round(fl.value, 6), fl.certificate.holds
([1.0, -1.0], 1.0, True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidInputError, SolverError
from . import cvxpy_policy
from .float_check import CONIC_TOL, FloatSolution, _center_dual, _check, _entropy, _exact_out, _scale_dual, _tol_report
from .float_refine import _FALLBACK_NAME, _from_scratch, _refine, _zero_small

__all__: list[str] = []


def _check_labels(y: np.ndarray, loss: str, intercept: bool) -> None:
    bad = [i for i, v in enumerate(y) if v not in (-1.0, 1.0)]
    if bad:
        i = bad[0]
        raise InvalidInputError(
            f"{loss} loss needs labels in {{-1, +1}}, got {y[i]:g} at row {i} ({len(bad)} bad labels)"
        )
    if loss == "logistic" and intercept and (np.all(y > 0) or np.all(y < 0)):
        raise InvalidInputError(
            "logistic loss with an intercept and a single class has no minimizer (t → ±∞); "
            "give both labels -1 and +1 or use intercept=False"
        )


def _class_loss(f: np.ndarray, y: np.ndarray, loss: str) -> float:
    m = y * f
    if loss == "logistic":
        return float(np.logaddexp(0.0, -m).sum())
    return float(np.maximum(0.0, 1.0 - m).sum())


def _class_problem(cp: Any, K: np.ndarray, y: np.ndarray, beta: float, intercept: bool, loss: str) -> tuple:
    """The cvxpy problem of ``Σ loss(y_i f_i) + β‖z‖₁``; the hinge as an LP with slacks ``ξ ≥ 1 - y∘f``."""
    n, m = K.shape
    zv = cp.Variable(m) if m else None
    tv = cp.Variable() if intercept else None
    f = (K @ zv if m else np.zeros(n)) + (tv if intercept else 0)
    pen = beta * cp.norm1(zv) if m else 0
    cons: list = []
    if loss == "logistic":
        problem = cp.Problem(cp.Minimize(cp.sum(cp.logistic(-cp.multiply(y, f))) + pen))
    else:
        xi = cp.Variable(n)
        cons = [xi >= 0, xi >= 1 - cp.multiply(y, f)]
        problem = cp.Problem(cp.Minimize(cp.sum(xi) + pen), cons)
    return problem, zv, tv, cons


def _hinge_point(K: np.ndarray, y: np.ndarray, beta: float, zv: Any, tv: Any, cons: list, S: np.ndarray,
                 m: int) -> tuple[np.ndarray, float, np.ndarray, int]:
    """Read ``(z, t, a)`` from a solved hinge LP over columns S, and screen it.

    An interior point of a degenerate LP spreads tiny weights over many
    columns. Complementary slackness: ``|K_jᵀu| < β`` for an optimal dual
    ``u = y∘a`` forces ``z_j = 0`` in every optimal primal, so small coefficients
    of such columns are set to 0.
    """
    n = K.shape[0]
    z = np.zeros(m)
    if S.size:
        z[S] = np.asarray(zv.value, dtype=float).reshape(S.size)
    t = float(tv.value) if tv is not None else 0.0
    if cons[1].dual_value is None:
        raise SolverError("the LP solver returned no dual values for the hinge constraints")
    a = np.clip(np.asarray(cons[1].dual_value, dtype=float).reshape(n), 0.0, 1.0)
    g = K.T @ (y * a) if m else np.zeros(0)
    top = max(1.0, float(np.abs(z).max(initial=0.0)))
    noise = (z != 0) & ((np.abs(z) <= 1e-10 * top)
                        | ((np.abs(z) <= 1e-4 * top) & (np.abs(g) < beta * (1 - CONIC_TOL))))
    z[noise] = 0.0
    return z, t, a, int(noise.sum())


def _hinge_resolve(cp: Any, attempts: list, K: np.ndarray, y: np.ndarray, beta: float, intercept: bool,
                   z: np.ndarray, t: float, a: np.ndarray, raw: float) -> tuple[np.ndarray, float, dict]:
    """Re-solve the LP on the screened support (then on every column the dual marks as possibly active).

    Dropping the interior point's many tiny weights moves the fit a little; the
    LP on the few remaining columns puts that back. The dual ``a`` of the full
    LP stays the certificate (a dual of the smaller LP need not be feasible for
    the other columns). Kept if the objective is lower.
    """
    m = K.shape[1]

    def value(zz: np.ndarray, tt: float) -> float:
        return _class_loss(K @ zz + tt, y, "hinge") + beta * float(np.abs(zz).sum())

    g = np.abs(K.T @ (y * a)) if m else np.zeros(0)
    best, best_value = (z, t), value(z, t)
    info = {"rounds": 0, "columns": int(np.count_nonzero(z)), "kept": False}
    candidates = [np.flatnonzero(z), np.union1d(np.flatnonzero(z), np.flatnonzero(g >= beta * (1 - CONIC_TOL)))]
    for it, S in enumerate(candidates, start=1):
        if best_value <= raw + 1e-12 * max(1.0, abs(raw)):
            break
        info["rounds"] = it
        problem, zv, tv, cons = _class_problem(cp, K[:, S], y, beta, intercept, "hinge")
        try:
            cvxpy_policy.solve_with_retries(cp, problem, attempts)
            zc, tc, _, _ = _hinge_point(K[:, S], y, beta, zv, tv, cons, np.arange(S.size), S.size)
        except SolverError:
            break
        zn = np.zeros(m)
        zn[S] = zc
        if value(zn, tc) < best_value:
            best, best_value = (zn, tc), value(zn, tc)
            info["kept"] = True
            info["columns"] = int(np.count_nonzero(zn))
    return best[0], best[1], info


def _classifier(K: np.ndarray, y: np.ndarray, b: Fraction, intercept: bool, loss: str) -> FloatSolution:
    beta = float(b)
    n, m = K.shape
    cp, attempts = cvxpy_policy.conic_attempts("exp" if loss == "logistic" else "lp")
    problem, zv, tv, cons = _class_problem(cp, K, y, beta, intercept, loss)
    try:
        solver, status, msgs = cvxpy_policy.solve_with_retries(cp, problem, attempts)
    except SolverError as exc:
        if loss != "logistic":
            raise
        solver, status, msgs = _FALLBACK_NAME, str(exc), []
    info: Any = None
    a = np.zeros(n)
    zeroed = 0
    if loss == "hinge":
        raw = float(problem.value)
        z, t, a, zeroed = _hinge_point(K, y, beta, zv, tv, cons, np.arange(m), m)
        z, t, info = _hinge_resolve(cp, attempts, K, y, beta, intercept, z, t, a, raw)
    elif solver == _FALLBACK_NAME:
        Zr, tr, info = _from_scratch(K, y[:, None], beta, intercept, "logistic")
        z, t = Zr[:, 0], float(tr[0])
    else:
        z = np.asarray(zv.value, dtype=float).reshape(m) if m else np.zeros(0)
        t = float(tv.value) if intercept else 0.0
        z, zeroed = _zero_small(z)
        Zr, tr, info = _refine(K, y[:, None], z[:, None], np.array([t]), beta, intercept, "logistic")
        z, t = Zr[:, 0], float(tr[0])
    fv = K @ z + t
    primal = _class_loss(fv, y, loss) + beta * float(np.abs(z).sum())
    comp = None
    if loss == "logistic":
        u = y * np.exp(-np.logaddexp(0.0, y * fv))  # −∇loss, a = y·u = σ(−y f) ∈ (0, 1)
        ud = _scale_dual(K, _center_dual(u, y) if intercept else u, beta)
        dual = _entropy(y * ud)
    else:
        u = y * a
        ud = _scale_dual(K, _center_dual(u, y) if intercept else u, beta)
        dual = float(np.clip(y * ud, 0.0, 1.0).sum())
        mgn = y * fv
        comp = float(max(np.max((1 - a) * np.maximum(0.0, 1 - mgn), initial=0.0),
                         np.max(a * np.maximum(0.0, mgn - 1), initial=0.0)))
    rep = _check(K, u[:, None], z[:, None], beta, intercept, CONIC_TOL, primal, dual, f"{loss} loss, ℓ1 penalty", b)
    if comp is not None:
        rep["complementarity_error"] = comp
        rep["complementarity_condition"] = bool(comp <= CONIC_TOL * max(1.0, float(np.abs(fv).max(initial=0.0))))
        rep["subgradient_source"] = "solver dual variables a ∈ [0, 1]"
        _tol_report(rep, CONIC_TOL)
    rep.update(loss=loss, solver=solver, status=status, solver_warnings=msgs, zeroed_small=zeroed, refined=info)
    zq, tq = _exact_out(z, np.array([t]), 1, intercept)
    return FloatSolution(zq, tq, primal, rep, solver)
