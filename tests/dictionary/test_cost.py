"""The cost model (exactwedge.dictionary.cost) against measured peaks, and the memory budget's refusals.

Peaks are measured with tracemalloc (numpy's buffers included): memory, not
wall-clock, so the comparison does not depend on the machine's load.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from exactwedge.dictionary import build as build_module
from exactwedge.dictionary import column_count, dictionary
from exactwedge.dictionary import cost
from exactwedge.exceptions import InvalidInputError, TooLargeError
from exactwedge.stream.columns import ColumnStream, chunk_columns


def _data(n: int, d: int, seed: int = 0) -> list:
    return np.random.default_rng(seed).integers(-9, 10, size=(n, d)).tolist()


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("n,d,bias", [(40, 2, True), (60, 3, False), (12, 3, True), (30, 4, False)])
def test_materialized_peak_within_1_5x(n, d, bias):
    X = _data(n, d)
    measured = _peak(lambda: dictionary(X, bias=bias, max_columns=None))
    predicted = cost.dictionary_bytes(n, d, column_count(n, d, bias=bias, norm=1), bias=bias)
    assert predicted / 1.5 <= measured <= predicted * 1.5, (predicted, measured)


@pytest.mark.parametrize("n,d,bias", [(60, 2, True), (120, 3, False), (30, 3, True)])
def test_fit_peak_within_1_5x(n, d, bias):
    """The model covers the whole fit (the float copy and the certificate), not only the build."""
    from exactwedge import fit

    rng = np.random.default_rng(1)
    X, y = rng.integers(-50, 51, size=(n, d)).tolist(), rng.integers(-9, 10, size=n).tolist()
    measured = _peak(lambda: fit(X, y, 5, bias=bias, max_columns=None))
    predicted = cost.dictionary_bytes(n, d, column_count(n, d, bias=bias, norm=1), bias=bias)
    assert predicted / 1.5 <= measured <= predicted * 1.5, (predicted, measured)


@pytest.mark.parametrize("n,d,bias", [(60, 2, True), (40, 3, False), (20, 5, True), (14, 8, False), (15, 9, False)])
def test_chunk_peak_within_1_5x(n, d, bias):
    S = ColumnStream(_data(n, d), bias=bias, chunk_size=1000, cache_rows=0)
    sh = S.shared
    task = S.tasks[0]
    m = (task[2] - task[1]) * S.signs
    measured = _peak(lambda: chunk_columns(task, sh))
    predicted = cost.chunk_bytes(n, d, m)
    assert predicted / 1.5 <= measured <= predicted * 1.5, (predicted, measured)


def test_chunks_adapt_to_the_budget():
    # d = 10: ~10 KB per column; a 64 MiB budget on 2 workers gives chunks of ~800 columns, not 10^6
    small = cost.chunk_size_for(20, 10, budget=64 * 2**20, workers=2)
    assert 64 <= small <= 1000
    assert 2 * cost.chunk_bytes(20, 10, small) <= 64 * 2**20 // 8 + 2 * 4096
    cost.set_memory_budget(64 * 2**20)
    try:
        S = ColumnStream(_data(20, 10), chunk_size=None)
        assert S.chunk_size <= cost.chunk_size_for(20, 10, budget=64 * 2**20)
    finally:
        cost.set_memory_budget(None)


def test_huge_stream_builds_no_task_list():
    # 400 x 6 with bias: 7.09e13 columns; the stream and its task list are built at once, lazily
    X = [[i, (i * i) % 97, (3 * i) % 11, i % 7, (i * 5) % 13, (i * i * i) % 17] for i in range(400)]
    S = ColumnStream(X, bias=True, chunk_size=1 << 20)
    assert len(S) == column_count(400, 6, bias=True, norm=1) > 7 * 10**13
    assert len(S.tasks) > 10**7
    assert S.tasks[-1][0] == 399
    assert type(S.tasks).__name__ == "TaskList"


def test_memory_budget_refuses_before_building(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("must refuse before building: the cross products were computed")

    monkeypatch.setattr(build_module, "cross_products", never)
    cost.set_memory_budget(2**20)
    try:
        with pytest.raises(TooLargeError) as ei:
            dictionary(_data(200, 2), max_columns=None)
    finally:
        cost.set_memory_budget(None)
    msg = str(ei.value)
    assert "\n" not in msg
    assert "404 columns" in msg and "memory budget of 1.0 MiB" in msg
    for way in ("--sample random:N", "fewer features", "--max-columns", "--scheduler"):
        assert way in msg


def test_default_budget_is_a_fraction_of_available_memory(monkeypatch):
    monkeypatch.setattr(cost, "available_memory", lambda: 8 * 2**30)
    assert cost.memory_budget() == 4 * 2**30


@pytest.mark.parametrize("text", ["", "G", "-1G", "0", "1.2.3M", "٣G", "2X", "1e3"])
def test_parse_bytes_refuses(text):
    with pytest.raises(InvalidInputError):
        cost.parse_bytes(text)


def test_negative_max_columns_refused():
    with pytest.raises(InvalidInputError, match="got -1"):
        dictionary(_data(5, 2), max_columns=-1)


def test_pricing_time_estimate_grows_with_columns():
    assert cost.pricing_seconds(400, 6, column_count(400, 6, bias=True, norm=1)) > 10**6
    assert cost.pricing_seconds(20, 2, 1000) < 1


def test_available_memory_respects_ulimit(monkeypatch):
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda which: (3 * 2**30, resource.RLIM_INFINITY))
    assert 0 < cost.available_memory() <= 3 * 2**30
