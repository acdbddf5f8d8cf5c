"""The pieces of issue 14's streamed speed-ups: exact keys, light integer columns, distinct pricing, the
float active set on large working sets, and the streamed fit against the materialized one on the shape
the issue measured (random integer labels, small β: large supports)."""

from __future__ import annotations

import itertools
from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.dictionary.keys import column_keys
from exactwedge.stream.columns import ColumnStream, chunk_columns
from exactwedge.stream.pricing import merge_prices, price_chunk, signatures
from exactwedge.stream.restricted import restricted_lasso
from exactwedge.stream.fit import fit_stream
from exactwedge.training import fit


def _data(n, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(-50, 51, size=(n, 3)).tolist(), rng.integers(-9, 10, size=n).tolist()


@pytest.mark.parametrize("bias,norm,activation", list(itertools.product([False, True], [1, 2], ["relu", "abs"])))
def test_integer_columns_and_keys_match_the_exact_columns(bias, norm, activation):
    S = ColumnStream([[1, 2], [3, 1], [0, -2], [2, 2]], bias=bias, norm=norm, activation=activation, chunk_size=5)
    idx = list(range(S.total))
    N, s, ok = S.integer_columns(idx)
    C = [chunk_columns(t, S.shared) for t in S.tasks]
    nz = np.concatenate([c["index"] for c in C])
    assert sorted(np.flatnonzero(ok).tolist()) == sorted(nz.tolist())
    good = np.flatnonzero(ok).tolist()
    full = S.columns(good)
    assert np.array_equal(N[:, good], full["N"]) and [int(v) for v in s[good]] == [int(v) for v in full["scales"]]
    keys = column_keys(N[:, good], s[good], norm)
    # two keys agree exactly when the exact columns do
    cols = [tuple(S.column(g)) for g in good]
    for a, b in itertools.combinations(range(len(good)), 2):
        assert (keys[a] == keys[b]) == (cols[a] == cols[b])


def test_column_keys_do_not_depend_on_the_dtype():
    N = np.array([[0, 6, 3], [0, 9, 0], [0, 3, 1]])
    s = [1, 6, 2]
    for norm in (1, 2):
        a = column_keys(N, s, norm)
        b = column_keys(N.astype(object), np.array(s, dtype=object), norm)
        assert a == b and a[0] is None
    big = column_keys(np.array([[2**70], [2**71]], dtype=object), [1], 1)[0]
    assert big != column_keys(np.array([[1], [2]]), [1], 1)[0]  # same direction, another length
    assert big == column_keys(np.array([[3 * 2**70], [3 * 2**71]], dtype=object), [3], 1)[0]  # the same column
    assert big != column_keys(np.array([[2**70], [2**71 + 1]], dtype=object), [1], 1)[0]


def test_signatures_are_the_sign_patterns():
    rows = np.array([[1.0, -1.0], [2.0, 1.0], [-1.0, 0.5]])
    C = np.array([[1, 0], [0, 1], [1, 1]])
    sig = signatures(C, rows, "relu")
    T = rows @ C.T.astype(float)
    for j in range(2 * len(C)):
        t = T[:, j // 2] * (1 if j % 2 == 0 else -1)
        want = sum(1 << (63 - i) for i in range(3) if t[i] > 0)
        assert int(sig[j]) == want
    assert signatures(C, rows, "relu", np.array([3, 0])).tolist() == [sig[3], sig[0]]


def test_distinct_pricing_keeps_the_best_of_each_signature_and_the_same_max():
    X, y = _data(30, 3)
    S = ColumnStream(X, chunk_size=200)
    r = np.array(y, dtype=float)
    base = {**S.shared, "r": r, "threshold": 1.0, "top": 50}
    plain = merge_prices([price_chunk(t, base) for t in S.tasks], 50)
    dist = merge_prices([price_chunk(t, {**base, "distinct": True}) for t in S.tasks], 50)
    assert (plain["max"], plain["argmax"], plain["violators"]) == (dist["max"], dist["argmax"], dist["violators"])
    assert dist["top"][0] == plain["top"][0]
    cols = [g for g, _v in dist["top"]]
    N, _s, _ok = S.integer_columns(cols)
    pats = [tuple((N[:: max(1, S.n // 64), j] > 0).tolist()) for j in range(len(cols))]
    assert len(set(pats)) == len(pats)  # one column per sign pattern
    vals = [abs(v) for _g, v in dist["top"]]
    assert vals == sorted(vals, reverse=True)


def test_restricted_lasso_active_set_on_more_columns_than_rows():
    rng = np.random.default_rng(0)
    K = rng.normal(size=(8, 40))
    y = rng.normal(size=8)
    z, info = restricted_lasso(K, y, 0.3, gap_target=1e-10)
    assert info["backend"] == "float active set" and info["gap"] <= 1e-10
    assert np.count_nonzero(z) <= 8


@pytest.mark.parametrize("n,frac,seed", [(24, 10, 0), (24, 1000, 1), (70, 100, 2)])
def test_streamed_fit_equals_materialized_on_random_labels(n, frac, seed):
    X, y = _data(n, seed)
    S = ColumnStream(X)
    beta_max = max(abs(v) for v in S.float_columns(range(S.total)).T @ np.array(y, dtype=float))
    b = Q(beta_max).limit_denominator(1000) / frac
    mat = fit(X, y, b)
    ex = fit_stream(X, y, b, certify="exact", executor="serial")
    fl = fit_stream(X, y, b, executor="serial")
    assert ex.value == mat.value and ex.certificate.holds
    assert fl.certificate["holds"] and float(mat.value) <= fl.value + 1e-9 * abs(fl.value)
    assert fl.value - fl.certificate["duality_gap"] <= float(mat.value) * (1 + 1e-12)


def test_a_small_dictionary_joins_the_working_set_whole(monkeypatch):
    """Past the candidate pool (4096) but small as floats: every violator joins W at once, the solve ends on the
    support alone, and the value is the materialized one. Under a tight memory budget W grows by passes."""
    from exactwedge.dictionary import cost
    from exactwedge.stream import working_set as ws

    X, y = _data(80, 4)  # 6,642 columns in R³
    S = ColumnStream(X)
    assert S.total > ws._POOL_MAX and ws._whole(S)
    b = Q(max(abs(v) for v in S.float_columns(range(S.total)).T @ np.array(y, dtype=float))).limit_denominator(9) / 300
    mat = fit(X, y, b)
    sol = ws.solve_stream(S, y, b, executor="serial")
    assert sol.converged and sol.passes == 2 and sol.history[0]["violators"] > 1000
    assert np.count_nonzero(sol.z) == len(sol.working_set) == len(mat.support)
    assert abs(sol.primal - float(mat.value)) <= 1e-9 * float(mat.value)
    cost.set_memory_budget(4 * ws._POOL_MAX)  # W as the whole float dictionary would not fit a quarter of it
    try:
        assert not ws._whole(S)
        grown = ws.solve_stream(S, y, b, executor="serial")
    finally:
        cost.set_memory_budget(None)
    assert grown.converged and grown.passes > 2 and abs(grown.primal - sol.primal) <= 1e-9 * sol.primal
    monkeypatch.setattr(ws, "_ACTIVE_SET_MAX", S.total - 1)  # nor when W could pass the float active set's reach
    assert not ws._whole(S)
