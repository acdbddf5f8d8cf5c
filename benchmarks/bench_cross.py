#!/usr/bin/env python
r"""Benchmark: all generalized cross products of an augmented point set.

Two cases from the issue, both with the basis vectors appended (the ℓ1 sets
of THEORY §3, ``augment=True``):

* **R³**: 40 integer points + e1..e3 → all C(43, 2) = 903 pairs;
* **R⁵**: 12 integer points + e1..e5 → all C(17, 4) = 2380 4-subsets.

For each subset J the cross product is (THEORY §1)

.. math:: \operatorname{cross}(a_J)_r = (-1)^{r+1} \det(A_J \text{ without row } r),

and every contender computes all of them, in lexicographic subset order:

* **ours** — ``exactwedge.ga.batch.cross_products(points, augment=True)``,
  exact integers, from an ``int64`` array; also, labelled separately, from a
  list of ``Fraction`` rows, to show the cost of reading rational input;
* **numpy float64** — the natural vectorized float code, with the subset
  index arrays precomputed (not timed): in R³ ``np.cross`` on the two rows of
  each pair, and in both cases one batched ``np.linalg.det`` of the d
  deleted-row minors of each subset. The faster one is the reference;
* **naive SymPy** — ``sympy.Matrix(minor).det()`` for each minor of each
  subset. If a full run would take longer than the budget (20 s, 2 s with
  ``--quick``) it is timed on a seeded random sample of subsets and
  extrapolated linearly, and the output says so.

It checks that ours equals SymPy exactly (on the subsets SymPy ran), that the
float results agree with the exact ones up to rounding, and that the subset
order is ``itertools.combinations`` order. Timings are reported, never
asserted; the exit status is 1 only if a correctness check fails.

Run from the repository root::

    python benchmarks/bench_cross.py [--quick] [--json PATH] [--seed N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # _timing
sys.path.insert(0, str(HERE.parent))  # exactwedge from this checkout

from _timing import Timing, format_seconds, time_callable, time_many  # noqa: E402

from exactwedge.ga.batch import cross_products  # noqa: E402

#: (label, number of points, dimension)
CASES = [("R^3", 40, 3), ("R^5", 12, 5)]
DEFAULT_SEED = 20240917
LOW, HIGH = -20, 20
#: goals from the issue
GOAL_VS_NUMPY = 5.0  # ours / numpy float64 at most this
GOAL_VS_SYMPY = 200.0  # sympy / ours more than this


# --------------------------------------------------------------------------- contenders


def float_np_cross(A: np.ndarray, I: np.ndarray, J: np.ndarray) -> np.ndarray:
    """R³ only: ``a_i × a_j`` for all pairs, float64."""
    return np.cross(A[I], A[J])


def float_batched_det(A: np.ndarray, sub: np.ndarray, deleted: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """All cross products by one batched ``np.linalg.det`` of the (m, d, d-1, d-1) minors."""
    Vt = A[sub].transpose(0, 2, 1)  # (m, d, k): column j is the point sub[:, j]
    return np.linalg.det(Vt[:, deleted, :]) * signs


def sympy_naive(points: list[list[int]], subs: list[tuple[int, ...]]) -> list[tuple[Any, ...]]:
    """For each subset, for each coordinate r: ``(-1)^r * sympy.Matrix(minor_r).det()``."""
    import sympy

    d = len(points[0])
    out = []
    for J in subs:
        cols = [points[j] for j in J]
        row = []
        for r in range(d):
            minor = [[c[i] for c in cols] for i in range(d) if i != r]
            v = sympy.Matrix(minor).det()
            row.append(v if r % 2 == 0 else -v)
        out.append(tuple(row))
    return out


# --------------------------------------------------------------------------- helpers


def machine_info() -> dict[str, Any]:
    import sympy

    try:
        from sympy.external.gmpy import GROUND_TYPES
    except ImportError:  # pragma: no cover
        GROUND_TYPES = "?"
    try:
        import flint

        flint_version = flint.__version__
    except ImportError:  # pragma: no cover
        flint_version = None
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "sympy": sympy.__version__,
        "sympy_ground_types": GROUND_TYPES,
        "python_flint": flint_version,
        "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def ratio_range(num: Timing, den: Timing) -> tuple[float, float, float]:
    """median ratio, and the ratio's spread from the two IQRs (low, high)."""
    return num.median / den.median, num.q1 / den.q3, num.q3 / den.q1


