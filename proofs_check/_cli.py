"""``python -m proofs_check``: run the checks, print a table, write JSON, exit 1 on any FAIL.

``--data FILE.csv [--beta B] [--bias] [--targets K]`` runs every check that has
a data form on that one data set instead of the seeded families; what does not
apply is a SKIP with its reason. Usage errors and bad data print one line on
stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Sequence

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _positive(text: str) -> int:
    if not (text.strip().isascii() and text.strip().lstrip("+-").isdigit()):  # int() would read '٣'
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    v = int(text)
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {v}")
    return v


def _seed(text: str) -> int:
    t = text.strip()
    if not (t.isascii() and t.isdigit()):  # numpy refuses negative seeds; int() would read '٣'
        raise argparse.ArgumentTypeError(f"a seed is a nonnegative integer (0, 1, 2, ...), got {text!r}")
    return int(t)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m proofs_check``.

    >>> build_parser().parse_args(["-k", "thm 2", "--cases", "3"]).cases
    3
    """
    p = _Parser(prog="python -m proofs_check",
                description="Run the theorems of docs/theory.md as executable, exact checks.")
    p.add_argument("-k", dest="pattern", metavar="PATTERN", default=None,
                   help="only checks whose name, theorem or family contains PATTERN "
                        "(case-insensitive; alternatives separated by ',' or 'or'; 'not X' excludes)")
    p.add_argument("--cases", type=_positive, default=None, metavar="N",
                   help="cases per check (default: each check's own; ×4 with --thorough)")
    p.add_argument("--seed", type=_seed, default=0, metavar="S", help="seed of every case family (default 0)")
    p.add_argument("--thorough", action="store_true", help="more and larger cases, higher dimensions")
    p.add_argument("--json", dest="json_path", metavar="PATH|-", default=None,
                   help="write the JSON report to PATH, or to stdout with '-' (the table then goes to stderr)")
    p.add_argument("--list", action="store_true", help="list the checks and exit")
    p.add_argument("--latex", dest="latex_path", metavar="FILE.tex", default=None,
                   help="also write the report as a standalone LaTeX document (compiled to PDF when pdflatex is present)")
    g = p.add_argument_group("theorems on your own data")
    g.add_argument("--data", metavar="FILE.csv", default=None,
                   help="run every check that applies to this one data set (exact CSV: features, then the label "
                        "column(s)) instead of the seeded families")
    g.add_argument("--beta", default=None, metavar="B", help="--data: β (default β_max/10, computed exactly)")
    g.add_argument("--bias", action="store_true", help="--data: neurons with biases and a free intercept")
    g.add_argument("--targets", type=_positive, default=1, metavar="K",
                   help="--data: the last K columns are labels (default 1; Thm 23 needs K ≥ 2)")
    p.add_argument("--theory-map", dest="theory_map", metavar="FILE.md", nargs="?", const="-", default=None,
                   help="print the theory map (statement, check ids, library functions) and exit; with FILE.md, "
                        "rewrite the table between its theory-map markers instead (docs/theory.md)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 all PASS or SKIP, 1 any FAIL, 2 usage error).

    >>> main(["--list", "-k", "lemma 20"])
    lemma20_lasso_duality              Lemma 20                     hooks: residual
    0
    """
    from ._registry import all_checks, run_check
    from ._report import render_table, report_json

    args = build_parser().parse_args(argv)
    prog = "python -m proofs_check"
    if args.theory_map is not None:
        return _theory_map(args.theory_map, prog)
    data_only = [f for f, on in (("--beta", args.beta is not None), ("--bias", args.bias),
                                 ("--targets", args.targets != 1)) if on]
    if args.data is None and data_only:
        sys.stderr.write(f"{prog}: error: {data_only[0]} is for --data FILE.csv\n")
        return 2
    if args.data is not None and (args.cases is not None or args.thorough):
        sys.stderr.write(f"{prog}: error: --data runs one case, your data: drop --cases/--thorough\n")
        return 2
    checks = all_checks(args.pattern, data=args.data is not None)
    if not checks:
        sys.stderr.write(f"{prog}: error: no check matches -k {args.pattern!r} (see --list)\n")
        return 2
    if args.list:
        for c in checks:
            print(f"{c.name:34s} {c.theorem:28s} hooks: {', '.join(c.hooks)}")
        return 0
    table_out = sys.stderr if args.json_path == "-" else sys.stdout
    if args.json_path not in (None, "-"):
        import os

        folder = os.path.dirname(os.path.abspath(args.json_path))
        if os.path.isdir(args.json_path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            sys.stderr.write(f"{prog}: error: cannot write the JSON report to {args.json_path!r} "
                             "(a directory, or its folder is missing or not writable)\n")
            return 2
    ds = None
    if args.data is not None:
        from exactwedge.exceptions import ExactWedgeError

        from ._data import load_data

        try:
            from exactwedge.io import check_output_paths

            check_output_paths({"--json": args.json_path, "--latex": args.latex_path}, {"the data file": args.data})
            ds = load_data(args.data, beta=args.beta, bias=args.bias, targets=args.targets)
        except ExactWedgeError as e:  # a bad file, cell, β: one line, exit status 2
            sys.stderr.write(f"{prog}: error: {e}\n")
            return 2
    from rich.console import Console
    from rich.progress import Progress

    t0 = time.perf_counter()
    results = []
    try:
        with Progress(console=Console(file=sys.stderr), transient=True) as progress:
            task = progress.add_task("checks", total=len(checks))
            for c in checks:
                progress.update(task, description=c.name)
                results.append(run_check(c, cases=args.cases, seed=args.seed, thorough=args.thorough, data=ds))
                progress.advance(task)
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    seconds = time.perf_counter() - t0
    render_table(results, file=table_out)
    text = report_json(results, seed=args.seed, cases=args.cases, thorough=args.thorough, pattern=args.pattern,
                       seconds=seconds, data=None if ds is None else ds.to_json())
    if ds is not None:
        for r in results:
            if r.status == "PASS":
                vals = {k: _short(v) for k, v in r.details.items() if k not in ("data", "beta", "float")}
                table_out.write(f"{r.check.name}: " + ", ".join(f"{k} = {v}" for k, v in vals.items()) + "\n")
        table_out.write(data_summary(ds, results) + "\n")
    if args.latex_path is not None:
        import json
        import shutil

        from exactwedge.exceptions import ExactWedgeError
        from exactwedge.latex import compile_pdf, proofs_document, write_latex

        try:
            tex = write_latex(args.latex_path, proofs_document(json.loads(text)))
            if shutil.which("pdflatex"):
                compile_pdf(tex)
        except ExactWedgeError as e:
            sys.stderr.write(f"{prog}: error: {e}\n")
            return 2
    if args.json_path is not None:
        if args.json_path == "-":
            sys.stdout.write(text + "\n")
        else:
            from exactwedge.exceptions import ExactWedgeError
            from exactwedge.io import atomic_write_text

            try:
                atomic_write_text(args.json_path, text + "\n")
            except ExactWedgeError as e:  # OutputFileError: one line, exit status 2
                sys.stderr.write(f"{prog}: error: {e}\n")
                return 2
    return 0 if all(r.status in ("PASS", "SKIP") for r in results) else 1  # a SKIP (library missing) is no FAIL


def _short(v):
    """A long exact fraction as ``≈ decimal`` for the terminal (the JSON keeps it exact).

    >>> _short("1/3"), _short("1" * 30 + "/7")
    ('1/3', '≈1.587301587e+28 (exact in --json)')
    """
    if isinstance(v, str) and len(v) > 24 and v.count("/") == 1 and v.replace("/", "").lstrip("-").isdigit():
        from fractions import Fraction

        return f"≈{float(Fraction(v)):.10g} (exact in --json)"
    return v


def data_summary(ds, results) -> str:
    """The one-line summary of a ``--data`` run.

    >>> from proofs_check import run_check
    >>> from proofs_check._data import as_dataset
    >>> ds = as_dataset({"X": [[0], [1], [3]], "y": [1, 2, 0], "bias": True, "source": "d.csv"})
    >>> data_summary(ds, [run_check(n, data=ds) for n in ("thm1_one_dimensional", "thm23_vector_output")])
    'd.csv: n = 3 samples in R^1, bias, K = 1, β = 1/5 (β_max/10, β_max = 2 computed exactly): 1 PASS, 1 N/A, 0 SKIP, 0 FAIL'
    """
    na = sum(r.status == "SKIP" and bool(r.details.get("not_applicable")) for r in results)
    skip = sum(r.status == "SKIP" for r in results) - na
    ok = sum(r.status == "PASS" for r in results)
    return (f"{ds.source}: {ds.describe()}: {ok} PASS, {na} N/A, {skip} SKIP, "
            f"{len(results) - ok - na - skip} FAIL")


def _theory_map(target: str, prog: str) -> int:
    """``--theory-map``: print the table (``-``) or rewrite the marked block of a Markdown file.

    >>> _theory_map("-", "prog")  # doctest: +ELLIPSIS
    | statement | proofs_check id(s) | library |
    ...
    0
    """
    from ._theory_map import render_table, update_file

    if target == "-":
        sys.stdout.write(render_table())
        return 0
    try:
        changed = update_file(target)
    except (OSError, ValueError) as e:
        sys.stderr.write(f"{prog}: error: {e}\n")
        return 2
    print(f"{target}: theory map {'updated' if changed else 'already up to date'}")
    return 0
