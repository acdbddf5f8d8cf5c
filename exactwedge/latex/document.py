r"""Standalone LaTeX documents, written atomically and compiled with pdflatex.

The documents use only what the Debian package ``texlive-latex-base``
provides (``amsmath``, ``amssymb``, ``geometry``, ``longtable``, ``array``),
so ``apt-get install texlive-latex-base`` is all a machine needs to compile
them; a fit's figure adds ``pgfplots`` (``texlive-pictures``, which
``scripts/bootstrap.sh`` installs too).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..exceptions import BackendNotInstalledError, InvalidInputError, LatexError
from ._text import latex_escape
from .rounding import ROUND_MACRO

__all__ = ["PREAMBLE", "latex_document", "write_latex", "pdflatex_available", "compile_pdf", "pgfplots_available"]

#: The preamble of every generated document (all of it from texlive-latex-base).
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\usepackage{longtable,array}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6ex}
\setlength{\LTpre}{0.5ex}
\setlength{\LTpost}{0.5ex}
\renewcommand{\arraystretch}{1.3}
% \ewneed{h}: a page break here unless h of space is left (a heading stays with what follows it)
\newcommand{\ewneed}[1]{\par\penalty-100\begingroup\dimen0=#1\relax\dimen2=\pagegoal
  \advance\dimen2 by -\pagetotal\ifdim\dimen0>\dimen2\ifdim\dimen2>0pt\vfil\fi\break\fi\endgroup}
""" + ROUND_MACRO + "\n"

#: What a document with a figure adds to the preamble (Debian: ``texlive-pictures``).
FIGURE_PREAMBLE = "\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"


def latex_document(body: str, *, title: str | None = None, subtitle: str | None = None, figure: bool = False) -> str:
    r"""A complete document around a body (the :data:`PREAMBLE`, a title, ``\end{document}``).

    Parameters
    ----------
    body : str
        LaTeX for the document's body.
    title, subtitle : str, optional
        Plain text (escaped with :func:`~exactwedge.latex.latex_escape`).
    figure : bool
        Load ``pgfplots`` (TikZ) for a figure: Debian's ``texlive-pictures``.

    Returns
    -------
    str

    Examples
    --------
    >>> doc = latex_document(r"\[ x^2 \]", title="A & B")
    >>> doc.startswith(r"\documentclass"), r"{\Large\bfseries A \& B}" in doc, doc.endswith("\\end{document}\n")
    (True, True, True)
    """
    head = ""
    if title:
        head += r"{\Large\bfseries " + latex_escape(title) + "}\\par\n"
    if subtitle:
        head += r"{\small " + latex_escape(subtitle) + "}\\par\n"
    if head:
        head += "\\medskip\n"
    return PREAMBLE + (FIGURE_PREAMBLE if figure else "") + "\\begin{document}\n" + head + body.rstrip("\n") + "\n\\end{document}\n"


def write_latex(path: str | os.PathLike, text: str) -> Path:
    r"""Write a document as every output is written (:func:`exactwedge.io.atomic_write_text`):
    a file atomically, a symlink through to its target, a device or FIFO straight into.

    Parameters
    ----------
    path : path-like
    text : str

    Returns
    -------
    Path

    Raises
    ------
    OutputFileError
        When the file cannot be written (one line from the CLI); also a
        ``DataFileError`` and an ``OSError``.

    Examples
    --------
    >>> import tempfile, os
    >>> path = write_latex(os.path.join(tempfile.mkdtemp(), "a.tex"), latex_document("hi"))
    >>> path.name, path.read_text().count("\\begin{document}")
    ('a.tex', 1)
    """
    from ..io import atomic_write_text

    atomic_write_text(path, text)
    return Path(path)


def pdflatex_available() -> bool:
    """Whether ``pdflatex`` is on the PATH (Debian: ``texlive-latex-base``).

    >>> isinstance(pdflatex_available(), bool)
    True
    """
    return shutil.which("pdflatex") is not None


def pgfplots_available() -> bool:
    """Whether TeX finds ``pgfplots.sty`` (Debian: ``texlive-pictures``), for the figure of a fit.

    >>> isinstance(pgfplots_available(), bool)
    True
    """
    exe = shutil.which("kpsewhich")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "pgfplots.sty"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and bool(out.stdout.strip())


def _first_error(log: str) -> str:
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            return " ".join(s.strip() for s in lines[i:i + 3])
    return "see the log"


_RERUN = re.compile(r"Rerun to get|Table widths have changed|Label\(s\) may have changed")


def compile_pdf(tex_path: str | os.PathLike, pdf_path: str | os.PathLike | None = None, *,
                timeout: float = 120.0) -> Path:
    r"""Compile a ``.tex`` file with pdflatex; the PDF is written atomically.

    pdflatex runs in a temporary folder (``-interaction=nonstopmode
    -halt-on-error -no-shell-escape``), again while it asks for a rerun (at most
    three times), and only the PDF comes back.

    Parameters
    ----------
    tex_path : path-like
    pdf_path : path-like, optional
        Default: next to the ``.tex``, with the suffix ``.pdf``.
    timeout : float
        Seconds per pdflatex run.

    Returns
    -------
    Path
        The PDF.

    Raises
    ------
    BackendNotInstalledError
        pdflatex is not installed.
    LatexError
        pdflatex failed (the message quotes its first error) or timed out.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> tex = write_latex(os.path.join(folder, "x.tex"), latex_document(r"\[ \frac{3}{7} \]"))
    >>> if pdflatex_available():
    ...     pdf = compile_pdf(tex)
    ...     ok = pdf.read_bytes().startswith(b"%PDF")
    ... else:
    ...     ok = True
    >>> ok
    True
    """
    exe = shutil.which("pdflatex")
    if exe is None:
        raise BackendNotInstalledError(
            "pdflatex is not installed: install the Debian package texlive-latex-base "
            "(scripts/bootstrap.sh does, from scripts/apt-packages.txt)")
    src = Path(tex_path)
    try:
        text = src.read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidInputError(f"{src}: cannot read: {e}") from None
    out = Path(pdf_path) if pdf_path is not None else src.with_suffix(".pdf")
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    with tempfile.TemporaryDirectory(prefix="exactwedge-latex-") as tmp:
        work = Path(tmp)
        (work / "doc.tex").write_text(text, encoding="utf-8")
        for _ in range(3):
            try:
                proc = subprocess.run(
                    [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
                    cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    timeout=timeout, env=env)
            except subprocess.TimeoutExpired:
                raise LatexError(f"pdflatex took more than {timeout:g} s on {src}") from None
            log_path = work / "doc.log"
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if proc.returncode != 0 or not (work / "doc.pdf").exists():
                raise LatexError(f"pdflatex failed on {src}: {_first_error(log or proc.stdout.decode(errors='replace'))}")
            if not _RERUN.search(log):
                break
        from ..io import atomic_write_bytes

        atomic_write_bytes(out, (work / "doc.pdf").read_bytes())
    return out
