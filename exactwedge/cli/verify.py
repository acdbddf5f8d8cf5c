"""``exactwedge verify CERT.json``: check an optimality certificate, and ``fit --certificate``'s checks.

``verify`` runs the standalone checker (:mod:`exactwedge.certify.verify_certificate`,
the same code a reviewer runs with ``python3 verify_certificate.py``): VALID
(exit 0), INVALID and the first violated condition (exit 1), or one line and
exit 2 for a file it cannot use. ``--print-checker`` prints the checker's
source, to hand to a reviewer.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run", "check_certificate_request"]


def register(sub: Any) -> None:
    """Add the ``verify`` sub-command.

    >>> sub = argparse.ArgumentParser(prog="exactwedge").add_subparsers()
    >>> register(sub)
    >>> sub.choices["verify"].parse_args(["cert.json"]).certificate
    'cert.json'
    """
    p = sub.add_parser("verify", help="check an optimality certificate written by fit --certificate")
    p.add_argument("certificate", nargs="?", default=None, metavar="CERT.json",
                   help="the certificate (exit 0: VALID, 1: INVALID, 2: not a usable certificate)")
    p.add_argument("--print-checker", action="store_true",
                   help="print the standalone checker verify_certificate.py (standard library only) and exit")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check ``args.certificate``; the exit status (0 VALID, 1 INVALID, 2 unusable).

    >>> import os, tempfile
    >>> from exactwedge import fit
    >>> from exactwedge.certify import write_certificate
    >>> path = os.path.join(tempfile.mkdtemp(), "cert.json")
    >>> _ = write_certificate(fit([0, 1, 2], [0, 0, 1], "1/10", bias=True), path)
    >>> run(argparse.Namespace(certificate=path, print_checker=False))
    problem: n = 3 samples in Q^1, bias, relu, beta = 1/10
    rebuilding the dictionary from the data: 6 candidate columns (3 anchor(s) x 1 subsets x 2 sign(s))
    checked |K_j^T r| <= beta on all 6 columns (0 candidates skipped: dependent subsets, no neuron); max |K_j^T r| = 1/10
    VALID: z (2 active columns) and t = 1/5 solve the Lasso exactly; optimal value 9/100
    0
    """
    from ..certify import CHECKER, verify_certificate
    from ..exceptions import InvalidInputError

    if args.print_checker:
        if args.certificate is not None:
            raise InvalidInputError("--print-checker takes no certificate")
        sys.stdout.write(CHECKER.read_text(encoding="utf-8"))
        return 0
    if args.certificate is None:
        raise InvalidInputError("exactwedge verify needs a certificate: exactwedge verify CERT.json")
    return verify_certificate.run(args.certificate, prog="exactwedge")


def check_certificate_request(args: argparse.Namespace, X: Any = None) -> None:
    """``fit --certificate``: refuse what no exact certificate covers, before any work (and, given the data, its size).

    >>> ns = argparse.Namespace(certificate="c.json", interpolate=False, depth=2, norm=2, loss="squared",
    ...                         targets=1, bias=False, activation="relu", stream=None, certify=None)
    >>> check_certificate_request(ns)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: a certificate needs --norm 1: the ℓ2 columns are surds and the ℓ2 Lasso is solved in float64
    """
    from ..certify import check_certifiable
    from ..exceptions import InvalidInputError

    if str(args.certificate) == "-":
        raise InvalidInputError("--certificate needs a file path (a file to hand to a reviewer), not '-'")
    if args.interpolate:
        raise InvalidInputError("--certificate is for the regularized fit (--beta): --interpolate is an exact LP, "
                                "whose optimality is not a Lasso KKT certificate")
    if args.depth != 2:
        raise InvalidInputError(f"--certificate covers two-layer networks (--depth 2), got --depth {args.depth}")
    if (args.stream or getattr(args, "scheduler", None) or getattr(args, "sample", None)) and args.certify != "exact":
        raise InvalidInputError("--certificate with a streamed solve needs --certify exact (a float solve is no proof)")
    n, d = (len(X), len(X[0])) if X else (1, 1)
    check_certifiable(n, d, bias=bool(args.bias), norm=args.norm, activation=args.activation, loss=args.loss,
                      targets=args.targets)
