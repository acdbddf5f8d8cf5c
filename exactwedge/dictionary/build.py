r"""Building the dictionaries of the theorems (THEORY §3).

=====================  =========  ==================================================
case                   theorem    neurons
=====================  =========  ==================================================
d = 1, bias            Thm 1      :math:`(x - x_j)_+,\ (x_j - x)_+`
ℓ1, no bias            Thm 2, 6   :math:`\pm\operatorname{cross}(a_J)/\lVert\cdot\rVert_1`, J ⊂ samples ∪ {e_1..e_d}
ℓ1, bias               Thm 3, 22  anchor j; shifted set :math:`\{x_k - x_j\} \cup \{e_k\}`; :math:`b = -w\cdot x_j`
ℓ2 (weight decay)      Thm 4, 5, 7 :math:`\pm\operatorname{cross}(x_J)/\lVert\cdot\rVert_2`, J ⊂ samples (shifted with bias)
absolute value         §4         the same neurons, features :math:`\lvert x\cdot w + b\rvert`, one sign each
=====================  =========  ==================================================

The 1-D case is the ℓ1 bias case at d = 1 (the cross product of no vectors is
:math:`e_1`), so one code path builds both.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from ..ga.batch import cross_products
from ..problem import Problem, check_options, read_data_matrix
from .columns import Dictionary
from .count import DEFAULT_MAX_COLUMNS, check_size
from .keys import first_of_each

__all__ = ["dictionary", "dictionary_of", "integer_data", "primitive_rows", "exact_matmul", "cross_scales",
           "neuron_columns"]

_INT64_SAFE = 2**62


def integer_data(rows: tuple) -> tuple[np.ndarray, int]:
    """The exact data as integers: ``(XI, L)`` with ``XI = L·X``, L the common denominator.

    ``XI`` is int64 when every entry is below 2⁶², else an object array of Python ints.

    >>> XI, L = integer_data(((Fraction(1, 2), Fraction(1)), (Fraction(3), Fraction(-1, 3))))
    >>> XI.tolist(), L
    ([[3, 6], [18, -2]], 6)
    """
    L = 1
    for r in rows:
        for c in r:
            L = math.lcm(L, c.denominator)
    ints = [[int(c * L) for c in r] for r in rows]
    M = max((abs(v) for r in ints for v in r), default=0)
    return np.array(ints, dtype=np.int64 if M < _INT64_SAFE else object), L


def primitive_rows(C: np.ndarray) -> np.ndarray:
    """Each integer row divided by the gcd of its entries (zero rows stay zero).

    >>> primitive_rows(np.array([[4, -6], [0, 0], [3, 5]])).tolist()
    [[2, -3], [0, 0], [3, 5]]
    """
    if C.dtype == object:
        out = C.copy()
        for i in range(C.shape[0]):
            g = 0
            for v in C[i]:
                g = math.gcd(g, int(v))
            if g > 1:
                out[i] = [int(v) // g for v in C[i]]
        return out
    g = np.gcd.reduce(C, axis=1)
    g[g == 0] = 1
    return C // g[:, None]


def exact_matmul(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Exact integer product; int64 only when a bound proves it cannot overflow, else Python ints.

    >>> exact_matmul(np.array([[2**40]]), np.array([[2**40]])).tolist(), exact_matmul(np.array([[2]]), np.array([[3]])).dtype
    ([[1208925819614629174706176]], dtype('int64'))
    """
    if A.dtype != object and B.dtype != object and A.size and B.size:
        bound = int(np.abs(A).max()) * int(np.abs(B).max()) * A.shape[1]
        if bound < _INT64_SAFE:
            return A @ B
    return np.dot(A.astype(object), B.astype(object))


def cross_scales(C: np.ndarray, norm: int, L: int) -> np.ndarray:
    """``s = L‖c‖₁`` (ℓ1) or ``L²‖c‖₂²`` (ℓ2) per row of C, exact (int64 when safe, else Python ints).

    >>> cross_scales(np.array([[3, -4]]), 1, 2).tolist(), cross_scales(np.array([[3, -4]]), 2, 2).tolist()
    ([14], [100])
    """
    if C.dtype != object and C.size:
        M = int(np.abs(C).max())
        big = (M * C.shape[1] * L >= _INT64_SAFE) if norm == 1 else (M * M * C.shape[1] * L * L >= _INT64_SAFE)
        if big:
            C = C.astype(object)
    if C.dtype == object:
        if norm == 1:
            return np.array([sum(abs(int(v)) for v in c) * L for c in C], dtype=object)
        return np.array([sum(int(v) * int(v) for v in c) * L * L for c in C], dtype=object)
    if norm == 1:
        return np.abs(C).sum(axis=1) * L
    return (C * C).sum(axis=1) * (L * L)


