"""The brute-force arrangement-vertex dictionary (exactwedge.deep.arrangement) against deep_dictionary.

``vertex_dictionary`` is complete by the vertex argument of its module; the
closed-form ``deep_dictionary`` must give the same minimum-ℓ1 values. The
strongest form checked here: every column of each has norm ≤ 1 over the
other (the unit balls modulo the intercept agree, so the LP values agree for
every label vector).
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.deep.arrangement import arrangement_hyperplanes, min_l1_value, vertex_dictionary
from exactwedge.deep.one_d import Chain, DeepDictionary, abs_kink_families, deep_dictionary
from exactwedge.exceptions import InvalidInputError, TooLargeError
from exactwedge.interpolate import interpolate
from tests.deep._reference import chain_forward

CONFIGS = [(act, L) for act in ("relu", "abs") for L in (2, 3, 4)]


def _data(rng: random.Random, n: int) -> list:
    if rng.random() < 0.5:
        return sorted(rng.sample(range(-9, 10), n))
    pts: set = set()
    while len(pts) < n:
        pts.add(F(rng.randint(-12, 12), rng.choice([1, 2, 3, 4])))
    return sorted(pts)


def _recursion_abs(xs, depth):
    """The former abs dictionary: the recursion with anchors at training points (realizable, incomplete)."""
    chains = [Chain(tuple(F(xs[j]) for j in js), (1,) * (depth - 1), "abs")
              for js in itertools.product(range(len(xs)), repeat=depth - 1)]
    cols = [tuple(c(v) for v in xs) for c in chains]
    keep = [j for j, c in enumerate(cols) if len(set(c)) > 1]
    return DeepDictionary([F(v) for v in xs], [chains[j] for j in keep], [cols[j] for j in keep], depth, "abs", len(chains))


# ------------------------------------------------------------------ the abs gap, and its fix


def test_abs_midpoint_feature_closes_the_gap():
    X, y = [0, 2, 3, 5], [0, 1, 0, 2]
    assert min_l1_value(_recursion_abs(X, 3), y) == F(4, 3)  # anchors at training points only
    for L in (3, 4):
        assert min_l1_value(vertex_dictionary(X, depth=L, activation="abs"), y) == 1
        r = interpolate(X, y, depth=L, activation="abs")
        assert r.value == 1 and r.certificate["holds"]
    r = interpolate(X, y, depth=3, activation="abs")
    (alpha, ch), = r.network.units
    assert alpha == 1 and ch.label() == "abs(1*abs(1*x + -3/2) + -3/2)"  # ||x − 3/2| − 3/2|: kinks 0, 3/2, 3
    assert dict(ch.provenance)["kinks"] == (("a+b", 2), ("a-b", 0))


def test_abs_depth_four_needs_three_kink_families():
    # a data set where L = 4 abs is strictly below both L = 3 and the former L = 4 recursion
    X, y = [-7, -4, -2, -1, 2, 3, 7, 9], [-1, -2, -2, -2, 0, -1, 3, 3]
    v4 = interpolate(X, y, depth=4, activation="abs").value
    assert v4 == min_l1_value(vertex_dictionary(X, depth=4, activation="abs"), y) == F(314, 257)
    assert v4 < interpolate(X, y, depth=3, activation="abs").value


def test_abs_kink_families():
    assert [names for names, _ in abs_kink_families(1)] == [("a",)]
    fams = dict(abs_kink_families(3))
    assert len(fams) == 30
    # (a, a+b, a-b) is dependent; every independent triple has a c-kink
    assert all(any(len(e) == 5 for e in names) for names in fams)
    inv = fams[("a+b", "a-b", "a+b+c")]
    assert [list(r) for r in inv] == [[F(1, 2), F(1, 2), 0], [F(1, 2), F(-1, 2), 0], [-1, 0, 1]]


# ------------------------------------------------------------------ equal values, equal unit balls


@pytest.mark.parametrize("activation,depth", CONFIGS)
def test_lp_values_equal_on_seeded_random_data(activation, depth):
    rng = random.Random(1000 * depth + len(activation))
    for _ in range(6 if depth < 4 else 3):
        n = rng.randint(3, 6 if depth < 4 else 5)
        X = _data(rng, n)
        D = deep_dictionary(X, depth=depth, activation=activation)
        V = vertex_dictionary(X, depth=depth, activation=activation)
        for _ in range(3):
            y = [rng.randint(-3, 3) for _ in X]
            assert min_l1_value(D, y) == min_l1_value(V, y), (X, y)


@pytest.mark.parametrize("activation,depth", CONFIGS)
@pytest.mark.parametrize("X", [[0, 1, 3, 7], [0, 1, 2, 3], [F(-1, 2), 0, 2, F(5, 2)]])
def test_unit_balls_agree(activation, depth, X):
    D = deep_dictionary(X, depth=depth, activation=activation)
    V = vertex_dictionary(X, depth=depth, activation=activation)
    assert all(min_l1_value(D, c) <= 1 for c in V.columns)  # complete
    assert all(min_l1_value(V, c) <= 1 for c in D.columns)  # realizable


def test_paper_data_all_configs(paper):
    for act, L in CONFIGS:
        a = interpolate(paper.X, paper.y, depth=L, activation=act).value
        assert a == min_l1_value(vertex_dictionary(paper.X, depth=L, activation=act), paper.y), (act, L)


@pytest.mark.parametrize("activation", ["relu", "abs"])
@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=5, unique=True),
       st.lists(st.integers(-3, 3), min_size=5, max_size=5))
def test_lp_values_equal_hypothesis(activation, xs, ys):
    ys = ys[: len(xs)]
    for L in (3, 4):
        assert interpolate(xs, ys, depth=L, activation=activation).value == \
            min_l1_value(vertex_dictionary(xs, depth=L, activation=activation), ys)


def test_relu_vertices_are_capped_ramps_and_depth_four_equals_three():
    X = [F(-3), F(0), F(1, 2), F(2), F(5)]

    def canon(cols):
        out = set()
        for c in cols:
            d = [v - c[0] for v in c]
            f = next(v for v in d if v)
            out.add(tuple(v if f > 0 else -v for v in d))
        return out

    caps = canon([[min(max(x, X[i]), X[j]) for x in X] for i in range(len(X)) for j in range(i + 1, len(X))])
    assert canon(vertex_dictionary(X, depth=3).columns) == canon(vertex_dictionary(X, depth=4).columns) == caps
    assert len(vertex_dictionary(X, depth=4)) == len(X) * (len(X) - 1) // 2
    y = [1, -2, 0, 3, -1]
    assert interpolate(X, y, depth=3).value == interpolate(X, y, depth=4).value


# ------------------------------------------------------------------ features are explicit networks


@pytest.mark.parametrize("activation,depth", CONFIGS)
def test_every_vertex_feature_is_its_explicit_network(activation, depth):
    X = [F(v) for v in (-3, 0, F(1, 2), 2, 5)]
    V = vertex_dictionary(X, depth=depth, activation=activation)
    probes = X + [F(-7), F(3, 7), F(9)]
    for ch, col in zip(V.chains, V.columns):
        layers = ch.layers()
        assert len(layers) == depth - 1 and ch.depth == depth
        assert all(abs(w) == 1 for w, _ in layers)
        theta = dict(ch.provenance)["theta"]
        assert [-b for _, b in layers] == list(theta)
        assert list(col) == [chain_forward(layers, v, activation) for v in X]
        assert all(ch(v) == chain_forward(layers, v, activation) for v in probes)
        assert len(set(col)) > 1
        # the vertex lies on the hyperplanes it was solved from
        H = arrangement_hyperplanes(X, tuple(int(s) for s in dict(ch.provenance)["signs"]), activation)
        on = [lab for (coef, const), lab in H.items() if sum(c * t for c, t in zip(coef, theta)) + const == 0]
        assert set(dict(ch.provenance)["planes"]) <= set(on)


@pytest.mark.parametrize("depth", [3, 4])
def test_abs_dictionary_features_are_explicit_networks(depth):
    X = [F(v) for v in (-3, 0, F(1, 2), 2, 5)]
    D = deep_dictionary(X, depth=depth, activation="abs")
    for ch, col in zip(D.chains, D.columns):
        layers = ch.layers()
        assert len(layers) == depth - 1 and all(w == 1 for w, _ in layers)
        assert list(col) == [chain_forward(layers, v, "abs") for v in X]
        # the named kinks sit at the named training points
        a, b, c = ([-bb for _, bb in layers] + [F(0)])[:3]
        for expr, j in dict(ch.provenance)["kinks"]:
            val = {"a": a, "a+b": a + b, "a-b": a - b, "a+b+c": a + b + c, "a+b-c": a + b - c,
                   "a-b+c": a - b + c, "a-b-c": a - b - c}[expr]
            assert val == X[j], (expr, j, ch.label())


def test_hyperplanes_of_abs_and_relu():
    X = [0, 1, 3]
    assert len(arrangement_hyperplanes(X, (1,), "abs")) == 3
    assert len(arrangement_hyperplanes(X, (1, 1), "abs")) == 9  # a = x_i, a ± b = x_i
    assert len(arrangement_hyperplanes(X, (1, 1, 1), "abs")) == 21  # and a ± b ± c = x_i
    H = arrangement_hyperplanes(X, (1, -1), "relu")  # a = x_i, b = −(x_i − a), b = 0
    assert len(H) == 7


# ------------------------------------------------------------------ a lower bound against random networks


@pytest.mark.parametrize("activation", ["relu", "abs"])
def test_random_deep_narrow_networks_never_beat_the_lp(activation):
    """Random units (random signs and rational biases) plus the dictionary: the value does not drop,
    and random units alone, when they interpolate, cost at least the LP value."""
    rng = random.Random(7)
    for depth in (3, 4):
        for _ in range(3):
            X = _data(rng, rng.randint(3, 5))
            y = [rng.randint(-3, 3) for _ in X]
            D = deep_dictionary(X, depth=depth, activation=activation)
            best = min_l1_value(D, y)
            chains = []
            for _ in range(40):
                s = tuple(rng.choice((1, -1)) if activation == "relu" else 1 for _ in range(depth - 1))
                b = tuple(F(rng.randint(-24, 24), rng.choice([1, 2, 3, 4])) for _ in range(depth - 1))
                chains.append(Chain((), s, activation, (), b))
            cols = [tuple(c(v) for v in X) for c in chains]
            keep = [j for j, c in enumerate(cols) if len(set(c)) > 1]
            R = DeepDictionary(D.x, [chains[j] for j in keep], [cols[j] for j in keep], depth, activation, len(chains))
            both = DeepDictionary(D.x, D.chains + R.chains, D.columns + R.columns, depth, activation, 0)
            assert min_l1_value(both, y) == best
            try:
                alone = min_l1_value(R, y)
            except InvalidInputError:  # the random units do not interpolate
                continue
            assert alone >= best


# ------------------------------------------------------------------ refusals


def test_refusals():
    with pytest.raises(TooLargeError, match="hyperplane tuples"):
        vertex_dictionary(list(range(12)), depth=4, activation="abs", max_tuples=1000)
    with pytest.raises(InvalidInputError, match="depth"):
        vertex_dictionary([0, 1], depth=5)
    with pytest.raises(InvalidInputError, match="activation"):
        vertex_dictionary([0, 1], depth=3, activation="tanh")
    with pytest.raises(TooLargeError, match="candidate columns"):
        deep_dictionary(list(range(30)), depth=4, activation="abs", max_columns=10_000)


@pytest.mark.slow
@pytest.mark.parametrize("activation,depth", [(a, L) for a in ("relu", "abs") for L in (3, 4)])
def test_unit_balls_agree_many_random(activation, depth):
    rng = random.Random(99 + depth)
    for _ in range(20 if depth == 3 else 8):
        X = _data(rng, rng.randint(3, 7 if depth == 3 else 6))
        D = deep_dictionary(X, depth=depth, activation=activation)
        V = vertex_dictionary(X, depth=depth, activation=activation)
        assert all(min_l1_value(D, c) <= 1 for c in V.columns), X
        for _ in range(4):
            y = [rng.randint(-4, 4) for _ in X]
            assert min_l1_value(D, y) == min_l1_value(V, y), (X, y)


@pytest.mark.slow
def test_abs_lp_values_equal_up_to_eight_points():
    rng = random.Random(2024)
    for depth in (3, 4):
        for _ in range(20 if depth == 3 else 6):
            X = _data(rng, rng.randint(6, 8))
            D = deep_dictionary(X, depth=depth, activation="abs")
            V = vertex_dictionary(X, depth=depth, activation="abs")
            for _ in range(3):
                y = [rng.randint(-3, 3) for _ in X]
                assert min_l1_value(D, y) == min_l1_value(V, y), (X, y)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["relu", "abs"]), st.sampled_from([2, 3, 4]),
       st.lists(st.fractions(min_value=-6, max_value=6, max_denominator=4), min_size=2, max_size=4, unique=True))
def test_vertex_columns_are_their_chains_and_pairwise_distinct(activation, depth, xs):
    """The integer arithmetic of vertex_dictionary: each column is its chain on the samples (Fractions, the
    chain's own forward pass), no column is constant, and no two agree up to a constant and a sign."""
    D = vertex_dictionary(xs, depth=depth, activation=activation)
    keys = set()
    for col, ch in zip(D.columns, D.chains):
        assert list(col) == [ch(x) for x in D.x]
        diff = [c - col[0] for c in col]
        first = next(v for v in diff if v != 0)
        key = tuple(diff) if first > 0 else tuple(-v for v in diff)
        assert key not in keys
        keys.add(key)


def test_min_l1_value_warm_starts_change_no_value():
    """Each matrix keeps its last optimal basis: any order of the right-hand sides gives the cold values."""
    from exactwedge.deep import arrangement

    rng = random.Random(11)
    X = [F(v) for v in (-3, -1, 0, 2, 5)]
    V = vertex_dictionary(X, depth=3, activation="relu")
    ys = [list(col) for col in V.columns[:12]] + [[F(rng.randint(-4, 4)) for _ in range(5)] for _ in range(8)]
    cold = []
    for y in ys:
        arrangement._LAST_LP.clear()
        cold.append(min_l1_value(V, y))
    for order in (list(range(len(ys))), list(reversed(range(len(ys)))), rng.sample(range(len(ys)), len(ys))):
        arrangement._LAST_LP.clear()
        assert [min_l1_value(V, ys[i]) for i in order] == [cold[i] for i in order]
    assert len(arrangement._LAST_LP) == 1
