"""The exact-number policy (exactwedge.numbers): what is accepted, what is refused, how."""

from __future__ import annotations

import decimal
import functools
import math
from decimal import Decimal
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

import exactwedge
from exactwedge import cross, signed_volume, wedge
from exactwedge.exceptions import (
    DataFileError,
    DimensionError,
    ExactWedgeError,
    InvalidInputError,
    NonExactInputError,
    NonFiniteInputError,
    SolverError,
    TooLargeError,
)
from exactwedge.ga import Vector
from exactwedge.numbers import (
    as_matrix,
    as_vector,
    exact,
    format_exact,
    from_float,
    integer_rows,
    is_symbolic,
    parse_exact,
)

# ---------------------------------------------------------------- the error classes


@pytest.mark.parametrize(
    "cls, builtin",
    [
        (InvalidInputError, ValueError),
        (NonExactInputError, TypeError),
        (NonFiniteInputError, InvalidInputError),
        (NonFiniteInputError, ValueError),
        (DimensionError, ValueError),
        (TooLargeError, ValueError),
        (DataFileError, ValueError),
        (SolverError, RuntimeError),
    ],
)
def test_error_hierarchy(cls, builtin):
    assert issubclass(cls, ExactWedgeError)
    assert issubclass(cls, builtin)


def test_top_level_reexports():
    assert exactwedge.exact is exact
    assert exactwedge.from_float is from_float
    assert exactwedge.parse_exact is parse_exact
    assert exactwedge.NonExactInputError is NonExactInputError


# ---------------------------------------------------------------- accepted input

ACCEPTED = [
    (3, Fraction(3)),
    (-12, Fraction(-12)),
    (10**40, Fraction(10**40)),
    (Fraction(-7, 4), Fraction(-7, 4)),
    (Decimal("0.1"), Fraction(1, 10)),
    (Decimal("-2.50"), Fraction(-5, 2)),
    (sympy.Rational(2, 6), Fraction(1, 3)),
    (sympy.Integer(-5), Fraction(-5)),
    (sympy.S.Half, Fraction(1, 2)),
    (flint.fmpq(3, 4), Fraction(3, 4)),
    (flint.fmpz(-5), Fraction(-5)),
    (flint.fmpz(10**30), Fraction(10**30)),
    (np.int8(-7), Fraction(-7)),
    (np.int32(7), Fraction(7)),
    (np.int64(-(2**62)), Fraction(-(2**62))),
    (np.uint8(255), Fraction(255)),
    (np.uint64(2**64 - 1), Fraction(2**64 - 1)),
    (np.longlong(9), Fraction(9)),
    (np.array(3), Fraction(3)),
    ("3", Fraction(3)),
    ("-7/4", Fraction(-7, 4)),
    ("7/-4", Fraction(-7, 4)),
    ("0.125", Fraction(1, 8)),
    ("0.1", Fraction(1, 10)),
    ("1e-3", Fraction(1, 1000)),
    ("2.5E2", Fraction(250)),
    ("-.5", Fraction(-1, 2)),
    ("5.", Fraction(5)),
    ("  +12  ", Fraction(12)),
    (" 1 / 3 ", Fraction(1, 3)),
    ("-0", Fraction(0)),
]


@pytest.mark.parametrize("value, expected", ACCEPTED, ids=[repr(v) for v, _ in ACCEPTED])
def test_exact_accepts(value, expected):
    got = exact(value)
    assert type(got) is Fraction
    assert got == expected


@pytest.mark.parametrize("text, expected", [(t, e) for t, e in ACCEPTED if isinstance(t, str)])
def test_parse_exact_accepts(text, expected):
    assert parse_exact(text) == expected


def test_exact_is_identity_on_fractions():
    q = Fraction(5, 7)
    assert exact(q) is q


def test_symbolic_kept_symbolic():
    x = sympy.Symbol("x")
    got = exact(x / 2)
    assert is_symbolic(got)
    assert got == x / 2
    assert is_symbolic(exact(sympy.sqrt(2)))
    assert exact(sympy.sqrt(2)) == sympy.sqrt(2)
    assert not is_symbolic(exact("1/2"))
    assert not is_symbolic(exact(sympy.Rational(1, 2)))


def test_symbolic_vectors_flow_through():
    x, y = sympy.symbols("x y")
    assert as_vector([x, "1/2"]) == (x, Fraction(1, 2))
    assert Vector(x, 1)[0] == x


