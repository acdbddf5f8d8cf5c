"""Tests of exactwedge.io: the exact CSV reader and atomic writes."""

from __future__ import annotations

import os
import stat
import sys
from fractions import Fraction as Q
from pathlib import Path

import pytest

from exactwedge import io as ewio
from exactwedge.exceptions import (
    DataFileError,
    OutputFileError,
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonFiniteInputError,
)
from exactwedge.io import atomic_write_bytes, atomic_write_text, check_output_paths, parse_csv_text, read_csv


def _write(tmp_path: Path, text: str, name: str = "d.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------ reading


def test_header_detected(tmp_path):
    X, Y, header = read_csv(_write(tmp_path, "x1,x2,y\n1,2,3\n4,5,6\n"))
    assert header == ["x1", "x2", "y"]
    assert X == [[Q(1), Q(2)], [Q(4), Q(5)]] and Y == [[Q(3)], [Q(6)]]


def test_no_header(tmp_path):
    X, Y, header = read_csv(_write(tmp_path, "1,2,3\n4,5,6\n"))
    assert header is None
    assert X == [[Q(1), Q(2)], [Q(4), Q(5)]] and Y == [[Q(3)], [Q(6)]]


def test_exact_cells(tmp_path):
    X, Y, _ = read_csv(_write(tmp_path, "a,b\n 1/2 , 0.1\n-7/4,1e-3\n+3,-0.125\n0.30000000000000004,12345678901234567890/3\n"))
    assert [r[0] for r in X] == [Q(1, 2), Q(-7, 4), Q(3), Q(30000000000000004, 10**17)]
    assert [r[0] for r in Y] == [Q(1, 10), Q(1, 1000), Q(-1, 8), Q(12345678901234567890, 3)]
    assert all(isinstance(v, Q) for r in X + Y for v in r)


def test_bom_crlf_and_blank_lines(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes("\ufeffx,y\r\n1,2\r\n\r\n3,4\r\n".encode("utf-8"))
    X, Y, header = read_csv(p)
    assert header == ["x", "y"] and X == [[Q(1)], [Q(3)]] and Y == [[Q(2)], [Q(4)]]


def test_targets(tmp_path):
    p = _write(tmp_path, "1,2,3\n4,5,6\n")
    X, Y, _ = read_csv(p, targets=2)
    assert X == [[Q(1)], [Q(4)]] and Y == [[Q(2), Q(3)], [Q(5), Q(6)]]
    for bad in (0, -1):
        with pytest.raises(InvalidInputError, match="targets"):
            read_csv(p, targets=bad)
    with pytest.raises(InvalidInputError):
        read_csv(p, targets=True)
    with pytest.raises(InvalidInputError, match="--targets 3"):
        read_csv(p, targets=3)
    with pytest.raises(InvalidInputError, match="--targets 5"):
        read_csv(p, targets=5)


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_nonfinite_cells(tmp_path, cell):
    p = _write(tmp_path, f"x,y\n1,2\n3,{cell}\n")
    with pytest.raises(NonFiniteInputError) as ei:
        read_csv(p)
    msg = str(ei.value)
    assert "line 3" in msg and "column 2" in msg and str(p) in msg


@pytest.mark.parametrize("cell", ["abc", "1/0", "0x10", "1,5".replace(",", ";"), "", "2**3", "1/2/3"])
def test_non_numeric_cells(tmp_path, cell):
    p = _write(tmp_path, f"1,2\n4,5\n\"{cell}\",6\n")
    with pytest.raises(InvalidInputError) as ei:
        read_csv(p)
    msg = str(ei.value)
    assert "line 3, column 1" in msg
    assert "\n" not in msg


def test_mixed_header_is_data(tmp_path):
    # a first row with some numbers is data, so its text cell is an error with its position
    with pytest.raises(InvalidInputError, match="line 1, column 1"):
        read_csv(_write(tmp_path, "x,1\n1,2\n3,4\n"))


def test_ragged_rows(tmp_path):
    with pytest.raises(DimensionError, match="line 3 has 1 cells, expected 2"):
        read_csv(_write(tmp_path, "x,y\n1,2\n3\n"))
    with pytest.raises(DimensionError, match="line 2 has 3 cells"):
        read_csv(_write(tmp_path, "1,2\n3,4,5\n"))


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", ",,\n"])
def test_empty_file(tmp_path, text):
    with pytest.raises(DataFileError, match="empty"):
        read_csv(_write(tmp_path, text))


def test_too_few_rows(tmp_path):
    with pytest.raises(DataFileError, match="at least 2"):
        read_csv(_write(tmp_path, "x,y\n"))
    with pytest.raises(DataFileError, match="got 1"):
        read_csv(_write(tmp_path, "x,y\n1,2\n"))
    X, _, _ = read_csv(_write(tmp_path, "1,2\n"), min_rows=1)
    assert X == [[Q(1)]]


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(DataFileError, match="directory"):
        read_csv(tmp_path)
    assert issubclass(DataFileError, ExactWedgeError)


def test_undecodable_file(tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\xff\xfe\x00\x81,1\n")
    with pytest.raises(DataFileError, match="cannot read"):
        read_csv(p)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    p = _write(tmp_path, "1,2\n3,4\n")
    p.chmod(0)
    try:
        with pytest.raises(DataFileError):
            read_csv(p)
    finally:
        p.chmod(0o600)


def test_parse_csv_text_source_in_messages():
    with pytest.raises(DimensionError, match="^mysrc: line 2"):
        parse_csv_text("1,2\n3\n", source="mysrc")


# ------------------------------------------------------------------ atomic writes


def _leftovers(d: Path, keep: set[str]) -> list[str]:
    return sorted(n for n in os.listdir(d) if n not in keep)


def test_atomic_write_creates_parents_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    atomic_write_text(target, "héllo\n")
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert _leftovers(target.parent, {"out.txt"}) == []
    atomic_write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert _leftovers(target.parent, {"out.txt"}) == []
    atomic_write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_atomic_write_permissions_follow_umask_and_existing_file(tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.txt"
        atomic_write_text(new, "x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644, oct(new.stat().st_mode)
        existing = tmp_path / "existing.txt"
        existing.write_text("old")
        existing.chmod(0o640)
        atomic_write_text(existing, "new")
        assert existing.read_text() == "new"
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("OLD")

    def boom(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(ewio.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_text(target, "NEW")
    monkeypatch.undo()
    assert target.read_text() == "OLD"
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_atomic_write_failure_while_writing(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"OLD")
    with pytest.raises(InvalidInputError, match="bytes"):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"OLD"
    assert _leftovers(tmp_path, {"out.bin"}) == []


def test_atomic_write_onto_a_directory_fails_cleanly(tmp_path):
    target = tmp_path / "adir"
    target.mkdir()
    (target / "inside").write_text("keep")
    with pytest.raises(OutputFileError, match="is a directory"):
        atomic_write_text(target, "x")
    assert (target / "inside").read_text() == "keep"
    assert _leftovers(tmp_path, {"adir"}) == []


def test_atomic_write_interrupted(tmp_path, monkeypatch):
    """Even a KeyboardInterrupt mid-write removes the temporary file."""
    target = tmp_path / "out.txt"

    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(ewio.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "x")
    monkeypatch.undo()
    assert not target.exists()
    assert os.listdir(tmp_path) == []


# ------------------------------------------------------------------ what is at the path survives


posix = pytest.mark.skipif(os.name != "posix", reason="POSIX links, FIFOs and devices")


@posix
def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("OLD")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    atomic_write_text(link, "NEW")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert real.read_text() == "NEW"
    assert _leftovers(tmp_path, {"real.json", "link.json"}) == []


@posix
def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "sub" / "new.json")
    atomic_write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "sub" / "new.json").read_text() == "x"


@posix
def test_hard_links_keep_sharing_the_data(tmp_path):
    a = tmp_path / "a.json"
    a.write_text("OLD and longer than the new text")
    b = tmp_path / "b.json"
    os.link(a, b)
    atomic_write_text(a, "NEW")
    assert a.read_text() == b.read_text() == "NEW"
    assert os.path.samefile(a, b) and a.stat().st_nlink == 2
    assert _leftovers(tmp_path, {"a.json", "b.json"}) == []


@posix
def test_hard_link_in_place_failure_keeps_the_complete_copy(tmp_path, monkeypatch):
    a = tmp_path / "a.json"
    a.write_text("OLD")
    os.link(a, tmp_path / "b.json")

    def full(fd, length):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ewio.os, "ftruncate", full)
    with pytest.raises(OutputFileError, match="no space left.*complete output is in .*a.json.exactwedge-complete"):
        atomic_write_text(a, "NEW")
    monkeypatch.undo()
    assert (tmp_path / "a.json.exactwedge-complete").read_text() == "NEW"


@posix
def test_fifo_is_written_straight_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a reader end that never blocks (Linux)
    try:
        atomic_write_text(fifo, "through the pipe\n")
        got = os.read(fd, 1 << 16)
    finally:
        os.close(fd)
    assert got == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path, {"pipe"}) == []


@posix
def test_fifo_without_reader_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputFileError, match="FIFO with no reader"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix
def test_dev_null_stays_a_device(tmp_path):
    """As root (CI) the old rename would have replaced /dev/null with a regular file."""
    atomic_write_text("/dev/null", "nothing\n")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    atomic_write_text(link, "nothing\n")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)


def test_dash_is_stdout(capsys):
    atomic_write_text("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


@posix
def test_root_keeps_the_owner(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("chown needs root")
    target = tmp_path / "owned.json"
    target.write_text("OLD")
    os.chown(target, 12345, 23456)
    atomic_write_text(target, "NEW")
    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 23456)


@posix
def test_stale_temp_of_a_dead_writer_is_removed(tmp_path):
    """A writer killed mid-write leaves only its temporary file, removed by the next write."""
    import subprocess

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = tmp_path / f".out.json.exactwedge-tmp-{pid}-abc123"
    stale.write_text("half")
    alive = tmp_path / f".out.json.exactwedge-tmp-{os.getppid()}-abc123"  # a live writer: kept
    alive.write_text("busy")
    other = tmp_path / f".other.json.exactwedge-tmp-{pid}-abc123"  # another output's: kept
    other.write_text("other")
    atomic_write_text(tmp_path / "out.json", "full")
    assert (tmp_path / "out.json").read_text() == "full"
    assert sorted(os.listdir(tmp_path)) == sorted(["out.json", alive.name, other.name])


@posix
def test_kill_mid_write_leaves_no_partial_file(tmp_path):
    """SIGKILL while the temporary file is being written: the old file is intact, the temp is cleaned next run."""
    import signal
    import subprocess

    target = tmp_path / "out.json"
    target.write_text("OLD")
    code = ("import os, signal\n"
            "from exactwedge import io as ewio\n"
            "ewio.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
            f"ewio.atomic_write_text({str(target)!r}, 'NEW' * 1000)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text() == "OLD"
    temps = _leftovers(tmp_path, {"out.json"})
    assert len(temps) == 1 and temps[0].startswith(".out.json.exactwedge-tmp-")
    atomic_write_text(target, "NEW")
    assert target.read_text() == "NEW" and _leftovers(tmp_path, {"out.json"}) == []


@pytest.mark.parametrize("errno_, fragment", [(28, "no space left on the device"), (13, "Permission denied")])
def test_write_errors_are_output_file_errors(tmp_path, monkeypatch, errno_, fragment):
    target = tmp_path / "out.json"
    target.write_text("OLD")

    def fail(fd):
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(ewio.os, "fsync", fail)
    with pytest.raises(OutputFileError, match=fragment) as info:
        atomic_write_text(target, "NEW")
    monkeypatch.undo()
    assert isinstance(info.value, OSError)
    assert target.read_text() == "OLD" and _leftovers(tmp_path, {"out.json"}) == []


@posix
def test_unwritable_places(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputFileError, match="cannot write"):
        atomic_write_text(tmp_path / "file" / "sub.json", "x")  # a file as a folder
    with pytest.raises(OutputFileError, match="cannot write"):
        atomic_write_text("/proc/exactwedge-test.json", "x")
    with pytest.raises(OutputFileError, match="cannot write"):
        atomic_write_text("/proc/self/status", "x")


@posix
def test_read_only_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputFileError, match="Permission denied"):
            atomic_write_text(ro / "out.json", "x")
    finally:
        ro.chmod(0o755)


# ------------------------------------------------------------------ outputs onto inputs


@posix
def test_check_output_paths_sees_links(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("1,2\n3,4\n")
    sym = tmp_path / "sym.csv"
    sym.symlink_to(data)
    hard = tmp_path / "hard.csv"
    os.link(data, hard)
    for out in (data, sym, hard, tmp_path / "." / "d.csv"):
        with pytest.raises(OutputFileError, match="refusing to overwrite an input"):
            check_output_paths({"--json": out}, {"the data file": data})
    with pytest.raises(OutputFileError, match="same file"):
        check_output_paths({"--json": tmp_path / "x", "--latex": tmp_path / "x"})
    with pytest.raises(OutputFileError, match="is a directory"):
        check_output_paths({"--json": tmp_path})
    with pytest.raises(OutputFileError, match="stdout"):
        check_output_paths({"--json": "-", "--latex": "-"})
    check_output_paths({"--json": "/dev/null", "--latex": "/dev/null"}, {"the data file": data})
    check_output_paths({"--json": tmp_path / "r.json", "--latex": None}, {"the data file": data, "x": None})
    assert data.read_text() == "1,2\n3,4\n"


@posix
def test_dev_stdout_onto_a_pipe(tmp_path):
    """/dev/stdout is a link to a pipe here: written straight into, never a temporary file in /proc."""
    import subprocess

    code = "from exactwedge.io import atomic_write_text; atomic_write_text('/dev/stdout', 'piped\\n')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "piped\n", "")


@posix
def test_read_only_file_is_kept(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    target = tmp_path / "keep.json"
    target.write_text("OLD")
    target.chmod(0o444)
    with pytest.raises(OutputFileError, match="read-only"):
        atomic_write_text(target, "NEW")
    assert target.read_text() == "OLD" and _leftovers(tmp_path, {"keep.json"}) == []
