"""``exactwedge audit DATA.csv --weights W.npz --beta B``: the exact audit of a trained network.

The weights come from a ``.npz`` (keys W, b, alpha, intercept, or their
aliases; :mod:`exactwedge.trained.weights`), a ``.pt`` state_dict (needs
torch), or three CSV files ``W.csv,b.csv,alpha.csv``. The report
(:func:`exactwedge.trained.audit.audit`) gives the exact objective, the exact
ℓ1 gap to the certified optimum (float bounds for ``--norm 2``), the
hyperplanes the network misses, and the repaired network with its
certificate. Bad input: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from .text import emit_json

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add the ``audit`` sub-command to an argparse sub-parser set.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["audit", "d.csv", "--weights", "w.npz", "--beta", "1/10", "--norm", "2"])
    >>> args.weights, args.beta, args.norm, args.bias, args.repair
    ('w.npz', '1/10', 2, False, True)
    """
    from .fit import int_arg

    p = sub.add_parser("audit", help="exact objective, gap, missing hyperplanes and repair of a trained network")
    p.add_argument("data", help="CSV file: optional header, features, then the label column")
    p.add_argument("--weights", required=True, metavar="FILE",
                   help="the trained weights: W.npz (keys W, b, alpha, intercept), a .pt state_dict (torch), "
                        "or W.csv,b.csv,alpha.csv")
    p.add_argument("--beta", required=True, metavar="B", help="the regularization β (exact number, e.g. 1/10)")
    p.add_argument("--bias", action="store_true", help="neurons with biases and a free intercept (unregularized)")
    p.add_argument("--norm", type=int_arg, choices=(1, 2), default=1,
                   help="1: ℓ1 path regularizer (exact gap); 2: weight decay (float bounds)")
    p.add_argument("--no-repair", dest="repair", action="store_false", help="skip the repair (ℓ1)")
    p.add_argument("--max-input-bytes", default=None, metavar="SIZE", help="largest data file to read (default 256M)")
    p.add_argument("--json", dest="json_path", default=None, metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the audit and print the text report (or the JSON with ``--json -``).

    >>> import tempfile, pathlib, numpy as np, contextlib, io
    >>> from exactwedge.cli.main import main
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "data.csv").write_text("0,0\\n1,0\\n2,1\\n3,2\\n")
    >>> np.savez(d / "w.npz", W=[[1.0]], b=[-1.0], alpha=[1.0])
    >>> out = io.StringIO()
    >>> with contextlib.redirect_stdout(out):
    ...     status = main(["audit", str(d / "data.csv"), "--weights", str(d / "w.npz"), "--beta", "1/10", "--bias"])
    >>> status, "exact gap                 1/400" in out.getvalue()
    (0, True)
    """
    from ..exceptions import InvalidInputError
    from ..io import check_output_paths, read_csv
    from ..problem import check_beta
    from ..trained.audit import audit
    from ..dictionary.cost import parse_bytes

    limit = parse_bytes(args.max_input_bytes) if isinstance(args.max_input_bytes, str) else args.max_input_bytes
    inputs = {"the data file": args.data}
    for k, part in enumerate(str(args.weights).split(",")):
        inputs[f"weights file {k + 1}"] = part
    check_output_paths({"--json": args.json_path}, inputs)
    beta = check_beta(args.beta)
    X, Y, _header = read_csv(args.data, targets=1, max_bytes=limit)
    if not str(args.weights).strip():
        raise InvalidInputError("--weights needs a file")
    res = audit(X, [r[0] for r in Y], args.weights, beta, norm=args.norm, bias=bool(args.bias), repair=args.repair)
    if emit_json(res.to_json(), args.json_path):
        return 0
    print(res.summary())
    return 0
