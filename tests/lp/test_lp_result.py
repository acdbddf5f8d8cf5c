"""One result type for the LP package: both entry points return LPResult, with an exact duality certificate."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.lp import LPCertificate, LPResult, check_optimality, linprog_exact, solve_lp
from exactwedge.numbers.certificate import OptimalityCertificate

C, A, B = [2, 3, 1], [[1, 1, 1], [1, -1, 0]], [3, 1]


def _both():
    return solve_lp(C, A, B), linprog_exact(C, A_eq=A, b_eq=B)


def test_both_entry_points_return_the_same_type_with_the_same_answer():
    s, g = _both()
    assert type(s) is LPResult and type(g) is LPResult
    assert s.status == g.status == "optimal"
    assert s.x == g.x == [Q(1), Q(0), Q(2)] and s.value == g.value == Q(4)
    assert s.dual_ub == [] and s.dual_eq == s.y and g.dual_ub == [] and g.dual_eq == g.y
    assert s.iterations > 0 and g.iterations > 0 and s.basis


@pytest.mark.parametrize("which", [0, 1])
def test_certificate_holds_at_the_optimum_and_fails_on_a_corrupted_point(which):
    r = _both()[which]
    cert = r.certificate
    assert isinstance(cert, LPCertificate) and isinstance(cert, OptimalityCertificate)
    assert cert.holds and r.verify()
    assert cert.kind == "exact LP duality (rational arithmetic)"
    js = cert.to_json()
    assert js["holds"] is True and js["exact"] is True and js["kind"] == cert.kind
    assert js["objective"] == js["dual_objective"] == "4" and cert["objectives_equal"] is True
    assert dict(cert) == js

    x, y = list(r.x), list(r.y)
    r.x = [x[0] + 1] + x[1:]  # infeasible
    assert not r.certificate.holds and r.certificate.primal_feasible is False and not r.verify()
    r.x = x
    r.y = [y[0] + Q(1, 3)] + y[1:]  # another dual: the objectives (or dual feasibility) break
    assert not r.certificate.holds and not r.verify()
    r.y = y
    r.value = r.value + 1  # a reported value that is not cᵀx
    assert not r.certificate.holds
    r.value = Q(4)
    assert r.certificate.holds


def test_inequalities_split_the_duals_and_certify():
    r = linprog_exact([-1, -1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
    assert r.y == r.dual_ub + r.dual_eq and len(r.dual_ub) == 2 and r.dual_eq == []
    assert all(v <= 0 for v in r.dual_ub) and r.certificate.holds
    r.y = [-v for v in r.y]  # positive multipliers of ≤ rows are not dual feasible
    assert not r.certificate.holds and r.certificate.dual_feasible is False


@pytest.mark.parametrize("result", [
    lambda: solve_lp([1, 1], [[1, 1]], [-1]),
    lambda: solve_lp([-1, 0], [[1, -1]], [0]),
    lambda: linprog_exact([1], A_ub=[[1]], b_ub=[-1]),
    lambda: linprog_exact([-1], A_ub=[[-1]], b_ub=[1]),
])
def test_nothing_is_certified_without_an_optimum(result):
    r = result()
    assert isinstance(r, LPResult) and r.status in ("infeasible", "unbounded")
    assert not r.certificate.holds and not r.verify()
    assert r.certificate.to_json()["status"] == r.status


@pytest.mark.parametrize("seed", range(4))
def test_certificate_agrees_with_check_optimality(seed):
    rng = np.random.default_rng(seed)
    for _ in range(20):
        m, n = int(rng.integers(1, 4)), int(rng.integers(1, 6))
        Am, b, c = rng.integers(-3, 4, size=(m, n)).tolist(), rng.integers(-3, 4, size=m).tolist(), \
            rng.integers(-2, 4, size=n).tolist()
        r = solve_lp(c, Am, b)
        if r.status != "optimal":
            assert not r.certificate.holds
            continue
        assert r.certificate.holds and check_optimality(c, Am, b, r.x, r.y)
        bad = [v + 1 for v in r.x]
        r.x, r.value = bad, None  # no reported value: the same three conditions as check_optimality
        assert r.certificate.holds == check_optimality(c, Am, b, bad, r.y)
