"""``exactwedge fit/path --stream``: the streamed working-set solve from the command line.

The streamed fit writes the same JSON as the materialized one (same keys, the
same exact optimum with ``--certify exact``); an oversized dictionary streams
by itself (one note on stderr); ``--scheduler local`` runs on a Dask
LocalCluster; bad flag combinations are one line on stderr, exit status 2.
"""

from __future__ import annotations

import json
from fractions import Fraction as Q

import pytest

PLANE_CSV = "a,b,y\n0,1,1\n2,-1,0\n-3,2,2\n1,1,-1\n4,0,3\n-2,-2,1\n3,3,0\n"
#: The error prefixes ``fit`` and ``path`` may print.
ERRORS = ("exactwedge: error: ", "exactwedge fit: error: ", "exactwedge path: error: ")


def _strip(js):
    """A report without its timings and solver string (which names the executor)."""
    return {k: v for k, v in js.items() if k not in ("timings_s", "solver")}


def _stream():
    """Skip (only while the streamed solver is being written) when exactwedge.stream.fit is missing."""
    return pytest.importorskip("exactwedge.stream.fit")


# ------------------------------------------------------------------ fit --stream


def test_fit_stream_exact_equals_materialized(cli, paper):
    _stream()
    p = cli.csv()
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--json", "-")
    assert code == 0 and err == ""
    ref = json.loads(out)
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                             "--json", "-")
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == ref["optimal_value"] == str(paper.value)
    assert js["exact"] is True and js["certificate"]["holds"] is True
    assert set(js) == set(ref)  # the same JSON shape as the materialized fit


def test_fit_stream_float_default(cli):
    _stream()
    p = cli.csv(PLANE_CSV)
    code, out, _ = cli.run("fit", p, "--beta", "1/4", "--json", "-")
    assert code == 0
    ref = json.loads(out)
    code, out, err = cli.run("fit", p, "--beta", "1/4", "--stream", "--chunk-size", "7", "--json", "-")
    assert code == 0 and err == ""
    js = json.loads(out)
    # the float streamed solve is not a proved optimum: `value` and `p_nn_vs_value` where the exact fit has
    # `optimal_value` and `p_nn_equals_p_lasso`; every other key is the same
    renamed = {"optimal_value": "value", "optimal_value_float": "value_float", "p_nn_equals_p_lasso": "p_nn_vs_value"}
    assert set(js) == {renamed.get(k, k) for k in ref}
    assert "float64" in js["value_kind"] and "not a proof" in js["value_kind"]
    assert js["value_float"] == pytest.approx(ref["optimal_value_float"], rel=1e-7, abs=1e-9)


def test_fit_stream_human_output_and_json_file(tmp_path, cli, paper):
    _stream()
    p = cli.csv()
    out_path = tmp_path / "fit.json"
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                             "--json", out_path)
    assert code == 0 and out.strip() and err == ""
    assert json.loads(out_path.read_text())["optimal_value"] == str(paper.value)


def test_fit_auto_streams_above_max_columns(cli, paper):
    _stream()
    p = cli.csv()
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--max-columns", "5", "--certify", "exact",
                             "--json", "-")
    assert code == 0
    notes = err.splitlines()
    assert len(notes) == 1 and notes[0].startswith("exactwedge: note: ") and "stream" in notes[0]
    assert json.loads(out)["optimal_value"] == str(paper.value)


def test_fit_no_stream_refuses_above_max_columns(cli):
    code, _, err = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias", "--max-columns", "5",
                           "--no-stream")
    cli.one_line_error(code, err, "columns", ERRORS)


def test_fit_max_columns_zero_never_streams(cli, paper):
    code, out, err = cli.run("fit", cli.csv(), "--beta", "1/10", "--bias", "--max-columns", "0",
                             "--json", "-")
    assert code == 0 and err == "" and json.loads(out)["optimal_value"] == str(paper.value)


