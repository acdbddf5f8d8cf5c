"""Small exact data sets that ship inside the package.

>>> from exactwedge.datasets import spiral
>>> X, y = spiral()
>>> len(X), len(X[0]), X[0], y[:3]
(12, 2, [Fraction(1, 4), Fraction(1, 2)], [Fraction(1, 1), Fraction(1, 1), Fraction(1, 1)])
"""

from __future__ import annotations

from fractions import Fraction
from importlib import resources

from .io import parse_csv_text

__all__ = ["spiral", "spiral_path"]


def spiral_path() -> str:
    """Path of the embedded two-class rational spiral CSV (12 points in R², labels ±1).

    >>> spiral_path().endswith("spiral.csv")
    True"""
    return str(resources.files("exactwedge") / "data" / "spiral.csv")


def spiral() -> tuple[list[list[Fraction]], list[Fraction]]:
    """The embedded two-class spiral: 12 rational points of R² with labels ±1.

    The two arms are point reflections of each other (x ↦ −x flips the label),
    so the set has collinear triples through the origin: a small, honest,
    degenerate case.

    >>> X, y = spiral()
    >>> X[2], y[2], sum(y)
    ([Fraction(-1, 1), Fraction(0, 1)], Fraction(1, 1), Fraction(0, 1))
    """
    text = (resources.files("exactwedge") / "data" / "spiral.csv").read_text()
    X, Y, _ = parse_csv_text(text, source="spiral.csv")
    return X, [r[0] for r in Y]
