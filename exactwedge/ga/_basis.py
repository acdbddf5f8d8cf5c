"""Basis blades of the exterior algebra of R^d, and exact determinants.

Private helpers shared by the GA modules: the ordering of basis blades
(lexicographic ``itertools.combinations``), permutation signs, and a
determinant that works over the integers, the rationals
(:func:`exactwedge.numbers.linalg.det`) and SymPy polynomial rings
(division-free) alike.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from ..numbers.linalg import det as linalg_det

#: Above this many coefficients a blade is refused rather than built.
MAX_BLADE_COEFFICIENTS = 1_000_000


@lru_cache(maxsize=None)
def combos(d: int, k: int) -> tuple[tuple[int, ...], ...]:
    """All sorted k-subsets of range(d), lexicographic."""
    return tuple(itertools.combinations(range(d), k))


@lru_cache(maxsize=None)
def combo_index(d: int, k: int) -> dict[tuple[int, ...], int]:
    return {c: i for i, c in enumerate(combos(d, k))}


def perm_sign(seq: Sequence[int]) -> int:
    """Sign of the permutation that sorts ``seq`` (0 if it repeats)."""
    seq = list(seq)
    if len(set(seq)) != len(seq):
        return 0
    sign = 1
    for i in range(len(seq)):
        for j in range(i + 1, len(seq)):
            if seq[i] > seq[j]:
                sign = -sign
    return sign


@lru_cache(maxsize=None)
def merge_table(d: int, k: int, l: int) -> tuple[tuple[int, int, int, int], ...]:
    """(index of I, index of J, index of I∪J, sign) for disjoint I (grade k), J (grade l)."""
    out = []
    target = combo_index(d, k + l)
    for a, I in enumerate(combos(d, k)):
        for b, J in enumerate(combos(d, l)):
            if set(I) & set(J):
                continue
            out.append((a, b, target[tuple(sorted(I + J))], perm_sign(I + J)))
    return tuple(out)


@lru_cache(maxsize=None)
def complement_table(d: int, k: int) -> tuple[tuple[int, int], ...]:
    """For each basis k-blade I (by index): (index of its complement, sign of I+I^c)."""
    target = combo_index(d, d - k)
    out = []
    for I in combos(d, k):
        J = tuple(i for i in range(d) if i not in I)
        out.append((target[J], perm_sign(I + J)))
    return tuple(out)


# ---- basis blades as bitmasks (bit j is e_{j+1}), for MultiVector
@lru_cache(maxsize=None)
def blade_mask_sign(a: int, b: int) -> int:
    """Sign of the basis-blade product ``e_A e_B = sign · e_{A xor B}`` (Euclidean metric)."""
    a >>= 1
    swaps = 0
    while a:
        swaps += bin(a & b).count("1")
        a >>= 1
    return -1 if swaps & 1 else 1


def mask_grade(mask: int) -> int:
    return bin(mask).count("1")


def mask_indices(mask: int) -> tuple[int, ...]:
    """1-based indices of a bitmask (bit j is ``e_{j+1}``)."""
    return tuple(j + 1 for j in range(mask.bit_length()) if mask >> j & 1)


def blade_key(key: Any, dim: int) -> tuple[int, int]:
    """(bitmask, sign) of a key: an int bitmask or a tuple of 1-based indices in any order."""
    if isinstance(key, bool):
        raise InvalidInputError(f"a basis blade key is a bitmask or a tuple of indices, got {key!r}")
    if isinstance(key, int):
        if not 0 <= key < 1 << dim:
            raise DimensionError(f"the bitmask {key} names no basis blade of R^{dim}")
        return key, 1
    if not isinstance(key, tuple) or any(isinstance(i, bool) or not isinstance(i, int) for i in key):
        raise InvalidInputError(f"a basis blade key is a bitmask or a tuple of indices, got {key!r}")
    if any(not 1 <= i <= dim for i in key):
        raise DimensionError(f"basis indices must be in 1..{dim}, got {key}")
    if len(set(key)) != len(key):
        raise DimensionError(f"repeated basis index in {key}")
    return sum(1 << (i - 1) for i in key), perm_sign(key)


def det(rows: Sequence[Sequence[Any]]) -> Any:
    """Exact determinant of a square matrix of ints, Fractions or SymPy expressions.

    Rationals go to :func:`exactwedge.numbers.linalg.det` (python-flint);
    SymPy entries use a division-free Laplace expansion over column subsets,
    so the result is a polynomial in the entries.
    """
    if any(type(c).__module__.startswith("sympy") for r in rows for c in r):
        return _laplace_det(rows)
    return linalg_det(rows)


def _polynomial_rows(rows: Sequence[Sequence[Any]]) -> tuple[Any, list[list[Any]]] | None:
    """The entries as elements of ``QQ[symbols]`` (SymPy's sparse ring), or None when one is not such a polynomial."""
    import sympy
    from sympy.polys.rings import ring

    flat = [sympy.sympify(c) for r in rows for c in r]
    symbols = sorted(set().union(*(e.free_symbols for e in flat)), key=sympy.default_sort_key)
    if not symbols or any(not isinstance(s, sympy.Symbol) for s in symbols):
        return None
    R = ring(symbols, sympy.QQ)[0]
    try:
        els = [R.from_expr(e) for e in flat]
    except (ValueError, TypeError, sympy.polys.polyerrors.PolynomialError, sympy.CoercionFailed):
        return None
    n = len(rows[0]) if rows else 0
    return R, [els[i * n:(i + 1) * n] for i in range(len(rows))]


def _laplace_det(rows: Sequence[Sequence[Any]]) -> Any:
    """Division-free determinant by expansion over column subsets (O(n 2^n)).

    Polynomial entries with rational coefficients are expanded in SymPy's sparse
    polynomial ring (the same expanded expression as ``sympy.expand``, built term by
    term instead of from nested products); other entries go through SymPy expressions.
    """
    import sympy

    ring_rows = _polynomial_rows(rows)
    if ring_rows is not None:
        R, rows = ring_rows
        return _laplace_minors(rows, R.one, R.zero).as_expr()
    return sympy.expand(_laplace_minors(rows, sympy.Integer(1), 0))


def _laplace_minors(rows: Sequence[Sequence[Any]], one: Any, zero: Any) -> Any:
    """The Laplace expansion itself, over any commutative ring (``one``, ``zero``)."""
    n = len(rows)
    # minors[S] = det of rows[0:|S|] restricted to the columns in S (bitmask)
    minors: dict[int, Any] = {0: one}
    for r in range(n):
        new: dict[int, Any] = {}
        for mask, val in minors.items():
            if val == 0:
                continue
            # add column c for row r; sign from the number of chosen columns above c
            for c in range(n):
                if mask >> c & 1:
                    continue
                entry = rows[r][c]
                if entry == 0:
                    continue
                above = bin(mask >> (c + 1)).count("1")
                term = val * entry if above % 2 == 0 else -val * entry
                key = mask | (1 << c)
                new[key] = new.get(key, zero) + term
        minors = new
    return minors.get((1 << n) - 1, zero)
