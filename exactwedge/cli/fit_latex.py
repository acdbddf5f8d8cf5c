"""``fit``'s LaTeX outputs: ``--latex FILE.tex|FILE.pdf``, ``--latex-form``, ``--latex-dictionary``, ``--latex-fragment``."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_latex_options", "check_latex_options", "write_fit_latex", "write_latex_target"]


def add_latex_options(p: Any) -> None:
    """Declare the LaTeX options on the ``fit`` parser (after ``--latex``).

    >>> import argparse
    >>> p = argparse.ArgumentParser()
    >>> add_latex_options(p)
    >>> a = p.parse_args(["--latex-form", "closed"])
    >>> a.latex_form, a.latex_dictionary, a.latex_fragment
    ('closed', False, None)
    """
    p.add_argument("--latex-form", dest="latex_form", choices=("closed", "values", "both"), default=None,
                   help="how --latex and --latex-fragment write each active neuron: 'closed' (the cross product of "
                        "its named samples x_1…x_n, e_1…e_d), 'values' (exact numbers; long ones rounded, with the "
                        "exact values in an appendix) or 'both' (default)")
    p.add_argument("--latex-dictionary", dest="latex_dictionary", action="store_true",
                   help="with --latex: also list every dictionary column (default: the active neurons only)")
    p.add_argument("--latex-fragment", dest="latex_fragment", default=None, metavar="PATH",
                   help="write the network as one amsmath 'align' (no preamble) to \\input into a paper")


def _is_pdf(path: str) -> bool:
    return str(path).lower().endswith(".pdf")


def check_latex_options(args: argparse.Namespace) -> None:
    """Refuse, before any work, LaTeX options that cannot be honoured (one line each).

    >>> import argparse
    >>> check_latex_options(argparse.Namespace(latex_path=None, latex_fragment=None, latex_form="closed",
    ...                                        latex_dictionary=False, interpolate=False))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: --latex-form is for --latex or --latex-fragment: give one of them
    """
    from ..exceptions import BackendNotInstalledError, InvalidInputError

    path, fragment = getattr(args, "latex_path", None), getattr(args, "latex_fragment", None)
    if getattr(args, "interpolate", False):
        for flag, given in (("--latex", path), ("--latex-fragment", fragment),
                            ("--latex-form", getattr(args, "latex_form", None)),
                            ("--latex-dictionary", getattr(args, "latex_dictionary", False))):
            if given:
                raise InvalidInputError(f"{flag} is not available with --interpolate")
        return
    if fragment:  # the fragment against the data and the other outputs (fit checks --json and --latex itself)
        from ..io import check_output_paths

        check_output_paths({"--json": getattr(args, "json_path", None), "--latex": path,
                            "--certificate": getattr(args, "certificate", None), "--latex-fragment": fragment},
                           {"the data file": getattr(args, "data", None)})
    if getattr(args, "latex_form", None) and not (path or fragment):
        raise InvalidInputError("--latex-form is for --latex or --latex-fragment: give one of them")
    if getattr(args, "latex_dictionary", False) and not path:
        raise InvalidInputError("--latex-dictionary is for --latex: give --latex FILE.tex")
    if path and _is_pdf(path):
        from ..latex import pdflatex_available  # only for a .pdf: a fit does not load the LaTeX package otherwise

        if not pdflatex_available():
            raise BackendNotInstalledError(f"--latex {path}: a .pdf is compiled with pdflatex, which is not "
                                           "installed (apt-get install texlive-latex-base); or give a .tex path "
                                           "for the source")


def write_latex_target(path: str, text: str) -> Any:
    """Write the document: TeX source to a ``.tex`` (or any other) path, the compiled PDF to a ``.pdf`` path.

    >>> import os, tempfile
    >>> from exactwedge.latex import latex_document
    >>> write_latex_target(os.path.join(tempfile.mkdtemp(), "a.tex"), latex_document("hi")).name
    'a.tex'
    """
    from ..latex import compile_pdf, write_latex

    if not _is_pdf(path):
        return write_latex(path, text)
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="exactwedge-tex-") as tmp:
        return compile_pdf(write_latex(os.path.join(tmp, "fit.tex"), text), path)


def write_fit_latex(args: argparse.Namespace, res: Any, optimal: Any = None) -> None:
    r"""Write ``--latex`` (a .tex, or a .pdf compiled with pdflatex) and ``--latex-fragment``.

    A PDF gets its figure only when pgfplots is installed (``texlive-pictures``);
    a ``.tex`` always has it (for 1-D and 2-D data).

    >>> import argparse, os, tempfile
    >>> from exactwedge import fit
    >>> folder = tempfile.mkdtemp()
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> args = argparse.Namespace(latex_path=os.path.join(folder, "n.tex"), latex_form="closed",
    ...                           latex_dictionary=False, latex_fragment=os.path.join(folder, "f.tex"))
    >>> write_fit_latex(args, res)
    >>> from pathlib import Path
    >>> sorted(os.listdir(folder)), r"\begin{align}" in Path(args.latex_fragment).read_text()
    (['f.tex', 'n.tex'], True)
    """
    from ..latex import fit_document, fit_fragment, pgfplots_available, write_latex

    form = getattr(args, "latex_form", None) or "both"
    if getattr(args, "latex_path", None):
        figure: Any = "auto"
        if _is_pdf(args.latex_path) and not pgfplots_available():
            figure = False
        doc = fit_document(res, form=form, figure=figure,
                           dictionary="all" if getattr(args, "latex_dictionary", False) else "none", optimal=optimal)
        write_latex_target(args.latex_path, doc)
    if getattr(args, "latex_fragment", None):
        write_latex(args.latex_fragment, fit_fragment(res, form=form))
