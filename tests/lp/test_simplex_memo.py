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
