"""The path figure: exact solid, float dashed, breakpoints marked; PNG and SVG written together."""

from __future__ import annotations

import os
from fractions import Fraction as Q

import pytest

pytest.importorskip("matplotlib")

from exactwedge.compare import compare_path  # noqa: E402
from exactwedge.dictionary import dictionary  # noqa: E402
from exactwedge.exceptions import InvalidInputError  # noqa: E402
from exactwedge.lasso.backends import installed_backends  # noqa: E402
from exactwedge.plot.path import plot_path, save_path_figure  # noqa: E402

pytestmark = pytest.mark.skipif("sklearn" not in installed_backends(), reason="scikit-learn not installed")


@pytest.fixture(scope="module")
def comparison():
    D = dictionary([-10, -9, 1, 3, 5, 7, 8], bias=True)
    return compare_path(D, [0, 3, -2, -1, 3, -4, -2], [Q(1, 10), Q(1, 100)], intercept=True,
                        backends=["sklearn", "lars"])


def test_figure_styles(comparison):
    fig = plot_path(comparison)
    top, bot = fig.axes
    assert top.get_xscale() == "log" and bot.get_yscale() == "log"
    styles = {ln.get_linestyle() for ln in top.get_lines()}
    assert "-" in styles and any(s not in ("-", "None", ":") for s in styles)  # solid exact, dashed floats
    nbp = sum("breakpoint" in e.kinds or "beta_max" in e.kinds for e in comparison.exact)
    vlines = [ln for ln in top.get_lines() if ln.get_linestyle() == ":"]
    assert len(vlines) == nbp  # one dotted line per breakpoint
    # LARS fails here: red crosses on the gap panel
    assert any(ln.get_marker() == "x" for ln in bot.get_lines())


def test_both_formats_written(tmp_path, comparison):
    out = save_path_figure(comparison, tmp_path / "p.svg")
    assert [p.name for p in out] == ["p.svg", "p.png"]
    assert sorted(os.listdir(tmp_path)) == ["p.png", "p.svg"]
    svg1 = (tmp_path / "p.svg").read_bytes()
    save_path_figure(comparison, tmp_path / "p.svg")
    assert (tmp_path / "p.svg").read_bytes() == svg1  # deterministic SVG
    with pytest.raises(InvalidInputError, match=".png or .svg"):
        save_path_figure(comparison, tmp_path / "p.jpg")
    with pytest.raises(InvalidInputError):
        plot_path(comparison, max_columns=0)


def test_l2_figure_without_exact_path():
    D = dictionary([[1, 2, 0], [3, 1, 1], [1, 1, 5], [2, 0, 1]], norm=2)
    c = compare_path(D, [1, -1, 2, 0], grid=3, backends=["sklearn"])
    fig = plot_path(c)
    assert "no exact path" in fig.axes[0].get_title()
