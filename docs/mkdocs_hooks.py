"""mkdocs hook: draw the documentation's figures before each build.

Registered in ``mkdocs.yml`` (``hooks:``). It runs ``docs/gen_figures.py`` into
``docs/figures/``, rewriting only the files whose bytes changed (so
``mkdocs serve`` does not loop). Set ``EXACTWEDGE_DOCS_FIGURES=skip`` to build
with the figures already on disk.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any


def load_generator() -> Any:
    """The ``gen_figures`` module next to this file (docs/ is not a package).

    >>> hasattr(load_generator(), "FIGURES")
    True
    """
    path = Path(__file__).resolve().parent / "gen_figures.py"
    spec = importlib.util.spec_from_file_location("exactwedge_docs_gen_figures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Generate the figures into ``<docs_dir>/figures`` (mkdocs calls this before reading the pages)."""
    if os.environ.get("EXACTWEDGE_DOCS_FIGURES", "").lower() == "skip":
        return
    gen = load_generator()
    gen.generate(Path(config["docs_dir"]) / "figures")
