r"""cvxpy with the Clarabel interior-point solver, named explicitly.

The program is written on our scale,

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1,

with β a cvxpy ``Parameter`` (compiled once, solved for every β) and ``t`` a
free variable with an intercept. The solver is always ``cp.CLARABEL`` with
the tight tolerances :data:`~exactwedge.lasso.cvxpy_policy.CLARABEL_BACKEND`
(solved through :func:`~exactwedge.lasso.cvxpy_policy.solve_once`); cvxpy
never picks another one. An interior point is never
exactly sparse: its coefficients are returned as computed, and the comparison
decides which ones count as zero.
"""

from __future__ import annotations

import numpy as np

from ...exceptions import BackendNotInstalledError
from ..cvxpy_policy import CLARABEL_BACKEND, solve_once
from .base import Backend, FloatPoint, captured

__all__ = ["CvxpyClarabel"]


class CvxpyClarabel(Backend):
    """cvxpy + Clarabel (interior point), one parametrized problem for all βs.

    Parameters
    ----------
    settings : dict, optional
        Clarabel settings (default :data:`~exactwedge.lasso.cvxpy_policy.CLARABEL_BACKEND`).

    Examples
    --------
    >>> import numpy as np
    >>> pts = CvxpyClarabel().solve(np.eye(2), np.array([3.0, 0.5]), [1])
    >>> pts[0].z.round(6).tolist(), pts[0].status
    ([2.0, 0.0], 'converged')
    """

    NAME = "cvxpy"
    MODULES = ("cvxpy", "clarabel")
    EXTRA = "float"
    DESCRIPTION = "cvxpy with Clarabel (interior point), our scale"

    def __init__(self, settings: dict | None = None):
        super().__init__(settings=dict(CLARABEL_BACKEND if settings is None else settings))

    def _solve(self, K: np.ndarray, y: np.ndarray, betas: list[float], intercept: bool) -> list[FloatPoint]:
        cp = self.import_module("cvxpy")
        if "CLARABEL" not in cp.installed_solvers():
            raise BackendNotInstalledError(f"cvxpy is installed but its Clarabel solver is not: {self.install_hint()}")
        n, m = K.shape
        if m == 0:
            return [FloatPoint(b, np.zeros(0), float(y.mean()) if intercept else None, "converged", True, 0) for b in betas]
        z = cp.Variable(m)
        t = cp.Variable() if intercept else None
        beta = cp.Parameter(nonneg=True)
        fit = K @ z + (t if t is not None else 0) - y
        problem = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(fit) + beta * cp.norm1(z)))
        points = []
        for b in betas:
            beta.value = b

            def run():
                return solve_once(problem, cp.CLARABEL, self.options["settings"])

            _val, msgs, err, secs = captured(run)
            status = problem.status
            if err is not None or z.value is None:
                if err is None:
                    msgs.append(f"cvxpy status {status}: no solution")
                points.append(FloatPoint(b, None, None, "error", False, None, msgs, secs))
                continue
            stats = problem.solver_stats
            it = None if stats is None or stats.num_iters is None else int(stats.num_iters)
            conv = status == cp.OPTIMAL
            if not conv:
                msgs.append(f"cvxpy status {status}")
            zv = np.array(z.value, dtype=np.float64).reshape(-1)
            tv = float(t.value) if t is not None else None
            points.append(FloatPoint(b, zv, tv, "converged" if conv else "not_converged", conv, it, msgs, secs))
        return points
