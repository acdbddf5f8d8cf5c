"""``fit --norm 2 --global``: the weight-decay optimum by the arrangement program, against independent computations.

* 1-D: ‖w‖₂ = ‖w‖₁, so the weight-decay optimum is the exact ℓ1 Lasso (Thm 1), a rational;
* 2-D: a cvxpy model of the convex program written here, over patterns found by sampling
  directions (no exactwedge enumeration), and plain gradient descent from many random
  starts (an upper bound, never below);
* the refusal happens before the program is built.
"""

from __future__ import annotations

import json
from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge import fit
from exactwedge.cli.main import main
from exactwedge.exceptions import TooLargeError
from exactwedge.reference import l2_optimum as gmod
from exactwedge.reference.l2_optimum import count_patterns, global_l2, pattern_estimate

X2 = [[Q(1), Q(0)], [Q(0), Q(1)], [Q(1), Q(1)], [Q(-1), Q(2)], [Q(2), Q(-1)]]
Y2 = [Q(1), Q(0), Q(2), Q(-1), Q(1, 2)]


def _independent_program(X, y, beta, bias, rng) -> float:
    """The arrangement program, written here: patterns from 20000 sampled directions (all chambers of a
    tiny arrangement; a chamber's closure holds every weight, so chamber patterns suffice)."""
    import cvxpy as cp

    Xt = np.array([[float(c) for c in r] + ([1.0] if bias else []) for r in X])
    n, dt = Xt.shape
    d = dt - 1 if bias else dt
    W = rng.standard_normal((dt, 20000))
    pats = np.unique((Xt @ W > 0).T, axis=0)
    pats = pats[pats.any(axis=1)]
    yf = np.array([float(v) for v in y])
    pred, reg, cons = 0, 0, []
    for p in pats:
        s = 2.0 * p - 1.0
        u, v = cp.Variable(dt), cp.Variable(dt)
        pred = pred + cp.multiply(p.astype(float), Xt @ (u - v))
        reg = reg + cp.norm(u[:d], 2) + cp.norm(v[:d], 2)
        cons += [cp.multiply(s, Xt @ u) >= 0, cp.multiply(s, Xt @ v) >= 0]
    if bias:
        pred = pred + cp.Variable()
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(pred - yf) + float(beta) * reg), cons)
    prob.solve(solver="CLARABEL")
    return float(prob.value)


def _gd_best(X, y, beta, bias, rng, restarts=20, width=12, steps=3000) -> float:
    """Plain full-batch gradient descent on the weight-decay objective (½‖f − y‖² + β/2 Σ(‖w‖² + α²)),
    best of several random starts: an upper bound on P_NN."""
    Xf = np.array([[float(c) for c in r] for r in X])
    yf = np.array([float(v) for v in y])
    best = np.inf
    for _ in range(restarts):
        W = rng.standard_normal((Xf.shape[1], width)) * 0.5
        b = rng.standard_normal(width) * 0.5 if bias else np.zeros(width)
        a = rng.standard_normal(width) * 0.5
        t = 0.0
        lr = 0.01
        for _ in range(steps):
            H = Xf @ W + b
            A = np.maximum(H, 0)
            r = A @ a + t - yf
            ga = A.T @ r + beta * a
            G = (r[:, None] * a[None, :]) * (H > 0)
            gW = Xf.T @ G + beta * W
            W -= lr * gW
            a -= lr * ga
            if bias:
                b -= lr * G.sum(axis=0)
                t -= lr * r.sum()
        H = np.maximum(Xf @ W + b, 0)
        val = 0.5 * np.sum((H @ a + t - yf) ** 2) + beta / 2 * (np.sum(W * W) + np.sum(a * a))
        best = min(best, val)
    return float(best)


def test_one_dimensional_global_is_the_exact_lasso():
    X = [[Q(0)], [Q(4)], [Q(5)], [Q(7)], [Q(10)], [Q(11)]]
    y = [Q(0), Q(0), Q(0), Q(2), Q(3), Q(3)]
    res = global_l2(X, y, Q(1, 10), bias=True)
    exact = fit(X, y, Q(1, 10), bias=True, norm=1).value  # Thm 1: any p; 287/1600
    assert exact == Q(287, 1600)
    assert res.global_value_float == pytest.approx(float(exact), rel=1e-7)
    assert 0 <= res.duality_gap <= 1e-6 or abs(res.duality_gap) <= 1e-9
    assert res.r == 1.0  # in 1-D the ℓ2 Lasso is exact: Thm 7's allowance is 0
    assert res.gap_ratio is None
    assert res.lasso_value_float == pytest.approx(float(exact), rel=1e-7)


@pytest.mark.parametrize("bias", [False, True])
def test_two_dimensional_against_an_independent_program_and_gradient_descent(bias):
    rng = np.random.default_rng(5)
    res = global_l2(X2, Y2, Q(1, 4), bias=bias)
    own = _independent_program(X2, Y2, Q(1, 4), bias, rng)
    assert res.global_value_float == pytest.approx(own, rel=1e-6)
    assert abs(res.duality_gap) <= 1e-6 * max(1.0, res.global_value_float)
    assert res.lower_float <= res.global_value_float + 1e-7 <= res.upper_float + 2e-7
    gd = _gd_best(X2, Y2, 0.25, bias, rng, restarts=8, steps=2000)
    assert res.global_value_float <= gd + 1e-6  # a trained network never beats the global optimum
    # Thm 7 (Thm 4/5 in R²): P_NN ≤ P_Lasso ≤ P_NN + (1/r − 1) R_NN
    assert res.global_value_float <= res.lasso_value_float + 1e-6
    assert res.lasso_value_float <= res.bound_float + 1e-6
    assert res.theorem == ("Thm 5" if bias else "Thm 4")


