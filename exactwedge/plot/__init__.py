"""Figures of the geometry and of fitted networks (matplotlib; PNG and SVG).

Importing this package imports no matplotlib: each function imports it when
called, and draws on a fresh :class:`matplotlib.figure.Figure` with the Agg
canvas (no pyplot, no global backend change), or on the ``ax`` you pass.

- :mod:`exactwedge.plot.geometry`: :func:`plot_wedge` (the signed
  parallelogram of ``a ∧ b``), :func:`plot_shoelace` (a triangle's area as three
  signed triangles), :func:`plot_signed_triangles` (triangles of a data set,
  coloured by orientation).
- :mod:`exactwedge.plot.network`: :func:`plot_neuron` (a neuron's half-plane
  and the samples that name it; :func:`plot_neurons`, a grid of them),
  :func:`plot_decision` (a fitted network's
  decision function).
- :mod:`exactwedge.plot.path`: :func:`plot_path` (the exact Lasso path solid,
  float back-ends dashed, breakpoints marked, and their objective gaps) and
  :func:`save_path_figure` (PNG and SVG together).
- :mod:`exactwedge.plot.results`: :func:`figure_of`, the figure behind
  ``FitResult.plot()``, ``Network.plot(X)`` and ``LassoPath.plot()``
  (:func:`plot_lasso_path`: the exact path alone).
- :mod:`exactwedge.plot.optimal`: :func:`plot_optimal_set` (the envelope of all
  optimal networks: a band in 1-D, the spread max − min in 2-D).
- :mod:`exactwedge.plot.explorer`: :func:`explore` (ipywidgets: a β slider and
  editable points; the exact optimal network, its certificate and its figure follow).
- :mod:`exactwedge.plot.reflection`: :func:`plot_reflection` (a point, a
  hyperplane and the exact reflection; 1-D: ``2x_j − x_k``), :func:`reflect`.
- :mod:`exactwedge.plot.formulas`: :func:`plot_hodge` (v, ⋆v, cross(v)) and
  :func:`plot_distance` (a distance to a line as area / base).
- :func:`plot_decision` draws 1-D fits (data, scaled ramps, exact breakpoints
  named by their samples) and 3-D fits (each neuron's plane in the data box) too.
- :mod:`exactwedge.plot.dims`: :func:`plot_deep` (a deep narrow 1-D fit, its
  breakpoints named: samples, reflections 2x_j − x_k, midpoints).
- :func:`save_figure`: PNG and/or SVG, written atomically.

Every function returns its Figure and never calls ``plt.show()``: in Jupyter
the figure, as the last value of a cell, displays itself (it has a
``_repr_png_``; no ``%matplotlib inline`` needed).
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "save_figure": "_common",
    "plot_wedge": "geometry",
    "plot_shoelace": "geometry",
    "plot_signed_triangles": "geometry",
    "plot_neuron": "network",
    "plot_neurons": "network",
    "plot_decision": "network",
    "plot_reflection": "reflection",
    "plot_hodge": "formulas",
    "plot_deep": "dims",
    "plot_distance": "formulas",
    "reflect": "reflection",
    "plot_path": "path",
    "plot_lasso_path": "path",
    "figure_of": "results",
    "plot_optimal_set": "optimal",
    "explore": "explorer",
    "Explorer": "explorer",
    "save_path_figure": "path",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))
