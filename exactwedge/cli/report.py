"""Human-readable output of a fit on the terminal: the text report of :func:`exactwedge.training.report_lines`."""

from __future__ import annotations

import sys
from typing import Any

from ..training import report_lines

__all__ = ["render_fit"]


def render_fit(report: dict, console: Any = None, *, title: str | None = None) -> None:
    """Print a fit report (the dict of :meth:`FitResult.to_json`): the lines of
    :func:`exactwedge.training.report_lines` (which :meth:`FitResult.summary` joins), the title in bold.

    With no ``console``, a terminal gets a rich console and anything else (a
    pipe, a file) gets the lines as they are, without loading rich: the text of
    :meth:`FitResult.summary`, unwrapped.

    >>> import io
    >>> from rich.console import Console
    >>> from exactwedge.training import fit
    >>> rep = fit([0, 1, 2], [0, 0, 1], 1, bias=True).to_json()
    >>> buf = io.StringIO()
    >>> render_fit(rep, Console(file=buf, width=120))
    >>> buf.getvalue().splitlines()[0]
    'Optimal two-layer network  (n = 3, d = 1, bias = True, norm = ℓ1, activation = relu, loss = squared, β = 1)'
    >>> buf.getvalue().splitlines()[2] == report_lines(rep)[2] == "optimal value P_Lasso = 1/3  ≈ 0.333333333333"
    True
    """
    lines = report_lines(report, title=title)
    if console is None:
        if not sys.stdout.isatty():
            sys.stdout.write("\n".join(lines) + "\n")
            return
        from rich.console import Console

        console = Console()
    from rich.markup import escape

    head, *rest = lines
    name, sep, params = head.partition("  (")
    console.print(f"[bold]{escape(name)}[/bold]{escape(sep + params)}")
    for line in rest:
        if "\n" in line:  # the neuron table: written as is (no wrapping)
            console.out(line, highlight=False)
        else:
            console.print(escape(line))
