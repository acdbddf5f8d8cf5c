r"""Standalone LaTeX documents, written atomically and compiled with pdflatex.

The documents use only what the Debian package ``texlive-latex-base``
provides (``amsmath``, ``amssymb``, ``geometry``, ``longtable``), so
``apt-get install texlive-latex-base`` is all a machine needs to compile them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..exceptions import BackendNotInstalledError, InvalidInputError, LatexError
from ._text import latex_escape
from ..dictionary.neuron import hyperplane_latex_parts, neuron_latex_parts
from ..ga.latex import vector_latex
from ..network import network_latex
from ..numbers import json_float
from ..numbers.latex import latex_number, latex_printer
from .tables import certificate_latex, data_latex, dictionary_latex

__all__ = ["PREAMBLE", "latex_document", "fit_document", "write_latex", "pdflatex_available", "compile_pdf"]

#: The preamble of every generated document (all of it from texlive-latex-base).
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\usepackage{longtable,array}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6ex}
\setlength{\LTpre}{0.5ex}
\setlength{\LTpost}{0.5ex}
\renewcommand{\arraystretch}{1.3}
"""


def latex_document(body: str, *, title: str | None = None, subtitle: str | None = None) -> str:
    r"""A complete document around a body (the :data:`PREAMBLE`, a title, ``\end{document}``).

    Parameters
    ----------
    body : str
        LaTeX for the document's body.
    title, subtitle : str, optional
        Plain text (escaped with :func:`~exactwedge.latex.latex_escape`).

    Returns
    -------
    str

    Examples
    --------
    >>> doc = latex_document(r"\[ x^2 \]", title="A & B")
    >>> doc.startswith(r"\documentclass"), r"{\Large\bfseries A \& B}" in doc, doc.endswith("\\end{document}\n")
    (True, True, True)
    """
    head = ""
    if title:
        head += r"{\Large\bfseries " + latex_escape(title) + "}\\par\n"
    if subtitle:
        head += r"{\small " + latex_escape(subtitle) + "}\\par\n"
    if head:
        head += "\\medskip\n"
    return PREAMBLE + "\\begin{document}\n" + head + body.rstrip("\n") + "\n\\end{document}\n"


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
        f"Data: ${n}$ samples $x_0, \\dots, x_{{{n - 1}}}$ in $\\mathbb R^{{{d}}}$ (listed at the end) with their labels $y_i$. "
        f"The network ${f}$ with $\\sigma(u) = {sigma}$ minimizes",
        r"\[ " + loss + r" + \frac{\beta}{2}\sum_j\bigl(\lVert w_j\rVert_{%d}^2 + \alpha_j^2\bigr),"
        r"\qquad \beta = %s" % (norm, latex_number(res.beta, p)) + (r",\ t \text{ free}" if res.bias else "") + r". \]",
        ("Its convex form is a Lasso over a finite dictionary of neurons, by " if res.norm == 1 else
         "A Lasso over a finite dictionary of neurons bounds its optimum from above, by ")
        + latex_escape(_theorem(res)) + ".",
        "",
        r"\textbf{Conventions.} Samples are numbered from 0 in the order of the data ($x_0$ is the first row); "
        r"$e_1, \dots, e_d$ are the standard basis vectors. $\star$ is the Hodge star "
        r"($A\wedge\star B = \langle A, B\rangle\, e_1\wedge\dots\wedge e_d$) and the paper's cross product is "
        r"$\operatorname{cross}(v_1, \dots, v_{d-1}) = (-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1})$, "
        r"so that $x\cdot\operatorname{cross}(V) = \det[x, v_1, \dots, v_{d-1}]$. "
        r"$\operatorname{sd}(x, H)$ is the signed distance of $x$ to the hyperplane $H$, positive on the neuron's active side.",
    ]
    return "\n".join(lines)


