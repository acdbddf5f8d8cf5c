r"""LaTeX documents: whole fits, dictionaries, certificates and proof reports.

Each exact object writes its own math beside its class, through SymPy's
printing protocol (``_latex``): numbers in :mod:`exactwedge.numbers.latex`,
blades and vectors in :mod:`exactwedge.ga.latex`, neurons and hyperplanes in
:mod:`exactwedge.dictionary.neuron`, networks in :mod:`exactwedge.network`.
This package re-exports those functions (:func:`latex_number`,
:func:`blade_latex`, :func:`vector_latex`, :func:`neuron_latex`,
:func:`hyperplane_latex`, :func:`network_latex`) and builds documents on them.

Blocks (text mode; ``longtable``, ``amssymb``): :func:`data_latex`,
:func:`dictionary_latex` (with provenance), :func:`certificate_latex`,
:func:`exact_values_latex`, :func:`proofs_report_latex`; a fit's picture,
:func:`fit_figure` (pgfplots).

Long numbers: :func:`rounding_printer` shows a number longer than a set width
as a rounded decimal, :math:`{\approx}0.123457_{\langle k\rangle}`, and keeps
its exact value for the appendix (:func:`exact_values_latex`).

Documents: :func:`fit_document` (forms ``closed``, ``values``, ``both``),
:func:`fit_fragment` (an ``align`` to ``\input`` into a paper),
:func:`proofs_document`, :func:`latex_document`, written with
:func:`write_latex` (atomically) and compiled with :func:`compile_pdf`
(pdflatex from ``texlive-latex-base``; ``texlive-pictures`` for a figure).

The exact classes print through ``sympy.latex`` with their ``_latex``
methods; no printer is patched:

>>> import sympy
>>> from exactwedge import dictionary
>>> print(sympy.latex(dictionary([[1, 2], [3, 1]]).neuron(0)))
w = -\frac{\star x_{1}}{\lVert \star x_{1} \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
"""

from ._text import latex_escape
from .document import PREAMBLE, compile_pdf, latex_document, pdflatex_available, pgfplots_available, write_latex
from ..dictionary.neuron import hyperplane_latex, neuron_latex
from ..ga.latex import blade_latex, vector_latex
from ..network import network_latex
from ..numbers.latex import latex_number
from .figure import fit_figure
from .fragment import fit_fragment
from .network_doc import fit_document
from .proofs import proofs_document, proofs_report_latex
from .rounding import rounding_printer
from .tables import certificate_latex, data_latex, dictionary_latex, exact_values_latex

__all__ = [
    "latex_escape",
    "latex_number",
    "blade_latex",
    "vector_latex",
    "neuron_latex",
    "hyperplane_latex",
    "network_latex",
    "data_latex",
    "dictionary_latex",
    "certificate_latex",
    "exact_values_latex",
    "rounding_printer",
    "fit_figure",
    "fit_fragment",
    "proofs_report_latex",
    "proofs_document",
    "fit_document",
    "latex_document",
    "write_latex",
    "compile_pdf",
    "pdflatex_available",
    "pgfplots_available",
    "PREAMBLE",
]