def _relu(raw: np.ndarray) -> np.ndarray:
    return np.maximum(raw, 0) if raw.dtype != object else np.where(raw > 0, raw, 0).astype(object)


def neuron_columns(rows: np.ndarray, C: np.ndarray, signs: Any = None, *, activation: str, norm: int,
                   L: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer numerators ``N`` (n × m) and scales ``s`` of the columns of the crosses C on the integer rows.

    Column j is :math:`\\sigma(\\pm\\,\\text{rows}\\cdot c_j)`, and the dictionary
    column is ``N_j/s_j`` (ℓ1) or ``N_j/√s_j`` (ℓ2), ``s = cross_scales(C, norm, L)``.
    For ReLU, ``signs`` gives the sign of each column (±1, one per row of C);
    None gives both signs of every cross, interleaved ``+, −`` (2m columns).
    The absolute value has one column per cross (``signs`` is ignored).

    >>> rows, C = np.array([[1, 2], [3, 1]]), np.array([[2, -1], [1, 0]])
    >>> N, s = neuron_columns(rows, C, activation="relu", norm=1, L=1)
    >>> N.tolist(), s.tolist()
    ([[0, 0, 1, 0], [5, 0, 3, 0]], [3, 3, 1, 1])
    >>> N, s = neuron_columns(rows, C, [-1, 1], activation="relu", norm=1, L=1)
    >>> N.tolist(), s.tolist()
    ([[0, 1], [0, 3]], [3, 1])
    """
    raw = exact_matmul(rows, C.T)  # (n, m): (x_i - x_anchor)·c scaled by L
    s = cross_scales(C, norm, L)
    if activation == "abs":
        return np.abs(raw), s
    if signs is None:
        N = np.empty((raw.shape[0], 2 * raw.shape[1]), dtype=raw.dtype)
        N[:, 0::2] = _relu(raw)
        N[:, 1::2] = _relu(-raw)
        return N, np.repeat(s, 2)
    neg = np.asarray(signs) < 0
    return _relu(np.where(neg[None, :], -raw, raw)), s


def _block(points: np.ndarray, rows: np.ndarray, names: list, *, augment: bool, anchor: int,
           activation: str, norm: int, L: int) -> dict:
    """Columns for one point set (the data, or the data shifted by an anchor)."""
    tab = cross_products(points, augment=augment, max_subsets=None)
    C = primitive_rows(tab.numerators)
    keep = np.flatnonzero(np.any(C != 0, axis=1))
    dependent = len(tab) - len(keep)
    C = C[keep]
    subs = tab.subsets[keep]
    N, scales = neuron_columns(rows, C, activation=activation, norm=norm, L=L)
    labels = [tuple(names[i] for i in s) for s in subs.tolist()]
    if activation == "abs":
        signs = np.ones(len(keep), dtype=np.int64)
        crosses, sub_out = C, labels
    else:
        signs = np.tile(np.array([1, -1], dtype=np.int64), len(keep))
        crosses = np.repeat(C, 2, axis=0)
        sub_out = [s for s in labels for _ in (0, 1)]
    return {
        "N": N,
        "scales": scales,
        "crosses": crosses,
        "signs": signs,
        "anchors": np.full(N.shape[1], anchor, dtype=np.int64),
        "subsets": sub_out,
        "dependent": dependent * (1 if activation == "abs" else 2),
    }


def dictionary(
    X: Any,
    *,
    bias: bool = False,
    norm: int = 1,
    activation: str = "relu",
    max_columns: int | None = DEFAULT_MAX_COLUMNS,
    progress: Any = None,
) -> Dictionary:
    r"""The Lasso dictionary of the theorems for data ``X`` (THEORY §3).

    Parameters
    ----------
    X : (n, d) array-like of exact numbers
        Training samples; a flat sequence is n samples in R^1. A list of
        grade-1 clifford, kingdon or galgebra multivectors is n points of R^d
        (clifford's float64 at its exact binary value; see
        :mod:`exactwedge.ga.interop.data`).
    bias : bool
        With bias: anchored, shifted neurons (and a free intercept in the Lasso).
    norm : {1, 2}
        1: the ℓ1 path regularizer (exact, with the basis vectors in J);
        2: weight decay (features are surds; the Lasso is an upper bound).
    activation : {"relu", "abs"}
        ReLU (both signs of each hyperplane) or absolute value (one sign).
    max_columns : int or None
        Refuse with :class:`~exactwedge.exceptions.TooLargeError` before
        building more candidate columns than this; None for no limit.
    progress : callable, optional
        Called once per anchor (bias) with no arguments, to drive a progress bar.

    Returns
    -------
    Dictionary
        Zero columns and exact duplicates removed; provenance kept.

    Examples
    --------
    The 1-D dictionary (Thm 1) on three points:

    >>> D = dictionary([0, 1, 3], bias=True)
    >>> len(D), D.candidates, D.removed_zero
    (4, 6, 2)
    >>> D.neuron(0).label(), D.column(0)
    ('(x - x0)', [Fraction(0, 1), Fraction(1, 1), Fraction(3, 1)])
    >>> [D.neuron(j).b for j in range(len(D))]
    [Fraction(0, 1), Fraction(-1, 1), Fraction(1, 1), Fraction(3, 1)]

    ℓ1 without bias in R² (Thm 2): neurons are ±cross of one sample or basis vector:

    >>> D = dictionary([[1, 2], [3, 1]])
    >>> D.neuron(0).label(), D.neuron(0).w, D.column(0)
    ('w = +cross(x0)/‖·‖₁', (Fraction(2, 3), Fraction(-1, 3)), [Fraction(0, 1), Fraction(5, 3)])
    """
    check_options(bias, norm, activation)
    return dictionary_of(Problem(read_data_matrix(X), bias=bool(bias), norm=norm, activation=activation),
                         max_columns=max_columns, progress=progress)


def dictionary_of(problem: Problem, *, max_columns: int | None = DEFAULT_MAX_COLUMNS, progress: Any = None) -> Dictionary:
    """The dictionary of a validated :class:`~exactwedge.problem.Problem` (its data and options, not checked again).

    >>> len(dictionary_of(Problem.of([0, 1, 3], bias=True)))
    4
    """
    rows, bias, norm, activation = problem.X, problem.bias, problem.norm, problem.activation
    n, d = len(rows), len(rows[0])
    check_size(n, d, bias=bool(bias), norm=norm, activation=activation, max_columns=max_columns)
    XI, L = integer_data(rows)
    augment = norm == 1
    blocks = []
    if not bias:
        names = list(range(n)) + [f"e{k + 1}" for k in range(d)]
        if norm == 2 and n < d - 1:
            blocks = []
        else:
            blocks.append(_block(XI, XI, names, augment=augment, anchor=-1, activation=activation, norm=norm, L=L))
    else:
        for a in range(n):
            others = [k for k in range(n) if k != a]
            shifted = XI[others] - XI[a] if others else np.zeros((0, d), dtype=XI.dtype)
            names = others + [f"e{k + 1}" for k in range(d)]
            if norm == 2 and len(others) < d - 1:
                continue
            blocks.append(_block(shifted, XI - XI[a], names, augment=augment, anchor=a, activation=activation, norm=norm, L=L))
            if progress is not None:
                progress()
    if blocks:
        objecty = any(b["N"].dtype == object for b in blocks)
        cat = (lambda key: np.concatenate([b[key].astype(object) if objecty else b[key] for b in blocks], axis=1 if key == "N" else 0))
        N = cat("N")
        scales = np.concatenate([b["scales"].astype(object) for b in blocks]) if objecty else np.concatenate([b["scales"] for b in blocks])
        crosses = np.concatenate([b["crosses"].astype(object) if objecty else b["crosses"] for b in blocks], axis=0)
        signs = np.concatenate([b["signs"] for b in blocks])
        anchors = np.concatenate([b["anchors"] for b in blocks])
        subs = [s for b in blocks for s in b["subsets"]]
    else:
        N = np.zeros((n, 0), dtype=np.int64)
        scales = np.zeros(0, dtype=np.int64)
        crosses = np.zeros((0, d), dtype=np.int64)
        signs = np.zeros(0, dtype=np.int64)
        anchors = np.zeros(0, dtype=np.int64)
        subs = []
    dependent = sum(b["dependent"] for b in blocks)
    candidates = N.shape[1] + dependent
    keep, zero, dup = first_of_each(N, scales, norm)
    zero += dependent
    return Dictionary(
        X=rows,
        bias=bool(bias),
        norm=norm,
        activation=activation,
        numerators=N[:, keep],
        scales=scales[keep],
        crosses=crosses[keep],
        signs=signs[keep],
        anchors=anchors[keep],
        subsets=[subs[j] for j in keep.tolist()],
        candidates=candidates,
        removed_zero=zero,
        removed_duplicate=dup,
    )
