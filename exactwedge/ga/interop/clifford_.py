r"""Blades to and from `clifford <https://clifford.readthedocs.io>`_ multivectors.

clifford keeps a multivector as one numpy array over all :math:`2^d` basis
blades, in the layout's order; every stored blade is canonical (its basis
vectors in increasing bit order: ``e13``, never ``e31``; clifford refuses
sign flips in storage). The j-th basis vector of the layout (bit j) is our
:math:`e_{j+1}`. Custom ``names=`` are labels only and are ignored.

Exactness and numba
    clifford compiles its products with numba, and numba rejects object
    arrays, which are the only arrays that hold ``Fraction`` or SymPy values.
    Exact interop therefore needs the environment variable
    ``NUMBA_DISABLE_JIT=1`` to be set **before clifford (numba) is imported**;
    :func:`clifford_exact_available` says whether this process can do it.
    Without it, ``to_clifford(..., exact=False)`` converts to float64 on
    purpose, and the way back needs ``from_float=True`` or ``max_denominator``.
    With the JIT on, the first product in each new layout costs seconds of
    compilation.

The doctests are skipped because their outcome depends on how the process
started; ``tests/ga/test_interop.py`` runs them under ``NUMBA_DISABLE_JIT=1``.

>>> from exactwedge import wedge
>>> from exactwedge.ga.interop import to_clifford, from_clifford
>>> mv = to_clifford(wedge([1, 0, 0], [0, 2, 1]))  # doctest: +SKIP
>>> from_clifford(mv.dual())  # doctest: +SKIP
Vector(0, -1, 2)
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from ...exceptions import DimensionError, InvalidInputError, NonExactInputError
from ...numbers import is_symbolic
from ..blade import Blade
from ._common import as_blade, blade_items, check_max_denominator, composite, empty_parts, lazy_import, place
from ._common import read_scalar, select_grade

__all__ = ["to_clifford", "from_clifford", "clifford_exact_available"]

_JIT_MESSAGE = (
    "clifford cannot hold these values exactly in this process: its numba JIT is on and rejects object "
    "arrays, and not every coefficient is a float64 value (dyadic fractions such as 3/8 are). "
    "Set the environment variable NUMBA_DISABLE_JIT=1 before clifford (or numba) is "
    "imported, e.g. `NUMBA_DISABLE_JIT=1 python ...`, or pass exact=False to convert to float64 "
    "on purpose"
)


def _is_float64_value(c: Any) -> bool:
    """True when the float64 nearest to ``c`` is ``c`` itself (a rational with a small power-of-2 denominator)."""
    if not isinstance(c, Fraction) or c.denominator & (c.denominator - 1):
        return False
    try:
        return Fraction(float(c)) == c
    except OverflowError:
        return False


def clifford_exact_available() -> bool:
    """Whether clifford can hold exact (object-array) values in this process.

    True exactly when numba's JIT was disabled (``NUMBA_DISABLE_JIT=1``) when
    clifford was imported. Calling this imports clifford.

    Returns
    -------
    bool

    Examples
    --------
    >>> import os
    >>> clifford_exact_available() == (os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"))
    True
    """
    lazy_import("clifford")
    try:
        from clifford import _numba_utils

        return bool(_numba_utils.DISABLE_JIT)
    except (ImportError, AttributeError):  # pragma: no cover - older/newer clifford
        import numba

        return bool(numba.config.DISABLE_JIT)


@functools.lru_cache(maxsize=None)
def _default_layout(dim: int) -> Any:
    clifford = lazy_import("clifford")
    layout, _ = clifford.Cl(dim)
    return layout


def _layout_tables(layout: Any) -> tuple[tuple[int, ...], dict[int, int]]:
    """The bitmap of each stored index, and the index of each bitmap."""
    bitmaps = tuple(int(b) for b in layout._basis_blade_order.index_to_bitmap)
    return bitmaps, {b: i for i, b in enumerate(bitmaps)}


def _check_layout(layout: Any) -> int:
    if not (hasattr(layout, "sig") and hasattr(layout, "dims") and hasattr(layout, "_basis_blade_order")):
        raise InvalidInputError(f"expected a clifford Layout, got {type(layout).__name__}")
    sig = [int(s) for s in layout.sig]
    if any(s != 1 for s in sig):
        raise InvalidInputError(f"expected a Euclidean clifford layout (signature all +1), got signature {tuple(sig)}")
    return int(layout.dims)


def to_clifford(blade: Any, layout: Any = None, *, exact: bool = True) -> Any:
    r"""A clifford ``MultiVector`` with the coefficients of ``blade``.

    Parameters
    ----------
    blade : Blade, Vector, sequence, scalar, list of these, multivector, or a network
        A sequence of numbers is read as a vector; a scalar (a signed volume)
        becomes grade 0 in the given ``layout``; a list of results, a
        :class:`~exactwedge.Network`, a :class:`~exactwedge.FitResult` or a
        :class:`~exactwedge.Dictionary` (their neuron weights ``w_j``; biases
        are scalars and are not included) gives a list, converted one by one.
    layout : clifford.Layout, optional
        A Euclidean layout of the blade's dimension; by default ``Cl(d)``
        (created once per d and cached).
    exact : bool, default True
        The multivector holds exactly these coefficients: in an object array
        when clifford can (``NUMBA_DISABLE_JIT=1``, see
        :func:`clifford_exact_available`); with the JIT on, in float64 when
        every coefficient is a float64 value (dyadic, such as 3/8: results of
        dyadic data are), which loses nothing. ``exact=False`` converts to
        float64 on purpose, which rounds.

    Returns
    -------
    clifford.MultiVector, or a list of them

    Raises
    ------
    NonExactInputError
        With ``exact=True`` while clifford's numba JIT is on and a coefficient
        is not a float64 value (1/3); the message explains ``NUMBA_DISABLE_JIT=1``.
    InvalidInputError
        For a non-Euclidean layout, or a symbolic coefficient with ``exact=False``.
    DimensionError
        When the layout's dimension differs from the blade's.

    Examples
    --------
    >>> from exactwedge import wedge
    >>> mv = to_clifford(wedge([1, 0, 0], [0, 2, 1]), exact=False)
    >>> mv.value.dtype.name, mv.value.tolist()
    ('float64', [0.0, 0.0, 0.0, 0.0, 2.0, 1.0, 0.0, 0.0])
    >>> [m.value.tolist() for m in to_clifford([[1, 2], [3, "1/4"]], exact=False)]
    [[0.0, 1.0, 2.0, 0.0], [0.0, 3.0, 0.25, 0.0]]
    >>> to_clifford(wedge([1, 0, 0], [0, 2, 1])).value.tolist()  # doctest: +SKIP
    [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1), Fraction(0, 1), Fraction(2, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)]
    >>> to_clifford([1, "3/8"]).value.tolist() in ([0.0, 1.0, 0.375, 0.0], [0, 1, Fraction(3, 8), 0])  # either way exact
    True
    """
    import numpy as np

    done = composite(blade, lambda b: to_clifford(b, layout, exact=exact))  # several grades, or several results
    if done is not None:
        return done
    b = as_blade(blade, None if layout is None else _check_layout(layout), target="layout")
    if not isinstance(exact, bool):
        raise InvalidInputError(f"exact must be True or False, got {exact!r}")
    if exact and not clifford_exact_available():
        if not all(_is_float64_value(c) for c in b.coefficients):
            raise NonExactInputError(_JIT_MESSAGE)
        exact = False  # float64 holds every coefficient exactly: nothing is rounded
    if layout is None:
        layout = _default_layout(b.dim)
    d = _check_layout(layout)
    if d != b.dim:
        raise DimensionError(f"the clifford layout is for R^{d}, but the blade is in R^{b.dim}")
    _, index_of = _layout_tables(layout)
    if exact:
        value = np.empty(len(index_of), dtype=object)
        value[:] = [Fraction(0)] * len(index_of)
    else:
        value = np.zeros(len(index_of), dtype=np.float64)
    for positions, c in blade_items(b):
        i = index_of[sum(1 << p for p in positions)]
        if exact:
            value[i] = c
        elif is_symbolic(c) and c.free_symbols:
            raise InvalidInputError(f"cannot convert the symbolic coefficient {c} to float64 (exact=False)")
        else:
            value[i] = float(c)
    return layout.MultiVector(value)


def from_clifford(
    mv: Any,
    *,
    grade: int | None = None,
    from_float: bool = False,
    max_denominator: int | None = None,
) -> Blade:
    r"""The :class:`~exactwedge.ga.Blade` with the coefficients of a clifford multivector.

    Parameters
    ----------
    mv : clifford.MultiVector
        In a Euclidean layout, with exact (object or integer) values, or float
        values together with ``from_float`` / ``max_denominator``.
    grade : int, optional
        Take the grade-``grade`` part. Without it ``mv`` must be homogeneous.
    from_float : bool, default False
        Convert float values by their exact binary value
        (:func:`exactwedge.from_float`). Floats are refused otherwise.
    max_denominator : int, optional
        Convert float values to the closest fraction with at most this
        denominator (implies ``from_float``).

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
        For a zero multivector without ``grade``, a non-Euclidean layout, or
        something that is not a clifford multivector.

    Examples
    --------
    >>> from exactwedge import wedge
    >>> mv = to_clifford(wedge([1, 0, 0], [0, 2, 1]), exact=False)
    >>> from_clifford(mv, from_float=True)
    Blade(2*e12 + e13, dim=3)
    >>> from_clifford(mv * 0.1, max_denominator=1000)
    Blade(1/5*e12 + 1/10*e13, dim=3)
    >>> from_clifford(mv)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.NonExactInputError: clifford returned the float 0.0; floats never enter exactwedge silently: pass from_float=True (exact binary value) or max_denominator=N to convert on purpose
    """
    check_max_denominator(max_denominator)
    d, parts = clifford_parts(mv, from_float=from_float, max_denominator=max_denominator)
    return select_grade(d, parts, grade, library="clifford")


def clifford_parts(mv: Any, *, from_float: bool, max_denominator: int | None) -> tuple[int, dict[int, list]]:
    """The dimension and the exact coefficients of each grade (our order) of a clifford multivector."""
    layout = getattr(mv, "layout", None)
    if layout is None or not hasattr(mv, "value"):
        raise InvalidInputError(f"expected a clifford MultiVector, got {type(mv).__name__}")
    d = _check_layout(layout)
    bitmaps, _ = _layout_tables(layout)
    value = mv.value
    if getattr(value, "ndim", 1) != 1 or len(value) != len(bitmaps):
        raise InvalidInputError(f"expected a single clifford multivector of {len(bitmaps)} values, got shape {getattr(value, 'shape', None)}")
    if value.dtype.kind == "c":
        raise InvalidInputError("got a complex clifford multivector; only real values are supported")
    parts = empty_parts(d)
    for bm, x in zip(bitmaps, value.tolist()):
        c = read_scalar(x, library="clifford", from_float=from_float, max_denominator=max_denominator)
        if c != 0:
            place(parts, tuple(j for j in range(d) if bm >> j & 1), c, d)
    return d, parts
