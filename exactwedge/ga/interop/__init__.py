r"""Interop with clifford, galgebra and kingdon, imported lazily.

Each adapter imports its library inside the function that needs it, so
``import exactwedge`` (and ``import exactwedge.ga.interop``) loads none of
clifford, galgebra, kingdon or numba.

=======================  ==========================  ============================
library                  to                          from
=======================  ==========================  ============================
clifford ``MultiVector``  :func:`to_clifford`         :func:`from_clifford`
galgebra ``Mv``           :func:`to_galgebra`         :func:`from_galgebra`
kingdon ``MultiVector``   :func:`to_kingdon`          :func:`from_kingdon`
=======================  ==========================  ============================

Every ``from_*`` returns a homogeneous :class:`~exactwedge.ga.Blade` (pass
``grade=k`` to take one part of a mixed multivector) and refuses floats
unless asked with ``from_float=True`` or ``max_denominator=N``. Every
``to_*`` takes any result: a vector, a blade, a scalar (with the target
algebra), a list of results, or a network, fit or dictionary (a list of its
neuron weights).

Multivectors of mixed grade (:class:`~exactwedge.ga.MultiVector`) travel whole
with :func:`multivector_from` and ``multivector_to_kingdon`` / ``_galgebra`` /
``_clifford`` (:mod:`.multivectors`).

Multivectors as data: every primitive takes the three libraries'
multivectors (and lists of them) directly, read by
:func:`~exactwedge.ga.interop.data.read_multivector` (:mod:`.data`): a
grade-1 multivector is a point; clifford's float64 is taken at its exact
binary value; kingdon's and galgebra's exact values stay exact. How each
library's dual relates to our Hodge star and cross product is tabulated in
``docs/conventions.md`` and pinned by ``tests/ga/test_interop.py``.

>>> from exactwedge import cross
>>> from exactwedge.ga.interop import to_kingdon, from_kingdon
>>> from_kingdon(to_kingdon(cross([1, 2, 3], [4, 5, 6])))
Vector(-3, 6, -3)
>>> from kingdon import Algebra
>>> alg = Algebra(3)
>>> to_kingdon(cross(alg.vector([1, 2, 3]), alg.vector([4, 5, 6]))).values()
[Fraction(-3, 1), Fraction(6, 1), Fraction(-3, 1)]
"""

from .clifford_ import clifford_exact_available, from_clifford, to_clifford
from .galgebra_ import from_galgebra, to_galgebra
from .kingdon_ import from_kingdon, to_kingdon
from .multivectors import multivector_from, multivector_to_clifford, multivector_to_galgebra, multivector_to_kingdon

__all__ = [
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
]
