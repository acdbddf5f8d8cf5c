"""Seeded families of small exact cases: random ones and degenerate ones.

Every generator takes the check's ``numpy.random.Generator`` and returns
exact data (lists of ``Fraction``). Degenerate cases come first, because they
are where exact statements break: repeated and collinear samples, a sample at
the origin, samples on the axes, samples on a common hyperplane through the
origin, constant labels.
"""

from __future__ import annotations

from fractions import Fraction as Q
from typing import Iterator

import numpy as np

from exactwedge.numbers.linalg import rank

__all__ = ["rational", "matrix", "vector", "data_cases", "gaussian_data", "full_rank"]


def rational(rng: np.random.Generator, lo: int = -6, hi: int = 6, dens: tuple = (1, 1, 2, 3)) -> Q:
    """A small random rational ``p/q`` with ``lo ≤ p ≤ hi`` and q from ``dens``.

    >>> rational(np.random.default_rng(0))
    Fraction(5, 2)
    """
    return Q(int(rng.integers(lo, hi + 1)), int(dens[int(rng.integers(len(dens)))]))


def matrix(rng: np.random.Generator, n: int, d: int, **kw) -> list[list[Q]]:
    """An n × d matrix of small random rationals (rows).

    >>> matrix(np.random.default_rng(1), 1, 2)
    [[Fraction(0, 1), Fraction(1, 1)]]
    """
    return [[rational(rng, **kw) for _ in range(d)] for _ in range(n)]


def vector(rng: np.random.Generator, n: int, **kw) -> list[Q]:
    """n small random rationals.

    >>> vector(np.random.default_rng(2), 3)
    [Fraction(4, 1), Fraction(-5, 1), Fraction(-1, 3)]
    """
    return [rational(rng, **kw) for _ in range(n)]


def full_rank(rows: list[list[Q]]) -> int:
    """The exact rank of a rational matrix (:func:`exactwedge.numbers.linalg.rank`).

    >>> full_rank([[1, 2], [2, 4]])
    1
    """
    return rank(rows)


def _degenerate(d: int, bias: bool) -> list[tuple[str, list[list[Q]], list[Q]]]:
    """Hand-made degenerate data sets in R^d (label, X, y)."""
    out = []
    if d == 1:
        out.append(("repeated samples", [[Q(0)], [Q(2)], [Q(2)], [Q(-1)], [Q(5, 2)], [Q(4)]],
                    [Q(1), Q(-1), Q(2), Q(0), Q(3), Q(-2)]))
        out.append(("constant labels", [[Q(-2)], [Q(0)], [Q(1)], [Q(3)]], [Q(1)] * 4))
        out.append(("two samples", [[Q(1)], [Q(3)]], [Q(2), Q(-1)]))
        return out
    e = [[Q(int(i == k)) for i in range(d)] for k in range(d)]
    ones = [Q(1)] * d
    twos = [Q(2)] * d
    neg = [Q(-1)] * d
    zero = [Q(0)] * d
    mixed = [Q(k + 1, 2) * (-1) ** k for k in range(d)]
    if bias:
        X = [ones, twos, neg, e[0], [c + Q(1) for c in e[0]], mixed]
        y = [Q(1), Q(2), Q(-1), Q(0), Q(0), Q(3)]
        out.append(("collinear and repeated-offset samples", X, y))
        X = [e[0], e[0], zero, mixed, [-c for c in mixed]] + e[1:]
        out.append(("repeated sample and a symmetric pair", X, [Q(1), Q(-1), Q(0), Q(2), Q(2)] + [Q(1, 2)] * (d - 1)))
    else:
        X = [ones, twos, neg, zero, e[0], mixed]
        y = [Q(1), Q(2), Q(-1), Q(0), Q(-1), Q(3)]
        out.append(("collinear samples and the origin", X, y))
        X = e + [[-c for c in e[0]], mixed]
        out.append(("the basis, its negative, one more", X, [Q(1)] * d + [Q(-2), Q(1, 2)]))
    if d >= 3:  # samples on a common hyperplane through the origin (rank d - 1)
        X = [[Q(k), Q(1 - k)] + [Q(0)] * (d - 2) for k in range(4)] + [e[-1]]
        out.append(("four samples on a hyperplane", X, [Q(1), Q(0), Q(-1), Q(2), Q(1)]))
    out.append(("constant labels", [e[0], mixed, twos, [Q(1)] + [Q(-1)] * (d - 1)], [Q(3, 2)] * 4))
    return out


def data_cases(rng: np.random.Generator, count: int, d: int, *, bias: bool, n_min: int | None = None,
               n_max: int = 6, degenerate: bool = True, min_rank: int = 0) -> Iterator[tuple[str, list, list]]:
    """``count`` regression data sets (label, X, y) in R^d: degenerate ones first, then random.

    ``min_rank`` drops data sets whose X has a smaller rank (used where the
    statement needs pointed chambers).

    >>> [lab for lab, X, y in data_cases(np.random.default_rng(0), 3, 1, bias=True)]
    ['repeated samples', 'constant labels', 'two samples']
    >>> lab, X, y = list(data_cases(np.random.default_rng(0), 4, 2, bias=False, degenerate=False))[0]
    >>> lab, len(X[0]), len(X) == len(y)
    ('random n=6', 2, True)
    """
    made = 0
    if degenerate:
        for lab, X, y in _degenerate(d, bias):
            if made >= count:
                return
            if full_rank(X) < min_rank:
                continue
            made += 1
            yield lab, X, y
    lo = n_min if n_min is not None else max(2, d)
    tries = 0
    while made < count:
        tries += 1
        n = int(rng.integers(lo, n_max + 1))
        X = matrix(rng, n, d)
        y = vector(rng, n, lo=-3, hi=3)
        if full_rank(X) < min_rank and tries < 1000:
            continue
        made += 1
        yield f"random n={n}", X, y


def gaussian_data(rng: np.random.Generator, n: int, d: int, *, scale: int = 1000) -> list[list[Q]]:
    """Standard Gaussian samples rounded to the grid 1/scale, as exact rationals.

    >>> gaussian_data(np.random.default_rng(0), 1, 2)
    [[Fraction(63, 500), Fraction(-33, 250)]]
    """
    G = np.rint(rng.standard_normal((n, d)) * scale).astype(np.int64)
    return [[Q(int(v), scale) for v in row] for row in G]
