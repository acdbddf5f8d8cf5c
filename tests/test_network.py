"""Tests of exactwedge.network: the optimal network of an exact Lasso solution.

The network's training objective is recomputed here from its units alone, in
exact rational / quadratic-surd arithmetic, and must equal the Lasso optimum;
its outputs on the training set must equal ``K z + t`` from the dictionary's
exact columns.
"""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.dictionary import dictionary
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.network import Network, Unit
from exactwedge.numbers.surd import Surd
from exactwedge.training import fit


def _rand(seed: int, n: int, d: int):
    rng = np.random.default_rng(seed)
    X = [[Q(int(v), int(rng.integers(1, 3))) for v in rng.integers(-5, 6, size=d)] for _ in range(n)]
    y = [Q(int(v), int(rng.integers(1, 3))) for v in rng.integers(-3, 4, size=n)]
    return X, y


def _sq(v) -> Q:
    r = v * v
    assert isinstance(r, Q), v
    return r


def _l1(w):
    total = Q(0)
    for c in w:
        total = abs(c) + total
    return total


def _eval_unit(u: Unit, x, activation):
    s = Q(0)
    for a, b in zip(x, u.w):
        s = a * b + s
    s = u.b + s if u.b != 0 else s
    if activation == "abs":
        return abs(s)
    return s if s > 0 else Q(0)


def _predict(net: Network, X):
    out = []
    for x in X:
        f = net.intercept
        for u in net.units:
            f = u.alpha * _eval_unit(u, x, net.activation) + f
        out.append(f)
    return out


def _fitted_from_dictionary(res):
    D = res.dictionary
    t = res.intercept if res.intercept is not None else Q(0)
    out = [t] * D.n
    for j in res.support:
        out = [o + res.z[j] * c for o, c in zip(out, D.column(j))]
    return out


FITS = [(d, bias, act) for d in (1, 2, 3) for bias in (False, True) for act in ("relu", "abs")]


@pytest.mark.parametrize("d,bias,act", FITS, ids=lambda v: str(v))
def test_rescaled_network_objective_equals_lasso_value(d, bias, act):
    X, y = _rand(300 + 10 * d + bias, {1: 7, 2: 6, 3: 6}[d], d)
    beta = Q(1, 5)
    res = fit(X, y, beta, bias=bias, activation=act)
    assert res.exact and res.certificate.holds
    assert res.network.units, "a nontrivial network"
    assert res.p_nn == res.value

    net = res.network
    rnet = net.rescaled()
    assert len(rnet.units) == len(net.units) == len(res.support)
    reg = Q(0)
    for u, ru in zip(net.units, rnet.units):
        # dictionary neurons have ‖w‖₁ = 1 and α = z_j
        assert _l1(u.w) == 1
        # App. 6.12: after rescaling both halves agree, ‖w‖₁ = |α| (compare squares, exactly)
        assert _sq(_l1(ru.w)) == _sq(abs(ru.alpha))
        assert (ru.alpha > 0) == (u.alpha > 0)
        reg += (_sq(_l1(ru.w)) + _sq(ru.alpha)) / 2
    # P_NN in weight-decay form, from the units alone
    pred = _predict(rnet, X)
    loss = sum(((p - yv) ** 2 for p, yv in zip(pred, y)), Q(0)) / 2
    p_nn = loss + beta * reg
    assert isinstance(p_nn, Q)
    assert p_nn == res.value
    assert rnet.objective(X, y, beta) == res.value
    # before rescaling the weight-decay objective is larger by exactly (β/2) Σ (1 − |α|)²
    excess = beta * sum(((1 - abs(u.alpha)) ** 2 for u in net.units), Q(0)) / 2
    assert net.objective(X, y, beta) == res.value + excess
    assert net.objective(X, y, beta, rescale=True) == res.value
    # the path form of the regularizer is rescaling-invariant
    assert net.regularization(beta, form="path") == rnet.regularization(beta, form="path")
    assert net.regularization(beta, form="path") == beta * sum((abs(v) for v in res.z), Q(0))


