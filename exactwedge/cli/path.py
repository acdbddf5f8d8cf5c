"""``exactwedge path DATA.csv``: the exact Lasso path against float back-ends, and ``--stress``.

The exact path (every breakpoint) and the exact optimum at each requested β
are compared with scikit-learn coordinate descent, LARS, celer and
cvxpy/Clarabel, all on one scale (:mod:`exactwedge.compare`). ``--stress``
runs the ill-conditioning study (:mod:`exactwedge.compare.stress`): on the
built-in seeded data sets without DATA, on DATA's dictionary with it.

For ``--norm 2`` there is no exact path (the columns are surds): the float
back-ends are compared with each other (``"exact_available": false``) and no
agreement is claimed.
"""

from __future__ import annotations

import argparse
from typing import Any

from .text import emit_json

__all__ = ["register", "run"]

#: The most βs ``--grid`` asks for (each is an exact solve and a float solve per back-end).
MAX_GRID = 1_000


def register(sub: Any) -> None:
    from .fit import add_problem_options, add_stream_options, int_arg, seed_arg

    p = sub.add_parser("path", help="the exact Lasso path against float Lasso back-ends (and --stress)")
    add_problem_options(p)
    for action in p._actions:  # DATA is optional with --stress (the built-in study)
        if action.dest == "data":
            action.nargs = "?"
            action.default = None
            action.help = "CSV file: optional header, features, then the label column (optional with --stress)"
    grid = p.add_mutually_exclusive_group()
    grid.add_argument("--betas", default=None, metavar="B1,B2,...",
                      help="βs to compare at, comma-separated exact numbers (e.g. 1/10,1/2,0.25)")
    grid.add_argument("--grid", type=int_arg, default=None, metavar="N",
                      help="N βs from β_max down to β_max/1000, evenly spaced in log β (default 12)")
    p.add_argument("--backends", default=None, metavar="NAMES",
                   help="comma-separated float back-ends among sklearn, lars, celer, cvxpy (default: every installed one)")
    p.add_argument("--no-breakpoints", dest="breakpoints", action="store_false",
                   help="compare at the requested βs only, not at every exact breakpoint")
    p.add_argument("--agree-rtol", type=float, default=None, metavar="R",
                   help="agreement tolerance on the relative objective gap (default 1e-6)")
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="write the path figure to FILE (.png or .svg) and the other format beside it")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.add_argument("--stress", action="store_true",
                   help="the ill-conditioning study: float dictionaries against exact (built-in data sets without DATA)")
    p.add_argument("--seed", type=seed_arg, default=None, metavar="S",
                   help="seed of the --stress data sets (default 2024) and of --sample random:N (default 0)")
    add_stream_options(p)
    p.set_defaults(run=run)


def _betas(text: str | None) -> list | None:
    from ..exceptions import InvalidInputError
    from ..problem import check_beta

    if text is None:
        return None
    parts = [s.strip() for s in text.split(",")]
    if not any(parts):
        raise InvalidInputError("--betas needs at least one number, e.g. --betas 1/10,1/2")
    if any(not s for s in parts):
        raise InvalidInputError(f"--betas has an empty entry: {text!r}")
    return [check_beta(s) for s in parts]


def _stress(args: argparse.Namespace, X: Any, y: Any, betas: list | None) -> list:
    from ..compare.stress import DEFAULT_SEED, StressCase, run_stress, stress_study
    from ..exceptions import InvalidInputError

    if X is None:
        return run_stress(seed=DEFAULT_SEED if args.seed is None else args.seed)
    if args.norm != 1:
        raise InvalidInputError("--stress on a data file needs --norm 1 (the exact dictionary it audits against)")
    if args.activation != "relu":
        raise InvalidInputError("--stress on a data file audits ReLU dictionaries; drop --activation abs")
    case = StressCase(str(args.data), "the data file", X, y, bool(args.bias), 0)
    return [stress_study(case, beta=min(betas) if betas else None)]


def _outputs(args: argparse.Namespace) -> dict:
    """The files this run writes: ``--json``, and ``--plot`` with its other format beside it."""
    from pathlib import Path

    outs: dict[str, Any] = {"--json": args.json_path}
    if args.plot:
        main = Path(args.plot)
        other = ".svg" if main.suffix.lower() == ".png" else ".png"
        outs.update({"--plot": main, f"--plot (its {other} copy)": main.with_suffix(other)})
    return outs


def _stream_conflicts(args: argparse.Namespace) -> str | None:
    """Why this ``path`` run cannot stream (the float back-end comparison needs the dictionary), or None."""
    for given, flag in ((args.stress, "--stress"), (args.plot, "--plot"), (args.backends is not None, "--backends"),
                        (not args.breakpoints, "--no-breakpoints"), (args.agree_rtol is not None, "--agree-rtol"),
                        (args.grid is not None, "--grid")):
        if given:
            return f"{flag} is not available with a streamed path (it compares float back-ends on the built dictionary)"
    if args.betas is None:
        return "a streamed path needs --betas B1,B2,... (the βs to solve at)"
    return None


