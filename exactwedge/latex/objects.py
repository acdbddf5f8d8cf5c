r"""LaTeX of exact objects: numbers, blades, vectors, neurons, hyperplanes, networks.

Every function returns math-mode LaTeX (for ``\[ … \]`` or ``$ … $``) that
needs only ``amsmath``. They follow SymPy's printing protocol: each takes an
optional SymPy ``printer`` and prints exact numbers through it, and the classes
:class:`~exactwedge.Blade`, :class:`~exactwedge.Vector`,
:class:`~exactwedge.Surd`, :class:`~exactwedge.Neuron` and
:class:`~exactwedge.Network` have ``_latex`` methods that call them, so
``sympy.latex(obj)`` works, with SymPy's settings, and nothing global is
patched.

Conventions (THEORY §1, ``docs/conventions.md``): samples are named
``x_{k}`` with the 0-based row index of the data (as in the JSON report and the
labels), basis vectors ``e_{1}…e_{d}`` are 1-based, and

.. math:: \operatorname{cross}(v_1,\dots,v_{d-1}) = (-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1}),
          \qquad x\cdot\operatorname{cross}(V) = \det[x, v_1, \dots, v_{d-1}],

so a neuron written with the Hodge star carries the sign
:math:`\pm(-1)^{d-1}`, and its hyperplane's signed distance is a determinant
over the volume of the spanning blade.

>>> import sympy
>>> from exactwedge import Vector, wedge
>>> sympy.latex(Vector(3, "-4/7"))
'\\begin{pmatrix}3\\\\- \\frac{4}{7}\\end{pmatrix}'
>>> sympy.latex(wedge([1, 2, 0], [0, 1, 1]))
'e_{1}\\wedge e_{2} + e_{1}\\wedge e_{3} + 2\\, e_{2}\\wedge e_{3}'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError

__all__ = [
    "latex_number",
    "blade_latex",
    "vector_latex",
    "neuron_latex",
    "hyperplane_latex",
    "network_latex",
]


# ---------------------------------------------------------------- numbers
def _printer(printer: Any = None) -> Any:
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
    p = _printer(printer)
    import sympy

    if isinstance(x, Fraction):
        return p._print(sympy.Rational(x.numerator, x.denominator))
    if isinstance(x, int):
        return p._print(sympy.Integer(x))
    if hasattr(x, "_latex") or isinstance(x, sympy.Basic):
        return p._print(x)
    from ..numbers import exact

    return latex_number(exact(x), p)


def _is_negative(x: Any) -> bool:
    if isinstance(x, (int, Fraction, float)):
        return x < 0
    from ..surd import Surd

    if isinstance(x, Surd):
        return x.q < 0
    try:
        return bool(x.could_extract_minus_sign())
    except AttributeError:
        return False


def _coefficient(c: Any, p: Any, approx: bool) -> tuple[str, bool]:
    """(LaTeX of |c| ready to multiply something, c < 0)."""
    neg = _is_negative(c)
    a = -c if neg else c
    if not approx and a == 1:
        return "", neg
    text = latex_number(a, p, approx=approx)
    if getattr(a, "is_Add", False):
        text = rf"\left({text}\right)"
    return text, neg


def _join_terms(terms: list[tuple[str, bool]]) -> str:
    """Join (text, negative) terms with signs: ``a - b + c``."""
    if not terms:
        return "0"
    out = ("-" if terms[0][1] else "") + terms[0][0]
    for text, neg in terms[1:]:
        out += (" - " if neg else " + ") + text
    return out


# ---------------------------------------------------------------- blades and vectors
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
    from ..ga.blade import Blade

    if not isinstance(blade, Blade):
        raise InvalidInputError(f"expected a Blade, got {type(blade).__name__}")
    p = _printer(printer)
    if blade.grade == 0:
        return latex_number(blade.coefficients[0], p)
    terms = []
    for idx, c in zip(Blade.basis(blade.dim, blade.grade), blade.coefficients):
        if c == 0:
            continue
        coef, neg = _coefficient(c, p, False)
        name = _basis_name(idx, blade.dim, compact)
        terms.append((f"{coef}\\, {name}" if coef else name, neg))
    return _join_terms(terms)


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
    p = _printer(printer)
    entries = [latex_number(c, p, approx=approx) for c in v]
    sep = " & " if row else r"\\"
    return r"\begin{pmatrix}" + sep.join(entries) + r"\end{pmatrix}"


# ---------------------------------------------------------------- neurons
def _provenance(obj: Any, norm: int | None) -> dict:
    """Normalize a Neuron, or a network Unit with provenance, into one dict."""
    from ..dictionary.neuron import Neuron

    if isinstance(obj, Neuron):
        return {"w": tuple(obj.w), "b": obj.b, "samples": tuple(obj.samples), "sign": obj.sign,
                "anchor": obj.anchor, "norm": obj.norm, "known": True}
    if hasattr(obj, "w") and hasattr(obj, "b"):
        prov = getattr(obj, "provenance", None) or {}
        known = "samples" in prov and "sign" in prov
        return {"w": tuple(obj.w), "b": obj.b, "samples": tuple(prov.get("samples", ())),
                "sign": prov.get("sign", 1), "anchor": prov.get("anchor"), "norm": norm or 1, "known": known}
    raise InvalidInputError(f"expected a Neuron or a network Unit, got {type(obj).__name__}")


def _member(s: Any, anchor: int | None, *, paren: bool) -> str:
    if isinstance(s, str):
        return f"e_{{{s[1:]}}}"
    if anchor is None:
        return f"x_{{{s}}}"
    text = f"x_{{{s}}} - x_{{{anchor}}}"
    return f"({text})" if paren else text


def _wedge_of(members: Sequence[Any], anchor: int | None) -> str:
    if len(members) == 1:
        return _member(members[0], anchor, paren=False)
    return r"\wedge ".join(_member(s, anchor, paren=True) for s in members)


def _sub(index: Any) -> str:
    return "" if index is None else f"_{{{index}}}"


def _closed_form(pr: dict, index: Any, form: str) -> str:
    """``\\pm\\frac{\\star(…)}{\\lVert\\star(…)\\rVert_p}`` (or with cross)."""
    samples, anchor, d = pr["samples"], pr["anchor"], len(pr["w"])
    sign = pr["sign"]
    norm = r"\rVert_{%d}" % pr["norm"]
    if form == "star":
        s = sign * (-1) ** (d - 1)
        inner = _wedge_of(samples, anchor)
        simple = len(samples) == 1 and (isinstance(samples[0], str) or anchor is None)
        star = rf"\star {inner}" if simple else rf"\star({inner})"
    elif form == "cross":
        s = sign
        star = r"\operatorname{cross}(" + ", ".join(_member(m, anchor, paren=False) for m in samples) + ")"
    else:
        raise InvalidInputError(f"form must be 'star' or 'cross', got {form!r}")
    return ("-" if s < 0 else "+") + r"\frac{" + star + r"}{\lVert " + star + " " + norm + "}"


def _neuron_parts(obj: Any, *, index: Any = None, form: str = "star", printer: Any = None,
                  norm: int | None = None) -> list[tuple[str, str]]:
    """[(lhs, rhs)] for w and (with bias) b."""
    p = _printer(printer)
    pr = _provenance(obj, norm)
    w, b, d = pr["w"], pr["b"], len(pr["w"])
    i = _sub(index)
    parts = []
    if d == 1:
        value = latex_number(w[0], p)
        if pr["known"]:
            parts.append((f"w{i}", ("+1" if pr["sign"] > 0 else "-1") + (f" = {value}" if pr["norm"] == 2 else "")))
        else:
            parts.append((f"w{i}", value))
    else:
        value = vector_latex(w, p)
        if pr["known"]:
            parts.append((f"w{i}", _closed_form(pr, index, form) + " = " + value))
        else:
            parts.append((f"w{i}", value))
    if pr["anchor"] is not None and pr["known"]:
        parts.append((f"b{i}", rf"-w{i}\cdot x_{{{pr['anchor']}}} = " + latex_number(b, p)))
    elif b != 0:
        parts.append((f"b{i}", latex_number(b, p)))
    return parts


def neuron_latex(neuron: Any, *, index: Any = None, form: str = "star", printer: Any = None,
                 norm: int | None = None) -> str:
    r"""A neuron's weight (and bias) as its closed form and its exact value.

    .. math:: w_j = \pm\frac{\star(a_{J})}{\lVert\star(a_{J})\rVert_p}
              = \begin{pmatrix}\vdots\end{pmatrix},\qquad b_j = -w_j\cdot x_{\text{anchor}}

    where :math:`a_J` is the wedge of the samples (shifted by the anchor with
    bias) and basis vectors that name the neuron. The sign is the neuron's
    side times :math:`(-1)^{d-1}`, because
    :math:`\operatorname{cross} = (-1)^{d-1}\star\wedge` (``form="cross"``
    writes the paper's cross product instead, with the side's sign only).

    Parameters
    ----------
    neuron : Neuron, or a network Unit
        A unit's provenance (``samples``, ``sign``, ``anchor``) names it; a unit
        without provenance is written by its values only.
    index : int or str, optional
        The subscript: ``w_{3}``.
    form : {"star", "cross"}
    printer : sympy.printing.latex.LatexPrinter, optional
    norm : {1, 2}, optional
        The weight norm of a Unit (a Neuron knows its own).

    Returns
    -------
    str

    Examples
    --------
    >>> from exactwedge import dictionary
    >>> D = dictionary([[1, 2], [3, 1]])
    >>> print(neuron_latex(D.neuron(0), index=1))
    w_{1} = -\frac{\star x_{0}}{\lVert \star x_{0} \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
    >>> print(neuron_latex(D.neuron(0), index=1, form="cross"))
    w_{1} = +\frac{\operatorname{cross}(x_{0})}{\lVert \operatorname{cross}(x_{0}) \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
    >>> Db = dictionary([[0, 0], [1, 0], [0, 2]], bias=True)
    >>> nr = Db.neuron(2)
    >>> nr.samples, nr.anchor, nr.sign
    ((2,), 1, -1)
    >>> print(neuron_latex(nr, index=3))
    w_{3} = +\frac{\star(x_{2} - x_{1})}{\lVert \star(x_{2} - x_{1}) \rVert_{1}} = \begin{pmatrix}- \frac{2}{3}\\- \frac{1}{3}\end{pmatrix},\qquad b_{3} = -w_{3}\cdot x_{1} = \frac{2}{3}
    """
    return r",\qquad ".join(f"{l} = {r}" for l, r in _neuron_parts(obj=neuron, index=index, form=form,
                                                                   printer=printer, norm=norm))


def _hyperplane_parts(obj: Any, *, index: Any = None, printer: Any = None,
                      norm: int | None = None) -> list[tuple[str, str]]:
    p = _printer(printer)
    pr = _provenance(obj, norm)
    w, d = pr["w"], len(pr["w"])
    i = _sub(index)
    H = f"H{i}"
    n2 = sum((c * c for c in w), Fraction(0))
    from ..surd import sqrt_rational

    scale = sqrt_rational(n2) if isinstance(n2, Fraction) else n2 ** Fraction(1, 2)
    scale_tex = "" if scale == 1 else latex_number(scale, p) + r"\,"
    parts: list[tuple[str, str]] = []
    if not pr["known"]:
        parts.append((H, rf"\{{x : x\cdot w{i} + b{i} = 0\}}"))
        parts.append((rf"x\cdot w{i} + b{i}", rf"{scale_tex}\operatorname{{sd}}(x, {H})"))
        return parts
    samples, anchor, sign = pr["samples"], pr["anchor"], pr["sign"]
    names = [_member(s, anchor, paren=False) for s in samples]
    if d == 1:
        parts.append((H, r"\{" + (f"x_{{{anchor}}}" if anchor is not None else "0") + r"\}"))
    elif anchor is None:
        parts.append((H, r"\operatorname{span}\{" + ", ".join(names) + r"\}"))
    elif all(not isinstance(s, str) for s in samples):
        pts = [f"x_{{{anchor}}}"] + [f"x_{{{s}}}" for s in samples]
        parts.append((H, r"\operatorname{aff}\{" + ", ".join(pts) + r"\}"))
    else:
        parts.append((H, f"x_{{{anchor}}} + " + r"\operatorname{span}\{" + ", ".join(names) + r"\}"))
    parts.append((rf"x\cdot w{i} + b{i}", rf"{scale_tex}\operatorname{{sd}}(x, {H})"))
    x = "x" if anchor is None else f"x - x_{{{anchor}}}"
    if d == 1:
        if anchor is None:
            sd = "x" if sign > 0 else "-x"
        else:
            sd = f"x - x_{{{anchor}}}" if sign > 0 else f"x_{{{anchor}}} - x"
    else:
        det = r"\det[" + r",\ ".join([x] + names) + "]"
        vol = r"\lVert " + _wedge_of(samples, anchor) + r"\rVert"
        sd = ("+" if sign > 0 else "-") + r"\frac{" + det + "}{" + vol + "}"
    parts.append((rf"\operatorname{{sd}}(x, {H})", sd))
    return parts


def hyperplane_latex(neuron: Any, *, index: Any = None, printer: Any = None, norm: int | None = None) -> str:
    r"""A neuron's hyperplane, and its pre-activation as a signed distance to it.

    The hyperplane :math:`H_j = \{x : x\cdot w_j + b_j = 0\}` is the span of the
    samples and basis vectors that name the neuron (no bias), or the affine hull
    through the anchor (bias). Its pre-activation is a scaled signed distance,
    positive on the neuron's active side:

    .. math:: x\cdot w_j + b_j = \lVert w_j\rVert_2\,\operatorname{sd}(x, H_j),\qquad
              \operatorname{sd}(x, H_j) = \pm\frac{\det[x - x_{a}, v_1, \dots, v_{d-1}]}
              {\lVert v_1\wedge\dots\wedge v_{d-1}\rVert},

    with :math:`v_k` the shifted samples :math:`x_k - x_a` and basis vectors.

    Parameters
    ----------
    neuron : Neuron, or a network Unit
    index : int or str, optional
    printer : sympy.printing.latex.LatexPrinter, optional
    norm : {1, 2}, optional
        The weight norm of a Unit.

    Returns
    -------
    str

    Examples
    --------
    >>> from exactwedge import dictionary
    >>> Db = dictionary([[0, 0], [1, 0], [1, 2]], bias=True)
    >>> nr = Db.neuron(1)
    >>> nr.samples, nr.anchor, nr.sign, nr.w
    ((2,), 0, 1, (Fraction(2, 3), Fraction(-1, 3)))
    >>> print(hyperplane_latex(nr, index=2))
    H_{2} = \operatorname{aff}\{x_{0}, x_{2}\},\qquad x\cdot w_{2} + b_{2} = \frac{\sqrt{5}}{3}\,\operatorname{sd}(x, H_{2}),\qquad \operatorname{sd}(x, H_{2}) = +\frac{\det[x - x_{0},\ x_{2} - x_{0}]}{\lVert x_{2} - x_{0}\rVert}
    >>> print(hyperplane_latex(dictionary([[1, 2], [3, 1]]).neuron(0)))
    H = \operatorname{span}\{x_{0}\},\qquad x\cdot w + b = \frac{\sqrt{5}}{3}\,\operatorname{sd}(x, H),\qquad \operatorname{sd}(x, H) = +\frac{\det[x,\ x_{0}]}{\lVert x_{0}\rVert}
    """
    return r",\qquad ".join(f"{l} = {r}" for l, r in _hyperplane_parts(neuron, index=index, printer=printer, norm=norm))


# ---------------------------------------------------------------- networks
def _affine(u: Any, p: Any, approx_w: bool, explicit: bool, j: int) -> str:
    w, b = tuple(u.w), u.b
    d = len(w)
    if not explicit:
        lin = rf"w_{{{j}}}\cdot x"
    elif d == 1:
        coef, neg = _coefficient(w[0], p, approx_w)
        x = f"{coef}\\, x" if coef else "x"
        if neg and b != 0:  # a ramp down: (b - x)
            return latex_number(b, p, approx=approx_w) + " - " + x
        lin = ("-" if neg else "") + x
    else:
        lin = vector_latex(w, p, row=True, approx=approx_w) + " x"
    if not explicit and b != 0:
        return lin + rf" + b_{{{j}}}"
    if b == 0:
        return lin
    coef, neg = _coefficient(b, p, approx_w)
    return lin + (" - " if neg else " + ") + (coef or "1")


def network_latex(network: Any, printer: Any = None, *, explicit: Any = "auto", approx: bool = False,
                  name: str = "f", env: str = "aligned") -> str:
    r"""The whole network :math:`f(x) = t + \sum_j \alpha_j\,\sigma(w_j^\top x + b_j)`, one unit a line.

    Parameters
    ----------
    network : Network
    printer : sympy.printing.latex.LatexPrinter, optional
    explicit : bool or "auto"
        Write each weight as a row vector (True), or as ``w_{j}\cdot x + b_{j}``
        naming the neurons listed elsewhere (False). "auto": explicit up to
        d = 6.
    approx : bool
        Decimals for the output weights and intercept (for a float solve).
    name : str
    env : {"aligned", "align*"}
        ``aligned`` goes inside display math (``\[ … \]``); ``align*`` is a
        display of its own, which may break across pages.

    Returns
    -------
    str
        The environment (amsmath).

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
    >>> print(network_latex(res.network))
    \begin{aligned}
    f(x) &= \frac{19}{10}\\
    &\quad + \frac{1}{16}\, \left(4 - x\right)_+\\
    &\quad + \frac{1}{5}\, \left(x - 5\right)_+\\
    &\quad + \frac{5}{8}\, \left(5 - x\right)_+\\
    &\quad - \frac{17}{30}\, \left(7 - x\right)_+\\
    &\quad - \frac{2}{15}\, \left(10 - x\right)_+
    \end{aligned}
    >>> res2 = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> print(network_latex(res2.network))
    \begin{aligned}
    f(x) &= \frac{9}{4}\\
    &\quad - \left(\begin{pmatrix}0 & -1\end{pmatrix} x + 1\right)_+\\
    &\quad - \left(\begin{pmatrix}-1 & 0\end{pmatrix} x + 1\right)_+
    \end{aligned}
    """
    from ..network import Network

    if not isinstance(network, Network):
        raise InvalidInputError(f"expected a Network, got {type(network).__name__}")
    if env not in ("aligned", "align*"):
        raise InvalidInputError(f"env must be 'aligned' or 'align*', got {env!r}")
    p = _printer(printer)
    if explicit == "auto":
        explicit = network.d <= 6
    left, right = (r"\left\lvert ", r"\right\rvert") if network.activation == "abs" else (r"\left(", r"\right)_+")
    t = network.intercept
    if isinstance(t, tuple):
        head = vector_latex(t, p, approx=approx)
    else:
        head = latex_number(t, p, approx=approx)
    lines = [f"{name}(x) &= {head}"]
    for j, u in enumerate(network.units, start=1):
        inner = left + _affine(u, p, False, bool(explicit), j) + right
        if isinstance(u.alpha, tuple):
            lines.append(r"&\quad + " + vector_latex(u.alpha, p, approx=approx) + r"\, " + inner)
        else:
            coef, neg = _coefficient(u.alpha, p, approx)
            lines.append(r"&\quad " + ("- " if neg else "+ ") + (f"{coef}\\, " if coef else "") + inner)
    return f"\\begin{{{env}}}\n" + "\\\\\n".join(lines) + f"\n\\end{{{env}}}"
