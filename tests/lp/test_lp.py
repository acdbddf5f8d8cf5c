"""The exact simplex against SciPy's HiGHS, and its certificate."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from exactwedge.exceptions import DimensionError
from exactwedge.lp.simplex import check_optimality, solve_lp

_STATUS = {0: "optimal", 2: "infeasible", 3: "unbounded"}


@pytest.mark.parametrize("seed", range(6))
def test_matches_highs_on_random_lps(seed):
    from scipy.optimize import linprog

    rng = np.random.default_rng(seed)
    for t in range(40):
        m, n = int(rng.integers(1, 5)), int(rng.integers(1, 8))
        A = rng.integers(-3, 4, size=(m, n))
        b = rng.integers(-3, 4, size=m)
        c = rng.integers(-2, 4, size=n)
        if t % 3 == 0:  # a redundant equality
            A[-1], b[-1] = A[0], b[0]
        res = solve_lp(c.tolist(), A.tolist(), b.tolist())
        ref = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
        assert res.status == _STATUS[ref.status]
        if res.status == "optimal":
            assert abs(float(res.value) - ref.fun) <= 1e-9
            assert check_optimality(c.tolist(), A.tolist(), b.tolist(), res.x, res.y)


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
