r"""The Lasso path figure: the exact path solid, the float back-ends dashed, breakpoints marked.

Top panel: the coefficients :math:`z_j(\beta)` of the columns the exact path
uses (the largest ones when there are many), against β on a log axis. The
exact path is drawn through its knots, linear in β between them (the exact
path is piecewise linear in β), solid; each float back-end is a dashed (or
dotted) line through the βs it was run at, in the same colour per column.
Breakpoints are dotted vertical lines and dots on the exact path.

Bottom panel: each back-end's relative objective gap :math:`(P(z,t) - P^\star)/P^\star`
(measured exactly), log scale, with the agreement tolerance as a horizontal
line; points where a back-end failed are red crosses. For ℓ2 dictionaries
(no exact path) only float lines are drawn and the gap is to the best float value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..exceptions import InvalidInputError
from ._common import _rc, new_axes, save_figure

__all__ = ["plot_path", "plot_lasso_path", "save_path_figure"]

_STYLES = [(0, (6, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (2, 1, 2, 1, 6, 1))]
_MARKERS = ["o", "s", "^", "D"]
_FLOOR = 1e-18


def _exact_curves(cmp: Any) -> tuple[list[float], dict[int, list[float]]]:
    """Knots (β decreasing) and the exact coefficients of every used column at them."""
    pts = [e for e in cmp.exact if "requested" not in e.kinds or len(e.kinds) > 1]  # path knots
    pts = pts or list(cmp.exact)
    betas = [float(e.beta) for e in pts]
    used = sorted({j for e in pts for j in e.solution.support})
    curves = {j: [float(e.solution.z[j]) for e in pts] for j in used}
    return betas, curves


def _dense(betas: list[float], vals: list[float], per: int = 16) -> tuple[list[float], list[float]]:
    """Linear-in-β interpolation between knots (straight in β, curved on a log axis)."""
    xs, ys = [], []
    for k in range(len(betas) - 1):
        b0, b1, v0, v1 = betas[k], betas[k + 1], vals[k], vals[k + 1]
        for i in range(per):
            s = i / per
            xs.append(b0 + s * (b1 - b0))
            ys.append(v0 + s * (v1 - v0))
    if betas:
        xs.append(betas[-1])
        ys.append(vals[-1])
    return xs, ys


def plot_path(cmp: Any, *, max_columns: int = 10, title: str | None = None, figsize: tuple = (8.0, 7.0)) -> Any:
    """The path figure of a :class:`~exactwedge.compare.PathComparison` (a matplotlib Figure).

    Parameters
    ----------
    cmp : PathComparison
    max_columns : int
        Draw at most this many columns (the largest :math:`\\max_\\beta\\lvert z_j\\rvert`).
    title : str, optional

    Examples
    --------
    >>> from exactwedge.compare import compare_path
    >>> from exactwedge.dictionary import dictionary
    >>> c = compare_path(dictionary([0, 4, 5, 7], bias=True), [0, 0, 2, 3], ["1/10"], intercept=True, backends=["lars"])
    >>> fig = plot_path(c)
    >>> [ax.get_xscale() for ax in fig.axes]
    ['log', 'log']
    """
    if isinstance(max_columns, bool) or not isinstance(max_columns, int) or max_columns < 1:
        raise InvalidInputError(f"max_columns must be a positive integer, got {max_columns!r}")
    fig, ax = new_axes(figsize=figsize)
    with _rc():
        ax.remove()
        top, bot = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        colors = [f"C{k}" for k in range(10)]
        exact = cmp.exact_available and bool(cmp.exact)
        names = [n for n, r in cmp.backends.items() if r.points]
        # which columns to draw
        score: dict[int, float] = {}
        if exact:
            kb, curves = _exact_curves(cmp)
            for j, vals in curves.items():
                score[j] = max(abs(v) for v in vals)
        for n in names:
            for p in cmp.backends[n].points:
                if p.z is not None:
                    for j in range(len(p.z)):
                        a = abs(float(p.z[j]))
                        if a > 0 and (not exact) and a > score.get(j, 0.0):
                            score[j] = a
        cols = sorted(score, key=lambda j: -score[j])[:max_columns]
        color = {j: colors[k % 10] for k, j in enumerate(sorted(cols))}
        if exact:
            for j in cols:
                xs, ys = _dense(kb, curves[j])
                top.plot(xs, ys, "-", color=color[j], lw=1.8, label=f"z{j} exact" if len(cols) <= 6 else None)
            bps = [float(e.beta) for e in cmp.exact if "breakpoint" in e.kinds or "beta_max" in e.kinds]
            for b in bps:
                top.axvline(b, color="0.75", lw=0.6, ls=":", zorder=0)
                bot.axvline(b, color="0.75", lw=0.6, ls=":", zorder=0)
            for j in cols:
                top.plot(kb, curves[j], "o", color=color[j], ms=3)
        for k, n in enumerate(names):
            pts = sorted(cmp.backends[n].points, key=lambda p: float(p.beta))
            ok = [p for p in pts if p.z is not None]
            for j in cols:
                top.plot([float(p.beta) for p in ok], [float(p.z[j]) for p in ok], ls=_STYLES[k % len(_STYLES)],
                         color=color[j], lw=1.1, alpha=0.9)
            gx = [float(p.beta) for p in pts if p.rel_gap is not None]
            gy = [max(p.rel_gap, _FLOOR) for p in pts if p.rel_gap is not None]
            bot.plot(gx, gy, ls=_STYLES[k % len(_STYLES)], marker=_MARKERS[k % len(_MARKERS)], ms=3.5,
                     color=f"C{k}", label=n)
            bad = [p for p in pts if p.agrees is False or p.status != "converged"]
            if bad:
                bot.plot([float(p.beta) for p in bad], [max(p.rel_gap or 1.0, _FLOOR) for p in bad], "x", color="red",
                         ms=7, mew=1.6, label=f"{n}: failed / disagrees")
        # legend for styles
        from matplotlib.lines import Line2D

        handles = ([Line2D([], [], color="k", lw=1.8, ls="-", label="exact path (knots: dots)")] if exact else [])
        handles += [Line2D([], [], color="k", lw=1.1, ls=_STYLES[k % len(_STYLES)], label=n) for k, n in enumerate(names)]
        if exact:
            handles.append(Line2D([], [], color="0.6", lw=0.8, ls=":", label="breakpoints"))
        top.legend(handles=handles, fontsize=8, loc="best")
        top.set_xscale("log")
        top.set_ylabel("coefficient $z_j$")
        top.set_title(title or ("Lasso path: exact (solid) vs float back-ends (dashed)" if exact
                                else "Lasso path of float back-ends (ℓ2: no exact path)"))
        bot.set_yscale("log")
        if exact:
            bot.axhline(cmp.agree_rtol, color="k", lw=0.8, ls="--")
            bot.text(0.01, cmp.agree_rtol, f" agreement tolerance {cmp.agree_rtol:g}", transform=bot.get_yaxis_transform(),
                     fontsize=7, va="bottom")
        bot.set_ylabel("relative gap $(P - P^\\star)/P^\\star$" if exact else "gap to best float / best")
        bot.set_title(f"objective gaps (gaps ≤ {_FLOOR:g}, including exact 0, are drawn at {_FLOOR:g})", fontsize=8)
        if exact:
            nonunique = sum(e.unique is False for e in cmp.exact)
            if nonunique:
                top.text(0.99, 0.01, f"z* not proven unique at {nonunique} of {len(cmp.exact)} βs: float coefficients may\n"
                         "differ from these legitimately; the gap and the fitted values are unique",
                         transform=top.transAxes, ha="right", va="bottom", fontsize=7, color="0.35")
        bot.set_xlabel("β (log scale)")
        if names:
            bot.legend(fontsize=7, loc="best")
        top.invert_xaxis()
    return fig


def plot_lasso_path(path: Any, *, max_columns: int = 10, title: str | None = None, figsize: tuple = (7.0, 4.5)) -> Any:
    r"""The exact Lasso path alone (a :class:`~exactwedge.lasso.LassoPath`): :math:`z_j(\beta)` through its knots.

    The coefficients of the columns the path uses (the ``max_columns`` largest)
    are drawn through the knots, linear in β between them (the path is exactly
    piecewise linear), against β on a log axis; the knots are dotted lines.
    (:func:`plot_path` draws a comparison with the float back-ends.)

    Examples
    --------
    >>> from exactwedge.lasso import lasso_path
    >>> fig = plot_lasso_path(lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10"))
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), [t.get_text() for t in ax.get_legend().get_texts()], ax.get_title()
    ('log', ['z0'], 'exact Lasso path: 2 knots, each certified (exact KKT)')
    """
    if isinstance(max_columns, bool) or not isinstance(max_columns, int) or max_columns < 1:
        raise InvalidInputError(f"max_columns must be a positive integer, got {max_columns!r}")
    knots = [k for k in path.knots if k.beta > 0]
    if not knots:
        raise InvalidInputError("the path has no knot with β > 0 to draw")
    betas = [float(k.beta) for k in knots]
    used = sorted({j for k in knots for j in k.support})
    curves = {j: [float(k.z[j]) for k in knots] for j in used}
    cols = sorted(sorted(used, key=lambda j: -max(abs(v) for v in curves[j]))[:max_columns])
    fig, ax = new_axes(figsize=figsize)
    with _rc():
        for b in betas:
            ax.axvline(b, color="0.8", lw=0.6, ls=":", zorder=0)
        for k, j in enumerate(cols):
            xs, ys = _dense(betas, curves[j])
            ax.plot(xs, ys, "-", color=f"C{k % 10}", lw=1.6, label=f"z{j}")
            ax.plot(betas, curves[j], "o", color=f"C{k % 10}", ms=3)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_xscale("log")
        from matplotlib.ticker import FuncFormatter

        few = max(betas) / min(betas) < 30  # under 1.5 decades: label the minor ticks 2 and 5 too (no overlap)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}" if few and f"{v:.0e}"[0] in "25" else ""))
        ax.invert_xaxis()
        ax.set_xlabel("β (log scale; knots dotted)")
        ax.set_ylabel("coefficient $z_j$")
        more = f" (the {len(cols)} largest of {len(used)})" if len(cols) < len(used) else ""
        held = sum(bool(k.certificate.holds) for k in knots)
        verdict = "each certified (exact KKT)" if held == len(knots) else f"exact KKT holds at {held} of them"
        ax.set_title(title or f"exact Lasso path: {len(knots)} knots, {verdict}{more}")
        if cols:
            ax.legend(fontsize=8, loc="best", ncol=2 if len(cols) > 5 else 1)
    return fig


def save_path_figure(cmp: Any, path: str | os.PathLike, **kwargs: Any) -> list[Path]:
    """Draw :func:`plot_path` and write it as PNG **and** SVG, atomically.

    ``path``'s suffix (``.png`` or ``.svg``) picks the main file; the other
    format is written beside it with the same stem. Returns both paths, the
    main one first.

    >>> import tempfile, os
    >>> from exactwedge.compare import compare_path
    >>> c = compare_path([[1, 0], [0, 1]], [3, 1], ["1/2"], backends=["sklearn"])
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in save_path_figure(c, os.path.join(folder, "path.svg"))]
    ['path.svg', 'path.png']
    """
    p = Path(path)
    suf = p.suffix.lower().lstrip(".")
    if suf not in ("png", "svg"):
        raise InvalidInputError(f"--plot needs a .png or .svg file name, got {str(path)!r}")
    other = "svg" if suf == "png" else "png"
    fig = plot_path(cmp, **kwargs)
    return save_figure(fig, p, formats=(suf, other))
