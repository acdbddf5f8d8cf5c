r"""Float back-ends for the convex programs that have no exact rational optimum.

Three programs, all over a dictionary :math:`K \in \mathbb R^{n\times m}`
(THEORY §3) with an optional free intercept (``t``, never regularized):

.. math::
   \text{squared, } c = 1:&\quad \min_{z,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert_2^2 + \beta\lVert z\rVert_1,\\
   \text{squared, } c > 1 \text{ (group Lasso, Thm 23)}:&\quad
       \min_{Z,t}\ \tfrac12\lVert KZ + \mathbf1t^\top - Y\rVert_F^2 + \beta\sum_j \lVert Z_{j,:}\rVert_2,\\
   \text{logistic / hinge}:&\quad \min_{z,t}\ \sum_i \ell(y_i f_i) + \beta\lVert z\rVert_1,
       \quad f = Kz + t\mathbf1,\ y_i\in\{-1,+1\},

with :math:`\ell(u) = \log(1 + e^{-u})` (logistic) or :math:`\ell(u) = \max(0, 1 - u)`
(hinge). The optimal value is reported in exactly this scaling.

* Squared loss with one output (the ℓ2 dictionary, whose columns are surds) is
  solved in float64 with numpy only: the active-set run of
  :func:`~exactwedge.lasso.float_guess.float_face_guess` finds the signed face,
  then :math:`z_S = (K_S^\top K_S)^{-1}(K_S^\top y - \beta s)` solves it.
* The group Lasso and the classification losses go through cvxpy with the
  Clarabel interior-point solver and tight tolerances (another installed conic
  solver only if Clarabel is missing or fails; the report names the one used).
* An interior point is never exactly sparse and its face may be degenerate, so
  the point is then refined in numpy (squared and logistic loss): coefficients
  below :data:`ZERO_TOL` of the largest are set to 0; the face is made
  independent by moving along null directions, which keeps the fit and does
  not increase the penalty (Tibshirani 2013); Newton's method solves
  the face, where the program is smooth; coefficients that reach 0 leave it and
  the worst violated column joins it, until nothing changes. For the hinge loss
  (a linear program) small coefficients whose dual correlation is below β are
  set to 0 (complementary slackness) and the LP is re-solved on the remaining
  columns. A refined point replaces the solver's point only if it is no worse
  on the optimality conditions and on the objective, or clearly lower.
* If every conic solver fails, squared and logistic loss fall back to the same
  numpy active set started from ``z = 0`` (named in ``solver``).

Nothing here is exact: every answer comes with a **float** check of the
optimality conditions and of a duality gap (:func:`solve_float`, ``report``,
with the fields of :class:`~exactwedge.lasso.certificate.Certificate` where
they apply, and ``"exact": False``), and the coefficients are turned into
rationals only by an explicit :func:`~exactwedge.numbers.from_float` (their
exact binary values).

The dual used for the gap, with :math:`u = -\nabla_f\,\text{loss}` (for squared
loss :math:`u = r = y - f`), is

.. math:: \max_u\ -\ell^*(-u)\quad\text{s.t.}\quad \lVert K_j^\top u\rVert \le \beta\ \forall j,
          \qquad \mathbf 1^\top u = 0\ (\text{with } t),

that is :math:`\langle u, y\rangle - \tfrac12\lVert u\rVert^2` (squared),
:math:`\sum_i H(a_i)` with :math:`a_i = y_iu_i\in[0,1]` and :math:`H` the binary
entropy in nats (logistic), and :math:`\sum_i a_i` (hinge). A feasible dual point
is made from the solution's :math:`u` by centring and scaling, so the gap
bounds the suboptimality of the returned point (up to float64 rounding).

>>> import numpy as np
>>> from fractions import Fraction as Q
>>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> fl = solve_float(K, [[Q(3)], [Q(-1, 2)]], Q(1))
>>> fl.z, fl.value, fl.report["holds"], fl.solver
([Fraction(2, 1), Fraction(0, 1)], 2.625, True, 'float active set (numpy float64)')
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from ..exceptions import BackendNotInstalledError, DimensionError, InvalidInputError, SolverError
from ..numbers import as_matrix, from_float
from .float_guess import float_face_guess
from ..problem import check_beta

__all__ = ["FloatSolution", "solve_float", "LOSSES", "ACTIVE_SET_TOL", "CONIC_TOL", "ZERO_TOL"]

#: The losses this module solves.
LOSSES = ("squared", "logistic", "hinge")
#: Relative tolerance of the float check after the numpy active set (a direct solve).
ACTIVE_SET_TOL = 1e-8
#: Relative tolerance of the float check after an interior-point solve (then Newton-polished).
CONIC_TOL = 1e-6
#: Coefficients (or groups) below this fraction of the largest one are solver noise, set to 0.
ZERO_TOL = 1e-7

_ACTIVE_SET_NAME = "float active set (numpy float64)"
_FALLBACK_NAME = "float active set with Newton faces (numpy float64, after cvxpy failed)"
_INSTALL = "pip install 'exactwedge[float]'"


@dataclass
class FloatSolution:
    """A float optimum of one of the convex programs, with its float optimality report.

    Attributes
    ----------
    z : list
        One entry per dictionary column: a Fraction (one output) or a tuple of
        Fractions (``c > 1`` outputs), the exact binary value of the float
        solution (:func:`~exactwedge.numbers.from_float`).
    intercept : Fraction, tuple of Fraction, or None
        ``t`` (None without an intercept).
    value : float
        The optimal value in the scaling of the module docstring.
    report : dict
        The float optimality check (JSON-ready); ``report["holds"]`` says
        whether it passed at ``report["tolerance"]``. Never exact.
    solver : str
        Which solver produced the point, e.g. ``"cvxpy/CLARABEL"``.

    Examples
    --------
    >>> FloatSolution([Fraction(0), Fraction(1, 2)], None, 0.5, {"holds": True}, "demo").support
    [1]
    """

    z: list
    intercept: Any
    value: float
    report: dict = field(repr=False)
    solver: str

    @property
    def support(self) -> list[int]:
        """Columns with a nonzero coefficient (a nonzero group for vector output)."""
        return [j for j, v in enumerate(self.z) if (any(c != 0 for c in v) if isinstance(v, tuple) else v != 0)]


# ---------------------------------------------------------------- inputs
def _float_matrix(D: Any) -> np.ndarray:
    from ..dictionary.columns import Dictionary

    if isinstance(D, Dictionary):
        K = D.to_float()
    elif isinstance(D, np.ndarray):
        K = np.asarray(D, dtype=np.float64)
    else:
        rows = as_matrix(D, what="K")
        K = np.array([[float(v) for v in r] for r in rows], dtype=np.float64).reshape(len(rows), -1)
    if K.ndim != 2:
        raise DimensionError(f"K must be a 2-D matrix, got {K.ndim} dimensions")
    if not np.all(np.isfinite(K)):
        raise InvalidInputError("K has NaN or infinite entries")
    return K


def _label_matrix(Y: Any, n: int) -> np.ndarray:
    if isinstance(Y, np.ndarray) and Y.ndim == 1 or (
        isinstance(Y, (list, tuple)) and Y and not isinstance(Y[0], (list, tuple, np.ndarray))
    ):
        Y = [[v] for v in Y]
    rows = as_matrix(Y, what="Y")
    if len(rows) != n:
        raise DimensionError(f"Y must have {n} rows (one per sample), got {len(rows)}")
    if not rows or not rows[0]:
        raise DimensionError("Y must have at least one column")
    if any(not isinstance(v, Fraction) for r in rows for v in r):
        raise InvalidInputError("Y must be rational (symbolic entries found)")
    return np.array([[float(v) for v in r] for r in rows], dtype=np.float64)


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


# ---------------------------------------------------------------- solve_float
def solve_float(D: Any, Y: Any, beta: Any, *, intercept: bool = False, loss: str = "squared",
                method: str = "auto") -> FloatSolution:
    r"""Solve the Lasso, group Lasso, or an ℓ1-regularized classifier in float64.

    .. math:: \min_{z,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1
              \quad\text{or}\quad \min_{Z,t}\ \tfrac12\lVert KZ + \mathbf1t^\top - Y\rVert_F^2 + \beta\sum_j\lVert Z_{j,:}\rVert_2
              \quad\text{or}\quad \min_{z,t}\ \sum_i\ell(y_if_i) + \beta\lVert z\rVert_1.

    Parameters
    ----------
    D : Dictionary, numpy.ndarray, or rational matrix (rows)
        The dictionary; a Dictionary is exported with ``D.to_float()``, a numpy
        array is taken as an already exported float64 matrix.
    Y : (n, c) rational labels (list of rows), or a flat sequence (c = 1)
        For ``loss="logistic"`` and ``"hinge"``: c = 1 and labels −1 or +1.
    beta : exact positive number
    intercept : bool
        Fit a free, unregularized intercept ``t``.
    loss : {"squared", "logistic", "hinge"}
        Logistic loss is :math:`\sum_i \log(1 + e^{-y_if_i})`, hinge loss
        :math:`\sum_i\max(0, 1 - y_if_i)`.
    method : {"auto", "active_set", "cvxpy"}
        ``"auto"``: the numpy active set for squared loss with c = 1, cvxpy
        otherwise. ``"cvxpy"`` with squared loss solves the group-Lasso form
        (for c = 1 it is the Lasso). ``"active_set"`` only for squared loss, c = 1.

    Returns
    -------
    FloatSolution
        ``report`` holds the float check. For squared and logistic loss,
        :math:`u = -\nabla_f\text{loss}` is unique and the conditions are
        :math:`K_j^\top u = \beta\operatorname{sign}(z_j)` on the support
        (:math:`K_j^\top U = \beta Z_j/\lVert Z_j\rVert` for groups),
        :math:`\lVert K_j^\top u\rVert\le\beta` off it, :math:`\mathbf1^\top u = 0`
        with an intercept, plus a duality gap. For the hinge loss the
        subgradient is not unique: :math:`u_i = y_ia_i` is taken from the
        solver's dual variables :math:`a\in[0,1]^n`, and the report adds
        complementary slackness (:math:`a_i = 1` where :math:`y_if_i < 1`,
        :math:`a_i = 0` where :math:`y_if_i > 1`); the duality gap is the check
        that does not depend on the solver's word.

    Raises
    ------
    InvalidInputError
        Unknown loss or method, labels outside {−1, +1} or c > 1 for a
        classification loss, a logistic problem without a minimizer.
    DimensionError
        Y with the wrong number of rows.
    BackendNotInstalledError
        cvxpy (or every conic solver) is missing for a problem that needs it.
    SolverError
        The solver reports failure.

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction as Q
    >>> K = np.eye(2)
    >>> fl = solve_float(K, [[Q(3), Q(4)], [Q(0), Q(1, 2)]], Q(1))  # group Lasso: Z₁ = (3, 4)·(1 - 1/5)
    >>> [[round(float(v), 6) for v in row] for row in fl.z], round(fl.value, 6), fl.report["holds"]
    ([[2.4, 3.2], [0.0, 0.0]], 4.625, True)
    >>> fl.solver
    'cvxpy/CLARABEL'
    >>> fl = solve_float(K, [Q(1), Q(-1)], Q(1, 2), loss="hinge")
    >>> [round(float(v), 6) for v in fl.z], round(fl.value, 6), fl.report["holds"]
    ([1.0, -1.0], 1.0, True)
    """
    if loss not in LOSSES:
        raise InvalidInputError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
    if method not in ("auto", "active_set", "cvxpy"):
        raise InvalidInputError(f"method must be 'auto', 'active_set' or 'cvxpy', got {method!r}")
    b = check_beta(beta)
    K = _float_matrix(D)
    Yf = _label_matrix(Y, K.shape[0])
    c = Yf.shape[1]
    if loss != "squared":
        if c != 1:
            raise InvalidInputError(f"{loss} loss takes one output column, got {c}")
        if method == "active_set":
            raise InvalidInputError(f"the active set solves squared loss only, not {loss}")
        _check_labels(Yf[:, 0], loss, intercept)
        return _classifier(K, Yf[:, 0], b, intercept, loss)
    if method == "active_set" and c != 1:
        raise InvalidInputError(f"the active set solves one output column, got {c}")
    if c == 1 and method != "cvxpy":
        sol = _lasso_active_set(K, Yf[:, 0], b, intercept)
        if sol.report["holds"] or method == "active_set":
            return sol
        try:  # a dependent or wrong face: finish with the conic solver if one is installed
            alt = _group_lasso(K, Yf, b, intercept, note=" (after the float active set failed its check)")
        except BackendNotInstalledError:
            return sol
        return alt if alt.report["holds"] or alt.value < sol.value else sol
    return _group_lasso(K, Yf, b, intercept)


# ---------------------------------------------------------------- shared pieces
def _tol_report(rep: dict, tol: float) -> dict:
    rep["holds"] = bool(rep["bound_condition"] and rep["support_condition"]
                        and rep["intercept_condition"] is not False and rep["gap_condition"]
                        and rep.get("complementarity_condition", True))
    rep["tolerance"] = tol
    return rep


def _check(K: np.ndarray, U: np.ndarray, Z: np.ndarray, beta: float, intercept: bool, tol: float,
           primal: float, dual: float, what: str, exact_beta: Fraction) -> dict:
    """The optimality conditions with generalized residual ``U = -∇loss`` (n × c) and coefficients Z (m × c).

    ``‖K_jᵀU‖ ≤ β`` for all j, ``K_jᵀU = β Z_j/‖Z_j‖`` on the support (for c = 1:
    ``β sign(z_j)``), ``1ᵀU = 0`` with an intercept, and the duality gap.
    """
    G = K.T @ U if K.shape[1] else np.zeros((0, U.shape[1]))
    gn = np.linalg.norm(G, axis=1)
    zn = np.linalg.norm(Z, axis=1)
    support = np.flatnonzero(zn)
    top = float(gn.max(initial=0.0))
    bound_bad = np.flatnonzero(gn > beta * (1 + tol))
    serr = (np.linalg.norm(G[support] - beta * Z[support] / zn[support, None], axis=1) / beta
            if support.size else np.zeros(0))
    sup_bad = support[serr > tol]
    rsum: Any = None
    iok = None
    if intercept:
        rs = U.sum(axis=0)
        rsum = float(rs[0]) if U.shape[1] == 1 else float(np.linalg.norm(rs))
        iok = bool(abs(rsum) <= tol * max(1.0, float(np.abs(U).sum())))
    gap = primal - dual
    rep = {
        "holds": False,
        "exact": False,
        "check": f"float64 optimality conditions ({what})",
        "outputs": int(U.shape[1]),
        "beta": str(exact_beta),
        "max_abs_correlation": top,
        "bound_ratio": top / beta,
        "bound_violation": max(0.0, top / beta - 1.0),
        "bound_condition": bool(bound_bad.size == 0),
        "support_size": int(support.size),
        "support_error": float(serr.max(initial=0.0)),
        "support_condition": bool(sup_bad.size == 0),
        "intercept_condition": iok,
        "residual_sum": rsum,
        "violations": sorted({int(j) for j in sup_bad[:10]} | {int(j) for j in bound_bad[:10]})[:10],
        "primal_value": primal,
        "dual_value": dual,
        "duality_gap": gap,
        "relative_gap": gap / max(1.0, abs(primal)),
        "gap_condition": bool(gap <= tol * max(1.0, abs(primal))),
    }
    return _tol_report(rep, tol)


def _center_dual(u: np.ndarray, y: np.ndarray | None) -> np.ndarray:
    """Make ``1ᵀu = 0``: subtract the mean (squared loss) or shrink the heavier class (a = y·u ∈ [0,1])."""
    if y is None:
        return u - u.mean(axis=0)
    a = np.clip(y * u, 0.0, 1.0)
    P, N = a[y > 0].sum(), a[y < 0].sum()
    if P > N:
        a[y > 0] *= N / P
    elif N > P:
        a[y < 0] *= P / N
    return y * a


def _scale_dual(K: np.ndarray, U: np.ndarray, beta: float) -> np.ndarray:
    G = K.T @ U if K.shape[1] else np.zeros((0,) + U.shape[1:])
    norms = np.abs(G) if G.ndim == 1 else np.linalg.norm(G, axis=1)
    top = float(norms.max(initial=0.0))
    return U * (beta / top) if top > beta else U


def _squared_dual(K: np.ndarray, R: np.ndarray, Y: np.ndarray, beta: float, intercept: bool) -> float:
    U = _center_dual(R, None) if intercept else R
    U = _scale_dual(K, U, beta)
    return float(np.sum(U * Y) - 0.5 * np.sum(U * U))


def _entropy(a: np.ndarray) -> float:
    a = np.clip(a, 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.where(a > 0, a * np.log(a), 0.0) - np.where(a < 1, (1 - a) * np.log1p(-a), 0.0)
    return float(h.sum())


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


_TIGHT = {
    "CLARABEL": {"tol_gap_abs": 1e-10, "tol_gap_rel": 1e-10, "tol_feas": 1e-10, "tol_ktratio": 1e-8, "max_iter": 500},
    "ECOS": {"abstol": 1e-10, "reltol": 1e-10, "feastol": 1e-10, "max_iters": 500},
    "SCS": {"eps_abs": 1e-9, "eps_rel": 1e-9, "max_iters": 20000},
    "HIGHS": {},
}


def _conic_solvers(kind: str) -> tuple[Any, list[tuple[str, dict, str]]]:
    """cvxpy and the attempts to make, in order: ``(solver, options, note)``.

    Clarabel with tight tolerances first; then, as its exponential cone
    sometimes stalls ("insufficient progress"), Clarabel with shorter steps,
    with more static regularization, without equilibration, and with its
    defaults; then the other installed conic solvers (ECOS, SCS; HiGHS for the
    hinge LP).
    """
    try:
        import cvxpy as cp
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(f"the float solver needs cvxpy with a conic solver: {_INSTALL}") from exc
    installed = set(cp.installed_solvers())
    attempts: list[tuple[str, dict, str]] = []
    if "CLARABEL" in installed:
        tight = _TIGHT["CLARABEL"]
        attempts += [("CLARABEL", tight, ""),
                     ("CLARABEL", {**tight, "max_step_fraction": 0.8}, " (max_step_fraction 0.8, after a failed solve)"),
                     ("CLARABEL", {**tight, "static_regularization_constant": 1e-6},
                      " (static regularization 1e-6, after failed solves)"),
                     ("CLARABEL", {**tight, "equilibrate_enable": False}, " (without equilibration, after failed solves)"),
                     ("CLARABEL", {}, " (default tolerances, after failed solves)")]
    for name in ["ECOS", "SCS"] + (["HIGHS"] if kind == "lp" else []):
        if name in installed:
            note = "" if not attempts else " (after CLARABEL failed)"
            attempts.append((name, _TIGHT[name], note))
    if not attempts:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(
            f"no conic solver for this problem among {', '.join(sorted(installed)) or 'none'}; {_INSTALL}"
        )
    return cp, attempts


def _run(cp: Any, problem: Any, attempts: list[tuple[str, dict, str]]) -> tuple[str, str, list[str]]:
    """Solve with the first attempt that reports "optimal"; returns (solver label, status, warnings).

    If none does, the first "optimal_inaccurate" point is restored (the
    float check says whether it is good enough); if there is none either,
    :class:`SolverError`.
    """
    messages: list[str] = []
    tried: list[str] = []
    fallback = None
    for name, opts, note in attempts:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                problem.solve(solver=name, **opts)
                status = str(problem.status)
            except cp.error.SolverError as exc:
                status = f"failed ({exc})"
        messages += [f"{name}: {w.message}" for w in caught]
        tried.append(f"{name}{note}: {status}")
        if status == "optimal":
            return f"cvxpy/{name}{note}", status, messages
        if status == "optimal_inaccurate" and fallback is None:
            fallback = (f"cvxpy/{name}{note}",
                        [None if v.value is None else np.array(v.value) for v in problem.variables()],
                        [None if c.dual_value is None else np.array(c.dual_value) for c in problem.constraints])
    if fallback is not None:
        label, values, duals = fallback
        for v, val in zip(problem.variables(), values):
            v.value = val
        for c, val in zip(problem.constraints, duals):
            c.save_dual_value(val)
        return label, "optimal_inaccurate", messages
    raise SolverError("cvxpy could not solve the problem: " + "; ".join(tried))


def _zero_small(Z: np.ndarray, tol: float = ZERO_TOL) -> tuple[np.ndarray, int]:
    """Set coefficients (groups) below ``tol`` times the largest to 0; also count them."""
    norms = np.abs(Z) if Z.ndim == 1 else np.linalg.norm(Z, axis=1)
    top = float(norms.max(initial=0.0))
    small = norms <= tol * max(1.0, top)
    Z = Z.copy()
    Z[small] = 0.0
    return Z, int((small & (norms > 0)).sum())


def _exact_out(z: np.ndarray, t: Any, c: int, intercept: bool) -> tuple[list, Any]:
    if c == 1:
        zq = [from_float(float(v)) for v in np.ravel(z)]
        tq = from_float(float(np.ravel(t)[0])) if intercept else None
    else:
        zq = [tuple(from_float(float(v)) for v in row) for row in z]
        tq = tuple(from_float(float(v)) for v in t) if intercept else None
    return zq, tq


# ---------------------------------------------------------------- face refinement (numpy)
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

    The refined point replaces the given one if it is no worse on the
    optimality conditions and on the objective, or clearly lower.
    """
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
            Zr[j] = 1e-8 * top * g / np.linalg.norm(g)
            info["added"] += 1
        if not hit and not add:
            break
    f1 = _objective(K, Y, Zr, tr, beta, loss)
    better_kkt = _kkt_score(K, Y, Zr, tr, beta, intercept, loss) <= _kkt_score(K, Y, Z, t, beta, intercept, loss)
    if better_kkt and f1 <= f0 + 1e-10 * max(1.0, abs(f0)) or f1 < f0 - 1e-9 * max(1.0, abs(f0)):
        info["kept"] = True
        return Zr, tr, info
    info["kept"] = False
    return Z, t, info


# ---------------------------------------------------------------- squared loss, one output
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


# ---------------------------------------------------------------- squared loss, group Lasso
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


def _group_lasso(K: np.ndarray, Y: np.ndarray, b: Fraction, intercept: bool, note: str = "") -> FloatSolution:
    beta = float(b)
    n, m = K.shape
    c = Y.shape[1]
    cp, attempts = _conic_solvers("socp")
    solver, status, msgs = f"cvxpy/{attempts[0][0]}", "no columns", []
    Zv = np.zeros((m, c))
    if m:
        Z = cp.Variable((m, c))
        tv = cp.Variable((1, c))
        fit = K @ Z + (np.ones((n, 1)) @ tv if intercept else 0)
        problem = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(fit - Y) + beta * cp.sum(cp.norm(Z, 2, axis=1))))
        try:
            solver, status, msgs = _run(cp, problem, attempts)
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


# ---------------------------------------------------------------- logistic and hinge
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
            _run(cp, problem, attempts)
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
    cp, attempts = _conic_solvers("exp" if loss == "logistic" else "lp")
    problem, zv, tv, cons = _class_problem(cp, K, y, beta, intercept, loss)
    try:
        solver, status, msgs = _run(cp, problem, attempts)
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
