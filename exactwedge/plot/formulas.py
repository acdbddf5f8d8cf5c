"""Figures of single formulas in the plane: the Hodge star and cross of a vector, a distance as area / base."""

from __future__ import annotations

from typing import Any

from ..exceptions import DimensionError
from ._common import AXIS, INK, NEGATIVE, POSITIVE, SHADE, bounds, new_axes, text_of

__all__ = ["plot_hodge", "plot_distance"]


def _pair(v: Any, what: str) -> tuple:
    from ..numbers import as_vector

    t = as_vector(v, what=what)
    if len(t) != 2:
        raise DimensionError(f"{what} must be a point of R^2 for this figure, got R^{len(t)}")
    return t


def plot_hodge(v: Any, *, ax: Any = None, title: str | None = None) -> Any:
    r"""``v``, ``⋆v`` and ``cross(v) = −⋆v`` in the plane: ⋆ turns counter-clockwise, cross clockwise.

    The vectors are exact (:func:`exactwedge.hodge`, :func:`exactwedge.cross`);
    their labels print them exactly, the arrows are their float export.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_hodge([3, 1])
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    ['v = (3, 1)', '⋆v = (−1, 3)', 'cross(v) = −⋆v = (1, −3)']
    """
    from .. import cross, hodge

    v = _pair(v, "v")
    star, cr = hodge(list(v)), cross(list(v))
    fig, ax = new_axes(ax, figsize=(4.6, 4.6))
    ends = []
    for vec, name, col in ((v, "v", INK), (star, "⋆v", POSITIVE), (cr, "cross(v) = −⋆v", NEGATIVE)):
        f = (float(vec[0]), float(vec[1]))
        ends.append(f)
        ax.annotate("", xy=f, xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=col, lw=2))
        ax.annotate(f"{name} = ({text_of(vec[0])}, {text_of(vec[1])})", xy=f, xytext=(6, -4 if f[1] < 0 else 4),
                    textcoords="offset points", color=col, fontsize=9, fontweight="bold")
    lim = bounds(ends, pad=0.2, extra=[(0.0, 0.0)])
    ax.set_xlim(lim[0], lim[1] + 0.35 * (lim[1] - lim[0]))  # room for the labels on the right
    ax.set_ylim(lim[2], lim[3])
    ax.set_aspect("equal")
    ax.axhline(0, color=AXIS, lw=0.6, zorder=0)
    ax.axvline(0, color=AXIS, lw=0.6, zorder=0)
    ax.set_title(title if title is not None else
                 "In R²: ⋆ turns v a quarter counter-clockwise;\ncross(v) = (−1)^(d−1) ⋆v turns it clockwise",
                 fontsize=9)
    return fig


def plot_distance(x: Any, p: Any, q: Any, *, ax: Any = None, title: str | None = None) -> Any:
    r"""The distance of ``x`` to the line through ``p`` and ``q`` as area / base: |det[x − p, q − p]| / ‖q − p‖.

    The distance is exact (:func:`exactwedge.distance_to_affine_hull`, a surd)
    and printed so; the foot of the perpendicular is exact too, drawn as float.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_distance([1, 3], [0, 0], [4, 2])
    >>> fig.axes[0].get_title()
    'dist(x, aff{p, q}) = area / base = 10 / √20 = √5'
    """
    from fractions import Fraction

    from matplotlib.patches import Polygon

    from .. import distance_to_affine_hull, signed_volume

    x, p, q = _pair(x, "x"), _pair(p, "p"), _pair(q, "q")
    if p == q:
        from ..exceptions import InvalidInputError

        raise InvalidInputError("p and q must differ: they span the line")
    import re

    d = re.sub(r"sqrt\((\d+)\)", r"√\1", text_of(distance_to_affine_hull(list(x), [list(p), list(q)])))
    xp = (x[0] - p[0], x[1] - p[1])
    qp = (q[0] - p[0], q[1] - p[1])
    det = signed_volume(list(xp), list(qp))
    base2 = qp[0] ** 2 + qp[1] ** 2
    t = Fraction(xp[0] * qp[0] + xp[1] * qp[1]) / base2
    foot = (p[0] + t * qp[0], p[1] + t * qp[1])
    corner = (q[0] + xp[0], q[1] + xp[1])
    fl = [tuple(float(c) for c in pt) for pt in (p, q, x, foot, corner)]
    lim = bounds(fl, pad=0.2)
    fig, ax = new_axes(ax, figsize=(5.0, 4.2))
    s = 2 * max(lim[1] - lim[0], lim[3] - lim[2]) / max(abs(float(qp[0])), abs(float(qp[1])))
    ax.plot([fl[0][0] - s * float(qp[0]), fl[0][0] + s * float(qp[0])],
            [fl[0][1] - s * float(qp[1]), fl[0][1] + s * float(qp[1])], color=POSITIVE, lw=1.8, label="aff{p, q}")
    ax.plot([fl[2][0], fl[3][0]], [fl[2][1], fl[3][1]], color=NEGATIVE, lw=1.6, ls="--", label=f"dist = {d}")
    ax.add_patch(Polygon([fl[0], fl[1], fl[4], fl[2]], closed=True, facecolor=SHADE, alpha=0.6,
                         edgecolor=NEGATIVE, label=f"parallelogram: |det[x − p, q − p]| = {text_of(abs(det))}"))
    for name, pt in zip("pqx", fl):
        ax.plot([pt[0]], [pt[1]], "o", color=INK)
        ax.annotate(name, xy=pt, xytext=(5, 5), textcoords="offset points", fontweight="bold")
    ax.set_aspect("equal")
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3] + 0.3 * (lim[3] - lim[2]))  # room for the legend
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title(title if title is not None else
                 f"dist(x, aff{{p, q}}) = area / base = {text_of(abs(det))} / √{text_of(base2)} = {d}",
                 fontsize=9)
    return fig
