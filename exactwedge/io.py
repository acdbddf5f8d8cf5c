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
import io
import os
import stat
import tempfile
from fractions import Fraction
from pathlib import Path

from .exceptions import DataFileError, DimensionError, ExactWedgeError, InvalidInputError
from .numbers import parse_exact

__all__ = ["read_csv", "parse_csv_text", "atomic_write_text", "atomic_write_bytes"]


def _is_number(cell: str) -> bool:
    try:
        parse_exact(cell)
    except ExactWedgeError:
        return False
    return True


def parse_csv_text(text: str, *, targets: int = 1, min_rows: int = 2, source: str = "data") -> tuple[list[list[Fraction]], list[list[Fraction]], list[str] | None]:
    """Parse CSV text into exact features ``X`` (n×d) and labels ``Y`` (n×targets).

    Returns ``(X, Y, header)``; ``header`` is None when the file has none.

    >>> parse_csv_text("1,2,3\\n4,5,6\\n", targets=1)
    ([[Fraction(1, 1), Fraction(2, 1)], [Fraction(4, 1), Fraction(5, 1)]], [[Fraction(3, 1)], [Fraction(6, 1)]], None)
    >>> parse_csv_text("1,2\\n3\\n")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: data: line 2 has 1 cells, expected 2 (ragged rows)
    """
    if isinstance(targets, bool) or not isinstance(targets, int) or targets < 1:
        raise InvalidInputError(f"targets must be a positive integer, got {targets!r}")
    rows = [(i + 1, r) for i, r in enumerate(csv.reader(io.StringIO(text))) if any(c.strip() for c in r)]
    if not rows:
        raise DataFileError(f"{source}: the file is empty")
    header = None
    if not all(_is_number(c) for c in rows[0][1]) and not any(_is_number(c) for c in rows[0][1]):
        header = [c.strip() for c in rows[0][1]]
        rows = rows[1:]
    width = len(header) if header is not None else (len(rows[0][1]) if rows else 0)
    if width < 2:
        raise DataFileError(
            f"{source}: found {width} column per row; expected features and a label separated by commas"
        )
    if width <= targets:
        raise InvalidInputError(
            f"{source}: --targets {targets} leaves no feature column (the file has {width} columns); expected 1..{width - 1}"
        )
    X: list[list[Fraction]] = []
    Y: list[list[Fraction]] = []
    for line, r in rows:
        if len(r) != width:
            raise DimensionError(f"{source}: line {line} has {len(r)} cells, expected {width} (ragged rows)")
        vals = []
        for col, cell in enumerate(r):
            try:
                vals.append(parse_exact(cell))
            except ExactWedgeError as e:
                raise type(e)(f"{source}: line {line}, column {col + 1}: {e}") from None
        X.append(vals[: width - targets])
        Y.append(vals[width - targets:])
    if len(X) < min_rows:
        raise DataFileError(f"{source}: expected at least {min_rows} data rows, got {len(X)}")
    return X, Y, header


def read_csv(path: str | os.PathLike, *, targets: int = 1, min_rows: int = 2) -> tuple[list[list[Fraction]], list[list[Fraction]], list[str] | None]:
    """Read an exact CSV data file; see :func:`parse_csv_text` for the format.

    Raises
    ------
    DataFileError
        For a missing, unreadable or empty file, or too few rows.
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
    """
    p = Path(path)
    if not p.exists():
        raise DataFileError(f"{path}: no such file")
    if p.is_dir():
        raise DataFileError(f"{path}: is a directory, expected a CSV file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot read: {e}") from None
    return parse_csv_text(text, targets=targets, min_rows=min_rows, source=str(path))


def _target_mode(p: Path) -> int:
    """The permissions of the existing file, else ``0o666`` less the umask."""
    try:
        return stat.S_IMODE(os.stat(p).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and a failure leaves any old
    file untouched.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.bin")
    >>> atomic_write_bytes(path, b"abc")
    >>> from pathlib import Path
    >>> Path(path).read_bytes(), os.listdir(os.path.dirname(path))
    (b'abc', ['out.bin'])
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _target_mode(p))  # mkstemp makes 0600; keep the mode a plain write would give
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write text (UTF-8) atomically; see :func:`atomic_write_bytes`.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "sub", "out.txt")
    >>> atomic_write_text(path, "ok")
    >>> from pathlib import Path
    >>> Path(path).read_text()
    'ok'"""
    atomic_write_bytes(path, text.encode("utf-8"))
