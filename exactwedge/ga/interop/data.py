r"""Multivectors of clifford, kingdon and galgebra as data, read by one function.

Every primitive (:func:`~exactwedge.wedge`, :func:`~exactwedge.hodge`,
:func:`~exactwedge.cross`, :func:`~exactwedge.signed_volume`, the distances,
:func:`~exactwedge.dictionary`, :func:`~exactwedge.fit`, ``Network.predict``)
reads its vectors through :func:`exactwedge.numbers.as_vector` and its blades
through :mod:`exactwedge.ga`; both hand a foreign multivector to
:func:`read_multivector`, which :mod:`exactwedge.ga` registers with
:mod:`exactwedge.numbers.multivectors` on import. So a multivector, or a list
of them, is data wherever a vector, a blade or a list of points is.

The rules
    * A grade-1 multivector of an algebra of :math:`\mathbb R^d` is the point
      (vector) of :math:`\mathbb R^d` with its coefficients; the j-th basis
      vector of the library is :math:`e_{j+1}` (``docs/conventions.md``).
      Where a vector is expected, any other grade present is refused by a
      :class:`~exactwedge.exceptions.DimensionError` naming the grades found.
      The zero multivector is the zero vector (clifford and galgebra keep no
      grade for it).
    * Where a blade is expected (:func:`~exactwedge.wedge`,
      :func:`~exactwedge.hodge`, :func:`~exactwedge.inverse_hodge`), a
      homogeneous multivector of any grade is that blade; mixed grades are
      refused, naming them (take one part with ``from_X(mv, grade=k)``).
    * **clifford stores float64**: its coefficients are taken at their exact
      binary value (``0.1`` is 3602879701896397/36028797018963968, as
      :func:`exactwedge.from_float` gives), so dyadic values such as ``3/8``
      are read as they were written. Passing a clifford multivector is the
      explicit conversion. Object arrays (exact clifford, see
      :func:`~exactwedge.ga.interop.clifford_exact_available`) are read exactly.
    * kingdon's and galgebra's coefficients are exact (``int``,
      ``Fraction``, SymPy ``Rational``, symbols) and stay exact. A float among
      them is refused like any float input
      (:class:`~exactwedge.exceptions.NonExactInputError`), naming
      ``from_kingdon(mv, from_float=True)`` as the way in.
    * Only Euclidean algebras are read (as by the ``from_*`` functions).

Results go back with :func:`~exactwedge.ga.interop.to_clifford`,
:func:`~exactwedge.ga.interop.to_kingdon` and
:func:`~exactwedge.ga.interop.to_galgebra`.

>>> from fractions import Fraction
>>> from kingdon import Algebra
>>> from exactwedge import cross
>>> alg = Algebra(3)
>>> cross(alg.vector([1, 2, 3]), alg.vector([4, 5, Fraction(3, 8)]))
Vector(-57/4, 93/8, -3)
"""

from __future__ import annotations

from typing import Any

from ...exceptions import DimensionError, InvalidInputError, NonExactInputError
from ...numbers.multivectors import multivector_library
from ..blade import Blade

__all__ = ["read_multivector"]


def _parts(x: Any, library: str) -> tuple[int, dict[int, list], set[int]]:
    """The dimension, the exact coefficients of each grade and the grades a kingdon multivector declares."""
    clifford_ = library == "clifford"
    if clifford_:
        from .clifford_ import clifford_parts as parts_of
    elif library == "kingdon":
        from .kingdon_ import kingdon_parts as parts_of
    else:
        from .galgebra_ import galgebra_parts as parts_of
    out = parts_of(x, from_float=clifford_, max_denominator=None)
    return (out[0], out[1], out[2] if len(out) > 2 else set())


def read_multivector(x: Any, *, vector: bool = True, what: str = "vector") -> Blade:
    r"""A clifford, kingdon or galgebra multivector as a :class:`~exactwedge.ga.Blade`, by the rules above.

    Parameters
    ----------
    x : clifford.MultiVector, kingdon.MultiVector or galgebra.mv.Mv
    vector : bool, default True
        Read a vector (grade 1, or zero); otherwise a homogeneous blade of any grade.
    what : str
        How to name ``x`` in error messages.

    Returns
    -------
    Blade
        A :class:`~exactwedge.ga.Vector` for grade 1.

    Raises
    ------
    DimensionError
        For grades other than 1 (``vector=True``) or several grades (``vector=False``).
    NonExactInputError
        For float coefficients of kingdon or galgebra.
    InvalidInputError
        For a non-Euclidean algebra or another object of these libraries.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from kingdon import Algebra
    >>> alg = Algebra(2)
    >>> read_multivector(alg.vector([Fraction(3, 8), -1]))
    Vector(3/8, -1)
    >>> read_multivector(alg.bivector([2]), what="x")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: x must be a vector (grade 1), got a kingdon multivector with parts of grades [2]
    >>> read_multivector(alg.bivector([2]), vector=False)
    Blade(2*e12, dim=2)
    >>> read_multivector(alg.vector([0.5, 1]))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.NonExactInputError: vector: the kingdon multivector has float coefficients, and floats never enter exactwedge silently; convert it on purpose with exactwedge.from_kingdon(mv, from_float=True) (exact binary values) or max_denominator=N
    """
    library = multivector_library(x)
    if library is None:
        raise InvalidInputError(f"{what}: expected a clifford, kingdon or galgebra multivector, got {type(x).__name__}")
    try:
        d, parts, declared = _parts(x, library)
    except NonExactInputError as e:
        raise NonExactInputError(
            f"{what}: the {library} multivector has float coefficients, and floats never enter exactwedge silently; "
            f"convert it on purpose with exactwedge.from_{library}(mv, from_float=True) (exact binary values) "
            "or max_denominator=N"
        ) from e
    grades = sorted(k for k, cs in parts.items() if any(c != 0 for c in cs)) or sorted(declared)
    if vector or not grades:
        if grades not in ([], [1]):
            raise DimensionError(
                f"{what} must be a vector (grade 1), got a {library} multivector with parts of grades {grades}")
        if d == 0:
            raise DimensionError(f"{what}: the {library} algebra has dimension 0, so it has no vectors")
        return Blade._raw(d, 1, tuple(parts[1]))
    if len(grades) > 1:
        raise DimensionError(
            f"{what} must be a blade (one grade), got a {library} multivector with parts of grades {grades}; "
            f"take one part with exactwedge.from_{library}(mv, grade=k)")
    return Blade._raw(d, grades[0], tuple(parts[grades[0]]))
