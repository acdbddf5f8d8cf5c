"""Polishing (THEORY §5): cross products through chosen samples, exact refit, rescaling."""

from fractions import Fraction as Q

import pytest

import exactwedge as ew
from exactwedge.trained import train
from exactwedge.trained.polish import exact_data, polish, polish_weight, refit_output

X = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2], [3, 1], [1, 3]]
Y = [0, 1, 1, 0, 3, 2, -1]
X3 = [[0, 0, 1], [1, 2, 0], [2, 1, 1], [0, 1, 3], [1, 1, 1], [3, 0, 2], [1, 3, 1]]
Y3 = [1, 0, 2, -1, 0, 1, 2]


def _dot(a, b):
    return sum(p * q for p, q in zip(a, b))


@pytest.mark.parametrize("data", [X, X3])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("norm", [1, 2])
def test_polished_weight_is_cross_product_through_samples(data, bias, norm):
    rows = exact_data(data)
    d = len(rows[0])
    run = train(data, Y if data is X else Y3, 0.1, widths=(5,), bias=bias, norm=norm, epochs=100, seed=2)
    net = run.to_network()
    for u in net.units:
        w, b, info = polish_weight(rows, u.w, u.b if bias else None, norm=norm)
        S = info["samples"]
        assert len(S) + len(info["basis"]) == (d if bias else d - 1)
        for i in S:  # the hyperplane passes through every chosen sample, exactly
            assert _dot(w, rows[i]) + b == 0
        if bias:
            vecs = [[a - c for a, c in zip(rows[i], rows[S[0]])] for i in S[1:]]
        else:
            vecs = [rows[i] for i in S]
        vecs += [[Q(int(i == k - 1)) for i in range(d)] for k in info["basis"]]
        c = ew.cross(*vecs).coefficients
        ratio = [wi / ci for wi, ci in zip(w, c) if ci != 0]
        assert len(set(ratio)) == 1 and all(wi == 0 for wi, ci in zip(w, c) if ci == 0)
        assert (ratio[0] > 0) == (info["side"] > 0)
        # same side: the new pre-activations correlate positively with the old ones
        old = [_dot(u.w, x) + (u.b if bias else 0) for x in rows]
        new = [_dot(w, x) + b for x in rows]
        assert _dot(old, new) >= 0
        if norm == 1:
            assert sum(abs(v) for v in w) == sum(abs(v) for v in u.w)


def test_closest_samples_are_chosen():
    # w = (1, 1), b = -3/2: |x·w + b| = 1/2 at (1,0), (0,1) and (1,1); the ties go to the lowest index
    w, b, info = polish_weight([[0, 0], [1, 0], [0, 1], [1, 1]], [Q(1), Q(1)], Q(-3, 2))
    assert info["samples"] == (1, 2)
    assert (w, b) == ((Q(1), Q(1)), Q(-1))


def test_basis_vectors_complete_degenerate_data():
    w, b, info = polish_weight([[1, 0, 0], [2, 0, 0], [3, 0, 0]], [Q(1), Q(1), Q(1)])
    assert info["basis"] and _dot(w, [1, 0, 0]) == 0


def test_ridge_refit_satisfies_normal_equations():
    H = [[Q(1), Q(0)], [Q(2), Q(1)], [Q(0), Q(3)], [Q(1), Q(1)]]
    y = [Q(1), Q(2), Q(0), Q(5)]
    beta = Q(1, 3)
    alpha, t, resid = refit_output(H, y, beta, method="ridge", intercept=True)
    r = [yi - _dot(h, alpha) - t for h, yi in zip(H, y)]
    assert sum(r) == 0  # optimal intercept
    for j in range(2):  # gradient of ½‖r‖² + (β/2)‖α‖²
        assert -sum(h[j] * ri for h, ri in zip(H, r)) + beta * alpha[j] == 0
    assert all(v == 0 for v in resid)


