"""Benchmark: streamed fits against materialized ones, and streamed fits at scale (issue 14).

Two parts, every measurement in its own fresh interpreter (``spawn``), so
that its peak resident memory (``ru_maxrss``) is its own:

* **grid** ("streaming costs no more than materializing"): n ∈ {40, 80, 120,
  160, 200} random integer points in [−50, 50]³, integer labels in [−9, 9],
  ℓ1, no bias, β ∈ {β_max/10, β_max/100, β_max/1000} (β_max = max_j |K_jᵀy|,
  one streamed pass, rounded to a fraction with denominator ≤ 10⁶), plus
  the issue's case β = 5 at n = 120. Contenders: ``exactwedge.fit``
  (materialized, exact), ``fit_stream(certify="float")`` (what ``exactwedge
  fit --stream`` runs by default) and ``fit_stream(certify="exact")``.
  Checks: the streamed exact optimum equals the materialized one (value; the
  coefficients are compared and reported, an optimum need not be unique), and
  the materialized exact value lies within the float fit's certified gap.
* **scale**: ``fit_stream(certify="exact")`` at n = 2000 without bias
  (β_max/100; threads, and ``--dask`` on a 2-worker LocalCluster) and at
  n = 300 with bias (β_max/100).

Times: wall clock (``perf_counter``) and CPU time of the child
(``process_time``, all its threads; Dask workers are other processes and are
not in it). The machine may be shared: compare CPU times and medians over
``--repeats``. Nothing is asserted about time; the exit status is 1 only if a
correctness check fails.

Run: ``python benchmarks/bench_stream_scale.py [grid|scale|all] [--ns 40,80]
[--fracs 10,100] [--repeats R] [--dask] [--json PATH] [--seed S]``.
Other benchmarks may import :func:`measure`, :func:`grid` and :func:`scale`
(each returns plain dicts).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

__all__ = ["make_data", "beta_max", "measure", "grid", "scale", "main"]


def make_data(n: int, seed: int = 0) -> tuple[list, list]:
    """Seeded integer points in [−50, 50]³ and integer labels in [−9, 9]."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return rng.integers(-50, 51, size=(n, 3)).tolist(), rng.integers(-9, 10, size=n).tolist()


def beta_max(X: list, y: list, bias: bool = False) -> Fraction:
    """max_j |K_jᵀy| (ℓ1; ȳ centred with a bias) from one streamed pass, as a fraction (denominator ≤ 10⁶)."""
    from exactwedge.stream.working_set import solve_stream

    sol = solve_stream(X, y, 10**9, bias=bias, max_passes=1, init_columns=[])
    return Fraction(sol.max_correlation).limit_denominator(10**6)


def _child(kind: str, n: int, beta: str, bias: bool, seed: int, executor: str) -> dict:
    import resource

    import flint  # noqa: F401  (imports both fits need are not timed)
    import scipy.linalg  # noqa: F401

    import exactwedge.lasso.solve  # noqa: F401
    import exactwedge.stream.certify  # noqa: F401
    import exactwedge.stream.fit  # noqa: F401
    import exactwedge.training  # noqa: F401

    X, y = make_data(n, seed)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "materialized":
        from exactwedge.training import fit

        res = fit(X, y, Fraction(beta), bias=bias, max_columns=None)
    else:
        from exactwedge.stream.fit import fit_stream

        res = fit_stream(X, y, Fraction(beta), bias=bias, certify=kind, executor=executor)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"kind": kind, "n": n, "beta": beta, "bias": bias, "executor": executor if kind != "materialized" else None,
           "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "rss_mb": round(resource.getrusage(
               resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1), "rss_after_imports_mb": round(base, 1),
           "exact": bool(res.exact), "holds": bool(res.certificate["holds"]),
           "timings": {k: round(v, 3) for k, v in res.timings.items()}}
    if res.exact:
        cols = getattr(res.dictionary, "global_indices", None)
        z = {(int(cols[j]) if cols is not None else j): str(v) for j, v in enumerate(res.z) if v}
        out.update({"value": str(res.value), "support_size": len(z), "z_sorted": sorted(z.values())})
    else:
        out.update({"value": float(res.value), "gap": float(res.certificate["duality_gap"]),
                    "support_size": int(res.certificate["support_size"])})
    return out


