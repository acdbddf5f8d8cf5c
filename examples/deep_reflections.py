"""Where do gradient-trained deep 1-D networks put their kinks? Data points, reflections 2x_j − x_k, or anywhere?

Zeger et al. (arXiv 2403.01046) show that for 1-D data the deep narrow
networks of depth L = 3, 4 are Lasso models over dictionaries whose features
break at the data points x_j (L = 3: capped ramps) and, from L = 4 (or L = 3
with the absolute value), also at the *reflections* 2x_j − x_k.
This script trains ordinary fully connected deep networks (L = 3 and 4, ReLU
and abs, several seeds, Adam, small weight decay β, to near-interpolation)
with :func:`exactwedge.trained.train`, extracts every kink of the trained
piecewise-linear function from the weights layer by layer (no grid), and
compares each *significant* kink (slope change above a threshold) with

(a) the data points x_j,
(b) the predicted reflections {2x_j − x_k : j ≠ k},
(c) the exact breakpoints of the minimum-ℓ1 deep narrow network
    :func:`exactwedge.interpolate` (depth = L, same activation),

against a null baseline: the same number of kinks placed uniformly at random
in the data range (and the exact coverage of the tolerance intervals, i.e.
the null's expected fraction).

Caveat: the theory is about the global optimum of *parallel deep narrow*
networks; these are wide fully connected networks at a local optimum of
Adam, so this is an empirical comparison, not a check of a theorem.

Writes (atomically) ``deep_reflections.json``, ``deep_reflections.png`` and
``deep_reflections.svg`` into ``--out`` (default ``examples/output``).

    python examples/deep_reflections.py [--seeds 3] [--epochs 3000] [--random-sets 2] [--out DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from exactwedge.trained import train
from exactwedge.io import atomic_write_text

PAPER_X = (0, 4, 5, 7, 10, 11)
PAPER_Y = (0, 0, 0, 2, 3, 3)


# --------------------------------------------------------------------------- kinks

def _act(activation: str, t):
    if activation == "relu":
        return t if t > 0 else t * 0
    return -t if t < 0 else t


def _forward(weights, biases, intercept, activation, x, upto=None):
    """Pure-Python forward pass on a scalar ``x`` (floats or Fractions).

    With ``upto = l`` (0-based hidden layer), return that layer's pre-activations.
    """
    a = [x]
    L = len(weights)
    for l in range(L - 1):
        W, b = weights[l], biases[l]
        z = [sum((a[i] * W[i][j] for i in range(len(a))), b[j] * 0) + b[j] for j in range(len(b))]
        if upto == l:
            return z
        a = [_act(activation, v) for v in z]
    W = weights[-1]
    return sum((a[i] * W[i][0] for i in range(len(a))), intercept * 0) + intercept


def _probe_points(pts: list, one):
    """Two points inside each piece between consecutive sorted breakpoints (unbounded ends included)."""
    if not pts:
        return [(None, None, 0 * one, one)]
    out = [(None, pts[0], pts[0] - one, pts[0])]
    out += [(lo, hi, lo, hi) for lo, hi in itertools.pairwise(pts)]
    out.append((pts[-1], None, pts[-1], pts[-1] + one))
    return out


def network_kinks(weights: Sequence, biases: Sequence, intercept: Any, activation: str = "relu", *,
                  exact: bool = False, merge: float = 1e-9) -> list[tuple[Any, Any]]:
    """All kinks of a 1-D deep network, layer by layer, with their slope changes.

    Each hidden pre-activation is linear between the kinks of the earlier
    layers, so its zero on every piece is solved in closed form; the union of
    those zeros contains every kink of the output. The slope change of the
    output at each candidate (right slope − left slope) is then computed and
    candidates with a zero change are dropped.

    Parameters
    ----------
    weights : ``W_1`` (1×h_1), …, ``W_L`` (h_{L−1}×1) (arrays or nested lists)
    biases : hidden biases ``b_1..b_{L−1}``
    intercept : output intercept
    activation : {"relu", "abs"}
    exact : bool
        Convert everything to :class:`~fractions.Fraction` (exact arithmetic,
        for weights that are exact numbers); otherwise float64.
    merge : float
        Float mode: candidates closer than this are merged.

    Returns
    -------
    list of (location, slope change), sorted by location.

    Examples
    --------
    >>> network_kinks([[[1]], [[1]], [[1]]], [[-2], [-1]], 0, exact=True)   # relu(relu(x−2)−1): kink at 3
    [(Fraction(3, 1), Fraction(1, 1))]
    """
    conv = Fraction if exact else float
    Ws = [[[conv(v) for v in row] for row in np.asarray(W, dtype=object).tolist()] for W in weights]
    Bs = [[conv(v) for v in np.asarray(b, dtype=object).ravel().tolist()] for b in biases]
    t = conv(intercept)
    one = conv(1)
    pts: list = []
    for l in range(len(Ws) - 1):
        new = []
        for lo, hi, p, q in _probe_points(pts, one):
            zp = _forward(Ws, Bs, t, activation, p, upto=l)
            zq = _forward(Ws, Bs, t, activation, q, upto=l)
            for a, b in zip(zp, zq):
                if a == b:
                    continue
                r = p - a * (q - p) / (b - a)
                if (lo is None or r >= lo) and (hi is None or r <= hi):
                    new.append(r)
        pts = sorted(set(pts) | set(new))
        if not exact and pts:
            merged = [pts[0]]
            for v in pts[1:]:
                if v - merged[-1] > merge * max(1.0, abs(v)):
                    merged.append(v)
            pts = merged
    if not pts:
        return []

    def f(x):
        return _forward(Ws, Bs, t, activation, x)

    pieces = _probe_points(pts, one)
    slopes = []
    for lo, hi, p, q in pieces:
        if lo is not None and hi is not None:
            w = q - p
            p, q = p + w / 4, q - w / 4  # stay inside the piece
        slopes.append((f(q) - f(p)) / (q - p))
    out = []
    for i, c in enumerate(pts):
        ds = slopes[i + 1] - slopes[i]
        if ds != 0:
            out.append((c, ds))
    return out


def cluster_kinks(kinks: Sequence[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """Merge kinks closer than ``width`` (single linkage) into one.

    The merged kink sits at the |slope change|-weighted mean and carries the
    signed sum of the slope changes (what a slightly blurred function shows).
    Several neurons breaking at (almost) the same point then count once.

    >>> cluster_kinks([(1.0, 1.0), (1.01, 1.0), (3.0, -2.0)], 0.05)
    [(1.005, 2.0), (3.0, -2.0)]
    """
    out, group = [], []

    def flush():
        if group:
            w = sum(abs(d) for _, d in group)
            loc = sum(c * abs(d) for c, d in group) / w if w else group[0][0]
            out.append((loc, sum(d for _, d in group)))

    for c, d in sorted((float(c), float(d)) for c, d in kinks):
        if group and c - group[-1][0] > width:
            flush()
            group = []
        group.append((c, d))
    flush()
    return out


def exact_network_kinks(net) -> list[tuple[Fraction, Fraction]]:
    """Kinks (with slope changes) of an exact :class:`~exactwedge.deep.one_d.DeepNarrowNetwork`."""
    from exactwedge.deep.one_d import _kinks

    cands = sorted(set().union(*[_kinks(ch) for _, ch in net.units])) if net.units else []
    if not cands:
        return []

    def f(x):
        return net.intercept + sum((a * ch(x) for a, ch in net.units), Fraction(0))

    out = []
    for i, c in enumerate(cands):
        left = cands[i - 1] if i else c - 1
        right = cands[i + 1] if i + 1 < len(cands) else c + 1
        sl = (f(c) - f((left + c) / 2)) / ((c - left) / 2)
        sr = (f((c + right) / 2) - f(c)) / ((right - c) / 2)
        if sr != sl:
            out.append((c, sr - sl))
    return out


# --------------------------------------------------------------------------- theory sets

def reflections(xs: Sequence) -> list:
    """The predicted reflection set {2x_j − x_k : j ≠ k} (sorted, distinct)."""
    return sorted({2 * a - b for a in xs for b in xs if a != b})


def _near(v: float, targets: Sequence[float], tol: float) -> bool:
    return bool(targets) and min(abs(v - t) for t in targets) <= tol


def _dist(v: float, targets: Sequence[float]) -> float | None:
    return min(abs(v - t) for t in targets) if len(targets) else None


def coverage(targets: Sequence[float], tol: float, lo: float, hi: float) -> float:
    """Length fraction of [lo, hi] within ``tol`` of a target (the null's expected hit rate)."""
    iv = sorted((max(lo, t - tol), min(hi, t + tol)) for t in targets if t + tol >= lo and t - tol <= hi)
    total, cur_a, cur_b = 0.0, None, None
    for a, b in iv:
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += cur_b - cur_a
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += cur_b - cur_a
    return total / (hi - lo) if hi > lo else 0.0


# --------------------------------------------------------------------------- data

def datasets(random_sets: int, seed: int = 0) -> list[dict]:
    out = [{"name": "paper", "x": list(PAPER_X), "y": list(PAPER_Y)}]
    rng = np.random.default_rng(seed)
    for k in range(random_sets):
        n = 6
        x = sorted(int(v) for v in rng.choice(np.arange(0, 25), size=n, replace=False))
        y = [int(v) for v in rng.integers(-3, 4, size=n)]
        out.append({"name": f"random{k}", "x": x, "y": y})
    return out


# --------------------------------------------------------------------------- main

class Scaler:
    """Affine standardization for training: x ↦ (x − mid)/half onto [−1, 1], y ↦ (y − mean)/std.

    Kinks map back by the inverse affine map; data points and reflections
    2x_j − x_k are equivariant under it, so the comparison is unchanged.
    """

    def __init__(self, xs, ys):
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        self.mid, self.half = (xs.max() + xs.min()) / 2, (xs.max() - xs.min()) / 2 or 1.0
        self.ym, self.ys = ys.mean(), ys.std() or 1.0

    def x(self, v):
        return (np.asarray(v, float) - self.mid) / self.half

    def x_back(self, v):
        return float(v) * self.half + self.mid

    def y(self, v):
        return (np.asarray([float(a) for a in v]) - self.ym) / self.ys

    def predict(self, net, xs):
        return net.predict(self.x(xs)[:, None]) * self.ys + self.ym


def _fr(v) -> str:
    return str(Fraction(v))


def _categories(k: float, xs, refl_only, exact_bp, tol: float) -> dict:
    nd = _near(k, xs, tol)
    nr = _near(k, refl_only, tol)
    return {"data": nd, "reflection": nr and not nd, "data_or_reflection": nd or nr, "exact": _near(k, exact_bp, tol)}


def _null_hits(v: np.ndarray, xs, refl_only, exact_bp, tol: float) -> dict:
    def near(targets):
        if not len(targets) or not v.size:
            return np.zeros(v.shape, bool)
        return np.min(np.abs(v[:, None] - np.asarray(targets, float)[None, :]), axis=1) <= tol

    nd, nr, ne = near(xs), near(refl_only), near(exact_bp)
    return {"data": int(nd.sum()), "reflection": int((nr & ~nd).sum()), "data_or_reflection": int((nd | nr).sum()),
            "exact": int(ne.sum())}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=3000)
    ap.add_argument("--random-sets", type=int, default=2, help="seeded random integer data sets besides the paper's")
    ap.add_argument("--depths", type=int, nargs="+", default=[3, 4])
    ap.add_argument("--activations", nargs="+", default=["relu", "abs"])
    ap.add_argument("--width", type=int, default=10)
    ap.add_argument("--beta", type=float, default=1e-3)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--tol", type=float, default=0.1, help="distance counted as 'at' a predicted point")
    ap.add_argument("--threshold", type=float, default=0.05,
                    help="significant kink: |slope change| ≥ threshold × (max |slope change| of that network)")
    ap.add_argument("--cluster", type=float, default=0.05,
                    help="kinks closer than this (data units) are merged into one before counting")
    ap.add_argument("--null-draws", type=int, default=200)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "output"))
    args = ap.parse_args(argv)
    t0 = time.time()
    out_dir = Path(args.out)
    rng = np.random.default_rng(12345)
    tols = sorted({0.05, args.tol, 0.25})

    from exactwedge.interpolate import interpolate

    runs, sets = [], []
    cats = ("data", "reflection", "data_or_reflection", "exact")
    pooled = {c: [0, 0] for c in cats}          # hits, total (trained)
    pooled_null = {c: [0, 0] for c in cats}     # hits, total (random kinks)
    pooled_cov = {c: [0.0, 0] for c in cats}    # Σ coverage × kinks, kinks
    for ds in datasets(args.random_sets):
        xs = [float(v) for v in ds["x"]]
        lo, hi = min(xs), max(xs)
        refl = reflections(ds["x"])
        scaler = Scaler(xs, [float(v) for v in ds["y"]])
        refl_only = [float(r) for r in refl if r not in ds["x"]]
        refl_in = [r for r in refl_only if lo <= r <= hi]
        entry = {"name": ds["name"], "x": ds["x"], "y": ds["y"], "reflections": [_fr(r) for r in refl],
                 "reflections_in_range_not_data": [_fr(r) for r in refl_in], "exact": {}}
        for L in args.depths:
            for act in args.activations:
                res = interpolate([[v] for v in ds["x"]], ds["y"], depth=L, activation=act)
                ek = exact_network_kinks(res.network)
                exact_bp = [float(c) for c, _ in ek]
                entry["exact"][f"L{L}_{act}"] = {"min_l1": _fr(res.value), "breakpoints": [_fr(c) for c, _ in ek],
                                                 "units": len(res.network.units)}
                for seed in range(args.seeds):
                    net = train(scaler.x(xs)[:, None], scaler.y(ds["y"]), args.beta,
                                widths=(args.width,) * (L - 1), activation=act, bias=True, norm=2,
                                regularizer="decay", optimizer="adam", lr=args.lr, epochs=args.epochs, seed=seed)
                    pred = scaler.predict(net, xs)
                    resid = float(np.max(np.abs(pred - np.asarray(ds["y"], dtype=float))))
                    raw = [(scaler.x_back(c), d * scaler.ys / scaler.half)
                           for c, d in network_kinks(net.weights, net.biases, net.intercept, act)]
                    kinks = cluster_kinks(raw, args.cluster)
                    big = max((abs(d) for _, d in kinks), default=0.0)
                    sig = [(float(c), float(d)) for c, d in kinks
                           if abs(d) >= args.threshold * big and lo - 1e-9 <= c <= hi + 1e-9]
                    outside = sum(1 for c, d in kinks if abs(d) >= args.threshold * big and not lo - 1e-9 <= c <= hi + 1e-9)
                    per_kink = []
                    for c, d in sig:
                        per_kink.append({"x": c, "slope_change": d, "dist_data": _dist(c, xs),
                                         "dist_reflection": _dist(c, refl_only), "dist_exact": _dist(c, exact_bp),
                                         "dist_predicted": _dist(c, xs + refl_only)})
                    null = rng.uniform(lo, hi, size=(args.null_draws, len(sig)))
                    fr, frn, cov = {}, {}, {}
                    for tol in tols:
                        key = f"{tol:g}"
                        hits = {c: 0 for c in cats}
                        for c, _ in sig:
                            for k, v in _categories(c, xs, refl_only, exact_bp, tol).items():
                                hits[k] += v
                        nhits = _null_hits(null.ravel(), xs, refl_only, exact_bp, tol)
                        covs = {"data": coverage(xs, tol, lo, hi), "exact": coverage(exact_bp, tol, lo, hi),
                                "data_or_reflection": coverage(xs + refl_only, tol, lo, hi)}
                        covs["reflection"] = covs["data_or_reflection"] - covs["data"]
                        m = len(sig)
                        fr[key] = {c: hits[c] / m if m else None for c in cats}
                        frn[key] = {c: nhits[c] / (m * args.null_draws) if m else None for c in cats}
                        cov[key] = covs
                        if tol == args.tol:
                            for c in cats:
                                pooled[c][0] += hits[c]
                                pooled[c][1] += m
                                pooled_null[c][0] += nhits[c]
                                pooled_null[c][1] += m * args.null_draws
                                pooled_cov[c][0] += covs[c] * m
                                pooled_cov[c][1] += m
                    runs.append({"dataset": ds["name"], "depth": L, "activation": act, "seed": seed,
                                 "final_objective": net.history[-1], "max_abs_residual": resid,
                                 "kinks_raw": len(raw), "kinks_clustered": len(kinks), "significant_kinks_in_range": len(sig),
                                 "significant_kinks_outside_range": outside,
                                 "kinks": per_kink, "fraction_near": fr, "null_fraction_near": frn,
                                 "null_expected_coverage": cov,
                                 "_plot": (xs, [float(v) for v in ds["y"]], net, sig, scaler)})
        sets.append(entry)

    def _frac(p):
        return p[0] / p[1] if p[1] else None

    summary = {"tolerance": args.tol, "significant_kinks": pooled["data"][1],
               "trained": {c: _frac(pooled[c]) for c in cats},
               "null_random": {c: _frac(pooled_null[c]) for c in cats},
               "null_expected": {c: _frac(pooled_cov[c]) for c in cats}}
    key = f"{args.tol:g}"
    by = {}
    for L in args.depths:
        for act in args.activations:
            rs = [r for r in runs if r["depth"] == L and r["activation"] == act]
            m = sum(r["significant_kinks_in_range"] for r in rs)
            by[f"L{L}_{act}"] = {
                "significant_kinks": m,
                "trained": {c: (sum(r["fraction_near"][key][c] * r["significant_kinks_in_range"] for r in rs if r["significant_kinks_in_range"]) / m
                                if m else None) for c in cats},
                "null_expected": {c: (sum(r["null_expected_coverage"][key][c] * r["significant_kinks_in_range"] for r in rs) / m
                                      if m else None) for c in cats},
                "median_max_abs_residual": float(np.median([r["max_abs_residual"] for r in rs])) if rs else None}
    summary["by_config"] = by
    # reflections-only among kinks NOT at a data point: the sharper question
    off_data = [k for r in runs for k in r["kinks"] if k["dist_data"] > args.tol]
    summary["kinks_off_data"] = len(off_data)
    summary["off_data_fraction_near_reflection"] = (
        sum(1 for k in off_data if k["dist_reflection"] is not None and k["dist_reflection"] <= args.tol) / len(off_data)
        if off_data else None)

    out_dir.mkdir(parents=True, exist_ok=True)
    files = _figure(runs, sets, args, out_dir / "deep_reflections")
    for r in runs:
        r.pop("_plot")
    result = {"experiment": "deep 1-D networks: trained kinks vs data points and reflections 2x_j − x_k",
              "config": {k: v for k, v in vars(args).items() if k != "out"},
              "training": {"optimizer": "adam", "regularizer": "decay", "norm": 2, "bias": True},
              "datasets": sets, "runs": runs, "summary": summary, "seconds": round(time.time() - t0, 2)}
    json_path = out_dir / "deep_reflections.json"
    atomic_write_text(json_path, json.dumps(result, indent=1) + "\n")
    result["files"] = [str(json_path)] + [str(p) for p in files]
    s, tr, nu = summary, summary["trained"], summary["null_expected"]

    def pc(v):
        return "n/a" if v is None else f"{100 * v:.0f}%"

    print(f"deep_reflections: {s['significant_kinks']} significant (clustered) kinks in {len(runs)} trained networks; "
          f"within ±{args.tol:g} of a data point {pc(tr['data'])} (null {pc(nu['data'])}), "
          f"of a non-data reflection {pc(tr['reflection'])} (null {pc(nu['reflection'])}), "
          f"of either {pc(tr['data_or_reflection'])} (null {pc(nu['data_or_reflection'])}), "
          f"of a min-ℓ1 breakpoint {pc(tr['exact'])} (null {pc(nu['exact'])}); "
          f"off-data kinks near a reflection {pc(s['off_data_fraction_near_reflection'])} of {s['kinks_off_data']} "
          f"[{result['seconds']} s] -> {out_dir}")
    return result


