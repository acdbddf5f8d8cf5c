r"""Exact distances from a point to a linear span or an affine hull.

.. math::

    \operatorname{dist}^2(x, \operatorname{span} V) = \frac{\det \operatorname{Gram}(V\cup\{x\})}{\det\operatorname{Gram}(V)},
    \qquad
    \operatorname{dist}(x, \operatorname{span} V) = \frac{\lvert x\cdot\operatorname{cross}(V)\rvert}{\lVert\operatorname{cross}(V)\rVert_2}
    \ (\lvert V\rvert = d-1).

The square is rational for rational data and is returned as a ``Fraction``;
the distance itself is an exact SymPy surd. Dependent spanning vectors are
allowed (the span is what it is).

>>> from exactwedge import squared_distance_to_span, distance_to_span
>>> squared_distance_to_span([1, 1, 1], [[1, 0, 0], [0, 1, 0]])
Fraction(1, 1)
>>> distance_to_span([1, 2], [[1, 1]])
sqrt(2)/2
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from ..numbers import as_vector, is_symbolic, sqrt_exact, to_sympy
from ._basis import det

__all__ = [
    "squared_distance_to_span",
    "distance_to_span",
    "squared_distance_to_affine_hull",
    "distance_to_affine_hull",
]


def _dot(a: Sequence[Any], b: Sequence[Any]) -> Any:
    return sum((p * q for p, q in zip(a, b)), Fraction(0))


def _read(x: Any, vectors: Any, what: str) -> tuple[tuple, list]:
    xv = as_vector(x, what="x")
    d = len(xv)
    if isinstance(vectors, (str, bytes)) or not hasattr(vectors, "__iter__"):
        raise DimensionError(f"{what} must be a sequence of vectors, got {type(vectors).__name__}")
    vs = [as_vector(v, d, what=f"{what} {i}") for i, v in enumerate(vectors)]
    return xv, vs


def _squared_distance(xv: tuple, vs: list) -> Any:
    if any(is_symbolic(c) for c in xv) or any(is_symbolic(c) for v in vs for c in v):
        import sympy

        gram_v = det([[_dot(a, b) for b in vs] for a in vs])
        if sympy.expand(gram_v) == 0:
            raise InvalidInputError("the spanning vectors are linearly dependent (Gram determinant is identically 0)")
        full = vs + [xv]
        gram_x = det([[_dot(a, b) for b in full] for a in full])
        ratio = _cancel(gram_x, gram_v)
        return Fraction(int(ratio.p), int(ratio.q)) if isinstance(ratio, sympy.Rational) else ratio
    # Rational: orthogonalize (no square roots), skipping dependent vectors.
    basis: list[tuple[tuple, Fraction]] = []
    r = list(xv)
    for v in vs:
        u = list(v)
        for b, bb in basis:
            c = _dot(u, b) / bb
            if c:
                u = [p - c * q for p, q in zip(u, b)]
        uu = _dot(u, u)
        if uu != 0:
            basis.append((tuple(u), uu))
            c = _dot(r, u) / uu
            if c:
                r = [p - c * q for p, q in zip(r, u)]
    return _dot(r, r)


def _cancel(num: Any, den: Any) -> Any:
    """``sympy.cancel(num / den)`` (den ≠ 0), computed in ``ZZ[symbols]`` when both are integer polynomials.

    There ``cancel`` ends in the same ring with the reduced pair (P, Q), unique up to
    the sign it fixes by Q's leading coefficient; starting from (num, den) skips its
    expression-level passes (``signsimp``, ``factor_terms``), which dominate on large
    Gram determinants. Anything else goes to ``sympy.cancel`` itself.
    """
    import sympy
    from sympy.polys.rings import sring

    try:
        R, (F, G) = sring((num, den))
    except sympy.polys.polyerrors.PolynomialError:
        R = None
    if R is None or not R.ngens or R.domain != sympy.ZZ or any(not isinstance(g, sympy.Symbol) for g in R.symbols):
        return sympy.cancel(num / den)
    P, Q = F.cancel(G)
    return P.as_expr() / Q.as_expr()


def _root(q: Any) -> Any:
    """√q (:func:`~exactwedge.numbers.sqrt_exact`) as the documented SymPy surd."""
    return to_sympy(sqrt_exact(q))


def squared_distance_to_span(x: Any, vectors: Any) -> Any:
    r"""Squared distance from ``x`` to the span of ``vectors`` (rational for rational input).

    .. math:: \frac{\det \operatorname{Gram}(v_1..v_k, x)}{\det\operatorname{Gram}(v_1..v_k)}

    Parameters
    ----------
    x : sequence, Vector, or clifford, kingdon or galgebra multivector (grade 1; see :mod:`exactwedge.ga.interop.data`)
        A point of R^d.
    vectors : sequence of vectors (sequences, Vectors or multivectors)
        Any number of vectors of R^d (none: the span is {0}); dependent ones
        are allowed for rational input.

    Examples
    --------
    >>> squared_distance_to_span([3, 4], [])
    Fraction(25, 1)
    >>> squared_distance_to_span([0, 0, 1], [[1, 1, 0], [2, 2, 0]])
    Fraction(1, 1)
    >>> squared_distance_to_span([1, 2], [[1, 2, 3]])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: span vector 0 must have 2 coordinates, got 3
    """
    xv, vs = _read(x, vectors, "span vector")
    return _squared_distance(xv, vs)


def distance_to_span(x: Any, vectors: Any) -> Any:
    r"""Distance from ``x`` to the span of ``vectors``, as an exact SymPy surd.

    Examples
    --------
    >>> distance_to_span([1, 1, 1], [[1, 0, 0], [0, 1, 0]])
    1
    >>> distance_to_span([1, 0, 0], [[1, 1, 0], [0, 0, 1]])
    sqrt(2)/2
    """
    return _root(squared_distance_to_span(x, vectors))


def squared_distance_to_affine_hull(x: Any, points: Any) -> Any:
    r"""Squared distance from ``x`` to the affine hull of ``points`` (p_0..p_k).

    Computed as the distance of :math:`x-p_0` to the span of :math:`p_i-p_0`.

    Examples
    --------
    >>> squared_distance_to_affine_hull([0, 0], [[1, 0], [0, 1]])
    Fraction(1, 2)
    >>> squared_distance_to_affine_hull([5, 5], [[1, 2]])
    Fraction(25, 1)
    """
    xv, ps = _read(x, points, "point")
    if not ps:
        raise DimensionError("the affine hull needs at least 1 point, got 0")
    p0 = ps[0]
    diffs = [tuple(a - b for a, b in zip(p, p0)) for p in ps[1:]]
    return _squared_distance(tuple(a - b for a, b in zip(xv, p0)), diffs)


def distance_to_affine_hull(x: Any, points: Any) -> Any:
    r"""Distance from ``x`` to the affine hull of ``points``, as an exact SymPy surd.

    Examples
    --------
    >>> distance_to_affine_hull([0, 0], [[1, 0], [0, 1]])
    sqrt(2)/2
    """
    return _root(squared_distance_to_affine_hull(x, points))
