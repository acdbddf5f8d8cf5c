r"""Reflections and rotors as exact sandwich products.

A vector :math:`n \ne 0` reflects a vector :math:`x` in the hyperplane
:math:`n^\perp` through the origin:

.. math:: -n\,x\,n^{-1} = x - 2\,\frac{x\cdot n}{n\cdot n}\,n,
          \qquad n^{-1} = \frac{n}{n\cdot n},

exact in rationals for any nonzero rational :math:`n` (no normalization). A
rotor is a product of two reflections; :func:`rotor` returns the one that
turns :math:`a` into the direction of :math:`b`.

>>> reflect([3, 4], [1, 1])
Vector(-4, -3)
>>> R = rotor([1, 0], [0, 2])
>>> R >> MultiVector([1, 0])
MultiVector(e2, dim=2)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..exceptions import DimensionError, InvalidInputError
from ..numbers import is_symbolic
from .blade import Blade, Vector
from .multivector import MultiVector

__all__ = ["reflect", "rotor"]


def _vector(v: Any, what: str) -> MultiVector:
    m = v if isinstance(v, MultiVector) else MultiVector(v)
    if m.grades not in ((1,), ()):
        raise DimensionError(f"{what} must be a vector (grade 1), got grades {list(m.grades)}")
    if m.is_zero():
        raise InvalidInputError(f"{what} is the zero vector, which has no direction")
    return m


def reflect(x: Any, n: Any) -> Any:
    r"""Reflect ``x`` in the hyperplane through the origin with normal ``n``: :math:`-n x n^{-1}`.

    A blade or multivector ``x`` is reflected grade by grade,
    :math:`(-1)^l n \langle x\rangle_l n^{-1}` (``n >> x``), which maps
    :math:`v_1\wedge\dots\wedge v_l` to the wedge of the reflected vectors.

    Parameters
    ----------
    x : Vector, Blade, MultiVector or sequence of exact numbers
    n : nonzero vector (Vector, sequence, or a grade-1 MultiVector)

    Returns
    -------
    Vector, Blade or MultiVector
        The type of ``x`` (a sequence gives a :class:`Vector`).

    Raises
    ------
    InvalidInputError
        For the zero normal.
    DimensionError
        For a normal that is not a vector, or spaces of different dimensions.

    Examples
    --------
    >>> reflect([1, 2, 3], [0, 0, 5])
    Vector(1, 2, -3)
    >>> from exactwedge import wedge
    >>> reflect(wedge([1, 0, 0], [0, 1, 1]), [1, 0, 0]) == wedge(reflect([1, 0, 0], [1, 0, 0]), [0, 1, 1])
    True
    """
    nm = _vector(n, "the normal")
    xm = x if isinstance(x, MultiVector) else MultiVector(x)
    if xm.dim != nm.dim:
        raise DimensionError(f"reflect needs one space, got x in R^{xm.dim} and n in R^{nm.dim}")
    out = nm.sandwich(xm)
    if isinstance(x, MultiVector):
        return out
    k = x.grade if isinstance(x, Blade) else 1
    coeffs = [out.coefficient(*idx) for idx in Blade.basis(xm.dim, k)]
    return Vector(*coeffs) if k == 1 else Blade(xm.dim, k, coeffs)


def _sqrt(q: Any) -> Any:
    """The exact square root of a nonnegative rational: a Fraction when it is one, else a SymPy surd."""
    if not is_symbolic(q):
        q = Fraction(q)
        num, den = q.numerator, q.denominator
        from math import isqrt

        rn, rd = isqrt(num), isqrt(den)
        if rn * rn == num and rd * rd == den:
            return Fraction(rn, rd)
    import sympy

    return sympy.sqrt(sympy.nsimplify(q) if is_symbolic(q) else sympy.Rational(q.numerator, q.denominator))


def rotor(a: Any, b: Any) -> MultiVector:
    r"""The rotor :math:`R = |a||b| + b\,a` that turns the direction of ``a`` into that of ``b``.

    :math:`R` is :math:`|a||b|\,(1 + \hat b\hat a)`, a multiple of the product of
    the reflections in :math:`a^\perp` and in the hyperplane normal to the
    bisector :math:`\hat a + \hat b`. It is **not normalized** (:math:`R\tilde R = 2|a||b|(|a||b| + a\cdot b)`), and is applied
    as :math:`R\,x\,R^{-1}` (``R >> x``, exact inverse), which rotates in the
    plane :math:`a\wedge b` by the angle from ``a`` to ``b`` and fixes its
    orthogonal complement, so ``R >> a`` is :math:`\tfrac{|a|}{|b|}\,b`.
    The scalar :math:`|a||b| = \sqrt{|a|^2|b|^2}` is a Fraction when
    :math:`|a|^2|b|^2` is the square of a rational, and a SymPy surd
    otherwise: still exact.

    Parameters
    ----------
    a, b : nonzero vectors of one space

    Returns
    -------
    MultiVector
        Even: a scalar and a bivector.

    Raises
    ------
    InvalidInputError
        For a zero vector, or ``b`` opposite to ``a`` (every plane through ``a``
        then gives a rotation by π: no unique rotor).

    Examples
    --------
    >>> rotor([3, 4], [5, 0])
    MultiVector(40 + 20*e12, dim=2)
    >>> rotor([3, 4], [5, 0]) >> MultiVector([3, 4])
    MultiVector(5*e1, dim=2)
    >>> rotor([1, 0], [1, 1])
    MultiVector((1 + sqrt(2)) - e12, dim=2)
    """
    am, bm = _vector(a, "a"), _vector(b, "b")
    if am.dim != bm.dim:
        raise DimensionError(f"rotor needs one space, got a in R^{am.dim} and b in R^{bm.dim}")
    r = _sqrt(am.normsq() * bm.normsq()) + bm * am
    if r.is_zero():
        raise InvalidInputError("b points opposite to a: the rotation by pi has no unique plane, so no unique rotor")
    return r
