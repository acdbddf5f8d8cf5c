r"""Blades (k-vectors) of R^d with exact coefficients, and the wedge product.

A :class:`Blade` of grade ``k`` in ``R^d`` stores one coefficient per sorted
basis blade :math:`e_{i_1}\wedge\dots\wedge e_{i_k}` (``i_1 < … < i_k``,
1-based in every name and key, as in the papers). The wedge of vectors has
the k×k minors as its coordinates:

.. math::

    (v_1\wedge\dots\wedge v_k)_{i_1\dots i_k} = \det\,[v_1 \dots v_k]_{\{i_1..i_k\},:}

and two k-vectors meet in the Gram-determinant inner product
:math:`\langle v_1\wedge\dots\wedge v_k, u_1\wedge\dots\wedge u_k\rangle = \det(v_i\cdot u_j)`,
so :math:`\lVert B\rVert^2` is the sum of the squared minors (Cauchy–Binet).

>>> from exactwedge import wedge, Vector
>>> B = wedge([1, 0, 0], [0, 2, 1])
>>> B
Blade(2*e12 + e13, dim=3)
>>> B.norm2
Fraction(5, 1)
>>> Vector(1, 0, 0) ^ Vector(0, 2, 1) == B
True
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable, Iterator

from ..exceptions import DimensionError, InvalidInputError, NonExactInputError, TooLargeError
from ..numbers import as_vector, exact, is_symbolic
from ..numbers.multivectors import multivector_library, read_multivector
from ._basis import (
    MAX_BLADE_COEFFICIENTS,
    combo_index,
    combos,
    complement_table,
    merge_table,
)
from ..numbers.display import latex_display
from ..numbers.latex import join_signed
from .latex import blade_latex, vector_latex
from .multivector import MultiVector

__all__ = ["Blade", "Vector", "wedge", "basis_blade", "pseudoscalar"]


def _simplify(c: Any) -> Any:
    if is_symbolic(c):
        import sympy

        c = sympy.expand(c)
        if isinstance(c, sympy.Rational):
            return Fraction(int(c.p), int(c.q))
    return c


def _not_a_blade(other: Any, op: str) -> Exception | None:
    """The typed error for a numpy array met in a blade operation (None for anything else)."""
    if type(other).__module__ != "numpy" or type(other).__name__ != "ndarray":
        return None
    if other.dtype.kind in "fc":
        return NonExactInputError(
            f"a numpy float array in blade {op}: exact input is required; convert it on purpose with "
            "exactwedge.from_float(array) and build a Vector"
        )
    return InvalidInputError(f"a numpy array is not a blade: build Vector(*array) for blade {op}")


def _check_dim(dim: Any) -> int:
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 0:
        raise DimensionError(f"the dimension of a space is an integer >= 0, got {dim!r}")
    return dim


def _coef_text(c: Any) -> str:
    s = str(c)
    if is_symbolic(c) and (c.is_Add or s.startswith("-") and " " in s):
        return f"({s})"
    return s


class Blade:
    """A homogeneous k-vector of R^d with exact coefficients.

    Build one with :func:`wedge`, :func:`basis_blade` or
    :meth:`Blade.from_coords`; vectors are :class:`Vector`.

    Attributes
    ----------
    dim : int
        The dimension d of the space.
    grade : int
        The grade k.
    coefficients : tuple
        One exact coefficient per sorted basis blade, in lexicographic order of
        the index sets (see :meth:`basis`).
    """

    __slots__ = ("dim", "grade", "coefficients")
    #: Marker read by :func:`exactwedge.numbers.as_vector`, which sits below ``ga``.
    __exactwedge_blade__ = True
    #: numpy defers every operator to ours (which refuse floats) instead of broadcasting a blade into a float array.
    __array_ufunc__ = None

    def __init__(self, dim: int, grade: int, coefficients: Iterable[Any]):
        if not isinstance(dim, int) or dim < 0 or not isinstance(grade, int) or not 0 <= grade <= dim:
            raise DimensionError(f"a blade needs 0 <= grade <= dim, got grade {grade!r} in dim {dim!r}")
        coeffs = tuple(_simplify(exact(c)) for c in coefficients)
        expected = math.comb(dim, grade)
        if len(coeffs) != expected:
            raise DimensionError(
                f"a grade-{grade} blade in R^{dim} has {expected} coefficients, got {len(coeffs)}"
            )
        object.__setattr__(self, "dim", dim)
        object.__setattr__(self, "grade", grade)
        object.__setattr__(self, "coefficients", coeffs)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Blade is immutable")

    def __reduce__(self) -> tuple:
        return (Blade._raw, (self.dim, self.grade, self.coefficients))

    # ------------------------------------------------------------ construction
    @classmethod
    def _raw(cls, dim: int, grade: int, coefficients: tuple) -> "Blade":
        obj = object.__new__(Vector if grade == 1 else Blade)
        object.__setattr__(obj, "dim", dim)
        object.__setattr__(obj, "grade", grade)
        object.__setattr__(obj, "coefficients", tuple(_simplify(c) for c in coefficients))
        return obj

    @classmethod
    def from_coords(cls, dim: int, coords: dict) -> "Blade":
        """Build a k-vector from ``{(i1, ..., ik): coefficient}`` with 1-based indices.

        Keys need not be sorted: ``(2, 1)`` is ``-(1, 2)``.

        >>> Blade.from_coords(3, {(1, 2): 3, (2, 3): "-1/2"})
        Blade(3*e12 - 1/2*e23, dim=3)
        """
        from ._basis import perm_sign

        _check_dim(dim)
        if not coords:
            raise InvalidInputError("from_coords needs at least one coefficient to know the grade")
        grades = {len(k) for k in coords}
        if len(grades) != 1:
            raise DimensionError(f"all keys must have one grade, got grades {sorted(grades)}")
        k = grades.pop()
        index = combo_index(dim, k)
        vals = [Fraction(0)] * math.comb(dim, k)
        for key, c in coords.items():
            if any(not isinstance(i, int) or not 1 <= i <= dim for i in key):
                raise DimensionError(f"basis indices must be in 1..{dim}, got {key}")
            s = perm_sign([i - 1 for i in key])
            if s == 0:
                raise DimensionError(f"repeated basis index in {key}")
            pos = index[tuple(sorted(i - 1 for i in key))]
            vals[pos] = vals[pos] + s * exact(c)
        return cls._raw(dim, k, tuple(vals))

    @staticmethod
    def basis(dim: int, grade: int) -> list[tuple[int, ...]]:
        """The 1-based index sets of the basis blades, in coefficient order.

        >>> Blade.basis(3, 2)
        [(1, 2), (1, 3), (2, 3)]
        """
        return [tuple(i + 1 for i in c) for c in combos(dim, grade)]

    # ------------------------------------------------------------ queries
    @property
    def coords(self) -> dict:
        """Nonzero coefficients as ``{(i1, ..., ik): value}`` with 1-based indices.

        >>> wedge([1, 2], [3, 4]).coords
        {(1, 2): Fraction(-2, 1)}
        """
        return {tuple(i + 1 for i in c): v for c, v in zip(combos(self.dim, self.grade), self.coefficients) if v != 0}

    def coord(self, *indices: int) -> Any:
        """The coefficient on ``e_{i1}∧…∧e_{ik}`` (1-based, any order, with its sign).

        >>> wedge([1, 2], [3, 4]).coord(2, 1)
        Fraction(2, 1)
        """
        return Blade.from_coords(self.dim, {tuple(indices): 1}).inner(self)

    @property
    def norm2(self) -> Any:
        """Squared norm: the sum of squared coefficients, which equals
        ``det(VᵀV)`` for a wedge of vectors V (Cauchy–Binet).

        >>> wedge([1, 1, 0], [0, 1, 1]).norm2
        Fraction(3, 1)
        """
        return _simplify(sum((c * c for c in self.coefficients), Fraction(0)))

    def inner(self, other: "Blade") -> Any:
        """Inner product of two k-vectors of the same grade (the Gram determinant for blades).

        >>> wedge([1, 0], [0, 1]).inner(wedge([2, 1], [1, 3]))
        Fraction(5, 1)
        """
        other = _as_blade(other)
        self._same_space(other, "inner product")
        if self.grade != other.grade:
            raise DimensionError(f"inner product needs equal grades, got {self.grade} and {other.grade}")
        return _simplify(sum((a * b for a, b in zip(self.coefficients, other.coefficients)), Fraction(0)))

    def is_zero(self) -> bool:
        """True when every coefficient is exactly zero.

        >>> wedge([1, 2], [2, 4]).is_zero()
        True
        """
        return all(c == 0 for c in self.coefficients)

    def hodge(self) -> "Blade":
        """The Hodge dual; see :func:`exactwedge.hodge`.

        >>> Vector(1, 0).hodge()
        Vector(0, 1)
        """
        d, k = self.dim, self.grade
        out: list[Any] = [Fraction(0)] * len(complement_table(d, d - k))
        for c, (j, s) in zip(self.coefficients, complement_table(d, k)):
            out[j] = c if s > 0 else -c
        return Blade._raw(d, d - k, tuple(out))

    # ------------------------------------------------------------ arithmetic
    def _same_space(self, other: "Blade", what: str) -> None:
        if self.dim != other.dim:
            raise DimensionError(f"{what} needs one space, got R^{self.dim} and R^{other.dim}")

    def _same_shape(self, other: "Blade", what: str) -> None:
        self._same_space(other, what)
        if self.grade != other.grade:
            raise DimensionError(f"{what} needs equal grades, got {self.grade} and {other.grade}")

    def __xor__(self, other: Any) -> "Blade":
        if isinstance(other, MultiVector):
            return NotImplemented
        other = _as_blade(other)
        self._same_space(other, "wedge")
        return _wedge2(self, other)

    def __rxor__(self, other: Any) -> "Blade":
        return _as_blade(other) ^ self

    def __or__(self, other: Any) -> Any:
        if isinstance(other, MultiVector):
            return NotImplemented
        return self.inner(other)

    def __ror__(self, other: Any) -> Any:
        return _as_blade(other).inner(self)

    def __add__(self, other: Any) -> "Blade":
        if not isinstance(other, Blade):
            err = _not_a_blade(other, "addition")
            if err:
                raise err
            return NotImplemented
        self._same_shape(other, "addition")
        return Blade._raw(self.dim, self.grade, tuple(a + b for a, b in zip(self.coefficients, other.coefficients)))

    def __radd__(self, other: Any) -> "Blade":
        err = _not_a_blade(other, "addition")
        if err:
            raise err
        return NotImplemented

    def __sub__(self, other: Any) -> "Blade":
        if not isinstance(other, Blade):
            err = _not_a_blade(other, "subtraction")
            if err:
                raise err
            return NotImplemented
        self._same_shape(other, "subtraction")
        return Blade._raw(self.dim, self.grade, tuple(a - b for a, b in zip(self.coefficients, other.coefficients)))

    def __rsub__(self, other: Any) -> "Blade":
        err = _not_a_blade(other, "subtraction")
        if err:
            raise err
        return NotImplemented

    def __neg__(self) -> "Blade":
        return Blade._raw(self.dim, self.grade, tuple(-a for a in self.coefficients))

    def __mul__(self, scalar: Any) -> "Blade":
        """A number times the blade; with a blade, the geometric product (a :class:`MultiVector`).

        >>> Vector(1, 2) * 3, Vector(1, 2) * Vector(3, 4)
        (Vector(3, 6), MultiVector(11 - 2*e12, dim=2))
        """
        if isinstance(scalar, Blade):
            return MultiVector(self) * scalar
        if isinstance(scalar, MultiVector):
            return NotImplemented
        err = _not_a_blade(scalar, "multiplication")
        if err:
            raise err
        s = exact(scalar)
        return Blade._raw(self.dim, self.grade, tuple(a * s for a in self.coefficients))

    __rmul__ = __mul__

    def __truediv__(self, scalar: Any) -> "Blade":
        if isinstance(scalar, (Blade, MultiVector)):
            return MultiVector(self) / scalar
        err = _not_a_blade(scalar, "division")
        if err:
            raise err
        s = exact(scalar)
        if s == 0:
            raise ZeroDivisionError("division of a blade by zero")
        return Blade._raw(self.dim, self.grade, tuple(a / s for a in self.coefficients))

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Blade):
            return NotImplemented
        return (self.dim, self.grade) == (other.dim, other.grade) and all(
            _simplify(a - b) == 0 for a, b in zip(self.coefficients, other.coefficients)
        )

    def __hash__(self) -> int:
        return hash((self.dim, self.grade, self.coefficients))

    # ------------------------------------------------------------ printing
    def _terms(self) -> str:
        parts = []
        for c, v in zip(combos(self.dim, self.grade), self.coefficients):
            if v == 0:
                continue
            name = "e" + "".join(str(i + 1) for i in c) if c else ""
            if not name:
                parts.append(_coef_text(v))
                continue
            if v == 1:
                term = name
            elif v == -1:
                term = "-" + name
            else:
                term = f"{_coef_text(v)}*{name}"
            parts.append(term)
        return join_signed(parts)

    def __repr__(self) -> str:
        if self.is_zero() or self.grade in (0,):
            return f"Blade({self._terms()}, grade={self.grade}, dim={self.dim})"
        return f"Blade({self._terms()}, dim={self.dim})"

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: ``sympy.latex(blade)``; see :func:`exactwedge.ga.latex.blade_latex`."""
        return blade_latex(self, printer)

    def _repr_latex_(self) -> str:
        r"""Jupyter's LaTeX display: :meth:`_latex` in ``$…$`` (a :class:`Vector` as a column).

        >>> print(Vector(1, "1/2")._repr_latex_())
        $\begin{pmatrix}1\\\frac{1}{2}\end{pmatrix}$
        >>> import sympy
        >>> B = Vector(1, 0, 0) ^ Vector(0, 1, 0)
        >>> B._repr_latex_() == "$" + sympy.latex(B) + "$"
        True
        """
        return latex_display(self._latex(None))


