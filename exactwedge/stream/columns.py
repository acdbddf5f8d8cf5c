r"""The dictionary of :func:`exactwedge.dictionary` as a stream of column chunks.

A :class:`ColumnStream` enumerates exactly the candidate columns that
:func:`~exactwedge.dictionary.build.dictionary` builds (the same neurons and the
same integer scaling, :math:`K_j = N_j/s_j` for ℓ1 and :math:`N_j/\sqrt{s_j}` for
ℓ2), before zero and duplicate columns are removed, without ever holding the
``n × m`` matrix.

**Global column index.** The point sets ("blocks") are the data (no bias) or
the data shifted by each anchor (bias), in the order of ``dictionary``. In
block ``b`` the (d−1)-subsets are ranked lexicographically; the subset of rank
``i`` gives the column ``offset_b + 2i`` (the ``+`` ReLU) and ``offset_b + 2i + 1``
(the ``−`` ReLU), or ``offset_b + i`` for the absolute value. The total is
:func:`~exactwedge.dictionary.count.column_count`. Dependent subsets give zero
columns; they are kept in the numbering (they never enter a working set).

**Tasks.** A task is a small tuple ``(block, start, stop)``: a range of subset
ranks of one block. :func:`chunk_columns` computes its exact columns from the
task and the stream's :attr:`ColumnStream.shared` dict (integer data, and the
cached integer cross-product table of the no-bias block when it is small), so
the task runs anywhere (threads, Dask) with the same result.

>>> S = ColumnStream([[1, 2], [3, 1]], chunk_size=4)
>>> len(S), list(S.tasks)
(8, [(0, 0, 2), (0, 2, 4)])
>>> D = S.dictionary([0, 3])
>>> D.neuron(1).label(), D.column(1), D.global_indices
('w = -cross(x1)/‖·‖₁', [Fraction(5, 4), Fraction(0, 1)], [0, 3])
"""

from __future__ import annotations

import math
from collections import abc
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..dictionary.build import integer_data, neuron_columns, primitive_rows
from ..problem import check_options, read_data_matrix
from ..dictionary.columns import Dictionary
from ..dictionary.cost import chunk_size_for
from ..dictionary.count import column_count
from ..exceptions import InvalidInputError, TooLargeError
from ..numbers.floats import SQUARE_SAFE_EXPONENT
from ..ga.batch import cross_products

__all__ = ["ColumnStream", "TaskList", "StreamedDictionary", "chunk_columns", "subsets_at", "subset_rank", "float_scales", "block_info",
           "block_columns", "DEFAULT_CACHE_ROWS"]

#: Cache the no-bias cross-product table (driver memory O(rows · d)) up to this many subsets.
DEFAULT_CACHE_ROWS = 4_000_000
_INT64_SAFE = 2**62
#: Default chunks have at least this many columns (a task costs ~50 µs to hand out and merge).
_MIN_CHUNK = 1024


def subsets_at(N: int, k: int, ranks: Any) -> np.ndarray:
    """The k-subsets of ``range(N)`` with the given lexicographic ranks, as an ``(m, k)`` array.

    Vectorized unranking through the combinatorial number system: with
    ``x_i = N − 1 − c_i``, the rank of ``c_0 < … < c_{k−1}`` is
    ``C(N, k) − 1 − Σ_i C(x_i, k − i)``.

    >>> subsets_at(4, 2, [0, 3, 5]).tolist()
    [[0, 1], [1, 2], [2, 3]]
    >>> from exactwedge.ga.batch import subsets
    >>> bool(np.array_equal(subsets_at(9, 3, np.arange(84)), subsets(9, 3)))
    True
    """
    r = np.asarray(ranks, dtype=np.int64).reshape(-1)
    total = math.comb(N, k)
    if total >= _INT64_SAFE:
        raise TooLargeError(f"C({N}, {k}) = {total} subsets cannot be ranked in int64")
    if r.size and (r.min() < 0 or r.max() >= total):
        raise InvalidInputError(f"subset ranks must lie in 0..{total - 1}")
    out = np.empty((r.size, k), dtype=np.int64)
    rest = (total - 1) - r
    xs = np.arange(N, dtype=np.int64)
    for i in range(k):
        m = k - i
        table = np.array([math.comb(int(x), m) for x in xs], dtype=np.int64)
        x = np.searchsorted(table, rest, side="right") - 1
        rest = rest - table[x]
        out[:, i] = N - 1 - x
    return out


