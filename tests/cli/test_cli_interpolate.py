"""``exactwedge fit DATA.csv --interpolate [--depth L] [--activation relu|abs]``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from exactwedge.cli.main import main
from exactwedge.interpolate import interpolate

#: The error prefix ``fit --interpolate`` may print.
ERRORS = ("exactwedge: error:",)


@pytest.mark.parametrize("depth,extra,value", [(2, ["--bias"], "2"), (3, [], "1"), (4, [], "1")])
def test_interpolate_json(cli, paper_csv, depth, extra, value):
    out = cli.json("fit", paper_csv, "--interpolate", "--depth", depth, "--json", "-", *extra)
    assert out["optimal_value"] == value and out["exact"] is True and out["mode"] == "interpolate"
    assert out["certificate"]["holds"] is True and out["depth"] == depth


def test_interpolate_abs_matches_api(cli, paper_csv, paper):
    out = cli.json("fit", paper_csv, "--interpolate", "--depth", "3", "--activation", "abs", "--json", "-")
    api = interpolate(paper.X, paper.y, depth=3, activation="abs")
    assert Fraction(out["optimal_value"]) == api.value


def test_interpolate_human_output_and_file(cli, paper_csv, tmp_path):
    target = tmp_path / "out.json"
    code, out, _ = cli.run("fit", paper_csv, "--interpolate", "--depth", "4", "--json", target)
    assert code == 0
    assert "minimum ℓ1 norm (exact): 1" in out
    assert json.loads(target.read_text())["optimal_value"] == "1"


@pytest.mark.parametrize("argv", [
    ["--interpolate", "--beta", "1"],
    ["--interpolate", "--norm", "2"],
    ["--interpolate", "--loss", "hinge"],
    ["--depth", "3"],
    ["--interpolate", "--no-bias"],  # depth 2: these 1-D data cannot be interpolated without biases
    ["--interpolate", "--depth", "3", "--no-bias"],
    ["--interpolate", "--bias", "--no-bias"],
    ["--beta", "1", "--no-bias"],
])
def test_bad_input_exit_2_one_line(cli, paper_csv, argv):
    code, _, err = cli.run("fit", paper_csv, *argv)
    cli.one_line_error(code, err, prefixes=ERRORS)


def test_missing_beta_is_a_usage_error(capsys, paper_csv):
    with pytest.raises(SystemExit) as ei:
        main(["fit", str(paper_csv)])
    assert ei.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_deep_needs_1d(cli):
    code, _, err = cli.run("fit", cli.csv("0,0,0\n1,0,1\n0,1,1\n", "d2.csv"), "--interpolate", "--depth", "3")
    cli.one_line_error(code, err, "1-D", ERRORS)


def test_interpolate_uses_biases_by_default_at_every_depth(cli, paper_csv, paper):
    """Issue 13: `--interpolate --depth 2` without --bias failed on 1-D data; biases are the one default."""
    for depth in (2, 3, 4):
        out = cli.json("fit", paper_csv, "--interpolate", "--depth", depth, "--json", "-")
        assert out["bias"] is True and Fraction(out["optimal_value"]) == interpolate(paper.X, paper.y, depth=depth).value
        assert out["value_kind"].startswith("the minimum ℓ1 path norm")
    assert cli.json("fit", paper_csv, "--interpolate", "--bias", "--json", "-")["optimal_value"] == "2"


def test_interpolate_errors_name_the_cause(cli):
    code, _, err = cli.run("fit", cli.csv("x,y\n0,0\n4,0\n7,2\n", "nb.csv"), "--interpolate", "--no-bias")
    cli.one_line_error(code, err, "without biases", ERRORS)
    assert "repeated inputs" not in err
    code, _, err = cli.run("fit", cli.csv("x,y\n0,0\n1,1\n1,2\n", "dup.csv"), "--interpolate")
    cli.one_line_error(code, err, "rows 1 and 2 (from 0) have the same input and different labels", ERRORS)
