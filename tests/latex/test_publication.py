"""Issue 15, publication-ready LaTeX: no overfull boxes, whole neurons, the forms, the fragment, the figure,
the exact-values appendix, and the proofs_check report.

The compile tests read pdflatex's own log. They skip without pdflatex on a developer machine and fail under
CI (``CI=true``), where scripts/bootstrap.sh installs texlive-latex-base and texlive-pictures.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
from fractions import Fraction as Q
from pathlib import Path

import pytest

from exactwedge import fit
from exactwedge.exceptions import InvalidInputError
from exactwedge.latex import (
    exact_values_latex,
    fit_document,
    fit_figure,
    fit_fragment,
    latex_document,
    latex_number,
    pdflatex_available,
    pgfplots_available,
    rounding_printer,
)
from exactwedge.latex.figure import clip_line


def _require(figure: bool = False) -> None:
    ok = pdflatex_available() and (not figure or pgfplots_available())
    if ok:
        return
    msg = ("pdflatex (texlive-latex-base)" + (" with pgfplots (texlive-pictures)" if figure else "")
           + " is missing: scripts/bootstrap.sh installs it (scripts/apt-packages.txt)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)


def _log(tmp_path: Path, text: str, name: str = "doc", figure: bool = False) -> str:
    """Run pdflatex once on ``text``; return its log (the run must succeed)."""
    _require(figure)
    (tmp_path / f"{name}.tex").write_text(text, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", f"{name}.tex"],
                          cwd=tmp_path, capture_output=True, timeout=300)
    log = (tmp_path / f"{name}.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-2000:]
    return log


def _overfull(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(("Overfull \\hbox", "Overfull \\vbox"))]


def _data(n: int, d: int, seed: int, fractional: bool):
    rnd = random.Random(seed)
    if fractional:  # long numerators: every weight and label is a long fraction
        X = [[Q(rnd.randint(-10**6, 10**6), rnd.randint(1, 10**4)) for _ in range(d)] for _ in range(n)]
        y = [Q(rnd.randint(-10**5, 10**5), rnd.randint(1, 999)) for _ in range(n)]
    else:
        X = [[Q(rnd.randint(-50, 50)) for _ in range(d)] for _ in range(n)]
        y = [Q(rnd.randint(-50, 50)) for _ in range(n)]
    return X, y


def _fit(n, d, bias, fractional, seed=1):
    X, y = _data(n, d, seed, fractional)
    res = fit(X, y, 100, bias=bias)
    assert len(res.network.units) >= 3  # several active neurons
    return res


def _neuron_blocks(tex: str) -> list[str]:
    return re.findall(r"\\begin\{minipage\}\{\\linewidth\}\n(\\textbf\{Neuron \d+\}.*?)\\end\{minipage\}", tex, re.S)


def _check_document(tmp_path: Path, res, **kw) -> str:
    tex = fit_document(res, **kw)
    log = _log(tmp_path, tex, figure=r"\usepackage{pgfplots}" in tex)
    assert _overfull(log) == []
    assert "Undefined control sequence" not in log
    # every neuron is one minipage (an unbreakable box), holding all of its equations
    blocks = _neuron_blocks(tex)
    assert len(blocks) == len(res.network.units) == tex.count(r"\textbf{Neuron ")
    for j, block in enumerate(blocks, start=1):
        assert block.startswith(rf"\textbf{{Neuron {j}}}") and rf"\alpha_{{{j}}} &= " in block
    # the data table never leaves one row alone: no page break after its first row or before its last
    data = tex[tex.index(r"\section*{The data}"):]
    rows = re.findall(r"^\d+ & .*$", data, re.M)
    assert rows[0].endswith(r"\\*") and rows[-2].endswith(r"\\*") and rows[-1].endswith(r"\\")
    return tex


def test_thirty_points_in_the_plane_with_bias(tmp_path):
    """The issue's case: 30 points in R², with bias: no overfull box, neurons whole, and the figure."""
    res = _fit(30, 2, True, False)
    tex = _check_document(tmp_path, res)
    assert r"\begin{tikzpicture}" in tex and r"\section*{The dictionary}" not in tex  # active neurons only


