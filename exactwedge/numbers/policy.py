"""The exact-number policy: what enters exactwedge, and how.

Inside the package every number is exact: a :class:`fractions.Fraction` for
rational values, or a float-free SymPy expression for symbolic ones.

Accepted as exact input
    ``int``, :class:`fractions.Fraction`, :class:`decimal.Decimal` (finite),
    SymPy ``Integer``/``Rational``, python-flint ``fmpz``/``fmpq``, numpy
    integer scalars and integer arrays, and strings such as ``"3"``,
    ``"-7/4"``, ``"0.125"`` (an exact decimal, 1/8) and ``"1e-3"`` (1/1000).
    SymPy symbols and float-free SymPy expressions are kept symbolic.

Long numbers
    Text with up to :data:`MAX_DIGITS` (100,000) digits is read exactly.
    CPython refuses ``int(text)`` beyond 4,300 digits (its
    ``sys.get_int_max_str_digits()`` guard), so long text is read through
    :mod:`decimal`, which has no such limit; the process-wide setting is
    never changed by the library. Longer text is refused by an
    :class:`~exactwedge.exceptions.InvalidInputError` naming the limit.
    Printing a long result with ``str()`` still meets CPython's guard:
    :func:`format_exact` does not (the JSON reports use it); in your own
    program call ``sys.set_int_max_str_digits(0)`` to ``print`` such numbers.
    The ``exactwedge`` command line lifts the guard for the length of its run
    and restores it after: its inputs are bounded (:data:`MAX_DIGITS`, the
    CSV cell limit), so no conversion it makes is unbounded. Only ASCII
    digits are numbers: ``"٣"`` and ``"１２"`` are refused, as python-flint
    refuses them.

Refused
    Python and numpy floats (:class:`~exactwedge.exceptions.NonExactInputError`;
    convert them on purpose with :func:`from_float`), NaN and infinities
    (:class:`~exactwedge.exceptions.NonFiniteInputError`), any other text
    (:class:`~exactwedge.exceptions.InvalidInputError`). Text is parsed by a
    strict grammar, never by ``eval`` or ``sympify``.

>>> from exactwedge.numbers import exact
>>> exact("0.125"), exact("-7/4"), exact("1e-3")
(Fraction(1, 8), Fraction(-7, 4), Fraction(1, 1000))
>>> exact(0.5)
Traceback (most recent call last):
...
exactwedge.exceptions.NonExactInputError: got the float 0.5 where an exact number is required; convert it on purpose with exactwedge.from_float(0.5) (exact binary value) or from_float(x, max_denominator=N)
"""

from __future__ import annotations

import decimal
import math
import numbers as _stdnumbers
import re
from fractions import Fraction
from collections.abc import Mapping, Set as AbstractSet
from typing import Any, Iterable, Sequence

from ..exceptions import (
    DimensionError,
    InvalidInputError,
    NonExactInputError,
    NonFiniteInputError,
)
from .multivectors import multivector_library, read_multivector

__all__ = [
    "exact",
    "from_float",
    "parse_exact",
    "as_vector",
    "as_matrix",
    "is_symbolic",
    "format_exact",
    "short",
    "integer_rows",
]

# ASCII digits only, as python-flint reads them: ``\\d`` (and int(), Fraction(),
# Decimal()) would also accept Arabic-Indic or full-width digits.
_INT_RE = re.compile(r"[+-]?[0-9]+")
_RATIO_RE = re.compile(r"([+-]?[0-9]+)[ \t]*/[ \t]*([+-]?[0-9]+)")
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Decimal exponents beyond this are refused: 1e10000000 is exact but enormous.
MAX_EXPONENT = 10_000
#: Numbers with more digits than this are refused (reading one costs time quadratic in its length).
MAX_DIGITS = 100_000

_NONFINITE_WORDS = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                    "+infinity", "-infinity"}


def _is_sympy(x: Any) -> bool:
    return type(x).__module__.startswith("sympy")


def _is_flint(x: Any) -> bool:
    return type(x).__module__.startswith("flint")


def _is_numpy(x: Any) -> bool:
    return type(x).__module__ == "numpy"


