"""Benchmark: every ratio of issue 14 (speed), each against its baseline run in the same process.

Four sections, in one run:

1. **The 15-cell comparison.** Random integer points in R³ (coordinates
   uniform in [−50, 50], labels uniform in [−9, 9]; seeded per n), ℓ1
   dictionary without bias, squared loss, n ∈ {40, 80, 120, 160, 200} ×
   β ∈ {β_max/10, β_max/100, β_max/1000}, where β_max = max_j |K_jᵀy| is
   computed exactly on the ℓ1 dictionary and β stays an exact Fraction.
   Contenders, their samples interleaved (one call per sample):

   - **ours**: ``exactwedge.fit(X, y, β)``, the whole exact fit from the data
     to the certified network (dictionary, exact Lasso, KKT certificate,
     network, P_NN);
   - **Clarabel**: cvxpy + Clarabel (default tolerances) on ``K =
     dictionary(X).to_float()``, minimizing ½‖Kz − y‖² + float(β)‖z‖₁. ``K``
     is built once, outside the timing; building the cvxpy problem is
     **inside** it (a new ``Problem`` per call, so cvxpy's canonicalization is
     paid on every call, as a user pays it). Clarabel's own solve time
     (``solver_stats.solve_time``) is printed alongside.

   Per cell: n, columns, β, support, both medians, the ratio ours/Clarabel and
   Clarabel's relative objective gap to the exact optimum; then the geometric
   mean of the ratios and, per β, the growth exponent of the time in n (the
   least-squares slope of log time against log n).

2. **End to end.** ``exactwedge fit data.csv --beta 5 --json out.json`` as a
   subprocess (a fresh interpreter, the working tree on PYTHONPATH) against
   the in-process ``fit`` + ``to_json`` + ``json.dumps`` on the same data
   (n = 120; 80 with ``--quick``). The CLI's JSON must equal the in-process
   report (``timings_s`` aside). Before every exact sample (here and in the
   other sections) SymPy's global cache is cleared, so that a repeated call
   does not find the previous call's surds simplified: a fresh process, the
   CLI, never does.

3. **Streamed against materialized.** ``exactwedge.stream.fit_stream(X, y, β,
   certify="float")`` (the default of ``exactwedge fit --stream``, threads)
   against ``exactwedge.fit`` at the same n, β = 5; with ``--stream-cells`` also
   on the 15 cells.

4. **Start-up and the theorem checks.** ``python -m proofs_check`` (its
   default run; wall time and the CPU time of the child,
   ``getrusage(RUSAGE_CHILDREN)``), and the wall medians of
   ``python -c "import exactwedge"`` and ``exactwedge --help`` (subprocesses,
   interleaved with a bare ``python -c pass``).

Nothing is asserted about times; "goal MET / NOT MET" lines report them. The
script exits 1 only if a correctness check fails: an exact certificate that
does not hold, Clarabel's objective below the exact optimum by more than 1e-6
relative (a bug somewhere), the CLI's JSON differing from the in-process
report, a streamed float value off the exact optimum by more than its
tolerance, or ``proofs_check`` failing.

Run: ``python benchmarks/bench_speed.py [--quick] [--seed S] [--json PATH]
[--stream-cells] [--single-n N] [--repeats R] [--skip-proofs]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from typing import Any, Callable

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import format_seconds, time_many  # noqa: E402

#: The goals of issue 14 (upper bounds on a ratio or a wall time).
GOAL_CLI_RATIO = 1.2
GOAL_STREAM_RATIO = 1.5
GOAL_IMPORT_S = 0.25
GOAL_HELP_S = 0.30
#: Clarabel's objective below the exact optimum by more than this (relative) is a bug.
BELOW_OPTIMUM_RTOL = 1e-6
#: A streamed float value farther than this (relative) from the exact optimum is wrong (its tolerance is 1e-9).
STREAM_RTOL = 1e-6
NS = (40, 80, 120, 160, 200)
QUICK_NS = (40, 80)
DIVISORS = (10, 100, 1000)

failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)
    print(f"CORRECTNESS FAILURE: {message}")


def make_data(n: int, seed: int) -> tuple[list[list[int]], list[int]]:
    """n integer points uniform in [−50, 50]³ and integer labels uniform in [−9, 9], seeded by (seed, n)."""
    rng = np.random.default_rng([seed, n])
    return rng.integers(-50, 51, size=(n, 3)).tolist(), rng.integers(-9, 10, size=n).tolist()


def exact_beta_max(D: Any, y: list[int]) -> Fraction:
    """β_max = max_j |K_jᵀy| on the exact dictionary (the smallest β with z = 0 optimal)."""
    from exactwedge.compare.comparison import exact_beta_max as beta_max
    from exactwedge.lasso.columns import ExactColumns

    return beta_max(ExactColumns(D.numerators, D.scales), [Fraction(v) for v in y], False)


def float_objective(K: np.ndarray, y: np.ndarray, z: np.ndarray, beta: float) -> float:
    r = K @ z - y
    return 0.5 * float(r @ r) + beta * float(np.abs(z).sum())


def ratio_line(label: str, ratio: float, goal: float) -> str:
    return f"goal {label} <= {goal:g}: {ratio:.3g} -> {'MET' if ratio <= goal else 'NOT MET'}"


def slope(ns: list[int], ts: list[float]) -> float:
    """Least-squares slope of log t against log n."""
    if len(ns) < 2:
        return float("nan")
    lx, ly = np.log(np.asarray(ns, float)), np.log(np.asarray(ts, float))
    return float(np.polyfit(lx, ly, 1)[0])


def clear_caches() -> None:
    """Forget SymPy's global cache, if SymPy is loaded, before each exact sample.

    A repeated call on the same data would otherwise find its surds already
    simplified (``FitResult.to_json`` at n = 120: about 55 s cold, 0.2 s
    warm), which a user's first call, and every CLI run, never does.
    """
    cache = sys.modules.get("sympy.core.cache")
    if cache is not None:
        cache.clear_cache()


def check_fit(res: Any, where: str) -> None:
    if not (res.exact and res.certificate.holds and res.optimal):
        fail(f"{where}: the exact certificate does not hold")


# ----------------------------------------------------------------------------- 1. the 15 cells
def run_cells(args: argparse.Namespace, ns: tuple[int, ...]) -> dict:
    import cvxpy as cp

    import exactwedge
    from exactwedge.dictionary import dictionary
    from exactwedge.stream import fit_stream

    print(f"\n== 1. exactwedge.fit vs cvxpy+Clarabel: n in {list(ns)} x beta in beta_max/{list(DIVISORS)} "
          f"(seed {args.seed}; {args.repeats} interleaved samples of one call, at least 3; "
          f"a contender stops after 3 once it has spent {args.max_total:g} s) ==")
    print("Clarabel: K = dictionary(X).to_float() built outside the timing; the cvxpy problem is built and "
          "canonicalized inside it, on every call; default tolerances")
    head = (f"{'n':>4} {'columns':>8} {'beta':>14} {'support':>7} {'ours':>10} {'Clarabel':>10} {'ours/Cl':>8} "
            f"{'Cl solve':>9} {'Cl rel. gap':>12}")
    if args.stream_cells:
        head += f" {'stream':>10} {'stream/ours':>11}"
    print(head)
    rows = []
    for n in ns:
        X, y = make_data(n, args.seed)
        D = dictionary(X)
        K = D.to_float()
        yf = np.asarray(y, dtype=float)
        bmax = exact_beta_max(D, y)
        m = K.shape[1]
        for div in DIVISORS:
            beta = bmax / div
            fb = float(beta)
            state: dict[str, Any] = {}
            solve_times: list[float] = []

            def ours() -> None:
                clear_caches()
                state["res"] = exactwedge.fit(X, y, beta)

            def clarabel() -> None:
                z = cp.Variable(m)
                prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(K @ z - yf) + fb * cp.norm1(z)))
                prob.solve(solver="CLARABEL")
                state["cl"] = (prob, z)
                solve_times.append(getattr(prob.solver_stats, "solve_time", None) or math.nan)

            fns: dict[str, Callable[[], None]] = {"ours": ours, "clarabel": clarabel}
            if args.stream_cells:
                def stream() -> None:
                    clear_caches()
                    state["st"] = fit_stream(X, y, beta, certify="float", progress=False)

                fns["stream"] = stream
            t = time_many(fns, repeats=args.repeats, min_sample=0, warmup=0, max_total=args.max_total, min_repeats=3)
            res = state["res"]
            check_fit(res, f"n={n}, beta_max/{div}")
            prob, z = state["cl"]
            exact = float(res.value)
            cl_value = float_objective(K, yf, np.asarray(z.value, dtype=float), fb) if z.value is not None else math.nan
            gap = (cl_value - exact) / abs(exact)
            if gap < -BELOW_OPTIMUM_RTOL:
                fail(f"n={n}, beta_max/{div}: Clarabel's objective {cl_value!r} is below the exact optimum {exact!r}")
            ratio = t["ours"].median / t["clarabel"].median
            solve_time = statistics.median(solve_times)  # Clarabel's own time, a part of its median
            row = {"n": n, "columns": m, "beta": str(beta), "beta_label": f"beta_max/{div}", "beta_float": fb,
                   "support": len(res.support), "ours": t["ours"].to_dict(), "clarabel": t["clarabel"].to_dict(),
                   "ratio": ratio, "clarabel_status": prob.status, "clarabel_solve_s": solve_time,
                   "clarabel_rel_gap": gap, "exact_value_float": exact}
            line = (f"{n:>4} {m:>8} {'beta_max/' + str(div):>14} {len(res.support):>7} "
                    f"{format_seconds(t['ours'].median):>10} {format_seconds(t['clarabel'].median):>10} "
                    f"{ratio:>8.3g} {format_seconds(solve_time):>9} {gap:>12.2e}")
            if args.stream_cells:
                st = state["st"]
                if abs(float(st.value) - exact) > STREAM_RTOL * abs(exact):
                    fail(f"n={n}, beta_max/{div}: the streamed value {float(st.value)!r} is off the optimum {exact!r}")
                row["stream"] = t["stream"].to_dict()
                row["stream_ratio"] = t["stream"].median / t["ours"].median
                line += f" {format_seconds(t['stream'].median):>10} {row['stream_ratio']:>11.3g}"
            if prob.status != "optimal":
                line += f"  (Clarabel status {prob.status})"
            print(line, flush=True)
            rows.append(row)
    ratios = [r["ratio"] for r in rows]
    geo = math.exp(statistics.fmean(math.log(v) for v in ratios))
    print(f"\ngeometric mean of the {len(ratios)} ratios ours/Clarabel: {geo:.3g} "
          f"({'ours faster' if geo < 1 else 'Clarabel faster'} on the geometric mean)")
    exponents = {}
    print("growth exponent of the median time in n (least-squares slope of log t vs log n):")
    for div in DIVISORS:
        sel = [r for r in rows if r["beta_label"] == f"beta_max/{div}"]
        e = {who: slope([r["n"] for r in sel], [r[who]["median"] for r in sel]) for who in ("ours", "clarabel")}
        if args.stream_cells:
            e["stream"] = slope([r["n"] for r in sel], [r["stream"]["median"] for r in sel])
        exponents[f"beta_max/{div}"] = e
        print(f"  beta_max/{div:<5} " + "  ".join(f"{who} {v:.2f}" for who, v in e.items()))
    out = {"rows": rows, "geometric_mean_ratio": geo, "growth_exponents": exponents}
    if args.stream_cells:
        sr = [r["stream_ratio"] for r in rows]
        out["stream_geometric_mean_ratio"] = gs = math.exp(statistics.fmean(math.log(v) for v in sr))
        print(f"streamed/materialized over the cells: geometric mean {gs:.3g}, max {max(sr):.3g}")
        print(ratio_line("streamed/materialized (worst cell)", max(sr), GOAL_STREAM_RATIO))
    return out


# ----------------------------------------------------------------------------- 2. end to end, 3. streamed
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def cli_command() -> list[str]:
    """The ``exactwedge`` console script next to this interpreter, else ``python -m exactwedge``."""
    script = os.path.join(os.path.dirname(sys.executable), "exactwedge")
    return [script] if os.access(script, os.X_OK) else [sys.executable, "-m", "exactwedge"]


def run_end_to_end(args: argparse.Namespace, tmp: str) -> dict:
    import exactwedge

    n, beta = args.single_n, Fraction(5)
    X, y = make_data(n, args.seed)
    csv = os.path.join(tmp, "data.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("x1,x2,x3,y\n" + "".join(f"{a},{b},{c},{v}\n" for (a, b, c), v in zip(X, y)))
    out = os.path.join(tmp, "out.json")
    cmd = cli_command() + ["fit", csv, "--beta", "5", "--json", out]
    print(f"\n== 2. end to end: `{' '.join(os.path.basename(c) if c == cmd[0] else c for c in cmd)}` (subprocess, "
          f"n = {n}, beta = 5) vs in-process fit + to_json + json.dumps ({args.repeats} interleaved samples) ==")
    state: dict[str, Any] = {}

    def cli() -> None:
        p = subprocess.run(cmd, cwd=tmp, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        state["rc"], state["stderr"] = p.returncode, p.stderr

    # the same fit in a fresh interpreter without the CLI: what any program pays (start-up, imports)
    # it also prints the time of its first fit + to_json + dumps alone: a script's first call, cold
    script = ("import csv, json, sys, time, exactwedge\n"
              "rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))[1:]\n"
              "X = [[int(v) for v in r[:-1]] for r in rows]; y = [int(r[-1]) for r in rows]\n"
              "t = time.perf_counter(); json.dumps(exactwedge.fit(X, y, 5).to_json())\n"
              "print(time.perf_counter() - t)\n")
    fresh_cmd = [sys.executable, "-c", script, csv]
    first_calls: list[float] = []
    # what the CLI must import before its first step (the floor of its fixed cost, with `python -c pass`)
    imports_cmd = [sys.executable, "-c", "import exactwedge.cli.main, exactwedge.cli.fit, exactwedge.training, "
                   "exactwedge.io, flint, threadpoolctl"]

    def imports() -> None:
        if subprocess.run(imports_cmd, cwd=tmp, env=_env(), stdout=subprocess.DEVNULL).returncode != 0:
            fail("importing the CLI's modules failed")

    def fresh() -> None:
        p = subprocess.run(fresh_cmd, cwd=tmp, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            fail(f"the fresh-interpreter fit exited {p.returncode}: {p.stderr.strip()[-300:]}")
        else:
            first_calls.append(float(p.stdout.split()[-1]))

    parts: dict[str, list[float]] = {"fit": [], "to_json": []}

    def in_process() -> None:
        clear_caches()
        t0 = time.perf_counter()
        res = exactwedge.fit(X, y, beta)
        t1 = time.perf_counter()
        state["res"], state["text"] = res, json.dumps(res.to_json(), indent=2, ensure_ascii=False)
        parts["fit"].append(t1 - t0)
        parts["to_json"].append(time.perf_counter() - t1)

    t = time_many({"cli": cli, "in-process": in_process, "fresh": fresh, "imports": imports}, repeats=args.repeats, min_sample=0,
                  warmup=0, max_total=args.max_total, min_repeats=3)
    if state["rc"] != 0:
        fail(f"the CLI exited {state['rc']}: {state['stderr'].strip()[-300:]}")
    else:
        with open(out, encoding="utf-8") as f:
            got = json.load(f)
        want = json.loads(state["text"])
        got.pop("timings_s", None), want.pop("timings_s", None)
        if got != want:
            fail("the CLI's JSON differs from the in-process report")
    check_fit(state["res"], f"end to end n={n}")
    ratio = t["cli"].median / t["in-process"].median
    print(f"CLI subprocess {t['cli']}   in-process {t['in-process']}   "
          f"(support {len(state['res'].support)}, {len(state['res'].dictionary)} columns)")
    split = {k: statistics.median(v) for k, v in parts.items()}
    print(f"in-process parts (medians): fit {format_seconds(split['fit'])}, to_json + dumps "
          f"{format_seconds(split['to_json'])}")
    print(ratio_line("CLI/in-process", ratio, GOAL_CLI_RATIO))
    fresh_ratio = t["cli"].median / t["fresh"].median
    print(f"the same fit + to_json in a fresh interpreter (python -c, no CLI): {t['fresh']}; "
          f"CLI/fresh interpreter = {fresh_ratio:.2f} (what the CLI itself adds: reading, the table, the file)")
    first = statistics.median(first_calls) if first_calls else math.nan
    print(f"  its first fit + to_json + dumps alone (a script's first call, cold): {format_seconds(first)}; "
          f"CLI/first call = {t['cli'].median / first:.2f}")
    floor_s = t["imports"].median
    best = (floor_s + t["in-process"].median) / t["in-process"].median
    print(f"the CLI's imports alone (python, site, numpy, flint, exactwedge's CLI and fit modules): "
          f"{format_seconds(floor_s)}; with the warm in-process time the ratio cannot go below {best:.2f}")
    return {"n": n, "beta": "5", "command": cmd[1:], "cli": t["cli"].to_dict(), "in_process": t["in-process"].to_dict(),
            "fresh_interpreter": t["fresh"].to_dict(), "in_process_parts_median_s": split, "ratio": ratio,
            "ratio_to_fresh_interpreter": fresh_ratio, "first_call_median_s": first, "ratio_to_first_call":
            t["cli"].median / first, "imports_median_s": floor_s, "ratio_floor": best}


def run_stream_single(args: argparse.Namespace) -> dict:
    import exactwedge
    from exactwedge.stream import fit_stream

    n, beta = args.single_n, Fraction(5)
    X, y = make_data(n, args.seed)
    print(f"\n== 3. streamed vs materialized: fit_stream(X, y, 5, certify='float') (the --stream default, threads) "
          f"vs exactwedge.fit, n = {n} ({args.repeats} interleaved samples) ==")
    state: dict[str, Any] = {}

    def materialized() -> None:
        clear_caches()
        state["fit"] = exactwedge.fit(X, y, beta)

    def streamed() -> None:
        clear_caches()
        state["st"] = fit_stream(X, y, beta, certify="float", progress=False)

    t = time_many({"materialized": materialized, "streamed": streamed},
                  repeats=args.repeats, min_sample=0, warmup=0, max_total=args.max_total, min_repeats=3)
    check_fit(state["fit"], f"materialized n={n}")
    exact, streamed = float(state["fit"].value), float(state["st"].value)
    if abs(streamed - exact) > STREAM_RTOL * abs(exact):
        fail(f"streamed n={n}: value {streamed!r} is off the exact optimum {exact!r}")
    ratio = t["streamed"].median / t["materialized"].median
    print(f"materialized {t['materialized']}   streamed {t['streamed']}   "
          f"(streamed value rel. diff {(streamed - exact) / abs(exact):.1e})")
    print(ratio_line("streamed/materialized", ratio, GOAL_STREAM_RATIO))
    return {"n": n, "beta": "5", "materialized": t["materialized"].to_dict(), "streamed": t["streamed"].to_dict(),
            "ratio": ratio}


# ----------------------------------------------------------------------------- 4. start-up, proofs_check
def _wall(cmd: list[str], cwd: str) -> tuple[float, float, int]:
    """Wall seconds, child CPU seconds (user + system) and exit status of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), rc


