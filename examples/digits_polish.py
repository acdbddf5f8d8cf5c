"""Experiment (b) of issue 7: polishing a three-layer ReLU network on scikit-learn's digits, 3 against 8.

The data ship with scikit-learn (``load_digits``, no download): the 8×8 images
of the digits 3 and 8 (d = 64), labels +1 (three) and −1 (eight), pixels scaled
to [0, 1] as the exact rationals pixel/16. For every seed, width h and learning
rate:

1. a seeded stratified train/validation split (70 % / 30 %);
2. a three-layer ReLU network, widths (h, h), with biases, is trained by
   mini-batch SGD (batch 32) for 10 epochs with :func:`exactwedge.trained.train`
   on the squared loss against ±1 plus weight decay
   ``β/2 Σ_ℓ Σ_j ‖·‖₂²`` with β = 1e-3 (``--beta``). The mini-batch gradient
   is scaled by n/|B| (an unbiased estimate of the gradient of the *summed*
   loss), so the learning rates are small (default 1e-4 and 3e-4; at 1e-3 and
   above some seeds diverge — such runs are recorded as ``diverged`` and left
   out of the summary);
3. **polished**: every neuron (w, b) of the FIRST layer is replaced by the
   scaled cross product through the training samples nearest its hyperplane
   (:func:`exactwedge.trained.polish_weight`, exact rationals, ℓ2 norm of w
   kept up to a rational approximation); the second layer is kept as trained;
   the digits have pixels that are 0 in every image, so the anchored data
   have rank r < 63 and the default ``span="cut"`` is used: r−1 samples plus
   basis vectors complementing the data span (with ``--span contain``, the
   hyperplane would contain all the training data and every polished neuron
   would be 0 on it — the network then predicts a constant);
   the LAST (output) layer is refit by ridge regression (penalty β, intercept
   free) on the second hidden layer's activations of the training set;
4. **refit only** (a control, so that the effect of polishing is not confused
   with that of the refit): the trained network with only the last layer refit
   in the same way.

The first-layer weights are exact; the forward passes and the ridge refit are
float64 (numpy), which is enough for an accuracy experiment. Accuracy is that of
the sign of the output. Writes ``digits_polish.json``, ``digits_polish.png``
and ``digits_polish.svg`` (atomically) into ``--out``.

Observed (default run, 12 runs): polishing does NOT help here. The trained
networks reach 0.955 validation accuracy (0.973 with the last layer refit),
the polished ones 0.53 — chance level. The reason is the data, not the
arithmetic: many pixels are nonzero in only a few images, so the hyperplane
through the samples nearest a neuron's hyperplane contains almost every
training sample (≈ 98 % lie exactly on it, ``share_of_train_on_polished_hyperplanes``)
and the polished neuron is 0 on them.

    python examples/digits_polish.py                      # 3 seeds, widths 16 32, lrs 1e-4 3e-4
    python examples/digits_polish.py --seeds 20 --widths 8 16 32 64 --lrs 1e-4 3e-4 1e-3
"""

from __future__ import annotations

import argparse
import json
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from exactwedge.trained import train
from exactwedge.io import atomic_write_text
from exactwedge.trained.polish import polish_weight


def load_3_vs_8():
    """``(X exact rationals pixel/16, X float, y ±1 float)`` for the digits 3 (+1) and 8 (−1)."""
    from sklearn.datasets import load_digits

    D = load_digits()
    keep = np.isin(D.target, (3, 8))
    pix = D.data[keep].astype(np.int64)
    Xq = [[Fraction(int(v), 16) for v in row] for row in pix]
    return Xq, pix / 16.0, np.where(D.target[keep] == 3, 1.0, -1.0)


def split(n: int, y: np.ndarray, seed: int, frac: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """A seeded stratified split: ``(train indices, validation indices)``."""
    from sklearn.model_selection import train_test_split

    return train_test_split(np.arange(n), test_size=frac, random_state=seed, stratify=y)


def ridge_refit(H: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    """``min ½‖Hα + t − y‖² + λ/2 ‖α‖²`` (t free), float64 normal equations."""
    mh, my = H.mean(axis=0), y.mean()
    Hc = H - mh
    alpha = np.linalg.solve(Hc.T @ Hc + lam * np.eye(H.shape[1]), Hc.T @ (y - my))
    return alpha, float(my - mh @ alpha)


def forward_hidden(W1, b1, W2, b2, X: np.ndarray) -> np.ndarray:
    """The second hidden layer's activations."""
    return np.maximum(np.maximum(X @ W1 + b1, 0.0) @ W2 + b2, 0.0)


def accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.where(pred >= 0, 1.0, -1.0) == y))


