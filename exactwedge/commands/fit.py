"""``exactwedge fit DATA.csv --beta B``: the globally optimal network of a data file."""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["register", "run", "add_problem_options"]


def add_problem_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``fit`` and ``path``."""
    p.add_argument("data", help="CSV file: optional header, features, then the label column(s)")
    p.add_argument("--bias", action="store_true", help="neurons with biases and a free intercept (Thm 1, 3, 22)")
    p.add_argument("--norm", type=int, choices=(1, 2), default=1, help="1: ℓ1 path regularizer (exact); 2: weight decay")
    p.add_argument("--activation", choices=("relu", "abs"), default="relu")
    p.add_argument("--targets", type=int, default=1, metavar="K", help="the last K columns are labels (default 1)")
    p.add_argument("--max-columns", type=int, default=None, metavar="M",
                   help="refuse dictionaries with more than M columns (default 500000; 0 = no limit)")


def register(sub: Any) -> None:
    p = sub.add_parser("fit", help="train the optimal two-layer network through its exact convex Lasso")
    add_problem_options(p)
    p.add_argument("--beta", required=True, help="regularization β > 0: an integer, p/q or exact decimal")
    p.add_argument("--loss", choices=("squared", "logistic", "hinge"), default="squared")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.add_argument("--latex", dest="latex_path", default=None, metavar="FILE.tex",
                   help="write a standalone LaTeX document of the optimal network (closed forms, certificate, dictionary)")
    p.set_defaults(run=run)


def max_columns(args: argparse.Namespace) -> Any:
    from ..dictionary import DEFAULT_MAX_COLUMNS
    from ..exceptions import InvalidInputError

    if args.max_columns is None:
        return DEFAULT_MAX_COLUMNS
    if args.max_columns < 0:
        raise InvalidInputError(f"--max-columns must be ≥ 0, got {args.max_columns}")
    return None if args.max_columns == 0 else args.max_columns


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..io import atomic_write_text, read_csv
    from ..lasso.solve import check_beta
    from ..report import render_fit
    from ..training import fit

    beta = check_beta(args.beta)
    X, Y, _header = read_csv(args.data, targets=args.targets)
    y = [r[0] for r in Y] if args.targets == 1 else Y
    from ..progress import progress_bar

    with progress_bar("building the dictionary", len(X) if args.bias else None) as update:
        res = fit(X, y, beta, bias=args.bias, norm=args.norm, activation=args.activation, loss=args.loss,
                  max_columns=max_columns(args), progress=update)
    report = res.to_json()
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.latex_path:
        from ..latex import fit_document, write_latex

        write_latex(args.latex_path, fit_document(res))
    if args.json_path == "-":
        print(text)
        return 0
    if args.json_path:
        atomic_write_text(args.json_path, text + "\n")
    render_fit(report, Console())
    return 0
