"""Signed volumes, simplex volumes and triangle areas (exactwedge.ga.volumes)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

from tests._strategies import (
    columns,
    cross_input,
    d_and_vectors,
    dot,
    leibniz_det,
    rank,
    sympy_det,
    vectors,
)
from exactwedge import cross, pseudoscalar, signed_volume, simplex_volume, triangle_area, wedge
from exactwedge.exceptions import DimensionError, NonExactInputError

Fr = Fraction
square = d_and_vectors(lambda d: d, lo=1, hi=6)
simplex = d_and_vectors(lambda d: d + 1, lo=1, hi=6)


# ---------------------------------------------------------------- signed_volume


@given(square)
@example((2, [(Fr(1), Fr(0)), (Fr(0), Fr(1))]))
@example((3, [(Fr(0),) * 3, (Fr(1), Fr(2), Fr(3)), (Fr(4), Fr(5), Fr(6))]))
@example((3, [(Fr(1), Fr(2), Fr(3)), (Fr(1), Fr(2), Fr(3)), (Fr(4), Fr(5), Fr(6))]))
def test_signed_volume_is_determinant(dv):
    d, vs = dv
    got = signed_volume(*vs)
    assert type(got) is Fraction
    assert got == leibniz_det(columns(vs))
    assert got == sympy_det(vs)  # det Aᵀ = det A: an independent second reference
    assert wedge(*vs) == pseudoscalar(d) * got


@given(square)
def test_signed_volume_zero_iff_dependent(dv):
    d, vs = dv
    assert (signed_volume(*vs) == 0) == (rank(vs) < d)


@given(square, st.data())
def test_signed_volume_alternating_and_multilinear(dv, data):
    d, vs = dv
    vol = signed_volume(*vs)
    if d >= 2:
        i, j = data.draw(st.lists(st.integers(0, d - 1), min_size=2, max_size=2, unique=True))
        swapped = list(vs)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        assert signed_volume(*swapped) == -vol
        # adding a multiple of another vector changes nothing (shear)
        s = data.draw(st.fractions(min_value=-3, max_value=3, max_denominator=4))
        sheared = list(vs)
        sheared[i] = tuple(a + s * b for a, b in zip(vs[i], vs[j]))
        assert signed_volume(*sheared) == vol
    i = data.draw(st.integers(0, d - 1))
    w = data.draw(vectors(d))
    s = data.draw(st.fractions(min_value=-3, max_value=3, max_denominator=4))
    mixed = list(vs)
    mixed[i] = tuple(a + s * b for a, b in zip(vs[i], w))
    other = list(vs)
    other[i] = w
    assert signed_volume(*mixed) == vol + s * signed_volume(*other)


@given(cross_input())
def test_signed_volume_is_dot_with_cross(args):
    """x · cross(V) = det[x, V] = signed_volume(x, *V)."""
    _, x, vs = args
    assert signed_volume(x, *vs) == dot(x, cross(*vs))


def test_signed_volume_known_values():
    assert signed_volume([1, 0], [0, 1]) == 1
    assert signed_volume([0, 1], [1, 0]) == -1
    assert signed_volume([2, 0, 0], [0, 3, 0], [0, 0, "1/2"]) == 3
    assert signed_volume([1, 2, 3], [4, 5, 6], [7, 8, 10]) == -3
    assert signed_volume(["-7/4"]) == Fraction(-7, 4)
    assert signed_volume(np.array([1, 2]), np.array([3, 4])) == -2
    for d in range(1, 7):
        assert signed_volume(*np.eye(d, dtype=np.int64)) == 1


@pytest.mark.parametrize("d", [2, 3, 4])
def test_signed_volume_symbolic(d):
    V = sympy.Matrix(d, d, lambda i, j: sympy.Symbol(f"a{i}{j}"))
    got = signed_volume(*[list(V[:, j]) for j in range(d)])
    assert sympy.expand(got - V.det()) == 0


# ---------------------------------------------------------------- simplex_volume


def _independent_simplex_volume(points):
    d = len(points[0])
    p0 = points[0]
    diffs = [[a - b for a, b in zip(p, p0)] for p in points[1:]]
    return Fraction(leibniz_det(columns(diffs))) / math.factorial(d)


@given(simplex)
@example((2, [(Fr(0), Fr(0)), (Fr(1), Fr(0)), (Fr(0), Fr(1))]))
@example((3, [(Fr(1), Fr(1), Fr(1))] * 4))  # all points equal
@example((1, [(Fr(3),), (Fr(-2),)]))
def test_simplex_volume_is_det_over_factorial(dp):
    d, ps = dp
    got = simplex_volume(*ps)
    assert type(got) is Fraction
    assert got == _independent_simplex_volume(ps)
    # any vertex may serve as the anchor, up to the sign of the permutation (a cyclic shift)
    shifted = ps[1:] + ps[:1]
    assert simplex_volume(*shifted) == got * (-1) ** d


@given(simplex, vectors(6))
def test_simplex_volume_translation_invariant(dp, t):
    d, ps = dp
    t = t[:d]
    moved = [tuple(a + b for a, b in zip(p, t)) for p in ps]
    assert simplex_volume(*moved) == simplex_volume(*ps)


@given(simplex)
def test_simplex_volume_zero_iff_affinely_dependent(dp):
    d, ps = dp
    diffs = [tuple(a - b for a, b in zip(p, ps[0])) for p in ps[1:]]
    assert (simplex_volume(*ps) == 0) == (rank(diffs) < d)


@pytest.mark.parametrize("d", range(1, 7))
def test_unit_simplex(d):
    pts = [[0] * d] + [[int(i == j) for j in range(d)] for i in range(d)]
    assert simplex_volume(*pts) == Fraction(1, math.factorial(d))


def test_simplex_volume_known_values():
    assert simplex_volume([0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]) == Fraction(1, 6)
    assert simplex_volume([0, 0], [0, 1], [1, 0]) == Fraction(-1, 2)


def test_simplex_volume_symbolic():
    x, y = sympy.symbols("x y")
    assert sympy.expand(simplex_volume([x, y], [1, 0], [0, 1]) - (1 - x - y) / 2) == 0


# ---------------------------------------------------------------- triangle_area


def _shoelace(a, b, c):
    xs, ys = [a[0], b[0], c[0]], [a[1], b[1], c[1]]
    s = sum(xs[i] * ys[(i + 1) % 3] - xs[(i + 1) % 3] * ys[i] for i in range(3))
    return Fraction(s) / 2


@given(vectors(2), vectors(2), vectors(2))
@example((Fr(0), Fr(0)), (Fr(4), Fr(0)), (Fr(0), Fr(3)))
@example((Fr(1), Fr(1)), (Fr(1), Fr(1)), (Fr(2), Fr(5)))  # repeated vertex
@example((Fr(0), Fr(0)), (Fr(1), Fr(1)), (Fr(2), Fr(2)))  # collinear
def test_triangle_area_is_shoelace(a, b, c):
    area = triangle_area(a, b, c)
    assert area == _shoelace(a, b, c)
    assert area == simplex_volume(a, b, c)
    # ½ (b−a) ∧ (c−a)
    ba = [p - q for p, q in zip(b, a)]
    ca = [p - q for p, q in zip(c, a)]
    assert area == wedge(ba, ca).coefficients[0] / 2
    # orientation: a swap flips the sign, a rotation of the vertices keeps it
    assert triangle_area(b, a, c) == -area
    assert triangle_area(b, c, a) == area
    assert (area == 0) == (rank([ba, ca]) < 2)


def test_triangle_area_known_values():
    assert triangle_area([0, 0], [4, 0], [0, 3]) == 6
    assert triangle_area([0, 0], [0, 3], [4, 0]) == -6
    assert triangle_area(["1/2", 0], [1, 0], [0, "1/3"]) == Fraction(1, 12)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: signed_volume(), "signed_volume needs d vectors in R\\^d, got 0"),
        (lambda: signed_volume([1, 0], [0, 1], [1, 1]), "signed_volume needs d = 2 vectors in R\\^2, got 3"),
        (lambda: signed_volume([1, 0, 0], [0, 1, 0]), "d = 3 vectors in R\\^3, got 2"),
        (lambda: signed_volume([1, 0], [0, 1, 0]), "argument 0 is in R\\^2, argument 1 in R\\^3"),
        (lambda: simplex_volume(), "simplex_volume needs d\\+1 points in R\\^d, got 0"),
        (lambda: simplex_volume([0, 0], [1, 0]), "simplex_volume needs d\\+1 = 3 points in R\\^2, got 2"),
        (lambda: simplex_volume([0, 0], [1, 0], [0, 1, 2]), "argument 0 is in R\\^2, argument 2 in R\\^3"),
        (lambda: triangle_area([0, 0, 0], [1, 0, 0], [0, 1, 0]), "triangle_area needs points in R\\^2, got points in R\\^3"),
        (lambda: triangle_area([0, 0], [1, 0], [0, 1, 0]), "argument 0 is in R\\^2, argument 2 in R\\^3"),
        (lambda: signed_volume(5), "must be a sequence of coordinates"),
    ],
)
def test_volume_errors(call, words):
    with pytest.raises(DimensionError, match=words):
        call()


def test_volumes_refuse_floats():
    with pytest.raises(NonExactInputError, match="from_float"):
        signed_volume([1.0, 0], [0, 1])
    with pytest.raises(NonExactInputError, match="from_float"):
        simplex_volume([0, 0], [1, 0], np.array([0.0, 1.0]))
    with pytest.raises(NonExactInputError, match="from_float"):
        triangle_area([0, 0], [1, 0], [0, 0.5])
