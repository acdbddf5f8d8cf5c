"""Shared machinery of the interop adapters: reading foreign scalars exactly,
and choosing the grade of a foreign multivector.

Private. Nothing here imports clifford, galgebra or kingdon.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ...exceptions import DimensionError, InvalidInputError, NonExactInputError
from ... import numbers as _numbers
from .._basis import combo_index, combos, perm_sign
from ..blade import Blade, _as_blade
from ..multivector import MultiVector

__all__: list[str] = []


def grade_parts(m: Any) -> list[Blade]:
    """One :class:`Blade` per grade of a :class:`~exactwedge.ga.MultiVector` (the zero multivector: a zero scalar).

    >>> [b.grade for b in grade_parts(MultiVector({0: 1, 0b11: 2}, dim=2))]
    [0, 2]
    """
    m = m if isinstance(m, MultiVector) else MultiVector(m)
    grades = m.grades or (0,)
    return [Blade._raw(m.dim, k, tuple(m.coefficient(*idx) for idx in Blade.basis(m.dim, k))) for k in grades]


def mixed(x: Any, convert: Any) -> Any:
    """``convert`` applied to each grade of a mixed-grade MultiVector and summed in the target library; else None.

    One grade is a blade, converted as one. So every ``to_*`` takes any result,
    the geometric product's included.
    """
    if not isinstance(x, MultiVector):
        return None
    parts = grade_parts(x)
    out = convert(parts[0])
    for b in parts[1:]:
        out = out + convert(b)
    return out


def composite(x: Any, convert: Any) -> Any:
    """The ``to_*`` of a result made of several: None for one result, which the caller converts itself.

    A MultiVector of several grades is converted grade by grade and summed in
    the target library (:func:`mixed`); several results (:func:`several`) give
    a list, converted one by one.
    """
    whole = mixed(x, convert)
    if whole is not None:
        return whole
    items = several(x)
    return None if items is None else [convert(v) for v in items]


def several(x: Any) -> list | None:
    """The results a ``to_*`` function converts one by one, or None for one result.

    Several: a list or tuple of vectors, blades, multivectors or scalars (a list
    of numbers alone is one vector); the neuron weights ``w_j`` of a network
    (an object with ``units``, such as :class:`~exactwedge.Network`), of a fit
    (an object with a ``network``, such as :class:`~exactwedge.FitResult`) or
    of a dictionary (an object with ``neurons``). One neuron (an object with
    ``w`` and ``b``) is its weight vector. Duck-typed: ``ga`` sits below them.
    """
    if isinstance(x, (Blade, MultiVector)) or _is_foreign(x):
        return None
    if hasattr(getattr(x, "network", None), "units"):
        x = x.network
    if hasattr(x, "units"):
        return [weight(u) for u in x.units]
    if hasattr(x, "neurons") and not callable(x.neurons):
        return [weight(u) for u in x.neurons]
    if isinstance(x, (list, tuple)) and any(
        isinstance(v, (Blade, list, tuple)) or _is_foreign(v) or hasattr(v, "units") or hasattr(v, "network")
        or hasattr(v, "w") for v in x
    ):
        return list(x)
    return None


def _is_foreign(x: Any) -> bool:
    from ...numbers.multivectors import multivector_library

    return multivector_library(x) is not None


def weight(unit: Any) -> Blade:
    """The weight vector ``w`` of a neuron; square roots (:class:`~exactwedge.numbers.Surd`, ``norm=2``) as SymPy."""
    return Blade._raw(len(unit.w), 1, tuple(_numbers.to_sympy(c) if isinstance(c, _numbers.Surd) else _numbers.exact(c)
                                          for c in unit.w))


def as_blade(x: Any, dim: int | None = None, *, target: str = "alg") -> Blade:
    """One result as a :class:`Blade`: a Blade, a multivector of one grade, a neuron's
    weight, a sequence read as a vector, or a scalar (grade 0 in R^dim; without
    ``dim``, from the target algebra, it has none)."""
    if isinstance(x, Blade) or _is_foreign(x):
        return _as_blade(x)
    if hasattr(x, "w") and hasattr(x, "b"):
        return weight(x)
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__") and not hasattr(x, "shape"):
        q = _numbers.to_sympy(x) if isinstance(x, _numbers.Surd) else _numbers.exact(x)
        if dim is None:
            raise InvalidInputError(
                f"the scalar {x} has no dimension of its own: pass {target}= (the algebra to place it in)")
        return Blade._raw(dim, 0, (q,))
    return _as_blade(x)


def check_max_denominator(max_denominator: Any) -> None:
    if max_denominator is not None and (
        isinstance(max_denominator, bool) or not isinstance(max_denominator, int) or max_denominator < 1
    ):
        raise InvalidInputError(f"max_denominator must be a positive integer, got {max_denominator!r}")


def _is_float(x: Any) -> bool:
    return isinstance(x, float) or (type(x).__module__ == "numpy" and type(x).__name__.startswith("float"))


def read_scalar(x: Any, *, library: str, from_float: bool, max_denominator: int | None) -> Any:
    """One coefficient of a foreign multivector as an exact number.

    Floats (Python, numpy, SymPy ``Float`` atoms) enter only when the caller
    asked for it with ``from_float=True`` or a ``max_denominator``; they are
    then converted by :func:`exactwedge.from_float` (exact binary value, or the
    closest fraction with a bounded denominator).
    """
    allow = from_float or max_denominator is not None
    if type(x).__name__ == "RationalPolynomial" and hasattr(x, "tosympy"):  # kingdon's own symbolic type
        x = x.tosympy()
    if _is_float(x):
        if not allow:
            raise NonExactInputError(
                f"{library} returned the float {float(x)!r}; floats never enter exactwedge silently: "
                "pass from_float=True (exact binary value) or max_denominator=N to convert on purpose"
            )
        return _numbers.from_float(x, max_denominator)
    if type(x).__module__.startswith("sympy"):
        import sympy

        if isinstance(x, sympy.Basic) and x.has(sympy.Float):
            if not allow:
                raise NonExactInputError(
                    f"{library} returned {x}, which contains a SymPy Float; floats never enter exactwedge "
                    "silently: pass from_float=True (exact binary value) or max_denominator=N to convert on purpose"
                )

            def _rat(f: Any) -> Any:
                q = Fraction(int(sympy.Rational(f).p), int(sympy.Rational(f).q))
                if max_denominator is not None:
                    q = q.limit_denominator(max_denominator)
                return sympy.Rational(q.numerator, q.denominator)

            x = x.xreplace({f: _rat(f) for f in x.atoms(sympy.Float)})
        if isinstance(x, sympy.Basic):
            x = sympy.expand(x)
    return _numbers.exact(x)


def select_grade(
    dim: int,
    parts: dict[int, list],
    grade: int | None,
    *,
    library: str,
    present: set[int] | None = None,
) -> Blade:
    """Turn per-grade coefficient lists (our order) into one :class:`Blade`.

    ``parts[k]`` holds the ``comb(dim, k)`` exact coefficients of grade k (a
    missing grade is zero). Without ``grade`` the multivector must be
    homogeneous: exactly one grade may carry a nonzero coefficient. ``present``
    names grades that the foreign object declares even when their values are
    zero (kingdon keeps keys of zero values); it settles the grade of a zero.
    """
    if grade is not None:
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= dim:
            raise DimensionError(f"grade must be an integer in 0..{dim}, got {grade!r}")
        coeffs = parts.get(grade) or [Fraction(0)] * math.comb(dim, grade)
        return Blade._raw(dim, grade, tuple(coeffs))
    nonzero = sorted(k for k, cs in parts.items() if any(c != 0 for c in cs))
    if len(nonzero) > 1:
        raise DimensionError(
            f"the {library} multivector is not homogeneous: it has parts of grades {nonzero}; "
            "expected one grade (pass grade=k to take the grade-k part)"
        )
    if nonzero:
        k = nonzero[0]
        return Blade._raw(dim, k, tuple(parts[k]))
    declared = sorted(present or ())
    if len(declared) == 1:
        k = declared[0]
        return Blade._raw(dim, k, tuple(parts.get(k) or [Fraction(0)] * math.comb(dim, k)))
    raise InvalidInputError(
        f"the {library} multivector is zero, so it has no grade of its own; pass grade=k"
    )


def empty_parts(dim: int) -> dict[int, list]:
    return {k: [Fraction(0)] * math.comb(dim, k) for k in range(dim + 1)}


def place(parts: dict[int, list], positions: tuple[int, ...], value: Any, dim: int) -> None:
    """Add ``value`` times the blade ``e_{p0} ∧ e_{p1} ∧ …`` (0-based positions,
    in the given order) to ``parts``, moving the sign of the reordering onto
    the coefficient."""
    s = perm_sign(positions)
    if s == 0:
        raise InvalidInputError(f"repeated basis vector in blade {positions}")
    key = tuple(sorted(positions))
    k = len(key)
    idx = combo_index(dim, k)[key]
    parts[k][idx] = parts[k][idx] + (value if s > 0 else -value)


def blade_items(blade: Blade) -> list[tuple[tuple[int, ...], Any]]:
    """(0-based sorted index tuple, coefficient) for every basis blade of ``blade``'s grade."""
    return list(zip(combos(blade.dim, blade.grade), blade.coefficients))


#: clifford and galgebra are dependencies of exactwedge (kingdon is in the ``interop`` extra).
CORE_LIBRARIES = ("clifford", "galgebra")


def lazy_import(module: str, extra: str = "interop") -> Any:
    """Import a library on first use, or raise BackendNotInstalledError naming the pip command."""
    import importlib

    from ...exceptions import BackendNotInstalledError

    try:
        return importlib.import_module(module)
    except ImportError as e:  # pragma: no cover - the libraries are installed in CI
        top = module.split(".")[0]
        pip = f"pip install {top}" if top in CORE_LIBRARIES else f"pip install 'exactwedge[{extra}]'"
        raise BackendNotInstalledError(f"{top} is not installed: {pip}") from e
