r"""Convex training at scale: :func:`exactwedge.training.fit` with a streamed dictionary.

:func:`fit_stream` returns the same :class:`~exactwedge.training.FitResult`
as the materialized ``fit`` (same JSON keys, same network and LaTeX code), but
the dictionary is never built: the float optimum comes from the working-set
solver of :mod:`exactwedge.stream.working_set` and, with ``certify="exact"``,
the exact optimum and its certificate over every column from
:mod:`exactwedge.stream.certify`. ``result.dictionary`` holds only the
working set (a :class:`~exactwedge.stream.columns.StreamedDictionary`; its
``summary()`` reports the streamed total), and each neuron's provenance
``column`` is its global index in the full dictionary.

:func:`path_stream` solves along decreasing βs, each warm-started from the
previous working set.

>>> res = fit_stream([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True, certify="exact", executor="serial")
>>> res.value, res.exact, res.certificate.holds, res.p_nn == res.value
(Fraction(287, 1600), True, True, True)
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError
from ..network import Network
from ..numbers import format_exact, from_float
from ..problem import check_beta, rational_vector, read_data_matrix
from ..training import FitResult
from .columns import ColumnStream
from .executors import Executor, get_executor
from .working_set import solve_stream

__all__ = ["fit_stream", "path_stream", "CERTIFY"]

#: What ``certify=`` accepts.
CERTIFY = ("float", "exact")
def _globalize(net: Any, D: Any) -> Any:
    """Provenance ``column`` = the neuron's global index in the streamed dictionary."""
    for u in net.units:
        if "column" in u.provenance:
            u.provenance["column"] = int(D.global_indices[u.provenance["column"]])
    return net


def _setup(X: Any, y: Any, beta: Any, norm: int, certify: str) -> tuple:
    b = check_beta(beta)
    if certify not in CERTIFY:
        raise InvalidInputError(f"certify must be one of {', '.join(CERTIFY)}, got {certify!r}")
    if certify == "exact" and norm != 1:
        raise InvalidInputError("exact certification needs the ℓ1 dictionary (norm=1); ℓ2 columns are irrational")
    rows = X.rows if isinstance(X, ColumnStream) else read_data_matrix(X)
    if len(rows) < 2:
        raise InvalidInputError(f"need at least 2 samples, got {len(rows)}")
    return b, rows, rational_vector(y, len(rows))


def fit_stream(X: Any, y: Any, beta: Any, *, bias: bool = False, norm: int = 1, activation: str = "relu",
               certify: str = "float", executor: Any = None, chunk_size: int | None = None, tol: float = 1e-9,
               sample: Any = None, seed: int = 0, progress: Any = None, mode: str = "filter",
               train: Any = None) -> FitResult:
    """Train the two-layer network through its convex Lasso form, with a streamed dictionary.

    Parameters
    ----------
    X, y, beta, bias, norm, activation :
        As for :func:`exactwedge.training.fit` (squared loss, one output).
    certify : {"float", "exact"}
        ``"float"``: the float optimum, certified by the streamed duality gap
        (``tol``). ``"exact"``: the exact rational optimum, certified by the
        exact KKT conditions on every column (ℓ1 only).
    executor : Executor, str or None
        Where streamed chunks run (``"serial"``, ``"threads"`` (default),
        ``"dask"``, a scheduler address, or an executor).
    chunk_size : int, optional
        Columns per streamed task.
    tol : float
        Relative duality-gap tolerance of the float solve.
    sample : str or (str, int), optional
        ``"random:N"`` or ``"polish[:WIDTH]"`` (or ``("random", N)``; :mod:`exactwedge.stream.sampling`):
        solve on those columns only; the certificate then measures the gap to
        the full optimum (one streamed pass) instead of closing it.
    seed : int
        Seeds the sampling.
    train : callable, optional
        The gradient trainer of ``sample="polish"``, :func:`exactwedge.trained.train`
        (passed in: training sits above this layer).
    progress : bool or None
        Progress bars (None: when stderr is a terminal).
    mode : {"filter", "integer"}
        How the exact check decides most columns (:mod:`exactwedge.stream.certify`).

    Returns
    -------
    FitResult

    Examples
    --------
    >>> res = fit_stream([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 0], 1, bias=True, executor="serial")
    >>> round(res.value, 9), res.exact, res.certificate["holds"], res.to_json()["dictionary"]["streamed"]
    (0.5, False, True, True)
    >>> res.certificate.holds, res.certificate.kind
    (True, 'float duality gap over every streamed column (float64, not a proof)')
    """
    timings: dict[str, float] = {}
    b, rows, yv = _setup(X, y, beta, norm, certify)
    own = not isinstance(executor, Executor)
    ex = get_executor(executor)
    try:
        t0 = time.perf_counter()
        stream = X if isinstance(X, ColumnStream) else ColumnStream(rows, bias=bias, norm=norm, activation=activation,
                                                                    chunk_size=chunk_size)
        opts = {"bias": stream.bias, "norm": stream.norm, "activation": stream.activation}
        init = None
        if sample is not None:
            from .sampling import sample_columns

            init = sample_columns(stream, sample, seed=seed, y=yv, beta=b, train=train)
        sol = solve_stream(stream, yv, b, tol=tol, executor=ex, progress=progress, init_columns=init,
                           max_passes=1 if sample is not None else 50, **opts)
        timings["float"] = time.perf_counter() - t0
        if certify == "exact":
            from .certify import certify_stream

            t0 = time.perf_counter()
            res = certify_stream(sol, executor=ex, mode=mode, grow=sample is None, progress=progress,
                                 columns=sol.working_set if sample is not None else None)
            timings["exact"] = time.perf_counter() - t0
            timings.update({f"certify_{k}": v for k, v in res.certificate.timings.items() if k != "total"})
    finally:
        if own:
            ex.close()
    where = f"{stream.total} columns streamed"
    if sample is not None:
        from .sampling import parse_sample

        where += ", sample {}:{}".format(*parse_sample(sample))
    if certify == "exact":
        D = res.dictionary
        net = _globalize(Network.from_solution(D, res.z_local, res.intercept if stream.bias else Fraction(0)), D)
        t0 = time.perf_counter()
        p_nn = net.objective(rows, yv, b, rescale=True)
        timings["p_nn"] = time.perf_counter() - t0
        return FitResult(X=rows, y=yv, beta=b, bias=stream.bias, norm=stream.norm, activation=stream.activation,
                         loss="squared", value=res.value, exact=True, z=res.z_local, intercept=res.intercept,
                         dictionary=D, certificate=res.certificate, network=net, p_nn=p_nn,
                         solver=f"streamed working set + exact active set ({where}, {res.certificate.mode} check)",
                         timings=timings)
    D = stream.dictionary(sol.working_set)
    z = [from_float(float(v)) for v in sol.z]
    t = from_float(float(sol.intercept)) if sol.intercept is not None else None
    net = _globalize(Network.from_solution(D, z, t), D)
    p_nn = net.objective_float(rows, yv, b)
    return FitResult(X=rows, y=yv, beta=b, bias=stream.bias, norm=stream.norm, activation=stream.activation,
                     loss="squared", value=sol.primal, exact=False, z=z, intercept=t, dictionary=D,
                     certificate=sol.certificate, network=net, p_nn=p_nn, solver=f"{sol.solver}, {where}",
                     timings=timings)


