r"""Exact quadratic surds :math:`q\sqrt{R}` (q, R rational, R ≥ 0).

The App. 6.12 rescaling multiplies a neuron's weights by
:math:`\sqrt{|\alpha|/\lVert w\rVert}`, so rescaled networks live in
:math:`\mathbb Q(\sqrt R)` per neuron. This tiny type does that arithmetic
exactly and fast (no SymPy in the loop): surds with the same radicand add,
any two multiply, and a product that is rational comes back as a
``Fraction``. The sign of :math:`q\sqrt R` is the sign of q, so ReLU and
absolute value stay exact.

>>> from fractions import Fraction as Q
>>> a = Surd(Q(3), Q(2))
>>> a, a * a, a + Surd(Q(1, 2), Q(2)), max(a - a, 0)
(Surd(3*sqrt(2)), Fraction(18, 1), Surd(7*sqrt(2)/2), Fraction(0, 1))
>>> Surd(Q(2), Q(9, 4))
Fraction(3, 1)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["Surd", "sqrt_rational"]


def _exact_sqrt(q: Fraction) -> Fraction | None:
    if q < 0:
        return None
    a, b = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if a * a == q.numerator and b * b == q.denominator:
        return Fraction(a, b)
    return None


def sqrt_rational(q: Any) -> Any:
    """√q exactly: a Fraction when q is a rational square, else a :class:`Surd`.

    >>> sqrt_rational(Fraction(9, 4)), sqrt_rational(2)
    (Fraction(3, 2), Surd(sqrt(2)))
    """
    return Surd(Fraction(1), Fraction(q))


class Surd:
    """``q·√R`` with rational q and R > 0 (R not a rational square)."""

    __slots__ = ("q", "R")

    def __new__(cls, q: Fraction, R: Fraction):
        q, R = Fraction(q), Fraction(R)
        if R < 0:
            raise ValueError("a surd needs a nonnegative radicand")
        root = _exact_sqrt(R)
        if root is not None or q == 0:
            return q * (root if root is not None else 0)
        self = object.__new__(cls)
        self.q, self.R = q, R
        return self

    # arithmetic ---------------------------------------------------------
    def __add__(self, other: Any) -> Any:
        if isinstance(other, (int, Fraction)) and other == 0:
            return self
        if isinstance(other, Surd) and other.R == self.R:
            return Surd(self.q + other.q, self.R)
        return NotImplemented

    __radd__ = __add__

    def __neg__(self) -> "Surd":
        return Surd(-self.q, self.R)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, (int, Fraction)) and other == 0:
            return self
        if isinstance(other, Surd):
            return self + (-other)
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        return (-self).__add__(other)

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, Surd):
            if other.R == self.R:
                return self.q * other.q * self.R
            return Surd(self.q * other.q, self.R * other.R)
        if isinstance(other, (int, Fraction)):
            return Surd(self.q * other, self.R)
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, Surd):
            return self * Surd(1 / (other.q * other.R), other.R)
        if isinstance(other, (int, Fraction)):
            return Surd(self.q / other, self.R)
        return NotImplemented

    def __rtruediv__(self, other: Any) -> Any:
        if isinstance(other, (int, Fraction)):
            return Surd(Fraction(other) / (self.q * self.R), self.R)
        return NotImplemented

    def __pow__(self, k: int) -> Any:
        if k == 2:
            return self.q * self.q * self.R
        if isinstance(k, int) and k >= 0:
            out: Any = Fraction(1)
            for _ in range(k):
                out = out * self
            return out
        return NotImplemented

    def __abs__(self) -> "Surd":
        return Surd(abs(self.q), self.R)

    # order (sign of q√R is the sign of q) ---------------------------------
    def _cmp0(self, other: Any) -> int:
        if isinstance(other, (int, Fraction)) and other == 0:
            return (self.q > 0) - (self.q < 0)
        diff = self - other
        if isinstance(diff, Surd):
            return (diff.q > 0) - (diff.q < 0)
        if isinstance(diff, (int, Fraction)):
            return (diff > 0) - (diff < 0)
        # different radicands: compare squares of the two sides with signs
        a, b = self, other
        sa = (a.q > 0) - (a.q < 0)
        sb = (b > 0) - (b < 0) if not isinstance(b, Surd) else (b.q > 0) - (b.q < 0)
        if sa != sb:
            return (sa > sb) - (sa < sb)
        a2, b2 = a * a, b * b
        c = (a2 > b2) - (a2 < b2)
        return c if sa >= 0 else -c

    def __gt__(self, o: Any) -> bool:
        return self._cmp0(o) > 0

    def __lt__(self, o: Any) -> bool:
        return self._cmp0(o) < 0

    def __ge__(self, o: Any) -> bool:
        return self._cmp0(o) >= 0

    def __le__(self, o: Any) -> bool:
        return self._cmp0(o) <= 0

    def __eq__(self, o: Any) -> bool:
        if isinstance(o, Surd):
            return self.q == o.q and self.R == o.R
        return False  # a Surd is irrational, never equal to a rational

    def __hash__(self) -> int:
        return hash(("surd", self.q, self.R))

    def __float__(self) -> float:
        return float(self.q) * math.sqrt(float(self.R)) if self.R < 1e300 else float(self.q) * math.sqrt(self.R.numerator) / math.sqrt(self.R.denominator)

    def to_sympy(self) -> Any:
        import sympy

        return sympy.Rational(self.q.numerator, self.q.denominator) * sympy.sqrt(sympy.Rational(self.R.numerator, self.R.denominator))

    def __str__(self) -> str:
        return str(self.to_sympy())

    def __repr__(self) -> str:
        return f"Surd({self})"

    def _sympy_(self) -> Any:
        return self.to_sympy()

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: ``sympy.latex(Surd(...))`` prints ``\\frac{3 \\sqrt{2}}{2}``."""
        return printer._print(self.to_sympy())
