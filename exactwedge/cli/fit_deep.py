"""``exactwedge fit DATA.csv --depth 3|4 --beta B --bias``: the optimal deep narrow network of 1-D data.

The library does the work (:func:`exactwedge.deep.fit.fit_deep`); this module
checks the options, reads the data and writes the JSON and the text report.
"""

from __future__ import annotations

import argparse
import sys

from .text import emit_json

__all__ = ["check_deep_options", "run_deep"]


def check_deep_options(args: argparse.Namespace, streamed: list) -> None:
    """Refuse, before reading the data, what the deep β > 0 fit does not do (one line each).

    ``streamed``: the streaming flags given (``cli.fit.stream_flags``).

    >>> ns = argparse.Namespace(depth=3, beta="1", bias=False, norm=1, loss="squared", targets=1,
    ...                         latex_path=None, latex_fragment=None, stream=None, seed=None)
    >>> check_deep_options(ns, [])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: --depth 3 fits deep narrow networks with biases and a free intercept: add --bias
    """
    from ..exceptions import InvalidInputError

    flag = f"--depth {args.depth}"
    if not args.bias:
        raise InvalidInputError(f"{flag} fits deep narrow networks with biases and a free intercept: add --bias")
    if args.norm != 1:
        raise InvalidInputError(f"{flag} is the exact ℓ1 (path norm) Lasso: --norm {args.norm} is not available")
    if args.loss != "squared":
        raise InvalidInputError(f"{flag} fits the squared loss only, got --loss {args.loss}")
    if args.targets != 1:
        raise InvalidInputError(f"{flag} takes one label column, got --targets {args.targets}")
    for given, name in ((getattr(args, "latex_path", None), "--latex"),
                        (getattr(args, "latex_fragment", None), "--latex-fragment")):
        if given:
            raise InvalidInputError(f"{name} is not available with {flag} (two-layer networks only)")
    streamed = list(streamed) or (["--no-stream"] if getattr(args, "stream", None) is False else []) \
        or (["--seed"] if getattr(args, "seed", None) is not None else [])
    if streamed:
        raise InvalidInputError(f"{streamed[0]} is not available with {flag} (an exact Lasso on the materialized "
                                "deep dictionary)")


def run_deep(args: argparse.Namespace, *, max_columns: int | None, streamed: list) -> int:
    """``fit --depth 3|4 --beta B --bias``: the exact deep narrow Lasso; JSON with ``--json``, else a summary.

    ``max_columns`` and ``streamed`` are resolved by ``cli.fit`` (``--max-columns``, the streaming flags).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with open(os.path.join(d, "x.csv"), "w") as f:
    ...     _ = f.write("x,y\\n0,0\\n1,1\\n2,0\\n")
    >>> ns = argparse.Namespace(data=os.path.join(d, "x.csv"), depth=3, beta="1/10", bias=True, norm=1,
    ...     loss="squared", targets=1, latex_path=None, latex_fragment=None, stream=None, seed=None,
    ...     activation="abs", max_input_bytes=None, json_path=None)
    >>> run_deep(ns, max_columns=1000, streamed=[])
    optimal value (exact): 37/400  [depth 3, abs, β = 1/10, 1 chain, certificate holds, P_NN = P_Lasso]
      intercept 9/10
      -17/20 · abs(1*abs(1*x + 0) + -1)   breakpoints 2x0 - x1 = -1, x0 = 0, x1 = 1
    0
    """
    from ..deep.fit import fit_deep
    from ..io import read_csv
    from ..problem import check_beta

    check_deep_options(args, streamed)
    if args.beta is None:  # a usage error, as argparse reports one: one line, exit status 2
        sys.stderr.write("exactwedge fit: error: the following arguments are required: --beta (or use --interpolate)\n")
        raise SystemExit(2)
    beta = check_beta(args.beta)
    X, Y, _header = read_csv(args.data, targets=1, max_bytes=args.max_input_bytes)
    res = fit_deep(X, [r[0] for r in Y], beta, depth=args.depth, activation=args.activation,
                   max_columns=max_columns)
    report = res.to_json()
    if emit_json(report, args.json_path):
        return 0
    key = "optimal_value" if "optimal_value" in report else "value"
    print(f"{key.replace('_', ' ')} (exact): {report[key]}  [depth {args.depth}, {args.activation}, β = {report['beta']}, "
          f"{len(res.network.units)} chain{'' if len(res.network.units) == 1 else 's'}, certificate {'holds' if res.certificate.holds else 'FAILS'}, "
          f"P_NN {'=' if res.p_nn == res.value else '≠'} P_Lasso]")
    print(f"  intercept {report['intercept']}")
    for item in report["neurons"]:
        print(f"  {item['alpha']} · {item['formula']}   {item['label']}")
    return 0
