r"""LaTeX of a ``proofs_check`` report: one row per check, and each counterexample.

The report is a dict (the one ``python -m proofs_check --json`` writes) whose
``"checks"`` is a list of dicts with the keys ``name``, ``theorem``, ``cases``,
``status`` (``"PASS"``, ``"FAIL"``, ``"proved (symbolic, d ≤ 4)"``…), ``time``
(seconds) and ``counterexample`` (None, text, a dict of exact values, or any
object SymPy can print, e.g. a :class:`~exactwedge.Blade`). A bare list of
checks is accepted too. Other top-level keys (seed, case count, totals) are
listed under the table.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError
from ._text import latex_escape

__all__ = ["proofs_report_latex", "proofs_document"]


def _checks(report: Any) -> tuple[list[dict], dict]:
    if isinstance(report, dict):
        checks = report.get("checks")
        meta = {k: v for k, v in report.items() if k != "checks"}
    else:
        checks, meta = report, {}
    if not isinstance(checks, (list, tuple)) or not all(isinstance(c, dict) for c in checks):
        raise InvalidInputError("expected a proofs_check report: a dict whose 'checks' is a list of dicts, or that list")
    return list(checks), meta


def _time(t: Any) -> str:
    if t is None:
        return ""
    try:
        return f"{float(t):.2f}\\,s"
    except (TypeError, ValueError):
        return latex_escape(t)


def _failed(status: Any) -> bool:
    return str(status).strip().upper().startswith("FAIL")


def _status(status: Any) -> str:
    text = latex_escape(status)
    return r"\textbf{" + text + "}" if _failed(status) else text


def _value_latex(v: Any) -> str:
    """One value of a counterexample: text as text, exact objects as math."""
    if isinstance(v, str):
        return r"\texttt{" + latex_escape(v) + "}"
    from ..numbers.latex import latex_number

    try:
        if isinstance(v, (list, tuple)) and all(not isinstance(c, (list, tuple, dict, str)) for c in v):
            return "$" + r"\left(" + ", ".join(latex_number(c) for c in v) + r"\right)$"
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(_value_latex(c) for c in v) + "]"
        return "$" + latex_number(v) + "$"
    except (TypeError, ValueError, AttributeError):  # anything SymPy cannot print is shown as text
        return r"\texttt{" + latex_escape(repr(v)) + "}"


def _counterexample(ce: Any) -> str:
    if ce is None:
        return ""
    if isinstance(ce, str):
        return r"\texttt{" + latex_escape(ce) + "}"
    if isinstance(ce, dict):
        items = []
        raw = ce.get("latex")
        for k, v in ce.items():
            if k == "latex":
                continue
            items.append(r"\item[] " + latex_escape(k) + ": " + _value_latex(v))
        body = ""
        if items:
            body += "\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}\n"
        if isinstance(raw, str) and raw.strip():
            body += "\\[ " + raw.strip() + " \\]\n"
        return body.rstrip("\n")
    return _value_latex(ce)


def proofs_report_latex(report: Any) -> str:
    r"""The checks as a ``longtable`` (check, theorem, cases, status, time), then each failure's counterexample.

    Parameters
    ----------
    report : dict or list
        See the module docstring. A counterexample dict may hold a ``"latex"``
        key: math-mode LaTeX, shown as a display (for example the output of
        ``sympy.latex`` on exactwedge objects); its other keys are listed.

    Returns
    -------
    str
        A block for a document with ``longtable`` (see :func:`proofs_document`).

    Examples
    --------
    >>> rep = {"checks": [
    ...     {"name": "cross_orthogonal", "theorem": "App. 6.1", "cases": "d ≤ 4",
    ...      "status": "proved (symbolic, d ≤ 4)", "time": 0.51, "counterexample": None},
    ...     {"name": "lasso_equals_reference", "theorem": "Thm 2", "cases": 40, "status": "FAIL",
    ...      "time": 2.0, "counterexample": {"X": [[1, 0], [0, 1]], "beta": "1/3", "latex": r"P = \frac{1}{2}"}}],
    ...     "seed": 0}
    >>> print(proofs_report_latex(rep))
    \begin{longtable}{>{\raggedright\arraybackslash}p{0.34\linewidth}>{\raggedright\arraybackslash}p{0.2\linewidth}>{\raggedright\arraybackslash}p{0.1\linewidth}>{\raggedright\arraybackslash}p{0.18\linewidth}r}
    \hline
    check & theorem & cases & status & time\\
    \hline
    \endhead
    \texttt{cross\_orthogonal} & App. 6.1 & d \ensuremath{\le} 4 & proved (symbolic, d \ensuremath{\le} 4) & 0.51\,s\\
    \texttt{lasso\_equals\_reference} & Thm 2 & 40 & \textbf{FAIL} & 2.00\,s\\
    \hline
    \end{longtable}
    1 of 2 checks failed; total time 2.51\,s.
    <BLANKLINE>
    \subsection*{Counterexample to \texttt{lasso\_equals\_reference} (Thm 2)}
    \begin{itemize}
    \item[] X: [$\left(1, 0\right)$, $\left(0, 1\right)$]
    \item[] beta: \texttt{1/3}
    \end{itemize}
    \[ P = \frac{1}{2} \]
    <BLANKLINE>
    \smallskip\noindent seed: 0
    """
    checks, meta = _checks(report)
    rag = r">{\raggedright\arraybackslash}p"
    lines = [r"\begin{longtable}{" + "".join(f"{rag}{{{w}\\linewidth}}" for w in (0.34, 0.2, 0.1, 0.18)) + "r}",
             r"\hline", r"check & theorem & cases & status & time\\", r"\hline", r"\endhead"]
    total = 0.0
    failed = []
    for c in checks:
        name = r"\texttt{" + latex_escape(c.get("name", "?")) + "}"
        lines.append(" & ".join([name, latex_escape(c.get("theorem", "")), latex_escape(c.get("cases", "")),
                                 _status(c.get("status", "")), _time(c.get("time"))]) + r"\\")
        try:
            total += float(c.get("time") or 0.0)
        except (TypeError, ValueError):
            pass
        if _failed(c.get("status", "")):
            failed.append(c)
    lines += [r"\hline", r"\end{longtable}"]
    summary = (f"{len(failed)} of {len(checks)} checks failed" if failed else f"All {len(checks)} checks passed")
    lines.append(summary + f"; total time {total:.2f}\\,s.")
    for c in failed:
        ce = _counterexample(c.get("counterexample"))
        lines.append("")
        lines.append(r"\subsection*{Counterexample to \texttt{" + latex_escape(c.get("name", "?")) + "}"
                     + (f" ({latex_escape(c['theorem'])})" if c.get("theorem") else "") + "}")
        lines.append(ce if ce else "None was recorded.")
    if meta:
        lines.append("")
        lines.append(r"\smallskip\noindent " + "; ".join(
            f"{latex_escape(k)}: {latex_escape(v)}" for k, v in meta.items() if not isinstance(v, (dict, list))))
    return "\n".join(lines)


def proofs_document(report: Any, *, title: str = "proofs_check: the theorems as exact checks") -> str:
    r"""A standalone document of a ``proofs_check`` report (compile with :func:`~exactwedge.latex.compile_pdf`).

    Parameters
    ----------
    report : dict or list
        See :func:`proofs_report_latex`.
    title : str

    Returns
    -------
    str

    Examples
    --------
    >>> doc = proofs_document([{"name": "hodge_star_star", "theorem": "THEORY 1", "cases": 20,
    ...                         "status": "PASS", "time": 0.1}])
    >>> "All 1 checks passed" in doc, doc.count(r"\begin{longtable}")
    (True, 1)
    """
    from .document import latex_document

    checks, _ = _checks(report)
    n_fail = sum(_failed(c.get("status", "")) for c in checks)
    sub = f"{len(checks)} checks, {n_fail} failed"
    return latex_document(proofs_report_latex(report), title=title, subtitle=sub)
