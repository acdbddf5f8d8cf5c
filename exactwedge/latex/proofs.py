r"""LaTeX of a ``proofs_check`` report: one row per check, its kind of evidence, its details, each counterexample.

The report is a dict (the one ``python -m proofs_check --json`` writes) whose
``"checks"`` is a list of dicts with the keys ``name``, ``theorem``, ``cases``,
``status`` (``"PASS"``, ``"FAIL"``, ``"SKIP"``…), ``seconds`` (``time`` is read
too), ``proved_symbolic_dims`` (the dimensions where the identity was proved
symbolically; the other cases are exact checks on sampled data), ``details``
(nested dicts and lists, shown as nested lists, never as Python text) and
``counterexample`` (None, text, a dict of exact values, or any object SymPy
can print, e.g. a :class:`~exactwedge.Blade`). A bare list of checks is
accepted too. The other top-level keys (options, totals) are listed under the table.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError
from ._text import latex_escape
from .tables import table_rows

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


def _seconds(c: dict) -> Any:
    """The check's time: the JSON's ``seconds`` (``time`` in older reports)."""
    return c.get("seconds", c.get("time"))


def _time(t: Any) -> str:
    if t is None:
        return ""
    try:
        return f"{float(t):.2f}\\,s"
    except (TypeError, ValueError):
        return latex_escape(t)


def _kind(c: dict) -> str:
    """The evidence: a symbolic proof (in which dimensions; 0 is any d), exact checks, or float64 checks; a SKIP's reason."""
    if str(c.get("status", "")).upper() == "SKIP" and c.get("error"):
        return latex_escape(c["error"])
    dims = sorted(c.get("proved_symbolic_dims") or [])
    details = c.get("details") if isinstance(c.get("details"), dict) else {}
    cases = c.get("cases")
    sampled = ""
    if isinstance(cases, int) and not isinstance(cases, bool) and cases > 0:
        s = "s" if cases != 1 else ""
        if isinstance(details.get("data"), str) and details["data"]:  # proofs_check --data FILE
            sampled = ("float64 checks on " if details.get("float") else "exact checks on ") + latex_escape(details["data"])
        elif details.get("float"):
            sampled = f"{cases} seeded case{s} in float64 (not exact)"
        else:
            sampled = f"{cases} sampled exact case{s}"
    if dims:
        where = (["any $d$"] if 0 in dims else []) + ([r"$d \in \{" + ", ".join(str(d) for d in dims if d) + r"\}$"]
                                                      if any(dims) else [])
        proof = r"\textbf{symbolic proof}, " + " and ".join(where)
        return proof + ("; " + sampled if sampled else "")
    return sampled or "--"


def _name(text: Any) -> str:
    """A check name in typewriter type, breakable after its underscores."""
    return r"\texttt{" + latex_escape(text).replace(r"\_", r"\_\allowbreak{}") + "}"


def _failed(status: Any) -> bool:
    return str(status).strip().upper().startswith("FAIL")


def _status(status: Any) -> str:
    text = latex_escape(status)
    return r"\textbf{" + text + "}" if _failed(status) else text


def _scalar_latex(v: Any) -> str:
    """One scalar: text as text (exact numbers written as text, such as "3/4", are shown as math), numbers as math."""
    from ..numbers.latex import latex_number

    if v is None:
        return "--"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        from ..exceptions import ExactWedgeError
        from ..numbers import parse_exact

        try:
            return "$" + latex_number(parse_exact(v)) + "$"
        except (ExactWedgeError, TypeError, ValueError):
            return latex_escape(v)
    try:
        return "$" + latex_number(v) + "$"
    except (TypeError, ValueError, AttributeError, ArithmeticError):  # anything SymPy cannot print: its text
        return latex_escape(str(v))


def _value_latex(v: Any) -> str:
    """A value of a report: scalars inline, flat lists as tuples, dicts and nested lists as nested lists."""
    if isinstance(v, dict):
        if not v:
            return "--"
        items = [r"\item " + latex_escape(k) + ": " + _value_latex(x) for k, x in v.items()]
        return "\n\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}"
    if isinstance(v, (list, tuple)):
        if not v:
            return "--"
        if all(not isinstance(c, (list, tuple, dict)) for c in v):
            return "(" + r", \allowbreak ".join(_scalar_latex(c) for c in v) + ")"
        items = [r"\item " + _value_latex(x) for x in v]
        return "\n\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}"
    return _scalar_latex(v)


