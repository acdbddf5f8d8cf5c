"""Numbers at the limits: outside float range, beyond CPython's 4,300-digit guard, non-ASCII digits."""

from __future__ import annotations

import sys
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

import exactwedge as ew
from exactwedge.exceptions import InvalidInputError
from exactwedge.numbers import clamped_float, float_columns, format_exact, parse_exact
from exactwedge.numbers.policy import MAX_DIGITS


@pytest.mark.parametrize("text", ["٣", "１２.５", "1/٣", "٣e2", "1e٣"])
def test_unicode_digits_refused(text):
    with pytest.raises(InvalidInputError, match="ASCII"):
        ew.exact(text)


def test_long_numbers_read_without_touching_the_process_guard():
    guard = sys.get_int_max_str_digits()
    assert guard and guard < 5000  # CPython's default is in force here
    assert parse_exact("7" * 5000) == (10 ** 5000 - 1) // 9 * 7
    assert ew.exact("1/" + "3" * 5000).denominator == (10 ** 5000 - 1) // 9 * 3
    assert ew.exact("0." + "5" * 5000) == Q((10 ** 5000 - 1) // 9 * 5, 10 ** 5000)
    text = format_exact(Q(1, 3 ** 10000))  # 4,772 digits: str() would raise
    assert len(text) == 4774 and parse_exact(text) == Q(1, 3 ** 10000)
    assert sys.get_int_max_str_digits() == guard


def test_too_many_digits_refused_by_name():
    with pytest.raises(InvalidInputError, match=f"limit is {MAX_DIGITS}"):
        parse_exact("1" * (MAX_DIGITS + 1))


def test_clamped_float_saturates():
    assert clamped_float(Q(10) ** 400) == np.inf and clamped_float(-Q(10) ** 400) == -np.inf
    assert clamped_float(Q(1, 10 ** 400)) == 0.0 and clamped_float(Q(2) ** -1020) == 0.0
    assert clamped_float(Q(1, 3)) == 1 / 3


def test_float_columns_divides_big_integers_exactly_and_refuses_overflow():
    N = np.array([[10 ** 400], [2 * 10 ** 400], [1]], dtype=object)
    assert float_columns(N, [10 ** 400]).tolist() == [[1.0], [2.0], [0.0]]
    assert float_columns(N, [10 ** 800], root=True).tolist() == [[1.0], [2.0], [0.0]]
    with pytest.raises(InvalidInputError, match="float64 reaches"):
        float_columns(N, [1], what="x")


PRIMES = list(sympy.primerange(2, 10 ** 4))


@pytest.mark.parametrize("X, y, beta", [
    ([[1], [2], ["1e400"]], [1, -1, 1], "1/10"),                       # data past float range
    ([[1], [2], ["1e-400"]], [1, -1, 1], "1/10"),                      # data below it
    ([[1], [2], [3]], [1, -1, 1], "1e310"),                            # β past float range
    ([[1], [2], [3]], [1, -1, 1], "1e-400"),                           # β below it
    ([[Q(1, p)] for p in PRIMES[:100]], [(-1) ** i for i in range(100)], "1/10"),  # 1/p rows: huge lcm
    ([[Q(1, p), Q(1, PRIMES[i + 100])] for i, p in enumerate(PRIMES[:100])], [(-1) ** i for i in range(100)], "1/10"),
    # p/q labels over distinct primes: their lcm (~10^470) is past float range (the 360k-row p/q probe, small)
    ([[i] for i in range(1, 151)], [Q(p, PRIMES[i + 200]) for i, p in enumerate(PRIMES[:150])], "1/1000"),
])
def test_exact_fit_needs_no_floats(X, y, beta):
    res = ew.fit(X, y, beta)
    assert res.certificate.holds
    cold = ew.fit(X, y, beta, warm_start=False)
    assert cold.value == res.value


def test_float_l2_solve_on_rows_with_a_huge_common_denominator():
    X = [[Q(1, p)] for p in PRIMES[:100]]  # the lcm of the denominators is ~10^240·…, past float range
    res = ew.fit(X, [(-1) ** i for i in range(100)], "1/10", norm=2)
    assert res.certificate.holds
