"""exactwedge: the geometry inside ReLU networks, exact.

The pipeline, one layer a step, each importing only the layers before it:

1. foundations: :mod:`~exactwedge.exceptions`, :mod:`~exactwedge.numbers`
   (the exact-number policy, surds, exact linear algebra, numbers in LaTeX),
   :mod:`~exactwedge.io`, :mod:`~exactwedge.progress`, and
   :mod:`~exactwedge.problem` (X, y and β validated once);
2. :mod:`~exactwedge.ga`: wedges, blades, Hodge duals, cross products, volumes;
3. :mod:`~exactwedge.arrangement` and :mod:`~exactwedge.lp`: the data's
   hyperplane arrangement, exact linear programs;
4. :mod:`~exactwedge.dictionary`: the Lasso dictionaries of the theorems;
5. :mod:`~exactwedge.lasso`: the exact Lasso, its path and certificate, float back-ends;
6. :mod:`~exactwedge.network`, :mod:`~exactwedge.training` (:func:`fit`),
   :mod:`~exactwedge.interpolate`, :mod:`~exactwedge.deep`,
   :mod:`~exactwedge.stream`, :mod:`~exactwedge.sklearn`;
7. :mod:`~exactwedge.reference` and :mod:`~exactwedge.trained`: the
   independent references, trained networks and their polishing;
8. reports: :mod:`~exactwedge.compare`, :mod:`~exactwedge.latex`,
   :mod:`~exactwedge.plot`, and the command line :mod:`~exactwedge.cli`.

The theory behind every step, with the check that pins each statement, is
``docs/theory.md``.

>>> import exactwedge as ew
>>> ew.cross([1, 2, 3], [4, 5, 6])
Vector(-3, 6, -3)
>>> ew.signed_volume([1, 2, 3], [4, 5, 6], [7, 8, 10])
Fraction(-3, 1)
>>> ew.fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True).value
Fraction(287, 1600)
"""

import sys
import types

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
    MultiVector,
    Vector,
    basis_blade,
    cross,
    distance_to_affine_hull,
    distance_to_span,
    hodge,
    inverse_hodge,
    pseudoscalar,
    reflect,
    rotor,
    signed_volume,
    simplex_volume,
    squared_distance_to_affine_hull,
    squared_distance_to_span,
    triangle_area,
    wedge,
)
from .numbers import Surd, exact, from_float, parse_exact

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
    "MultiVector",
    "reflect",
    "rotor",
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
    "Problem",
    "optimal_set",
    "OptimalSet",
    "audit",
    "AuditResult",
]

_INTEROP_NAMES = ("to_clifford", "from_clifford", "clifford_exact_available",
                  "to_galgebra", "from_galgebra", "to_kingdon", "from_kingdon",
                  "multivector_from", "multivector_to_clifford", "multivector_to_galgebra", "multivector_to_kingdon")


def __dir__() -> list[str]:
    """The public names, the lazily loaded interop functions included.

    >>> import exactwedge
    >>> "to_kingdon" in dir(exactwedge) and "fit" in dir(exactwedge)
    True
    """
    return sorted(set(__all__) | set(_INTEROP_NAMES) | {"__version__"})


#: Public names whose modules import numpy (the batch kernel, the problem, the
#: dictionary, the Lasso, the network, the fit): they load on first use, all
#: at once (:func:`_deferred`), so ``import exactwedge`` and ``exactwedge
#: --help`` do not pay for numpy.
_DEFERRED_NAMES = frozenset({"CrossTable", "cross_products", "Problem", "Dictionary", "Neuron", "dictionary",
                             "solve_lasso", "lasso_path", "LassoSolution", "LassoPath", "Network", "Unit",
                             "fit", "FitResult", "optimal_set", "OptimalSet", "audit", "AuditResult"})


def _deferred() -> dict[str, object]:
    """The deferred public names, imported now (numpy with them)."""
    from .dictionary import Dictionary, Neuron, dictionary
    from .ga import CrossTable, cross_products
    from .lasso.solve import LassoPath, LassoSolution, lasso_path, solve_lasso
    from .network import Network, Unit
    from .optimal import OptimalSet, optimal_set
    from .problem import Problem
    from .trained.audit import AuditResult, audit
    from .training import FitResult, fit

    return dict(locals())


def __getattr__(name: str):
    """Interop functions and the numpy-backed names load lazily.

    ``import exactwedge`` imports neither numpy nor clifford, galgebra or kingdon.
    """
    if name in _DEFERRED_NAMES:
        names = _deferred()
        globals().update(names)
        return names[name]
    if name in _INTEROP_NAMES:
        from .ga import interop

        return getattr(interop, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """The package module; ``exactwedge.dictionary`` stays the function.

    Importing the subpackage :mod:`exactwedge.dictionary` would otherwise bind
    its module over the public function of the same name.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "dictionary" and isinstance(value, types.ModuleType):
            return  # the function resolves through __getattr__, as before the subpackage loaded
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
