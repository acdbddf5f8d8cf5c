r"""A pgfplots picture of a fit: the data, the active hyperplanes and the decision regions (2-D), or f (1-D).

In 2-D each active neuron's line :math:`x\cdot w_j + b_j = 0` is clipped
exactly to the axis box and labelled :math:`H_j` with the samples that name
it; the plane is shaded by the sign of :math:`f` (blue where
:math:`f(x) > 0`, red where :math:`f(x) < 0`) at the centres of a grid of cells,
exact when the network is. In 1-D the
fitted function is drawn through its exact breakpoints, each marked and named
by its sample. Coordinates are exported to decimals for drawing only.

The picture needs ``\usepackage{pgfplots}`` (Debian: ``texlive-pictures``,
installed by ``scripts/bootstrap.sh``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError, TooLargeError
from ..dictionary.neuron import sample_latex, x_latex

__all__ = ["fit_figure", "figure_applies", "clip_line"]


def figure_applies(result: Any) -> bool:
    """Whether :func:`fit_figure` draws this fit: 1-D or 2-D data, one label column.

    >>> from exactwedge import fit
    >>> figure_applies(fit([[0, 0], [1, 0], [0, 1]], [0, 1, 1], 1)), figure_applies(fit([[0, 0, 1], [1, 0, 0]], [0, 1], 1))
    (True, False)
    """
    return result.dictionary.d in (1, 2) and not isinstance(result.y[0], (list, tuple))


def _q(x: Any) -> Fraction:
    """An exact Fraction of a rational; a surd or float is exported through its float (drawing only)."""
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    return Fraction(float(x))


def _num(x: Fraction) -> str:
    """A drawing coordinate (a float export); a value past float range cannot be drawn (TooLargeError)."""
    try:
        f = float(x)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise TooLargeError(f"a value of the picture is beyond float range ({len(str(x))} characters): "
                            "no picture is drawn")
    return f"{f:.6g}"


def clip_line(w: Sequence[Any], b: Any, box: tuple) -> tuple | None:
    r"""The segment of the line :math:`w\cdot x + b = 0` inside ``box = (x0, x1, y0, y1)``, exactly; None if it misses.

    Examples
    --------
    >>> from fractions import Fraction
    >>> clip_line([1, 1], -1, (0, 2, 0, 2))
    ((Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1)))
    >>> clip_line([1, 0], -5, (0, 2, 0, 2)) is None
    True
    """
    a, c = _q(w[0]), _q(w[1])
    b = _q(b)
    x0, x1, y0, y1 = (Fraction(v) for v in box)
    pts: list[tuple[Fraction, Fraction]] = []
    if c != 0:
        for x in (x0, x1):
            y = -(a * x + b) / c
            if y0 <= y <= y1:
                pts.append((x, y))
    if a != 0:
        for y in (y0, y1):
            x = -(c * y + b) / a
            if x0 <= x <= x1:
                pts.append((x, y))
    pts = sorted(set(pts))
    if len(pts) < 2:
        return None
    return pts[0], pts[-1]


def _names(u: Any) -> str:
    prov = u.provenance or {}
    members = [sample_latex(s, None, paren=False) for s in prov.get("samples", ())]
    if prov.get("anchor") is not None:
        members = [x_latex(prov["anchor"])] + members
    return ",".join(members)


def _rational(res: Any) -> bool:
    net = res.network
    return all(isinstance(c, (int, Fraction)) for u in net.units for c in (*u.w, u.b, u.alpha)) \
        and isinstance(net.intercept, (int, Fraction))


def _box(values: list[Fraction]) -> tuple[Fraction, Fraction]:
    lo, hi = min(values), max(values)
    pad = (hi - lo) / 10 if hi > lo else Fraction(1)
    return lo - pad, hi + pad


def _regions(res: Any, box: tuple, grid: int) -> list[str]:
    """The cells where f > 0 and f < 0, merged along each grid row into rectangles."""
    x0, x1, y0, y1 = box
    hx, hy = (x1 - x0) / grid, (y1 - y0) / grid
    centers = [(x0 + (2 * i + 1) * hx / 2, y0 + (2 * k + 1) * hy / 2) for k in range(grid) for i in range(grid)]
    values = res.network.predict(centers) if _rational(res) else res.network.predict_float(centers)
    x0, y0, hx, hy = float(x0), float(y0), float(hx), float(hy)
    out = []
    for k in range(grid):
        row = [values[k * grid + i] for i in range(grid)]
        i = 0
        while i < grid:
            s = (row[i] > 0) - (row[i] < 0)
            j = i
            while j + 1 < grid and ((row[j + 1] > 0) - (row[j + 1] < 0)) == s:
                j += 1
            if s != 0:
                color = "blue!12" if s > 0 else "red!12"
                out.append(rf"\fill[{color}] (axis cs:{x0 + i * hx:.6g},{y0 + k * hy:.6g}) rectangle "
                           rf"(axis cs:{x0 + (j + 1) * hx:.6g},{y0 + (k + 1) * hy:.6g});")
            i = j + 1
    return out


def _figure_2d(res: Any, grid: int) -> list[str]:
    X = [[_q(c) for c in row] for row in res.X]
    bx, by = _box([r[0] for r in X]), _box([r[1] for r in X])
    box = (bx[0], bx[1], by[0], by[1])
    lines = [r"\begin{axis}[width=0.78\linewidth, height=0.62\linewidth, xlabel={$x^{(1)}$}, ylabel={$x^{(2)}$},",
             f"  xmin={_num(bx[0])}, xmax={_num(bx[1])}, ymin={_num(by[0])}, ymax={_num(by[1])}, clip=true,",
             r"  colorbar, colorbar style={ylabel={$y$}}, tick label style={font=\footnotesize}]"]
    lines += _regions(res, box, grid)
    for j, u in enumerate(res.network.units, start=1):
        seg = clip_line(u.w, u.b, box)
        if seg is None:
            continue
        (ax, ay), (bx_, by_) = seg
        pos = 0.12 + 0.76 * ((j * 0.382) % 1.0)
        names = _names(u)
        label = rf"$H_{{{j}}}$" + (rf"\,{{\scriptsize$({names})$}}" if names else "")
        lines.append(rf"\draw[thick, black!75] (axis cs:{_num(ax)},{_num(ay)}) -- (axis cs:{_num(bx_)},{_num(by_)}) "
                     rf"node[pos={pos:.3f}, sloped, above, font=\tiny, inner sep=1pt, fill=white, fill opacity=0.7, "
                     rf"text opacity=1] {{{label}}};")
    rows = "\n".join(f"{_num(r[0])} {_num(r[1])} {float(y):.6g}" for r, y in zip(X, res.y))
    lines += [r"\addplot[scatter, only marks, mark=*, mark size=1.8pt, scatter src=explicit] table[meta=y] {",
              "x1 x2 y", rows, "};"]
    for i, r in enumerate(X, start=1):
        lines.append(rf"\node[font=\tiny, anchor=south west, inner sep=1pt] at (axis cs:{_num(r[0])},{_num(r[1])}) {{{i}}};")
    lines.append(r"\end{axis}")
    return lines


def _kink(u: Any) -> Fraction | None:
    w = _q(u.w[0])
    return None if w == 0 else -_q(u.b) / w


def _figure_1d(res: Any) -> list[str]:
    xs = [_q(r[0]) for r in res.X]
    lo, hi = _box(xs)
    kinks = sorted({k for u in res.network.units if (k := _kink(u)) is not None and lo < k < hi})
    at = [lo] + kinks + [hi]
    fx = res.network.predict([[x] for x in at]) if _rational(res) else res.network.predict_float([[x] for x in at])
    ys = [_q(v) for v in fx] + [_q(v) for v in res.y]
    ylo, yhi = _box(ys)
    lines = [r"\begin{axis}[width=0.8\linewidth, height=0.5\linewidth, xlabel={$x$}, ylabel={$y$},",
             f"  xmin={_num(lo)}, xmax={_num(hi)}, ymin={_num(ylo)}, ymax={_num(yhi)}, clip=true,",
             r"  tick label style={font=\footnotesize}, legend pos=outer north east, legend style={font=\footnotesize}]"]
    pts = " ".join(f"({_num(x)},{float(v):.6g})" for x, v in zip(at, fx))
    lines.append(r"\addplot[thick, blue] coordinates {" + pts + "};")
    lines.append(r"\addlegendentry{$f$}")
    data = " ".join(f"({_num(x)},{float(y):.6g})" for x, y in zip(xs, res.y))
    lines.append(r"\addplot[only marks, mark=*, mark size=1.6pt, black] coordinates {" + data + "};")
    lines.append(r"\addlegendentry{data}")
    named: dict[Fraction, str] = {}  # one dotted line per breakpoint (two neurons may share one: both sides)
    for j, u in enumerate(res.network.units, start=1):
        k = _kink(u)
        if k is not None and lo < k < hi:
            named.setdefault(k, _names(u) or f"H_{{{j}}}")
    for i, (k, names) in enumerate(sorted(named.items())):
        lines.append(rf"\draw[densely dotted, gray] (axis cs:{_num(k)},{_num(ylo)}) -- (axis cs:{_num(k)},{_num(yhi)}) "
                     rf"node[pos={0.06 + 0.1 * (i % 4):.2f}, right, font=\tiny, inner sep=1pt] {{${names}$}};")
    lines.append(r"\end{axis}")
    return lines


def fit_figure(result: Any, *, grid: int = 48) -> str:
    r"""A ``figure``-free, centred ``tikzpicture`` (pgfplots) of a 1-D or 2-D fit with one output.

    Parameters
    ----------
    result : FitResult
    grid : int
        2-D: the decision regions are the signs of f at the centres of a
        ``grid × grid`` grid of cells (a drawing, not exact).

    Returns
    -------
    str
        Needs ``\usepackage{pgfplots}`` (:func:`~exactwedge.latex.latex_document` with ``figure=True``).

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
    >>> tex = fit_figure(res)
    >>> tex.count(r"\draw[densely dotted"), "$x_{3}$" in tex  # breakpoints 4, 5, 7, 10 (two neurons at 5)
    (4, True)
    """
    if not figure_applies(result):
        raise InvalidInputError("a figure is drawn for 1-D and 2-D data with one label column only")
    if grid < 2:
        raise InvalidInputError(f"grid must be ≥ 2, got {grid}")
    d = result.dictionary.d
    body = _figure_1d(result) if d == 1 else _figure_2d(result, grid)
    caption = (r"The data (points numbered as the samples $x_i$, coloured by the label $y_i$), the hyperplane "
               r"$H_j$ of each active neuron with the samples that name it, and the sign of $f$: blue where "
               r"$f(x) > 0$, red where $f(x) < 0$ (sampled on a grid for the drawing)." if d == 2 else
               r"The fitted function $f$ (exact values at its breakpoints, joined by lines) and the data; "
               r"each dotted line is a neuron's breakpoint, named by its sample.")
    return "\n".join([r"\begin{center}", r"\begin{tikzpicture}"] + body
                     + [r"\end{tikzpicture}", r"\end{center}", r"{\small " + caption + "}"])
