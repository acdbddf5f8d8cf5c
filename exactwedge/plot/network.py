r"""Figures of neurons and networks on 2-D data.

A neuron :math:`x \mapsto \sigma(x\cdot w + b)` is active on the half-plane
:math:`x\cdot w + b > 0`, bounded by its hyperplane (a line), which passes
through the samples that name it. A fitted network's decision function
:math:`f(x)` is drawn from a float export of its exact weights
(:meth:`~exactwedge.Network.predict_float`): drawing is the only float step.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import DimensionError, InvalidInputError
from ._common import DECISION_COLORS as _DECISION_COLORS
from ._common import HIGHLIGHT, INK, POSITIVE, SECONDARY, bounds, class_color, new_axes, place_labels, points_2d
from ._common import float_outputs, text_of

__all__ = ["plot_neuron", "plot_neurons", "plot_decision"]



def _wb(neuron: Any) -> tuple[tuple, Any, dict]:
    from ..dictionary.neuron import Neuron

    if isinstance(neuron, Neuron):
        return tuple(neuron.w), neuron.b, {"samples": list(neuron.samples), "sign": neuron.sign,
                                           "anchor": neuron.anchor, "norm": neuron.norm}
    if hasattr(neuron, "w") and hasattr(neuron, "b"):
        return tuple(neuron.w), neuron.b, dict(getattr(neuron, "provenance", None) or {})
    raise InvalidInputError(f"expected a Neuron or a network Unit, got {type(neuron).__name__}")


def _line_segment(w: tuple[float, float], b: float, lim: tuple) -> list[tuple[float, float]]:
    """The part of {x·w + b = 0} inside the box ``lim``."""
    x0, x1, y0, y1 = lim
    pts = []
    if abs(w[1]) > 1e-15:
        for x in (x0, x1):
            y = -(b + w[0] * x) / w[1]
            if y0 - 1e-12 <= y <= y1 + 1e-12:
                pts.append((x, y))
    if abs(w[0]) > 1e-15:
        for y in (y0, y1):
            x = -(b + w[1] * y) / w[0]
            if x0 - 1e-12 <= x <= x1 + 1e-12:
                pts.append((x, y))
    pts = sorted(set(pts))
    return [pts[0], pts[-1]] if len(pts) >= 2 else []


def _halfplane(w: tuple[float, float], b: float, lim: tuple) -> list[tuple[float, float]]:
    """The polygon {x·w + b ≥ 0} ∩ box (clipping the box by one half-plane)."""
    x0, x1, y0, y1 = lim
    box = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    val = [w[0] * p[0] + w[1] * p[1] + b for p in box]
    out = []
    for i in range(4):
        p, q = box[i], box[(i + 1) % 4]
        vp, vq = val[i], val[(i + 1) % 4]
        if vp >= 0:
            out.append(p)
        if (vp >= 0) != (vq >= 0):
            t = vp / (vp - vq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _neuron_title(w: tuple, b: Any, prov: dict) -> str:
    samples = prov.get("samples")
    wt = "(" + ", ".join(text_of(c) for c in w) + ")"
    if samples is None:
        return f"w = {wt}, b = {text_of(b)}"
    a = prov.get("anchor")
    names = [s if isinstance(s, str) else (f"x{s}" if a is None else f"x{s} − x{a}") for s in samples]
    sign = "+" if prov.get("sign", 1) > 0 else "−"
    sub = {1: "₁", 2: "₂"}.get(prov.get("norm", 1), "")
    head = f"w = {sign}cross({', '.join(names)})/‖·‖{sub} = {wt}"
    return head + (f", b = −w·x{a} = {text_of(b)}" if a is not None else "")


def plot_neuron(X: Any, neuron: Any, *, y: Any = None, ax: Any = None, title: str | None = None) -> Any:
    r"""A neuron's active half-plane, its hyperplane, its weight, and the samples that name it.

    Parameters
    ----------
    X : (n, 2) exact data
    neuron : Neuron or network Unit
        With provenance, the samples in ``J`` are ringed, the anchor is a star
        and each basis vector in ``J`` is drawn as a direction along the line.
    y : (n,) labels, optional
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default: the closed form and exact values.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from exactwedge import dictionary
    >>> X = [[0, 0], [2, 0], [1, 2]]
    >>> nr = dictionary(X, bias=True).neuron(1)
    >>> nr.samples, nr.anchor, nr.w, nr.b
    ((2,), 0, (Fraction(2, 3), Fraction(-1, 3)), Fraction(0, 1))
    >>> plot_neuron(X, nr).axes[0].get_title()
    'w = +cross(x2 − x0)/‖·‖₁ = (2/3, −1/3), b = −w·x0 = 0'
    """
    pts, fl = points_2d(X)
    w, b, prov = _wb(neuron)
    prov.setdefault("norm", 1)
    if len(w) != 2:
        raise DimensionError(f"the neuron must act on R^2, got a weight in R^{len(w)}")
    fw = (float(w[0]), float(w[1]))
    fb = float(b)
    fig, ax = new_axes(ax)
    lim = bounds(fl, pad=0.2)
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_aspect("equal")
    labels: list[tuple] = []  # (xy, text, colour, size, weight): placed together at the end, without overlaps
    from matplotlib.patches import Polygon

    poly = _halfplane(fw, fb, lim)
    if len(poly) >= 3:
        ax.add_patch(Polygon(poly, closed=True, facecolor=POSITIVE, alpha=0.13, edgecolor="none",
                             label="active: x·w + b > 0"))
    seg = _line_segment(fw, fb, lim)
    if seg:
        ax.plot([seg[0][0], seg[1][0]], [seg[0][1], seg[1][1]], color=POSITIVE, lw=1.8, label="hyperplane x·w + b = 0")
    # the weight as a normal arrow from the point of the line closest to the data's centre
    cx = sum(p[0] for p in fl) / len(fl)
    cy = sum(p[1] for p in fl) / len(fl)
    n2 = fw[0] ** 2 + fw[1] ** 2
    if n2 > 0:
        t = (fw[0] * cx + fw[1] * cy + fb) / n2
        foot = (cx - t * fw[0], cy - t * fw[1])
        span = max(lim[1] - lim[0], lim[3] - lim[2])
        scale = 0.18 * span / n2 ** 0.5
        ax.annotate("", xy=(foot[0] + scale * fw[0], foot[1] + scale * fw[1]), xytext=foot,
                    arrowprops=dict(arrowstyle="-|>", color=HIGHLIGHT, lw=1.6))
        labels.append(((foot[0] + scale * fw[0], foot[1] + scale * fw[1]), "w", HIGHLIGHT, 10, "bold"))
    members = [s for s in prov.get("samples", []) if not isinstance(s, str)]
    anchor = prov.get("anchor")
    for i, f in enumerate(fl):
        col = class_color(y[i]) if y is not None else INK
        ax.plot([f[0]], [f[1]], "o", color=col, ms=5, zorder=3)
        labels.append((f, f"x{i}", col, 7, "normal"))
    for s in members:
        f = fl[s]
        ax.plot([f[0]], [f[1]], "o", mfc="none", mec=HIGHLIGHT, ms=13, mew=1.8, zorder=4)
    if anchor is not None:
        f = fl[anchor]
        ax.plot([f[0]], [f[1]], "*", color=HIGHLIGHT, ms=14, zorder=4, label=f"anchor x{anchor}")
    for s in prov.get("samples", []):
        if isinstance(s, str) and anchor is not None:
            k = int(s[1:]) - 1
            d = [0.0, 0.0]
            d[k] = 0.15 * max(lim[1] - lim[0], lim[3] - lim[2])
            f = fl[anchor]
            ax.annotate("", xy=(f[0] + d[0], f[1] + d[1]), xytext=f,
                        arrowprops=dict(arrowstyle="-|>", color=SECONDARY, lw=1.4, ls="--"))
            labels.append(((f[0] + d[0], f[1] + d[1]), s, SECONDARY, 9, "normal"))
    if members:
        ax.plot([], [], "o", mfc="none", mec=HIGHLIGHT, ms=9, mew=1.5, label="samples in J (on the line)")
    if y is not None:
        ax.plot([], [], "o", color=class_color(1), ms=5, label="y > 0")
        ax.plot([], [], "o", color=class_color(-1), ms=5, label="y < 0")
    ax.set_title(title if title is not None else _neuron_title(w, b, prov), fontsize=9)
    place_labels(ax, labels)
    ax.legend(loc="best", fontsize=7, framealpha=0.9)
    return fig


def plot_neurons(X: Any, neurons: Any, *, y: Any = None, columns: int = 3, title: str | None = None,
                 separate: bool = False) -> Any:
    r"""A grid of :func:`plot_neuron` panels, one per neuron (e.g. every unit of a fitted network).

    Parameters
    ----------
    X : (n, 2) exact data
    neurons : sequence of Neuron or network Unit, or a Network
    y : (n,) labels, optional
    columns : int
        Panels per row.
    title : str, optional
        A title over the grid.
    separate : bool
        Return one figure per neuron (a list, in order) instead of the grid:
        each panel exportable on its own, e.g. for a slide.

    Returns
    -------
    matplotlib.figure.Figure, or list of them with ``separate=True``

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> fig = plot_neurons(res.X, res.network, y=res.y)
    >>> len(fig.axes), fig.axes[0].get_title()
    (2, '1: w = +cross(e1)/‖·‖₁ = (0, −1)\nb = −w·x3 = 1, α = −1')
    >>> figs = plot_neurons(res.X, res.network, y=res.y, separate=True)
    >>> [len(f.axes) for f in figs], figs[1].axes[0].get_title() == fig.axes[1].get_title()
    ([1, 1], True)
    """
    from ..network import Network
    from ._common import _rc, new_figure

    units = list(neurons.units) if isinstance(neurons, Network) else list(neurons)
    if not units:
        raise InvalidInputError("plot_neurons needs at least one neuron")
    if not isinstance(columns, int) or columns < 1:
        raise InvalidInputError(f"columns must be a positive integer, got {columns!r}")
    heads = []
    for k, u in enumerate(units):
        w, b, prov = _wb(u)
        if isinstance(neurons, Network):
            prov.setdefault("norm", neurons.norm)
        head = f"{k + 1}: " + _neuron_title(w, b, prov).replace(", b = ", "\nb = ")
        alpha = getattr(u, "alpha", None)
        if alpha is not None and not isinstance(alpha, tuple):
            a = text_of(alpha) if not isinstance(alpha, float) else f"{alpha:.4g}"
            head += (", " if "\n" in head else "\n") + f"α = {a}"
        heads.append(head)
    if separate:
        return [plot_neuron(X, u, y=y, title=h) for u, h in zip(units, heads)]
    cols = min(columns, len(units))
    rows = -(-len(units) // cols)
    with _rc():
        fig = new_figure(figsize=(4.2 * cols, 4.3 * rows))
        axes = fig.subplots(rows, cols, squeeze=False)
    for k, u in enumerate(units):
        ax = axes[k // cols][k % cols]
        plot_neuron(X, u, y=y, ax=ax, title=heads[k])
        ax.title.set_fontsize(9)
        leg = ax.get_legend()
        if leg is not None and k > 0:
            leg.remove()
    for k in range(len(units), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


def plot_decision(model: Any, X: Any = None, y: Any = None, *, ax: Any = None, grid: int = 160,
                  show_neurons: bool = True, title: str | None = None) -> Any:
    r"""A fitted network's decision function on the plane, with the data and its neurons' lines.

    Parameters
    ----------
    model : FitResult or Network
        A :class:`~exactwedge.FitResult` brings its own data and labels.
    X, y : optional
        The data to draw (default: the fit's).
    ax : matplotlib.axes.Axes, optional
    grid : int
        Grid points per axis for the filled contour.
    show_neurons : bool
        Draw each neuron's hyperplane (dashed).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> fig = plot_decision(res, grid=40)
    >>> fig.axes[0].get_title()
    'f(x): 2 neurons, P = 11/8 (exact), 4 samples'
    >>> len(fig.axes)  # the plot and its colour bar
    2
    >>> res1 = fit([[0], [1], [2], [4]], [0, 1, 0, 2], "1/10", bias=True)  # 1-D: ramps and breakpoints
    >>> plot_decision(res1).axes[0].get_title()
    'f(x): 3 neurons, breakpoints at samples, P = 127/400 (exact)'
    >>> res3 = fit([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 1, 1, -1, 2], "1/10", bias=True)
    >>> fig3 = plot_decision(res3)  # 3-D: one plane per neuron
    >>> fig3.axes[0].name, len(fig3.axes[0].collections) >= len(res3.network.units)
    ('3d', True)
    """
    from ..network import Network
    from ..training import FitResult

    if isinstance(model, FitResult):
        net = model.network
        X = model.X if X is None else X
        y = model.y if y is None else y
        value = model.value
        exact = model.exact
    elif isinstance(model, Network):
        net, value, exact = model, None, True
    else:
        raise InvalidInputError(f"expected a FitResult or a Network, got {type(model).__name__}")
    if X is None:
        raise InvalidInputError("plot_decision needs the data X to frame the figure")
    if not isinstance(grid, int) or grid < 2:
        raise InvalidInputError(f"grid must be an integer ≥ 2, got {grid!r}")
    from ..numbers import as_matrix

    rows = as_matrix(X, what="X")
    if rows and len(rows[0]) in (1, 3):
        from . import dims

        if len(rows[0]) == 1:
            if net.units and net.d != 1:
                raise DimensionError(f"the network must act on R^1, got R^{net.d}")
            return dims.decision_1d(net, rows, y, ax, title, value, exact)
        return dims.decision_3d(net, rows, y, title, value, exact)
    pts, fl = points_2d(X)
    if net.units and net.d != 2:
        raise DimensionError(f"the network must act on R^2, got R^{net.d}")
    if isinstance(net.intercept, tuple):
        raise DimensionError("plot_decision draws scalar-output networks")
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm

    fig, ax = new_axes(ax, figsize=(6.0, 5.0))
    lim = bounds(fl, pad=0.15)
    xs = np.linspace(lim[0], lim[1], grid)
    ys = np.linspace(lim[2], lim[3], grid)
    gx, gy = np.meshgrid(xs, ys)
    F = float_outputs(net, np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape(gx.shape)
    lo, hi = float(F.min()), float(F.max())
    span = max(abs(lo), abs(hi), 1e-12)
    norm = TwoSlopeNorm(vcenter=0.0, vmin=min(lo, -1e-9 * span) if lo < 0 else -span,
                        vmax=max(hi, 1e-9 * span) if hi > 0 else span)
    cs = ax.contourf(gx, gy, F, levels=21, cmap="RdBu_r", norm=norm, alpha=0.85)
    fig.colorbar(cs, ax=ax, shrink=0.85, label="f(x)")
    if lo < 0 < hi:
        ax.contour(gx, gy, F, levels=[0.0], colors=INK, linewidths=1.6)
    if show_neurons:
        for u in net.units:
            seg = _line_segment((float(u.w[0]), float(u.w[1])), float(u.b), lim)
            if seg:
                ax.plot([seg[0][0], seg[1][0]], [seg[0][1], seg[1][1]], color=INK, lw=0.8, ls="--", alpha=0.7)
    labels = list(y) if y is not None else None
    for i, f in enumerate(fl):
        v = labels[i] if labels is not None else None
        col = _DECISION_COLORS[0 if v > 0 else 1 if v < 0 else 2] if v is not None else INK
        ax.plot([f[0]], [f[1]], "o", color=col, mec="white", mew=1.0, ms=8, zorder=3)
    if labels is not None:
        ax.plot([], [], "o", color=_DECISION_COLORS[0], mec="white", label="y > 0")
        ax.plot([], [], "o", color=_DECISION_COLORS[1], mec="white", label="y < 0")
        ax.plot([], [], color=INK, lw=1.6, label="f(x) = 0")
        if show_neurons and net.units:
            ax.plot([], [], color=INK, lw=0.8, ls="--", label="neuron hyperplanes")
        ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    if title is None:
        k = len(net.units)
        title = f"f(x): {k} neuron{'s' if k != 1 else ''}"
        if value is not None:
            title += f", P = {text_of(value)} (exact)" if exact else f", P ≈ {float(value):.6g} (float solve)"
        title += f", {len(fl)} samples"
    ax.set_title(title, fontsize=9)
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_aspect("equal")
    return fig