def run_case(label: str, n: int, d: int, args: argparse.Namespace) -> dict[str, Any]:
    k = d - 1
    rng = np.random.default_rng(args.seed)
    P = rng.integers(LOW, HIGH + 1, size=(n, d), dtype=np.int64)
    frac_rows = [[Fraction(int(v)) for v in row] for row in P]
    aug = np.concatenate([P, np.eye(d, dtype=np.int64)], axis=0)
    N = aug.shape[0]
    A = aug.astype(np.float64)
    subs = list(itertools.combinations(range(N), k))
    m = len(subs)
    sub = np.array(subs, dtype=np.intp).reshape(m, k)
    deleted = np.array([[i for i in range(d) if i != r] for r in range(d)], dtype=np.intp)
    signs = np.array([1.0 if r % 2 == 0 else -1.0 for r in range(d)])

    print(f"\n== {label}: {n} points + e1..e{d} -> C({N},{k}) = {m} subsets of {k} ==")

    # ---- correctness first (also the warm-up) -----------------------------
    table = cross_products(P, augment=True)
    exact = table.numerators
    checks: dict[str, Any] = {
        "arithmetic": table.arithmetic,
        "subsets_lexicographic": bool(np.array_equal(table.subsets, sub)),
        "denominators_one": bool(np.all(table.denominators == 1)),
    }
    table_f = cross_products(frac_rows, augment=True)
    checks["fraction_input_equal"] = bool(
        np.array_equal(table_f.numerators, exact) and np.array_equal(table_f.subsets, table.subsets) and np.all(table_f.denominators == 1)
    )
    exact_f = exact.astype(np.float64)
    scale = max(1.0, float(np.abs(exact_f).max()))
    tol = 1e-12 * scale
    floats: dict[str, Callable[[], np.ndarray]] = {}
    if d == 3:
        I, J = sub[:, 0].copy(), sub[:, 1].copy()
        floats["np.cross on pair index arrays"] = lambda: float_np_cross(A, I, J)
    floats["batched np.linalg.det of deleted-row minors"] = lambda: float_batched_det(A, sub, deleted, signs)
    float_err = {}
    for name, fn in floats.items():
        err = float(np.abs(fn() - exact_f).max()) if m else 0.0
        float_err[name] = err
    checks["float_max_abs_error"] = float_err
    checks["float_tolerance"] = tol
    checks["float_within_rounding"] = all(e <= tol for e in float_err.values())

    # ---- ours and numpy: interleaved samples --------------------------------
    index_gen: Callable[[], Any]
    if k == 2:
        index_gen = lambda: np.triu_indices(N, 1)  # noqa: E731
        index_label = "np.triu_indices"
    else:
        index_gen = lambda: np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(N), k)), dtype=np.intp).reshape(-1, k)  # noqa: E731
        index_label = "np.fromiter(itertools.combinations)"
    contenders: dict[str, Callable[[], Any]] = {
        "ours: cross_products(int64 array, augment=True)": lambda: cross_products(P, augment=True),
        "ours: same, from Fraction rows (incl. parsing)": lambda: cross_products(frac_rows, augment=True),
        **{f"numpy float64: {name}": fn for name, fn in floats.items()},
        f"numpy: index arrays via {index_label} (not in the rows above)": index_gen,
    }
    times = time_many(contenders, repeats=args.repeats, min_sample=args.min_sample)
    names = list(contenders)
    ours, ours_frac = times[names[0]], times[names[1]]
    float_times = {name: times[f"numpy float64: {name}"] for name in floats}
    best_name = min(float_times, key=lambda s: float_times[s].median)
    best = float_times[best_name]

    # ---- naive SymPy: full run or sample -------------------------------------
    pts = aug.tolist()
    pilot = subs[: min(m, args.sympy_pilot)]
    sympy_naive(pts, pilot[:2])  # import and first-call costs
    t_pilot = time_callable(lambda: sympy_naive(pts, pilot), repeats=1, min_sample=0.0, warmup=0)
    est_full = t_pilot.median * m / max(1, len(pilot))
    if est_full <= args.sympy_budget:
        sample_idx = list(range(m))
    else:
        size = max(args.sympy_pilot, int(m * args.sympy_budget / est_full / 3))
        sample_idx = sorted(np.random.default_rng(args.seed + 1).choice(m, size=min(size, m), replace=False).tolist())
    sample = [subs[i] for i in sample_idx]
    sym_result: list[Any] = []

    def sym_run() -> None:
        sym_result[:] = sympy_naive(pts, sample)

    t_sym = time_callable(sym_run, repeats=args.sympy_repeats, min_sample=0.0, warmup=0, max_total=args.sympy_budget, min_repeats=1)
    factor = m / len(sample)
    sym_full = Timing(t_sym.name, t_sym.median * factor, t_sym.q1 * factor, t_sym.q3 * factor, t_sym.samples, t_sym.inner)
    extrapolated = len(sample) < m
    agree = sum(1 for i, row in zip(sample_idx, sym_result) if all(int(exact[i, r]) == int(row[r]) for r in range(d)))
    checks["sympy_subsets_checked"] = len(sample)
    checks["sympy_exact_equal"] = agree == len(sample)

    # ---- report --------------------------------------------------------------
    rows = [(name, times[name]) for name in names]
    sym_label = "naive SymPy: Matrix(minor).det() per minor"
    rows.append((sym_label, sym_full))
    w = max(len(r[0]) for r in rows)
    print(f"{'method'.ljust(w)}  {'median':>10}  {'IQR':>10}  {'per subset':>10}  samples")
    for name, t in rows:
        note = f"{t.samples}×{t.inner}"
        if name == sym_label:
            note += f"  EXTRAPOLATED linearly from {len(sample)} of {m} subsets" if extrapolated else "  full run"
        print(f"{name.ljust(w)}  {format_seconds(t.median):>10}  {format_seconds(t.iqr):>10}  {format_seconds(t.median / m):>10}  {note}")

    r_np, r_np_lo, r_np_hi = ratio_range(ours, best)
    r_sym, r_sym_lo, r_sym_hi = ratio_range(sym_full, ours)
    rf_np, _, _ = ratio_range(ours_frac, best)
    rf_sym, _, _ = ratio_range(sym_full, ours_frac)
    goal_np = r_np <= GOAL_VS_NUMPY
    goal_sym = r_sym > GOAL_VS_SYMPY
    print(f"float64 reference: {best_name} (the faster float baseline)")
    print(f"  ours / numpy float64 = {r_np:8.2f}x  (IQR spread {r_np_lo:.2f}-{r_np_hi:.2f})   goal <= {GOAL_VS_NUMPY:g}x: {'MET' if goal_np else 'NOT MET'}")
    print(f"  SymPy / ours         = {r_sym:8.0f}x  (IQR spread {r_sym_lo:.0f}-{r_sym_hi:.0f})   goal > {GOAL_VS_SYMPY:g}x: {'MET' if goal_sym else 'NOT MET'}"
          + ("  [SymPy time extrapolated]" if extrapolated else ""))
    print(f"  Fraction input (separate): ours / numpy = {rf_np:.2f}x, SymPy / ours = {rf_sym:.0f}x")
    ok = all(checks[c] for c in ("subsets_lexicographic", "denominators_one", "fraction_input_equal", "float_within_rounding", "sympy_exact_equal"))
    errs = ", ".join(f"{name.split(' ')[0]} {e:.1e}" for name, e in float_err.items())
    print(
        f"checks: ours == SymPy exactly on {agree}/{len(sample)} subsets; float64 max |error| {errs} (tol {tol:.1e}); "
        f"lexicographic order {'ok' if checks['subsets_lexicographic'] else 'WRONG'}; Fraction input gives the same table: "
        f"{'ok' if checks['fraction_input_equal'] else 'NO'}; arithmetic {table.arithmetic} -> {'OK' if ok else 'FAILED'}"
    )
    return {
        "case": label,
        "n_points": n,
        "dim": d,
        "n_subsets": m,
        "timings": {name: t.to_dict() for name, t in rows},
        "float_reference": best_name,
        "sympy": {"extrapolated": extrapolated, "subsets_timed": len(sample), "pilot_estimate_s": est_full},
        "ratios": {
            "ours_over_numpy": r_np,
            "ours_over_numpy_iqr_spread": [r_np_lo, r_np_hi],
            "sympy_over_ours": r_sym,
            "sympy_over_ours_iqr_spread": [r_sym_lo, r_sym_hi],
            "fraction_input_ours_over_numpy": rf_np,
            "fraction_input_sympy_over_ours": rf_sym,
        },
        "goals": {"within_5x_of_numpy": goal_np, "over_200x_faster_than_sympy": goal_sym},
        "checks": checks,
        "ok": ok,
        "_summary": (label, m, ours, best, best_name, r_np, goal_np, sym_full, r_sym, goal_sym, extrapolated),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer and shorter samples; SymPy on a sample (2 s budget)")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the random points (default {DEFAULT_SEED})")
    args = ap.parse_args(argv)
    args.repeats = 7 if args.quick else 25
    args.min_sample = 0.005 if args.quick else 0.020
    args.sympy_budget = 2.0 if args.quick else 20.0
    args.sympy_repeats = 1 if args.quick else 3
    args.sympy_pilot = 20

    info = machine_info()
    print("exactwedge benchmark: all cross products of augmented integer point sets")
    print(f"seed {args.seed}, integer entries uniform in {LOW}..{HIGH}, mode {'quick' if args.quick else 'full'}")
    print(
        f"machine: {info['platform']}, {info['cpu_count']} cores; Python {info['python']}, numpy {info['numpy']}, "
        f"SymPy {info['sympy']} (ground types {info['sympy_ground_types']}), python-flint {info['python_flint']}"
    )
    print(
        f"timing: median and IQR over {args.repeats} interleaved samples of >= {args.min_sample * 1e3:g} ms each "
        "(inner loop chosen automatically; time per call); float baselines get precomputed index arrays"
    )
    results = [run_case(label, n, d, args) for label, n, d in CASES]
    info["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None

    print("\n== summary ==")
    head = f"{'case':<5} {'subsets':>7}  {'ours (exact)':>12}  {'numpy float64':>13}  {'reference':<10}  {'ours/numpy':>10}  {'<=5x':<7}  {'naive SymPy':>11}  {'SymPy/ours':>10}  {'>200x':<7}"
    print(head)
    for r in results:
        label, m, ours, best, best_name, r_np, goal_np, sym, r_sym, goal_sym, extrap = r["_summary"]
        ref = "np.cross" if best_name.startswith("np.cross") else "batch det"
        print(
            f"{label:<5} {m:>7}  {format_seconds(ours.median):>12}  {format_seconds(best.median):>13}  {ref:<10}  {r_np:>9.2f}x  "
            f"{'MET' if goal_np else 'NOT MET':<7}  {format_seconds(sym.median) + ('*' if extrap else ''):>11}  {r_sym:>9.0f}x  {'MET' if goal_sym else 'NOT MET':<7}"
        )
    if any(r["_summary"][-1] for r in results):
        print("* SymPy time extrapolated linearly from a sample of subsets")
    print(f"load average at start {info['loadavg_start']}, at end {info['loadavg_end']}")
    all_ok = all(r["ok"] for r in results)
    print("correctness checks:", "all passed" if all_ok else "FAILED")

    if args.json:
        for r in results:
            del r["_summary"]
        payload = {"benchmark": "bench_cross", "seed": args.seed, "quick": args.quick, "machine": info, "cases": results}
        Path(args.json).write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
