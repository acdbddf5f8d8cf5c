"""``exactwedge demo``: the main job on the embedded spiral data set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="run the exact showcase on the embedded 2-D spiral")
    p.add_argument("--out", default="exactwedge-demo", help="folder for the report (default: ./exactwedge-demo)")
    p.add_argument("--json", dest="json_path", default=None, help="also write the JSON report to PATH, or '-' for stdout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..datasets import spiral
    from ..io import atomic_write_text
    from ..showcase import ga_showcase, render_showcase

    X, y = spiral()
    report = ga_showcase(X, y)
    console = Console(stderr=args.json_path == "-")
    render_showcase(report, console)
    out = Path(args.out)
    text = json.dumps(report, indent=2)
    atomic_write_text(out / "report.json", text + "\n")
    if args.json_path == "-":
        print(text)
    elif args.json_path:
        atomic_write_text(args.json_path, text + "\n")
    console.print(f"\nwrote {out / 'report.json'}")
    return 0