def _counterexample(ce: Any) -> str:
    if ce is None:
        return ""
    if isinstance(ce, dict):
        body = ""
        rest = {k: v for k, v in ce.items() if k != "latex"}
        if rest:
            body += _value_latex(rest).lstrip("\n") + "\n"
        raw = ce.get("latex")
        if isinstance(raw, str) and raw.strip():
            body += "\\[ " + raw.strip() + " \\]\n"
        return body.rstrip("\n")
    if isinstance(ce, str):
        return r"\texttt{" + latex_escape(ce) + "}"
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
    ...     {"name": "cross_orthogonal", "theorem": "App. 6.1", "cases": 2, "proved_symbolic_dims": [2, 3],
    ...      "status": "PASS", "seconds": 0.51, "details": {"identities": {"d=2": 7, "d=3": 8}}},
    ...     {"name": "lasso_equals_reference", "theorem": "Thm 2", "cases": 40, "status": "FAIL", "seconds": 2.0,
    ...      "counterexample": {"data": {"beta": "1/3"}, "latex": r"P = \frac{1}{2}"}}],
    ...     "options": {"seed": 0}, "seconds": 2.6}
    >>> print(proofs_report_latex(rep))
    {\setlength{\tabcolsep}{4pt}
    \begin{longtable}{>{\raggedright\arraybackslash}p{0.27\linewidth}>{\raggedright\arraybackslash}p{0.22\linewidth}>{\raggedright\arraybackslash}p{0.1\linewidth}>{\raggedright\arraybackslash}p{0.27\linewidth}r}
    \hline
    check & theorem & result & evidence & time\\
    \hline
    \endhead
    \texttt{cross\_\allowbreak{}orthogonal} & App. 6.1 & PASS & \textbf{symbolic proof}, $d \in \{2, 3\}$; 2 sampled exact cases & 0.51\,s\\
    \texttt{lasso\_\allowbreak{}equals\_\allowbreak{}reference} & Thm 2 & \textbf{FAIL} & 40 sampled exact cases & 2.00\,s\\
    \hline
    \end{longtable}}
    1 of 2 checks failed; total time 2.60\,s. A \textbf{symbolic proof} holds for every input in the dimensions named (SymPy, exact); the sampled cases are exact checks on seeded data, evidence but not a proof.
    <BLANKLINE>
    \subsection*{Details}
    \begin{itemize}
    \item \texttt{cross\_\allowbreak{}orthogonal}: 
    \begin{itemize}
    \item identities: 
    \begin{itemize}
    \item d=2: $7$
    \item d=3: $8$
    \end{itemize}
    \end{itemize}
    \end{itemize}
    <BLANKLINE>
    \subsection*{Counterexample to \texttt{lasso\_\allowbreak{}equals\_\allowbreak{}reference} (Thm 2)}
    \begin{itemize}
    \item data: 
    \begin{itemize}
    \item beta: $\frac{1}{3}$
    \end{itemize}
    \end{itemize}
    \[ P = \frac{1}{2} \]
    <BLANKLINE>
    \subsection*{The run}
    \begin{itemize}
    \item options: 
    \begin{itemize}
    \item seed: $0$
    \end{itemize}
    \end{itemize}
    """
    checks, meta = _checks(report)
    rag = r">{\raggedright\arraybackslash}p"
    widths = (0.27, 0.22, 0.1, 0.27)
    lines = [r"{\setlength{\tabcolsep}{4pt}",
             r"\begin{longtable}{" + "".join(f"{rag}{{{w}\\linewidth}}" for w in widths) + "r}",
             r"\hline", r"check & theorem & result & evidence & time\\", r"\hline", r"\endhead"]
    total = 0.0
    failed = []
    body = []
    for c in checks:
        body.append(" & ".join([_name(c.get("name", "?")), latex_escape(c.get("theorem", "")),
                                _status(c.get("status", "")), _kind(c), _time(_seconds(c))]))
        try:
            total += float(_seconds(c) or 0.0)
        except (TypeError, ValueError):
            pass
        if _failed(c.get("status", "")):
            failed.append(c)
    lines += table_rows(body) + [r"\hline", r"\end{longtable}}"]
    if isinstance(meta.get("seconds"), (int, float)) and not isinstance(meta.get("seconds"), bool):
        total = float(meta["seconds"])  # the whole run's time, as the JSON reports it
    skipped = sum(str(c.get("status", "")).upper() == "SKIP" for c in checks)
    summary = (f"{len(failed)} of {len(checks)} checks failed" if failed else
               f"{len(checks) - skipped} of {len(checks)} checks passed, {skipped} skipped (the reason is in the "
               "evidence column)" if skipped else f"All {len(checks)} checks passed")
    cases = "the data set of the run (below)" if meta.get("data") else "seeded data"
    lines.append(summary + f"; total time {total:.2f}\\,s. "
                 r"A \textbf{symbolic proof} holds for every input in the dimensions named (SymPy, exact); "
                 f"the sampled cases are exact checks on {cases}, evidence but not a proof.")
    detailed = [c for c in checks if c.get("details")]
    if detailed:
        lines += ["", r"\subsection*{Details}", r"\begin{itemize}"]
        lines += [r"\item " + _name(c.get("name", "?")) + ": " + _value_latex(c["details"]) for c in detailed]
        lines.append(r"\end{itemize}")
    for c in failed:
        ce = _counterexample(c.get("counterexample"))
        lines.append("")
        lines.append(r"\subsection*{Counterexample to " + _name(c.get("name", "?"))
                     + (f" ({latex_escape(c['theorem'])})" if c.get("theorem") else "") + "}")
        lines.append(ce if ce else "None was recorded.")
    shown = {k: v for k, v in meta.items() if k not in ("checks", "seconds", "theorems")}
    if shown:
        lines += ["", r"\subsection*{The run}", _value_latex(shown).lstrip("\n")]
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
    ...                         "status": "PASS", "seconds": 0.1}])
    >>> "All 1 checks passed" in doc, doc.count(r"\begin{longtable}")
    (True, 1)
    """
    from .document import latex_document

    checks, _ = _checks(report)
    n_fail = sum(_failed(c.get("status", "")) for c in checks)
    sub = f"{len(checks)} checks, {n_fail} failed"
    return latex_document(proofs_report_latex(report), title=title, subtitle=sub)