def one_run(Xq, Xf, y, *, seed: int, width: int, lr: float, epochs: int, beta: float, batch: int,
            span: str = "cut") -> dict:
    tr, va = split(len(y), y, seed)
    t0 = time.perf_counter()
    net = train(Xf[tr], y[tr], beta, widths=(width, width), activation="relu", bias=True, norm=2,
                regularizer="decay", optimizer="sgd", lr=lr, epochs=epochs, batch_size=batch, seed=seed)
    t_train = time.perf_counter() - t0
    base = {"seed": seed, "width": width, "lr": lr, "n_train": len(tr), "n_val": len(va)}
    if not all(np.all(np.isfinite(W)) for W in net.weights + net.biases):  # SGD diverged: recorded, not polished
        return {**base, "diverged": True, "seconds_train": round(t_train, 3)}
    W1, W2, _ = net.weights
    b1, b2 = net.biases
    acc = {"train_before": accuracy(net.predict(Xf[tr]), y[tr]), "val_before": accuracy(net.predict(Xf[va]), y[va])}
    # control: refit the last layer only
    a, t = ridge_refit(forward_hidden(W1, b1, W2, b2, Xf[tr]), y[tr], beta)
    acc["train_refit_only"] = accuracy(forward_hidden(W1, b1, W2, b2, Xf[tr]) @ a + t, y[tr])
    acc["val_refit_only"] = accuracy(forward_hidden(W1, b1, W2, b2, Xf[va]) @ a + t, y[va])
    # polish the first layer exactly, keep the second, refit the last
    t0 = time.perf_counter()
    Xtr_q = [Xq[i] for i in tr]
    P1, pb1, moved = np.array(W1), np.array(b1), 0
    for j in range(width):
        if not np.any(W1[:, j]):
            continue
        w, b, info = polish_weight(Xtr_q, W1[:, j].tolist(), float(b1[j]), norm=2, span=span)
        P1[:, j] = [float(c) for c in w]
        pb1[j] = float(b)
        moved += 1
    t_polish = time.perf_counter() - t0
    # diagnostic: the share of training samples (numerically) on each polished hyperplane
    on_plane = float(np.mean(np.abs(Xf[tr] @ P1 + pb1) < 1e-9))
    a, t = ridge_refit(forward_hidden(P1, pb1, W2, b2, Xf[tr]), y[tr], beta)
    acc["train_after"] = accuracy(forward_hidden(P1, pb1, W2, b2, Xf[tr]) @ a + t, y[tr])
    acc["val_after"] = accuracy(forward_hidden(P1, pb1, W2, b2, Xf[va]) @ a + t, y[va])
    return {**base, "diverged": False, **acc,
            "polished_neurons": moved, "share_of_train_on_polished_hyperplanes": on_plane, "final_objective": net.history[-1],
            "seconds_train": round(t_train, 3), "seconds_polish": round(t_polish, 3)}


def summarize(runs: list[dict]) -> dict:
    """Mean changes and counts of runs improved / unchanged / worsened by polishing."""
    out = {}
    for split_ in ("train", "val"):
        d = np.array([r[f"{split_}_after"] - r[f"{split_}_before"] for r in runs])
        dr = np.array([r[f"{split_}_after"] - r[f"{split_}_refit_only"] for r in runs])
        out[split_] = {
            "mean_before": float(np.mean([r[f"{split_}_before"] for r in runs])),
            "mean_refit_only": float(np.mean([r[f"{split_}_refit_only"] for r in runs])),
            "mean_after": float(np.mean([r[f"{split_}_after"] for r in runs])),
            "mean_change": float(d.mean()),
            "improved": int((d > 0).sum()), "unchanged": int((d == 0).sum()), "worsened": int((d < 0).sum()),
            "mean_change_vs_refit_only": float(dr.mean()),
            "improved_vs_refit_only": int((dr > 0).sum()), "worsened_vs_refit_only": int((dr < 0).sum()),
        }
    return out


