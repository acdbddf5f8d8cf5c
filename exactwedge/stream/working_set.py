r"""A working-set float Lasso over a streamed dictionary, stopped by a streamed duality gap.

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1

over all columns of :class:`~exactwedge.stream.columns.ColumnStream`, holding
only a working set ``W`` of columns (memory O(n·(|W| + chunk))):

1. price every column against the residual ``r`` (streamed, one pass, see
   :mod:`exactwedge.stream.pricing`);
2. the duality gap over *all* columns: with :math:`M = \max_j|K_j^\top r|`,
   the dual point :math:`\theta = r\min(1, \beta/M)` is feasible, and
   :math:`\mathrm{gap} = P - D`, :math:`P = \tfrac12\lVert r\rVert^2 + \beta\lVert z\rVert_1`,
   :math:`D = \tfrac12\lVert\bar y\rVert^2 - \tfrac12\lVert\bar y - \theta\rVert^2`
   (with an intercept ``y`` and ``r`` are centred, so ``1ᵀθ = 0``); stop when
   ``gap ≤ tol·P``;
3. otherwise add violators (:math:`|K_j^\top r| > \beta`) and solve the Lasso
   on ``W`` again, warm-started (:func:`restricted_lasso`). Pricing returns
   the 4096 largest violators; walking down that list, a column joins ``W``
   unless its cosine with a column that joined in this pass exceeds 0.995
   (the top violators are mostly near-copies of one hyperplane, moved past a
   sample or two), until ``max(32, 2·|support|)`` have joined. Zero columns
   and exact duplicates never enter; above 512 columns, zero columns far from
   active (:math:`|K_j^\top r| < \beta/2`) leave ``W``. A dictionary whose
   float copy stays small (:func:`_whole`) lets every violator in at once, and
   ``W`` ends on the support. The float active set on ``W`` starts from the
   previous solution.

Everything is float64; the exact answer is :func:`exactwedge.stream.certify.certify_stream`.

>>> sol = solve_stream([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 2], "1/10", executor="serial")
>>> sol.converged, round(sol.primal, 6), sol.relative_gap <= 1e-9
(True, 0.196667, True)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidInputError
from ..lasso.certificate import FloatReport
from ..problem import check_beta, rational_vector
from ..progress import progress_bar
from ..numbers.floats import float_columns
from ..dictionary.keys import column_keys
from .columns import ColumnStream
from .executors import Executor, get_executor
from ..numbers.floats import single_threaded_blas
from .pricing import merge_prices, price_chunk
from .restricted import _ACTIVE_SET_MAX, duality_gap, restricted_lasso

__all__ = ["StreamSolution", "solve_stream", "stream_for"]

_TINY = 1e-300
#: Columns added per pass: at least this many, else twice the support.
_MIN_ADD = 32
#: Pricing returns this many candidates (the pool the near-duplicate filter picks from).
_POOL_MAX = 4096
#: Candidates more cosine-similar than this to one already added in the same pass wait for the next pass.
_RHO = 0.995
#: A dictionary whose float working set (:func:`~exactwedge.dictionary.cost.working_set_bytes`) would stay
#: under this joins W whole (its violators at once): n = 120 in R³ (14,888 columns) needs 57 MB.
_WHOLE_BYTES = 128 * 2**20
#: Above this working-set size, zero columns with |K_jᵀr| < _PRUNE_RATIO·β leave it.
_PRUNE_FROM, _PRUNE_RATIO = 512, 0.5


#: The kind of the float certificate of a streamed solve.
FLOAT_STREAMED_GAP = "float duality gap over every streamed column (float64, not a proof)"


@dataclass
class StreamSolution:
    """A float Lasso optimum over a streamed dictionary, with its streamed duality gap.

    Attributes
    ----------
    beta : Fraction
    working_set : list of int
        Global column indices of the working set W.
    z : numpy.ndarray
        Float coefficients on W (zero for columns that left the support).
    intercept : float or None
    primal, dual, gap, relative_gap : float
        ``P``, ``D`` and ``P − D`` over **all** columns (``gap/P``).
    max_correlation : float
        ``max_j |K_jᵀr|`` over all columns at the last pricing pass.
    passes : int
        Pricing passes over the whole dictionary.
    history : list of dict
        Per pass: working-set size, max correlation, gap, violators, seconds.
    timings : dict
        Seconds spent pricing, solving on W, building columns, in total.
    total_columns : int
    converged : bool
        ``relative_gap ≤ tol``.
    solver : str

    Examples
    --------
    >>> sol = solve_stream([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True, executor="serial")
    >>> round(sol.primal, 9), sol.converged, sol.passes  # fit() gives 287/1600 exactly
    (0.179375, True, 2)
    """

    beta: Fraction
    working_set: list
    z: np.ndarray
    intercept: float | None
    primal: float
    dual: float
    gap: float
    relative_gap: float
    max_correlation: float
    passes: int
    history: list
    timings: dict
    total_columns: int
    converged: bool
    solver: str
    tol: float
    stream: ColumnStream = field(repr=False)
    y: list = field(repr=False)
    correlations: np.ndarray = field(repr=False)

    @property
    def value(self) -> float:
        """The primal value ``P`` (an upper bound on the optimum; within ``gap`` of it)."""
        return self.primal

    @property
    def support(self) -> list[int]:
        """Global indices of the columns with ``z ≠ 0``, increasing."""
        return sorted(g for g, v in zip(self.working_set, self.z) if v != 0)

    @property
    def certificate(self) -> FloatReport:
        """The float certificate: the streamed duality gap over every column (not a proof).

        >>> sol = solve_stream([0, 1, 3], [0, 1, 0], 1, bias=True, executor="serial")
        >>> sol.certificate.holds, sol.certificate.kind
        (True, 'float duality gap over every streamed column (float64, not a proof)')
        """
        return FloatReport({
            "holds": bool(self.converged), "exact": False, "kind": FLOAT_STREAMED_GAP,
            "check": f"float64 duality gap over all {self.total_columns} streamed columns",
            "beta": str(self.beta), "max_abs_correlation": self.max_correlation,
            "bound_ratio": self.max_correlation / float(self.beta), "support_size": len(self.support),
            "primal_value": self.primal, "dual_value": self.dual, "duality_gap": self.gap,
            "relative_gap": self.relative_gap, "gap_condition": bool(self.converged), "tolerance": self.tol,
            "streamed": True, "passes": self.passes, "working_set": len(self.working_set),
            "total_columns": self.total_columns,
        })

    def coefficients(self) -> dict:
        """``{global index: z}`` on the support, by increasing index."""
        zz = dict(zip(self.working_set, self.z.tolist()))
        return {g: zz[g] for g in self.support}

    def to_json(self) -> dict:
        """JSON-ready summary (no column data)."""
        return {"beta": str(self.beta), "primal": self.primal, "dual": self.dual, "gap": self.gap,
                "relative_gap": self.relative_gap, "tolerance": self.tol, "converged": self.converged,
                "max_abs_correlation": self.max_correlation, "passes": self.passes,
                "working_set": len(self.working_set), "support_size": len(self.support),
                "total_columns": self.total_columns, "solver": self.solver, "history": self.history,
                "timings_s": {k: round(v, 6) for k, v in self.timings.items()}}


def stream_for(X: Any, *, bias: bool, norm: int, activation: str, chunk_size: int | None) -> ColumnStream:
    """``X`` itself when it is a :class:`ColumnStream` (options must agree), else a new stream.

    >>> S = ColumnStream([0, 1, 3], bias=True)
    >>> stream_for(S, bias=True, norm=1, activation="relu", chunk_size=None) is S
    True
    """
    if isinstance(X, ColumnStream):
        if (X.bias, X.norm, X.activation) != (bool(bias), norm, activation):
            raise InvalidInputError(
                f"the stream has bias={X.bias}, norm={X.norm}, activation={X.activation!r}; "
                f"asked for bias={bias}, norm={norm}, activation={activation!r}")
        return X
    return ColumnStream(X, bias=bias, norm=norm, activation=activation, chunk_size=chunk_size)


class _WorkingSet:
    """Float columns of the working set (uncentred) and the exact keys that keep duplicates out."""

    def __init__(self, stream: ColumnStream):
        self.stream = stream
        self.idx: list[int] = []
        self.K = np.zeros((stream.n, 0))
        self.keys: list = []  # column_keys of the members, in order
        self.seen: set = set()

    def add(self, indices: Sequence[int], limit: int | None = None, rho: float = 1.0) -> int:
        """Append up to ``limit`` of the given columns (in priority order), skipping members,
        zero columns, exact duplicates and, when ``rho < 1``, columns whose cosine with a
        column accepted in this call exceeds ``rho`` (near-duplicates: adjacent hyperplanes)."""
        have = set(self.idx)
        todo = [g for g in dict.fromkeys(int(v) for v in indices) if g not in have]
        if not todo:
            return 0
        N, s, ok = self.stream.integer_columns(todo)
        nz = np.flatnonzero(ok)
        if not len(nz):
            return 0
        todo = [todo[j] for j in nz.tolist()]
        N, s = N[:, nz], s[nz]
        if rho >= 1.0:  # no cosine filter: the first `limit` of them
            pick = list(range(len(todo) if limit is None else min(limit, len(todo))))
        else:
            pick = []
            U = self.stream.float_columns(todo)
            U /= np.maximum(np.linalg.norm(U, axis=0), _TINY)[None, :]
            near = np.full(len(todo), -np.inf)  # largest cosine with a column picked so far
            j = 0
            while j < len(todo) and (limit is None or len(pick) < limit):
                pick.append(j)
                np.maximum(near, U.T @ U[:, j], out=near)
                nxt = np.flatnonzero(near[j + 1:] <= rho)
                j = j + 1 + int(nxt[0]) if len(nxt) else len(todo)
        keys = column_keys(N[:, pick], s[pick], self.stream.norm)
        keep = []
        for pos, key in enumerate(keys):
            if key is None or key in self.seen:
                continue
            self.seen.add(key)
            keep.append(pos)
        if keep:
            cols = [pick[p] for p in keep]
            self.idx.extend(todo[c] for c in cols)
            self.keys.extend(keys[p] for p in keep)
            F = float_columns(N[:, cols], s[cols], root=self.stream.norm != 1, what="the streamed float solve")
            self.K = np.concatenate([self.K, F], axis=1)
        return len(keep)

    def keep_only(self, mask: np.ndarray) -> None:
        """Drop the columns where ``mask`` is False (they may re-enter later)."""
        if bool(np.all(mask)):
            return
        keep = mask.tolist()
        for k, key in zip(keep, self.keys):
            if not k:
                self.seen.discard(key)
        self.idx = [g for g, k in zip(self.idx, keep) if k]
        self.keys = [key for key, k in zip(self.keys, keep) if k]
        self.K = self.K[:, mask]


def _whole(stream: ColumnStream) -> bool:
    """Whether every violator may join W at once: the pool holds the dictionary, or the whole dictionary fits
    the float active set of :func:`restricted_lasso` and, as a float working set, stays under
    :data:`_WHOLE_BYTES` and a quarter of the memory budget.

    >>> _whole(ColumnStream([[1, 2], [3, 1], [0, 1]]))
    True
    """
    from ..dictionary.cost import memory_budget, working_set_bytes

    if stream.total <= _POOL_MAX:
        return True
    if stream.total > _ACTIVE_SET_MAX:
        return False
    need = working_set_bytes(stream.n, stream.total)
    return need <= _WHOLE_BYTES and need <= memory_budget() // 4


def _price(ex: Executor, stream: ColumnStream, r: np.ndarray, threshold: float, top: int, exclude: list,
           progress: Any, label: str, distinct: bool = False) -> dict:
    shared = {**stream.shared, "r": r, "threshold": threshold, "top": top, "distinct": distinct,
              "exclude": np.array(sorted(exclude), dtype=np.int64)}
    with progress_bar(label, len(stream.tasks), enabled=progress) as update:
        res = ex.map(price_chunk, stream.tasks, shared, update)
    return merge_prices(res, top)


#: A stalled float solve on W is finished by the exact solver when W has at most this many columns.
_EXACT_W_MAX = 2000


class _Run:
    """The state of one working-set solve: W, z, the gap history, and the inner tolerance."""

    def __init__(self, stream: ColumnStream, yc: np.ndarray, beta: float, tol: float, backend: str):
        self.stream, self.yc, self.beta, self.tol, self.backend = stream, yc, beta, tol, backend
        self.ws = _WorkingSet(stream)
        self.z = np.zeros(0)
        self.history: list[dict] = []
        self.info = {"backend": "none"}
        self.timings = {"pricing": 0.0, "restricted": 0.0, "columns": 0.0}
        self.target = 0.01 * tol * 0.5 * float(yc @ yc)
        self.P = self.D = self.gap = self.M = float("nan")
        self.passes = 0
        self.converged = False
        self.exact: tuple | None = None  # (exact y, exact β) when W may be solved exactly on a stall (ℓ1)
        self.exact_tried = False

    def solve_exact(self) -> bool:
        """Solve the Lasso on W exactly (rational active set) and keep its float image; False if unavailable."""
        from ..lasso.solve import solve_lasso

        t0 = time.perf_counter()
        yv, b = self.exact
        sol = solve_lasso(self.stream.dictionary(self.ws.idx), yv, b, intercept=self.stream.bias)
        self.timings["restricted"] += time.perf_counter() - t0
        if not sol.certificate.holds:  # pragma: no cover - solve_lasso stops only at a KKT point
            return False
        self.z = np.array([float(v) for v in sol.z])
        self.info = {**self.info, "backend": f"{self.info.get('backend', 'none')} then exact"}
        return True

    def keep_only(self, mask: np.ndarray) -> None:
        """Drop the columns of W (and their coefficients) where ``mask`` is False."""
        self.z = self.z[mask]
        self.ws.keep_only(mask)

    def centred(self) -> tuple[np.ndarray, np.ndarray]:
        """W's columns, centred with an intercept, and their means."""
        K = self.ws.K
        means = K.mean(axis=0) if self.stream.bias else np.zeros(K.shape[1])
        return K - means[None, :], means

    def solve(self) -> None:
        """The Lasso on W, warm-started from z (padded with zeros for new columns)."""
        t0 = time.perf_counter()
        z0 = np.concatenate([self.z, np.zeros(len(self.ws.idx) - len(self.z))])
        Kc, _ = self.centred()
        self.z, self.info = restricted_lasso(Kc, self.yc, self.beta, z0, gap_target=self.target, backend=self.backend)
        self.timings["restricted"] += time.perf_counter() - t0

    def start(self, init: Sequence[int] | None) -> None:
        if init is not None:
            t0 = time.perf_counter()
            self.ws.add(list(init))
            self.timings["columns"] += time.perf_counter() - t0
        if self.ws.idx:
            self.solve()

    def loop(self, ex: Executor, max_passes: int, max_add: int | None, progress: Any) -> None:
        """Price, measure the gap, grow W, re-solve; until the gap is small or the passes run out."""
        beta, tol = self.beta, self.tol
        thr = beta * (1.0 + 1e-3 * tol)
        stalls = 0
        # a dictionary whose float working set would be small joins W at once (violators only), as materialized:
        # one restricted solve instead of one per pass, each starting its active set afresh
        whole = max_add is None and _whole(self.stream)
        pool = self.stream.total if whole else _POOL_MAX
        while self.passes < max_passes:
            Kc, _ = self.centred()
            r = self.yc - Kc @ self.z
            if self.stream.bias:
                r -= r.mean()
            cap = max_add if max_add is not None else max(_MIN_ADD, self.stream.n, 2 * int(np.count_nonzero(self.z)))
            t0 = time.perf_counter()
            pr = _price(ex, self.stream, r, thr, pool, self.ws.idx, progress, f"pricing pass {self.passes + 1}",
                        distinct=not whole)
            dt = time.perf_counter() - t0
            self.timings["pricing"] += dt
            self.passes += 1
            self.M = M = pr["max"]
            P, D, gap = duality_gap(self.yc, r, self.z, beta, M)
            self.P, self.D, self.gap = P, D, gap
            self.history.append({"pass": self.passes, "working_set": len(self.ws.idx),
                                 "support": int(np.count_nonzero(self.z)), "max_abs_correlation": M, "primal": P,
                                 "gap": gap, "relative_gap": gap / max(P, _TINY), "violators": pr["violators"],
                                 "seconds": round(dt, 6)})
            if gap <= tol * max(P, _TINY):
                self.converged = True
                if whole:  # W took every violator: keep the support (zero columns change neither r nor the gap)
                    self.keep_only(self.z != 0)
                return
            if self.passes >= max_passes:
                return
            t0 = time.perf_counter()
            if len(self.ws.idx) > _PRUNE_FROM and not whole:  # forget columns that are zero and far from active
                self.keep_only((self.z != 0) | (np.abs(Kc.T @ r) >= _PRUNE_RATIO * beta))
            # near convergence (the pool holds every violator) all of them join: the cosine filter and the
            # cap would only add passes, and the active set on W picks among near-copies itself
            allin = whole or (max_add is None and pr["violators"] <= len(pr["top"]))
            added = self.ws.add([g for g, _v in pr["top"]], limit=None if allin else cap,
                                rho=1.0 if allin else _RHO) if pr["top"] else 0
            self.timings["columns"] += time.perf_counter() - t0
            # solve W to a fraction of the current gap; tighter when pricing found nothing new
            self.target = max(1e-3 * tol * P, 0.1 * gap if added else 1e-3 * min(gap, self.target))
            if not added:
                stalls += 1
                if stalls > 3:
                    return
                if self.exact is not None and not self.exact_tried and len(self.ws.idx) <= _EXACT_W_MAX:
                    self.exact_tried = True  # the float solver stalls on W: solve W exactly, once
                    if self.solve_exact():
                        continue
            self.solve()


def solve_stream(X: Any, y: Any, beta: Any, *, bias: bool = False, norm: int = 1, activation: str = "relu",
                 tol: float = 1e-9, chunk_size: int | None = None, executor: Any = None, max_passes: int = 50,
                 progress: Any = None, init_columns: Sequence[int] | None = None, backend: str = "auto",
                 max_add: int | None = None) -> StreamSolution:
    """Solve the Lasso over the whole streamed dictionary with a working set (float64).

    Parameters
    ----------
    X : (n, d) exact data, or a :class:`~exactwedge.stream.columns.ColumnStream`
        (reused, e.g. along a path, with its cached cross-product table).
    y : (n,) exact labels
    beta : exact positive number
    bias, norm, activation :
        Which dictionary (as :func:`exactwedge.dictionary`).
    tol : float
        Stop when the duality gap over all columns is at most ``tol·P``.
    chunk_size : int, optional
        Columns per streamed task (see :class:`ColumnStream`).
    executor : Executor, str or None
        Where pricing tasks run (:func:`~exactwedge.stream.executors.get_executor`;
        default threads). An executor made here is closed here.
    max_passes : int
        At most this many pricing passes (each is one duality-gap evaluation);
        ``max_passes=1`` with ``init_columns`` solves on those columns only
        and measures their gap; 0 skips pricing (gap unknown, NaN).
    progress : bool or None
        One progress bar per pricing pass (None: when stderr is a terminal).
    init_columns : sequence of int, optional
        Global columns to start the working set with.
    backend : {"auto", "celer", "sklearn"}
        The solver on the working set.
    max_add : int, optional
        Columns added per pass (default ``max(32, 2·|support|)``).

    Returns
    -------
    StreamSolution

    Examples
    --------
    >>> sol = solve_stream([[1, 2], [3, 1], [2, 2]], [1, 0, 2], "1/2", executor="serial", chunk_size=3)
    >>> sol.converged, sol.total_columns, sol.support
    (True, 10, [4, 7])
    """
    t_all = time.perf_counter()
    b = check_beta(beta)
    if tol <= 0 or not math.isfinite(tol):
        raise InvalidInputError(f"tol must be a positive number, got {tol!r}")
    if isinstance(max_passes, bool) or not isinstance(max_passes, int) or max_passes < 0:
        raise InvalidInputError(f"max_passes must be a non-negative integer, got {max_passes!r}")
    stream = stream_for(X, bias=bias, norm=norm, activation=activation, chunk_size=chunk_size)
    yv = rational_vector(y, stream.n)
    bf = float(b)
    yf = np.array([float(v) for v in yv])
    ym = float(yf.mean()) if stream.bias else 0.0
    yc = yf - ym
    own = not isinstance(executor, Executor)
    ex = get_executor(executor)
    run = _Run(stream, yc, bf, tol, backend)
    if stream.norm == 1:
        run.exact = (yv, b)
    try:
        with single_threaded_blas(len(stream.tasks) > 1):  # small products only: a threaded BLAS fights the executor's threads
            run.start(init_columns)
            run.loop(ex, max_passes, max_add, progress)
            Kc, means = run.centred()
            r = yc - Kc @ run.z
            if stream.bias:
                r -= r.mean()
            corr = Kc.T @ r
            z = run.z
    finally:
        if own:
            ex.close()
    P, D, gap, M, passes = run.P, run.D, run.gap, run.M, run.passes
    if not passes:
        P = 0.5 * float(r @ r) + bf * float(np.abs(z).sum())
    t = (ym - float(means @ z)) if stream.bias else None
    timings = run.timings
    timings["total"] = time.perf_counter() - t_all
    return StreamSolution(
        beta=b, working_set=list(run.ws.idx), z=z, intercept=t, primal=P, dual=D, gap=gap,
        relative_gap=gap / max(P, _TINY) if passes else float("nan"), max_correlation=M, passes=passes,
        history=run.history, timings=timings, total_columns=stream.total, converged=run.converged,
        solver=f"streamed working set ({run.info['backend']} on W, {ex.name} pricing)", tol=tol,
        stream=stream, y=yv, correlations=corr,
    )
