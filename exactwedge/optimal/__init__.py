"""Beyond the papers: the whole optimal set of an exact fit (:func:`optimal_set`)."""

from .optimal_set import OptimalSet, optimal_set

__all__ = ["OptimalSet", "optimal_set"]
