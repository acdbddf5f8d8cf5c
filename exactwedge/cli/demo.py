"""``exactwedge demo``: the main job on the embedded rational 2-D spiral.

It trains the globally optimal two-layer ReLU network (ℓ1, with bias) through
its exact convex Lasso, prints the closed-form network with each neuron named
by its training samples, and writes into a folder (each file atomically):

- ``report.json``: the exact report (fit, path, geometry, the files written);
- ``network.tex``: the network as a LaTeX document (closed forms, exact values,
  hyperplanes as signed distances, certificate, dictionary with provenance),
  and ``network.pdf`` when ``pdflatex`` is installed;
- ``decision``, ``neurons``, ``triangles`` figures, as PNG and SVG, and each
  neuron alone as ``neurons/neuron-01.png``, ... (when
  matplotlib is installed, the ``plot`` extra);
- ``index.md``: a short page that links all of them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .text import emit_json

__all__ = ["register", "run", "DEMO_BETA", "FIGURES"]

DEMO_BETA = "1/10"

#: The demo's figures: file stem → caption.
FIGURES = {
    "decision": "The optimal network's decision function f(x), its zero set (black) and its neurons' lines (dashed). "
                "The weights are exact; only the drawing is in floats.",
    "neurons": "Each neuron of the network: its active half-plane, its line through the anchor (star) and the "
               "samples that name it (rings), its weight w and its output weight α.",
    "triangles": "Signed areas ½(x1 − x0)∧(xk − x0), coloured by orientation: the sign says on which side of the line "
                 "through x0 and x1 each sample lies, which is what a neuron through x0 and x1 computes.",
}


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="the optimal network of the embedded 2-D spiral, exact, with its files")
    p.add_argument("--out", default="exactwedge-demo", help="folder for the files (default: ./exactwedge-demo)")
    p.add_argument("--beta", default=DEMO_BETA, help=f"regularization β (default {DEMO_BETA})")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="also write the JSON report to PATH ('-' for stdout)")
    p.set_defaults(run=run)


def _index(report: dict, files: list[str], notes: list[str] | None = None) -> str:
    fitrep = report["fit"]
    lines = [
        "# exactwedge demo: the optimal network of the spiral",
        "",
        f"Data: the embedded two-class rational spiral ({fitrep['dictionary']['n']} points in R²), "
        f"labels ±1, squared loss, ℓ1 path regularizer with bias, β = {fitrep['beta']}.",
        "",
        f"- Optimal value (exact): `{fitrep['optimal_value']}` ≈ {fitrep['optimal_value_float']:.10g}",
        f"- Certificate (exact KKT): holds = {fitrep['certificate']['holds']}",
        f"- Network objective after rescaling equals it: {fitrep['p_nn_equals_p_lasso']}",
        f"- Exact path: {len(report['path'])} knots from β_max = `{report['path'][0]['beta']}`",
        "",
    ]
    if "network.tex" in files:
        pdf = "[network.pdf](network.pdf) (source: [network.tex](network.tex))" if "network.pdf" in files else \
            "[network.tex](network.tex) (compile it with `pdflatex network.tex`)"
        lines += [
            "## The network in closed form",
            "",
            f"{pdf}: every neuron as the Hodge dual of a wedge of training samples, with its exact weights, "
            "its hyperplane as a signed distance, the exact optimality certificate and the dictionary with "
            "provenance.",
            "",
        ]
    figs = [stem for stem in FIGURES if f"{stem}.png" in files]
    if figs:
        lines += ["## Figures", ""]
        for stem in figs:
            svg = f" ([SVG]({stem}.svg))" if f"{stem}.svg" in files else ""
            lines += [f"![{stem}]({stem}.png)", "", f"*{FIGURES[stem]}*{svg}", ""]
    lines += [
        "## Neurons",
        "",
        "| # | closed form | w | b | alpha |",
        "|---|---|---|---|---|",
    ]
    for i, nr in enumerate(fitrep["neurons"]):
        lines.append(f"| {i + 1} | `{nr['label']}` | ({', '.join(nr['w'])}) | {nr['b']} | {nr['alpha']} |")
    lines += ["", "## Files", ""] + [f"- [{f}]({f})" for f in files]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _outputs(out: Path) -> dict:
    """The files the demo may write in its folder (refused if ``out`` exists and is not a folder)."""
    from ..exceptions import OutputFileError

    if out.exists() and not out.is_dir():
        raise OutputFileError(f"--out {out}: cannot write: not a folder")
    if (out / "neurons").exists() and not (out / "neurons").is_dir():
        raise OutputFileError(f"--out {out}: cannot write {out / 'neurons'}: not a folder")
    names = ["report.json", "index.md", "network.tex", "network.pdf"]
    names += [f"{stem}.{fmt}" for stem in FIGURES for fmt in ("png", "svg")]
    return {f"the demo's {name}": out / name for name in names}


def _figures(res: Any, out: Path) -> list[str]:
    """Write the demo's figures (PNG and SVG); returns the file names."""
    from ..plot import plot_decision, plot_neurons, plot_signed_triangles, save_figure

    X, y = res.X, res.y
    figs = {
        "decision": plot_decision(res),
        "neurons": plot_neurons(X, res.network, y=y, columns=3),
        "triangles": plot_signed_triangles(X, y=y),
    }
    names = []
    for stem, fig in figs.items():
        names += [p.name for p in save_figure(fig, out / stem)]
    # each neuron on its own too (a slide each): neurons/neuron-01.png, ...
    (out / "neurons").mkdir(parents=True, exist_ok=True)
    for k, fig in enumerate(plot_neurons(X, res.network, y=y, separate=True)):
        names += [f"neurons/{p.name}" for p in save_figure(fig, out / "neurons" / f"neuron-{k + 1:02d}.png")]
    return names


