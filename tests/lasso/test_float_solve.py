"""Tests of exactwedge.lasso.float_solve (and its float_* modules): the float back-ends and their float optimality reports."""

from __future__ import annotations

import json
import math
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.dictionary import dictionary
from exactwedge.exceptions import (
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonExactInputError,
)
from exactwedge.lasso.float_refine import _refine
from exactwedge.lasso.float_solve import CONIC_TOL, FloatSolution, solve_float
from exactwedge.lasso.solve import solve_lasso

cp = pytest.importorskip("cvxpy")

X2 = [[0, 0], [2, 1], [1, 3], [-1, 2], [3, -1], [-2, -2], [1, 1], [4, 2]]
Y1 = [1, 0, 2, -1, 3, 0, 1, 2]
Y2 = [[1, 0], [0, 1], [2, 2], [-1, 0], [3, -1], [0, 0], [1, 1], [2, -2]]
BETA = Q(1, 3)

# classification sets: separable by a line, and XOR-like (not linearly separable)
XS = [[0, 0], [1, 0], [0, 1], [3, 3], [4, 3], [3, 4]]
LS = [-1, -1, -1, 1, 1, 1]
XN = [[0, 0], [2, 2], [2, 0], [0, 2], [1, 1], [3, 1], [1, 3]]
LN = [1, 1, -1, -1, 1, -1, 1]


def _cvxpy_lasso(K: np.ndarray, y: np.ndarray, beta: float, intercept: bool) -> float:
    """An independent solve of the same float Lasso."""
    z = cp.Variable(K.shape[1])
    fit = K @ z + (cp.Variable() if intercept else 0)
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(fit - y) + beta * cp.norm1(z)))
    prob.solve(solver="CLARABEL")
    return float(prob.value)


def _floats(v):
    return [float(c) for c in v]


# ------------------------------------------------------------------ squared loss, one output
@pytest.mark.parametrize("bias", [False, True])
def test_l2_active_set_agrees_with_cvxpy(bias):
    D = dictionary(X2, bias=bias, norm=2)
    fl = solve_float(D, Y1, BETA, intercept=bias)
    ref = _cvxpy_lasso(D.to_float(), np.array(Y1, float), float(BETA), bias)
    assert fl.solver == "float active set (numpy float64)"
    assert fl.report["holds"] and fl.report["exact"] is False
    assert fl.value == pytest.approx(ref, rel=1e-7)
    assert fl.value <= ref + 1e-8 * max(1.0, ref)  # the face solve is at least as good as the interior point
    assert (fl.intercept is not None) == bias


