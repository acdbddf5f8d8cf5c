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

Two ways to decide the inequality for a million columns:

``mode="filter"`` (default)
    A rigorous floating-point filter. The entries of N are integers below
    :math:`2^{53}` (checked per chunk from :math:`\max|\tilde x|\cdot\lVert c\rVert_1`),
    so they are exact in float64; :math:`\hat r = \mathrm{fl}(r)` entrywise
    (correctly rounded). For any summation order, with :math:`u = 2^{-53}`,

    .. math:: |N_j^\top r - \mathrm{fl}(N_j^\top\hat r)|
              \le (n + 2)\,u\,(1 + \delta)\,N_j^\top|\hat r| + \tau

    (:math:`\gamma_n = nu/(1 - nu)` for the dot product, u for rounding r,
    δ ≤ 2(n+d)u for computing the bound itself in floating point, and τ an
    absolute term for underflow). For the ``−`` ReLU column,
    :math:`N^-_j = N^+_j - \tilde Xc_j` is evaluated as
    :math:`\mathrm{fl}(N^{+\top}_j\hat r) - \mathrm{fl}(c_j\cdot\mathrm{fl}(\tilde X^\top\hat r))`,
    whose error is at most :math:`(n + d + 4)\,u\,(1+\delta)\,(N^{+\top}_j|\hat r| + |c_j|\cdot(|\tilde X|^\top|\hat r|))`.
    The filter uses the generous bound
    :math:`E_j = 2(n + d + 4)\,u\,A_j + \tau`, :math:`\tau = (n + d + 4)\,2^{-1000}(1 + \max N)`,
    with :math:`A_j` the computed absolute sums, and certifies column j when
    :math:`\mathrm{fl}(|v_j| + E_j)(1 + 2^{-50}) < \mathrm{fl}(\mathrm{fl}(\beta)\,\mathrm{fl}(s_j))(1 - 2^{-50})`
    (the factors cover the four roundings of that comparison). Every other
    column (the support, ties, near-active ones, chunks whose N could exceed
    :math:`2^{53}`) is decided in exact Python/flint integers.

``mode="integer"``
    No floating point in any decision. R (times q) is split into signed
    limbs of B bits, :math:`R = \sum_l R_l 2^{Bl}`, with B chosen so that
    :math:`n\max|N|\,2^B < 2^{53}`: every partial sum of :math:`N^\top R_l` is
    an integer below :math:`2^{53}`, so float64 BLAS computes it exactly. The
    limbs are recombined and compared with :math:`s_j\,pD_n` in int64 limb
    arithmetic (carry-normalized digits, sign read from the top limb).

>>> res = certify_stream([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 2], "1/10", executor="serial")
>>> res.value, res.certificate.holds, res.certificate.columns
(Fraction(59, 300), True, 12)
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidInputError, SolverError
from ..lasso.certificate import integer_residual, kkt_json
from ..lasso.columns import ExactColumns, rational_vector
from ..lasso.solve import LassoSolution, check_beta, solve_lasso
from ..progress import progress_bar
from .columns import ColumnStream, StreamedDictionary, _block_info, _exact_columns, block_crosses
from .executors import Executor, get_executor
from .pricing import feature_blocks, single_threaded_blas
from .working_set import StreamSolution, _key, solve_stream

__all__ = ["StreamCertificate", "ExactStreamResult", "certify_stream", "certify_chunk", "exact_residual", "MODES"]

#: How the bound is decided for most columns.
MODES = ("filter", "integer")
_U = 2.0 ** -53
_SAFE53 = 2**53
_MARGIN = 2.0 ** -50
#: Violations reported (with exact values) per chunk; the rest are only counted.
_TOP = 1000


