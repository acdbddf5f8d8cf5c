r"""Lasso dictionaries: every column a neuron named by its training samples (THEORY §3).

For data :math:`X` (rows :math:`x_i`, with a bias the shifted rows
:math:`x_k - x_a` about an anchor :math:`x_a`), a column is the feature vector
:math:`\sigma(Xw + b\mathbf 1)` of the neuron

.. math:: w = \pm\frac{\operatorname{cross}(a_J)}{\lVert\operatorname{cross}(a_J)\rVert_p},
          \qquad b = -w\cdot x_a\ \text{(with bias)},

one per independent subset :math:`J` of d−1 samples (and basis vectors, for
ℓ1), each sign, each anchor. The theorems say the Lasso over these finitely
many columns equals training the two-layer network:

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert_2^2 + \beta\lVert z\rVert_1 = P_{NN}.

:func:`dictionary` builds it exactly (:mod:`.build`: numerators, integer scales
and provenance), :class:`Dictionary` holds it (:mod:`.columns`), :class:`Neuron`
names a column and writes its LaTeX (:mod:`.neuron`), :func:`column_count`
counts before building (:mod:`.count`), and :mod:`.export` is the one way out
to float64.

>>> D = dictionary([0, 1, 3], bias=True)
>>> len(D), D.neuron(0).label()
(4, '(x - x0)')
"""

from .build import dictionary, dictionary_of
from .columns import Dictionary
from .count import DEFAULT_MAX_COLUMNS, check_size, column_count
from .neuron import Neuron

__all__ = ["dictionary", "Dictionary", "Neuron", "column_count", "check_size", "DEFAULT_MAX_COLUMNS", "dictionary_of"]
