r"""Where streamed chunks run: in this process, on threads, or on a Dask cluster.

Every executor has one method, :meth:`map`: apply a top-level function
``fn(task, shared)`` to each task and return the results **in task order**.
``shared`` is a dict of read-only data (the integer data, the residual …)
sent once per call (Dask scatters it to every worker). Because the chunking
is fixed by the caller and each task runs the same numpy code wherever it
runs, the results are identical bit for bit on every executor.

>>> with get_executor("serial") as ex:
...     ex.map(_square_task, [1, 2, 3], {"offset": 10})
[11, 14, 19]
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..exceptions import InvalidInputError
from .executor_base import Executor

__all__ = ["Executor", "SerialExecutor", "ThreadExecutor", "get_executor"]


def _square_task(task: int, shared: dict) -> int:
    return task * task + shared["offset"]


class SerialExecutor(Executor):
    """Run the tasks one after another in this process.

    >>> SerialExecutor().map(_square_task, [4], {"offset": 0})
    [16]
    """

    name = "serial"

    def map(self, fn, tasks, shared=None, progress=None):
        out = []
        for t in tasks:
            out.append(fn(t, shared or {}))
            if progress is not None:
                progress()
        return out


class ThreadExecutor(Executor):
    """Run the tasks on a thread pool (numpy releases the GIL in its kernels).

    >>> with ThreadExecutor(2) as ex:
    ...     ex.map(_square_task, range(4), {"offset": 1})
    [1, 2, 5, 10]
    """

    name = "threads"

    def __init__(self, workers: int | None = None):
        self.workers = int(workers or os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(max_workers=self.workers)

    def map(self, fn, tasks, shared=None, progress=None):
        """Results in task order; at most ``4·workers`` tasks are queued at once (tasks may be lazy)."""
        sh = shared or {}
        it = iter(tasks)
        window: deque = deque()
        out = []
        for t in it:
            window.append(self._pool.submit(fn, t, sh))
            if len(window) >= 4 * self.workers:
                out.append(window.popleft().result())
                if progress is not None:
                    progress()
        while window:
            out.append(window.popleft().result())
            if progress is not None:
                progress()
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def describe(self) -> dict:
        return {"name": self.name, "workers": self.workers}


def get_executor(kind: str | Executor | None = None, **options: Any) -> Executor:
    """An executor by name: ``"serial"``, ``"threads"`` (default), ``"dask"`` or a scheduler address.

    ``"dask"`` starts a local ``dask.distributed`` cluster; any other string
    containing ``":"`` (``tcp://host:8786``) connects to that scheduler.

    >>> get_executor("serial").name, get_executor(None).name
    ('serial', 'threads')
    """
    if isinstance(kind, Executor):
        return kind
    if kind is None or kind == "threads":
        return ThreadExecutor(options.get("workers"))
    if kind == "serial":
        return SerialExecutor()
    if kind == "dask" or (isinstance(kind, str) and ":" in kind):
        from .dask_executor import DaskExecutor

        return DaskExecutor(None if kind == "dask" else kind, **options)
    raise InvalidInputError(f"unknown executor {kind!r}: use 'serial', 'threads', 'dask' or a scheduler address")
