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
  a precomputed table of (basis blade, vector coordinate, sign) terms;
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
from typing import Any

import numpy as np

from ..exceptions import DimensionError, TooLargeError
from ..numbers import as_matrix, integer_rows
from ._basis import combo_index, combos, perm_sign
from .blade import Vector

__all__ = ["CrossTable", "cross_products", "subsets", "INT64_LIMIT"]

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
        """``‖numerators[i]‖₁`` (integers); ``numerators[i] / l1[i]`` is the ℓ1-normalized cross product."""
        return np.abs(self.numerators).sum(axis=1)

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
def _step_table(d: int, g: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Terms of (grade-g blade) ∧ (vector) -> grade g+1, padded per target.

    Every sorted (g+1)-set I is I\\{i} ∧ e_i for each of its g+1 members i.
    """
    index = combo_index(d, g)
    ia, ib, sg = [], [], []
    for target in combos(d, g + 1):
        for i in target:
            rest = tuple(j for j in target if j != i)
            ia.append(index[rest])
            ib.append(i)
            sg.append(perm_sign(rest + (i,)))
    return np.array(ia, dtype=np.intp), np.array(ib, dtype=np.intp), np.array(sg, dtype=np.int64)


def subsets(n: int, k: int, *, max_subsets: int | None = DEFAULT_MAX_SUBSETS) -> np.ndarray:
    """All k-subsets of range(n), lexicographic, as an ``(C(n,k), k)`` int64 array.

    >>> subsets(4, 2).tolist()
    [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    """
    m = math.comb(n, k)
    if max_subsets is not None and m > max_subsets:
        raise TooLargeError(f"{m} subsets of size {k} from {n} points exceed the limit {max_subsets} (about {m * k * 8 / 2**20:.0f} MiB of indices)")
    if k == 0:
        return np.zeros((1, 0), dtype=np.int64)
    if k == 1:
        return np.arange(n, dtype=np.int64)[:, None]
    if k == 2:
        i, j = np.triu_indices(n, 1)
        return np.stack([i, j], axis=1).astype(np.int64)
    flat = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)), dtype=np.int64, count=m * k)
    return flat.reshape(m, k)


def _integer_points(points: Any) -> tuple[np.ndarray, list[int], int]:
    """Integer rows, their scales, and the largest absolute entry."""
    if isinstance(points, np.ndarray) and points.dtype.kind in "iu" and points.ndim == 2:
        ints = points.astype(object) if points.dtype == np.uint64 else points
        M = int(np.abs(ints).max()) if ints.size else 0
        return ints, [1] * points.shape[0], M
    rows = as_matrix(points, what="points")
    if not rows:
        raise DimensionError("cross_products needs at least 1 point, got 0")
    if any(not isinstance(c, Fraction) for r in rows for c in r):
        raise DimensionError("the batch kernel takes rational points; use exactwedge.cross for symbolic vectors")
    ints, scales = integer_rows(rows)
    M = max((abs(c) for r in ints for c in r), default=0)
    return np.array(ints, dtype=object), scales, M


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
    points : (n, d) array-like of exact numbers
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
        sub = subsets(N, k, max_subsets=max_subsets)
    else:
        sub = np.asarray(subset_array, dtype=np.int64)
        if sub.ndim != 2 or sub.shape[1] != k:
            raise DimensionError(f"subset_array must have shape (m, {k}), got {sub.shape}")
        if sub.size and (sub.min() < 0 or sub.max() >= N):
            raise DimensionError(f"subset indices must lie in 0..{N - 1}")
    bound = math.factorial(k) * M**k if k else 1
    use_int64 = bound <= INT64_LIMIT and M <= INT64_LIMIT
    dtype = np.int64 if use_int64 else object
    P = ints.astype(dtype)
    m = sub.shape[0]
    if k == 0:
        num = np.ones((m, 1), dtype=dtype)
    else:
        W = P[sub[:, 0]]
        for g in range(1, k):
            ia, ib, sg = _step_table(d, g)
            V = P[sub[:, g]]
            terms = W[:, ia] * V[:, ib] * (sg if dtype is np.int64 else sg.astype(object))
            W = terms.reshape(m, -1, g + 1).sum(axis=2)
        # wedge coefficient i (of combos(d, d-1)) misses coordinate d-1-i
        order = np.arange(d - 1, -1, -1)
        signs = np.where(np.arange(d) % 2 == 0, 1, -1).astype(np.int64)
        num = W[:, order] * (signs if dtype is np.int64 else signs.astype(object))
    if all(s == 1 for s in scales):
        den = np.ones(m, dtype=np.int64)
    else:
        sc = np.array(scales, dtype=object)
        den = np.prod(sc[sub], axis=1) if k else np.ones(m, dtype=object)
        den = np.asarray(den, dtype=object)
    return CrossTable(sub, num, den, d, "int64" if use_int64 else "python-int")
