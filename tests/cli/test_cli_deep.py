"""``exactwedge fit DATA.csv --depth 3|4 --beta B --bias [--activation relu|abs]``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from exactwedge.deep.fit import fit_deep


@pytest.mark.parametrize("depth", [3, 4])
@pytest.mark.parametrize("activation", ["relu", "abs"])
def test_deep_json_matches_api_and_depth_two_keys(cli, paper_csv, paper, depth, activation):
    out = cli.json("fit", paper_csv, "--depth", depth, "--beta", "1/10", "--bias", "--activation", activation,
                   "--json", "-")
    api = fit_deep(paper.X, paper.y, "1/10", depth=depth, activation=activation)
    assert Fraction(out["optimal_value"]) == api.value and out["optimal_value_float"] == float(api.value)
    assert out["p_nn"] == out["optimal_value"] and out["p_nn_equals_p_lasso"] is True
    assert out["certificate"]["holds"] is True and out["certificate"]["kind"] == "exact KKT (rational arithmetic)"
    assert (out["depth"], out["activation"], out["bias"], out["norm"], out["loss"]) == (depth, activation, True, 1, "squared")
    assert "objective" in out and "(beta/L)" in out["objective"]["regularizer"]
    two = cli.json("fit", paper_csv, "--beta", "1/10", "--bias", "--json", "-")
    shared = {"optimal_value", "optimal_value_float", "value_kind", "exact", "beta", "loss", "bias", "norm", "activation",
              "solver", "intercept", "columns", "dictionary", "feature_kind", "certificate", "p_nn",
              "p_nn_equals_p_lasso", "neurons", "timings_s"}
    assert shared <= set(two) and shared <= set(out)
    interp = cli.json("fit", paper_csv, "--interpolate", "--depth", depth, "--activation", activation, "--json", "-")
    for a, b in zip(out["neurons"], interp["neurons"]):
        assert set(b) - {"balanced"} <= set(a)  # the chains are written as --interpolate writes them
    for item in out["neurons"]:
        assert item["breakpoints"] and all(b["name"] for b in item["breakpoints"])


def test_deep_text_and_file(cli, paper_csv, tmp_path):
    target = tmp_path / "deep.json"
    code, out, err = cli.run("fit", paper_csv, "--depth", "3", "--beta", "1/10", "--bias", "--json", target)
    assert code == 0, err
    report = json.loads(target.read_text())
    assert f"optimal value (exact): {report['optimal_value']}" in out and "breakpoints x" in out


@pytest.mark.parametrize("argv", [
    ["--depth", "3", "--beta", "1"],  # no --bias
    ["--depth", "4", "--beta", "1", "--bias", "--norm", "2"],
    ["--depth", "3", "--beta", "1", "--bias", "--loss", "hinge"],
    ["--depth", "3", "--beta", "0", "--bias"],
    ["--depth", "3", "--beta", "1", "--bias", "--stream"],
    ["--depth", "3", "--beta", "1", "--bias", "--latex", "out.tex"],
    ["--depth", "3", "--beta", "1", "--bias", "--certificate", "c.json"],
    ["--depth", "4", "--beta", "1", "--bias", "--max-columns", "10"],
])
def test_bad_input_exit_2_one_line(cli, paper_csv, argv):
    code, _, err = cli.run("fit", paper_csv, *argv)
    cli.one_line_error(code, err)


def test_deep_needs_1d_and_one_target(cli):
    d2 = cli.csv("0,0,0\n1,0,1\n0,1,1\n", "d2.csv")
    code, _, err = cli.run("fit", d2, "--depth", "3", "--beta", "1", "--bias")
    cli.one_line_error(code, err, "1-D")
    code, _, err = cli.run("fit", d2, "--depth", "3", "--beta", "1", "--bias", "--targets", "2")
    cli.one_line_error(code, err, "one label column")


def test_missing_beta_is_a_usage_error(cli, paper_csv):
    code, _, err = cli.run("fit", paper_csv, "--depth", "3", "--bias")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--beta" in err
