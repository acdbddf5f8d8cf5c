r"""Exact geometric algebra of :math:`\mathbb R^d`, the second layer (it imports only numbers).

The objects: k-blades :math:`v_1\wedge\dots\wedge v_k` with exact coefficients
on the sorted basis blades (:class:`Blade`, :class:`Vector`, :func:`wedge`),
the Hodge star :math:`\star` (:func:`hodge`), and the generalized cross product
of d−1 vectors, the Hodge dual of their wedge,

.. math:: \operatorname{cross}(v_1,\dots,v_{d-1}) = (-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1}),
          \qquad x\cdot\operatorname{cross}(V) = \det[x, v_1, \dots, v_{d-1}],

the weight of every dictionary neuron. Signed volumes, simplex volumes and
distances to spans and affine hulls follow (:mod:`.volumes`, :mod:`.distances`);
:func:`cross_products` is the batch kernel over all subsets (:mod:`.batch`,
which imports numpy, loaded on first use);
blades print as LaTeX (:mod:`.latex`) and travel to and from clifford, galgebra
and kingdon (:mod:`.interop`, imported lazily), whose multivectors every
primitive also takes directly as data (:mod:`.interop.data`).
Multivectors of mixed grade and the geometric product are :class:`MultiVector`
(:mod:`.multivector`); reflections and rotors are sandwiches (:mod:`.versors`).

>>> cross([1, 2, 3], [4, 5, 6]), hodge(wedge([1, 0, 0], [0, 1, 0]))
(Vector(-3, 6, -3), Vector(0, 0, 1))
"""

from ..numbers import multivectors as _multivectors
from .blade import Blade, Vector, basis_blade, pseudoscalar, wedge
from .distances import (
    distance_to_affine_hull,
    distance_to_span,
    squared_distance_to_affine_hull,
    squared_distance_to_span,
)
from .hodge import cross, hodge, inverse_hodge
from .multivector import MultiVector
from .versors import reflect, rotor
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
    "MultiVector",
    "reflect",
    "rotor",
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
    "multivector_from",
    "multivector_to_clifford",
    "multivector_to_galgebra",
    "multivector_to_kingdon",
)


def _read_multivector(x, *, vector: bool, what: str):
    """clifford, kingdon and galgebra multivectors as data: :func:`exactwedge.ga.interop.data.read_multivector`."""
    from .interop.data import read_multivector

    return read_multivector(x, vector=vector, what=what)


# numbers sits below ga: every vector it reads (as_vector) reaches the reader through this registration
_multivectors.register_multivector_reader(_read_multivector)


def _read_mixed(x):
    """A foreign multivector of any grades as a :class:`MultiVector`: :func:`exactwedge.ga.interop.multivector_from`."""
    from .interop.multivectors import multivector_from

    return multivector_from(x)


from . import multivector as _multivector_module  # noqa: E402

_multivector_module._FOREIGN_READER = _read_mixed


#: Re-exported lazily from :mod:`exactwedge.ga.batch`, which imports numpy:
#: ``import exactwedge.ga`` stays numpy-free until the batch kernel is used.
_BATCH_NAMES = ("cross_products", "CrossTable")


def __getattr__(name: str):
    if name in _INTEROP_NAMES:
        from . import interop

        return getattr(interop, name)
    if name in _BATCH_NAMES:
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
