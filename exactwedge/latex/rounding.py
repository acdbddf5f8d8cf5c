r"""Long exact numbers in a document: a short decimal in the text, the exact value in an appendix.

A fraction of 34 digits does not fit a line. :func:`rounding_printer` is a
SymPy LaTeX printer (SymPy's printing protocol: every ``_latex`` method and
:func:`~exactwedge.latex.latex_number` print through it) that writes each
rational or integer longer than ``width`` characters as
``\ewround{decimal}{k}`` — rendered :math:`{\approx}0.123457_{\langle k\rangle}`,
rounded to ``digits`` significant digits — and keeps its exact value as entry
``k``. :func:`~exactwedge.latex.exact_values_latex` lists the entries, with
the long numbers broken across lines.

>>> from fractions import Fraction
>>> from exactwedge.numbers.latex import latex_number
>>> p = rounding_printer(width=8)
>>> latex_number(Fraction(-1, 3), p), latex_number(Fraction(123456789, 1000), p)
('- \\frac{1}{3}', '\\ewround{123457}{1}')
>>> p.long_values
[Fraction(123456789, 1000)]
"""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from ..exceptions import InvalidInputError

__all__ = ["ROUND_MACRO", "rounding_printer", "decimal_latex", "number_lines"]

#: The macro a rounded number is written with (``\providecommand``: a paper may define its own).
ROUND_MACRO = r"\providecommand{\ewround}[2]{\mathord{\approx}#1_{\langle #2\rangle}}"


def decimal_latex(q: Fraction, digits: int = 6) -> str:
    r"""``q`` correctly rounded to ``digits`` significant digits, in LaTeX (an export: a decimal for the eye).

    Parameters
    ----------
    q : Fraction or int
    digits : int

    Returns
    -------
    str

    Examples
    --------
    >>> from fractions import Fraction
    >>> decimal_latex(Fraction(2, 3)), decimal_latex(Fraction(-10**40, 7)), decimal_latex(Fraction(1, 7 * 10**4))
    ('0.666667', '-1.42857 \\cdot 10^{39}', '1.42857 \\cdot 10^{-5}')
    >>> decimal_latex(Fraction(123456789, 1000)), decimal_latex(Fraction(-1, 800))
    ('123457', '-0.00125')
    """
    q = Fraction(q)
    if digits < 1:
        raise InvalidInputError(f"digits must be ≥ 1, got {digits}")
    ctx = Context(prec=digits)
    value = ctx.divide(Decimal(q.numerator), Decimal(q.denominator))
    text = f"{value:.{digits}g}"
    if value and (value.adjusted() < -3 or value.adjusted() >= digits):  # 1.23457 · 10^{-5}, not 0.0000123457
        text = f"{value:.{digits - 1}e}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \cdot 10^{{{int(exp)}}}"
    return text


def number_lines(q: Any, width: int = 64) -> list[str]:
    r"""An exact rational as lines of at most ``width`` characters (text mode), for a table that may
    break between them: a 2000-digit numerator is 32 rows a page break can fall between.

    Joining the lines and replacing ``$-$`` by ``-`` gives back ``str(q)``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> number_lines(Fraction(-12345678901, 7), width=5)
    ['$-$1234', '56789', '01/7']
    >>> number_lines(Fraction(3, 4))
    ['3/4']
    """
    if width < 2:
        raise InvalidInputError(f"width must be ≥ 2, got {width}")
    s = str(Fraction(q))
    lines = [s[i:i + width] for i in range(0, len(s), width)]
    if lines[0].startswith("-"):
        lines[0] = "$-$" + lines[0][1:]
    return lines


_CLASS: list = []


def _printer_class() -> type:
    if _CLASS:
        return _CLASS[0]
    from sympy.printing.latex import LatexPrinter

    class RoundingPrinter(LatexPrinter):
        """A LatexPrinter that rounds long rationals and integers and keeps their exact values."""

        def __init__(self, width: int, digits: int) -> None:
            super().__init__()
            self.width = width
            self.digits = digits
            self.long_values: list[Fraction] = []
            self._marks: dict[Fraction, int] = {}

        def mark(self, q: Fraction) -> int:
            """The entry of ``q`` (1-based), added when new."""
            if q not in self._marks:
                self.long_values.append(q)
                self._marks[q] = len(self.long_values)
            return self._marks[q]

        def _short(self, q: Fraction) -> str | None:
            if len(str(abs(q))) <= self.width:
                return None
            sign = "{-}" if q < 0 else ""  # ≈−1.5, not −≈1.5
            return r"\ewround{%s%s}{%d}" % (sign, decimal_latex(abs(q), self.digits), self.mark(abs(q)))

        def _print_Rational(self, expr: Any) -> str:  # integers too (sympy.Integer is a Rational)
            return self._short(Fraction(int(expr.p), int(expr.q))) or super()._print_Rational(expr)

    _CLASS.append(RoundingPrinter)
    return RoundingPrinter


def rounding_printer(width: int = 16, digits: int = 6) -> Any:
    r"""A SymPy LaTeX printer that rounds numbers longer than ``width`` characters and remembers them.

    Parameters
    ----------
    width : int
        The longest ``p/q`` (sign not counted) printed exactly; a large width
        prints every number exactly.
    digits : int
        Significant digits of the rounded decimals.

    Returns
    -------
    RoundingPrinter
        Its ``long_values`` are the rounded numbers' exact absolute values, entry
        ``k`` at index ``k - 1``.

    Examples
    --------
    >>> import sympy
    >>> p = rounding_printer(width=4)
    >>> p.doprint(sympy.Rational(-123456, 7)), p.doprint(sympy.Integer(42)), p.long_values
    ('\\ewround{{-}17636.6}{1}', '42', [Fraction(123456, 7)])
    """
    if width < 1 or digits < 1:
        raise InvalidInputError(f"width and digits must be ≥ 1, got {width} and {digits}")
    return _printer_class()(width, digits)