@pytest.mark.slow
@pytest.mark.parametrize("n,d", [(30, 2), (20, 3)])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("fractional", [False, True])
def test_no_overfull_box(tmp_path, n, d, bias, fractional):
    res = _fit(n, d, bias, fractional, seed=n + d)
    for form in ("both",) if not fractional else ("both", "closed", "values"):
        _check_document(tmp_path, res, form=form)


@pytest.mark.slow
def test_full_dictionary_on_request(tmp_path):
    res = _fit(20, 3, True, True, seed=5)
    tex = _check_document(tmp_path, res, dictionary="all")
    assert f"{len(res.dictionary)} columns" in tex


def test_forms_say_what_they_claim():
    res = _fit(30, 2, True, False)
    docs = {form: fit_document(res, form=form, figure=False, data="none") for form in ("closed", "values", "both")}
    for j, u in enumerate(res.network.units, start=1):
        anchor, samples = u.provenance["anchor"], u.provenance["samples"]
        names = [f"x_{{{s + 1}}} - x_{{{anchor + 1}}}" if isinstance(s, int) else f"e_{{{s[1:]}}}" for s in samples]
        for form in ("closed", "both"):
            block = _neuron_blocks(docs[form])[j - 1]
            assert all(name in block for name in names)  # 1-based, as in the papers
            assert r"\star" in block and rf"b_{{{j}}} &= -w_{{{j}}}\cdot x_{{{anchor + 1}}}" in block
        value_block = _neuron_blocks(docs["values"])[j - 1]
        assert r"\star" not in value_block and r"\begin{pmatrix}" in value_block
        assert (r"\begin{pmatrix}" in _neuron_blocks(docs["closed"])[j - 1]) is False
    assert r"\ewround" in docs["both"] or all(len(str(abs(u.alpha))) <= 16 for u in res.network.units)
    with pytest.raises(InvalidInputError):
        fit_document(res, form="pretty")


_ROW = re.compile(r"^(?:\$\\langle (\d+)\\rangle\$ & \$.*?\$| &) & ([-$/0-9]*?)\\\\\*?$", re.M)


def _appendix(tex: str) -> dict[int, Q]:
    """The exact-values table, parsed back (an entry's row, then its continuation rows): entry → Fraction."""
    text: dict[int, str] = {}
    k = None
    for entry, digits in _ROW.findall(tex):
        if entry:
            k = int(entry)
            text[k] = ""
        text[k] += digits
    return {k: Q(v.replace("$-$", "-")) for k, v in text.items()}


def test_values_appendix_holds_the_exact_numbers():
    res = _fit(20, 3, True, True, seed=3)
    tex = fit_document(res, form="values", figure=False)
    table = _appendix(tex)
    assert table and sorted(table) == list(range(1, len(table) + 1))
    # every long number of the network is in the table, exactly, and the text shows its rounded decimal
    marks = {int(k): dec for dec, k in re.findall(r"\\ewround\{(?:\{-\})?([^{}]*?)\}\{(\d+)\}", tex)}
    longs = [abs(u.alpha) for u in res.network.units] + [abs(c) for u in res.network.units for c in u.w]
    longs = [Q(v) for v in longs if len(str(Q(v))) > 16]
    assert longs
    inverse = {v: k for k, v in table.items()}
    for v in longs:
        k = inverse[v]
        assert float(marks[k]) == pytest.approx(float(v), rel=1e-5)


def test_long_fraction_breaks_across_rows(tmp_path):
    p = rounding_printer()
    q = Q(10**300 + 7, 3 * 10**160 + 1)  # 463 characters: 8 table rows
    shown = latex_number(-q, p)
    assert shown.startswith(r"\ewround{{-}3.33333 \cdot 10^{139}}")
    tex = latex_document(r"\[ x = " + shown + r" \]" + "\n\n" + exact_values_latex(p))
    assert _appendix(tex) == {1: q}
    assert _overfull(_log(tmp_path, tex)) == []


