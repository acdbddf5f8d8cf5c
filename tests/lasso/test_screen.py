"""The rigorous float screen of the exact solver (ExactColumns.screen).

It may keep extra columns, but never drops one that reaches β, and the
values it returns are the exact integers.
"""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.lasso.columns import ExactColumns


@st.composite
def screens(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 8))
    big = draw(st.sampled_from([10, 2**20, 2**52]))
    A = np.array(draw(st.lists(st.integers(-big, big), min_size=n * m, max_size=n * m)), dtype=np.int64).reshape(n, m)
    s = draw(st.lists(st.integers(1, 10**6), min_size=m, max_size=m))
    R = draw(st.lists(st.integers(-(2**200), 2**200), min_size=n, max_size=n))
    D = draw(st.integers(1, 2**100))
    return ExactColumns(A, s), R, D


@settings(deadline=None, max_examples=300)
@given(screens(), st.data())
def test_property_the_screen_keeps_every_column_that_reaches_beta(case, data):
    cols, R, D = case
    T = cols.At_times(R)
    # β at a column's exact value (a tie), or anywhere
    exact = [Q(abs(t), s * D) for t, s in zip(T, cols.s)]
    beta = data.draw(st.sampled_from([v for v in exact if v > 0] or [Q(1)]) | st.fractions(Q(1, 10**9), Q(10**9)))
    out = cols.screen(R, D, beta)
    assert out is not None
    idx, got, mags = out
    assert got == [T[j] for j in idx]
    assert {j for j, v in enumerate(exact) if v >= beta} <= set(idx)
    assert len(mags) == len(idx)


def test_the_screen_steps_aside_beyond_float_range():
    cols = ExactColumns(np.array([[2**60, 1]], dtype=object), [1, 1])
    assert cols.screen([1], 1, Q(1)) is None  # entries beyond 2^53
    cols = ExactColumns(np.array([[1, 1]]), [1, 1])
    assert cols.screen([1], 1, Q(1, 2**950)) is None  # β beyond 2^±900
    assert cols.screen([10**400], 1, Q(1)) is None  # the residual overflows float64
    idx, T, mags = cols.screen([1], 1, Q(1))  # both columns tie at β = 1
    assert (idx, T, mags.tolist()) == ([0, 1], [1, 1], [1.0, 1.0])
    assert cols.screen([1], 1, Q(2))[0] == []  # certainly below
