"""Exact distances to spans and affine hulls (exactwedge.ga.distances)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

from tests._strategies import (
    cross_input,
    dims,
    dot,
    gram,
    rank,
    sympy_matrix,
    to_sympy,
    vector_lists,
    vectors,
)
from exactwedge import (
    cross,
    distance_to_affine_hull,
    distance_to_span,
    squared_distance_to_affine_hull,
    squared_distance_to_span,
)
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError

Fr = Fraction


def span_input(max_k: int = 6):
    """(d, x, V) with d in 2..6 and 0..min(d+1, max_k) vectors (dependent ones included)."""
    return dims(2, 6).flatmap(
        lambda d: st.integers(0, min(d + 1, max_k)).flatmap(
            lambda k: st.tuples(st.just(d), vectors(d), vector_lists(d, k))
        )
    )


def reference_squared_distance(x, vs) -> Fraction:
    """det Gram(B ∪ {x}) / det Gram(B) for a basis B of span V, all in SymPy."""
    basis = sympy_matrix(vs).T.columnspace() if vs else []
    X = sympy.Matrix([to_sympy(c) for c in x])
    if not basis:
        r = X.dot(X)
    else:
        B = sympy.Matrix.hstack(*basis)
        BX = sympy.Matrix.hstack(B, X)
        r = (BX.T * BX).det() / (B.T * B).det()
    return Fraction(int(r.p), int(r.q))


pinned = [
    (2, (Fr(1), Fr(2)), []),
    (3, (Fr(1), Fr(1), Fr(1)), [(Fr(1), Fr(0), Fr(0)), (Fr(0), Fr(1), Fr(0))]),
    (3, (Fr(0), Fr(0), Fr(1)), [(Fr(1), Fr(1), Fr(0)), (Fr(2), Fr(2), Fr(0))]),  # dependent
    (3, (Fr(1), Fr(2), Fr(3)), [(Fr(0),) * 3]),  # zero vector spans {0}
    (2, (Fr(1), Fr(2)), [(Fr(1), Fr(2))]),  # x in the span
]


def pin(test):
    for p in pinned:
        test = example(p)(test)
    return test


# ---------------------------------------------------------------- spans


@given(span_input())
@pin
def test_squared_distance_is_gram_ratio(args):
    d, x, vs = args
    got = squared_distance_to_span(x, vs)
    assert type(got) is Fraction
    assert got == reference_squared_distance(x, vs)


@given(span_input(max_k=4))
def test_squared_distance_gram_formula_for_independent_vectors(args):
    """With independent V, literally det Gram(V ∪ {x}) / det Gram(V)."""
    d, x, vs = args
    if rank(vs) < len(vs):
        return
    num = sympy_matrix(gram(vs + [x])).det()
    den = sympy_matrix(gram(vs)).det() if vs else 1
    assert squared_distance_to_span(x, vs) == Fraction(str(num / den))


@given(cross_input())
@example((2, (Fr(1), Fr(2)), [(Fr(1), Fr(1))]))
def test_squared_distance_via_cross(args):
    """For d−1 independent vectors: |x·cross(V)|² / ‖cross(V)‖²."""
    _, x, vs = args
    c = cross(*vs)
    if c.is_zero():
        return
    assert squared_distance_to_span(x, vs) == dot(x, c) ** 2 / c.norm2


@given(span_input())
@pin
def test_distance_is_root_of_square(args):
    d, x, vs = args
    sq = squared_distance_to_span(x, vs)
    dist = distance_to_span(x, vs)
    assert dist == sympy.sqrt(sympy.Rational(sq.numerator, sq.denominator))
    assert sympy.simplify(dist**2 - to_sympy(sq)) == 0
    assert dist.is_nonnegative


@given(span_input())
@pin
def test_span_distance_properties(args):
    d, x, vs = args
    sq = squared_distance_to_span(x, vs)
    assert 0 <= sq <= dot(x, x)
    # zero exactly when x lies in the span
    assert (sq == 0) == (rank(vs + [x]) == rank(vs))
    # only the span matters: scaling, reordering and repeating the vectors change nothing
    if vs:
        assert squared_distance_to_span(x, [tuple(-3 * c for c in v) for v in vs]) == sq
        assert squared_distance_to_span(x, vs[::-1] + vs[:1]) == sq
    # any member of the span is at distance 0; x + (member) keeps the distance
    member = tuple(sum((Fr(i + 1) * v[j] for i, v in enumerate(vs)), Fr(0)) for j in range(d))
    assert squared_distance_to_span(member, vs) == 0
    assert squared_distance_to_span(tuple(a + b for a, b in zip(x, member)), vs) == sq
    # homogeneous of degree 2 in x
    assert squared_distance_to_span(tuple(2 * a for a in x), vs) == 4 * sq


def test_span_known_values():
    assert squared_distance_to_span([3, 4], []) == 25
    assert squared_distance_to_span([1, 1, 1], [[1, 0, 0], [0, 1, 0]]) == 1
    assert squared_distance_to_span([0, 0, 1], [[1, 1, 0], [2, 2, 0]]) == 1
    assert distance_to_span([1, 2], [[1, 1]]) == sympy.sqrt(2) / 2
    assert distance_to_span([1, 0, 0], [[1, 1, 0], [0, 0, 1]]) == sympy.sqrt(2) / 2
    assert distance_to_span([1, 1, 1], [[1, 0, 0], [0, 1, 0]]) == 1
    assert squared_distance_to_span(np.array([0, 3]), np.array([[1, 0]])) == 9
    assert squared_distance_to_span(["1/2", 0], [["0.5", "1e-1"]]) == Fraction(1, 104)


# ---------------------------------------------------------------- affine hulls


def affine_input():
    """(d, x, points) with 1..d+1 points, often affinely dependent."""
    return dims(2, 6).flatmap(
        lambda d: st.integers(1, d + 1).flatmap(
            lambda k: st.tuples(st.just(d), vectors(d), vector_lists(d, k))
        )
    )


@given(affine_input())
@example((2, (Fr(0), Fr(0)), [(Fr(1), Fr(0)), (Fr(0), Fr(1))]))
@example((2, (Fr(5), Fr(5)), [(Fr(1), Fr(2))]))
@example((3, (Fr(1), Fr(0), Fr(0)), [(Fr(0),) * 3, (Fr(0),) * 3]))  # duplicate points
def test_affine_hull_is_shifted_span(args):
    d, x, ps = args
    p0 = ps[0]
    shifted = [tuple(a - b for a, b in zip(p, p0)) for p in ps[1:]]
    x0 = tuple(a - b for a, b in zip(x, p0))
    sq = squared_distance_to_affine_hull(x, ps)
    assert sq == squared_distance_to_span(x0, shifted)
    assert sq == reference_squared_distance(x0, shifted)
    assert distance_to_affine_hull(x, ps) == sympy.sqrt(sympy.Rational(sq.numerator, sq.denominator))


@given(affine_input(), vectors(6), st.randoms(use_true_random=False))
def test_affine_hull_invariances(args, t, random):
    d, x, ps = args
    t = t[:d]
    sq = squared_distance_to_affine_hull(x, ps)
    # translating everything changes nothing
    move = lambda p: tuple(a + b for a, b in zip(p, t))  # noqa: E731
    assert squared_distance_to_affine_hull(move(x), [move(p) for p in ps]) == sq
    # the hull does not depend on which point is the anchor
    perm = list(ps)
    random.shuffle(perm)
    assert squared_distance_to_affine_hull(x, perm) == sq
    # every point of the hull is on it
    for p in ps:
        assert squared_distance_to_affine_hull(p, ps) == 0
    # an affine combination (weights summing to 1) is on it too
    w = [Fr(i + 1) for i in range(len(ps))]
    w[0] += 1 - sum(w)
    comb = tuple(sum((wi * p[j] for wi, p in zip(w, ps)), Fr(0)) for j in range(d))
    assert squared_distance_to_affine_hull(comb, ps) == 0


def test_affine_known_values():
    assert squared_distance_to_affine_hull([0, 0], [[1, 0], [0, 1]]) == Fraction(1, 2)
    assert squared_distance_to_affine_hull([5, 5], [[1, 2]]) == 25
    assert distance_to_affine_hull([0, 0], [[1, 0], [0, 1]]) == sympy.sqrt(2) / 2
    # a line through two points in R^3
    assert squared_distance_to_affine_hull([0, 0, 0], [[1, 0, 1], [1, 1, 1]]) == 2


# ---------------------------------------------------------------- symbolic


def test_symbolic_distances():
    x, y = sympy.symbols("x y", real=True)
    assert sympy.expand(squared_distance_to_span([x, y], [[1, 1]]) - (x - y) ** 2 / 2) == 0
    assert squared_distance_to_span([x, y], []) == x**2 + y**2
    assert squared_distance_to_span([x, y], [[1, 0]]) == y**2
    a = sympy.Symbol("a", positive=True)
    assert squared_distance_to_span([1, 1], [[a, 0]]) == 1
    assert squared_distance_to_span([1, 1], [[1, 0], [0, a]]) == 0
    dist = distance_to_span([x, y], [[1, 1]])
    assert sympy.expand(dist**2 - (x - y) ** 2 / 2) == 0
    assert dist.subs({x: 3, y: 1}) == sympy.sqrt(2)
    assert sympy.expand(squared_distance_to_affine_hull([x, y], [[1, 0], [0, 1]]) - (x + y - 1) ** 2 / 2) == 0


def test_symbolic_dependent_vectors_refused():
    a = sympy.Symbol("a")
    with pytest.raises(InvalidInputError, match="linearly dependent"):
        squared_distance_to_span([1, 1], [[a, 0], [2 * a, 0]])


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: squared_distance_to_span([1, 2], [[1, 2, 3]]), "span vector 0 must have 2 coordinates, got 3"),
        (lambda: squared_distance_to_span([1, 2], [[1, 2], [1]]), "span vector 1 must have 2 coordinates, got 1"),
        (lambda: squared_distance_to_span([1, 2], 5), "must be a sequence of vectors, got int"),
        (lambda: squared_distance_to_span([1, 2], "12"), "must be a sequence of vectors, got str"),
        (lambda: squared_distance_to_span(3, [[1, 2]]), "x must be a sequence of coordinates"),
        (lambda: distance_to_span([1, 2, 3], [[1, 2]]), "span vector 0 must have 3 coordinates, got 2"),
        (lambda: squared_distance_to_affine_hull([1, 2], []), "the affine hull needs at least 1 point, got 0"),
        (lambda: distance_to_affine_hull([1, 2], [[1, 2, 3]]), "point 0 must have 2 coordinates, got 3"),
    ],
)
def test_distance_errors(call, words):
    with pytest.raises(DimensionError, match=words):
        call()


def test_distances_refuse_floats():
    with pytest.raises(NonExactInputError, match="from_float"):
        squared_distance_to_span([0.5, 1], [[1, 0]])
    with pytest.raises(NonExactInputError, match="from_float"):
        distance_to_affine_hull([1, 1], np.array([[1.0, 0.0]]))
