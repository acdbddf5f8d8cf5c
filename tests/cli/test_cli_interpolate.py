"""``exactwedge fit DATA.csv --interpolate [--depth L] [--activation relu|abs]``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from exactwedge.cli.main import main
from exactwedge.interpolate import interpolate

PAPER = "x,y\n0,0\n4,0\n5,0\n7,2\n10,3\n11,3\n"


@pytest.fixture
def paper_csv(tmp_path):
    p = tmp_path / "paper.csv"
    p.write_text(PAPER)
    return p


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("depth,extra,value", [(2, ["--bias"], "2"), (3, [], "1"), (4, [], "1")])
def test_interpolate_json(capsys, paper_csv, depth, extra, value):
    out = _json(capsys, ["fit", str(paper_csv), "--interpolate", "--depth", str(depth), "--json", "-", *extra])
    assert out["optimal_value"] == value and out["exact"] is True and out["mode"] == "interpolate"
    assert out["certificate"]["holds"] is True and out["depth"] == depth


def test_interpolate_abs_matches_api(capsys, paper_csv):
    out = _json(capsys, ["fit", str(paper_csv), "--interpolate", "--depth", "3", "--activation", "abs", "--json", "-"])
    api = interpolate([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], depth=3, activation="abs")
    assert Fraction(out["optimal_value"]) == api.value


def test_interpolate_human_output_and_file(capsys, paper_csv, tmp_path):
    target = tmp_path / "out.json"
    assert main(["fit", str(paper_csv), "--interpolate", "--depth", "4", "--json", str(target)]) == 0
    assert "minimum ℓ1 norm (exact): 1" in capsys.readouterr().out
    assert json.loads(target.read_text())["optimal_value"] == "1"


@pytest.mark.parametrize("argv", [
    ["--interpolate", "--beta", "1"],
    ["--interpolate", "--norm", "2"],
    ["--interpolate", "--loss", "hinge"],
    ["--depth", "3"],
    ["--interpolate"],  # no bias, depth 2: 1-D data cannot be interpolated without biases
])
def test_bad_input_exit_2_one_line(capsys, paper_csv, argv):
    assert main(["fit", str(paper_csv), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("exactwedge: error:")


def test_missing_beta_is_a_usage_error(capsys, paper_csv):
    with pytest.raises(SystemExit) as ei:
        main(["fit", str(paper_csv)])
    assert ei.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_deep_needs_1d(capsys, tmp_path):
    p = tmp_path / "d2.csv"
    p.write_text("0,0,0\n1,0,1\n0,1,1\n")
    assert main(["fit", str(p), "--interpolate", "--depth", "3"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1-D" in err[0]
