"""Generate the figures of the documentation (PNG and SVG) into ``docs/figures/``.

Every figure on the pages is made here, by exactwedge's own plotting functions
(:mod:`exactwedge.plot`) or, for the one that illustrates float orientation, by a
few lines of matplotlib on top of exactwedge's exact values. The mkdocs hook
(``docs/mkdocs_hooks.py``) runs :func:`generate` before every build, and the
test suite runs it too (``tests/test_docs.py``). By hand::

    python docs/gen_figures.py            # writes docs/figures/*.png and *.svg

A file is rewritten only when its bytes change, so a rebuild leaves the tree alone.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent


def _wedge() -> Any:
    from exactwedge.plot import plot_wedge

    return plot_wedge([3, 1], [1, 2])


def _wedge_swapped() -> Any:
    from exactwedge.plot import plot_wedge

    return plot_wedge([1, 2], [3, 1], names=("b", "a"))


def _shoelace() -> Any:
    from exactwedge.plot import plot_shoelace

    return plot_shoelace([1, 1], [4, 2], [2, 4])


def _hodge() -> Any:
    from exactwedge.plot import plot_hodge

    return plot_hodge([3, 1])


def _distance() -> Any:
    from exactwedge.plot import plot_distance

    return plot_distance([1, 3], [0, 0], [4, 2])


def _triangles() -> Any:
    from exactwedge.datasets import spiral
    from exactwedge.plot import plot_signed_triangles

    X, y = spiral()
    return plot_signed_triangles(X, y=y)


def _spiral_fit() -> Any:
    from exactwedge import fit
    from exactwedge.datasets import spiral

    X, y = spiral()
    return fit(X, y, "1/10", bias=True)


def _neuron() -> Any:
    from exactwedge import dictionary
    from exactwedge.datasets import spiral
    from exactwedge.plot import plot_neuron

    X, y = spiral()
    return plot_neuron(X, dictionary(X, bias=True).neuron(26), y=y)


def _neurons() -> Any:
    from exactwedge.plot import plot_neurons

    res = _spiral_fit()
    return plot_neurons(res.X, res.network, y=res.y, columns=4)


def _decision() -> Any:
    from exactwedge.plot import plot_decision

    return plot_decision(_spiral_fit())


def _float_orientation() -> Any:
    """The sign of det[q − p, r − p] in float64 against its exact value, for p on a tiny grid near the line.

    The classic example of Kettner, Mehlhorn, Pion, Schirra and Yap ("Classroom
    examples of robustness problems in geometric computations"): q = (12, 12),
    r = (24, 24), and p = (0.5 + i·u, 0.5 + j·u) with u = 2⁻⁵³. Exactly, p is on the
    line through q and r when i = j, left of it when j > i.
    """
    import numpy as np

    from exactwedge.plot._common import NEGATIVE, POSITIVE, new_axes

    n = 64
    qx, qy, rx, ry = 12.0, 12.0, 24.0, 24.0
    u = 2.0 ** -53
    fsign = np.zeros((n, n), dtype=int)
    wrong = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(n):
            px, py = 0.5 + i * u, 0.5 + j * u
            f = (qx - px) * (ry - py) - (qy - py) * (rx - px)  # float64
            e = ((Fraction(qx) - Fraction(px)) * (Fraction(ry) - Fraction(py))
                 - (Fraction(qy) - Fraction(py)) * (Fraction(rx) - Fraction(px)))  # the same floats, exactly
            fsign[j, i] = (f > 0) - (f < 0)
            wrong[j, i] = fsign[j, i] != (e > 0) - (e < 0)
    from matplotlib.colors import ListedColormap

    fig, ax = new_axes(figsize=(5.2, 5.0))
    ax.imshow(fsign, origin="lower", cmap=ListedColormap([NEGATIVE, "#f7f7f7", POSITIVE]), vmin=-1, vmax=1,
              interpolation="nearest", extent=(0, n, 0, n))
    ys, xs = np.nonzero(wrong)
    ax.plot(xs + 0.5, ys + 0.5, ".", ms=2.2, color="#111111", label=f"float64 sign wrong: {len(xs)} of {n * n}")
    ax.plot([0, n], [0, n], color="#111111", lw=0.8, ls=":", label="exactly on the line (i = j)")
    ax.set_xlabel("i, with p_x = 0.5 + i·2⁻⁵³")
    ax.set_ylabel("j, with p_y = 0.5 + j·2⁻⁵³")
    ax.legend(loc="upper left", fontsize=7, framealpha=0.95)
    ax.set_title("Sign of det[q − p, r − p] in float64 (blue +, red −, white 0),\nq = (12, 12), r = (24, 24)",
                 fontsize=9)
    return fig


def _optimal_set() -> Any:
    from exactwedge import fit, optimal_set

    X = [[1, 0], [-2, -2], [-4, -4], [-4, -3], [3, 1], [4, 0]]
    return optimal_set(fit(X, [1, 3, 2, 1, 0, 0], "1/20")).plot(grid=120)


def _decision_1d() -> Any:
    from exactwedge import fit

    return fit([[0], [1], [2], [4]], [0, 1, 0, 2], "1/10", bias=True).plot()


def _decision_3d() -> Any:
    from exactwedge import fit

    return fit([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 1, 1, -1, 2], "1/10", bias=True).plot()


def _reflection() -> Any:
    from exactwedge.plot import plot_reflection

    return plot_reflection([3, 1], [1, 1])


#: file stem → function returning a matplotlib Figure
FIGURES: dict[str, Callable[[], Any]] = {
    "wedge": _wedge,
    "wedge-swapped": _wedge_swapped,
    "shoelace": _shoelace,
    "hodge": _hodge,
    "distance": _distance,
    "triangles": _triangles,
    "neuron": _neuron,
    "neurons": _neurons,
    "decision": _decision,
    "float-orientation": _float_orientation,
    "optimal-set": _optimal_set,
    "decision-1d": _decision_1d,
    "decision-3d": _decision_3d,
    "reflection": _reflection,
}


def generate(out: str | Path | None = None, names: list[str] | None = None) -> list[Path]:
    """Draw the figures into ``out`` (default ``docs/figures``) as PNG and SVG; returns the files that changed.

    >>> import tempfile
    >>> changed = generate(tempfile.mkdtemp(), ["wedge"])
    >>> sorted(p.name for p in changed)
    ['wedge.png', 'wedge.svg']
    """
    import io

    from exactwedge.io import atomic_write_bytes
    from exactwedge.plot._common import _rc

    folder = Path(out) if out is not None else HERE / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for stem in names or list(FIGURES):
        fig = FIGURES[stem]()
        for fmt in ("png", "svg"):
            buf = io.BytesIO()
            with _rc():
                fig.savefig(buf, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else {"Software": None})
            target = folder / f"{stem}.{fmt}"
            data = buf.getvalue()
            if not target.exists() or target.read_bytes() != data:
                atomic_write_bytes(target, data)
                changed.append(target)
    return changed


if __name__ == "__main__":  # pragma: no cover
    files = generate(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"{len(files)} figure files written" + "".join(f"\n  {p}" for p in files))
