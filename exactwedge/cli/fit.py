"""``exactwedge fit DATA.csv --beta B``: the globally optimal network of a data file."""

from __future__ import annotations

import argparse
from typing import Any

from .text import emit_json

__all__ = ["register", "run", "add_problem_options", "add_stream_options"]


def seed_arg(text: str) -> int:
    """An argparse type: a seed is a nonnegative integer in ASCII digits (numpy refuses negative seeds)."""
    t = text.strip()
    if not (t.isascii() and t.isdigit()):
        raise argparse.ArgumentTypeError(f"a seed is a nonnegative integer (0, 1, 2, ...), got {text!r}")
    return int(t)


def int_arg(text: str) -> int:
    """An argparse type: an integer in ASCII digits (``int()`` would also read '٣' or '３')."""
    t = text.strip()
    if not (t.isascii() and t.lstrip("+-").isdigit()):
        raise argparse.ArgumentTypeError(f"expected an integer in the digits 0-9, got {text!r}")
    return int(t)


MAX_WORKERS = max(64, 4 * (__import__("os").cpu_count() or 1))


def add_problem_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``fit`` and ``path``."""
    p.add_argument("data", help="CSV file: optional header, features, then the label column(s)")
    p.add_argument("--bias", action="store_true", help="neurons with biases and a free intercept (Thm 1, 3, 22)")
    p.add_argument("--norm", type=int_arg, choices=(1, 2), default=1, help="1: ℓ1 path regularizer (exact); 2: weight decay")
    p.add_argument("--activation", choices=("relu", "abs"), default="relu")
    p.add_argument("--targets", type=int_arg, default=1, metavar="K", help="the last K columns are labels (default 1)")
    p.add_argument("--max-columns", type=int_arg, default=None, metavar="M",
                   help="build at most M dictionary columns; larger dictionaries are solved streamed "
                        "(refused with --no-stream or --interpolate) (default 500000; 0 = no limit)")
    p.add_argument("--memory", default=None, metavar="SIZE",
                   help="memory budget, e.g. 2G or 512M (default: half the available memory); larger work is "
                        "refused before it starts")
    p.add_argument("--max-input-bytes", default=None, metavar="SIZE",
                   help="largest data file to read, e.g. 1G (default 256M)")


def add_stream_options(p: argparse.ArgumentParser) -> None:
    """Streaming options shared by ``fit`` and ``path`` (``fit`` adds its own ``--seed``)."""
    g = p.add_argument_group("streaming (dictionaries too large to hold)",
                             "The working-set Lasso prices columns generated in chunks and never builds the "
                             "dictionary. It switches on by itself when the dictionary has more columns than "
                             "--max-columns.")
    on = g.add_mutually_exclusive_group()
    on.add_argument("--stream", dest="stream", action="store_const", const=True, default=None,
                    help="solve with the streamed working-set solver (the JSON of the materialized solve; "
                         "optimal_value only with --certify exact)")
    on.add_argument("--no-stream", dest="stream", action="store_const", const=False,
                    help="never stream: refuse dictionaries above --max-columns, as without streaming")
    g.add_argument("--certify", choices=("float", "exact"), default=None,
                   help="streamed solves only: certify the optimum in float64 (default) or exactly (--norm 1); "
                        "the materialized --norm 1 solve is always exact")
    g.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the chunks on a Dask scheduler (tcp://host:8786), or 'local' for a local cluster "
                        "of 2 worker processes; implies --stream (needs pip install 'exactwedge[dask]')")
    g.add_argument("--workers", type=int_arg, default=None, metavar="N",
                   help="workers of --scheduler local (default 2); without --scheduler, streaming threads")
    g.add_argument("--chunk-size", type=int_arg, default=None, metavar="K", help="columns per streamed chunk")
    g.add_argument("--sample", default=None, metavar="MODE",
                   help="'random:N' (price N random columns per round) or 'polish'; implies --stream")
    g.add_argument("--max-seconds", type=float, default=None, metavar="S",
                   help="refuse a streamed solve whose one pricing pass is estimated above S seconds (default 600)")
    g.add_argument("--force", action="store_true",
                   help="run a streamed solve over --max-seconds anyway (a progress bar shows the rate)")


def register(sub: Any) -> None:
    p = sub.add_parser("fit", help="train the optimal two-layer network through its exact convex Lasso")
    add_problem_options(p)
    p.add_argument("--beta", default=None, help="regularization β > 0: an integer, p/q or exact decimal (required unless --interpolate)")
    p.add_argument("--interpolate", action="store_true",
                   help="β → 0: the exact minimum-ℓ1 interpolating network (exact LP), with biases unless --no-bias; "
                        "optimal_value is the minimum ℓ1 norm")
    p.add_argument("--depth", type=int_arg, choices=(2, 3, 4), default=2,
                   help="2 (two-layer, any d) or 3, 4 (deep narrow networks on 1-D data: with --interpolate, biases "
                        "implied; with --beta, give --bias)")
    p.add_argument("--no-bias", dest="no_bias", action="store_true",
                   help="with --interpolate: networks without biases (--interpolate uses biases by default, at every "
                        "depth; --depth 2 only)")
    p.add_argument("--loss", choices=("squared", "logistic", "hinge"), default="squared")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.add_argument("--latex", dest="latex_path", default=None, metavar="FILE.tex",
                   help="write a standalone LaTeX document of the network (closed forms, certificate, dictionary); "
                        "a FILE.pdf is compiled with pdflatex (refused when pdflatex is not installed)")
    from .fit_latex import add_latex_options
    from .optimal import add_optimal_options

    add_latex_options(p)
    add_optimal_options(p)
    p.add_argument("--certificate", default=None, metavar="PATH",
                   help="write a self-contained optimality certificate (exact ℓ1 fits): check it with "
                        "'exactwedge verify PATH' or the standalone verify_certificate.py")
    add_stream_options(p)
    p.add_argument("--seed", type=seed_arg, default=None, metavar="S", help="seed of --sample random:N (default 0)")
    g = p.add_argument_group("the weight-decay optimum (--norm 2, small n)")
    g.add_argument("--global", dest="global_", action="store_true",
                   help="with --norm 2: the arrangement program's optimum P_NN (a float solve, with its duality gap), "
                        "the ℓ2 Lasso beside it and Thm 7's bound; refused above --max-patterns")
    g.add_argument("--max-patterns", type=int_arg, default=None, metavar="N",
                   help="--global: refuse arrangements with more than N activation patterns (default 5000)")
    p.set_defaults(run=run)


def max_columns(args: argparse.Namespace) -> Any:
    from ..dictionary import DEFAULT_MAX_COLUMNS
    from ..exceptions import InvalidInputError

    if args.max_columns is None:
        return DEFAULT_MAX_COLUMNS
    if args.max_columns < 0:
        raise InvalidInputError(f"--max-columns must be ≥ 0, got {args.max_columns}")
    return None if args.max_columns == 0 else args.max_columns


_STREAM_FLAGS = (("scheduler", "--scheduler"), ("sample", "--sample"), ("certify", "--certify"),
                 ("chunk_size", "--chunk-size"), ("workers", "--workers"))


def stream_flags(args: argparse.Namespace) -> list[str]:
    """The streaming flags given on the command line (``--stream`` first)."""
    given = ["--stream"] if getattr(args, "stream", None) else []
    return given + [flag for dest, flag in _STREAM_FLAGS if getattr(args, dest, None) is not None]


def parse_sample(text: str | None) -> Any:
    """``--sample``: None, ``"polish"`` or ``("random", N)``; anything else is an InvalidInputError."""
    from ..exceptions import InvalidInputError

    if text is None:
        return None
    t = text.strip().lower()
    if t == "polish":
        return "polish"
    kind, _, num = t.partition(":")
    if kind == "random":
        try:
            k = int(num)
        except ValueError:
            k = 0
        if k >= 1:
            return ("random", k)
    raise InvalidInputError(f"--sample must be 'random:N' (N ≥ 1) or 'polish', got {text!r}")


def sample_options(args: argparse.Namespace) -> dict:
    """``sample`` and ``seed`` of a streamed solve; ``--sample polish`` adds the gradient trainer it needs."""
    sample = parse_sample(args.sample)
    opts: dict[str, Any] = {"sample": sample, "seed": 0 if args.seed is None else args.seed}
    if sample == "polish":
        from ..trained import train

        opts["train"] = train
    return opts


def check_stream_options(args: argparse.Namespace) -> None:
    """Validate the streaming flags on their own (before reading the data)."""
    from ..exceptions import InvalidInputError

    if args.stream is False:
        implied = [f for f in stream_flags(args) if f in ("--scheduler", "--sample")]
        if implied:
            raise InvalidInputError(f"{implied[0]} streams the solve: drop --no-stream")
    if args.certify == "exact" and args.norm != 1:
        raise InvalidInputError(f"--certify exact needs --norm 1 (ℓ2 columns are surds), got --norm {args.norm}")
    if args.chunk_size is not None and not 1 <= args.chunk_size <= MAX_CHUNK_SIZE:
        raise InvalidInputError(f"--chunk-size must be between 1 and {MAX_CHUNK_SIZE:,}, got {args.chunk_size}")
    check_budget_options(args)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise InvalidInputError(f"--workers must be between 1 and {MAX_WORKERS} (64 or 4 per CPU), got {args.workers}")
    if args.scheduler is not None:
        if not args.scheduler.strip():
            raise InvalidInputError("--scheduler needs an address (tcp://host:8786) or 'local'")
        if args.workers is not None and args.scheduler.strip().lower() != "local":
            raise InvalidInputError("--workers sizes a local cluster: use it with --scheduler local (or no --scheduler)")
    parse_sample(args.sample)


MAX_CHUNK_SIZE = 1 << 24


def check_budget_options(args: argparse.Namespace) -> None:
    """``--memory`` (sets the process's memory budget), ``--max-input-bytes`` (parsed in place), ``--max-seconds``."""
    import math

    from ..dictionary.cost import parse_bytes, set_memory_budget
    from ..exceptions import InvalidInputError

    set_memory_budget(None if getattr(args, "memory", None) is None else parse_bytes(args.memory))
    if isinstance(getattr(args, "max_input_bytes", None), str):
        args.max_input_bytes = parse_bytes(args.max_input_bytes)
    seconds = getattr(args, "max_seconds", None)
    if seconds is not None and not (math.isfinite(seconds) and seconds > 0):
        raise InvalidInputError(f"--max-seconds must be a positive number of seconds, got {seconds}")


def check_stream_budget(args: argparse.Namespace, n: int, d: int) -> dict:
    """Refuse a streamed solve over the memory budget or (without ``--force``) over ``--max-seconds``."""
    import math
    import os

    from ..dictionary import column_count
    from ..dictionary.cost import DEFAULT_MAX_SECONDS, check_stream

    m = column_count(n, d, bias=bool(args.bias), norm=args.norm, activation=args.activation)
    remote = args.scheduler is not None and args.scheduler.strip().lower() != "local"
    workers = None if remote else (args.workers or (2 if args.scheduler else os.cpu_count() or 1))
    cached = 0 if args.bias else min(m, 4_000_000)
    limit = None if args.force else (args.max_seconds or DEFAULT_MAX_SECONDS)
    out = check_stream(n, d, m, workers=workers,  # --sample too prices every column once (its gap)
                       chunk_size=args.chunk_size, cached_rows=cached, max_seconds=limit)
    if args.force and math.isfinite(out["seconds"]) and out["seconds"] > (args.max_seconds or DEFAULT_MAX_SECONDS):
        import sys

        sys.stderr.write(f"exactwedge: note: --force: one pricing pass is estimated at {out['seconds']:,.0f} s\n")
    return out


def wants_stream(args: argparse.Namespace, n: int, d: int, *, unsupported: str | None = None) -> bool:
    """Stream? Yes when asked (``--stream``, ``--scheduler``, ``--sample``), or when the dictionary
    exceeds ``--max-columns`` (a one-line note on stderr), unless ``--no-stream``.

    ``unsupported`` (why this run cannot stream) turns an explicit request into an
    InvalidInputError and keeps an oversized dictionary refused as before.
    """
    import sys

    from ..dictionary import column_count
    from ..exceptions import InvalidInputError

    asked = bool(args.stream) or args.scheduler is not None or args.sample is not None
    if asked:
        if unsupported:
            raise InvalidInputError(f"{stream_flags(args)[0]}: {unsupported}")
        check_stream_budget(args, n, d)
        return True
    if args.stream is False or unsupported:
        return False
    limit = max_columns(args)
    m = column_count(n, d, bias=bool(args.bias), norm=args.norm, activation=args.activation)
    if limit is not None and m > limit:
        check_stream_budget(args, n, d)
        sys.stderr.write(f"exactwedge: note: the dictionary would have {m:,} columns (more than --max-columns "
                         f"{limit:,}): solving it streamed, without building it (--no-stream to refuse instead)\n")
        return True
    return False


def stream_executor(args: argparse.Namespace) -> Any:
    """The executor of a streamed solve: a Dask cluster with ``--scheduler``, else threads."""
    from ..stream.executors import get_executor

    if args.scheduler is None:
        return get_executor("threads", workers=args.workers)
    from ..stream.dask_executor import DaskExecutor

    address = args.scheduler.strip()
    if address.lower() == "local":
        return DaskExecutor(None, n_workers=args.workers or 2)
    return DaskExecutor(address)


def run_stream(args: argparse.Namespace, X: Any, y: Any, beta: Any) -> Any:
    """``fit --stream``: the streamed working-set fit, a :class:`~exactwedge.training.FitResult`."""
    from ..stream.fit import fit_stream

    # progress=None: one bar per pricing pass on a terminal, nothing in pipes and tests
    with stream_executor(args) as ex:
        return fit_stream(X, y, beta, bias=bool(args.bias), norm=args.norm, activation=args.activation,
                          certify=args.certify or "float", executor=ex, chunk_size=args.chunk_size,
                          progress=None, **sample_options(args))


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_paths, read_csv
    from ..problem import check_beta
    from .report import render_fit
    from ..training import fit

    from ..exceptions import InvalidInputError

    check_stream_options(args)
    if args.certificate:  # what no exact certificate covers, before any work
        from .verify import check_certificate_request

        check_certificate_request(args)
    if getattr(args, "global_", False):
        from .global_l2 import run_global

        check_output_paths({"--json": args.json_path}, {"the data file": args.data})
        return run_global(args)
    if args.max_patterns is not None:
        raise InvalidInputError("--max-patterns is for --global")
    if args.no_bias and args.bias:
        raise InvalidInputError("--bias and --no-bias contradict each other: give one")
    if args.no_bias and not args.interpolate:
        raise InvalidInputError("--no-bias is for --interpolate (the regularized fit has no biases unless --bias)")
    # before any work: no output onto the data or onto another output
    check_output_paths({"--json": args.json_path, "--latex": args.latex_path, "--certificate": args.certificate},
                       {"the data file": args.data, **({"--at": args.at} if args.at else {})})
    from .fit_latex import check_latex_options

    check_latex_options(args)
    from .optimal import check_optimal_options

    check_optimal_options(args, streamed=bool(stream_flags(args)))
    if args.interpolate:
        if stream_flags(args) or args.stream is False or args.seed is not None:
            flags = stream_flags(args) or (["--no-stream"] if args.stream is False else ["--seed"])
            raise InvalidInputError(f"{flags[0]} is not available with --interpolate (an exact LP on the "
                                    "materialized dictionary)")
        return run_interpolate(args)
    if args.depth != 2:  # deep narrow networks on 1-D data (cli/fit_deep.py)
        from .fit_deep import run_deep

        return run_deep(args, max_columns=max_columns(args), streamed=stream_flags(args))
    if args.beta is None:  # a usage error, as argparse reports one: one line, exit status 2
        import sys

        sys.stderr.write("exactwedge fit: error: the following arguments are required: --beta (or use --interpolate)\n")
        raise SystemExit(2)
    beta = check_beta(args.beta)
    X, Y, _header = read_csv(args.data, targets=args.targets, max_bytes=args.max_input_bytes)
    y = [r[0] for r in Y] if args.targets == 1 else Y
    if args.certificate:
        from .verify import check_certificate_request

        check_certificate_request(args, X)  # its size, before the fit
    from ..progress import progress_bar

    unsupported = None
    if args.loss != "squared":
        unsupported = f"the streamed solver fits the squared loss only, got --loss {args.loss}"
    elif args.targets != 1:
        unsupported = f"the streamed solver takes one label column, got --targets {args.targets}"
    if wants_stream(args, len(X), len(X[0]) if X else 0, unsupported=unsupported):
        res = run_stream(args, X, y, beta)
    else:
        with progress_bar("building the dictionary", len(X) if args.bias else None) as update:
            res = fit(X, y, beta, bias=args.bias, norm=args.norm, activation=args.activation, loss=args.loss,
                      max_columns=max_columns(args), progress=update)
    if args.certificate:
        from ..certify import write_certificate

        write_certificate(res, args.certificate)
    report = res.to_json()
    optimal_text = optimal = None
    if args.optimal_set:
        from .optimal import optimal_report

        report["optimal_set"], optimal_text, optimal = optimal_report(args, res)
    if args.latex_path or args.latex_fragment:
        from .fit_latex import write_fit_latex

        write_fit_latex(args, res, optimal)
    if emit_json(report, args.json_path):
        return 0
    render_fit(report)
    if optimal_text is not None:
        print(optimal_text)
    return 0


def run_interpolate(args: argparse.Namespace) -> int:
    """``fit --interpolate``: the exact minimum-ℓ1 interpolating network, as JSON."""
    from ..exceptions import InvalidInputError
    from ..interpolate import interpolate
    from ..io import read_csv

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
    X, Y, _header = read_csv(args.data, targets=1, max_bytes=args.max_input_bytes)
    if args.no_bias and args.depth > 2:
        raise InvalidInputError(f"--no-bias: deep narrow networks (--depth {args.depth}) have biases; use --depth 2")
    bias = not args.no_bias  # one default at every depth: biases, as interpolate() (--bias is accepted, and implied)
    res = interpolate(X, [r[0] for r in Y], bias=bias, norm=1, activation=args.activation, depth=args.depth,
                      max_columns=max_columns(args))
    report = res.to_json()
    report.update({"depth": args.depth, "activation": args.activation, "bias": bias})
    if emit_json(report, args.json_path):
        return 0
    print(f"minimum ℓ1 norm (exact): {report.get('optimal_value', report.get('value'))}  [depth {args.depth}, {args.activation}, "
          f"{len(res.network.units)} units, certificate {'holds' if res.certificate['holds'] else 'FAILS'}]")
    return 0
