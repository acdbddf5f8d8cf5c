r"""The optimal set of a fit in LaTeX (:func:`~exactwedge.optimal.optimal_set`): a section and a document.

Each tied neuron is named by the samples its hyperplane passes through
(1-based, as in the papers), with the exact range of its output weight over
all optimal networks and its class. Long numbers are rounded in the text and
given exactly in an appendix (:func:`~exactwedge.latex.rounding_printer`).
"""

from __future__ import annotations

from typing import Any

from ..dictionary.neuron import sample_latex, x_latex
from ..exceptions import InvalidInputError
from ..numbers.latex import latex_number
from .document import latex_document
from .rounding import rounding_printer
from .tables import exact_values_latex, table_rows

__all__ = ["optimal_set_latex", "optimal_set_document"]

_CLASS = {"in every optimal network": "every", "in some optimal networks": "some", "in no optimal network": "none"}


def _neuron_tex(neuron: Any) -> str:
    """``±H(x_{a}, x_{k}, e_{i})``: the hyperplane through the anchor and the samples, along the basis vectors."""
    names = ([x_latex(neuron.anchor)] if neuron.anchor is not None else []) + [
        sample_latex(s, None, paren=False) for s in neuron.samples]
    side = "+" if neuron.sign > 0 else "-"
    return f"${side}\\,H({', '.join(names)})$"


def optimal_set_latex(s: Any, printer: Any = None) -> str:
    r"""The optimal set as LaTeX body text: the verdict, a table of the tied neurons, the width, the ranges.

    ``H(x_{2}, x_{3})`` names the hyperplane through those samples (the anchor
    first with a bias; a basis vector ``e_{i}`` is a direction in it, and without
    a bias it passes through 0); the sign is the neuron's active side. Columns
    are numbered from 1, as the fit document's "dictionary column k" (the JSON
    counts from 0).

    >>> from exactwedge import fit
    >>> from exactwedge.optimal import optimal_set
    >>> tex = optimal_set_latex(optimal_set(fit([[0], [1], [2], [3]], [0, 1, 0, 1], "1/10", bias=True)))
    >>> "dimension 1" in tex, tex.count(r"\\") >= 4, "$-\\,H(x_{2})$" in tex
    (True, True, True)
    """
    from ..optimal import OptimalSet

    if not isinstance(s, OptimalSet):
        raise InvalidInputError(f"expected an OptimalSet, got {type(s).__name__}")
    p = rounding_printer() if printer is None else printer
    num = lambda x: latex_number(x, p)  # noqa: E731
    D = s.result.dictionary
    verdict = (r"The optimum is \textbf{unique}." if s.unique else
               rf"The optimum is \textbf{{not unique}}: the optimal networks form a face of dimension {s.dimension}.")
    out = [r"\section*{The optimal set}", verdict, "",
           r"\emph{Why.} " + s.reason[:1].upper() + s.reason[1:].replace("<", "$<$").replace("Tibshirani 2013, Lemma 2",
                                                                  r"Tibshirani 2013, Lemma~2") + ".", "",
           rf"The equicorrelation set $E = \{{j : \lvert K_j^\top r\rvert = \beta\}}$ has {len(s.tied)} columns "
           rf"of rank {s.rank}. Over all optimal networks, each output weight $z_j$ ranges over an exact interval:", "",
           r"\begin{center}\begin{tabular}{rlll}", r"column & neuron (its hyperplane) & $z_j$ over the optimal set & in \\ \hline"]
    rows = []
    for j in s.tied:
        lo, hi = s.weight_ranges[j]
        rng = f"${num(lo)}$" if lo == hi else f"$[{num(lo)},\\ {num(hi)}]$"
        rows.append(f"{j + 1} & {_neuron_tex(D.neuron(j))} & {rng} & {_CLASS[s.classes[j]]}")
    out += table_rows(rows) + [r"\end{tabular}\end{center}", ""]
    if s.minimum_width is not None:
        out.append(rf"\emph{{Minimum width.}} An optimal network needs {s.minimum_width} neurons, and one with "
                   rf"{s.minimum_width} exists. Proof: exhaustive search by support size "
                   rf"({s.width_proof.rsplit('; ', 1)[-1]}).")
    else:
        out.append(r"\emph{Minimum width.} Not computed: the search was refused for its size.")
    out += ["", rf"\emph{{Pruning.}} The solver's network, moved along the face, keeps {s.pruned['width']} neurons "
                rf"after {s.pruned['moves']} moves; its objective is "
                + ("identical." if s.pruned["objective_equal"] else "NOT identical (a bug: please report it).")]
    if s.prediction_ranges:
        out += ["", r"\emph{Predictions.} Over all optimal networks, exactly:", r"\begin{align*}"]
        lines = []
        for x, lo, hi in s.prediction_ranges:
            at = ", ".join(num(v) for v in x)
            lines.append(rf"f({at}) &= {num(lo)}" if lo == hi else rf"f({at}) &\in [{num(lo)},\ {num(hi)}]")
        out += [" \\\\\n".join(lines), r"\end{align*}"]
    if printer is None:
        out.append(exact_values_latex(p, title=r"\section*{Exact values}"))
    return "\n".join(out)


def optimal_set_document(s: Any) -> str:
    r"""A standalone document of :func:`optimal_set_latex` (compiles with ``texlive-latex-base``).

    >>> from exactwedge import fit
    >>> from exactwedge.optimal import optimal_set
    >>> doc = optimal_set_document(optimal_set(fit([[0], [1], [2], [3]], [0, 1, 0, 1], "1/10", bias=True)))
    >>> doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
    True
    """
    return latex_document(optimal_set_latex(s), title="The optimal set of an exact fit",
                          subtitle=f"exactwedge: β = {s.result.beta}, bias = {s.result.bias}, "
                                   f"activation = {s.result.activation}")
