"""Every error exactwedge raises, in one place.

All of them derive from :class:`ExactWedgeError`, and each also inherits the
builtin exception a caller would expect (``ValueError``, ``TypeError``,
``FileNotFoundError``), so ``except ValueError`` keeps working.

>>> from exactwedge.exceptions import DimensionError, ExactWedgeError
>>> issubclass(DimensionError, ValueError) and issubclass(DimensionError, ExactWedgeError)
True
"""

from __future__ import annotations

__all__ = [
    "ExactWedgeError",
    "InvalidInputError",
    "NonExactInputError",
    "NonFiniteInputError",
    "NotInvertibleError",
    "DimensionError",
    "TooLargeError",
    "DataFileError",
    "FileFormatError",
    "OutputFileError",
    "SolverError",
    "BackendNotInstalledError",
    "LatexError",
]


class ExactWedgeError(Exception):
    """Base class of every error raised on purpose by exactwedge."""


class InvalidInputError(ExactWedgeError, ValueError):
    """An input value that cannot be read as an exact number or is out of range
    (``"abc"``, ``beta <= 0``, an empty data set...)."""


class NonExactInputError(ExactWedgeError, TypeError):
    """A float was given where an exact number is required.

    Convert it on purpose with :func:`exactwedge.from_float`.
    """


class NonFiniteInputError(InvalidInputError):
    """NaN or an infinity, which no exact number represents."""


class NotInvertibleError(InvalidInputError):
    """A multivector that has no inverse here: ``a ~a`` is zero or not a scalar
    (:meth:`exactwedge.MultiVector.inv` inverts versors and blades)."""


class DimensionError(ExactWedgeError, ValueError):
    """Wrong number of vectors, wrong vector length, ragged rows, wrong shape."""


class TooLargeError(ExactWedgeError, ValueError):
    """A problem larger than the configured limit: refused before building it."""


class DataFileError(ExactWedgeError, ValueError):
    """A data file that is missing, empty or malformed."""


class FileFormatError(DataFileError):
    """A file exactwedge wrote, read back with the wrong format name or an
    unsupported format version (or damaged)."""


class OutputFileError(DataFileError, OSError):
    """An output that cannot be written (read-only folder, a folder or a socket
    as the path, a full disk, a FIFO nobody reads), or an output path that is an
    input or another output of the same run. Also an ``OSError``."""


class SolverError(ExactWedgeError, RuntimeError):
    """A solver failed or returned a result that could not be certified."""


class BackendNotInstalledError(ExactWedgeError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""


class LatexError(ExactWedgeError, RuntimeError):
    """pdflatex failed on a generated document (the message quotes its first error)."""