def test_fragment_compiles_when_input(tmp_path):
    res = _fit(30, 2, True, True)
    for form in ("closed", "values", "both"):
        frag = fit_fragment(res, form=form)
        assert r"\documentclass" not in frag and r"\begin{document}" not in frag
        assert frag.count(r"\begin{align}") == 1 and r"\label{eq:exactwedge-network}" in frag
        (tmp_path / f"net-{form}.tex").write_text(frag)
        paper = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
                 f"As in~\\eqref{{eq:exactwedge-network}}:\n\\input{{net-{form}}}\n\\end{{document}}\n")
        log = _log(tmp_path, paper, name=f"paper-{form}")
        assert "Undefined control sequence" not in log and "! " not in log
        assert _overfull(log) == []  # in article's default (narrow) text width
        # the exact values of the rounded numbers are in the fragment, as comments
        exact = dict(re.findall(r"^% <(\d+)> = (\S+)$", frag, re.M))
        assert exact and all(Q(v) for v in exact.values())


def test_figure_two_d_names_the_hyperplanes(tmp_path):
    res = _fit(30, 2, True, False)
    tex = fit_figure(res)
    drawn = re.findall(r"\{\$H_\{(\d+)\}\$", tex)
    assert drawn and set(map(int, drawn)) <= set(range(1, len(res.network.units) + 1))
    u = res.network.units[int(drawn[0]) - 1]
    names = ",".join([f"x_{{{u.provenance['anchor'] + 1}}}"] + [
        f"x_{{{s + 1}}}" if isinstance(s, int) else f"e_{{{s[1:]}}}" for s in u.provenance["samples"]])
    assert f"$({names})$" in tex
    assert r"\fill[blue!12]" in tex and r"\fill[red!12]" in tex
    log = _log(tmp_path, latex_document(tex, figure=True), figure=True)
    assert _overfull(log) == []


def test_figure_one_d_has_the_breakpoints(tmp_path):
    X, y = _data(12, 1, 5, False)
    res = fit(X, y, 10, bias=True)
    tex = fit_figure(res)
    kinks = sorted({-u.b / u.w[0] for u in res.network.units})
    assert tex.count(r"\draw[densely dotted") == len(kinks)
    coords = re.search(r"\\addplot\[thick, blue\] coordinates \{(.*?)\};", tex).group(1)
    xs = [float(c.split(",")[0]) for c in re.findall(r"\(([^)]*)\)", coords)]
    assert [pytest.approx(float(k), rel=1e-5) for k in kinks] == xs[1:-1]
    log = _log(tmp_path, latex_document(tex, figure=True), figure=True)
    assert _overfull(log) == []
    with pytest.raises(InvalidInputError):
        fit_figure(fit([[0, 0, 1], [1, 0, 0], [0, 1, 1]], [0, 1, 2], 1))


def test_clip_line_is_exact_and_inside_the_box():
    rnd = random.Random(0)
    box = (Q(-3), Q(5), Q(-2), Q(7, 2))
    for _ in range(200):
        w = [Q(rnd.randint(-5, 5), rnd.randint(1, 4)) for _ in range(2)]
        b = Q(rnd.randint(-9, 9), rnd.randint(1, 3))
        if w == [0, 0]:
            continue
        seg = clip_line(w, b, box)
        if seg is None:
            continue
        for x, y in seg:
            assert w[0] * x + w[1] * y + b == 0
            assert box[0] <= x <= box[1] and box[2] <= y <= box[3]
            assert x in box[:2] or y in box[2:]  # on the boundary


def test_proofs_check_latex_times_and_symbolic(tmp_path):
    from exactwedge.latex import proofs_report_latex
    from proofs_check import run_check
    from proofs_check._report import report_json

    results = [run_check("app61_cross_product", cases=1), run_check("lemma20_lasso_duality", cases=1)]
    report = json.loads(report_json(results, seed=0, cases=1, thorough=False, pattern=None, seconds=1.5))
    tex = proofs_report_latex(report)
    times = [float(t) for t in re.findall(r"& (\d+\.\d\d)\\,s\\\\", tex)]
    assert len(times) == 2 and sum(times) > 0
    assert "total time 1.50" in tex
    symbolic = [c for c in report["checks"] if c["proved_symbolic_dims"]]
    assert tex.count(r"\textbf{symbolic proof}") == len(symbolic) + 1  # and once in the legend
    assert "{'" not in tex and "[{" not in tex