def run_startup(args: argparse.Namespace, tmp: str) -> dict:
    runs = 7 if args.quick else 15
    cmds = {"python -c pass": [sys.executable, "-c", "pass"],
            "import exactwedge": [sys.executable, "-c", "import exactwedge"],
            "exactwedge --help": cli_command() + ["--help"]}
    print(f"\n== 4. start-up: wall medians of {runs} interleaved subprocess runs (working tree on PYTHONPATH) ==")
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, c in cmds.items():
            wall, _cpu, rc = _wall(c, tmp)
            if rc != 0:
                fail(f"`{k}` exited {rc}")
            walls[k].append(wall)
    med = {k: statistics.median(v) for k, v in walls.items()}
    for k, v in med.items():
        print(f"{k:<20} {format_seconds(v):>10}")
    print(f"goal import exactwedge <= {GOAL_IMPORT_S} s: {med['import exactwedge']:.3f} s -> "
          f"{'MET' if med['import exactwedge'] <= GOAL_IMPORT_S else 'NOT MET'}")
    print(f"goal exactwedge --help <= {GOAL_HELP_S} s: {med['exactwedge --help']:.3f} s -> "
          f"{'MET' if med['exactwedge --help'] <= GOAL_HELP_S else 'NOT MET'}")
    out: dict[str, Any] = {"runs": runs, "wall_median_s": med, "walls_s": walls}
    if args.skip_proofs:
        return out
    reps = 1 if args.quick else 3
    print(f"\n`python -m proofs_check` (default run), {reps} run(s):")
    pc = []
    for _ in range(reps):
        wall, cpu, rc = _wall([sys.executable, "-m", "proofs_check"], tmp)
        if rc != 0:
            fail(f"python -m proofs_check exited {rc}")
        pc.append((wall, cpu))
        print(f"  wall {format_seconds(wall)}, CPU {format_seconds(cpu)} (exit status {rc})", flush=True)
    out["proofs_check"] = {"wall_median_s": statistics.median(w for w, _ in pc),
                           "cpu_median_s": statistics.median(c for _, c in pc), "runs": pc}
    print(f"proofs_check median: wall {format_seconds(out['proofs_check']['wall_median_s'])}, "
          f"CPU {format_seconds(out['proofs_check']['cpu_median_s'])}")
    return out


