"""Multivectors of clifford, kingdon and galgebra as data: recognized here, read by :mod:`exactwedge.ga`.

Every primitive reads its vectors through :func:`~exactwedge.numbers.as_vector`
(and its blades through :mod:`exactwedge.ga`), so a multivector of one of the
three libraries is accepted wherever a vector or a list of vectors is: a
grade-1 multivector of an algebra of R^d is a point of R^d.

This layer sits below :mod:`exactwedge.ga`, where the conversions live
(:mod:`exactwedge.ga.interop`). So a multivector is recognized here by the
name of its type's module (no library is imported), and read by the one
reader that :mod:`exactwedge.ga` registers when it is imported (which
``import exactwedge`` always does): :func:`exactwedge.ga.interop.data.read_multivector`.
The rules (clifford's float64 taken at its exact binary value, kingdon's and
galgebra's exact values kept exact, their floats refused, mixed grades
refused) are written there and in ``docs/conventions.md``.

>>> multivector_library([1, 2]) is None
True
>>> from kingdon import Algebra
>>> multivector_library(Algebra(2).vector([1, 2]))
'kingdon'
>>> from fractions import Fraction
>>> read_multivector(Algebra(2).vector([1, Fraction(3, 8)]))
Vector(1, 3/8)
"""

from __future__ import annotations

from typing import Any, Callable

from ..exceptions import InvalidInputError

__all__ = ["MULTIVECTOR_LIBRARIES", "multivector_library", "read_multivector", "register_multivector_reader"]

#: The geometric-algebra libraries whose multivectors are data, by the top-level name of their modules.
MULTIVECTOR_LIBRARIES = ("clifford", "kingdon", "galgebra")

_READER: list[Callable[..., Any]] = []


def multivector_library(x: Any) -> str | None:
    """The library (``"clifford"``, ``"kingdon"``, ``"galgebra"``) whose object ``x`` is, else None.

    Read from the name of the module of ``x``'s type, so nothing is imported.

    >>> from fractions import Fraction
    >>> multivector_library(Fraction(1, 2)) is None
    True
    """
    top = type(x).__module__.partition(".")[0]
    return top if top in MULTIVECTOR_LIBRARIES else None


def register_multivector_reader(reader: Callable[..., Any]) -> None:
    """Install the reader of foreign multivectors (done once by :mod:`exactwedge.ga` on import).

    ``reader(x, *, vector, what)`` returns a Blade of :mod:`exactwedge.ga`.

    >>> import exactwedge.ga  # registers its reader on import
    >>> len(_READER)
    1
    """
    _READER[:] = [reader]


def read_multivector(x: Any, *, vector: bool = True, what: str = "vector") -> Any:
    """A clifford, kingdon or galgebra multivector as a Blade of :mod:`exactwedge.ga`.

    ``vector=True``: a grade-1 multivector (or zero) as a :class:`~exactwedge.ga.Vector`,
    anything with other grades refused by a typed error naming them.
    ``vector=False``: a homogeneous multivector of any grade as a Blade.

    >>> from kingdon import Algebra
    >>> alg = Algebra(3)
    >>> read_multivector(alg.vector([1, 0, 2]) ^ alg.vector([0, 1, 0]), vector=False)
    Blade(e12 - 2*e23, dim=3)
    >>> read_multivector(alg.scalar([2]) + alg.vector([1, 0, 2]), what="x")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: x must be a vector (grade 1), got a kingdon multivector with parts of grades [0, 1]
    """
    if not _READER:  # pragma: no cover - exactwedge/__init__ imports ga, which registers it
        raise InvalidInputError("no multivector reader is installed: import exactwedge first")
    return _READER[0](x, vector=vector, what=what)