def test_fit_scheduler_local(cli, paper):
    _stream()
    pytest.importorskip("distributed")
    p = cli.csv()
    code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--scheduler", "local", "--workers", "2",
                             "--certify", "exact", "--chunk-size", "8", "--json", "-")
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == str(paper.value)
    code, out2, _ = cli.run("fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                            "--chunk-size", "8", "--json", "-")
    assert _strip(json.loads(out2)) == _strip(js)  # cluster and threads: the same report


def test_fit_sample_modes(cli, paper):
    _stream()
    p = cli.csv()
    for mode in ("random:4", "polish"):
        code, out, err = cli.run("fit", p, "--beta", "1/10", "--bias", "--sample", mode, "--seed", "3",
                                 "--certify", "exact", "--json", "-")
        assert code == 0 and err == "", (mode, err)
        js = json.loads(out)
        # a sampled dictionary gives an upper bound; the exact check over every column says whether it is optimal
        cert = js["certificate"]
        # `optimal_value` only where the exact check over every column holds; else `value`, an upper bound
        value = Q(js["optimal_value"] if cert["holds"] else js["value"])
        assert ("optimal_value" in js) == cert["holds"] and value >= paper.value, mode
        assert cert["columns_checked"] == js["dictionary"]["columns"], mode
        assert cert["holds"] == (value == paper.value), mode
        if not cert["holds"]:
            assert js["value_kind"].startswith("exact ℓ1 Lasso value of the sampled columns, an upper bound"), mode


# ------------------------------------------------------------------ path --stream


def test_path_stream_json(cli, paper):
    _stream()
    p = cli.csv()
    code, out, err = cli.run("path", p, "--bias", "--betas", "1/10,1/2", "--stream", "--certify", "exact",
                             "--json", "-")
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["format"] == "exactwedge.path_stream"
    prob = js["problem"]
    assert prob["n"] == 6 and prob["d"] == 1 and prob["bias"] is True and prob["betas"] == ["1/10", "1/2"]
    assert len(js["path"]) == 2
    from exactwedge.training import fit

    X, y = paper.X_column, paper.y
    for row, b in zip(js["path"], (Q(1, 10), Q(1, 2))):
        text = json.dumps(row)
        assert str(fit(X, y, b, bias=True).value) in text or f'"{fit(X, y, b, bias=True).value}"' in text


def test_path_auto_streams_with_betas(cli):
    _stream()
    code, out, err = cli.run("path", cli.csv(), "--bias", "--betas", "1/10", "--max-columns", "5",
                             "--json", "-")
    assert code == 0
    assert len(err.splitlines()) == 1 and err.startswith("exactwedge: note: ")
    assert json.loads(out)["format"] == "exactwedge.path_stream"


def test_path_without_stream_keeps_refusing_without_betas(cli):
    # no --betas: the comparison needs the dictionary, so an oversized one is still refused
    code, _, err = cli.run("path", cli.csv(), "--bias", "--max-columns", "5")
    cli.one_line_error(code, err, "columns", ERRORS)


# ------------------------------------------------------------------ errors: one line, exit 2


@pytest.mark.parametrize("extra,fragment", [
    (["--stream", "--interpolate"], "--interpolate"),
    (["--scheduler", "local", "--interpolate"], "--interpolate"),
    (["--beta", "1", "--certify", "exact", "--norm", "2"], "--norm 1"),
    (["--beta", "1", "--sample", "bogus"], "--sample"),
    (["--beta", "1", "--sample", "random:0"], "--sample"),
    (["--beta", "1", "--sample", "random:x"], "--sample"),
    (["--beta", "1", "--stream", "--no-stream"], "not allowed"),
    (["--beta", "1", "--no-stream", "--scheduler", "local"], "--no-stream"),
    (["--beta", "1", "--no-stream", "--sample", "polish"], "--no-stream"),
    (["--beta", "1", "--stream", "--loss", "logistic"], "squared"),
    (["--beta", "1", "--stream", "--chunk-size", "0"], "--chunk-size"),
    (["--beta", "1", "--stream", "--workers", "0"], "--workers"),
    (["--beta", "1", "--scheduler", "tcp://10.0.0.1:8786", "--workers", "3"], "--workers"),
    (["--beta", "1", "--scheduler", " "], "--scheduler"),
    (["--beta", "1", "--certify", "approx"], "invalid choice"),
])
def test_fit_bad_flags(cli, extra, fragment):
    code, out, err = cli.run("fit", cli.csv(), "--bias", *extra)
    cli.one_line_error(code, err, fragment, ERRORS)
    assert out == ""


@pytest.mark.parametrize("extra,fragment", [
    (["--betas", "1/10", "--stream", "--stress"], "--stress"),
    (["--betas", "1/10", "--stream", "--plot", "p.png"], "--plot"),
    (["--betas", "1/10", "--stream", "--backends", "sklearn"], "--backends"),
    (["--betas", "1/10", "--stream", "--no-breakpoints"], "--no-breakpoints"),
    (["--grid", "3", "--stream"], "--grid"),
    (["--stream"], "--betas"),
    (["--betas", "1/10", "--stream", "--certify", "exact", "--norm", "2"], "--norm 1"),
    (["--betas", "1/10", "--sample", "nope"], "--sample"),
])
def test_path_bad_flags(cli, extra, fragment):
    code, out, err = cli.run("path", cli.csv(), "--bias", *extra)
    cli.one_line_error(code, err, fragment, ERRORS)
    assert out == ""


def test_path_stream_needs_data(cli):
    code, _, err = cli.run("path", "--stress", "--stream")
    cli.one_line_error(code, err, "DATA", ERRORS)


def test_fit_unreachable_scheduler_one_line(cli, monkeypatch):
    _stream()
    pytest.importorskip("distributed")
    import exactwedge.stream.dask_executor as de

    monkeypatch.setattr(de, "DEFAULT_CONNECT_TIMEOUT", 1.0)
    code, out, err = cli.run("fit", cli.csv(), "--beta", "1", "--scheduler", "tcp://127.0.0.1:1")
    cli.one_line_error(code, err, "tcp://127.0.0.1:1", ERRORS)
    assert out == ""
