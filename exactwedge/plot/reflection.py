"""The reflection of a point in a hyperplane, drawn exactly (2-D, and 1-D: 2x_j − x_k)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..exceptions import DimensionError, InvalidInputError
from ._common import INK, MUTED, NEGATIVE, PALETTE, POSITIVE, bounds, new_axes, text_of

__all__ = ["reflect", "plot_reflection"]


def reflect(x: Any, n: Any, through: Any = None) -> tuple[Fraction, ...]:
    r"""The exact reflection of ``x`` in the hyperplane with normal ``n`` through ``through`` (default 0).

    ``x − 2 ((x − c)·n)/(n·n) n``; in 1-D with ``n = 1`` and ``c = x_j`` it is
    the deep-network paper's ``2 x_j − x_k``.

    >>> reflect([3, 1], [1, 1])
    (Fraction(-1, 1), Fraction(-3, 1))
    >>> reflect([5], [1], through=[2])  # 2·2 − 5
    (Fraction(-1, 1),)
    """
    from ..numbers import as_vector

    xv = as_vector(x, what="x")
    nv = as_vector(n, what="n")
    c = as_vector(through, what="through") if through is not None else [Fraction(0)] * len(xv)
    if not (len(xv) == len(nv) == len(c)):
        raise DimensionError(f"x, n and through must have one length, got {len(xv)}, {len(nv)}, {len(c)}")
    nn = sum(a * a for a in nv)
    if nn == 0:
        raise InvalidInputError("the normal n must be nonzero")
    t = 2 * sum((a - b) * m for a, b, m in zip(xv, c, nv)) / nn
    return tuple(Fraction(a - t * m) for a, m in zip(xv, nv))


def plot_reflection(x: Any, n: Any, *, through: Any = None, ax: Any = None, title: str | None = None) -> Any:
    r"""A point, the hyperplane with normal ``n`` (through ``through``, default 0) and the exact reflection.

    In 2-D the line ``(z − c)·n = 0``, the normal ``n`` and ``x ↦ x − 2((x−c)·n)/(n·n) n``;
    in 1-D the points ``x_k``, ``x_j = through`` and ``2 x_j − x_k`` on the line.
    The reflected point is computed exactly (:func:`reflect`) and exported to
    float only to be drawn; the line carrying it has the gid ``"reflection"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_reflection([3, 1], [1, 1])
    >>> [l for l in fig.axes[0].lines if l.get_gid() == "reflection"][0].get_xydata().tolist()
    [[-1.0, -3.0]]
    >>> fig.axes[0].get_title()
    'reflection of x = (3, 1) in n·z = 0, n = (1, 1): (−1, −3)'
    >>> fig1 = plot_reflection([5], [1], through=[2])
    >>> fig1.axes[0].get_title()
    'reflection of x_k = 5 in x_j = 2: 2x_j − x_k = −1'
    """
    from ..numbers import as_vector

    r = reflect(x, n, through)
    xv, nv = as_vector(x, what="x"), as_vector(n, what="n")
    c = as_vector(through, what="through") if through is not None else [Fraction(0)] * len(xv)
    if len(xv) not in (1, 2):
        raise DimensionError(f"plot_reflection draws points of R^1 or R^2, got R^{len(xv)}")
    vec = lambda v: "(" + ", ".join(text_of(a) for a in v) + ")"  # noqa: E731
    if len(xv) == 1:
        fig, ax = new_axes(ax, figsize=(6.0, 2.2))
        pts = [float(xv[0]), float(c[0]), float(r[0])]
        lo, hi = min(pts), max(pts)
        pad = 0.2 * max(hi - lo, 1.0)
        ax.axhline(0, color=MUTED, lw=0.8)
        ax.plot([float(xv[0])], [0.0], "o", color=POSITIVE, ms=9, label="x_k")
        ax.plot([float(c[0])], [0.0], "|", color=INK, ms=22, mew=2, label="x_j (the mirror)")
        ax.plot([float(r[0])], [0.0], "o", color=NEGATIVE, ms=9, gid="reflection", label="2x_j − x_k")
        for v, name in ((xv[0], "x_k"), (c[0], "x_j"), (r[0], "2x_j − x_k")):
            ax.annotate(f"{name} = {text_of(v)}", (float(v), 0.0), xytext=(0, 12), textcoords="offset points",
                        ha="center", fontsize=9)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-1, 1)
        ax.set_yticks([])
        ax.set_title(title if title is not None else
                     f"reflection of x_k = {text_of(xv[0])} in x_j = {text_of(c[0])}: 2x_j − x_k = {text_of(r[0])}")
        return fig
    fig, ax = new_axes(ax, figsize=(5.5, 5.5))
    fx, fr, fc = [tuple(float(a) for a in v) for v in (xv, r, c)]
    fn = tuple(float(a) for a in nv)
    lim = bounds([fx, fr, fc, (fc[0] + fn[0], fc[1] + fn[1])], pad=0.25)
    span = max(lim[1] - lim[0], lim[3] - lim[2])
    d = (-fn[1], fn[0])
    s = span / max(abs(d[0]), abs(d[1]))
    ax.plot([fc[0] - s * d[0], fc[0] + s * d[0]], [fc[1] - s * d[1], fc[1] + s * d[1]], color=INK, lw=1.4,
            label="hyperplane (z − c)·n = 0" if through is not None else "hyperplane n·z = 0")
    ax.annotate("", (fc[0] + fn[0], fc[1] + fn[1]), fc, arrowprops=dict(arrowstyle="->", color=PALETTE[2], lw=2))
    ax.annotate("n", (fc[0] + fn[0], fc[1] + fn[1]), xytext=(5, 5), textcoords="offset points", color=PALETTE[2])
    ax.plot([fx[0], fr[0]], [fx[1], fr[1]], ls="--", color=MUTED, lw=1)
    ax.plot([fx[0]], [fx[1]], "o", color=POSITIVE, ms=9, label="x")
    ax.plot([fr[0]], [fr[1]], "o", color=NEGATIVE, ms=9, gid="reflection", label="x − 2(x·n)/(n·n) n")
    ax.annotate(f"x = {vec(xv)}", fx, xytext=(7, -4), textcoords="offset points", fontsize=9)
    ax.annotate(vec(r), fr, xytext=(7, -4), textcoords="offset points", fontsize=9)
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_aspect("equal")
    ax.legend(loc="best", fontsize=8)
    where = f"(z − {vec(c)})·n = 0" if through is not None else "n·z = 0"
    ax.set_title(title if title is not None else f"reflection of x = {vec(xv)} in {where}, n = {vec(nv)}: {vec(r)}")
    return fig
