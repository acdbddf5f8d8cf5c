"""Hypothesis strategies and independent reference implementations for the tests.

The references never call exactwedge: determinants by the Leibniz formula
(or ``sympy.Matrix(...).det()``), minors by selecting rows, Gram matrices by
plain dot products, permutation signs by counting inversions.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Sequence

import sympy
from hypothesis import strategies as st

# ---------------------------------------------------------------- strategies

#: The small rationals p/q, |p| <= 6, 1 <= q <= 4: zero first (hypothesis shrinks
#: towards it), then the integers, then the proper fractions.
SMALL_RATIONALS = sorted(
    {Fraction(p, q) for p in range(-6, 7) for q in range(1, 5)},
    key=lambda r: (r.denominator != 1, r != 0, abs(r), r < 0, r.denominator),
)

#: Small rationals, with zero and small integers over-represented. (``sampled_from``
#: is much cheaper to draw than ``st.fractions``, which dominated the run time.)
rationals = st.one_of(
    st.just(Fraction(0)),
    st.sampled_from(SMALL_RATIONALS),
)


def vectors(d: int) -> st.SearchStrategy[tuple]:
    """One vector of Q^d."""
    return st.lists(rationals, min_size=d, max_size=d).map(tuple)


@st.composite
def vector_lists(draw: Any, d: int, k: int) -> list[tuple]:
    """k vectors of Q^d, often dependent: zero vectors, copies, multiples, combinations."""
    out: list[tuple] = []
    for i in range(k):
        kinds = ["free"] * 6 + ["zero"] + (["copy", "multiple", "combination"] if i else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "free":
            v = draw(vectors(d))
        elif kind == "zero":
            v = (Fraction(0),) * d
        elif kind == "copy":
            v = out[draw(st.integers(0, i - 1))]
        elif kind == "multiple":
            s = draw(rationals)
            v = tuple(s * c for c in out[draw(st.integers(0, i - 1))])
        else:
            a, b = draw(rationals), draw(rationals)
            p, q = out[draw(st.integers(0, i - 1))], out[draw(st.integers(0, i - 1))]
            v = tuple(a * x + b * y for x, y in zip(p, q))
        out.append(v)
    return out


def dims(lo: int = 2, hi: int = 6) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


def d_and_vectors(k_of_d, lo: int = 2, hi: int = 6) -> st.SearchStrategy[tuple[int, list[tuple]]]:
    """(d, vectors) with d in lo..hi and k_of_d(d) vectors of Q^d."""
    return dims(lo, hi).flatmap(lambda d: vector_lists(d, k_of_d(d)).map(lambda vs: (d, vs)))


def cross_input(lo: int = 2, hi: int = 6):
    """(d, x, V): a point and d-1 vectors of Q^d."""
    return dims(lo, hi).flatmap(
        lambda d: st.tuples(st.just(d), vectors(d), vector_lists(d, d - 1))
    )


@st.composite
def k_vectors(draw: Any, d: int, k: int) -> list:
    """The coefficient list of a general (not necessarily simple) k-vector of R^d."""
    return draw(st.lists(rationals, min_size=math.comb(d, k), max_size=math.comb(d, k)))


# ---------------------------------------------------------------- references


def perm_parity_sign(seq: Sequence[int]) -> int:
    """Sign of the permutation sorting seq (distinct entries), by counting inversions."""
    inv = sum(1 for i in range(len(seq)) for j in range(i + 1, len(seq)) if seq[i] > seq[j])
    return -1 if inv % 2 else 1


def leibniz_det(m: Sequence[Sequence[Any]]) -> Any:
    """Determinant by the Leibniz formula (n! terms; fine for n <= 6)."""
    n = len(m)
    if n == 0:
        return Fraction(1)
    total: Any = Fraction(0)
    for p in itertools.permutations(range(n)):
        term: Any = Fraction(perm_parity_sign(p))
        for i in range(n):
            term = term * m[i][p[i]]
            if term == 0:
                break
        total = total + term
    return total


def to_sympy(q: Any) -> Any:
    return sympy.Rational(q.numerator, q.denominator) if isinstance(q, Fraction) else sympy.sympify(q)


def sympy_matrix(rows: Sequence[Sequence[Any]]) -> sympy.Matrix:
    return sympy.Matrix([[to_sympy(c) for c in r] for r in rows])


def sympy_det(rows: Sequence[Sequence[Any]]) -> Fraction:
    """Exact determinant via SymPy, returned as a Fraction (rational input)."""
    if not rows:
        return Fraction(1)
    v = sympy_matrix(rows).det()
    return Fraction(int(v.p), int(v.q))


def columns(vectors: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The matrix whose columns are the given vectors."""
    return [list(r) for r in zip(*vectors)]


def minor(vectors: Sequence[Sequence[Any]], rows: Sequence[int]) -> Any:
    """det of [v_1..v_k] (as columns) restricted to the given 0-based rows."""
    cols = columns(vectors)
    return leibniz_det([cols[i] for i in rows])


def dot(a: Sequence[Any], b: Sequence[Any]) -> Any:
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


def gram(vs: Sequence[Sequence[Any]], us: Sequence[Sequence[Any]] | None = None) -> list[list[Any]]:
    us = vs if us is None else us
    return [[dot(v, u) for u in us] for v in vs]


def rank(vectors: Sequence[Sequence[Any]]) -> int:
    if not vectors:
        return 0
    return sympy_matrix(vectors).rank()


def as_fraction(x: Any) -> Fraction:
    """A SymPy Rational or Fraction as a Fraction (fails on anything else)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    assert isinstance(x, sympy.Rational), x
    return Fraction(int(x.p), int(x.q))
