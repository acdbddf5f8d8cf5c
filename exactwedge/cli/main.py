"""The ``exactwedge`` command line.

Every :class:`~exactwedge.exceptions.ExactWedgeError` (and every usage error)
becomes one line on stderr and exit status 2, with no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from ..exceptions import ExactWedgeError

__all__ = ["main", "build_parser", "console"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    from .. import __version__
    from . import audit, demo, fit, path, verify

    parser = _Parser(prog="exactwedge", description="Exact geometric algebra of ReLU networks.")
    parser.add_argument("--version", action="version", version=f"exactwedge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in (demo, fit, path, verify, audit):  # one module per sub-command, each with register(sub)
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    # Inputs are bounded by numbers.policy.MAX_DIGITS, so CPython's 4,300-digit
    # str()/int() guard only stands between an exact result and its printing.
    guard = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    try:
        if guard:
            sys.set_int_max_str_digits(0)
        return int(args.run(args) or 0)
    except ExactWedgeError as e:
        from .text import printable  # file names in the message: no escape sequences, one line

        sys.stderr.write(f"exactwedge: error: {printable(e)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("exactwedge: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if guard:
            sys.set_int_max_str_digits(guard)


def console() -> None:
    """The ``exactwedge`` console script and ``python -m exactwedge``: :func:`main`, then exit at once.

    Once :func:`main` has returned, every output is written and closed (files
    atomically, executors and Dask clusters shut by their ``with`` blocks), so
    the process flushes its standard streams and ends with :func:`os._exit`,
    skipping the interpreter's teardown of every object and module (about
    30 ms after a fit at n = 120, 4 % of the command). An exception from
    :func:`main` (a bug) takes the ordinary way out, with its traceback.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left: what was written stays written
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    console()