def test_numpy_integer_arrays():
    for dtype in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64):
        v = as_vector(np.array([1, 2, 3], dtype=dtype))
        assert v == (Fraction(1), Fraction(2), Fraction(3))
        assert all(type(c) is Fraction for c in v)
    m = as_matrix(np.array([[1, -2], [3, 4]], dtype=np.int64))
    assert m == ((1, -2), (3, 4))
    assert as_vector(np.array(["1/2", "0.25"])) == (Fraction(1, 2), Fraction(1, 4))
    assert as_vector(np.array([Fraction(1, 3), 2], dtype=object)) == (Fraction(1, 3), Fraction(2))


def test_as_vector_sources():
    assert as_vector(Vector(1, 2)) == (1, 2)
    assert as_vector(sympy.Matrix([1, 2])) == (1, 2)
    assert as_vector(sympy.Matrix([[1, 2]])) == (1, 2)
    assert as_vector((c for c in ["1", "2/3"])) == (1, Fraction(2, 3))
    assert as_vector([flint.fmpq(1, 2), sympy.Integer(3)], dim=2) == (Fraction(1, 2), 3)


# ---------------------------------------------------------------- parse_exact properties


@given(st.fractions())
def test_parse_exact_roundtrips_fraction_text(q):
    assert parse_exact(str(q)) == q
    assert parse_exact(format_exact(q)) == q


@given(st.decimals(allow_nan=False, allow_infinity=False))
@example(Decimal("1E+2"))
@example(Decimal("-0.000"))
@example(Decimal("1e-30"))
def test_parse_exact_decimal_text_is_exact(dec):
    # the decimal text means the decimal number, not a binary float near it
    assert parse_exact(str(dec)) == Fraction(dec)


@given(st.integers())
def test_parse_exact_integers(n):
    assert parse_exact(str(n)) == n
    assert parse_exact(f" {n} ") == n


def test_parse_exact_refuses_non_text():
    with pytest.raises(InvalidInputError, match="expected text, got int"):
        parse_exact(3)


# ---------------------------------------------------------------- refused: floats

FLOATS = [
    0.5,
    -3.0,
    1e-300,
    np.float64(0.5),
    np.float32(0.1),
    np.float16(2.0),
    np.longdouble("0.1"),
    np.array(2.5),
]


@pytest.mark.parametrize("value", FLOATS, ids=repr)
def test_floats_refused_with_from_float_hint(value):
    with pytest.raises(NonExactInputError, match=r"from_float") as info:
        exact(value)
    assert isinstance(info.value, TypeError)
    assert "exact number is required" in str(info.value)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_float_arrays_refused(dtype):
    a = np.array([1, 2], dtype=dtype)
    with pytest.raises(NonExactInputError, match=r"float array.*from_float"):
        as_vector(a)
    with pytest.raises(NonExactInputError, match=r"from_float"):
        as_matrix(np.array([[1, 2]], dtype=dtype))
    with pytest.raises(NonExactInputError, match=r"from_float"):
        cross(a)


@pytest.mark.parametrize(
    "call",
    [
        lambda: Vector(0.5, 1),
        lambda: wedge([1, 0.5], [0, 1]),
        lambda: cross([1.0, 2, 3], [4, 5, 6]),
        lambda: signed_volume([1, 0], [0, 1.5]),
        lambda: Vector(1, 2) * 0.5,
        lambda: as_vector([1, 2.0]),
        lambda: as_vector(np.array([1, 2.5], dtype=object)),
    ],
)
def test_floats_refused_everywhere(call):
    with pytest.raises(NonExactInputError, match="from_float"):
        call()


@pytest.mark.parametrize("value", [sympy.Float(0.5), sympy.Symbol("x") + sympy.Float(1.0)])
def test_sympy_floats_refused(value):
    with pytest.raises(NonExactInputError, match="Float"):
        exact(value)


def test_python_flint_inexact_refused():
    with pytest.raises(NonExactInputError, match="only fmpz and fmpq"):
        exact(flint.arb(1))


# ---------------------------------------------------------------- refused: NaN and infinity

NONFINITE = [
    float("nan"),
    float("inf"),
    float("-inf"),
    np.nan,
    np.float64("inf"),
    np.float32("nan"),
    np.float16("-inf"),
    np.longdouble("nan"),
    np.array(np.inf),
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    " -infinity ",
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    sympy.nan,
    sympy.oo,
    -sympy.oo,
    sympy.zoo,
    sympy.Symbol("x") + sympy.oo,
]


@pytest.mark.parametrize("value", NONFINITE, ids=repr)
def test_nonfinite_refused(value):
    with pytest.raises(NonFiniteInputError, match="NaN and infinity have no exact value"):
        exact(value)


@pytest.mark.parametrize("value", [float("nan"), np.float32("inf"), np.array([1.0, np.nan])], ids=repr)
def test_from_float_refuses_nonfinite(value):
    with pytest.raises(NonFiniteInputError):
        from_float(value)