def subset_rank(N: int, subset: Sequence[int]) -> int:
    """The lexicographic rank of a sorted subset of ``range(N)`` (the inverse of :func:`subsets_at`).

    >>> subset_rank(4, [1, 2]), subsets_at(4, 2, [subset_rank(4, [1, 3])]).tolist()
    (3, [[1, 3]])
    """
    c = sorted(int(v) for v in subset)
    k = len(c)
    if len(set(c)) != k or (k and (c[0] < 0 or c[-1] >= N)):
        raise InvalidInputError(f"a subset of distinct indices in 0..{N - 1} is needed, got {list(subset)}")
    return math.comb(N, k) - 1 - sum(math.comb(N - 1 - v, k - i) for i, v in enumerate(c))


def block_info(shared: dict, b: int) -> tuple[np.ndarray, np.ndarray, int]:
    """``(points, rows, anchor)`` of block ``b``: the (shifted) point set and the evaluation rows.

    Without bias the one block is the integer data itself (anchor −1); with
    bias, block b is anchored at sample b: its points are the other samples
    shifted by it, its rows every sample shifted by it.

    >>> points, rows, a = block_info(ColumnStream([0, 1, 3], bias=True).shared, 1)
    >>> points.tolist(), rows.tolist(), int(a)
    ([[-1], [2]], [[-1], [0], [2]], 1)
    """
    XI = shared["XI"]
    a = shared["anchors"][b]
    if a < 0:
        return XI, XI, a
    others = np.array([k for k in range(XI.shape[0]) if k != a], dtype=np.int64)
    rows = XI - XI[a]
    return rows[others], rows, a


def block_crosses(shared: dict, b: int, start: int, stop: int) -> np.ndarray:
    """Primitive integer cross products ``c`` of the subsets of ranks ``start..stop-1`` in block b.

    From the cached table when the stream holds one, else computed from the ranks.
    """
    tab = shared.get("tables", {}).get(b)
    if tab is not None:
        return tab[start:stop]
    points, _rows, _a = block_info(shared, b)
    sub = subsets_at(shared["block_points"][b], shared["k"], np.arange(start, stop))
    t = cross_products(points, augment=shared["augment"], subset_array=sub, max_subsets=None)
    return primitive_rows(t.numerators)


def crosses_at(shared: dict, b: int, ranks: np.ndarray) -> np.ndarray:
    """Primitive integer cross products of the subsets with the given ranks in block b."""
    tab = shared.get("tables", {}).get(b)
    if tab is not None:
        return tab[np.asarray(ranks, dtype=np.int64)]
    points, _rows, _a = block_info(shared, b)
    sub = subsets_at(shared["block_points"][b], shared["k"], ranks)
    t = cross_products(points, augment=shared["augment"], subset_array=sub, max_subsets=None)
    return primitive_rows(t.numerators)


def float_scales(C: np.ndarray, norm: int, L: int) -> np.ndarray:
    """Float divisors of the columns: ``L‖c‖₁`` (ℓ1) or ``L‖c‖₂`` (ℓ2); ``inf`` for zero crosses.

    >>> float_scales(np.array([[3, -4], [0, 0]]), 2, 1).tolist()
    [5.0, inf]
    """
    Cf = C.astype(np.float64) if C.dtype != object else np.array(C.tolist(), dtype=np.float64).reshape(C.shape)
    s = np.abs(Cf).sum(axis=1) * L if norm == 1 else np.sqrt((Cf * Cf).sum(axis=1)) * L
    s[s == 0] = np.inf
    return s


