r"""Exact numbers, the foundation every other layer stands on.

* :mod:`~exactwedge.numbers.policy`: what enters exactwedge and how. Inside the
  package a number is a :class:`fractions.Fraction` or a float-free SymPy
  expression; a float enters only through :func:`from_float`.
* :mod:`~exactwedge.numbers.floats`: exact numbers leaving as floats, on
  purpose, with float range handled (screens saturate, float exports refuse
  by name, report approximations become None).
* :mod:`~exactwedge.numbers.surd`: :class:`Surd`, the one square-root type,
  :math:`q\sqrt R` with :math:`q, R \in \mathbb Q`, and :func:`sqrt_exact`,
  the one square root (a Surd for a rational, SymPy's root for a symbol).
* :mod:`~exactwedge.numbers.linalg`: exact linear algebra over
  :math:`\mathbb Q` (python-flint).
* :mod:`~exactwedge.numbers.latex`: numbers as LaTeX.
* :mod:`~exactwedge.numbers.multivectors`: clifford, kingdon and galgebra
  multivectors recognized as data (by their type's module, nothing imported),
  read by the one reader that :mod:`exactwedge.ga` registers.
* :mod:`~exactwedge.numbers.certificate`: the one certificate protocol
  (``holds``, ``kind``, ``to_json()``) that every solver result follows.

>>> from exactwedge.numbers import exact, Surd
>>> exact("0.1"), Surd(exact(2), exact(8))
(Fraction(1, 10), Surd(4*sqrt(2)))
"""

from .policy import (
    as_matrix,
    as_vector,
    exact,
    format_exact,
    from_float,
    integer_rows,
    is_symbolic,
    parse_exact,
    short,
)
from .floats import clamped_float, float_columns, json_float
from .surd import Surd, sqrt_exact, sqrt_rational, to_sympy

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
    "clamped_float",
    "float_columns",
    "json_float",
    "Surd",
    "sqrt_rational",
    "sqrt_exact",
    "to_sympy",
]
