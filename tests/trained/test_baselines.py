"""Gradient-trained baselines: reproducible, decreasing, on the convex programs' objective."""

from fractions import Fraction as Q

import numpy as np
import pytest

import exactwedge as ew
from exactwedge.trained import TrainedNetwork, network_objective, train
from exactwedge.exceptions import InvalidInputError

X = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2], [3, 1], [1, 3]]
Y = [0, 1, 1, 0, 3, 2, -1]


@pytest.mark.parametrize("optimizer,lr", [("adam", 1e-2), ("sgd", 5e-3)])
@pytest.mark.parametrize("activation", ["relu", "abs"])
@pytest.mark.parametrize("widths", [(8,), (6, 6), (5, 5, 5)])
def test_reproducible_and_decreasing(optimizer, lr, activation, widths):
    kw = dict(widths=widths, optimizer=optimizer, lr=lr, activation=activation, epochs=200, seed=7)
    a = train(X, Y, 0.1, **kw)
    b = train(X, Y, 0.1, **kw)
    assert a.history == b.history
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    assert a.history[-1] < a.history[0]
    assert a.depth == len(widths) + 1
    assert a.objective(X, Y) == pytest.approx(a.history[-1])


def test_different_seeds_differ():
    assert train(X, Y, 0.1, epochs=5, seed=1).history != train(X, Y, 0.1, epochs=5, seed=2).history


@pytest.mark.parametrize("norm", [1, 2])
@pytest.mark.parametrize("regularizer", ["decay", "path"])
def test_regularizers_and_minibatch(norm, regularizer):
    run = train(X, Y, 0.1, widths=(6, 6, 6), norm=norm, regularizer=regularizer, epochs=100, batch_size=3, seed=0)
    assert run.history[-1] < run.history[0]


def test_path_needs_even_depth():
    with pytest.raises(InvalidInputError, match="even depth"):
        train(X, Y, 0.1, widths=(4, 4), regularizer="path")


def test_objective_matches_exact_network_and_bounds_the_optimum():
    beta = Q(1, 10)
    run = train(X, Y, float(beta), widths=(10,), norm=1, epochs=1500, seed=0)
    net = run.to_network()
    assert float(net.objective(X, Y, beta)) == pytest.approx(run.history[-1], rel=1e-12)
    opt = ew.fit(X, Y, beta, bias=True)
    assert float(opt.value) <= run.history[-1] + 1e-12  # the convex program is the global optimum


def test_no_bias_fixes_biases_at_zero():
    run = train(X, Y, 0.1, bias=False, epochs=20, seed=0)
    assert run.intercept == 0.0 and not run.biases[0].any()


def test_decay_objective_two_layer_formula():
    W = [np.array([[1.0, -2.0], [0.0, 1.0]]), np.array([[3.0], [1.0]])]
    # (β/2) Σ_j (‖w_j‖₂² + α_j²) = ½ (1 + 9 + 5 + 1) = 8
    assert network_objective(W, [0.0], [0.0], 1.0) == 8.0
    assert network_objective(W, [0.0], [0.0], 1.0, norm=1, regularizer="path") == 1 * 3 + 3 * 1


def test_trained_network_type():
    assert isinstance(train(X, Y, 0.1, epochs=1), TrainedNetwork)
