"""One module per CLI sub-command; each exposes ``register(subparsers)``."""

from __future__ import annotations

from typing import Any

__all__ = ["register_all"]


def register_all(sub: Any) -> None:
    """Add every sub-command to an argparse sub-parser group."""
    from . import demo, fit, path

    for module in (demo, fit, path):
        module.register(sub)
