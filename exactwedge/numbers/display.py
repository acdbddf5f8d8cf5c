r"""Rich display in notebooks: long exact numbers abbreviated, HTML escaped, LaTeX wrapped.

Jupyter shows an object through its ``_repr_latex_`` or ``_repr_html_``
method. The mathematical objects (``Vector``, ``Blade``, ``Neuron``,
``Network``) return their LaTeX in ``$…$`` or ``$$…$$`` (:func:`latex_display`);
results and tables (``Dictionary``, ``FitResult``, the Lasso solution and path,
the certificates, the proofs_check report) return a small HTML card
(:func:`html_card`). Every text in the HTML goes through :func:`html.escape`.

An exact number too long to read is shown as its decimal value and its size
(:func:`abbreviate`), and the card says which call gives it whole.

>>> abbreviate(__import__("fractions").Fraction(10**40 + 1, 3))
'≈ 3.33333e+39 (42-digit fraction)'
>>> html_card("Fit", [("value", "1/2")])
'<div class="exactwedge"><strong>Fit</strong><table><tr><th style="text-align:left">value</th><td style="text-align:left">1/2</td></tr></table></div>'
"""

from __future__ import annotations

import decimal
import html
import importlib
from fractions import Fraction
from typing import Any, Sequence

import re

from .policy import format_exact, parse_exact

__all__ = ["abbreviate", "is_long", "latex_display", "html_card", "html_table", "html_escape", "text_table", "figure",
           "WIDTH", "MAX_ROWS"]

#: Exact numbers whose text is longer than this many characters are abbreviated.
WIDTH = 24
#: Rows of a table shown in a notebook (the rest are counted, and named by the call that lists them).
MAX_ROWS = 12

_CELL = ' style="text-align:left"'
_RATIO = re.compile(r"-?[0-9]+(/[0-9]+)?")


def _digits(q: Fraction) -> int:
    """Digits written in ``p/q`` (no sign, no slash), without ``str`` (CPython's 4,300-digit guard)."""
    def count(k: int) -> int:
        return len(str(decimal.Decimal(k)))
    return count(abs(q.numerator)) + (count(q.denominator) if q.denominator != 1 else 0)


def _approx(q: Fraction, digits: int = 6) -> str:
    """``q`` to ``digits`` significant digits, past float range too."""
    with decimal.localcontext() as ctx:
        ctx.prec = digits + 2
        value = decimal.Decimal(q.numerator) / decimal.Decimal(q.denominator)
    text = f"{value:.{digits}g}"
    mant, _, exp = text.partition("e")
    mant = mant.rstrip("0").rstrip(".") if "." in mant else mant  # as a float's "g" writes it
    return mant + (f"e{exp[0]}{exp[1:].lstrip('0') or '0'}" if exp else "")


def is_long(x: Any, width: int = WIDTH) -> bool:
    """Whether :func:`abbreviate` shortens ``x`` (its exact text is longer than ``width``).

    >>> is_long(Fraction(1, 3)), is_long(Fraction(1, 3**60)), abbreviate(Fraction(10**30 + 1, 10**30 - 1))
    (False, True, '≈ 1 (61-digit fraction)')
    """
    return isinstance(x, (int, Fraction)) and not isinstance(x, bool) and len(format_exact(x)) > width


def abbreviate(x: Any, width: int = WIDTH) -> str:
    """An exact number as text: whole up to ``width`` characters, else ``≈ value (N-digit fraction)``.

    Floats (a float solve's values) are written with 12 significant digits;
    other numbers (surds, SymPy expressions) are cut at ``width`` with ``…``.
    A string is read as an exact number (``"p/q"``) when it is one, else kept whole.

    >>> abbreviate(Fraction(287, 1600)), abbreviate(0.1 + 0.2), abbreviate(-3**50)
    ('287/1600', '0.3', '≈ -7.17898e+23 (24-digit integer)')
    >>> abbreviate(Fraction(2**80 + 1, 3**50)), abbreviate(str(Fraction(2**80 + 1, 3**50)))
    ('≈ 1.68398 (49-digit fraction)', '≈ 1.68398 (49-digit fraction)')
    """
    if isinstance(x, float):
        return f"{x:.12g}"
    if isinstance(x, str):  # an exact number of a JSON report, or a text kept whole
        return abbreviate(parse_exact(x), width) if len(x) > width and _RATIO.fullmatch(x) else x
    if is_long(x, width):
        q = Fraction(x)
        kind = "integer" if q.denominator == 1 else "fraction"
        return f"≈ {_approx(q)} ({_digits(q):,}-digit {kind})"
    text = format_exact(x)
    return text if len(text) <= width else text[: width - 1] + "…"


