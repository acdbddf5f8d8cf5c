"""Reading exact data files and writing outputs atomically.

CSV format: comma-separated, an optional header row (detected when its cells
are not numbers), the last ``targets`` columns are labels, every cell an
integer, an exact decimal or ``p/q``. Floats written as decimals are read
exactly (``0.1`` is 1/10).

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "d.csv")
>>> atomic_write_text(path, "x,y\\n1/2,1\\n0.25,-1\\n")
>>> X, y, header = read_csv(path)
>>> X, y, header
([[Fraction(1, 2)], [Fraction(1, 4)]], [[Fraction(1, 1)], [Fraction(-1, 1)]], ['x', 'y'])
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import sys
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from .exceptions import DataFileError, DimensionError, ExactWedgeError, InvalidInputError, OutputFileError
from .numbers import parse_exact
from .numbers.policy import MAX_DIGITS

__all__ = ["read_csv", "parse_csv_text", "atomic_write_text", "atomic_write_bytes", "check_output_paths"]


def _is_number(cell: str) -> bool:
    try:
        parse_exact(cell)
    except ExactWedgeError:
        return False
    return True


#: The common cells, read without the general grammar: an integer, ``p/q`` or a plain decimal, ≤ 40 digits a part.
_PLAIN_CELL = re.compile(r"[ \t]*([+-]?[0-9]{1,40})(?:/([0-9]{1,40})|\.([0-9]{1,40}))?[ \t]*")


def _cell(text: str) -> Fraction:
    """:func:`~exactwedge.numbers.parse_exact` of a CSV cell, about twice as fast on plain numbers (same values).

    >>> _cell(" -0.25"), _cell("+3/6"), _cell("1e-3")
    (Fraction(-1, 4), Fraction(1, 2), Fraction(1, 1000))
    """
    m = _PLAIN_CELL.fullmatch(text)
    if m is None:
        return parse_exact(text)  # exponents, errors, NaN, long numbers: the general grammar and its messages
    p, q, frac = m.groups()
    if q is not None:
        return Fraction(int(p), int(q)) if q.strip("0") else parse_exact(text)
    if frac is not None:
        return Fraction(int(p + frac), 10 ** len(frac))
    return Fraction(int(p))


def parse_csv_text(text: str, *, targets: int = 1, min_rows: int = 2, source: str = "data",
                   labels: bool = True) -> tuple[list[list[Fraction]], list[list[Fraction]], list[str] | None]:
    """Parse CSV text into exact features ``X`` (n×d) and labels ``Y`` (n×targets).

    Returns ``(X, Y, header)``; ``header`` is None when the file has none.
    ``labels=False`` reads points only (every column a feature, Y empty rows).

    >>> parse_csv_text("1,2,3\\n4,5,6\\n", targets=1)
    ([[Fraction(1, 1), Fraction(2, 1)], [Fraction(4, 1), Fraction(5, 1)]], [[Fraction(3, 1)], [Fraction(6, 1)]], None)
    >>> parse_csv_text("1/2\\n3\\n", labels=False)
    ([[Fraction(1, 2)], [Fraction(3, 1)]], [[], []], None)
    >>> parse_csv_text("1,2\\n3\\n")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: data: line 2 has 1 cells, expected 2 (ragged rows)
    """
    if isinstance(targets, bool) or not isinstance(targets, int) or targets < 1:
        raise InvalidInputError(f"targets must be a positive integer, got {targets!r}")
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(i + 1, r) for i, r in enumerate(reader) if any(c.strip() for c in r)]
    except csv.Error as e:  # a cell over csv.field_size_limit() (131,072 characters), a NUL byte, ...
        limit = csv.field_size_limit()
        why = (f"a cell is longer than {limit:,} characters (numbers are read up to {MAX_DIGITS:,} digits)"
               if "field limit" in str(e) else str(e))
        raise DataFileError(f"{source}: line {reader.line_num}: {why}") from None
    if not rows:
        raise DataFileError(f"{source}: the file is empty")
    header = None
    if not all(_is_number(c) for c in rows[0][1]) and not any(_is_number(c) for c in rows[0][1]):
        header = [c.strip() for c in rows[0][1]]
        rows = rows[1:]
    width = len(header) if header is not None else (len(rows[0][1]) if rows else 0)
    if not labels:
        targets = 0
    if width < 1 + min(targets, 1):
        raise DataFileError(
            f"{source}: found {width} column per row; expected features and a label separated by commas"
        )
    if labels and width <= targets:
        raise InvalidInputError(
            f"{source}: --targets {targets} leaves no feature column (the file has {width} columns); expected 1..{width - 1}"
        )
    X: list[list[Fraction]] = []
    Y: list[list[Fraction]] = []
    seen: dict[str, Fraction] = {}
    for line, r in rows:
        if len(r) != width:
            raise DimensionError(f"{source}: line {line} has {len(r)} cells, expected {width} (ragged rows)")
        vals = []
        for col, cell in enumerate(r):
            try:
                v = seen.get(cell)
                if v is None:
                    v = _cell(cell)
                    if len(seen) < 65536:  # repeated cells (labels, small integers) are read once
                        seen[cell] = v
                vals.append(v)
            except ExactWedgeError as e:
                raise type(e)(f"{source}: line {line}, column {col + 1}: {e}") from None
        X.append(vals[: width - targets])
        Y.append(vals[width - targets:])
    if len(X) < min_rows:
        raise DataFileError(f"{source}: expected at least {min_rows} data rows, got {len(X)}")
    return X, Y, header


#: The default limit on the size of a data file (CLI: ``--max-input-bytes``).
DEFAULT_MAX_INPUT_BYTES = 256 * 1024**2


def read_csv(path: str | os.PathLike, *, targets: int = 1, min_rows: int = 2,
             max_bytes: int | None = None, labels: bool = True) -> tuple[list[list[Fraction]], list[list[Fraction]], list[str] | None]:
    """Read an exact CSV data file; see :func:`parse_csv_text` for the format.

    Only a regular file is read (never a device or a FIFO), and only up to
    ``max_bytes`` (default :data:`DEFAULT_MAX_INPUT_BYTES`). ``labels=False``
    reads a file of points (no label column).

    Raises
    ------
    DataFileError
        For a missing, unreadable, empty, oversized or non-regular file, or too few rows.
    DimensionError, InvalidInputError, NonFiniteInputError
        For ragged rows, bad cells, NaN/inf, a bad ``targets``.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> atomic_write_text(path, "1,2,3\\n4,5,nan\\n")
    >>> read_csv(path)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.NonFiniteInputError: ...d.csv: line 2, column 3: got 'nan': NaN and infinity have no exact value
    >>> read_csv(os.path.join(tempfile.mkdtemp(), "missing.csv"))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DataFileError: ...missing.csv: no such file
    >>> read_csv("/dev/zero")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DataFileError: /dev/zero: is a device, not a regular file: save the data to a CSV file first
    """
    limit = DEFAULT_MAX_INPUT_BYTES if max_bytes is None else max_bytes
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidInputError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except OSError as e:
        raise DataFileError(f"{path}: cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise DataFileError(f"{path}: is a directory, expected a CSV file")
    if not stat.S_ISREG(st.st_mode):  # never open a device (/dev/zero reads forever) or a FIFO (blocks)
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise DataFileError(f"{path}: is {kind}, not a regular file: save the data to a CSV file first")
    if st.st_size > limit:
        raise DataFileError(f"{path}: the file has {st.st_size:,} bytes, over the input limit of {limit:,} bytes "
                            f"(CLI: --max-input-bytes to raise it)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # replaced between the stat and the open
                raise DataFileError(f"{path}: is not a regular file")
            raw = f.read(limit + 1)
        if len(raw) > limit:
            raise DataFileError(f"{path}: the file grew past the input limit of {limit:,} bytes while being read")
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot read: {e}") from None
    return parse_csv_text(text, targets=targets, min_rows=min_rows, source=str(path), labels=labels)


#: The mark in the name of a temporary output, ``.NAME.exactwedge-tmp-PID-XXXXXXXX``.
TEMP_MARK = ".exactwedge-tmp-"


def _fail(path: Any, why: str) -> OutputFileError:
    return OutputFileError(f"{path}: cannot write: {why}")


def _reason(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "no space left on the device"
    return e.strerror or str(e)


def _unlink(path: Any) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _temp_prefix(name: str) -> str:
    return f".{name[:80]}{TEMP_MARK}"


def _clean_stale_temps(folder: Path, name: str) -> None:
    """Remove this output's temporary files left by a writer that was killed (its process is gone)."""
    if os.name != "posix":
        return
    prefix = _temp_prefix(name)
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return
    for e in entries:
        pid = e.name[len(prefix):].split("-", 1)[0]
        if not (pid.isascii() and pid.isdigit()) or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            if e.is_file(follow_symlinks=False):
                _unlink(e.path)
        except (OSError, OverflowError):  # alive under another user, or not a pid
            continue


