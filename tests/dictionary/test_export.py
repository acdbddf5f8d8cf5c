"""Float export of dictionaries: the matrix, the keys, and loss-free .npz / JSON files."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from exactwedge.dictionary import dictionary
from exactwedge.exceptions import DataFileError, FileFormatError, InvalidInputError
from exactwedge.dictionary.export import (
    FORMAT,
    FORMAT_VERSION,
    FloatDictionary,
    export_float,
    load_float_dictionary,
    save_float_dictionary,
)

CASES = [
    ("1d-bias", [0, 1, 3, 7], dict(bias=True)),
    ("l1-2d", [[1, 2], [3, 1], ["1/3", "-2/7"]], dict()),
    ("l1-2d-bias", [[1, 2], [3, 1], ["1/3", "-2/7"], [0, 5]], dict(bias=True)),
    ("l2-3d", [[1, 2, 0], [3, 1, 1], [1, 1, 5]], dict(norm=2)),
    ("abs", [[1, 2], [3, 1], [2, 5]], dict(activation="abs")),
]


@pytest.mark.parametrize("name,X,kw", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_round_trip_is_bitwise(tmp_path, name, X, kw, suffix):
    D = dictionary(X, **kw)
    F = export_float(D)
    path = tmp_path / f"K{suffix}"
    F.save(path)
    G = load_float_dictionary(path)
    assert G.matrix.dtype == np.float64 and G.matrix.shape == (D.n, len(D))
    # bit for bit, not approximately
    assert G.matrix.tobytes() == F.matrix.tobytes() == D.to_float().tobytes()
    assert G.X_float.tobytes() == F.X_float.tobytes()
    assert G.keys == F.keys
    assert G.meta == F.meta
    assert os.listdir(tmp_path) == [path.name]  # atomic: no temporary file left


def test_keys_map_to_columns_and_provenance():
    D = dictionary([[1, 2], [3, 1], [0, 5]], bias=True)
    F = export_float(D)
    assert len(F) == len(D) == len(set(F.keys))
    for j, key in enumerate(F.keys):
        samples, sign, anchor = key
        prov = D.neuron(j).provenance()
        assert (list(samples), sign, anchor) == (prov["samples"], prov["sign"], prov["anchor"])
        assert np.array_equal(F[key], D.to_float()[:, j])
        assert F.index(key) == j and key in F
        # the exact parts in the metadata rebuild the column exactly
        col = F.meta["columns"][j]
        assert [int(v) for v in col["cross"]] == [int(v) for v in D.crosses[j]]
        assert int(col["scale"]) == int(D.scales[j])
    mapping = F.as_dict()
    assert set(mapping) == set(F.keys)
    assert ((9,), 1, 0) not in F
    with pytest.raises(KeyError):
        F[((9,), 1, 0)]
    assert F.meta["X"] == [["1", "2"], ["3", "1"], ["0", "5"]]
    assert F.meta["bias"] is True and F.meta["norm"] == 1


def test_json_floats_survive_exactly(tmp_path):
    # columns with non-terminating binary values (thirds, sevenths)
    D = dictionary([["1/3", "2/7"], ["5/3", "1/11"], ["-4/9", "7/5"]])
    path = tmp_path / "K.json"
    save_float_dictionary(D, path)
    doc = json.loads(path.read_text())
    assert doc["format"] == FORMAT and doc["version"] == FORMAT_VERSION
    G = load_float_dictionary(path)
    assert np.array_equal(G.matrix, D.to_float())


def test_version_and_format_errors(tmp_path):
    F = export_float(dictionary([0, 1, 3], bias=True))
    doc = json.loads(F.to_json_text())
    bad = tmp_path / "v99.json"
    bad.write_text(json.dumps({**doc, "version": 99}))
    with pytest.raises(FileFormatError, match="format version 99 is not supported"):
        load_float_dictionary(bad)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**doc, "format": "something.else"}))
    with pytest.raises(FileFormatError, match="not an exactwedge float dictionary"):
        load_float_dictionary(other)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        load_float_dictionary(broken)
    damaged = tmp_path / "damaged.json"
    doc2 = dict(doc)
    del doc2["keys"]
    damaged.write_text(json.dumps(doc2))
    with pytest.raises(FileFormatError, match="damaged"):
        load_float_dictionary(damaged)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file")
    with pytest.raises(FileFormatError):
        load_float_dictionary(junk)
    plain = tmp_path / "plain.npz"
    np.savez(plain, a=np.zeros(3))
    with pytest.raises(FileFormatError, match="not an exactwedge float dictionary"):
        load_float_dictionary(plain)
    # an npz written by a future version
    future = tmp_path / "future.npz"
    np.savez(future, matrix=F.matrix, X_float=F.X_float, meta=np.array("{}"), format=np.array(FORMAT),
             version=np.array(FORMAT_VERSION + 1))
    with pytest.raises(FileFormatError, match="not supported"):
        load_float_dictionary(future)
    # FileFormatError is a DataFileError (and a ValueError)
    assert issubclass(FileFormatError, DataFileError) and issubclass(FileFormatError, ValueError)


def test_missing_files_and_bad_names(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        load_float_dictionary(tmp_path / "none.json")
    with pytest.raises(DataFileError, match="is a directory"):
        load_float_dictionary(_dir_with_suffix(tmp_path))
    with pytest.raises(InvalidInputError, match="expected a .npz or .json"):
        save_float_dictionary(dictionary([0, 1], bias=True), tmp_path / "K.csv")
    with pytest.raises(InvalidInputError, match="expected an exactwedge Dictionary"):
        export_float([[1, 2]])


def _dir_with_suffix(tmp_path):
    d = tmp_path / "folder.npz"
    d.mkdir()
    return d


def test_float_dictionary_checks_its_shape():
    with pytest.raises(InvalidInputError, match="keys for"):
        FloatDictionary(np.zeros((2, 2)), [((0,), 1, None)], np.zeros((2, 1)))
    with pytest.raises(InvalidInputError, match="unique"):
        FloatDictionary(np.zeros((2, 2)), [((0,), 1, None), ((0,), 1, None)], np.zeros((2, 1)))