#: The sections, in the order they run: 1. the 15 cells, 2. end to end, 3. streamed, 4. start-up and proofs_check.
SECTIONS = ("cells", "end-to-end", "stream", "startup")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"n in {list(QUICK_NS)} only, 3 samples, 7 start-up runs")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", default=None, metavar="PATH", help="write the results to PATH")
    ap.add_argument("--stream-cells", action="store_true", help="also time fit_stream on the 15 cells")
    ap.add_argument("--single-n", type=int, default=None, metavar="N",
                    help="n of sections 2 and 3 (default 120, --quick 80)")
    ap.add_argument("--repeats", type=int, default=None, help="samples per contender (default 5, --quick 3)")
    ap.add_argument("--max-total", type=float, default=None,
                    help="seconds after which a contender takes no more than 3 samples (default 120, --quick 20)")
    ap.add_argument("--skip-proofs", action="store_true", help="do not run python -m proofs_check")
    ap.add_argument("--only", choices=SECTIONS, action="append", default=None,
                    help="run only this section (repeatable; default: all of them)")
    args = ap.parse_args(argv)
    args.repeats = max(3, args.repeats or (3 if args.quick else 5))
    args.max_total = args.max_total if args.max_total is not None else (20.0 if args.quick else 120.0)
    args.single_n = args.single_n or (80 if args.quick else 120)
    ns = QUICK_NS if args.quick else NS

    import cvxpy
    import clarabel

    import exactwedge

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan
    print(f"bench_speed: Python {sys.version.split()[0]}, numpy {np.__version__}, cvxpy {cvxpy.__version__}, "
          f"clarabel {getattr(clarabel, '__version__', '?')}, {os.cpu_count()} CPUs, load average {load:.2f}; "
          f"exactwedge from {os.path.dirname(exactwedge.__file__)}")
    # warm up once (imports, flint, cvxpy's first canonicalization), so no timed sample pays for it
    wx, wy = make_data(12, args.seed)
    exactwedge.fit(wx, wy, 1)
    wz = cvxpy.Variable(3)
    cvxpy.Problem(cvxpy.Minimize(cvxpy.sum_squares(np.ones((4, 3)) @ wz - 1) + cvxpy.norm1(wz))).solve(solver="CLARABEL")
    results: dict[str, Any] = {"seed": args.seed, "quick": args.quick, "load_average_start": load,
                               "python": sys.version.split()[0]}
    t0 = time.perf_counter()
    only = set(args.only or SECTIONS)
    if "cells" in only:
        results["cells"] = run_cells(args, ns)
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        if "end-to-end" in only:
            results["end_to_end"] = run_end_to_end(args, tmp)
        if "stream" in only:
            results["stream"] = run_stream_single(args)
        if "startup" in only:
            results["startup"] = run_startup(args, tmp)
    results["total_s"] = time.perf_counter() - t0
    results["failures"] = failures
    print(f"\ntotal {format_seconds(results['total_s'])}; load average at the end "
          f"{os.getloadavg()[0] if hasattr(os, 'getloadavg') else math.nan:.2f}")
    print("correctness checks: " + ("all passed" if not failures else f"{len(failures)} FAILED"))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, default=str)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
