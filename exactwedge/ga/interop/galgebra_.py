r"""Blades to and from `galgebra <https://galgebra.readthedocs.io>`_ ``Mv`` objects.

galgebra stores a multivector as a SymPy expression over its basis blades
``e_1^e_2``, ``e_1^e_3``, … — always in increasing order of the basis
vectors, so no sign changes are needed: the j-th vector of ``ga.basis`` is
our :math:`e_{j+1}`. Coefficients are SymPy numbers, which we read exactly
(``sympy.expand`` first: ``blade_coefs()`` can return an unevaluated
``Mul(-1, 7/30)``).

The printer patch
    Importing galgebra replaces ``__repr__`` of every SymPy object and the
    builtin ``print`` (its "GaPrinter"; galgebra says there is no way to turn
    this off). When galgebra is first imported *by these functions*, the
    originals are put back right after the import, so converting a blade
    does not change how the rest of the program prints. A program that
    imported galgebra itself keeps galgebra's printing.

>>> from exactwedge import wedge
>>> from exactwedge.ga.interop import to_galgebra, from_galgebra
>>> mv = to_galgebra(wedge([1, 0, 0], [0, 2, 1]))
>>> mv
2*e_1^e_2 + e_1^e_3
>>> from_galgebra(mv.dual())  # galgebra's default dual mode 'I+' is mv*I
Vector(0, 1, -2)
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from ...exceptions import DimensionError, InvalidInputError
from ..blade import Blade
from ._common import as_blade, blade_items, check_max_denominator, composite, empty_parts, lazy_import, place
from ._common import read_scalar, select_grade

__all__ = ["to_galgebra", "from_galgebra"]


def _galgebra() -> tuple[Any, Any]:
    """Import galgebra's ``Ga`` and ``Mv``, undoing its printer patch if we caused it."""
    import builtins
    import sys

    if "galgebra.printer" in sys.modules:
        ga_mod = lazy_import("galgebra.ga")
        mv_mod = lazy_import("galgebra.mv")
        return ga_mod.Ga, mv_mod.Mv
    from sympy.printing.defaults import Printable

    saved = {name: Printable.__dict__[name] for name in ("__repr__", "__ga_print_str__") if name in Printable.__dict__}
    saved_print = builtins.print
    try:
        ga_mod = lazy_import("galgebra.ga")
        mv_mod = lazy_import("galgebra.mv")
    finally:
        for name in ("__repr__", "__ga_print_str__"):
            if name in saved:
                setattr(Printable, name, saved[name])
            elif name in Printable.__dict__:
                delattr(Printable, name)
        builtins.print = saved_print
    return ga_mod.Ga, mv_mod.Mv


@functools.lru_cache(maxsize=None)
def _default_ga(dim: int) -> Any:
    Ga, _ = _galgebra()
    return Ga("e*" + "|".join(str(i) for i in range(1, dim + 1)), g=[1] * dim)


def _check_ga(ga: Any) -> int:
    import sympy

    if not (hasattr(ga, "n") and hasattr(ga, "g") and hasattr(ga, "blades") and hasattr(ga, "indexes")):
        raise InvalidInputError(f"expected a galgebra Ga, got {type(ga).__name__}")
    n = int(ga.n)
    if sympy.Matrix(ga.g) != sympy.eye(n):
        raise InvalidInputError(f"expected a Euclidean galgebra algebra (metric g = identity), got g = {list(ga.g)}")
    return n


