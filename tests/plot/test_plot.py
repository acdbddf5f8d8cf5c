"""exactwedge.plot: lazy matplotlib, figures that show the exact facts, atomic PNG/SVG, and the demo's files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction as Q

import pytest

pytest.importorskip("matplotlib")

from matplotlib.colors import to_hex  # noqa: E402

from exactwedge import dictionary, fit, triangle_area  # noqa: E402
from exactwedge.cli.main import main  # noqa: E402
from exactwedge.datasets import spiral  # noqa: E402
from exactwedge.exceptions import DimensionError, InvalidInputError  # noqa: E402
from exactwedge.latex import pdflatex_available  # noqa: E402
from exactwedge.plot import (  # noqa: E402
    plot_decision,
    plot_neuron,
    plot_neurons,
    plot_shoelace,
    plot_signed_triangles,
    plot_wedge,
    save_figure,
)
from exactwedge.plot._common import NEGATIVE, POSITIVE  # noqa: E402


def test_import_is_light_and_pyplot_untouched():
    code = ("import sys, exactwedge.plot\n"
            "a = 'matplotlib' in sys.modules\n"
            "from exactwedge.plot import plot_wedge, save_figure\n"
            "import tempfile, os\n"
            "save_figure(plot_wedge([1, 0], [0, 1]), os.path.join(tempfile.mkdtemp(), 'w.png'))\n"
            "print(a, 'matplotlib.pyplot' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def _facecolors(ax):
    return [to_hex(p.get_facecolor()[:3]) for p in ax.patches]


def test_wedge_colour_is_the_sign():
    ax = plot_wedge([3, 1], [1, 2]).axes[0]
    assert _facecolors(ax) == [POSITIVE]
    ax = plot_wedge([1, 2], [3, 1]).axes[0]
    assert _facecolors(ax) == [NEGATIVE] and "−5" in ax.get_title()
    assert "= 0" in plot_wedge([1, 2], [2, 4]).axes[0].get_title()
    with pytest.raises(DimensionError):
        plot_wedge([1, 2, 3], [1, 0, 0])


def test_shoelace_parts_add_up():
    fig = plot_shoelace([1, 1], [4, 2], [2, 4])
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts if t.get_text().startswith("½")]
    assert texts == ["½a∧b\n= −1", "½b∧c\n= 6", "½c∧a\n= −1"]
    assert _facecolors(ax)[:3] == [NEGATIVE, POSITIVE, NEGATIVE]
    assert ax.get_title().endswith("= 4") and triangle_area([1, 1], [4, 2], [2, 4]) == 4


def test_signed_triangles_match_exact_orientation():
    X, y = spiral()
    fig = plot_signed_triangles(X, y=y)
    ax = fig.axes[0]
    signs = [triangle_area(X[0], X[1], X[k]) for k in range(2, len(X))]
    assert _facecolors(ax) == [POSITIVE if s > 0 else NEGATIVE for s in signs]
    assert "7 counter-clockwise, 3 clockwise, 0 degenerate" in ax.get_title()
    fig = plot_signed_triangles([[0, 0], [1, 1], [2, 2], [0, 1]], triangles=[(0, 1, 2), (0, 1, 3)], annotate=False)
    assert "1 counter-clockwise, 0 clockwise, 1 degenerate" in fig.axes[0].get_title()
    with pytest.raises(InvalidInputError):
        plot_signed_triangles(X, triangles=[(0, 1, 99)])
    with pytest.raises(DimensionError):
        plot_signed_triangles(X, y=[1, 2])


def test_neuron_half_plane_contains_the_active_samples():
    X, y = spiral()
    D = dictionary(X, bias=True)
    nr = D.neuron(26)
    fig = plot_neuron(X, nr, y=y)
    ax = fig.axes[0]
    from matplotlib.path import Path

    poly = Path(ax.patches[0].get_xy())
    for x in X:
        pre = sum(a * b for a, b in zip(x, nr.w)) + nr.b
        if pre != 0:
            assert poly.contains_point((float(x[0]), float(x[1]))) == (pre > 0)
    assert ax.get_title().startswith("w = +cross(x2 − x1)/‖·‖₁ = (−3/5, 2/5)")
    with pytest.raises(DimensionError):
        plot_neuron([[1, 2, 3], [0, 1, 0]], dictionary([[1, 2, 3], [0, 1, 0]]).neuron(0))
    with pytest.raises(InvalidInputError):
        plot_neuron(X, "neuron")


def test_neurons_grid_and_decision():
    X, y = spiral()
    res = fit(X, y, "1/10", bias=True)
    fig = plot_neurons(X, res.network, y=y, columns=4)
    assert sum(a.get_visible() for a in fig.axes) == len(res.network.units) == 8
    fig = plot_decision(res, grid=60)
    ax, cbar = fig.axes
    assert ax.get_title() == "f(x): 8 neurons, P = 241463/162000 (exact), 12 samples"
    assert len(ax.collections) >= 2  # the filled contour and the zero set
    # the network is exact; the figure evaluates its float export, which agrees at the samples
    exact = res.predict(X)
    assert [round(float(v), 12) for v in exact] == [round(v, 12) for v in res.network.predict_float(X)]
    with pytest.raises(InvalidInputError):
        plot_decision(res.network)
    with pytest.raises(InvalidInputError):
        plot_neurons(X, [])


def test_decision_refuses_wrong_shapes():
    resv = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [[0, 1], [1, 0], [1, 1], [3, 0]], "1/2", bias=True)
    with pytest.raises(DimensionError):
        plot_decision(resv)
    res4 = fit([[0, 0, 1, 0], [2, 0, 1, 0], [0, 2, 1, 0], [1, 1, 2, 1]], [0, 1, 1, 3], "1/2")
    with pytest.raises(DimensionError):  # R^1, R^2 and R^3 are drawn; R^4 is refused
        plot_decision(res4)


def test_draws_on_a_given_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert plot_wedge([1, 0], [0, 1], ax=ax1) is fig
    assert plot_shoelace([0, 0], [1, 0], [0, 1], ax=ax2, title="t") is fig
    assert ax2.get_title() == "t"


def test_save_figure_png_svg_atomic_and_deterministic(tmp_path):
    fig = plot_wedge([3, 1], [1, 2])
    paths = save_figure(fig, tmp_path / "w")
    assert [p.name for p in paths] == ["w.png", "w.svg"]
    assert paths[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = paths[1].read_text()
    assert "<svg" in svg and "<dc:date>" not in svg
    again = save_figure(plot_wedge([3, 1], [1, 2]), tmp_path / "again")  # same figure, same calls: same bytes
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]
    assert sorted(os.listdir(tmp_path)) == ["again.png", "again.svg", "w.png", "w.svg"]  # no temporary files left
    assert [p.name for p in save_figure(fig, tmp_path / "only.svg")] == ["only.svg"]
    with pytest.raises(InvalidInputError):
        save_figure(fig, tmp_path / "x", formats=("jpg",))


def test_demo_writes_its_deliverables(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    capsys.readouterr()
    panels = sorted(os.listdir(out / "neurons"))  # each neuron on its own
    assert panels == [f"neuron-{k:02d}.png" for k in range(1, len(panels) + 1)] and len(panels) >= 2
    files = (set(os.listdir(out)) - {"neurons"}) | {f"neurons/{p}" for p in panels}
    want = {"index.md", "report.json", "network.tex", "decision.png", "decision.svg", "neurons.png", "neurons.svg",
            "triangles.png", "triangles.svg"}
    assert want <= files
    assert ("network.pdf" in files) == pdflatex_available()
    if os.environ.get("CI", "").lower() == "true":
        assert "network.pdf" in files, "CI installs pdflatex (scripts/apt-packages.txt)"
    assert not [f for f in files if f.startswith(".")]  # atomic writes leave no temporary files
    index = (out / "index.md").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for f in files - {"index.md"}:
        assert f"]({f})" in index, f
    assert set(report["files"]) == files
    tex = (out / "network.tex").read_text()
    assert r"P_{\mathrm{Lasso}} = \frac{241463}{162000}" in tex
    assert report["fit"]["optimal_value"] == "241463/162000"
    assert Q(report["fit"]["optimal_value"]) > 0
