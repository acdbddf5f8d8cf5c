"""1-D and 3-D decision figures, the exact reflection, the shared palette (issue 16)."""

from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

import exactwedge
from exactwedge.plot import plot_decision, plot_reflection, reflect
from exactwedge.plot._common import PALETTE


def _fit1():
    return exactwedge.fit([[0], [1], [2], [4]], [0, 1, 0, 2], Fraction(1, 10), bias=True)


def test_1d_fit_plot_works_and_marks_exact_breakpoints():
    res = _fit1()
    fig = res.plot()
    ax = fig.axes[0]
    kinks = sorted({-Fraction(u.b) / Fraction(u.w[0]) for u in res.network.units})
    marks = sorted({line.get_xdata()[0] for line in ax.lines if line.get_marker() == "D"})
    assert marks == [float(k) for k in kinks]
    # the drawn f at each breakpoint is the exact network value, exported
    f = [line for line in ax.lines if line.get_label() == "f(x)"][0]
    interior = [Fraction(x) for x in f.get_xdata()]
    exact = res.network.predict([[x] for x in interior])
    assert list(f.get_ydata()) == [float(v) for v in exact]
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "x₁" in texts and "x₂" in texts


def test_1d_ramps_one_per_neuron_in_the_palette():
    res = _fit1()
    ax = plot_decision(res).axes[0]
    ramps = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(ramps) == len(res.network.units)
    assert [r.get_color() for r in ramps] == list(PALETTE[: len(ramps)])


def test_3d_plot_has_one_plane_per_active_neuron():
    res = exactwedge.fit([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 1, 1, -1, 2],
                         Fraction(1, 10), bias=True)
    fig = plot_decision(res)
    ax = fig.axes[0]
    assert ax.name == "3d"
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    planes = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
    assert len(planes) == len(res.network.units)


def test_reflection_is_exact():
    x, n = [Fraction(3, 7), Fraction(-2, 3)], [Fraction(5, 11), Fraction(1, 3)]
    r = reflect(x, n)
    nn = sum(a * a for a in n)
    t = 2 * sum(a * b for a, b in zip(x, n)) / nn
    assert r == tuple(a - t * b for a, b in zip(x, n))
    assert reflect(r, n) == tuple(x)  # an involution, exactly
    fig = plot_reflection(x, n)
    line = [ln for ln in fig.axes[0].lines if ln.get_gid() == "reflection"][0]
    assert line.get_xydata().tolist() == [[float(r[0]), float(r[1])]]


def test_reflection_1d_is_2xj_minus_xk():
    assert reflect([Fraction(7, 3)], [1], through=[Fraction(1, 2)]) == (2 * Fraction(1, 2) - Fraction(7, 3),)
    fig = plot_reflection([Fraction(7, 3)], [1], through=[Fraction(1, 2)])
    line = [ln for ln in fig.axes[0].lines if ln.get_gid() == "reflection"][0]
    assert line.get_xdata()[0] == float(1 - Fraction(7, 3))


def test_reflection_bad_input():
    from exactwedge.exceptions import DimensionError, InvalidInputError

    with pytest.raises(InvalidInputError):
        reflect([1, 2], [0, 0])
    with pytest.raises(DimensionError):
        plot_reflection([1, 2, 3], [1, 0, 0])


def test_neuron_panels_separate_match_the_grid():
    from exactwedge.plot import plot_neurons

    res = exactwedge.fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], Fraction(1, 2), bias=True)
    grid = plot_neurons(res.X, res.network, y=res.y)
    figs = plot_neurons(res.X, res.network, y=res.y, separate=True)
    assert len(figs) == len(res.network.units) == len(grid.axes)
    assert [f.axes[0].get_title() for f in figs] == [a.get_title() for a in grid.axes]
    assert all(a.title.get_fontsize() >= 9 for a in grid.axes)


def test_plot_hodge_and_distance_are_exact():
    from exactwedge import cross, hodge
    from exactwedge.plot import plot_distance, plot_hodge

    texts = [t.get_text() for t in plot_hodge([5, -2]).axes[0].texts if t.get_text()]
    s, c = hodge([5, -2]), cross([5, -2])
    assert texts[1].endswith(f"({s[0]}, {s[1]})".replace("-", "−"))
    assert texts[2].endswith(f"({c[0]}, {c[1]})".replace("-", "−"))
    assert plot_distance([0, 1], [0, 0], [1, 0]).axes[0].get_title().endswith("= 1")


def test_deep_1d_plot_breakpoints_named_and_exact():
    from exactwedge.deep.fit import fit_deep
    from exactwedge.plot import plot_deep

    res = fit_deep([0, 2, 3, 5], [0, 1, 0, 2], 1, activation="abs")
    ax = plot_deep(res).axes[0]
    texts = sorted(t.get_text() for t in ax.texts)
    assert "(x₀ + x₂)/2 = 3/2" in texts
    marks = [(ln.get_xdata()[0], ln.get_ydata()[0]) for ln in ax.lines if ln.get_marker() == "D"]
    assert marks and all(v == float(res.network.predict([Fraction(x)])[0]) for x, v in marks)


def test_no_two_labels_of_a_neuron_panel_overlap():
    from exactwedge import fit
    from exactwedge.datasets import spiral
    from exactwedge.plot import plot_neurons

    X, y = spiral()
    res = fit(X, y, "1/10", bias=True)
    fig = plot_neurons(X, list(res.network.units), y=y)
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Annotation

    for ax in fig.axes[: len(res.network.units)]:  # the grid's spare cells are empty

        boxes = [t.get_window_extent(renderer) for t in ax.get_children() if isinstance(t, Annotation) and t.get_text()]
        assert len(boxes) >= len(X)  # every sample is named
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), ax.get_title()
