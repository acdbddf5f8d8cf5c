"""Exact linear algebra (exactwedge.numbers.linalg): properties on small rational matrices, and SymPy agreement."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.numbers import linalg
from exactwedge.numbers.linalg import IndependentVectors, det, inverse, lstsq, nullspace, pivot_columns, rank, rref, solve
from tests._strategies import as_fraction, dot, sympy_det, sympy_matrix, vector_lists


def matrices(lo: int = 1, hi: int = 5):
    """(n, d, rows): n rows of Q^d, often dependent (zero rows, copies, multiples, combinations)."""
    return st.tuples(st.integers(lo, hi), st.integers(lo, hi)).flatmap(
        lambda nd: vector_lists(nd[1], nd[0]).map(lambda rows: (nd[0], nd[1], [list(r) for r in rows])))


def square(lo: int = 1, hi: int = 5):
    return st.integers(lo, hi).flatmap(lambda d: vector_lists(d, d).map(lambda rows: [list(r) for r in rows]))


def _matvec(A, x):
    return [dot(r, x) for r in A]


@given(matrices())
def test_rank_agrees_with_sympy_and_its_transpose(case):
    n, d, M = case
    r = rank(M)
    assert r == sympy_matrix(M).rank()
    assert r == rank([list(c) for c in zip(*M)]) <= min(n, d)


@given(matrices())
def test_rref_agrees_with_sympy(case):
    _, _, M = case
    R, piv = rref(M)
    S, spiv = sympy_matrix(M).rref()
    assert [[as_fraction(S[i, j]) for j in range(S.cols)] for i in range(S.rows)] == R
    assert piv == list(spiv) == pivot_columns(M)
    assert all(isinstance(c, Fraction) for r in R for c in r)
    # the pivot columns are independent and span the column space
    assert rank([[r[j] for j in piv] for r in M]) == len(piv) == rank(M)


@given(matrices())
def test_nullspace_vectors_are_an_integer_basis_of_the_kernel(case):
    _, d, M = case
    N = nullspace(M)
    assert len(N) == d - rank(M)
    assert all(type(c) is int for v in N for c in v) and all(len(v) == d for v in N)
    for v in N:
        assert all(c == 0 for c in _matvec(M, v))
    if N:
        assert rank(N) == len(N)


@given(square())
def test_det_agrees_with_sympy(M):
    assert det(M) == sympy_det(M)
    assert isinstance(det(M), Fraction)


@given(square(), st.data())
def test_solve_satisfies_the_system_or_reports_singular(M, data):
    d = len(M)
    b = data.draw(vector_lists(d, 1))[0]
    if det(M) == 0:
        with pytest.raises(InvalidInputError, match="singular"):
            solve(M, b)
        with pytest.raises(InvalidInputError, match="singular"):
            inverse(M)
        return
    x = solve(M, b)
    assert _matvec(M, x) == list(b)
    assert all(isinstance(c, Fraction) for c in x)
    Minv = inverse(M)
    eye = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    assert [[dot(r, c) for c in zip(*Minv)] for r in M] == eye
    S = sympy_matrix(M).inv()
    assert Minv == [[as_fraction(S[i, j]) for j in range(d)] for i in range(d)]
    assert x == [dot(r, b) for r in Minv]


@given(matrices(), st.data())
def test_lstsq_residual_is_orthogonal_to_the_columns(case, data):
    n, d, A = case
    b = data.draw(vector_lists(n, 1))[0]
    if rank(A) < d:
        with pytest.raises(InvalidInputError, match="dependent columns"):
            lstsq(A, b)
        return
    x = lstsq(A, b)
    r = [p - q for p, q in zip(_matvec(A, x), b)]
    assert all(dot(col, r) == 0 for col in zip(*A))
    S = sympy_matrix(A)
    ref = (S.T * S).inv() * S.T * sympy_matrix([[v] for v in b])
    assert x == [as_fraction(ref[i, 0]) for i in range(d)]
    if n == d:
        assert x == solve(A, b)


@given(st.integers(1, 5).flatmap(lambda d: st.tuples(st.just(d), vector_lists(d, 7))))
def test_independent_vectors_accepts_exactly_when_the_rank_grows(case):
    d, vs = case
    ind = IndependentVectors(d)
    kept = []
    for v in vs:
        grows = rank(kept + [list(v)]) > rank(kept) if kept else any(v)
        assert ind.add(v) == grows
        if grows:
            kept.append(list(v))
    assert len(ind) == len(kept) == rank(vs)


def test_independent_vectors_decides_exactly_what_is_dependent_mod_p():
    p = linalg._PRIME
    ind = IndependentVectors(3)
    assert ind.add([p, 0, 0]) and ind.exact_only  # zero mod p
    assert not ind.add([2 * p, 0, 0]) and not ind.add([1, 0, 0])
    assert ind.add([0, 1, 1]) and not ind.add([3, 2, 2]) and ind.add([0, 0, 1])
    assert ind.vectors == [[p, 0, 0], [0, 1, 1], [0, 0, 1]]


def test_integer_and_rational_entries_give_the_same_answers():
    M = [[2, 4, 6], [1, 0, 1], [3, 4, 7]]
    Q = [[Fraction(c) for c in r] for r in M]
    assert rank(M) == rank(Q) == 2
    assert nullspace(M) == nullspace(Q)
    assert det(M) == det(Q) == 0
    assert det([["1/2", 0], [0, "2/3"]]) == Fraction(1, 3)  # any exact reading of the entries


def test_empty_and_degenerate_shapes():
    assert rank([]) == 0 and rank([[], []]) == 0
    assert rref([]) == ([], []) and pivot_columns([[0, 0]]) == []
    assert det([]) == 1 and solve([], []) == [] and inverse([]) == []
    assert nullspace([[0, 0, 0]]) == nullspace([], ncols=3)
    assert len(nullspace([], ncols=3)) == 3


def test_typed_errors():
    with pytest.raises(DimensionError):
        rank([[1, 2], [3]])
    with pytest.raises(DimensionError):
        det([[1, 2]])
    with pytest.raises(DimensionError):
        solve([[1, 0], [0, 1]], [1])
    with pytest.raises(DimensionError):
        nullspace([])
    with pytest.raises(DimensionError):
        IndependentVectors(2).add([1, 2, 3])
    with pytest.raises(NonExactInputError):
        rank([[0.5, 1]])
    with pytest.raises(InvalidInputError):
        det([[sympy.Symbol("x")]])
