"""``python -m proofs_check --data FILE.csv`` and ``run_check(name, data=...)``: the theorems on one data set."""

from __future__ import annotations

import json
from fractions import Fraction as Q

import pytest

import proofs_check as pc
from proofs_check._cli import main
from proofs_check._data import MAX_DATA_COLUMNS, as_dataset
from proofs_check.mutations import flip_first_nonzero

#: The 1-D example of docs/theory.md (Thm 1), whose optimum at β = 1/10 is 287/1600.
PAPER_X = [[0], [4], [5], [7], [10], [11]]
PAPER_Y = [0, 0, 0, 2, 3, 3]
X2 = [[0, 1], [1, 0], [3, 1], [1, -1], [2, 2]]
Y2 = [1, 2, 0, 1, -1]
X3 = [[0, 1, 1], [1, 0, 2], [3, 1, -1], [1, -1, 0], [2, 2, 1], [1, 2, 3]]
Y3 = [1, 2, 0, 1, -1, 0]


def _write(tmp_path, X, Y, name="d.csv"):
    p = tmp_path / name
    rows = [list(x) + (list(y) if isinstance(y, (list, tuple)) else [y]) for x, y in zip(X, Y)]
    p.write_text("\n".join(",".join(str(c) for c in r) for r in rows) + "\n")
    return p


def _statuses(results):
    return {r.check.name: ("N/A" if r.details.get("not_applicable") else r.status) for r in results}


def _run_all(data):
    return [pc.run_check(c, data=data) for c in pc.all_checks(data=True)]


def test_one_dimensional_data_with_bias():
    data = {"X": PAPER_X, "y": PAPER_Y, "beta": "1/10", "bias": True}
    st = _statuses(_run_all(data))
    assert {k for k, v in st.items() if v == "PASS"} == {
        "thm1_one_dimensional", "abs_two_layer", "lemma21_lasso_duality_bias", "thm7_l2_no_bias",
        "deep_one_d_lasso_beta"}
    assert set(st.values()) == {"PASS", "N/A"}
    r = pc.run_check("thm1_one_dimensional", data=data)
    assert r.details["P_Lasso"] == "287/1600"  # the documented exact optimum
    assert r.details["exact_KKT_holds"] is True


def test_two_dimensional_data_without_bias():
    st = _statuses(_run_all({"X": X2, "y": Y2}))
    assert {k for k, v in st.items() if v == "PASS"} == {
        "thm2_l1_no_bias_2d", "abs_two_layer", "l1_augmentation_matters", "lemma20_lasso_duality",
        "thm4_l2_no_bias_2d", "def3_max_chamber_diameter"}
    assert "FAIL" not in st.values()


def test_three_dimensional_data_with_bias():
    res = {r.check.name: r for r in _run_all({"X": X3, "y": Y3, "bias": True})}
    passed = {k for k, r in res.items() if r.status == "PASS"}
    assert passed == {"thm22_l1_bias", "abs_two_layer", "l1_augmentation_matters", "lemma21_lasso_duality_bias",
                      "thm7_l2_no_bias", "def3_max_chamber_diameter"}
    l2 = res["thm7_l2_no_bias"].details
    assert l2["P_NN_float"] <= l2["P_Lasso_l2_float"] + 1e-6 <= l2["r_form_bound_float"] + 2e-6
    assert 0 < l2["r"] <= 1 and "D_squared" in l2


def test_two_targets_run_thm23_and_skip_the_scalar_theorems():
    Y = [[1, 0], [2, 1], [0, 0], [1, 1], [-1, 2]]
    st = _statuses(_run_all({"X": X2, "y": Y}))
    assert st["thm23_vector_output"] == "PASS"
    assert st["thm2_l1_no_bias_2d"] == "N/A" and st["lemma20_lasso_duality"] == "N/A"
    r = pc.run_check("thm2_l1_no_bias_2d", data={"X": X2, "y": Y})
    assert "K = 2 label columns" in r.error
    r1 = pc.run_check("thm23_vector_output", data={"X": X2, "y": Y2})
    assert r1.status == "SKIP" and r1.error.startswith("N/A: Thm 23 is about vector outputs")


def test_a_data_check_can_fail():
    data = {"X": PAPER_X, "y": PAPER_Y, "beta": "1/10", "bias": True}
    r = pc.run_check("thm1_one_dimensional", data=data, mutate={"z": flip_first_nonzero})
    assert r.status == "FAIL" and r.counterexample.label == "the data"
    r = pc.run_check("lemma20_lasso_duality", data={"X": X2, "y": Y2},
                     mutate={"residual": lambda v: [2 * c for c in v]})
    assert r.status == "FAIL"


