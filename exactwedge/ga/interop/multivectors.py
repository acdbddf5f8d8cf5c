r"""Multivectors of mixed grade (:class:`~exactwedge.ga.MultiVector`) to and from clifford, kingdon and galgebra.

The blade adapters (:func:`~exactwedge.ga.interop.to_kingdon`,
:func:`~exactwedge.ga.interop.from_kingdon`, …) carry one grade; these carry
every grade at once, with the same conventions (``docs/conventions.md``): the
library's j-th basis vector is :math:`e_{j+1}`, Euclidean algebras only.

* :func:`multivector_from` reads any of the three libraries. **clifford stores
  float64**: its coefficients are taken at their exact binary value (as
  :func:`exactwedge.from_float` gives; ``0.375`` is 3/8), exactly as when a
  clifford multivector is passed as data. kingdon's and galgebra's exact
  coefficients stay exact; a float among them is refused unless
  ``from_float=True`` or ``max_denominator=N``.
* :func:`multivector_to_kingdon`, :func:`multivector_to_galgebra` and
  :func:`multivector_to_clifford` write one part per grade through the blade
  adapters and add them in the library.

>>> from fractions import Fraction
>>> from exactwedge import MultiVector
>>> m = MultiVector({0: 1, 0b01: Fraction(1, 3), 0b11: -2}, dim=2)
>>> k = multivector_to_kingdon(m)
>>> k.keys(), k.values()
((0, 1, 3), [Fraction(1, 1), Fraction(1, 3), Fraction(-2, 1)])
>>> multivector_from(k * k) == m * m
True
"""

from __future__ import annotations

from typing import Any

from ...exceptions import InvalidInputError
from ...numbers.multivectors import multivector_library
from .._basis import combos
from ..multivector import MultiVector
from ._common import check_max_denominator, grade_parts

__all__ = ["multivector_from", "multivector_to_kingdon", "multivector_to_galgebra", "multivector_to_clifford"]


def multivector_from(mv: Any, *, from_float: bool = False, max_denominator: int | None = None) -> MultiVector:
    r"""A clifford, kingdon or galgebra multivector, every grade, as a :class:`~exactwedge.ga.MultiVector`.

    Parameters
    ----------
    mv : clifford.MultiVector, kingdon.MultiVector or galgebra.mv.Mv
        Of a Euclidean algebra (a single kingdon multivector, not a batch).
    from_float : bool, default False
        kingdon and galgebra: convert float values by their exact binary value.
        clifford's float64 is always read at its exact binary value.
    max_denominator : int, optional
        Convert float values to the closest fraction with at most this denominator.

    Returns
    -------
    MultiVector

    Raises
    ------
    NonExactInputError
        For kingdon or galgebra float values without ``from_float`` or ``max_denominator``.
    InvalidInputError
        For another type or a non-Euclidean algebra.

    Examples
    --------
    >>> from kingdon import Algebra
    >>> alg = Algebra(3)
    >>> multivector_from(alg.vector([1, 2, 3]) * alg.vector([0, 1, 0]))
    MultiVector(2 + e12 - 3*e23, dim=3)
    >>> from clifford import Cl
    >>> layout, blades = Cl(2)
    >>> multivector_from(0.375 + blades["e12"])
    MultiVector(3/8 + e12, dim=2)
    """
    check_max_denominator(max_denominator)
    library = multivector_library(mv)
    if library == "clifford":
        from .clifford_ import clifford_parts

        d, parts = clifford_parts(mv, from_float=True, max_denominator=max_denominator)[:2]
    elif library == "kingdon":
        from .kingdon_ import kingdon_parts

        d, parts = kingdon_parts(mv, from_float=from_float, max_denominator=max_denominator)[:2]
    elif library == "galgebra":
        from .galgebra_ import galgebra_parts

        d, parts = galgebra_parts(mv, from_float=from_float, max_denominator=max_denominator)[:2]
    else:
        raise InvalidInputError(f"expected a clifford, kingdon or galgebra multivector, got {type(mv).__name__}")
    terms = {sum(1 << i for i in c): v for k, cs in parts.items() for c, v in zip(combos(d, k), cs)}
    return MultiVector({m: v for m, v in terms.items()}, dim=d)