@pytest.mark.parametrize("value", [np.array([1.0, np.nan]), np.array([np.inf, 2.0], dtype=np.float32)])
def test_nonfinite_arrays_refused(value):
    with pytest.raises(NonFiniteInputError, match="NaN or infinity"):
        as_vector(value)
    with pytest.raises(NonFiniteInputError):
        cross(value)


def test_nonfinite_in_vectors():
    with pytest.raises(NonFiniteInputError):
        cross(["nan", 1, 2], [0, 1, 0])
    with pytest.raises(NonFiniteInputError):
        Vector(Decimal("Infinity"), 1)


# ---------------------------------------------------------------- refused: not numbers

INVALID = [
    "abc",
    "1/0",
    "",
    "   ",
    "1.5/2",
    "0x10",
    "1,5",
    "3 4",
    "--3",
    "nanx",
    True,
    False,
    np.True_,
    np.False_,
    1 + 2j,
    complex(1, 0),
    np.complex128(1),
    np.complex64(1j),
    sympy.I,
    1 + sympy.I,
    sympy.true,
    None,
    b"3",
    [1],
    object(),
]


@pytest.mark.parametrize("value", INVALID, ids=repr)
def test_invalid_refused(value):
    with pytest.raises(InvalidInputError) as info:
        exact(value)
    assert not isinstance(info.value, NonFiniteInputError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "value, words",
    [
        ("abc", "cannot read 'abc' as an exact number"),
        ("1/0", "zero denominator"),
        ("", "cannot read ''"),
        (True, "boolean"),
        (np.True_, "boolean"),
        (1 + 2j, "complex"),
        (np.complex128(1), "complex"),
        (sympy.I, "only real numbers"),
    ],
)
def test_invalid_messages(value, words):
    with pytest.raises(InvalidInputError, match=words):
        exact(value)


@pytest.mark.parametrize(
    "array, words",
    [
        (np.array([True, False]), "boolean array"),
        (np.array([1 + 1j]), "unsupported dtype"),
        (np.array(["1", "x"]), "cannot read 'x'"),
    ],
)
def test_invalid_arrays(array, words):
    with pytest.raises(InvalidInputError, match=words):
        as_vector(array)


# ---------------------------------------------------------------- from_float


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.1)
@example(-0.0)
@example(5e-324)
@example(1.7976931348623157e308)
def test_from_float_is_the_exact_binary_value(x):
    q = from_float(x)
    assert type(q) is Fraction
    assert q == Fraction(Decimal(x))  # Decimal(float) is exact: an independent reference
    assert float(q) == x
    # a dyadic rational
    assert q.denominator & (q.denominator - 1) == 0


def test_from_float_known_values():
    assert from_float(0.1) == Fraction(3602879701896397, 2**55)
    assert from_float(0.125) == Fraction(1, 8)
    assert from_float(np.float32(0.1)) == Fraction(13421773, 2**27)
    assert from_float(np.float16(0.1)) == Fraction(819, 8192)
    ld = np.longdouble("0.1")
    # np.longdouble keeps its own (extended) binary value, not the float64 one
    assert from_float(ld) == Fraction(*ld.as_integer_ratio())
    assert from_float("0.1") == Fraction(1, 10)  # text stays exact decimal
    assert from_float(3) == 3
    x = sympy.Symbol("x")
    assert from_float(x) == x


def _closest_with_denominator_at_most(target: Fraction, n: int) -> Fraction:
    """Brute force: the distance from target to the nearest fraction p/q with q <= n."""
    best = None
    for q in range(1, n + 1):
        p0 = math.floor(target * q)
        for p in (p0, p0 + 1):
            dist = abs(Fraction(p, q) - target)
            best = dist if best is None or dist < best else best
    return best


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(1, 60),
)
@example(0.1, 100)
@example(1 / 3, 3)
@example(0.0, 1)
def test_from_float_max_denominator(x, n):
    q = from_float(x, max_denominator=n)
    assert 1 <= q.denominator <= n
    exact_value = Fraction(Decimal(x))
    assert abs(q - exact_value) == _closest_with_denominator_at_most(exact_value, n)


def test_from_float_containers():
    assert from_float([0.5, [0.25, 2]]) == [Fraction(1, 2), [Fraction(1, 4), Fraction(2)]]
    assert from_float((0.5, "1/3")) == [Fraction(1, 2), Fraction(1, 3)]
    got = from_float(np.array([[0.1, 0.5], [1.0, -2.0]]), max_denominator=10)
    assert got == [[Fraction(1, 10), Fraction(1, 2)], [Fraction(1), Fraction(-2)]]
    assert from_float(np.array(0.75)) == Fraction(3, 4)
    assert from_float(np.array([0.1], dtype=np.float32)) == [Fraction(13421773, 2**27)]
    # the result is accepted everywhere as exact input
    assert cross(*from_float(np.array([[0.5, 0.0, 0.0], [0.0, 0.25, 0.0]]))) == Vector(0, 0, Fraction(1, 8))


