"""Output: exact text and LaTeX of counterexamples, the rich table, the JSON report."""

from __future__ import annotations

import json
import platform
import sys
import time
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from exactwedge.numbers import Surd, to_sympy
from exactwedge.numbers.display import html_card, html_table

__all__ = ["to_text", "to_latex", "render_table", "report_json", "CheckReport", "results_html"]


def _sympify(v: Any) -> Any:
    import sympy

    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, bool):
        return sympy.true if v else sympy.false
    if isinstance(v, (int, np.integer)):
        return sympy.Integer(int(v))
    if isinstance(v, Surd):
        return to_sympy(v)
    if isinstance(v, (float, np.floating)):
        return sympy.Float(float(v), 15)
    return v


def _is_matrix(v: Any) -> bool:
    return (isinstance(v, (list, tuple)) and len(v) > 0 and all(isinstance(r, (list, tuple)) for r in v)
            and len({len(r) for r in v}) == 1 and len(v[0]) > 0
            and all(not isinstance(c, (list, tuple, dict, str)) for r in v for c in r))


def to_latex(v: Any) -> str:
    """LaTeX of an exact value: rationals, surds, vectors, matrices, SymPy expressions.

    >>> to_latex(Fraction(-3, 4)), to_latex([Fraction(1, 2), 2])
    ('- \\\\frac{3}{4}', '\\\\left( \\\\frac{1}{2}, \\\\  2\\\\right)')
    >>> to_latex([([Fraction(1), 2], Fraction(1, 2))])
    '\\\\left(\\\\left(\\\\left( 1, \\\\  2\\\\right), \\\\frac{1}{2}\\\\right)\\\\right)'
    """
    import sympy

    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, str):
        return r"\text{" + v.replace("_", r"\_") + "}"
    if isinstance(v, dict):
        return r",\ ".join(f"{k}: {to_latex(x)}" for k, x in v.items())
    try:
        if _is_matrix(v):
            return sympy.latex(sympy.Matrix([[_sympify(c) for c in r] for r in v]))
        if isinstance(v, (list, tuple)):
            if all(not isinstance(c, (list, tuple, dict, str, np.ndarray)) for c in v):
                return sympy.latex(sympy.Tuple(*[_sympify(c) for c in v]))
            return r"\left(" + ", ".join(to_latex(c) for c in v) + r"\right)"
        return sympy.latex(_sympify(v))
    except (TypeError, ValueError, AttributeError, sympy.SympifyError):
        return r"\text{" + str(to_text(v)).replace("_", r"\_") + "}"


