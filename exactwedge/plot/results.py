"""The figure of a result: what ``FitResult.plot()``, ``Network.plot(X)`` and ``LassoPath.plot()`` draw.

Those methods live in earlier layers, which do not import this one; they call
:func:`exactwedge.numbers.display.figure`, which imports :mod:`exactwedge.plot`
by name when a figure is asked for (as pandas' ``DataFrame.plot`` reaches its
plotting backend) and calls :func:`figure_of`. Every figure is returned, never
shown through pyplot: the last value of a Jupyter cell displays itself.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError

__all__ = ["figure_of"]


def figure_of(obj: Any, *args: Any, **kwargs: Any) -> Any:
    """The figure of a FitResult or Network (:func:`plot_decision`), a LassoPath (:func:`plot_lasso_path`)
    or an OptimalSet (:func:`~exactwedge.plot.optimal.plot_optimal_set`).

    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> figure_of(res, grid=20).axes[0].get_title()
    'f(x): 2 neurons, P = 11/8 (exact), 4 samples'
    >>> figure_of(res.network, res.X, grid=20).axes[0].get_title()
    'f(x): 2 neurons, 4 samples'
    >>> figure_of("text")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: exactwedge draws no figure of a str
    """
    from ..lasso.solve import LassoPath
    from ..network import Network
    from ..training import FitResult

    if isinstance(obj, (FitResult, Network)):
        from .network import plot_decision

        return plot_decision(obj, *args, **kwargs)
    if isinstance(obj, LassoPath):
        from .path import plot_lasso_path

        return plot_lasso_path(obj, *args, **kwargs)
    from ..optimal import OptimalSet

    if isinstance(obj, OptimalSet):
        from .optimal import plot_optimal_set

        return plot_optimal_set(obj, *args, **kwargs)
    raise InvalidInputError(f"exactwedge draws no figure of a {type(obj).__name__}")
