"""Shared plumbing of the figures: a fresh Figure (no pyplot, no global state), atomic saving.

matplotlib is imported inside the functions, never at import time. Figures are
built on :class:`matplotlib.figure.Figure` with the Agg canvas, so nothing
depends on (or changes) the user's pyplot backend.
"""

from __future__ import annotations

import io
import os
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

from ..exceptions import BackendNotInstalledError, DimensionError, InvalidInputError

__all__ = ["save_figure", "new_figure", "place_labels", "float_outputs", "FORMATS"]

#: The formats :func:`save_figure` writes.
FORMATS = ("png", "svg")

#: Orientation colours: counter-clockwise (positive) and clockwise (negative).
POSITIVE = "#2166ac"
NEGATIVE = "#d6604d"
#: Label colours (y > 0, y < 0, y = 0).
CLASS_COLORS = ("#1b7837", "#762a83", "#555555")
#: Sample colours on the 2-D decision plot: the dark ends of its colour map (RdBu_r), and grey for y = 0.
DECISION_COLORS = ("#67001f", "#053061", "#555555")
#: One colour per neuron, the same in every figure (colour-blind-safe, Okabe–Ito).
#: The neutral inks of every figure: lines and points without a class, guides, axes through 0.
INK, MUTED, AXIS = "#111111", "#888888", "#cccccc"
#: What a figure points at (a neuron's samples, its normal), a second emphasis, and a shaded region.
HIGHLIGHT, SECONDARY, SHADE = "#08306b", "#6a51a3", "#92c5de"
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

_RC = {
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.grid": False,
    "svg.hashsalt": "exactwedge",
    "svg.fonttype": "path",
}


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - the plot extra is installed in CI
        raise BackendNotInstalledError(
            "figures need matplotlib: pip install 'exactwedge[plot]'") from None
    return matplotlib


def new_axes(ax: Any = None, *, figsize: tuple = (5.0, 5.0)) -> tuple[Any, Any]:
    """(figure, axes): the given axes and its figure, or a new Agg figure with one axes."""
    _matplotlib()
    if ax is not None:
        return ax.figure, ax
    with _rc():
        fig = new_figure(figsize=figsize)
        ax = fig.add_subplot()
    return fig, ax


def _figure_class() -> type:
    """``NotebookFigure``: matplotlib's Figure with ``_repr_png_``, made on first use (no matplotlib at import)."""
    cls = globals().get("NotebookFigure")
    if cls is None:
        _matplotlib()
        from matplotlib.figure import Figure

        def _repr_png_(self: Any) -> bytes:
            buf = io.BytesIO()
            self.savefig(buf, format="png", dpi=100, bbox_inches="tight")
            return buf.getvalue()

        cls = type("NotebookFigure", (Figure,), {"_repr_png_": _repr_png_, "__module__": __name__,
                                                  "__doc__": "A matplotlib Figure that shows itself in Jupyter (PNG)."})
        globals()["NotebookFigure"] = cls
    return cls


def __getattr__(name: str) -> Any:  # unpickling a figure finds its class here
    if name == "NotebookFigure":
        return _figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def new_figure(**kwargs: Any) -> Any:
    """A fresh constrained-layout Figure on the Agg canvas that shows itself in a notebook (PNG).

    Jupyter displays the last value of a cell through its ``_repr_png_``, so
    a figure returned by any function of :mod:`exactwedge.plot` (or by a
    result's ``.plot()``) appears inline with no ``%matplotlib inline`` and no
    ``plt.show()``; the figure never enters pyplot's state. Where IPython's
    inline backend is active its own Figure formatter is used instead (one
    image either way).

    >>> fig = new_figure(figsize=(2, 1))
    >>> fig._repr_png_()[1:4], type(fig).__mro__[1].__name__
    (b'PNG', 'Figure')
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    kwargs.setdefault("layout", "constrained")
    fig = _figure_class()(**kwargs)
    FigureCanvasAgg(fig)
    return fig


def _rc() -> Any:
    import matplotlib

    return matplotlib.rc_context(_RC)


def points_2d(X: Any, what: str = "X") -> tuple[list[tuple[Fraction, ...]], list[tuple[float, float]]]:
    """Exact rows of 2-D data and their float copies (plotting is an explicit float export)."""
    from ..numbers import as_matrix

    rows = as_matrix(X, what=what)
    if rows and len(rows[0]) != 2:
        raise DimensionError(f"{what} must be points of R^2 for this figure, got points of R^{len(rows[0])}")
    return [tuple(r) for r in rows], [(float(r[0]), float(r[1])) for r in rows]


def class_color(v: Any) -> str:
    """A label's colour: positive, negative, zero."""
    return CLASS_COLORS[0] if v > 0 else CLASS_COLORS[1] if v < 0 else CLASS_COLORS[2]


def text_of(q: Any) -> str:
    """An exact number as short text: ``-3/8``, ``√13/5``."""
    from ..numbers.surd import Surd

    if isinstance(q, Surd):
        return str(q).replace("sqrt", "√").replace("*", "")
    s = str(q)
    return s.replace("-", "−")


