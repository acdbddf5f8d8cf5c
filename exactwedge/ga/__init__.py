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
