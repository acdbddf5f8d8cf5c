"""Minimum-ℓ1 interpolation: exact LP against an independent float LP (HiGHS)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from exactwedge.dictionary import dictionary
from exactwedge.exceptions import InvalidInputError
from exactwedge.interpolate import interpolate


def _highs_min_l1(X, y, bias):
    from scipy.optimize import linprog

    K = dictionary(X, bias=bias).to_float()
    n, m = K.shape
    A = np.hstack([K, -K] + ([np.ones((n, 1)), -np.ones((n, 1))] if bias else []))
    c = np.r_[np.ones(2 * m), np.zeros(2 if bias else 0)]
    res = linprog(c, A_eq=A, b_eq=np.array([float(v) for v in y]), bounds=(0, None), method="highs")
    assert res.status == 0
    return res.fun


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("d,bias", [(1, True), (2, True), (2, False), (3, True)])
def test_min_l1_matches_highs_and_interpolates(seed, d, bias):
    rng = np.random.default_rng(seed)
    n = 6 if d < 3 else 5
    grid = np.array(np.meshgrid(*[np.arange(-4, 5)] * d)).reshape(d, -1).T  # distinct candidate points
    rows = grid[rng.choice(len(grid), size=n, replace=False)]
    X = [[Fraction(int(v), 2) for v in row] for row in rows]
    y = [Fraction(int(v)) for v in rng.integers(-3, 4, size=n)]
    try:
        res = interpolate(X, y, bias=bias)
    except InvalidInputError:
        assert not bias  # without bias some data sets cannot be interpolated
        return
    assert res.certificate["holds"]
    assert res.network.predict(X) == y
    assert res.value == sum((abs(z) for z in res.z), Fraction(0))
    assert abs(float(res.value) - _highs_min_l1(X, y, bias)) <= 1e-7 * max(1.0, float(res.value))


def test_one_dimensional_interpolant_is_the_linear_spline():
    x = [0, 1, 3, 4]
    y = [0, 2, 2, 0]
    res = interpolate(x, y)
    grid = [[Fraction(k, 2)] for k in range(9)]
    want = [min(2 * g[0], Fraction(2), 2 * (4 - g[0])) if g[0] <= 4 else 0 for g in grid]
    assert res.network.predict(grid) == want
    assert res.value == Fraction(4)  # f = 2 − 2(1 − x)_+ − 2(x − 3)_+ with intercept 2


def test_refusals():
    with pytest.raises(InvalidInputError, match="interpolates"):
        interpolate([[0], [0]], [0, 1])
    with pytest.raises(InvalidInputError, match="norm=1"):
        interpolate([0, 1], [0, 1], norm=2)
    with pytest.raises(InvalidInputError, match="depth"):
        interpolate([0, 1], [0, 1], depth=5)


def test_errors_name_the_cause():
    """Issue 13: the missing bias and conflicting labels are reported as such, not as a guess."""
    with pytest.raises(InvalidInputError, match="no network without biases interpolates"):
        interpolate([0, 4, 7], [0, 0, 2], bias=False)
    with pytest.raises(InvalidInputError, match="rows 0 and 2 .* same input and different labels"):
        interpolate([[1, 2], [0, 0], [1, 2]], [1, 0, 3])
    assert interpolate([[1, 2], [0, 1], [1, 2]], [1, 0, 1]).certificate.holds  # equal rows, equal labels: fine