def run_stream(args: argparse.Namespace, X: Any, y: Any, betas: list) -> int:
    """``path --stream``: the streamed working-set solve at each β, as JSON (or a short table)."""
    from ..dictionary import column_count
    from ..numbers import format_exact
    from ..stream.fit import path_stream
    from .fit import sample_options, stream_executor

    certify = args.certify or "float"
    with stream_executor(args) as ex:  # progress=None: bars on a terminal only
        rows = path_stream(X, y, betas, bias=bool(args.bias), norm=args.norm, activation=args.activation,
                           certify=certify, executor=ex, chunk_size=args.chunk_size,
                           progress=None, **sample_options(args))
        executor = ex.describe()
    n, d = len(X), len(X[0])
    report = {
        "format": "exactwedge.path_stream",
        "version": 1,
        "problem": {"data": str(args.data), "n": n, "d": d, "bias": bool(args.bias), "norm": args.norm,
                    "activation": args.activation,
                    "columns": column_count(n, d, bias=bool(args.bias), norm=args.norm, activation=args.activation),
                    "betas": [format_exact(b) for b in betas], "certify": certify, "chunk_size": args.chunk_size,
                    "sample": args.sample, "seed": 0 if args.seed is None else args.seed, "executor": executor},
        "path": rows,
    }
    if emit_json(report, args.json_path, default=str):
        return 0
    for row in rows:
        print("  ".join(f"{k}={row[k]}" for k in row if not isinstance(row[k], (list, dict))))
    return 0


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..exceptions import InvalidInputError
    from ..io import check_output_paths, read_csv
    from .fit import check_stream_options, stream_flags, wants_stream

    if args.data is None and not args.stress:
        raise InvalidInputError("give a DATA.csv file (or --stress for the built-in ill-conditioning study)")
    if args.agree_rtol is not None and not (args.agree_rtol > 0 and args.agree_rtol < 1):
        raise InvalidInputError(f"--agree-rtol must be in (0, 1), got {args.agree_rtol}")
    if args.grid is not None and not 1 <= args.grid <= MAX_GRID:
        raise InvalidInputError(f"--grid needs an integer between 1 and {MAX_GRID:,} (one exact solve per β), "
                                f"got {args.grid}")
    if args.plot and not str(args.plot).lower().endswith((".png", ".svg")):
        raise InvalidInputError(f"--plot needs a .png or .svg file name, got {args.plot!r}")
    check_stream_options(args)
    check_output_paths(_outputs(args), {"the data file": args.data})
    if args.data is None and stream_flags(args):
        raise InvalidInputError(f"{stream_flags(args)[0]} solves a DATA file: give DATA.csv")
    betas = _betas(args.betas)
    from ..lasso.backends import parse_backends

    backends = parse_backends(args.backends) if args.backends is not None else None
    console = Console(stderr=args.json_path == "-")
    report: dict[str, Any] = {}
    X = y = None
    cmp = None
    if args.data is not None:
        from ..compare import compare_path
        from ..compare.metrics import AGREE_RTOL
        from ..dictionary import dictionary
        from ..progress import progress_bar
        from .fit import max_columns

        X, Y, _header = read_csv(args.data, targets=args.targets, max_bytes=args.max_input_bytes)
        if args.targets != 1:
            raise InvalidInputError(f"the Lasso path needs one label column, got --targets {args.targets}")
        y = [r[0] for r in Y]
        if len(X) < 2:
            raise InvalidInputError(f"need at least 2 samples, got {len(X)}")
        if wants_stream(args, len(X), len(X[0]), unsupported=_stream_conflicts(args)):
            return run_stream(args, X, y, betas)
        D = dictionary(X, bias=args.bias, norm=args.norm, activation=args.activation, max_columns=max_columns(args))
        spans = {"exact path": (0.0, 0.6), "exact optima": (0.6, 0.1), "back-end": (0.7, 0.3), "done": (1.0, 0.0)}
        with progress_bar("exact Lasso path, then the float back-ends", 100) as update:
            def progress(stage: str, frac: float) -> None:
                key = next((k for k in spans if stage.startswith(k)), "done")
                lo, width = spans[key]
                update(completed=100 * (lo + width * frac))

            cmp = compare_path(D, y, betas, grid=args.grid, intercept=args.bias, backends=backends,
                               breakpoints=args.breakpoints,
                               agree_rtol=AGREE_RTOL if args.agree_rtol is None else args.agree_rtol,
                               progress=progress)
        report = cmp.to_json()
        report["problem"]["data"] = str(args.data)
        report["problem"]["dictionary"] = D.summary()
    if args.stress:
        reports = _stress(args, X, y, betas)
        report["stress"] = [r.to_json() for r in reports]
        if cmp is None:
            report = {"format": "exactwedge.stress", "version": 1, **report,
                      "summary": {"cases": len(reports),
                                  "float_sign_errors": sum(r.audit.sign_errors for r in reports),
                                  "float_activation_errors": sum(r.audit.activation_errors for r in reports),
                                  "exact_sign_errors": sum(r.audit.exact_sign_errors for r in reports)}}
    plots = []
    if args.plot:
        if cmp is None:
            raise InvalidInputError("--plot draws the path of a DATA file; give DATA.csv")
        from ..plot.path import save_path_figure

        plots = [str(p) for p in save_path_figure(cmp, args.plot)]
        report.setdefault("files", {})["plot"] = plots
    if not emit_json(report, args.json_path):
        if cmp is not None:
            from ..compare.table import render_comparison

            render_comparison(report, console)
        if args.stress:
            from ..compare.stress import render_stress

            render_stress(reports, console)
    if plots:
        from .text import rich_text

        console.print("wrote " + " and ".join(rich_text(p) for p in plots))
    return 0