def block_columns(shared: dict, b: int, C: np.ndarray, sidx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer numerators ``(n, m)`` and scales of the columns of block b (cross row i, sign index ``sidx[i]``).

    Sign index 1 is the ``−`` ReLU; :func:`~exactwedge.dictionary.build.neuron_columns` on the block's rows.

    >>> S = ColumnStream([[1, 2], [3, 1]])
    >>> N, s = block_columns(S.shared, 0, np.array([[2, -1], [1, 0]]), np.array([1, 0]))
    >>> N.tolist(), s.tolist()
    ([[0, 1], [0, 3]], [3, 1])
    """
    _points, rows, _a = block_info(shared, b)
    return neuron_columns(rows, C, 1 - 2 * np.asarray(sidx, dtype=np.int64), activation=shared["activation"],
                          norm=shared["norm"], L=shared["L"])


def chunk_columns(task: tuple, shared: dict) -> dict:
    """The exact candidate columns of one task ``(block, start, stop)``.

    Returns a dict with ``index`` (global column indices), ``N`` (``(n, m)``
    integer numerators), ``scales``, ``crosses`` (primitive, unsigned),
    ``signs``, ``anchor``, ``ranks`` (subset rank of each column) and
    ``nonzero`` (the subset is independent, so the column is a neuron;
    dependent subsets give zero columns, listed with scale 1).

    >>> S = ColumnStream([[1, 2], [3, 1]])
    >>> out = chunk_columns(S.tasks[0], S.shared)
    >>> out["index"].tolist(), out["scales"].tolist()
    ([0, 1, 2, 3, 4, 5, 6, 7], [3, 3, 4, 4, 1, 1, 1, 1])
    >>> out["N"].tolist()
    [[0, 0, 0, 5, 0, 2, 1, 0], [5, 0, 0, 0, 0, 1, 3, 0]]
    """
    b, start, stop = task
    C = block_crosses(shared, b, start, stop)
    signs = shared["signs"]
    m = stop - start
    C2 = np.repeat(C, signs, axis=0)
    sidx = np.tile(np.arange(signs, dtype=np.int64), m)
    N, s = block_columns(shared, b, C2, sidx)
    nonzero = np.any(C2 != 0, axis=1)
    s = np.where(nonzero, s, 1) if s.dtype != object else np.array([v if z else 1 for v, z in zip(s, nonzero)], dtype=object)
    first = int(shared["offsets"][b]) + signs * start
    return {
        "index": np.arange(first, first + signs * m, dtype=np.int64),
        "N": N,
        "scales": s,
        "crosses": C2,
        "signs": 1 - 2 * sidx,
        "anchor": int(shared["anchors"][b]),
        "ranks": np.repeat(np.arange(start, stop, dtype=np.int64), signs),
        "nonzero": nonzero,
    }


class TaskList(abc.Sequence):
    """The tasks ``(block, start, stop)`` of a stream, computed on demand (never held as a list).

    ``blocks`` blocks of ``per`` subset ranks, ``step`` ranks per task: a
    stream of 7·10¹³ columns has a task list of a few bytes.

    >>> T = TaskList(2, 5, 2)
    >>> len(T), list(T), T[-1]
    (6, [(0, 0, 2), (0, 2, 4), (0, 4, 5), (1, 0, 2), (1, 2, 4), (1, 4, 5)], (1, 4, 5))
    >>> T == [(0, 0, 2), (0, 2, 4), (0, 4, 5), (1, 0, 2), (1, 2, 4), (1, 4, 5)], len(TaskList(10**6, 10**12, 3))
    (True, 333333333334000000)
    """

    def __init__(self, blocks: int, per: int, step: int):
        self.blocks, self.per, self.step = int(blocks), int(per), int(step)
        self._each = -(-self.per // self.step) if self.per else 0

    def __len__(self) -> int:
        return self.blocks * self._each

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("task index out of range")
        b, q = divmod(i, self._each)
        return (b, q * self.step, min((q + 1) * self.step, self.per))

    def __iter__(self) -> Any:
        for b in range(self.blocks):
            for s in range(0, self.per, self.step):
                yield (b, s, min(s + self.step, self.per))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TaskList):
            return (self.blocks, self.per, self.step) == (other.blocks, other.per, other.step)
        return isinstance(other, (list, tuple)) and len(other) == len(self) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"TaskList(blocks={self.blocks}, per={self.per}, step={self.step})"


@dataclass(eq=False)
class StreamedDictionary(Dictionary):
    """A :class:`~exactwedge.dictionary.columns.Dictionary` of selected columns of a streamed one.

    Its columns are the working set; ``global_indices[j]`` is column j's index in
    the full (streamed) dictionary of ``total_columns`` candidates. It works
    with everything that takes a Dictionary (networks, JSON, LaTeX, the exact
    solver); :meth:`summary` reports the streamed totals.

    >>> D = ColumnStream([[1, 2], [3, 1]]).dictionary([3])
    >>> D.summary()["columns"], D.summary()["working_set"], D.summary()["streamed"]
    (8, 1, True)
    """

    global_indices: list = field(default_factory=list)
    total_columns: int = 0

    def summary(self) -> dict:
        """Counts of the full streamed dictionary (never built) and of this working set."""
        out = super().summary()
        out.update({"columns": self.total_columns, "candidates": self.total_columns, "removed_zero": 0,
                    "removed_duplicate": 0, "streamed": True, "working_set": len(self)})
        return out


class ColumnStream:
    """The candidate columns of ``dictionary(X, bias=…, norm=…, activation=…)``, in chunks.

    Parameters
    ----------
    X : (n, d) exact data (a flat sequence is 1-D data)
    bias, norm, activation :
        As for :func:`exactwedge.dictionary`.
    chunk_size : int, optional
        Columns per task (about; a task is a whole number of subsets). By
        default what the memory budget allows
        (:func:`~exactwedge.dictionary.cost.chunk_size_for`).
    cache_rows : int
        Hold the integer cross-product table of the no-bias block (O(rows·d))
        when it has at most this many subsets; otherwise tasks compute theirs.

    Attributes
    ----------
    rows : tuple of tuples of Fraction
    n, d, total : int
        ``total`` is :func:`~exactwedge.dictionary.count.column_count`.
    tasks : TaskList of (block, start, stop), computed on demand
    shared : dict
        Read-only data the task functions need (picklable).

    Examples
    --------
    >>> S = ColumnStream([0, 1, 3], bias=True)
    >>> len(S), [S.neuron(g).label() for g in range(2)]
    (6, ['(x - x0)', '(x0 - x)'])
    """

    def __init__(self, X: Any, *, bias: bool = False, norm: int = 1, activation: str = "relu",
                 chunk_size: int | None = None, cache_rows: int = DEFAULT_CACHE_ROWS):
        check_options(bias, norm, activation)
        self.rows = read_data_matrix(X)
        self.n, self.d = len(self.rows), len(self.rows[0])
        self.bias, self.norm, self.activation = bool(bias), norm, activation
        XI, L = integer_data(self.rows)
        self.signs = 1 if activation == "abs" else 2
        k = self.d - 1
        augment = norm == 1
        size = (self.n - 1 if bias else self.n) + (self.d if augment else 0)
        if not bias:
            anchors = [] if (norm == 2 and self.n < k) else [-1]
        else:
            anchors = [] if (norm == 2 and self.n - 1 < k) else list(range(self.n))
        per = math.comb(size, k)
        offsets = [self.signs * per * i for i in range(len(anchors) + 1)]
        self.total = offsets[-1]
        if self.total != column_count(self.n, self.d, bias=self.bias, norm=norm, activation=activation):
            raise AssertionError("column enumeration disagrees with column_count")  # pragma: no cover
        if chunk_size is None:  # ~16 tasks to share out but not tiny ones, within what the memory budget allows
            chunk_size = min(chunk_size_for(self.n, self.d), max(_MIN_CHUNK, -(-self.total // 16)))
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
            raise InvalidInputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
        self.chunk_size = int(chunk_size)
        step = max(1, self.chunk_size // self.signs)
        self.tasks = TaskList(len(anchors), per, step)
        self._cache_rows = cache_rows
        self._shared: dict | None = None
        # Xf holds the scaled integer rows; the float solve multiplies data values (its Gram matrix ~ |x|^2)
        bits = max((abs(int(v)).bit_length() for v in XI.flat), default=0) if XI.dtype == object else 0
        top = max((abs(Fraction(v).numerator).bit_length() - Fraction(v).denominator.bit_length()
                   for r in self.rows for v in r if v), default=0)
        if bits > 1000 or top > SQUARE_SAFE_EXPONENT:
            raise InvalidInputError(
                "the streamed solve works in float64, but the data leave its range ("
                + (f"they scale to integers of {bits} bits" if bits > 1000 else f"a value is about 2^{top}, its square 2^{2 * top}")
                + "); the exact solve (without streaming: --no-stream, or --max-columns 0) has no such limit"
            )
        self._base = {
            "XI": XI, "Xf": XI.astype(np.float64) if XI.dtype != object else np.array(XI.tolist(), dtype=np.float64),
            "L": L, "norm": norm, "activation": activation, "augment": augment, "k": k, "signs": self.signs,
            "anchors": np.array(anchors, dtype=np.int64), "offsets": np.array(offsets, dtype=np.int64),
            "block_points": [size] * len(anchors), "tables": {},
        }

    def __len__(self) -> int:
        return self.total

    def __repr__(self) -> str:
        return (f"ColumnStream(n={self.n}, d={self.d}, bias={self.bias}, norm={self.norm}, "
                f"activation={self.activation!r}, columns={self.total}, tasks={len(self.tasks)})")

    @property
    def L(self) -> int:
        """The common denominator of the data (``L·X`` is integer)."""
        return int(self._base["L"])

    @property
    def shared(self) -> dict:
        """The dict every task function reads (the no-bias cross table is cached on first use)."""
        if self._shared is None:
            sh = dict(self._base)
            if not self.bias and len(sh["anchors"]) and sh["block_points"][0] and \
                    math.comb(sh["block_points"][0], sh["k"]) <= self._cache_rows:
                t = cross_products(sh["XI"], augment=sh["augment"], max_subsets=None)
                sh["tables"] = {0: primitive_rows(t.numerators)}
            self._shared = sh
        return self._shared

    # ------------------------------------------------------------ indices
    def locate(self, g: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(block, subset rank, sign index)`` of global column indices (sign index 1 is the − ReLU).

        >>> [a.tolist() for a in ColumnStream([[1, 2], [3, 1]]).locate([0, 5])]
        [[0, 0], [0, 2], [0, 1]]
        """
        g = np.asarray(g, dtype=np.int64).reshape(-1)
        if g.size and (g.min() < 0 or g.max() >= self.total):
            raise InvalidInputError(f"column indices must lie in 0..{self.total - 1}")
        offs = self._base["offsets"]
        b = np.searchsorted(offs, g, side="right") - 1
        local = g - offs[b]
        return b, local // self.signs, local % self.signs

    def _names(self, b: int) -> list:
        a = int(self._base["anchors"][b])
        others = list(range(self.n)) if a < 0 else [i for i in range(self.n) if i != a]
        extra = [f"e{i + 1}" for i in range(self.d)] if self._base["augment"] else []
        return others + extra

    def columns(self, indices: Sequence[int]) -> dict:
        """Exact numerators, scales and provenance of the given global columns (in that order).

        >>> c = ColumnStream([[1, 2], [3, 1]]).columns([5, 0])
        >>> c["N"].tolist(), c["scales"].tolist(), c["subsets"]
        ([[2, 0], [1, 5]], [1, 3], [('e1',), (0,)])
        """
        idx = np.asarray(list(indices), dtype=np.int64)
        B, ranks, sidx = self.locate(idx)
        n, d = self.n, self.d
        obj = self._base["XI"].dtype == object
        N = np.zeros((n, len(idx)), dtype=object if obj else np.int64)
        scales = np.zeros(len(idx), dtype=object)
        crosses = np.zeros((len(idx), d), dtype=object)
        subsets: list = [None] * len(idx)
        sh = self.shared
        for b in np.unique(B).tolist():
            pos = np.flatnonzero(B == b)
            C = crosses_at(sh, b, ranks[pos])
            if np.any(~np.any(C != 0, axis=1)):
                bad = idx[pos[~np.any(C != 0, axis=1)][0]]
                raise InvalidInputError(f"column {bad} comes from a dependent subset (a zero column, no neuron)")
            Nb, sb = block_columns(sh, b, C, sidx[pos])
            if Nb.dtype == object and N.dtype != object:
                N = N.astype(object)
            N[:, pos] = Nb
            scales[pos] = [int(v) for v in sb]
            crosses[pos] = C.astype(object)
            names = self._names(b)
            sub = subsets_at(sh["block_points"][b], sh["k"], ranks[pos])
            for p, row in zip(pos.tolist(), sub.tolist()):
                subsets[p] = tuple(names[i] for i in row)
        if N.dtype != object and scales.size and max(int(v) for v in scales) < _INT64_SAFE:
            scales = scales.astype(np.int64)
        if crosses.size and max(abs(int(v)) for v in crosses.ravel()) < _INT64_SAFE:
            crosses = crosses.astype(np.int64)
        elif not crosses.size:
            crosses = crosses.astype(np.int64)
        return {"index": idx, "N": N, "scales": scales, "crosses": crosses,
                "signs": (1 - 2 * sidx).astype(np.int64), "anchors": self._base["anchors"][B] if len(B) else np.zeros(0, np.int64),
                "subsets": subsets}

    def integer_columns(self, indices: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(N, scales, nonzero)`` of the given global columns: integer numerators ``(n, k)``, scales,
        and which columns come from independent subsets (zero columns have ``N = 0``, scale 1).

        The exact columns without the provenance of :meth:`columns` (what the working sets need).

        >>> N, s, ok = ColumnStream([[1, 2], [3, 1]]).integer_columns([5, 0])
        >>> N.tolist(), s.tolist(), ok.tolist()
        ([[2, 0], [1, 5]], [1, 3], [True, True])
        """
        idx = np.asarray(list(indices), dtype=np.int64)
        B, ranks, sidx = self.locate(idx)
        obj = self._base["XI"].dtype == object
        N = np.zeros((self.n, len(idx)), dtype=object if obj else np.int64)
        scales = np.ones(len(idx), dtype=np.int64)
        ok = np.zeros(len(idx), dtype=bool)
        sh = self.shared
        for b in np.unique(B).tolist():
            pos = np.flatnonzero(B == b)
            C = crosses_at(sh, b, ranks[pos])
            nz = np.any(C != 0, axis=1)
            pos = pos[nz]
            if not len(pos):
                continue
            ok[pos] = True
            Nb, sb = block_columns(sh, b, C[nz], sidx[pos])
            if Nb.dtype == object and N.dtype != object:
                N = N.astype(object)
            if sb.dtype == object and scales.dtype != object:
                scales = scales.astype(object)
            N[:, pos] = Nb
            scales[pos] = sb
        return N, scales, ok

    def float_columns(self, indices: Sequence[int]) -> np.ndarray:
        """The columns as a float64 ``(n, k)`` array (``N/s`` or ``N/√s``), computed in float64.

        Zero columns (dependent subsets) are zero.

        >>> ColumnStream([[1, 2], [3, 1]]).float_columns([0, 2]).round(6).tolist()
        [[0.0, 0.0], [1.666667, 0.0]]
        """

        idx = np.asarray(list(indices), dtype=np.int64)
        B, ranks, sidx = self.locate(idx)
        out = np.zeros((self.n, len(idx))) if len(np.unique(B)) > 1 or not len(idx) else None
        sh = self.shared
        for b in np.unique(B).tolist():
            pos = np.flatnonzero(B == b)
            C = crosses_at(sh, b, ranks[pos])
            _points, rows, _a = block_info(sh, b)
            Cf = np.array(C.tolist(), dtype=np.float64).reshape(C.shape)
            raw = np.array(rows.tolist(), dtype=np.float64).reshape(rows.shape) @ Cf.T
            if self.activation == "abs":
                np.abs(raw, out=raw)
            else:
                raw[:, sidx[pos] == 1] *= -1.0
                np.maximum(raw, 0.0, out=raw)
            raw /= float_scales(C, self.norm, self.L)[None, :]
            if len(pos) == len(idx):
                return raw  # one block, in order: no copy
            out[:, pos] = raw
        return out

    def dictionary(self, indices: Sequence[int]) -> StreamedDictionary:
        """A (small) :class:`StreamedDictionary` of the given global columns, in that order.

        >>> D = ColumnStream([0, 1, 3], bias=True).dictionary([2, 3])
        >>> [D.neuron(j).label() for j in range(2)], D.column(1)
        (['(x - x1)', '(x1 - x)'], [Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)])
        """
        c = self.columns(indices)
        return StreamedDictionary(
            X=self.rows, bias=self.bias, norm=self.norm, activation=self.activation,
            numerators=c["N"], scales=c["scales"], crosses=c["crosses"], signs=c["signs"],
            anchors=np.asarray(c["anchors"], dtype=np.int64), subsets=c["subsets"],
            candidates=self.total, removed_zero=0, removed_duplicate=0,
            global_indices=[int(v) for v in c["index"]], total_columns=self.total,
        )

    def neuron(self, g: int) -> Any:
        """The :class:`~exactwedge.dictionary.neuron.Neuron` of global column ``g``.

        >>> ColumnStream([[1, 2], [3, 1]]).neuron(1).w
        (Fraction(-2, 3), Fraction(1, 3))
        """
        return self.dictionary([g]).neuron(0)

    def column(self, g: int) -> list:
        """Global column ``g`` exactly (Fractions for ℓ1, SymPy surds for ℓ2).

        >>> ColumnStream([[1, 2], [3, 1]]).column(5)
        [Fraction(2, 1), Fraction(1, 1)]
        """
        return self.dictionary([g]).column(0)

    def describe(self) -> dict:
        """JSON-ready sizes.

        >>> ColumnStream([[1, 2], [3, 1]]).describe()["columns"]
        8
        """
        return {"n": self.n, "d": self.d, "bias": self.bias, "norm": self.norm, "activation": self.activation,
                "columns": self.total, "tasks": len(self.tasks), "chunk_size": self.chunk_size,
                "cached_table": bool(self.shared.get("tables"))}
