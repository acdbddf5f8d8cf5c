"""Tests of exactwedge.reference.conic: the conic programs written for Clarabel directly.

Each program is also written in cvxpy, which shares no code with the module
(its own canonicalization to Clarabel's form); the two optimal values must
agree to solver precision. The arrangement program is checked the same way,
against a cvxpy model of it written here.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exactwedge.arrangement import sign_patterns
from exactwedge.exceptions import InvalidInputError, SolverError
from exactwedge.reference import arrangement_value
from exactwedge.reference.conic import ConeForm, pattern_cone

cp = pytest.importorskip("cvxpy")


def _cvxpy_value(objective, constraints) -> float:
    prob = cp.Problem(cp.Minimize(objective), constraints)
    prob.solve(solver="CLARABEL")  # Clarabel's own defaults (1e-8), through cvxpy's canonicalization
    assert prob.status == "optimal"
    return float(prob.value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5), rows=st.integers(0, 3))
def test_random_program_matches_cvxpy(seed, n, rows):
    """½‖x‖² + cᵀx + ‖y‖-bounded parts: equalities, inequalities and a cone, against cvxpy."""
    rng = np.random.default_rng(seed)
    c = rng.normal(size=n)
    A = rng.normal(size=(rows, n))
    x0 = rng.normal(size=n)  # a feasible point for the equalities and the inequalities
    b = A @ x0
    G = rng.normal(size=(2, n))
    h = G @ x0 - rng.uniform(0, 1, size=2)  # G x >= h holds at x0

    form = ConeForm()
    x = form.variables(n)
    t = form.variables(1)
    if rows:
        form.zero(np.broadcast_to(x, (rows, n)), A, b)
    form.nonnegative(np.broadcast_to(x, (2, n)), G, h)
    form.second_order(np.concatenate([t, x])[None, :])  # t >= ||x||
    form.minimize(quadratic=x, linear=(np.concatenate([x, t]), np.concatenate([c, [1.0]])))
    sol = form.solve("the test program")

    xv, tv = cp.Variable(n), cp.Variable()
    cons = [G @ xv >= h, cp.norm(xv, 2) <= tv] + ([A @ xv == b] if rows else [])
    want = _cvxpy_value(0.5 * cp.sum_squares(xv) + c @ xv + tv, cons)
    # at the cone's apex (‖c‖ < 1 puts the optimum at x = 0) Clarabel may stop just short of 1e-10: AlmostSolved
    assert sol.status in ("optimal", "optimal_inaccurate")
    assert sol.value == pytest.approx(want, rel=1e-6, abs=1e-6)
    # the point is feasible and has that value
    assert np.all(G @ sol.x[x] >= h - 1e-7)
    assert np.linalg.norm(sol.x[x]) <= sol.x[t[0]] + 1e-7
    assert 0.5 * sol.x[x] @ sol.x[x] + c @ sol.x[x] + sol.x[t[0]] == pytest.approx(sol.value, rel=1e-6, abs=1e-6)


def test_constant_head_of_a_cone():
    """An index of -1 is the offset alone: max x1 + x2 with ‖x‖ <= 2 is 2√2."""
    form = ConeForm()
    x = form.variables(2)
    form.second_order(np.array([[-1, x[0], x[1]]]), [2.0, 0.0, 0.0])
    form.minimize(linear=(x, -np.ones(2)))
    sol = form.solve("the test program")
    assert sol.value == pytest.approx(-2 * np.sqrt(2), abs=1e-8)
    assert sol.x == pytest.approx([np.sqrt(2), np.sqrt(2)], abs=1e-6)


def test_pattern_cone_keeps_each_pattern():
    """The variables of pattern_cone give X̃u of pattern i's signs (≥ 0 where on, ≤ 0 where off)."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, -1.0]])
    D = sign_patterns([[1, 0], [0, 1], [-1, -1], [2, -1]])  # (m, n)
    S = (2.0 * D - 1.0).T
    form = ConeForm()
    U = pattern_cone(form, X, S)
    rng = np.random.default_rng(1)
    form.minimize(quadratic=U.ravel(), linear=(U.ravel(), rng.normal(size=U.size)))
    u = form.solve("the test program").x[U]
    assert np.all(S * (X @ u) >= -1e-8)


def test_errors():
    form = ConeForm()
    x = form.variables(1)
    form.nonnegative(x[:, None], 1.0, 1.0)
    form.nonnegative(x[:, None], -1.0, 0.0)  # x >= 1 and x <= 0
    form.minimize(linear=(x, np.ones(1)))
    with pytest.raises(SolverError, match="PrimalInfeasible"):
        form.solve("the test program")
    with pytest.raises(InvalidInputError, match="not a Clarabel setting"):
        form.solve("the test program", {"no_such_setting": 1})
    with pytest.raises(InvalidInputError, match="Clarabel only"):
        arrangement_value([[1], [2]], [1, 0], 1, solver="SCS")


def test_solver_options_reach_clarabel():
    """max_iter = 1 stops Clarabel before the optimum: the reference says so, it does not return a value."""
    X, y = [[0], [4], [5], [7], [10], [11]], [0, 0, 0, 2, 3, 3]
    with pytest.raises(SolverError, match="MaxIterations"):
        arrangement_value(X, y, Fraction(1, 10), bias=True, solver_options={"max_iter": 1})


@pytest.mark.parametrize("norm", [1, 2])
@pytest.mark.parametrize("bias", [False, True])
def test_arrangement_program_matches_a_cvxpy_model(rng, norm, bias):
    """The arrangement program, modelled here in cvxpy from the same patterns: the same value."""
    X = rng.integers(-4, 5, size=(6, 2)).tolist()
    y = rng.integers(-3, 4, size=6).tolist()
    res = arrangement_value(X, y, Fraction(1, 3), bias=bias, norm=norm)
    D = sign_patterns(X, bias=bias)
    Xt = np.array([r + [1] for r in X] if bias else X, dtype=float)
    S, F = (2.0 * D - 1.0).T, D.T.astype(float)
    U, V = cp.Variable((Xt.shape[1], len(D))), cp.Variable((Xt.shape[1], len(D)))
    t = cp.Variable() if bias else 0.0
    pred = cp.sum(cp.multiply(F, Xt @ (U - V)), axis=1) + t
    reg = sum((cp.sum(cp.abs(W[:2, :])) if norm == 1 else cp.sum(cp.norm(W[:2, :], 2, axis=0))) for W in (U, V))
    want = _cvxpy_value(0.5 * cp.sum_squares(pred - np.array(y, float)) + reg / 3,
                        [cp.multiply(S, Xt @ U) >= 0, cp.multiply(S, Xt @ V) >= 0])
    assert res.value == pytest.approx(want, rel=1e-6, abs=1e-7)
