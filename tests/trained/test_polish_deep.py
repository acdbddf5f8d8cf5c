"""Layer-by-layer polishing of deep networks (THEORY §5 for L = 3, 4): exact checks."""

from fractions import Fraction as Q

import flint
import pytest

import exactwedge as ew
from exactwedge import from_float
from exactwedge.trained import train
from exactwedge.exceptions import InvalidInputError
from exactwedge.trained.polish import exact_data, polish
from exactwedge.trained.polish_deep import polish_deep

X = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2], [3, 1], [1, 3]]
Y = [0, 1, 1, 0, 3, 2, -1]
BETA = Q(1, 10)


def _dot(a, b):
    return sum((p * q for p, q in zip(a, b)), Q(0))


def _sigma(z, act):
    return max(z, Q(0)) if act == "relu" else abs(z)


def _fmpq_mat(M):
    return flint.fmpq_mat(len(M), len(M[0]), [flint.fmpq(v.numerator, v.denominator) for r in M for v in r])


def _to_fractions(M):
    return [[Q(int(M[i, j].p), int(M[i, j].q)) for j in range(M.ncols())] for i in range(M.nrows())]


def _flint_predict(res, rows):
    """A second, independent forward pass: flint rational matrices."""
    A = _fmpq_mat(rows)
    for W, b in zip(res.weights[:-1], res.biases):
        Z = A * _fmpq_mat(W) + _fmpq_mat([list(b) for _ in range(A.nrows())])
        A = _fmpq_mat([[_sigma(z, res.activation) for z in r] for r in _to_fractions(Z)])
    out = A * _fmpq_mat(res.weights[-1])
    return [v[0] + res.intercept for v in _to_fractions(out)]


CASES = [(widths, bias, norm) for widths in [(3, 3), (3, 3, 2)] for bias in (True, False) for norm in (1, 2)]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"L{len(c[0]) + 1}-{'bias' if c[1] else 'nobias'}-p{c[2]}")
def case(request):
    widths, bias, norm = request.param
    run = train(X, Y, float(BETA), widths=widths, bias=bias, norm=norm, epochs=80, seed=4)
    return run, polish_deep(run, X, Y, BETA)


def test_neurons_pass_through_their_samples_and_keep_their_side(case):
    run, res = case
    assert res.depth == run.depth and len(res.layers) == run.depth - 1
    for ell, layer in enumerate(res.layers):
        A = res.activations[ell]  # the layer's exact input on the training set
        d = len(A[0])
        W0, b0 = from_float(run.weights[ell]), from_float(run.biases[ell])
        for j, n in enumerate(layer):
            w, b = [r[j] for r in res.weights[ell]], res.biases[ell][j]
            S = n["samples"]
            assert len(S) + len(n["basis"]) == (d if run.bias else d - 1)
            assert run.bias or b == 0
            for i in S:  # exactly orthogonal (no bias) / affine-through (bias)
                assert _dot(w, A[i]) + b == 0
            assert set(S) <= set(n["zero_set"])
            assert n["zero_set"] == tuple(i for i, x in enumerate(A) if _dot(w, x) + b == 0)
            if run.bias:
                assert n["anchor"] == S[0]
                vecs = [[a - c for a, c in zip(A[i], A[S[0]])] for i in S[1:]]
            else:
                vecs = [A[i] for i in S]
            vecs += [[Q(int(i == k - 1)) for i in range(d)] for k in n["basis"]]
            if d > 1:  # a positive or negative multiple of the cross product, as its side says
                c = ew.cross(*vecs, dim=d).coefficients
                ratio = {wi / ci for wi, ci in zip(w, c) if ci != 0}
                assert len(ratio) == 1 and all(wi == 0 for wi, ci in zip(w, c) if ci == 0)
                assert (ratio.pop() > 0) == (n["side"] > 0)
            old = [_dot([r[j] for r in W0], x) + (b0[j] if run.bias else 0) for x in A]
            new = [_dot(w, x) + b for x in A]
            assert _dot(old, new) >= 0  # same side as the trained neuron on the same input
        # the next layer's input is exactly σ(A W + b)
        nxt = [[_sigma(_dot(x, [r[j] for r in res.weights[ell]]) + res.biases[ell][j], res.activation)
                for j in range(len(layer))] for x in A]
        assert res.activations[ell + 1] == nxt
    assert res.activations[0] == exact_data(X)


