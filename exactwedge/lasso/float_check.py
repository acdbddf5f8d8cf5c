r"""The float optimality check of a float solve, and the float solution it comes with.

For a point :math:`(Z, t)` of one of the programs of
:mod:`~exactwedge.lasso.float_solve`, with :math:`U = -\nabla_f\,\text{loss}`
(for squared loss :math:`U = R = Y - f`), :func:`_check` tests in float64, with a
relative tolerance,

.. math:: \lVert K_j^\top U\rVert \le \beta\ \forall j,\qquad
          K_j^\top U = \beta Z_j/\lVert Z_j\rVert\ (Z_j \ne 0),\qquad
          \mathbf 1^\top U = 0\ (\text{with } t),

and the duality gap. The dual used for the gap is

.. math:: \max_u\ -\ell^*(-u)\quad\text{s.t.}\quad \lVert K_j^\top u\rVert \le \beta\ \forall j,
          \qquad \mathbf 1^\top u = 0\ (\text{with } t),

that is :math:`\langle u, y\rangle - \tfrac12\lVert u\rVert^2` (squared,
:func:`_squared_dual`), :math:`\sum_i H(a_i)` with :math:`a_i = y_iu_i\in[0,1]`
and :math:`H` the binary entropy in nats (logistic, :func:`_entropy`), and
:math:`\sum_i a_i` (hinge). A feasible dual point is made from the solution's
:math:`u` by centring and scaling (:func:`_center_dual`, :func:`_scale_dual`),
so the gap bounds the suboptimality of the returned point (up to float64
rounding). The result is a :class:`~exactwedge.lasso.certificate.FloatReport`
(kind :data:`~exactwedge.lasso.certificate.FLOAT_KKT`): a check, not a proof.

>>> import numpy as np
>>> K, R = np.eye(2), np.array([[1.0], [-0.5]])  # y = (3, -1/2), z = (2, 0), β = 1
>>> rep = _check(K, R, np.array([[2.0], [0.0]]), 1.0, False, 1e-8, 2.625, 2.625, "demo", Fraction(1))
>>> rep.holds, rep.kind, rep["support_size"]
(True, 'float KKT conditions and duality gap (float64, not a proof)', 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..numbers import from_float
from ..numbers.display import abbreviate
from .certificate import FLOAT_KKT, FloatReport
from .display import solution_html, solution_text

__all__ = ["FloatSolution", "ACTIVE_SET_TOL", "CONIC_TOL"]

#: Relative tolerance of the float check after the numpy active set (a direct solve).
ACTIVE_SET_TOL = 1e-8
#: Relative tolerance of the float check after an interior-point solve (then Newton-polished).
CONIC_TOL = 1e-6


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
    report : FloatReport
        The float optimality check (JSON-ready); ``report["holds"]`` says
        whether it passed at ``report["tolerance"]``. Never exact.
    solver : str
        Which solver produced the point, e.g. ``"cvxpy/CLARABEL"``.
    certificate : FloatReport
        ``report``, under the name every result of exactwedge uses.

    Examples
    --------
    >>> FloatSolution([Fraction(0), Fraction(1, 2)], None, 0.5, {"holds": True}, "demo").support
    [1]
    """

    z: list
    intercept: Any
    value: float
    report: FloatReport = field(repr=False)
    solver: str

    @property
    def support(self) -> list[int]:
        """Columns with a nonzero coefficient (a nonzero group for vector output)."""
        return [j for j, v in enumerate(self.z) if (any(c != 0 for c in v) if isinstance(v, tuple) else v != 0)]

    @property
    def certificate(self) -> FloatReport:
        """The float optimality report (:attr:`report`): ``holds``, ``kind``, ``to_json()``; not a proof."""
        return self.report  # type: ignore[return-value]

    def __repr__(self) -> str:
        """Short: the value, the support's size and the check (``fl.z`` holds the coefficients).

        >>> FloatSolution([Fraction(0), Fraction(1, 2)], None, 0.5, {"holds": True}, "demo")
        FloatSolution(value=0.5 (float64), support=1 of 2 columns, float check holds, solver='demo')
        """
        return (f"FloatSolution(value={abbreviate(self.value)} (float64), support={len(self.support)} of {len(self.z)} "
                f"columns, float check {'holds' if self.report.get('holds') else 'FAILS'}, solver={self.solver!r})")

    def summary(self) -> str:
        """The facts of the notebook display, as text (:func:`~exactwedge.lasso.display.solution_text`).

        >>> from exactwedge.lasso import solve_float
        >>> print(solve_float([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2").summary().splitlines()[1])
        value (float64): 1.9375
        """
        return solution_text(self)

    def _repr_html_(self) -> str:
        """Jupyter's display: :meth:`summary` as a card.

        >>> from exactwedge.lasso import solve_float
        >>> "not a proof" in solve_float([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")._repr_html_()
        True
        """
        return solution_html(self)


def _tol_report(rep: FloatReport, tol: float) -> FloatReport:
    rep["holds"] = bool(rep["bound_condition"] and rep["support_condition"]
                        and rep["intercept_condition"] is not False and rep["gap_condition"]
                        and rep.get("complementarity_condition", True))
    rep["tolerance"] = tol
    return rep


def _check(K: np.ndarray, U: np.ndarray, Z: np.ndarray, beta: float, intercept: bool, tol: float,
           primal: float, dual: float, what: str, exact_beta: Fraction) -> FloatReport:
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
    rep = FloatReport({
        "holds": False,
        "exact": False,
        "kind": FLOAT_KKT,
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
    })
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


def _exact_out(z: np.ndarray, t: Any, c: int, intercept: bool) -> tuple[list, Any]:
    if c == 1:
        zq = [from_float(float(v)) for v in np.ravel(z)]
        tq = from_float(float(np.ravel(t)[0])) if intercept else None
    else:
        zq = [tuple(from_float(float(v)) for v in row) for row in z]
        tq = tuple(from_float(float(v)) for v in t) if intercept else None
    return zq, tq
