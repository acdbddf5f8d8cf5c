"""Sampled working sets: the columns they pick, and the measured gap to the full optimum."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.exceptions import InvalidInputError
from exactwedge.stream.columns import ColumnStream
from exactwedge.stream.fit import fit_stream
from exactwedge.stream.sampling import parse_sample, polish_subsets, sample_columns, solve_sampled
from exactwedge.trained import train
from exactwedge.training import fit


@pytest.mark.parametrize("bad", ["random", "random:0", "random:x", "poli", 5, ("random", 0), "polish:"])
def test_parse_sample_errors(bad):
    with pytest.raises(InvalidInputError):
        parse_sample(bad)


def test_random_sample_is_seeded_and_paired(rng):
    S = ColumnStream(rng.integers(-3, 4, size=(8, 3)).tolist())
    a = sample_columns(S, "random:5", seed=4)
    assert a == sample_columns(S, ("random", 5), seed=4) and a != sample_columns(S, "random:5", seed=5)
    assert len(a) == 10 and a == sorted(a) and all(a[i] + 1 == a[i + 1] for i in range(0, 10, 2))
    assert sample_columns(S, "random:100000") == list(range(len(S)))
    A = ColumnStream(rng.integers(-3, 4, size=(8, 3)).tolist(), activation="abs", bias=True)
    assert len(sample_columns(A, "random:7", seed=1)) == 7


@pytest.mark.parametrize("bias", [False, True])
def test_polish_columns_are_the_polished_hyperplanes(rng, bias):
    from exactwedge.network import Network, Unit
    from exactwedge.trained.polish import polish_weight

    X = rng.integers(-4, 5, size=(9, 3)).tolist()
    S = ColumnStream(X, bias=bias)
    units = [Unit(tuple(Q(int(v)) for v in rng.integers(-3, 4, size=3)), Q(int(rng.integers(-3, 4))), Q(1))
             for _ in range(5)]
    for unit, (block, sub) in zip(units, polish_subsets(S, Network(units))):
        w, b, _info = polish_weight(S.rows, unit.w, unit.b if bias else None)
        cols = list(range(int(S.shared["offsets"][block]), int(S.shared["offsets"][block + 1])))
        # the first column of that subset's pair: same hyperplane as the polished weight (up to sign and scale)
        from exactwedge.stream.columns import subset_rank

        g = int(S.shared["offsets"][block]) + 2 * subset_rank(S.shared["block_points"][block], sub)
        assert g in cols
        nr = S.neuron(g)
        ratio = [p / q for p, q in zip(nr.w, w) if q != 0]
        assert ratio and all(v == ratio[0] for v in ratio)
        assert nr.b == ratio[0] * b


def test_sampled_gap_bounds_the_difference(rng):
    X = rng.integers(-5, 6, size=(10, 2)).tolist()
    y = rng.integers(-4, 5, size=10).tolist()
    for spec in ("random:6", "polish:4"):
        res = solve_sampled(X, y, "1/5", sample=spec, seed=2, executor="serial", full=True, train=train)
        diff = res.difference
        assert diff >= -1e-9 and res.solution.gap >= diff - 1e-9
        assert res.full.primal == pytest.approx(float(fit(X, y, "1/5").value), rel=1e-9)
        js = res.to_json()
        assert js["sample"] == spec and js["sampled_columns"] == len(res.columns)
    with pytest.raises(InvalidInputError):
        sample_columns(ColumnStream(X), "polish")  # needs y and beta


def test_fit_stream_with_a_sample(rng):
    X = rng.integers(-5, 6, size=(8, 2)).tolist()
    y = rng.integers(-4, 5, size=8).tolist()
    ref = fit(X, y, "1/3").value
    res = fit_stream(X, y, "1/3", certify="exact", sample="random:5", seed=1, executor="serial")
    assert res.exact and res.value >= ref
    assert res.certificate.holds == (res.value == ref)
    assert "sample random:5" in res.solver
    flt = fit_stream(X, y, "1/3", sample="random:5", seed=1, executor="serial")
    assert flt.value == pytest.approx(float(res.value), rel=1e-9)
    assert flt.certificate["duality_gap"] >= flt.value - float(ref) - 1e-9
    everything = fit_stream(X, y, "1/3", certify="exact", sample="random:1000", executor="serial")
    assert everything.value == ref and everything.certificate.holds
    assert np.isfinite(flt.certificate["relative_gap"])
