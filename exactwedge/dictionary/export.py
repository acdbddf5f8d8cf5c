r"""Float export of a dictionary: a float64 matrix, its provenance, and files.

A :class:`~exactwedge.dictionary.Dictionary` is exact. This module is the one
explicit way out to float64 (STYLE: a float leaves only through an explicit
export). :func:`export_float` gives a :class:`FloatDictionary`:

* ``matrix``: the ``(n, m)`` float64 matrix, each entry the correctly rounded
  value of the exact one (``N_ij / s_j``, or ``N_ij / √s_j`` for ℓ2);
* ``keys``: one key per column, ``(samples, sign, anchor)``: the subset J
  (0-based sample indices and ``"e1"``… for basis vectors), ±1, and the anchor
  row (``None`` without bias). Keys are unique, so the export is also a
  "float dictionary" in the Python sense: ``F[key]`` is the float column;
* ``meta``: provenance and the exact parts as text (the data, each column's
  integer cross product and integer scale), enough to rebuild every column
  exactly.

Files, written as every output is (:func:`exactwedge.io.atomic_write_bytes`: atomically, through symlinks):

* ``.npz`` (numpy, no pickles): arrays ``matrix``, ``X_float``, and the JSON
  text of the metadata, with ``format`` and ``version``;
* ``.json``: the same, with floats written by Python's shortest round-trip
  ``repr``, so they read back bit for bit.

Both carry :data:`FORMAT` and :data:`FORMAT_VERSION`; a reader refuses other
formats and newer versions with :class:`~exactwedge.exceptions.FileFormatError`.

>>> from exactwedge.dictionary import dictionary
>>> F = export_float(dictionary([0, 1, 3], bias=True))
>>> F.matrix.shape, F.keys[0]
((3, 4), ((), 1, 0))
>>> F[((), 1, 0)].tolist()
[0.0, 1.0, 3.0]
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..exceptions import DataFileError, FileFormatError, InvalidInputError
from ..io import atomic_write_bytes
from ..numbers import format_exact

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "FloatDictionary",
    "export_float",
    "save_float_dictionary",
    "load_float_dictionary",
]

#: The format name written into every file.
FORMAT = "exactwedge.float_dictionary"
#: The current format version; readers accept versions 1..FORMAT_VERSION.
FORMAT_VERSION = 1

_SUFFIXES = (".npz", ".json")


def _key(samples: Any, sign: Any, anchor: Any) -> tuple:
    """A hashable column key from provenance (lists from JSON become tuples)."""
    samp = tuple(s if isinstance(s, str) else int(s) for s in samples)
    return (samp, int(sign), None if anchor is None else int(anchor))


@dataclass(eq=False)
class FloatDictionary:
    """A float64 dictionary: matrix, column keys and provenance.

    Attributes
    ----------
    matrix : numpy.ndarray
        ``(n, m)`` float64.
    keys : list of tuple
        ``(samples, sign, anchor)`` per column.
    X_float : numpy.ndarray
        ``(n, d)`` float64 data (each entry rounded once from the exact data).
    meta : dict
        JSON-ready provenance: the dictionary's summary, the exact data as
        text, and per column its ``cross`` (integers as text) and ``scale``.

    Examples
    --------
    >>> from exactwedge.dictionary import dictionary
    >>> F = export_float(dictionary([[1, 2], [3, 1]]))
    >>> len(F), F.keys[0], F.meta["norm"]
    (4, ((0,), 1, None), 1)
    >>> F.column_of((0,), 1, None).tolist()
    [0.0, 1.6666666666666667]
    """

    matrix: np.ndarray
    keys: list
    X_float: np.ndarray
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.matrix = np.asarray(self.matrix, dtype=np.float64)
        if self.matrix.ndim != 2:
            raise InvalidInputError(f"matrix must be 2-D, got {self.matrix.ndim} dimensions")
        self.keys = [_key(*k) for k in self.keys]
        if len(self.keys) != self.matrix.shape[1]:
            raise InvalidInputError(f"{len(self.keys)} keys for {self.matrix.shape[1]} columns")
        self._index = {k: j for j, k in enumerate(self.keys)}
        if len(self._index) != len(self.keys):
            raise InvalidInputError("column keys (samples, sign, anchor) must be unique")

    # ------------------------------------------------------------ mapping
    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, key: Any) -> np.ndarray:
        return self.matrix[:, self.index(key)].copy()

    def __contains__(self, key: Any) -> bool:
        try:
            return _key(*key) in self._index
        except (TypeError, ValueError):
            return False

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.keys)

    def index(self, key: Any) -> int:
        """The column number of ``key`` = ``(samples, sign, anchor)``."""
        try:
            k = _key(*key)
        except (TypeError, ValueError):
            raise KeyError(key) from None
        if k not in self._index:
            raise KeyError(key)
        return self._index[k]

    def column_of(self, samples: Any, sign: int, anchor: int | None) -> np.ndarray:
        """The float column of the neuron with this provenance."""
        return self[(samples, sign, anchor)]

    def as_dict(self) -> dict:
        """``{key: float column}`` for every column."""
        return {k: self.matrix[:, j].copy() for j, k in enumerate(self.keys)}

    @property
    def n(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def m(self) -> int:
        return int(self.matrix.shape[1])

    # ------------------------------------------------------------ files
    def _meta_out(self) -> dict:
        return {**self.meta, "format": FORMAT, "version": FORMAT_VERSION,
                "keys": [{"samples": list(s), "sign": g, "anchor": a} for s, g, a in self.keys]}

    def to_json_text(self) -> str:
        """The JSON file's text (floats in shortest round-trip form)."""
        doc = self._meta_out()
        doc["shape"] = list(self.matrix.shape)
        doc["X_float"] = self.X_float.tolist()
        doc["matrix"] = self.matrix.tolist()
        return json.dumps(doc, ensure_ascii=False, allow_nan=False)

    def to_npz_bytes(self) -> bytes:
        """The ``.npz`` file's bytes (no pickled objects)."""
        buf = io.BytesIO()
        np.savez_compressed(buf, matrix=self.matrix, X_float=self.X_float,
                            meta=np.array(json.dumps(self._meta_out(), ensure_ascii=False)),
                            format=np.array(FORMAT), version=np.array(FORMAT_VERSION, dtype=np.int64))
        return buf.getvalue()

    def save(self, path: str | os.PathLike) -> None:
        """Write to ``path`` atomically; the suffix (``.npz`` or ``.json``) picks the format."""
        save_float_dictionary(self, path)