class Vector(Blade):
    """A vector of R^d: a grade-1 :class:`Blade` that also behaves as a sequence.

    >>> v = Vector(3, "-4/7")
    >>> v
    Vector(3, -4/7)
    >>> list(v), v[1], len(v)
    ([Fraction(3, 1), Fraction(-4, 7)], Fraction(-4, 7), 2)
    >>> v | Vector(1, 7)
    Fraction(-1, 1)
    """

    __slots__ = ()

    def __init__(self, *coords: Any):
        one = coords[0] if len(coords) == 1 else None
        # a single sequence (list, array, SymPy Matrix) holds the coordinates; a
        # single SymPy expression is one coordinate (Matrix is "symbolic" but has a shape)
        if one is not None and not isinstance(one, (int, str, Fraction)) and (hasattr(one, "shape") if is_symbolic(one) else hasattr(one, "__iter__") or multivector_library(one)):
            coords = as_vector(coords[0])
        else:
            coords = tuple(exact(c) for c in coords)
        super().__init__(len(coords), 1, coords)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.coefficients)

    def __len__(self) -> int:
        return self.dim

    def __getitem__(self, i: Any) -> Any:
        return self.coefficients[i]

    def dot(self, other: Any) -> Any:
        """Euclidean dot product.

        >>> Vector(1, 2).dot([3, 4])
        Fraction(11, 1)
        """
        return self.inner(other)

    def __repr__(self) -> str:
        return "Vector(" + ", ".join(str(c) for c in self.coefficients) + ")"

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: a column ``pmatrix``; see :func:`exactwedge.ga.latex.vector_latex`."""
        return vector_latex(self, printer)

    __hash__ = Blade.__hash__


def _as_blade(x: Any) -> Blade:
    """A Blade as it is; a clifford, kingdon or galgebra multivector of one grade as that blade; else a vector."""
    if isinstance(x, Blade):
        return x
    if multivector_library(x):
        return read_multivector(x, vector=False, what="blade")
    return Blade._raw(*_vec_args(as_vector(x)))


def _vec_args(coords: tuple) -> tuple:
    return (len(coords), 1, coords)


def _wedge2(a: Blade, b: Blade) -> Blade:
    d, k, l = a.dim, a.grade, b.grade
    if k + l > d:
        raise DimensionError(f"the wedge has grade {k + l} > dimension {d}: expected total grade at most {d}")
    n_out = math.comb(d, k + l)
    if n_out > MAX_BLADE_COEFFICIENTS:
        raise TooLargeError(f"a grade-{k + l} blade in R^{d} has {n_out} coefficients (limit {MAX_BLADE_COEFFICIENTS})")
    out: list[Any] = [0] * n_out
    ac, bc = a.coefficients, b.coefficients
    for ia, ib, io, s in merge_table(d, k, l):
        x, y = ac[ia], bc[ib]
        if x == 0 or y == 0:
            continue
        out[io] = out[io] + (x * y if s > 0 else -(x * y))
    return Blade._raw(d, k + l, tuple(exact(c) if isinstance(c, int) else c for c in out))


def wedge(*vectors: Any) -> Blade:
    r"""The exterior (wedge) product of vectors or blades, exactly.

    .. math:: v_1\wedge v_2\wedge\dots\wedge v_k

    Rational vectors are scaled to integers and multiplied in Python integers;
    symbolic ones give polynomial coefficients.

    Parameters
    ----------
    *vectors : Vector, Blade, sequences of exact numbers, or clifford, kingdon or galgebra multivectors
        At least one, all in the same R^d, total grade at most d. A
        multivector of one grade is that blade (clifford's float64 at its
        exact binary value; see :mod:`exactwedge.ga.interop.data`).

    Returns
    -------
    Blade
        Grade = the sum of the grades; a :class:`Vector` for a single vector.

    Raises
    ------
    DimensionError
        For no input, mixed dimensions, or a total grade above d.

    Examples
    --------
    >>> wedge([1, 2], [3, 4])
    Blade(-2*e12, dim=2)
    >>> wedge([1, 0, 0], [0, 1, 0], [0, 0, 1])
    Blade(e123, dim=3)
    >>> import sympy
    >>> a1, a2, b1, b2 = sympy.symbols("a1 a2 b1 b2")
    >>> wedge([a1, a2], [b1, b2])
    Blade((a1*b2 - a2*b1)*e12, dim=2)
    """
    if not vectors:
        raise DimensionError("wedge needs at least 1 vector, got 0")
    blades = [_as_blade(v) for v in vectors]
    d = blades[0].dim
    for i, b in enumerate(blades):
        if b.dim != d:
            raise DimensionError(f"wedge needs vectors of one dimension: argument 0 is in R^{d}, argument {i} in R^{b.dim}")
    total = sum(b.grade for b in blades)
    if total > d:
        raise DimensionError(f"wedge of total grade {total} in R^{d}: expected at most {d} vectors, got {total}")
    if all(b.grade == 1 for b in blades) and not any(is_symbolic(c) for b in blades for c in b.coefficients):
        return _wedge_rational_vectors(blades, d)
    out = blades[0]
    for b in blades[1:]:
        out = _wedge2(out, b)
    return out


def _wedge_rational_vectors(blades: list[Blade], d: int) -> Blade:
    """Wedge of rational vectors in Python integers, scaled back at the end."""
    scale = 1
    ints = []
    for b in blades:
        s = 1
        for c in b.coefficients:
            s = math.lcm(s, c.denominator)
        ints.append([int(c * s) for c in b.coefficients])
        scale *= s
    k = len(ints)
    widest = max(math.comb(d, g) for g in range(1, k + 1))
    if widest > MAX_BLADE_COEFFICIENTS:
        raise TooLargeError(
            f"the wedge of {k} vectors in R^{d} passes through blades with {widest} coefficients "
            f"(limit {MAX_BLADE_COEFFICIENTS}); use cross() or signed_volume(), which work by minors"
        )
    cur = list(ints[0])
    for g, v in enumerate(ints[1:], start=1):
        nxt = [0] * math.comb(d, g + 1)
        for ia, ib, io, s in merge_table(d, g, 1):
            x, y = cur[ia], v[ib]
            if x and y:
                nxt[io] += x * y if s > 0 else -(x * y)
        cur = nxt
    return Blade._raw(d, k, tuple(Fraction(c, scale) for c in cur))


def basis_blade(dim: int, *indices: int) -> Blade:
    """The basis blade ``e_{i1}∧…∧e_{ik}`` of R^dim (1-based indices).

    >>> basis_blade(3, 1, 3)
    Blade(e13, dim=3)
    >>> basis_blade(2, 2)
    Vector(0, 1)
    """
    _check_dim(dim)
    if not indices:
        return Blade._raw(dim, 0, (Fraction(1),))
    return Blade.from_coords(dim, {tuple(indices): 1})


def pseudoscalar(dim: int) -> Blade:
    """The unit pseudoscalar ``I = e_1∧…∧e_d``.

    >>> pseudoscalar(3)
    Blade(e123, dim=3)
    >>> pseudoscalar(-2)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: the dimension of a space is an integer >= 0, got -2
    """
    _check_dim(dim)
    return basis_blade(dim, *range(1, dim + 1))
