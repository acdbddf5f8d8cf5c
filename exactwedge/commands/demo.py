"""``exactwedge demo``: the main job on the embedded rational 2-D spiral.

It trains the globally optimal two-layer ReLU network (ℓ1, with bias) through
its exact convex Lasso, prints the closed-form network with each neuron named
by its training samples, and writes the report files into a folder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

__all__ = ["register", "run", "DEMO_BETA"]

DEMO_BETA = "1/10"


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="the optimal network of the embedded 2-D spiral, exact, with its files")
    p.add_argument("--out", default="exactwedge-demo", help="folder for the files (default: ./exactwedge-demo)")
    p.add_argument("--beta", default=DEMO_BETA, help=f"regularization β (default {DEMO_BETA})")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="also write the JSON report to PATH ('-' for stdout)")
    p.set_defaults(run=run)


def _index(report: dict, files: list[str]) -> str:
    lines = [
        "# exactwedge demo: the optimal network of the spiral",
        "",
        f"Data: the embedded two-class rational spiral ({report['fit']['dictionary']['n']} points in R²), "
        f"labels ±1, squared loss, ℓ1 path regularizer with bias, β = {report['fit']['beta']}.",
        "",
        f"- Optimal value (exact): `{report['fit']['optimal_value']}` ≈ {report['fit']['optimal_value_float']:.10g}",
        f"- Certificate (exact KKT): holds = {report['fit']['certificate']['holds']}",
        f"- Network objective after rescaling equals it: {report['fit']['p_nn_equals_p_lasso']}",
        f"- Exact path: {len(report['path'])} knots from β_max = `{report['path'][0]['beta']}`",
        "",
        "## Neurons",
        "",
        "| # | closed form | w | b | alpha |",
        "|---|---|---|---|---|",
    ]
    for i, nr in enumerate(report["fit"]["neurons"]):
        lines.append(f"| {i + 1} | `{nr['label']}` | ({', '.join(nr['w'])}) | {nr['b']} | {nr['alpha']} |")
    lines += ["", "## Files", ""] + [f"- [{f}]({f})" for f in files]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..datasets import spiral
    from ..io import atomic_write_text
    from ..lasso.solve import check_beta
    from ..report import render_fit
    from ..showcase import ga_showcase
    from ..training import fit

    beta = check_beta(args.beta)
    X, y = spiral()
    res = fit(X, y, beta, bias=True)
    fit_report = res.to_json()
    report = {
        "dataset": "spiral (embedded, exactwedge/data/spiral.csv)",
        "fit": fit_report,
        "path": res.path().to_json(),
        "geometry": ga_showcase(X, y),
    }
    console = Console(stderr=args.json_path == "-")
    render_fit(fit_report, console, title="Optimal two-layer ReLU network of the spiral (exact)")
    out = Path(args.out)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    atomic_write_text(out / "report.json", text + "\n")
    files = ["report.json"]
    atomic_write_text(out / "index.md", _index(report, files))
    if args.json_path == "-":
        print(text)
    elif args.json_path:
        atomic_write_text(args.json_path, text + "\n")
    console.print(f"\nwrote {out / 'index.md'} and {out / 'report.json'}")
    return 0
