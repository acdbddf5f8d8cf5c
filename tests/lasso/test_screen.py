"""The exact integer bounds of the exact solver (ExactColumns.enclose, ExactColumns.reaching).

``reaching`` may keep extra columns, but never drops one that reaches β, and
the values it returns are the exact integers.
"""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge.lasso.columns import ExactColumns


@st.composite
def columns_and_residuals(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 8))
    big = draw(st.sampled_from([10, 2**20, 2**52]))
    A = np.array(draw(st.lists(st.integers(-big, big), min_size=n * m, max_size=n * m)), dtype=np.int64).reshape(n, m)
    s = draw(st.lists(st.integers(1, 10**6), min_size=m, max_size=m))
    bits = draw(st.sampled_from([3, 40, 200, 2000]))
    R = draw(st.lists(st.integers(-(2**bits), 2**bits), min_size=n, max_size=n))
    D = draw(st.integers(1, 2**100))
    return ExactColumns(A, s), R, D


def _exact(cols, R):
    return [sum(int(cols.A[i, j]) * R[i] for i in range(cols.n)) for j in range(cols.m)]


@settings(deadline=None, max_examples=300)
@given(columns_and_residuals())
def test_property_the_enclosure_holds(case):
    cols, R, _D = case
    H, E, k = cols.enclose(R)
    for t, h, e in zip(_exact(cols, R), H.tolist(), E.tolist()):
        assert abs(t - (h << k)) <= (e << k) and (k > 0 or t == h)
    assert cols.At_times(R) == _exact(cols, R)


@settings(deadline=None, max_examples=300)
@given(columns_and_residuals(), st.data())
def test_property_reaching_keeps_every_column_that_reaches_beta(case, data):
    cols, R, D = case
    T = _exact(cols, R)
    exact = [Q(abs(t), s * D) for t, s in zip(T, cols.s)]
    beta = data.draw(st.sampled_from([v for v in exact if v > 0] or [Q(1)]) | st.fractions(Q(1, 10**9), Q(10**9)))
    idx, got, keys = cols.reaching(R, D, beta)
    assert got == [T[j] for j in idx]
    assert {j for j, v in enumerate(exact) if v >= beta} <= set(idx)
    assert len(keys) == len(idx)


def test_object_columns_are_not_enclosed():
    cols = ExactColumns(np.array([[2**70, 1]], dtype=object), [1, 1])
    assert cols.enclose([1]) is None and cols.reaching([1], 1, Q(1)) is None
    assert cols.At_times([3]) == [3 * 2**70, 3]


def test_reaching_ties_and_certainly_below():
    cols = ExactColumns(np.array([[1, 1]]), [1, 1])
    idx, T, keys = cols.reaching([1], 1, Q(1))  # both columns tie at β = 1
    assert (idx, T, keys.tolist()) == ([0, 1], [1, 1], [1.0, 1.0])
    assert cols.reaching([1], 1, Q(2))[0] == []
    big = 2**300 + 1  # a shifted residual: bounds, then the exact values of the kept columns
    idx, T, _ = cols.reaching([big], 1, Q(big))
    assert (idx, T) == ([0, 1], [big, big])
    assert cols.reaching([big], 1, Q(2 * big))[0] == []  # bounds settle it: no exact product
