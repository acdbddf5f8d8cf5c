"""Benchmark: the exact Lasso fit against float solvers on the same dictionary.

Case (issue "Convex reformulation end to end"): 40 integer points in R³, ℓ1
dictionary without bias (about 1.8k columns), β = 2, squared loss. In one run:

* **ours, exact**: ``solve_lasso`` (exact active set with a float warm start,
  plus the exact KKT certificate), from the built dictionary;
* **cvxpy / Clarabel** (float64), the same problem on ``D.to_float()``;
* **scikit-learn** ``Lasso`` (coordinate descent, ``alpha = β/n`` for its
  ``1/(2n)`` scaling, tol 1e-12) and ``LassoLars`` (LARS), for reference.

Objectives are all reported on our scale ``½‖Kz − y‖² + β‖z‖₁``. Goal: the
exact solve no slower than cvxpy's float solve, and within 10× of
scikit-learn. Timing medians; no assertions.

Run: ``python benchmarks/bench_fit.py [--quick] [--json PATH] [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import format_seconds, time_many  # noqa: E402


def objective(K: np.ndarray, y: np.ndarray, z: np.ndarray, beta: float) -> float:
    r = K @ z - y
    return 0.5 * float(r @ r) + beta * float(np.abs(z).sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    ap.add_argument("--json", default=None, help="write results to PATH")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--beta", default="2")
    args = ap.parse_args(argv)

    import cvxpy as cp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, LassoLars

    from exactwedge.dictionary import dictionary
    from exactwedge.lasso.solve import solve_lasso

    rng = np.random.default_rng(args.seed)
    X = rng.integers(-10, 11, size=(args.n, 3))
    y = rng.integers(-5, 6, size=args.n)
    beta = Fraction(args.beta)
    fb = float(beta)
    D = dictionary(X)
    K = D.to_float()
    yf = y.astype(float)
    n, m = K.shape
    print(f"data: {n} integer points in R^3 (entries -10..10, seed {args.seed}); ℓ1 dictionary without bias: "
          f"{m} columns ({D.candidates} enumerated); beta = {beta}")

    exact_res = {}

    def ours():
        exact_res["sol"] = solve_lasso(D, y, beta)

    zvar = cp.Variable(m)
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(K @ zvar - yf) + fb * cp.norm1(zvar)))

    def cvx():
        prob.solve(solver="CLARABEL")

    sk = Lasso(alpha=fb / n, fit_intercept=False, tol=1e-12, max_iter=100_000)
    lars = LassoLars(alpha=fb / n, fit_intercept=False, max_iter=10_000)

    def sklearn_cd():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            sk.fit(K, yf)

    def sklearn_lars():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lars.fit(K, yf)

    repeats = 5 if args.quick else 15
    timings = time_many({"ours (exact)": ours, "cvxpy/Clarabel": cvx, "sklearn Lasso (CD)": sklearn_cd,
                         "sklearn LassoLars": sklearn_lars}, repeats=repeats, min_repeats=3, max_total=60.0)
    sol = exact_res["sol"]
    values = {
        "ours (exact)": float(sol.value),
        "cvxpy/Clarabel": objective(K, yf, np.asarray(zvar.value, dtype=float), fb),
        "sklearn Lasso (CD)": objective(K, yf, sk.coef_, fb),
        "sklearn LassoLars": objective(K, yf, lars.coef_, fb),
    }
    base = timings["ours (exact)"].median
    print(f"\nexact optimum: {float(sol.value):.12g} (certificate holds: {sol.certificate.holds}; "
          f"support {len(sol.support)}; value has a {len(str(sol.value.denominator))}-digit denominator)")
    print(f"\n{'solver':<22} {'median':>10} {'IQR':>10} {'time / ours':>12} {'objective':>16} {'gap to exact':>14}")
    rows = []
    for name, t in timings.items():
        gap = values[name] - float(sol.value)
        print(f"{name:<22} {format_seconds(t.median):>10} {format_seconds(t.iqr):>10} {t.median / base:>12.2f} "
              f"{values[name]:>16.10g} {gap:>14.3g}")
        rows.append({"solver": name, **t.to_dict(), "ratio_to_ours": t.median / base, "objective": values[name], "gap": gap})
    r_cvx = timings["cvxpy/Clarabel"].median / base
    r_sk = base / timings["sklearn Lasso (CD)"].median
    print(f"\ngoal 1, exact no slower than cvxpy: cvxpy/ours = {r_cvx:.2f} -> {'MET' if r_cvx >= 1 else 'NOT MET'}")
    print(f"goal 2, exact within 10x of scikit-learn CD: ours/sklearn = {r_sk:.2f} -> {'MET' if r_sk <= 10 else 'NOT MET'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": n, "columns": m, "beta": str(beta), "seed": args.seed, "rows": rows,
                       "exact_value": str(sol.value)}, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
