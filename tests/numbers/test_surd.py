"""Tests of exactwedge.numbers.surd: the one square root (sqrt_exact), to_sympy, and Surd order and equality.

SymPy is the independent reference: ``sympy.sqrt`` of the same radicand, and
SymPy's own exact comparison of the two numbers.
"""

from __future__ import annotations

from fractions import Fraction as Q

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from exactwedge.exceptions import InvalidInputError, NonExactInputError
from exactwedge.numbers import Surd, sqrt_exact, sqrt_rational, to_sympy

nonneg = st.fractions(min_value=0, max_value=50, max_denominator=30)
signed_roots = st.tuples(st.fractions(-5, 5, max_denominator=6), nonneg)


def _sym(q: Q):
    return sympy.Rational(q.numerator, q.denominator)


@given(nonneg)
def test_sqrt_exact_of_a_rational_is_sqrt_rational_and_agrees_with_sympy(q):
    r = sqrt_exact(q)
    assert type(r) is type(sqrt_rational(q)) and r == sqrt_rational(q)
    assert isinstance(r, (Q, Surd))
    assert r * r == q
    assert sympy.srepr(to_sympy(r)) == sympy.srepr(sympy.sqrt(_sym(q)))


def test_sqrt_exact_of_symbols_and_surds_is_sympy():
    a = sympy.Symbol("a", positive=True)
    assert sqrt_exact(9 * a**2) == 3 * a
    assert sqrt_exact(sympy.Integer(8)) == 2 * sympy.sqrt(2)
    assert sqrt_exact(Surd(Q(1), Q(2))) == sympy.root(2, 4)


def test_sqrt_exact_refuses_negative_and_inexact_input():
    with pytest.raises(InvalidInputError, match="negative"):
        sqrt_exact(Q(-1, 4))
    with pytest.raises(NonExactInputError):
        sqrt_exact(0.25)
    with pytest.raises(NonExactInputError):
        to_sympy(True)
    with pytest.raises(InvalidInputError):
        sqrt_exact("4")


def test_to_sympy():
    assert to_sympy(3) == sympy.Integer(3) and isinstance(to_sympy(3), sympy.Integer)
    assert to_sympy(Q(-2, 6)) == sympy.Rational(-1, 3)
    assert to_sympy(Surd(Q(3), Q(2))) == 3 * sympy.sqrt(2)
    x = sympy.Symbol("x")
    assert to_sympy(x) is x


@given(signed_roots, signed_roots)
def test_surd_order_and_equality_are_exact(u, v):
    a = u[0] * sqrt_rational(u[1])
    b = v[0] * sqrt_rational(v[1])
    sa, sb = to_sympy(a), to_sympy(b)
    assert (a < b) == bool(sa < sb) and (a > b) == bool(sa > sb)
    assert (a <= b) == bool(sa <= sb) and (a >= b) == bool(sa >= sb)
    assert (a == b) == (sympy.simplify(sa - sb) == 0)
    if a == b:
        assert hash(a) == hash(b)


def test_surd_equality_does_not_depend_on_the_radicand_written():
    assert Surd(Q(1), Q(8)) == Surd(Q(2), Q(2))
    assert hash(Surd(Q(1), Q(8))) == hash(Surd(Q(2), Q(2)))
    assert Surd(Q(1), Q(8)) != Surd(Q(-2), Q(2))
    assert Surd(Q(1), Q(2)) != 1 and Surd(Q(1), Q(2)) != Q(7, 5)


def test_surds_compare_with_rationals_and_sympy():
    r2 = sqrt_rational(2)
    assert 1 < r2 < 2 and Q(7, 5) < r2 < Q(3, 2)
    assert -r2 < -1 and max(r2, Q(1)) is r2
    assert r2 == sympy.sqrt(2) and sympy.sqrt(2) == r2
    assert r2 / 2 == sympy.sqrt(2) / 2 and r2 != sympy.sqrt(3)


@settings(deadline=None, max_examples=300)
@given(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4).filter(lambda v: v != 0),
       st.fractions(min_value=Q(1, 10**4), max_value=10**6, max_denominator=10**4))
def test_printing_matches_sympy_without_sympy(q, R):
    # str and LaTeX are SymPy's forms of c·√N (N free of square factors below 1000: complete at these sizes)
    import sympy

    x = Surd(q, R)
    if not isinstance(x, Surd):
        return
    want = sympy.Rational(q.numerator, q.denominator) * sympy.sqrt(sympy.Rational(R.numerator, R.denominator))
    assert str(x) == str(want)
    assert sympy.latex(x) == sympy.latex(want)
    assert x.to_sympy() == want


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(2, 997))
def test_equal_surds_print_alike(a, b, R):
    # q√R = (q/a)·√(a²R): another representation of the same value (a, b with large prime factors;
    # a large square factor hidden in R alone is the one case left under the root)
    x, y = Surd(Q(b), Q(R)), Surd(Q(b, a), Q(a * a * R))
    if not isinstance(x, Surd):  # R a square: both rational
        return
    assert x == y and str(x) == str(y) and x.reduced() == y.reduced()


def test_a_huge_radicand_is_printed_without_factoring(monkeypatch):
    # no SymPy factorization (it ran minutes on 600-digit radicands): reduce by small primes only
    import sympy.ntheory.factor_ as factor_

    def refuse(*args, **kwargs):
        raise AssertionError("factorint was called")

    monkeypatch.setattr(factor_, "factorint", refuse)
    big = (2**1279 - 1) * (2**607 - 1)  # two Mersenne primes: squarefree, nothing small
    x = Surd(Q(-9, 4), Q(big * 4, 25))
    assert x.reduced() == (Q(-9, 10), big)  # -(9/4)(2/5)√big
    assert str(x) == f"-9*sqrt({big})/10"
    assert rf"\sqrt{{{big}}}" in sympy.latex(x)  # the LaTeX protocol: ours, not SymPy's
    e = x.to_sympy()  # the explicit SymPy export is built without factoring (SymPy's own printing may factor)
    assert e.args[0] == sympy.Rational(-9, 10) and e.args[1].args[0] == big
