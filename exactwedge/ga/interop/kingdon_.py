r"""Blades to and from `kingdon <https://kingdon.readthedocs.io>`_ multivectors.

kingdon stores a multivector as keys (the bitmap of each basis blade) and
values. Its values may be any Python objects, so ``Fraction`` and SymPy
coefficients stay exact through kingdon's generated code. The name of a
key is the algebra's *canonical* blade (``alg.bin2canon``): ``e13`` in
``Algebra(3)``, but a custom ``basis=`` may make it ``e31``, whose value is
the coefficient of :math:`e_3\wedge e_1 = -e_1\wedge e_3`. We read the sign from
the name, and the basis vector named ``e{start_index + j}`` is our
:math:`e_{j+1}` (``start_index`` is 1 in a Euclidean ``Algebra(d)``).

>>> from exactwedge import wedge
>>> from exactwedge.ga.interop import to_kingdon, from_kingdon
>>> mv = to_kingdon(wedge([1, 0, 0], [0, 2, 1]))
>>> mv.keys(), mv.values()
((3, 5, 6), [Fraction(2, 1), Fraction(1, 1), Fraction(0, 1)])
>>> from_kingdon(mv.hodge())
Vector(0, -1, 2)
"""

from __future__ import annotations

import functools
from typing import Any

from ...exceptions import DimensionError, InvalidInputError
from ..blade import Blade
from ._common import as_blade, blade_items, check_max_denominator, composite, empty_parts, lazy_import, place
from ._common import read_scalar, select_grade

__all__ = ["to_kingdon", "from_kingdon"]


@functools.lru_cache(maxsize=None)
def _default_algebra(dim: int) -> Any:
    kingdon = lazy_import("kingdon")
    return kingdon.Algebra(dim)


def _check_algebra(alg: Any) -> int:
    if not (hasattr(alg, "signature") and hasattr(alg, "bin2canon") and hasattr(alg, "canon2bin")):
        raise InvalidInputError(f"expected a kingdon Algebra, got {type(alg).__name__}")
    sig = [int(s) for s in alg.signature]
    if any(s != 1 for s in sig):
        raise InvalidInputError(f"expected a Euclidean kingdon algebra (signature all +1), got signature {tuple(sig)}")
    return int(alg.d)


def _name_tables(alg: Any) -> tuple[dict[int, tuple[int, ...]], dict[tuple[int, ...], tuple[int, int]]]:
    """key -> positions in the order of its canonical name; sorted positions -> (key, sign)."""
    # kingdon algebras are unhashable dataclasses: cache on what the tables depend on.
    names = tuple((int(k), str(v)) for k, v in alg.bin2canon.items())
    return _name_tables_cached(names, len(alg.pretty_digits), int(alg.start_index), int(alg.d))


@functools.lru_cache(maxsize=64)
def _name_tables_cached(
    names: tuple[tuple[int, str], ...], base: int, start: int, d: int
) -> tuple[dict[int, tuple[int, ...]], dict[tuple[int, ...], tuple[int, int]]]:
    from .._basis import perm_sign

    positions_of: dict[int, tuple[int, ...]] = {}
    key_of: dict[tuple[int, ...], tuple[int, int]] = {}
    for key, name in names:
        pos = tuple(int(ch, base) - start for ch in name[1:])
        if any(not 0 <= p < d for p in pos) or len(set(pos)) != len(pos):
            raise InvalidInputError(f"cannot read the kingdon basis blade name {name!r}")
        positions_of[key] = pos
        key_of[tuple(sorted(pos))] = (key, perm_sign(pos))
    return positions_of, key_of