def to_text(v: Any) -> Any:
    """An exact, JSON-ready text form (``"3/4"``, nested lists of strings, SymPy's str).

    >>> to_text([[Fraction(1, 2), 3]]), to_text(0.25), to_text(True)
    ([['1/2', '3']], 0.25, True)
    """
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, dict):
        return {str(k): to_text(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_text(x) for x in v]
    if v is None:
        return None
    return str(v)


def render_table(results: Sequence, *, file: Any = None, verbose: bool = False) -> None:
    """Print the results as a rich table (check, theorem, cases, PASS/FAIL, time), then each failure.

    >>> import io
    >>> from proofs_check import run_check
    >>> buf = io.StringIO()
    >>> render_table([run_check("lemma20_lasso_duality", cases=1)], file=buf)
    >>> "lemma20_lasso_duality" in buf.getvalue(), buf.getvalue().strip().splitlines()[-1]
    (True, '1/1 PASS in ... s')
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=file or sys.stdout, width=160, soft_wrap=False)
    table = Table(title="proofs_check: docs/theory.md as executable checks", show_lines=False)
    table.add_column("check", no_wrap=True)
    table.add_column("theorem", no_wrap=True)
    table.add_column("cases")
    table.add_column("result", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    for r in results:
        style = {"PASS": "bold green", "SKIP": "bold yellow"}.get(r.status, "bold red")
        na = r.status == "SKIP" and r.details.get("not_applicable")
        summary = escape(r.error[5:]) if na else r.summary  # N/A: the reason is the row
        table.add_row(r.check.name, r.check.theorem, summary, f"[{style}]{'N/A' if na else r.status}[/{style}]",
                      f"{r.seconds:.2f} s")
    console.print(table)
    passed = sum(r.status == "PASS" for r in results)
    skipped = [r for r in results if r.status == "SKIP"]
    total_t = sum(r.seconds for r in results)
    console.print(f"{passed}/{len(results)} PASS" + (f", {len(skipped)} SKIP" if skipped else "") + f" in {total_t:.1f} s")
    for r in skipped:  # a missing optional library: the line names the pip command
        if r.details.get("not_applicable"):
            continue
        console.print(f"SKIP {r.check.name}: {r.error}", markup=False, highlight=False)
    for r in results:
        if r.status not in ("PASS", "SKIP"):
            console.print(f"[bold red]FAIL[/bold red] {escape(r.describe())}", markup=True, highlight=False)


def report_json(results: Sequence, *, seed: int, cases: int | None, thorough: bool, pattern: str | None,
                seconds: float, data: dict | None = None) -> str:
    """The JSON report: run options, one object per check, and totals (and ``data``: the one data set of a
    ``--data`` run, with β and where it came from).

    >>> import json
    >>> doc = json.loads(report_json([], seed=0, cases=None, thorough=False, pattern=None, seconds=0.0))
    >>> doc["tool"], doc["all_pass"], doc["checks"]
    ('proofs_check', True, [])
    """
    from exactwedge import __version__

    doc = {
        "tool": "proofs_check",
        "exactwedge_version": __version__,
        "python": platform.python_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": {"seed": seed, "cases": cases, "thorough": thorough, "pattern": pattern},
        "passed": sum(r.status == "PASS" for r in results),
        "failed": sum(r.status not in ("PASS", "SKIP") for r in results),
        "skipped": sum(r.status == "SKIP" for r in results),
        "all_pass": all(r.status == "PASS" for r in results),
        "seconds": round(seconds, 3),
        "theorems": sorted({r.check.theorem for r in results}),
        "checks": [r.to_json() for r in results],
    }
    if data is not None:
        doc["data"] = data
        doc["not_applicable"] = sum(bool(r.details.get("not_applicable")) for r in results)
    return json.dumps(doc, indent=2, ensure_ascii=False)


def results_html(results: Sequence) -> str:
    """The results as an HTML table (check, theorem, what was checked, result, time), failures explained.

    >>> from proofs_check import run_check
    >>> html = results_html([run_check("lemma20_lasso_duality", cases=1)])
    >>> "lemma20_lasso_duality" in html, "1/1 PASS" in html
    (True, True)
    """
    rows, notes = [], []
    for r in results:
        na = r.status == "SKIP" and r.details.get("not_applicable")
        rows.append((r.check.name, r.check.theorem, r.error[5:] if na else r.summary, "N/A" if na else r.status,
                     f"{r.seconds:.2f} s"))
        if r.status not in ("PASS", "SKIP"):
            ce = r.counterexample
            notes.append(f"FAIL {r.check.name}: " + (f"smallest counterexample ({ce.label}): {ce.message}" if ce is not None
                                                     else str(r.error)) + " (the whole story: result.describe())")
    passed = sum(r.status == "PASS" for r in results)
    skipped = sum(r.status == "SKIP" for r in results)
    title = f"proofs_check: {passed}/{len(results)} PASS" + (f", {skipped} SKIP" if skipped else "")
    table = html_table(("check", "theorem", "cases", "result", "time"), rows, code=[0])
    return html_card(title, [], table=table, notes=notes)


class CheckReport(list):
    """What :func:`~proofs_check.run_checks` returns: the list of results, shown as a table in Jupyter.

    >>> from proofs_check import run_checks
    >>> rep = run_checks("lemma 21", cases=1)
    >>> [r.status for r in rep], "PASS" in rep._repr_html_(), rep.summary().splitlines()[-1]
    (['PASS'], True, '1/1 PASS in ... s')
    """

    def summary(self) -> str:
        """The table of ``python -m proofs_check`` (:func:`render_table`), as text."""
        import io

        buf = io.StringIO()
        render_table(self, file=buf)
        return buf.getvalue().rstrip("\n")

    def _repr_html_(self) -> str:
        return results_html(self)
