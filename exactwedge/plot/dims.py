"""Decision figures off the plane: a 1-D fit (data, scaled ramps, exact breakpoints) and a 3-D fit (planes).

:func:`exactwedge.plot.plot_decision` calls these for data in R^1 and R^3.
Breakpoints are exact (``−b/w`` as a Fraction); the curves are the exact
piecewise-linear function evaluated at its exact breakpoints and the frame's
ends, then exported to float for drawing.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..exceptions import DimensionError
from ._common import INK, MUTED, PALETTE, class_color, new_axes, text_of

__all__ = ["plot_deep"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sample_name(i: Any) -> str:
    """``x₃`` for sample 3; a named direction (``e1``) as it is."""
    return i if isinstance(i, str) else "x" + str(i).translate(_SUB)


def _subscripts(name: str) -> str:
    """``2x2 − x1`` → ``2x₂ − x₁``: sample indices as subscripts, other digits left alone."""
    import re

    return re.sub(r"x(\d+)", lambda m: "x" + m.group(1).translate(_SUB), name)


def _value_note(value: Any, exact: bool) -> str:
    """``, P = 127/400 (exact)``, or the float solve's value named as such; empty without a value."""
    if value is None:
        return ""
    return f", P = {text_of(value)} (exact)" if exact else f", P ≈ {float(value):.6g} (float solve)"


def _act(t: Fraction, activation: str) -> Fraction:
    return max(t, Fraction(0)) if activation == "relu" else abs(t)


def decision_1d(net: Any, rows: list, y: Any, ax: Any, title: str | None, value: Any, exact: bool) -> Any:
    """The 1-D figure: samples, each neuron's α·(w x + b)₊ (dotted), breakpoints labelled by sample, f (solid)."""
    xs = [r[0] for r in rows]
    fig, ax = new_axes(ax, figsize=(7.0, 4.2))
    kinks = {}
    for k, u in enumerate(net.units):
        if u.w[0] != 0:
            kinks.setdefault(Fraction(-u.b) / Fraction(u.w[0]), []).append(k)
    lo, hi = min(xs + list(kinks)), max(xs + list(kinks))
    pad = (hi - lo) / 8 if hi > lo else Fraction(1)
    lo, hi = lo - pad, hi + pad
    grid = sorted({lo, hi, *kinks})  # f is linear between consecutive points: exact at each, drawn straight
    fl = [float(t) for t in grid]

    def unit(u: Any, t: Fraction) -> Fraction:
        return Fraction(u.alpha) * _act(Fraction(u.w[0]) * t + Fraction(u.b), net.activation)

    for k, u in enumerate(net.units):
        ax.plot(fl, [float(unit(u, t)) for t in grid], ls=":", lw=1.3, color=PALETTE[k % len(PALETTE)],
                label=f"neuron {k + 1}: α(wx+b)₊" if net.activation == "relu" else f"neuron {k + 1}: α|wx+b|")
    f = [Fraction(net.intercept) + sum((unit(u, t) for u in net.units), Fraction(0)) for t in grid]
    ax.plot(fl, [float(v) for v in f], color=INK, lw=2.0, label="f(x)", zorder=3)
    labels = list(y) if y is not None else None
    for i, x in enumerate(xs):
        col = class_color(labels[i]) if labels is not None else INK
        ax.plot([float(x)], [float(labels[i])] if labels is not None else [0.0], "o", color=col,
                mec="white", mew=1.0, ms=8, zorder=4)
    # breakpoints: one mark and one label per distinct abscissa, named by the samples there
    fmin = min(float(v) for v in f)
    for j, (t, ks) in enumerate(sorted(kinks.items())):
        names = [sample_name(i) for i, x in enumerate(xs) if x == t]
        ax.axvline(float(t), color=MUTED, lw=0.7, ls="--", zorder=1)
        ax.plot([float(t)], [float(f[grid.index(t)])], "D", color=INK, ms=5, zorder=5)
        text = (" = ".join(names) if names else f"x = {text_of(t)}") + f"\n(neuron {', '.join(str(k + 1) for k in ks)})"
        right = t > (lo + hi) / 2  # labels on the right half open leftwards: none leaves the frame
        ax.annotate(text, (float(t), fmin), xytext=(-3 if right else 3, -14 - 22 * (j % 2)),
                    textcoords="offset points", fontsize=8, ha="right" if right else "left", va="top",
                    annotation_clip=False)
    if title is None:
        k = len(net.units)
        title = f"f(x): {k} neuron{'s' if k != 1 else ''}, breakpoints at samples" + _value_note(value, exact)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("x")
    ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    ax.set_xlim(float(lo), float(hi))
    ax.margins(y=0.25)
    return fig


def _plane_polygon(w: tuple, b: float, box: tuple) -> list:
    """The plane {w·x + b = 0} clipped to the box (x0, x1, y0, y1, z0, z1): its vertices in order."""
    import numpy as np

    x0, x1, y0, y1, z0, z1 = box
    corners = [np.array((a, c, e)) for a in (x0, x1) for c in (y0, y1) for e in (z0, z1)]
    wv = np.array(w, dtype=float)
    pts = []
    for i in range(8):
        for j in range(i + 1, 8):
            p, q = corners[i], corners[j]
            if int(np.count_nonzero(p != q)) != 1:
                continue
            vp, vq = wv @ p + b, wv @ q + b
            if vp == vq:
                continue
            t = vp / (vp - vq)
            if -1e-12 <= t <= 1 + 1e-12:
                pts.append(p + t * (q - p))
    if len(pts) < 3:
        return []
    c = sum(pts) / len(pts)
    u = pts[0] - c
    v = np.cross(wv, u)
    pts.sort(key=lambda p: float(np.arctan2((p - c) @ v, (p - c) @ u)))
    return [tuple(float(s) for s in p) for p in pts]