def test_proofs_evidence_kinds():
    """Symbolic in named dimensions or for any d (0), exact sampled cases, float64 cases, a user's data."""
    from exactwedge.latex import proofs_report_latex

    checks = [{"name": "a", "status": "PASS", "cases": 2, "seconds": 0.1, "proved_symbolic_dims": [0, 2, 3]},
              {"name": "b", "status": "PASS", "cases": 3, "seconds": 0.1, "details": {"float": True}},
              {"name": "c", "status": "PASS", "cases": 1, "seconds": 0.1, "details": {"data": "my.csv"}},
              {"name": "d", "status": "PASS", "cases": 1, "seconds": 0.1}]
    rows = proofs_report_latex(checks).splitlines()[6:10]
    assert r"\textbf{symbolic proof}, any $d$ and $d \in \{2, 3\}$; 2 sampled exact cases" in rows[0]
    assert "3 seeded cases in float64 (not exact)" in rows[1]
    assert "exact checks on my.csv" in rows[2] and "1 sampled exact case &" in rows[3]


def test_cli_latex_options(tmp_path, cli):
    X, y = _data(12, 2, 9, False)
    csv = cli.csv("".join(",".join(str(v) for v in row + [t]) + "\n" for row, t in zip(X, y)), "d.csv")
    tex, frag = tmp_path / "net.tex", tmp_path / "frag.tex"
    code, _, err = cli.run("fit", csv, "--beta", "10", "--bias", "--latex", tex, "--latex-form", "closed",
                           "--latex-fragment", frag)
    assert code == 0, err
    assert r"\begin{align}" in frag.read_text() and r"\documentclass" not in frag.read_text()
    assert r"\star" in tex.read_text() and r"\section*{The dictionary}" not in tex.read_text()
    code, _, err = cli.run("fit", csv, "--beta", "10", "--bias", "--latex", tex, "--latex-dictionary")
    assert code == 0 and r"\section*{The dictionary}" in tex.read_text()
    for args, msg in ((["--latex-form", "values"], "--latex-form is for --latex"),
                      (["--latex-dictionary"], "--latex-dictionary is for --latex"),
                      (["--latex-fragment", csv], "refusing to overwrite an input"),
                      (["--latex-fragment", tex, "--latex", tex], "same file"),
                      (["--interpolate", "--latex-fragment", frag], "not available with --interpolate")):
        beta = [] if "--interpolate" in args else ["--beta", "10"]
        code, _, err = cli.run("fit", csv, *beta, *args)
        assert code == 2 and err.count("\n") == 1 and msg in err, err


def test_cli_latex_pdf_compiles(tmp_path, cli):
    _require(figure=True)
    X, y = _data(10, 2, 4, False)
    csv = cli.csv("".join(",".join(str(v) for v in row + [t]) + "\n" for row, t in zip(X, y)), "d.csv")
    pdf = tmp_path / "net.pdf"
    code, _, err = cli.run("fit", csv, "--beta", "5", "--bias", "--latex", pdf)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_picture_past_float_range_is_left_out_of_the_document_and_refused_when_asked_for():
    from fractions import Fraction

    from exactwedge import fit
    from exactwedge.exceptions import TooLargeError
    from exactwedge.latex import fit_document, fit_figure

    big = Fraction(10) ** 400
    res = fit([[0], [big], [2 * big]], [0, 1, 0], 1, bias=True)
    with pytest.raises(TooLargeError, match="beyond float range"):
        fit_figure(res)
    assert r"\section*{The picture}" not in fit_document(res)
    with pytest.raises(TooLargeError):
        fit_document(res, figure=True)
    small = fit([[0], [1], [2]], [0, 1, 0], 1, bias=True)
    assert r"\section*{The picture}" in fit_document(small)
