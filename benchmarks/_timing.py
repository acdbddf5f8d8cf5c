"""Shared timing helpers for the benchmarks.

Every benchmark in this folder times with these helpers, so that the numbers
are comparable:

* the clock is :func:`time.perf_counter`;
* each callable is warmed up first (imports, caches, first allocations);
* the inner loop count is chosen automatically, so that one *sample* (one
  run of the inner loop) lasts at least ``min_sample`` seconds (20 ms by
  default); a sample's time is divided by the loop count;
* many samples are taken and summarized by their median and interquartile
  range (IQR), which are robust to the odd slow sample on a shared machine;
* :func:`time_many` interleaves the samples of several callables (round
  robin), so that a change in machine load hits all of them alike and their
  *ratios* stay meaningful.

Nothing here asserts anything about times: the benchmarks report, they do
not pass or fail.

>>> t = time_callable(lambda: sum(range(100)), repeats=5, min_sample=0.001)
>>> t.samples, t.median > 0, t.q1 <= t.median <= t.q3
(5, True, True)
>>> format_seconds(0.0000123)
'12.3 µs'
"""

from __future__ import annotations

import gc
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any, Callable

__all__ = ["Timing", "calibrate", "time_callable", "time_many", "format_seconds"]

#: Default minimum duration of one sample, in seconds.
MIN_SAMPLE = 0.020


@dataclass(frozen=True)
class Timing:
    """Summary of the samples of one callable; all times are seconds per call."""

    name: str
    median: float
    q1: float
    q3: float
    samples: int
    inner: int

    @property
    def iqr(self) -> float:
        """Interquartile range ``q3 - q1``."""
        return self.q3 - self.q1

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON), with the IQR added."""
        return {**asdict(self), "iqr": self.iqr}

    def __str__(self) -> str:
        return f"{format_seconds(self.median)} (IQR {format_seconds(self.iqr)}, {self.samples}×{self.inner})"


def format_seconds(t: float) -> str:
    """``t`` seconds with a unit chosen for 3 significant digits.

    >>> format_seconds(2.5), format_seconds(0.0123), format_seconds(4.2e-7)
    ('2.50 s', '12.3 ms', '420 ns')
    """
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if abs(t) >= scale or unit == "ns":
            v = t / scale
            digits = 2 if abs(v) < 10 else 1 if abs(v) < 100 else 0
            return f"{v:.{digits}f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def _run(fn: Callable[[], Any], inner: int) -> float:
    """Seconds for ``inner`` calls of fn (garbage collection paused, as timeit does)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        return time.perf_counter() - t0
    finally:
        if gc_was_enabled:
            gc.enable()


def _next_125(n: int) -> int:
    """The next count in the 1, 2, 5, 10, 20, 50, ... sequence after ``n``."""
    decade = 10 ** (len(str(n)) - 1)
    for step in (1, 2, 5, 10):
        if step * decade > n:
            return step * decade
    return 20 * decade  # pragma: no cover


def calibrate(fn: Callable[[], Any], min_sample: float = MIN_SAMPLE, max_inner: int = 1_000_000) -> int:
    """The smallest inner loop count (1, 2, 5, 10, 20, 50, ...) whose run lasts ``>= min_sample``.

    A callable slower than ``min_sample`` gets 1. Counts stop at ``max_inner``.

    >>> [_next_125(n) for n in (1, 2, 5, 10, 20, 50, 100)]
    [2, 5, 10, 20, 50, 100, 200]
    """
    inner = 1
    while _run(fn, inner) < min_sample and inner < max_inner:
        inner = _next_125(inner)
    return inner


def _summary(name: str, per_call: list[float], inner: int) -> Timing:
    if len(per_call) >= 2:
        q1, med, q3 = statistics.quantiles(per_call, n=4, method="inclusive")
    else:
        q1 = med = q3 = per_call[0]
    return Timing(name, med, q1, q3, len(per_call), inner)


def time_callable(
    fn: Callable[[], Any],
    *,
    name: str = "",
    repeats: int = 25,
    min_sample: float = MIN_SAMPLE,
    warmup: int = 1,
    max_total: float | None = None,
    min_repeats: int = 3,
) -> Timing:
    """Median and IQR of the time of one call of ``fn``.

    Parameters
    ----------
    fn : callable with no arguments
    name : str
        A label carried into the result.
    repeats : int
        Number of samples.
    min_sample : float
        Minimum duration of one sample in seconds; sets the inner loop count.
        With 0, every sample is one call and no calibration call is made.
    warmup : int
        Untimed calls before calibration.
    max_total : float, optional
        Stop taking samples once this many seconds were spent on them, but
        only after ``min_repeats`` samples (for slow callables).
    min_repeats : int
        See ``max_total``.
    """
    return time_many({name: fn}, repeats=repeats, min_sample=min_sample, warmup=warmup, max_total=max_total, min_repeats=min_repeats)[name]


def time_many(
    fns: dict[str, Callable[[], Any]],
    *,
    repeats: int = 25,
    min_sample: float = MIN_SAMPLE,
    warmup: int = 1,
    max_total: float | None = None,
    min_repeats: int = 3,
) -> dict[str, Timing]:
    """:func:`time_callable` for several callables, their samples interleaved.

    Each callable is warmed up and calibrated on its own; then the samples
    are taken round robin (``a b c a b c ...``), so that slow phases of a
    shared machine are spread over all of them. ``max_total`` applies to each
    callable separately.
    """
    inner: dict[str, int] = {}
    for name, fn in fns.items():
        for _ in range(warmup):
            fn()
        # min_sample <= 0: one call per sample, and no calibration run (slow callables)
        inner[name] = calibrate(fn, min_sample) if min_sample > 0 else 1
    per_call: dict[str, list[float]] = {name: [] for name in fns}
    spent: dict[str, float] = {name: 0.0 for name in fns}
    for r in range(repeats):
        for name, fn in fns.items():
            if max_total is not None and r >= min_repeats and spent[name] >= max_total:
                continue
            t = _run(fn, inner[name])
            spent[name] += t
            per_call[name].append(t / inner[name])
    return {name: _summary(name, per_call[name], inner[name]) for name in fns}
