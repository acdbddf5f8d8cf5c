"""The Dask executor on a real two-worker LocalCluster (worker processes, loopback only).

Results must be identical, bit for bit, to :class:`SerialExecutor`'s, in task
order; ``shared`` is scattered once per ``map`` to every worker; errors are
typed and one line. The streamed solver gives the same answer on the cluster
as in one process.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.exceptions import BackendNotInstalledError, InvalidInputError
from exactwedge.stream.executors import SerialExecutor, ThreadExecutor, get_executor

pytest.importorskip("distributed")

from exactwedge.stream.dask_executor import DaskExecutor  # noqa: E402


# ------------------------------------------------------------------ toy tasks (top level: picklable)


def _matvec(task, shared):
    """Rows ``task`` of A times v, plus a float reduction that depends on summation order."""
    lo, hi = task
    A, v = shared["A"], shared["v"]
    block = A[lo:hi] @ v
    return block, float(np.sum(np.sin(block) * shared["scale"]))


def _echo(task, shared):
    return task, sorted(shared)


def _fail_on_three(task, shared):
    if task == 3:
        raise ValueError("task three fails")
    return task


def _slow_reverse(task, shared):
    # later tasks finish first: the result order must still be the task order
    time.sleep(0.02 * (shared["n"] - task))
    return task * 10


def _shared_identity(task, shared):
    return int(shared["A"].shape[0]), float(shared["A"][task, 0]), shared["tag"]


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def cluster():
    """One two-worker LocalCluster (worker processes) for the whole module."""
    with DaskExecutor(n_workers=2, threads_per_worker=1, processes=True) as ex:
        yield ex


@pytest.fixture
def data():
    rng = np.random.default_rng(8)
    A = rng.standard_normal((400, 37))
    v = rng.standard_normal(37)
    tasks = [(lo, min(lo + 23, 400)) for lo in range(0, 400, 23)]
    return {"A": A, "v": v, "scale": 1 / 3}, tasks


# ------------------------------------------------------------------ the executor


def test_describe_and_workers(cluster):
    d = cluster.describe()
    assert d["name"] == "dask" and d["workers"] == 2
    assert d["scheduler"].startswith("tcp://127.0.0.1:")


def test_results_bitwise_equal_to_serial(cluster, data):
    shared, tasks = data
    want = SerialExecutor().map(_matvec, tasks, shared)
    got = cluster.map(_matvec, tasks, shared)
    assert len(got) == len(want) == len(tasks)
    for (gb, gs), (wb, ws) in zip(got, want):
        assert gb.dtype == wb.dtype and gb.tobytes() == wb.tobytes()
        assert gs == ws  # exact float equality, not approx


def test_same_as_threads_and_get_executor(cluster, data):
    shared, tasks = data
    with ThreadExecutor(2) as th:
        want = th.map(_matvec, tasks, shared)
    assert get_executor(cluster) is cluster
    got = get_executor(cluster).map(_matvec, tasks, shared)
    assert all(g[0].tobytes() == w[0].tobytes() and g[1] == w[1] for g, w in zip(got, want))


def test_order_preserved_when_completion_order_differs(cluster):
    n = 8
    assert cluster.map(_slow_reverse, list(range(n)), {"n": n}) == [10 * t for t in range(n)]


def test_lazy_tasks_submitted_in_batches(cluster, monkeypatch):
    import exactwedge.stream.dask_executor as de
    from exactwedge.stream.columns import TaskList

    monkeypatch.setattr(de, "_BATCH", 2)
    seen = []
    original = cluster._client.map

    def counting_map(fn, batch, *args, **kwargs):
        seen.append(len(batch))
        return original(fn, batch, *args, **kwargs)

    monkeypatch.setattr(cluster._client, "map", counting_map)
    tasks = TaskList(1, 5, 1)
    assert cluster.map(_echo, tasks) == [(t, []) for t in tasks]
    assert seen == [2, 2, 1]


def test_progress_called_once_per_task(cluster, data):
    shared, tasks = data
    calls = []
    cluster.map(_matvec, tasks, shared, progress=lambda *a: calls.append(a))
    assert len(calls) == len(tasks)


def test_shared_scattered_once_with_broadcast(cluster, monkeypatch):
    client = cluster._client
    seen = []
    real = client.scatter

    def spy(data, **kw):
        seen.append((data, kw))
        return real(data, **kw)

    monkeypatch.setattr(client, "scatter", spy)
    A = np.arange(20.0).reshape(10, 2)
    got = cluster.map(_shared_identity, list(range(10)), {"A": A, "tag": "t"})
    assert got == [(10, float(2 * t), "t") for t in range(10)]
    assert len(seen) == 1 and seen[0][1].get("broadcast") is True
    assert seen[0][0][0]["A"] is A  # the arrays themselves, sent once (not once per task)


def test_empty_tasks_and_no_shared(cluster):
    assert cluster.map(_echo, [], {"x": 1}) == []
    assert cluster.map(_echo, ["a", "b"]) == [("a", []), ("b", [])]


def test_task_error_is_raised(cluster):
    with pytest.raises(ValueError, match="task three fails"):
        cluster.map(_fail_on_three, list(range(6)))
    assert cluster.map(_echo, [1]) == [(1, [])]  # the executor is still usable


def test_remote_client_does_not_close_the_cluster(cluster, data):
    shared, tasks = data
    with DaskExecutor(cluster.address) as remote:
        assert remote.describe() == {"name": "dask", "scheduler": cluster.address, "workers": 2}
        got = remote.map(_matvec, tasks[:3], shared)
    assert remote.describe()["workers"] == 0  # closed: no client
    assert cluster.describe()["workers"] == 2  # the cluster it connected to is still up
    want = cluster.map(_matvec, tasks[:3], shared)
    assert all(g[0].tobytes() == w[0].tobytes() for g, w in zip(got, want))


def test_a_garbled_handshake_is_retried_and_then_reported(cluster, monkeypatch):
    # distributed's Client fails its handshake with a bare AssertionError when another
    # client's broadcast shares the scheduler's first batch: retried, a bounded number of times
    import distributed

    import exactwedge.stream.dask_executor as de

    real, calls = distributed.Client, []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise AssertionError
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, "Client", flaky)
    with DaskExecutor(cluster.address) as remote:
        assert remote.map(_echo, [5]) == [(5, [])]
    assert len(calls) == 2

    def always(*args, **kwargs):
        calls.append(args)
        raise AssertionError

    calls.clear()
    monkeypatch.setattr(distributed, "Client", always)
    with pytest.raises(InvalidInputError, match="AssertionError") as e:
        DaskExecutor(cluster.address)
    assert "\n" not in str(e.value) and len(calls) == de._HANDSHAKE_ATTEMPTS


def test_close_twice_is_safe_and_map_after_close_is_typed():
    ex = DaskExecutor(n_workers=1, processes=False)
    assert ex.map(_echo, [7]) == [(7, [])]
    ex.close()
    ex.close()
    with pytest.raises(InvalidInputError, match="closed"):
        ex.map(_echo, [1])


# ------------------------------------------------------------------ errors


def test_unreachable_scheduler_is_typed_and_fast():
    with pytest.raises(InvalidInputError) as e:
        DaskExecutor("tcp://127.0.0.1:1", connect_timeout=1)
    msg = str(e.value)
    assert "\n" not in msg and "tcp://127.0.0.1:1" in msg


@contextlib.contextmanager
def _server(reply: bytes | None):
    """A TCP server on 127.0.0.1 that accepts and then says nothing (``reply=None``) or sends ``reply``."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    conns = []

    def serve():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            conns.append(c)
            if reply is not None:
                try:
                    c.sendall(reply)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        srv.close()
        for c in conns:
            c.close()


