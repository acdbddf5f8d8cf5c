"""The exact deep narrow Lasso at β > 0 (exactwedge.deep.fit), against independent computations."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from exactwedge.deep.arrangement import vertex_dictionary
from exactwedge.deep.fit import fit_deep
from exactwedge.deep.one_d import deep_dictionary
from exactwedge.exceptions import DimensionError, InvalidInputError, TooLargeError
from exactwedge.lasso import solve_lasso
from exactwedge.training import fit
from tests.deep._reference import authors_relu_dictionary, chain_forward, float_lasso, grid_dictionary

CONFIGS = [(L, a) for L in (3, 4) for a in ("relu", "abs")]


def _random_case(seed: int, n: int = 5):
    rnd = random.Random(seed)
    xs = sorted(rnd.sample(range(-6, 7), n))
    ys = [Fraction(rnd.randint(-4, 4), rnd.choice([1, 2])) for _ in range(n)]
    beta = Fraction(rnd.randint(1, 12), rnd.choice([4, 5, 10]))
    return xs, ys, beta


@pytest.mark.parametrize("depth,activation", CONFIGS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_certified_and_p_nn_equals_lasso(depth, activation, seed):
    xs, ys, beta = _random_case(seed)
    res = fit_deep(xs, ys, beta, depth=depth, activation=activation)
    assert res.certificate.holds and res.optimal
    # P_NN of the returned network from an independent forward pass of its layers
    pred = [res.intercept + sum((a * chain_forward(ch.layers(), v, activation) for a, ch in res.network.units),
                                Fraction(0)) for v in xs]
    path = sum((abs(a) for a, ch in res.network.units), Fraction(0))
    assert all(abs(w) == 1 for _, ch in res.network.units for w, _b in ch.layers())
    p_nn = sum(((p - v) ** 2 for p, v in zip(pred, ys)), Fraction(0)) / 2 + beta * path
    assert p_nn == res.p_nn == res.value
    out = res.to_json()
    assert out["p_nn_equals_p_lasso"] is True and Fraction(out["optimal_value"]) == res.value


@pytest.mark.parametrize("depth,activation", CONFIGS)
def test_equals_the_exact_lasso_over_the_brute_force_vertex_dictionary(depth, activation):
    for seed in (3, 4):
        xs, ys, beta = _random_case(seed, n=5)
        V = vertex_dictionary(xs, depth=depth, activation=activation)
        want = solve_lasso(V.exact_matrix(), ys, beta, intercept=True).value
        assert fit_deep(xs, ys, beta, depth=depth, activation=activation).value == want


@pytest.mark.parametrize("depth,activation", CONFIGS)
def test_balanced_network_in_the_authors_penalty(depth, activation):
    """Balancing each chain (γ = |α|^(1/L)) keeps f and turns (β/L)Σ|w|^L into β·path: float64 check."""
    xs, ys, beta = _random_case(5)
    res = fit_deep(xs, ys, beta, depth=depth, activation=activation)
    L = depth
    pred = [float(res.intercept)] * len(xs)
    penalty = 0.0
    for a, ch in res.network.units:
        g = abs(float(a)) ** (1.0 / L)
        layers = [(float(w) * g, float(b) * g ** (l + 1)) for l, (w, b) in enumerate(ch.layers())]
        alpha = (1.0 if a > 0 else -1.0) * g
        penalty += sum(abs(w) ** L for w, _ in layers) + abs(alpha) ** L
        for i, v in enumerate(xs):
            h = float(v)
            for w, b in layers:
                u = w * h + b
                h = abs(u) if activation == "abs" else max(u, 0.0)
            pred[i] += alpha * h
    obj = 0.5 * sum((p - float(v)) ** 2 for p, v in zip(pred, ys)) + float(beta) / L * penalty
    assert obj == pytest.approx(float(res.value), rel=1e-12, abs=1e-12)


def test_monotone_in_depth_and_relu_four_equals_three():
    xs, ys, beta = _random_case(6, n=6)
    two = fit(xs, ys, beta, bias=True).value
    for activation in ("relu", "abs"):
        three = fit_deep(xs, ys, beta, depth=3, activation=activation).value
        four = fit_deep(xs, ys, beta, depth=4, activation=activation).value
        assert four <= three
        if activation == "relu":
            assert three <= two and four == three  # ReLU L = 4: the reflections are never needed


def test_paper_data_capped_ramps(paper):
    res = fit_deep(paper.X, paper.y, "1/10", depth=3)
    out = res.to_json()
    assert out["depth"] == 3 and out["bias"] is True and out["norm"] == 1 and out["loss"] == "squared"
    assert out["dictionary"]["full_columns"] == len(deep_dictionary(paper.X, depth=3))
    for item in out["neurons"]:
        assert len(item["breakpoints"]) == 2 and all(b["kind"] == "sample" for b in item["breakpoints"])
    json.dumps(out)  # JSON-serializable


@pytest.mark.parametrize("depth,activation", CONFIGS)
def test_every_breakpoint_is_named_by_samples(depth, activation):
    """Each named breakpoint's form evaluates, on the data, to the kink location, and its name writes that form."""
    xs, ys, beta = _random_case(7, n=6)
    res = fit_deep(xs, ys, Fraction(1, 20), depth=depth, activation=activation)
    for item in res.to_json()["neurons"]:
        for b in item["breakpoints"]:
            assert b["name"] is not None and b["form"], b
            assert sum(Fraction(c) for _, c in b["form"]) == 1  # an affine combination of samples
            assert sum(Fraction(c) * xs[i] for i, c in b["form"]) == Fraction(b["at"])
            assert all(f"x{i}" in b["name"] for i, _ in b["form"])