def _target_mode(st: os.stat_result | None) -> int:
    """The permissions of the existing file, else ``0o666`` less the umask."""
    if st is not None:
        return stat.S_IMODE(st.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group where allowed (as root: always)."""
    if not hasattr(os, "chown") or (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid in (st.st_uid, -1):
        try:
            os.chown(tmp, uid, st.st_gid)
            return
        except OSError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buf = getattr(sys.stdout, "buffer", None)
    if buf is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buf.write(data)
        buf.flush()


def _write_straight(path: Any, target: Path, data: bytes) -> None:
    """A device or a FIFO: opened and written into, never created, truncated or replaced."""
    try:  # O_NONBLOCK: a FIFO nobody reads fails now (ENXIO) instead of hanging
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise _fail(path, "a FIFO with no reader" if e.errno == errno.ENXIO else _reason(e)) from None
    try:
        os.set_blocking(fd, True)
        _write_all(fd, data)
    except OSError as e:
        raise _fail(path, "the reader closed it" if e.errno == errno.EPIPE else _reason(e)) from None
    finally:
        os.close(fd)


def _write_in_place(path: Any, target: Path, data: bytes, tmp: str) -> None:
    """A hard-linked file: ``tmp`` holds the complete output; copy it into the file every link shares."""
    try:
        fd = os.open(target, os.O_WRONLY)
        try:
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        kept = target.with_name(f"{target.name}.exactwedge-complete")
        try:
            os.link(tmp, kept)  # never replaces an existing file
            os.unlink(tmp)
        except OSError:
            kept = Path(tmp)
        raise _fail(path, f"{_reason(e)} (a hard-linked file, written in place: it may be incomplete; "
                          f"the complete output is in {kept})") from None
    os.unlink(tmp)


def _write_regular(path: Any, target: Path, data: bytes, st: os.stat_result | None) -> None:
    if st is not None and not os.access(target, os.W_OK):  # as a shell's > would: a read-only file is kept
        raise _fail(path, "the file is read-only")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clean_stale_temps(folder, target.name)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{_temp_prefix(target.name)}{os.getpid()}-")
    except OSError as e:
        raise _fail(path, f"cannot create a file in {folder}: {_reason(e)}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            _keep_owner(tmp, st)
        os.chmod(tmp, _target_mode(st))  # mkstemp makes 0600; keep the mode a plain write would give
        if st is not None and st.st_nlink > 1:
            _write_in_place(path, target, data, tmp)
            return
        os.replace(tmp, target)
    except OutputFileError:
        raise
    except OSError as e:
        _unlink(tmp)
        raise _fail(path, _reason(e)) from None
    except BaseException:
        _unlink(tmp)
        raise
    try:  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write an output: the one way exactwedge writes a file.

    - a regular file, or a new path (parent folders are made): written to a
      temporary file ``.NAME.exactwedge-tmp-PID-*`` in the same folder, synced
      and renamed into place, so a reader (or a kill) never sees a partial
      file and a failure leaves the old file untouched. The old file's mode
      (and, where allowed, owner) is kept. Temporary files left by a killed
      writer are removed by the next write of the same output. A file the
      user may not write (read-only) is refused, as a shell's ``>`` would;
    - a symlink: its target is written as above; the link stays a link;
    - a regular file with several hard links: the complete output is written
      to a temporary file first, then copied into the file itself, so every
      link sees it (a rename would break the links). This copy is not atomic:
      if it fails, the error names the complete copy it kept;
    - ``-`` (stdout), a character or block device, a FIFO: written straight
      into, never replaced (``/dev/null`` stays a device). A FIFO with no
      reader is an error, not a hang.

    Every failure (read-only folder, a folder as the path, a full disk...) is
    an :class:`~exactwedge.exceptions.OutputFileError` naming the path.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.bin")
    >>> atomic_write_bytes(path, b"abc")
    >>> from pathlib import Path
    >>> Path(path).read_bytes(), os.listdir(os.path.dirname(path))
    (b'abc', ['out.bin'])
    >>> atomic_write_bytes(os.path.dirname(path), b"abc")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.OutputFileError: ...: cannot write: is a directory
    """
    if not isinstance(data, (bytes, bytearray)):
        raise InvalidInputError(f"an output is bytes, got {type(data).__name__}")
    if str(path) == "-":
        _write_stdout(bytes(data))
        return
    try:  # the kernel follows the links (also /dev/stdout's /proc/self/fd/1 onto a pipe)
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise _fail(path, _reason(e)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _fail(path, "is a directory")
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_straight(path, Path(path), bytes(data))
            return
        if not stat.S_ISREG(st.st_mode):
            raise _fail(path, "not a regular file, a device or a FIFO")
    # a symlink is written through to its target: the temporary file goes beside the target
    _write_regular(path, Path(os.path.realpath(path)), bytes(data), st)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write text (UTF-8) as an output; see :func:`atomic_write_bytes`.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "sub", "out.txt")
    >>> atomic_write_text(path, "ok")
    >>> from pathlib import Path
    >>> Path(path).read_text()
    'ok'"""
    atomic_write_bytes(path, text.encode("utf-8"))


def _same_file(a: Any, b: Any) -> bool:
    try:
        return os.path.samefile(a, b)  # follows symlinks, sees hard links
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def _is_device(path: Any) -> bool:
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


def check_output_paths(outputs: Mapping[str, Any], inputs: Mapping[str, Any] | None = None) -> None:
    """Refuse, before any work, an output that would overwrite an input or another output.

    ``outputs`` and ``inputs`` map a name (for the message) to a path; None
    entries are skipped. Paths are compared as files: through symlinks and
    hard links. Two outputs may share a character device (``/dev/null``),
    which is written straight into; an existing folder is refused as an output.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> data = os.path.join(folder, "d.csv")
    >>> atomic_write_text(data, "1,2\\n")
    >>> check_output_paths({"--json": os.path.join(folder, "r.json")}, {"the data file": data})
    >>> check_output_paths({"--json": os.path.join(folder, ".", "d.csv")}, {"the data file": data})
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.OutputFileError: --json .../d.csv is the data file ...d.csv: refusing to overwrite an input
    >>> check_output_paths({"--json": "r.json", "--latex": "./r.json"})
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.OutputFileError: --json r.json and --latex ./r.json are the same file: give each output its own path
    """
    outs = [(k, v) for k, v in outputs.items() if v is not None]
    ins = [(k, v) for k, v in (inputs or {}).items() if v is not None and str(v) != "-"]
    for i, (name, out) in enumerate(outs):
        if str(out) == "-":
            if any(str(o) == "-" for _, o in outs[:i]):
                raise OutputFileError(f"{name} -: another output already goes to stdout")
            continue
        if os.path.isdir(out):
            raise _fail(f"{name} {out}", "is a directory")
        for what, src in ins:
            if _same_file(out, src):
                raise OutputFileError(f"{name} {out} is {what} {src}: refusing to overwrite an input")
        for other, prev in outs[:i]:
            if str(prev) != "-" and _same_file(out, prev) and not _is_device(out):
                raise OutputFileError(f"{other} {prev} and {name} {out} are the same file: "
                                      "give each output its own path")
