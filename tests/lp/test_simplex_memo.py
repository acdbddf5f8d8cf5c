"""The phase-1 memo and the basis-inverse updates of exactwedge.lp.simplex change no result."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.exceptions import SolverError
from exactwedge.lp import simplex
from exactwedge.lp.simplex import check_optimality, solve_lp


def _fields(r):
    return r.status, r.x, r.value, r.y, r.basis, r.iterations


@pytest.mark.parametrize("seed", range(3))
def test_shared_data_gives_the_results_of_a_fresh_solve(seed):
    """Programs that differ only in c share phase 1; each result equals the one with an empty memo."""
    rng = np.random.default_rng(seed)
    progs = []
    for _ in range(5):
        m, n = int(rng.integers(1, 6)), int(rng.integers(2, 8))
        progs.append(([[Q(int(v)) for v in r] for r in rng.integers(-3, 4, size=(m, n))],
                      [Q(int(v)) for v in rng.integers(-3, 4, size=m)]))
    for _ in range(40):
        A, b = progs[int(rng.integers(len(progs)))]
        c = [Q(int(v)) for v in rng.integers(-3, 4, size=len(A[0]))]
        shared = solve_lp(c, A, b)
        simplex._PHASE1.clear()
        assert _fields(solve_lp(c, A, b)) == _fields(shared)
        if shared.status == "optimal":
            assert check_optimality(c, A, b, shared.x, shared.y)


def test_a_memo_entry_does_not_lift_max_iter():
    A, b = [[Q(1), Q(1)], [Q(1), Q(-1)]], [Q(1), Q(0)]
    assert solve_lp([Q(1), Q(1)], A, b).iterations > 1
    with pytest.raises(SolverError, match="did not finish in 1 iterations"):
        solve_lp([Q(1), Q(1)], A, b, max_iter=1)


# ------------------------------------------------------------------ warm start: start=basis, another b


def _random_program(rng, m, n):
    A = [[Q(int(v)) for v in r] for r in rng.integers(-3, 4, size=(m, n))]
    c = [Q(int(v)) for v in rng.integers(0, 4, size=n)]  # c >= 0: bounded below on x >= 0
    return c, A


@pytest.mark.parametrize("seed", range(4))
def test_start_from_another_b_gives_the_optimum_of_this_b(seed):
    """From the optimal basis of b1, the solve of b2 has the value, status and certificate of a cold solve."""
    rng = np.random.default_rng(seed)
    warm_pivots = cold_pivots = 0
    for _ in range(30):
        m, n = int(rng.integers(1, 5)), int(rng.integers(2, 9))
        c, A = _random_program(rng, m, n)
        x0 = rng.integers(0, 3, size=n)  # b1 = A x0 is feasible
        b1 = [sum((A[i][j] * int(x0[j]) for j in range(n)), Q(0)) for i in range(m)]
        first = solve_lp(c, A, b1)
        b2 = [Q(int(v)) for v in rng.integers(-4, 5, size=m)]
        cold, warm = solve_lp(c, A, b2), solve_lp(c, A, b2, start=first.basis)
        assert warm.status == cold.status
        if cold.status == "optimal":
            assert warm.value == cold.value and warm.certificate.holds
            assert check_optimality(c, A, b2, warm.x, warm.y)
            warm_pivots += warm.iterations
            cold_pivots += cold.iterations
    assert warm_pivots < cold_pivots  # the start is used: fewer passes than phase 1 + phase 2


def test_a_start_that_cannot_be_used_changes_nothing():
    """A singular, short, out-of-range or not dual-feasible start: the two-phase result, unchanged."""
    c, A, b = [Q(2), Q(3), Q(1)], [[Q(1), Q(1), Q(1)], [Q(1), Q(-1), Q(0)]], [Q(4), Q(-1)]
    cold = solve_lp(c, A, b)
    for start in ([0, 0], [1], [0, 7], [0, 1]):  # [0, 1]: reduced cost of column 2 is negative there
        got = solve_lp(c, A, b, start=start)
        assert _fields(got) == _fields(cold)


def test_a_warm_start_does_not_lift_max_iter():
    """A dual simplex that needs more than max_iter passes gives way to the two-phase method, which raises."""
    c, A = [Q(2), Q(3), Q(1)], [[Q(1), Q(1), Q(1)], [Q(1), Q(-1), Q(0)]]
    start = solve_lp(c, A, [Q(3), Q(1)]).basis
    assert solve_lp(c, A, [Q(4), Q(-1)], start=start).iterations == 2
    with pytest.raises(SolverError, match="did not finish in 1 iterations"):
        solve_lp(c, A, [Q(4), Q(-1)], start=start, max_iter=1)


def test_infeasible_b_from_a_start_is_reported_infeasible():
    c, A = [Q(2), Q(3), Q(1)], [[Q(1), Q(1), Q(1)], [Q(1), Q(-1), Q(0)]]
    start = solve_lp(c, A, [Q(3), Q(1)]).basis
    assert solve_lp(c, A, [Q(3), Q(4)], start=start).status == "infeasible"
