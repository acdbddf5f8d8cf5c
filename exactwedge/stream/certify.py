r"""Exact optimality over a streamed dictionary: solve exactly on a working set, check every column.

:func:`certify_stream` takes the float working set of
:func:`~exactwedge.stream.working_set.solve_stream`, solves the Lasso
**exactly** on its support and near-active columns
(:func:`exactwedge.lasso.solve.solve_lasso`, rational, certified on those
columns), and then checks the exact KKT conditions (THEORY §7) on **every**
column of the dictionary, streamed:

.. math:: |K_j^\top r| \le \beta\ \forall j,\qquad K_j^\top r = \beta\,\mathrm{sign}(z_j)\ (z_j\ne 0),
          \qquad \mathbf 1^\top r = 0\ (\text{with an intercept}).

With :math:`r = R/D_n` (R an integer vector) and :math:`K_j = N_j/s_j` (N integer),
:math:`K_j^\top r = N_j^\top R/(s_jD_n)`, and the bound is the integer
inequality :math:`q|N_j^\top R| \le p\,s_jD_n` for :math:`\beta = p/q`. If a
column violates it, the violators join the exact working set and the exact
solve is repeated, so the answer is an exact optimum with a certificate.

How the inequality is decided for a million columns (a rigorous float
filter, or integer limbs; both exact) is :mod:`exactwedge.stream.kkt_check`.

>>> res = certify_stream([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 2], "1/10", executor="serial")
>>> res.value, res.certificate.holds, res.certificate.columns
(Fraction(59, 300), True, 12)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence


from ..exceptions import InvalidInputError, SolverError
from ..lasso.certificate import integer_residual, kkt_json
from ..lasso.columns import ExactColumns
from ..problem import rational_vector
from ..lasso.solve import LassoSolution, solve_lasso
from ..numbers.certificate import OptimalityCertificate
from ..problem import check_beta
from ..dictionary.keys import column_keys
from .columns import ColumnStream, StreamedDictionary
from .executors import Executor, get_executor
from .kkt_check import MODES, check_all_columns
from .working_set import StreamSolution, solve_stream

__all__ = ["StreamCertificate", "ExactStreamResult", "certify_stream", "exact_residual"]


@dataclass(eq=True)
class StreamCertificate(OptimalityCertificate):
    """The exact KKT check over every column of a streamed dictionary.

    Also a read-only mapping: ``cert["holds"]``, ``dict(cert)`` give the
    entries of :meth:`to_json`. Its ``kind`` names the check and the mode.

    Attributes
    ----------
    holds : bool
    beta : Fraction
    max_abs_correlation : Fraction
        ``max_j |K_jᵀr|`` over all columns, exactly.
    support : list of int
        Global columns with ``z_j ≠ 0``.
    support_ok, bound_ok : bool
    intercept_ok : bool or None
    residual_sum : Fraction or None
    violations : list of int
        Up to 10 global columns that break a condition (largest first).
    violators : int
        How many columns break the bound.
    columns : int
        Columns checked (every candidate of the dictionary).
    by_filter, by_integer : int
        How many were decided by the float filter and in exact integers.
    mode : str
    rounds : int
        Exact solves (1 when the first exact working set was enough).
    timings : dict
        Seconds per step (not in :meth:`to_json`, which is the same on every
        executor and run; not compared by ``==``).

    Examples
    --------
    >>> c = StreamCertificate(True, Fraction(1), Fraction(1), [3], True, True, None, None, [], 0, 8, 6, 2, "filter", 1, {})
    >>> c.to_json()["max_abs_correlation_over_beta"], c.to_json()["columns_checked"]
    ('1', 8)
    >>> c == StreamCertificate(True, Fraction(1), Fraction(1), [3], True, True, None, None, [], 0, 8, 6, 2, "filter", 1,
    ...                        {"check": 0.5})
    True
    >>> c["holds"], c["by_filter"], "rounds" in c
    (True, 6, True)
    >>> c.kind
    'exact KKT over every streamed column (rational arithmetic; bounds by a rigorous float64 filter or in integers)'
    """

    holds: bool
    beta: Fraction
    max_abs_correlation: Fraction
    support: list
    support_ok: bool
    bound_ok: bool
    intercept_ok: bool | None
    residual_sum: Fraction | None
    violations: list
    violators: int
    columns: int
    by_filter: int
    by_integer: int
    mode: str
    rounds: int
    timings: dict = field(default_factory=dict, compare=False)

    __hash__ = None  # type: ignore[assignment]

    @property
    def kind(self) -> str:
        """What was proved: the exact KKT conditions on every column, and how the bounds were decided."""
        how = "every bound in integers" if self.mode == "integer" else "bounds by a rigorous float64 filter or in integers"
        return f"exact KKT over every streamed column (rational arithmetic; {how})"

    def to_json(self) -> dict:
        """The keys of :meth:`exactwedge.lasso.certificate.Certificate.to_json`, plus the streamed counts."""
        return {
            **kkt_json(self),
            "violators": self.violators,
            "streamed": True,
            "mode": self.mode,
            "columns_checked": self.columns,
            "by_filter": self.by_filter,
            "by_integer": self.by_integer,
            "max_abs_correlation_over_beta": str(self.max_abs_correlation / self.beta),
            "rounds": self.rounds,
        }


@dataclass
class ExactStreamResult:
    """An exact Lasso optimum over a streamed dictionary, with its certificate.

    Attributes
    ----------
    value : Fraction
        The exact optimal value.
    z : dict
        ``{global column: Fraction}`` on the support.
    intercept : Fraction or None
    beta : Fraction
    certificate : StreamCertificate
    dictionary : StreamedDictionary
        The exact working set (its columns, with provenance).
    z_local : list of Fraction
        The coefficients on ``dictionary``'s columns.
    solution : LassoSolution
        The exact solve on the working set.

    Two results are ``==`` when their values, coefficients, intercepts and
    certificates agree (timings and the objects behind them are not compared).

    Examples
    --------
    >>> res = certify_stream([0, 1, 3], [0, 1, 1], 1, bias=True, executor="serial")
    >>> res.value, res.certificate.support, res.z  # the same value as fit(); z need not be unique
    (Fraction(9, 28), [5], {5: Fraction(-1, 14)})
    """

    value: Fraction
    z: dict
    intercept: Fraction | None
    beta: Fraction
    certificate: StreamCertificate
    dictionary: StreamedDictionary = field(repr=False, compare=False)
    z_local: list = field(repr=False)
    solution: LassoSolution = field(repr=False, compare=False)
    stream: ColumnStream = field(repr=False, compare=False)
    timings: dict = field(default_factory=dict, compare=False)


# ---------------------------------------------------------------- exact residual
def exact_residual(D: Any, y: Sequence[Fraction], z: Sequence[Fraction], t: Fraction | None) -> tuple[list[int], int]:
    """``r = y − Kz − t`` as ``(R, D)`` with R integers and ``r = R/D`` exactly.

    >>> from exactwedge.lasso.columns import ExactColumns
    >>> exact_residual(ExactColumns.from_rational([[1], [2]]), [Fraction(1), Fraction(1)], [Fraction(1, 3)], None)
    ([2, 1], 3)
    """
    cols = D if isinstance(D, ExactColumns) else ExactColumns(D.numerators, D.scales)
    R, Dn = integer_residual(cols, y, z, t)
    g = 0
    for v in R + [Dn]:
        g = math.gcd(g, v)
    return [v // g for v in R], Dn // g


def certify_stream(problem: Any, y: Any = None, beta: Any = None, solution: StreamSolution | None = None, *, bias: bool = False, norm: int = 1,
                   activation: str = "relu", executor: Any = None, mode: str = "filter", chunk_size: int | None = None,
                   tol: float = 1e-9, max_rounds: int = 20, grow: bool = True, columns: Sequence[int] | None = None,
                   progress: Any = None) -> ExactStreamResult:
    """The exact Lasso optimum over a streamed ℓ1 dictionary, certified on every column.

    Parameters
    ----------
    problem : StreamSolution, or (n, d) data / ColumnStream
        A float solution of :func:`~exactwedge.stream.working_set.solve_stream`
        (its working set seeds the exact one), or the data, in which case
        ``y`` and ``beta`` are needed and the float solve runs first.
    y, beta :
        Labels and β when ``problem`` is data.
    solution : StreamSolution, optional
        With data, a float solution of that same problem to start from
        (instead of solving it here).
    bias, norm, activation, chunk_size, tol :
        As for ``solve_stream`` when ``problem`` is data (norm must be 1: the
        ℓ2 columns are irrational).
    executor : Executor, str or None
        Where the chunk checks run (default threads; one made here is closed here).
    mode : {"filter", "integer"}
        How most columns are decided (see the module docstring); both are exact.
    max_rounds : int
        At most this many exact solves (violators join the exact working set between them).
    grow : bool
        Add violators and re-solve (True), or report the check of the
        first exact solve as it is (False: for sampled working sets).
    columns : sequence of int, optional
        The first exact working set (default: the float support and the
        working-set columns within 10⁻⁷ of active).
    progress : bool or None
        One progress bar per streamed check.

    Returns
    -------
    ExactStreamResult

    Examples
    --------
    >>> res = certify_stream([[1, 2], [3, 1], [2, 2]], [1, 0, 2], "1/2", executor="serial", mode="integer")
    >>> res.value, res.certificate.holds, res.certificate.by_filter
    (Fraction(13, 16), True, 0)
    """
    t_all = time.perf_counter()
    if mode not in MODES:
        raise InvalidInputError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    timings: dict[str, float] = {}
    own = not isinstance(executor, Executor)
    ex = get_executor(executor)
    try:
        if isinstance(problem, StreamSolution):
            sol = problem
        elif solution is not None:
            sol = solution
            if y is not None and beta is not None and (check_beta(beta) != sol.beta or
                                                       list(rational_vector(y, len(sol.y))) != sol.y):
                raise InvalidInputError("the solution given is for other labels or another beta")
        else:
            if y is None or beta is None:
                raise InvalidInputError("certify_stream needs y and beta when given data")
            if norm != 1:
                raise InvalidInputError("an ℓ2 dictionary has irrational columns; exact certification needs norm=1")
            check_beta(beta)
            sol = solve_stream(problem, y, beta, bias=bias, norm=norm, activation=activation, tol=tol,
                               chunk_size=chunk_size, executor=ex, progress=progress)
            timings["float"] = sol.timings["total"]
        stream, b, yv = sol.stream, sol.beta, sol.y
        if stream.norm != 1:
            raise InvalidInputError("an ℓ2 dictionary has irrational columns; exact certification needs norm=1")
        near = float(b * (1 - Fraction(1, 10**7)))
        ws = list(columns) if columns is not None else [
            g for g, zj, cj in zip(sol.working_set, sol.z, sol.correlations) if zj != 0 or abs(cj) >= near]
        keys = set()
        exact_ws: list[int] = []
        _extend(stream, exact_ws, keys, ws)
        rounds = 0
        timings.update({"exact_solve": 0.0, "check": 0.0})
        while True:
            rounds += 1
            t0 = time.perf_counter()
            # global column order: solve_lasso's canonical choice among tied optima must not follow
            # the order in which the float solve found the columns
            D = stream.dictionary(sorted(exact_ws))
            ls = solve_lasso(D, yv, b, intercept=stream.bias)
            timings["exact_solve"] += time.perf_counter() - t0
            if not ls.certificate.holds:  # pragma: no cover - solve_lasso stops only at a KKT point
                raise SolverError("the exact solve on the working set failed its own certificate")
            R, Dn = exact_residual(D, yv, ls.z, ls.intercept)
            support = {int(g): (1 if v > 0 else -1) for g, v in zip(D.global_indices, ls.z) if v}
            t0 = time.perf_counter()
            chk = check_all_columns(ex, stream, R, Dn, b, support, mode, progress, f"exact check {rounds}")
            timings["check"] += time.perf_counter() - t0
            bound_ok = not chk["violations"]
            if bound_ok or not grow or rounds >= max_rounds:
                break
            before = len(exact_ws)
            _extend(stream, exact_ws, keys, [g for g, _v in chk["violations"][:max(10, len(exact_ws))]])
            if len(exact_ws) == before:  # pragma: no cover - a violator is never a duplicate of a member
                break
    finally:
        if own:
            ex.close()
    support_ok = not chk["support_bad"]
    rsum = Fraction(sum(R), Dn) if stream.bias else None
    intercept_ok = (rsum == 0) if stream.bias else None
    holds = bound_ok and support_ok and intercept_ok is not False
    if chk["checked"] != stream.total:  # pragma: no cover - every task covers its range
        raise SolverError(f"checked {chk['checked']} columns of {stream.total}")
    viol = ([g for g, _v in chk["violations"]] + sorted(chk["support_bad"]))[:10]
    timings["total"] = time.perf_counter() - t_all
    cert = StreamCertificate(holds, b, chk["max"], sorted(support), support_ok, bound_ok, intercept_ok, rsum,
                             viol, chk["violators"], chk["checked"], chk["filter"], chk["integer"], mode, rounds,
                             dict(timings))
    zmap = {int(g): v for g, v in sorted(zip(D.global_indices, ls.z)) if v}
    return ExactStreamResult(ls.value, zmap, ls.intercept if stream.bias else None, b, cert, D, list(ls.z), ls,
                             stream, timings)


def _extend(stream: ColumnStream, ws: list, keys: set, new: Sequence[int]) -> None:
    """Append the new columns to the exact working set, skipping zero columns and exact duplicates."""
    have = set(ws)
    todo = [g for g in dict.fromkeys(int(v) for v in new) if g not in have]
    if not todo:
        return
    N, s, ok = stream.integer_columns(todo)
    for g, key, k in zip(todo, column_keys(N, s, stream.norm), ok.tolist()):
        if not k or key is None or key in keys:
            continue
        keys.add(key)
        ws.append(g)
