"""Blades, vectors and the wedge product (exactwedge.ga.blade)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

from tests._strategies import (
    columns,
    d_and_vectors,
    dims,
    dot,
    gram,
    k_vectors,
    leibniz_det,
    minor,
    rank,
    sympy_det,
    vector_lists,
    vectors,
)
from exactwedge import Blade, Vector, basis_blade, pseudoscalar, wedge
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError, TooLargeError
from exactwedge.ga import blade as blade_module


def d_k_vectors(min_k: int = 1):
    """(d, k, k vectors of Q^d) with 1 <= k <= d."""
    return dims(2, 6).flatmap(
        lambda d: st.integers(min_k, d).flatmap(lambda k: vector_lists(d, k).map(lambda vs: (d, k, vs)))
    )


Fr = Fraction


# ---------------------------------------------------------------- wedge = minors


@given(d_k_vectors())
@example((2, 1, [(Fr(1), Fr(2))]))
@example((3, 2, [(Fr(0), Fr(0), Fr(0)), (Fr(1), Fr(2), Fr(3))]))  # a zero vector
@example((3, 2, [(Fr(1), Fr(2), Fr(3)), (Fr(1), Fr(2), Fr(3))]))  # a repeated vector
def test_wedge_coordinates_are_minors(dkv):
    d, k, vs = dkv
    B = wedge(*vs)
    assert (B.dim, B.grade) == (d, k)
    assert len(B.coefficients) == math.comb(d, k)
    for index_set, c in zip(Blade.basis(d, k), B.coefficients):
        assert c == minor(vs, [i - 1 for i in index_set])
        assert B.coord(*index_set) == c


@given(d_k_vectors())
def test_norm2_is_gram_determinant(dkv):
    """Cauchy–Binet: the sum of the squared minors is det(VᵀV)."""
    d, k, vs = dkv
    B = wedge(*vs)
    g = sympy_det(gram(vs))
    assert B.norm2 == g
    assert B.norm2 == sum(minor(vs, list(rows)) ** 2 for rows in itertools.combinations(range(d), k))
    assert B.norm2 >= 0
    assert B.inner(B) == B.norm2


@given(dims(2, 6).flatmap(lambda d: st.integers(1, d).flatmap(
    lambda k: st.tuples(st.just(d), vector_lists(d, k), vector_lists(d, k)))))
def test_inner_product_is_gram_determinant(args):
    d, vs, us = args
    A, B = wedge(*vs), wedge(*us)
    expected = sympy_det(gram(vs, us))
    assert A.inner(B) == expected
    assert (A | B) == expected
    assert B.inner(A) == expected


@given(d_k_vectors(min_k=2), st.data())
def test_wedge_antisymmetric(dkv, data):
    d, k, vs = dkv
    i, j = data.draw(st.lists(st.integers(0, k - 1), min_size=2, max_size=2, unique=True))
    swapped = list(vs)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert wedge(*swapped) == -wedge(*vs)
    repeated = list(vs)
    repeated[j] = vs[i]
    assert wedge(*repeated).is_zero()


@given(d_k_vectors())
@example((3, 3, [(Fr(1), Fr(2), Fr(3)), (Fr(4), Fr(5), Fr(6)), (Fr(7), Fr(8), Fr(9))]))
@example((4, 2, [(Fr(0),) * 4, (Fr(1), Fr(0), Fr(0), Fr(0))]))
def test_wedge_zero_iff_dependent(dkv):
    d, k, vs = dkv
    B = wedge(*vs)
    assert B.is_zero() == (rank(vs) < k)
    assert B.is_zero() == (B.norm2 == 0)


@given(dims(2, 6).flatmap(lambda d: st.tuples(st.just(d), vector_lists(d, 3))), st.data())
def test_wedge_associative_and_graded_commutative(dv, data):
    d, vs = dv
    k = data.draw(st.integers(1, min(d, 3)))
    vs = vs[:k]
    full = wedge(*vs)
    for split in range(1, k):
        A, B = wedge(*vs[:split]), wedge(*vs[split:])
        assert A ^ B == full
        assert wedge(A, B) == full
        # B ∧ A = (-1)^(kl) A ∧ B
        sign = (-1) ** (A.grade * B.grade)
        assert B ^ A == full * sign


@given(dims(2, 5).flatmap(lambda d: st.integers(0, d).flatmap(
    lambda k: st.integers(0, d - k).flatmap(
        lambda l: st.tuples(st.just(d), st.just(k), st.just(l), k_vectors(d, k), k_vectors(d, l))))))
def test_graded_commutativity_general_blades(args):
    d, k, l, ca, cb = args
    A, B = Blade(d, k, ca), Blade(d, l, cb)
    assert A ^ B == (B ^ A) * (-1) ** (k * l)


@given(dims(2, 6).flatmap(lambda d: st.tuples(st.just(d), vector_lists(d, 3))), vectors(6), st.sampled_from([Fr(-2), Fr(1, 3), Fr(0)]))
def test_wedge_multilinear(dv, extra, s):
    d, vs = dv
    k = min(d, 3)
    vs = vs[:k]
    w = extra[:d]
    mixed = [tuple(a + s * b for a, b in zip(vs[0], w))] + vs[1:]
    assert wedge(*mixed) == wedge(*vs) + wedge(w, *vs[1:]) * s


@given(d_k_vectors())
def test_scaling(dkv):
    d, k, vs = dkv
    scaled = [tuple(2 * c for c in v) for v in vs]
    assert wedge(*scaled) == wedge(*vs) * 2**k
    assert wedge(*scaled).norm2 == wedge(*vs).norm2 * 4**k


def test_full_grade_wedge_is_determinant_times_pseudoscalar():
    vs = [(1, 2, 3), (4, 5, 6), (7, 8, 10)]
    assert wedge(*vs) == pseudoscalar(3) * leibniz_det(columns(vs))
    assert wedge(*vs).coefficients == (Fraction(-3),)


def test_wedge_single_vector_is_that_vector():
    v = wedge([1, "1/2", 0])
    assert isinstance(v, Vector)
    assert v == Vector(1, Fraction(1, 2), 0)


def test_wedge_known_values():
    assert wedge([1, 2], [3, 4]) == Blade(2, 2, [-2])
    assert repr(wedge([1, 2], [3, 4])) == "Blade(-2*e12, dim=2)"
    assert wedge([1, 0, 0], [0, 1, 0], [0, 0, 1]) == pseudoscalar(3)
    assert repr(wedge([1, 0, 0], [0, 2, 1])) == "Blade(2*e12 + e13, dim=3)"
    assert wedge(["1/2", 0], [0, "2/3"]).coefficients == (Fraction(1, 3),)


def test_wedge_accepts_mixed_exact_inputs():
    expected = wedge([1, 2, 3], [4, 5, 6])
    assert wedge(np.array([1, 2, 3]), Vector(4, 5, 6)) == expected
    assert wedge(["1", "2", "3"], [flint.fmpz(4), sympy.Integer(5), flint.fmpq(6)]) == expected
    assert Vector(1, 2, 3) ^ [4, 5, 6] == expected
    assert [1, 2, 3] ^ Vector(4, 5, 6) == expected


# ---------------------------------------------------------------- symbolic


@pytest.mark.parametrize("d, k", [(2, 1), (2, 2), (3, 2), (3, 3), (4, 2), (4, 3)])
def test_symbolic_wedge_is_minors(d, k):
    V = sympy.Matrix(d, k, lambda i, j: sympy.Symbol(f"v{i}{j}"))
    vs = [list(V[:, j]) for j in range(k)]
    B = wedge(*vs)
    for index_set, c in zip(Blade.basis(d, k), B.coefficients):
        expected = V.extract([i - 1 for i in index_set], list(range(k))).det()
        assert sympy.expand(c - expected) == 0
    assert sympy.expand(B.norm2 - (V.T * V).det()) == 0


def test_symbolic_coefficients_collapse_to_fractions():
    x = sympy.Symbol("x")
    B = wedge([x, 1], [x, 1])
    assert B.is_zero()
    assert all(type(c) is Fraction for c in B.coefficients)
    assert wedge([x + 1, 0], [0, 1]) - wedge([x, 0], [0, 1]) == Blade(2, 2, [1])


def test_symbolic_repr():
    a1, a2, b1, b2 = sympy.symbols("a1 a2 b1 b2")
    assert repr(wedge([a1, a2], [b1, b2])) == "Blade((a1*b2 - a2*b1)*e12, dim=2)"


# ---------------------------------------------------------------- construction and queries


def test_blade_init_validates():
    with pytest.raises(DimensionError, match="a grade-2 blade in R\\^3 has 3 coefficients, got 2"):
        Blade(3, 2, [1, 2])
    with pytest.raises(DimensionError, match="0 <= grade <= dim, got grade 4 in dim 3"):
        Blade(3, 4, [1])
    with pytest.raises(DimensionError):
        Blade(-1, 0, [1])
    with pytest.raises(NonExactInputError):
        Blade(2, 1, [0.5, 1])


def test_blade_immutable():
    B = wedge([1, 0], [0, 1])
    with pytest.raises(AttributeError):
        B.dim = 3
    with pytest.raises(AttributeError):
        B.coefficients = (Fraction(2),)


def test_basis_order_and_from_coords():
    assert Blade.basis(3, 2) == [(1, 2), (1, 3), (2, 3)]
    assert Blade.basis(4, 0) == [()]
    B = Blade.from_coords(3, {(2, 1): 3, (2, 3): "-1/2"})
    assert B.coefficients == (Fraction(-3), 0, Fraction(-1, 2))
    assert B.coords == {(1, 2): -3, (2, 3): Fraction(-1, 2)}
    assert B.coord(2, 1) == 3
    assert B.coord(3, 2) == Fraction(1, 2)
    # repeated keys add up
    assert Blade.from_coords(2, {(1, 2): 1, (2, 1): 1}).is_zero()


@pytest.mark.parametrize(
    "coords, error, words",
    [
        ({}, InvalidInputError, "at least one coefficient"),
        ({(1,): 1, (1, 2): 1}, DimensionError, r"one grade, got grades \[1, 2\]"),
        ({(1, 4): 1}, DimensionError, r"in 1..3, got \(1, 4\)"),
        ({(0, 1): 1}, DimensionError, r"in 1..3, got \(0, 1\)"),
        ({(2, 2): 1}, DimensionError, r"repeated basis index in \(2, 2\)"),
    ],
)
def test_from_coords_errors(coords, error, words):
    with pytest.raises(error, match=words):
        Blade.from_coords(3, coords)


@pytest.mark.parametrize("d", range(1, 7))
def test_basis_blades_and_pseudoscalar(d):
    I = pseudoscalar(d)
    assert (I.grade, I.dim, I.coefficients) == (d, d, (Fraction(1),))
    assert I.norm2 == 1
    assert wedge(*[basis_blade(d, i) for i in range(1, d + 1)]) == I
    for k in range(d + 1):
        for index_set in Blade.basis(d, k):
            e = basis_blade(d, *index_set)
            assert e.coords == {index_set: 1}
    assert basis_blade(d).grade == 0
    assert basis_blade(d).coefficients == (1,)


def test_basis_blade_unsorted_indices_carry_sign():
    assert basis_blade(3, 2, 1) == -basis_blade(3, 1, 2)
    assert basis_blade(3, 3, 1, 2) == basis_blade(3, 1, 2, 3)
    assert basis_blade(3, 1) ^ basis_blade(3, 1) == Blade(3, 2, [0, 0, 0])


def test_vector_behaves_as_sequence():
    v = Vector(3, "-4/7")
    assert list(v) == [3, Fraction(-4, 7)]
    assert v[1] == Fraction(-4, 7)
    assert v[-1] == Fraction(-4, 7)
    assert len(v) == 2
    assert v.dot([1, 7]) == -1
    assert (v | Vector(1, 7)) == -1
    assert ([1, 7] | v) == -1
    assert repr(v) == "Vector(3, -4/7)"
    assert Vector([1, 2]) == Vector((1, 2)) == Vector(np.array([1, 2])) == Vector(1, 2)
    assert Vector(flint.fmpq(1, 2), sympy.Rational(3)) == Vector(Fraction(1, 2), 3)
    # a SymPy Matrix is a sequence of coordinates, as everywhere else; a SymPy expression is one coordinate
    x = sympy.Symbol("x")
    assert Vector(sympy.Matrix([1, 2])) == Vector(sympy.Matrix([[1, 2]])) == Vector(1, 2)
    assert Vector(x + 1).coefficients == (x + 1,)
    with pytest.raises(DimensionError, match="row or column"):
        Vector(sympy.Matrix([[1, 2], [3, 4]]))


def test_equality_and_hash():
    a = Vector(1, 2)
    b = Blade(2, 1, [Fraction(1), sympy.Integer(2)])
    assert a == b
    assert hash(a) == hash(b)
    assert {a: "x"}[b] == "x"
    assert Vector(1, 2) != Vector(1, 2, 0)
    assert Vector(1, 0) != Blade(2, 2, [1])
    assert (Vector(1, 2) == (1, 2)) is False
    assert Vector(1, 2) != Vector(2, 1)


def test_arithmetic():
    a, b = Vector(1, 2), Vector(3, "1/2")
    assert a + b == Vector(4, Fraction(5, 2))
    assert a - b == Vector(-2, Fraction(3, 2))
    assert -a == Vector(-1, -2)
    assert a * "1/2" == Vector(Fraction(1, 2), 1) == Fraction(1, 2) * a
    assert a / 2 == Vector(Fraction(1, 2), 1)
    with pytest.raises(ZeroDivisionError):
        a / 0
    with pytest.raises(DimensionError, match="addition needs one space, got R\\^2 and R\\^3"):
        a + Vector(1, 2, 3)
    with pytest.raises(DimensionError, match="subtraction needs equal grades, got 1 and 2"):
        a - wedge([1, 0], [0, 1])
    with pytest.raises(TypeError):
        a + 1
    with pytest.raises(NonExactInputError):
        a * 0.5


def test_repr_of_special_blades():
    assert repr(Blade(2, 2, [0])) == "Blade(0, grade=2, dim=2)"
    assert repr(Blade(2, 0, [3])) == "Blade(3, grade=0, dim=2)"
    assert repr(Blade(3, 2, [1, -1, "1/2"])) == "Blade(e12 - e13 + 1/2*e23, dim=3)"


# ---------------------------------------------------------------- errors


def test_wedge_errors_say_what_was_got():
    with pytest.raises(DimensionError, match="wedge needs at least 1 vector, got 0"):
        wedge()
    with pytest.raises(DimensionError, match="argument 0 is in R\\^2, argument 1 in R\\^3"):
        wedge([1, 2], [1, 2, 3])
    with pytest.raises(DimensionError, match="expected at most 2 vectors, got 3"):
        wedge([1, 2], [3, 4], [5, 6])
    with pytest.raises(DimensionError, match="total grade 3 > dimension 2|at most 2"):
        wedge(wedge([1, 0], [0, 1]), [1, 1])
    with pytest.raises(DimensionError, match="wedge needs one space, got R\\^2 and R\\^3"):
        Vector(1, 2) ^ Vector(1, 2, 3)
    with pytest.raises(DimensionError, match="inner product needs equal grades, got 1 and 2"):
        Vector(1, 2).inner(wedge([1, 0], [0, 1]))
    with pytest.raises(DimensionError, match="inner product needs one space"):
        Vector(1, 2).inner(Vector(1, 2, 3))
    with pytest.raises(DimensionError, match="sequence of coordinates"):
        wedge(3)


def test_wedge_refuses_too_large_results():
    vs = [[int(i == j) for j in range(24)] for i in range(12)]  # C(24, 12) > 10^6 coefficients
    with pytest.raises(TooLargeError, match="coefficients \\(limit 1000000\\)"):
        wedge(*vs)


def test_wedge_limit_is_honoured_on_both_paths(monkeypatch):
    monkeypatch.setattr(blade_module, "MAX_BLADE_COEFFICIENTS", 5)
    with pytest.raises(TooLargeError, match="2 vectors in R\\^4 passes through blades with 6 coefficients \\(limit 5\\)"):
        wedge([1, 0, 0, 0], [0, 1, 0, 0])  # rational-vector path
    with pytest.raises(TooLargeError, match="grade-2 blade in R\\^4 has 6 coefficients"):
        basis_blade(4, 1) ^ Vector(0, 1, 0, 0)  # general blade path


@given(d_and_vectors(lambda d: 2))
def test_inner_product_of_vectors_is_dot(dv):
    d, (a, b) = dv
    assert Vector(*a).dot(b) == dot(a, b)
