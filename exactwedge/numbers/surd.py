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

import functools
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


def _small_primes() -> list[int]:
    """The primes below 1000 (a sieve, once)."""
    if not _PRIMES:
        sieve = bytearray([1]) * 1000
        sieve[:2] = b"\x00\x00"
        for i in range(2, 32):
            if sieve[i]:
                sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
        _PRIMES.extend(i for i in range(1000) if sieve[i])
        _PRIMES_PRODUCT.append(math.prod(_PRIMES))
    return _PRIMES


_PRIMES: list[int] = []
_PRIMES_PRODUCT: list[int] = []


def _small_factors(h: int) -> list[int]:
    """The primes below 1000 that divide h (one gcd with their product, then only those)."""
    _small_primes()
    g = math.gcd(h, _PRIMES_PRODUCT[0])
    return [] if g == 1 else [p for p in _PRIMES if g % p == 0]


def _without_small_primes(h: int) -> int:
    """h without its prime factors below 1000."""
    for p in _small_factors(h):
        while h % p == 0:
            h //= p
    return h


def _hint_roots(h: int) -> tuple[int, ...]:
    """The square-factor hints of one part h of a surd: h without small primes, and its root when a square."""
    h = _without_small_primes(h)
    r = math.isqrt(h)
    return (h, r) if r * r == h else (h,)


def _take_squares(N: int, f: int, hints: Any) -> tuple[int, int]:
    """``(N', f')`` with ``N·f² = N'·f'²``: the squares u² of every hint u that divides N taken out (gcds, no factoring)."""
    for u in hints:
        u = math.gcd(N, u)
        while u > 1:
            if N % (u * u):
                u = math.gcd(u, N // u)  # the part of u that divides N twice
                continue
            N //= u * u
            f *= u
            u = math.gcd(N, u)
    return N, f


@functools.lru_cache(maxsize=4096)
def _reduced_radicand(R: Fraction) -> tuple[Fraction, int]:
    """``(c, N)`` with ``√R = c·√N`` (:meth:`Surd.reduced` of ``√R``), once per R: every surd of a neuron shares it."""
    N, f = R.numerator * R.denominator, 1  # √(a/b) = √(ab)/b
    for p in _small_factors(N):
        pp = p * p
        while N % pp == 0:
            N //= pp
            f *= p
    # square factors that R's parts show (when their large part is a perfect square): by gcds and isqrt
    N, f = _take_squares(N, f, (u for h in sorted({R.numerator, R.denominator} - {1}) for u in _hint_roots(h)))
    return Fraction(f, R.denominator), N


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

    def reduced(self) -> tuple[Fraction, int]:
        """``(c, N)`` with ``self = c·√N``: N an integer with no square factor p² for primes p < 1000.

        Square factors are taken out by trial division by those primes, then
        by gcds with the parts of q and R (a square factor the representation
        shows, such as q = 6229); nothing is factored, so a large square
        factor hidden in R alone stays under the root. Printing and LaTeX use it.

        >>> Surd(Fraction(1), Fraction(8)).reduced(), Surd(Fraction(3), Fraction(2, 9)).reduced()
        ((Fraction(2, 1), 2), (Fraction(1, 1), 2))
        >>> Surd(Fraction(-1, 2), Fraction(3, 5)).reduced()  # -√15/10
        (Fraction(-1, 10), 15)
        """
        c, N = _reduced_radicand(self.R)
        # a large prime of q may show a square factor that R's own parts hide (q = p, R = 2p³)
        hints = (u for h in sorted({abs(self.q.numerator), self.q.denominator} - {1}) for u in _hint_roots(h))
        N, f = _take_squares(N, 1, hints)
        return self.q * c * f, N

    def to_sympy(self) -> Any:
        """The SymPy number ``c·sqrt(N)`` (:meth:`reduced`); a radicand past 2⁶⁴ stays unevaluated (no factoring)."""
        import sympy

        c, N = self.reduced()
        coef = sympy.Rational(c.numerator, c.denominator)
        if N < 2**64:
            return coef * sympy.sqrt(N)
        root = sympy.Pow(sympy.Integer(N), sympy.S.Half, evaluate=False)  # SymPy would factor N again
        return root if c == 1 else sympy.Mul(coef, root, evaluate=False)

    def __str__(self) -> str:
        """SymPy's form ``a*sqrt(N)/b`` of :meth:`reduced`, without SymPy (no factoring).

        >>> str(Surd(Fraction(-3, 4), Fraction(2))), str(Surd(Fraction(1), Fraction(1, 3)))
        ('-3*sqrt(2)/4', 'sqrt(3)/3')
        """
        c, N = self.reduced()
        a, b = c.numerator, c.denominator
        head = f"sqrt({N})" if abs(a) == 1 else f"{abs(a)}*sqrt({N})"
        return ("-" if a < 0 else "") + head + (f"/{b}" if b != 1 else "")

    def __repr__(self) -> str:
        return f"Surd({self})"

    def _sympy_(self) -> Any:
        return self.to_sympy()

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: ``sympy.latex(Surd(...))`` prints ``\\frac{3 \\sqrt{2}}{2}``.

        A radicand past 2⁶⁴ is laid out here as SymPy would (``fold_short_frac``
        honoured) instead of through SymPy, which would factor it.
        """
        c, N = self.reduced()
        if N < 2**64:
            return printer._print(self.to_sympy())
        a, b = abs(c.numerator), c.denominator
        top = rf"\sqrt{{{N}}}" if a == 1 else rf"{a} \sqrt{{{N}}}"
        if b == 1:
            body = top
        elif getattr(printer, "_settings", {}).get("fold_short_frac"):
            body = rf"{top} / {b}"
        else:
            body = rf"\frac{{{top}}}{{{b}}}"
        return ("- " if c < 0 else "") + body
