"""exactwedge.latex: closed forms that are true, SymPy's protocol without patches, documents that compile.

The compile tests run pdflatex. Under CI (``CI=true``) a missing pdflatex is a
failure, not a skip: scripts/bootstrap.sh installs ``texlive-latex-base``
(scripts/apt-packages.txt).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from fractions import Fraction as Q
from pathlib import Path

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import exactwedge as ew
from exactwedge import cross, dictionary, fit, hodge, signed_volume, wedge
from exactwedge.datasets import spiral
from exactwedge.exceptions import BackendNotInstalledError, DataFileError, InvalidInputError, LatexError
from exactwedge.latex import (
    PREAMBLE,
    blade_latex,
    certificate_latex,
    compile_pdf,
    data_latex,
    dictionary_latex,
    fit_document,
    hyperplane_latex,
    latex_document,
    latex_escape,
    latex_number,
    network_latex,
    neuron_latex,
    pdflatex_available,
    proofs_document,
    proofs_report_latex,
    vector_latex,
    write_latex,
)
from exactwedge.numbers.surd import Surd
from tests._data import PAPER


def require_pdflatex() -> None:
    """Skip without pdflatex on a developer machine; fail in CI, where bootstrap installs it."""
    if pdflatex_available():
        return
    msg = "pdflatex is missing: install texlive-latex-base (scripts/apt-packages.txt, run by scripts/bootstrap.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)


def _compile(tmp_path: Path, name: str, text: str) -> tuple[Path, str]:
    require_pdflatex()
    tex = write_latex(tmp_path / f"{name}.tex", text)
    pdf = compile_pdf(tex)
    assert pdf == tmp_path / f"{name}.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000
    return pdf, text


# ------------------------------------------------------------------ the closed forms are true


def _members(nr, X):
    d = len(X[0])
    out = []
    for s in nr.samples:
        if isinstance(s, str):
            k = int(s[1:])
            out.append([Q(int(i == k - 1)) for i in range(d)])
        elif nr.anchor is None:
            out.append(list(X[s]))
        else:
            out.append([a - b for a, b in zip(X[s], X[nr.anchor])])
    return out


def _random_data(rnd, n, d):
    return [[Q(rnd.randint(-5, 5), rnd.randint(1, 3)) for _ in range(d)] for _ in range(n)]


@pytest.mark.parametrize("d,bias", [(2, False), (2, True), (3, False), (3, True), (4, True)])
def test_closed_form_and_signed_distance_are_true(d, bias):
    """For every column: w = ±⋆(∧a_J)/‖·‖₁ with the printed sign, and x·w + b = ‖w‖₂·sd(x, H) with
    sd = ±det[x − x_a, a_J]/‖∧a_J‖, checked exactly at random points."""
    rnd = random.Random(1000 * d + bias)
    X = _random_data(rnd, d + 2, d)
    D = dictionary(X, bias=bias)
    assert len(D) > 0
    for j in range(len(D)):
        nr = D.neuron(j)
        V = _members(nr, X)
        # the ⋆ form as printed: sign·(−1)^(d−1) ⋆(∧V)/‖⋆(∧V)‖₁
        star = hodge(wedge(*V)) if len(V) > 1 else hodge(V[0])
        s_star = nr.sign * (-1) ** (d - 1)
        l1 = sum(abs(c) for c in star.coefficients)
        assert tuple(nr.w) == tuple(s_star * c / l1 for c in star.coefficients)
        c = cross(*V)
        assert tuple(nr.w) == tuple(nr.sign * v / sum(abs(t) for t in c) for v in c)
        tex = neuron_latex(nr)
        assert tex.startswith("w = " + ("+" if s_star > 0 else "-") + r"\frac{\star")
        assert neuron_latex(nr, form="cross").startswith("w = " + ("+" if nr.sign > 0 else "-") + r"\frac{\operatorname{cross}")
        hp = hyperplane_latex(nr)
        assert (r"\operatorname{sd}(x, H) = " + ("+" if nr.sign > 0 else "-")) in hp
        w2 = sum(v * v for v in nr.w)
        vol2 = wedge(*V).norm2 if len(V) > 1 else sum(v * v for v in V[0])
        for _ in range(3):
            x = [Q(rnd.randint(-9, 9), rnd.randint(1, 4)) for _ in range(d)]
            pre = sum(a * b for a, b in zip(x, nr.w)) + nr.b
            xa = x if nr.anchor is None else [a - b for a, b in zip(x, X[nr.anchor])]
            det = signed_volume(xa, *V)
            # pre = sqrt(w2) · sign · det / sqrt(vol2): compare squares and signs
            assert pre * pre * vol2 == w2 * det * det
            assert (pre > 0) == (nr.sign * det > 0) and (pre < 0) == (nr.sign * det < 0)


def test_neuron_names_its_members_in_order():
    X = [[0, 0], [1, 0], [0, 2], [3, 1]]
    D = dictionary(X, bias=True)
    for j in range(len(D)):
        nr = D.neuron(j)
        tex = neuron_latex(nr, index=j)
        for s in nr.samples:
            name = f"e_{{{s[1:]}}}" if isinstance(s, str) else f"x_{{{s + 1}}} - x_{{{nr.anchor + 1}}}"  # 1-based
            assert name in tex
        assert rf"b_{{{j}}} = -w_{{{j}}}\cdot x_{{{nr.anchor + 1}}} = " in tex


def test_one_dimensional_neurons_are_ramps(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True)
    u = res.network.units[0]
    assert u.label == "(x1 - x)"
    parts = dict(p.split(" = ", 1) for p in neuron_latex(u, index=1).split(r",\qquad "))
    assert parts["w_{1}"] == "-1" and parts["b_{1}"] == r"-w_{1}\cdot x_{2} = 4"  # row 1 is x_2 (1-based)
    assert r"\operatorname{sd}(x, H_{1}) = x_{2} - x" in hyperplane_latex(u, index=1)
    assert r"\left(4 - x\right)_+" in network_latex(res.network)


def test_network_latex_matches_the_network():
    """The explicit f(x) lists the exact intercept, every α, w and b of the network."""
    X, y = spiral()
    res = fit(X, y, "1/10", bias=True)
    tex = network_latex(res.network)
    # the canonical optimum (lexicographically smallest |z|, lasso.canonical): t = 73/1200
    assert tex.startswith(r"\begin{aligned}" + "\nf(x) &= \\frac{73}{1200}")
    assert tex.count(r"\right)_+") == len(res.network.units) == 8
    for u in res.network.units:
        assert vector_latex(u.w, row=True) in tex
        assert latex_number(abs(u.alpha)) in tex
    named = network_latex(res.network, explicit=False, env="align*")
    assert named.startswith(r"\begin{align*}") and r"w_{3}\cdot x + b_{3}" in named


def test_abs_activation_and_vector_output():
    X = [[0, 0], [2, 0], [0, 2], [1, 1], [3, 1]]
    res = fit(X, [0, 1, 1, 3, 2], "1/2", activation="abs")
    assert r"\left\lvert " in network_latex(res.network)
    resv = fit(X, [[0, 1], [1, 0], [1, 1], [3, 0], [2, 2]], "1/2", bias=True)
    assert resv.exact is False
    tex = network_latex(resv.network, approx=True)
    assert tex.count(r"\begin{pmatrix}") >= 2 * len(resv.network.units)


# ------------------------------------------------------------------ SymPy's protocol, no patches


def test_sympy_latex_protocol_on_every_class(paper):
    assert sympy.latex(ew.Vector(3, "-4/7")) == r"\begin{pmatrix}3\\- \frac{4}{7}\end{pmatrix}"
    assert sympy.latex(wedge([1, 2], [3, 4])) == r"-2\, e_{1}\wedge e_{2}"
    assert sympy.latex(Surd(Q(3, 2), Q(2))) == r"\frac{3 \sqrt{2}}{2}"
    assert sympy.latex(ew.basis_blade(3, 1, 3) * Q(-1, 2)) == r"-\frac{1}{2}\, e_{1}\wedge e_{3}"
    D = dictionary([[1, 2], [3, 1]])
    assert sympy.latex(D.neuron(0)) == neuron_latex(D.neuron(0))
    res = fit(paper.X, paper.y, "1/10", bias=True)
    assert sympy.latex(res.network) == network_latex(res.network)
    # inside SymPy containers, with SymPy's own settings
    assert sympy.latex([Surd(Q(1), Q(3))]) == r"\left[ \sqrt{3}\right]"
    assert sympy.latex(Surd(Q(1), Q(1, 3)), fold_short_frac=True) == r"\sqrt{3} / 3"


def test_blade_latex_symbolic_and_compact():
    a, b = sympy.symbols("a b")
    assert blade_latex(wedge([a, 1, 0], [b, 0, 1]), compact=True) == r"-b\, e_{12} + a\, e_{13} + e_{23}"
    B = wedge([a, 1], [b, 1])
    assert blade_latex(B) == r"\left(a - b\right)\, e_{1}\wedge e_{2}"
    big = ew.basis_blade(10, 1, 10)
    assert blade_latex(big, compact=True) == "e_{1,10}"
    with pytest.raises(InvalidInputError):
        blade_latex([1, 2])


def test_no_global_printer_patch():
    """Importing exactwedge.latex and exactwedge.plot leaves SymPy's LatexPrinter and str printing as they were."""
    code = ("import sympy\nfrom sympy.printing.latex import LatexPrinter\n"
            "before = sorted(vars(LatexPrinter)); r = repr(sympy.Symbol('x') ** 2)\n"
            "import exactwedge.latex, exactwedge.plot\n"
            "from exactwedge import Vector\n"
            "sympy.latex(Vector(1, 2))\n"
            "print(sorted(vars(LatexPrinter)) == before, repr(sympy.Symbol('x') ** 2) == r, "
            "'matplotlib' in __import__('sys').modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True", "False"], out.stderr


