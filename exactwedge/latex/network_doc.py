r"""The LaTeX document of a fit: problem, network, neurons, certificate, figure, data, exact values.

Three forms (``form=``): ``"closed"`` writes each neuron as the cross product
(or Hodge dual of a wedge) of the samples that name it, 1-based as in the
papers (:math:`x_3`, :math:`e_1`); ``"values"`` writes its exact numbers;
``"both"`` writes ``closed = values``. Numbers longer than ``width``
characters are shown as rounded decimals marked :math:`\approx\ldots_{\langle k\rangle}`,
with their exact values in the appendix (:func:`~exactwedge.latex.exact_values_latex`).
Each neuron is a block that never breaks across pages (a ``minipage``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..exceptions import InvalidInputError, TooLargeError
from ._text import latex_escape
from ..dictionary.neuron import hyperplane_latex_parts, neuron_latex_parts, sample_latex, x_latex
from ..ga.latex import vector_latex
from ..network import network_latex
from ..numbers import json_float
from ..numbers.latex import latex_fits, latex_number
from .document import latex_document
from .rounding import decimal_latex, rounding_printer
from .tables import certificate_latex, data_latex, dictionary_latex, exact_values_latex

__all__ = ["fit_document", "neuron_rows", "FORMS"]

#: The forms of :func:`fit_document` and :func:`~exactwedge.latex.fit_fragment`.
FORMS = ("closed", "values", "both")


def check_form(form: str) -> None:
    """A typed error for a form that is not one of :data:`FORMS`."""
    if form not in FORMS:
        raise InvalidInputError(f"form must be 'closed', 'values' or 'both', got {form!r}")


def _theorem(res: Any) -> str:
    d = res.dictionary.d
    if res.loss != "squared":
        return f"a {res.loss}-loss program over the same neurons, solved in float64 (not exact)"
    if isinstance(res.y[0], (list, tuple)):
        return "Theorem 23 (vector output, group Lasso; solved in float64)"
    if res.norm == 2:
        return "Theorems 4, 5, 7 (weight decay: the Lasso is an upper bound, solved in float64)"
    if res.activation == "abs":
        return "the absolute-value form of the theorems (section 4 of THEORY)"
    if d == 1 and res.bias:
        return "Theorem 1"
    if res.bias:
        return "Theorem 3" if d == 2 else "Theorem 22"
    return "Theorem 2" if d == 2 else "Theorem 6"


def _problem_section(res: Any, p: Any) -> str:
    n, d = res.dictionary.n, res.dictionary.d
    sigma = r"(u)_+ = \max(u, 0)" if res.activation == "relu" else r"\lvert u\rvert"
    norm = res.norm
    if res.loss == "squared":
        loss = r"\tfrac12\sum_{i} \lVert f(x_i) - y_i\rVert^2" if isinstance(res.y[0], (list, tuple)) \
            else r"\tfrac12\sum_{i} \bigl(f(x_i) - y_i\bigr)^2"
    elif res.loss == "logistic":
        loss = r"\sum_i \log\bigl(1 + e^{-y_i f(x_i)}\bigr)"
    else:
        loss = r"\sum_i \max\bigl(0, 1 - y_i f(x_i)\bigr)"
    f = r"f(x) = " + (r"t + " if res.bias else "") + r"\sum_j \alpha_j\,\sigma(x\cdot w_j" + (" + b_j" if res.bias else "") + ")"
    lines = [
        r"\section*{The training problem}",
        f"Data: ${n}$ samples $x_1, \\dots, x_{{{n}}}$ in $\\mathbb R^{{{d}}}$ (listed at the end) with their labels $y_i$. "
        f"The network ${f}$ with $\\sigma(u) = {sigma}$ minimizes",
        r"\[ " + loss + r" + \frac{\beta}{2}\sum_j\bigl(\lVert w_j\rVert_{%d}^2 + \alpha_j^2\bigr),"
        r"\qquad \beta = %s" % (norm, latex_number(res.beta, p)) + (r",\ t \text{ free}" if res.bias else "") + r". \]",
        ("Its convex form is a Lasso over a finite dictionary of neurons, by " if res.norm == 1 else
         "A Lasso over a finite dictionary of neurons bounds its optimum from above, by ")
        + latex_escape(_theorem(res)) + ".",
        "",
        r"\textbf{Conventions.} Samples are numbered from 1 in the order of the data, as in the papers "
        r"($x_1$ is the first row; the JSON report's sample indices count from 0); "
        r"$e_1, \dots, e_d$ are the standard basis vectors. $\star$ is the Hodge star "
        r"($A\wedge\star B = \langle A, B\rangle\, e_1\wedge\dots\wedge e_d$) and the paper's cross product is "
        r"$\operatorname{cross}(v_1, \dots, v_{d-1}) = (-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1})$, "
        r"so that $x\cdot\operatorname{cross}(V) = \det[x, v_1, \dots, v_{d-1}]$. "
        r"$\operatorname{sd}(x, H)$ is the signed distance of $x$ to the hyperplane $H$, positive on the neuron's active side. "
        f"A number longer than {p.width} characters is shown rounded to {p.digits} significant digits, "
        r"as $\ewround{0.123457}{k}$; its exact value is entry $\langle k\rangle$ of the table \emph{Exact values} at the end.",
    ]
    return "\n".join(lines)


def _value_line(res: Any, p: Any) -> str:
    exact = res.exact
    val = latex_number(res.value, p) if exact else latex_number(float(res.value), p)
    if exact and not res.optimal:  # an exact Lasso over sampled columns whose check over every column fails
        return (r"The value of the Lasso over the sampled columns, exact: \[ P = " + val + r". \]"
                + "\n" + latex_escape("It is " + res.value_kind + "."))
    if exact:
        q = Fraction(res.value)
        short = r"\ewround" not in val and q.denominator != 1 and json_float(q) is not None
        eq = res.p_nn == res.value
        return (r"The optimal value of the Lasso, exact: \[ P_{\mathrm{Lasso}} = " + val
                + (r" \approx " + latex_number(json_float(q), p) if short else "") + r". \]" + "\n"
                + "After the optimal rescaling of each neuron (App.~6.12, below), the network's training objective is "
                r"$P_{\mathrm{NN}} = " + latex_number(res.p_nn, p) + "$"
                + (r", equal to $P_{\mathrm{Lasso}}$." if eq else r", \textbf{not} equal to $P_{\mathrm{Lasso}}$."))
    name, _, rest = res.value_kind.partition(" value")
    return latex_escape(f"The {name} value") + r" $P \approx " + val + "$: " + latex_escape(rest.lstrip(", ") + ".")


def _network_section(res: Any, p: Any, form: str) -> str:
    lines = [r"\section*{The optimal network}" if res.optimal else r"\section*{The network}", _value_line(res, p)]
    units = len(res.network.units)
    lines.append(f"The network has {units} neuron{'s' if units != 1 else ''} (the support of the Lasso solution)"
                 + (", each written out in the section on the neurons:" if form != "values" and units else ":"))
    explicit = "auto" if form == "values" else False  # otherwise each neuron's block has w_j and b_j
    lines.append(network_latex(res.network, p, approx=not res.exact, env="align*", explicit=explicit))
    return "\n".join(lines)


def _names(u: Any) -> str:
    prov = u.provenance or {}
    if "samples" not in prov:
        return ""
    members = [sample_latex(s, None, paren=False) for s in prov["samples"]]
    if prov.get("anchor") is not None:
        members = [x_latex(prov["anchor"])] + members
    return ", ".join(members)


def neuron_rows(res: Any, p: Any, form: str, *, notation: str = "star", j: int, u: Any) -> list[tuple[str, str]]:
    r"""The ``(lhs, rhs)`` equations of one active neuron ``j`` (1-based) of a fit, in a form.

    ``closed``: the weight as the normalized cross product of its named
    samples, the bias through the anchor, the output weight, the hyperplane
    and the signed distance; ``values``: the exact weight, bias and output
    weight; ``both``: all of it, with ``closed = value``.

    Examples
    --------
    >>> from exactwedge import fit
    >>> from exactwedge.latex import rounding_printer
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> u = res.network.units[0]
    >>> [lhs for lhs, _ in neuron_rows(res, rounding_printer(), "closed", j=1, u=u)]
    ['w_{1}', 'b_{1}', '\\alpha_{1}', 'H_{1}', 'x\\cdot w_{1} + b_{1}', '\\operatorname{sd}(x, H_{1})']
    >>> neuron_rows(res, rounding_printer(), "values", j=1, u=u)
    [('w_{1}', '\\begin{pmatrix}0\\\\-1\\end{pmatrix}'), ('b_{1}', '1'), ('\\alpha_{1}', '-1')]
    """
    check_form(form)
    net = res.network
    rows = list(neuron_latex_parts(u, index=j, form=notation, printer=p, norm=net.norm, show=form))
    if isinstance(u.alpha, tuple):
        rows.append((rf"\alpha_{{{j}}}", vector_latex(u.alpha, p, approx=not res.exact)))
    else:
        rows.append((rf"\alpha_{{{j}}}", latex_number(u.alpha, p, approx=not res.exact)))
    if form != "values":
        rows += hyperplane_latex_parts(u, index=j, printer=p, norm=net.norm)
    return rows


def _surd_fraction(c: Any) -> Fraction:
    """A rational within about 10⁻³⁰ relative of a positive surd ``q√N`` (for its printed decimal only)."""
    from math import isqrt

    q, n = c.reduced()
    shift = 10 ** 30
    return Fraction(q) * Fraction(isqrt(n * shift * shift), shift)


def _paired(rows: list[tuple[str, str]], short: set) -> list[str]:
    """``align*`` rows, two short equations (bias, output weight, rescaling, hyperplane) side by side."""
    out: list[str] = []
    i = 0
    while i < len(rows):
        lhs, rhs = rows[i]
        if lhs in short and i + 1 < len(rows) and rows[i + 1][0] in short:
            out.append(rf"{lhs} &= {rhs} & {rows[i + 1][0]} &= {rows[i + 1][1]}")
            i += 2
        else:
            out.append(f"{lhs} &= {rhs}")
            i += 1
    return out


def _neurons_section(res: Any, p: Any, form: str, notation: str) -> str:
    net = res.network
    if not net.units:
        return r"\ewneed{10\baselineskip}\section*{The neurons}" + f"\nNone: the {'optimal ' if res.optimal else ''}network is the constant $f(x) = t$."
    from ..numbers.surd import sqrt_rational

    rescale = res.exact and net.norm == 1 and not any(isinstance(u.alpha, tuple) for u in net.units)
    lines = [r"\ewneed{10\baselineskip}\section*{The neurons}"]
    if form != "values":
        lines.append("Each neuron is named by the vectors whose cross product is its weight: its hyperplane $H_j$ passes "
                     "through the samples that name it, and its pre-activation is a scaled signed distance to $H_j$.")
    if rescale:
        lines.append(r"The optimal rescaling (App.~6.12) $\tilde w_j = c_j w_j$, $\tilde b_j = c_j b_j$, "
                     r"$\tilde\alpha_j = \alpha_j / c_j$ with $c_j = \sqrt{\lvert\alpha_j\rvert / \lVert w_j\rVert_1}$ "
                     r"keeps $f$ and makes $\tfrac12(\lVert\tilde w_j\rVert_1^2 + \tilde\alpha_j^2) = "
                     r"\lVert w_j\rVert_1\lvert\alpha_j\rvert$.")
    for j, u in enumerate(net.units, start=1):
        col = u.provenance.get("column") if u.provenance else None
        names = _names(u)
        head = (rf"\textbf{{Neuron {j}}}" + (f" (dictionary column {col})" if col is not None else "")
                + (f", named by ${names}$" if names else ""))
        rows = neuron_rows(res, p, form, notation=notation, j=j, u=u)
        if rescale:
            wn = sum((abs(c) for c in u.w), Fraction(0))
            c = sqrt_rational(abs(u.alpha) / wn)
            text = latex_number(c, p)
            if not latex_fits(text, p):  # a long surd: its defining expression, and a decimal for the eye
                text = (rf"\sqrt{{\lvert\alpha_{{{j}}}\rvert / \lVert w_{{{j}}}\rVert_1}} \approx "
                        + decimal_latex(_surd_fraction(c), p.digits))
            rows.insert(len(rows) - (0 if form == "values" else 3), (rf"c_{{{j}}}", text))
        short = {f"b_{{{j}}}", rf"\alpha_{{{j}}}", f"c_{{{j}}}", f"H_{{{j}}}"} | ({f"w_{{{j}}}"} if net.d == 1 else set())
        body = "\\\\\n".join(_paired(rows, short))
        # a minipage never breaks across pages: the neuron stays whole
        lines += [r"\par\noindent\begin{minipage}{\linewidth}", head, r"\begin{align*}", body, r"\end{align*}",
                  r"\end{minipage}\par\medskip"]
    return "\n".join(lines)


def fit_document(result: Any, *, title: str | None = None, form: str = "both", notation: str = "star",
                 dictionary: str = "none", data: str = "auto", figure: Any = "auto", width: int = 16,
                 optimal: Any = None) -> str:
    r"""A standalone LaTeX document of a fit: problem, network, neurons, certificate, figure, data, exact values.

    Parameters
    ----------
    result : FitResult
        From :func:`exactwedge.fit`.
    title : str, optional
    form : {"closed", "values", "both"}
        How the active neurons are written (module docstring).
    notation : {"star", "cross"}
        The closed forms with the Hodge star or the paper's cross product (see
        :func:`~exactwedge.latex.neuron_latex`).
    dictionary : {"none", "support", "all"}
        The dictionary table: none (default: the active neurons are in their
        own section), the support's columns, or every column.
    data : {"auto", "all", "none"}
        The data table ("auto": up to 500 samples).
    figure : "auto" or bool
        A pgfplots picture (:func:`~exactwedge.latex.fit_figure`) for 1-D and
        2-D data with one output ("auto": when it applies).
    width : int
        Numbers longer than this many characters are rounded in the text and
        listed exactly in the appendix.
    optimal : OptimalSet, optional
        Adds a section on the whole optimal set (:func:`~exactwedge.optimal.optimal_set`
        of this fit, :func:`~exactwedge.latex.optimal.optimal_set_latex`).

    Returns
    -------
    str
        Compile it with :func:`~exactwedge.latex.compile_pdf` (pdflatex,
        texlive-latex-base; texlive-pictures with a figure).

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> doc = fit_document(res, title="Four points", figure=False)
    >>> start = doc.index(r"\textbf{Neuron 1}")
    >>> print(doc[start:doc.index(r"\end{minipage}", start)])
    \textbf{Neuron 1} (dictionary column 7), named by $x_{4}, e_{1}$
    \begin{align*}
    w_{1} &= -\frac{\star e_{1}}{\lVert \star e_{1} \rVert_{1}} = \begin{pmatrix}0\\-1\end{pmatrix}\\
    b_{1} &= -w_{1}\cdot x_{4} = 1 & \alpha_{1} &= -1\\
    c_{1} &= 1 & H_{1} &= x_{4} + \operatorname{span}\{e_{1}\}\\
    x\cdot w_{1} + b_{1} &= \operatorname{sd}(x, H_{1})\\
    \operatorname{sd}(x, H_{1}) &= +\frac{\det[x - x_{4},\ e_{1}]}{\lVert e_{1}\rVert}
    \end{align*}
    <BLANKLINE>
    """
    from ..training import FitResult
    from .figure import figure_applies, fit_figure

    if not isinstance(result, FitResult):
        raise InvalidInputError(f"expected a FitResult, got {type(result).__name__}")
    check_form(form)
    if dictionary not in ("all", "support", "none"):
        raise InvalidInputError(f"dictionary must be 'none', 'support' or 'all', got {dictionary!r}")
    if data not in ("auto", "all", "none"):
        raise InvalidInputError(f"data must be 'auto', 'all' or 'none', got {data!r}")
    if figure not in ("auto", True, False):
        raise InvalidInputError(f"figure must be 'auto', True or False, got {figure!r}")
    res = result
    if figure is True and not figure_applies(res):
        raise InvalidInputError("a figure is drawn for 1-D and 2-D data with one label column only")
    draw = figure_applies(res) if figure == "auto" else figure
    p = rounding_printer(width)
    D = res.dictionary
    kind = "exact" if res.exact else "float64 solve"
    if title is None:
        act = "ReLU" if res.activation == "relu" else "absolute-value"
        title = (f"The optimal two-layer {act} network ({kind})" if res.optimal
                 else res.headline.replace("wo-layer network", f"wo-layer {act} network", 1))
    sub = (f"exactwedge: n = {D.n}, d = {D.d}, β = {res.beta}, bias = {res.bias}, norm = ℓ{res.norm}, "
           f"loss = {res.loss}; solver: {res.solver}")
    parts = [_problem_section(res, p), _network_section(res, p, form)]
    if draw:
        try:
            picture = fit_figure(res)
        except TooLargeError:  # coordinates past float range: the document stands without its picture
            if figure is True:
                raise
            picture = None
        if picture is not None:
            parts += [r"\ewneed{0.5\textheight}\section*{The picture}", picture]
    parts.append(_neurons_section(res, p, form, notation))
    parts.append(r"\ewneed{10\baselineskip}\section*{Optimality certificate}")
    if res.loss != "squared":
        parts.append(r"With $r = -\nabla_f \ell$ the generalized residual of the solution $z$ over the dictionary $K$ "
                     + (r"(for the hinge loss, $r_i = y_ia_i$ from the solver's dual variables $a \in [0, 1]^n$):"
                        if res.loss == "hinge" else r"($r_i = y_i/(1 + e^{y_if(x_i)})$):"))
    else:
        parts.append((r"With $r = y - Kz - t\mathbf 1$ the residual of the Lasso solution $z$ over the dictionary $K$:"
                      if res.bias else r"With $r = y - Kz$ the residual of the Lasso solution $z$ over the dictionary $K$:"))
    parts.append(certificate_latex(res.certificate, p))
    if dictionary != "none":
        s = D.summary()
        parts.append(r"\ewneed{10\baselineskip}\section*{The dictionary}")
        parts.append(f"{len(D)} columns: {s['candidates']} enumerated, {s['removed_zero']} zero and "
                     f"{s['removed_duplicate']} duplicate columns removed. Each column $j$ is the neuron "
                     r"$x \mapsto \sigma(x\cdot w + b)$ named by the vectors $a_J$ (shifted by the anchor $x_a$ with bias); "
                     r"the side $\pm$ is the sign in front of $\operatorname{cross}(a_J)$.")
        cols = None
        if dictionary == "support":
            cols = res.support
            parts.append(f"Listed: the {len(cols)} columns of the support.")
        z = None if res.z is None else list(res.z)
        parts.append(dictionary_latex(D, z, columns=cols, printer=p, approx=not res.exact))
    if optimal is not None:  # the whole optimal set (exactwedge.optimal_set), with this document's numbers
        from .optimal import optimal_set_latex

        parts.append(r"\ewneed{10\baselineskip}" + optimal_set_latex(optimal, p))
    if data == "all" or (data == "auto" and D.n <= 500):
        parts.append(r"\ewneed{10\baselineskip}\section*{The data}")
        parts.append(data_latex(res.X, res.y, p))
    appendix = exact_values_latex(p, title=r"\ewneed{10\baselineskip}\section*{Exact values}" + "\n"
                                  + r"The numbers shown rounded, $\ewround{0.123457}{k}$, are exactly:")
    if appendix:
        parts.append(appendix)
    return latex_document("\n\n".join(parts), title=title, subtitle=sub, figure=draw)
