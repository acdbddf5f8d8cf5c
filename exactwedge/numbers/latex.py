r"""Exact numbers in LaTeX: rationals as fractions, surds as roots, floats as decimals.

The leaf every ``_latex`` method prints its numbers through. It follows SymPy's
printing protocol: each function takes an optional SymPy ``printer`` and prints
through it, so ``sympy.latex(obj)`` keeps SymPy's settings and nothing global
is patched.

>>> from fractions import Fraction
>>> latex_number(Fraction(-3, 5))
'- \\frac{3}{5}'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ..exceptions import InvalidInputError
from .policy import exact
from .surd import Surd

__all__ = ["latex_number", "latex_printer", "latex_coefficient", "latex_join_terms", "join_signed", "latex_fits"]


def latex_printer(printer: Any = None) -> Any:
    """The given SymPy LaTeX printer, or a default one (SymPy's printing protocol).

    >>> type(latex_printer()).__name__
    'LatexPrinter'
    """
    if printer is not None:
        return printer
    from sympy.printing.latex import LatexPrinter

    return LatexPrinter()


def _float_tex(x: float, digits: int = 6) -> str:
    if math.isnan(x):
        return r"\mathrm{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = f"{x:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \cdot 10^{{{int(exp)}}}"
    return text


def latex_number(x: Any, printer: Any = None, *, approx: bool = False, digits: int = 6) -> str:
    r"""One number in LaTeX: exact rationals as fractions, surds as roots.

    Parameters
    ----------
    x : int, Fraction, Surd, SymPy number or expression, float
        Floats are printed as decimals (they are what a float solver returned).
    printer : sympy.printing.latex.LatexPrinter, optional
        The printer whose settings to follow (inside a ``_latex`` method).
    approx : bool
        Print ``float(x)`` with ``digits`` significant digits instead (for the
        results of a float solve, whose exact binary values are unreadable).
    digits : int

    Returns
    -------
    str

    Examples
    --------
    >>> from fractions import Fraction
    >>> from exactwedge import Surd
    >>> latex_number(Fraction(-3, 5)), latex_number(Surd(Fraction(1, 5), Fraction(13)))
    ('- \\frac{3}{5}', '\\frac{\\sqrt{13}}{5}')
    >>> latex_number(Fraction(1, 3), approx=True), latex_number(2.5e-12)
    ('0.333333', '2.5 \\cdot 10^{-12}')
    """
    if isinstance(x, bool):
        raise InvalidInputError(f"expected a number, got the bool {x!r}")
    if approx or isinstance(x, float):
        return _float_tex(float(x), digits)
    p = latex_printer(printer)
    import sympy

    if isinstance(x, Fraction):
        return p._print(sympy.Rational(x.numerator, x.denominator))
    if isinstance(x, int):
        return p._print(sympy.Integer(x))
    if hasattr(x, "_latex") or isinstance(x, sympy.Basic):
        return p._print(x)
    return latex_number(exact(x), p)


def _is_negative(x: Any) -> bool:
    if isinstance(x, (int, Fraction, float)):
        return x < 0
    if isinstance(x, Surd):
        return x.q < 0
    try:
        return bool(x.could_extract_minus_sign())
    except AttributeError:
        return False


def latex_coefficient(c: Any, p: Any, approx: bool) -> tuple[str, bool]:
    r"""(LaTeX of ``|c|`` ready to multiply something, ``c < 0``); ``""`` for a unit coefficient.

    >>> from fractions import Fraction
    >>> latex_coefficient(Fraction(-2, 3), None, False), latex_coefficient(1, None, False)
    (('\\frac{2}{3}', True), ('', False))
    """
    neg = _is_negative(c)
    a = -c if neg else c
    if not approx and a == 1:
        return "", neg
    text = latex_number(a, p, approx=approx)
    if getattr(a, "is_Add", False):
        text = rf"\left({text}\right)"
    return text, neg


def latex_join_terms(terms: list[tuple[str, bool]]) -> str:
    """Join ``(text, negative)`` terms with their signs: ``a - b + c``.

    >>> latex_join_terms([("a", False), ("b", True), ("c", False)])
    'a - b + c'
    """
    if not terms:
        return "0"
    out = ("-" if terms[0][1] else "") + terms[0][0]
    for text, neg in terms[1:]:
        out += (" - " if neg else " + ") + text
    return out


def join_signed(parts: list[str]) -> str:
    """Join terms that carry their own leading ``-``: ``["a", "-b", "c"]`` reads ``a - b + c`` (``0`` for none).

    >>> join_signed(["2*e1", "-e2", "e3"]), join_signed(["-e12"]), join_signed([])
    ('2*e1 - e2 + e3', '-e12', '0')
    """
    return latex_join_terms([(p[1:], True) if p.startswith("-") else (p, False) for p in parts])


def latex_fits(text: str, printer: Any) -> bool:
    r"""Whether LaTeX printed by ``printer`` is short enough for a line: always for a plain printer; for a
    rounding printer (one with a ``width``, :func:`exactwedge.latex.rounding_printer`), at most four times
    its width (a long surd, whose radicand past 2⁶⁴ it cannot round).

    >>> from types import SimpleNamespace
    >>> latex_fits("x" * 100, None), latex_fits("x" * 100, SimpleNamespace(width=12)), latex_fits("x" * 48, SimpleNamespace(width=12))
    (True, False, True)
    """
    width = getattr(printer, "width", None)
    return width is None or len(text) <= 4 * width
