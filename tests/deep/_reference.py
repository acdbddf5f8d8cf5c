"""Independent reference computations for the deep tests (they never call exactwedge).

>>> chain_forward([(1, -5), (-1, 2)], 6, "relu")
Fraction(1, 1)
>>> chain_forward([(1, -5), (1, -2)], 2, "abs")
Fraction(1, 1)
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["chain_forward"]


def chain_forward(layers, x, activation: str) -> Fraction:
    """An independent forward pass of a width-1 chain of (weight, bias) layers, in exact rationals."""
    h = Fraction(x)
    for w, b in layers:
        u = w * h + b
        h = abs(u) if activation == "abs" else max(u, Fraction(0))
    return h
