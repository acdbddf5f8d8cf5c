"""Experiment (a) of the paper: a 2-D two-class spiral, gradient training against the global optimum, polishing.

Trains two-layer ReLU networks (bias, ℓ1 path regularizer, the objective of the
convex program) with Adam and with SGD from a few seeds, sets the training
curves against the exact global optimum of the convex program
(:func:`exactwedge.fit`), polishes every trained network (THEORY §5: cross
products through the samples nearest each hyperplane, exact Lasso refit,
App. 6.12 rescaling) and draws the decision regions before and after.

Writes (atomically) ``spiral_polish.png``, ``spiral_polish.svg``,
``spiral_decision.png``, ``spiral_decision.svg`` and ``spiral_polish.json``
into ``--out`` (default ``examples/output``).

    python examples/spiral_polish.py [--points 20] [--epochs 4000] [--seeds 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

import exactwedge as ew
from exactwedge.trained import train
from exactwedge.io import atomic_write_text
from exactwedge.trained.polish import polish


def make_spiral(per_class: int, *, turns: float = 1.25, noise: float = 0.02, seed: int = 0, den: int = 40):
    """Two interleaved spiral arms, rational coordinates (denominator ``den``), labels ±1."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for label, phase in ((1, 0.0), (-1, math.pi)):
        for i in range(per_class):
            r = 0.15 + 0.85 * (i + 1) / per_class
            a = phase + turns * 2 * math.pi * (i + 1) / per_class
            p = (r * math.cos(a) + noise * rng.standard_normal(), r * math.sin(a) + noise * rng.standard_normal())
            X.append([Fraction(round(c * den), den) for c in p])
            y.append(Fraction(label))
    return X, y


def _save(fig, stem: Path) -> list[str]:
    from exactwedge.plot._common import save_figure

    return [str(p) for p in save_figure(fig, stem, ("png", "svg"), dpi=130, tight=True)]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=20, help="points per class")
    ap.add_argument("--beta", default="1/10")
    ap.add_argument("--width", type=int, default=40)
    ap.add_argument("--epochs", type=int, default=4000)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--out", default=str(Path(__file__).parent / "output"))
    args = ap.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from exactwedge.plot.network import plot_decision

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    beta = ew.parse_exact(args.beta)
    X, y = make_spiral(args.points)
    t0 = time.perf_counter()
    opt = ew.fit(X, y, beta, bias=True)
    t_fit = time.perf_counter() - t0
    assert opt.certificate.holds
    runs = []
    for optimizer, lr in (("adam", 3e-3), ("sgd", 2e-3)):
        for seed in range(args.seeds):
            t0 = time.perf_counter()
            run = train(X, y, float(beta), widths=(args.width,), norm=1, optimizer=optimizer, lr=lr,
                        epochs=args.epochs, seed=seed, progress=None)
            t_train = time.perf_counter() - t0
            t0 = time.perf_counter()
            pol = polish(run, X, y, beta)
            t_pol = time.perf_counter() - t0
            runs.append({"optimizer": optimizer, "lr": lr, "seed": seed, "run": run, "polish": pol,
                         "t_train": t_train, "t_polish": t_pol})
    # figure 1: training curves vs the optimum, and the polished values
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    colors = {"adam": "#1f77b4", "sgd": "#d62728"}
    for r in runs:
        h = np.array(r["run"].history)
        ax.plot(np.arange(len(h)), h, color=colors[r["optimizer"]], lw=1.0, alpha=0.75,
                label=f"{r['optimizer']} (training)" if r["seed"] == 0 else None)
        ax.plot([len(h) - 1], [float(r["polish"].objective_after)], marker="*", ms=12, color=colors[r["optimizer"]],
                mec="black", ls="none", label=f"{r['optimizer']} polished" if r["seed"] == 0 else None)
    ax.axhline(float(opt.value), color="black", ls="--", lw=1.2, label=f"global optimum (convex, exact) = {float(opt.value):.4f}")
    ax.set_yscale("log")
    ax.set_xlabel("epoch (full batch)")
    ax.set_ylabel(r"objective $\frac{1}{2}\|f(X)-y\|^2 + \frac{\beta}{2}\sum_j(\|w_j\|_1^2+\alpha_j^2)$")
    ax.set_title(f"Spiral, n = {len(X)}, β = {beta}, width {args.width}: gradient training vs. the convex optimum")
    ax.legend(fontsize=8)
    files = _save(fig, out / "spiral_polish")
    plt.close(fig)
    # figure 2: decision regions, trained vs polished vs optimal (best Adam seed)
    best = min((r for r in runs if r["optimizer"] == "adam"), key=lambda r: r["run"].history[-1])
    fig, axes = plt.subplots(1, 3, figsize=(18, 5.2))
    plot_decision(best["run"].to_network(), X, y, ax=axes[0], grid=120, show_neurons=False,
                  title=f"trained (Adam, seed {best['seed']}): P = {best['run'].history[-1]:.4f}")
    plot_decision(best["polish"].rescaled, X, y, ax=axes[1], grid=120,
                  title=f"polished: {len(best['polish'].network.units)} neurons, P = {float(best['polish'].objective_after):.4f}")
    plot_decision(opt, ax=axes[2], grid=120, title=f"global optimum: {len(opt.network.units)} neurons, P = {float(opt.value):.4f}")
    files += _save(fig, out / "spiral_decision")
    plt.close(fig)
    report = {
        "data": {"n": len(X), "X": [[str(c) for c in r] for r in X], "y": [str(v) for v in y]},
        "beta": str(beta),
        "width": args.width,
        "epochs": args.epochs,
        "optimum": {"value": str(opt.value), "value_float": float(opt.value), "neurons": len(opt.network.units),
                    "certificate": opt.certificate.holds, "seconds": round(t_fit, 3)},
        "runs": [{
            "optimizer": r["optimizer"], "lr": r["lr"], "seed": r["seed"],
            "trained_objective": r["run"].history[-1],
            "trained_objective_rescaled": r["polish"].objective_before_rescaled,
            "polished_objective": str(r["polish"].objective_after),
            "polished_objective_float": float(r["polish"].objective_after),
            "polished_neurons": len(r["polish"].network.units),
            "polish_helped": float(r["polish"].objective_after) < r["run"].history[-1],
            "curve_every_100": r["run"].history[::100],
            "seconds_train": round(r["t_train"], 3), "seconds_polish": round(r["t_polish"], 3),
            "polished_network": r["polish"].network.to_json(),
        } for r in runs],
        "files": files,
    }
    atomic_write_text(out / "spiral_polish.json", json.dumps(report, indent=1))
    for r in report["runs"]:
        print(f"{r['optimizer']:4s} seed {r['seed']}: trained {r['trained_objective']:.5f}  polished "
              f"{r['polished_objective_float']:.5f}  optimum {float(opt.value):.5f}")
    return report


if __name__ == "__main__":
    main()