def _sum(items: list) -> Any:
    out = items[0]
    for x in items[1:]:
        out = out + x
    return out


def multivector_to_kingdon(mv: Any, alg: Any = None) -> Any:
    r"""A kingdon ``MultiVector`` with the exact coefficients of ``mv``, every grade.

    Parameters
    ----------
    mv : MultiVector (or a Blade, a Vector)
    alg : kingdon.Algebra, optional
        Euclidean, of ``mv``'s dimension; by default ``Algebra(d)``, cached.
        Only the nonzero terms get keys (the zero multivector: the scalar 0);
        a custom basis name such as ``e31`` gets the negated coefficient.

    Returns
    -------
    kingdon.MultiVector

    Examples
    --------
    >>> from exactwedge import MultiVector
    >>> a = MultiVector({0: 2, 0b110: "1/2"}, dim=3)
    >>> multivector_to_kingdon(a).values()
    [Fraction(2, 1), Fraction(1, 2)]
    """
    from ...exceptions import DimensionError
    from .kingdon_ import _check_algebra, _default_algebra, _name_tables

    m = mv if isinstance(mv, MultiVector) else MultiVector(mv)
    alg = _default_algebra(m.dim) if alg is None else alg
    if _check_algebra(alg) != m.dim:
        raise DimensionError(f"the kingdon algebra is for R^{_check_algebra(alg)}, but the multivector is in R^{m.dim}")
    _, key_of = _name_tables(alg)
    rank = {key: i for i, key in enumerate(alg.canon2bin.values())}
    pairs = []
    for mask, c in m.terms or ((0, 0),):
        key, sign = key_of[tuple(j for j in range(m.dim) if mask >> j & 1)]
        pairs.append((key, c if sign > 0 else -c))
    pairs.sort(key=lambda kv: rank[kv[0]])
    return alg.multivector(keys=tuple(k for k, _ in pairs), values=[v for _, v in pairs])


def multivector_to_galgebra(mv: Any, ga: Any = None) -> Any:
    r"""A galgebra ``Mv`` with the exact coefficients of ``mv`` (as SymPy Rationals), every grade.

    Parameters
    ----------
    mv : MultiVector (or a Blade, a Vector)
    ga : galgebra.ga.Ga, optional
        Euclidean, of ``mv``'s dimension; by default the cached ``Ga('e*1|…|d', g=[1]*d)``.

    Returns
    -------
    galgebra.mv.Mv

    Examples
    --------
    >>> from exactwedge import MultiVector
    >>> a = MultiVector({0: 2, 0b11: "1/2"}, dim=2)
    >>> multivector_from(multivector_to_galgebra(a)) == a
    True
    """
    from .galgebra_ import to_galgebra

    return _sum([to_galgebra(b, ga) for b in grade_parts(mv)])


def multivector_to_clifford(mv: Any, layout: Any = None, *, exact: bool = True) -> Any:
    r"""A clifford ``MultiVector`` with the coefficients of ``mv``, every grade.

    The rules of :func:`~exactwedge.ga.interop.to_clifford` hold: with
    ``exact=True`` every value is stored exactly, which with clifford's JIT on
    (float64 storage) needs every value to be a float64 value (dyadic
    rationals such as 3/8), else ``NonExactInputError`` names
    ``NUMBA_DISABLE_JIT=1``; ``exact=False`` rounds to float64 on purpose.

    Parameters
    ----------
    mv : MultiVector (or a Blade, a Vector)
    layout : clifford.Layout, optional
    exact : bool, default True

    Returns
    -------
    clifford.MultiVector

    Examples
    --------
    >>> from exactwedge import MultiVector
    >>> a = MultiVector({0: "3/8", 0b11: -2}, dim=2)
    >>> multivector_from(multivector_to_clifford(a)) == a
    True
    """
    from .clifford_ import to_clifford

    return _sum([to_clifford(b, layout, exact=exact) for b in grade_parts(mv)])