def test_latex_number_kinds():
    assert latex_number(Q(-3, 5)) == r"- \frac{3}{5}"
    assert latex_number(7) == "7"
    assert latex_number(sympy.sqrt(2) / 2) == r"\frac{\sqrt{2}}{2}"
    assert latex_number(0.5) == "0.5" and latex_number(Q(2, 3), approx=True, digits=3) == "0.667"
    assert latex_number(1e20) == r"1 \cdot 10^{20}" and latex_number(float("inf")) == r"\infty"
    assert latex_number("1/4") == r"\frac{1}{4}"
    with pytest.raises(InvalidInputError):
        latex_number(True)


# ------------------------------------------------------------------ text escaping


@given(st.text(max_size=60))
def test_escape_is_ascii_and_balanced(text):
    out = latex_escape(text)
    assert out.isascii()
    # braces we emit are balanced; user braces come out escaped
    depth = 0
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(out[i], 0)
        assert depth >= 0
        i += 1
    assert depth == 0


def test_escaped_text_compiles(tmp_path):
    nasty = ["50% & $x_1^2$ #3 ~ \\ {braces}", "ℓ1 ‖·‖₂ ⋆⋆ = (−1)^{k(d−k)} ≤ β", "x₁₂ → x⁻¹ §4 “quoted” — ok…",
             "snowman ☃ and 漢字", "tab\there", "e₁∧e₂ ⟨A, B⟩ ∈ ℝ? Σ α σ ≈ 0"]
    body = "\n\n".join(latex_escape(s) for s in nasty)
    _compile(tmp_path, "escape", latex_document(body, title="Escaping: 100% & more"))