def export_float(D: Any) -> FloatDictionary:
    """The float64 export of a :class:`~exactwedge.dictionary.Dictionary`.

    Parameters
    ----------
    D : Dictionary
        Any dictionary (ℓ1 or ℓ2, ReLU or absolute value).

    Returns
    -------
    FloatDictionary

    Examples
    --------
    >>> from exactwedge.dictionary import dictionary
    >>> D = dictionary([0, 1, 3], bias=True)
    >>> F = export_float(D)
    >>> bool((F.matrix == D.to_float()).all()), F.meta["columns"][1]
    (True, {'samples': [], 'sign': 1, 'anchor': 1, 'cross': ['1'], 'scale': '1', 'label': '(x - x1)'})
    """
    from .columns import Dictionary

    if not isinstance(D, Dictionary):
        raise InvalidInputError(f"expected an exactwedge Dictionary, got {type(D).__name__}")
    keys = []
    cols = []
    for j in range(len(D)):
        a = int(D.anchors[j])
        anchor = a if a >= 0 else None
        samples = tuple(D.subsets[j])
        keys.append((samples, int(D.signs[j]), anchor))
        cols.append({"samples": list(samples), "sign": int(D.signs[j]), "anchor": anchor,
                     "cross": [str(int(v)) for v in D.crosses[j]], "scale": str(int(D.scales[j])),
                     "label": D.neuron(j).label()})
    meta = {
        **D.summary(),
        "scale_meaning": ("column j = N_j / scale_j (exact rational)" if D.norm == 1
                          else "column j = N_j / sqrt(scale_j) (a surd)"),
        "X": [[format_exact(v) for v in r] for r in D.X],
        "columns": cols,
    }
    X_float = np.array([[float(v) for v in r] for r in D.X], dtype=np.float64).reshape(D.n, D.d)
    return FloatDictionary(D.to_float().copy(), keys, X_float, meta)


def _suffix(path: str | os.PathLike) -> str:
    suf = Path(path).suffix.lower()
    if suf not in _SUFFIXES:
        raise InvalidInputError(f"{path}: expected a .npz or .json file name, got suffix {suf or '(none)'!r}")
    return suf


