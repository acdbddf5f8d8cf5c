"""The notebook explorer (exactwedge.plot.explore): widgets drive exact refits."""

from __future__ import annotations

from fractions import Fraction as Q

import pytest

pytest.importorskip("ipywidgets")

from exactwedge import fit  # noqa: E402
from exactwedge.plot import Explorer, explore  # noqa: E402

X2 = [[0, 0], [2, 0], [0, 2], [1, 1], [3, 2]]
Y2 = [0, 1, 1, 3, -1]


def test_the_slider_and_the_points_drive_exact_refits():
    ex = explore(X2, Y2, beta="1/2")
    assert isinstance(ex, Explorer) and ex.result.beta == Q(1, 2)
    want = fit(X2, Y2, Q(1, 2), bias=True)
    assert ex.result.value == want.value and ex.result.certificate.holds
    assert ex.figure.value[1:4] == b"PNG"
    assert all(u.label in ex.network.value for u in want.network.units[:5])
    ex.beta.value = Q(1, 20)
    assert ex.result.value == fit(X2, Y2, Q(1, 20), bias=True).value and "holds" in ex.status.value
    ex.points.value = ex.points.value + "\n-2,1,2"
    assert len(ex.result.X) == 6 and ex.result.value == fit(X2 + [[-2, 1]], Y2 + [2], Q(1, 20), bias=True).value


def test_a_bad_edit_keeps_the_last_result_and_says_why_in_one_line():
    ex = explore(X2, Y2, beta="1/2")
    before = ex.result
    ex.points.value = "0,0,1\n1,x,2"
    assert ex.result is before and ex.status.value.startswith("<b>not refitted</b>")
    assert "\n" not in ex.status.value and "line 2" in ex.status.value
    ex.points.value = "0,0,1\n1,0,2\n0,1,0"
    assert ex.result is not before and len(ex.result.X) == 3


def test_beta_values_are_exact_and_a_given_beta_joins_the_slider():
    ex = explore([[0], [1], [3]], [0, 1, 0], beta="3/7", betas=["1/10", "1"])
    assert [v for _, v in ex.beta.options] == [Q(1, 10), Q(3, 7), Q(1)] and ex.result.beta == Q(3, 7)
    assert all(isinstance(v, Q) for _, v in ex.beta.options)


def test_three_dimensional_data_fit_without_a_figure():
    ex = explore([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 1]], [0, 1, 1, 0], beta="1/10")
    assert ex.result.certificate.holds and ex.figure.value == b""


def test_it_displays_as_a_widget():
    bundle = explore(X2, Y2)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