# ------------------------------------------------------------------ tables and certificate


def test_dictionary_table_has_provenance_and_marks_the_support():
    X, y = spiral()
    res = fit(X, y, "1/10", bias=True)
    tex = dictionary_latex(res.dictionary, res.z)
    rows = [r for r in tex.splitlines() if re.match(r"^\d+ & ", r)]
    assert len(rows) == len(res.dictionary)
    active = [r for r in rows if not r.rstrip("*").endswith(r" & \\")]
    assert [int(r.split(" & ")[0]) for r in active] == res.support
    assert r"26 & $x_{3} - x_{2}$ & $x_{2}$ & $+$ & $(- \frac{3}{5},\allowbreak \frac{2}{5})$" in tex
    with pytest.raises(InvalidInputError):
        dictionary_latex(res.dictionary, [0])
    with pytest.raises(InvalidInputError):
        dictionary_latex(res.dictionary, columns=[10**6])


def test_certificate_exact_failed_and_float():
    from exactwedge.lasso.certificate import certify
    from exactwedge.lasso.columns import ExactColumns

    cols = ExactColumns.from_rational([[1], [1]])
    bad = certify(cols, [Q(1), Q(3)], Q(1), [Q(1)], None)
    tex = certificate_latex(bad)
    assert r"\textbf{fails}" in tex and "violating columns: 0" in tex
    X = [[0, 0], [2, 0], [0, 2], [1, 1]]
    fl = fit(X, [0, 1, 1, 3], "1/2", bias=True, norm=2)
    tex = certificate_latex(fl.certificate)
    assert "Float64 check only (not a proof)" in tex and "duality gap" in tex
    with pytest.raises(InvalidInputError):
        certificate_latex(3)


