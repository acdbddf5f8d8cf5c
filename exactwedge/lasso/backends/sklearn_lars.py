r"""scikit-learn's LARS-Lasso (``sklearn.linear_model.LassoLars``), one fit per β.

scikit-learn minimizes :math:`\tfrac1{2n}\lVert y - Kz - t\rVert^2 + \alpha\lVert z\rVert_1`
with :math:`\alpha = \beta/n`; ``fit_intercept=True`` centres ``K`` and ``y``.

LARS is a homotopy in float64. On rank-deficient dictionaries (ours: the ±
column pairs and the 1-D ramps satisfy exact linear identities) it can drop
"degenerate regressors" and **stop early**, before its path reaches the
requested α ("Early stopping the lars path, as the residues are small…"). This
adapter detects it from the path itself: when the smallest α the fit reached
(``alphas_``) is above the requested one, or the step limit was hit, the point
is ``converged=False``, whatever warning was or was not raised. It can also
return a wrong point silently; only the comparison with the exact optimum
(:mod:`exactwedge.compare`) catches that.
"""

from __future__ import annotations

import numpy as np

from .base import Backend, FloatPoint, captured

__all__ = ["SklearnLars"]


class SklearnLars(Backend):
    """LARS-Lasso (``LassoLars``), refit for every β.

    Parameters
    ----------
    max_iter : int
        LARS steps.

    Examples
    --------
    >>> import numpy as np
    >>> pts = SklearnLars().solve(np.eye(2), np.array([3.0, 0.5]), [1])
    >>> pts[0].z.round(9).tolist(), pts[0].converged
    ([2.0, 0.0], True)
    """

    NAME = "lars"
    MODULES = ("sklearn",)
    DISTRIBUTION = "scikit-learn"
    EXTRA = "float"
    DESCRIPTION = "scikit-learn LassoLars (LARS homotopy), alpha = β/n"

    def __init__(self, max_iter: int = 10_000):
        super().__init__(max_iter=max_iter)

    def _solve(self, K: np.ndarray, y: np.ndarray, betas: list[float], intercept: bool) -> list[FloatPoint]:
        lm = self.import_module("sklearn.linear_model")
        n, m = K.shape
        max_iter = self.options["max_iter"]
        points = []
        for b in betas:
            alpha = b / n
            if m == 0:
                points.append(FloatPoint(b, np.zeros(0), float(y.mean()) if intercept else None, "converged", True, 0))
                continue
            model = lm.LassoLars(alpha=alpha, fit_intercept=intercept, max_iter=max_iter, fit_path=True)
            out, msgs, err, secs = captured(lambda: model.fit(K, y))
            if err is not None:
                points.append(FloatPoint(b, None, None, "error", False, None, msgs, secs))
                continue
            z = np.array(model.coef_, dtype=np.float64).reshape(-1)
            t = float(model.intercept_) if intercept else None
            it = int(np.max(model.n_iter_))
            reached = float(np.min(model.alphas_))
            conv = True
            if reached > alpha * (1 + 1e-9) + 1e-300:
                conv = False
                msgs.append(f"LARS stopped at beta = {reached * n:.6g} before reaching beta = {b:.6g} (early stopping)")
            if it >= max_iter:
                conv = False
                msgs.append(f"LARS hit its step limit max_iter = {max_iter}")
            if not np.all(np.isfinite(z)) or (t is not None and not np.isfinite(t)):
                conv = False
                msgs.append("LARS returned NaN or infinite coefficients")
            points.append(FloatPoint(b, z, t, "converged" if conv else "not_converged", conv, it, msgs, secs))
        return points
