"""Tests of exactwedge.training.fit: the end-to-end result, its JSON report, typed errors."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from exactwedge.exceptions import (
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonExactInputError,
    NonFiniteInputError,
    TooLargeError,
)
from exactwedge.training import FitResult, fit

# 6 integer points in R² whose optimal network (ℓ1, no bias, β = 1/2) uses a
# neuron named by the basis vector e1
E_X = [[3, 1], [0, -2], [-2, -4], [-4, -4], [-3, 3], [1, 4]]
E_Y = [0, 1, 3, 2, 1, 0]


def _check_report(js: dict, res: FitResult) -> None:
    text = json.dumps(js)
    again = json.loads(text)
    assert again == json.loads(json.dumps(again))
    # the exact value as a string, and its float
    assert isinstance(js["optimal_value"], str)
    assert Q(js["optimal_value"]) == res.value
    assert js["optimal_value_float"] == float(res.value)
    assert js["exact"] is True
    assert Q(js["beta"]) == res.beta
    assert js["p_nn"] == js["optimal_value"] and js["p_nn_equals_p_lasso"] is True
    if res.bias:
        assert isinstance(js["intercept"], str) and Q(js["intercept"]) == res.intercept
    else:
        assert js["intercept"] is None
    assert js["columns"] == len(res.dictionary) and js["dictionary"]["columns"] == js["columns"]
    cert = js["certificate"]
    assert cert["holds"] is True and cert["exact"] is True
    assert Q(cert["max_abs_correlation"]) <= res.beta
    assert cert["support_size"] == len(res.support) == len(js["neurons"])
    n, d = len(res.X), len(res.X[0])
    for nr, j in zip(js["neurons"], res.support):
        assert nr["column"] == j
        assert len(nr["w"]) == d and all(isinstance(v, str) for v in nr["w"])
        w = [Q(v) for v in nr["w"]]
        b, alpha = Q(nr["b"]), Q(nr["alpha"])
        assert alpha == res.z[j] and sum(abs(c) for c in w) == 1
        assert nr["w_float"] == [float(c) for c in w] and nr["b_float"] == float(b)
        assert nr["sign"] in (1, -1)
        for s in nr["samples"]:
            assert (isinstance(s, int) and 0 <= s < n) or (isinstance(s, str) and re.fullmatch(r"e\d+", s))
        # the hyperplane passes through its samples (and anchor)
        if res.bias:
            assert isinstance(nr["anchor"], int) and 0 <= nr["anchor"] < n
            a = res.X[nr["anchor"]]
            assert sum(p * q for p, q in zip(a, w)) + b == 0
        else:
            assert nr["anchor"] is None and b == 0
        for s in nr["samples"]:
            if isinstance(s, str):
                assert w[int(s[1:]) - 1] == 0
            else:
                assert sum(p * q for p, q in zip(res.X[s], w)) + b == 0
        assert nr["label"]
        # the rescaled unit: exact surd strings with ‖w‖₁ = |α|
        rs = nr["rescaled"]
        rw = [sympy.sympify(v) for v in rs["w"]]
        ra = sympy.sympify(rs["alpha"])
        assert sympy.simplify(sum(abs(v) for v in rw) - abs(ra)) == 0
        assert sympy.simplify(ra * rw[0] - alpha * w[0]) == 0  # α·w is invariant


def test_fit_json_published(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True)
    js = res.to_json()
    assert js["optimal_value"] == str(paper.value)
    assert js["optimal_value_float"] == pytest.approx(float(paper.value), abs=0)
    _check_report(js, res)
    assert js["loss"] == "squared" and js["norm"] == 1 and js["activation"] == "relu" and js["bias"] is True
    assert js["feature_kind"] == "rational"
    assert set(js["timings_s"]) >= {"dictionary", "lasso"}


def test_fit_json_with_basis_vector_neuron():
    res = fit(E_X, E_Y, "1/2")
    js = res.to_json()
    _check_report(js, res)
    samples = [s for nr in js["neurons"] for s in nr["samples"]]
    assert "e1" in samples and any(isinstance(s, int) for s in samples)


@pytest.mark.parametrize("d,bias,act", [(2, True, "relu"), (3, False, "relu"), (3, True, "abs"), (2, False, "abs")])
def test_fit_json_random(d, bias, act):
    rng = np.random.default_rng(600 + d + 10 * bias)
    X = [[Q(int(v), 2) for v in rng.integers(-5, 6, size=d)] for _ in range(6)]
    y = [Q(int(v)) for v in rng.integers(-3, 4, size=6)]
    res = fit(X, y, Q(1, 6), bias=bias, activation=act)
    _check_report(res.to_json(), res)


def test_fit_result_accessors(paper):
    res = fit(paper.X, paper.y, Q(1, 10), bias=True)
    assert res.value_float == float(paper.value)
    assert res.support == [j for j, v in enumerate(res.z) if v]
    assert res.predict([[Q(0)], [Q(11)]]) == res.network.predict([[0], [11]])
    assert res.solver.startswith("exact")
    assert res.loss == "squared" and res.beta == Q(1, 10)


def test_fit_accepts_exact_inputs_of_many_kinds(paper):
    a = fit(paper.X, paper.y, "0.1", bias=True)
    b = fit(np.array(paper.X), np.array(paper.y), Q(1, 10), bias=True)
    c = fit([[x] for x in paper.X], [[v] for v in paper.y], "1/10", bias=True)
    d = fit([str(x) for x in paper.X], [f"{v}/1" for v in paper.y], "1e-1", bias=True)
    assert a.value == b.value == c.value == d.value == paper.value


def test_fit_warm_start_off(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True, warm_start=False)
    assert res.value == paper.value and "warm" not in res.solver


def test_fit_zero_network_above_beta_max(paper):
    res = fit(paper.X, paper.y, 1000, bias=True)
    assert res.network.units == [] and res.support == []
    mean = Q(sum(paper.y), len(paper.y))
    assert res.intercept == mean
    assert res.predict([[123]]) == [mean]
    js = res.to_json()
    assert js["neurons"] == [] and js["certificate"]["holds"] is True
    json.dumps(js)


# ------------------------------------------------------------------ typed errors


@pytest.mark.parametrize(
    "beta,exc",
    [
        (0, InvalidInputError),
        ("0", InvalidInputError),
        (-1, InvalidInputError),
        ("-1/10", InvalidInputError),
        ("abc", InvalidInputError),
        ("1/0", InvalidInputError),
        ("", InvalidInputError),
        (0.1, NonExactInputError),
        (float("nan"), NonFiniteInputError),
        ("nan", NonFiniteInputError),
        ("inf", NonFiniteInputError),
    ],
)
def test_bad_beta(beta, exc, paper):
    with pytest.raises(exc):
        fit(paper.X, paper.y, beta, bias=True)


def test_bad_data(paper):
    with pytest.raises(ExactWedgeError, match="2"):
        fit([[1]], [1], 1)  # fewer than 2 rows
    with pytest.raises(ExactWedgeError):
        fit([], [], 1)
    with pytest.raises(NonFiniteInputError):
        fit(paper.X, ["nan", 0, 0, 2, 3, 3], 1)
    with pytest.raises(NonFiniteInputError):
        fit(paper.X, [0, 0, "inf", 2, 3, 3], 1)
    with pytest.raises((NonExactInputError, NonFiniteInputError)):
        fit(paper.X, [math.nan, 0, 0, 2, 3, 3], 1)
    with pytest.raises(NonExactInputError):
        fit(paper.X, [0.5, 0, 0, 2, 3, 3], 1)
    with pytest.raises(NonExactInputError):
        fit([0.0, *paper.X[1:]], paper.y, 1)  # a float input
    with pytest.raises(DimensionError):
        fit([[0, 1], [4], [5, 1]], [0, 1, 2], 1)  # ragged
    with pytest.raises(DimensionError):
        fit(paper.X, paper.y[:-1], 1)  # one label short
    with pytest.raises(InvalidInputError):
        fit(paper.X, ["a", 0, 0, 2, 3, 3], 1)
    with pytest.raises(InvalidInputError):
        fit(paper.X, paper.y, 1, loss="l1")
    with pytest.raises(InvalidInputError):
        fit(paper.X, paper.y, 1, norm=3)
    with pytest.raises(InvalidInputError):
        fit(paper.X, paper.y, 1, activation="tanh")
    with pytest.raises(TooLargeError):
        fit([[i, i * i % 7] for i in range(30)], list(range(30)), 1, bias=True, max_columns=10)


def test_errors_are_value_or_type_errors(paper):
    """Every typed error is also the builtin a caller would catch."""
    with pytest.raises(ValueError):
        fit(paper.X, paper.y, 0)
    with pytest.raises(TypeError):
        fit(paper.X, paper.y, 0.1)


# ------------------------------------------------------------------ the float pipeline (ℓ2), when present


def test_l2_fit_is_float_and_an_upper_bound():
    pytest.importorskip("exactwedge.lasso.float_solve")
    cp = pytest.importorskip("cvxpy")  # noqa: F841
    from exactwedge.reference import arrangement_value

    rng = np.random.default_rng(9)
    X = [[Q(int(v)) for v in rng.integers(-4, 5, size=2)] for _ in range(6)]
    y = [Q(int(v)) for v in rng.integers(-3, 4, size=6)]
    res = fit(X, y, "1/3", bias=True, norm=2)
    assert res.exact is False
    js = res.to_json()
    json.dumps(js)
    assert isinstance(js["value"], float) and js["exact"] is False
    ref = arrangement_value(X, y, "1/3", bias=True, norm=2)
    assert float(res.value) >= ref.value - 1e-7


def test_l2_report_never_calls_the_lasso_value_optimal():
    """Issue 13: the ℓ2 Lasso is an upper bound on the network optimum (Thm 7), never reported as the optimum."""
    X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1]]
    res = fit(X, [0, 1, 1, 0, 1], "1/10", bias=True, norm=2)
    assert res.certificate.holds and not res.optimal
    js = res.to_json()
    assert "optimal_value" not in js and "optimal_value_float" not in js and "p_nn_equals_p_lasso" not in js
    assert js["value_kind"].startswith("ℓ2 Lasso value, an upper bound on the network optimum")
    assert js["value"] == js["value_float"] == res.value
    cmp = js["p_nn_vs_value"]
    assert cmp["equal"] is True and cmp["arithmetic"].startswith("float64") and "not a proof" in cmp["compared"]
    assert res.headline.startswith("Two-layer network from the ℓ2 Lasso (an upper bound")
    assert "optimal" not in res.headline.lower().replace("not proved optimal", "")


def test_float_comparison_is_relative():
    """A tiny value is compared relatively: 6e-29 against 4e-29 is not 'equal' (it was, with an absolute 1e-9)."""
    from exactwedge.training import _p_nn_vs_value

    assert _p_nn_vs_value(6e-29, 4e-29, False)["equal"] is False
    assert _p_nn_vs_value(1.0, 1.0 + 1e-12, False)["equal"] is True
    assert _p_nn_vs_value(0.0, 0.0, False)["relative_difference"] == 0.0
    assert _p_nn_vs_value(Q(1, 3), Q(1, 3), True) == {"compared": _p_nn_vs_value(0, 0, True)["compared"],
                                                      "arithmetic": "exact", "equal": True}


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_classification_fit_says_it_is_a_float_solve(loss):
    X = [[0], [1], [2], [3]]
    res = fit(X, [-1, 1, -1, 1], "1/10", bias=True, loss=loss)
    js = res.to_json()
    assert "optimal_value" not in js and not res.optimal and res.certificate.holds
    assert js["value_kind"].startswith(f"ℓ1-regularized {loss}-loss program value from a float64 solve")
    assert "not a proof" in js["value_kind"] and "not a proof" in js["certificate"]["kind"]
    # P_NN is the network's own objective, evaluated from its predictions (not a copy of the value)
    assert js["p_nn_vs_value"]["equal"] is True
    f = res.network.predict_float(X)
    margins = [yi * fi for yi, fi in zip([-1, 1, -1, 1], f)]
    data = sum(math.log1p(math.exp(-m)) if loss == "logistic" else max(0.0, 1 - m) for m in margins)
    reg = sum(float(abs(u.alpha)) * sum(abs(float(c)) for c in u.w) for u in res.network.units) / 10
    assert js["p_nn"] == pytest.approx(data + reg, rel=1e-12)
    assert res.headline == f"Two-layer network from a float64 solve of the {loss}-loss program (not proved optimal)"


def test_exact_report_is_the_optimum():
    res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
    js = res.to_json()
    assert res.optimal and "value" not in js and "p_nn_vs_value" not in js
    assert js["value_kind"].startswith("the network optimum: the exact ℓ1 Lasso optimum")
    assert res.headline == "Optimal two-layer network"


@pytest.mark.parametrize("bias", [False, True])
def test_vector_output_fit_and_json(bias):
    """Vector labels go through the float group Lasso; the network and report must still work (regression)."""
    pytest.importorskip("exactwedge.lasso.float_solve")
    pytest.importorskip("cvxpy")
    X = [[0, 1], [2, 0], [1, 1], [3, 2], [Q(1, 2), 3]]
    Y = [[1, 0], [0, 1], [2, 1], [1, -1], [0, 0]]
    res = fit(X, Y, "1/10", bias=bias)
    assert res.exact is False
    pred = res.predict(X)
    assert all(isinstance(p, tuple) and len(p) == 2 for p in pred)
    js = res.to_json()
    json.dumps(js)
    if bias:
        assert isinstance(js["intercept"], list) and len(js["intercept"]) == 2
    else:
        assert js["intercept"] is None
    # the reported network objective is the float Lasso value
    assert js["p_nn"] == pytest.approx(js["value"], rel=1e-7) and "optimal_value" not in js
    assert js["value_kind"].startswith("group ℓ1 Lasso value from a float64 solve")
    for nr in js["neurons"]:
        assert isinstance(nr["alpha"], list) and len(nr["alpha"]) == 2


def test_l2_fit_far_from_unit_scale_is_the_same_program():
    """Issue 13 (a NaN error for data with no NaN): the ℓ2 float solve overflowed (K, y near 1e155) and its
    refinement divided 0 by 0. The float solve now runs on an exact power-of-two rescaling: X·2^k with β·2^k is
    the same program (z/2^k), so it gives the same value and the same certificate, with no warning."""
    X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1], [3, 5]]
    y = [0, 1, 2, 0, 1, -1]
    ref = fit(X, y, "1/10", bias=True, norm=2)
    for k in (60, 520, -60):
        s = Q(2) ** k
        res = fit([[s * v for v in row] for row in X], y, Q(1, 10) * s, bias=True, norm=2)
        assert res.value == pytest.approx(ref.value, rel=1e-9), k
        assert res.certificate.holds and res.certificate["beta"] == str(Q(1, 10) * s), k
        assert all(math.isfinite(float(v)) for v in res.z), k
    for e in (150, 155):  # labels near 1e155: "SVD did not converge" before
        big = fit(X, [Q(v) * Q(10) ** e for v in y], "1/10", bias=True, norm=2)
        assert math.isfinite(big.value) and big.value >= 0
    # labels near 1e200 with a large β: the value itself (about 1e400) has no float64; refused by name
    with pytest.raises(InvalidInputError, match="beyond float64 range: divide the labels"):
        fit(X, [Q(v) * Q(10) ** 200 for v in y], Q(10) ** 250, bias=True, norm=2)


def test_l2_fit_on_huge_data_never_reports_nan():
    X = [[Q(v) * Q(10) ** 154 for v in row] for row in ([3, 1], [7, 2], [1, 9], [4, 4], [8, 8], [2, 6])]
    res = fit(X, [1, 0, -1, 2, 0, 1], "1/10", bias=True, norm=2)
    assert math.isfinite(res.value) and all(math.isfinite(float(v)) for v in res.z)
    js = res.to_json()
    json.dumps(js, allow_nan=False)
