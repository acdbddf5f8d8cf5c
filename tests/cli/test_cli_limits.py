"""The CLI refuses what cannot finish, before it allocates: memory and time budgets, bounded input, bounded options.

Each refusal is one line on stderr and exit status 2; the builders are
monkeypatched to fail if called, so a refusal test never allocates.
"""

from __future__ import annotations

import os

import pytest

from exactwedge.dictionary import build as build_module
from exactwedge.dictionary import cost
from exactwedge.stream import columns as stream_columns


@pytest.fixture(autouse=True)
def _default_budget():
    yield
    cost.set_memory_budget(None)  # --memory sets the process's budget


@pytest.fixture
def no_build(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("must refuse before building")

    monkeypatch.setattr(build_module, "cross_products", never)
    monkeypatch.setattr(stream_columns, "cross_products", never)
    monkeypatch.setattr(stream_columns, "chunk_columns", never)


def _rows(n: int, d: int) -> str:
    return "".join(",".join(str((i * (j + 3) + j * j) % 17 - 8) for j in range(d)) + f",{i % 3}\n" for i in range(n))


def test_400x6_bias_refused_by_the_time_budget(cli, no_build):
    data = cli.csv(_rows(400, 6))
    code, out, err = cli.run("fit", data, "--beta", "1", "--bias")
    cli.one_line_error(code, err, "70,863,174,064,800 columns")
    assert "--max-seconds" in err and "--force" in err and "--scheduler" in err


def test_memory_budget_refuses_a_materialized_fit(cli, no_build):
    data = cli.csv(_rows(300, 2))
    code, out, err = cli.run("fit", data, "--beta", "1", "--bias", "--memory", "1M", "--no-stream")
    cli.one_line_error(code, err, "memory budget of 1.0 MiB")
    for way in ("--sample random:N", "fewer features", "--max-columns", "--scheduler"):
        assert way in err


def test_streaming_d10_uses_small_chunks_within_the_budget(cli, no_build):
    # d = 10: ~10 KB per column; a 1 MiB budget cannot hold even the smallest chunks on many workers
    data = cli.csv(_rows(20, 10))
    code, out, err = cli.run("fit", data, "--beta", "1", "--stream", "--memory", "1M", "--workers", "4")
    cli.one_line_error(code, err, "over the memory budget of 1.0 MiB")
    out = cost.check_stream(20, 10, 10**7, workers=2, budget=256 * 2**20, max_seconds=None)
    assert out["chunk_size"] < 5000 and out["bytes"] <= 256 * 2**20


def test_sampling_still_prices_every_column_once(cli, no_build):
    # --sample solves on N columns but measures its duality gap over all of them: one full pass
    data = cli.csv(_rows(400, 6))
    code, out, err = cli.run("fit", data, "--beta", "1", "--bias", "--sample", "random:1000")
    cli.one_line_error(code, err, "one pricing pass over 70,863,174,064,800 columns")
    assert "--sample still prices every column" in err


def test_force_passes_the_time_budget_not_the_memory_budget(cli, no_build):
    import argparse

    from exactwedge.cli.fit import check_stream_budget
    from exactwedge.exceptions import TooLargeError

    args = argparse.Namespace(bias=True, norm=1, activation="relu", scheduler=None, workers=2, force=True,
                              max_seconds=None, chunk_size=None)
    assert check_stream_budget(args, 400, 6)["seconds"] > 10**6  # goes ahead (a note on stderr)
    args.chunk_size = 1 << 24
    with pytest.raises(TooLargeError, match="memory budget"):
        check_stream_budget(args, 400, 6)


@pytest.mark.parametrize("argv,fragment", [
    (("--max-columns", "-1"), "--max-columns must be ≥ 0, got -1"),
    (("--chunk-size", "0"), "--chunk-size must be between 1 and"),
    (("--chunk-size", str(10**9)), "--chunk-size must be between 1 and"),
    (("--memory", "lots"), "a memory size must be"),
    (("--memory=-2G",), "a memory size must be"),
    (("--max-input-bytes", "0"), "a memory size must be"),
    (("--stream", "--max-seconds", "-1"), "--max-seconds must be a positive"),
    (("--stream", "--max-seconds", "nan"), "--max-seconds must be a positive"),
])
def test_bounded_options(cli, no_build, argv, fragment):
    data = cli.csv(_rows(6, 2))
    code, out, err = cli.run("fit", data, "--beta", "1", *argv)
    cli.one_line_error(code, err, fragment)
    assert "limit is -1" not in err


def test_grid_bounded(cli, no_build):
    data = cli.csv(_rows(6, 2))
    code, out, err = cli.run("path", data, "--grid", "100000000")
    cli.one_line_error(code, err, "--grid needs an integer between 1 and 1,000")


def test_device_and_fifo_refused_by_name(cli, tmp_path):
    code, out, err = cli.run("fit", "/dev/zero", "--beta", "1")
    cli.one_line_error(code, err, "/dev/zero: is a device, not a regular file")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it for reading would block forever: it must not be opened
    code, out, err = cli.run("fit", fifo, "--beta", "1")
    cli.one_line_error(code, err, "is a FIFO, not a regular file")


def test_input_size_limit(cli):
    data = cli.csv(_rows(50, 2))
    code, out, err = cli.run("fit", data, "--beta", "1", "--max-input-bytes", "100")
    cli.one_line_error(code, err, "over the input limit of 100 bytes")
    code, out, err = cli.run("path", data, "--max-input-bytes", "100")
    cli.one_line_error(code, err, "over the input limit of 100 bytes")
