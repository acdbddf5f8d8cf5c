r"""Figures of the wedge product in the plane: signed areas, coloured by orientation.

In :math:`\mathbb R^2`, :math:`a\wedge b = \det[a, b]\; e_1\wedge e_2` is the
signed area of the parallelogram on ``a`` and ``b``: positive when ``b`` lies
counter-clockwise from ``a``. A triangle's signed area is
:math:`\tfrac12(a\wedge b + b\wedge c + c\wedge a)`, the sum of three signed
triangles with a vertex at the origin. Every number on these figures is exact
(computed by :mod:`exactwedge.ga`); only the drawing is in floats.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from ._common import AXIS, INK, MUTED, NEGATIVE, POSITIVE, bounds, class_color, new_axes, points_2d, text_of

__all__ = ["plot_wedge", "plot_shoelace", "plot_signed_triangles"]


def _color(v: Any) -> str:
    return POSITIVE if v > 0 else NEGATIVE if v < 0 else MUTED


def _legend(ax: Any) -> None:
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=POSITIVE, alpha=0.45, label="counter-clockwise: + area"),
                       Patch(color=NEGATIVE, alpha=0.45, label="clockwise: − area")],
              loc="upper left", fontsize=8, framealpha=0.9)


def _finish(ax: Any, lim: tuple) -> None:
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_aspect("equal")
    ax.axhline(0, color=AXIS, lw=0.6, zorder=0)
    ax.axvline(0, color=AXIS, lw=0.6, zorder=0)


def _arrow(ax: Any, p: tuple, q: tuple, color: str, label: str | None = None) -> None:
    ax.annotate("", xy=q, xytext=p, arrowprops=dict(arrowstyle="-|>", color=color, lw=1.6, shrinkA=0, shrinkB=0))
    if label:
        ax.annotate(label, xy=q, xytext=(4, 4), textcoords="offset points", color=color, fontsize=11,
                    fontweight="bold")


def plot_wedge(a: Any, b: Any, *, ax: Any = None, title: str | None = None,
               names: tuple[str, str] = ("a", "b")) -> Any:
    r"""The parallelogram of :math:`a\wedge b` in the plane, coloured by its orientation.

    Parameters
    ----------
    a, b : sequences of two exact numbers
    ax : matplotlib.axes.Axes, optional
        Draw there instead of on a new figure.
    title : str, optional
        Default: the exact value, e.g. ``a ∧ b = 5 e₁∧e₂``.
    names : (str, str)
        The labels of the two vectors.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_wedge([3, 1], [1, 2])
    >>> fig.axes[0].get_title()
    'a ∧ b = 5 e₁∧e₂ (b is counter-clockwise from a)'
    >>> plot_wedge([1, 2], [3, 1]).axes[0].get_title()
    'a ∧ b = −5 e₁∧e₂ (b is clockwise from a)'
    >>> plot_wedge([1, 2], [3, 1], names=("b", "a")).axes[0].get_title()
    'b ∧ a = −5 e₁∧e₂ (a is clockwise from b)'
    """
    from matplotlib.patches import Polygon

    from ..ga import wedge

    (pa, pb), (fa, fb) = points_2d([a, b], what="a and b")
    area = wedge(pa, pb).coefficients[0]
    fig, ax = new_axes(ax)
    corners = [(0.0, 0.0), fa, (fa[0] + fb[0], fa[1] + fb[1]), fb]
    ax.add_patch(Polygon(corners, closed=True, facecolor=_color(area), alpha=0.35, edgecolor=_color(area), lw=1.2))
    na, nb = names
    _arrow(ax, (0.0, 0.0), fa, INK, na)
    _arrow(ax, (0.0, 0.0), fb, INK, nb)
    cx, cy = (fa[0] + fb[0]) / 2, (fa[1] + fb[1]) / 2
    ax.text(cx, cy, f"{text_of(area)}", ha="center", va="center", fontsize=14, color=_color(area))
    if title is None:
        turn = "counter-clockwise" if area > 0 else "clockwise"
        title = (f"{na} ∧ {nb} = {text_of(area)} e₁∧e₂ ({nb} is {turn} from {na})" if area
                 else f"{na} ∧ {nb} = 0 ({nb} is parallel to {na})")
    ax.set_title(title)
    _legend(ax)
    _finish(ax, bounds(corners, pad=0.12))
    return fig


def plot_shoelace(a: Any, b: Any, c: Any, *, ax: Any = None, title: str | None = None) -> Any:
    r"""A triangle's signed area as three signed triangles from the origin.

    .. math:: \operatorname{area}(a, b, c) = \tfrac12(a\wedge b + b\wedge c + c\wedge a)

    Each origin triangle :math:`(0, a, b)` has signed area
    :math:`\tfrac12 a\wedge b`; the parts outside the triangle cancel.

    Parameters
    ----------
    a, b, c : sequences of two exact numbers
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_shoelace([1, 1], [4, 2], [2, 4])
    >>> fig.axes[0].get_title()
    'area(a, b, c) = ½(a∧b + b∧c + c∧a)\n= ½(−2 + 12 − 2) = 4'
    """
    from matplotlib.patches import Polygon

    from ..ga import triangle_area, wedge

    pts, fl = points_2d([a, b, c], what="a, b and c")
    names = ("a", "b", "c")
    fig, ax = new_axes(ax)
    parts = []
    for i in range(3):
        p, q = pts[i], pts[(i + 1) % 3]
        w = wedge(p, q).coefficients[0]
        parts.append(w)
        fp, fq = fl[i], fl[(i + 1) % 3]
        ax.add_patch(Polygon([(0.0, 0.0), fp, fq], closed=True, facecolor=_color(w), alpha=0.25,
                             edgecolor=_color(w), lw=0.8, ls="--"))
        mx, my = (fp[0] + fq[0]) / 3, (fp[1] + fq[1]) / 3
        ax.text(mx, my, f"½{names[i]}∧{names[(i + 1) % 3]}\n= {text_of(w / 2)}", ha="center", va="center",
                fontsize=8, color=_color(w))
    area = triangle_area(*pts)
    ax.add_patch(Polygon(fl, closed=True, fill=False, edgecolor=INK, lw=2.0))
    for name, f in zip(names, fl):
        ax.plot([f[0]], [f[1]], "o", color=INK, ms=4)
        ax.annotate(name, xy=f, xytext=(5, 5), textcoords="offset points", fontsize=12, fontweight="bold")
    ax.plot([0], [0], "o", color=INK, ms=3)
    ax.annotate("0", xy=(0, 0), xytext=(-10, -12), textcoords="offset points", fontsize=9)
    if title is None:
        terms = text_of(parts[0]) + "".join((" − " + text_of(-w)) if w < 0 else (" + " + text_of(w))
                                            for w in parts[1:])
        title = f"area(a, b, c) = ½(a∧b + b∧c + c∧a)\n= ½({terms}) = {text_of(area)}"
    ax.set_title(title)
    _legend(ax)
    _finish(ax, bounds(fl + [(0.0, 0.0)], pad=0.12))
    return fig


def plot_signed_triangles(X: Any, triangles: Sequence[Sequence[int]] | None = None, *, y: Any = None,
                          ax: Any = None, title: str | None = None, annotate: bool = True) -> Any:
    r"""2-D data with triangles of samples, coloured by orientation, with their exact signed areas.

    The signed area of :math:`(x_i, x_j, x_k)` is
    :math:`\tfrac12\,(x_j - x_i)\wedge(x_k - x_i)`: positive when the
    vertices turn counter-clockwise, that is when :math:`x_k` lies left of the
    line from :math:`x_i` to :math:`x_j`. It is zero exactly when they are
    collinear, which exact arithmetic decides without a tolerance. The default
    fan :math:`(x_0, x_1, x_k)` therefore sorts every sample by the side of
    the line through :math:`x_0` and :math:`x_1` it lies on, as a neuron
    through those two samples does.

    Parameters
    ----------
    X : (n, 2) exact numbers
    triangles : sequence of index triples, optional
        Default: the fan ``(0, 1, k)`` for ``k = 2 … n-1``.
    y : (n,) labels, optional
        Colours the samples by class.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    annotate : bool
        Write each exact area next to the triangle's last vertex.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_signed_triangles([[0, 0], [2, 0], [1, 1], [3, 0], [1, -2]])
    >>> print(fig.axes[0].get_title())
    Triangles (x0, x1, xk), coloured by the sign of ½(x1 − x0)∧(xk − x0)
    1 counter-clockwise, 1 clockwise, 1 degenerate (collinear)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text() and t.get_text()[0] != "x"]
    ['1', '0', '−2']
    """
    from matplotlib.patches import Polygon

    from ..ga import triangle_area

    pts, fl = points_2d(X)
    n = len(pts)
    fan = triangles is None
    if triangles is None:
        triangles = [(0, 1, k) for k in range(2, n)]
    tris = [tuple(t) for t in triangles]
    for t in tris:
        if len(t) != 3 or any(not isinstance(i, int) or not 0 <= i < n for i in t):
            raise InvalidInputError(f"a triangle is three sample indices in 0..{n - 1}, got {t!r}")
    if y is not None and len(y) != n:
        raise DimensionError(f"y must have {n} labels, got {len(y)}")
    fig, ax = new_axes(ax)
    counts = [0, 0, 0]
    for t in tris:
        area = triangle_area(*(pts[i] for i in t))
        counts[0 if area > 0 else 1 if area < 0 else 2] += 1
        corners = [fl[i] for i in t]
        ax.add_patch(Polygon(corners, closed=True, facecolor=_color(area), alpha=0.22 if area else 0.0,
                             edgecolor=_color(area), lw=0.9 if area else 1.5, ls="-" if area else ":"))
        if annotate:
            mx = (corners[0][0] + corners[1][0]) / 2
            my = (corners[0][1] + corners[1][1]) / 2
            px, py = 0.78 * corners[2][0] + 0.22 * mx, 0.78 * corners[2][1] + 0.22 * my
            ax.text(px, py, text_of(area), ha="center", va="center", fontsize=8, color=_color(area),
                    fontweight="bold")
    if fan and n >= 2:
        (ax0, ay0), (ax1, ay1) = fl[0], fl[1]
        far = 1e3
        ax.plot([ax0 - far * (ax1 - ax0), ax0 + far * (ax1 - ax0)], [ay0 - far * (ay1 - ay0), ay0 + far * (ay1 - ay0)],
                color=INK, lw=0.8, ls="--", zorder=1)
        ax.annotate("", xy=fl[1], xytext=fl[0], arrowprops=dict(arrowstyle="-|>", color=INK, lw=1.8))
    for i, f in enumerate(fl):
        col = class_color(y[i]) if y is not None else INK
        ax.plot([f[0]], [f[1]], "o", color=col, ms=5, zorder=3)
        ax.annotate(f"x{i}", xy=f, xytext=(4, 3), textcoords="offset points", fontsize=7, color=col)
    if title is None:
        head = ("Triangles (x0, x1, xk), coloured by the sign of ½(x1 − x0)∧(xk − x0)" if fan else
                f"{len(tris)} triangles (xi, xj, xk), coloured by the sign of ½(xj − xi)∧(xk − xi)")
        title = head + f"\n{counts[0]} counter-clockwise, {counts[1]} clockwise, {counts[2]} degenerate (collinear)"
    ax.set_title(title, fontsize=9)
    _legend(ax)
    _finish(ax, bounds(fl))
    return fig
