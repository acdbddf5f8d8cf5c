"""The exact identity of a dictionary column, and the first column of each identity.

A column is ``N_j / s_j`` (ℓ1) or ``N_j / √s_j`` (ℓ2), with integer
numerators ``N_j`` and a positive integer scale ``s_j``. With
``g_j = gcd N_j``, it equals ``(N_j / g_j) · (g_j / s_j)`` (ℓ1) or
``(N_j / g_j) · √(g_j² / s_j)`` (ℓ2), and the primitive vector ``N_j / g_j``
and the reduced ratio ``g_j / s_j`` (``g_j² / s_j``) say which column it is:
two columns are equal exactly when these agree. The **key** of a column is
that primitive vector followed by the ratio's numerator and denominator.

One module builds it for both uses: the materialized dictionary keeps the
first column of each key (:func:`first_of_each`), and the streamed working
set and certificate look columns up by key (:func:`column_keys`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["column_keys", "first_of_each"]

_INT64_MAX = 2**63 - 1
_SQUARE_SAFE = 3037000499  # the largest g with g² below 2⁶³
#: The seed of the hash's odd 64-bit multipliers (fixed: a run is reproducible).
#: A collision is caught by the exact comparison after it, never trusted.
_HASH_SEED = 0x5EED_C0DE


def _column_gcds(N: np.ndarray) -> np.ndarray:
    """``gcd`` of each int64 column (≥ 0; 0 for a zero column).

    Most columns are primitive after their first few entries, so those rows
    go first over every column, and the rest only over the columns still
    undecided (gcd ≠ 1).

    >>> _column_gcds(np.array([[4, 3, 0, 6], [6, 5, 0, 9], [8, 1, 0, 12]])).tolist()
    [2, 1, 0, 3]
    """
    n, m = N.shape
    if n == 0:
        return np.zeros(m, dtype=np.int64)
    head = min(n, 4)
    g = np.gcd.reduce(N[:head], axis=0)
    undecided = np.flatnonzero(g != 1)
    if head < n and len(undecided):
        g[undecided] = np.gcd(g[undecided], np.gcd.reduce(N[head:, undecided], axis=0))
    return g


def _reduced(N: np.ndarray, s: np.ndarray, norm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``(idx, P, num, den)``: the nonzero columns, their primitive numerators ``P = N/g`` and the reduced
    ratio ``num/den`` of ``g/s`` (ℓ1) or ``g²/s`` (ℓ2), in int64; None when a key leaves int64."""
    if N.dtype == object or s.dtype == object:
        return None
    g = _column_gcds(N)
    idx = np.flatnonzero(g != 0)
    gi, si = g[idx], s[idx].astype(np.int64)
    if norm == 2:
        if len(gi) and int(gi.max()) > _SQUARE_SAFE:
            return None
        num = gi * gi
    else:
        num = gi
    P = N if len(idx) == N.shape[1] else N[:, idx]
    big = np.flatnonzero(gi > 1)
    if len(big):  # divide only the columns that are not primitive (integer division is slow)
        P = P.copy() if P is N else P
        P[:, big] //= gi[big][None, :]
    r = np.gcd(num, si)
    return idx, P, num // r, si // r


