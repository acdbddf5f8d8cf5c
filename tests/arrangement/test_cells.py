"""Tests of exactwedge.arrangement.cells: the one enumeration behind sign_patterns and chambers.

The chambers are held against an independent characterization: a sign vector
σ is a chamber exactly when the exact LP ``σ_i x_i·v >= 1`` is feasible
(:func:`exactwedge.lp.linprog_exact`, no arrangement code), and every chamber
has the pattern ``1[σ > 0]``.
"""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactwedge.arrangement import chamber_rays, chambers, sign_patterns
from exactwedge.arrangement.cells import candidate_rays, cells, cells_at_rays, exact_signs, integer_matrix
from exactwedge.exceptions import DimensionError, InvalidInputError, TooLargeError
from exactwedge.lp import linprog_exact
from tests._strategies import rank, vector_lists


def _full_dimensional(X, sigma) -> bool:
    """Exact LP: is there v with σ_i x_i·v >= 1 on every nonzero row?"""
    A = [[-s * c for c in x] for x, s in zip(X, sigma) if any(x)]
    if not A:
        return True
    return linprog_exact([0] * len(X[0]), A_ub=A, b_ub=[-1] * len(A), free=True).status == "optimal"


@st.composite
def _data(draw):
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 7))
    return [list(v) for v in draw(vector_lists(d, n))]


@settings(max_examples=60, deadline=None)
@given(_data())
def test_chambers_are_the_full_dimensional_patterns(X):
    d = len(X[0])
    if rank(X) < d:
        with pytest.raises(DimensionError, match="rank"):
            chambers(X)
        return
    cs = chambers(X)
    live = [i for i, x in enumerate(X) if any(x)]
    patterns = {tuple(p) for p in sign_patterns(X).tolist()} | {tuple(i not in live for i in range(len(X)))}
    expected = set()
    for p in patterns:
        sigma = tuple((1 if p[i] else -1) if i in live else 0 for i in range(len(X)))
        if _full_dimensional(X, sigma):
            expected.add(sigma)
    assert {c.signs for c in cs} == expected
    for c in cs:
        assert list(c.rays) == chamber_rays(X, c.signs)


@settings(max_examples=40, deadline=None)
@given(_data())
def test_strict_cells_are_full_dimensional_non_strict_cells(X):
    # each nonzero row scaled by its denominators' lcm: integer, same signs (a zero row would be refused)
    ints = [[int(Q(v) * math.lcm(*(Q(c).denominator for c in x))) for v in x] for x in X if any(x)]
    if not ints:
        return
    P = integer_matrix(ints)
    strict = {tuple(c) for c in cells(P, strict=True).tolist()}
    loose = {tuple(c) for c in cells(P, strict=False).tolist()}
    assert strict <= loose
    for c in loose:
        sigma = [1 if b else -1 for b in c]
        assert (c in strict) == _full_dimensional(ints, sigma)


def test_a_pattern_need_not_be_a_chamber():
    # x and -x: v = 0 gives the pattern (1, 1), which no chamber has
    assert sign_patterns([[1], [-1]]).astype(int).tolist() == [[0, 1], [1, 0], [1, 1]]
    assert [c.signs for c in chambers([[1], [-1]])] == [(-1, 1), (1, -1)]


def test_degenerate_rays_are_completed_exactly():
    # ten points on the line y = x and one off it: the rays on that line lie on
    # ten hyperplanes, and only the two sides of the line occur next to them
    X = [[k, k] for k in range(1, 11)] + [[1, 0]]
    cs = chambers(X)
    assert [c.signs for c in cs] == [
        (-1,) * 10 + (-1,), (-1,) * 10 + (1,), (1,) * 10 + (-1,), (1,) * 10 + (1,)]
    assert cs[1].rays == ((0, -1), (1, -1))


def test_chambers_with_many_hyperplanes_through_a_ray():
    # twenty planes through the z-axis: (formerly refused past 16 zero rows)
    X = [[1, k, 0] for k in range(-10, 10)] + [[0, 0, 1]]
    assert len(chambers(X)) == 2 * 20 * 2


def test_budget_and_rank_are_enforced():
    with pytest.raises(TooLargeError, match="max_patterns=10"):
        chambers([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], max_patterns=10)
    with pytest.raises(DimensionError, match="essential"):
        cells_at_rays(integer_matrix([[1, 1], [2, 2]]), strict=True)
    with pytest.raises(InvalidInputError, match="zero row"):
        cells(integer_matrix([[1, 1], [0, 0]]), strict=False)
    with pytest.raises(InvalidInputError, match="integer"):
        cells(np.array([[0.5, 1.0]]), strict=False)


def test_big_integers_take_the_object_path():
    big = 2**70
    P = integer_matrix([[big, 1], [1, big], [big, -1]])
    assert P.dtype == object
    assert exact_signs(integer_matrix([[1, -1]]), P).tolist() == [[1, -1, 1]]
    rays = candidate_rays(P)
    assert rays.dtype == object and len(rays) == 6
    assert len(cells(P, strict=True)) == 6
    assert {c.signs for c in chambers([[Q(big), 1], [1, Q(big)], [Q(big), -1]])} == {
        tuple(2 * int(b) - 1 for b in c) for c in cells(P, strict=True).tolist()}
