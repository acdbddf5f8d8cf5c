"""The vectorized batch kernel (exactwedge.ga.batch.cross_products) against exactwedge.cross."""

from __future__ import annotations

import importlib
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

from tests._strategies import vector_lists
from exactwedge import CrossTable, Vector, cross, cross_products
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError, TooLargeError

batch = importlib.import_module("exactwedge.ga.batch")
Fr = Fraction


def reference_cross(rows, subset, d):
    """exactwedge.cross of the chosen rows (in the given order); e_1 for d = 1."""
    if d == 1:
        return cross(dim=1)
    return cross(*[rows[j] for j in subset])


def augmented(rows, d):
    return list(rows) + [tuple(Fr(int(i == j)) for j in range(d)) for i in range(d)]


def check_table(t: CrossTable, rows, d, *, subsets=None, max_checked=300):
    """Every row of the table is the exact cross product of its subset.

    Tables longer than ``max_checked`` are checked on an evenly spread sample of rows.
    """
    assert isinstance(t, CrossTable)
    assert t.dim == d
    if subsets is None:
        subsets = list(itertools.combinations(range(len(rows)), d - 1))
    assert t.subsets.tolist() == [list(s) for s in subsets]
    assert len(t) == len(subsets)
    assert t.numerators.shape == (len(subsets), d)
    assert t.denominators.shape == (len(subsets),)
    nonzero = t.nonzero()
    l1 = t.l1_norms()
    step = max(1, -(-len(subsets) // max_checked))
    for i, s in list(enumerate(subsets))[::step]:
        expected = reference_cross(rows, s, d)
        assert t.vector(i) == expected
        den = int(t.denominators[i])
        assert den > 0
        assert [Fraction(int(c), den) for c in t.numerators[i]] == list(expected)
        assert bool(nonzero[i]) == (not expected.is_zero())
        l1_expected = sum(abs(int(c)) for c in t.numerators[i])
        if l1_expected <= batch.INT64_LIMIT or t.arithmetic == "python-int":
            # (an int64 sum past the limit is the known overflow: test_l1_norms_do_not_overflow)
            assert int(l1[i]) == l1_expected
    return t


# ---------------------------------------------------------------- against cross, property based


@st.composite
def point_sets(draw, max_d=6, max_points=7, integer=False):
    d = draw(st.integers(1, max_d))
    n = draw(st.integers(max(1, d - 1), max(max_points, d - 1)))
    if integer:
        rows = draw(st.lists(st.lists(st.integers(-20, 20), min_size=d, max_size=d).map(tuple), min_size=n, max_size=n))
        return d, [tuple(Fr(c) for c in r) for r in rows]
    return d, draw(vector_lists(d, n))


@given(point_sets())
@example((3, [(Fr(1), Fr(0), Fr(0)), (Fr(0), Fr(1), Fr(0)), (Fr(1), Fr(1), Fr(1))]))
@example((3, [(Fr(0),) * 3, (Fr(1), Fr(2), Fr(3)), (Fr(1), Fr(2), Fr(3))]))  # zero and duplicate rows
@example((1, [(Fr(3),), (Fr(-4),)]))
@example((2, [(Fr(1), Fr(0))]))  # cross(e1) = -e2
def test_rational_points_match_cross(dp):
    d, rows = dp
    t = cross_products(rows)
    check_table(t, rows, d)


@given(point_sets(max_d=5, max_points=4))
@example((2, [(Fr(1), Fr(2))]))
def test_augmented_points_match_cross(dp):
    d, rows = dp
    t = cross_products(rows, augment=True)
    check_table(t, augmented(rows, d), d)


@given(point_sets(integer=True))
def test_integer_numpy_fast_path_matches_cross(dp):
    d, rows = dp
    arr = np.array([[int(c) for c in r] for r in rows], dtype=np.int64)
    t = cross_products(arr)
    assert t.arithmetic == "int64"
    assert t.numerators.dtype == np.int64
    check_table(t, rows, d)
    assert np.all(t.denominators == 1)
    # the list path gives the same table
    t2 = cross_products([[int(c) for c in r] for r in rows])
    assert t2.numerators.tolist() == t.numerators.tolist()


@pytest.mark.parametrize("d", range(1, 7))
@pytest.mark.parametrize("augment", [False, True])
def test_random_points_each_dimension(d, augment, rng):
    n = d + 2
    ints = rng.integers(-50, 51, size=(n, d))
    dens = rng.integers(1, 8, size=(n, d))
    rational = [[Fraction(int(a), int(b)) for a, b in zip(r, s)] for r, s in zip(ints, dens)]
    for points, rows in [
        (ints, [tuple(Fr(int(c)) for c in r) for r in ints]),
        ([[f"{q.numerator}/{q.denominator}" for q in r] for r in rational], [tuple(r) for r in rational]),
    ]:
        t = cross_products(points, augment=augment)
        all_rows = augmented(rows, d) if augment else rows
        check_table(t, all_rows, d)
        # to_float is the exact table, rounded (each entry is one correctly rounded division away)
        exact = [[float(Fraction(int(c), int(den))) for c in row] for row, den in zip(t.numerators, t.denominators)]
        assert t.to_float().dtype == np.float64
        np.testing.assert_allclose(t.to_float(), np.array(exact).reshape(t.to_float().shape), rtol=1e-12, atol=0)


# ---------------------------------------------------------------- int64 vs python ints


def test_python_int_path_for_huge_entries():
    big = 10**15
    pts = np.array([[big, 1, 2], [3, big, 5], [7, 8, big]], dtype=np.int64)
    t = cross_products(pts)
    assert t.arithmetic == "python-int"
    assert t.numerators.dtype == object
    rows = [tuple(int(c) for c in r) for r in pts]
    check_table(t, rows, 3)
    # the results really exceed int64, and are exact
    assert max(abs(int(c)) for c in t.numerators.ravel()) > 2**63
    assert t.vector(0) == Vector(5 - 2 * big, 6 - 5 * big, big * big - 3)


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_int64_bound_boundary(d):
    """(d-1)! M^(d-1) <= 2^63 - 1 decides the arithmetic; both sides stay exact."""
    k = d - 1
    lo, hi = 1, batch.INT64_LIMIT  # the largest M with k! M^k <= limit, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if math.factorial(k) * mid**k <= batch.INT64_LIMIT else (lo, mid - 1)
    M = lo
    for m, arithmetic in [(M, "int64"), (M + 1, "python-int")]:
        # alternating signs make the minors as large as the bound allows
        rows = [[m if (i + j) % 2 == 0 or j == 0 else -m for j in range(d)] for i in range(d)]
        rows += [[m * int(i == j) for j in range(d)] for i in range(d)]
        # the numpy fast path where the entries fit in int64 (d = 2: M + 1 = 2^63 does not), and the list path
        inputs = [rows] + ([np.array(rows, dtype=np.int64)] if m <= batch.INT64_LIMIT else [])
        for pts in inputs:
            t = cross_products(pts)
            assert t.arithmetic == arithmetic
            check_table(t, [tuple(r) for r in rows], d)


def test_python_int_path_with_rationals():
    big = Fraction(10**18, 7)
    rows = [(big, Fr(1, 3), Fr(0)), (Fr(2), big, Fr(-5, 2)), (Fr(1), Fr(1), Fr(1))]
    t = cross_products(rows)
    assert t.arithmetic == "python-int"
    check_table(t, rows, 3)
    np.testing.assert_allclose(
        t.to_float(), [[float(c) for c in t.vector(i)] for i in range(len(t))], rtol=1e-12
    )


def test_unsigned_and_narrow_integer_arrays():
    for dtype in (np.int8, np.int16, np.int32, np.uint8, np.uint32, np.uint64):
        pts = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 10]], dtype=dtype)
        t = cross_products(pts)
        check_table(t, [tuple(int(c) for c in r) for r in pts], 3)
    t = cross_products(np.array([[2**62, 1], [3, 2**63 + 5]], dtype=np.uint64))
    check_table(t, [(2**62, 1), (3, 2**63 + 5)], 2)


