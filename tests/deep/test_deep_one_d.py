"""Deep narrow 1-D dictionaries (exactwedge.deep.one_d) and deep interpolation."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.deep.one_d import Chain, DeepNarrowNetwork, chain_feature, deep_dictionary
from exactwedge.exceptions import DimensionError, InvalidInputError, TooLargeError
from exactwedge.interpolate import interpolate
from tests.deep._reference import chain_forward


@pytest.mark.parametrize("activation", ["relu", "abs"])
@pytest.mark.parametrize("depth", [2, 3, 4])
def test_every_feature_is_an_explicit_deep_narrow_network(depth, activation):
    X = [Fraction(v) for v in (-3, 0, Fraction(1, 2), 2, 5)]
    D = deep_dictionary(X, depth=depth, activation=activation)
    probes = X + [Fraction(-7), Fraction(3, 7), Fraction(9)]
    for ch, col in zip(D.chains, D.columns):
        layers = ch.layers()
        assert len(layers) == depth - 1
        assert all(abs(w) == 1 for w, _ in layers)  # path norm of a feature is 1
        assert list(col) == [chain_forward(layers, v, activation) for v in X]
        assert all(ch(v) == chain_forward(layers, v, activation) for v in probes)


def test_relu_dictionaries_are_nested():
    X = [0, 1, 3, 4, 8]
    cols = {L: set(deep_dictionary(X, depth=L).columns) for L in (2, 3, 4)}
    assert cols[2] <= cols[3] <= cols[4]
    assert cols[2] < cols[3] < cols[4]


def test_paper_example_capped_ramps_and_values(paper):
    # The worked example of Zeger et al. (authors' code, dataset "opt"):
    # L = 2: norm 2; L = 3: (2/3) ramp(5, 7) + (1/3) ramp(5, 10), norm 1.
    vals = {L: interpolate(paper.X, paper.y, depth=L) for L in (2, 3, 4)}
    assert [vals[L].value for L in (2, 3, 4)] == [2, 1, 1]
    r3 = vals[3]
    coefs = sorted(a for a, _ in r3.network.units)
    assert coefs == [Fraction(1, 3), Fraction(2, 3)]
    ramp = lambda a, b, x: min(max(Fraction(x) - a, Fraction(0)), Fraction(b - a))  # noqa: E731
    grid = [Fraction(k, 2) for k in range(-4, 30)]
    want = [Fraction(2, 3) * ramp(5, 7, x) + Fraction(1, 3) * ramp(5, 10, x) for x in grid]
    assert r3.network.predict([[x] for x in grid]) == want


def test_reflection_breakpoints_appear_at_depth_four(paper):
    b3 = set(deep_dictionary(paper.X, depth=3).breakpoints())
    b4 = set(deep_dictionary(paper.X, depth=4).breakpoints())
    assert b3 == {Fraction(v) for v in paper.X}
    new = b4 - b3
    assert new == {Fraction(v) for v in (3, 6, 8, 9)}
    xs = paper.X
    reflections = {Fraction(2 * a - b) for a in xs for b in xs}
    assert new <= reflections


def test_abs_reflects_at_depth_three():
    # | |x − 1| − |3 − 1| | vanishes at 3 and at the mirror image 2·1 − 3 = −1
    assert chain_feature(3, [1, 3], [1, 1], "abs") == 0
    assert chain_feature(-1, [1, 3], [1, 1], "abs") == 0
    assert Fraction(-1) in deep_dictionary([1, 3], depth=3, activation="abs").breakpoints()


@pytest.mark.parametrize("activation", ["relu", "abs"])
@settings(max_examples=12)
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=5, unique=True),
       st.lists(st.integers(-3, 3), min_size=5, max_size=5))
def test_interpolation_exact_and_monotone_in_depth(activation, xs, ys):
    ys = ys[: len(xs)]
    values = []
    for L in (2, 3, 4):
        r = interpolate(xs, ys, depth=L, activation=activation)
        assert r.certificate["holds"]
        assert r.network.predict([[x] for x in xs]) == [Fraction(v) for v in ys]
        if L > 2:
            assert r.network.path_norm() == r.value
        values.append(r.value)
    # nested dictionaries, both activations: L = 2 ⊂ L = 3 ⊂ L = 4 (a deeper chain can repeat a layer)
    assert values[0] >= values[1] >= values[2]


def test_deep_json_shape(paper):
    out = interpolate(paper.X, paper.y, depth=4).to_json()
    assert out["optimal_value"] == "1" and out["mode"] == "interpolate"
    assert out["dictionary"]["depth"] == 4
    assert all("layers" in u and "alpha" in u for u in out["neurons"])


def test_refusals():
    with pytest.raises(InvalidInputError, match="1-D"):
        interpolate([[0, 1], [1, 0]], [0, 1], depth=3)
    with pytest.raises(InvalidInputError, match="bias"):
        interpolate([0, 1], [0, 1], depth=3, bias=False)
    with pytest.raises(TooLargeError, match="candidate columns"):
        deep_dictionary(list(range(30)), depth=4, max_columns=1000)
    with pytest.raises(InvalidInputError, match="depth"):
        deep_dictionary([0, 1], depth=5)
    with pytest.raises(DimensionError):
        deep_dictionary([[0, 1]], depth=3)
    with pytest.raises(InvalidInputError):
        chain_feature(0, [1], [2])


def test_network_and_chain_helpers():
    ch = Chain((Fraction(0), Fraction(2)), (1, -1), "relu")
    net = DeepNarrowNetwork([(Fraction(-3), ch)], Fraction(1))
    assert net.predict([[-1], [1]]) == [Fraction(-5), Fraction(-2)]
    assert ch.depth == 3 and "relu" in ch.label()
