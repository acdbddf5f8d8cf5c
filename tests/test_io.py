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
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonFiniteInputError,
)
from exactwedge.io import atomic_write_bytes, atomic_write_text, parse_csv_text, read_csv


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
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"OLD"
    assert _leftovers(tmp_path, {"out.bin"}) == []


def test_atomic_write_onto_a_directory_fails_cleanly(tmp_path):
    target = tmp_path / "adir"
    target.mkdir()
    (target / "inside").write_text("keep")
    with pytest.raises(OSError):
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