@dataclass(eq=True)
class StreamCertificate(Mapping):
    """The exact KKT check over every column of a streamed dictionary.

    Also a read-only mapping: ``cert["holds"]``, ``dict(cert)`` give the
    entries of :meth:`to_json`.

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

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_json())

    def __len__(self) -> int:
        return len(self.to_json())

    __hash__ = None  # type: ignore[assignment]

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


# ---------------------------------------------------------------- the chunk task
def _exact_T(shared: dict, b: int, C: np.ndarray, sidx: np.ndarray) -> tuple[list[int], list[int]]:
    """``N_jᵀR`` and ``s_j`` of the given columns, in exact integers (flint)."""
    N, s = _exact_columns(shared, b, C, sidx)
    s = [int(v) if int(v) else 1 for v in s]
    return ExactColumns(N, s).At_times(shared["R"]), s


def _decide(shared: dict, idx: Sequence[int], T: Sequence[int], s: Sequence[int], out: dict) -> None:
    """Exact integer decisions for columns with known ``T_j = N_jᵀR``."""
    bp, bq, Dn = shared["bp"], shared["bq"], shared["Dn"]
    sup = shared["support"]
    best = out["max"]
    for g, t, sj in zip(idx, T, s):
        rhs = bp * sj * Dn
        lhs = abs(t) * bq
        if lhs > rhs:
            out["violators"] += 1
            out["violations"].append((int(g), Fraction(abs(t), sj * Dn)))
        sg = sup.get(int(g))
        if sg is not None and t * bq != sg * rhs:
            out["support_bad"].append(int(g))
        if abs(t) * best[1] > best[0] * sj:
            best = (abs(t), sj)
    out["max"] = best


def _filter_block(shared: dict, b: int, C: np.ndarray, first: int, out: dict) -> None:
    """The float filter on one block of crosses; uncertain columns are decided exactly."""
    _points, rows, _a = _block_info(shared, b)
    relu = shared["activation"] == "relu"
    signs = shared["signs"]
    n, d = rows.shape
    Cabs_l1 = np.abs(C).sum(axis=1) if C.dtype != object else np.array([sum(abs(int(v)) for v in c) for c in C], dtype=object)
    maxrow = int(np.abs(rows).max()) if rows.size else 0
    maxN = maxrow * int(max(Cabs_l1.max(initial=0), 0))
    m = C.shape[0]
    if maxN >= _SAFE53 or C.dtype == object or rows.dtype == object:  # not exact in float64: all exact
        sidx = np.tile(np.arange(signs), m)
        C2 = np.repeat(C, signs, axis=0)
        T, s = _exact_T(shared, b, C2, sidx)
        _decide(shared, first + np.arange(signs * m), T, s, out)
        out["integer"] += signs * m
        return
    rows_f = rows.astype(np.float64)
    Cf = C.astype(np.float64)
    rr = np.stack([shared["rhat"], np.abs(shared["rhat"])], axis=1)  # (n, 2)
    sf = (Cabs_l1 * shared["L"]).astype(np.float64)
    cfac = 2.0 * (n + d + 4) * _U
    tau = (n + d + 4) * 2.0 ** -1000 * (1.0 + maxN)
    bf = shared["bf"]
    if relu:
        rX = rows_f.T @ rr  # (d, 2): X̃ᵀr̂, |X̃|ᵀ|r̂| needs |X̃|
        rXabs = np.abs(rows_f).T @ rr[:, 1]
        w = Cf @ rX[:, 0]
        a_raw = np.abs(Cf) @ rXabs
    vals = np.empty(signs * m)
    errs = np.empty(signs * m)
    for i, j, P in feature_blocks(rows_f, Cf, shared["activation"]):
        VA = P.T @ rr  # (j-i, 2)
        if relu:
            vals[2 * i:2 * j:2] = VA[:, 0]
            errs[2 * i:2 * j:2] = cfac * VA[:, 1] + tau
            vals[2 * i + 1:2 * j:2] = VA[:, 0] - w[i:j]
            errs[2 * i + 1:2 * j:2] = cfac * (VA[:, 1] + a_raw[i:j]) + tau
        else:
            vals[i:j] = VA[:, 0]
            errs[i:j] = cfac * VA[:, 1] + tau
    s_rep = np.repeat(sf, signs)
    upper = (np.abs(vals) + errs) * (1.0 + _MARGIN)
    lower = (np.abs(vals) - errs) * (1.0 - _MARGIN)
    sure = upper < bf * s_rep * (1.0 - _MARGIN)  # certainly |K_jᵀr| < β
    above = lower > bf * s_rep * (1.0 + _MARGIN)  # certainly |K_jᵀr| > β
    unsure = ~(sure | above)
    # exact values for: the uncertain columns, the support, the candidates for the chunk's max
    # (upper bound reaching the best lower bound), and the largest certain violators
    ratio_hi = upper / s_rep
    ratio_lo = lower / s_rep
    lo = float(ratio_lo.max(initial=0.0))
    cand = unsure | (ratio_hi >= lo * (1.0 - 1e-9))
    glob = first + np.arange(signs * m)
    sup = shared["support_idx"]
    if len(sup):
        cand |= np.isin(glob, sup)
    hi = np.flatnonzero(above)
    if len(hi) > shared["top"]:
        hi = hi[np.argsort(-ratio_lo[hi], kind="stable")[:shared["top"]]]
    cand[hi] = True
    out["filter"] += int(sure.sum() + above.sum())
    out["integer"] += int(unsure.sum())
    out["violators"] += int((above & ~cand).sum())
    pos = np.flatnonzero(cand)
    if len(pos):
        T, s = _exact_T(shared, b, C[pos // signs], pos % signs)
        n_bad = out["violators"]
        _decide(shared, glob[pos], T, s, out)
        settled = out["violators"] - n_bad
        expect = int((above & cand).sum())
        if settled < expect:  # pragma: no cover - would be a bug in the filter's error bound
            raise SolverError("the float filter and the exact check disagree")


def _normalize(A: np.ndarray, B: int) -> np.ndarray:
    """Carry-normalize int64 limbs in place, limb-major (``A[l]`` is limb l of every number):
    digits in [0, 2^B), the top limb signed, so a number is negative iff its top limb is."""
    mask = (1 << B) - 1
    for lmb in range(A.shape[0] - 1):
        c = A[lmb] >> B
        A[lmb] &= mask
        A[lmb + 1] += c
    return A


#: Crosses per group in the integer check (limb arrays of L × 2·_GROUP int64).
_GROUP = 4096


def _integer_block(shared: dict, b: int, C: np.ndarray, first: int, out: dict) -> None:
    """Exact integer check of one block of crosses through B-bit limbs (float64 BLAS, exact)."""
    _points, rows, _a = _block_info(shared, b)
    signs = shared["signs"]
    m = C.shape[0]
    lim = shared.get("limbs")
    if lim is None or C.dtype == object or rows.dtype == object:  # no safe limb size: Python integers
        sidx = np.tile(np.arange(signs), m)
        T, s = _exact_T(shared, b, np.repeat(C, signs, axis=0), sidx)
        _decide(shared, first + np.arange(signs * m), T, s, out)
        out["integer"] += signs * m
        return
    for i in range(0, m, _GROUP):
        j = min(i + _GROUP, m)
        _integer_group(shared, rows, C[i:j], first + signs * i, out)


def _integer_group(shared: dict, rows: np.ndarray, C: np.ndarray, first: int, out: dict) -> None:
    lim = shared["limbs"]
    relu = shared["activation"] == "relu"
    signs = shared["signs"]
    Bbits, RlT, Qd, L = lim["B"], lim["RT"], lim["Q"], lim["L"]
    m = C.shape[0]
    Lr = RlT.shape[0]
    rows_f = rows.astype(np.float64)
    Cf = C.astype(np.float64)
    s = np.abs(C).sum(axis=1) * shared["L"]  # int64 (bounded by the limb set-up)
    T = np.zeros((L, signs * m), dtype=np.int64)  # limb-major: T[l, j] = limb l of q·N_jᵀR
    if relu:
        W = (rows.T.astype(np.int64) @ lim["Rint"]).T @ C.T  # (Lr, m): limbs of (X̃c_j)ᵀR', exact int64
    for i, j, P in feature_blocks(rows_f, Cf, shared["activation"]):
        Tp = (RlT @ P).astype(np.int64)  # exact: every partial sum is an integer below 2^53
        if relu:
            T[:Lr, 2 * i:2 * j:2] = Tp
            T[:Lr, 2 * i + 1:2 * j:2] = Tp - W[:, i:j]
        else:
            T[:Lr, i:j] = Tp
    _normalize(T, Bbits)
    neg = T[-1] < 0
    if neg.any():
        T[:, neg] = _normalize(-T[:, neg], Bbits)  # now T holds |q·N_jᵀR|: every digit in [0, 2^B)
    s_rep = np.repeat(s, signs)
    Dm = s_rep[None, :] * Qd[:, None] - T  # s_j·pD_n − q|N_jᵀR|, limb-wise (|entries| < 2^62)
    _normalize(Dm, Bbits)
    bad = Dm[-1] < 0
    zero = ~np.any(Dm != 0, axis=0)
    glob = first + np.arange(signs * m)
    out["integer"] += signs * m
    sup = shared["support"]
    # candidates for the max, from the top limbs (scaled by 2^{-B(L-k)}; the dropped digits add less than 1)
    k = min(L, 6)
    est = np.zeros(signs * m)
    for lmb in range(L - 1, L - k - 1, -1):
        est = est * float(1 << Bbits) + T[lmb]
    lo, hi = est / s_rep, (est + 1.0) / s_rep
    want = hi >= float(lo.max(initial=0.0)) * (1.0 - 1e-12)
    bad_pos = np.flatnonzero(bad)
    out["violators"] += len(bad_pos)
    if len(bad_pos) > shared["top"]:
        bad_pos = bad_pos[np.argsort(-lo[bad_pos], kind="stable")[:shared["top"]]]
    want[bad_pos] = True
    if sup:
        want |= np.isin(glob, shared["support_idx"])
    for p in np.flatnonzero(want).tolist():
        t = 0
        for lmb in range(L - 1, -1, -1):
            t = (t << Bbits) + int(T[lmb, p])
        t = -t if neg[p] else t  # = q·N_jᵀR
        g = int(glob[p])
        sj = int(s_rep[p])
        if bad[p]:
            out["violations"].append((g, Fraction(abs(t), sj * shared["Dn"] * shared["bq"])))
        sg = sup.get(g)
        if sg is not None and not (zero[p] and (-1 if neg[p] else 1) == sg):
            out["support_bad"].append(g)
        best = out["max"]
        if abs(t) * best[1] > best[0] * sj * shared["bq"]:
            out["max"] = (abs(t), sj * shared["bq"])


def certify_chunk(task: tuple, shared: dict) -> dict:
    """Check the exact KKT bound (and the support condition) on one chunk ``(block, start, stop)``.

    ``shared`` is a :attr:`ColumnStream.shared` dict plus the exact residual
    (``R``, ``Dn``), β as ``bp/bq`` and ``bf = float(β)``, ``rhat`` (float
    residual), ``support`` (``{global: sign}``), ``support_idx``, ``mode`` and
    ``top`` (set up by :func:`certify_stream`). Returns the counts (``checked``,
    ``filter``, ``integer``, ``violators``), the ``top`` largest violations
    ``[(global, |K_jᵀr|)]`` (exact Fractions), the support columns that fail,
    and the chunk's exact ``max |K_jᵀr|`` as ``(numerator, s_j)`` over ``Dn``.

    >>> S = ColumnStream([[1, 0], [0, 1]])
    >>> sh = {**S.shared, "R": [1, 0], "Dn": 1, "bp": 1, "bq": 1, "bf": 1.0, "rhat": np.array([1.0, 0.0]),
    ...       "support": {}, "support_idx": np.zeros(0, dtype=np.int64), "mode": "filter", "top": 10}
    >>> out = certify_chunk(S.tasks[0], sh)
    >>> out["checked"], out["violations"], Fraction(*out["max"])
    (8, [], Fraction(1, 1))
    """
    b, start, stop = task
    C = block_crosses(shared, b, start, stop)
    signs = shared["signs"]
    first = int(shared["offsets"][b]) + signs * start
    out = {"checked": signs * (stop - start), "filter": 0, "integer": 0, "violators": 0, "violations": [],
           "support_bad": [], "max": (0, 1)}
    nz = np.any(C != 0, axis=1)
    if not nz.all():  # dependent subsets: zero columns, |0| ≤ β; decided without arithmetic
        out["integer"] += signs * int((~nz).sum())
    runs = np.flatnonzero(np.diff(np.concatenate([[0], nz.astype(np.int8), [0]])))
    for a, z in zip(runs[0::2].tolist(), runs[1::2].tolist()):
        if shared["mode"] == "integer":
            _integer_block(shared, b, C[a:z], first + signs * a, out)
        else:
            _filter_block(shared, b, C[a:z], first + signs * a, out)
    out["violations"] = sorted(out["violations"], key=lambda t: (-t[1], t[0]))[:shared["top"]]
    return out


# ---------------------------------------------------------------- driver
def _limbs(stream: ColumnStream, R: list[int], Dn: int, beta: Fraction) -> dict | None:
    """Limb set-up for ``mode="integer"``: B bits with ``n·max N·2^B < 2^53``, or None."""
    sh = stream.shared
    n, d = stream.n, stream.d
    XI = sh["XI"]
    if XI.dtype == object:
        return None
    M = int(np.abs(XI).max()) if XI.size else 0
    Mrows = 2 * M if stream.bias else M
    Mpts = max(Mrows, 1)
    l1 = d * math.factorial(d - 1) * Mpts ** (d - 1)
    maxN = max(Mrows * l1, 1)
    B = 52 - (n * maxN).bit_length() - 1
    smax = l1 * stream.L
    if B < 8 or smax.bit_length() + B > 60:
        return None
    Rq = [v * beta.denominator for v in R]
    bits = max((abs(v).bit_length() for v in Rq), default=1)
    Lr = max(1, -(-bits // B))
    mask = (1 << B) - 1
    Rint = np.zeros((n, Lr), dtype=np.int64)
    for i, v in enumerate(Rq):
        a, sgn = abs(v), (1 if v >= 0 else -1)
        for lmb in range(Lr):
            Rint[i, lmb] = sgn * ((a >> (B * lmb)) & mask)
    Q = beta.numerator * Dn
    Lq = max(1, -(-Q.bit_length() // B))
    L = max(Lr, Lq + -(-smax.bit_length() // B)) + 2
    Qd = np.zeros(L, dtype=np.int64)
    for lmb in range(Lq):
        Qd[lmb] = (Q >> (B * lmb)) & mask
    return {"B": B, "RT": np.ascontiguousarray(Rint.T.astype(np.float64)), "Rint": Rint, "Q": Qd, "L": L}


def _check_all(ex: Executor, stream: ColumnStream, R: list[int], Dn: int, beta: Fraction, support: dict,
               mode: str, progress: Any, label: str) -> dict:
    rhat = np.array([float(Fraction(v, Dn)) for v in R])
    shared = {**stream.shared, "R": R, "Dn": Dn, "bp": beta.numerator, "bq": beta.denominator, "bf": float(beta),
              "rhat": rhat, "support": support, "support_idx": np.array(sorted(support), dtype=np.int64), "mode": mode,
              "top": _TOP}
    if mode == "integer":
        shared["limbs"] = _limbs(stream, R, Dn, beta)
    with progress_bar(label, len(stream.tasks), enabled=progress) as update, single_threaded_blas():
        res = ex.map(certify_chunk, stream.tasks, shared, update)
    out = {"checked": 0, "filter": 0, "integer": 0, "violators": 0, "violations": [], "support_bad": [],
           "max": Fraction(0)}
    for r in res:
        for k in ("checked", "filter", "integer", "violators"):
            out[k] += r[k]
        out["violations"].extend(r["violations"])
        out["support_bad"].extend(r["support_bad"])
        out["max"] = max(out["max"], Fraction(r["max"][0], r["max"][1] * Dn))
    out["violations"].sort(key=lambda t: (-t[1], t[0]))
    return out


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
            D = stream.dictionary(exact_ws)
            ls = solve_lasso(D, yv, b, intercept=stream.bias)
            timings["exact_solve"] += time.perf_counter() - t0
            if not ls.certificate.holds:  # pragma: no cover - solve_lasso stops only at a KKT point
                raise SolverError("the exact solve on the working set failed its own certificate")
            R, Dn = exact_residual(D, yv, ls.z, ls.intercept)
            support = {int(g): (1 if v > 0 else -1) for g, v in zip(D.global_indices, ls.z) if v}
            t0 = time.perf_counter()
            chk = _check_all(ex, stream, R, Dn, b, support, mode, progress, f"exact check {rounds}")
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
    from .columns import crosses_at

    B, ranks, _s = stream.locate(todo)
    ok = np.ones(len(todo), dtype=bool)
    for blk in np.unique(B).tolist():
        pos = np.flatnonzero(B == blk)
        ok[pos] = np.any(crosses_at(stream.shared, blk, ranks[pos]) != 0, axis=1)
    todo = [g for g, k in zip(todo, ok.tolist()) if k]
    if not todo:
        return
    D = stream.dictionary(todo)
    for j, g in enumerate(todo):
        key = _key([int(v) for v in D.numerators[:, j]], int(D.scales[j]), stream.norm)
        if key is None or key in keys:
            continue
        keys.add(key)
        ws.append(g)
