r"""LaTeX of exact objects and of whole fits, in SymPy's printing protocol.

Math (for display or inline math; needs ``amsmath``):
:func:`latex_number`, :func:`blade_latex`, :func:`vector_latex`,
:func:`neuron_latex` (closed form and exact value), :func:`hyperplane_latex`
(a signed distance to the span or affine hull of the neuron's samples),
:func:`network_latex` (``f(x) = …``).

Blocks (text mode; ``longtable``, ``amssymb``): :func:`data_latex`,
:func:`dictionary_latex` (with provenance), :func:`certificate_latex`,
:func:`proofs_report_latex`.

Documents: :func:`fit_document`, :func:`proofs_document`,
:func:`latex_document`, written with :func:`write_latex` (atomically) and
compiled with :func:`compile_pdf` (pdflatex from ``texlive-latex-base``).

The exact classes print through ``sympy.latex`` with their ``_latex``
methods; no printer is patched:

>>> import sympy
>>> from exactwedge import dictionary
>>> print(sympy.latex(dictionary([[1, 2], [3, 1]]).neuron(0)))
w = -\frac{\star x_{0}}{\lVert \star x_{0} \rVert_{1}} = \begin{pmatrix}\frac{2}{3}\\- \frac{1}{3}\end{pmatrix}
"""

from ._text import latex_escape
from .document import PREAMBLE, compile_pdf, fit_document, latex_document, pdflatex_available, write_latex
from .objects import blade_latex, hyperplane_latex, latex_number, network_latex, neuron_latex, vector_latex
from .proofs import proofs_document, proofs_report_latex
from .tables import certificate_latex, data_latex, dictionary_latex

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
    "proofs_report_latex",
    "proofs_document",
    "fit_document",
    "latex_document",
    "write_latex",
    "compile_pdf",
    "pdflatex_available",
    "PREAMBLE",
]