def _key_matrix(N: np.ndarray, s: np.ndarray, norm: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``(idx, rows)``: the nonzero columns and their keys as int64 rows, or None when a key leaves int64."""
    red = _reduced(N, s, norm)
    if red is None:
        return None
    idx, P, num, den = red
    return idx, _rows(P, num, den)


def _rows(P: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """The keys as the rows of one contiguous int64 matrix: ``(P_j, num_j, den_j)`` for each column j."""
    return np.ascontiguousarray(np.concatenate([P, num[None, :], den[None, :]], axis=0).T)


def _python_key(col: list[int], scale: int, norm: int) -> tuple[int, ...] | None:
    """The key of one column in Python ints (None for a zero column)."""
    g = 0
    for v in col:
        g = math.gcd(g, v)
    if g == 0:
        return None
    f = Fraction(g, scale) if norm == 1 else Fraction(g * g, scale)
    return tuple(v // g for v in col) + (f.numerator, f.denominator)


def column_keys(N: np.ndarray, scales: Any, norm: int) -> list:
    """The key of each column of ``N`` (bytes of an int64 row, or a tuple of ints past int64); None for a zero column.

    The key does not depend on the dtype of ``N``: a column given as Python
    ints has the same key as in int64.

    >>> keys = column_keys(np.array([[2, 1, 0], [4, 2, 0]]), [2, 1, 1], 1)
    >>> keys[0] == keys[1], keys[2], keys[0] == column_keys(np.array([[1], [2]], dtype=object), [1], 1)[0]
    (True, None, True)
    >>> column_keys(np.array([[2], [4]]), [8], 2) == column_keys(np.array([[1], [2]]), [2], 2)  # 2·(1,2)/√8 = (1,2)/√2
    True
    """
    s = np.asarray(scales)
    fast = _key_matrix(N, s, norm)
    out: list = [None] * N.shape[1]
    if fast is not None:
        idx, rows = fast
        for j, row in zip(idx.tolist(), rows):
            out[j] = row.tobytes()
        return out
    for j in range(N.shape[1]):
        key = _python_key([int(v) for v in N[:, j]], int(s[j]), norm)
        if key is not None:
            out[j] = np.array(key, dtype=np.int64).tobytes() if max(abs(v) for v in key) <= _INT64_MAX else key
    return out


def _first_columns(P: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Positions of the first of each distinct key column ``(P_j, num_j, den_j)``, ascending.

    The keys are hashed to one uint64 each (:func:`_key_hash`) and grouped by
    hash, the first of each group kept. Each column that joins a group is then
    compared exactly with the group's first; only when two different keys share
    a hash are the whole keys sorted instead.
    """
    if P.shape[1] == 0:
        return np.zeros(0, dtype=np.int64)
    _, first, inverse = np.unique(_key_hash(P, num, den), return_index=True, return_inverse=True)  # stable sort
    rep = first[inverse.ravel()]
    joined = np.flatnonzero(rep != np.arange(len(rep)))
    same = rep[joined]
    if (np.array_equal(P[:, joined], P[:, same]) and np.array_equal(num[joined], num[same])
            and np.array_equal(den[joined], den[same])):
        return np.sort(first)
    rows = _rows(P, num, den)  # a collision
    void = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    return np.sort(np.unique(void, return_index=True)[1])


def _key_hash(P: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """One uint64 per key column: a fixed linear form with odd random weights, mod 2⁶⁴ (numpy's uint64 wraps).

    >>> h = _key_hash(np.array([[1, 1, 2], [2, 2, 1]]), np.array([1, 1, 1]), np.array([1, 1, 1]))
    >>> bool(h[0] == h[1]), bool(h[0] == h[2])
    (True, False)
    """
    w = _weights(P.shape[0] + 2)
    h = num.view(np.uint64) * w[-2] + den.view(np.uint64) * w[-1]
    U = P.view(np.uint64)
    if not U.flags.c_contiguous:  # column-major: each key is contiguous, one product per column
        return h + U.T @ w[:-2]
    t = np.empty_like(h)
    for i in range(P.shape[0]):  # row-major: row by row (numpy's integer matmul would stride across rows)
        np.multiply(U[i], w[i], out=t)
        h += t
    return h


def _weights(k: int) -> np.ndarray:
    """``k`` odd pseudo-random uint64 multipliers: SplitMix64 of ``_HASH_SEED + i`` (numpy.random is not loaded).

    >>> w = _weights(3)
    >>> [int(v) % 2 for v in w], len(set(w.tolist()))
    ([1, 1, 1], 3)
    """
    z = np.arange(k, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(_HASH_SEED)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (z ^ (z >> np.uint64(31))) | np.uint64(1)


def first_of_each(N: np.ndarray, scales: Any, norm: int) -> tuple[np.ndarray, int, int]:
    """``(keep, zero, duplicate)``: the first column of each key, in order, and how many columns are zero or repeat one.

    >>> keep, zero, dup = first_of_each(np.array([[2, 1, 0, 3], [4, 2, 0, 1]]), np.array([2, 1, 1, 1]), 1)
    >>> keep.tolist(), zero, dup
    ([0, 3], 1, 1)
    >>> first_of_each(np.array([[2, 1, 0, 3], [4, 2, 0, 1]], dtype=object), [2, 1, 1, 1], 1)[0].tolist()
    [0, 3]
    """
    s = np.asarray(scales)
    m = N.shape[1]
    red = _reduced(N, s, norm)
    if red is not None:
        idx, P, num, den = red
        keep = idx[_first_columns(P, num, den)].astype(np.int64)
        zero = m - len(idx)
        return keep, zero, m - zero - len(keep)
    seen: set = set()
    kept: list[int] = []
    zero = 0
    for j, key in enumerate(column_keys(N, s, norm)):
        if key is None:
            zero += 1
        elif key not in seen:
            seen.add(key)
            kept.append(j)
    return np.array(kept, dtype=np.int64), zero, m - zero - len(kept)