def plot(runs: list[dict], path: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from exactwedge.plot._common import save_figure

    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    widths = sorted({r["width"] for r in runs})
    markers = "osD^v<>p*h"
    lrs = sorted({r["lr"] for r in runs})
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, sp in zip(axes, ("train", "val")):
        vals = [r[f"{sp}_{k}"] for r in runs for k in ("before", "after")]
        lo = min(vals) - 0.01
        for r in runs:
            ax.plot(r[f"{sp}_before"], r[f"{sp}_after"], ls="none", alpha=0.75,
                    marker=markers[widths.index(r["width"]) % len(markers)],
                    color=colors[lrs.index(r["lr"]) % len(colors)])
        ax.plot([lo, 1.0], [lo, 1.0], color="black", lw=0.8, ls="--")
        ax.set_xlim(lo, 1.005)
        ax.set_ylim(lo, 1.005)
        ax.set_xlabel(f"{sp} accuracy, trained (SGD)")
        ax.set_ylabel(f"{sp} accuracy, first layer polished + last refit")
        ax.set_title("training set" if sp == "train" else "validation set")
    handles = [plt.Line2D([], [], ls="none", marker=markers[i % len(markers)], color="gray", label=f"width {w}")
               for i, w in enumerate(widths)]
    handles += [plt.Line2D([], [], ls="none", marker="o", color=colors[i % len(colors)], label=f"lr {lr:g}")
                for i, lr in enumerate(lrs)]
    axes[1].legend(handles=handles, fontsize=8, loc="upper left")
    fig.suptitle("digits 3 vs 8, three-layer ReLU net, SGD: above the diagonal = polishing helped")
    fig.tight_layout()
    files = [str(p) for p in save_figure(fig, path)]
    plt.close(fig)
    return files


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--widths", type=int, nargs="+", default=[16, 32])
    ap.add_argument("--lrs", type=float, nargs="+", default=[1e-4, 3e-4])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--beta", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--out", default=str(Path(__file__).parent / "output"))
    ap.add_argument("--span", choices=("cut", "contain"), default="cut", help="polish_weight's span option")
    ap.add_argument("--no-plot", action="store_true")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    Xq, Xf, y = load_3_vs_8()
    t0 = time.perf_counter()
    runs = [one_run(Xq, Xf, y, seed=s, width=h, lr=lr, epochs=args.epochs, beta=args.beta, batch=args.batch,
                    span=args.span)
            for h in args.widths for lr in args.lrs for s in range(args.seeds)]
    ok = [r for r in runs if not r["diverged"]]
    if not ok:
        raise SystemExit("every run diverged: lower the learning rates")
    summ = summarize(ok)
    summ["diverged"] = len(runs) - len(ok)
    summ["mean_share_of_train_on_polished_hyperplanes"] = float(np.mean([r["share_of_train_on_polished_hyperplanes"] for r in ok]))
    files = [] if args.no_plot else plot(ok, out / "digits_polish")
    report = {
        "data": {"source": "sklearn.datasets.load_digits", "classes": {"+1": 3, "-1": 8}, "n": len(y), "d": Xf.shape[1],
                 "scaling": "pixel/16 (exact rationals)", "validation_fraction": 0.3, "split": "stratified, seeded by the run's seed"},
        "training": {"layers": 3, "activation": "relu", "bias": True, "optimizer": "sgd", "epochs": args.epochs,
                     "batch_size": args.batch, "loss": "1/2 squared error on ±1 labels",
                     "regularizer": "weight decay beta/2 * sum of squared l2 norms", "beta": args.beta},
        "polish": {"first_layer": f"exactwedge.trained.polish_weight (exact, norm=2, span={args.span!r})", "second_layer": "kept as trained",
                   "last_layer": "ridge refit (penalty beta, free intercept), float64",
                   "control": "refit_only = trained network with only the last layer refit"},
        "config": {"seeds": args.seeds, "widths": args.widths, "lrs": args.lrs},
        "runs": runs,
        "summary": summ,
        "seconds": round(time.perf_counter() - t0, 2),
        "files": files,
    }
    path = out / "digits_polish.json"
    atomic_write_text(path, json.dumps(report, indent=1) + "\n")
    report["files"].append(str(path))
    v = summ["val"]
    print(f"digits 3 vs 8, {len(ok)} runs ({summ['diverged']} diverged, left out): validation accuracy {v['mean_before']:.4f} trained, "
          f"{v['mean_refit_only']:.4f} refit only, {v['mean_after']:.4f} polished "
          f"(mean change {v['mean_change']:+.4f}; improved {v['improved']}, unchanged {v['unchanged']}, "
          f"worsened {v['worsened']}; against refit only {v['mean_change_vs_refit_only']:+.4f}); "
          f"train {summ['train']['mean_before']:.4f} -> {summ['train']['mean_after']:.4f} "
          f"(improved {summ['train']['improved']}, worsened {summ['train']['worsened']}); "
          f"{summ['mean_share_of_train_on_polished_hyperplanes']:.1%} of the training samples lie on the polished hyperplanes")
    return report


if __name__ == "__main__":
    main()
