"""Rich display in notebooks: every public object shows as LaTeX or as short, valid, escaped HTML."""

from __future__ import annotations

import random
from fractions import Fraction as Q
from html.parser import HTMLParser

import pytest
import sympy

import proofs_check
from exactwedge import Vector, dictionary, fit, wedge
from exactwedge.cli.report import render_fit
from exactwedge.lasso import lasso_path, solve_float, solve_lasso
from exactwedge.lasso.display import solution_facts
from exactwedge.network import Network, Unit
from exactwedge.numbers.display import MAX_ROWS, abbreviate, html_card, html_escape, html_table

VOID = {"br", "hr", "img", "meta", "input", "col"}


class _Strict(HTMLParser):
    """Parses HTML and records every structural error: unclosed, stray or misnested tags, raw ``<``/``&``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if "<" in data or ">" in data:
            self.errors.append(f"raw angle bracket in {data!r}")
        self.text.append(data)

    def handle_entityref(self, name):
        self.text.append(f"&{name};")

    def handle_charref(self, name):
        self.text.append(f"&#{name};")

    def unknown_decl(self, data):  # pragma: no cover - only on broken input
        self.errors.append(f"declaration {data!r}")


def parse(html: str) -> str:
    """The visible text of ``html``; fails on any structural error."""
    p = _Strict()
    p.feed(html)
    p.close()
    assert not p.errors, p.errors
    assert not p.stack, f"unclosed {p.stack}"
    import html as _html

    return _html.unescape("".join(p.text))


def _long_fit(n: int, d: int, seed: int = 3):
    rng = random.Random(seed)
    X = [[Q(rng.randint(-999, 999), rng.randint(1, 997)) for _ in range(d)] for _ in range(n)]
    y = [Q(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(n)]
    return fit(X, y, "1/1000")


@pytest.fixture(scope="module")
def small():
    return fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)


@pytest.fixture(scope="module")
def long_fit():
    return _long_fit(30, 2)


# ---------------------------------------------------------------- helpers
def test_escaping_is_applied_to_every_text():
    card = html_card("<b>t</b>", [("a&b", "<script>x</script>")], table=html_table(["<h>"], [["x < y"]]),
                     notes=["'q' & \"r\""])
    text = parse(card)
    assert "<script>" not in card and "<b>t</b>" not in card
    assert "<script>x</script>" in text and "x < y" in text and "'q' & \"r\"" in text
    assert html_escape("<&>") == "&lt;&amp;&gt;"


def test_abbreviation_counts_the_digits():
    q = Q(7**300 + 1, 3**200)
    a = abbreviate(q)
    digits = len(str(q.numerator)) + len(str(q.denominator))
    assert a.startswith("≈ ") and f"({digits:,}-digit fraction)" in a
    assert float(a.split()[1]) == pytest.approx(float(q), rel=1e-5)
    big = Q(10) ** 5000 + 1  # past float range and past CPython's 4,300-digit str() guard
    assert abbreviate(big) == "≈ 1e+5000 (5,001-digit integer)"
    assert abbreviate(Q(-1, 3)) == "-1/3"


# ---------------------------------------------------------------- LaTeX of the mathematical objects
def test_latex_of_the_mathematical_objects(small):
    v = Vector(1, "-2/3", 5)
    B = wedge([1, 2, 0], [0, 1, 1])
    nr = dictionary([[1, 2], [3, 1], [0, 1]], bias=True).neuron(1)
    for obj in (v, B, nr):
        assert obj._repr_latex_() == "$" + sympy.latex(obj) + "$"
    net = small.network
    assert net._repr_latex_() == "$$" + sympy.latex(net) + "$$"
    assert r"\frac{19}{10}" in net._repr_latex_()


def test_network_latex_writes_long_weights_as_decimals_and_says_so(long_fit):
    tex = long_fit.network._repr_latex_()
    assert tex.startswith("$$") and tex.endswith("$$") and "decimals" in tex
    assert len(tex) < len(sympy.latex(long_fit.network)) / 3


# ---------------------------------------------------------------- HTML of results
def test_fit_html_shows_value_verdict_and_neurons(small):
    text = parse(small._repr_html_())
    assert str(small.value) in text
    assert f"holds: {small.certificate.kind}" in text
    assert "Optimal two-layer network" in text
    for u in small.network.units:
        assert u.label in text


def test_float_fit_html_does_not_claim_a_proof():
    res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True, norm=2)
    text = parse(res._repr_html_())
    assert "not a proof" in text and "Optimal" not in text
    assert "upper bound" in text


def test_long_fit_html_is_short_and_says_where_the_exact_value_is(long_fit):
    html = long_fit._repr_html_()
    text = parse(html)
    q = long_fit.value
    digits = len(str(q.numerator)) + len(str(q.denominator))
    assert digits > 500 and f"{digits:,}-digit fraction" in text and "res.value" in text
    assert len(html.encode()) < 5000
    k = len(long_fit.network.units)
    assert k > MAX_ROWS and f"{k - MAX_ROWS} more neurons" in text
    assert len(repr(long_fit)) < 200 and f"{digits:,}-digit" in repr(long_fit)


@pytest.mark.slow
def test_html_stays_short_for_n_120_in_r3():
    rng = random.Random(1)
    X = [[Q(rng.randint(-50, 50), rng.randint(1, 9)) for _ in range(3)] for _ in range(120)]
    y = [Q(rng.randint(-9, 9), rng.randint(1, 5)) for _ in range(120)]
    res = fit(X, y, "1/100")
    assert len(res.network.units) > 90
    html = res._repr_html_()
    assert len(html.encode()) < 5000 and "-digit fraction" in parse(html)
    assert len(repr(res)) < 200


def test_summary_is_the_cli_report(small):
    import io

    from rich.console import Console

    buf = io.StringIO()
    render_fit(small.to_json(), Console(file=buf, width=400))
    assert buf.getvalue().rstrip("\n") == small.summary()


def test_lasso_solution_path_certificate_dictionary_and_checks():
    sol = solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")
    text = parse(sol._repr_html_())
    assert str(sol.value) in text and "holds: exact KKT" in text
    assert sol.summary().splitlines()[1:] == [f"{k}: {v}" for k, v in solution_facts(sol)]
    assert len(repr(sol)) < 120
    fl = solve_float([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")
    text = parse(fl._repr_html_())
    assert "not proved optimal" in text and "not a proof" in text and "value (float64)" in text
    assert fl.summary().splitlines()[0] == "Lasso solution from a float solve (not proved optimal)"

    path = lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10")
    text = parse(path._repr_html_())
    assert all(str(k.value) in text for k in path.knots)

    for cert in (sol.certificate, fit([0, 1, 2], [0, 0, 1], 1, bias=True, norm=2).certificate):
        text = parse(cert._repr_html_())
        assert cert.kind in text and ("holds" if cert.holds else "FAILS") in text

    D = dictionary([[1, 2], [3, 1], [0, 1], [2, 2]], bias=True)
    text = parse(D._repr_html_())
    assert f"{len(D)} columns" in text and D.neuron(0).label() in text

    rep = proofs_check.run_checks("lemma 21", cases=1)
    assert isinstance(rep, list) and isinstance(rep, proofs_check.CheckReport)
    text = parse(rep._repr_html_())
    assert rep[0].check.name in text and "1/1 PASS" in text
    assert rep[0].check.name in parse(rep[0]._repr_html_())
    assert "PASS" in rep.summary()


def test_a_failing_check_shows_its_counterexample():
    from proofs_check import run_check

    res = run_check("lemma20_lasso_duality", cases=2, mutate={"residual": lambda v: v * 2})
    assert res.status == "FAIL"
    text = parse(res._repr_html_())
    assert "0/1 PASS" in text and "FAIL lemma20_lasso_duality: smallest counterexample" in text


# ---------------------------------------------------------------- figures and IPython
def test_plot_methods_return_figures_that_display_themselves(small):
    from matplotlib.figure import Figure

    res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    figs = [res.plot(grid=20), res.network.plot(res.X, res.y, grid=20),
            lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10").plot()]
    for fig in figs:
        assert isinstance(fig, Figure)
        assert fig._repr_png_()[1:4] == b"PNG"


def test_ipython_formatter_picks_every_object_up(small):
    IPython = pytest.importorskip("IPython")
    from IPython.core.formatters import DisplayFormatter

    fmt = DisplayFormatter()
    sol = solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")
    latex_objs = [Vector(1, 2), wedge([1, 0, 0], [0, 1, 0]), small.dictionary.neuron(0), small.network]
    html_objs = [small, small.dictionary, small.certificate, sol, lasso_path([[1, 0], [0, 1]], [2, 1], "1/2"),
                 proofs_check.run_checks("lemma 21", cases=1)]
    for obj in latex_objs:
        data, _ = fmt.format(obj)
        assert data["text/latex"] == obj._repr_latex_()
    for obj in html_objs:
        data, _ = fmt.format(obj)
        assert data["text/html"] == obj._repr_html_()
        assert len(data["text/plain"]) < 400  # the plain repr stays short too
    data, _ = fmt.format(small.path().plot())
    assert data["image/png"][1:4] == b"PNG"
    assert IPython.__version__