@pytest.mark.parametrize("bias", [False, True])
def test_l1_float_solve_agrees_with_exact_solver(bias):
    D = dictionary(X2, bias=bias, norm=1)
    fl = solve_float(D, Y1, BETA, intercept=bias)
    ex = solve_lasso(D, Y1, BETA, intercept=bias)
    assert ex.certificate.holds and fl.report["holds"]
    assert fl.value == pytest.approx(float(ex.value), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("bias", [False, True])
def test_solution_is_explicitly_converted_and_consistent(bias):
    D = dictionary(X2, bias=bias, norm=2)
    fl = solve_float(D, Y1, BETA, intercept=bias)
    assert isinstance(fl, FloatSolution)
    assert len(fl.z) == len(D) and all(isinstance(v, Q) for v in fl.z)
    z = np.array(_floats(fl.z))
    t = float(fl.intercept) if bias else 0.0
    r = np.array(Y1, float) - D.to_float() @ z - t
    assert fl.value == pytest.approx(0.5 * r @ r + float(BETA) * np.abs(z).sum(), rel=1e-12)
    assert fl.support == [j for j, v in enumerate(fl.z) if v != 0]
    json.dumps(fl.report)


def test_report_mirrors_certificate_fields():
    D = dictionary(X2, bias=True, norm=1)
    fl = solve_float(D, Y1, BETA, intercept=True)
    cert = solve_lasso(D, Y1, BETA, intercept=True).certificate.to_json()
    for key in cert:
        assert key in fl.report, key
    assert fl.report["beta"] == cert["beta"] == "1/3"
    assert fl.report["bound_ratio"] <= 1 + fl.report["tolerance"]
    assert abs(fl.report["residual_sum"]) < 1e-9
    assert fl.report["duality_gap"] <= 1e-9


def test_zero_columns_gives_the_mean():
    fl = solve_float(np.zeros((3, 0)), [1, 2, 6], 1, intercept=True)
    assert fl.z == [] and fl.intercept == 3 and fl.value == pytest.approx(7.0)
    assert fl.report["holds"]


# ------------------------------------------------------------------ group Lasso
@pytest.mark.parametrize("bias", [False, True])
def test_group_lasso_with_one_output_is_the_lasso(bias):
    D = dictionary(X2, bias=bias, norm=2)
    scalar = solve_float(D, Y1, BETA, intercept=bias)
    group = solve_float(D, Y1, BETA, intercept=bias, method="cvxpy")
    assert group.solver == "cvxpy/CLARABEL"
    assert group.report["holds"]
    assert group.value == pytest.approx(scalar.value, rel=1e-8)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("norm", [1, 2])
def test_group_lasso_kkt_holds(bias, norm):
    D = dictionary(X2, bias=bias, norm=norm)
    fl = solve_float(D, Y2, BETA, intercept=bias)
    rep = fl.report
    assert fl.solver == "cvxpy/CLARABEL"
    assert rep["holds"] and rep["outputs"] == 2 and rep["tolerance"] == CONIC_TOL
    assert rep["bound_condition"] and rep["support_condition"]
    assert rep["intercept_condition"] is (True if bias else None)
    assert rep["relative_gap"] <= CONIC_TOL
    assert all(isinstance(v, tuple) and len(v) == 2 and all(isinstance(c, Q) for c in v) for v in fl.z)
    if bias:
        assert isinstance(fl.intercept, tuple) and len(fl.intercept) == 2
    else:
        assert fl.intercept is None
    json.dumps(rep)


def test_group_lasso_value_matches_independent_cvxpy():
    D = dictionary(X2, bias=True, norm=2)
    K, Y = D.to_float(), np.array(Y2, float)
    Z, t = cp.Variable((K.shape[1], 2)), cp.Variable((1, 2))
    obj = 0.5 * cp.sum_squares(K @ Z + np.ones((K.shape[0], 1)) @ t - Y) + float(BETA) * cp.sum(cp.norm(Z, 2, axis=1))
    prob = cp.Problem(cp.Minimize(obj))
    prob.solve(solver="SCS", eps_abs=1e-9, eps_rel=1e-9, max_iters=100000)
    fl = solve_float(D, Y2, BETA, intercept=True)
    assert fl.value == pytest.approx(prob.value, rel=1e-6)


def test_group_lasso_with_a_zero_output_is_the_scalar_lasso():
    D = dictionary(X2, bias=False, norm=1)
    fl = solve_float(D, [[v, 0] for v in Y1], BETA)
    ex = solve_lasso(D, Y1, BETA)
    assert fl.value == pytest.approx(float(ex.value), rel=1e-8)
    assert max(abs(float(v[1])) for v in fl.z) <= 1e-9  # float noise only


def test_refine_repairs_a_perturbed_point(rng):
    D = dictionary(X2, bias=False, norm=1)
    K = D.to_float()
    ex = solve_lasso(D, Y1, BETA)
    z = np.array(_floats(ex.z))
    noisy = z + 1e-4 * rng.standard_normal(z.size) * (rng.random(z.size) < 0.3)
    Y = np.array(Y1, float)[:, None]
    Zr, _, info = _refine(K, Y, noisy[:, None], np.zeros(1), float(BETA), False, "squared")
    assert info["kept"]
    r = Y[:, 0] - K @ Zr[:, 0]
    value = 0.5 * r @ r + float(BETA) * np.abs(Zr).sum()
    assert value == pytest.approx(float(ex.value), rel=1e-12)
    assert np.abs(K.T @ r).max() <= float(BETA) * (1 + 1e-9)


# ------------------------------------------------------------------ logistic and hinge
def _independent_classifier(K, y, beta, intercept, loss):
    """Logistic: L-BFGS-B on z = p - q; hinge: the LP with scipy's HiGHS."""
    from scipy.optimize import linprog, minimize

    n, m = K.shape
    if loss == "hinge":
        k = 2 * m + 2 + n  # p, q, t+, t-, xi
        c = np.concatenate([beta * np.ones(2 * m), [0.0, 0.0], np.ones(n)])
        YK = y[:, None] * K
        A = np.hstack([-YK, YK, -y[:, None], y[:, None], -np.eye(n)])
        ub = [(0, None)] * (2 * m) + ([(0, None)] * 2 if intercept else [(0, 0)] * 2) + [(0, None)] * n
        res = linprog(c, A_ub=A, b_ub=-np.ones(n), bounds=ub, method="highs")
        assert res.status == 0 and k == c.size
        return float(res.fun)

    def f(x):
        z = x[:m] - x[m:2 * m]
        t = x[2 * m] if intercept else 0.0
        mg = y * (K @ z + t)
        s = np.exp(-np.logaddexp(0.0, mg))
        gz = K.T @ (-y * s)
        g = np.concatenate([gz + beta, -gz + beta, [float(np.sum(-y * s))] if intercept else []])
        return float(np.logaddexp(0.0, -mg).sum() + beta * x[:2 * m].sum()), g

    x0 = np.zeros(2 * m + (1 if intercept else 0))
    bounds = [(0, None)] * (2 * m) + ([(None, None)] if intercept else [])
    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20000})
    return float(res.fun)


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
@pytest.mark.parametrize("data", ["separable", "xor"])
@pytest.mark.parametrize("bias", [False, True])
def test_classifiers_report_holds(loss, data, bias):
    X, y = (XS, LS) if data == "separable" else (XN, LN)
    D = dictionary(X, bias=bias, norm=1)
    fl = solve_float(D, y, Q(1, 4), intercept=bias, loss=loss)
    rep = fl.report
    assert fl.solver.startswith("cvxpy/CLARABEL")
    assert rep["holds"], rep
    assert rep["loss"] == loss and rep["exact"] is False
    if loss == "hinge":
        assert rep["complementarity_condition"]
    K, yf = D.to_float(), np.array(y, float)
    z = np.array(_floats(fl.z))
    f = K @ z + (float(fl.intercept) if bias else 0.0)
    loss_value = np.logaddexp(0.0, -yf * f).sum() if loss == "logistic" else np.maximum(0.0, 1 - yf * f).sum()
    assert fl.value == pytest.approx(loss_value + 0.25 * np.abs(z).sum(), rel=1e-12)
    ref = _independent_classifier(K, yf, 0.25, bias, loss)
    assert fl.value <= ref + 1e-6 * max(1.0, ref)
    assert fl.value == pytest.approx(ref, rel=1e-5)
    json.dumps(rep)