def to_kingdon(blade: Any, alg: Any = None) -> Any:
    r"""A kingdon ``MultiVector`` with the exact coefficients of ``blade``.

    Every basis blade of the blade's grade gets a key, zeros included, so a
    zero blade keeps its grade. Values stay ``Fraction`` (or SymPy); a custom
    basis name such as ``e31`` gets the negated coefficient.

    Parameters
    ----------
    blade : Blade, Vector, sequence, scalar, list of these, multivector, or a network
        A sequence of numbers is read as a vector; a scalar (a signed volume)
        becomes grade 0 in the given ``alg``; a list of results, a
        :class:`~exactwedge.Network`, a :class:`~exactwedge.FitResult` or a
        :class:`~exactwedge.Dictionary` (their neuron weights ``w_j``; biases
        are scalars and are not included) gives a list, converted one by one.
    alg : kingdon.Algebra, optional
        A Euclidean algebra of the blade's dimension; by default
        ``Algebra(d)``, created once per d and cached.

    Returns
    -------
    kingdon.MultiVector, or a list of them

    Raises
    ------
    InvalidInputError
        For a non-Euclidean algebra.
    DimensionError
        When the algebra's dimension differs from the blade's.

    Examples
    --------
    >>> from kingdon import Algebra
    >>> from exactwedge import basis_blade
    >>> to_kingdon(basis_blade(3, 1, 3)).values()
    [Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)]
    >>> alg = Algebra(3, basis=["e", "e1", "e2", "e3", "e12", "e31", "e23", "e123"])
    >>> mv = to_kingdon(basis_blade(3, 1, 3), alg)
    >>> [alg.bin2canon[k] for k in mv.keys()], mv.values()
    (['e12', 'e31', 'e23'], [Fraction(0, 1), Fraction(-1, 1), Fraction(0, 1)])
    >>> from exactwedge import signed_volume
    >>> to_kingdon(signed_volume([1, 2, 3], [4, 5, 6], [7, 8, 10]), Algebra(3)).values()
    [Fraction(-3, 1)]
    """
    done = composite(blade, lambda b: to_kingdon(b, alg))  # several grades, or several results
    if done is not None:
        return done
    b = as_blade(blade, None if alg is None else _check_algebra(alg), target="alg")
    if alg is None:
        alg = _default_algebra(b.dim)
    d = _check_algebra(alg)
    if d != b.dim:
        raise DimensionError(f"the kingdon algebra is for R^{d}, but the blade is in R^{b.dim}")
    _, key_of = _name_tables(alg)
    pairs = []
    for positions, c in blade_items(b):
        key, sign = key_of[positions]
        pairs.append((key, c if sign > 0 else -c))
    rank = {key: i for i, key in enumerate(alg.canon2bin.values())}
    pairs.sort(key=lambda kv: rank[kv[0]])
    keys = tuple(k for k, _ in pairs)
    values = [v for _, v in pairs]
    return alg.multivector(keys=keys, values=values)


def from_kingdon(
    mv: Any,
    *,
    grade: int | None = None,
    from_float: bool = False,
    max_denominator: int | None = None,
) -> Blade:
    r"""The :class:`~exactwedge.ga.Blade` with the coefficients of a kingdon multivector.

    Parameters
    ----------
    mv : kingdon.MultiVector
        A single (not batched) multivector of a Euclidean algebra. Values may
        be exact numbers, SymPy expressions or kingdon's own symbolic
        polynomials (read through ``tosympy()``); floats need ``from_float``
        or ``max_denominator``.
    grade : int, optional
        Take the grade-``grade`` part. Without it ``mv`` must be homogeneous;
        a zero multivector takes its grade from its keys when they have one.
    from_float : bool, default False
        Convert float values by their exact binary value.
    max_denominator : int, optional
        Convert float values to the closest fraction with at most this denominator.

    Returns
    -------
    Blade

    Raises
    ------
    NonExactInputError
        For float values without ``from_float`` or ``max_denominator``.
    DimensionError
        For a multivector with parts of several grades and no ``grade``.
    InvalidInputError
        For a zero multivector with keys of several grades and no ``grade``, a
        batched multivector, a non-Euclidean algebra, or another type.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from kingdon import Algebra
    >>> alg = Algebra(2)
    >>> from_kingdon(alg.vector([1, Fraction(3, 4)]))
    Vector(1, 3/4)
    >>> from_kingdon(alg.vector([1, 0.75]))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.NonExactInputError: kingdon returned the float 0.75; floats never enter exactwedge silently: pass from_float=True (exact binary value) or max_denominator=N to convert on purpose
    >>> from_kingdon(alg.vector([1, 0.75]), from_float=True)
    Vector(1, 3/4)
    """
    check_max_denominator(max_denominator)
    d, parts, present = kingdon_parts(mv, from_float=from_float, max_denominator=max_denominator)
    return select_grade(d, parts, grade, library="kingdon", present=present)


def kingdon_parts(mv: Any, *, from_float: bool, max_denominator: int | None) -> tuple[int, dict[int, list], set[int]]:
    """The dimension, the exact coefficients of each grade (our order) and the grades of the keys of a kingdon multivector."""
    alg = getattr(mv, "algebra", None)
    if alg is None or not hasattr(mv, "keys") or not hasattr(mv, "values"):
        raise InvalidInputError(f"expected a kingdon MultiVector, got {type(mv).__name__}")
    d = _check_algebra(alg)
    positions_of, _ = _name_tables(alg)
    items = list(zip(mv.keys(), mv.values()))
    layout = getattr(mv, "type_layout", None) or {}
    items += [(k, v) for k, v in layout.items() if v is not ...]
    parts = empty_parts(d)
    present: set[int] = set()
    for key, value in items:
        if isinstance(value, (list, tuple)) or hasattr(value, "shape") and getattr(value, "shape", ()) != ():
            raise InvalidInputError("expected a single kingdon multivector, got a batched one (array values)")
        c = read_scalar(value, library="kingdon", from_float=from_float, max_denominator=max_denominator)
        pos = positions_of[int(key)]
        present.add(len(pos))
        if c != 0:
            place(parts, pos, c, d)
    return d, parts, present
