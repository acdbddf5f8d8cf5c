"""Independent exact enumerations used by the checks (no cross products here).

* :func:`vertices` — the vertices of a bounded polyhedron ``{x : G x ≤ h}`` by
  brute force over d-subsets of its rows (exact Cramer's rule, vectorized).
* :func:`nullspace_rays` — candidate extreme rays of ``{v : A v ≥ 0}`` from the
  exact null spaces (:func:`exactwedge.numbers.linalg.nullspace`) of (d−1)-subsets of rows.
* :func:`is_extreme_point` / :func:`is_extreme_ray` — the *definitions*
  (not a midpoint of two other points; not a sum of two independent cone
  vectors), decided by exact linear programs.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Q
from typing import Sequence

import numpy as np

from exactwedge.lp.linprog import linprog_exact
from exactwedge.numbers import linalg

__all__ = ["vertices", "nullspace_rays", "is_extreme_point", "is_extreme_ray", "l1_normalize", "rank"]

_INT64_SAFE = 2**62


def rank(rows: Sequence[Sequence]) -> int:
    """Exact rank of a rational matrix (:func:`exactwedge.numbers.linalg.rank`).

    >>> rank([[1, 2], [2, 4], [0, 1]])
    2
    """
    return linalg.rank(rows)


def _int_rows(G: Sequence[Sequence], h: Sequence) -> tuple[list[list[int]], list[int]]:
    """Scale each inequality g·x ≤ h by the lcm of its denominators (a positive factor)."""
    out, rhs = [], []
    for g, b in zip(G, h):
        L = 1
        for c in list(g) + [b]:
            L = math.lcm(L, Q(c).denominator)
        out.append([int(Q(c) * L) for c in g])
        rhs.append(int(Q(b) * L))
    return out, rhs


def _batch_det(M: np.ndarray) -> np.ndarray:
    """Exact determinants of a batch (B, k, k) of integer matrices (Laplace; small k)."""
    k = M.shape[1]
    if k == 1:
        return M[:, 0, 0].copy()
    if k == 2:
        return M[:, 0, 0] * M[:, 1, 1] - M[:, 0, 1] * M[:, 1, 0]
    out = None
    for j in range(k):
        cols = [c for c in range(k) if c != j]
        term = M[:, 0, j] * _batch_det(M[:, 1:, :][:, :, cols])
        out = term if out is None else (out + term if j % 2 == 0 else out - term)
    return out


def l1_normalize(v: Sequence) -> tuple:
    """``v / ‖v‖₁`` as a tuple of Fractions (v ≠ 0).

    >>> l1_normalize([2, -2, 0])
    (Fraction(1, 2), Fraction(-1, 2), Fraction(0, 1))
    """
    s = sum((abs(Q(c)) for c in v), Q(0))
    return tuple(Q(c) / s for c in v)


def vertices(G: Sequence[Sequence], h: Sequence) -> set:
    """The vertices of the bounded polyhedron ``{x : G x ≤ h}``, exactly.

    Every d-subset of rows with a nonzero determinant gives one candidate by
    Cramer's rule; it is a vertex when it satisfies every row. (Brute force,
    independent of any cross product.)

    Parameters
    ----------
    G : (m, d) rationals
    h : (m,) rationals

    Returns
    -------
    set of tuple of Fraction

    Examples
    --------
    >>> sorted(vertices([[1, 1], [-1, 0], [0, -1]], [1, 0, 0]))
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
    """
    Gi, hi = _int_rows(G, h)
    m = len(Gi)
    d = len(Gi[0])
    if m < d:
        return set()
    Mx = max([abs(c) for r in Gi for c in r] + [abs(c) for c in hi] + [1])
    bound = math.factorial(d) * Mx ** d * (d * Mx + 1) * m
    dtype = np.int64 if bound < _INT64_SAFE else object
    Ga = np.array(Gi, dtype=dtype)
    ha = np.array(hi, dtype=dtype)
    S = np.array(list(itertools.combinations(range(m), d)), dtype=np.intp)
    M = Ga[S]  # (B, d, d)
    det = _batch_det(M)
    nz = det != 0
    S, M, det = S[nz], M[nz], det[nz]
    if not len(S):
        return set()
    nums = []
    for i in range(d):
        Mi = M.copy()
        Mi[:, :, i] = ha[S]
        nums.append(_batch_det(Mi))
    N = np.stack(nums, axis=1)  # (B, d): x = N / det
    sgn = np.where(det > 0, 1, -1).astype(dtype)
    lhs = (N @ Ga.T) * sgn[:, None]  # (B, m) = sign(det) * G x * det
    rhs = ha[None, :] * (det * sgn)[:, None]
    ok = np.all(lhs <= rhs, axis=1)
    # one key per point: (x·D, D) with D > 0 and gcd 1 is unique, so repeated vertices become Fractions once
    keys = set()
    for num, dt in zip(N[ok].tolist(), det[ok].tolist()):
        g = math.gcd(dt, *num)
        if dt < 0:
            g = -g
        keys.add((dt // g,) + tuple(a // g for a in num))
    return {tuple(Q(int(a), int(k[0])) for a in k[1:]) for k in keys}


def nullspace_rays(A: Sequence[Sequence]) -> set:
    """Extreme-ray candidates of ``{v : A v ≥ 0}``: ℓ1-normalized null vectors of (d−1)-row subsets.

    For each (d−1)-subset of rows of rank d−1, the null space (exact,
    :func:`exactwedge.numbers.linalg.nullspace`) is a line; each of its two directions that satisfies
    every row is kept. No cross product is involved.

    >>> sorted(nullspace_rays([[1, 0], [0, 1]]))
    [(Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
    """
    rows = [[Q(c) for c in r] for r in A]
    d = len(rows[0])
    out = set()
    if d == 1:
        cands = [(Q(1),), (Q(-1),)]
    else:
        cands = []
        for S in itertools.combinations(range(len(rows)), d - 1):
            null = linalg.nullspace([rows[i] for i in S])
            if len(null) != 1:
                continue
            cands.append(tuple(Q(c) for c in null[0]))
    for v in cands:
        for s in (1, -1):
            w = [s * c for c in v]
            if all(sum((a * b for a, b in zip(r, w)), Q(0)) >= 0 for r in rows):
                out.add(l1_normalize(w))
    return out


def is_extreme_point(x: Sequence, A: Sequence[Sequence], b: Sequence, C: Sequence[Sequence] = (),
                     e: Sequence = ()) -> bool:
    """Whether x is an extreme point of ``{A x ≤ b, C x = e}`` by the definition, via exact LPs.

    x is extreme iff no δ ≠ 0 has x ± δ feasible; with δ boxed in [−1, 1],
    that is: max and min of every coordinate of δ are 0.

    >>> is_extreme_point([0, 0], [[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    True
    >>> is_extreme_point([Q(1, 2), 0], [[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    False
    """
    x = [Q(c) for c in x]
    m = len(x)
    A = [[Q(c) for c in r] for r in A]
    Aub, bub = [], []
    for r, bb in zip(A, b):
        ax = sum((p * q for p, q in zip(r, x)), Q(0))
        Aub.append(list(r))       # A(x + δ) ≤ b
        bub.append(Q(bb) - ax)
        Aub.append([-c for c in r])  # A(x − δ) ≤ b
        bub.append(Q(bb) - ax)
    for i in range(m):
        unit = [Q(0)] * m
        unit[i] = Q(1)
        Aub.append(unit)
        bub.append(Q(1))
        Aub.append([-c for c in unit])
        bub.append(Q(1))
    Aeq = [list(r) for r in C] or None
    beq = [Q(0)] * len(C) if C else None
    for i in range(m):
        for s in (1, -1):
            c = [Q(0)] * m
            c[i] = Q(-s)
            res = linprog_exact(c, Aub, bub, Aeq, beq, free=True)
            if res.status != "optimal" or res.value != 0:
                return False
    return True


def is_extreme_ray(v: Sequence, A: Sequence[Sequence]) -> bool:
    """Whether v ≠ 0 spans an extreme ray of ``{u : A u ≥ 0}`` by Def. 6, via exact LPs.

    v is not extreme iff v = a + b with a, b in the cone and independent,
    iff some δ ⊥ v, δ ≠ 0, has v ± δ in the cone.

    >>> is_extreme_ray([1, 0], [[1, 0], [0, 1]]), is_extreme_ray([1, 1], [[1, 0], [0, 1]])
    (True, False)
    """
    v = [Q(c) for c in v]
    A = [[Q(c) for c in r] for r in A]
    if any(sum((p * q for p, q in zip(r, v)), Q(0)) < 0 for r in A):
        return False
    G = [[-c for c in r] for r in A]  # A(v ± δ) ≥ 0  ⇔  ∓Aδ ≤ Av, mirrored by is_extreme_point
    h = [sum((p * q for p, q in zip(r, v)), Q(0)) for r in A]
    return is_extreme_point([Q(0)] * len(v), G, h, [v], [Q(0)])