@pytest.mark.parametrize("bad", [0, -3, True, 2.5, "10"])
def test_from_float_bad_max_denominator(bad):
    with pytest.raises(InvalidInputError, match="max_denominator must be a positive integer"):
        from_float(0.5, max_denominator=bad)


def test_from_float_still_refuses_non_numbers():
    with pytest.raises(InvalidInputError):
        from_float("abc")
    with pytest.raises(InvalidInputError):
        from_float(True)


# ---------------------------------------------------------------- vectors and matrices: shapes


def test_as_vector_dimension_message():
    with pytest.raises(DimensionError, match="vector must have 3 coordinates, got 2"):
        as_vector([1, 2], dim=3)
    with pytest.raises(DimensionError, match="x must have 1 coordinates, got 2"):
        as_vector([1, 2], dim=1, what="x")


@pytest.mark.parametrize(
    "value, words",
    [
        (5, "must be a sequence of coordinates, got int 5"),
        ("12", "must be a sequence of coordinates, got str"),
        (np.array([[1, 2], [3, 4]]), r"must be one-dimensional, got an array of shape \(2, 2\)"),
        (sympy.Matrix([[1, 2], [3, 4]]), r"must be a row or column, got a SymPy matrix of shape \(2, 2\)"),
        (exactwedge.wedge([1, 0], [0, 1]), "must be a vector \\(grade 1\\), got a grade-2 blade"),
    ],
)
def test_as_vector_shape_errors(value, words):
    with pytest.raises(DimensionError, match=words):
        as_vector(value)


def test_as_matrix_ragged_and_width():
    with pytest.raises(DimensionError, match=r"data: row 1 has 1 entries, expected 2 \(ragged rows\)"):
        as_matrix([[1, 2], [3]])
    with pytest.raises(DimensionError, match="pts: row 0 has 2 entries, expected 3"):
        as_matrix([[1, 2]], n_cols=3, what="pts")
    with pytest.raises(DimensionError, match=r"must be a 2-D array, got shape \(3,\)"):
        as_matrix(np.array([1, 2, 3]))
    with pytest.raises(DimensionError, match="must be a sequence of rows, got int"):
        as_matrix(7)
    assert as_matrix([]) == ()
    assert as_matrix([["1/2", 3], [0, "0.5"]]) == ((Fraction(1, 2), 3), (0, Fraction(1, 2)))


# ---------------------------------------------------------------- helpers


@given(st.lists(st.lists(st.fractions(max_denominator=50), min_size=1, max_size=5), min_size=1, max_size=5))
@example([[Fraction(0)]])
def test_integer_rows(rows):
    ints, scales = integer_rows(rows)
    assert len(ints) == len(scales) == len(rows)
    for r, ir, s in zip(rows, ints, scales):
        assert all(type(c) is int for c in ir)
        assert s >= 1
        assert [Fraction(c, s) for c in ir] == list(r)
        # the scale is the lcm of the denominators, the least that works
        assert s == functools.reduce(math.lcm, (Fraction(c).denominator for c in r), 1)


def test_format_exact():
    assert format_exact(Fraction(-7, 4)) == "-7/4"
    assert format_exact(Fraction(6, 2)) == "3"
    assert format_exact(exact(sympy.Symbol("t") / 3)) == "t/3"


def test_decimal_context_does_not_round():
    # exactness must not depend on the decimal context's precision
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert parse_exact("1.23456789") == Fraction(123456789, 10**8)
        assert exact(Decimal("1.23456789")) == Fraction(123456789, 10**8)


def test_huge_exponents_are_refused_quickly():
    from exactwedge.exceptions import InvalidInputError
    from exactwedge.numbers import exact

    for bad in ("1e10000000", "-2.5E-99999", decimal.Decimal("1e10000000")):
        with pytest.raises(InvalidInputError, match="exponent"):
            exact(bad)
    assert exact("1e-3") == Fraction(1, 1000)


def test_wedge_refuses_wide_intermediate_blades():
    from exactwedge import cross, wedge
    from exactwedge.exceptions import TooLargeError

    basis = [[1 if i == j else 0 for i in range(23)] for j in range(22)]
    with pytest.raises(TooLargeError, match="coefficients"):
        wedge(*basis)
    assert cross(*basis)[22] == 1