def measure(kind: str, n: int, beta: Fraction | str, *, bias: bool = False, seed: int = 0,
            executor: str = "threads") -> dict:
    """One fit (``kind``: ``"materialized"``, ``"float"`` or ``"exact"``) in a fresh process: times, peak RSS, result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(_child, kind, n, str(Fraction(beta)), bias, seed, executor).result()


def _median_of(kind: str, n: int, beta: Fraction, repeats: int, **kw) -> dict:
    runs = [measure(kind, n, beta, **kw) for _ in range(repeats)]
    out = dict(runs[-1])
    for k in ("wall_s", "cpu_s", "rss_mb"):
        out[k] = statistics.median(r[k] for r in runs)
    out["repeats"] = repeats
    return out


def _checks(mat: dict, flt: dict, ex: dict) -> dict:
    v = Fraction(mat["value"])
    float_ok = flt["value"] - flt["gap"] * (1 + 1e-6) - 1e-9 * abs(flt["value"]) <= float(v) <= flt["value"] * (1 + 1e-12) + 1e-12
    return {"exact_value_equal": Fraction(ex["value"]) == v, "exact_z_equal": ex["z_sorted"] == mat["z_sorted"],
            "float_within_gap": bool(float_ok), "all_hold": mat["holds"] and flt["holds"] and ex["holds"]}


def grid(ns=(40, 80, 120, 160, 200), fracs=(10, 100, 1000), *, seed: int = 0, repeats: int = 1,
         extra=((120, Fraction(5)),), log=print) -> list[dict]:
    """Materialized vs streamed (float and exact) fits on the grid; one dict per cell."""
    cells = []
    for n in ns:
        X, y = make_data(n, seed)
        bm = beta_max(X, y)
        cells += [(n, f"beta_max/{f}", bm / f) for f in fracs]
    cells += [(n, "fixed", Fraction(b)) for n, b in extra]
    rows = []
    for n, label, b in cells:
        r = {k: _median_of(k, n, b, repeats, seed=seed) for k in ("materialized", "float", "exact")}
        row = {"n": n, "beta": str(b), "beta_label": label, "columns": 2 * (n + 3) * (n + 2) // 2,
               "support_size": r["materialized"]["support_size"], **_checks(r["materialized"], r["float"], r["exact"])}
        for k, v in r.items():
            row[k] = {"wall_s": v["wall_s"], "cpu_s": v["cpu_s"], "rss_mb": v["rss_mb"], "timings": v["timings"]}
        for k in ("float", "exact"):
            row[f"{k}_cpu_ratio"] = round(r[k]["cpu_s"] / max(r["materialized"]["cpu_s"], 1e-9), 3)
            row[f"{k}_wall_ratio"] = round(r[k]["wall_s"] / max(r["materialized"]["wall_s"], 1e-9), 3)
        log(f"n={n:4d} {label:15s} |S|={row['support_size']:4d}  materialized {r['materialized']['cpu_s']:7.2f} s CPU"
            f"  float {r['float']['cpu_s']:7.2f} ({row['float_cpu_ratio']:.2f}x)  exact {r['exact']['cpu_s']:7.2f}"
            f" ({row['exact_cpu_ratio']:.2f}x)  checks {'ok' if all(row[k] for k in ('exact_value_equal', 'float_within_gap', 'all_hold')) else 'FAILED'}"
            f"{'' if row['exact_z_equal'] else ' (other optimal z)'}")
        rows.append(row)
    return rows


def scale(cases=((2000, False, 100, "threads"), (300, True, 100, "threads")), *, seed: int = 0, repeats: int = 1,
          log=print) -> list[dict]:
    """Exact streamed fits at scale: ``(n, bias, β_max divisor, executor)`` per case; one dict per case."""
    rows = []
    for n, bias, frac, executor in cases:
        X, y = make_data(n, seed)
        b = beta_max(X, y, bias) / frac
        r = _median_of("exact", n, b, repeats, bias=bias, seed=seed, executor=executor)
        from exactwedge.dictionary.count import column_count

        r["columns"] = column_count(n, 3, bias=bias, norm=1, activation="relu")
        r["beta_label"] = f"beta_max/{frac}"
        r.pop("z_sorted", None)
        log(f"n={n} bias={bias} {r['columns']:,} columns β={r['beta_label']} on {executor}: {r['wall_s']:.1f} s wall,"
            f" {r['cpu_s']:.1f} s CPU, peak RSS {r['rss_mb']:.0f} MB, |S|={r['support_size']}, holds={r['holds']}"
            f" {r['timings']}")
        rows.append(r)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("part", nargs="?", choices=("grid", "scale", "all"), default="all")
    ap.add_argument("--ns", default="40,80,120,160,200")
    ap.add_argument("--fracs", default="10,100,1000")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dask", action="store_true", help="also every scale case on a 2-worker Dask LocalCluster")
    ap.add_argument("--scale-cases", default="2000:0:100,300:1:100", help="n:bias:divisor,...")
    ap.add_argument("--json", dest="json_path", default=None)
    a = ap.parse_args(argv)
    report: dict = {}
    ok = True
    if a.part in ("grid", "all"):
        report["grid"] = grid([int(v) for v in a.ns.split(",")], [int(v) for v in a.fracs.split(",")],
                              seed=a.seed, repeats=a.repeats)
        ok &= all(r["exact_value_equal"] and r["float_within_gap"] and r["all_hold"] for r in report["grid"])
    if a.part in ("scale", "all"):
        cases = [(int(n), bool(int(b)), int(f), "threads") for n, b, f in (c.split(":") for c in a.scale_cases.split(","))]
        if a.dask:
            cases += [(n, b, f, "dask") for n, b, f, _e in cases]
        report["scale"] = scale(cases, seed=a.seed, repeats=a.repeats)
        ok &= all(r["holds"] for r in report["scale"])
    if a.json_path:
        with open(a.json_path, "w") as fh:
            json.dump(report, fh, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