def test_hinge_separable_reaches_zero_loss_with_small_beta():
    D = dictionary(XS, bias=True, norm=1)
    fl = solve_float(D, LS, Q(1, 100), intercept=True, loss="hinge")
    K = D.to_float()
    f = K @ np.array(_floats(fl.z)) + float(fl.intercept)
    assert np.all(np.array(LS) * f >= 1 - 1e-7)


# ------------------------------------------------------------------ typed errors
@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_bad_labels_raise(loss):
    D = dictionary(XS, bias=False, norm=1)
    with pytest.raises(InvalidInputError, match=r"labels in \{-1, \+1\}, got 2 at row 1"):
        solve_float(D, [1, 2, -1, 1, 1, -1], 1, loss=loss)
    with pytest.raises(ValueError):  # also a ValueError
        solve_float(D, [0, 1, -1, 1, 1, -1], 1, loss=loss)


def test_classification_needs_one_output():
    D = dictionary(XS, bias=False, norm=1)
    with pytest.raises(InvalidInputError, match="one output column, got 2"):
        solve_float(D, [[1, 1]] * 6, 1, loss="logistic")


def test_single_class_logistic_with_intercept_has_no_minimizer():
    D = dictionary(XS, bias=True, norm=1)
    with pytest.raises(InvalidInputError, match="no minimizer"):
        solve_float(D, [1] * 6, 1, intercept=True, loss="logistic")


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"loss": "absolute"}, InvalidInputError, "loss must be one of"),
        ({"method": "lars"}, InvalidInputError, "method must be"),
        ({"beta": 0}, InvalidInputError, "beta must be > 0"),
        ({"Y": [1, 2, 3]}, DimensionError, "Y must have 8 rows"),
        ({"Y": [0.5] * 8}, NonExactInputError, "float"),
        ({"Y": Y2, "method": "active_set"}, InvalidInputError, "one output column"),
    ],
)
def test_typed_errors(kwargs, exc, match):
    D = dictionary(X2, bias=False, norm=2)
    args = {"Y": Y1, "beta": BETA}
    args.update(kwargs)
    Y, beta = args.pop("Y"), args.pop("beta")
    with pytest.raises(exc, match=match) as info:
        solve_float(D, Y, beta, **args)
    assert isinstance(info.value, ExactWedgeError)


