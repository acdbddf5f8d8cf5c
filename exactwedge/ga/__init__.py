"""Exact geometric algebra of R^d: blades, the Hodge star, cross products,
volumes, distances, the batch cross-product kernel, and interop with
clifford, galgebra and kingdon (:mod:`exactwedge.ga.interop`, imported lazily).
"""

from .batch import CrossTable, cross_products
from .blade import Blade, Vector, basis_blade, pseudoscalar, wedge
from .distances import (
    distance_to_affine_hull,
    distance_to_span,
    squared_distance_to_affine_hull,
    squared_distance_to_span,
)
from .hodge import cross, hodge, inverse_hodge
from .volumes import signed_volume, simplex_volume, triangle_area

__all__ = [
    "Blade",
    "Vector",
    "wedge",
    "basis_blade",
    "pseudoscalar",
    "hodge",
    "inverse_hodge",
    "cross",
    "signed_volume",
    "simplex_volume",
    "triangle_area",
    "squared_distance_to_span",
    "distance_to_span",
    "squared_distance_to_affine_hull",
    "distance_to_affine_hull",
    "cross_products",
    "CrossTable",
]

#: Re-exported lazily from :mod:`exactwedge.ga.interop`; resolving one of these
#: names imports that module, which itself imports no third-party library.
_INTEROP_NAMES = (
    "to_clifford",
    "from_clifford",
    "clifford_exact_available",
    "to_galgebra",
    "from_galgebra",
    "to_kingdon",
    "from_kingdon",
)


def __getattr__(name: str):
    if name in _INTEROP_NAMES:
        from . import interop

        return getattr(interop, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
