"""exactwedge: the geometry inside ReLU networks, exact.

The pipeline, one subpackage a step: exact numbers (:mod:`exactwedge.numbers`)
→ blades (:mod:`exactwedge.ga`) → dictionaries → exact Lasso → network →
LaTeX and checks.

>>> import exactwedge as ew
>>> ew.cross([1, 2, 3], [4, 5, 6])
Vector(-3, 6, -3)
>>> ew.signed_volume([1, 2, 3], [4, 5, 6], [7, 8, 10])
Fraction(-3, 1)
>>> ew.fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True).value
Fraction(287, 1600)
"""

from . import exceptions
from .exceptions import (
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonExactInputError,
    NonFiniteInputError,
    TooLargeError,
)
from .ga import (
    Blade,
    CrossTable,
    Vector,
    basis_blade,
    cross,
    cross_products,
    distance_to_affine_hull,
    distance_to_span,
    hodge,
    inverse_hodge,
    pseudoscalar,
    signed_volume,
    simplex_volume,
    squared_distance_to_affine_hull,
    squared_distance_to_span,
    triangle_area,
    wedge,
)
from .numbers import exact, from_float, parse_exact
from .dictionary import Dictionary, Neuron, dictionary
from .lasso.solve import LassoPath, LassoSolution, lasso_path, solve_lasso
from .network import Network, Unit
from .numbers.surd import Surd
from .training import FitResult, fit

__version__ = "0.1.0"

__all__ = [
    "exceptions",
    "ExactWedgeError",
    "InvalidInputError",
    "NonExactInputError",
    "NonFiniteInputError",
    "DimensionError",
    "TooLargeError",
    "exact",
    "from_float",
    "parse_exact",
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
    "dictionary",
    "Dictionary",
    "Neuron",
    "solve_lasso",
    "lasso_path",
    "LassoSolution",
    "LassoPath",
    "Network",
    "Unit",
    "Surd",
    "fit",
    "FitResult",
]

_INTEROP_NAMES = ("to_clifford", "from_clifford", "clifford_exact_available",
                  "to_galgebra", "from_galgebra", "to_kingdon", "from_kingdon")


def __getattr__(name: str):
    """Interop functions load lazily: ``import exactwedge`` never imports clifford, galgebra or kingdon."""
    if name in _INTEROP_NAMES:
        from .ga import interop

        return getattr(interop, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