def _latex(res: Any, out: Path, notes: list[str]) -> list[str]:
    """Write network.tex, and network.pdf when pdflatex is there."""
    from ..exceptions import LatexError
    from ..latex import compile_pdf, fit_document, pdflatex_available, pgfplots_available, write_latex

    figure = "auto" if pgfplots_available() else False  # the picture needs texlive-pictures
    tex = write_latex(out / "network.tex",
                      fit_document(res, title="The optimal two-layer ReLU network of the spiral (exact)", figure=figure))
    names = [tex.name]
    if not pdflatex_available():
        notes.append("pdflatex was not found, so network.pdf was not made: install the Debian package "
                     "texlive-latex-base (scripts/bootstrap.sh does).")
        return names
    try:
        names.append(compile_pdf(tex).name)
    except LatexError as e:  # pragma: no cover - the test suite compiles this document
        notes.append(f"pdflatex failed on network.tex: {e}")
    return names


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..datasets import spiral
    from ..io import atomic_write_text, check_output_paths
    from ..problem import check_beta
    from .report import render_fit
    from .showcase import ga_showcase
    from .text import rich_text
    from ..training import fit

    beta = check_beta(args.beta)
    check_output_paths({"--json": args.json_path, **_outputs(Path(args.out))})
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
    notes: list[str] = []
    files = _latex(res, out, notes)
    try:
        import matplotlib  # noqa: F401  (the plot extra)
    except ImportError:
        notes.append("matplotlib is not installed, so no figures were drawn: pip install 'exactwedge[plot]'.")
    else:
        files += _figures(res, out)
    files = ["report.json"] + files
    report["files"] = files + ["index.md"]
    text = json.dumps(report, indent=2, ensure_ascii=False)
    atomic_write_text(out / "report.json", text + "\n")
    atomic_write_text(out / "index.md", _index(report, files, notes))
    emit_json(report, args.json_path)
    console.print("\nwrote " + rich_text(out / "index.md") + ", which links " + rich_text(", ".join(files)))
    for n in notes:
        console.print("note: " + rich_text(n))
    return 0