@pytest.mark.parametrize("d,bias,act", FITS, ids=lambda v: str(v))
def test_predict_on_training_points_is_Kz_plus_t(d, bias, act):
    X, y = _rand(400 + 10 * d + bias, {1: 7, 2: 6, 3: 6}[d], d)
    res = fit(X, y, Q(1, 7), bias=bias, activation=act)
    want = _fitted_from_dictionary(res)
    assert res.predict(X) == want
    assert res.network.predict(X) == want
    assert res.network.rescaled().predict(X) == want
    assert _predict(res.network, X) == want
    assert all(isinstance(v, Q) for v in want)
    # the certificate's residual agrees: 1ᵀ r = 0 with an intercept
    if bias:
        assert sum(yv - f for yv, f in zip(y, want)) == 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_one_d_kinks_only_at_data_points_and_piecewise_linear(seed):
    X, y = _rand(500 + seed, 8, 1)
    xs = [r[0] for r in X]
    res = fit(X, y, Q(1, 10), bias=True)
    assert res.network.units
    for u in res.network.units:
        (w,) = u.w
        assert w != 0
        assert -u.b / w in xs, "every breakpoint is a training point"
    for u in res.network.rescaled().units:
        (w,) = u.w
        kink = -u.b / w
        assert isinstance(kink, Q) and kink in xs
    # so f is affine between consecutive distinct data points, and beyond them
    grid = sorted(set(xs))
    fv = dict(zip(grid, res.predict([[x] for x in grid])))
    for a, b in zip(grid, grid[1:]):
        for lam in (Q(1, 2), Q(1, 3), Q(7, 8)):
            x = a + lam * (b - a)
            (f,) = res.predict([[x]])
            assert f == fv[a] + lam * (fv[b] - fv[a])
    lo, hi = grid[0], grid[-1]
    f_out = res.predict([[lo - 1], [lo - 2], [hi + 1], [hi + 2]])
    assert f_out[0] - f_out[1] == fv[lo] - f_out[0]  # affine left of the data
    assert f_out[3] - f_out[2] == f_out[2] - fv[hi]  # affine right of the data


def test_published_network(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True)
    assert res.value == paper.value and res.p_nn == res.value
    kinks = sorted(-u.b / u.w[0] for u in res.network.units)
    assert set(kinks) <= set(Q(x) for x in paper.X)
    # predictions on new points agree with a plain float evaluation of the JSON weights
    js = res.to_json()
    t = float(Q(js["intercept"]))
    for x in (Q(-3), Q(9, 2), Q(6), Q(21, 2), Q(20)):
        (f,) = res.predict([[x]])
        g = t + sum(float(Q(nr["alpha"])) * max(float(x) * nr["w_float"][0] + nr["b_float"], 0.0) for nr in js["neurons"])
        assert abs(float(f) - g) < 1e-12


def test_predict_new_points_in_two_d():
    X, y = _rand(77, 7, 2)
    res = fit(X, y, Q(1, 5), bias=True)
    js = res.to_json()
    new = [[Q(1, 3), Q(-2)], [Q(7), Q(5, 2)], [Q(0), Q(0)], [Q(-9, 4), Q(11, 3)]]
    got = res.predict(new)
    for x, f in zip(new, got):
        assert isinstance(f, Q)
        g = float(Q(js["intercept"])) + sum(
            float(Q(nr["alpha"])) * max(sum(float(a) * b for a, b in zip(x, nr["w_float"])) + nr["b_float"], 0.0)
            for nr in js["neurons"])
        assert abs(float(f) - g) < 1e-10
    # rescaling does not change the function
    assert res.network.rescaled().predict(new) == got


# ------------------------------------------------------------------ the class itself


def test_network_doc_example_and_rescaling():
    net = Network([Unit((Q(1),), Q(-1), Q(4))], intercept=Q(0))
    assert net.predict([[0], [3]]) == [Q(0), Q(8)]
    r = net.rescaled()
    assert r.units[0].w == (Q(2),) and r.units[0].b == Q(-2) and r.units[0].alpha == Q(2)
    assert r.objective([[0], [3]], [0, 8], Q(1, 2)) == Q(2)
    assert net.objective([[0], [3]], [0, 8], Q(1, 2)) == Q(17, 4)


def test_rescaling_with_irrational_factor():
    # ‖w‖₁ = 1, α = 2: c = √2, w ← √2 w, α ← α/√2 = √2
    net = Network([Unit((Q(1, 2), Q(-1, 2)), Q(1, 3), Q(2))], intercept=Q(1))
    r = net.rescaled()
    (u,) = r.units
    assert all(isinstance(c, Surd) for c in u.w) and isinstance(u.alpha, Surd)
    assert _sq(_l1(u.w)) == _sq(u.alpha) == 2
    X = [[Q(1), Q(0)], [Q(0), Q(1)], [Q(3), Q(1, 2)]]
    assert r.predict(X) == net.predict(X)
    assert r.objective(X, [0, 1, 2], 1) == net.objective(X, [0, 1, 2], 1, rescale=True)
    # the rescaled objective is the path form
    loss = sum(((p - q) ** 2 for p, q in zip(net.predict(X), [0, 1, 2])), Q(0)) / 2
    assert r.objective(X, [0, 1, 2], 1) == loss + net.regularization(1, form="path")