def decision_3d(net: Any, rows: list, y: Any, title: str | None, value: Any, exact: bool) -> Any:
    """The 3-D figure: each neuron's plane w·x + b = 0 in the data box, labelled by its samples; data by label."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    from ._common import _rc, new_figure

    if net.units and net.d != 3:
        raise DimensionError(f"the network must act on R^3, got R^{net.d}")
    fl = [tuple(float(c) for c in r) for r in rows]
    with _rc():
        fig = new_figure(figsize=(6.5, 6.0))
        ax = fig.add_subplot(projection="3d")
    box = []
    for d in range(3):
        lo, hi = min(p[d] for p in fl), max(p[d] for p in fl)
        pad = 0.1 * max(hi - lo, 1.0)
        box += [lo - pad, hi + pad]
    for k, u in enumerate(net.units):
        poly = _plane_polygon(tuple(float(c) for c in u.w), float(u.b), tuple(box))
        if not poly:
            continue
        col = PALETTE[k % len(PALETTE)]
        ax.add_collection3d(Poly3DCollection([poly], alpha=0.25, facecolor=col, edgecolor=col, lw=0.8))
        prov = dict(getattr(u, "provenance", None) or {})
        names = [sample_name(s) for s in prov.get("samples", [])]
        if prov.get("anchor") is not None:
            names = [sample_name(prov["anchor"])] + names
        c = [sum(p[d] for p in poly) / len(poly) for d in range(3)]
        ax.text(c[0], c[1], c[2], f"{k + 1}: " + (", ".join(names) if names else "plane"), fontsize=9, color=col, fontweight="bold")
    labels = list(y) if y is not None else None
    for i, p in enumerate(fl):
        col = class_color(labels[i]) if labels is not None else INK
        ax.scatter([p[0]], [p[1]], [p[2]], color=col, s=40, depthshade=False, edgecolors="white")
        ax.text(p[0], p[1], p[2], " " + sample_name(i), fontsize=8)
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_zlim(box[4], box[5])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_zlabel("x₃")
    if title is None:
        k = len(net.units)
        title = f"{k} neuron plane{'s' if k != 1 else ''} through the named samples" + _value_note(value, exact)
    ax.set_title(title, fontsize=10)
    return fig


def plot_deep(res: Any, *, ax: Any = None, title: str | None = None) -> Any:
    r"""A deep narrow 1-D fit (:func:`exactwedge.deep.fit.fit_deep`): the data, f, and its named breakpoints.

    Every breakpoint of every chain is drawn at its exact abscissa and named as
    the fit names it (a sample ``x₁``, a reflection ``2x₂ − x₁``, a midpoint);
    f is evaluated exactly at the breakpoints and the frame's ends (it is
    linear in between) and exported to float to be drawn.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from exactwedge.deep.fit import fit_deep
    >>> res = fit_deep([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", depth=3)
    >>> fig = plot_deep(res)
    >>> fig.axes[0].get_title()
    'deep narrow network, L = 3 (relu): 3 chains, P = 39/400 (exact, certified)'
    >>> sorted({t.get_text().split(" = ")[0] for t in fig.axes[0].texts})
    ['x₁', 'x₂', 'x₃', 'x₄']
    """
    from ..deep.fit import DeepFitResult

    if not isinstance(res, DeepFitResult):
        from ..exceptions import InvalidInputError

        raise InvalidInputError(f"plot_deep draws a fit_deep result, got {type(res).__name__}")
    xs = [Fraction(v) for v in res.x]
    names: dict = {}
    for neuron in res.to_json()["neurons"]:
        for bp in neuron["breakpoints"]:
            names.setdefault(Fraction(bp["at"]), bp["name"])
    lo, hi = min(xs + list(names)), max(xs + list(names))
    pad = (hi - lo) / 8 if hi > lo else Fraction(1)
    grid = sorted({lo - pad, hi + pad, *names, *xs})
    f = res.network.predict(grid)
    fig, ax = new_axes(ax, figsize=(7.0, 4.2))
    ax.plot([float(t) for t in grid], [float(v) for v in f], color=INK, lw=2.0, label="f(x)", zorder=3)
    for x, v in zip(xs, res.y):
        ax.plot([float(x)], [float(v)], "o", color=class_color(v), mec="white", mew=1.0, ms=8, zorder=4)
    fmin = min(float(v) for v in f)
    for j, t in enumerate(sorted(names)):
        ax.axvline(float(t), color=MUTED, lw=0.7, ls="--", zorder=1)
        ax.plot([float(t)], [float(res.network.predict([t])[0])], "D", color=PALETTE[0], ms=5, zorder=5)
        right = t > (grid[0] + grid[-1]) / 2
        ax.annotate(f"{_subscripts(names[t])} = {text_of(t)}", (float(t), fmin),
                    xytext=(-3 if right else 3, -14 - 14 * (j % 2)), textcoords="offset points", fontsize=9,
                    ha="right" if right else "left", va="top", annotation_clip=False)
    if title is None:
        k = len(res.to_json()["neurons"])
        kind = "exact, certified" if res.optimal else "exact, certificate fails: not optimal"
        title = (f"deep narrow network, L = {res.depth} ({res.activation}): {k} chain{'s' if k != 1 else ''}, "
                 f"P = {text_of(res.value)} ({kind})")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("x")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.margins(y=0.25)
    return fig
