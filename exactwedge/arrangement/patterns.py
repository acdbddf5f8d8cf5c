r"""The activation patterns of the data's hyperplane arrangement, enumerated exactly.

A pattern is the diagonal of :math:`D(w) = \operatorname{diag}(\mathbf 1[\tilde X w \ge 0])`
over :math:`w \in \mathbb R^{\tilde d}`, with :math:`\tilde X = [X, \mathbf 1]` (bias)
or :math:`\tilde X = X`: the cells of the arrangement of the hyperplanes
:math:`\{w : \tilde x_i^\top w = 0\}`, seen from the data.

>>> sign_patterns([[1], [-2], [3]]).astype(int).tolist()
[[0, 1, 0], [1, 0, 1], [1, 1, 1]]
"""


from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..ga.batch import DEFAULT_MAX_SUBSETS, INT64_LIMIT, cross_products
from ..numbers import as_matrix, integer_rows

__all__ = ["sign_patterns", "rational_rows", "augment", "DEFAULT_MAX_PATTERNS"]

#: Refuse to generate more candidate patterns than this (before deduplication).
DEFAULT_MAX_PATTERNS = 1_000_000


def rational_rows(X: Any, what: str) -> tuple[tuple[Fraction, ...], ...]:
    """The rows of X as Fractions (no symbols), with at least one row and one column.

    >>> rational_rows([[1, "1/2"]], "X")
    ((Fraction(1, 1), Fraction(1, 2)),)
    """
    rows = as_matrix(X, what=what)
    if not rows:
        raise DimensionError(f"{what} must have at least 1 row, got 0")
    if not rows[0]:
        raise DimensionError(f"{what} must have at least 1 column, got 0")
    for i, r in enumerate(rows):
        for c in r:
            if not isinstance(c, Fraction):
                raise InvalidInputError(
                    f"{what} row {i} holds the symbolic value {c}; the reference needs rational data"
                )
    return rows


def augment(rows: tuple, bias: bool) -> list[list[Fraction]]:
    """:math:`\\tilde X = [X, \\mathbf 1]` with a bias, else X, as lists.

    >>> augment(((1, 2),), True)
    [[1, 2, Fraction(1, 1)]]
    """
    return [list(r) + [Fraction(1)] for r in rows] if bias else [list(r) for r in rows]


def _pivot_columns(rows: Any) -> list[int]:
    """Indices of a maximal set of linearly independent columns (exact RREF)."""
    import flint

    n, d = len(rows), len(rows[0])
    entries = []
    for r in rows:
        for c in r:
            c = Fraction(c) if not isinstance(c, Fraction) else c
            entries.append(flint.fmpq(c.numerator, c.denominator))
    R, rank = flint.fmpq_mat(n, d, entries).rref()
    pivots = []
    for i in range(rank):
        pivots.append(next(j for j in range(d) if R[i, j] != 0))
    return pivots


