r"""scikit-learn's coordinate descent (``sklearn.linear_model.lasso_path``).

scikit-learn minimizes :math:`\tfrac1{2n}\lVert y - Kz\rVert^2 + \alpha\lVert z\rVert_1`;
with :math:`\alpha = \beta/n` its minimizer is ours, and its duality gaps are
multiplied by ``n`` to be on our scale. ``lasso_path`` has no intercept, so
with an intercept ``K`` and ``y`` are centred first and
:math:`t = \bar y - \bar K z`. The whole grid is one path run (warm starts,
largest β first), with a tolerance far below scikit-learn's default.
"""

from __future__ import annotations

import numpy as np

from .base import Backend, FloatPoint, captured, centred, error_points, with_intercept

__all__ = ["SklearnCD"]


class SklearnCD(Backend):
    """Coordinate descent along a path (``sklearn.linear_model.lasso_path``).

    Parameters
    ----------
    tol : float
        scikit-learn's ``tol`` (its dual-gap test is relative to ``‖y‖²``).
    max_iter : int
        Epochs per β.

    Examples
    --------
    >>> import numpy as np
    >>> pts = SklearnCD().solve(np.eye(2), np.array([3.0, 0.5]), [1])
    >>> pts[0].z.round(9).tolist(), pts[0].status
    ([2.0, 0.0], 'converged')
    """

    NAME = "sklearn"
    MODULES = ("sklearn",)
    DISTRIBUTION = "scikit-learn"
    EXTRA = "float"
    DESCRIPTION = "scikit-learn lasso_path (coordinate descent), alpha = β/n"

    def __init__(self, tol: float = 1e-8, max_iter: int = 10_000):
        super().__init__(tol=tol, max_iter=max_iter)

    def _solve(self, K: np.ndarray, y: np.ndarray, betas: list[float], intercept: bool) -> list[FloatPoint]:
        lm = self.import_module("sklearn.linear_model")
        n, m = K.shape
        Kc, yc, km, ym = centred(K, y) if intercept else (K, y, np.zeros(m), 0.0)
        alphas = np.array(betas) / n
        order = np.argsort(-alphas, kind="stable")  # lasso_path sorts its alphas decreasingly
        if m == 0:
            return [FloatPoint(b, np.zeros(0), ym if intercept else None, "converged", True, 0) for b in betas]
        tol, max_iter = self.options["tol"], self.options["max_iter"]

        def run():
            return lm.lasso_path(np.asfortranarray(Kc), yc, alphas=alphas[order], tol=tol, max_iter=max_iter,
                                 return_n_iter=True)

        out, msgs, err, secs = captured(run)
        if err is not None:
            return error_points(betas, msgs, secs)
        _alphas, coefs, gaps, n_iters = out
        share = secs / len(betas)
        points: list[FloatPoint | None] = [None] * len(betas)
        for pos, i in enumerate(order.tolist()):
            z = np.array(coefs[:, pos], dtype=np.float64)
            it = int(n_iters[pos])
            conv = it < max_iter and bool(np.all(np.isfinite(z)))
            gap = float(gaps[pos]) * n
            pm = list(msgs) if not conv else [s for s in msgs if not s.startswith("ConvergenceWarning")]
            t = with_intercept(z, km, ym) if intercept else None
            points[i] = FloatPoint(betas[i], z, t, "converged" if conv else "not_converged", conv, it, pm, share, gap)
        return points  # type: ignore[return-value]
