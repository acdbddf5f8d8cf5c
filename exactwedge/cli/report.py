"""Human-readable output of a fit: rich tables of the optimal network and its certificate."""

from __future__ import annotations

from typing import Any

from ..numbers import short

#: Exact numbers longer than this are abbreviated on the terminal (the JSON keeps them whole).
LONG = 80

__all__ = ["render_fit", "neuron_table"]


def neuron_table(rows: list[tuple[str, ...]]) -> str:
    """The neurons as an aligned text table (a rich ``Table`` measures every cell: 85 ms for 93 neurons).

    >>> print(neuron_table([("1", "relu(x_1)", "(1)", "0", "2")]))
    # │ neuron (closed form) │ w   │ b │ alpha
    ──┼──────────────────────┼─────┼───┼──────
    1 │ relu(x_1)            │ (1) │ 0 │ 2
    """
    head = ("#", "neuron (closed form)", "w", "b", "alpha")
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    line = lambda r: " │ ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    rule = "─┼─".join("─" * w for w in widths)
    return "\n".join([line(head), rule, *map(line, rows)])


def render_fit(report: dict, console: Any, *, title: str | None = None) -> None:
    """Print a fit report (the dict of :meth:`FitResult.to_json`).

    The title and the value's line say what the value is: "Optimal" and
    ``P_Lasso = P_NN`` only for a proved optimum (``optimal_value`` in the
    report); a float solve prints its ``value_kind`` and what P_NN was compared with.

    >>> import io
    >>> from rich.console import Console
    >>> from exactwedge.training import fit
    >>> rep = fit([0, 1, 2], [0, 0, 1], 1, bias=True).to_json()
    >>> buf = io.StringIO()
    >>> render_fit(rep, Console(file=buf, width=120))
    >>> buf.getvalue().splitlines()[0]
    'Optimal two-layer network  (n = 3, d = 1, bias = True, norm = ℓ1, activation = relu, loss = squared, β = 1)'
    >>> rep = fit([0, 1, 2], [0, 0, 1], 1, bias=True, norm=2).to_json()
    >>> buf = io.StringIO()
    >>> render_fit(rep, Console(file=buf, width=200))
    >>> lines = buf.getvalue().splitlines()
    >>> lines[0].split("  (")[0]
    'Two-layer network from the ℓ2 Lasso (an upper bound on the optimum, float64 solve)'
    >>> lines[2].startswith("ℓ2 Lasso value ")
    True
    """
    from rich.markup import escape

    from ..training import headline

    exact = report["exact"]
    optimal = "optimal_value" in report
    if title is None:
        vector = isinstance(report.get("intercept"), list) or any(isinstance(nr.get("alpha"), list)
                                                                   for nr in report["neurons"])
        title = headline(optimal=optimal, exact=exact, norm=report["norm"], loss=report["loss"], vector=vector)
    d = report["dictionary"]
    console.print(
        f"[bold]{title}[/bold]  (n = {d['n']}, d = {d['d']}, bias = {report['bias']}, "
        f"norm = ℓ{report['norm']}, activation = {report['activation']}, loss = {report['loss']}, β = {short(report['beta'], LONG)})"
    )
    console.print(
        f"dictionary: {report['columns']} columns ({d['candidates']} enumerated, {d['removed_zero']} zero and "
        f"{d['removed_duplicate']} duplicate removed; features {report['feature_kind']})"
    )
    if optimal:
        val = short(report["optimal_value"], LONG)
        approx = report["optimal_value_float"]  # None past float range: the exact value stands alone
        console.print(f"optimal value P_Lasso = {val}" + (f"  ≈ {approx:.12g}" if approx is not None else ""))
        console.print(f"network objective P_NN (rescaled) = {short(str(report['p_nn']), LONG)}  → equal: {report['p_nn_equals_p_lasso']}")
    else:
        kind = report["value_kind"]
        name, _, rest = kind.partition(" value")
        console.print(escape(f"{name} value = {short(str(report['value']), LONG)}" + (f"  ≈ {report['value_float']:.12g}" if exact and report["value_float"] is not None else "")
                             + f"  ({rest.lstrip(', ')})"))
        cmp = report["p_nn_vs_value"]
        console.print(escape(f"network objective P_NN (rescaled) = {short(str(report['p_nn']), LONG)}  → equal to the value "
                             f"({cmp['arithmetic']}): {cmp['equal']}; a consistency check, not a proof of optimality"))
    if report.get("intercept") is not None:
        console.print(f"intercept t = {short(str(report['intercept']), LONG)}")
    rows = []
    for i, nr in enumerate(report["neurons"]):
        if exact:
            alpha = nr["alpha"] if isinstance(nr["alpha"], str) else ", ".join(nr["alpha"])
        else:  # float-derived coefficients: show them as floats
            af = nr["alpha_float"]
            alpha = f"{af:.6g}" if not isinstance(af, list) else ", ".join(f"{v:.6g}" for v in af)
        rows.append((str(i + 1), nr["label"], "(" + ", ".join(short(v, 14) for v in nr["w"]) + ")", short(nr["b"], 14),
                     short(alpha, 30)))
    console.out(neuron_table(rows), highlight=False)
    cert = report["certificate"]
    kind = "exact" if cert.get("exact") else "float64 check, not a proof"
    console.print(
        f"certificate ({kind}): holds = {cert.get('holds')}; max |K_jᵀr| = {short(str(cert.get('max_abs_correlation')), 30)} "
        f"(β = {short(report['beta'], LONG)}); support {cert.get('support_size')}"
        + (f"; 1ᵀr = {cert.get('residual_sum')}" if cert.get("residual_sum") is not None else "")
    )
    if not cert.get("exact"):  # a float solve: each condition it checked, and how
        names = (("bound_condition", "|K_jᵀu| ≤ β"), ("support_condition", "K_jᵀu = β sign(z_j) on the support"),
                 ("intercept_condition", "1ᵀu = 0"), ("gap_condition", "duality gap"),
                 ("complementarity_condition", "complementary slackness"))
        checked = [f"{label} {'holds' if cert[key] else 'FAILS'}" for key, label in names if cert.get(key) is not None]
        tol = cert.get("tolerance")
        if checked:
            console.print(escape("conditions checked in float64" + (f" (tolerance {tol:g})" if isinstance(tol, float) else "")
                                 + ": " + "; ".join(checked)))
    console.print(f"solver: {report['solver']}")
