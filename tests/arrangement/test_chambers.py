"""Tests of exactwedge.arrangement: chambers, extreme rays, D, r, the dispersion, the isometry range."""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from exactwedge.arrangement.chambers import (
    angular_dispersion,
    chamber_radius,
    chamber_rays,
    chambers,
    l1_isometry_range,
    max_chamber_diameter,
)
from exactwedge.exceptions import DimensionError


@pytest.mark.parametrize("d,n", [(2, 3), (2, 7), (3, 4), (3, 7), (4, 6)])
def test_chamber_count_in_general_position(d, n):
    rng = np.random.default_rng(10 * d + n)
    X = rng.integers(-30, 31, size=(n, d)).tolist()
    assert len(chambers(X)) == 2 * sum(math.comb(n - 1, i) for i in range(d))


def test_every_sampled_direction_is_in_a_chamber_and_rays_are_in_the_closure():
    rng = np.random.default_rng(1)
    X = rng.integers(-5, 6, size=(6, 3))
    X[1] = 2 * X[0]  # a repeated hyperplane
    cs = chambers(X.tolist())
    sigs = {c.signs for c in cs}
    U = rng.integers(-1000, 1001, size=(500, 3))
    S = np.sign(U @ X.T)
    for s in S:
        if np.all(s != 0):
            assert tuple(int(v) for v in s) in sigs
    for c in cs:
        for r in c.rays:
            assert all(s * int(np.dot(x, r)) >= 0 for x, s in zip(X.tolist(), c.signs))


def test_rank_deficient_data_is_refused():
    with pytest.raises(DimensionError, match="rank"):
        chambers([[1, 0, 0], [0, 1, 0], [1, 1, 0]])


def test_chamber_rays_follow_lemma_19():
    assert chamber_rays([[1, 0], [0, 1]], [1, 1]) == [(0, 1), (1, 0)]
    assert chamber_rays([[1, 0], [0, 1], [1, 1]], [1, 1, -1]) == []  # the cone {0}
    assert chamber_rays([[0, 1]], [1]) == [(-1, 0), (1, 0)]  # a half-plane: its boundary line (Def. 6)
    assert chamber_rays([[1, 0, 0]], [1]) == []  # rank d − 2: no extreme ray


def test_diameter_and_radius_in_2d():
    X = [[1, 0], [1, 1], [0, 1], [-1, 2]]
    a = angular_dispersion(X)
    D = max_chamber_diameter(X)
    assert sympy.simplify(D.squared - (2 - 2 * a.cos)) == 0
    assert D.attained_at_rays
    assert abs(chamber_radius(X).value - math.cos(a.angle / 2)) < 1e-12
    assert abs(D.value - 2 * math.sin(a.angle / 2)) < 1e-12


def test_wide_chamber_is_flagged():
    D = max_chamber_diameter([[0, 0, -2], [1, -1, 1], [2, 0, -1]])
    assert not D.attained_at_rays
    assert sympy.simplify(D.squared - (2 + 3 * sympy.sqrt(14) / 7)) == 0


def test_radius_bounded_by_the_diameter():
    rng = np.random.default_rng(3)
    for _ in range(5):
        X = rng.integers(-9, 10, size=(9, 3)).tolist()
        D2 = float(max_chamber_diameter(X).squared)
        r = chamber_radius(X).value
        assert r <= 1 + 1e-12
        if D2 < 2:
            assert r >= math.sqrt(1 - D2 / 2) - 1e-12


def test_isometry_range_brackets_sampled_values():
    rng = np.random.default_rng(4)
    X = rng.integers(-9, 10, size=(12, 3))
    m, M = l1_isometry_range(X.tolist())
    U = rng.normal(size=(5000, 3))
    U /= np.linalg.norm(U, axis=1)[:, None]
    vals = np.abs(U @ X.T.astype(float)).sum(axis=1)
    assert m - 1e-9 <= vals.min() and vals.max() <= M + 1e-9
    assert vals.min() - m < 0.2 * m and M - vals.max() < 0.05 * M


def test_rationals_and_symbolic_refusal():
    assert len(chambers([[Q(1, 2), 0], [0, Q(1, 3)]])) == 4
    with pytest.raises(Exception):
        chambers([[sympy.Symbol("a"), 1], [0, 1]])