def save_float_dictionary(F: Any, path: str | os.PathLike) -> None:
    """Write a float dictionary (or a Dictionary, exported first) to ``.npz`` or ``.json`` atomically.

    >>> import tempfile, os
    >>> from exactwedge.dictionary import dictionary
    >>> path = os.path.join(tempfile.mkdtemp(), "K.json")
    >>> save_float_dictionary(dictionary([0, 1, 3], bias=True), path)
    >>> load_float_dictionary(path).keys[:2]
    [((), 1, 0), ((), 1, 1)]
    """
    if not isinstance(F, FloatDictionary):
        F = export_float(F)
    suf = _suffix(path)
    data = F.to_npz_bytes() if suf == ".npz" else (F.to_json_text() + "\n").encode("utf-8")
    atomic_write_bytes(path, data)


def _check_header(fmt: Any, version: Any, path: Any) -> None:
    if fmt != FORMAT:
        raise FileFormatError(f"{path}: not an exactwedge float dictionary (format {fmt!r}, expected {FORMAT!r})")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError(f"{path}: bad format version {version!r}")
    if not 1 <= version <= FORMAT_VERSION:
        raise FileFormatError(
            f"{path}: format version {version} is not supported (this exactwedge reads 1..{FORMAT_VERSION}); upgrade exactwedge"
        )


def _assemble(meta: dict, matrix: np.ndarray, X_float: np.ndarray, path: Any) -> FloatDictionary:
    try:
        keys = [(k["samples"], k["sign"], k["anchor"]) for k in meta.pop("keys")]
        meta.pop("format", None)
        meta.pop("version", None)
        return FloatDictionary(matrix, keys, X_float, meta)
    except (KeyError, TypeError, ValueError, InvalidInputError) as e:
        raise FileFormatError(f"{path}: damaged float dictionary ({e})") from None


def _load_npz(path: Path) -> FloatDictionary:
    try:
        with np.load(path, allow_pickle=False) as z:
            names = set(z.files)
            if not {"format", "version", "meta", "matrix", "X_float"} <= names:
                fmt = str(z["format"][()]) if "format" in names else None
                if fmt is not None and fmt != FORMAT:
                    _check_header(fmt, None, path)
                raise FileFormatError(f"{path}: not an exactwedge float dictionary (arrays {sorted(names)})")
            _check_header(str(z["format"][()]), int(z["version"][()]), path)
            meta = json.loads(str(z["meta"][()]))
            matrix = np.array(z["matrix"], dtype=np.float64)
            X_float = np.array(z["X_float"], dtype=np.float64)
    except FileFormatError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, json.JSONDecodeError) as e:
        raise FileFormatError(f"{path}: cannot read as .npz ({e})") from None
    return _assemble(meta, matrix, X_float, path)


def _load_json(path: Path) -> FloatDictionary:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot read: {e}") from None
    except json.JSONDecodeError as e:
        raise FileFormatError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(doc, dict):
        raise FileFormatError(f"{path}: not an exactwedge float dictionary (top level is not an object)")
    _check_header(doc.get("format"), doc.get("version"), path)
    try:
        shape = tuple(int(v) for v in doc.pop("shape"))
        matrix = np.array(doc.pop("matrix"), dtype=np.float64).reshape(shape)
        X_float = np.array(doc.pop("X_float"), dtype=np.float64)
        if X_float.ndim != 2:
            X_float = X_float.reshape(shape[0], -1)
    except (KeyError, TypeError, ValueError) as e:
        raise FileFormatError(f"{path}: damaged float dictionary ({e})") from None
    return _assemble(doc, matrix, X_float, path)


def load_float_dictionary(path: str | os.PathLike) -> FloatDictionary:
    """Read a ``.npz`` or ``.json`` float dictionary; the float parts come back bit for bit.

    Raises
    ------
    DataFileError
        Missing or unreadable file.
    FileFormatError
        Another format, an unsupported version, or a damaged file.

    Examples
    --------
    >>> import tempfile, os
    >>> from exactwedge.dictionary import dictionary
    >>> path = os.path.join(tempfile.mkdtemp(), "K.npz")
    >>> F = export_float(dictionary([[1, 2], [3, 1]]))
    >>> F.save(path)
    >>> G = load_float_dictionary(path)
    >>> bool((G.matrix == F.matrix).all()) and G.keys == F.keys and G.meta == F.meta
    True
    >>> load_float_dictionary(os.path.join(tempfile.mkdtemp(), "none.npz"))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DataFileError: ...none.npz: no such file
    """
    p = Path(path)
    suf = _suffix(p)
    if not p.exists():
        raise DataFileError(f"{path}: no such file")
    if p.is_dir():
        raise DataFileError(f"{path}: is a directory")
    return _load_npz(p) if suf == ".npz" else _load_json(p)