def test_reflection_named_at_depth_four():
    """A ReLU L = 4 chain kinked at a reflection 2x_j − x_k is named so."""
    from exactwedge.deep.kinks import name_breakpoints
    from exactwedge.deep.one_d import _kinks

    xs = [Fraction(v) for v in (0, 4, 5, 7)]
    D = deep_dictionary(xs, depth=4)
    named = [name_breakpoints(sorted(_kinks(ch)), xs, dict(ch.provenance), "relu") for ch in D.chains]
    kinds = {b["kind"] for bs in named for b in bs}
    assert "reflection" in kinds and "number" not in kinds


def test_refusals():
    with pytest.raises(DimensionError):
        fit_deep([[0, 1], [1, 0]], [0, 1], 1)
    with pytest.raises(InvalidInputError, match="depth 3 or 4"):
        fit_deep([0, 1, 2], [0, 1, 0], 1, depth=2)
    with pytest.raises(InvalidInputError):
        fit_deep([0, 1, 2], [0, 1, 0], 0)
    with pytest.raises(InvalidInputError):
        fit_deep([0, 1, 2], [0, 1, 0], 1, activation="tanh")
    with pytest.raises(InvalidInputError, match="at least 2"):
        fit_deep([0], [0], 1)
    with pytest.raises(DimensionError):
        fit_deep([0, 1, 2], [0, 1], 1)
    with pytest.raises(TooLargeError, match="max_columns"):
        fit_deep(list(range(10)), [0] * 10, 1, depth=4, max_columns=100)


def test_all_inputs_equal_is_the_mean():
    res = fit_deep([1, 1, 1], [0, 1, 2], 1, depth=3)
    assert res.value == 1 and res.intercept == 1 and res.certificate.holds and not res.network.units


@pytest.mark.slow
@pytest.mark.parametrize("depth,activation", CONFIGS)
def test_against_a_float_grid_dictionary_and_the_authors_dictionary(depth, activation):
    """Independent: every chain with biases on a ¼-grid (numpy) and, for ReLU, the authors' recursion,
    each solved in float64 by cvxpy/Clarabel; the exact value must agree."""
    pytest.importorskip("cvxpy")
    xs, ys = [0, 1, 3, 4, 6], [0, 2, 1, -1, 1]
    G = grid_dictionary(xs, depth, activation)
    A = authors_relu_dictionary(xs, depth) if activation == "relu" else None
    for beta in (Fraction(1, 10), Fraction(1, 2), Fraction(2)):
        exact = float(fit_deep(xs, ys, beta, depth=depth, activation=activation).value)
        assert float_lasso(G, ys, beta) == pytest.approx(exact, rel=1e-8, abs=1e-9)
        if A is not None:
            assert float_lasso(A, ys, beta) == pytest.approx(exact, rel=1e-8, abs=1e-9)


def test_against_the_authors_relu_dictionary_fast():
    pytest.importorskip("cvxpy")
    xs, ys, beta = _random_case(8, n=5)
    for depth in (3, 4):
        exact = float(fit_deep(xs, ys, beta, depth=depth).value)
        assert float_lasso(authors_relu_dictionary(xs, depth), ys, beta) == pytest.approx(exact, rel=1e-8, abs=1e-9)


def test_breakpoints_are_slope_changes_only():
    """relu(relu(−relu(8 − x) + 4) − 1): layer zeros at 8, 4 and 5, but it is 0 up to 5: no kink at 4."""
    from exactwedge.deep.one_d import Chain, DeepNarrowNetwork

    ch = Chain((), (-1, -1, 1), "relu", biases=(Fraction(8), Fraction(4), Fraction(-1)))
    xs = [Fraction(v) for v in (0, 4, 5, 7, 10, 11)]
    item = DeepNarrowNetwork([(Fraction(1), ch)], Fraction(0), x=xs).to_json()[0]
    assert [(b["at"], b["name"]) for b in item["breakpoints"]] == [("5", "x2"), ("8", "2x1 - x0")]
    assert [chain_forward(ch.layers(), v, "relu") for v in (4, 5, 8, 9)] == [0, 0, 3, 3]
