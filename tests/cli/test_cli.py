"""Tests of the ``exactwedge`` command line (fit, demo): outputs, files, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction as Q
from pathlib import Path

import pytest

from exactwedge.cli.main import main

PUB_CSV = "x,y\n0,0\n4,0\n5,0\n7,2\n10,3\n11,3\n"


def _csv(tmp_path: Path, text: str = PUB_CSV, name: str = "data.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _run(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code, err):
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("exactwedge: error: ") or lines[0].startswith("exactwedge fit: error: ")
    assert "Traceback" not in err


# ------------------------------------------------------------------ fit


def test_fit_json_stdout_published(tmp_path, capsys):
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--json", "-"])
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == "287/1600"
    assert js["certificate"]["holds"] is True and js["p_nn_equals_p_lasso"] is True
    assert js["intercept"] is not None and Q(js["intercept"]) == Q(js["intercept"])
    assert all({"w", "b", "alpha", "samples", "sign", "anchor"} <= set(nr) for nr in js["neurons"])


def test_fit_decimal_beta_and_no_header(tmp_path, capsys):
    p = _csv(tmp_path, "0,0\n4,0\n5,0\n7,2\n10,3\n11,3\n")
    code, out, _ = _run(capsys, ["fit", p, "--beta", "0.1", "--bias", "--json", "-"])
    assert code == 0 and json.loads(out)["optimal_value"] == "287/1600"


def test_fit_human_output(tmp_path, capsys):
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias"])
    assert code == 0 and err == ""
    assert "287/1600" in out and "holds = True" in out


def test_fit_json_path_written_atomically(tmp_path, capsys):
    target = tmp_path / "out" / "fit.json"
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--json", target])
    assert code == 0 and err == ""
    assert json.loads(target.read_text(encoding="utf-8"))["optimal_value"] == "287/1600"
    assert os.listdir(target.parent) == ["fit.json"]
    assert "287/1600" in out  # the table still goes to the terminal


def test_fit_failure_does_not_clobber_json(tmp_path, capsys):
    target = tmp_path / "fit.json"
    target.write_text("OLD")
    code, _, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "0", "--json", target])
    _one_line_error(code, err)
    assert target.read_text() == "OLD"
    assert sorted(os.listdir(tmp_path)) == ["data.csv", "fit.json"]


def test_fit_abs_and_targets(tmp_path, capsys):
    p = _csv(tmp_path, "a,b,y\n0,1,1\n2,0,0\n1,1,2\n3,2,1\n")
    code, out, _ = _run(capsys, ["fit", p, "--beta", "1/3", "--activation", "abs", "--bias", "--json", "-"])
    assert code == 0
    js = json.loads(out)
    assert js["activation"] == "abs" and js["dictionary"]["d"] == 2 and js["certificate"]["holds"]


def test_fit_max_columns_zero_means_no_limit(tmp_path, capsys):
    code, out, _ = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--max-columns", "0", "--json", "-"])
    assert code == 0 and json.loads(out)["optimal_value"] == "287/1600"


BAD = {
    "missing file": (None, ["--beta", "1"]),
    "empty file": ("", ["--beta", "1"]),
    "blank file": ("\n \n", ["--beta", "1"]),
    "NaN cell": ("x,y\n1,2\n3,nan\n", ["--beta", "1"]),
    "inf cell": ("x,y\n1,inf\n3,4\n", ["--beta", "1"]),
    "ragged rows": ("x,y\n1,2\n3\n", ["--beta", "1"]),
    "non-numeric cell": ("x,y\n1,2\n3,abc\n", ["--beta", "1"]),
    "one row": ("x,y\n1,2\n", ["--beta", "1"]),
    "beta 0": (PUB_CSV, ["--beta", "0"]),
    "beta negative": (PUB_CSV, ["--beta=-1/2"]),
    "beta abc": (PUB_CSV, ["--beta", "abc"]),
    "beta nan": (PUB_CSV, ["--beta", "nan"]),
    "targets 5": (PUB_CSV, ["--beta", "1", "--targets", "5"]),
    "targets 0": (PUB_CSV, ["--beta", "1", "--targets", "0"]),
    "too large": (PUB_CSV, ["--beta", "1", "--bias", "--max-columns", "10", "--no-stream"]),
    "negative max-columns": (PUB_CSV, ["--beta", "1", "--max-columns", "-3"]),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_fit_bad_inputs_one_line_exit_2(tmp_path, capsys, case):
    text, opts = BAD[case]
    path = tmp_path / "missing.csv" if text is None else _csv(tmp_path, text)
    code, out, err = _run(capsys, ["fit", path, *opts, "--json", "-"])
    _one_line_error(code, err)
    assert out == ""
    if case == "too large":
        assert "12" in err and "columns" in err and "B" in err  # the count and the memory
    if case in ("NaN cell", "non-numeric cell"):
        assert "line 3, column 2" in err


def test_fit_directory_instead_of_file(tmp_path, capsys):
    code, _, err = _run(capsys, ["fit", tmp_path, "--beta", "1"])
    _one_line_error(code, err)
    assert "directory" in err


@pytest.mark.parametrize("argv", [["fit"], ["fit", "x.csv"], ["fit", "x.csv", "--beta", "1", "--norm", "3"],
                                  ["fit", "x.csv", "--beta", "1", "--targets", "two"], ["nosuchcommand"]])
def test_usage_errors_one_line_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as ei:
        main(argv)
    out, err = capsys.readouterr()
    assert ei.value.code == 2
    assert len(err.splitlines()) == 1 and "error" in err and "Traceback" not in err


def test_no_command_prints_help(capsys):
    code = main([])
    out, _ = capsys.readouterr()
    assert code == 2 and "fit" in out and "demo" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["--version"])
    assert ei.value.code == 0
    assert capsys.readouterr().out.startswith("exactwedge ")


# ------------------------------------------------------------------ demo


def test_demo_writes_report_and_index(tmp_path, capsys):
    out_dir = tmp_path / "demo"
    code, out, err = _run(capsys, ["demo", "--out", out_dir])
    assert code == 0 and err == ""
    assert {"index.md", "report.json", "network.tex"} <= set(os.listdir(out_dir))  # the rest: tests/plot/test_plot.py
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    fitrep = report["fit"]
    assert fitrep["exact"] is True and fitrep["certificate"]["holds"] is True
    assert fitrep["p_nn_equals_p_lasso"] is True
    value = Q(fitrep["optimal_value"])
    assert report["path"][-1]["value"] == fitrep["optimal_value"]
    assert Q(report["path"][-1]["beta"]) == Q(1, 10) == Q(fitrep["beta"])
    index = (out_dir / "index.md").read_text(encoding="utf-8")
    assert fitrep["optimal_value"] in index and "report.json" in index
    assert str(out_dir / "index.md") in out.replace("\n", "")
    assert value > 0


def test_demo_json_stdout_is_clean(tmp_path, capsys):
    code, out, err = _run(capsys, ["demo", "--out", tmp_path / "d", "--json", "-"])
    assert code == 0
    report = json.loads(out)  # the human output went to stderr
    assert report["fit"]["certificate"]["holds"] is True
    assert "Traceback" not in err


def test_demo_bad_beta(tmp_path, capsys):
    code, _, err = _run(capsys, ["demo", "--out", tmp_path / "d", "--beta", "-1"])
    _one_line_error(code, err)
    assert not (tmp_path / "d").exists()


# ------------------------------------------------------------------ real processes


def _proc(args, cwd):
    env = dict(os.environ, PYTHONWARNINGS="ignore", COLUMNS="120")
    return subprocess.run([sys.executable, "-m", "exactwedge", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_subprocess_fit_json(tmp_path):
    r = _proc(["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--json", "-"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["optimal_value"] == "287/1600"


@pytest.mark.parametrize("case", ["missing", "nan"])
def test_subprocess_errors_have_no_traceback(tmp_path, case):
    path = tmp_path / "missing.csv" if case == "missing" else _csv(tmp_path, "x,y\n1,2\n3,nan\n")
    r = _proc(["fit", path, "--beta", "1"], tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_fit_vector_targets(tmp_path, capsys):
    pytest.importorskip("exactwedge.lasso.float_solve")
    pytest.importorskip("cvxpy")
    p = _csv(tmp_path, "a,b,y1,y2\n0,1,1,0\n2,0,0,1\n1,1,2,1\n3,2,1,-1\n")
    for extra in ([], ["--bias"]):
        code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--targets", "2", *extra, "--json", "-"])
        assert code == 0, err
        js = json.loads(out)
        assert js["exact"] is False and js["dictionary"]["d"] == 2
