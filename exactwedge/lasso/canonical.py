r"""One canonical optimum among the many of a degenerate Lasso.

On a rank-deficient dictionary the Lasso optimum need not be unique: the
fitted values :math:`Kz` (so the residual :math:`r`, the value and the
equicorrelation set :math:`E = \{j : \lvert K_j^\top r\rvert = \beta\}` with
signs :math:`\sigma_j`) are unique, but every magnitude vector of the polytope

.. math:: P = \{\, p \ge 0 \;:\; \textstyle\sum_{j\in E} p_j\,\sigma_j K_j = Kz^\star \,\}

gives an optimal :math:`z = \sigma\circ p` (its ℓ1 norm is the same,
:math:`r^\top Kz^\star/\beta`). Which vertex of :math:`P` the active-set method
reaches depends on where it starts, and the start is a float guess whose
rounding changes with the BLAS kernel. :func:`canonical_face` replaces it by
the **lexicographically smallest** point of :math:`P`, :math:`(p_0, p_1, \dots)`
in column order (it keeps the earlier columns out longest) — unique, a vertex,
and a function of the exact problem alone — found by exact simplex pivots on
:math:`P` (Bland's rule, so degenerate steps end).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import SolverError
from .active_set import ExactLassoQP, Face
from ..numbers import clamped_float
from .columns import float_magnitudes

__all__ = ["canonical_face"]


def _tied(qp: ExactLassoQP, face: Face, beta: Fraction) -> dict[int, int]:
    """``{j: σ_j}`` for the columns with ``K_jᵀ r = σ_j β`` exactly at ``face``."""
    t, D = qp.correlations(face)
    s = qp.cols.s
    mags = float_magnitudes(t, s, D)
    cand = np.flatnonzero(mags >= clamped_float(beta) * (1 - 1e-9)).tolist()
    return {j: (1 if t[j] > 0 else -1) for j in cand if abs(t[j]) * beta.denominator == beta.numerator * s[j] * D}


def _coefficients(qp: ExactLassoQP, basis: list[tuple[int, int]], cols: list[int]) -> Any:
    """The exact ``k × len(cols)`` matrix of α_j (``A_j = A_B α_j``), one flint solve for all of ``cols``.

    Every tied column lies in the span of the (independent) basis columns, so the
    normal equations ``A_Bᵀ A_B α = A_Bᵀ A_j`` give its coefficients exactly.
    """
    import flint

    AB = qp.cols.int_columns([k for k, _ in basis])
    return flint.fmpq_mat(AB.transpose() * AB).solve(flint.fmpq_mat(AB.transpose() * qp.cols.int_columns(cols)))


def canonical_face(qp: ExactLassoQP, face: Face, beta: Fraction, *, max_iter: int = 100_000) -> Face:
    """The lexicographically smallest optimal magnitudes, from any optimal ``face``.

    ``face`` must be an optimum of ``qp`` at ``beta`` (as :meth:`ExactLassoQP.solve`
    returns it). When the optimum is unique the face comes back unchanged.

    Examples
    --------
    Two equal columns: any split of the coefficient between them is optimal,
    and the canonical one puts it all on the later column.

    >>> from exactwedge.lasso.columns import ExactColumns
    >>> qp = ExactLassoQP(ExactColumns.from_rational([[1, 1], [2, 2]]), [Fraction(3), Fraction(6)])
    >>> face = qp.solve(Fraction(1), Face([(0, 1)], []))  # started on column 0
    >>> face.z(2), canonical_face(qp, face, Fraction(1)).z(2)
    ([Fraction(14, 5), Fraction(0, 1)], [Fraction(0, 1), Fraction(14, 5)])
    """
    sign = _tied(qp, face, beta)
    if any(sign.get(j) != sg for j, sg in face.F):
        raise SolverError("canonical_face needs an optimal face (a column of it is not at the bound β)")
    if len(sign) == len(face.F):
        return face  # E = F, independent: the optimum is unique
    s = qp.cols.s
    basis, x = list(face.F), list(face.p)
    # a basis of span{σ_j K_j : j ∈ E}: the face, then the other tied columns at level 0
    for j in sorted(sign):
        if j not in {k for k, _ in basis} and qp.dependence(basis, j) is None:
            basis.append((j, sign[j]))
            x.append(Fraction(0))
    pivots = 0
    while True:
        if pivots > max_iter:
            raise SolverError(f"the canonical optimum was not reached in {max_iter} pivots")
        in_basis = {k for k, _ in basis}
        enter = None
        outside = sorted(set(sign) - in_basis)
        sol = _coefficients(qp, basis, outside) if outside else None
        for c, j in enumerate(outside):  # Bland: the first improving column enters
            alpha = [sol[r, c] for r in range(len(basis))]  # flint fmpq, exact
            # σ_j K_j = Σ γ_k σ_k K_k; raising p_j by λ lowers p_k by λ γ_k. It improves when
            # the first column it moves (the first in the order of the objective) goes down.
            # γ_k has the sign of α_k σ_j σ_k (the scales s are positive): only the entering
            # column's γ is computed in full.
            moved = [(k, row) for row, (a, (k, _)) in enumerate(zip(alpha, basis)) if a]
            lead, row = min(moved, default=(j, -1))
            if lead < j and alpha[row] * sign[j] * basis[row][1] > 0:
                enter = (j, [Fraction(int(a.p), int(a.q)) * sign[j] * sk * s[k] / s[j] for a, (k, sk) in zip(alpha, basis)])
                break
        if enter is None:
            break
        j, gamma = enter
        ratios = [(xk / g, k, row) for row, ((k, _), xk, g) in enumerate(zip(basis, x, gamma)) if g > 0]
        if not ratios:  # pragma: no cover - Σγ = 1 (every tied column has r-correlation β)
            raise SolverError("internal error: an unbounded direction on the optimal face")
        step = min(r for r, _, _ in ratios)
        row = min((k, rw) for r, k, rw in ratios if r == step)[1]  # Bland: the smallest index leaves
        x = [xk - step * g for xk, g in zip(x, gamma)]
        x[row] = step
        basis[row] = (j, sign[j])
        pivots += 1
    kept = sorted((k, sk, xk) for (k, sk), xk in zip(basis, x) if xk > 0)
    return Face([(k, sk) for k, sk, _ in kept], [xk for _, _, xk in kept], face.iterations, face.pivots + pivots)