def test_data_table_vector_labels():
    tex = data_latex([[1, 2], [3, 4]], [[1, 0], [0, 1]])
    assert r"$\left(1, 0\right)$\\" in tex


# ------------------------------------------------------------------ documents that compile


def _cases():
    rnd = random.Random(7)
    X3 = _random_data(rnd, 7, 3)
    X2 = _random_data(rnd, 7, 2)
    return {
        "spiral": lambda: fit(*spiral(), "1/10", bias=True),
        "one_d": lambda: fit(PAPER.X, PAPER.y, "1/10", bias=True),
        "three_d": lambda: fit(X3, [rnd.randint(-2, 2) for _ in range(7)], "1/5"),
        "l2": lambda: fit(X2, [1, -1, 1, 0, 2, -1, 1], "1/5", bias=True, norm=2),
        "vector": lambda: fit(X2, [[1, 0], [0, 1], [1, 1], [0, 0], [2, 1], [1, 2], [0, 1]], "1/5", bias=True),
        "empty": lambda: fit([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 0], 1, bias=True),
    }


@pytest.mark.parametrize("name", list(_cases()))
def test_fit_document_compiles(tmp_path, name):
    res = _cases()[name]()
    text = fit_document(res)
    assert text.startswith(PREAMBLE) and text.isascii()
    pdf, _ = _compile(tmp_path, name, text)
    log = (tmp_path / f"{name}.tex").with_suffix(".log")
    assert not log.exists()  # pdflatex ran in a temporary folder; only the PDF came back
    if res.network.units:
        assert text.count(r"\textbf{Neuron ") == len(res.network.units)


def test_fit_document_reads_well(tmp_path):
    """No overfull lines in the spiral's document (pdflatex's own check of the layout)."""
    require_pdflatex()
    res = fit(*spiral(), "1/10", bias=True)
    (tmp_path / "doc.tex").write_text(fit_document(res))
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                   capture_output=True, timeout=120, check=True)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log
    assert "Undefined" not in log


def test_fit_document_options():
    res = fit(*spiral(), "1/10", bias=True)
    sup = fit_document(res, dictionary="support", data="none", notation="cross")
    assert "Listed: the 8 columns of the support." in sup and r"\section*{The data}" not in sup
    assert r"\operatorname{cross}(x_{3} - x_{2})" in sup
    none = fit_document(res, dictionary="none")
    assert r"\section*{The dictionary}" not in none
    with pytest.raises(InvalidInputError):
        fit_document(res, dictionary="some")
    with pytest.raises(InvalidInputError):
        fit_document(res.network)


PROOFS = {
    "checks": [
        {"name": "cross_orthogonal", "theorem": "App. 6.1", "cases": "d ≤ 4", "status": "proved (symbolic, d ≤ 4)",
         "time": 0.5, "counterexample": None},
        {"name": "hodge_star_star", "theorem": "THEORY §1: ⋆⋆ = (−1)^{k(d−k)}", "cases": 200, "status": "PASS",
         "time": 0.25},
        {"name": "lasso_equals_reference", "theorem": "Thm 2", "cases": 40, "status": "FAIL", "time": 2.0,
         "counterexample": {"X": [[1, 0], [0, 1]], "beta": "1/3", "blade": wedge([1, 2, 0], [0, 1, 1]),
                            "value": Q(-7, 3), "surd": Surd(Q(1), Q(2)),
                            "latex": sympy.latex(ew.Vector(3, "-4/7")) + r" \ne 0"}},
        {"name": "augmentation_matters", "theorem": "Thm 2 (ℓ1 basis vectors)", "cases": 9, "status": "FAIL",
         "time": 1.25, "counterexample": "P_Lasso = 2.63092 > 2.62710 = P_NN"},
        {"name": "odd", "theorem": None, "cases": None, "status": "FAIL", "time": "n/a",
         "counterexample": object()},
    ],
    "seed": 0,
    "cases": 40,
}