# ------------------------------------------------------------------ property: two solvers agree
@settings(max_examples=12, deadline=None)
@given(
    st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=4, max_size=6),
    st.integers(1, 8),
    st.booleans(),
)
def test_active_set_and_conic_agree(rows, beta_num, intercept):
    K = np.array(rows, float)
    K = np.hstack([K, -K])  # dependent ± pairs, as in the dictionaries
    y = [r[0] - r[1] + 1 for r in rows]
    a = solve_float(K, y, Q(beta_num, 4), intercept=intercept)
    b = solve_float(K, y, Q(beta_num, 4), intercept=intercept, method="cvxpy")
    assert a.report["holds"] and b.report["holds"]
    assert a.value == pytest.approx(b.value, rel=1e-7, abs=1e-9)


# ------------------------------------------------------------------ end to end through fit
def _check_fit(res):
    assert res.exact is False
    assert math.isfinite(res.value)
    out = res.to_json()
    json.dumps(out)
    assert out["exact"] is False and out["certificate"]["holds"]
    return out


@pytest.mark.parametrize("bias", [False, True])
def test_fit_l2(bias):
    from exactwedge.training import fit

    res = fit(X2, Y1, BETA, norm=2, bias=bias)
    out = _check_fit(res)
    assert res.solver == "float active set (numpy float64)"
    assert out["p_nn_vs_value"]["equal"] and "optimal_value" not in out
    assert out["feature_kind"] == "surd (solved in float64)"


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_fit_classification(loss):
    from exactwedge.training import fit

    res = fit(XN, LN, "1/4", loss=loss, bias=True)
    _check_fit(res)
    assert res.solver.startswith("cvxpy/")
    with pytest.raises(InvalidInputError):
        fit(XN, [2] * len(XN), "1/4", loss=loss)


@pytest.mark.parametrize("bias", [False, True])
def test_fit_vector_output(bias):
    from exactwedge.training import fit

    res = fit(X2, Y2, BETA, norm=2, bias=bias)
    out = _check_fit(res)
    assert out["p_nn_vs_value"]["equal"] and "optimal_value" not in out
    assert all(len(u["alpha"]) == 2 for u in out["neurons"])


# ------------------------------------------------------------------ fallbacks and edge cases
def test_numpy_fallback_when_cvxpy_fails(monkeypatch):
    import exactwedge.lasso.cvxpy_policy as policy
    import exactwedge.lasso.float_refine as fs
    from exactwedge.exceptions import SolverError

    D = dictionary(X2, bias=True, norm=2)
    group = solve_float(D, Y2, BETA, intercept=True)
    logit = solve_float(D, [1, 1, -1, -1, 1, -1, 1, -1], BETA, intercept=True, loss="logistic")

    def fail(*args):
        raise SolverError("forced failure")

    monkeypatch.setattr(policy, "solve_with_retries", fail)
    group2 = solve_float(D, Y2, BETA, intercept=True)
    logit2 = solve_float(D, [1, 1, -1, -1, 1, -1, 1, -1], BETA, intercept=True, loss="logistic")
    for a, b in ((group, group2), (logit, logit2)):
        assert b.solver == fs._FALLBACK_NAME and "forced failure" in b.report["status"]
        assert b.report["holds"]
        assert b.value == pytest.approx(a.value, rel=1e-8)
    with pytest.raises(SolverError, match="forced failure"):
        solve_float(D, [1, 1, -1, -1, 1, -1, 1, -1], BETA, loss="hinge")


@pytest.mark.parametrize("loss, value", [("logistic", 3 * math.log(4 / 3) + math.log(4)), ("hinge", 2.0)])
def test_classifier_without_columns_fits_the_intercept(loss, value):
    fl = solve_float(np.zeros((4, 0)), [1, 1, -1, 1], 1, intercept=True, loss=loss)
    assert fl.z == [] and fl.report["holds"]
    assert fl.value == pytest.approx(value, rel=1e-8)


@pytest.mark.parametrize("bias", [False, True])
def test_active_set_repairs_a_wrong_face_in_numpy(monkeypatch, bias):
    import exactwedge.lasso.cvxpy_policy as policy
    import exactwedge.lasso.float_squared as fs

    D = dictionary(X2, bias=bias, norm=2)
    good = solve_float(D, Y1, BETA, intercept=bias)
    monkeypatch.setattr(fs, "float_face_guess", lambda K, y, beta: [(0, 1)])  # a wrong face
    monkeypatch.setattr(policy, "conic_attempts", None)  # cvxpy must not be needed
    fixed = solve_float(D, Y1, BETA, intercept=bias)
    assert fixed.solver == "float active set (numpy float64)"
    assert fixed.report["status"] == "face solved, then refined" and fixed.report["holds"]
    assert fixed.value == pytest.approx(good.value, rel=1e-10)
