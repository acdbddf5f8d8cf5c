"""``exactwedge fit/path --stream``: the streamed working-set solve from the command line.

The streamed fit writes the same JSON as the materialized one (same keys, the
same exact optimum with ``--certify exact``); an oversized dictionary streams
by itself (one note on stderr); ``--scheduler local`` runs on a Dask
LocalCluster; bad flag combinations are one line on stderr, exit status 2.
"""

from __future__ import annotations

import json
from fractions import Fraction as Q
from pathlib import Path

import pytest

from exactwedge.cli.main import main

PUB_CSV = "x,y\n0,0\n4,0\n5,0\n7,2\n10,3\n11,3\n"
PUB_VALUE = "287/1600"  # the published optimum at β = 1/10 with biases
PLANE_CSV = "a,b,y\n0,1,1\n2,-1,0\n-3,2,2\n1,1,-1\n4,0,3\n-2,-2,1\n3,3,0\n"


def _csv(tmp_path: Path, text: str = PUB_CSV, name: str = "data.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _run(capsys, argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:  # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code, err, fragment=""):
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(("exactwedge: error: ", "exactwedge fit: error: ", "exactwedge path: error: "))
    assert "Traceback" not in err and fragment in lines[0], lines[0]


def _strip(js):
    """A report without its timings and solver string (which names the executor)."""
    return {k: v for k, v in js.items() if k not in ("timings_s", "solver")}


def _stream():
    """Skip (only while the streamed solver is being written) when exactwedge.stream.fit is missing."""
    return pytest.importorskip("exactwedge.stream.fit")


# ------------------------------------------------------------------ fit --stream


def test_fit_stream_exact_equals_materialized(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path)
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--json", "-"])
    assert code == 0 and err == ""
    ref = json.loads(out)
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                                   "--json", "-"])
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == ref["optimal_value"] == PUB_VALUE
    assert js["exact"] is True and js["certificate"]["holds"] is True
    assert set(js) == set(ref)  # the same JSON shape as the materialized fit


def test_fit_stream_float_default(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path, PLANE_CSV)
    code, out, _ = _run(capsys, ["fit", p, "--beta", "1/4", "--json", "-"])
    assert code == 0
    ref = json.loads(out)
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/4", "--stream", "--chunk-size", "7", "--json", "-"])
    assert code == 0 and err == ""
    js = json.loads(out)
    assert set(js) == set(ref)
    assert js["optimal_value_float"] == pytest.approx(ref["optimal_value_float"], rel=1e-7, abs=1e-9)


def test_fit_stream_human_output_and_json_file(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path)
    out_path = tmp_path / "fit.json"
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                                   "--json", out_path])
    assert code == 0 and out.strip() and err == ""
    assert json.loads(out_path.read_text())["optimal_value"] == PUB_VALUE


def test_fit_auto_streams_above_max_columns(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path)
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--max-columns", "5", "--certify", "exact",
                                   "--json", "-"])
    assert code == 0
    notes = err.splitlines()
    assert len(notes) == 1 and notes[0].startswith("exactwedge: note: ") and "stream" in notes[0]
    assert json.loads(out)["optimal_value"] == PUB_VALUE


def test_fit_no_stream_refuses_above_max_columns(tmp_path, capsys):
    code, _, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--max-columns", "5",
                                 "--no-stream"])
    _one_line_error(code, err, "columns")


def test_fit_max_columns_zero_never_streams(tmp_path, capsys):
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1/10", "--bias", "--max-columns", "0",
                                   "--json", "-"])
    assert code == 0 and err == "" and json.loads(out)["optimal_value"] == PUB_VALUE