def test_rational_denominators_are_products_of_row_scales():
    t = cross_products([["1/2", 0, 0], [0, "1/3", 0], [1, 1, 1]])
    assert t.denominators.tolist() == [6, 2, 3]
    assert t.vector(0) == Vector(0, 0, Fraction(1, 6))
    assert t.arithmetic == "int64"


# ---------------------------------------------------------------- explicit subsets


def test_explicit_subset_array():
    rows = [(1, 2, 3), (4, 5, 6), (7, 8, 10), (0, 1, 0)]
    fr_rows = [tuple(Fr(c) for c in r) for r in rows]
    subs = np.array([[2, 0], [0, 2], [3, 3], [1, 3]])  # unsorted, reversed, repeated index
    t = cross_products(rows, subset_array=subs)
    check_table(t, fr_rows, 3, subsets=[tuple(s) for s in subs.tolist()])
    assert t.vector(0) == -t.vector(1)
    assert not t.nonzero()[2]
    # with augmentation the basis vectors are points 4, 5, 6
    t = cross_products(rows, augment=True, subset_array=[[4, 5], [0, 6]])
    check_table(t, augmented(fr_rows, 3), 3, subsets=[(4, 5), (0, 6)])
    assert t.vector(0) == Vector(0, 0, 1)


@given(point_sets(max_d=5, max_points=6), st.data())
def test_random_subset_arrays(dp, data):
    d, rows = dp
    if d == 1:
        return
    subs = data.draw(st.lists(st.lists(st.integers(0, len(rows) - 1), min_size=d - 1, max_size=d - 1), min_size=1, max_size=8))
    t = cross_products(rows, subset_array=np.array(subs))
    check_table(t, rows, d, subsets=[tuple(s) for s in subs])