@pytest.mark.parametrize("reply", [None, b"HTTP/1.1 400 Bad Request\r\n\r\n" * 20, b"\x01" + b"\x00" * 7 + b"xx"])
def test_a_server_that_never_answers_as_dask_fails_in_one_line(reply):
    # the handshake is bounded by connect_timeout (1 s here; 10 s by default): no hang, no traceback
    with _server(reply) as address:
        with pytest.raises(InvalidInputError) as e:
            DaskExecutor(address, connect_timeout=1)
    msg = str(e.value)
    assert "\n" not in msg and address in msg
    assert "did not answer" in msg


def test_a_refused_connection_fails_without_dask_retrying(monkeypatch):
    import distributed

    def never(*args, **kwargs):
        raise AssertionError("a refused connection must fail before Dask's retrying connect")

    monkeypatch.setattr(distributed.comm, "connect", never)
    monkeypatch.setattr(distributed, "Client", never)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(InvalidInputError, match="Connection refused"):
        DaskExecutor(f"tcp://127.0.0.1:{port}")


def test_malformed_address_via_get_executor_is_typed():
    with pytest.raises(InvalidInputError) as e:
        get_executor("bogus:port", connect_timeout=1)
    assert "\n" not in str(e.value) and "bogus:port" in str(e.value)


