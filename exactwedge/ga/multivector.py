r"""Multivectors of mixed grade in :math:`\mathbb R^d` and the geometric product, exactly.

A :class:`MultiVector` is a sum of basis blades :math:`e_{i_1}e_{i_2}\cdots e_{i_k}`
(``i_1 < … < i_k``, 1-based as in :class:`~exactwedge.ga.Blade`) with exact
coefficients: ints and Fractions stay Fractions, SymPy symbols stay symbolic.
The signature is Euclidean, :math:`e_i e_i = 1`, :math:`e_i e_j = -e_j e_i`.
The operators follow kingdon's meanings (``docs/conventions.md``):

==========  =====================================================================
``a * b``   geometric product
``a ^ b``   outer (wedge) product
``a | b``   symmetric inner product: the grade :math:`|k-l|` part of each
            :math:`\langle a\rangle_k\langle b\rangle_l` (kingdon's ``|``, ``ip``)
``a << b``  left contraction :math:`a\rfloor b` (clifford's ``<<``; galgebra ``<``)
``a >> b``  sandwich :math:`(-1)^{kl}\,a\,\langle b\rangle_l\,a^{-1}` by a versor
            ``a`` of parity k (kingdon's ``>>``, with the exact inverse, so ``a``
            needs no normalization)
``~a``      reverse; ``a.involute()`` grade involution; ``a[k]`` grade projection
==========  =====================================================================

>>> from exactwedge import Vector
>>> a, b = MultiVector(Vector(1, 2)), MultiVector(Vector(3, 4))
>>> a * b
MultiVector(11 - 2*e12, dim=2)
>>> a * b == (a | b) + (a ^ b)
True
>>> (a * b).inv() * (a * b)
MultiVector(1, dim=2)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from ..exceptions import DimensionError, InvalidInputError, NotInvertibleError, TooLargeError
from ..numbers import as_vector, exact, is_symbolic
from ..numbers.display import latex_display
from ..numbers.latex import join_signed, latex_coefficient, latex_join_terms, latex_number, latex_printer
from ..numbers.multivectors import multivector_library
from ._basis import blade_key, blade_mask_sign as _sign, combos, mask_grade as _grade, mask_indices as _indices

__all__ = ["MultiVector"]

#: Reads a clifford, kingdon or galgebra multivector (every grade); registered by
#: :mod:`exactwedge.ga` (it is :func:`exactwedge.ga.interop.multivector_from`, which imports this module).
_FOREIGN_READER: Callable[[Any], "MultiVector"] | None = None

#: The largest dimension of an algebra built here (2**12 = 4096 basis blades).
MAX_DIM = 12


def _norm(c: Any) -> Any:
    """A coefficient in canonical form: SymPy expressions cancelled and expanded, SymPy rationals as Fractions."""
    if is_symbolic(c):
        import sympy

        if c.free_symbols:
            c = sympy.expand(c) if c.is_polynomial(*c.free_symbols) else sympy.cancel(sympy.together(c))
        else:  # an algebraic number (a surd from rotor): denominators rationalized, so zero reads as 0
            c = sympy.expand(sympy.radsimp(c))
        if isinstance(c, sympy.Rational):
            return Fraction(int(c.p), int(c.q))
    elif isinstance(c, int):
        return Fraction(c)
    return c


def _is_zero(c: Any) -> bool:
    return c == 0


def _check_dim(dim: Any) -> int:
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 0:
        raise DimensionError(f"the dimension of a space is an integer >= 0, got {dim!r}")
    if dim > MAX_DIM:
        raise TooLargeError(f"a multivector of R^{dim} has 2^{dim} = {2 ** dim} coefficients (limit R^{MAX_DIM})")
    return dim


class MultiVector:
    """An element of the geometric algebra of Euclidean R^d, with exact coefficients.

    Parameters
    ----------
    value : dict, Blade, Vector, MultiVector, scalar, sequence, or a clifford, kingdon or galgebra multivector
        A dict maps basis blades to coefficients; a key is a bitmask (bit j is
        :math:`e_{j+1}`, ``0`` the scalar) or a tuple of 1-based indices in any
        order (``(2, 1)`` is :math:`e_2e_1 = -e_1e_2`, ``()`` the scalar). A
        sequence of numbers is a vector. Foreign multivectors are read by
        :func:`exactwedge.ga.interop.multivectors.from_library` (all grades).
    dim : int, optional
        Required for a dict or a scalar; otherwise taken from ``value``.

    Examples
    --------
    >>> MultiVector({(): 1, (2, 1): "1/2", 0b101: 3}, dim=3)
    MultiVector(1 - 1/2*e12 + 3*e13, dim=3)
    >>> MultiVector([1, 2]) + 5
    MultiVector(5 + e1 + 2*e2, dim=2)
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> (MultiVector([x, 1]) * MultiVector([1, x]))
    MultiVector(2*x + (x**2 - 1)*e12, dim=2)
    """

    __slots__ = ("dim", "terms")
    __array_ufunc__ = None

    def __init__(self, value: Any = 0, dim: int | None = None):
        if isinstance(value, MultiVector):
            d, terms = value.dim, dict(value.terms)
        elif getattr(type(value), "__exactwedge_blade__", False):
            d = value.dim
            terms = {sum(1 << i for i in c): exact(v) for c, v in zip(combos(d, value.grade), value.coefficients)}
        elif isinstance(value, dict):
            if dim is None:
                raise DimensionError("a MultiVector from a dict needs dim= (the dimension of the space)")
            d, terms = _check_dim(dim), {}
            for key, c in value.items():
                mask, s = blade_key(key, d)
                terms[mask] = terms.get(mask, 0) + (exact(c) if s > 0 else -exact(c))
        elif multivector_library(value):
            if _FOREIGN_READER is None:  # pragma: no cover - exactwedge.ga registers it on import
                raise InvalidInputError("read it with exactwedge.ga.interop.multivector_from(mv)")
            read = _FOREIGN_READER(value)
            d, terms = read.dim, dict(read.terms)
        elif isinstance(value, (str, int, Fraction)) or is_symbolic(value) and not hasattr(value, "shape") \
                or not hasattr(value, "__iter__"):
            if dim is None:
                raise DimensionError("a scalar has no dimension of its own: pass dim=")
            d, terms = _check_dim(dim), {0: exact(value)}
        else:
            coords = as_vector(value)
            d, terms = len(coords), {1 << i: c for i, c in enumerate(coords)}
        if dim is not None and dim != d:
            raise DimensionError(f"the value lives in R^{d}, but dim={dim}")
        _check_dim(d)
        object.__setattr__(self, "dim", d)
        object.__setattr__(self, "terms", _canonical(terms))

    @classmethod
    def _make(cls, dim: int, terms: dict) -> "MultiVector":
        obj = object.__new__(cls)
        object.__setattr__(obj, "dim", dim)
        object.__setattr__(obj, "terms", _canonical(terms))
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("MultiVector is immutable")

    def __reduce__(self) -> tuple:
        return (MultiVector._make, (self.dim, dict(self.terms)))

    # ------------------------------------------------------------ queries
    @property
    def grades(self) -> tuple[int, ...]:
        """The grades with a nonzero part.

        >>> MultiVector({0: 1, 0b11: 2}, dim=2).grades
        (0, 2)
        """
        return tuple(sorted({_grade(m) for m, _ in self.terms}))

    @property
    def coords(self) -> dict:
        """Nonzero coefficients as ``{(i1, ..., ik): value}`` (1-based, sorted; ``()`` is the scalar).

        >>> MultiVector({(2, 1): 3}, dim=2).coords
        {(1, 2): Fraction(-3, 1)}
        """
        return {_indices(m): c for m, c in self.terms}

    def coefficient(self, *indices: int) -> Any:
        """The coefficient on :math:`e_{i_1}\\cdots e_{i_k}` (any order, with its sign).

        >>> MultiVector({(1, 2): 3}, dim=2).coefficient(2, 1)
        Fraction(-3, 1)
        """
        mask, s = blade_key(tuple(indices), self.dim)
        c = dict(self.terms).get(mask, Fraction(0))
        return c if s > 0 else -c

    @property
    def scalar(self) -> Any:
        """The grade-0 coefficient.

        >>> (MultiVector([1, 2]) * MultiVector([3, 4])).scalar
        Fraction(11, 1)
        """
        return dict(self.terms).get(0, Fraction(0))

    def is_zero(self) -> bool:
        """True for the zero multivector.

        >>> (MultiVector([1, 2]) ^ MultiVector([2, 4])).is_zero()
        True
        """
        return not self.terms

    def grade(self, *k: int) -> "MultiVector":
        """The part of grade k (several grades: their sum); also ``a[k]``.

        >>> m = MultiVector({0: 1, 1: 2, 0b11: 3}, dim=2)
        >>> m.grade(1), m[0, 2]
        (MultiVector(2*e1, dim=2), MultiVector(1 + 3*e12, dim=2))
        """
        for g in k:
            if isinstance(g, bool) or not isinstance(g, int) or not 0 <= g <= self.dim:
                raise DimensionError(f"a grade of R^{self.dim} is an integer in 0..{self.dim}, got {g!r}")
        return MultiVector._make(self.dim, {m: c for m, c in self.terms if _grade(m) in k})

    def __getitem__(self, k: Any) -> "MultiVector":
        return self.grade(*k) if isinstance(k, tuple) else self.grade(k)

    def _signed(self, flip: Callable[[int], bool]) -> "MultiVector":
        return MultiVector._make(self.dim, {m: -c if flip(_grade(m)) else c for m, c in self.terms})

    def reverse(self) -> "MultiVector":
        r"""The reverse :math:`\tilde a`: grade k times :math:`(-1)^{k(k-1)/2}`; also ``~a``.

        >>> ~MultiVector({0: 1, 1: 1, 0b11: 1}, dim=2)
        MultiVector(1 + e1 - e12, dim=2)
        """
        return self._signed(lambda k: k * (k - 1) // 2 % 2 == 1)

    __invert__ = reverse

    def involute(self) -> "MultiVector":
        r"""The grade involution :math:`\hat a`: grade k times :math:`(-1)^k`.

        >>> MultiVector({0: 1, 1: 1, 0b11: 1}, dim=2).involute()
        MultiVector(1 - e1 + e12, dim=2)
        """
        return self._signed(lambda k: k % 2 == 1)

    def conjugate(self) -> "MultiVector":
        r"""The Clifford conjugate :math:`\bar a = \hat{\tilde a}`: grade k times :math:`(-1)^{k(k+1)/2}`.

        >>> MultiVector({0: 1, 1: 1, 0b11: 1}, dim=2).conjugate()
        MultiVector(1 - e1 - e12, dim=2)
        """
        return self._signed(lambda k: k * (k + 1) // 2 % 2 == 1)

    def normsq(self) -> Any:
        r"""The scalar :math:`\langle a\tilde a\rangle_0`, the sum of the squared coefficients.

        >>> MultiVector({0: 1, 1: 2, 0b11: 2}, dim=2).normsq()
        Fraction(9, 1)
        """
        return _norm(sum((c * c for _, c in self.terms), Fraction(0)))

    def inv(self) -> "MultiVector":
        r"""The inverse :math:`a^{-1} = \tilde a / (a\tilde a)`, exact, when :math:`a\tilde a` is a nonzero scalar.

        That holds for every versor (a product of invertible vectors) and
        every nonzero blade; then :math:`a a^{-1} = a^{-1}a = 1`.

        Raises
        ------
        NotInvertibleError
            When :math:`a\tilde a` is zero or not a scalar (general inversion is not provided).

        Examples
        --------
        >>> v = MultiVector([3, 4])
        >>> v.inv()
        MultiVector(3/25*e1 + 4/25*e2, dim=2)
        >>> MultiVector({0: 1, 1: 1}, dim=2).inv()
        Traceback (most recent call last):
        ...
        exactwedge.exceptions.NotInvertibleError: a ~a = 2*e1 + 2 is not a nonzero scalar: 1 + e1 is not a versor, and only versors (and blades) are inverted here
        """
        rev = self.reverse()
        n = self * rev
        if n.is_zero() or n.grades != (0,):
            raise NotInvertibleError(
                f"a ~a = {n._text(reverse=True)} is not a nonzero scalar: {self._text()} is not a versor, "
                "and only versors (and blades) are inverted here")
        return rev / n.scalar

    def is_versor(self) -> bool:
        r"""True when ``a`` is a versor: one parity, :math:`a\tilde a` a nonzero scalar, and
        :math:`\hat a\, e_i\, a^{-1}` a vector for every basis vector (the versor test of Dorst et al.).

        >>> r = MultiVector([1, 2]) * MultiVector([3, 1])
        >>> r.is_versor(), MultiVector({0: 1, 1: 1}, dim=2).is_versor()
        (True, False)
        """
        if self.is_zero() or len({g % 2 for g in self.grades}) != 1:
            return False
        n = self * self.reverse()
        if n.grades != (0,):
            return False
        inv, hat = self.inv(), self.involute()
        return all((hat * MultiVector._make(self.dim, {1 << i: Fraction(1)}) * inv).grades in ((1,), ())
                   for i in range(self.dim))

    # ------------------------------------------------------------ products
    def _coerce(self, other: Any) -> "MultiVector | None":
        if isinstance(other, MultiVector):
            if other.dim != self.dim:
                raise DimensionError(f"multivectors of R^{self.dim} and R^{other.dim} do not combine")
            return other
        if getattr(type(other), "__exactwedge_blade__", False) or multivector_library(other):
            return self._coerce(MultiVector(other))
        if isinstance(other, (int, Fraction, str)) or is_symbolic(other) and not hasattr(other, "shape"):
            return MultiVector._make(self.dim, {0: exact(other)})
        if isinstance(other, float) or type(other).__module__ == "numpy":
            exact(other)  # raises the typed error for floats
        return None

    def _product(self, other: Any, keep: Callable[[int, int, int], bool], swap: bool = False) -> Any:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        a, b = (o, self) if swap else (self, o)
        out: dict[int, Any] = {}
        for ma, ca in a.terms:
            ga = _grade(ma)
            for mb, cb in b.terms:
                m = ma ^ mb
                if not keep(ga, _grade(mb), _grade(m)):
                    continue
                t = ca * cb
                out[m] = out.get(m, 0) + (t if _sign(ma, mb) > 0 else -t)
        return MultiVector._make(self.dim, out)

    def __mul__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: True)

    def __rmul__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: True, swap=True)

    def __xor__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == k + l)

    def __rxor__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == k + l, swap=True)

    def __or__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == abs(k - l))

    def __ror__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == abs(k - l), swap=True)

    def __lshift__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == l - k)

    def __rlshift__(self, other: Any) -> Any:
        return self._product(other, lambda k, l, g: g == l - k, swap=True)

    def ip(self, other: Any) -> "MultiVector":
        """The symmetric inner product ``a | b`` (kingdon's ``ip``).

        >>> MultiVector([1, 2]).ip(MultiVector({0b11: 1}, dim=2))
        MultiVector(-2*e1 + e2, dim=2)
        """
        return self | other

    def lc(self, other: Any) -> "MultiVector":
        r"""The left contraction :math:`a\rfloor b` (``a << b``): the grade l−k part of each product of grades k ≤ l.

        >>> MultiVector({0b11: 1}, dim=2).lc(MultiVector([1, 2]))
        MultiVector(0, dim=2)
        """
        return self << other

    def rc(self, other: Any) -> "MultiVector":
        r"""The right contraction :math:`a\lfloor b`: the grade k−l part of each product of grades k ≥ l.

        >>> MultiVector({0b11: 1}, dim=2).rc(MultiVector([1, 2]))
        MultiVector(2*e1 - e2, dim=2)
        """
        return self._product(other, lambda k, l, g: g == k - l)

    def hestenes(self, other: Any) -> "MultiVector":
        r"""The Hestenes inner product (galgebra's ``|``): as ``a | b`` but zero when either grade is 0.

        >>> MultiVector([1, 2]).hestenes(3 + MultiVector([1, 1]))
        MultiVector(3, dim=2)
        """
        return self._product(other, lambda k, l, g: k > 0 and l > 0 and g == abs(k - l))

    def sp(self, other: Any) -> Any:
        r"""The scalar product :math:`\langle a b\rangle_0`, a number.

        >>> MultiVector([1, 2]).sp(MultiVector([3, 4]))
        Fraction(11, 1)
        """
        return self._product(other, lambda k, l, g: g == 0).scalar

    def sandwich(self, x: Any) -> "MultiVector":
        r"""The versor ``a`` applied to ``x``: :math:`\sum_l (-1)^{kl}\, a\,\langle x\rangle_l\, a^{-1}` (``a >> x``).

        k is the parity of ``a``. With a vector ``n``, ``n >> x`` reflects a vector
        ``x`` in the hyperplane :math:`n^\perp`: :math:`-n x n^{-1}`. ``a`` need not
        be normalized: the inverse is exact.

        Raises
        ------
        InvalidInputError
            When ``a`` is not a versor (:meth:`is_versor`).

        Examples
        --------
        >>> MultiVector([1, 0]) >> MultiVector([3, 4])
        MultiVector(-3*e1 + 4*e2, dim=2)
        """
        o = self._coerce(x)
        if o is None:
            raise InvalidInputError(f"cannot apply a versor to {type(x).__name__}")
        if not self.is_versor():
            raise InvalidInputError(f"{self._text()} is not a versor: the sandwich a x a^-1 needs one")
        k, inv = self.grades[0] % 2, self.inv()
        out = MultiVector(0, self.dim)
        for l in o.grades:
            part = self * o.grade(l) * inv
            out = out + (-part if k * l % 2 else part)
        return out

    def __rshift__(self, other: Any) -> "MultiVector":
        return self.sandwich(other)

    # ------------------------------------------------------------ linear structure
    def __add__(self, other: Any) -> Any:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        out = dict(self.terms)
        for m, c in o.terms:
            out[m] = out.get(m, 0) + c
        return MultiVector._make(self.dim, out)

    __radd__ = __add__

    def __neg__(self) -> "MultiVector":
        return MultiVector._make(self.dim, {m: -c for m, c in self.terms})

    def __pos__(self) -> "MultiVector":
        return self

    def __sub__(self, other: Any) -> Any:
        o = self._coerce(other)
        return NotImplemented if o is None else self + (-o)

    def __rsub__(self, other: Any) -> Any:
        o = self._coerce(other)
        return NotImplemented if o is None else o + (-self)

    def __truediv__(self, other: Any) -> Any:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        if o.grades in ((0,), ()):
            s = o.scalar
            if s == 0:
                raise ZeroDivisionError("division of a multivector by zero")
            return MultiVector._make(self.dim, {m: c / s for m, c in self.terms})
        return self * o.inv()

    def __rtruediv__(self, other: Any) -> Any:
        o = self._coerce(other)
        return NotImplemented if o is None else o * self.inv()

    def __eq__(self, other: Any) -> bool:
        try:
            o = self._coerce(other)
        except (DimensionError, InvalidInputError, TypeError):
            return False
        if o is None:
            return NotImplemented
        return o.dim == self.dim and (self - o).is_zero()

    def __hash__(self) -> int:
        """Equal to the hash of the equal number (a scalar) or the equal nonzero :class:`Blade`.

        >>> m = MultiVector({(1,): 2}, dim=2)
        >>> hash(m) == hash(MultiVector({1: Fraction(2)}, dim=2)) and m == 2 * MultiVector([1, 0])
        True
        """
        grades = self.grades
        if grades in ((0,), ()):
            return hash(self.scalar)
        if len(grades) == 1:
            k = grades[0]
            coeffs = dict(self.terms)
            return hash((self.dim, k, tuple(coeffs.get(sum(1 << i for i in c), Fraction(0))
                                            for c in combos(self.dim, k))))
        return hash((self.dim, self.terms))

    # ------------------------------------------------------------ printing
    def _text(self, reverse: bool = False) -> str:
        items = list(reversed(self.terms)) if reverse else list(self.terms)
        parts = []
        for m, c in items:
            s = str(c)
            if is_symbolic(c) and (c.is_Add or s.startswith("-") and " " in s):
                s = f"({s})"
            if m == 0:
                parts.append(s)
                continue
            name = "e" + "".join(str(i) for i in _indices(m)) if self.dim < 10 else \
                "e" + ",".join(str(i) for i in _indices(m))
            parts.append(name if c == 1 else "-" + name if c == -1 else f"{s}*{name}")
        return join_signed(parts)

    def __repr__(self) -> str:
        return f"MultiVector({self._text()}, dim={self.dim})"

    def __str__(self) -> str:
        """The sum of basis blades.

        >>> print(MultiVector({0: 1, 0b11: "-1/2"}, dim=2))
        1 - 1/2*e12
        """
        return self._text()

    def _latex(self, printer: Any = None) -> str:
        r"""SymPy's printing protocol: ``sympy.latex(mv)``.

        >>> import sympy
        >>> sympy.latex(MultiVector({0: 1, 0b11: "-1/2", 0b1: sympy.Symbol("a")}, dim=2))
        '1 + a\\, e_{1} - \\frac{1}{2}\\, e_{1}\\wedge e_{2}'
        """
        from .latex import _basis_name

        p = latex_printer(printer)
        terms = []
        for m, c in self.terms:
            if m == 0:
                text = latex_number(-c if _negative(c) else c, p)
                terms.append((rf"\left({text}\right)" if getattr(c, "is_Add", False) else text, _negative(c)))
                continue
            coef, neg = latex_coefficient(c, p, False)
            name = _basis_name(_indices(m), self.dim, False)
            terms.append((f"{coef}\\, {name}" if coef else name, neg))
        return latex_join_terms(terms)

    def _repr_latex_(self) -> str:
        r"""Jupyter's LaTeX display: :meth:`_latex` in ``$…$``.

        >>> print(MultiVector({0: 2, 0b11: 1}, dim=2)._repr_latex_())
        $2 + e_{1}\wedge e_{2}$
        """
        return latex_display(self._latex(None))


def _negative(c: Any) -> bool:
    return latex_coefficient(c, None, False)[1]


def _canonical(terms: dict) -> tuple:
    """Nonzero terms in canonical form, ordered by grade, then lexicographically."""
    out = []
    for m, c in terms.items():
        c = _norm(c)
        if not _is_zero(c):
            out.append((m, c))
    out.sort(key=lambda mc: (_grade(mc[0]), _indices(mc[0])))
    return tuple(out)