def test_last_layer_refit_is_exactly_optimal(case):
    run, res = case
    H, alpha, t = res.activations[-1], [r[0] for r in res.weights[-1]], res.intercept
    y = [Q(v) for v in Y]
    r = [yi - _dot(h, alpha) - t for h, yi in zip(H, y)]
    if run.bias:
        assert sum(r) == 0  # optimal intercept
    else:
        assert t == 0
    grads = [sum((h[j] * ri for h, ri in zip(H, r)), Q(0)) for j in range(len(alpha))]
    if res.refit == "lasso":
        assert res.certificate.holds
        for g, a in zip(grads, alpha):
            assert abs(g) <= BETA
            if a != 0:
                assert g == BETA * (1 if a > 0 else -1)
        for j in range(len(alpha)):  # unit ℓ1 last hidden layer: the Lasso weight is the path cost
            assert sum(abs(row[j]) for row in res.weights[-2]) in (0, 1)
    else:
        assert res.refit == "ridge"
        assert all(-g + BETA * a == 0 for g, a in zip(grads, alpha))
        assert all(v == 0 for v in res.certificate)


def test_predictions_agree_two_ways(case):
    _, res = case
    rows = exact_data(X)
    p1 = res.predict(X)
    assert p1 == _flint_predict(res, rows)
    assert p1 == [_dot(h, [r[0] for r in res.weights[-1]]) + res.intercept for h in res.activations[-1]]
    assert all(isinstance(v, Q) for v in p1)


def test_rescaling_per_block(case):
    _, res = case
    Ws, bs = res.rescaled_weights()
    p = res.norm
    nrm = (lambda v: sum(abs(float(c)) for c in v)) if p == 1 else (lambda v: sum(float(c) ** 2 for c in v) ** 0.5)
    for k in range(len(res.scales)):
        for j in range(len(Ws[2 * k][0])):
            a, b = nrm([r[j] for r in Ws[2 * k]]), nrm(Ws[2 * k + 1][j])
            if nrm([r[j] for r in res.weights[2 * k]]) and nrm(res.weights[2 * k + 1][j]):
                assert a == pytest.approx(b)
    # the function is unchanged, and the decay objective of the rescaled network is objective_after_rescaled
    A = [[float(c) for c in r] for r in X]
    for W, b in zip(Ws[:-1], bs):
        A = [[max(sum(x * float(r[j]) for x, r in zip(a, W)) + float(b[j]), 0.0) if res.activation == "relu"
              else abs(sum(x * float(r[j]) for x, r in zip(a, W)) + float(b[j])) for j in range(len(b))] for a in A]
    pred = [sum(x * float(r[0]) for x, r in zip(a, Ws[-1])) + float(res.intercept) for a in A]
    assert pred == pytest.approx([float(v) for v in res.predict(X)])
    import numpy as np

    from exactwedge.trained.gd import network_objective

    Wf = [np.array([[float(c) for c in r] for r in W]) for W in Ws]
    val = network_objective(Wf, pred, Y, float(BETA), norm=p, regularizer="decay")
    assert val == pytest.approx(float(res.objective_after_rescaled))
    if p == 1:  # rational: reported exactly
        assert isinstance(res.objective_after, Q) and isinstance(res.objective_after_rescaled, Q)


def test_objective_before_is_the_trained_one(case):
    run, res = case
    assert res.objective_before == run.objective(X, Y)
    assert res.objective_before_rescaled <= res.objective_before + 1e-12  # AM–GM: rescaling never raises it


def test_two_layer_agrees_with_polish():
    run = train(X, Y, 0.1, widths=(6,), norm=1, epochs=200, seed=0)
    deep, flat = polish_deep(run, X, Y, BETA), polish(run, X, Y, BETA)
    assert deep.objective_after_rescaled == flat.objective_after
    assert [n["samples"] for n in deep.layers[0]] == [n["samples"] for n in flat.neurons]


def test_polish_refuses_deep_and_points_to_polish_deep():
    run = train(X, Y, 0.1, widths=(3, 3), epochs=5, seed=0)
    with pytest.raises(InvalidInputError, match="polish_deep"):
        polish(run, X, Y, BETA)
    with pytest.raises(InvalidInputError):
        polish_deep(run, X, Y, BETA, refit="lasso")  # p = 2: no exact Lasso


def test_tiny_case_report(capsys):
    """Whether polishing lowered the objective is reported, not asserted (a heuristic, THEORY §5)."""
    X5, y5 = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2]], [0, 1, 1, 0, 3]
    run = train(X5, y5, 0.1, widths=(3, 2, 2), norm=1, epochs=200, seed=0)
    res = polish_deep(run, X5, y5, "1/10")
    went_down = res.objective_after_rescaled < res.objective_before_rescaled
    print(f"L=4 tiny: before {res.objective_before_rescaled:.6f} after {float(res.objective_after_rescaled):.6f} "
          f"(exact {type(res.objective_after_rescaled).__name__}); went down: {went_down}")
    assert isinstance(res.objective_after_rescaled, Q)