def test_proofs_report_latex():
    tex = proofs_report_latex(PROOFS)
    assert "3 of 5 checks failed" in tex
    assert tex.count(r"\textbf{FAIL}") == 3
    assert r"\subsection*{Counterexample to \texttt{lasso\_\allowbreak{}equals\_\allowbreak{}reference} (Thm 2)}" in tex
    assert r"e_{1}\wedge e_{2}" in tex and r"- \frac{7}{3}" in tex and r"\sqrt{2}" in tex
    assert r"\[ \begin{pmatrix}3\\- \frac{4}{7}\end{pmatrix} \ne 0 \]" in tex
    assert r"\texttt{P\_Lasso = 2.63092 > 2.62710 = P\_NN}" in tex
    assert r"\item seed: $0$" in tex and r"\item cases: $40$" in tex
    assert "{'" not in tex and "total time 4.00" in tex  # 0.5 + 0.25 + 2.0 + 1.25 (the old key "time")
    assert "All 1 checks passed" in proofs_report_latex([PROOFS["checks"][1]])
    with pytest.raises(InvalidInputError):
        proofs_report_latex({"checks": "none"})


def test_proofs_document_compiles(tmp_path):
    text = proofs_document(PROOFS)
    assert text.isascii()
    _compile(tmp_path, "proofs", text)
    # and the JSON form of a report (what `python -m proofs_check --json` writes) works the same
    as_json = json.loads(json.dumps({"checks": PROOFS["checks"][:2] + [PROOFS["checks"][3]], "seed": 1}))
    _compile(tmp_path, "proofs_json", proofs_document(as_json, title="from JSON"))


# ------------------------------------------------------------------ compile_pdf and the CLI


def test_compile_error_is_one_clear_error(tmp_path):
    require_pdflatex()
    tex = write_latex(tmp_path / "bad.tex", latex_document(r"\[ \undefinedmacro{x} \]"))
    with pytest.raises(LatexError, match="Undefined control sequence"):
        compile_pdf(tex)
    assert not (tmp_path / "bad.pdf").exists()


def test_compile_without_pdflatex(tmp_path, monkeypatch):
    import shutil

    tex = write_latex(tmp_path / "a.tex", latex_document("x"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pdflatex_available() is False
    with pytest.raises(BackendNotInstalledError, match="texlive-latex-base"):
        compile_pdf(tex)


def test_write_latex_unwritable(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataFileError, match="cannot write"):
        write_latex(tmp_path / "file" / "sub" / "a.tex", "x")


def test_cli_fit_latex(tmp_path, cli):
    csv = cli.csv("x1,x2,y\n0,0,0\n2,0,1\n0,2,1\n1,1,3\n", "d.csv")
    out = tmp_path / "out" / "net.tex"
    report = cli.json("fit", csv, "--beta", "1/2", "--bias", "--latex", out, "--json", "-")
    text = out.read_text()
    assert report["optimal_value"] == "11/8" and r"P_{\mathrm{Lasso}} = \frac{11}{8}" in text
    assert [p.name for p in out.parent.iterdir()] == ["net.tex"]  # atomic: no temporary file left
    _compile(tmp_path / "out", "net", text)


def test_cli_fit_latex_unwritable(tmp_path, cli):
    csv = cli.csv("0,0,0\n2,0,1\n0,2,1\n1,1,3\n", "d.csv")
    (tmp_path / "file").write_text("x")
    code, _, err = cli.run("fit", csv, "--beta", "1/2", "--latex", tmp_path / "file" / "x.tex")
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err


def test_certificate_latex_takes_every_certificate_of_the_protocol(paper):
    """A streamed exact certificate prints as its materialized twin; an unknown object is refused."""
    from exactwedge import fit
    from exactwedge.latex import certificate_latex
    from exactwedge.stream.fit import fit_stream

    args = (paper.X, paper.y, paper.beta)
    materialized = certificate_latex(fit(*args, bias=True).certificate)
    streamed = certificate_latex(fit_stream(*args, bias=True, certify="exact", executor="serial").certificate)
    assert streamed == materialized
    assert "checked exactly, in rational arithmetic" in streamed
    with pytest.raises(InvalidInputError):
        certificate_latex(object())


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_classification_document_says_float_solve_and_its_conditions(loss):
    """Issue 13: a logistic or hinge document is not headed 'optimal', and lists the conditions it checked."""
    from exactwedge import fit
    from exactwedge.latex import fit_document

    res = fit([[0], [1], [2], [3]], [-1, 1, -1, 1], "1/10", bias=True, loss=loss)
    doc = fit_document(res)
    assert "optimal network" not in doc.lower() and f"float64 solve of the {loss}-loss program" in doc
    assert "generalized residual" in doc and "duality gap" in doc and "not a proof" in doc
    assert ("complementary slackness" in doc) == (loss == "hinge")
