r"""Batch kernel: the generalized cross products of many (d−1)-subsets at once.

This is the workhorse of the Lasso dictionaries: for a point set
:math:`a_1..a_N \subset \mathbb{Q}^d` it returns, for each subset
:math:`J = (j_1 < \dots < j_{d-1})`, the exact vector
:math:`\operatorname{cross}(a_{j_1}, \dots, a_{j_{d-1}})`.

How it stays exact and fast:

* each rational row is scaled by the lcm of its denominators (a positive
  factor, so directions and signs are untouched, and the exact cross product
  is the integer one divided by the product of the scales);
* the wedge is built one vector at a time, vectorized over all subsets, from
  a precomputed table of (basis blade, vector coordinate, sign) terms; when
  all subsets are wanted they are grown in lexicographic order and each
  prefix's wedge is computed once and shared by all its extensions, and the
  last step writes the cross-product coordinates (order and signs) directly;
* numpy ``int64`` is used when the Hadamard-style bound
  :math:`(d-1)!\,M^{d-1} < 2^{63}` (M the largest integer entry) proves that
  no minor, and no partial sum of one, can overflow; otherwise the same code
  runs on numpy object arrays of Python integers (unbounded).

>>> from exactwedge.ga.batch import cross_products
>>> t = cross_products([[1, 0, 0], [0, 1, 0], [1, 1, 1]])
>>> t.subsets.tolist()
[[0, 1], [0, 2], [1, 2]]
>>> t.numerators.tolist()
[[0, 0, 1], [0, -1, 1], [1, 0, -1]]
>>> t.vector(1)
Vector(0, -1, 1)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterator

import numpy as np

from ..exceptions import DimensionError, TooLargeError
from ..numbers import as_matrix
from ._basis import combo_index, combos, perm_sign
from .blade import Vector

__all__ = ["CrossTable", "cross_products", "cross_product_chunks", "subsets", "subset_chunks", "INT64_LIMIT"]

INT64_LIMIT = 2**63 - 1
#: Refuse to enumerate more subsets than this unless told otherwise.
DEFAULT_MAX_SUBSETS = 20_000_000


@dataclass(frozen=True)
class CrossTable:
    """The exact cross products of a batch of subsets.

    ``cross(a_J) == numerators[i] / denominators[i]`` for ``J = subsets[i]``.

    Attributes
    ----------
    subsets : numpy.ndarray
        ``(m, d-1)`` indices into the (possibly augmented) point list.
    numerators : numpy.ndarray
        ``(m, d)`` integer cross products of the integer-scaled rows,
        ``int64`` or ``object`` (Python ints).
    denominators : numpy.ndarray
        ``(m,)`` positive integers: the product of the row scales.
    dim : int
        d.
    arithmetic : str
        ``"int64"`` when the overflow bound allowed it, else ``"python-int"``.
    """

    subsets: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    dim: int
    arithmetic: str

    def __len__(self) -> int:
        return int(self.subsets.shape[0])

    def vector(self, i: int) -> Vector:
        """The exact cross product of subset ``i``."""
        den = int(self.denominators[i])
        return Vector(*(Fraction(int(c), den) for c in self.numerators[i]))

    def l1_norms(self) -> np.ndarray:
        """``‖numerators[i]‖₁`` (integers); ``numerators[i] / l1[i]`` is the ℓ1-normalized cross product.

        The sum stays in int64 only when ``d·max|N|`` fits; otherwise Python ints.

        >>> cross_products([[1, 2, 3], [4, 5, 6]]).l1_norms().tolist()
        [12]
        """
        N = self.numerators
        if N.dtype != object and N.size:
            M = int(np.abs(N.astype(object)).max())
            if M * N.shape[1] > INT64_LIMIT:
                N = N.astype(object)
        return np.abs(N).sum(axis=1)

    def nonzero(self) -> np.ndarray:
        """Boolean mask of the subsets whose vectors are independent (cross ≠ 0)."""
        return np.any(self.numerators != 0, axis=1)

    def to_float(self) -> np.ndarray:
        """Explicit float64 export of the exact cross products (may round)."""
        num = self.numerators.astype(np.float64) if self.arithmetic == "int64" else np.array(
            [[float(c) for c in row] for row in self.numerators], dtype=np.float64
        ).reshape(self.numerators.shape)
        return num / self.denominators.astype(np.float64)[:, None]


@lru_cache(maxsize=None)
def _step_table(d: int, g: int, final: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Terms of (grade-g blade) ∧ (vector) -> grade g+1, laid out position-major.

    Every sorted (g+1)-set I is I\\{i} ∧ e_i for each of its g+1 members i.
    With T targets, term ``p*T + t`` is the p-th member of target t, so the
    coefficient of target t is the sum of the g+1 contiguous blocks of width
    T. Returns (ia, ib, sg): the index of I\\{i} among the grade-g blades,
    the coordinate i, and the sign.

    With ``final`` (g+1 = d−1) the targets are put in cross-product order
    instead: target r is the (d−1)-set that misses coordinate r, and its
    terms carry the extra sign (−1)^r, so the sum is ``cross(...)_r`` directly.
    """
    index = combo_index(d, g)
    if final:
        targets = [tuple(j for j in range(d) if j != r) for r in range(d)]
        tsigns = [1 if r % 2 == 0 else -1 for r in range(d)]
    else:
        targets = list(combos(d, g + 1))
        tsigns = [1] * len(targets)
    ia, ib, sg = [], [], []
    for p in range(g + 1):
        for target, ts in zip(targets, tsigns):
            i = target[p]
            rest = target[:p] + target[p + 1 :]
            ia.append(index[rest])
            ib.append(i)
            sg.append(ts * perm_sign(rest + (i,)))
    out = (np.array(ia, dtype=np.intp), np.array(ib, dtype=np.intp), np.array(sg, dtype=np.int64))
    for a in out:
        a.setflags(write=False)
    return out


