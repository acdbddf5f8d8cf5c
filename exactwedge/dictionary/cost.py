"""The cost model: the peak memory of each stage and the time of one pricing pass, before any work.

Every estimate is a formula in the sizes only (``n`` samples, ``d`` features,
``m`` columns), so a refusal never allocates. The constants were measured
with :mod:`tracemalloc` (which sees numpy's buffers) on random integer data
in [-9, 9], numpy 2, CPython 3.11, x86-64:

* **materialized dictionary** (``dictionary``/``fit``, which peaks while the
  dictionary is built, and the fit on it stays below that peak): 24-36
  bytes per entry of the ``n × m`` candidate matrix without biases, d = 2..5,
  and 38-51 with biases (the per-anchor blocks and their concatenation),
  for int64 numerators, their float64 copy, the ReLU temporaries and the
  hashed deduplication keys; modelled as ``(20 + 3d)`` bytes per entry, and
  ``(34 + 3d)`` with biases.
* **one streamed chunk** (:func:`~exactwedge.stream.columns.chunk_columns` of
  ``m`` columns): the larger of the column matrices, about ``26 n + 80``
  bytes per column, and the cross products of the (d−1)-subsets, whose
  widest step holds ``J(d) = max_j j·C(d, j)`` partial wedges per subset,
  about ``8 J(d) + 250`` bytes per column (11 KB per column at d = 10; this
  is why a default chunk of 10⁶ columns took 11 GB there), plus 4 KiB.
* **one pricing pass**: about ``0.012 n + 0.025 J(d) + 0.5`` µs per column
  on one core (measured 0.4-40 µs per column for d = 2..10).

A test (tests/dictionary/test_cost.py) checks the memory formulas against
tracemalloc peaks within 1.5×.

>>> dictionary_bytes(100, 2, 1000), dictionary_bytes(100, 2, 1000, bias=True)
(2600000, 4000000)
>>> chunk_bytes(20, 10, 1000) // 1000
10334
>>> parse_bytes("2G"), parse_bytes("512M"), parse_bytes("1.5KiB")
(2147483648, 536870912, 1536)
"""

from __future__ import annotations

import math
import os

from ..exceptions import InvalidInputError

__all__ = ["dictionary_bytes", "chunk_bytes", "chunk_column_bytes", "data_bytes", "working_set_bytes",
           "exact_solve_bytes", "pricing_seconds", "available_memory", "memory_budget", "set_memory_budget",
           "parse_bytes", "human_bytes", "chunk_size_for", "check_stream", "DEFAULT_MAX_SECONDS", "BUDGET_FRACTION",
           "WAYS_IN"]

#: Default limit, in seconds, on the estimated time of one full streamed pricing pass.
DEFAULT_MAX_SECONDS = 600.0
#: The default memory budget is this fraction of the memory the kernel reports available.
BUDGET_FRACTION = 0.5
#: What a refusal suggests.
WAYS_IN = ("ways in: --sample random:N (price N random columns), fewer features or rows, "
           "--max-columns, or a Dask scheduler (--scheduler ADDRESS)")

_CHUNK_FIXED = 4096
_FALLBACK_AVAILABLE = 4 * 1024**3
_override: int | None = None


def _widest(d: int) -> int:
    """``J(d) = max_j j·C(d, j)``: the partial wedges per subset at the widest cross-product step."""
    return max((j * math.comb(d, j) for j in range(1, d + 1)), default=1)


def dictionary_bytes(n: int, d: int, m: int, *, bias: bool = False) -> int:
    """Peak bytes of building (and fitting on) a materialized dictionary of ``m`` candidate columns.

    >>> dictionary_bytes(10, 3, 100)
    29000
    """
    return ((34 if bias else 20) + 3 * d) * n * m


def chunk_column_bytes(n: int, d: int) -> int:
    """Peak bytes per column of one streamed chunk (see the module notes).

    >>> chunk_column_bytes(100, 3), chunk_column_bytes(20, 10)
    (2680, 10330)
    """
    return max(26 * n + 80, 8 * _widest(d) + 250)


def chunk_bytes(n: int, d: int, m: int) -> int:
    """Peak bytes of computing one chunk of ``m`` streamed columns.

    >>> chunk_bytes(100, 3, 10)
    30896
    """
    return _CHUNK_FIXED + m * chunk_column_bytes(n, d)


