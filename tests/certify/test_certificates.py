"""Certificates anyone can re-check: written by the library, verified by ``exactwedge verify`` and by the
standalone checker run as a reviewer runs it (``python -I -S verify_certificate.py``), tampered with and rejected."""

from __future__ import annotations

import ast
import copy
import json
import math
import random
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactwedge import TooLargeError, dictionary, fit
from exactwedge.certify import (CHECKER, InvalidCertificate, certificate_json, check_certifiable, check_certificate,
                                write_certificate)
from exactwedge.certify import verify_certificate as vc
from exactwedge.exceptions import InvalidInputError

QUIET = {"say": lambda line: None}


def _problem(d: int, bias: bool, seed: int) -> tuple[list, list, Fraction]:
    """Seeded small data: rationals, with a repeated sample now and then (zero and duplicate columns)."""
    rnd = random.Random(1000 * d + 10 * bias + seed)
    n = {1: 7, 2: 6, 3: 5}[d]
    X = [[Fraction(rnd.randint(-6, 6), rnd.choice((1, 1, 2, 3))) for _ in range(d)] for _ in range(n)]
    if seed % 2:
        X[-1] = list(X[0])
    y = [Fraction(rnd.randint(-4, 4), rnd.choice((1, 2))) for _ in range(n)]
    return X, y, Fraction(rnd.randint(1, 6), 10)


CASES = [(d, bias, act, seed) for d in (1, 2, 3) for bias in (False, True) for act in ("relu", "abs") for seed in (0, 1)]


def _cert(d: int, bias: bool, act: str, seed: int) -> dict:
    X, y, beta = _problem(d, bias, seed)
    return certificate_json(fit(X, y, beta, bias=bias, activation=act))


