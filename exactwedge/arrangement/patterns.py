r"""The activation patterns of the data's hyperplane arrangement, enumerated exactly.

A pattern is the diagonal of :math:`D(w) = \operatorname{diag}(\mathbf 1[\tilde X w \ge 0])`
over :math:`w \in \mathbb R^{\tilde d}`, with :math:`\tilde X = [X, \mathbf 1]` (bias)
or :math:`\tilde X = X`: the cells of the arrangement of the hyperplanes
:math:`\{w : \tilde x_i^\top w = 0\}`, seen from the data. They are the
non-strict view of the one enumeration of the cells
(:mod:`exactwedge.arrangement.cells`), whose strict view gives the chambers
(:func:`~exactwedge.arrangement.chambers`): every lower-dimensional cell
counts here, its zeros read as 1, so a chamber's pattern is a pattern but a
pattern need not come from a chamber.

>>> sign_patterns([[1], [-2], [3]]).astype(int).tolist()
[[0, 1, 0], [1, 0, 1], [1, 1, 1]]
"""


from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..ga.batch import DEFAULT_MAX_SUBSETS
from ..numbers import integer_rows
from .cells import DEFAULT_MAX_PATTERNS, cells, integer_matrix, rational_rows

__all__ = ["sign_patterns", "augment", "DEFAULT_MAX_PATTERNS"]


def augment(rows: tuple, bias: bool) -> list[list[Fraction]]:
    """:math:`\\tilde X = [X, \\mathbf 1]` with a bias, else X, as lists.

    >>> augment(((1, 2),), True)
    [[1, 2, Fraction(1, 1)]]
    """
    return [list(r) + [Fraction(1)] for r in rows] if bias else [list(r) for r in rows]


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

    Method (exact, no sampling): the pattern view of the one enumeration of
    the arrangement's cells, :func:`exactwedge.arrangement.cells.cells` with
    ``strict=False`` on the nonzero rows of :math:`\tilde X` (zero rows are
    always 1). In short: with :math:`r = \operatorname{rank}\tilde X` and
    :math:`X'` r independent columns of :math:`\tilde X` (same patterns, an
    essential arrangement), every nonzero cell is a pointed cone whose
    extreme rays are :math:`\pm\operatorname{cross}(x'_J)` for (r−1)-subsets
    J (by :func:`exactwedge.ga.batch.cross_products`); the patterns are the
    all-ones pattern (w = 0) and, for each ray c, :math:`\mathbf 1[X'c > 0]`
    completed on the rows Z where :math:`X'c = 0` by every pattern of the
    sub-arrangement :math:`X'_Z` (all :math:`2^{r-1}` of them in general
    position at c, recursively otherwise).

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
    P = integer_matrix(ints)
    live = np.flatnonzero(np.any(P != 0, axis=1))
    inner = cells(P[live], strict=False, max_patterns=max_patterns, max_subsets=max_subsets)
    D = np.ones((inner.shape[0], P.shape[0]), dtype=bool)  # zero rows are always 1
    D[:, live] = inner
    return D[D.any(axis=1)]