def to_galgebra(blade: Any, ga: Any = None) -> Any:
    r"""A galgebra ``Mv`` with the (exact, SymPy) coefficients of ``blade``.

    Parameters
    ----------
    blade : Blade, Vector, sequence, scalar, list of these, multivector, or a network
        A sequence of numbers is read as a vector; a scalar (a signed volume)
        becomes grade 0 in the given ``ga``; a list of results, a
        :class:`~exactwedge.Network`, a :class:`~exactwedge.FitResult` or a
        :class:`~exactwedge.Dictionary` (their neuron weights ``w_j``; biases
        are scalars and are not included) gives a list, converted one by one.
    ga : galgebra.ga.Ga, optional
        A Euclidean algebra (metric = identity) of the blade's dimension; by
        default ``Ga('e*1|2|…|d', g=[1]*d)``, built once per d and cached.

    Returns
    -------
    galgebra.mv.Mv, or a list of them

    Raises
    ------
    InvalidInputError
        For a non-Euclidean ``ga``.
    DimensionError
        When ``ga`` has another dimension than the blade.

    Examples
    --------
    >>> from exactwedge import wedge
    >>> to_galgebra(wedge([1, 2, 0], [0, "1/3", 1]))
    e_1^e_2/3 + e_1^e_3 + 2*e_2^e_3
    >>> to_galgebra([1, -2])
    e_1 - 2*e_2
    >>> from exactwedge import cross, fit
    >>> to_galgebra([cross([1, 2, 3], [4, 5, 6]), wedge([1, 0], [0, 2])])
    [-3*e_1 + 6*e_2 - 3*e_3, 2*e_1^e_2]
    >>> to_galgebra(fit([[0, 0], [1, 0], [0, 1]], [0, 1, 1], "1/10"))  # the neuron weights w_j
    [e_2, e_1]
    """
    import sympy

    done = composite(blade, lambda b: to_galgebra(b, ga))  # several grades, or several results
    if done is not None:
        return done
    b = as_blade(blade, None if ga is None else _check_ga(ga), target="ga")
    Ga, Mv = _galgebra()
    if ga is None:
        ga = _default_ga(b.dim)
    n = _check_ga(ga)
    if n != b.dim:
        raise DimensionError(f"the galgebra algebra is for R^{n}, but the blade is in R^{b.dim}")
    symbols = {idx: sym for idx, sym in zip(ga.indexes[b.grade], ga.blades[b.grade])}
    expr = sympy.Integer(0)
    for positions, c in blade_items(b):
        coeff = sympy.Rational(c.numerator, c.denominator) if isinstance(c, Fraction) else c
        expr += coeff * symbols[positions]
    return Mv(expr, ga=ga)


def from_galgebra(
    mv: Any,
    *,
    grade: int | None = None,
    from_float: bool = False,
    max_denominator: int | None = None,
) -> Blade:
    r"""The :class:`~exactwedge.ga.Blade` with the coefficients of a galgebra ``Mv``.

    Parameters
    ----------
    mv : galgebra.mv.Mv
        In a Euclidean algebra, with exact coefficients (SymPy ``Float``\ s
        need ``from_float`` or ``max_denominator``).
    grade : int, optional
        Take the grade-``grade`` part. Without it ``mv`` must be homogeneous.
    from_float : bool, default False
        Convert SymPy ``Float`` coefficients by their exact binary value.
    max_denominator : int, optional
        Convert them to the closest fraction with at most this denominator.

    Returns
    -------
    Blade

    Raises
    ------
    NonExactInputError
        For ``Float`` coefficients without ``from_float`` or ``max_denominator``.
    DimensionError
        For a multivector with parts of several grades and no ``grade``.
    InvalidInputError
        For a zero multivector without ``grade``, a non-Euclidean algebra, or
        something that is not a galgebra ``Mv``.

    Examples
    --------
    >>> import sympy
    >>> mv = to_galgebra([sympy.Rational(-7, 30), 1, 0])
    >>> mv.dual().blade_coefs()[4:7]
    [0, -1, -1*7/30]
    >>> from_galgebra(mv.dual())
    Blade(-e13 - 7/30*e23, dim=3)
    >>> from_galgebra(mv + mv.dual())
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: the galgebra multivector is not homogeneous: it has parts of grades [1, 2]; expected one grade (pass grade=k to take the grade-k part)
    >>> from_galgebra(mv + mv.dual(), grade=1)
    Vector(-7/30, 1, 0)
    """
    check_max_denominator(max_denominator)
    d, parts = galgebra_parts(mv, from_float=from_float, max_denominator=max_denominator)
    return select_grade(d, parts, grade, library="galgebra")


def galgebra_parts(mv: Any, *, from_float: bool, max_denominator: int | None) -> tuple[int, dict[int, list]]:
    """The dimension and the exact coefficients of each grade (our order) of a galgebra ``Mv``."""
    import sympy

    _, Mv = _galgebra()
    if not isinstance(mv, Mv):
        raise InvalidInputError(f"expected a galgebra Mv, got {type(mv).__name__}")
    ga = mv.Ga
    d = _check_ga(ga)
    where = {}
    for k in range(d + 1):
        for idx, sym in zip(ga.indexes[k], ga.blades[k]):
            where[sym] = idx
    from galgebra.metric import linear_expand

    obj = mv.obj
    if not isinstance(obj, sympy.Basic):
        obj = sympy.Integer(obj) if isinstance(obj, int) and not isinstance(obj, bool) else obj
    if not isinstance(obj, sympy.Expr):
        raise InvalidInputError(f"cannot read the galgebra multivector {mv!r}")
    parts = empty_parts(d)
    coefs, bases = linear_expand(obj)
    for c, base in zip(coefs, bases):
        if base not in where:
            raise InvalidInputError(f"{base} is not a basis blade of this galgebra algebra")
        value = read_scalar(c, library="galgebra", from_float=from_float, max_denominator=max_denominator)
        if value != 0:
            place(parts, where[base], value, d)
    return d, parts