@pytest.mark.parametrize(
    "subset_array, words",
    [
        (np.array([[0, 1]]), "subset_array must have shape \\(m, 1\\), got \\(1, 2\\)"),
        (np.array([0, 1]), "subset_array must have shape \\(m, 1\\), got \\(2,\\)"),
        (np.array([[5]]), "subset indices must lie in 0..1"),
        (np.array([[-1]]), "subset indices must lie in 0..1"),
    ],
)
def test_subset_array_errors(subset_array, words):
    with pytest.raises(DimensionError, match=words):
        cross_products([[1, 2], [3, 4]], subset_array=subset_array)


# ---------------------------------------------------------------- limits and errors


def test_too_many_subsets_refused():
    pts = [[1, 2], [3, 4], [5, 6]]
    with pytest.raises(TooLargeError, match="3 subsets of size 1 from 3 points exceed the limit 2"):
        cross_products(pts, max_subsets=2)
    assert len(cross_products(pts, max_subsets=3)) == 3
    assert len(cross_products(pts, max_subsets=None)) == 3
    with pytest.raises(TooLargeError, match="subsets of size 2 from 8 points exceed the limit 10"):
        cross_products(np.arange(15).reshape(5, 3), augment=True, max_subsets=10)
    with pytest.raises(TooLargeError, match="exceed the limit"):
        batch.subsets(60, 30)  # C(60, 30) ~ 1.2e17: refused before any allocation


def test_subsets_helper():
    for n in range(0, 7):
        for k in range(0, 5):
            got = batch.subsets(n, k).tolist()
            assert got == [list(c) for c in itertools.combinations(range(n), k)] or (not got and math.comb(n, k) == 0)


@pytest.mark.parametrize(
    "points, error, words",
    [
        (np.array([1, 2, 3]), DimensionError, "points must be a 2-D array, got shape \\(3,\\)"),
        (np.zeros((2, 2, 2), dtype=np.int64), DimensionError, "points must be a 2-D array, got shape \\(2, 2, 2\\)"),
        ([[1, 2], [3]], DimensionError, "points: row 1 has 1 entries, expected 2 \\(ragged rows\\)"),
        ([], DimensionError, "at least 1 point, got 0"),
        (np.zeros((3, 0), dtype=np.int64), DimensionError, "at least 1 coordinate"),
        ([[sympy.Symbol("x"), 1], [2, 3]], DimensionError, "use exactwedge.cross for symbolic"),
        (np.array([[1.5, 2.0]]), NonExactInputError, "from_float"),
        ([[1, 0.5], [2, 3]], NonExactInputError, "from_float"),
        ([[1, float("nan")]], InvalidInputError, "NaN"),
        (np.array([[True, False]]), InvalidInputError, "boolean"),
        ([["abc", 1]], InvalidInputError, "cannot read 'abc'"),
    ],
)
def test_bad_points(points, error, words):
    with pytest.raises(error, match=words):
        cross_products(points)


