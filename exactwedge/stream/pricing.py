r"""Pricing: the correlations :math:`K_j^\top r` of every streamed column with a residual.

One task prices one chunk ``(block, start, stop)`` of a
:class:`~exactwedge.stream.columns.ColumnStream` in float64 and returns only
the chunk's largest :math:`|K_j^\top r|` and its top violators, so a pass over
a million columns moves a few numbers per chunk.

* The chunk is processed in sub-blocks of about 2 MB (``n × block`` float64
  pre-activations), which stay in cache: one matrix product, one in-place ReLU
  and one matrix-vector product per sub-block.
* The ReLU pairs share that pass: :math:`\mathrm{relu}(-t) = \mathrm{relu}(t) - t`,
  so :math:`r^\top\mathrm{relu}(-\tilde Xc) = r^\top\mathrm{relu}(\tilde Xc) - (r^\top\tilde X)c`.
* With an intercept the caller passes a centred residual (:math:`\mathbf 1^\top r = 0`),
  for which :math:`K^\top r = \bar K^\top r`: the columns are never centred.
* Ties are broken deterministically: by value, decreasing, then by index.

>>> from exactwedge.stream.columns import ColumnStream
>>> S = ColumnStream([[1, 2], [3, 1]])
>>> res = price_chunk(S.tasks[0], {**S.shared, "r": np.array([1.0, -1.0]), "threshold": 0.5, "top": 3})
>>> res["max"], res["violators"], res["top"]
(2.0, 4, [(6, -2.0), (0, -1.6666666666666667), (3, 1.25)])
"""

from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np

from .columns import block_crosses, block_info, float_scales

__all__ = ["price_chunk", "merge_prices", "signatures", "sub_block", "feature_blocks"]