def data_bytes(n: int, d: int) -> int:
    """Bytes of the exact data held while solving (Fractions, integer and float copies): ~400 per cell.

    >>> data_bytes(100, 2)
    80000
    """
    return 400 * n * d


def working_set_bytes(n: int, w: int) -> int:
    """Float64 working set of ``w`` columns: the columns, their centred copy and the solver's temporaries.

    >>> working_set_bytes(100, 1000)
    3200000
    """
    return 32 * n * w


def exact_solve_bytes(n: int, w: int) -> int:
    """The exact solve on ``w`` columns: about 300 bytes per exact entry (Fractions, flint matrices).

    >>> exact_solve_bytes(10, 100)
    300000
    """
    return 300 * n * w


def pricing_seconds(n: int, d: int, m: int, workers: int = 1) -> float:
    """Estimated seconds of one pricing pass over ``m`` columns on ``workers`` cores.

    >>> round(pricing_seconds(400, 6, 10**9))
    6800
    """
    per = (0.012 * n + 0.025 * _widest(d) + 0.5) * 1e-6
    return m * per / max(1, min(int(workers), os.cpu_count() or 1))


def _read_int(path: str, key: str | None = None) -> int | None:
    """An integer from a /proc or /sys file (``key``: the line starting so, its value in kB); None if absent."""
    try:
        with open(path, encoding="ascii") as f:
            if key is None:
                text = f.read().strip()
                return int(text) if text.isdigit() else None
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def available_memory() -> int:
    """The memory this process may still use: the least of the kernel's ``MemAvailable``, the room left
    under a cgroup (v2) memory limit and under ``ulimit -v``; else a guess of 4 GiB.

    >>> available_memory() > 0
    True
    """
    room = []
    avail = _read_int("/proc/meminfo", "MemAvailable:")
    if avail is None:
        try:
            avail = int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            avail = None
    room.append(avail)
    cap, used = _read_int("/sys/fs/cgroup/memory.max"), _read_int("/sys/fs/cgroup/memory.current")
    if cap is not None:
        room.append(max(0, cap - (used or 0)))
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            room.append(max(0, soft - (_read_int("/proc/self/status", "VmSize:") or 0)))
    except (ImportError, OSError, ValueError):
        pass
    known = [r for r in room if r is not None]
    return max(1, min(known)) if known else _FALLBACK_AVAILABLE


def set_memory_budget(nbytes: int | None) -> None:
    """Set the process's memory budget (the CLI's ``--memory``); None restores the default.

    >>> set_memory_budget(2**30); memory_budget()
    1073741824
    >>> set_memory_budget(None)
    """
    global _override
    if nbytes is not None and (isinstance(nbytes, bool) or not isinstance(nbytes, int) or nbytes < 1):
        raise InvalidInputError(f"the memory budget must be a positive number of bytes, got {nbytes!r}")
    _override = nbytes


def memory_budget() -> int:
    """The memory budget in bytes: as set (``--memory``), else half the available memory.

    >>> memory_budget() > 0
    True
    """
    if _override is not None:
        return _override
    return int(BUDGET_FRACTION * available_memory())


_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_bytes(text: str) -> int:
    """``"2G"``, ``"512M"``, ``"1.5GiB"``, ``"4096"`` → bytes (binary units); anything else is refused.

    >>> parse_bytes("4096"), parse_bytes("1 GB")
    (4096, 1073741824)
    >>> parse_bytes("-1G")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: a memory size must be a positive number with an optional unit K, M, G or T (e.g. 2G), got '-1G'
    """
    t = str(text).strip().lower().replace(" ", "")
    for suffix in ("ib", "b"):
        if t.endswith(suffix) and len(t) > len(suffix) and t[-len(suffix) - 1] in "kmgt":
            t = t[: -len(suffix)]
            break
    unit = t[-1:] if t[-1:] in "kmgtb" else ""
    num = t[: len(t) - len(unit)]
    ok = bool(num) and num.count(".") <= 1 and num.replace(".", "").isascii() and num.replace(".", "").isdigit()
    value = float(num) * _UNITS[unit] if ok else 0.0
    if not ok or not 1 <= value < 2**63:
        raise InvalidInputError(f"a memory size must be a positive number with an optional unit K, M, G or T "
                                f"(e.g. 2G), got {text!r}")
    return int(value)


