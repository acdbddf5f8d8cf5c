r"""Blades and vectors in LaTeX (the ``_latex`` methods of :class:`~exactwedge.ga.Blade` and :class:`~exactwedge.ga.Vector`).

A k-vector is written as a sum of basis blades ``e_{1}\wedge e_{2}``, a vector
as a ``pmatrix``. Numbers go through :mod:`exactwedge.numbers.latex`.

>>> import sympy
>>> from exactwedge import Vector, wedge
>>> sympy.latex(Vector(3, "-4/7"))
'\\begin{pmatrix}3\\\\- \\frac{4}{7}\\end{pmatrix}'
>>> sympy.latex(wedge([1, 2, 0], [0, 1, 1]))
'e_{1}\\wedge e_{2} + e_{1}\\wedge e_{3} + 2\\, e_{2}\\wedge e_{3}'
"""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError
from ..numbers.latex import latex_coefficient, latex_join_terms, latex_number, latex_printer

__all__ = ["blade_latex", "vector_latex"]


def _basis_name(idx: tuple, dim: int, compact: bool) -> str:
    if compact:
        sep = "" if dim < 10 else ","
        return "e_{" + sep.join(str(i) for i in idx) + "}"
    return r"\wedge ".join(f"e_{{{i}}}" for i in idx)


def blade_latex(blade: Any, printer: Any = None, *, compact: bool = False) -> str:
    r"""A k-vector as a sum of basis blades: ``3\, e_{1}\wedge e_{2} - e_{2}\wedge e_{3}``.

    Parameters
    ----------
    blade : Blade
        Any grade (a :class:`~exactwedge.Vector` too, written on ``e_{1}…``;
        :func:`vector_latex` writes it as a column).
    printer : sympy.printing.latex.LatexPrinter, optional
    compact : bool
        ``e_{12}`` instead of ``e_{1}\wedge e_{2}`` (``e_{1,10}`` from d = 10 on).

    Returns
    -------
    str

    Examples
    --------
    >>> from exactwedge import wedge, basis_blade
    >>> blade_latex(wedge([1, 2], [3, 4]))
    '-2\\, e_{1}\\wedge e_{2}'
    >>> blade_latex(wedge([1, 0, 0], [0, "1/2", 1]), compact=True)
    '\\frac{1}{2}\\, e_{12} + e_{13}'
    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> blade_latex(wedge([a, 1], [b, 1]))
    '\\left(a - b\\right)\\, e_{1}\\wedge e_{2}'
    >>> blade_latex(basis_blade(3))
    '1'
    """
    if not getattr(type(blade), "__exactwedge_blade__", False):
        raise InvalidInputError(f"expected a Blade, got {type(blade).__name__}")
    p = latex_printer(printer)
    if blade.grade == 0:
        return latex_number(blade.coefficients[0], p)
    terms = []
    for idx, c in zip(blade.basis(blade.dim, blade.grade), blade.coefficients):
        if c == 0:
            continue
        coef, neg = latex_coefficient(c, p, False)
        name = _basis_name(idx, blade.dim, compact)
        terms.append((f"{coef}\\, {name}" if coef else name, neg))
    return latex_join_terms(terms)


def vector_latex(v: Any, printer: Any = None, *, row: bool = False, approx: bool = False) -> str:
    r"""A vector as a column (or row) ``pmatrix`` of exact entries.

    Parameters
    ----------
    v : Vector or sequence of exact numbers
    printer : sympy.printing.latex.LatexPrinter, optional
    row : bool
        A row vector (``w^\top`` in ``w^\top x``).
    approx : bool
        Decimals (see :func:`latex_number`).

    Returns
    -------
    str

    Examples
    --------
    >>> from fractions import Fraction
    >>> vector_latex([Fraction(3, 7), Fraction(-4, 7)])
    '\\begin{pmatrix}\\frac{3}{7}\\\\- \\frac{4}{7}\\end{pmatrix}'
    >>> vector_latex([1, 0], row=True)
    '\\begin{pmatrix}1 & 0\\end{pmatrix}'
    """
    p = latex_printer(printer)
    entries = [latex_number(c, p, approx=approx) for c in v]
    sep = " & " if row else r"\\"
    return r"\begin{pmatrix}" + sep.join(entries) + r"\end{pmatrix}"