def _checker(path) -> subprocess.CompletedProcess:
    """The checker as a reviewer runs it: isolated, no site-packages, nothing of ours importable."""
    return subprocess.run([sys.executable, "-I", "-S", str(CHECKER), str(path)], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("d,bias,act,seed", CASES, ids=lambda v: str(v))
def test_library_certificates_are_valid_for_both_verifiers(d, bias, act, seed, tmp_path, cli):
    X, y, beta = _problem(d, bias, seed)
    res = fit(X, y, beta, bias=bias, activation=act)
    path = tmp_path / "cert.json"
    doc = write_certificate(res, path)
    assert json.loads(path.read_text(encoding="utf-8")) == doc
    assert doc["solution"]["objective"] == str(res.value) and doc["problem"]["bias"] is bias
    code, out, err = cli.run("verify", path)
    assert code == 0 and out.splitlines()[-1].startswith("VALID"), out + err
    p = _checker(path)
    assert p.returncode == 0 and p.stdout.splitlines()[-1].startswith("VALID"), p.stdout + p.stderr
    assert p.stdout == out  # one checker: the same lines either way


@pytest.mark.parametrize("d,bias,act,seed", CASES, ids=lambda v: str(v))
def test_the_checker_rebuilds_the_librarys_dictionary(d, bias, act, seed):
    """Same Lasso: the checker's columns, deduplicated, are exactly the library's (which drops zero and duplicate ones)."""
    X, _, _ = _problem(d, bias, seed)
    D = dictionary(X, bias=bias, activation=act)
    library = {tuple(D.column(j)) for j in range(len(D))}
    L = math.lcm(*[v.denominator for row in X for v in row])
    Xi = [[int(v * L) for v in row] for row in X]
    mine = set()
    for a, _, c in vc.crosses(Xi, bias):
        for s in vc.signs(act):
            w, b = vc.neuron(X, a, c, s)
            col = tuple(vc.column(X, w, b, act))
            if any(col):
                mine.add(col)
    assert mine == library and len(library) == len(D)


@given(st.integers(1, 2), st.booleans(), st.sampled_from(["relu", "abs"]),
       st.lists(st.integers(-5, 5), min_size=8, max_size=8), st.lists(st.integers(-3, 3), min_size=4, max_size=4),
       st.integers(1, 20))
def test_random_certificates_verify(d, bias, act, xs, ys, beta):
    n = len(ys)
    X = [xs[i * d:(i + 1) * d] for i in range(n)]
    res = fit(X, ys, Fraction(beta, 10), bias=bias, activation=act)
    assert check_certificate(certificate_json(res), **QUIET).startswith("VALID")


# ---------------------------------------------------------------- tampering
def _base() -> dict:
    """A 2-D certificate with biases and several active columns, named by samples."""
    doc = _cert(2, True, "relu", 0)
    assert len(doc["solution"]["active"]) >= 2 and any(a["samples"][0].startswith("x") for a in doc["solution"]["active"])
    return doc


def _recomputed(doc: dict) -> dict:
    """A forger's file: residual and objective made consistent with the (tampered) z, t and data."""
    X = [[Fraction(v) for v in r] for r in doc["problem"]["X"]]
    y = [Fraction(v) for v in doc["problem"]["y"]]
    fitted = [Fraction(doc["solution"]["intercept"])] * len(X)
    for a in doc["solution"]["active"]:
        w, b = [Fraction(v) for v in a["w"]], Fraction(a["b"])
        col = vc.column(X, w, b, doc["problem"]["activation"])
        fitted = [f + Fraction(a["z"]) * k for f, k in zip(fitted, col)]
    r = [yi - fi for yi, fi in zip(y, fitted)]
    doc["solution"]["residual"] = [str(v) for v in r]
    obj = sum(v * v for v in r) / 2 + Fraction(doc["problem"]["beta"]) * sum(abs(Fraction(a["z"])) for a in doc["solution"]["active"])
    doc["solution"]["objective"] = str(obj)
    return doc


def _z_changed(doc):
    a = doc["solution"]["active"][0]
    a["z"] = str(Fraction(a["z"]) + Fraction(1, 7))


def _sample_swapped(doc):
    a = next(a for a in doc["solution"]["active"] if a["samples"][0].startswith("x"))
    k = int(a["samples"][0][1:])
    others = [f"x{j}" for j in range(1, len(doc["problem"]["X"]) + 1) if f"x{j}" not in (a["anchor"], a["samples"][0])]
    a["samples"] = [others[0] if others[0] != f"x{k}" else others[1]]


def _anchor_swapped(doc):
    a = doc["solution"]["active"][0]
    a["anchor"] = "x1" if a["anchor"] != "x1" else "x2"


def _beta_changed(doc):
    doc["problem"]["beta"] = str(Fraction(doc["problem"]["beta"]) * 2)


def _data_changed(doc):
    doc["problem"]["X"][2][1] = str(Fraction(doc["problem"]["X"][2][1]) + 1)


def _objective_changed(doc):
    doc["solution"]["objective"] = str(Fraction(doc["solution"]["objective"]) + Fraction(1, 1000))


def _column_dropped(doc):
    doc["solution"]["active"].pop()


def _sign_flipped(doc):
    doc["solution"]["active"][0]["sign"] *= -1


def _intercept_changed(doc):
    doc["solution"]["intercept"] = str(Fraction(doc["solution"]["intercept"]) + Fraction(1, 3))


TAMPERS = {
    "z changed": (_z_changed, "residual at x"),
    "sample index swapped": (_sample_swapped, "is not that of the rebuilt column"),
    "anchor swapped": (_anchor_swapped, "is not that of the rebuilt column"),
    "beta changed": (_beta_changed, "objective"),
    "data value changed": (_data_changed, "residual at x"),
    "objective changed": (_objective_changed, "objective: the file says"),
    "column dropped from the support": (_column_dropped, "residual at x"),
    "sign flipped": (_sign_flipped, "is not that of the rebuilt column"),
    "intercept changed": (_intercept_changed, "residual at x"),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_tampered_files_are_rejected_with_the_reason(name, tmp_path, cli):
    doc = _base()
    assert check_certificate(copy.deepcopy(doc), **QUIET).startswith("VALID")
    tamper, reason = TAMPERS[name]
    tamper(doc)
    with pytest.raises(InvalidCertificate, match=reason.replace("(", r"\(")):
        check_certificate(doc, **QUIET)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    p = _checker(path)
    assert p.returncode == 1 and p.stdout.splitlines()[-1].startswith("INVALID: ") and reason in p.stdout, p.stdout
    code, out, _ = cli.run("verify", path)
    assert code == 1 and out.splitlines()[-1] == p.stdout.splitlines()[-1]


@pytest.mark.parametrize("name,reason", [("z changed", "intercept condition"), ("beta changed", "support condition"),
                                         ("column dropped from the support", "condition"),
                                         ("data value changed", "condition")])
def test_a_consistent_forgery_fails_the_kkt_conditions(name, reason):
    """Residual and objective recomputed to match the tampered file: the optimality conditions still fail."""
    doc = _base()
    TAMPERS[name][0](doc)
    with pytest.raises(InvalidCertificate, match=reason):
        check_certificate(_recomputed(doc), **QUIET)


def test_a_forged_optimum_fails_the_bound_condition():
    """A feasible but suboptimal point (z = 0, t = mean y) written consistently: some column has |K_jᵀr| > β."""
    doc = _base()
    y = [Fraction(v) for v in doc["problem"]["y"]]
    doc["solution"]["active"] = []
    doc["solution"]["intercept"] = str(sum(y) / len(y))
    with pytest.raises(InvalidCertificate, match=r"bound condition: \|K\^T r\| = .* > beta"):
        check_certificate(_recomputed(doc), **QUIET)


def test_samples_out_of_order_or_unknown_are_not_dictionary_columns():
    doc = _cert(3, False, "relu", 0)
    a = next(a for a in doc["solution"]["active"] if len(a["samples"]) == 2)
    for bad in ([a["samples"][1], a["samples"][0]], [a["samples"][0], "x99"], [a["samples"][0]]):
        forged = copy.deepcopy(doc)
        next(b for b in forged["solution"]["active"] if b["samples"] == a["samples"])["samples"] = bad
        with pytest.raises(InvalidCertificate, match="is not in the dictionary"):
            check_certificate(forged, **QUIET)


@pytest.mark.parametrize("edit,fragment", [
    (lambda d: d.update(format="something else"), "not an exactwedge certificate"),
    (lambda d: d.update(version=2), "certificate version 2"),
    (lambda d: d["problem"].update(norm=2), "problem.norm is 2"),
    (lambda d: d["problem"].update(beta=0.5), "expected an exact number"),
    (lambda d: d["problem"].update(beta="1/0"), "not an exact number"),
    (lambda d: d["solution"].pop("residual"), "missing \"residual\""),
    (lambda d: d["problem"]["X"][0].append("1"), "different lengths"),
])
def test_unusable_files_give_one_line_and_exit_2(edit, fragment, tmp_path, cli):
    doc = _base()
    edit(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    p = _checker(path)
    assert p.returncode == 2 and len(p.stderr.splitlines()) == 1 and fragment in p.stderr, p.stderr
    cli.one_line_error(*cli.run("verify", path)[::2], fragment)


def test_unreadable_files_give_one_line_and_exit_2(tmp_path, cli):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    for path, fragment in ((tmp_path / "x.json", "not a JSON file"), (tmp_path / "none.json", "cannot read it"),
                           (tmp_path, "cannot read it")):
        p = _checker(path)
        assert p.returncode == 2 and len(p.stderr.splitlines()) == 1 and fragment in p.stderr, p.stderr
        cli.one_line_error(*cli.run("verify", path)[::2], fragment)
    cli.one_line_error(*cli.run("verify")[::2], "needs a certificate")


# ---------------------------------------------------------------- the checker itself
def test_the_checker_imports_only_the_standard_library_and_stays_short():
    source = CHECKER.read_text(encoding="utf-8")
    tree = ast.parse(source)
    names = {a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert names and names <= set(sys.stdlib_module_names), names - set(sys.stdlib_module_names)
    assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(tree))
    assert len(source.splitlines()) <= 310  # "at most about 300 lines"


def test_print_checker_hands_out_the_checker(cli):
    code, out, _ = cli.run("verify", "--print-checker")
    assert code == 0 and out == CHECKER.read_text(encoding="utf-8")


def test_the_checker_prints_its_column_count(tmp_path):
    doc = _cert(2, True, "relu", 0)
    n = len(doc["problem"]["X"])
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = _checker(path).stdout
    assert f"{doc['problem']['candidate_columns']} candidate columns" in out
    assert doc["problem"]["candidate_columns"] == 2 * n * (n - 1 + 2)


# ---------------------------------------------------------------- what is refused
def test_the_writer_refuses_what_no_exact_certificate_covers():
    X, y = [[0, 0], [1, 0], [0, 1], [2, 3]], [0, 1, 1, 3]
    for kwargs, fragment in (({"norm": 2}, "--norm 1"), ({"loss": "hinge"}, "squared loss")):
        with pytest.raises(InvalidInputError, match=fragment):
            certificate_json(fit(X, [1, -1, 1, -1] if "loss" in kwargs else y, 1, **kwargs))
    with pytest.raises(InvalidInputError, match="one label column"):
        certificate_json(fit(X, [[0, 1], [1, 0], [1, 1], [3, 0]], 1))
    with pytest.raises(TooLargeError, match="226,920 columns"):
        check_certifiable(60, 3, bias=True)
    assert check_certifiable(60, 3, bias=True, max_columns=None) == 226_920


def test_fit_certificate_on_the_command_line(cli, tmp_path):
    data = cli.csv()
    cert = tmp_path / "cert.json"
    code, _, err = cli.run("fit", data, "--beta", "1/10", "--bias", "--certificate", cert)
    assert code == 0, err
    assert json.loads(cert.read_text(encoding="utf-8"))["solution"]["objective"] == "287/1600"
    assert _checker(cert).returncode == 0
    for extra, fragment in ((["--norm", "2"], "--norm 1"), (["--loss", "logistic"], "squared loss"),
                            (["--targets", "2"], "one label column"), (["--stream"], "--certify exact")):
        cli.one_line_error(*cli.run("fit", data, "--beta", "1", "--certificate", tmp_path / "c2.json", *extra)[::2],
                           fragment)
    cli.one_line_error(*cli.run("fit", data, "--interpolate", "--certificate", tmp_path / "c2.json")[::2],
                       "--interpolate")
    cli.one_line_error(*cli.run("fit", data, "--beta", "1", "--certificate", data)[::2], "refusing to overwrite")
    cli.one_line_error(*cli.run("fit", data, "--beta", "1", "--certificate", "-")[::2], "not '-'")
    assert not (tmp_path / "c2.json").exists()


def test_fit_certificate_refuses_a_large_dictionary_before_fitting(cli):
    rnd = random.Random(5)
    rows = "\n".join(",".join(str(rnd.randint(-50, 50)) for _ in range(4)) for _ in range(70))
    data = cli.csv("a,b,c,y\n" + rows + "\n", "big.csv")
    code, out, err = cli.run("fit", data, "--beta", "1", "--bias", "--certificate", data.with_name("c.json"))
    cli.one_line_error(code, err, "357,840 columns")


def test_the_docs_show_the_checker_as_shipped():
    """docs/10-certificates.md ends with the checker's listing, which must be the file (refresh it when the file changes)."""
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "10-certificates.md").read_text(encoding="utf-8")
    listing = page.split("## The checker's listing", 1)[1].split("```python\n", 1)[1].rsplit("```", 1)[0]
    assert listing == CHECKER.read_text(encoding="utf-8"), "copy exactwedge/certify/verify_certificate.py into the page"


def test_streamed_exact_fits_and_empty_supports_are_certified_too():
    from exactwedge.stream.fit import fit_stream

    X, y, beta = _problem(2, True, 0)
    streamed = fit_stream(X, y, beta, bias=True, certify="exact", executor="serial")
    assert streamed.optimal and check_certificate(certificate_json(streamed), **QUIET).startswith("VALID")
    assert certificate_json(streamed)["solution"]["objective"] == certificate_json(fit(X, y, beta, bias=True))["solution"]["objective"]
    with pytest.raises(InvalidInputError, match="proved optimum"):
        certificate_json(fit_stream(X, y, beta, bias=True, certify="float", executor="serial"))
    empty = certificate_json(fit(X, y, 1000, bias=True))
    assert empty["solution"]["active"] == [] and check_certificate(empty, **QUIET).startswith("VALID: z (0 active")


def test_numbers_past_the_4300_digit_guard(tmp_path):
    """Exact numbers of 5,000 digits: written whole, checked by the API and by the script (the guard is restored)."""
    big = 10**5000
    path = tmp_path / "big.json"
    write_certificate(fit([0, big, 2 * big, 3 * big], [0, 1, 3, 2], "1/10", bias=True), path)
    guard = sys.get_int_max_str_digits()
    assert check_certificate(vc.load(path), **QUIET).startswith("VALID") and sys.get_int_max_str_digits() == guard
    p = _checker(path)
    assert p.returncode == 0 and p.stdout.splitlines()[-1].startswith("VALID")
