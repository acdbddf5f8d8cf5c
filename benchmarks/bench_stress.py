"""Benchmark: where float dictionaries go wrong, over many seeds (the ``--stress`` study).

For each data family of :mod:`exactwedge.compare.stress` (nearly collinear
points, 1e8 + small integers, near duplicates) and each seed, it counts the
dictionary entries whose naive float value (float cross products and features
from the float data) has the wrong sign or the wrong positive part, against the
exact dictionary, and solves the Lasso with scikit-learn on the naive float
dictionary and on the correctly rounded export, measuring each solution exactly
on the exact problem. It also times the exact audit against the naive float
computation alone. Reports only; exits 1 if the exact pipeline ever shows a
sign error (it must not).

Run: ``python benchmarks/bench_stress.py [--seeds 10] [--n 14] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from _timing import format_seconds, time_many  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10, help="seeds 0..S-1 (default 10)")
    ap.add_argument("--n", type=int, default=14, help="samples per data set (default 14)")
    ap.add_argument("--json", default=None, help="write the results to PATH")
    args = ap.parse_args(argv)

    from exactwedge.compare.stress import (
        STRESS_CASES,
        audit_float_dictionary,
        naive_float_preactivations,
        stress_case,
        stress_study,
    )
    from exactwedge.dictionary import dictionary

    rows = []
    bad = 0
    for name in STRESS_CASES:
        per = []
        for seed in range(args.seeds):
            r = stress_study(name, seed=seed, n=args.n)
            a = r.audit
            bad += a.exact_sign_errors + a.export_activation_errors
            nf, rx = r.lasso["naive_float"], r.lasso["rounded_export"]
            per.append({"seed": seed, "entries": a.entries, "sign_errors": a.sign_errors, "flips": a.sign_flips,
                        "activation_errors": a.activation_errors, "exact_errors": a.exact_sign_errors,
                        "naive_rel_gap": nf.get("true_rel_gap"), "export_rel_gap": rx.get("true_rel_gap"),
                        "naive_jaccard": nf.get("support_jaccard"), "export_jaccard": rx.get("support_jaccard")})
        c = stress_case(name, seed=0, n=args.n)
        D = dictionary(c.X, bias=c.bias)
        t = time_many({"exact audit (integer signs + exact recheck)": lambda: audit_float_dictionary(D),
                       "naive float pre-activations only": lambda: naive_float_preactivations(D)},
                      repeats=7, min_sample=0.005)
        rows.append({"case": name, "seeds": per, "timing": {k: v.to_dict() for k, v in t.items()}})
        med = lambda key: statistics.median(p[key] for p in per if p[key] is not None)  # noqa: E731
        print(f"== {name} (n = {args.n}, seeds 0..{args.seeds - 1}) ==")
        print(f"  entries {per[0]['entries']}; float sign errors median {med('sign_errors')} "
              f"(min {min(p['sign_errors'] for p in per)}, max {max(p['sign_errors'] for p in per)}), "
              f"flips +/- median {med('flips')}, wrong positive part median {med('activation_errors')}; "
              f"exact errors total {sum(p['exact_errors'] for p in per)}")
        print(f"  Lasso, true relative gap on the exact problem: naive float dictionary median {med('naive_rel_gap'):.3g} "
              f"(max {max(p['naive_rel_gap'] or 0 for p in per):.3g}); rounded export median {med('export_rel_gap'):.3g}")
        for k, v in t.items():
            print(f"  {k:<48} {format_seconds(v.median)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)
    print("correctness: exact pipeline sign errors =", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
