"""The exact simplex against SciPy's HiGHS, and its certificate."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from exactwedge.exceptions import DimensionError
from exactwedge.lp.simplex import check_optimality, solve_lp

_STATUS = {0: "optimal", 2: "infeasible", 3: "unbounded"}


def _assert_matches_highs(c, A, b):
    """Same status as SciPy's HiGHS, the same value at an optimum, and an exact certificate."""
    from scipy.optimize import linprog

    res = solve_lp(c, A, b)
    ref = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    assert res.status == _STATUS[ref.status]
    if res.status == "optimal":
        assert abs(float(res.value) - ref.fun) <= 1e-9
        assert check_optimality(c, A, b, res.x, res.y)


@pytest.mark.parametrize("seed", range(6))
def test_matches_highs_on_random_lps(seed):
    rng = np.random.default_rng(seed)
    for t in range(40):
        m, n = int(rng.integers(1, 5)), int(rng.integers(1, 8))
        A = rng.integers(-3, 4, size=(m, n))
        b = rng.integers(-3, 4, size=m)
        c = rng.integers(-2, 4, size=n)
        if t % 3 == 0:  # a redundant equality
            A[-1], b[-1] = A[0], b[0]
        _assert_matches_highs(c.tolist(), A.tolist(), b.tolist())


@pytest.mark.parametrize("A,b,c", [
    # two rows are combinations of the others; the artificial that stays basic is not at its row's position
    ([[-2, -3, -3, 0], [-3, 1, -1, 3], [0, 1, 3, -2], [7, 7, 13, -7], [4, 7, 9, -2], [-6, 1, -5, 8]],
     [-3, 7, -3, -7, 3, 17], [3, 3, -2, 1]),
    ([[-1, 1, 3, -1], [1, 1, 0, 3], [3, 1, -1, 2], [3, 3, -3, -1], [3, -3, -2, 3], [-3, -1, -1, 3]],
     [2, 10, 7, -6, 8, 4], [2, 3, 0, -2]),
])
def test_redundant_rows_dropped_by_their_own_index(A, b, c):
    _assert_matches_highs(c, A, b)


@pytest.mark.parametrize("seed", range(4))
def test_dependent_rows_anywhere_match_highs(seed):
    """Feasible LPs whose rows are combinations of r independent ones, shuffled: the rows an
    artificial variable marks as redundant need not sit at its basis position."""
    rng = np.random.default_rng(100 + seed)
    for _ in range(60):
        m, n = int(rng.integers(2, 7)), int(rng.integers(2, 9))
        r = int(rng.integers(1, m + 1))
        base = rng.integers(-3, 4, size=(r, n))
        A = np.vstack([base, rng.integers(-2, 3, size=(m - r, r)) @ base])[rng.permutation(m)]
        b = A @ rng.integers(0, 4, size=n)
        c = rng.integers(-2, 4, size=n)
        _assert_matches_highs(c.tolist(), A.tolist(), b.tolist())


def test_degenerate_lp_terminates_with_blands_rule():
    # a classic cycling example for the largest-coefficient rule (Beale)
    c = ["-3/4", 20, "-1/2", 6, 0, 0, 0]
    A = [["1/4", -8, -1, 9, 1, 0, 0], ["1/2", -12, "-1/2", 3, 0, 1, 0], [0, 0, 1, 0, 0, 0, 1]]
    res = solve_lp(c, A, [0, 0, 1])
    assert res.status == "optimal" and res.value == Fraction(-5, 4)
    assert check_optimality(c, A, [0, 0, 1], res.x, res.y)


def test_certificate_rejects_a_suboptimal_point():
    assert not check_optimality([1, 1], [[1, 2]], [4], [2, 1], ["1/2"])
    assert not check_optimality([1, 1], [[1, 2]], [4], [0, 2], [1])  # dual infeasible


def test_typed_errors():
    with pytest.raises(DimensionError):
        solve_lp([1, 2, 3], [[1, 2]], [1])
    with pytest.raises(TypeError):
        solve_lp([0.5], [[1]], [1])
