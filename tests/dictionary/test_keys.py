"""The exact identity of a column (dictionary/keys.py): the first column of each, and the keys themselves."""

from __future__ import annotations

from fractions import Fraction as Q
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.dictionary import keys as K
from exactwedge.dictionary.keys import column_keys, first_of_each


def _exact_column(col, scale, norm):
    """The column as exact numbers: N/s (ℓ1), or the direction with its squared length (ℓ2: N/√s)."""
    if norm == 1:
        return tuple(Q(int(v), int(scale)) for v in col)
    return tuple(Q(int(v) * int(v), int(scale)) * (1 if v >= 0 else -1) for v in col)  # v/√s, squared with its sign


def _reference(N, s, norm):
    seen, keep, zero = set(), [], 0
    for j in range(N.shape[1]):
        col = _exact_column(N[:, j], s[j], norm)
        if not any(col):
            zero += 1
        elif col not in seen:
            seen.add(col)
            keep.append(j)
    return keep, zero, N.shape[1] - zero - len(keep)


matrices = st.integers(1, 4).flatmap(lambda n: st.integers(0, 12).flatmap(lambda m: st.tuples(
    st.lists(st.lists(st.integers(-6, 6), min_size=m, max_size=m), min_size=n, max_size=n),
    st.lists(st.integers(1, 12), min_size=m, max_size=m))))


@settings(max_examples=150, deadline=None)
@given(matrices, st.sampled_from([1, 2]), st.booleans())
def test_first_of_each_is_the_first_of_each_exact_column(data, norm, as_object):
    rows, scales = data
    N = np.array(rows, dtype=np.int64).reshape(len(rows), len(scales))
    s = np.array(scales, dtype=np.int64)
    if as_object:
        N, s = N.astype(object), s.astype(object)
    keep, zero, dup = first_of_each(N, s, norm)
    assert (keep.tolist(), zero, dup) == _reference(N, s, norm)
    keys = column_keys(N, s, norm)
    for a in range(N.shape[1]):
        for b in range(N.shape[1]):
            same = _exact_column(N[:, a], s[a], norm) == _exact_column(N[:, b], s[b], norm)
            assert (keys[a] == keys[b]) == same


def test_a_hash_collision_is_caught_and_sorted_out(monkeypatch):
    """Every row hashed alike: the exact comparison sees it, and the whole rows decide."""
    rng = np.random.default_rng(5)
    N = rng.integers(-3, 4, size=(3, 60))
    N[:, 30:] = N[:, :30] * 2  # every column twice (the same column with scale 2)
    s = np.ones(60, dtype=np.int64)
    s[30:] = 2
    want = first_of_each(N, s, 1)
    monkeypatch.setattr(K, "_key_hash", lambda P, num, den: np.zeros(P.shape[1], dtype=np.uint64))
    got = first_of_each(N, s, 1)
    assert got[0].tolist() == want[0].tolist() and got[1:] == want[1:]
    assert got[0].tolist() == _reference(N, s, 1)[0] and max(got[0]) < 30


def test_l2_keys_leave_int64_for_python_ints():
    """ℓ2 squares the gcd: past √(2⁶³) the keys are built in Python ints, and still equal the int64 ones below it."""
    g = 3037000500  # g² > 2⁶³ − 1
    N = np.array([[g, 1], [2 * g, 2]], dtype=np.int64)
    s = np.array([g * g, 1], dtype=object)
    keep, zero, dup = first_of_each(N, s, 2)
    assert keep.tolist() == [0] and (zero, dup) == (0, 1)  # g·(1,2)/√(g²) = (1,2)/√1
    assert column_keys(N, s, 2)[0] == column_keys(np.array([[1], [2]]), [1], 2)[0]


def test_the_dictionary_keeps_the_first_of_each(rng=np.random.default_rng(11)):
    from exactwedge import dictionary

    X = rng.integers(-4, 5, size=(9, 3)).tolist()
    for bias, norm in ((False, 1), (True, 1), (False, 2)):
        D = dictionary(X, bias=bias, norm=norm)
        cols = [_exact_column(D.numerators[:, j], D.scales[j], norm) for j in range(len(D))]
        assert len(set(cols)) == len(cols) and all(any(c) for c in cols)
        assert D.candidates == len(D) + D.removed_zero + D.removed_duplicate and D.removed_duplicate > 0


def test_the_hash_does_not_depend_on_the_memory_order():
    rng = np.random.default_rng(3)
    P = rng.integers(-2**40, 2**40, size=(7, 50))
    num, den = rng.integers(1, 9, size=50), rng.integers(1, 9, size=50)
    assert np.array_equal(K._key_hash(P, num, den), K._key_hash(np.asfortranarray(P), num, den))
    assert len(set(K._key_hash(P, num, den).tolist())) == 50
