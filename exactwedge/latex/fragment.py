r"""A fit as a LaTeX fragment to ``\input`` into a paper: one ``align``, no preamble.

The fragment needs only ``\usepackage{amsmath}``. The ``align`` may break
across pages between neurons (``\allowdisplaybreaks`` inside a group), never
inside one (``\\*``). It defines (with
``\providecommand``, so a paper may define its own first) the one macro
``\ewround{decimal}{k}`` for numbers longer than ``width`` characters, which
it shows rounded; their exact values are listed as comments at the end of the
file, ``% <k> = p/q``.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError
from ..network import network_latex
from .network_doc import check_form, neuron_rows
from .rounding import ROUND_MACRO, rounding_printer

__all__ = ["fit_fragment"]


def fit_fragment(result: Any, *, form: str = "both", notation: str = "star", width: int = 16) -> str:
    r"""The network of a fit and its active neurons as one ``align`` (amsmath), with no preamble.

    The first line, :math:`f(x) = \dots`, is numbered (``\label{eq:exactwedge-network}``);
    each neuron's equations follow, unnumbered.

    Parameters
    ----------
    result : FitResult
    form : {"closed", "values", "both"}
        See :func:`~exactwedge.latex.fit_document`.
    notation : {"star", "cross"}
    width : int
        Longer numbers are rounded (``\ewround``) and listed exactly in comments.

    Returns
    -------
    str

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> print(fit_fragment(res, form="closed"))
    % exactwedge: the network of a fit (β = 1/2, n = 4, d = 2, bias), to \input into a paper.
    % Needs \usepackage{amsmath}. Samples x_1, ..., x_n in the order of the data (1-based).
    \providecommand{\ewround}[2]{\mathord{\approx}#1_{\langle #2\rangle}}
    \begingroup\allowdisplaybreaks
    \begin{align}
    f(x) &= \frac{9}{4}\notag\\
    &\quad - \left(w_{1}\cdot x + b_{1}\right)_+\notag\\
    &\quad - \left(w_{2}\cdot x + b_{2}\right)_+\label{eq:exactwedge-network}\\
    w_{1} &= -\frac{\star e_{1}}{\lVert \star e_{1} \rVert_{1}}\notag\\*
    b_{1} &= -w_{1}\cdot x_{4}\notag\\*
    \alpha_{1} &= -1\notag\\*
    H_{1} &= x_{4} + \operatorname{span}\{e_{1}\}\notag\\*
    x\cdot w_{1} + b_{1} &= \operatorname{sd}(x, H_{1})\notag\\*
    \operatorname{sd}(x, H_{1}) &= +\frac{\det[x - x_{4},\ e_{1}]}{\lVert e_{1}\rVert}\notag\\
    w_{2} &= +\frac{\star e_{2}}{\lVert \star e_{2} \rVert_{1}}\notag\\*
    b_{2} &= -w_{2}\cdot x_{4}\notag\\*
    \alpha_{2} &= -1\notag\\*
    H_{2} &= x_{4} + \operatorname{span}\{e_{2}\}\notag\\*
    x\cdot w_{2} + b_{2} &= \operatorname{sd}(x, H_{2})\notag\\*
    \operatorname{sd}(x, H_{2}) &= -\frac{\det[x - x_{4},\ e_{2}]}{\lVert e_{2}\rVert}\notag
    \end{align}
    \endgroup
    <BLANKLINE>
    """
    from ..training import FitResult

    if not isinstance(result, FitResult):
        raise InvalidInputError(f"expected a FitResult, got {type(result).__name__}")
    check_form(form)
    res = result
    p = rounding_printer(width)
    # f names w_j and b_j (their rows follow): explicit row vectors would not fit a paper's narrow column
    net = network_latex(res.network, p, approx=not res.exact, env=None, explicit=False).split("\\\\\n")
    rows = [line + r"\notag" for line in net[:-1]] + [net[-1] + r"\label{eq:exactwedge-network}"]
    for j, u in enumerate(res.network.units, start=1):  # a neuron's rows are kept on one page (\\*)
        rows.append("\\\\*\n".join(f"{lhs} &= {rhs}\\notag"
                                     for lhs, rhs in neuron_rows(res, p, form, notation=notation, j=j, u=u)))
    D = res.dictionary
    head = [f"% exactwedge: the network of a fit (β = {res.beta}, n = {D.n}, d = {D.d}"
            + (", bias" if res.bias else "") + ("" if res.exact else ", float64 solve: decimals") + r"), to \input into a paper.",
            r"% Needs \usepackage{amsmath}. Samples x_1, ..., x_n in the order of the data (1-based).",
            ROUND_MACRO, r"\begingroup\allowdisplaybreaks", r"\begin{align}"]
    text = "\n".join(head) + "\n" + "\\\\\n".join(rows) + "\n\\end{align}\n\\endgroup\n"
    if p.long_values:
        text += "% Exact values of the rounded numbers \\ewround{...}{k}:\n"
        text += "".join(f"% <{k}> = {q}\n" for k, q in enumerate(p.long_values, start=1))
    return text
