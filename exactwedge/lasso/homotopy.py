r"""The exact Lasso path (homotopy), from :math:`\beta_{\max}` down to a target.

On a face F (independent signed columns) the solution is affine in β:

.. math:: v(\beta) = G^{-1}A_F^\top y - \beta\, G^{-1}(\sigma\circ s), \qquad
          K_j^\top r(\beta) = c_j + \beta\, c'_j ,

so each segment ends at the largest β where a magnitude reaches zero or an
inactive correlation reaches ±β. Every knot is rational and computed exactly.

At a knot the next face is found robustly, without tie-breaking rules: the
exact active-set method (:mod:`exactwedge.lasso.active_set`) solves the Lasso
at a β slightly below the knot, warm-started from the current face, and its
face is accepted once its affine extension is checked to be optimal (exact KKT)
back up to the knot. Ties, rank-deficient dictionaries and the ± column pairs
need no special case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from ..exceptions import SolverError
from .active_set import ExactLassoQP, Face, _fq

__all__ = ["Segment", "exact_path", "beta_max"]


def beta_max(qp: ExactLassoQP) -> Fraction:
    """The smallest β with z = 0 optimal: ``max_j |K_jᵀ y|``.

    >>> from fractions import Fraction as Q
    >>> from exactwedge.lasso.columns import ExactColumns
    >>> beta_max(ExactLassoQP(ExactColumns.from_rational([[1, 0], [1, 2]]), [Q(1), Q(-3)]))
    Fraction(6, 1)"""
    best = Fraction(0)
    for j, t in enumerate(qp.AtY):
        v = Fraction(abs(t), qp.q * qp.cols.s[j])
        if v > best:
            best = v
    return best


@dataclass
class Segment:
    """The affine solution on one face: ``v(β) = v0 − β v1`` and correlations ``(T0/E0 + β T1/E1)/s``."""

    F: list
    v0: list
    v1: list
    T0: list
    E0: int
    T1: list
    E1: int

    def magnitudes(self, qp: ExactLassoQP, beta: Fraction) -> list[Fraction]:
        return [sg * qp.cols.s[j] * (a - beta * b) for (j, sg), a, b in zip(self.F, self.v0, self.v1)]

    def z(self, qp: ExactLassoQP, beta: Fraction) -> dict[int, Fraction]:
        return {j: qp.cols.s[j] * (a - beta * b) for (j, _), a, b in zip(self.F, self.v0, self.v1)}

    def valid_at(self, qp: ExactLassoQP, beta: Fraction) -> bool:
        """Exact KKT of the affine extension at ``beta``."""
        if any(p < 0 for p in self.magnitudes(qp, beta)):
            return False
        lp, lq = beta.numerator, beta.denominator
        active = {j for j, _ in self.F}
        s = qp.cols.s
        E0, E1 = self.E0, self.E1
        for j, (t0, t1) in enumerate(zip(self.T0, self.T1)):
            if j in active:
                continue
            if abs(lq * t0 * E1 + lp * t1 * E0) > lp * s[j] * E0 * E1:
                return False
        return True

    def lower_end(self, qp: ExactLassoQP, below: Fraction) -> Fraction:
        """The smallest β ≥ 0 down to which this face stays optimal, given it is at ``below``."""
        cands_f: list[tuple[float, int, int]] = []  # (float value, num, den) candidates
        exact: list[Fraction] = []
        for (j, sg), a, b in zip(self.F, self.v0, self.v1):
            if sg * b < 0:  # magnitude shrinks as β decreases
                exact.append(a / b)
        s = qp.cols.s
        E0, E1 = self.E0, self.E1
        active = {j for j, _ in self.F}
        best_f = -math.inf
        for j, (t0, t1) in enumerate(zip(self.T0, self.T1)):
            if j in active:
                continue
            d1 = E1 * s[j] - t1
            if d1 > 0 and t0 > 0:
                num, den = t0 * E1, E0 * d1
                f = num / den
                cands_f.append((f, num, den))
                best_f = max(best_f, f)
            d2 = E1 * s[j] + t1
            if d2 > 0 and t0 < 0:
                num, den = -t0 * E1, E0 * d2
                f = num / den
                cands_f.append((f, num, den))
                best_f = max(best_f, f)
        if cands_f:
            cut = best_f * (1 - 1e-9)
            exact.extend(Fraction(num, den) for f, num, den in cands_f if f >= cut)
        lo = max(exact, default=Fraction(0))
        return min(max(lo, Fraction(0)), below)


def segment(qp: ExactLassoQP, F: Sequence[tuple[int, int]]) -> Segment:
    """The affine solution of face F (independent columns)."""
    import flint

    cols = qp.cols
    idx = [j for j, _ in F]
    k = len(F)
    if k:
        AF = cols.int_columns(idx)
        G = flint.fmpq_mat(AF.transpose() * AF)
        rhs0 = flint.fmpq_mat(k, 1, [flint.fmpq(qp.AtY[j], qp.q) for j in idx])
        rhs1 = flint.fmpq_mat(k, 1, [sg * cols.s[j] for j, sg in F])
        try:
            v0m, v1m = G.solve(rhs0), G.solve(rhs1)
        except ZeroDivisionError:
            raise SolverError("internal error: dependent face on the path") from None
        v0 = [_fq(v0m[i, 0]) for i in range(k)]
        v1 = [_fq(v1m[i, 0]) for i in range(k)]
    else:
        v0, v1 = [], []
    D0 = math.lcm(qp.q, *[v.denominator for v in v0]) if v0 else qp.q
    V0 = [int(v * D0) for v in v0]
    AV0 = cols.times(idx, V0)
    R0 = [y * (D0 // qp.q) - a for y, a in zip(qp.Y, AV0)]
    D1 = math.lcm(1, *[v.denominator for v in v1]) if v1 else 1
    V1 = [int(v * D1) for v in v1]
    R1 = cols.times(idx, V1)
    return Segment(list(F), v0, v1, cols.At_times(R0), D0, cols.At_times(R1), D1)


def exact_path(qp: ExactLassoQP, beta_min: Fraction, *, max_knots: int = 100_000,
               progress=None) -> tuple[list[tuple[Fraction, dict]], Segment, Fraction]:
    """Knots of the exact path from β_max down to ``beta_min``.

    Returns ``(knots, last_segment, beta_max)`` where ``knots`` is a list of
    ``(β, {j: z_j})`` from β_max down (β_max with z = 0 first, and a final
    entry at ``beta_min``), and ``last_segment`` covers ``beta_min``.

    >>> from fractions import Fraction as Q
    >>> from exactwedge.lasso.columns import ExactColumns
    >>> qp = ExactLassoQP(ExactColumns.from_rational([[1, 0], [0, 1]]), [Q(3), Q(1)])
    >>> knots, seg, bmax = exact_path(qp, Q(1, 2))
    >>> [(str(b), {j: str(v) for j, v in z.items()}) for b, z in knots]
    [('3', {}), ('1', {0: '2'}), ('1/2', {0: '5/2', 1: '1/2'})]
    """
    bmax = beta_max(qp)
    knots: list[tuple[Fraction, dict]] = [(bmax, {})]
    face = Face()
    lam = bmax
    seg = segment(qp, [])
    if beta_min >= bmax or bmax == 0:
        return [(beta_min, {})] if beta_min >= bmax else knots, seg, bmax
    while lam > beta_min:
        if len(knots) > max_knots:
            raise SolverError(f"the path has more than {max_knots} knots")
        gap = lam - beta_min
        delta = min(gap, lam / 1024) if gap > 0 else gap
        for _attempt in range(64):
            lam2 = lam - delta
            face2 = qp.solve(lam2, face)
            seg = segment(qp, face2.F)
            if seg.valid_at(qp, lam):
                break
            delta /= 1024
        else:  # pragma: no cover - knots are finite, so a small enough step always works
            raise SolverError("could not find the face after a knot")
        lo = seg.lower_end(qp, lam2)
        face = Face(list(face2.F), [])
        if lo <= beta_min:
            knots.append((beta_min, seg.z(qp, beta_min)))
            lam = beta_min
            break
        knots.append((lo, seg.z(qp, lo)))
        lam = lo
        if progress is not None:
            progress(lam)
    return knots, seg, bmax
