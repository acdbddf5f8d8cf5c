"""An exact GA tour of a 2-D data set: what every neuron of the theorems is made of.

>>> from exactwedge.datasets import spiral
>>> r = ga_showcase(*spiral())
>>> r["points"][0], r["neurons"][0]["w"], r["neurons"][0]["samples"]
(['1/4', '1/2'], ['2/3', '-1/3'], [0])
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..ga import cross, squared_distance_to_affine_hull, triangle_area, distance_to_affine_hull
from ..numbers import format_exact

__all__ = ["ga_showcase", "render_showcase"]


def _s(q: Any) -> str:
    return format_exact(q)


def ga_showcase(X: Sequence[Sequence[Fraction]], y: Sequence[Fraction]) -> dict:
    """Exact facts about a 2-D data set, as JSON-ready strings.

    For each sample x_i: the neuron ``w = cross(x_i)/‖cross(x_i)‖₁`` whose
    hyperplane passes through x_i and the origin (THEORY §3, d = 2); the signed
    areas of consecutive triangles; and the exact distance of every sample to
    the line through the first two samples.

    >>> r = ga_showcase([[1, 0], [0, 1], [1, 1]], [1, -1, 1])
    >>> r["triangles"], r["distances_to_line_x0_x1"][2]["distance"]
    ([{'samples': [0, 1, 2], 'signed_area': '-1/2'}], 'sqrt(2)/2')
    """
    n = len(X)
    neurons = []
    for i, x in enumerate(X):
        c = cross(x)
        l1 = sum(abs(v) for v in c)
        if l1 == 0:
            continue
        w = [v / l1 for v in c]
        neurons.append({
            "samples": [i],
            "w": [_s(v) for v in w],
            "features": [_s(max(Fraction(0), sum(a * b for a, b in zip(xr, w)))) for xr in X],
        })
    triangles = [
        {"samples": [i, i + 1, i + 2], "signed_area": _s(triangle_area(X[i], X[i + 1], X[i + 2]))}
        for i in range(n - 2)
    ]
    line = [X[0], X[1]]
    distances = [
        {"sample": i, "squared": _s(squared_distance_to_affine_hull(x, line)), "distance": str(distance_to_affine_hull(x, line))}
        for i, x in enumerate(X)
    ]
    return {
        "dataset": "spiral (embedded)",
        "points": [[_s(v) for v in x] for x in X],
        "labels": [_s(v) for v in y],
        "neurons": neurons,
        "triangles": triangles,
        "distances_to_line_x0_x1": distances,
    }


def render_showcase(report: dict, console: Any) -> None:
    """Print the showcase as rich tables.

    >>> import io
    >>> from rich.console import Console
    >>> buf = io.StringIO()
    >>> render_showcase(ga_showcase([[1, 0], [0, 1], [1, 1]], [1, -1, 1]), Console(file=buf, width=100))
    >>> "-1/2" in buf.getvalue() and "sqrt(2)/2" in buf.getvalue()
    True"""
    from rich.table import Table

    t = Table(title="Neurons w = cross(x_i)/‖cross(x_i)‖₁ (hyperplane through x_i and 0)")
    for col in ("i", "x_i", "label", "w", "(X w)_+"):
        t.add_column(col)
    by_sample = {nr["samples"][0]: nr for nr in report["neurons"]}
    for i, (x, lab) in enumerate(zip(report["points"], report["labels"])):
        nr = by_sample.get(i)
        t.add_row(str(i), f"({', '.join(x)})", lab, f"({', '.join(nr['w'])})" if nr else "-", " ".join(nr["features"]) if nr else "-")
    console.print(t)
    t2 = Table(title="Signed triangle areas ½(a∧b + b∧c + c∧a)")
    t2.add_column("samples")
    t2.add_column("area")
    for tri in report["triangles"]:
        t2.add_row(str(tri["samples"]), tri["signed_area"])
    console.print(t2)
    t3 = Table(title="Distance to the line through x_0 and x_1")
    for col in ("i", "dist²", "dist"):
        t3.add_column(col)
    for dd in report["distances_to_line_x0_x1"]:
        t3.add_row(str(dd["sample"]), dd["squared"], dd["distance"])
    console.print(t3)
