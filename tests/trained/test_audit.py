"""The exact audit of trained networks (issue 17): objective, gap, violators, repair, readers, CLI."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction as Q

import numpy as np
import pytest

import exactwedge as ew
from exactwedge.cli.main import main
from exactwedge.exceptions import DataFileError, DimensionError, InvalidInputError
from exactwedge.trained.audit import audit
from exactwedge.trained.weights import (from_mlp, from_scnn, from_state_dict, read_csv_weights, read_npz,
                                        read_weights, scnn_beta)

X2 = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2], [3, 1]]
Y2 = [0, 1, 1, 0, 3, 2]


def _by_hand(X, y, W, b, a, t, beta, p):
    """½‖f(X)−y‖², and the regularizers, with Fractions and loops only."""
    loss = Q(0)
    for x, yi in zip(X, y):
        f = Q(t)
        for wj, bj, aj in zip(W, b, a):
            u = sum(Q(c) * Q(xc) for c, xc in zip(wj, x)) + Q(bj)
            f += Q(aj) * (u if u > 0 else 0)
        loss += (f - Q(yi)) ** 2
    loss /= 2
    sq = [sum(Q(c) ** 2 for c in wj) if p == 2 else sum(abs(Q(c)) for c in wj) ** 2 for wj in W]
    decay = loss + Q(beta) * sum(s + Q(aj) ** 2 for s, aj in zip(sq, a)) / 2
    return loss, decay


def _export(net):
    """The weights of an exact network, as a mapping the audit reads."""
    return {"W": [list(u.w) for u in net.units], "b": [u.b for u in net.units],
            "alpha": [u.alpha for u in net.units], "intercept": net.intercept}


def test_exact_objective_of_dyadic_weights_l1():
    W, b, a, t = [[0.5, -0.25], [1.5, 0.75]], [0.125, -1.0], [2.0, -0.5], 0.375
    beta = Q(1, 8)
    res = audit(X2, Y2, {"W": W, "b": b, "alpha": a, "intercept": t}, beta, bias=True, repair=False)
    loss, decay = _by_hand(X2, Y2, W, b, a, t, beta, 1)
    path = loss + beta * sum(abs(Q(aj)) * sum(abs(Q(c)) for c in wj) for wj, aj in zip(W, a))
    assert (res.loss, res.objective_decay, res.objective) == (loss, decay, path)
    assert res.gap == res.objective - res.optimum and res.gap > 0


@pytest.mark.slow
def test_exact_objective_of_dyadic_weights_l2_is_a_surd_sum():
    import sympy

    W, b, a, t = [[0.5, -0.25], [1.5, 0.75]], [0.125, -1.0], [2.0, -0.5], 0.375
    beta = Q(1, 8)
    res = audit(X2, Y2, {"W": W, "b": b, "alpha": a, "intercept": t}, beta, bias=True, norm=2, max_patterns=5000)
    loss, decay = _by_hand(X2, Y2, W, b, a, t, beta, 2)
    assert (res.loss, res.objective_decay) == (loss, decay)
    want = sympy.Rational(str(loss)) + sympy.Rational(str(beta)) * sum(
        sympy.sqrt(sympy.Rational(str(sum(Q(c) ** 2 for c in wj) * Q(aj) ** 2))) for wj, aj in zip(W, a))
    assert sympy.simplify(res.objective - want) == 0
    assert res.lasso_upper_float is not None and res.arrangement_float is not None
    assert res.arrangement_float <= res.lasso_upper_float + 1e-7  # Thm 7: the Lasso is an upper bound
    assert res.objective_float >= res.arrangement_float - 1e-7


@pytest.mark.parametrize("X, y, bias", [([0, 1, 2, 4, 5], [0, 1, 0, 2, 2], True), (X2, Y2, True),
                                        ([[1, 0], [0, 1], [1, 1], [2, 1]], [1, 0, 2, 1], False)])
def test_the_optimal_network_audits_with_gap_zero(X, y, bias):
    opt = ew.fit(X, y, "1/10", bias=bias)
    res = audit(X, y, _export(opt.network), "1/10", bias=bias)
    assert res.objective == opt.value and res.gap == 0 and res.optimal
    assert res.n_violators == 0 and res.max_correlation <= Q(1, 10)
    assert res.repaired_optimal and res.repaired_objective == opt.value


def test_a_truncated_optimal_network_misses_hyperplanes_and_is_repaired():
    opt = ew.fit(X2, Y2, "1/10", bias=True)
    assert len(opt.network.units) >= 2
    cut = _export(opt.network)
    for k in ("W", "b", "alpha"):
        cut[k] = cut[k][1:]  # drop the first neuron
    res = audit(X2, Y2, cut, "1/10", bias=True)
    assert res.gap > 0 and res.n_violators > 0
    assert all(abs(Q(v["correlation"])) > Q(1, 10) for v in res.violators)
    assert [abs(Q(v["correlation"])) for v in res.violators] == sorted((abs(Q(v["correlation"])) for v in res.violators), reverse=True)
    assert res.repaired_optimal and res.repaired_objective == opt.value
    assert res.certificate.holds and res.certificate.kind.startswith("exact")


def test_gd_trained_networks_gap_and_repair():
    from exactwedge.trained import train

    X, y = [[0], [1], [2], [3], [5]], [0, 1, 0, 2, 1]
    run = train(X, y, 0.125, widths=(6,), norm=1, regularizer="path", epochs=300, seed=1)
    res = audit(X, y, {"W": run.weights[0].T, "b": run.biases[0], "alpha": run.weights[1], "intercept": run.intercept},
                Q(1, 8), bias=True)
    assert res.gap >= 0 and res.repaired_optimal and res.repaired_objective == res.optimum
    assert res.repaired_objective <= res.objective


def test_an_uncertified_claim_is_never_made_without_bias_weights():
    with pytest.raises(InvalidInputError, match="bias=True"):
        audit(X2, Y2, {"W": [[1, 0]], "b": [1], "alpha": [1]}, 1)
    with pytest.raises(DimensionError):
        audit(X2, Y2, {"W": [[1, 0, 0]], "alpha": [1]}, 1)


def test_mlp_regressor_is_read_and_audited():
    from sklearn.neural_network import MLPRegressor

    Xf = np.array(X2, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp = MLPRegressor(hidden_layer_sizes=(5,), alpha=0.1, max_iter=200, random_state=0).fit(Xf, np.array(Y2, float))
    nw = from_mlp(mlp)
    from exactwedge.trained.audit import network_of

    pred = network_of(nw).predict(X2)
    assert np.allclose([float(v) for v in pred], mlp.predict(Xf), rtol=0, atol=1e-12)
    res = audit(Xf, Y2, mlp, Q(1, 10), bias=True)
    assert res.gap >= 0 and res.repaired_optimal
    with pytest.raises(InvalidInputError, match="hidden layers"):
        from types import SimpleNamespace

        from_mlp(SimpleNamespace(coefs_=[np.ones((2, 2))] * 3, intercepts_=[np.zeros(2)] * 3, activation="relu"))


def test_npz_aliases_csv_and_state_dict(tmp_path):
    np.savez(tmp_path / "a.npz", W1=[[0.5, 1.0]], b1=[0.25], W2=[[2.0]], b2=[-1.0])
    nw = read_npz(tmp_path / "a.npz")
    assert (nw.W, nw.b, nw.alpha, nw.intercept) == ([[Q(1, 2), Q(1)]], [Q(1, 4)], [Q(2)], Q(-1))
    np.savez(tmp_path / "bad.npz", foo=[1.0])
    with pytest.raises(DataFileError, match="needs the keys W and alpha"):
        read_npz(tmp_path / "bad.npz")
    (tmp_path / "W.csv").write_text("1,0.1\n-1,2\n")
    (tmp_path / "b.csv").write_text("0\n1/3\n")
    (tmp_path / "a.csv").write_text("1,-2\n")
    nw = read_weights(f"{tmp_path / 'W.csv'},{tmp_path / 'b.csv'},{tmp_path / 'a.csv'}")
    assert nw.W == [[Q(1), Q(1, 10)], [Q(-1), Q(2)]] and nw.b == [0, Q(1, 3)] and nw.alpha == [1, -2]
    sd = {"net.0.weight": np.array([[1.0, 2.0], [0.5, -1.0]]), "net.0.bias": np.array([0.0, 0.5]),
          "net.2.weight": np.array([[3.0, -0.25]]), "net.2.bias": np.array([0.125])}
    nw = from_state_dict(sd)
    assert nw.alpha == [Q(3), Q(-1, 4)] and nw.intercept == Q(1, 8) and nw.W[1] == [Q(1, 2), Q(-1)]
    with pytest.raises(DimensionError):
        read_weights({"W": [[1, 2]], "alpha": [1, 2]})


def test_binary_values_are_kept_exactly():
    nw = read_weights({"W": [[0.1]], "alpha": [1]})
    assert nw.W[0][0] == Q(*(0.1).as_integer_ratio()) != Q(1, 10)


def test_scnn_conventions_map_to_a_bias_free_network_on_ones_augmented_data():
    rng = np.random.default_rng(0)
    X = [[0, 1], [1, 0], [2, 1], [1, 2], [3, 3]]
    y = [1, 0, 2, 1, 3]
    n, lam = len(X), 0.0625
    W1 = np.round(rng.normal(size=(3, 3)) * 8) / 8  # scnn: p × (d + 1), the last column the (penalized) bias
    W2 = np.round(rng.normal(size=(1, 3)) * 8) / 8  # c × p
    Xa = np.hstack([np.array(X, float), np.ones((n, 1))])
    h = np.maximum(Xa @ W1.T, 0) @ W2.T
    # scnn's objective, exactly: 1/(2n)‖h − y‖² + λ/2 Σ(‖W1_i‖² + W2_i²)
    resid = sum((Q(float(hi)) - Q(yi)) ** 2 for hi, yi in zip(h[:, 0], y))
    reg = sum(Q(float(v)) ** 2 for v in W1.ravel()) + sum(Q(float(v)) ** 2 for v in W2.ravel())
    scnn_obj = resid / (2 * n) + Q(lam) * reg / 2
    res = audit(X, y, from_scnn(W1, W2), scnn_beta(lam, n), norm=2, max_patterns=5000)
    assert res.objective_decay == n * scnn_obj  # the same problem, scaled by n
    with pytest.raises(InvalidInputError, match="without --bias"):
        audit(X, y, from_scnn(W1, W2), 1, bias=True)


def test_cli_text_json_and_one_line_errors(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("x,y\n0,0\n1,0\n2,1\n3,1\n4,3\n")
    np.savez(tmp_path / "w.npz", W=[[1.0]], b=[-1.0], alpha=[1.0])
    assert main(["audit", str(data), "--weights", str(tmp_path / "w.npz"), "--beta", "1/10", "--bias"]) == 0
    out = capsys.readouterr().out
    assert "exact gap" in out and "global optimum" in out
    js = tmp_path / "r.json"
    assert main(["audit", str(data), "--weights", str(tmp_path / "w.npz"), "--beta", "1/10", "--bias", "--json", str(js)]) == 0
    doc = json.loads(js.read_text())
    direct = audit([[0], [1], [2], [3], [4]], [0, 0, 1, 1, 3], str(tmp_path / "w.npz"), Q(1, 10), bias=True)
    assert doc["gap"] == str(direct.gap) and doc["repair"]["certified_optimal"] is True
    for argv, what in [(["--weights", str(tmp_path / "missing.npz"), "--beta", "1"], "cannot read weights"),
                       (["--weights", str(tmp_path / "w.npz"), "--beta", "-1"], "beta"),
                       (["--weights", str(tmp_path / "w.npz"), "--beta", "1"], "--bias"),
                       (["--weights", str(tmp_path / "w.npz"), "--beta", "1", "--bias", "--json", str(data)], "")]:
        capsys.readouterr()
        assert main(["audit", str(data), *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and what in err
    assert data.read_text().startswith("x,y")  # the input was not overwritten
    with pytest.raises(SystemExit) as e:
        main(["audit", str(data), "--beta", "1"])  # --weights is required
    assert e.value.code == 2


def test_a_pt_file_without_torch_is_one_clear_error(tmp_path, capsys):
    import importlib.util

    from exactwedge.exceptions import BackendNotInstalledError

    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed: the .pt path is read")
    with pytest.raises(BackendNotInstalledError, match="needs torch"):
        read_weights(str(tmp_path / "net.pt"))
    data = tmp_path / "d.csv"
    data.write_text("0,0\n1,1\n2,0\n")
    assert main(["audit", str(data), "--weights", str(tmp_path / "net.pt"), "--beta", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs torch" in err
