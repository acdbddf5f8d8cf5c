"""Lasso dictionaries: every column a neuron named by its training samples.

See :func:`exactwedge.dictionary.build.dictionary` for the families (THEORY §3).
"""

from .build import dictionary, dictionary_of
from .columns import Dictionary
from .count import DEFAULT_MAX_COLUMNS, check_size, column_count
from .neuron import Neuron

__all__ = ["dictionary", "Dictionary", "Neuron", "column_count", "check_size", "DEFAULT_MAX_COLUMNS", "dictionary_of"]
