r"""Exact quadratic surds :math:`q\sqrt{R}` (q, R rational, R ≥ 0), and the package's one square root.

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

Every square root in exactwedge is taken by :func:`sqrt_exact`: a rational
radicand gives a ``Fraction`` or a :class:`Surd` (:func:`sqrt_rational`), a
symbolic one (SymPy) a SymPy root. Where a result must be a SymPy expression
(sums of unlike surds, documented SymPy outputs), :func:`to_sympy` converts.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ..exceptions import InvalidInputError, NonExactInputError

__all__ = ["Surd", "sqrt_rational", "sqrt_exact", "to_sympy"]


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


def _is_sympy(x: Any) -> bool:
    return type(x).__module__.startswith("sympy")


def sqrt_exact(x: Any) -> Any:
    """√x exactly, the package's one square root.

    A rational x (int or Fraction) gives :func:`sqrt_rational` (x): a
    ``Fraction`` when x is a rational square, else a :class:`Surd`. A SymPy
    x (symbols allowed, as in :mod:`exactwedge.ga`) gives SymPy's ``sqrt(x)``;
    so does a :class:`Surd` (its root is a fourth root).

    >>> import sympy
    >>> sqrt_exact(Fraction(9, 4)), sqrt_exact(8)
    (Fraction(3, 2), Surd(2*sqrt(2)))
    >>> a = sympy.Symbol("a", positive=True)
    >>> sqrt_exact(4 * a**2), sqrt_exact(sympy.Integer(2))
    (2*a, sqrt(2))
    """
    if isinstance(x, bool) or isinstance(x, float):
        raise NonExactInputError(f"sqrt_exact needs an exact number, got {x!r}")
    if isinstance(x, (int, Fraction)):
        if x < 0:
            raise InvalidInputError(f"the square root of the negative number {x} is not real")
        return sqrt_rational(x)
    if isinstance(x, Surd) or _is_sympy(x):
        import sympy

        return sympy.sqrt(to_sympy(x))
    raise InvalidInputError(f"sqrt_exact needs an int, a Fraction, a Surd or a SymPy expression, got {type(x).__name__}")


def to_sympy(x: Any) -> Any:
    """An exact number as SymPy: ints and Fractions as Rationals, a :class:`Surd` as ``q*sqrt(R)``.

    SymPy expressions come back unchanged.

    >>> to_sympy(Fraction(-3, 4)), to_sympy(Surd(Fraction(1, 2), Fraction(8))), to_sympy(7)
    (-3/4, sqrt(2), 7)
    """
    import sympy

    if isinstance(x, bool) or isinstance(x, float):
        raise NonExactInputError(f"to_sympy needs an exact number, got {x!r}")
    if isinstance(x, int):
        return sympy.Integer(x)
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, Surd):
        return x.to_sympy()
    if isinstance(x, sympy.Basic):
        return x
    raise InvalidInputError(f"to_sympy needs an exact number, got {type(x).__name__}")


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

    # order and equality (the sign of q√R is the sign of q) -----------------
    def _cmp(self, other: Any) -> Any:
        """The sign of ``self - other`` (-1, 0 or 1) for a rational or a Surd; else NotImplemented.

        Exact: compare the signs, then the squares :math:`q^2R`.
        """
        if isinstance(other, Surd):
            sb, b2 = (other.q > 0) - (other.q < 0), other.q * other.q * other.R
        elif isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            sb, b2 = (other > 0) - (other < 0), Fraction(other) * other
        else:
            return NotImplemented
        sa, a2 = (self.q > 0) - (self.q < 0), self.q * self.q * self.R
        if sa != sb:
            return (sa > sb) - (sa < sb)
        c = (a2 > b2) - (a2 < b2)
        return c if sa >= 0 else -c

    def __gt__(self, o: Any) -> Any:
        c = self._cmp(o)
        return c if c is NotImplemented else c > 0

    def __lt__(self, o: Any) -> Any:
        c = self._cmp(o)
        return c if c is NotImplemented else c < 0

    def __ge__(self, o: Any) -> Any:
        c = self._cmp(o)
        return c if c is NotImplemented else c >= 0

    def __le__(self, o: Any) -> Any:
        c = self._cmp(o)
        return c if c is NotImplemented else c <= 0

    def __eq__(self, o: Any) -> Any:
        """Equal values: ``Surd(1, 8) == Surd(2, 2)``; a rational never equals a Surd; SymPy numbers compare as SymPy."""
        if _is_sympy(o):
            return self.to_sympy() == o
        c = self._cmp(o)
        return c if c is NotImplemented else c == 0

    def __hash__(self) -> int:
        return hash(("surd", self.q > 0, self.q * self.q * self.R))

    def __float__(self) -> float:
        return float(self.q) * math.sqrt(float(self.R)) if self.R < 1e300 else float(self.q) * math.sqrt(self.R.numerator) / math.sqrt(self.R.denominator)

    def to_sympy(self) -> Any:
        import sympy

        return sympy.Rational(self.q.numerator, self.q.denominator) * sympy.sqrt(sympy.Rational(self.R.numerator, self.R.denominator))

    def __str__(self) -> str:
        if max(self.R.numerator, self.R.denominator).bit_length() > 2000:
            # SymPy's sqrt factors its radicand (a primality test on thousands of digits: minutes)
            from .policy import format_exact

            return f"{format_exact(self.q)}*sqrt({format_exact(self.R)})"
        return str(self.to_sympy())

    def __repr__(self) -> str:
        return f"Surd({self})"

    def _sympy_(self) -> Any:
        return self.to_sympy()

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: ``sympy.latex(Surd(...))`` prints ``\\frac{3 \\sqrt{2}}{2}``."""
        return printer._print(self.to_sympy())
