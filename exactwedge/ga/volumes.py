r"""Signed volumes: parallelotopes, simplices and triangles.

.. math::

    \operatorname{vol}(v_1..v_d) = \det[v_1 \dots v_d], \qquad
    \operatorname{vol}(p_0..p_d) = \frac{\det[p_1-p_0, \dots, p_d-p_0]}{d!}, \qquad
    \operatorname{area}(a,b,c) = \tfrac12(a\wedge b + b\wedge c + c\wedge a).

>>> from exactwedge import signed_volume, triangle_area
>>> signed_volume([1, 0], [0, 1])
Fraction(1, 1)
>>> triangle_area([0, 0], [1, 0], [0, 1])
Fraction(1, 2)
"""

from __future__ import annotations

import math
from typing import Any

from ..exceptions import DimensionError
from ..numbers import as_vector
from ._basis import det
from .blade import _simplify

__all__ = ["signed_volume", "simplex_volume", "triangle_area"]


def _vectors(args: tuple, what: str) -> list:
    rows = [as_vector(v, what=f"{what} argument {i}") for i, v in enumerate(args)]
    if rows:
        d = len(rows[0])
        for i, r in enumerate(rows):
            if len(r) != d:
                raise DimensionError(f"{what} needs vectors of one dimension: argument 0 is in R^{d}, argument {i} in R^{len(r)}")
    return rows


def signed_volume(*vectors: Any) -> Any:
    r"""Signed d-volume of the parallelotope spanned by d vectors of R^d.

    .. math:: \det[v_1, \dots, v_d] \quad (\text{the } v_j \text{ as columns})

    The vectors are sequences, :class:`~exactwedge.ga.Vector`\ s, or grade-1
    clifford, kingdon or galgebra multivectors (clifford's float64 at its
    exact binary value; see :mod:`exactwedge.ga.interop.data`).

    Examples
    --------
    >>> signed_volume([2, 0, 0], [0, 3, 0], [0, 0, "1/2"])
    Fraction(3, 1)
    >>> signed_volume([0, 1], [1, 0])
    Fraction(-1, 1)
    >>> signed_volume([1, 0], [0, 1], [1, 1])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: signed_volume needs d = 2 vectors in R^2, got 3
    """
    rows = _vectors(vectors, "signed_volume")
    if not rows:
        raise DimensionError("signed_volume needs d vectors in R^d, got 0")
    d = len(rows[0])
    if len(rows) != d:
        raise DimensionError(f"signed_volume needs d = {d} vectors in R^{d}, got {len(rows)}")
    return _simplify(det(rows))


def simplex_volume(*points: Any) -> Any:
    r"""Signed volume of the simplex with vertices p_0..p_d in R^d.

    .. math:: \frac{1}{d!}\det[p_1 - p_0, \dots, p_d - p_0]

    Examples
    --------
    >>> simplex_volume([0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1])
    Fraction(1, 6)
    >>> simplex_volume([0, 0], [0, 1], [1, 0])
    Fraction(-1, 2)
    """
    rows = _vectors(points, "simplex_volume")
    if not rows:
        raise DimensionError("simplex_volume needs d+1 points in R^d, got 0")
    d = len(rows[0])
    if len(rows) != d + 1:
        raise DimensionError(f"simplex_volume needs d+1 = {d + 1} points in R^{d}, got {len(rows)}")
    p0 = rows[0]
    diffs = [[a - b for a, b in zip(p, p0)] for p in rows[1:]]
    return _simplify(det(diffs) / math.factorial(d))


def triangle_area(a: Any, b: Any, c: Any) -> Any:
    r"""Signed area of the triangle abc in R^2 (positive when counter-clockwise).

    .. math:: \tfrac12\,(a\wedge b + b\wedge c + c\wedge a)

    Examples
    --------
    >>> triangle_area([0, 0], [4, 0], [0, 3])
    Fraction(6, 1)
    >>> triangle_area([0, 0], [0, 3], [4, 0])
    Fraction(-6, 1)
    >>> triangle_area([0, 0, 0], [1, 0, 0], [0, 1, 0])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: triangle_area needs points in R^2, got points in R^3
    """
    rows = _vectors((a, b, c), "triangle_area")
    if len(rows[0]) != 2:
        raise DimensionError(f"triangle_area needs points in R^2, got points in R^{len(rows[0])}")

    def w(p: tuple, q: tuple) -> Any:
        return p[0] * q[1] - p[1] * q[0]

    (pa, pb, pc) = rows
    return _simplify((w(pa, pb) + w(pb, pc) + w(pc, pa)) / 2)
