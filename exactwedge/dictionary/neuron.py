r"""A dictionary column's neuron and where it came from.

Each column of a Lasso dictionary is a ReLU (or absolute-value) neuron
:math:`x \mapsto \sigma(x\cdot w + b)` with

.. math:: w = \pm\frac{\operatorname{cross}(a_J)}{\lVert\operatorname{cross}(a_J)\rVert_p},
          \qquad b = -w\cdot x_{\text{anchor}} \ (\text{with bias}),

named by the samples (and basis vectors) in ``J``, its sign and its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError
from ..ga.latex import vector_latex
from ..numbers.display import latex_display
from ..numbers.latex import latex_fits, latex_number, latex_printer
from ..numbers.surd import sqrt_exact, sqrt_rational

__all__ = ["Neuron", "neuron_latex", "hyperplane_latex", "neuron_latex_parts", "hyperplane_latex_parts", "sample_latex", "x_latex"]


@dataclass(frozen=True)
class Neuron:
    """One neuron ``(w, b)`` with its provenance.

    Attributes
    ----------
    direction : tuple of Fraction
        The signed, ℓ1-normalized cross product ``±cross(a_J)/‖cross(a_J)‖₁``.
        For ``norm=1`` this *is* the weight ``w``.
    offset : Fraction
        ``-direction·x_anchor`` (0 without bias); the bias for ``norm=1``.
    samples : tuple
        The subset J: 0-based row indices (ints) and basis vectors ``"e1"``…
        With bias the indices name the shifted vectors ``x_k − x_anchor``.
    sign : int
        +1 or −1: which side of the hyperplane is active.
    anchor : int or None
        The sample the hyperplane is pinned to (bias case), else None.
    norm : int
        1 or 2: the weight is normalized in this norm.

    Examples
    --------
    >>> n = Neuron((Fraction(3, 7), Fraction(-4, 7)), Fraction(0), (2,), 1, None, 1)
    >>> n.w, n.b, n.label()
    ((Fraction(3, 7), Fraction(-4, 7)), Fraction(0, 1), 'w = +cross(x2)/‖·‖₁')
    """

    direction: tuple
    offset: Fraction
    samples: tuple
    sign: int
    anchor: int | None
    norm: int

    @property
    def w(self) -> tuple:
        """The weight: exact Fractions for ``norm=1``; exact :class:`~exactwedge.numbers.Surd` for ``norm=2``."""
        if self.norm == 1:
            return self.direction
        return tuple(c * self.l2_factor for c in self.direction)

    @property
    def b(self) -> Any:
        """The bias (exact; a SymPy surd for ``norm=2`` with bias)."""
        if self.norm == 1 or self.offset == 0:
            return self.offset
        return self.offset * self.l2_factor

    @property
    def l2_factor(self) -> Any:
        """``1/‖direction‖₂`` exactly (turns the ℓ1 direction into the ℓ2 weight)."""
        n2 = sum((c * c for c in self.direction), Fraction(0))
        return sqrt_rational(1 / n2)

    def sample_names(self) -> list[str]:
        """Names of J's members: ``x3`` for sample 3, ``e1`` for a basis vector."""
        return [s if isinstance(s, str) else f"x{s}" for s in self.samples]

    def label(self) -> str:
        """A one-line closed form, e.g. ``w = -cross(x3 - x1, e2)/‖·‖₁``.

        In 1-D (Thm 1) the neuron is written as a ramp: ``(x - x2)`` or ``(x2 - x)``.

        >>> Neuron((Fraction(-1),), Fraction(4), (), -1, 1, 1).label()
        '(x1 - x)'
        """
        if len(self.direction) == 1:
            if self.anchor is None:
                return "x" if self.sign > 0 else "-x"
            return f"(x - x{self.anchor})" if self.sign > 0 else f"(x{self.anchor} - x)"
        if self.anchor is None:
            args = ", ".join(self.sample_names())
        else:
            args = ", ".join(f"x{s} - x{self.anchor}" if not isinstance(s, str) else s for s in self.samples)
        sign = "+" if self.sign > 0 else "-"
        text = f"w = {sign}cross({args})/‖·‖{'₁' if self.norm == 1 else '₂'}"
        if self.anchor is not None:
            text += f", b = -w·x{self.anchor}"
        return text

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: the closed form and exact value; see :func:`neuron_latex`."""
        return neuron_latex(self, printer=printer)

    def _repr_latex_(self) -> str:
        r"""Jupyter's LaTeX display: :func:`neuron_latex` in ``$…$``.

        >>> from exactwedge import dictionary
        >>> print(dictionary([[1, 2], [3, 1]]).neuron(0)._repr_latex_())
        $w = -\frac{\star x_{1}}{\lVert \star x_{1} \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}$
        """
        return latex_display(neuron_latex(self))

    def provenance(self) -> dict:
        """JSON-ready provenance: samples (ints and ``"e1"``…), sign, anchor."""
        return {"samples": list(self.samples), "sign": self.sign, "anchor": self.anchor}


# ---------------------------------------------------------------- LaTeX
def _provenance(obj: Any, norm: int | None) -> dict:
    """Normalize a Neuron, or a network Unit with provenance, into one dict."""
    if isinstance(obj, Neuron):
        return {"w": tuple(obj.w), "b": obj.b, "samples": tuple(obj.samples), "sign": obj.sign,
                "anchor": obj.anchor, "norm": obj.norm, "known": True}
    if hasattr(obj, "w") and hasattr(obj, "b"):
        prov = getattr(obj, "provenance", None) or {}
        known = "samples" in prov and "sign" in prov
        return {"w": tuple(obj.w), "b": obj.b, "samples": tuple(prov.get("samples", ())),
                "sign": prov.get("sign", 1), "anchor": prov.get("anchor"), "norm": norm or 1, "known": known}
    raise InvalidInputError(f"expected a Neuron or a network Unit, got {type(obj).__name__}")


def x_latex(k: int) -> str:
    """The sample with 0-based row index ``k``, named 1-based as in the papers: ``x_{k+1}``.

    >>> x_latex(0)
    'x_{1}'
    """
    return f"x_{{{k + 1}}}"


def sample_latex(s: Any, anchor: int | None, *, paren: bool) -> str:
    """One member of a neuron's subset J: ``x_{k}``, ``e_{i}``, or ``x_{k} - x_{a}`` with an anchor.

    Samples are given by their 0-based row index and written 1-based, as in
    the papers (row 0 is :math:`x_1`); basis vectors are 1-based already.

    >>> sample_latex(3, None, paren=False), sample_latex("e2", 1, paren=True), sample_latex(3, 1, paren=True)
    ('x_{4}', 'e_{2}', '(x_{4} - x_{2})')
    """
    if isinstance(s, str):
        return f"e_{{{s[1:]}}}"
    if anchor is None:
        return x_latex(s)
    text = f"{x_latex(s)} - {x_latex(anchor)}"
    return f"({text})" if paren else text


def _wedge_of(members: Sequence[Any], anchor: int | None) -> str:
    if len(members) == 1:
        return sample_latex(members[0], anchor, paren=False)
    return r"\wedge ".join(sample_latex(s, anchor, paren=True) for s in members)


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
        star = r"\operatorname{cross}(" + ", ".join(sample_latex(m, anchor, paren=False) for m in samples) + ")"
    else:
        raise InvalidInputError(f"form must be 'star' or 'cross', got {form!r}")
    return ("-" if s < 0 else "+") + r"\frac{" + star + r"}{\lVert " + star + " " + norm + "}"


def neuron_latex_parts(obj: Any, *, index: Any = None, form: str = "star", printer: Any = None,
                       norm: int | None = None, show: str = "both") -> list[tuple[str, str]]:
    r"""The ``(lhs, rhs)`` equations of :func:`neuron_latex`, for w and (with bias) b.

    ``show``: ``"closed"`` (the closed forms only), ``"values"`` (the exact
    values only) or ``"both"`` (``closed = value``). A unit without provenance
    has its values only.

    >>> from exactwedge import dictionary
    >>> nr = dictionary([[1], [3]], bias=True).neuron(0)
    >>> neuron_latex_parts(nr)[1], neuron_latex_parts(nr, show="closed")[1], neuron_latex_parts(nr, show="values")[1]
    (('b', '-w\\cdot x_{1} = -1'), ('b', '-w\\cdot x_{1}'), ('b', '-1'))
    """
    if show not in ("closed", "values", "both"):
        raise InvalidInputError(f"show must be 'closed', 'values' or 'both', got {show!r}")

    def eq(closed: str, value: str) -> str:
        return closed if show == "closed" else value if show == "values" else f"{closed} = {value}"

    p = latex_printer(printer)
    pr = _provenance(obj, norm)
    w, b, d = pr["w"], pr["b"], len(pr["w"])
    i = _sub(index)
    parts = []
    if d == 1:
        value = latex_number(w[0], p)
        if pr["known"]:
            unit = "+1" if pr["sign"] > 0 else "-1"
            parts.append((f"w{i}", eq(unit, value) if pr["norm"] == 2 else unit))
        else:
            parts.append((f"w{i}", value))
    else:
        value = vector_latex(w, p)
        if pr["known"]:
            parts.append((f"w{i}", eq(_closed_form(pr, index, form), value)))
        else:
            parts.append((f"w{i}", value))
    if pr["anchor"] is not None and pr["known"]:
        parts.append((f"b{i}", eq(rf"-w{i}\cdot {x_latex(pr['anchor'])}", latex_number(b, p))))
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
    w_{1} = -\frac{\star x_{1}}{\lVert \star x_{1} \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
    >>> print(neuron_latex(D.neuron(0), index=1, form="cross"))
    w_{1} = +\frac{\operatorname{cross}(x_{1})}{\lVert \operatorname{cross}(x_{1}) \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
    >>> Db = dictionary([[0, 0], [1, 0], [0, 2]], bias=True)
    >>> nr = Db.neuron(2)
    >>> nr.samples, nr.anchor, nr.sign
    ((2,), 1, -1)
    >>> print(neuron_latex(nr, index=3))
    w_{3} = +\frac{\star(x_{3} - x_{2})}{\lVert \star(x_{3} - x_{2}) \rVert_{1}} = \begin{pmatrix}- \frac{2}{3}\\- \frac{1}{3}\end{pmatrix},\qquad b_{3} = -w_{3}\cdot x_{2} = \frac{2}{3}
    """
    return r",\qquad ".join(f"{l} = {r}" for l, r in neuron_latex_parts(obj=neuron, index=index, form=form,
                                                                   printer=printer, norm=norm))