def _check_count(n: int, k: int, max_subsets: int | None) -> int:
    m = math.comb(n, k)
    if max_subsets is not None and m > max_subsets:
        raise TooLargeError(f"{m} subsets of size {k} from {n} points exceed the limit {max_subsets} (about {m * k * 8 / 2**20:.0f} MiB of indices)")
    return m


def _extend(last: np.ndarray, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Lexicographic one-element extension of sorted prefixes.

    A prefix ending in ``l`` extends by each of ``l+1..hi``, in order. Returns
    the number of extensions of each prefix and the new last elements.
    """
    counts = hi - last
    total = int(counts.sum())
    # new = l + 1 + (position within the prefix's run)
    shift = np.repeat(np.cumsum(counts) - counts - last - 1, counts)
    return counts, np.arange(total, dtype=np.int64) - shift


def subsets(n: int, k: int, *, max_subsets: int | None = DEFAULT_MAX_SUBSETS) -> np.ndarray:
    """All k-subsets of range(n), lexicographic, as an ``(C(n,k), k)`` int64 array.

    >>> subsets(4, 2).tolist()
    [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    """
    _check_count(n, k, max_subsets)
    if k == 0:
        return np.zeros((1, 0), dtype=np.int64)
    last = np.arange(max(n - k + 1, 0), dtype=np.int64)
    S = last[:, None]
    for g in range(1, k):
        # position g holds at most n-k+g, so that the prefix can be completed
        counts, last = _extend(last, n - k + g)
        S = np.concatenate([np.repeat(S, counts, axis=0), last[:, None]], axis=1)
    return S


def subset_chunks(n: int, k: int, chunk_size: int) -> Iterator[np.ndarray]:
    """The k-subsets of range(n) in lexicographic order, ``chunk_size`` rows at a time.

    Memory stays O(chunk_size · k) however many subsets there are: the
    enumeration a streamed dictionary needs.

    >>> [c.tolist() for c in subset_chunks(4, 2, 4)]
    [[[0, 1], [0, 2], [0, 3], [1, 2]], [[1, 3], [2, 3]]]
    >>> np.array_equal(np.concatenate(list(subset_chunks(9, 3, 10))), subsets(9, 3))
    True
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise DimensionError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    it = itertools.combinations(range(n), k)
    while True:
        flat = np.fromiter(itertools.chain.from_iterable(itertools.islice(it, chunk_size)), dtype=np.int64)
        if k == 0:
            yield np.zeros((1, 0), dtype=np.int64)
            return
        if not flat.size:
            return
        yield flat.reshape(-1, k)


def _integer_points(points: Any) -> tuple[np.ndarray, list[int], int]:
    """Integer rows, their scales, and the largest absolute entry."""
    if isinstance(points, np.ndarray) and points.dtype.kind in "iu" and points.ndim == 2:
        ints = points.astype(object) if points.dtype == np.uint64 else points
        # not np.abs(...).max(): abs(-2**63) wraps around in int64
        M = max(int(ints.max()), -int(ints.min())) if ints.size else 0
        return ints, [1] * points.shape[0], M
    rows = as_matrix(points, what="points")
    if not rows:
        raise DimensionError("cross_products needs at least 1 point, got 0")
    if any(not isinstance(c, Fraction) for r in rows for c in r):
        raise DimensionError("the batch kernel takes rational points; use exactwedge.cross for symbolic vectors")
    ints, scales = _scale_rows(rows)
    M = max((abs(c) for r in ints for c in r), default=0)
    return np.array(ints, dtype=object), scales, M


def _scale_rows(rows: tuple) -> tuple[list[list[int]], list[int]]:
    """:func:`exactwedge.numbers.integer_rows` for rows of Fractions, in integer arithmetic only.

    >>> _scale_rows(((Fraction(1, 2), Fraction(1, 3)), (Fraction(2), Fraction(4))))
    ([[3, 2], [2, 4]], [6, 1])
    """
    ints, scales = [], []
    for r in rows:
        s = math.lcm(*(c.denominator for c in r)) if r else 1
        ints.append([c.numerator for c in r] if s == 1 else [c.numerator * (s // c.denominator) for c in r])
        scales.append(s)
    return ints, scales


def _signed_columns(P: np.ndarray, ib: np.ndarray, sg: np.ndarray) -> np.ndarray:
    """``P[:, ib] * sg``; on object arrays the signs stay Python ints."""
    return P[:, ib] * (sg if P.dtype != object else sg.astype(object))


def _block_sum(terms: np.ndarray, parts: int) -> np.ndarray:
    """Sum of the ``parts`` contiguous column blocks of ``terms``."""
    T = terms.shape[1] // parts
    out = terms[:, :T] + terms[:, T : 2 * T]
    for p in range(2, parts):
        out += terms[:, p * T : (p + 1) * T]
    return out


def _cross_all(P: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cross products of all k-subsets of the rows of P, lexicographic.

    The subsets are grown one element at a time (see :func:`subsets`); a
    prefix's wedge is computed once and shared by all its extensions, so only
    the last step runs over all C(N, k) subsets. Each step is summed one
    term position at a time, which keeps the temporaries ``(m, T)`` small.
    """
    N, d = P.shape
    last = np.arange(max(N - k + 1, 0), dtype=np.int64)
    S = last[:, None]
    W = P[last]  # grade-1 blades of the first elements
    for g in range(1, k):
        ia, ib, sg = _step_table(d, g, g + 1 == k)
        T = ia.shape[0] // (g + 1)
        counts, last = _extend(last, N - k + g)
        Wa = W[:, ia]
        Pb = _signed_columns(P, ib, sg)
        acc = None
        for p in range(g + 1):
            cols = slice(p * T, (p + 1) * T)
            term = np.repeat(Wa[:, cols], counts, axis=0)
            term *= np.take(Pb[:, cols], last, axis=0)
            if acc is None:
                acc = term
            else:
                acc += term
        W = acc
        S = np.concatenate([np.repeat(S, counts, axis=0), last[:, None]], axis=1)
    return S, W


def _cross_given(P: np.ndarray, sub: np.ndarray, k: int) -> np.ndarray:
    """Cross products of the given k-subsets (rows of ``sub``) of the rows of P, k ≥ 2."""
    d = P.shape[1]
    W = P[sub[:, 0]]
    for g in range(1, k):
        ia, ib, sg = _step_table(d, g, g + 1 == k)
        W = _block_sum(W[:, ia] * _signed_columns(P, ib, sg)[sub[:, g]], g + 1)
    return W


def cross_products(
    points: Any,
    *,
    augment: bool = False,
    subset_array: np.ndarray | None = None,
    max_subsets: int | None = DEFAULT_MAX_SUBSETS,
) -> CrossTable:
    """Exact cross products of all (d−1)-subsets of a point set (or of given subsets).

    Parameters
    ----------
    points : (n, d) array-like of exact numbers, or a list of grade-1 clifford, kingdon or galgebra multivectors
        The points; numpy integer arrays take a fast path with no parsing.
    augment : bool
        Append the basis vectors e_1..e_d as points n..n+d−1 (the ℓ1 sets of
        THEORY §3).
    subset_array : (m, d-1) int array, optional
        Which subsets to compute; default all, in lexicographic order.
    max_subsets : int or None
        Refuse (``TooLargeError``) beyond this many subsets.

    Returns
    -------
    CrossTable

    Examples
    --------
    >>> t = cross_products([[1, 2]], augment=True)
    >>> t.subsets.tolist(), t.numerators.tolist()
    ([[0], [1], [2]], [[2, -1], [0, -1], [1, 0]])
    >>> t = cross_products([["1/2", 0, 0], [0, "1/3", 0]])
    >>> t.vector(0), t.arithmetic
    (Vector(0, 0, 1/6), 'int64')
    """
    ints, scales, M = _integer_points(points)
    n, d = ints.shape
    if d < 1:
        raise DimensionError("points must have at least 1 coordinate")
    if augment:
        eye = np.eye(d, dtype=np.int64).astype(ints.dtype)
        ints = np.concatenate([ints, eye], axis=0)
        scales = list(scales) + [1] * d
        M = max(M, 1)
    N = ints.shape[0]
    k = d - 1
    if subset_array is None:
        _check_count(N, k, max_subsets)
    else:
        sub = np.asarray(subset_array, dtype=np.int64)
        if sub.ndim != 2 or sub.shape[1] != k:
            raise DimensionError(f"subset_array must have shape (m, {k}), got {sub.shape}")
        if sub.size and (sub.min() < 0 or sub.max() >= N):
            raise DimensionError(f"subset indices must lie in 0..{N - 1}")
    # Overflow proof: every minor, and every partial sum of its expansion, is
    # at most the sum of |products| over the k! permutations, <= k! M^k.
    bound = math.factorial(k) * M**k if k else 1
    use_int64 = bound <= INT64_LIMIT and M <= INT64_LIMIT
    dtype = np.int64 if use_int64 else object
    P = ints.astype(dtype)
    if k == 0:
        if subset_array is None:
            sub = subsets(N, 0)
        num = np.ones((sub.shape[0], 1), dtype=dtype)
    elif k == 1:
        if subset_array is None:
            sub = subsets(N, 1)
        # cross(v) = (v_2, -v_1)
        num = _signed_columns(P, np.array([1, 0], dtype=np.intp), np.array([1, -1], dtype=np.int64))[sub[:, 0]]
    elif subset_array is None:
        sub, num = _cross_all(P, k)
    else:
        num = _cross_given(P, sub, k)
    m = sub.shape[0]
    if all(s == 1 for s in scales):
        den = np.ones(m, dtype=np.int64)
    else:
        sc = np.array(scales, dtype=object)
        den = np.prod(sc[sub], axis=1) if k else np.ones(m, dtype=object)
        den = np.asarray(den, dtype=object)
    return CrossTable(sub, num, den, d, "int64" if use_int64 else "python-int")


def cross_product_chunks(points: Any, *, augment: bool = False, chunk_size: int = 100_000) -> Iterator[CrossTable]:
    """:func:`cross_products` of all (d−1)-subsets, streamed ``chunk_size`` subsets at a time.

    The tables come in the lexicographic order of :func:`cross_products`;
    concatenated, they equal its single table, without ever holding it.

    >>> tabs = list(cross_product_chunks([[1, 0, 0], [0, 1, 0], [1, 1, 1]], chunk_size=2))
    >>> [t.subsets.tolist() for t in tabs], [t.numerators.tolist() for t in tabs]
    ([[[0, 1], [0, 2]], [[1, 2]]], [[[0, 0, 1], [0, -1, 1]], [[1, 0, -1]]])
    """
    ints, scales, _M = _integer_points(points)
    n, d = ints.shape
    total = n + (d if augment else 0)
    for chunk in subset_chunks(total, d - 1, chunk_size):
        yield cross_products(points, augment=augment, subset_array=chunk, max_subsets=None)