def path_stream(X: Any, y: Any, betas: Sequence[Any], *, bias: bool = False, norm: int = 1, activation: str = "relu",
                certify: str = "float", executor: Any = None, chunk_size: int | None = None, tol: float = 1e-9,
                sample: Any = None, seed: int = 0, progress: Any = None, mode: str = "filter",
                train: Any = None) -> list[dict]:
    """Streamed fits at several βs, solved largest first, each warm-started from the previous working set.

    Returns one JSON-ready dict per β, **in the order given**: ``beta``,
    ``value`` (float), ``gap``, ``relative_gap``, ``converged``,
    ``working_set``, ``support_size``, ``passes``, ``total_columns``,
    ``timings_s`` and, with ``certify="exact"``, ``exact_value``, ``support``
    (global columns) and ``certificate``. The other options are those of
    :func:`fit_stream`.

    >>> rows = path_stream([0, 1, 3, 4], [0, 2, 2, 0], ["1/4", 2], bias=True, certify="exact", executor="serial")
    >>> [(r["beta"], r["exact_value"], r["certificate"]["holds"]) for r in rows]
    [('1/4', '7/8', True), ('2', '2', True)]
    """
    if not betas:
        raise InvalidInputError("betas must not be empty")
    given = [check_beta(v) for v in betas]
    order = sorted(range(len(given)), key=lambda i: -given[i])
    _b, rows, yv = _setup(X, y, given[order[0]], norm, certify)
    stream = X if isinstance(X, ColumnStream) else ColumnStream(rows, bias=bias, norm=norm, activation=activation,
                                                                chunk_size=chunk_size)
    opts = {"bias": stream.bias, "norm": stream.norm, "activation": stream.activation}
    own = not isinstance(executor, Executor)
    ex = get_executor(executor)
    out: list[dict] = [{} for _ in given]
    try:
        init = None
        if sample is not None:
            from .sampling import sample_columns

            init = sample_columns(stream, sample, seed=seed, y=yv, beta=given[order[-1]], train=train)
        for i in order:
            b = given[i]
            t0 = time.perf_counter()
            sol = solve_stream(stream, yv, b, tol=tol, executor=ex, progress=progress, init_columns=init,
                               max_passes=1 if sample is not None else 50, **opts)
            if sample is None:
                init = sol.working_set
            row = {"beta": format_exact(b), "value": sol.primal, "gap": sol.gap, "relative_gap": sol.relative_gap,
                   "converged": sol.converged, "working_set": len(sol.working_set), "support_size": len(sol.support),
                   "passes": sol.passes, "total_columns": sol.total_columns}
            times = {"float": time.perf_counter() - t0}
            if certify == "exact":
                from .certify import certify_stream

                t1 = time.perf_counter()
                res = certify_stream(sol, executor=ex, mode=mode, grow=sample is None, progress=progress,
                                     columns=sol.working_set if sample is not None else None)
                times["exact"] = time.perf_counter() - t1
                row.update({"exact_value": format_exact(res.value), "support_size": len(res.z),
                            "support": sorted(res.z), "certificate": res.certificate.to_json()})
            row["timings_s"] = {k: round(v, 6) for k, v in times.items()}
            out[i] = row
    finally:
        if own:
            ex.close()
    return out
