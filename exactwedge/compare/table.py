"""Rich tables of a path comparison (the human output of ``exactwedge path``)."""

from __future__ import annotations

from typing import Any

from ..numbers import short

__all__ = ["render_comparison", "fmt_float"]

#: At most this many per-β rows are printed (the JSON has them all).
MAX_ROWS = 40


def fmt_float(v: Any, digits: int = 3) -> str:
    """A compact float for a table cell; ``—`` for None.

    >>> fmt_float(None), fmt_float(0.0), fmt_float(1.23456e-12), fmt_float(0.5)
    ('—', '0', '1.23e-12', '0.5')
    """
    if v is None:
        return "—"
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def render_comparison(js: dict, console: Any) -> None:
    """Print the comparison (the dict of :meth:`PathComparison.to_json`) as rich tables.

    >>> import io
    >>> from rich.console import Console
    >>> from exactwedge.compare import compare_path
    >>> js = compare_path([[1, 0], [0, 1]], [3, 1], ["1/2"], backends=["sklearn"]).to_json()
    >>> buf = io.StringIO()
    >>> render_comparison(js, Console(file=buf, width=140))
    >>> buf.getvalue().splitlines()[0]
    'Exact Lasso path vs float back-ends  (n = 2, 2 columns, no intercept, exact)'
    """
    from rich import box
    from rich.table import Table

    pb = js["problem"]
    sm = js["summary"]
    exact = sm["exact_available"]
    console.print(
        f"[bold]Exact Lasso path vs float back-ends[/bold]  (n = {pb['n']}, {pb['columns']} columns, "
        f"{'intercept' if pb['intercept'] else 'no intercept'}, {'exact' if exact else 'no exact path: ℓ2 columns are surds'})"
    )
    console.print(f"objective: {pb['objective']}; {pb['scaling']}")
    if exact:
        console.print(
            f"β_max = {short(sm['beta_max'], 30)}; {sm['requested_betas']} requested βs, {sm['breakpoints']} breakpoints, "
            f"{sm['compared_betas']} βs compared; z* proven unique at {sm['z_unique_at']} of them"
        )
        t = Table(title="exact optimum at the requested βs", title_justify="left")
        for col in ("β", "P* (exact)", "≈", "support", "z* unique"):
            t.add_column(col)
        for e in js["exact"]:
            if "requested" in e["kind"]:
                t.add_row(short(e["beta"], 18), short(e["value"], 30), f"{e['value_float']:.10g}", str(len(e["support"])),
                          "yes" if e["z_unique"] else "not proven")
        console.print(t)
    console.print("[bold]float back-ends[/bold], worst over the βs. rel gap: (P − P*)/P*, exact at each float point; "
                  "Δŷ∞: fitted values (unique); Δz∞: coefficients; Jacc: supports; KKT: exact bound violation"
                  if exact else "[bold]float back-ends[/bold], compared with the best float value")
    bt = Table(
               box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
    for col in ("back-end", "verdict", "agree", "rel gap", "Δŷ∞", "Δz∞", "Jacc", "KKT", "fail", "time"):
        bt.add_column(col, no_wrap=True)
    for name, rep in js["float"].items():
        s = rep["summary"]
        if not s["installed"]:
            bt.add_row(name, "[yellow]not installed[/yellow]", short(s["install"], 30), *["—"] * 7)
            continue
        if not s["ran"]:
            bt.add_row(name, "[red]failed[/red]", short(str(s.get("error")), 30), *["—"] * 7)
            continue
        verdict = s["verdict"]
        if exact:
            word = verdict if verdict in ("agrees", "failed") else "disagrees"
        else:
            word = "failed" if verdict == "failed" else ("worse" if verdict.startswith("worse") else "≈ best")
        style = "green" if verdict == "agrees" or word == "≈ best" else ("red" if exact or word != "≈ best" else "yellow")
        bt.add_row(
            name, f"[{style}]{word}[/{style}]",
            f"{s.get('agreeing_points', '—')}/{s['points']}" if exact else "—",
            fmt_float(s.get("max_rel_gap"), 2), fmt_float(s.get("max_fitted_error"), 2),
            fmt_float(s.get("max_coef_error"), 2), fmt_float(s.get("min_support_jaccard"), 2),
            fmt_float(s.get("max_kkt_bound_violation"), 2),
            str(s.get("failed_points", 0)), f"{s.get('seconds', 0):.2g}s",
        )
    console.print(bt)
    ran = [n for n, r in js["float"].items() if r["summary"].get("ran")]
    if ran:
        console.print("[bold]relative objective gap per β[/bold] (✓ agrees, ✗ does not; n.c.: no convergence reported)"
                      if exact else "[bold]gap to the best float value per β[/bold]")
        pt = Table(box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
        pt.add_column("β")
        pt.add_column("kind")
        for n in ran:
            pt.add_column(n)
        npts = len(js["float"][ran[0]]["points"])
        rows = []
        for i in range(npts):
            pts = [js["float"][n]["points"][i] for n in ran]
            bad = any(p["agrees"] is False for p in pts)
            if "requested" in pts[0]["kind"] or bad:
                rows.append((pts[0], pts))
        for p0, pts in rows[:MAX_ROWS]:
            cells = []
            for p in pts:
                mark = "" if p["agrees"] is None else ("[green]✓[/green] " if p["agrees"] else "[red]✗[/red] ")
                txt = fmt_float(p["rel_gap"], 2) if p["status"] != "error" else "error"
                if p["status"] == "not_converged":
                    txt += " n.c."
                cells.append(mark + txt)
            pt.add_row(short(p0["beta"], 18), ",".join(k.replace("requested", "req") for k in p0["kind"]), *cells)
        if len(rows) > MAX_ROWS:
            pt.caption = f"{len(rows) - MAX_ROWS} more rows in the JSON"
        console.print(pt)
    if exact:
        console.print(f"agrees: {sm['agreement_rule']} (agree_rtol = {sm['agree_rtol']:g}).")
    else:
        console.print(sm["agreement_rule"])
