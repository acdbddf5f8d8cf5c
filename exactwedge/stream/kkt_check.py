r"""The exact KKT bound :math:`|K_j^\top r| \le \beta` on every column of a streamed dictionary.

One task (:func:`certify_chunk`) checks one chunk ``(block, start, stop)`` of a
:class:`~exactwedge.stream.columns.ColumnStream` against an exact residual
:math:`r = R/D_n`; :func:`check_all_columns` runs the tasks on an executor and
merges their counts. With :math:`K_j = N_j/s_j` (N integer) and
:math:`\beta = p/q`, the bound is the integer inequality
:math:`q|N_j^\top R| \le p\,s_jD_n`; the support condition
:math:`K_j^\top r = \beta\,\mathrm{sign}(z_j)` is checked on the way. The
certify loop that re-solves on violators is
:func:`exactwedge.stream.certify.certify_stream`.

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

>>> from exactwedge.stream.executors import get_executor
>>> out = check_all_columns(get_executor("serial"), ColumnStream([[1, 0], [0, 1]]), [1, 0], 1, Fraction(1), {}, "filter")
>>> out["checked"], out["violators"], out["max"]
(8, 0, Fraction(1, 1))
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import SolverError
from ..lasso.columns import ExactColumns
from ..progress import progress_bar
from .columns import ColumnStream, block_columns, block_crosses, block_info
from .executors import Executor
from ..numbers.floats import single_threaded_blas
from .pricing import feature_blocks

__all__ = ["certify_chunk", "check_all_columns", "MODES"]

#: How the bound is decided for most columns.
MODES = ("filter", "integer")
_U = 2.0 ** -53
_SAFE53 = 2**53
_MARGIN = 2.0 ** -50
#: Violations reported (with exact values) per chunk; the rest are only counted.
_TOP = 1000


def _exact_T(shared: dict, b: int, C: np.ndarray, sidx: np.ndarray) -> tuple[list[int], list[int]]:
    """``N_jᵀR`` and ``s_j`` of the given columns, in exact integers (flint)."""
    N, s = block_columns(shared, b, C, sidx)
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
    _points, rows, _a = block_info(shared, b)
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
    _points, rows, _a = block_info(shared, b)
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


# ---------------------------------------------------------------- all chunks
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


def check_all_columns(ex: Executor, stream: ColumnStream, R: list[int], Dn: int, beta: Fraction, support: dict,
                      mode: str, progress: Any = None, label: str = "exact check") -> dict:
    """Check the exact KKT bound on every column of ``stream`` against ``r = R/Dn``, chunk by chunk on ``ex``.

    ``support`` is ``{global column: sign of z_j}``. Returns the merged counts
    (``checked``, ``filter``, ``integer``, ``violators``), the largest
    violations ``[(global, |K_jᵀr|)]`` (exact, largest first), the support
    columns that fail (``support_bad``) and the exact ``max |K_jᵀr|``.

    >>> from exactwedge.stream.executors import get_executor
    >>> S = ColumnStream([[1, 2], [3, 1]])
    >>> out = check_all_columns(get_executor("serial"), S, [1, -1], 1, Fraction(1, 2), {}, "integer")
    >>> out["violators"], out["violations"][:2], out["max"]
    (4, [(6, Fraction(2, 1)), (0, Fraction(5, 3))], Fraction(2, 1))
    """
    rhat = np.array([float(Fraction(v, Dn)) for v in R])
    shared = {**stream.shared, "R": R, "Dn": Dn, "bp": beta.numerator, "bq": beta.denominator, "bf": float(beta),
              "rhat": rhat, "support": support, "support_idx": np.array(sorted(support), dtype=np.int64), "mode": mode,
              "top": _TOP}
    if mode == "integer":
        shared["limbs"] = _limbs(stream, R, Dn, beta)
    with progress_bar(label, len(stream.tasks), enabled=progress) as update, \
            single_threaded_blas(len(stream.tasks) > 1):
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

