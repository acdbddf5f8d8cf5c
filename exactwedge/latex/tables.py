r"""LaTeX tables (text mode): the data, the dictionary with provenance, the certificate.

Each function returns a block for the body of a document that loads
``amsmath``, ``amssymb`` and ``longtable`` (see
:func:`exactwedge.latex.latex_document`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError
from ._text import latex_escape
from ..dictionary.neuron import sample_latex, x_latex
from ..numbers.certificate import OptimalityCertificate
from ..numbers.latex import latex_number, latex_printer

__all__ = ["data_latex", "dictionary_latex", "certificate_latex", "exact_values_latex", "table_rows"]


def table_rows(rows: Sequence[str]) -> list[str]:
    r"""Table rows ended by ``\\``, with ``\\*`` (no page break) after the first and before the last row.

    So a ``longtable`` never leaves one row alone at the top or the bottom of a page.

    >>> print(" ".join(table_rows(["a", "b", "c", "d"])))
    a\\* b\\ c\\* d\\
    """
    out = []
    for i, r in enumerate(rows):
        keep = len(rows) >= 3 and (i == 0 or i == len(rows) - 2)
        out.append(r + ("\\\\*" if keep else "\\\\"))
    return out


def _row(v: Sequence[Any], p: Any, approx: bool = False) -> str:
    return r"\left(" + ", ".join(latex_number(c, p, approx=approx) for c in v) + r"\right)"


def data_latex(X: Sequence[Sequence[Any]], y: Sequence[Any] | None = None, printer: Any = None) -> str:
    r"""The samples ``x_i`` (numbered from 1, as in the papers) and their labels, as a ``longtable``.

    Parameters
    ----------
    X : (n, d) exact numbers
    y : (n,) or (n, c) exact labels, optional
    printer : sympy.printing.latex.LatexPrinter, optional

    Returns
    -------
    str

    Examples
    --------
    >>> print(data_latex([[1, "1/2"], [0, 3]], [1, -1]))
    \begin{longtable}{rll}
    \hline
    $i$ & $x_i$ & $y_i$\\
    \hline
    \endhead
    1 & $\left(1, \frac{1}{2}\right)$ & $1$\\
    2 & $\left(0, 3\right)$ & $-1$\\
    \hline
    \end{longtable}
    """
    from ..numbers import as_matrix

    p = latex_printer(printer)
    rows = as_matrix(X, what="X")
    head = r"$i$ & $x_i$" + (r" & $y_i$" if y is not None else "")
    lines = [r"\begin{longtable}{rl" + ("l" if y is not None else "") + "}", r"\hline", head + r"\\", r"\hline",
             r"\endhead"]
    body = []
    for i, x in enumerate(rows):
        cells = [str(i + 1), "$" + _row(x, p) + "$"]
        if y is not None:
            yi = y[i]
            cells.append("$" + (_row(yi, p) if isinstance(yi, (list, tuple)) else latex_number(yi, p)) + "$")
        body.append(" & ".join(cells))
    lines += table_rows(body) + [r"\hline", r"\end{longtable}"]
    return "\n".join(lines)


def _brow(v: Sequence[Any], p: Any, approx: bool = False) -> str:
    """A row vector that may break after its commas (in a ``p`` column)."""
    return "(" + r",\allowbreak ".join(latex_number(c, p, approx=approx) for c in v) + ")"


def _subset_tex(samples: Sequence[Any], anchor: Any) -> str:
    if not samples:
        return r"$\emptyset$"
    return "$" + r",\allowbreak ".join(sample_latex(s, anchor, paren=False) for s in samples) + "$"


def dictionary_latex(D: Any, z: Sequence[Any] | None = None, *, columns: Sequence[int] | None = None,
                     printer: Any = None, approx: bool = False) -> str:
    r"""The dictionary's columns with their provenance, as a ``longtable``.

    One row per column ``j``: the vectors :math:`a_J` whose cross product is
    the weight (samples :math:`x_k`, shifted :math:`x_k - x_a` with bias, basis
    vectors :math:`e_k`), the anchor :math:`x_a`, the side, the exact weight and
    bias, and (given a solution) the coefficient :math:`z_j`.

    Parameters
    ----------
    D : Dictionary
    z : sequence, optional
        A Lasso solution, one coefficient per column (zeros are left blank,
        so the support stands out).
    columns : sequence of int, optional
        Only these columns (default: all).
    printer : sympy.printing.latex.LatexPrinter, optional
    approx : bool
        Decimals for ``z`` (a float solve).

    Returns
    -------
    str

    Examples
    --------
    >>> from exactwedge import dictionary
    >>> D = dictionary([[1, 2], [3, 1]])
    >>> print(dictionary_latex(D, columns=[0, 3]))
    {\small\setlength{\tabcolsep}{3pt}
    \begin{longtable}{r>{\raggedright\arraybackslash}p{0.17\linewidth}lc>{\raggedright\arraybackslash}p{0.2\linewidth}>{\raggedright\arraybackslash}p{0.18\linewidth}}
    \hline
    col. & $a_J$ & anchor & side & $w$ & $b$\\
    \hline
    \endhead
    0 & $x_{1}$ & -- & $+$ & $(\frac{2}{3},\allowbreak - \frac{1}{3})$ & $0$\\
    3 & $e_{2}$ & -- & $+$ & $(1,\allowbreak 0)$ & $0$\\
    \hline
    \end{longtable}}
    """
    from ..dictionary import Dictionary

    if not isinstance(D, Dictionary):
        raise InvalidInputError(f"expected a Dictionary, got {type(D).__name__}")
    if z is not None and len(z) != len(D):
        raise InvalidInputError(f"z must have one coefficient per column ({len(D)}), got {len(z)}")
    p = latex_printer(printer)
    cols = range(len(D)) if columns is None else columns
    rag = r">{\raggedright\arraybackslash}p"
    spec = f"r{rag}{{0.17\\linewidth}}lc{rag}{{0.2\\linewidth}}{rag}{{0.18\\linewidth}}"
    spec += f"{rag}{{0.18\\linewidth}}" if z is not None else ""
    head = r"col. & $a_J$ & anchor & side & $w$ & $b$" + (r" & $z_j$" if z is not None else "")
    lines = [r"{\small\setlength{\tabcolsep}{3pt}", r"\begin{longtable}{" + spec + "}", r"\hline", head + r"\\",
             r"\hline", r"\endhead"]
    body = []
    for j in cols:
        if not 0 <= j < len(D):
            raise InvalidInputError(f"column {j} is out of range 0..{len(D) - 1}")
        nr = D.neuron(j)
        cells = [str(j), _subset_tex(nr.samples, nr.anchor),
                 "--" if nr.anchor is None else f"${x_latex(nr.anchor)}$",
                 "$+$" if nr.sign > 0 else "$-$",
                 "$" + _brow(nr.w, p) + "$", "$" + latex_number(nr.b, p) + "$"]
        if z is not None:
            zj = z[j]
            if isinstance(zj, tuple):
                txt = "$" + _brow(zj, p, approx) + "$" if any(c != 0 for c in zj) else ""
            else:
                txt = "" if zj == 0 else "$" + latex_number(zj, p, approx=approx) + "$"
            cells.append(txt)
        body.append(" & ".join(cells))
    lines += table_rows(body) + [r"\hline", r"\end{longtable}}"]
    return "\n".join(lines)


def _yes(ok: Any) -> str:
    if ok is None:
        return "n/a"
    return r"$\checkmark$ holds" if ok else r"\textbf{fails}"


def certificate_latex(certificate: Any, printer: Any = None) -> str:
    r"""The Lasso's KKT certificate: each condition, its value, and whether it holds.

    With :math:`r = y - Kz - t\mathbf 1`: :math:`\lvert K_j^\top r\rvert \le \beta`
    for every column, :math:`K_j^\top r = \beta\operatorname{sign}(z_j)` on the
    support, and :math:`\mathbf 1^\top r = 0` with an intercept.

    Parameters
    ----------
    certificate : OptimalityCertificate or dict
        Any certificate of the protocol (:mod:`exactwedge.numbers.certificate`):
        the exact KKT certificate, its streamed form, or the float report of a
        float solve (``"exact": False``); or its JSON dict.
    printer : sympy.printing.latex.LatexPrinter, optional

    Returns
    -------
    str
        A ``tabular`` followed by a one-line verdict.

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
    >>> print(certificate_latex(res.certificate))
    \begin{tabular}{>{\raggedright\arraybackslash}p{0.4\linewidth}>{\raggedright\arraybackslash}p{0.36\linewidth}l}
    \hline
    condition & value & \\
    \hline
    $\lvert K_j^\top r\rvert \le \beta$ for every column $j$ & $\max_j \lvert K_j^\top r\rvert = \frac{1}{10}$, $\beta = \frac{1}{10}$ & $\checkmark$ holds\\
    $K_j^\top r = \beta\operatorname{sign}(z_j)$ on the support & 5 columns & $\checkmark$ holds\\
    $\mathbf 1^\top r = 0$ (free intercept) & $\mathbf 1^\top r = 0$ & $\checkmark$ holds\\
    \hline
    \end{tabular}
    <BLANKLINE>
    \smallskip\noindent The solution is optimal: every condition was checked exactly, in rational arithmetic.
    """
    p = latex_printer(printer)
    if isinstance(certificate, (OptimalityCertificate, dict)):
        c = dict(certificate.to_json() if isinstance(certificate, OptimalityCertificate) else certificate)
    else:
        raise InvalidInputError(f"expected a certificate or a report dict, got {type(certificate).__name__}")
    exact = bool(c.get("exact"))

    def num(v: Any) -> str:
        if isinstance(v, str):
            from ..exceptions import ExactWedgeError
            from ..numbers import parse_exact

            try:
                v = parse_exact(v)
            except ExactWedgeError:
                return latex_escape(v)
        if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
            return latex_number(v, p)
        return latex_number(float(v), p)

    rag = r">{\raggedright\arraybackslash}p"
    lines = [r"\begin{tabular}{" + f"{rag}{{0.4\\linewidth}}{rag}{{0.36\\linewidth}}l" + "}", r"\hline", r"condition & value & \\", r"\hline"]
    lines.append(r"$\lvert K_j^\top r\rvert \le \beta$ for every column $j$ & "
                 rf"$\max_j \lvert K_j^\top r\rvert = {num(c.get('max_abs_correlation'))}$, "
                 rf"$\beta = {num(c.get('beta'))}$ & {_yes(c.get('bound_condition'))}\\")
    lines.append(r"$K_j^\top r = \beta\operatorname{sign}(z_j)$ on the support & "
                 f"{c.get('support_size')} columns & {_yes(c.get('support_condition'))}" + r"\\")
    if c.get("intercept_condition") is not None:
        lines.append(r"$\mathbf 1^\top r = 0$ (free intercept) & "
                     rf"$\mathbf 1^\top r = {num(c.get('residual_sum'))}$ & {_yes(c.get('intercept_condition'))}\\")
    if not exact and c.get("duality_gap") is not None:
        lines.append(rf"duality gap & ${num(c['duality_gap'])}$ (relative ${num(c.get('relative_gap', 0.0))}$) & "
                     f"{_yes(c.get('gap_condition'))}" + r"\\")
    if not exact and c.get("complementarity_condition") is not None:  # the hinge loss's dual variables
        lines.append(r"complementary slackness ($a_i = 1$ where $y_if_i < 1$, $a_i = 0$ where $y_if_i > 1$) & "
                     rf"error ${num(c.get('complementarity_error', 0.0))}$ & {_yes(c['complementarity_condition'])}\\")
    lines += [r"\hline", r"\end{tabular}", ""]
    if exact:
        verdict = ("The solution is optimal: every condition was checked exactly, in rational arithmetic."
                   if c.get("holds") else
                   "The certificate \\textbf{fails}: the point is not optimal (violating columns: "
                   + latex_escape(", ".join(str(v) for v in c.get("violations", []))) + ").")
    else:
        tol = c.get("tolerance")
        verdict = ("Float64 check only (not a proof)" + (f", tolerance ${num(tol)}$" if tol is not None else "")
                   + ": " + ("the conditions hold." if c.get("holds") else r"the conditions \textbf{fail}."))
    lines.append(r"\smallskip\noindent " + verdict)
    return "\n".join(lines)


def exact_values_latex(printer: Any, *, title: str | None = None) -> str:
    r"""The exact values of the numbers a :func:`~exactwedge.latex.rounding_printer` rounded, as a ``longtable``.

    One row per entry :math:`\langle k\rangle`: the rounded decimal and the
    exact rational, continued on rows of 66 characters where it is longer (so
    even a 2000-digit fraction stays inside the margins, and pages break between
    its rows); continuation rows start with `` & & ``.

    Parameters
    ----------
    printer : RoundingPrinter
    title : str, optional
        LaTeX put before the table (a section heading); nothing when no number was rounded.

    Returns
    -------
    str
        Empty when no number was rounded.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from exactwedge.latex import rounding_printer
    >>> from exactwedge.numbers.latex import latex_number
    >>> p = rounding_printer(width=6)
    >>> latex_number(Fraction(-10**9, 7), p)
    '\\ewround{{-}1.42857 \\cdot 10^{8}}{1}'
    >>> print(exact_values_latex(p))
    {\footnotesize\renewcommand{\arraystretch}{1}
    \begin{longtable}{r>{\raggedright\arraybackslash}p{0.18\linewidth}>{\raggedright\arraybackslash}p{0.66\linewidth}}
    \hline
    entry & rounded & exact value\\
    \hline
    \endhead
    $\langle 1\rangle$ & $1.42857 \cdot 10^{8}$ & 1000000000/7\\
    \hline
    \end{longtable}}
    """
    from .rounding import decimal_latex, number_lines

    values = list(getattr(printer, "long_values", None) or [])
    if not values:
        return ""
    rag = r">{\raggedright\arraybackslash}p"
    lines = ([title] if title else []) + [  # small type: a 2000-digit numerator is 30 lines of it
        r"{\footnotesize\renewcommand{\arraystretch}{1}", r"\begin{longtable}{r" + f"{rag}{{0.18\\linewidth}}{rag}{{0.66\\linewidth}}" + "}", r"\hline",
        r"entry & rounded & exact value\\", r"\hline", r"\endhead"]
    body = []
    for k, q in enumerate(values, start=1):  # one table row per line of digits: pages may break between them
        first, *rest = number_lines(q, 66)  # 66 digits of 9pt type (4.5pt each) fill the column
        body.append(rf"$\langle {k}\rangle$ & ${decimal_latex(q, printer.digits)}$ & {first}")
        body += [f" & & {line}" for line in rest]
    lines += table_rows(body) + [r"\hline", r"\end{longtable}}"]
    return "\n".join(lines)
