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
  then :math:`z_S = (K_S^\top K_S)^{-1}(K_S^\top y - \beta s)` solves it
  (:mod:`~exactwedge.lasso.float_squared`).
* The group Lasso (:mod:`~exactwedge.lasso.float_squared`) and the
  classification losses (:mod:`~exactwedge.lasso.float_classify`) go through
  cvxpy with the Clarabel interior-point solver and tight tolerances (another
  installed conic solver only if Clarabel is missing or fails; the report names
  the one used). Every cvxpy setting is in :mod:`~exactwedge.lasso.cvxpy_policy`.
* An interior point is never exactly sparse and its face may be degenerate, so
  the point is then refined in numpy (squared and logistic loss,
  :mod:`~exactwedge.lasso.float_refine`): coefficients below :data:`ZERO_TOL`
  of the largest are set to 0; the face is made independent by moving along
  null directions, which keeps the fit and does not increase the penalty
  (Tibshirani 2013); Newton's method solves the face, where the program is
  smooth; coefficients that reach 0 leave it and the worst violated column
  joins it, until nothing changes. For the hinge loss (a linear program) small
  coefficients whose dual correlation is below β are set to 0 (complementary
  slackness) and the LP is re-solved on the remaining columns. A refined point
  replaces the solver's point only if it is no worse on the optimality
  conditions and on the objective, or clearly lower.
* If every conic solver fails, squared and logistic loss fall back to the same
  numpy active set started from ``z = 0`` (named in ``solver``).

Nothing here is exact: every answer comes with a **float** check of the
optimality conditions and of a duality gap
(:mod:`~exactwedge.lasso.float_check`): ``certificate`` (also ``report``), a
:class:`~exactwedge.lasso.certificate.FloatReport` with the fields of
:class:`~exactwedge.lasso.certificate.Certificate` where they apply,
``"exact": False`` and a ``kind`` that says it is not a proof. The
coefficients are turned into rationals only by an explicit
:func:`~exactwedge.numbers.from_float` (their exact binary values).

>>> import numpy as np
>>> from fractions import Fraction as Q
>>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> fl = solve_float(K, [[Q(3)], [Q(-1, 2)]], Q(1))
>>> fl.z, fl.value, fl.report["holds"], fl.solver
([Fraction(2, 1), Fraction(0, 1)], 2.625, True, 'float active set (numpy float64)')
>>> fl.certificate.holds, fl.certificate.kind
(True, 'float KKT conditions and duality gap (float64, not a proof)')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import BackendNotInstalledError, DimensionError, InvalidInputError
from ..numbers import as_matrix, clamped_float
from ..problem import check_beta
from .float_check import ACTIVE_SET_TOL, CONIC_TOL, FloatSolution
from .float_classify import _check_labels, _classifier
from .float_refine import ZERO_TOL
from .float_squared import _group_lasso, _lasso_active_set

__all__ = ["FloatSolution", "solve_float", "LOSSES", "ACTIVE_SET_TOL", "CONIC_TOL", "ZERO_TOL"]

#: The losses this module solves.
LOSSES = ("squared", "logistic", "hinge")


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
    out = np.array([[clamped_float(v) for v in r] for r in rows], dtype=np.float64)
    if not np.all(np.isfinite(out)):
        raise InvalidInputError("the float solve needs the labels in float64, but a label is beyond 1.8e308; "
                                "the exact solver (ℓ1, the default) has no such limit")
    return out


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
        ``certificate`` (also ``report``) holds the float check, a
        :class:`~exactwedge.lasso.certificate.FloatReport` (not a proof). For squared and logistic loss,
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
    kK, ky = _exponent(K), (_exponent(Yf) if loss == "squared" else 0)
    if kK or ky:  # far from 1: solve the exactly rescaled program, so that no float step overflows or underflows
        sK, sy = Fraction(2) ** kK, Fraction(2) ** ky
        sol = _solve(np.ldexp(K, -kK), np.ldexp(Yf, -ky), b / (sK * sy), intercept, loss, method)
        return _unscale(sol, sK, sy, b, kK, ky)
    return _solve(K, Yf, b, intercept, loss, method)


#: Data whose largest magnitude lies in [2^-SCALE_FREE, 2^SCALE_FREE] are solved as they are.
SCALE_FREE = 16


def _exponent(A: np.ndarray) -> int:
    """k with max|A| / 2^k in [1/2, 1), when max|A| is outside [2^-SCALE_FREE, 2^SCALE_FREE]; else 0."""
    top = float(np.abs(A).max(initial=0.0))
    if top == 0.0 or 2.0 ** -SCALE_FREE <= top <= 2.0 ** SCALE_FREE:
        return 0
    return int(np.frexp(top)[1])


def _unscale(sol: FloatSolution, sK: Fraction, sy: Fraction, beta: Fraction, kK: int, ky: int) -> FloatSolution:
    r"""Back from the program on :math:`K/s_K`, :math:`y/s_y`, :math:`\beta/(s_Ks_y)` (powers of two, exact):
    :math:`z = z' s_y/s_K`, :math:`t = t' s_y`, values times :math:`s_y^2`, correlations times :math:`s_Ks_y`."""
    from .certificate import FloatReport

    import math

    fz = sy / sK

    def back(v: Any, f: Fraction) -> Any:
        return tuple(c * f for c in v) if isinstance(v, tuple) else v * f

    z = [back(v, fz) for v in sol.z]
    t = None if sol.intercept is None else back(sol.intercept, sy)
    rep = dict(sol.report)
    shifts = {"primal_value": 2 * ky, "dual_value": 2 * ky, "duality_gap": 2 * ky,
              "max_abs_correlation": kK + ky, "residual_sum": ky}
    try:
        value = math.ldexp(sol.value, 2 * ky)
        for key, k in shifts.items():
            if isinstance(rep.get(key), float):
                rep[key] = math.ldexp(rep[key], k)
    except OverflowError:
        raise InvalidInputError(f"the float64 solve's value is about 2^{math.frexp(sol.value)[1] + 2 * ky}, beyond "
                                "float64 range: divide the labels by a power of ten") from None
    rep["beta"] = str(beta)
    rep["scaling"] = (f"solved on K/2^{kK}, y/2^{ky}, β/2^{kK + ky} (exact power-of-two rescaling); the "
                      "relative conditions and the relative gap were checked there")
    return FloatSolution(z, t, value, FloatReport(rep), sol.solver)


def _solve(K: np.ndarray, Yf: np.ndarray, b: Fraction, intercept: bool, loss: str, method: str) -> FloatSolution:
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
