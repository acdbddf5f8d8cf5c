r"""celer (working sets with dual extrapolation), an optional extra.

celer minimizes :math:`\tfrac1{2n}\lVert y - Kz - t\rVert^2 + \alpha\lVert z\rVert_1`
like scikit-learn, so :math:`\alpha = \beta/n` and its duality gap is
multiplied by ``n``. ``fit_intercept=True`` handles the intercept. The βs are
solved largest first with warm starts.

Install with ``pip install 'exactwedge[celer]'``.
"""

from __future__ import annotations

import numpy as np

from .base import Backend, FloatPoint, captured

__all__ = ["Celer"]


class Celer(Backend):
    """celer's ``Lasso``, warm-started along the βs.

    Parameters
    ----------
    tol : float
        celer's duality-gap tolerance (relative to ``‖y‖²/n``).
    max_iter : int
        Outer (working-set) iterations per β.

    Examples
    --------
    >>> Celer().name(), Celer().install_hint()
    ('celer', "pip install 'exactwedge[celer]'")
    """

    NAME = "celer"
    MODULES = ("celer",)
    EXTRA = "celer"
    DESCRIPTION = "celer Lasso (working sets, dual extrapolation), alpha = β/n"

    def __init__(self, tol: float = 1e-8, max_iter: int = 1000):
        super().__init__(tol=tol, max_iter=max_iter)

    def _solve(self, K: np.ndarray, y: np.ndarray, betas: list[float], intercept: bool) -> list[FloatPoint]:
        celer = self.import_module("celer")
        n, m = K.shape
        tol, max_iter = self.options["tol"], self.options["max_iter"]
        points: list[FloatPoint | None] = [None] * len(betas)
        if m == 0:
            return [FloatPoint(b, np.zeros(0), float(y.mean()) if intercept else None, "converged", True, 0) for b in betas]
        model = celer.Lasso(alpha=betas[0] / n, fit_intercept=intercept, tol=tol, max_iter=max_iter, warm_start=True)
        scale = float(y @ y) / n
        for i in np.argsort(-np.array(betas), kind="stable").tolist():
            b = betas[i]
            model.alpha = b / n
            out, msgs, err, secs = captured(lambda: model.fit(np.asfortranarray(K), y))
            if err is not None:
                points[i] = FloatPoint(b, None, None, "error", False, None, msgs, secs)
                model = celer.Lasso(alpha=b / n, fit_intercept=intercept, tol=tol, max_iter=max_iter, warm_start=True)
                continue
            z = np.array(model.coef_, dtype=np.float64).reshape(-1)
            t = float(model.intercept_) if intercept else None
            it = int(model.n_iter_)
            gap_theirs = float(model.dual_gap_)
            conv = it < max_iter and gap_theirs <= max(tol * scale, 1e-300) * 10 and bool(np.all(np.isfinite(z)))
            if not conv:
                msgs.append(f"celer stopped after {it} iterations with duality gap {gap_theirs * n:.3g} (our scale)")
            points[i] = FloatPoint(b, z, t, "converged" if conv else "not_converged", conv, it, msgs, secs,
                                   gap_theirs * n)
        return points  # type: ignore[return-value]
