"""Basis blades of the exterior algebra of R^d, and exact determinants.

Private helpers shared by the GA modules: the ordering of basis blades
(lexicographic ``itertools.combinations``), permutation signs, and a
division-free determinant that works over the integers, the rationals and
SymPy polynomial rings alike.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import lru_cache
from typing import Any, Sequence

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


def det(rows: Sequence[Sequence[Any]]) -> Any:
    """Exact determinant of a square matrix of ints, Fractions or SymPy expressions.

    Rationals are scaled to integers and reduced with fraction-free Bareiss
    elimination (python-flint for large sizes); SymPy entries use a
    division-free Laplace expansion over column subsets, so the result is a
    polynomial in the entries.
    """
    n = len(rows)
    if n == 0:
        return Fraction(1)
    if any(type(c).__module__.startswith("sympy") for r in rows for c in r):
        return _laplace_det(rows)
    ints, scales = [], 1
    for r in rows:
        s = 1
        for c in r:
            s = math.lcm(s, Fraction(c).denominator)
        ints.append([int(Fraction(c) * s) for c in r])
        scales *= s
    return Fraction(int_det(ints), scales)


def int_det(rows: list[list[int]]) -> int:
    """Exact determinant of an integer matrix (Bareiss; python-flint above 8x8)."""
    n = len(rows)
    if n == 0:
        return 1
    if n == 1:
        return rows[0][0]
    if n == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    if n > 8:
        try:
            import flint
        except ImportError:  # pragma: no cover - flint is a core dependency
            pass
        else:
            return int(flint.fmpz_mat(rows).det())
    m = [list(r) for r in rows]
    sign, prev = 1, 1
    for k in range(n - 1):
        if m[k][k] == 0:
            for i in range(k + 1, n):
                if m[i][k] != 0:
                    m[k], m[i] = m[i], m[k]
                    sign = -sign
                    break
            else:
                return 0
        pivot = m[k][k]
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                m[i][j] = (m[i][j] * pivot - m[i][k] * m[k][j]) // prev
        prev = pivot
    return sign * m[n - 1][n - 1]


def _laplace_det(rows: Sequence[Sequence[Any]]) -> Any:
    """Division-free determinant by expansion over column subsets (O(n 2^n))."""
    import sympy

    n = len(rows)
    # minors[S] = det of rows[0:|S|] restricted to the columns in S (bitmask)
    minors: dict[int, Any] = {0: sympy.Integer(1)}
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
                new[key] = new.get(key, 0) + term
        minors = new
    return sympy.expand(minors.get((1 << n) - 1, sympy.Integer(0)))
