"""The lessons of docs/notebooks/: each runs top to bottom in a fresh kernel, and its key outputs are the library's.

The notebooks are stored with their outputs stripped. Executing one runs its
``assert`` cells, so a lesson that no longer matches the library fails here.
Then specific cells (found by their tag) must show values computed here by
the library, not typed in. Execution uses the ``python3`` kernel that
ipykernel installs into the same environment (the ``docs`` extra), through
the same function the mkdocs hook uses to render the lessons.
"""

from __future__ import annotations

import importlib.util
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"
LESSONS = ["01-wedge", "02-hodge-cross", "03-distances-neurons", "04-convex-network", "05-exact-vs-float",
           "06-reflections-deep"]


def _hook():
    spec = importlib.util.spec_from_file_location("exactwedge_docs_notebooks_test", ROOT / "docs" / "mkdocs_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _raw(stem: str) -> dict:
    return json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def test_the_lessons_are_the_notebooks_on_disk_in_the_nav_and_the_index():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == LESSONS
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for stem in LESSONS:
        assert f"notebooks/{stem}.md" in nav, stem
        assert f"](notebooks/{stem}.md)" in index, stem


@pytest.mark.parametrize("stem", LESSONS)
def test_each_lesson_is_stripped_teaches_and_checks(stem):
    nb = _raw(stem)
    assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    prose = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    for c in code:  # stored without outputs: the site and the tests execute them
        assert c["outputs"] == [] and c["execution_count"] is None and "execution" not in c["metadata"], \
            f"python docs/mkdocs_notebooks.py --strip: {''.join(c['source'])[:80]}"
    text = "\n".join("".join(c["source"]) for c in code)
    assert "import exactwedge as ew" in text
    assert text.count("assert ") >= 4, "a lesson checks its key outputs as it runs"
    assert any("figure" in c["metadata"].get("tags", []) for c in code), "a lesson shows a figure"
    assert any("$" in "".join(c["source"]) for c in prose), "a lesson writes its mathematics in LaTeX"


@pytest.fixture(scope="module")
def executed():
    for name in ("nbclient", "nbformat", "ipykernel"):
        if importlib.util.find_spec(name) is None:
            msg = f"{name} is missing: pip install -e '.[docs]'"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(msg)
            pytest.skip(msg)
    pytest.importorskip("matplotlib")
    hook = _hook()
    cache: dict = {}

    def run(stem: str):
        if stem not in cache:
            cache[stem] = hook.execute(NOTEBOOKS / f"{stem}.ipynb", timeout=300)
        return cache[stem]

    return run


def _output(nb, tag: str) -> dict:
    """The mime bundle (text outputs joined) of the cell tagged ``tag``."""
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert cells, tag
    bundle: dict = {}
    for out in cells[0].outputs:
        assert out.output_type != "error", out
        if out.output_type == "stream":
            bundle["stream"] = bundle.get("stream", "") + out.text
        else:
            bundle.update(out.get("data", {}))
    return bundle


def _shown(nb, tag: str) -> str:
    """The cell's text/plain result with IPython's pretty-printing line breaks undone (one space between items)."""
    return " ".join(_output(nb, tag)["text/plain"].split())


def _flat(value) -> str:
    return " ".join(repr(value).split())


def _figures(nb) -> int:
    return sum("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)


@pytest.mark.slow
@pytest.mark.parametrize("stem", LESSONS)
def test_each_lesson_runs_and_shows_its_figures(executed, stem):
    nb = executed(stem)
    tagged = [c for c in nb.cells if "figure" in c.metadata.get("tags", [])]
    for c in tagged:
        assert any("image/png" in out.get("data", {}) for out in c.outputs), c.source
    assert _figures(nb) >= len(tagged) >= 1


@pytest.mark.slow
def test_lesson_1_wedge_and_area(executed):
    import exactwedge as ew

    nb = executed("01-wedge")
    assert _shown(nb, "wedge") == _flat(ew.Vector(3, 1) ^ ew.Vector(1, 2))
    assert _shown(nb, "area") == _flat(ew.signed_volume([3, 1], [1, 2]))
    assert _shown(nb, "swap") == _flat(ew.Vector(1, 2) ^ ew.Vector(3, 1))
    sides = {k: ew.triangle_area([0, 0], [4, 2], r) for k, r in {"above": [1, 3], "on": [2, 1], "below": [3, 0]}.items()}
    assert _shown(nb, "sides") == _flat(sides)


@pytest.mark.slow
def test_lesson_2_hodge_and_cross(executed):
    import exactwedge as ew

    nb = executed("02-hodge-cross")
    assert _shown(nb, "hodge3") == _flat(ew.hodge(ew.wedge([1, 0, 0], [0, 1, 0])))
    star = ew.hodge([3, 1])
    assert _shown(nb, "quarter") == _flat((star, ew.signed_volume([3, 1], star)))
    assert _shown(nb, "cross3") == _flat(ew.cross([1, 2, 3], [4, 5, 6]))
    assert _shown(nb, "sign") == _flat((ew.cross([3, 1]), ew.hodge([3, 1])))


@pytest.mark.slow
def test_lesson_3_distances_and_a_neuron(executed):
    import exactwedge as ew
    from exactwedge.datasets import spiral

    nb = executed("03-distances-neurons")
    assert _shown(nb, "span") == _flat(ew.distance_to_span([1, 2, 2], [[1, 0, 0]]))
    assert _shown(nb, "affine") == _flat(ew.distance_to_affine_hull([1, 3], [[0, 0], [4, 2]]))
    X, _ = spiral()
    D = ew.dictionary(X, bias=True)
    assert _shown(nb, "neuron") == _flat(D.neuron(26).label())
    assert _shown(nb, "column") == _flat(D.column(26))


@pytest.mark.slow
def test_lesson_4_the_convex_network(executed):
    import exactwedge as ew
    from exactwedge.datasets import spiral
    from exactwedge.numbers import format_exact

    nb = executed("04-convex-network")
    X, y = [0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3]
    D = ew.dictionary(X, bias=True)
    assert _shown(nb, "dictionary") == _flat([D.neuron(j).label() for j in range(len(D))])
    sol = ew.solve_lasso(D, y, "1/10", intercept=True)
    assert format_exact(sol.value) in _output(nb, "lasso")["text/html"]
    assert "holds" in _output(nb, "certificate")["text/html"] and sol.certificate.holds
    res = ew.fit(X, y, "1/10", bias=True)
    fit_html = _output(nb, "fit")["text/html"]
    assert format_exact(res.value) in fit_html and all(u.label in fit_html for u in res.network.units)
    Xs, ys = spiral()
    assert _output(nb, "spiral")["text/latex"] == ew.fit(Xs, ys, "1/10", bias=True).network._repr_latex_()


@pytest.mark.slow
def test_lesson_5_exact_versus_float(executed):
    import exactwedge as ew

    nb = executed("05-exact-vs-float")
    exact_area = ew.triangle_area(["0.1", "0.03"], ["0.2", "0.06"], ["0.3", "0.09"])
    assert _shown(nb, "collinear").endswith(f"{exact_area!r})")
    with pytest.raises(ew.NonExactInputError) as err:
        ew.triangle_area([0.1, 0.03], [0.2, 0.06], [0.3, 0.09])
    assert _output(nb, "refuse")["stream"].strip() == str(err.value)
    sol = ew.solve_lasso(ew.dictionary([0, 4, 5, 7, 10, 11], bias=True), [0, 0, 0, 2, 3, 3], "1/10", intercept=True)
    assert f"'exactwedge (exact)': {sol.value!r}" in _shown(nb, "values")
    assert f"'exact': {sol.support!r}" in _shown(nb, "supports")
    assert "'sklearn'" in _shown(nb, "path")


@pytest.mark.slow
def test_lesson_6_reflections_and_deep_networks(executed):
    import exactwedge as ew
    from exactwedge.deep import fit_deep

    nb = executed("06-reflections-deep")
    X, y = [0, 1, 2, 4], [0, 2, 1, 0]
    two = ew.fit(X, y, "1/20", bias=True, activation="abs")
    assert _shown(nb, "abs2") == _flat([(u.label, u.alpha) for u in two.network.units])
    assert _shown(nb, "sandwich") == _flat(ew.reflect(ew.MultiVector([1, 2]), [1, 1]))
    assert _shown(nb, "reflect") == _flat(2 * Fraction(X[2]) - X[1])
    deep = fit_deep(X, y, "1/20", depth=3, activation="abs")
    shown = _shown(nb, "deep")
    assert shown == _flat((deep.value, [u["label"] for u in deep.to_json()["neurons"]]))
    assert "2x2 - x1 = 3" in shown and deep.certificate.holds
    assert _shown(nb, "compare") == _flat((two.value, deep.value))
    assert deep.value < two.value == ew.fit(X, y, Fraction(1, 20), bias=True, activation="abs").value


@pytest.mark.slow
def test_strip_outputs_undoes_an_execution(executed, tmp_path):
    import shutil

    copy = tmp_path / "01-wedge.ipynb"
    shutil.copy(NOTEBOOKS / "01-wedge.ipynb", copy)
    import nbformat

    nbformat.write(executed("01-wedge"), copy)
    hook = _hook()
    assert hook.strip_outputs(copy) is True and hook.strip_outputs(copy) is False
    assert json.loads(copy.read_text(encoding="utf-8"))["cells"] == _raw("01-wedge")["cells"]


def test_the_hook_renders_an_executed_lesson_as_a_page():
    nbformat = pytest.importorskip("nbformat")
    hook = _hook()
    nb = nbformat.read(NOTEBOOKS / "01-wedge.ipynb", as_version=4)
    png = "iVBORw0KGgo="  # the PNG signature, base64
    for cell in nb.cells:
        if "figure" in cell.metadata.get("tags", []):
            cell.outputs = [nbformat.v4.new_output("display_data", {"image/png": png, "text/plain": "<Figure>"})]
    md, images = hook.to_markdown(nb, "01-wedge")
    assert md.startswith("[Download this notebook](01-wedge.ipynb)")
    assert "# Lesson 1: the wedge product and signed area" in md and "```python\nfrom fractions import Fraction" in md
    assert list(images) == ["01-wedge/out-5-0.png"] and images["01-wedge/out-5-0.png"].startswith(b"\x89PNG")
    assert "![output](01-wedge/out-5-0.png)" in md


@pytest.mark.slow
def test_execution_uses_this_interpreter_and_a_failing_assert_fails(executed, tmp_path):
    import sys

    import nbformat
    from nbclient.exceptions import CellExecutionError

    good = tmp_path / "good.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, sys\nprint(sys.executable)\nprint(os.getcwd())")]), good)
    shown = _hook().execute(good).cells[0].outputs[0].text.split("\n")
    assert Path(shown[0]).resolve() == Path(sys.executable).resolve() and Path(shown[1]) == tmp_path
    bad = tmp_path / "bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import exactwedge as ew\nassert ew.signed_volume([3, 1], [1, 2]) == 6")]), bad)
    with pytest.raises(CellExecutionError, match="AssertionError"):
        _hook().execute(bad)