def test_zero_units_are_dropped_by_rescaling():
    net = Network([Unit((Q(1),), Q(0), Q(0)), Unit((Q(0),), Q(1), Q(3)), Unit((Q(2),), Q(0), Q(2))])
    r = net.rescaled()
    assert len(r.units) == 1 and r.units[0].w == (Q(2),)


def test_abs_activation_and_vector_output():
    net = Network([Unit((Q(1),), Q(-2), (Q(1), Q(-1)))], intercept=(Q(0), Q(1)), activation="abs")
    assert net.predict([[0], [2], [5]]) == [(Q(2), Q(-1)), (Q(0), Q(1)), (Q(3), Q(-2))]
    js = net.to_json()
    assert js[0]["alpha"] == ["1", "-1"]


def test_network_errors():
    net = Network([Unit((Q(1), Q(2)), Q(0), Q(1))])
    with pytest.raises(DimensionError):
        net.predict([[1, 2, 3]])
    with pytest.raises(NonExactInputError):
        net.predict([[0.5, 1]])
    with pytest.raises(InvalidInputError):
        net.regularization(1, form="l3")
    assert net.predict_float([[1, 1]]) == [3.0]
    assert net.objective_float([[1, 1]], [3], 1) == pytest.approx(3.0)


def test_l2_network_mixing_radicands():
    """ℓ2 neurons carry different surds; sums of them must still evaluate (regression)."""
    D = dictionary([[1, 2], [3, 1], [0, 1]], norm=2)
    units = [Unit(D.neuron(j).w, D.neuron(j).b, Q(j + 1)) for j in range(len(D))]
    radicands = {c.R for u in units for c in u.w if isinstance(c, Surd)}
    assert len(radicands) >= 2
    net = Network(units, Q(1), norm=2)
    X = [[1, 1], [2, -1], [Q(1, 2), 3]]
    exact_pred = net.predict(X)
    float_pred = net.predict_float(X)
    for e, f in zip(exact_pred, float_pred):
        assert abs(float(e) - f) < 1e-12
    # rescaled weight-decay objective = path objective (App. 6.12), exactly and in floats
    y = [0, 1, 2]
    obj = net.objective(X, y, Q(1, 3), rescale=True)
    assert abs(float(obj) - net.objective_float(X, y, Q(1, 3))) < 1e-10
    loss = sum((float(p) - v) ** 2 for p, v in zip(exact_pred, y)) / 2
    path = sum(abs(u.alpha) * 1.0 for u in units) / 3  # ‖w‖₂ = 1
    assert abs(float(obj) - (loss + path)) < 1e-10
    assert net.rescaled().predict_float(X) == pytest.approx(float_pred, rel=1e-12)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_fracs = st.fractions(min_value=-(10**30), max_value=10**30, max_denominator=10**12)


@st.composite
def _rational_networks(draw):
    d = draw(st.integers(1, 3))
    out = draw(st.sampled_from([None, 2]))
    k = draw(st.integers(0, 4))
    alpha = (lambda: tuple(draw(_fracs) for _ in range(out))) if out else (lambda: draw(_fracs))
    units = [Unit(tuple(draw(_fracs) for _ in range(d)), draw(_fracs), alpha()) for _ in range(k)]
    t = tuple(draw(_fracs) for _ in range(out)) if out else draw(_fracs)
    X = draw(st.lists(st.lists(_fracs, min_size=d, max_size=d), min_size=0, max_size=4))
    return Network(units, t, draw(st.sampled_from(["relu", "abs"]))), X


@settings(deadline=None, max_examples=200)
@given(_rational_networks())
def test_property_integer_predict_is_the_unit_by_unit_sum(case):
    # the integer-matrix evaluation of a rational network agrees with Σ α_j σ(x·w_j + b_j), one unit at a time
    net, X = case
    got = net.predict(X)
    want = []
    for x in X:
        h = net.hidden(x)
        if isinstance(net.intercept, tuple):
            want.append(tuple(t + sum((u.alpha[c] * v for u, v in zip(net.units, h)), Q(0))
                              for c, t in enumerate(net.intercept)))
        else:
            want.append(net.intercept + sum((u.alpha * v for u, v in zip(net.units, h)), Q(0)))
    assert got == want