def test_bad_cluster_shape_is_typed():
    with pytest.raises(InvalidInputError, match="worker"):
        DaskExecutor(n_workers=0)


def test_missing_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(BackendNotInstalledError, match=r"exactwedge\[dask\]"):
        DaskExecutor()
    with pytest.raises(ImportError):  # still an ImportError for callers that catch that
        get_executor("dask")


def test_import_exactwedge_does_not_import_dask():
    code = ("import sys, exactwedge, exactwedge.cli, exactwedge.stream.executors, exactwedge.stream.dask_executor; "
            "bad = [m for m in ('dask', 'distributed') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------ the streamed solver: cluster == one process

def _same_report(a, b):
    """Equal JSON reports up to timings and the executor's name in the solver string."""
    def strip(r):
        return {k: v for k, v in r.items() if not k.startswith("timing") and k != "solver"}

    return strip(a) == strip(b)


def _toy_2d():
    rng = np.random.default_rng(11)
    X = rng.integers(-4, 5, size=(9, 2)).tolist()
    y = rng.integers(-3, 4, size=9).tolist()
    return X, y


@pytest.mark.parametrize("bias", [False, True])
def test_solve_stream_identical_on_cluster(cluster, bias):
    from exactwedge.stream.working_set import solve_stream

    X, y = _toy_2d()
    kw = dict(bias=bias, norm=1, activation="relu", tol=1e-9, chunk_size=16, progress=False)
    one = solve_stream(X, y, Q(1, 4), executor="serial", **kw)
    many = solve_stream(X, y, Q(1, 4), executor=cluster, **kw)
    assert one.converged and many.converged
    assert many.primal == one.primal and many.dual == one.dual and many.gap == one.gap  # bitwise, not approx
    assert many.working_set == one.working_set and many.support == one.support
    assert many.z.tobytes() == one.z.tobytes() and many.intercept == one.intercept
    assert many.history == [dict(h, seconds=many.history[i]["seconds"]) for i, h in enumerate(one.history)]
    assert "dask pricing" in many.solver and cluster.describe()["workers"] == 2  # the executor is not closed


def test_fit_stream_exact_identical_on_cluster_and_materialized(cluster, paper):
    fs = pytest.importorskip("exactwedge.stream.fit")
    from exactwedge.training import fit

    kw = dict(bias=True, norm=1, activation="relu", certify="exact", chunk_size=8)
    one = fs.fit_stream(paper.X_column, paper.y, paper.beta, executor="serial", **kw)
    many = fs.fit_stream(paper.X_column, paper.y, paper.beta, executor=cluster, **kw)
    ref = fit(paper.X_column, paper.y, paper.beta, bias=True, norm=1)
    assert one.value == many.value == ref.value == paper.value
    assert _same_report(one.to_json(), many.to_json())


def test_fit_stream_float_identical_on_cluster(cluster):
    fs = pytest.importorskip("exactwedge.stream.fit")
    X, y = _toy_2d()
    kw = dict(bias=False, norm=1, activation="relu", certify="float", chunk_size=8)
    one = fs.fit_stream(X, y, Q(1, 2), executor="serial", **kw).to_json()
    many = fs.fit_stream(X, y, Q(1, 2), executor=cluster, **kw).to_json()
    assert _same_report(one, many)


def test_path_stream_identical_on_cluster(cluster, paper):
    fs = pytest.importorskip("exactwedge.stream.fit")
    betas = [Q(1), Q(1, 10), Q(1, 100)]
    kw = dict(bias=True, norm=1, activation="relu", certify="exact", chunk_size=8)
    one = fs.path_stream(paper.X_column, paper.y, betas, executor="serial", **kw)
    many = fs.path_stream(paper.X_column, paper.y, betas, executor=cluster, **kw)
    assert len(one) == len(many) == 3

    assert all(_same_report(a, b) for a, b in zip(one, many))


def test_certify_stream_identical_on_cluster(cluster):
    ws = pytest.importorskip("exactwedge.stream.working_set")
    cs = pytest.importorskip("exactwedge.stream.certify")
    X, y = _toy_2d()
    sol = ws.solve_stream(X, y, Q(1, 4), bias=True, norm=1, activation="relu", chunk_size=16, executor="serial")
    one = cs.certify_stream(X, y, Q(1, 4), sol, bias=True, norm=1, activation="relu", chunk_size=16,
                            executor="serial")
    many = cs.certify_stream(X, y, Q(1, 4), sol, bias=True, norm=1, activation="relu", chunk_size=16,
                             executor=cluster)
    assert one == many