def _signs(P: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Exact ``sign(C @ P.T)`` for integer matrices, as int8 ``(rays, n)``."""
    M = max(int(np.max(np.abs(P.astype(object)))), 1) if P.size else 1
    K = max(int(np.max(np.abs(C.astype(object)))), 1) if C.size else 1
    if P.shape[1] * M * K <= INT64_LIMIT:
        A = C.astype(np.int64) @ P.astype(np.int64).T
    else:
        A = C.astype(object) @ P.astype(object).T
    return (A > 0).astype(np.int8) - (A < 0).astype(np.int8)


class _Budget:
    """Counts generated candidate patterns and refuses past the limit."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self.count = 0

    def spend(self, k: int) -> None:
        self.count += k
        if self.limit is not None and self.count > self.limit:
            raise TooLargeError(
                f"the pattern enumeration reached {self.count} candidate patterns, more than "
                f"max_patterns={self.limit}; raise max_patterns (memory: about n bytes per pattern)"
            )


def _complete(base: np.ndarray, idx: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """Each row of ``base`` with its columns ``idx`` replaced by each row of ``sub``."""
    g, k = base.shape[0], sub.shape[0]
    if idx.shape[1] == 0:
        return base.copy()
    block = np.repeat(base, k, axis=0)
    rows = np.repeat(np.arange(g * k), idx.shape[1]).reshape(-1, idx.shape[1])
    block[rows, np.repeat(idx, k, axis=0)] = np.tile(sub, (g, 1))
    return block


def _bits(k: int) -> np.ndarray:
    """All ``2**k`` rows of k booleans."""
    return ((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)


def _all_patterns(P: np.ndarray, max_subsets: int | None, budget: _Budget) -> np.ndarray:
    """All patterns ``1[P v >= 0]``, v ∈ R^k, including the all-zero one; P integer."""
    n = P.shape[0]
    live = np.nonzero(np.any(P != 0, axis=1))[0]
    out = np.ones((1, n), dtype=bool)  # v = 0; zero rows are always 1
    if live.size == 0:
        return out
    Pl = P[live]
    pivots = _pivot_columns(Pl.tolist())
    r = len(pivots)
    Q = Pl[:, pivots]
    if r == live.size:
        # independent rows: every sign combination occurs
        budget.spend(2**r)
        inner = _bits(r)
    elif r == 1:
        # one line: the two sides (v = 0 is the all-ones pattern)
        budget.spend(2)
        inner = np.stack([Q[:, 0] > 0, Q[:, 0] < 0])
    else:
        table = cross_products(Q, max_subsets=max_subsets)
        C = table.numerators[table.nonzero()]
        S = _signs(Q, C)
        S = np.unique(np.concatenate([S, -S], axis=0), axis=0)
        nz = (S == 0).sum(axis=1)
        blocks = []
        # general position at the ray: its r-1 zero rows are independent, so
        # every completion occurs next to it
        gen = S[nz == r - 1]
        if gen.shape[0]:
            k = r - 1
            budget.spend(gen.shape[0] * 2**k)
            idx = np.nonzero(gen == 0)[1].reshape(gen.shape[0], k)
            blocks.append(_complete(gen > 0, idx, _bits(k)))
        # degenerate rays: the completions are the patterns of the rows through the ray
        cache: dict[tuple, np.ndarray] = {}
        for s in S[nz > r - 1]:
            Z = np.nonzero(s == 0)[0]
            key = tuple(Z.tolist())
            if key not in cache:
                cache[key] = _all_patterns(Pl[Z], max_subsets, budget)
            sub = cache[key]
            budget.spend(sub.shape[0])
            blocks.append(_complete((s > 0)[None, :], Z[None, :], sub))
        inner = np.concatenate(blocks, axis=0)
    full = np.ones((inner.shape[0], n), dtype=bool)
    full[:, live] = inner
    return np.unique(np.concatenate([out, full], axis=0), axis=0)


def sign_patterns(
    X: Any,
    *,
    bias: bool = False,
    max_patterns: int | None = DEFAULT_MAX_PATTERNS,
    max_subsets: int | None = DEFAULT_MAX_SUBSETS,
) -> np.ndarray:
    r"""Exact enumeration of the ReLU activation patterns of X.

    The patterns are the diagonals of

    .. math:: D(w) = \operatorname{diag}\big(\mathbf 1[\tilde X w \ge 0]\big),
              \qquad w \in \mathbb R^{\tilde d},

    with :math:`\tilde X = [X, \mathbf 1]` when ``bias`` and :math:`\tilde X = X`
    otherwise. Every realizable pattern except the all-zero one is returned
    (the all-zero pattern is dropped: its term in the arrangement program is
    zero), and nothing else.

    Method (exact, no sampling). Let :math:`r = \operatorname{rank}\tilde X`
    and let :math:`X'` be r linearly independent columns of :math:`\tilde X`
    (pivots of an exact RREF). Then :math:`\{\tilde X w\} = \{X' c : c \in
    \mathbb R^r\}` (the column spaces agree), so w and c give the same
    patterns, and :math:`c \mapsto X'c` is injective: the central arrangement
    :math:`\{x'_k{}^\top c = 0\}` is essential, and every nonzero face of it
    is a pointed cone, whose closure is generated by extreme rays. Each
    extreme ray is :math:`\pm\operatorname{cross}(x'_J)` for an (r−1)-subset
    J of independent rows (in integers, by
    :func:`exactwedge.ga.batch.cross_products`).

    If p is in a face F and c is a ray of its closure, then for small
    :math:`\varepsilon > 0` the signs of :math:`X'(c + \varepsilon p)` are
    those of :math:`X'c` where :math:`X'c \ne 0`, and those of
    :math:`X'p` on the set Z of rows where :math:`X'c = 0`. Conversely every
    :math:`c + \varepsilon v` is realizable. So the patterns are: the
    all-ones pattern (w = 0), and for each ray c, :math:`\mathbf 1[X'c > 0]`
    completed on Z by every pattern of the sub-arrangement :math:`X'_Z`. When
    :math:`|Z| = r - 1` (general position at c) these are all :math:`2^{r-1}`
    completions; otherwise they are enumerated recursively (:math:`X'_Z` has
    rank at most r − 1, and zero rows are always 1). For r = 1 the rays are
    ±1; for r = 0 (:math:`\tilde X = 0`) the only pattern is all-ones.

    Over-inclusion would be harmless (this is what makes any superset of
    patterns a valid input to :func:`arrangement_value`): for any pattern D,
    realizable or not, a u with :math:`(2D - I)\tilde X u \ge 0` has
    :math:`\tilde X u \ge 0` on the rows where D is 1 and :math:`\le 0` on
    the others, so :math:`D\tilde X u = (\tilde X u)_+`. Every term of the
    arrangement program is thus still a ReLU neuron with weights u at the same
    cost, and its value cannot drop below :math:`P_{NN}`. (For the absolute
    value, :math:`(2D - I)\tilde X u = |\tilde X u|` in the same way.)

    Parameters
    ----------
    X : (n, d) array-like of exact rationals
        The data; floats are refused (:mod:`exactwedge.numbers`).
    bias : bool
        Append the column of ones (neurons :math:`(x\cdot w + b)_+`).
    max_patterns : int or None
        Refuse (:class:`~exactwedge.exceptions.TooLargeError`) once the
        enumeration has generated more candidate patterns (before
        deduplication, recursion included) than this.
    max_subsets : int or None
        Passed to :func:`~exactwedge.ga.batch.cross_products`: refuse more
        than this many (r−1)-subsets.

    Returns
    -------
    numpy.ndarray
        ``(m, n)`` bool, without duplicates, in lexicographic order
        (``False < True``).

    Raises
    ------
    DimensionError
        Empty or ragged X.
    NonExactInputError
        Float data.
    TooLargeError
        Too many subsets or candidate patterns.

    Examples
    --------
    Three points on a line through the origin, no bias: two sides plus w = 0.

    >>> sign_patterns([[1, 1], [-2, -2], [3, 3]]).astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [1, 1, 1]]

    In 1-D with a bias, n distinct points give 2n − 1 patterns (thresholds
    from either side, without the empty one):

    >>> sign_patterns([[0], [1], [2]], bias=True).astype(int).tolist()
    [[0, 0, 1], [0, 1, 1], [1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    rows = rational_rows(X, "X")
    ints, _ = integer_rows(augment(rows, bias))
    M = max(abs(c) for row in ints for c in row)
    P = np.array(ints, dtype=np.int64 if M <= INT64_LIMIT else object)
    D = _all_patterns(P, max_subsets, _Budget(max_patterns))
    return D[D.any(axis=1)]