def human_bytes(b: float) -> str:
    """Bytes in binary units, one decimal.

    >>> human_bytes(1536), human_bytes(15 * 1024**3)
    ('1.5 KiB', '15.0 GiB')
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if b < 1024 or unit == "TiB":
            return f"{b:.1f} {unit}"
        b /= 1024
    return f"{b:.1f} TiB"  # pragma: no cover


def chunk_size_for(n: int, d: int, *, budget: int | None = None, workers: int | None = None,
                   largest: int = 1 << 20) -> int:
    """Columns per streamed chunk so that ``workers`` chunks at once use at most an eighth of the budget.

    An eighth: the exact check's float filter (:mod:`exactwedge.stream.kkt_check`)
    peaks at up to about twice a pricing chunk (measured 2.1× at n = 40, d = 3).
    At least 64 and at most ``largest``; at d = 10 with a 1 GiB budget and two
    workers the chunks are about 6,500 columns (not 10⁶).

    >>> chunk_size_for(20, 10, budget=2**30, workers=2)
    6496
    >>> chunk_size_for(10, 2, budget=2**40, workers=2)
    1048576
    """
    budget = memory_budget() if budget is None else budget
    workers = max(1, int(workers or os.cpu_count() or 1))
    per = chunk_column_bytes(n, d)
    return int(max(64, min(largest, (budget // 8 // workers - _CHUNK_FIXED) // per)))


def _duration(s: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if s >= 2 * size:
            return f"{s / size:,.0f} {unit}"
    return f"{s:,.0f} s"


def check_stream(n: int, d: int, m: int, *, priced: int | None = None, workers: int | None = None,
                 chunk_size: int | None = None, cached_rows: int = 0, max_seconds: float | None = DEFAULT_MAX_SECONDS,
                 budget: int | None = None) -> dict:
    """The cost of a streamed solve, or :class:`~exactwedge.exceptions.TooLargeError` over a budget.

    ``m`` columns, ``priced`` of them per pricing pass (default all; fewer
    with random sampling), ``workers`` chunks at once (None: unknown, e.g. a
    remote Dask scheduler, where the time is not estimated), ``cached_rows``
    cross-product rows held by the driver. ``max_seconds=None`` skips the
    time budget (``--force``). Returns ``{"chunk_size", "bytes", "seconds"}``.

    >>> out = check_stream(20, 10, 10**6, workers=1, budget=2**30)
    >>> out["chunk_size"], round(out["seconds"])
    (12992, 32)
    >>> check_stream(400, 6, 70_863_174_064_800, workers=1, budget=2**30)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: one pricing pass over 70,863,174,064,800 columns (n = 400, d = 6) is estimated at 5,577 days on 1 worker, over the time budget of 600 s (--max-seconds): --force runs it anyway; ways in: fewer features or rows, or a Dask scheduler with more workers (--scheduler ADDRESS); --sample still prices every column once, for its duality gap
    """
    from ..exceptions import TooLargeError

    budget = memory_budget() if budget is None else budget
    priced = m if priced is None else min(m, priced)
    k = max(1, int(workers or 1))
    chunk = chunk_size or chunk_size_for(n, d, budget=budget, workers=k)
    chunk = max(1, min(chunk, priced))
    w = min(m, 2000)
    need = (data_bytes(n, d) + 8 * d * cached_rows + working_set_bytes(n, w)
            + max(k * chunk_bytes(n, d, chunk), exact_solve_bytes(n, w)))
    if need > budget:
        raise TooLargeError(
            f"the streamed solve of {m:,} columns (n = {n}, d = {d}) needs about {human_bytes(need)} "
            f"({k} chunks of {chunk:,} columns, the data and a working set), over the memory budget of "
            f"{human_bytes(budget)} (--memory to change it; a smaller --chunk-size or fewer --workers); {WAYS_IN}")
    seconds = pricing_seconds(n, d, priced, k) if workers is not None else float("nan")
    if max_seconds is not None and seconds > max_seconds:
        raise TooLargeError(
            f"one pricing pass over {priced:,} columns (n = {n}, d = {d}) is estimated at {_duration(seconds)} on "
            f"{k} worker{'s' if k != 1 else ''}, over the time budget of {max_seconds:g} s (--max-seconds): "
            f"--force runs it anyway; ways in: fewer features or rows, or a Dask scheduler with more workers "
            f"(--scheduler ADDRESS); --sample still prices every column once, for its duality gap")
    return {"chunk_size": chunk, "bytes": need, "seconds": seconds}