def test_default_beta_is_a_tenth_of_beta_max_computed_exactly():
    from exactwedge import dictionary, solve_lasso

    ds = as_dataset({"X": X2, "y": Y2})
    D = dictionary(X2, bias=False, norm=1)
    bmax = max(abs(sum((Q(a) * Q(b) for a, b in zip(D.column(j), Y2)), Q(0))) for j in range(len(D)))
    assert ds.beta == bmax / 10 and "β_max/10" in ds.beta_note
    assert not any(solve_lasso(D, Y2, bmax).z)  # at β_max the zero network is optimal
    assert any(solve_lasso(D, Y2, bmax * Q(99, 100)).z)  # and just below it is not


def test_a_seeded_only_check_is_not_applicable_to_data():
    r = pc.run_check("cauchy_binet", data={"X": X2, "y": Y2})
    assert r.status == "SKIP" and r.details["not_applicable"]


def test_cli_data_json_and_summary(tmp_path, capsys):
    p = _write(tmp_path, X2, Y2)
    out = tmp_path / "r.json"
    assert main(["--data", str(p), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    last = text.strip().splitlines()[-1]
    assert last.startswith(f"{p}: n = 5 samples in R^2, no bias, K = 1, β = 1/5 (β_max/10")
    assert last.endswith("6 PASS, 9 N/A, 0 SKIP, 0 FAIL")
    doc = json.loads(out.read_text())
    assert doc["data"]["beta"] == "1/5" and doc["data"]["n"] == 5 and doc["not_applicable"] == 9
    assert doc["failed"] == 0 and len(doc["checks"]) == len(pc.all_checks(data=True))


def test_cli_data_bias_targets_and_beta(tmp_path, capsys):
    p = _write(tmp_path, X2, [[1, 0], [2, 1], [0, 0], [1, 1], [-1, 2]])
    assert main(["--data", str(p), "--targets", "2", "--bias", "--beta", "1/2", "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    st = {c["name"]: c["status"] for c in doc["checks"]}
    assert st["thm23_vector_output"] == "PASS" and doc["data"]["beta_note"] == "given"


@pytest.mark.parametrize("content, args, msg", [
    ("x,y\n1,2\n3,abc\n", [], "cannot read 'abc' as an exact number"),
    ("x,y\n1,2\n3\n", [], "line 3"),
    ("x,y\n1,2\n3,4\n", ["--beta", "-1"], "beta must be > 0"),
    ("x,y\n1,2\n3,4\n", ["--beta", "__import__('os')"], "as an exact number"),
    ("x,y\n1,2\n3,4\n", ["--cases", "3"], "drop --cases"),
])
def test_cli_bad_input_is_one_line_exit_2(tmp_path, capsys, content, args, msg):
    p = tmp_path / "bad.csv"
    p.write_text(content)
    assert main(["--data", str(p), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert msg in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_cli_data_options_need_data(capsys):
    assert main(["--bias"]) == 2
    assert "--bias is for --data" in capsys.readouterr().err


def test_too_large_data_is_not_applicable_with_the_count(tmp_path, capsys):
    X = [[i, (i * i) % 11, (3 * i) % 7] for i in range(90)]
    p = _write(tmp_path, X, [i % 3 for i in range(90)])
    assert main(["--data", str(p), "--bias", "--beta", "1", "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["failed"] == 0 and doc["passed"] == 0
    reasons = {c["name"]: c["error"] for c in doc["checks"]}
    assert f"more than the {MAX_DATA_COLUMNS:,}" in reasons["thm22_l1_bias"]
    assert "columns (n = 90 in R^3)" in reasons["thm22_l1_bias"]
    assert "activation patterns" in reasons["thm7_l2_no_bias"]
    assert "activation patterns" in reasons["def3_max_chamber_diameter"]


def test_cli_data_latex(tmp_path, capsys):
    p = _write(tmp_path, PAPER_X, PAPER_Y)
    tex = tmp_path / "r.tex"
    assert main(["--data", str(p), "--bias", "-k", "thm 1", "--latex", str(tex)]) == 0
    body = tex.read_text()
    assert "thm1" in body and "PASS" in body
    assert main(["--data", str(p), "-k", "thm 1,thm 23", "--latex", str(tex)]) == 0  # no bias: Thm 1 is N/A
    body = tex.read_text()
    assert "N/A: Thm 1 is about data in R" in body  # the reason, in the evidence column
    assert "0 of 2 checks passed, 2 skipped" in body and "the data set of the run" in body


def test_one_dimensional_data_without_bias_is_thm6():
    """In R^1 without biases the neurons are (±x)_+, kinked at 0, not at data points (a regression: the
    Thm 1 breakpoint statement was applied to them)."""
    st = _statuses(_run_all({"X": [[1], [3], [-2]], "y": [1, 0, 2]}))
    assert st["thm6_l1_no_bias"] == "PASS" and st["abs_two_layer"] == "PASS"
    assert st["thm1_one_dimensional"] == "N/A" and "FAIL" not in st.values()


def test_cli_data_never_overwrites_the_data_file(tmp_path, capsys):
    p = _write(tmp_path, X2, Y2)
    before = p.read_text()
    assert main(["--data", str(p), "--json", str(p)]) == 2
    assert "refusing to overwrite an input" in capsys.readouterr().err
    assert p.read_text() == before
