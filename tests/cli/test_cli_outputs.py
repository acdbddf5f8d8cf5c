"""The command line never loses a file: outputs onto inputs are refused before any work,
links, devices and FIFOs survive a write, and a write failure is one line, exit status 2."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from exactwedge import io as ewio

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX links, FIFOs and devices")

#: The paper's data at β = 1/2 (a fast fit).
BETA = "1/2"


def _enospc(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk: every synced write of an output fails with ENOSPC."""

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ewio.os, "fsync", full)


def _no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any fit fail loudly: a refusal must come before the work."""
    import exactwedge.training

    def boom(*a, **k):
        raise AssertionError("the fit ran before the refusal")

    monkeypatch.setattr(exactwedge.training, "fit", boom)


# ------------------------------------------------------------------ outputs onto inputs, refused before any work


@posix
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "dotted"])
def test_fit_json_onto_the_data_is_refused(tmp_path, cli, monkeypatch, how):
    data = cli.csv()
    before = data.read_bytes()
    out = {"same": data, "dotted": tmp_path / "." / data.name,
           "symlink": tmp_path / "sym.csv", "hardlink": tmp_path / "hard.csv"}[how]
    if how == "symlink":
        out.symlink_to(data)
    elif how == "hardlink":
        os.link(data, out)
    _no_work(monkeypatch)
    code, _, err = cli.run("fit", data, "--beta", BETA, "--json", out)
    cli.one_line_error(code, err, "refusing to overwrite an input")
    assert data.read_bytes() == before


def test_fit_latex_onto_the_data_and_json_onto_latex(tmp_path, cli, monkeypatch):
    data = cli.csv()
    _no_work(monkeypatch)
    code, _, err = cli.run("fit", data, "--beta", BETA, "--latex", data)
    cli.one_line_error(code, err, "--latex")
    x = tmp_path / "x.out"
    code, _, err = cli.run("fit", data, "--beta", BETA, "--json", x, "--latex", x)
    cli.one_line_error(code, err, "are the same file")
    assert not x.exists()
    code, _, err = cli.run("fit", data, "--interpolate", "--json", data)
    cli.one_line_error(code, err, "refusing to overwrite an input")


def test_path_json_and_plot_onto_the_data_are_refused(tmp_path, cli):
    data = cli.csv()
    before = data.read_bytes()
    code, _, err = cli.run("path", data, "--json", data)
    cli.one_line_error(code, err, "refusing to overwrite an input")
    svg_data = cli.csv(name="p.svg")  # --plot p.png also writes p.svg beside it
    code, _, err = cli.run("path", svg_data, "--plot", tmp_path / "p.png")
    cli.one_line_error(code, err, "refusing to overwrite an input")
    assert data.read_bytes() == before and svg_data.read_bytes() == before
    code, _, err = cli.run("path", data, "--plot", tmp_path / "q.png", "--json", tmp_path / "q.svg")
    cli.one_line_error(code, err, "are the same file")


def test_demo_outputs_onto_each_other_are_refused(tmp_path, cli, monkeypatch):
    _no_work(monkeypatch)
    out = tmp_path / "demo"
    code, _, err = cli.run("demo", "--out", out, "--json", out / "report.json")
    cli.one_line_error(code, err, "are the same file")
    afile = tmp_path / "afile"
    afile.write_text("keep")
    code, _, err = cli.run("demo", "--out", afile)
    cli.one_line_error(code, err, "not a folder")
    assert afile.read_text() == "keep"


# ------------------------------------------------------------------ what is at the path survives


@posix
def test_fit_json_through_a_symlink(tmp_path, cli):
    data = cli.csv()
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = cli.run("fit", data, "--beta", BETA, "--json", link)
    assert code == 0, err
    assert link.is_symlink() and json.loads(real.read_text())["optimal_value"]


@posix
def test_fit_json_to_dev_null_keeps_the_device(cli):
    """As root (CI) the old rename replaced /dev/null with a regular file."""
    code, _, err = cli.run("fit", cli.csv(), "--beta", BETA, "--json", "/dev/null", "--latex", "/dev/null")
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@posix
def test_fit_json_into_a_fifo(tmp_path, cli):
    data = cli.csv()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # the reader end, held open (read-write, so opening never blocks); the report fits the pipe's buffer
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        code, _, err = cli.run("fit", data, "--beta", BETA, "--json", fifo)
        assert code == 0, err
        got = b""
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                break
            got += chunk
    finally:
        os.close(fd)
    assert json.loads(got)["optimal_value"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and sorted(os.listdir(tmp_path)) == ["data.csv", "pipe"]


@posix
def test_fit_json_into_a_fifo_nobody_reads(tmp_path, cli):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = cli.run("fit", cli.csv(), "--beta", BETA, "--json", fifo)
    cli.one_line_error(code, err, "FIFO with no reader")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# ------------------------------------------------------------------ write failures: one line, exit 2


def test_fit_json_onto_a_directory_is_refused_before_work(tmp_path, cli, monkeypatch):
    _no_work(monkeypatch)
    code, _, err = cli.run("fit", cli.csv(), "--beta", BETA, "--json", tmp_path)
    cli.one_line_error(code, err, "is a directory")


@posix
@pytest.mark.parametrize("flag", ["--json", "--latex"])
def test_fit_unwritable_places(tmp_path, cli, flag):
    data = cli.csv()
    (tmp_path / "file").write_text("x")
    for where in (tmp_path / "file" / "out", Path("/proc/exactwedge-test.out")):
        code, _, err = cli.run("fit", data, "--beta", BETA, flag, where)
        cli.one_line_error(code, err, "cannot write")


@pytest.mark.parametrize("flag", ["--json", "--latex"])
def test_fit_full_disk(tmp_path, cli, monkeypatch, flag):
    data = cli.csv()
    out = tmp_path / "out.txt"
    out.write_text("OLD")
    _enospc(monkeypatch)
    code, _, err = cli.run("fit", data, "--beta", BETA, flag, out)
    cli.one_line_error(code, err, "no space left on the device")
    monkeypatch.undo()
    assert out.read_text() == "OLD" and sorted(os.listdir(tmp_path)) == ["data.csv", "out.txt"]


@posix
def test_read_only_folder(tmp_path, cli):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    data = cli.csv()
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, err = cli.run("fit", data, "--beta", BETA, "--json", ro / "out.json")
        cli.one_line_error(code, err, "Permission denied")
    finally:
        ro.chmod(0o755)


def test_path_json_and_plot_full_disk(tmp_path, cli, monkeypatch):
    pytest.importorskip("matplotlib")
    data = cli.csv()
    _enospc(monkeypatch)
    code, _, err = cli.run("path", data, "--betas", "1/2", "--no-breakpoints", "--backends", "sklearn",
                           "--json", tmp_path / "p.json")
    cli.one_line_error(code, err, "no space left on the device")
    code, _, err = cli.run("path", data, "--betas", "1/2", "--no-breakpoints", "--backends", "sklearn",
                           "--plot", tmp_path / "p.png")
    cli.one_line_error(code, err, "no space left on the device")
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["data.csv"]


def test_demo_json_directory_is_refused_before_work(tmp_path, cli, monkeypatch):
    _no_work(monkeypatch)
    code, _, err = cli.run("demo", "--out", tmp_path / "demo", "--json", tmp_path)
    cli.one_line_error(code, err, "is a directory")
    assert not (tmp_path / "demo").exists()


@pytest.mark.slow
def test_demo_full_disk(tmp_path, cli, monkeypatch):
    _enospc(monkeypatch)
    code, _, err = cli.run("demo", "--out", tmp_path / "demo")
    cli.one_line_error(code, err, "no space left on the device")
    monkeypatch.undo()
    leftovers = [p for p in (tmp_path / "demo").iterdir()] if (tmp_path / "demo").exists() else []
    assert leftovers == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_fit_json_to_dev_full(cli):
    """/dev/full: a device whose every write fails with ENOSPC, written straight into and kept."""
    code, _, err = cli.run("fit", cli.csv(), "--beta", BETA, "--json", "/dev/full")
    cli.one_line_error(code, err, "no space left on the device")
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)
