"""Human-readable output of a fit: rich tables of the optimal network and its certificate."""

from __future__ import annotations

from typing import Any

from ..numbers import short

__all__ = ["render_fit"]


def render_fit(report: dict, console: Any, *, title: str = "Optimal two-layer network") -> None:
    """Print a fit report (the dict of :meth:`FitResult.to_json`).

    >>> import io
    >>> from rich.console import Console
    >>> from exactwedge.training import fit
    >>> rep = fit([0, 1, 2], [0, 0, 1], 1, bias=True).to_json()
    >>> buf = io.StringIO()
    >>> render_fit(rep, Console(file=buf, width=120))
    >>> buf.getvalue().splitlines()[0]
    'Optimal two-layer network  (n = 3, d = 1, bias = True, norm = ℓ1, activation = relu, loss = squared, β = 1)'"""
    from rich.table import Table

    exact = report["exact"]
    d = report["dictionary"]
    console.print(
        f"[bold]{title}[/bold]  (n = {d['n']}, d = {d['d']}, bias = {report['bias']}, "
        f"norm = ℓ{report['norm']}, activation = {report['activation']}, loss = {report['loss']}, β = {report['beta']})"
    )
    console.print(
        f"dictionary: {report['columns']} columns ({d['candidates']} enumerated, {d['removed_zero']} zero and "
        f"{d['removed_duplicate']} duplicate removed; features {report['feature_kind']})"
    )
    val = report["optimal_value"]
    console.print(f"optimal value P_Lasso = {val}" + ("" if not exact else f"  ≈ {report['optimal_value_float']:.12g}"))
    console.print(f"network objective P_NN (rescaled) = {report['p_nn']}  → equal: {report['p_nn_equals_p_lasso']}")
    if report.get("intercept") is not None:
        console.print(f"intercept t = {report['intercept']}")
    t = Table(show_lines=False)
    for col in ("#", "neuron (closed form)", "w", "b", "alpha"):
        t.add_column(col)
    for i, nr in enumerate(report["neurons"]):
        if exact:
            alpha = nr["alpha"] if isinstance(nr["alpha"], str) else ", ".join(nr["alpha"])
        else:  # float-derived coefficients: show them as floats
            af = nr["alpha_float"]
            alpha = f"{af:.6g}" if not isinstance(af, list) else ", ".join(f"{v:.6g}" for v in af)
        t.add_row(str(i + 1), nr["label"], "(" + ", ".join(short(v, 14) for v in nr["w"]) + ")", short(nr["b"], 14),
                  short(alpha, 30))
    console.print(t)
    cert = report["certificate"]
    kind = "exact" if cert.get("exact") else "float"
    console.print(
        f"certificate ({kind}): holds = {cert.get('holds')}; max |K_jᵀr| = {short(str(cert.get('max_abs_correlation')), 30)} "
        f"(β = {report['beta']}); support {cert.get('support_size')}"
        + (f"; 1ᵀr = {cert.get('residual_sum')}" if cert.get("residual_sum") is not None else "")
    )
    console.print(f"solver: {report['solver']}")