def _is_numpy_float(x: Any) -> bool:
    # every numpy floating scalar, including np.longdouble (named "longdouble")
    if not _is_numpy(x):
        return False
    import numpy as np

    return isinstance(x, np.floating)


def _is_numpy_bool(x: Any) -> bool:
    # np.bool_ is named "bool" in numpy 2 and "bool_" in numpy 1
    if not _is_numpy(x):
        return False
    import numpy as np

    return isinstance(x, np.bool_)


def _is_finite_float(x: Any) -> bool:
    # np.isfinite for numpy scalars: float(np.longdouble("1e4000")) would be inf
    if isinstance(x, float):
        return math.isfinite(x)
    import numpy as np

    return bool(np.isfinite(x))


def _int(s: str) -> int:
    # int() refuses over 4,300 digits (CPython's guard); decimal reads any length
    return int(s) if len(s) < 4000 else int(decimal.Decimal(s))


def parse_exact(text: str) -> Fraction:
    """Read an exact rational from text.

    The grammar is strict: an integer (``"3"``), a ratio ``"p/q"``, or a
    decimal with an optional exponent (``"0.125"``, ``"1e-3"``). Decimals are
    exact: ``"0.1"`` is 1/10, not the binary float nearest to it.

    Parameters
    ----------
    text : str
        The text to read. Surrounding white space is ignored.

    Returns
    -------
    fractions.Fraction

    Raises
    ------
    NonFiniteInputError
        For ``"nan"``, ``"inf"`` and their spellings.
    InvalidInputError
        For anything else that is not a number, and for ``p/0``.

    Examples
    --------
    >>> parse_exact("-7/4")
    Fraction(-7, 4)
    >>> parse_exact(" 0.1 ")
    Fraction(1, 10)
    >>> parse_exact("2.5e2")
    Fraction(250, 1)
    >>> parse_exact("abc")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: cannot read 'abc' as an exact number: expected an integer (3), a ratio (-7/4) or a decimal (0.125, 1e-3)
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected text, got {type(text).__name__}")
    s = text.strip()
    if s.lower() in _NONFINITE_WORDS:
        raise NonFiniteInputError(f"got {text!r}: NaN and infinity have no exact value")
    if not s.isascii():
        raise InvalidInputError(
            f"cannot read {short(text, 40)!r} as an exact number: only ASCII digits 0-9 are numbers"
        )
    digits = sum(c.isdigit() for c in s)
    if digits > MAX_DIGITS:
        raise InvalidInputError(
            f"cannot read a number of {digits} digits: the limit is {MAX_DIGITS} "
            "(exactwedge.numbers.policy.MAX_DIGITS); give it as a smaller ratio or decimal"
        )
    if _INT_RE.fullmatch(s):
        return Fraction(_int(s))
    m = _RATIO_RE.fullmatch(s)
    if m:
        p, q = _int(m.group(1)), _int(m.group(2))
        if q == 0:
            raise InvalidInputError(f"cannot read {text!r}: zero denominator")
        return Fraction(p, q)
    if _DECIMAL_RE.fullmatch(s):
        exp = re.search(r"[eE]([+-]?[0-9]+)$", s)
        if exp and abs(int(exp.group(1))) > MAX_EXPONENT:
            raise InvalidInputError(
                f"cannot read {text!r}: the exponent {exp.group(1)} is beyond ±{MAX_EXPONENT} "
                "(such a number would take a very long time to build exactly)"
            )
        return Fraction(decimal.Decimal(s))
    raise InvalidInputError(
        f"cannot read {short(text, 40)!r} as an exact number: expected an integer (3), "
        "a ratio (-7/4) or a decimal (0.125, 1e-3)"
    )


def _float_message(x: Any) -> str:
    return (
        f"got the float {x!r} where an exact number is required; convert it on "
        f"purpose with exactwedge.from_float({x!r}) (exact binary value) or "
        "from_float(x, max_denominator=N)"
    )


def _from_sympy(x: Any) -> Any:
    import sympy

    if not isinstance(x, sympy.Basic):
        raise InvalidInputError(f"cannot use the SymPy object {x!r} as a number")
    if x.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):
        raise NonFiniteInputError(f"got {x}: NaN and infinity have no exact value")
    if isinstance(x, sympy.Rational):
        return Fraction(int(x.p), int(x.q))
    if x.has(sympy.Float):
        raise NonExactInputError(
            f"the SymPy expression {x} contains a Float; use sympy.Rational or "
            "sympy.nsimplify(..., rational=True) on purpose first"
        )
    if not isinstance(x, sympy.Expr):
        raise InvalidInputError(f"cannot use the SymPy object {x!r} as a number")
    if x.is_number and x.is_real is False:
        raise InvalidInputError(f"got {x}: only real numbers are supported")
    return x


def exact(x: Any) -> Any:
    """Convert one scalar to an exact number, or refuse it.

    Parameters
    ----------
    x : int, Fraction, Decimal, str, SymPy expression, flint fmpz/fmpq, numpy integer
        The value. Floats are refused; see :func:`from_float`.

    Returns
    -------
    fractions.Fraction or sympy.Expr
        A ``Fraction`` for every rational value; a SymPy expression for a
        symbolic (or irrational but float-free) one.

    Raises
    ------
    NonExactInputError
        For Python and numpy floats and SymPy Floats.
    NonFiniteInputError
        For NaN and infinities, however spelled.
    InvalidInputError
        For text that is not a number, booleans, complex numbers, containers.

    Examples
    --------
    >>> exact(3)
    Fraction(3, 1)
    >>> exact("0.125")
    Fraction(1, 8)
    >>> import sympy
    >>> exact(sympy.Rational(2, 6))
    Fraction(1, 3)
    >>> exact(sympy.Symbol("x") / 2)
    x/2
    >>> exact(float("nan"))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.NonFiniteInputError: got nan: NaN and infinity have no exact value
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool) or _is_numpy_bool(x):
        raise InvalidInputError(f"got the boolean {x!r} where a number is required")
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float) or _is_numpy_float(x):
        if not _is_finite_float(x):
            raise NonFiniteInputError(f"got {float(x)!r}: NaN and infinity have no exact value")
        raise NonExactInputError(_float_message(float(x)) if isinstance(x, float) else _float_message(x))
    if isinstance(x, str):
        return parse_exact(x)
    if isinstance(x, decimal.Decimal):
        if not x.is_finite():
            raise NonFiniteInputError(f"got {x}: NaN and infinity have no exact value")
        if x and abs(x.adjusted()) > MAX_EXPONENT:
            raise InvalidInputError(f"got the Decimal {x}: its exponent is beyond ±{MAX_EXPONENT}")
        return Fraction(x)
    if _is_sympy(x):
        return _from_sympy(x)
    if _is_flint(x):
        name = type(x).__name__
        if name == "fmpz":
            return Fraction(int(x))
        if name == "fmpq":
            return Fraction(int(x.p), int(x.q))
        raise NonExactInputError(f"got the python-flint {name} {x!r}; only fmpz and fmpq are exact")
    if _is_numpy(x) and type(x).__name__.startswith(("int", "uint")):
        return Fraction(int(x))
    if _is_numpy(x) and type(x).__name__ == "ndarray" and x.ndim == 0:
        return exact(x[()])
    if isinstance(x, complex) or (isinstance(x, _stdnumbers.Complex) and not isinstance(x, _stdnumbers.Real)):
        raise InvalidInputError(f"got the complex number {x!r}; only real numbers are supported")
    if isinstance(x, _stdnumbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    raise InvalidInputError(f"cannot use {type(x).__name__} {x!r} as an exact number")


def from_float(x: Any, max_denominator: int | None = None) -> Any:
    """Convert floats to exact rationals, on purpose.

    Without a bound the result is the exact binary value of the float (so
    ``from_float(0.1)`` is 3602879701896397/36028797018963968). With
    ``max_denominator`` it is the closest fraction with a denominator no larger.
    Nested lists, tuples and numpy arrays are converted element by element and
    returned as nested lists.

    Parameters
    ----------
    x : float, numpy float, array-like of floats, or anything :func:`exact` accepts
    max_denominator : int, optional
        A positive bound on the denominator.

    Returns
    -------
    fractions.Fraction or list

    Raises
    ------
    NonFiniteInputError
        For NaN and infinities.
    InvalidInputError
        For a ``max_denominator`` below 1.

    Examples
    --------
    >>> from_float(0.125)
    Fraction(1, 8)
    >>> from_float(0.1)
    Fraction(3602879701896397, 36028797018963968)
    >>> from_float(0.1, max_denominator=100)
    Fraction(1, 10)
    >>> from_float([0.5, [0.25, 2]])
    [Fraction(1, 2), [Fraction(1, 4), Fraction(2, 1)]]
    """
    if max_denominator is not None and (isinstance(max_denominator, bool) or not isinstance(max_denominator, int) or max_denominator < 1):
        raise InvalidInputError(f"max_denominator must be a positive integer, got {max_denominator!r}")
    if _is_numpy(x) and type(x).__name__ == "ndarray":
        return from_float(x.tolist(), max_denominator) if x.ndim else from_float(x[()], max_denominator)
    if isinstance(x, (list, tuple)):
        return [from_float(v, max_denominator) for v in x]
    if isinstance(x, float) or _is_numpy_float(x):
        if not _is_finite_float(x):
            raise NonFiniteInputError(f"got {float(x)!r}: NaN and infinity have no exact value")
        q = Fraction(*x.as_integer_ratio())  # exact, also for np.longdouble
    else:
        q = exact(x)
    if max_denominator is not None and isinstance(q, Fraction):
        q = q.limit_denominator(max_denominator)
    return q


def is_symbolic(x: Any) -> bool:
    """True when ``x`` (an exact scalar) is a SymPy expression rather than a rational.

    >>> is_symbolic(exact("1/2"))
    False
    >>> import sympy
    >>> is_symbolic(exact(sympy.Symbol("t")))
    True
    """
    return _is_sympy(x)


def _vector_from_array(a: Any, what: str) -> tuple:
    import numpy as np

    kind = a.dtype.kind
    if kind in "iu":
        return tuple(Fraction(int(v)) for v in a.tolist())
    if kind == "f":
        if not np.all(np.isfinite(a)):
            raise NonFiniteInputError(f"{what} contains NaN or infinity, which have no exact value")
        raise NonExactInputError(
            f"{what} is a float array (dtype {a.dtype}); exact input is required: "
            "convert it on purpose with exactwedge.from_float(array)"
        )
    if kind == "b":
        raise InvalidInputError(f"{what} is a boolean array; numbers are required")
    if kind in "OUS":
        return tuple(exact(v) for v in a.tolist())
    raise InvalidInputError(f"{what} has the unsupported dtype {a.dtype}")


def as_vector(v: Any, dim: int | None = None, *, what: str = "vector") -> tuple:
    """Read one vector as a tuple of exact numbers.

    Parameters
    ----------
    v : sequence, numpy array, :class:`~exactwedge.ga.Vector`, SymPy Matrix, or multivector
        The coordinates. A grade-1 clifford, kingdon or galgebra multivector
        is read by :func:`exactwedge.ga.interop.data.read_multivector`
        (clifford's float64 at its exact binary value; other grades refused).
    dim : int, optional
        The required length; a :class:`DimensionError` names the mismatch.
    what : str
        How to name the vector in error messages.

    Returns
    -------
    tuple of Fraction or sympy.Expr

    Examples
    --------
    >>> as_vector(["1/2", 3])
    (Fraction(1, 2), Fraction(3, 1))
    >>> as_vector([1, 2], dim=3)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: vector must have 3 coordinates, got 2
    >>> as_vector({1: 2, 3: 4})
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: vector must be an ordered sequence of coordinates (list, tuple, array), got a dict: its order is not the coordinates' order
    """
    if multivector_library(v):  # clifford, kingdon, galgebra: read by exactwedge.ga.interop.data
        v = read_multivector(v, what=what)
    if getattr(type(v), "__exactwedge_blade__", False):
        # a Blade of exactwedge.ga, recognized by its marker: numbers sits below ga
        if v.grade != 1:
            raise DimensionError(f"{what} must be a vector (grade 1), got a grade-{v.grade} blade")
        coords = v.coefficients
    elif _is_numpy(v) and type(v).__name__ == "ndarray":
        if v.ndim != 1:
            raise DimensionError(f"{what} must be one-dimensional, got an array of shape {v.shape}")
        coords = _vector_from_array(v, what)
    elif _is_sympy(v) and hasattr(v, "shape"):
        if 1 not in v.shape:
            raise DimensionError(f"{what} must be a row or column, got a SymPy matrix of shape {v.shape}")
        coords = tuple(exact(c) for c in v)
    elif isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
        raise DimensionError(f"{what} must be a sequence of coordinates, got {type(v).__name__} {v!r}")
    elif isinstance(v, (Mapping, AbstractSet)):
        raise InvalidInputError(
            f"{what} must be an ordered sequence of coordinates (list, tuple, array), got a {type(v).__name__}: "
            "its order is not the coordinates' order"
        )
    else:
        coords = tuple(exact(c) for c in v)
    if dim is not None and len(coords) != dim:
        raise DimensionError(f"{what} must have {dim} coordinates, got {len(coords)}")
    return coords


def as_matrix(rows: Any, *, n_cols: int | None = None, what: str = "data") -> tuple:
    """Read a matrix given by rows as a tuple of exact tuples, refusing ragged rows.

    >>> as_matrix([[1, "1/2"], [0, 2]])
    ((Fraction(1, 1), Fraction(1, 2)), (Fraction(0, 1), Fraction(2, 1)))
    >>> as_matrix([[1, 2], [3]])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: data: row 1 has 1 entries, expected 2 (ragged rows)
    """
    if _is_numpy(rows) and type(rows).__name__ == "ndarray":
        if rows.ndim != 2:
            raise DimensionError(f"{what} must be a 2-D array, got shape {rows.shape}")
        out = tuple(_vector_from_array(r, f"{what} row {i}") for i, r in enumerate(rows))
    else:
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise DimensionError(f"{what} must be a sequence of rows, got {type(rows).__name__}")
        if isinstance(rows, (Mapping, AbstractSet)):
            raise InvalidInputError(f"{what} must be an ordered sequence of rows (list, tuple, array), got a "
                                    f"{type(rows).__name__}: its order is not the rows' order")
        out = tuple(as_vector(r, what=f"{what} row {i}") for i, r in enumerate(rows))
    width = n_cols if n_cols is not None else (len(out[0]) if out else None)
    for i, r in enumerate(out):
        if len(r) != width:
            raise DimensionError(
                f"{what}: row {i} has {len(r)} entries, expected {width}"
                + ("" if n_cols is not None else " (ragged rows)")
            )
    return out


def format_exact(q: Any) -> str:
    """The canonical text of an exact number: ``"3"``, ``"-7/4"``, or SymPy's ``str``.

    >>> format_exact(Fraction(-7, 4)), format_exact(Fraction(6, 2))
    ('-7/4', '3')
    >>> len(format_exact(Fraction(10) ** 5000))  # beyond CPython's 4,300-digit str() guard
    5001
    """
    if isinstance(q, Fraction) and max(abs(q.numerator), q.denominator).bit_length() > 13_000:
        num = str(decimal.Decimal(q.numerator))
        return num if q.denominator == 1 else f"{num}/{decimal.Decimal(q.denominator)}"
    return str(q)


def short(text: str, width: int = 28) -> str:
    """Abbreviate a long exact number for a table cell (the JSON keeps it whole).

    >>> short("12345678901234567890/3", 12)
    '12345678901…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def integer_rows(rows: Sequence[Sequence[Fraction]]) -> tuple[list[list[int]], list[int]]:
    """Scale each rational row by the lcm of its denominators.

    Returns the integer rows and the positive scale of each, so that
    ``rows[i] == [c / scales[i] for c in ints[i]]``. Directions and signs are
    unchanged, which is all a normalized cross product depends on.

    >>> integer_rows([[Fraction(1, 2), Fraction(1, 3)], [2, 4]])
    ([[3, 2], [2, 4]], [6, 1])
    """
    ints, scales = [], []
    for r in rows:
        s = 1
        for c in r:
            s = math.lcm(s, Fraction(c).denominator)
        ints.append([int(Fraction(c) * s) for c in r])
        scales.append(s)
    return ints, scales