def test_the_json_names_floats_as_floats():
    doc = global_l2(X2, Y2, Q(1, 4)).to_json()
    assert "optimal_value" not in doc and "value" not in doc
    assert {"global_value_float", "duality_gap", "lasso_l2_value_float", "thm7_bound_float", "r", "D_squared",
            "n_patterns", "pattern_estimate"} <= set(doc)
    assert "float" in doc["kind"]
    json.dumps(doc)


def test_pattern_estimate_bounds_the_count_on_random_data():
    rng = np.random.default_rng(0)
    for n, d, bias in [(6, 1, True), (8, 2, False), (8, 2, True), (7, 3, False), (6, 3, True)]:
        X = [[Q(int(v), int(q)) for v, q in zip(rng.integers(-9, 10, d), rng.integers(1, 4, d))] for _ in range(n)]
        m = count_patterns(X, bias=bias, max_patterns=None)
        assert m <= pattern_estimate(X, bias=bias) + 1


def test_a_large_arrangement_is_refused_before_the_program(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the program was built")

    monkeypatch.setattr(gmod, "arrangement_value", boom)
    monkeypatch.setattr(gmod, "sign_patterns", boom)  # the estimate alone refuses this one
    X = [[Q(i), Q(i * i % 7), Q(1 + i % 3)] for i in range(60)]
    with pytest.raises(TooLargeError, match=r"about [\d,]+ activation patterns \(general-position estimate"):
        global_l2(X, [Q(i % 2) for i in range(60)], 1, bias=True, max_patterns=100)


def test_a_small_limit_names_the_count_and_the_estimate(monkeypatch):
    monkeypatch.setattr(gmod, "arrangement_value", lambda *a, **k: pytest.fail("the program was built"))
    with pytest.raises(TooLargeError) as e:
        global_l2(X2, Y2, 1, bias=True, max_patterns=10)
    m, est = count_patterns(X2, bias=True, max_patterns=None), pattern_estimate(X2, bias=True)
    assert f"has {m} activation patterns (general-position estimate {est})" in str(e.value)


def _csv(tmp_path, X, y):
    p = tmp_path / "d.csv"
    p.write_text("".join(",".join(str(c) for c in r + [v]) + "\n" for r, v in zip(X, y)))
    return p


def test_cli_global_json_and_text(tmp_path, capsys):
    p = _csv(tmp_path, X2, Y2)
    assert main(["fit", str(p), "--norm", "2", "--global", "--beta", "1/4", "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["global_value_float"] == pytest.approx(global_l2(X2, Y2, Q(1, 4)).global_value_float, rel=1e-9)
    assert "optimal_value" not in doc
    assert main(["fit", str(p), "--norm", "2", "--global", "--beta", "1/4", "--bias"]) == 0
    out = capsys.readouterr().out
    assert "float solve" in out and "duality gap" in out and "Thm 5 bound" in out


@pytest.mark.parametrize("args, msg", [
    (["--global", "--beta", "1"], "give --norm 2"),
    (["--norm", "2", "--global"], "--global needs --beta"),
    (["--norm", "2", "--global", "--beta", "1", "--activation", "abs"], "--activation abs: not available"),
    (["--norm", "2", "--global", "--beta", "1", "--bias", "--max-patterns", "5"], "activation patterns"),
    (["--beta", "1", "--max-patterns", "5"], "--max-patterns is for --global"),
    (["--norm", "2", "--global", "--beta", "1", "--latex-fragment", "f.tex"], "--latex-fragment: not available"),
    (["--norm", "2", "--global", "--beta", "1", "--latex-form", "closed"], "--latex-form: not available"),
    (["--norm", "2", "--global", "--beta", "1", "--certificate", "c.json"], "a certificate needs --norm 1"),
])
def test_cli_global_errors_are_one_line(tmp_path, capsys, args, msg):
    p = _csv(tmp_path, X2, Y2)
    assert main(["fit", str(p), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert msg in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_rank_deficient_anchored_sets_give_the_optimum_without_the_bound(capsys, tmp_path):
    X = [[Q(1), Q(0), Q(2)], [Q(0), Q(1), Q(1)], [Q(3), Q(-1), Q(0)]]  # each shifted set: 2 points in R³
    y = [Q(1), Q(0), Q(2)]
    res = global_l2(X, y, Q(1, 5), bias=True)
    assert res.r is None and res.bound_float is None and "does not apply" in res.bound_note
    assert res.global_value_float == pytest.approx(_independent_program(X, y, Q(1, 5), True,
                                                                        np.random.default_rng(1)), rel=1e-6)
    assert main(["fit", str(_csv(tmp_path, X, y)), "--norm", "2", "--global", "--beta", "1/5", "--bias"]) == 0
    assert "does not apply" in capsys.readouterr().out