def _network_section(res: Any, p: Any) -> str:
    exact = res.exact
    val = latex_number(res.value, p) if exact else latex_number(float(res.value), p)
    lines = [r"\section*{The optimal network}" if res.optimal else r"\section*{The network}"]
    if exact and not res.optimal:  # an exact Lasso over sampled columns whose check over every column fails
        lines.append(r"The value of the Lasso over the sampled columns, exact: \[ P = " + val + r". \]")
        lines.append(latex_escape("It is " + res.value_kind + "."))
    elif exact:
        lines.append(r"The optimal value of the Lasso, exact: \[ P_{\mathrm{Lasso}} = " + val
                     + (r" \approx " + latex_number(json_float(res.value), p) if not isinstance(res.value, int)
                        and Fraction(res.value).denominator != 1 and json_float(res.value) is not None else "") + r". \]")
        eq = res.p_nn == res.value
        lines.append("After the optimal rescaling of each neuron (App.~6.12, below), the network's training objective is "
                     r"$P_{\mathrm{NN}} = " + latex_number(res.p_nn, p) + "$"
                     + (r", equal to $P_{\mathrm{Lasso}}$." if eq else r", \textbf{not} equal to $P_{\mathrm{Lasso}}$."))
    else:
        name, _, rest = res.value_kind.partition(" value")
        lines.append(latex_escape(f"The {name} value") + r" $P \approx " + val + "$: " + latex_escape(rest.lstrip(", ") + "."))
    units = len(res.network.units)
    lines.append(f"The network has {units} neuron{'s' if units != 1 else ''} (the support of the Lasso solution):")
    lines.append(network_latex(res.network, p, approx=not exact, env="align*"))
    return "\n".join(lines)


def _neurons_section(res: Any, p: Any, form: str) -> str:
    net = res.network
    if not net.units:
        return r"\section*{The neurons}" + f"\nNone: the {'optimal ' if res.optimal else ''}network is the constant $f(x) = t$."
    from ..numbers.surd import sqrt_rational

    rescale = res.exact and net.norm == 1 and not any(isinstance(u.alpha, tuple) for u in net.units)
    lines = [r"\section*{The neurons}",
             "Each neuron is named by the vectors whose cross product is its weight: its hyperplane $H_j$ passes "
             "through the samples that name it, and its pre-activation is a scaled signed distance to $H_j$."]
    if rescale:
        lines.append(r"The optimal rescaling (App.~6.12) $\tilde w_j = c_j w_j$, $\tilde b_j = c_j b_j$, "
                     r"$\tilde\alpha_j = \alpha_j / c_j$ with $c_j = \sqrt{\lvert\alpha_j\rvert / \lVert w_j\rVert_1}$ "
                     r"keeps $f$ and makes $\tfrac12(\lVert\tilde w_j\rVert_1^2 + \tilde\alpha_j^2) = "
                     r"\lVert w_j\rVert_1\lvert\alpha_j\rvert$.")
    for j, u in enumerate(net.units, start=1):
        col = u.provenance.get("column") if u.provenance else None
        head = rf"\subsection*{{Neuron {j}" + (f" (dictionary column {col})" if col is not None else "") + "}"
        wb = neuron_latex_parts(u, index=j, form=form, printer=p, norm=net.norm)
        if isinstance(u.alpha, tuple):
            alpha = (rf"\alpha_{{{j}}}", vector_latex(u.alpha, p, approx=not res.exact))
        else:
            alpha = (rf"\alpha_{{{j}}}", latex_number(u.alpha, p, approx=not res.exact))
        second = [alpha]
        if rescale:
            wn = sum((abs(c) for c in u.w), Fraction(0))
            second.append((rf"c_{{{j}}}", latex_number(sqrt_rational(abs(u.alpha) / wn), p)))
        hp = hyperplane_latex_parts(u, index=j, printer=p, norm=net.norm)
        pairs = [wb, second, hp[:2], hp[2:]]
        rows = [" & ".join(f"{l} &= {r}" for l, r in pair) for pair in pairs if pair]
        lines += [head, r"\begin{align*}", "\\\\\n".join(rows), r"\end{align*}"]
    return "\n".join(lines)