def latex_display(tex: str, *, block: bool = False) -> str:
    r"""LaTeX for Jupyter's ``_repr_latex_``: ``$…$`` inline, ``$$…$$`` as a block.

    >>> latex_display(r"\frac{1}{2}"), latex_display("x", block=True)
    ('$\\frac{1}{2}$', '$$x$$')
    """
    return f"$${tex}$$" if block else f"${tex}$"


def html_escape(text: Any) -> str:
    """``html.escape(str(text))``: every text that enters the HTML.

    >>> html_escape("a < b & 'c'")
    'a &lt; b &amp; &#x27;c&#x27;'
    """
    return html.escape(str(text))


def html_table(head: Sequence[str] | None, rows: Sequence[Sequence[Any]], *, code: Sequence[int] = ()) -> str:
    """An HTML table of escaped cells (``code``: columns shown as ``<code>``).

    >>> html_table(["#", "label"], [[1, "x < 2"]], code=[1])
    '<table><tr><th style="text-align:left">#</th><th style="text-align:left">label</th></tr><tr><td style="text-align:left">1</td><td style="text-align:left"><code>x &lt; 2</code></td></tr></table>'
    """
    def cell(k: int, v: Any, tag: str) -> str:
        text = html_escape(v)
        return f"<{tag}{_CELL}>" + (f"<code>{text}</code>" if k in code else text) + f"</{tag}>"

    out = ["<table>"]
    if head:
        out.append("<tr>" + "".join(cell(-1, h, "th") for h in head) + "</tr>")
    out.extend("<tr>" + "".join(cell(k, v, "td") for k, v in enumerate(r)) + "</tr>" for r in rows)
    return "".join(out) + "</table>"


def text_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned text table (a rich ``Table`` measures every cell: 85 ms for 93 neurons).

    >>> print(text_table(("#", "neuron (closed form)", "alpha"), [("1", "relu(x_1)", "2")]))
    # │ neuron (closed form) │ alpha
    ──┼──────────────────────┼──────
    1 │ relu(x_1)            │ 2
    """
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]

    def line(r: Sequence[str]) -> str:
        return " │ ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()

    rule = "─┼─".join("─" * w for w in widths)
    return "\n".join([line(head), rule, *map(line, rows)])


def html_card(title: str, facts: Sequence[tuple[str, Any]], *, table: str = "", notes: Sequence[str] = ()) -> str:
    """A titled card: ``facts`` as name/value rows, then an optional (already built) table and notes.

    >>> html_card("A", [("x", "1 < 2")], notes=["see `res.value`"])
    '<div class="exactwedge"><strong>A</strong><table><tr><th style="text-align:left">x</th><td style="text-align:left">1 &lt; 2</td></tr></table><p>see `res.value`</p></div>'
    """
    rows = "".join(f"<tr><th{_CELL}>{html_escape(k)}</th><td{_CELL}>{html_escape(v)}</td></tr>" for k, v in facts)
    parts = [f'<div class="exactwedge"><strong>{html_escape(title)}</strong>']
    if rows:
        parts.append(f"<table>{rows}</table>")
    parts.append(table)
    parts.extend(f"<p>{html_escape(n)}</p>" for n in notes)
    return "".join(parts) + "</div>"


def figure(obj: Any, *args: Any, **kwargs: Any) -> Any:
    """The matplotlib Figure of a result: the body of every ``.plot()`` method.

    The objects that offer ``.plot()`` sit in layers before :mod:`exactwedge.plot`
    and do not import it; this imports it by name when a figure is asked for
    (matplotlib loads then, not with ``import exactwedge``), as pandas'
    ``DataFrame.plot`` reaches its plotting backend, and returns
    :func:`exactwedge.plot.figure_of`. The figure is returned, never shown
    through pyplot: as the last value of a Jupyter cell it displays itself.

    >>> from exactwedge.lasso import lasso_path
    >>> type(figure(lasso_path([[1, 0], [0, 1]], [2, 1], "1/2"))).__mro__[1].__name__
    'Figure'
    """
    return importlib.import_module("exactwedge.plot").figure_of(obj, *args, **kwargs)