def test_doc_example():
    t = cross_products([[1, 0, 0], [0, 1, 0], [1, 1, 1]])
    assert t.subsets.tolist() == [[0, 1], [0, 2], [1, 2]]
    assert t.numerators.tolist() == [[0, 0, 1], [0, -1, 1], [1, 0, -1]]
    t = cross_products([[1, 2]], augment=True)
    assert t.numerators.tolist() == [[2, -1], [0, -1], [1, 0]]


# ---------------------------------------------------------------- edge cases (regressions)


@pytest.mark.parametrize(
    "points, kwargs",
    [
        ([[1, 2, 3]], {}),  # fewer than d-1 points: no subsets
        (np.zeros((0, 3), dtype=np.int64), {}),
        ([[1, 2, 3], [4, 5, 6]], {"subset_array": np.zeros((0, 2), dtype=np.int64)}),
    ],
)
def test_empty_batch(points, kwargs):
    """An empty batch is an empty table (the first version crashed in numpy reshape)."""
    t = cross_products(points, **kwargs)
    assert len(t) == 0
    assert t.numerators.shape == (0, 3)
    assert t.subsets.shape == (0, 2)


@pytest.mark.parametrize("d", [2, 4])
def test_int64_minimum_entry(d):
    """-2**63 is exact too (np.abs(-2**63) wraps around in int64 and once hid it from the bound)."""
    pts = np.zeros((d - 1, d), dtype=np.int64)
    pts[0, 0] = -(2**63)
    for i in range(1, d - 1):
        pts[i, i] = 1
    t = cross_products(pts)
    assert t.arithmetic == "python-int"
    assert t.vector(0) == cross(*[[int(c) for c in r] for r in pts])


# ---------------------------------------------------------------- known bugs (reported, not fixed here)


def test_l1_norms_do_not_overflow():
    M = 2**31 - 1  # the largest M with 2! M^2 <= 2^63 - 1: the int64 path is (rightly) taken
    t = cross_products(np.array([[M, -M, M], [M, M, -M]], dtype=np.int64))
    assert t.arithmetic == "int64"
    expected = sum(abs(int(c)) for c in t.numerators[0])  # 2 (2M^2) > 2^63
    assert int(t.l1_norms()[0]) == expected


@pytest.mark.parametrize("d,augment", [(1, True), (2, False), (3, True), (4, True), (5, False)])
@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_streamed_chunks_equal_the_single_table(d, augment, chunk):
    from exactwedge.ga.batch import cross_product_chunks, subset_chunks

    rng = np.random.default_rng(d * 31 + chunk)
    pts = [[Fraction(int(v), int(rng.integers(1, 4))) for v in row] for row in rng.integers(-5, 6, size=(6, d))]
    whole = cross_products(pts, augment=augment)
    parts = list(cross_product_chunks(pts, augment=augment, chunk_size=chunk))
    assert all(len(t) <= chunk for t in parts)
    assert np.array_equal(np.concatenate([t.subsets for t in parts]), whole.subsets)
    assert [list(map(int, r)) for t in parts for r in t.numerators] == [list(map(int, r)) for r in whole.numerators]
    assert [int(v) for t in parts for v in t.denominators] == [int(v) for v in whole.denominators]
    n_total = 6 + (d if augment else 0)
    assert sum(len(c) for c in subset_chunks(n_total, d - 1, chunk)) == len(whole)


def test_chunk_size_must_be_positive():
    from exactwedge.ga.batch import subset_chunks

    with pytest.raises(DimensionError, match="chunk_size"):
        next(subset_chunks(5, 2, 0))