def fit_document(result: Any, *, title: str | None = None, form: str = "star", dictionary: Any = "auto",
                 data: Any = "auto") -> str:
    r"""A standalone LaTeX document of a fit: problem, network, neurons, certificate, dictionary, data.

    Parameters
    ----------
    result : FitResult
        From :func:`exactwedge.fit`.
    title : str, optional
    form : {"star", "cross"}
        How the neurons' closed forms are written (see
        :func:`~exactwedge.latex.neuron_latex`).
    dictionary : {"auto", "all", "support", "none"}
        Which dictionary columns to list; "auto" lists all of them up to 200
        columns, else the support.
    data : {"auto", "all", "none"}
        The data table ("auto": up to 500 samples).

    Returns
    -------
    str
        Compile it with :func:`compile_pdf` (pdflatex, texlive-latex-base).

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> doc = fit_document(res, title="Four points")
    >>> start = doc.index(r"\subsection*{Neuron 1")
    >>> print(doc[start:doc.index(r"\subsection*{Neuron 2")])
    \subsection*{Neuron 1 (dictionary column 7)}
    \begin{align*}
    w_{1} &= -\frac{\star e_{1}}{\lVert \star e_{1} \rVert_{1}} = \begin{pmatrix}0\\-1\end{pmatrix} & b_{1} &= -w_{1}\cdot x_{3} = 1\\
    \alpha_{1} &= -1 & c_{1} &= 1\\
    H_{1} &= x_{3} + \operatorname{span}\{e_{1}\} & x\cdot w_{1} + b_{1} &= \operatorname{sd}(x, H_{1})\\
    \operatorname{sd}(x, H_{1}) &= +\frac{\det[x - x_{3},\ e_{1}]}{\lVert e_{1}\rVert}
    \end{align*}
    <BLANKLINE>
    """
    from ..training import FitResult

    if not isinstance(result, FitResult):
        raise InvalidInputError(f"expected a FitResult, got {type(result).__name__}")
    if dictionary not in ("auto", "all", "support", "none"):
        raise InvalidInputError(f"dictionary must be 'auto', 'all', 'support' or 'none', got {dictionary!r}")
    if data not in ("auto", "all", "none"):
        raise InvalidInputError(f"data must be 'auto', 'all' or 'none', got {data!r}")
    p = latex_printer()
    res = result
    D = res.dictionary
    kind = "exact" if res.exact else "float64 solve"
    if title is None:
        act = "ReLU" if res.activation == "relu" else "absolute-value"
        title = (f"The optimal two-layer {act} network ({kind})" if res.optimal
                 else res.headline.replace("wo-layer network", f"wo-layer {act} network", 1))
    sub = (f"exactwedge: n = {D.n}, d = {D.d}, β = {res.beta}, bias = {res.bias}, norm = ℓ{res.norm}, "
           f"loss = {res.loss}; solver: {res.solver}")
    parts = [_problem_section(res, p), _network_section(res, p), _neurons_section(res, p, form)]
    parts.append(r"\section*{Optimality certificate}")
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
        parts.append(r"\section*{The dictionary}")
        parts.append(f"{len(D)} columns: {s['candidates']} enumerated, {s['removed_zero']} zero and "
                     f"{s['removed_duplicate']} duplicate columns removed. Each column $j$ is the neuron "
                     r"$x \mapsto \sigma(x\cdot w + b)$ named by the vectors $a_J$ (shifted by the anchor $x_a$ with bias); "
                     r"the side $\pm$ is the sign in front of $\operatorname{cross}(a_J)$.")
        cols = None
        if dictionary == "support" or (dictionary == "auto" and len(D) > 200):
            cols = res.support
            parts.append(f"Listed: the {len(cols)} columns of the support.")
        z = None if res.z is None else list(res.z)
        parts.append(dictionary_latex(D, z, columns=cols, printer=p, approx=not res.exact))
    if data == "all" or (data == "auto" and D.n <= 500):
        parts.append(r"\section*{The data}")
        parts.append(data_latex(res.X, res.y, p))
    return latex_document("\n\n".join(parts), title=title, subtitle=sub)


