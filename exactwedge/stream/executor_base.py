"""The interface every executor of streamed chunks has (see :mod:`exactwedge.stream.executors`).

>>> ex = Executor()
>>> ex.describe()
{'name': 'base'}
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

__all__ = ["Executor"]


class Executor:
    """Base class: ``map(fn, tasks, shared, progress)`` in task order; a context manager."""

    name = "base"

    def map(self, fn: Callable[[Any, dict], Any], tasks: Sequence[Any], shared: dict | None = None,
            progress: Callable[..., None] | None = None) -> list:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers (a no-op for the in-process executors)."""

    def describe(self) -> dict:
        """JSON-ready description (name, workers)."""
        return {"name": self.name}

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
