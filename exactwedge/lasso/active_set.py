r"""An exact primal active-set method for the Lasso, in rational arithmetic.

The Lasso :math:`\min_z \tfrac12\lVert Kz - y\rVert^2 + \beta\lVert z\rVert_1` is
solved as the bound-constrained QP over magnitudes :math:`p \ge 0` of signed
columns :math:`\sigma_j a_j`. The method keeps a *face* F of columns that are
linearly independent (so each face problem has a unique rational solution
:math:`G v = A_F^\top y - \beta\,\sigma\circ s`) and

1. minimizes on the face, stepping back to the boundary when a magnitude
   would turn negative (and dropping it from F);
2. at a face optimum, prices every column exactly: a column with
   :math:`\lvert K_j^\top r\rvert > \beta` enters with the sign of its correlation;
3. if the entering column is linearly dependent on F (the ± pairs and the
   identity :math:`(x-x_j)_+ - (x_j-x)_+ = x - x_j` make this common), the
   objective is linear along the null direction, so it takes a simplex-like
   ratio-test step that swaps it in for a blocking column.

The objective decreases strictly from one face optimum to the next, so no face
repeats and the method terminates; the answer is exact and is then certified
separately (:mod:`exactwedge.lasso.certificate`). This is THEORY §7 route (b)
with real exact active-set steps; a float solve may supply the first face.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from ..exceptions import SolverError
import numpy as np

from ..numbers import clamped_float
from .columns import ExactColumns, float_magnitudes

__all__ = ["ExactLassoQP", "Face"]


def _fq(x) -> Fraction:
    return Fraction(int(x.p), int(x.q))


@dataclass
class Face:
    """A solution state: signed columns ``F`` and their positive magnitudes ``p``.

    ``z_j = σ_j p_j`` on F, zero elsewhere.
    """

    F: list = field(default_factory=list)  # [(j, sigma)]
    p: list = field(default_factory=list)  # [Fraction > 0]
    iterations: int = 0
    pivots: int = 0

    def z(self, m: int) -> list[Fraction]:
        out = [Fraction(0)] * m
        for (j, sg), pj in zip(self.F, self.p):
            out[j] = sg * pj
        return out


class ExactLassoQP:
    """The exact Lasso on fixed columns ``a_j = A_j/s_j`` and labels ``y``.

    Parameters
    ----------
    cols : ExactColumns
        Centred already when an intercept is wanted.
    y : list of Fraction
        Labels (centred likewise).
    """

    def __init__(self, cols: ExactColumns, y: Sequence[Fraction]):
        self.cols = cols
        self.q = 1
        for v in y:
            self.q = math.lcm(self.q, v.denominator)
        self.Y = [int(v * self.q) for v in y]
        self.AtY = cols.At_times(self.Y)

    # ------------------------------------------------------------ face algebra
    def face_solution(self, F: Sequence[tuple[int, int]], beta: Fraction) -> list[Fraction] | None:
        """Magnitudes of the unconstrained optimum on face F, or None if F is dependent."""
        import flint

        if not F:
            return []
        idx = [j for j, _ in F]
        AF = self.cols.int_columns(idx)
        G = AF.transpose() * AF
        rhs = flint.fmpq_mat(len(F), 1, [flint.fmpq(self.AtY[j], self.q) - flint.fmpq(beta.numerator, beta.denominator) * sg * self.cols.s[j] for j, sg in F])
        try:
            v = flint.fmpq_mat(G).solve(rhs)
        except ZeroDivisionError:
            return None
        return [sg * self.cols.s[j] * _fq(v[k, 0]) for k, (j, sg) in enumerate(F)]

    def residual(self, face: Face) -> tuple[list[int], int]:
        """``(R, D)`` with ``r = y − K z = R / D`` exactly (R integer)."""
        D = self.q
        for pj, (j, _) in zip(face.p, face.F):
            D = math.lcm(D, (pj / self.cols.s[j]).denominator)
        V = [int(sg * pj / self.cols.s[j] * D) for (j, sg), pj in zip(face.F, face.p)]
        AV = self.cols.times([j for j, _ in face.F], V)
        scale = D // self.q
        return [yv * scale - av for yv, av in zip(self.Y, AV)], D

    def correlations(self, face: Face) -> tuple[list[int], int]:
        """``(t, D)`` with ``K_jᵀ r = t_j / (s_j D)`` exactly, ``r = y − K z``."""
        R, D = self.residual(face)
        return self.cols.At_times(R), D

    def reaching(self, face: Face, beta: Fraction) -> tuple[list[int], list[int], np.ndarray, int]:
        """``(idx, t, mags, D)``: every column that may have ``|K_jᵀr| ≥ β``, with exact ``t_j = s_j D K_jᵀr``.

        The others are certainly below β (:meth:`ExactColumns.reaching`, exact
        integer bounds; every column exactly when it cannot bound them).
        ``mags`` order ``idx`` by about ``|K_jᵀr|`` (ordering only).
        """
        R, D = self.residual(face)
        out = self.cols.reaching(R, D, beta)
        if out is not None:
            idx, t, mags = out
            return idx, t, mags, D
        t = self.cols.At_times(R)
        mags = float_magnitudes(t, self.cols.s, D)
        idx = np.flatnonzero(mags >= clamped_float(beta) * (1 - 1e-9)).tolist()
        return idx, [t[j] for j in idx], mags[idx], D

    def dependence(self, F: Sequence[tuple[int, int]], i: int) -> list[Fraction] | None:
        """Coefficients α with ``A_i = A_F α`` when column i depends on F, else None."""
        import flint

        if not F:
            return None
        idx = [j for j, _ in F]
        AF = self.cols.int_columns(idx)
        G = AF.transpose() * AF
        ai = flint.fmpz_mat([[int(v)] for v in self.cols.A[:, i]])
        try:
            alpha = flint.fmpq_mat(G).solve(flint.fmpq_mat(AF.transpose() * ai))
        except ZeroDivisionError:  # pragma: no cover - F is independent by construction
            raise SolverError("internal error: the active face lost its independence") from None
        resid = flint.fmpq_mat(ai) - flint.fmpq_mat(AF) * alpha
        if any(resid[r, 0] != 0 for r in range(resid.nrows())):
            return None
        return [_fq(alpha[k, 0]) for k in range(len(F))]

    def independent_subset(self, F: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """F itself when its columns are independent, else a greedy independent subset."""
        F = list(F)
        if not F or self.face_solution(F, Fraction(0)) is not None:
            return F
        out: list[tuple[int, int]] = []
        for f in F:
            if self.face_solution(out + [f], Fraction(0)) is not None:
                out.append(f)
        return out

    # ------------------------------------------------------------ the method
    def _minimize_on_face(self, face: Face, beta: Fraction) -> None:
        """Move to the optimum of the current face, dropping columns that hit zero."""
        while face.F:
            face.iterations += 1
            qm = self.face_solution(face.F, beta)
            if qm is None:
                raise SolverError("internal error: the active face became dependent")
            if all(v > 0 for v in qm):
                face.p = qm
                return
            # step toward qm until a magnitude would turn negative; a column at 0 whose
            # face optimum is also 0 does not move (no 0/0) and is dropped below
            alpha = min((pk / (pk - qk) for pk, qk in zip(face.p, qm) if qk <= 0 and pk != qk), default=Fraction(1))
            newp = [pk + alpha * (qk - pk) for pk, qk in zip(face.p, qm)]
            # drop the blocking columns (those reaching zero while heading below it)
            keep = [k for k, (v, qk) in enumerate(zip(newp, qm)) if v > 0 or qk > 0]
            face.F = [face.F[k] for k in keep]
            face.p = [newp[k] for k in keep]

    def solve(self, beta: Fraction, start: Face | None = None, *, max_iter: int = 100_000) -> Face:
        """The exact minimizer at ``beta``, optionally from a starting face.

        The starting face need only be independent; its magnitudes start at
        zero (a feasible point) and move to the face optimum.
        """
        face = Face(self.independent_subset(start.F), []) if start else Face()
        face.p = [Fraction(0)] * len(face.F)
        bq, bp = beta.denominator, beta.numerator
        s = self.cols.s
        while True:
            self._minimize_on_face(face, beta)
            if face.iterations > max_iter:
                raise SolverError(f"the exact active-set method did not finish in {max_iter} steps")
            idx, t, mags, D = self.reaching(face, beta)
            in_face = {j for j, _ in face.F}
            best, sg = -1, 0
            for k in np.argsort(-mags, kind="stable").tolist():
                j = idx[k]
                if j not in in_face and abs(t[k]) * bq > bp * s[j] * D:
                    best, sg = j, (1 if t[k] > 0 else -1)
                    break
            if best < 0:
                return face
            alpha = self.dependence(face.F, best)
            if alpha is None:
                face.F.append((best, sg))
                face.p.append(Fraction(0))
                continue
            # Dependent: b_i = Σ γ_k b_k with b = σ a; move p_i up, p_F down by γ.
            face.pivots += 1
            gamma = [a * sg * sk * s[jk] / s[best] for a, (jk, sk) in zip(alpha, face.F)]
            ratios = [(pk / gk, k) for k, (pk, gk) in enumerate(zip(face.p, gamma)) if gk > 0]
            if not ratios:
                raise SolverError("internal error: unbounded pivot direction (a column with cost below its correlation)")
            step = min(r for r, _ in ratios)
            newp = [pk - step * gk for pk, gk in zip(face.p, gamma)]
            keep = [k for k, v in enumerate(newp) if v > 0]
            face.F = [face.F[k] for k in keep] + [(best, sg)]
            face.p = [newp[k] for k in keep] + [step]
