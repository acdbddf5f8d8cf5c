"""The command line on hard numbers: outside float range or past 4,300 digits, non-ASCII digits; bad seeds and worker counts."""

from __future__ import annotations

import json
import sys

import pytest


@pytest.mark.parametrize("cell", ["1e400", "1e-400", "3" * 5000])
def test_fit_exact_on_data_outside_float_range(cli, cell):
    code, out, err = cli.run("fit", cli.csv(f"x,y\n1,1\n2,-1\n{cell},1\n"), "--beta", "1/10", "--json", "-")
    assert code == 0, err
    assert json.loads(out)["certificate"]["holds"] is True


def test_fit_beta_past_float_range(cli):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n3,1\n"), "--beta", "1e310", "--json", "-")
    assert code == 0, err
    assert json.loads(out)["certificate"]["holds"] is True


def test_cli_restores_the_int_string_guard(cli):
    guard = sys.get_int_max_str_digits()
    cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n3,1\n"), "--beta", "1/10", "--json", "-")
    assert sys.get_int_max_str_digits() == guard


def test_float_step_refuses_data_past_float_range_by_name(cli):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n1e400,1\n3,4\n"), "--beta", "1/10", "--norm", "2")
    cli.one_line_error(code, err, "float64 reaches 2^1024")


@pytest.mark.parametrize("argv", [
    ("fit", "DATA", "--beta", "1/10", "--sample", "random:3", "--seed", "-1"),
    ("path", "--stress", "--seed", "-1"),
    ("fit", "DATA", "--beta", "1/10", "--sample", "random:3", "--seed", "٣"),
])
def test_bad_seed_is_one_line(cli, argv):
    data = cli.csv("x,y\n1,1\n2,-1\n3,1\n")
    code, out, err = cli.run(*[data if a == "DATA" else a for a in argv])
    cli.one_line_error(code, err, "a seed is a nonnegative integer",
                       prefixes=("exactwedge fit: error: ", "exactwedge path: error: "))


def test_proofs_check_negative_seed_is_one_line(capsys):
    from proofs_check._cli import main

    with pytest.raises(SystemExit) as e:
        main(["--seed", "-1", "--list"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and len(err.splitlines()) == 1 and "nonnegative" in err


def test_workers_bounded(cli):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n3,1\n"), "--beta", "1/10", "--stream", "--workers", "10000")
    cli.one_line_error(code, err, "--workers must be between 1 and")


@pytest.mark.parametrize("beta", ["١", "１"])
def test_unicode_beta_refused(cli, beta):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n3,1\n"), "--beta", beta)
    cli.one_line_error(code, err, "ASCII")


def test_unicode_cell_refused(cli):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n٣,1\n"), "--beta", "1/10")
    cli.one_line_error(code, err, "ASCII")


@pytest.mark.parametrize("argv, fragment", [
    (("fit", "BIG", "--beta", "1/10", "--stream"), "the streamed solve works in float64"),
    (("fit", "TINY", "--beta", "1/10", "--stream", "--certify", "exact"), "the streamed solve works in float64"),
    (("path", "BIG", "--beta", "1/10"), "in float64"),
    (("path", "OK", "--beta", "1e310"), "the float back-ends compared on the path take β"),
    (("path", "OK", "--beta", "1e-400"), "the float back-ends compared on the path take β"),
])
def test_float_pipelines_refuse_data_past_float_range_by_name(cli, argv, fragment):
    files = {"BIG": cli.csv("x,y\n1,1\n2,-1\n1e400,1\n", "big.csv"), "TINY": cli.csv("x,y\n1,1\n2,-1\n1e-400,1\n", "tiny.csv"),
             "OK": cli.csv("x,y\n1,1\n2,-1\n3,1\n", "ok.csv")}
    code, out, err = cli.run(*[files.get(a, a) for a in argv])
    cli.one_line_error(code, err, fragment)


def test_reports_keep_exact_values_past_float_range(cli, tmp_path):
    data = cli.csv("x,y\n1,1e400\n2,-1\n3,1\n")
    tex = tmp_path / "o.tex"
    code, out, err = cli.run("fit", data, "--beta", "1/10", "--json", "-", "--latex", tex)
    assert code == 0, err
    js = json.loads(out)
    assert js["certificate"]["holds"] is True and js["optimal_value_float"] is None
    assert len(js["optimal_value"]) > 300 and tex.exists()
    code, out, err = cli.run("fit", data, "--beta", "1/10", "--norm", "2")
    cli.one_line_error(code, err, "the float solve needs the labels in float64")


def test_text_report_abbreviates_long_exact_numbers(cli):
    code, out, err = cli.run("fit", cli.csv("x,y\n1,1\n2,-1\n" + "3" * 5000 + ",1\n"), "--beta", "1/10")
    assert code == 0, err
    assert "…" in out and max(len(line) for line in out.splitlines()) < 400


@pytest.mark.parametrize("argv", [
    ("fit", "DATA", "--beta", "1", "--norm", "١"),
    ("fit", "DATA", "--beta", "1", "--targets", "١"),
    ("fit", "DATA", "--beta", "1", "--stream", "--workers", "٢"),
    ("path", "DATA", "--grid", "٣"),
])
def test_unicode_digits_in_integer_options_refused(cli, argv):
    data = cli.csv("x,y\n1,1\n2,-1\n3,1\n")
    code, out, err = cli.run(*[data if a == "DATA" else a for a in argv])
    cli.one_line_error(code, err, "expected an integer in the digits 0-9",
                       prefixes=("exactwedge fit: error: ", "exactwedge path: error: "))
