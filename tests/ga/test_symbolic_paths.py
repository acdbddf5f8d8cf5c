"""The ring paths of the symbolic determinant and distance return SymPy's own expressions."""

from __future__ import annotations

import random

import pytest
import sympy

from exactwedge.ga._basis import _laplace_det, _laplace_minors
from exactwedge.ga.distances import _cancel

a, b, c, e = sympy.symbols("a b c e", real=True)


def _random_entry(rng: random.Random):
    expr = sum(rng.randint(-2, 2) * rng.choice((a, b, c, e)) ** rng.randint(0, 2) for _ in range(rng.randint(0, 3)))
    expr += sympy.Rational(rng.randint(-3, 3), rng.randint(1, 3))
    return expr * sympy.sqrt(2) if rng.random() < 0.1 else expr


@pytest.mark.parametrize("seed", range(4))
def test_ring_determinant_is_sympy_expand_of_the_laplace_expansion(seed):
    rng = random.Random(seed)
    for _ in range(15):
        n = rng.randint(1, 4)
        M = [[_random_entry(rng) for _ in range(n)] for _ in range(n)]
        expected = sympy.expand(_laplace_minors(M, sympy.Integer(1), 0))
        assert sympy.srepr(_laplace_det(M)) == sympy.srepr(expected)


@pytest.mark.parametrize("num,den", [
    (2 * a + 4, sympy.Integer(6)),
    (a**2 - b**2, a + b),
    (-(a**2) + 2 * a * b, -2 * a),
    (sympy.Integer(0), a**2 + 1),
    (a * sympy.sqrt(2) + 1, a),        # not in ZZ[symbols]: sympy.cancel itself
    (a / 3 + b, b),                    # QQ coefficients: sympy.cancel itself
])
def test_cancel_is_sympy_cancel(num, den):
    assert sympy.srepr(_cancel(num, den)) == sympy.srepr(sympy.cancel(num / den))