def bounds(pts: Sequence[tuple[float, float]], pad: float = 0.15, extra: Sequence[tuple[float, float]] = ()) -> tuple:
    """Axis limits around the points, padded by a fraction of their extent."""
    allp = list(pts) + list(extra)
    xs = [p[0] for p in allp] or [0.0]
    ys = [p[1] for p in allp] or [0.0]
    w = max(max(xs) - min(xs), 1e-9)
    h = max(max(ys) - min(ys), 1e-9)
    s = max(w, h)
    return (min(xs) - pad * s, max(xs) + pad * s, min(ys) - pad * s, max(ys) + pad * s)


def save_figure(fig: Any, path: str | os.PathLike, formats: Sequence[str] | None = None, *, dpi: int = 150,
                tight: bool = False) -> list[Path]:
    """Write a figure as PNG and/or SVG, as every output is written
    (:func:`exactwedge.io.atomic_write_bytes`: a file atomically, a symlink
    through to its target, a device or FIFO straight into; a failure is an
    :class:`~exactwedge.exceptions.OutputFileError`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path-like
        With a ``.png`` or ``.svg`` suffix, that one file; otherwise a stem to
        which each of ``formats`` is appended.
    formats : sequence of {"png", "svg"}, optional
        Default: the path's suffix, or both when it has none.
    dpi : int
        Resolution of the PNG.
    tight : bool
        Crop to the drawn content (``bbox_inches="tight"``).

    Returns
    -------
    list of Path
        The files written. The SVG carries no date and fixed ids, so the same
        figure gives the same bytes.

    Examples
    --------
    >>> import tempfile, os
    >>> from exactwedge.plot import plot_wedge
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in save_figure(plot_wedge([3, 1], [1, 2]), os.path.join(folder, "wedge"))]
    ['wedge.png', 'wedge.svg']
    >>> sorted(os.listdir(folder))
    ['wedge.png', 'wedge.svg']
    """
    from ..io import atomic_write_bytes

    _matplotlib()
    p = Path(path)
    suffix = p.suffix.lower().lstrip(".")
    if formats is None:
        formats = (suffix,) if suffix in FORMATS else FORMATS
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InvalidInputError(f"formats must be among {', '.join(FORMATS)}, got {list(formats)!r}")
    stem = p.with_suffix("") if suffix in FORMATS else p
    written = []
    for fmt in formats:
        buf = io.BytesIO()
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        with _rc():
            fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta, bbox_inches="tight" if tight else None)
        target = stem.parent / f"{stem.name}.{fmt}"
        atomic_write_bytes(target, buf.getvalue())
        written.append(target)
    return written


#: Where a label may sit around its point (offsets in points), tried in turn.
_OFFSETS = ((4, 3), (4, -11), (-4, 3), (-4, -11), (4, 12), (-4, 12), (4, -20), (-4, -20))


def place_labels(ax: Any, labels: Sequence[tuple]) -> list:
    """Annotate ``(xy, text, colour, size, weight)`` labels, each at the first offset where it overlaps none placed.

    The boxes are measured in display space once the axes' limits are set, so
    no two labels of a panel overlap unless a label fits nowhere (then it takes
    the first offset).

    >>> fig, ax = new_axes()
    >>> ax.set_xlim(0, 1); ax.set_ylim(0, 1)  # doctest: +ELLIPSIS
    (...)
    >>> texts = place_labels(ax, [((0.5, 0.5), "x1", "k", 8, "normal"), ((0.5, 0.5), "e1", "k", 8, "normal")])
    >>> renderer = fig.canvas.get_renderer()
    >>> bool(texts[0].get_window_extent(renderer).overlaps(texts[1].get_window_extent(renderer)))
    False
    """
    renderer = ax.figure.canvas.get_renderer()
    placed, out = [], []

    def put(xy: Any, text: str, colour: Any, size: Any, weight: Any, dx: float, dy: float) -> Any:
        return ax.annotate(text, xy=xy, xytext=(dx, dy), textcoords="offset points", fontsize=size, color=colour,
                           fontweight=weight, ha="left" if dx >= 0 else "right")

    for xy, text, colour, size, weight in labels:
        best = None
        for dx, dy in _OFFSETS:
            t = put(xy, text, colour, size, weight, dx, dy)
            if not any(t.get_window_extent(renderer).overlaps(o) for o in placed):
                best = t
                break
            t.remove()
        if best is None:  # no free place: the first one
            best = put(xy, text, colour, size, weight, *_OFFSETS[0])
        placed.append(best.get_window_extent(renderer))
        out.append(best)
    return out


def float_outputs(net: Any, P: Any) -> Any:
    """A network's f at the rows of the float array P: a float export of its exact weights (drawing only).

    >>> import numpy as np
    >>> from exactwedge import fit
    >>> float_outputs(fit([[0], [1], [2]], [0, 1, 0], 1, bias=True).network, np.array([[0.0], [1.0]])).round(6).tolist()
    [0.333333, 0.333333]
    """
    import numpy as np

    d = P.shape[1]
    if not net.units:
        return np.full(len(P), float(net.intercept))
    W = np.array([[float(c) for c in u.w] for u in net.units]).reshape(len(net.units), d)
    B = np.array([float(u.b) for u in net.units])
    A = np.array([float(u.alpha) for u in net.units])
    H = P @ W.T + B[None, :]
    H = np.maximum(H, 0.0) if net.activation == "relu" else np.abs(H)
    return float(net.intercept) + H @ A