def hyperplane_latex_parts(obj: Any, *, index: Any = None, printer: Any = None,
                           norm: int | None = None) -> list[tuple[str, str]]:
    r"""The ``(lhs, rhs)`` equations of :func:`hyperplane_latex`.

    >>> from exactwedge import dictionary
    >>> hyperplane_latex_parts(dictionary([[1, 2], [3, 1]]).neuron(0))[0]
    ('H', '\\operatorname{span}\\{x_{1}\\}')
    """
    p = latex_printer(printer)
    pr = _provenance(obj, norm)
    w, d = pr["w"], len(pr["w"])
    i = _sub(index)
    H = f"H{i}"
    n2 = sum((c * c for c in w), Fraction(0))
    scale = sqrt_exact(n2)
    scale_tex = "" if scale == 1 else latex_number(scale, p) + r"\,"
    if not latex_fits(scale_tex, p):  # a long surd for a rounding printer: its name
        scale_tex = rf"\lVert w{i}\rVert_2\,"
    parts: list[tuple[str, str]] = []
    if not pr["known"]:
        parts.append((H, rf"\{{x : x\cdot w{i} + b{i} = 0\}}"))
        parts.append((rf"x\cdot w{i} + b{i}", rf"{scale_tex}\operatorname{{sd}}(x, {H})"))
        return parts
    samples, anchor, sign = pr["samples"], pr["anchor"], pr["sign"]
    names = [sample_latex(s, anchor, paren=False) for s in samples]
    if d == 1:
        parts.append((H, r"\{" + (x_latex(anchor) if anchor is not None else "0") + r"\}"))
    elif anchor is None:
        parts.append((H, r"\operatorname{span}\{" + ", ".join(names) + r"\}"))
    elif all(not isinstance(s, str) for s in samples):
        pts = [x_latex(anchor)] + [x_latex(s) for s in samples]
        parts.append((H, r"\operatorname{aff}\{" + ", ".join(pts) + r"\}"))
    else:
        parts.append((H, f"{x_latex(anchor)} + " + r"\operatorname{span}\{" + ", ".join(names) + r"\}"))
    parts.append((rf"x\cdot w{i} + b{i}", rf"{scale_tex}\operatorname{{sd}}(x, {H})"))
    x = "x" if anchor is None else f"x - {x_latex(anchor)}"
    if d == 1:
        if anchor is None:
            sd = "x" if sign > 0 else "-x"
        else:
            sd = f"x - {x_latex(anchor)}" if sign > 0 else f"{x_latex(anchor)} - x"
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
    H_{2} = \operatorname{aff}\{x_{1}, x_{3}\},\qquad x\cdot w_{2} + b_{2} = \frac{\sqrt{5}}{3}\,\operatorname{sd}(x, H_{2}),\qquad \operatorname{sd}(x, H_{2}) = +\frac{\det[x - x_{1},\ x_{3} - x_{1}]}{\lVert x_{3} - x_{1}\rVert}
    >>> print(hyperplane_latex(dictionary([[1, 2], [3, 1]]).neuron(0)))
    H = \operatorname{span}\{x_{1}\},\qquad x\cdot w + b = \frac{\sqrt{5}}{3}\,\operatorname{sd}(x, H),\qquad \operatorname{sd}(x, H) = +\frac{\det[x,\ x_{1}]}{\lVert x_{1}\rVert}
    """
    return r",\qquad ".join(f"{l} = {r}" for l, r in hyperplane_latex_parts(neuron, index=index, printer=printer, norm=norm))