def write_latex(path: str | os.PathLike, text: str) -> Path:
    r"""Write a document as every output is written (:func:`exactwedge.io.atomic_write_text`):
    a file atomically, a symlink through to its target, a device or FIFO straight into.

    Parameters
    ----------
    path : path-like
    text : str

    Returns
    -------
    Path

    Raises
    ------
    OutputFileError
        When the file cannot be written (one line from the CLI); also a
        ``DataFileError`` and an ``OSError``.

    Examples
    --------
    >>> import tempfile, os
    >>> path = write_latex(os.path.join(tempfile.mkdtemp(), "a.tex"), latex_document("hi"))
    >>> path.name, path.read_text().count("\\begin{document}")
    ('a.tex', 1)
    """
    from ..io import atomic_write_text

    atomic_write_text(path, text)
    return Path(path)


def pdflatex_available() -> bool:
    """Whether ``pdflatex`` is on the PATH (Debian: ``texlive-latex-base``).

    >>> isinstance(pdflatex_available(), bool)
    True
    """
    return shutil.which("pdflatex") is not None


def _first_error(log: str) -> str:
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            return " ".join(s.strip() for s in lines[i:i + 3])
    return "see the log"


_RERUN = re.compile(r"Rerun to get|Table widths have changed|Label\(s\) may have changed")


def compile_pdf(tex_path: str | os.PathLike, pdf_path: str | os.PathLike | None = None, *,
                timeout: float = 120.0) -> Path:
    r"""Compile a ``.tex`` file with pdflatex; the PDF is written atomically.

    pdflatex runs in a temporary folder (``-interaction=nonstopmode
    -halt-on-error -no-shell-escape``), again while it asks for a rerun (at most
    three times), and only the PDF comes back.

    Parameters
    ----------
    tex_path : path-like
    pdf_path : path-like, optional
        Default: next to the ``.tex``, with the suffix ``.pdf``.
    timeout : float
        Seconds per pdflatex run.

    Returns
    -------
    Path
        The PDF.

    Raises
    ------
    BackendNotInstalledError
        pdflatex is not installed.
    LatexError
        pdflatex failed (the message quotes its first error) or timed out.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> tex = write_latex(os.path.join(folder, "x.tex"), latex_document(r"\[ \frac{3}{7} \]"))
    >>> if pdflatex_available():
    ...     pdf = compile_pdf(tex)
    ...     ok = pdf.read_bytes().startswith(b"%PDF")
    ... else:
    ...     ok = True
    >>> ok
    True
    """
    exe = shutil.which("pdflatex")
    if exe is None:
        raise BackendNotInstalledError(
            "pdflatex is not installed: install the Debian package texlive-latex-base "
            "(scripts/bootstrap.sh does, from scripts/apt-packages.txt)")
    src = Path(tex_path)
    try:
        text = src.read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidInputError(f"{src}: cannot read: {e}") from None
    out = Path(pdf_path) if pdf_path is not None else src.with_suffix(".pdf")
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    with tempfile.TemporaryDirectory(prefix="exactwedge-latex-") as tmp:
        work = Path(tmp)
        (work / "doc.tex").write_text(text, encoding="utf-8")
        for _ in range(3):
            try:
                proc = subprocess.run(
                    [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
                    cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    timeout=timeout, env=env)
            except subprocess.TimeoutExpired:
                raise LatexError(f"pdflatex took more than {timeout:g} s on {src}") from None
            log_path = work / "doc.log"
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if proc.returncode != 0 or not (work / "doc.pdf").exists():
                raise LatexError(f"pdflatex failed on {src}: {_first_error(log or proc.stdout.decode(errors='replace'))}")
            if not _RERUN.search(log):
                break
        from ..io import atomic_write_bytes

        atomic_write_bytes(out, (work / "doc.pdf").read_bytes())
    return out
