"""``exactwedge fit DATA.csv --norm 2 --global --beta B``: the weight-decay optimum of a small problem.

The logic is :func:`exactwedge.reference.l2_optimum.global_l2`; this module checks
the options, reads the data and prints or writes the report.
"""

from __future__ import annotations

import argparse

from .text import emit_json

__all__ = ["check_global_options", "run_global", "render_global"]


def check_global_options(args: argparse.Namespace) -> None:
    """Refuse what ``--global`` does not cover (one line each, before reading the data).

    >>> ns = argparse.Namespace(norm=1, interpolate=False, activation="relu", targets=1, loss="squared",
    ...                         latex_path=None, depth=2, stream=None, scheduler=None, sample=None, certify=None,
    ...                         chunk_size=None, workers=None)
    >>> check_global_options(ns)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: --global is the weight-decay (ℓ2) optimum: give --norm 2 (the --norm 1 Lasso is exact already)
    """
    from ..exceptions import InvalidInputError

    streamed = args.stream is not None or any(getattr(args, k, None) is not None
                                              for k in ("scheduler", "sample", "certify", "chunk_size", "workers"))
    if args.norm != 2:
        raise InvalidInputError("--global is the weight-decay (ℓ2) optimum: give --norm 2 "
                                "(the --norm 1 Lasso is exact already)")
    refused = [(args.interpolate, "--interpolate"), (args.activation != "relu", f"--activation {args.activation}"),
               (args.targets != 1, f"--targets {args.targets}"), (args.loss != "squared", f"--loss {args.loss}"),
               (args.latex_path is not None, "--latex"), (getattr(args, "latex_fragment", None) is not None,
                                                           "--latex-fragment"),
               (getattr(args, "latex_form", None) is not None, "--latex-form"),
               (getattr(args, "latex_dictionary", False), "--latex-dictionary"),
               (getattr(args, "certificate", None) is not None, "--certificate"),
               (getattr(args, "optimal_set", False), "--optimal-set"),
               (args.depth != 2, f"--depth {args.depth}"), (streamed, "the streaming options")]
    for bad, what in refused:
        if bad:
            raise InvalidInputError(f"{what}: not available with --global (the arrangement program of a two-layer "
                                    "ReLU network, squared loss, one label column)")


def render_global(doc: dict, console) -> None:
    """Print the report (rich): P_NN with its gap, the ℓ2 Lasso, the bound and the measured share.

    >>> import io
    >>> from rich.console import Console
    >>> from exactwedge.reference import global_l2
    >>> buf = io.StringIO()
    >>> render_global(global_l2([[0], [1], [2]], [0, 1, 0], 1, bias=True).to_json(), Console(file=buf, width=200))
    >>> print(buf.getvalue().splitlines()[-1])
    measured: P_Lasso − P_NN is — (the bound allows no gap)
    """
    gap = doc["duality_gap"]
    console.print(f"[bold]weight-decay optimum P_NN[/bold] (float solve of the arrangement program, "
                  f"{doc['n_patterns']:,} patterns): {doc['global_value_float']:.10g}  (duality gap {gap:.2e}, "
                  f"relative {doc['duality_gap_relative']:.1e}: network value − scaled-residual dual value)")
    console.print(f"ℓ2 Lasso value (float solve; an upper bound on P_NN): {doc['lasso_l2_value_float']:.10g}"
                  f"  ratio to P_NN {_fmt(doc['ratio_lasso_to_global'])}")
    if doc["r"] is None:
        console.print(doc["bound_note"], markup=False)
        return
    console.print(f"{doc['theorem']} bound P_NN + (1/r − 1) R_NN = {doc['thm7_bound_float']:.10g}  "
                  f"(r = {doc['r']:.6g}, D² = {doc['D_squared']}, R_NN = {doc['regularization_float']:.6g}; "
                  f"ratio to P_NN {_fmt(doc['ratio_bound_to_global'])})")
    share = doc["gap_share_of_bound"]
    console.print("measured: P_Lasso − P_NN is " + ("— (the bound allows no gap)" if share is None
                                                   else f"{share:.3g} of the bound's allowance (1/r − 1) R_NN"))


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.6g}"


def run_global(args: argparse.Namespace) -> int:
    """Run ``fit --global``; exit status 0 (errors are raised as ExactWedgeError: one line, status 2).

    >>> import os, tempfile
    >>> from exactwedge.cli.main import build_parser
    >>> path = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> from exactwedge.io import atomic_write_text
    >>> atomic_write_text(path, "0,0\\n1,1\\n2,0\\n")
    >>> args = build_parser().parse_args(["fit", path, "--norm", "2", "--global", "--beta", "1", "--bias",
    ...                                   "--max-patterns", "2"])
    >>> run_global(args)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: the arrangement has 5 activation patterns (general-position estimate 6), more than max_patterns=2: the global ℓ2 program is for small problems (CLI: --max-patterns N to raise the limit)
    """
    from rich.console import Console

    from ..io import read_csv
    from ..problem import check_beta
    from ..reference.l2_optimum import DEFAULT_MAX_GLOBAL_PATTERNS, global_l2
    from ..exceptions import InvalidInputError

    check_global_options(args)
    if args.beta is None:
        raise InvalidInputError("--global needs --beta B (the weight-decay optimum at that β)")
    limit = DEFAULT_MAX_GLOBAL_PATTERNS if args.max_patterns is None else args.max_patterns
    if limit < 1:
        raise InvalidInputError(f"--max-patterns must be ≥ 1, got {limit}")
    beta = check_beta(args.beta)
    X, Y, _header = read_csv(args.data, targets=1, max_bytes=args.max_input_bytes)
    res = global_l2(X, [r[0] for r in Y], beta, bias=bool(args.bias), max_patterns=limit)
    doc = res.to_json()
    if emit_json(doc, args.json_path):
        return 0
    render_global(doc, Console(soft_wrap=True))
    return 0
