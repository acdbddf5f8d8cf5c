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
    p.add_argument("--beta", default=None, help="regularization β > 0: an integer, p/q or exact decimal (required unless --interpolate)")
    p.add_argument("--interpolate", action="store_true",
                   help="β → 0: the exact minimum-ℓ1 interpolating network (exact LP); optimal_value is the minimum ℓ1 norm")
    p.add_argument("--depth", type=int, choices=(2, 3, 4), default=2,
                   help="with --interpolate: 2 (two-layer, any d) or 3, 4 (deep narrow networks on 1-D data; biases implied)")
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

    from ..exceptions import InvalidInputError

    if args.interpolate:
        return run_interpolate(args)
    if args.depth != 2:
        raise InvalidInputError("--depth needs --interpolate (the regularized fit is two-layer)")
    if args.beta is None:  # a usage error, as argparse reports one: one line, exit status 2
        import sys

        sys.stderr.write("exactwedge fit: error: the following arguments are required: --beta (or use --interpolate)\n")
        raise SystemExit(2)
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


def run_interpolate(args: argparse.Namespace) -> int:
    """``fit --interpolate``: the exact minimum-ℓ1 interpolating network, as JSON."""
    from ..exceptions import InvalidInputError
    from ..interpolate import interpolate
    from ..io import atomic_write_text, read_csv

    if args.beta is not None:
        raise InvalidInputError("--interpolate is the β → 0 limit: drop --beta")
    if args.targets != 1:
        raise InvalidInputError(f"--interpolate takes one label column, got --targets {args.targets}")
    if args.norm != 1:
        raise InvalidInputError(f"--interpolate is an exact LP for --norm 1 only, got --norm {args.norm}")
    if args.loss != "squared":
        raise InvalidInputError("--interpolate has no loss (it interpolates exactly): drop --loss")
    if args.latex_path:
        raise InvalidInputError("--latex is not available with --interpolate")
    X, Y, _header = read_csv(args.data, targets=1)
    bias = args.bias or args.depth > 2
    res = interpolate(X, [r[0] for r in Y], bias=bias, norm=1, activation=args.activation, depth=args.depth,
                      max_columns=max_columns(args))
    report = res.to_json()
    report.update({"depth": args.depth, "activation": args.activation, "bias": bias})
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.json_path == "-":
        print(text)
        return 0
    if args.json_path:
        atomic_write_text(args.json_path, text + "\n")
    print(f"minimum ℓ1 norm (exact): {report['optimal_value']}  [depth {args.depth}, {args.activation}, "
          f"{len(res.network.units)} units, certificate {'holds' if res.certificate['holds'] else 'FAILS'}]")
    return 0
