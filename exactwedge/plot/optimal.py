"""The envelope of all optimal networks (:func:`~exactwedge.optimal.optimal_set`): 1-D band, 2-D spread map.

f(x) is linear on the optimal face, so its least and greatest values over all
optimal networks are taken at the face's vertices: the envelope is drawn from
the vertex networks (exact at each plotted point; the drawing is a float
export). A face whose vertices were not enumerated is refused with the reason.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import DimensionError, InvalidInputError
from ._common import INK, POSITIVE, SHADE, float_outputs, new_axes

__all__ = ["plot_optimal_set"]


def _vertex_networks(s: Any) -> list:
    if s.vertices is None:
        raise InvalidInputError(f"the envelope is drawn from the face's vertices, which were not enumerated: "
                                f"{s.vertex_note}")
    return [s.network(s.z_of(p)) for p in s.vertices]


def plot_optimal_set(s: Any, *, ax: Any = None, grid: int = 200, title: str | None = None) -> Any:
    """The envelope of f over all optimal networks: a band in 1-D, the spread max − min as a map in 2-D.

    Parameters
    ----------
    s : OptimalSet
        From :func:`exactwedge.optimal_set` (with its vertices).
    ax : matplotlib Axes, optional
    grid : int
        Points per axis where f is evaluated.

    Examples
    --------
    >>> from exactwedge import fit, optimal_set
    >>> fig = plot_optimal_set(optimal_set(fit([[0], [1], [3], [4]], [0, 2, 2, 0], "1/5", bias=True)))
    >>> len(fig.axes), fig.axes[0].get_xlabel()
    (1, 'x')
    """
    from ..optimal import OptimalSet

    if not isinstance(s, OptimalSet):
        raise InvalidInputError(f"expected an OptimalSet, got {type(s).__name__}")
    d = s.result.dictionary.d
    if d not in (1, 2):
        raise DimensionError(f"the envelope is drawn for 1-D and 2-D data, got points of R^{d}")
    if grid < 2:
        raise InvalidInputError(f"grid must be ≥ 2, got {grid}")
    import numpy as np

    nets = _vertex_networks(s)
    X = [[float(v) for v in row] for row in s.result.X]
    y = [float(v) for v in s.result.y]
    fig, ax = new_axes(ax, figsize=(6.0, 4.2) if d == 1 else (5.6, 5.0))
    label = "unique optimum" if s.unique else f"optimal face of dimension {s.dimension}, {len(nets)} vertices"
    if d == 1:
        xs = [r[0] for r in X]
        lo, hi = min(xs), max(xs)
        pad = 0.15 * (hi - lo or 1.0)
        grid_x = np.linspace(lo - pad, hi + pad, grid)
        F = np.array([float_outputs(net, grid_x[:, None]) for net in nets])
        width = float((F.max(axis=0) - F.min(axis=0)).max())
        ax.fill_between(grid_x, F.min(axis=0), F.max(axis=0), color=SHADE, alpha=0.6, linewidth=0,
                        label="every optimal network lies here" + (" (one curve on this range)" if width == 0 else ""))
        fit_net = s.network([v for v in s.result.z])
        ax.plot(grid_x, float_outputs(fit_net, grid_x[:, None]), color=POSITIVE, lw=1.6, label="the fit")
        ax.scatter(xs, y, color=INK, zorder=3, s=22, label="data")
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.legend(loc="best", fontsize=8, frameon=False)
    else:
        xs, ys = [r[0] for r in X], [r[1] for r in X]
        pads = [0.15 * ((max(v) - min(v)) or 1.0) for v in (xs, ys)]
        gx = np.linspace(min(xs) - pads[0], max(xs) + pads[0], grid)
        gy = np.linspace(min(ys) - pads[1], max(ys) + pads[1], grid)
        pts = np.array([[a, b] for b in gy for a in gx])
        F = np.array([float_outputs(net, pts) for net in nets])
        spread = (F.max(axis=0) - F.min(axis=0)).reshape(len(gy), len(gx))
        im = ax.imshow(spread, origin="lower", extent=(gx[0], gx[-1], gy[0], gy[-1]), aspect="auto", cmap="Blues")
        fig.colorbar(im, ax=ax, label="max − min of f over the optimal networks")
        ax.scatter(xs, ys, c=INK, s=18, zorder=3)
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
    ax.set_title(title or f"All optimal networks ({label})")
    return fig