def _figure(runs, sets, args, stem: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from exactwedge.plot._common import save_figure

    names = [s["name"] for s in sets]
    combos = [(L, a) for L in args.depths for a in args.activations]
    fig, axes = plt.subplots(len(names), len(combos), figsize=(3.6 * len(combos), 2.8 * len(names)), squeeze=False)
    colors = plt.get_cmap("tab10")
    for i, ds in enumerate(sets):
        xs = [float(v) for v in ds["x"]]
        lo, hi = min(xs), max(xs)
        pad = 0.15 * (hi - lo)
        grid = np.linspace(lo - pad, hi + pad, 600)
        refl = [float(Fraction(r)) for r in ds["reflections"]]
        for j, (L, act) in enumerate(combos):
            ax = axes[i][j]
            mine = [r for r in runs if r["dataset"] == ds["name"] and r["depth"] == L and r["activation"] == act]
            for r in refl:
                if lo - pad <= r <= hi + pad:
                    ax.axvline(r, color="0.8", lw=0.8, ls=":", zorder=0)
            for bp in ds["exact"][f"L{L}_{act}"]["breakpoints"]:
                b = float(Fraction(bp))
                if lo - pad <= b <= hi + pad:
                    ax.axvline(b, color="tab:green", lw=1.0, alpha=0.5, zorder=0)
            for k, r in enumerate(mine):
                _, ys, net, sig, scaler = r["_plot"]
                f = scaler.predict(net, grid)
                ax.plot(grid, f, color=colors(k), lw=1.2, label=f"seed {r['seed']}")
                if sig:
                    kx = np.array([c for c, _ in sig])
                    ax.plot(kx, scaler.predict(net, kx), "v", color=colors(k), ms=5, mfc="none")
            ys = [float(v) for v in ds["y"]]
            ax.plot(xs, ys, "ko", ms=4, zorder=5)
            ymin, ymax = min(ys), max(ys)
            ax.set_ylim(ymin - 0.35 * (ymax - ymin + 1), ymax + 0.35 * (ymax - ymin + 1))
            for r in refl:
                if lo - pad <= r <= hi + pad and r not in xs:
                    ax.plot([r], [ax.get_ylim()[0]], "^", color="tab:red", ms=5, clip_on=False)
            ax.set_xlim(lo - pad, hi + pad)
            ax.set_title(f"{ds['name']}: L={L}, {act}", fontsize=9)
            ax.tick_params(labelsize=7)
            if i == 0 and j == 0:
                ax.legend(fontsize=6, loc="upper left")
    fig.suptitle("trained kinks (∇, per seed) vs data (●), reflections 2x_j−x_k (red ▲, dotted), "
                 "min-ℓ1 breakpoints (green)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    files = save_figure(fig, stem)
    plt.close(fig)
    return files


if __name__ == "__main__":
    main()