def test_lasso_refit_kkt_exact():
    H = [[Q(1), Q(0), Q(1)], [Q(2), Q(1), Q(3)], [Q(0), Q(3), Q(3)], [Q(1), Q(1), Q(2)]]
    y = [Q(1), Q(2), Q(0), Q(5)]
    beta = Q(1, 2)
    alpha, t, cert = refit_output(H, y, beta, method="lasso")
    assert cert.holds
    r = [yi - _dot(h, alpha) - t for h, yi in zip(H, y)]
    assert sum(r) == 0
    for j in range(3):
        g = sum(h[j] * ri for h, ri in zip(H, r))
        assert abs(g) <= beta
        if alpha[j] != 0:
            assert g == beta * (1 if alpha[j] > 0 else -1)


@pytest.mark.parametrize("norm", [1, 2])
def test_polish_network_rescaling_and_objective(norm):
    beta = Q(1, 10)
    run = train(X, Y, float(beta), widths=(6,), norm=norm, epochs=400, seed=0)
    res = polish(run, X, Y, beta)
    assert res.refit == ("lasso" if norm == 1 else "ridge")
    for u, ru in zip(res.network.units, res.rescaled.units):
        assert ru.provenance == u.provenance and u.provenance["samples"]
        if norm == 1:  # App. 6.12: both halves equal, exactly
            assert sum(abs(c) for c in ru.w) == abs(ru.alpha)
        else:
            assert float(sum(c * c for c in ru.w)) == pytest.approx(float(ru.alpha) ** 2)
    assert res.rescaled.predict_float(X) == pytest.approx(res.network.predict_float(X))
    if norm == 1:
        assert res.rescaled.objective(X, Y, beta) == res.objective_after
        assert res.certificate.holds
    # the global optimum of the convex program bounds every network from below (ℓ1)
    if norm == 1:
        assert ew.fit(X, Y, beta, bias=True).value <= res.objective_after


def test_tiny_case_polishing_documented():
    """On this tiny case the polished objective is *not* below the trained one (1.59 > 1.09).

    Polishing by the samples nearest each hyperplane is a heuristic (THEORY §5);
    with the exact Lasso refit it is only optimal given the chosen neurons.
    """
    X5, y5 = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2]], [0, 1, 1, 0, 3]
    run = train(X5, y5, 0.1, widths=(6,), norm=1, epochs=300, seed=0)
    res = polish(run, X5, y5, "1/10")
    assert res.objective_after == Q(1753, 1100)
    assert res.objective_after > res.objective_before_rescaled


def test_polish_reaches_optimum_when_trained_well():
    """From the convex optimum's own neurons, polishing keeps the optimal value."""
    beta = Q(1, 10)
    opt = ew.fit(X, Y, beta, bias=True)
    res = polish(opt.network, X, Y, beta)
    assert res.objective_after == opt.value


@pytest.mark.slow
def test_spiral_script_writes_figures_and_json(tmp_path):
    import importlib.util
    import json
    from pathlib import Path

    pytest.importorskip("matplotlib")
    path = Path(__file__).resolve().parents[2] / "examples" / "spiral_polish.py"
    spec = importlib.util.spec_from_file_location("spiral_polish", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    report = mod.main(["--points", "8", "--epochs", "200", "--seeds", "1", "--width", "10", "--out", str(tmp_path)])
    for name in ("spiral_polish.png", "spiral_polish.svg", "spiral_decision.png", "spiral_decision.svg", "spiral_polish.json"):
        assert (tmp_path / name).stat().st_size > 0
    data = json.loads((tmp_path / "spiral_polish.json").read_text())
    opt = data["optimum"]["value_float"]
    assert data["optimum"]["certificate"]
    for r in report["runs"]:  # the exact global optimum bounds every network
        assert opt <= r["trained_objective"] + 1e-9 and opt <= r["polished_objective_float"] + 1e-9
