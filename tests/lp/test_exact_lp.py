"""Tests of exactwedge.lp: the exact simplex against scipy's HiGHS, and its certificates."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.lp.linprog import linprog_exact
from exactwedge.exceptions import DimensionError, InvalidInputError

scipy_optimize = pytest.importorskip("scipy.optimize")


@pytest.mark.parametrize("seed", range(40))
def test_matches_highs_and_certifies(seed):
    rng = np.random.default_rng(seed)
    n, mu, me = int(rng.integers(1, 6)), int(rng.integers(0, 6)), int(rng.integers(0, 3))
    c = rng.integers(-5, 6, size=n)
    Au, bu = rng.integers(-5, 6, size=(mu, n)), rng.integers(-3, 8, size=mu)
    Ae, be = rng.integers(-3, 4, size=(me, n)), rng.integers(-3, 4, size=me)
    free = bool(seed % 2)
    r = linprog_exact(c.tolist(), Au.tolist() or None, bu.tolist() or None, Ae.tolist() or None, be.tolist() or None,
                      free=free)
    s = scipy_optimize.linprog(c, A_ub=Au if mu else None, b_ub=bu if mu else None, A_eq=Ae if me else None,
                               b_eq=be if me else None, bounds=(None, None) if free else (0, None), method="highs")
    status = {0: "optimal", 2: "infeasible", 3: "unbounded"}[s.status]
    assert r.status == status
    if status == "optimal":
        assert abs(float(r.value) - s.fun) <= 1e-9 * max(1, abs(s.fun))
        assert r.verify()
        assert all(isinstance(v, Q) for v in r.x)


def test_degenerate_program_terminates():
    # a classic cycling example for Dantzig's rule (Beale); Bland's rule must finish
    c = [Q(-3, 4), 150, Q(-1, 50), 6]
    A = [[Q(1, 4), -60, Q(-1, 25), 9], [Q(1, 2), -90, Q(-1, 50), 3], [0, 0, 1, 0]]
    r = linprog_exact(c, A, [0, 0, 1])
    assert r.status == "optimal" and r.value == Q(-1, 20) and r.verify()


def test_redundant_equations():
    r = linprog_exact([1, 2], A_eq=[[1, 1], [2, 2]], b_eq=[1, 2])
    assert r.status == "optimal" and r.x == [Q(1), Q(0)] and r.verify()


def test_verify_rejects_a_wrong_point():
    r = linprog_exact([1, 1], A_eq=[[1, 2]], b_eq=[2])
    assert r.verify()
    r.x = [Q(2), Q(0)]
    assert not r.verify()


def test_errors():
    with pytest.raises(DimensionError):
        linprog_exact([1, 2], A_ub=[[1]], b_ub=[1])
    with pytest.raises(DimensionError):
        linprog_exact([1], free=[3])
    with pytest.raises(Exception):
        linprog_exact([0.5])
    with pytest.raises(InvalidInputError):
        linprog_exact(["x"])
