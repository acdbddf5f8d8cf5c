"""Exact certification over streamed dictionaries: equal to the materialized exact optimum, in both modes."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.exceptions import InvalidInputError
from exactwedge.stream.certify import certify_stream, exact_residual
from exactwedge.stream.kkt_check import _normalize, certify_chunk
from exactwedge.stream.columns import ColumnStream, chunk_columns
from exactwedge.stream.executors import get_executor
from exactwedge.stream.working_set import solve_stream
from exactwedge.training import fit


def _problem(rng):
    n = int(rng.integers(3, 8))
    d = int(rng.integers(1, 4))
    X = rng.integers(-4, 5, size=(n, d)).tolist()
    y = [Q(int(v), int(rng.integers(1, 4))) for v in rng.integers(-5, 6, size=n)]
    return X, y, Q(int(rng.integers(1, 10)), int(rng.integers(1, 5)))


@pytest.mark.parametrize("bias,activation,mode", list(itertools.product([False, True], ["relu", "abs"],
                                                                        ["filter", "integer"])))
def test_exact_value_equals_materialized(rng, bias, activation, mode):
    for _ in range(3):
        X, y, beta = _problem(rng)
        ref = fit(X, y, beta, bias=bias, activation=activation)
        res = certify_stream(X, y, beta, bias=bias, activation=activation, executor="serial", mode=mode,
                             chunk_size=int(rng.integers(1, 6)))
        c = res.certificate
        assert res.value == ref.value and c.holds
        assert c.max_abs_correlation == ref.certificate.max_abs_correlation
        assert c.columns == len(res.stream) == c.by_filter + c.by_integer
        if mode == "integer":
            assert c.by_filter == 0
        assert (c.intercept_ok is True) if bias else (c.intercept_ok is None)
        assert set(res.z) == set(c.support)


def test_serial_threads_and_modes_identical(rng):
    X = rng.integers(-6, 7, size=(10, 3)).tolist()
    y = [Q(int(v), 4) for v in rng.integers(-8, 9, size=10)]
    sol = solve_stream(X, y, "1/2", executor="serial", chunk_size=13)
    a = certify_stream(sol, executor="serial")
    with get_executor("threads", workers=2) as ex:
        b = certify_stream(sol, executor=ex)
        c = certify_stream(sol, executor=ex, mode="integer")
    assert a.value == b.value == c.value == fit(X, y, "1/2").value
    assert a.z == b.z == c.z and a.certificate.to_json()["max_abs_correlation"] == c.certificate.to_json()["max_abs_correlation"]


def test_violators_join_the_exact_working_set(rng):
    X = rng.integers(-5, 6, size=(9, 2)).tolist()
    y = rng.integers(-5, 6, size=9).tolist()
    ref = fit(X, y, "1/4")
    poor = solve_stream(X, y, "1/4", executor="serial", max_passes=1, init_columns=[0, 1])  # a wrong working set
    for mode in ("filter", "integer"):
        res = certify_stream(poor, executor="serial", mode=mode)
        assert res.value == ref.value and res.certificate.holds and res.certificate.rounds > 1
        stuck = certify_stream(poor, executor="serial", mode=mode, grow=False)
        assert not stuck.certificate.holds and stuck.certificate.violators > 0
        assert stuck.certificate.violations and stuck.certificate.max_abs_correlation > stuck.beta
        assert stuck.value >= ref.value


@pytest.mark.parametrize("mode", ["filter", "integer"])
def test_ties_at_beta_are_decided_exactly(rng, mode):
    """β equal to the largest |K_jᵀr| holds; β a hair (10⁻³⁰) below it fails — in both modes."""
    S = ColumnStream(rng.integers(-4, 5, size=(7, 3)).tolist(), chunk_size=11)
    R, Dn = [int(v) for v in rng.integers(-9, 10, size=7)], 7
    best = Q(0)
    for t in S.tasks:
        out = chunk_columns(t, S.shared)
        for j in range(out["N"].shape[1]):
            best = max(best, Q(abs(sum(int(a) * b for a, b in zip(out["N"][:, j], R))), int(out["scales"][j]) * Dn))
    for beta, ok in [(best, True), (best - Q(1, 10**30), False)]:
        sh = {**S.shared, "R": R, "Dn": Dn, "bp": beta.numerator, "bq": beta.denominator, "bf": float(beta),
              "rhat": np.array([float(Q(v, Dn)) for v in R]), "support": {}, "support_idx": np.zeros(0, dtype=np.int64),
              "mode": mode, "top": 5}
        if mode == "integer":
            from exactwedge.stream.kkt_check import _limbs

            sh["limbs"] = _limbs(S, R, Dn, beta)
            assert sh["limbs"] is not None
        res = [certify_chunk(t, sh) for t in S.tasks]
        assert (sum(r["violators"] for r in res) == 0) == ok
        assert max(Q(*r["max"]) / Dn for r in res) == best


def test_normalize_limbs(rng):
    B = 13
    A = rng.integers(-2**40, 2**40, size=(6, 50)).astype(np.int64)  # limb-major
    A[-2:] = 0
    vals = [sum(int(A[k, i]) << (B * k) for k in range(6)) for i in range(50)]
    N = _normalize(A.copy(), B)
    assert np.all((N[:-1] >= 0) & (N[:-1] < 2**B))
    assert [sum(int(N[k, i]) << (B * k) for k in range(6)) for i in range(50)] == vals
    assert [(N[-1, i] < 0) for i in range(50)] == [v < 0 for v in vals]


def test_exact_residual_matches_definition():
    from exactwedge.lasso.columns import ExactColumns

    cols = ExactColumns.from_rational([[1, "1/2"], [2, 0], [0, 3]])
    y = [Q(1), Q(-1, 3), Q(2)]
    z = [Q(1, 5), Q(-2, 7)]
    R, Dn = exact_residual(cols, y, z, Q(1, 11))
    r = [yv - sum(cols.column(j)[i] * z[j] for j in range(2)) - Q(1, 11) for i, yv in enumerate(y)]
    assert [Q(v, Dn) for v in R] == r and math.gcd(*R, Dn) == 1


def test_certify_errors():
    with pytest.raises(InvalidInputError):
        certify_stream([[0, 1], [1, 0]], [1, 2], 1, norm=2)
    with pytest.raises(InvalidInputError):
        certify_stream([[0, 1], [1, 0]], [1, 2], 1, mode="fast")
    with pytest.raises(InvalidInputError):
        certify_stream([[0, 1], [1, 0]])
    sol2 = solve_stream([[0, 1], [1, 0], [1, 1]], [1, 2, 0], 1, norm=2, executor="serial")
    with pytest.raises(InvalidInputError):
        certify_stream(sol2)


@pytest.mark.slow
def test_larger_r3_problem_equals_materialized(rng):
    X = rng.integers(-10, 11, size=(40, 3)).tolist()
    y = [Q(int(v), 10) for v in rng.integers(-20, 21, size=40)]
    ref = fit(X, y, 2)
    for mode in ("filter", "integer"):
        res = certify_stream(X, y, 2, mode=mode)
        assert res.value == ref.value and res.certificate.holds
