"""``exactwedge path``: JSON on small CSVs, the figure files, --stress, and one-line errors."""

from __future__ import annotations

import json
from fractions import Fraction as Q

import pytest

from exactwedge.dictionary import dictionary
from exactwedge.lasso.backends import base as backend_base
from exactwedge.lasso.backends import installed_backends
from exactwedge.lasso.solve import solve_lasso

INSTALLED = installed_backends()
pytestmark = pytest.mark.skipif("sklearn" not in INSTALLED, reason="scikit-learn not installed")

RANKDEF_CSV = "x,y\n-10,0\n-9,3\n1,-2\n3,-1\n5,3\n7,-4\n8,-2\n"
#: The error prefixes ``path`` may print.
ERRORS = ("exactwedge: error: ", "exactwedge path: error: ")


def test_json_stdout_small_csv(cli, paper):
    code, out, err = cli.run("path", cli.csv(), "--bias", "--betas", "1/10,1/2", "--backends", "sklearn",
                             "--json", "-")
    assert code == 0
    js = json.loads(out)
    assert set(js) >= {"exact", "float", "summary", "problem"}
    y = paper.y
    D = dictionary(paper.X, bias=True)
    req = {e["beta"]: e for e in js["exact"] if "requested" in e["kind"]}
    assert set(req) == {"1/2", "1/10"}
    assert req["1/10"]["value"] == str(paper.value)
    for b, e in req.items():
        assert Q(e["value"]) == solve_lasso(D, y, Q(b), intercept=True).value
        assert isinstance(e["support"], list) and e["certificate_holds"] is True
    assert any("breakpoint" in e["kind"] for e in js["exact"])
    pts = js["float"]["sklearn"]["points"]
    assert len(pts) == len(js["exact"])
    assert all({"value", "gap", "status", "agrees", "coef_error", "fitted_error"} <= set(p) for p in pts)
    assert js["summary"]["backends"]["sklearn"]["verdict"] == "agrees"
    assert js["summary"]["agree_rtol"] == 1e-6 and "agreement_rule" in js["summary"]


@pytest.mark.skipif("lars" not in INSTALLED, reason="scikit-learn not installed")
def test_lars_failure_is_not_agreeing_in_the_json(cli):
    code, out, _ = cli.run("path", cli.csv(RANKDEF_CSV), "--bias", "--betas", "1/10,1/100",
                           "--backends", "lars,sklearn", "--json", "-")
    assert code == 0
    js = json.loads(out)
    lars = js["float"]["lars"]
    bad = [p for p in lars["points"] if p["beta"] in ("1/10", "1/100")]
    assert all(p["agrees"] is False and p["rel_gap"] > 0.01 for p in bad)
    assert lars["summary"]["verdict"].startswith("disagrees")
    assert js["summary"]["all_agree"] is False
    assert js["float"]["sklearn"]["summary"]["verdict"] == "agrees"


def test_grid_human_output_and_plot(tmp_path, cli):
    plot = tmp_path / "fig" / "path.png"
    jpath = tmp_path / "out.json"
    code, out, err = cli.run("path", cli.csv(), "--bias", "--grid", "4", "--backends", "sklearn",
                             "--plot", plot, "--json", jpath)
    assert code == 0
    assert "Exact Lasso path vs float back-ends" in out and "agrees" in out
    assert plot.exists() and plot.with_suffix(".svg").exists()
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in plot.with_suffix(".svg").read_bytes()[:500]
    js = json.loads(jpath.read_text())
    assert sum("requested" in e["kind"] for e in js["exact"]) == 4
    assert js["files"]["plot"] == [str(plot), str(plot.with_suffix(".svg"))]


def test_norm2_compares_floats_only(cli):
    code, out, _ = cli.run("path", cli.csv("a,b,y\n1,2,1\n3,1,-1\n1,1,2\n2,0,0\n"), "--norm", "2",
                           "--grid", "3", "--backends", "sklearn", "--json", "-")
    assert code == 0
    js = json.loads(out)
    assert js["exact"] == [] and js["summary"]["exact_available"] is False and js["summary"]["all_agree"] is None
    assert all(p["agrees"] is None for p in js["float"]["sklearn"]["points"])


def test_stress_builtin_json(cli):
    code, out, _ = cli.run("path", "--stress", "--json", "-")
    assert code == 0
    js = json.loads(out)
    assert [c["case"] for c in js["stress"]] == ["near_collinear", "large_offset", "near_duplicates"]
    assert js["summary"]["float_sign_errors"] > 0 and js["summary"]["exact_sign_errors"] == 0
    code2, out2, _ = cli.run("path", "--stress", "--json", "-")
    assert json.loads(out2)["summary"] == js["summary"]  # reproducible


def test_stress_on_a_data_file(cli):
    csv = "x1,x2,y\n100000001,100000002,1\n100000002,100000003,0\n100000000,100000004,2\n"
    code, out, err = cli.run("path", cli.csv(csv), "--stress", "--betas", "1", "--backends", "sklearn")
    assert code == 0
    assert "float dictionaries against exact" in out
    code, out, _ = cli.run("path", cli.csv(csv), "--stress", "--betas", "1", "--backends", "sklearn",
                           "--json", "-")
    js = json.loads(out)
    assert js["stress"][0]["audit"]["exact_sign_errors"] == 0 and "exact" in js and "float" in js


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["path"], "give a DATA.csv"),
        (["path", "{csv}", "--betas", "1/10,,2"], "empty entry"),
        (["path", "{csv}", "--betas", "0"], "beta must be > 0"),
        (["path", "{csv}", "--betas", "abc"], "abc"),
        (["path", "{csv}", "--betas", "nan"], "nan"),
        (["path", "{csv}", "--betas", "1", "--grid", "3"], "not allowed with"),
        (["path", "{csv}", "--grid", "0"], "--grid"),
        (["path", "{csv}", "--backends", "glmnet"], "unknown float back-end"),
        (["path", "{csv}", "--plot", "fig.pdf"], ".png or .svg"),
        (["path", "{csv}", "--agree-rtol", "2"], "--agree-rtol"),
        (["path", "{csv}", "--targets", "2"], "--targets"),
        (["path", "{missing}"], "no such file"),
        (["path", "{empty}"], "empty"),
        (["path", "{csv}", "--norm", "2", "--stress"], "--norm 1"),
        (["path", "--stress", "--plot", "f.png"], "--plot"),
    ],
)
def test_bad_input_is_one_line(tmp_path, cli, argv, fragment):
    subs = {"{csv}": cli.csv(), "{missing}": tmp_path / "missing.csv", "{empty}": cli.csv("", "e.csv")}
    code, out, err = cli.run(*[subs.get(a, a) for a in argv])
    cli.one_line_error(code, err, fragment, ERRORS)


def test_missing_backend_names_the_extra(cli, monkeypatch):
    real = backend_base.module_available
    monkeypatch.setattr(backend_base, "module_available", lambda m: False if m == "celer" else real(m))
    code, out, err = cli.run("path", cli.csv(), "--bias", "--betas", "1", "--backends", "celer")
    cli.one_line_error(code, err, "pip install 'exactwedge[celer]'", ERRORS)
    # by default a missing back-end is listed, not fatal
    code, out, err = cli.run("path", cli.csv(), "--bias", "--betas", "1", "--json", "-")
    assert code == 0
    js = json.loads(out)
    assert js["float"]["celer"]["installed"] is False
    assert js["float"]["celer"]["install"] == "pip install 'exactwedge[celer]'"