def test_fit_scheduler_local(tmp_path, capsys):
    _stream()
    pytest.importorskip("distributed")
    p = _csv(tmp_path)
    code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--scheduler", "local", "--workers", "2",
                                   "--certify", "exact", "--chunk-size", "8", "--json", "-"])
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["optimal_value"] == PUB_VALUE
    code, out2, _ = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--stream", "--certify", "exact",
                                  "--chunk-size", "8", "--json", "-"])
    assert _strip(json.loads(out2)) == _strip(js)  # cluster and threads: the same report


def test_fit_sample_modes(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path)
    for mode in ("random:4", "polish"):
        code, out, err = _run(capsys, ["fit", p, "--beta", "1/10", "--bias", "--sample", mode, "--seed", "3",
                                       "--certify", "exact", "--json", "-"])
        assert code == 0 and err == "", (mode, err)
        js = json.loads(out)
        # a sampled dictionary gives an upper bound; the exact check over every column says whether it is optimal
        assert Q(js["optimal_value"]) >= Q(PUB_VALUE), mode
        cert = js["certificate"]
        assert cert["columns_checked"] == js["dictionary"]["columns"], mode
        assert cert["holds"] == (Q(js["optimal_value"]) == Q(PUB_VALUE)), mode


# ------------------------------------------------------------------ path --stream


def test_path_stream_json(tmp_path, capsys):
    _stream()
    p = _csv(tmp_path)
    code, out, err = _run(capsys, ["path", p, "--bias", "--betas", "1/10,1/2", "--stream", "--certify", "exact",
                                   "--json", "-"])
    assert code == 0 and err == ""
    js = json.loads(out)
    assert js["format"] == "exactwedge.path_stream"
    prob = js["problem"]
    assert prob["n"] == 6 and prob["d"] == 1 and prob["bias"] is True and prob["betas"] == ["1/10", "1/2"]
    assert len(js["path"]) == 2
    from exactwedge.training import fit

    X = [[0], [4], [5], [7], [10], [11]]
    y = [0, 0, 0, 2, 3, 3]
    for row, b in zip(js["path"], (Q(1, 10), Q(1, 2))):
        text = json.dumps(row)
        assert str(fit(X, y, b, bias=True).value) in text or f'"{fit(X, y, b, bias=True).value}"' in text


def test_path_auto_streams_with_betas(tmp_path, capsys):
    _stream()
    code, out, err = _run(capsys, ["path", _csv(tmp_path), "--bias", "--betas", "1/10", "--max-columns", "5",
                                   "--json", "-"])
    assert code == 0
    assert len(err.splitlines()) == 1 and err.startswith("exactwedge: note: ")
    assert json.loads(out)["format"] == "exactwedge.path_stream"


def test_path_without_stream_keeps_refusing_without_betas(tmp_path, capsys):
    # no --betas: the comparison needs the dictionary, so an oversized one is still refused
    code, _, err = _run(capsys, ["path", _csv(tmp_path), "--bias", "--max-columns", "5"])
    _one_line_error(code, err, "columns")


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
def test_fit_bad_flags(tmp_path, capsys, extra, fragment):
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--bias", *extra])
    _one_line_error(code, err, fragment)
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
def test_path_bad_flags(tmp_path, capsys, extra, fragment):
    code, out, err = _run(capsys, ["path", _csv(tmp_path), "--bias", *extra])
    _one_line_error(code, err, fragment)
    assert out == ""


def test_path_stream_needs_data(capsys):
    code, _, err = _run(capsys, ["path", "--stress", "--stream"])
    _one_line_error(code, err, "DATA")


def test_fit_unreachable_scheduler_one_line(tmp_path, capsys, monkeypatch):
    _stream()
    pytest.importorskip("distributed")
    import exactwedge.stream.dask_executor as de

    monkeypatch.setattr(de, "DEFAULT_CONNECT_TIMEOUT", 1.0)
    code, out, err = _run(capsys, ["fit", _csv(tmp_path), "--beta", "1", "--scheduler", "tcp://127.0.0.1:1"])
    _one_line_error(code, err, "tcp://127.0.0.1:1")
    assert out == ""
