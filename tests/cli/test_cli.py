"""Tests of the ``exactwedge`` command line (fit, demo): outputs, files, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction as Q

import pytest

from exactwedge.cli.main import main
from tests._data import PAPER

#: The error prefixes ``fit`` and ``demo`` may print.
ERRORS = ("exactwedge: error: ", "exactwedge fit: error: ")


# ------------------------------------------------------------------ fit


def test_fit_json_stdout_published(cli, paper):
    code, out, err = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias", "--json", "-")
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == str(paper.value)
    assert js["certificate"]["holds"] is True and js["p_nn_equals_p_lasso"] is True
    assert js["intercept"] is not None and Q(js["intercept"]) == Q(js["intercept"])
    assert all({"w", "b", "alpha", "samples", "sign", "anchor"} <= set(nr) for nr in js["neurons"])


FIVE_CSV = "x1,x2,y\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n2,1,1\n"


def test_fit_l2_says_upper_bound_in_text_json_and_latex(cli, tmp_path):
    """Issue 13: --norm 2 is never headed or labelled as the optimum (the ℓ2 Lasso is an upper bound, Thm 7)."""
    p = cli.csv(FIVE_CSV)
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--norm", "2")
    assert code == 0, err
    flat = " ".join(out.split())
    assert flat.startswith("Two-layer network from the ℓ2 Lasso (an upper bound on the optimum")
    assert "Optimal" not in out and "optimal value" not in flat and "P_Lasso" not in flat
    assert "ℓ2 Lasso value = " in flat and "not a proof" in flat
    assert "conditions checked in float64 (tolerance " in flat and "duality gap holds" in flat
    js = cli.json("fit", p, "--beta", "1/10", "--bias", "--norm", "2", "--json", "-")
    assert "optimal_value" not in js and js["value_kind"].startswith("ℓ2 Lasso value, an upper bound")
    tex = tmp_path / "l2.tex"
    code, _, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--norm", "2", "--latex", tex)
    assert code == 0, err
    doc = tex.read_text(encoding="utf-8")
    assert "optimal network" not in doc.lower() and "upper bound on the network optimum" in doc


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_fit_classification_says_float_solve_and_its_conditions(cli, loss):
    code, out, err = cli.run("fit", cli.csv("x,y\n0,-1\n1,1\n2,-1\n3,1\n"), "--beta", "1/10", "--bias", "--loss", loss)
    assert code == 0, err
    flat = " ".join(out.split())
    assert flat.startswith(f"Two-layer network from a float64 solve of the {loss}-loss program (not proved optimal)")
    assert "Optimal" not in out and "conditions checked in float64" in flat
    assert ("complementary slackness holds" in flat) == (loss == "hinge")


def test_fit_decimal_beta_and_no_header(cli, paper):
    p = cli.csv(paper.csv.partition("\n")[2])  # the data lines without the header
    code, out, _ = cli.run("fit", p, "--beta", "0.1", "--bias", "--json", "-")
    assert code == 0 and json.loads(out)["optimal_value"] == str(paper.value)


def test_fit_human_output(cli, paper):
    code, out, err = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias")
    assert code == 0 and err == ""
    assert str(paper.value) in out and "holds = True" in out


def test_fit_piped_output_is_the_summary_without_rich(tmp_path):
    """Not a terminal: the report is FitResult.summary() line for line (unwrapped), and rich never loads."""
    import subprocess
    import sys

    from exactwedge import fit

    X, y = [[0, 0], [1, 0], [0, 1], [2, 3], [3, 1]], [1, -1, 2, 0, 1]
    data = tmp_path / "d.csv"
    data.write_text("x1,x2,y\n" + "".join(f"{a},{b},{v}\n" for (a, b), v in zip(X, y)), encoding="utf-8")
    code = ("import sys; from exactwedge.cli.main import main; rc = main(sys.argv[1:]); "
            "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))); raise SystemExit(rc)")
    p = subprocess.run([sys.executable, "-c", code, "fit", str(data), "--beta", "1/3", "--bias", "--json",
                        str(tmp_path / "o.json")], capture_output=True, text=True, encoding="utf-8")
    assert p.returncode == 0 and p.stderr == "[]"
    assert p.stdout.rstrip("\n") == fit(X, y, "1/3", bias=True).summary()


def test_console_exit_keeps_the_output_and_the_status(tmp_path):
    """python -m exactwedge (the console script's entry): os._exit after main() loses nothing written to a pipe,
    and keeps the exit status, 0 and 2."""
    import subprocess
    import sys

    data = tmp_path / "d.csv"
    data.write_text("x,y\n" + "".join(f"{i},{(i * 7) % 5}\n" for i in range(30)), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "exactwedge", "fit", str(data), "--beta", "1/7", "--bias", "--json", "-"],
                       capture_output=True, text=True, encoding="utf-8")
    assert p.returncode == 0 and p.stderr == ""
    report = json.loads(p.stdout)  # the whole report arrived (the buffer was flushed)
    assert report["certificate"]["holds"] is True and len(p.stdout) > 5000
    bad = subprocess.run([sys.executable, "-m", "exactwedge", "fit", str(tmp_path / "none.csv"), "--beta", "1"],
                         capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1


def test_fit_json_path_written_atomically(tmp_path, cli, paper):
    target = tmp_path / "out" / "fit.json"
    code, out, err = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias", "--json", target)
    assert code == 0 and err == ""
    assert json.loads(target.read_text(encoding="utf-8"))["optimal_value"] == str(paper.value)
    assert os.listdir(target.parent) == ["fit.json"]
    assert str(paper.value) in out  # the table still goes to the terminal


def test_fit_failure_does_not_clobber_json(tmp_path, cli):
    target = tmp_path / "fit.json"
    target.write_text("OLD")
    code, _, err = cli.run("fit", cli.csv(), "--beta", "0", "--json", target)
    cli.one_line_error(code, err, prefixes=ERRORS)
    assert target.read_text() == "OLD"
    assert sorted(os.listdir(tmp_path)) == ["data.csv", "fit.json"]


def test_fit_abs_and_targets(cli):
    p = cli.csv("a,b,y\n0,1,1\n2,0,0\n1,1,2\n3,2,1\n")
    code, out, _ = cli.run("fit", p, "--beta", "1/3", "--activation", "abs", "--bias", "--json", "-")
    assert code == 0
    js = json.loads(out)
    assert js["activation"] == "abs" and js["dictionary"]["d"] == 2 and js["certificate"]["holds"]


def test_fit_max_columns_zero_means_no_limit(cli, paper):
    code, out, _ = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias", "--max-columns", "0", "--json", "-")
    assert code == 0 and json.loads(out)["optimal_value"] == str(paper.value)


BAD = {
    "missing file": (None, ["--beta", "1"]),
    "empty file": ("", ["--beta", "1"]),
    "blank file": ("\n \n", ["--beta", "1"]),
    "NaN cell": ("x,y\n1,2\n3,nan\n", ["--beta", "1"]),
    "inf cell": ("x,y\n1,inf\n3,4\n", ["--beta", "1"]),
    "ragged rows": ("x,y\n1,2\n3\n", ["--beta", "1"]),
    "non-numeric cell": ("x,y\n1,2\n3,abc\n", ["--beta", "1"]),
    "one row": ("x,y\n1,2\n", ["--beta", "1"]),
    "beta 0": (PAPER.csv, ["--beta", "0"]),
    "beta negative": (PAPER.csv, ["--beta=-1/2"]),
    "beta abc": (PAPER.csv, ["--beta", "abc"]),
    "beta nan": (PAPER.csv, ["--beta", "nan"]),
    "targets 5": (PAPER.csv, ["--beta", "1", "--targets", "5"]),
    "targets 0": (PAPER.csv, ["--beta", "1", "--targets", "0"]),
    "too large": (PAPER.csv, ["--beta", "1", "--bias", "--max-columns", "10", "--no-stream"]),
    "negative max-columns": (PAPER.csv, ["--beta", "1", "--max-columns", "-3"]),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_fit_bad_inputs_one_line_exit_2(tmp_path, cli, case):
    text, opts = BAD[case]
    path = tmp_path / "missing.csv" if text is None else cli.csv(text)
    code, out, err = cli.run("fit", path, *opts, "--json", "-")
    cli.one_line_error(code, err, prefixes=ERRORS)
    assert out == ""
    if case == "too large":
        assert "12" in err and "columns" in err and "B" in err  # the count and the memory
    if case in ("NaN cell", "non-numeric cell"):
        assert "line 3, column 2" in err


def test_fit_directory_instead_of_file(tmp_path, cli):
    code, _, err = cli.run("fit", tmp_path, "--beta", "1")
    cli.one_line_error(code, err, prefixes=ERRORS)
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


def test_demo_writes_report_and_index(tmp_path, cli):
    out_dir = tmp_path / "demo"
    code, out, err = cli.run("demo", "--out", out_dir)
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


def test_demo_json_stdout_is_clean(tmp_path, cli):
    code, out, err = cli.run("demo", "--out", tmp_path / "d", "--json", "-")
    assert code == 0
    report = json.loads(out)  # the human output went to stderr
    assert report["fit"]["certificate"]["holds"] is True
    assert "Traceback" not in err


def test_demo_bad_beta(tmp_path, cli):
    code, _, err = cli.run("demo", "--out", tmp_path / "d", "--beta", "-1")
    cli.one_line_error(code, err, prefixes=ERRORS)
    assert not (tmp_path / "d").exists()


# ------------------------------------------------------------------ real processes


def _proc(args, cwd):
    env = dict(os.environ, PYTHONWARNINGS="ignore", COLUMNS="120")
    return subprocess.run([sys.executable, "-m", "exactwedge", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_subprocess_fit_json(tmp_path, cli, paper):
    r = _proc(["fit", cli.csv(), "--beta", "1/10", "--bias", "--json", "-"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["optimal_value"] == str(paper.value)


@pytest.mark.parametrize("case", ["missing", "nan"])
def test_subprocess_errors_have_no_traceback(tmp_path, cli, case):
    path = tmp_path / "missing.csv" if case == "missing" else cli.csv("x,y\n1,2\n3,nan\n")
    r = _proc(["fit", path, "--beta", "1"], tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_fit_vector_targets(cli):
    pytest.importorskip("exactwedge.lasso.float_solve")
    pytest.importorskip("cvxpy")
    p = cli.csv("a,b,y1,y2\n0,1,1,0\n2,0,0,1\n1,1,2,1\n3,2,1,-1\n")
    for extra in ([], ["--bias"]):
        code, out, err = cli.run("fit", p, "--beta", "1/10", "--targets", "2", *extra, "--json", "-")
        assert code == 0, err
        js = json.loads(out)
        assert js["exact"] is False and js["dictionary"]["d"] == 2


def test_fit_latex_pdf_is_compiled(cli, tmp_path):
    """Issue 13: `--latex out.pdf` wrote TeX source into a .pdf; it is compiled with pdflatex."""
    from exactwedge.latex import pdflatex_available

    if not pdflatex_available():
        pytest.skip("pdflatex is not installed")
    target = tmp_path / "out.pdf"
    code, _, err = cli.run("fit", cli.csv(FIVE_CSV), "--beta", "1/10", "--bias", "--latex", target)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_fit_latex_pdf_without_pdflatex_is_refused_before_work(cli, tmp_path, monkeypatch):
    import exactwedge.latex

    monkeypatch.setattr(exactwedge.latex, "pdflatex_available", lambda: False)
    target = tmp_path / "out.PDF"
    code, _, err = cli.run("fit", cli.csv(FIVE_CSV), "--beta", "1/10", "--bias", "--latex", target)
    cli.one_line_error(code, err, "pdflatex, which is not installed", ERRORS)
    assert not target.exists() and list(tmp_path.iterdir()) == [tmp_path / "data.csv"]
