"""``fit --optimal-set [--at POINTS.csv]``: every optimal network of the exact ℓ1 fit (:mod:`exactwedge.optimal`)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_optimal_options", "check_optimal_options", "optimal_report"]


def add_optimal_options(p: argparse.ArgumentParser) -> None:
    """Declare ``--optimal-set``, ``--at`` and ``--max-subsets``.

    >>> p = argparse.ArgumentParser()
    >>> add_optimal_options(p)
    >>> a = p.parse_args(["--optimal-set", "--at", "pts.csv"])
    >>> a.optimal_set, a.at, a.max_subsets
    (True, 'pts.csv', None)
    """
    g = p.add_argument_group("the optimal set (exact ℓ1 fits)",
                             "z need not be unique: every optimal network, its uniqueness, minimum width and ranges")
    g.add_argument("--optimal-set", dest="optimal_set", action="store_true",
                   help="report the whole optimal set: uniqueness with its reason, the optimal face's dimension and "
                        "vertices, each tied neuron's weight range and class, the minimum width (proved), and the "
                        "fit pruned along the face")
    g.add_argument("--at", default=None, metavar="POINTS.csv",
                   help="with --optimal-set: the exact range of f(x) over all optimal networks at these points "
                        "(a CSV of points, no label column)")
    g.add_argument("--max-subsets", dest="max_subsets", type=int, default=None, metavar="N",
                   help="supports examined at most for the vertices and the minimum width by exhaustion (default "
                        "20000; past it the width comes from an exact branch and bound)")


def check_optimal_options(args: argparse.Namespace, *, streamed: bool) -> None:
    """Refuse, before any work, what ``--optimal-set`` does not cover (one line each).

    >>> ns = argparse.Namespace(optimal_set=False, at="p.csv", max_subsets=None, norm=1, loss="squared", targets=1)
    >>> check_optimal_options(ns, streamed=False)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: --at is for --optimal-set
    """
    from ..exceptions import InvalidInputError

    if not args.optimal_set:
        for flag, given in (("--at", args.at), ("--max-subsets", args.max_subsets)):
            if given is not None:
                raise InvalidInputError(f"{flag} is for --optimal-set")
        return
    if args.max_subsets is not None and args.max_subsets < 1:
        raise InvalidInputError(f"--max-subsets must be ≥ 1, got {args.max_subsets}")
    why = ("--interpolate" if getattr(args, "interpolate", False) else
           f"--depth {args.depth}" if getattr(args, "depth", 2) != 2 else
           "--norm 2 (the ℓ2 Lasso is solved in float64)" if args.norm != 1 else
           f"--loss {args.loss}" if args.loss != "squared" else
           f"--targets {args.targets}" if args.targets != 1 else
           "streaming (the optimal set needs the materialized dictionary)" if streamed else None)
    if why:
        raise InvalidInputError(f"--optimal-set is for exact ℓ1 fits with the squared loss and one label column: "
                                f"not with {why}")


def optimal_report(args: argparse.Namespace, res: Any) -> tuple[dict, str, Any]:
    """The optimal set of ``res`` as ``(JSON, text, OptimalSet)``; ``--at`` points read exactly (no label column).

    >>> from exactwedge import fit
    >>> ns = argparse.Namespace(at=None, max_subsets=None, max_input_bytes=None)
    >>> doc, text, _s = optimal_report(ns, fit([[0], [1], [2], [3]], [0, 1, 0, 1], "1/10", bias=True))
    >>> doc["dimension"], text.splitlines()[0]
    (1, 'optimal set of the ℓ1 fit (β = 1/10): not unique, a face of dimension 1')
    """
    from ..io import read_csv
    from ..lp.polytope import DEFAULT_MAX_SUBSETS
    from ..optimal import optimal_set

    at = None
    if args.at is not None:
        at, _Y, _header = read_csv(args.at, labels=False, min_rows=1, max_bytes=args.max_input_bytes)
    s = optimal_set(res, at, max_subsets=args.max_subsets or DEFAULT_MAX_SUBSETS)
    return s.to_json(), s.summary(), s