def sub_block(n: int) -> int:
    """Columns per cache-sized sub-block (about 2 MB of float64 pre-activations).

    >>> sub_block(1000), sub_block(10)
    (262, 4096)
    """
    return int(max(32, min(4096, (1 << 18) // max(n, 1))))


def feature_blocks(rows_f: np.ndarray, Cf: np.ndarray, activation: str) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield ``(i, j, σ(X̃ C[i:j]ᵀ))`` over cache-sized sub-blocks (:func:`sub_block`); for ReLU the + side.

    The ``−`` side of a ReLU pair is ``relu(−t) = relu(t) − t``, so callers
    never build it.

    >>> [(i, j, P.tolist()) for i, j, P in feature_blocks(np.array([[1.0], [-2.0]]), np.array([[1.0]]), "relu")]
    [(0, 1, [[1.0], [0.0]])]
    """
    step = sub_block(rows_f.shape[0])
    for i in range(0, Cf.shape[0], step):
        j = min(i + step, Cf.shape[0])
        P = rows_f @ Cf[i:j].T
        if activation == "relu":
            np.maximum(P, 0.0, out=P)
        else:
            np.abs(P, out=P)
        yield i, j, P


def _values(C: np.ndarray, rows_f: np.ndarray, r: np.ndarray, norm: int, L: int, activation: str) -> np.ndarray:
    """``K_jᵀ r`` of every column of the chunk (interleaved ± for ReLU)."""
    Cf = C.astype(np.float64) if C.dtype != object else np.array(C.tolist(), dtype=np.float64).reshape(C.shape)
    s = float_scales(C, norm, L)
    m = Cf.shape[0]
    relu = activation == "relu"
    out = np.empty(2 * m if relu else m)
    rX = r @ rows_f
    for i, j, raw in feature_blocks(rows_f, Cf, activation):
        if relu:
            p = r @ raw
            q = Cf[i:j] @ rX
            out[2 * i:2 * j:2] = p / s[i:j]
            out[2 * i + 1:2 * j:2] = (p - q) / s[i:j]
        else:
            out[i:j] = (r @ raw) / s[i:j]
    return out


def _top(idx: np.ndarray, vals: np.ndarray, k: int, sig: np.ndarray | None = None) -> tuple[list, list]:
    """The k entries of largest |value|, ties by index (both arrays already filtered), and their signatures.

    With signatures, only the first (largest) entry of each signature is kept.
    """
    if k <= 0 or not len(idx):
        return [], []
    a = np.abs(vals)
    if sig is None:
        if len(idx) > k:
            kth = np.partition(a, len(a) - k)[len(a) - k]
            keep = a >= kth
            idx, vals, a = idx[keep], vals[keep], a[keep]
        order = np.lexsort((idx, -a))[:k]
        return [(int(idx[o]), float(vals[o])) for o in order], []
    order = np.lexsort((idx, -a))
    _u, first = np.unique(sig[order], return_index=True)
    order = order[np.sort(first)][:k]
    return [(int(idx[o]), float(vals[o])) for o in order], sig[order].tolist()


def signatures(C: np.ndarray, rows_f: np.ndarray, activation: str, cols: np.ndarray | None = None) -> np.ndarray:
    """A 64-bit sign pattern per column on at most 64 evenly spaced rows (columns interleaved ± for ReLU).

    Columns with the same signature are near-copies (hyperplanes that split
    those samples alike); pricing keeps the best of each, so that the
    candidates it returns are not thousands of copies of one hyperplane.
    ``cols`` selects columns of the chunk (default: all).

    >>> signatures(np.array([[1, 0], [0, 1]]), np.array([[1.0, -1.0], [2.0, 1.0]]), "relu").tolist()
    [13835058055282163712, 0, 4611686018427387904, 9223372036854775808]
    """
    n = rows_f.shape[0]
    signs = 2 if activation == "relu" else 1
    cols = np.arange(signs * C.shape[0]) if cols is None else np.asarray(cols, dtype=np.int64)
    pick = np.unique(np.linspace(0, n - 1, min(n, 64)).astype(np.int64)) if n else np.zeros(0, np.int64)
    Csel = np.take(C, cols // signs, axis=0)
    # float32: only signs are read, and only to diversify the candidates (a heuristic, never a decision)
    Cf = Csel.astype(np.float32) if Csel.dtype != object else np.array(Csel.tolist(), dtype=np.float32).reshape(Csel.shape)
    T = Cf @ np.ascontiguousarray(rows_f[pick].T, dtype=np.float32)  # (columns, ≤ 64)
    if signs == 2:
        T *= (1 - 2 * (cols % 2)).astype(np.float32)[:, None]
    packed = np.zeros((len(cols), 8), dtype=np.uint8)
    pb = np.packbits(T > 0, axis=1)
    packed[:, :pb.shape[1]] = pb
    return packed.view(">u8").ravel().astype(np.uint64)


#: With signatures, the candidates of a chunk are first cut to this many times ``top`` by value.
_PRESELECT = 8


def price_chunk(task: tuple, shared: dict) -> dict:
    """Price one chunk against the residual ``shared["r"]`` (float64, length n).

    ``shared`` is a :attr:`ColumnStream.shared` dict plus ``r``, ``threshold``
    (report columns with ``|K_jᵀr| > threshold``), ``top`` (at most this
    many), optionally ``exclude`` (a sorted array of global indices never
    reported, e.g. the working set) and ``distinct`` (report only the best
    column of each :func:`signatures` value, and the signatures as ``sig``). Returns ``max`` (over *all* columns of
    the chunk), ``argmax``, ``violators`` (how many exceed the threshold,
    excluded ones not counted) and ``top`` (``[(index, value)]``, by
    decreasing ``|value|`` then increasing index).

    >>> from exactwedge.stream.columns import ColumnStream
    >>> S = ColumnStream([[0, 1], [1, 0], [1, 1]], activation="abs")
    >>> sh = {**S.shared, "r": np.array([-1.0, 0.0, 1.0]), "threshold": 0.0, "top": 3, "exclude": np.array([2])}
    >>> out = price_chunk(S.tasks[0], sh)
    >>> out["max"], out["argmax"], out["top"], out["violators"]
    (1.0, 0, [(0, 1.0), (4, 1.0)], 2)
    """
    b, start, stop = task
    C = block_crosses(shared, b, start, stop)
    _points, rows, _a = block_info(shared, b)
    rows_f = rows.astype(np.float64) if rows.dtype != object else np.array(rows.tolist(), dtype=np.float64).reshape(rows.shape)
    r = np.asarray(shared["r"], dtype=np.float64)
    vals = _values(C, rows_f, r, shared["norm"], shared["L"], shared["activation"])
    first = int(shared["offsets"][b]) + shared["signs"] * start
    a = np.abs(vals)
    am = int(np.argmax(a)) if len(a) else 0
    out = {"max": float(a[am]) if len(a) else 0.0, "argmax": first + am, "violators": 0, "top": []}
    hit = np.flatnonzero(a > shared.get("threshold", np.inf))
    if len(hit):
        idx = first + hit
        excl = shared.get("exclude")
        if excl is not None and len(excl):
            keep = ~np.isin(idx, excl)
            hit, idx = hit[keep], idx[keep]
        out["violators"] = int(len(hit))
        k = int(shared.get("top", 0))
        sig = None
        if shared.get("distinct") and k > 0:
            if len(hit) > _PRESELECT * k:  # signatures for the best candidates only
                keep = np.sort(np.argpartition(-a[hit], _PRESELECT * k)[:_PRESELECT * k])
                hit, idx = hit[keep], idx[keep]
            sig = signatures(C, rows_f, shared["activation"], hit)
        out["top"], sigs = _top(idx, vals[hit], k, sig)
        if sig is not None:
            out["sig"] = sigs
    return out


def merge_prices(results: Sequence[dict], k: int) -> dict:
    """Combine chunk results: the overall max, its column, the violator count and the top k.

    When every chunk reports signatures (``sig``), the top k keep the best column of each.

    >>> a = {"max": 2.0, "argmax": 5, "violators": 2, "top": [(5, -2.0), (7, 1.5)]}
    >>> b = {"max": 2.0, "argmax": 1, "violators": 1, "top": [(1, 2.0)]}
    >>> merge_prices([a, b], 2)
    {'max': 2.0, 'argmax': 1, 'violators': 3, 'top': [(1, 2.0), (5, -2.0)]}
    """
    best, arg = 0.0, -1
    idx: list = []
    val: list = []
    sig: list = []
    count = 0
    distinct = bool(results) and all("sig" in res for res in results)
    for res in results:
        if res["max"] > best or (res["max"] == best and (arg < 0 or res["argmax"] < arg)):
            best, arg = res["max"], res["argmax"]
        count += res["violators"]
        for g, v in res["top"]:
            idx.append(g)
            val.append(v)
        if distinct:
            sig.extend(res["sig"])
    top, _s = _top(np.array(idx, dtype=np.int64), np.array(val, dtype=np.float64), k,
                   np.array(sig, dtype=np.uint64) if distinct else None)
    return {"max": best, "argmax": arg, "violators": count, "top": top}

