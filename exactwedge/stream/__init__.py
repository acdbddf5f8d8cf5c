"""Dictionaries too large to hold: streamed columns, a working-set Lasso, exact certification at scale.

The pipeline is the materialized one (data → blades → dictionary → Lasso →
network), with the dictionary never built: its columns are generated in
chunks from the subset enumeration, priced against the residual, and only
the columns that matter are kept. The chunks can run on threads or on a
``dask.distributed`` cluster (:mod:`exactwedge.stream.executors`).

* :mod:`~exactwedge.stream.columns`: :class:`ColumnStream`, the column chunks and their provenance;
* :mod:`~exactwedge.stream.pricing`: correlations of every column with a residual;
* :mod:`~exactwedge.stream.working_set`: :func:`solve_stream`, the float working-set Lasso with a streamed duality gap;
* :mod:`~exactwedge.stream.restricted`: the Lasso on the working set (float active set, then celer or scikit-learn);
* :mod:`~exactwedge.stream.certify`: :func:`certify_stream`, the exact optimum certified on every column;
* :mod:`~exactwedge.stream.kkt_check`: the exact KKT bound on every column (float filter, integer limbs);
* :mod:`~exactwedge.stream.fit`: :func:`fit_stream` and :func:`path_stream`, ``fit`` and ``path`` at scale;
* :mod:`~exactwedge.stream.sampling`: sampled working sets and their measured gap.

The names below are imported on first use, so ``import exactwedge.stream`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ColumnStream": "columns", "StreamedDictionary": "columns",
    "solve_stream": "working_set", "StreamSolution": "working_set",
    "certify_stream": "certify", "ExactStreamResult": "certify", "StreamCertificate": "certify",
    "fit_stream": "fit", "path_stream": "fit",
    "solve_sampled": "sampling", "sample_columns": "sampling",
    "get_executor": "executors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))
