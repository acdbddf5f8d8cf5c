r"""Run streamed chunks on a ``dask.distributed`` cluster: a local one, or a scheduler's address.

:class:`DaskExecutor` has the :class:`~exactwedge.stream.executors.Executor`
interface: ``map(fn, tasks, shared, progress)`` applies a top-level function
``fn(task, shared)`` to every task on the cluster's workers and returns the
results **in task order**. ``shared`` (the read-only data every task needs)
is scattered to every worker once per call, not shipped with each task.
Each task runs the same numpy code as in this process, so the results are
bit-for-bit those of :class:`~exactwedge.stream.executors.SerialExecutor`.

Dask is optional (``pip install 'exactwedge[dask]'``) and imported only when
an executor is made, never by ``import exactwedge``:

>>> DaskExecutor.name
'dask'

A local cluster of two worker processes on the loopback interface (what
``--scheduler local`` starts)::

    with DaskExecutor(n_workers=2) as ex:
        ex.map(fn, tasks, {"X": X})
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

from ..exceptions import BackendNotInstalledError, InvalidInputError
from .executor_base import Executor

__all__ = ["DaskExecutor", "DEFAULT_CONNECT_TIMEOUT"]

#: Seconds to wait for a remote scheduler before giving up with a one-line error.
DEFAULT_CONNECT_TIMEOUT = 10.0

#: Tasks submitted to the scheduler at a time.
_BATCH = 10_000

_INSTALL = "dask is not installed: pip install 'exactwedge[dask]' (or pip install 'dask[distributed]')"


#: The malloc settings of the workers of a local cluster (pre-spawn: glibc reads them at start).
_WORKER_MALLOC = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 1 << 26,
                  "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 1 << 25}


def _distributed() -> Any:
    """The ``distributed`` module, or :class:`BackendNotInstalledError` naming the extra."""
    try:
        import distributed
    except ImportError as e:
        raise BackendNotInstalledError(_INSTALL) from e
    return distributed


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _bounded(fn: Callable[[], Any], seconds: float) -> Any:
    """``fn()`` in a daemon thread, or :class:`TimeoutError` after ``seconds`` (the thread is left behind)."""
    import threading

    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the caller
            box["error"] = e

    t = threading.Thread(target=target, name="exactwedge-dask-connect", daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _probe(distributed: Any, address: str, timeout: float) -> None:
    """Fail fast, in one line, unless ``address`` answers a Dask handshake within ``timeout`` seconds.

    A plain TCP connect first (a refused connection fails at once, where Dask
    retries until its timeout), then Dask's handshake under a hard deadline
    (Dask waits for the peer's handshake without one).
    """
    import asyncio
    import socket

    where = f"the Dask scheduler at {address!r}"
    try:
        host, port = distributed.comm.get_address_host_port(address)
    except Exception as e:
        raise InvalidInputError(f"could not connect to {where}: not a scheduler address "
                                f"(tcp://host:8786): {_one_line(e)}") from None
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as e:
        raise InvalidInputError(f"could not connect to {where}: {_one_line(e)}") from None

    async def handshake() -> None:
        comm = await asyncio.wait_for(distributed.comm.connect(address, timeout=timeout), timeout)
        await comm.close()

    try:
        _bounded(lambda: asyncio.run(handshake()), timeout + 1.0)
    except (TimeoutError, asyncio.TimeoutError):
        raise InvalidInputError(f"{where} accepted the connection but did not answer a Dask handshake "
                                f"within {timeout:g} s (is it a Dask scheduler?)") from None
    except Exception as e:
        raise InvalidInputError(f"{where} did not answer as a Dask scheduler: {_one_line(e)}") from None


#: Attempts at the client handshake (see :func:`_connect`).
_HANDSHAKE_ATTEMPTS = 3


def _connect(distributed: Any, address: str, timeout: float) -> Any:
    """A ``distributed.Client`` on ``address``, retrying a handshake that a busy scheduler garbles.

    The scheduler's first reply to a new client ("stream-start") goes through
    a batched stream that every client's broadcasts share; when another
    client's message (a cancellation, say) lands in the same 2 ms batch,
    ``distributed`` fails the handshake with a bare ``AssertionError``. That
    race is retried (a fresh client, up to ``_HANDSHAKE_ATTEMPTS`` times);
    a timeout or any other error is not.
    """
    for attempt in range(_HANDSHAKE_ATTEMPTS):
        try:
            return _bounded(lambda: distributed.Client(address, set_as_default=False, timeout=f"{timeout}s"),
                            timeout + 2.0)
        except AssertionError:
            if attempt + 1 == _HANDSHAKE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


class DaskExecutor(Executor):
    """Run ``fn(task, shared)`` on a ``dask.distributed`` cluster, results in task order.

    Parameters
    ----------
    address : str or None
        A scheduler address (``"tcp://10.0.0.5:8786"``), or ``None`` to start a
        :class:`distributed.LocalCluster` on 127.0.0.1 (no dashboard, quiet
        logs) that :meth:`close` shuts down again.
    n_workers, threads_per_worker, processes
        The local cluster's shape (ignored with an address): worker processes
        by default, one thread each.
    connect_timeout : float, optional
        Seconds to wait for the scheduler (default :data:`DEFAULT_CONNECT_TIMEOUT`);
        an unreachable or malformed address raises
        :class:`~exactwedge.exceptions.InvalidInputError` in one line.

    A cluster takes seconds to start, so the example only shows the class's
    name; the tests run it on a two-worker local cluster.

    >>> DaskExecutor.name, issubclass(DaskExecutor, Executor)
    ('dask', True)
    """

    name = "dask"

    def __init__(self, address: str | None = None, *, n_workers: int = 2, threads_per_worker: int = 1,
                 processes: bool = True, connect_timeout: float | None = None, workers: int | None = None):
        if connect_timeout is None:
            connect_timeout = DEFAULT_CONNECT_TIMEOUT
        if workers is not None:  # get_executor passes "workers" to every executor
            n_workers = workers
        if address is None and (int(n_workers) < 1 or int(threads_per_worker) < 1):
            raise InvalidInputError(f"a local Dask cluster needs ≥ 1 worker and ≥ 1 thread, got "
                                    f"n_workers={n_workers}, threads_per_worker={threads_per_worker}")
        if not connect_timeout > 0:
            raise InvalidInputError(f"connect_timeout must be > 0, got {connect_timeout}")
        self._client: Any = None
        self._cluster: Any = None
        self._closed = False
        distributed = _distributed()
        if address is None:
            try:
                # worker processes talk TCP on the loopback interface only; threads in this
                # process use dask's in-process transport (no socket at all)
                where = {"host": "127.0.0.1"} if processes else {}
                import dask

                # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's adaptive
                # mmap threshold: every few-MB numpy temporary of a chunk is then a fresh mmap, zeroed
                # page by page (measured: a pricing task 5x the CPU of the same task in this process)
                with dask.config.set(_WORKER_MALLOC):
                    self._cluster = distributed.LocalCluster(
                        n_workers=int(n_workers), threads_per_worker=int(threads_per_worker), processes=bool(processes),
                        dashboard_address=None, silence_logs=logging.ERROR, **where,
                        # no dashboard, but the scheduler still serves /health on HTTP: on a free
                        # loopback port, not 8787 (a second cluster would warn "Port 8787 is in use")
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    )
                self._client = distributed.Client(self._cluster, set_as_default=False,
                                                  timeout=f"{float(connect_timeout)}s")
            except Exception as e:
                self.close()
                raise InvalidInputError(f"could not start a local Dask cluster: {_one_line(e)}") from e
        else:
            address = str(address).strip()
            _probe(distributed, address, float(connect_timeout))  # refused: at once; silent or not Dask: timeout
            try:
                self._client = _connect(distributed, address, float(connect_timeout))
            except Exception as e:
                self.close()
                raise InvalidInputError(f"could not connect to the Dask scheduler at {address!r} "
                                        f"(timeout {connect_timeout:g} s): {_one_line(e)}") from e
        self.address: str = self._client.scheduler.address

    # ------------------------------------------------------------------ map

    def map(self, fn: Callable[[Any, dict], Any], tasks: Sequence[Any], shared: dict | None = None,
            progress: Callable[..., None] | None = None) -> list:
        """``[fn(t, shared) for t in tasks]`` on the workers, in task order.

        ``shared`` is scattered once to every worker (``broadcast=True``);
        ``progress()`` is called once per task as it completes (in completion
        order). A task's exception is raised here.
        """
        if self._client is None:
            raise InvalidInputError("this DaskExecutor is closed")
        import itertools

        distributed = _distributed()
        it = iter(tasks)
        batch = list(itertools.islice(it, _BATCH))
        if not batch:
            return []
        client = self._client
        [shared_future] = client.scatter([dict(shared or {})], broadcast=True, hash=False)
        out: list = []
        futures: list = []
        try:
            while batch:  # a lazy task list is submitted a batch at a time, never all at once
                futures = client.map(fn, batch, [shared_future] * len(batch), pure=False)
                if progress is not None:
                    for _ in distributed.as_completed(futures, loop=client.loop):
                        progress()
                out.extend(client.gather(futures))
                client.cancel(futures)
                futures = []
                batch = list(itertools.islice(it, _BATCH))
            return out
        finally:
            client.cancel(futures + [shared_future])

    # ------------------------------------------------------------------ lifetime

    def workers(self) -> int:
        """The number of workers the scheduler knows now."""
        if self._client is None:
            return 0
        return len(self._client.scheduler_info(n_workers=-1).get("workers", {}))

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started it (safe to call twice)."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        self._closed = True
        if client is not None:
            try:
                client.close()
            except Exception:  # pragma: no cover - a dead scheduler
                pass
        if cluster is not None:
            cluster.close()

    def describe(self) -> dict:
        """JSON-ready: ``{"name": "dask", "scheduler": address, "workers": count}``."""
        return {"name": self.name, "scheduler": getattr(self, "address", None), "workers": self.workers()}

    def __del__(self) -> None:  # pragma: no cover - a safety net; close() explicitly
        try:
            if not self._closed:
                self.close()
        except Exception:
            pass
