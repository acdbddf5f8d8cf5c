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
:math:`P`: the column that lowers the earliest coordinate enters, and a
degenerate step follows Bland's rule, so no cycle can form.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidInputError, SolverError
from ..numbers import clamped_float, float_columns
from ..numbers.floats import FLOAT_TINY, single_threaded_blas
from .active_set import ExactLassoQP, Face, _fq

__all__ = ["canonical_face"]


def _tied(qp: ExactLassoQP, face: Face, beta: Fraction) -> dict[int, int]:
    """``{j: σ_j}`` for the columns with ``K_jᵀ r = σ_j β`` exactly at ``face``."""
    idx, t, _mags, D = qp.reaching(face, beta)
    s = qp.cols.s
    return {j: (1 if tj > 0 else -1) for j, tj in zip(idx, t) if abs(tj) * beta.denominator == beta.numerator * s[j] * D}


#: The prime of :func:`_rank_lower_bound` (2⁶¹ − 1).
_PRIME = (1 << 61) - 1


class _BasisDoesNotSpan(Exception):
    """A tied column outside the span of the basis: the rank was underestimated."""


def _rank_lower_bound(A: Any) -> int:
    """The rank of the integer matrix A modulo a prime: never above its rational rank, and equal but for rare A.

    Milliseconds where FLINT's exact rank took 0.2–15 s on a 300 × 430 tie set of
    rank 219, depending on its orientation and structure. It only sizes the basis:
    :func:`_coefficients` proves that the basis spans every tied column, and
    :func:`canonical_face` falls back to the exact rank when it does not.
    """
    import flint

    return int(flint.nmod_mat(A, _PRIME).rank())


def _coefficients(qp: ExactLassoQP, basis: list[tuple[int, int]], cols: list[int]) -> Any:
    """The exact ``k × len(cols)`` matrix of α_j (``A_j = A_B α_j``), one flint solve for all of ``cols``.

    The normal equations ``A_Bᵀ A_B α = A_Bᵀ A_j`` of the (independent) basis
    columns give the coefficients; ``A_B α = A_j`` is then checked exactly, and
    :class:`_BasisDoesNotSpan` raised if a column is not in the basis's span.
    """
    import flint

    AB = qp.cols.int_columns([k for k, _ in basis])
    AJ = qp.cols.int_columns(cols)
    alpha = flint.fmpq_mat(AB.transpose() * AB).solve(flint.fmpq_mat(AB.transpose() * AJ))
    if AB * alpha != flint.fmpq_mat(AJ):
        raise _BasisDoesNotSpan
    return alpha


def _pivoted(R: np.ndarray, k: int) -> list[int]:
    """The first ``k`` pivot columns of a column-pivoted Gram–Schmidt on R (largest remaining norm first)."""
    R = R.copy()
    out: list[int] = []
    for _ in range(k):
        norms = np.einsum("ij,ij->j", R, R)
        if out:
            norms[out] = -1.0
        c = int(np.argmax(norms))
        if norms[c] <= 0:
            break
        q = R[:, c] / np.sqrt(norms[c])
        R -= np.outer(q, q @ R)
        out.append(c)
    return out


def _float_basis(qp: ExactLassoQP, face: Face, sign: dict[int, int], rank: int) -> list[tuple[int, int]] | None:
    """A float64 guess of the canonical vertex's basis, or None when there is none.

    Runs the same lexicographic simplex (the same entering rule) in float64, on the
    tied columns in coordinates of their span. It only proposes a basis:
    :func:`_exact_start` checks it in rationals and the exact pivots finish
    from it, so a rounding error costs pivots, never the answer.
    """
    E = sorted(sign)
    pos = {j: c for c, j in enumerate(E)}
    try:
        M = float_columns(qp.cols.A[:, E], [qp.cols.s[j] for j in E], what="the canonical step's float guess")
    except InvalidInputError:
        return None
    scale = np.maximum(np.abs(M).max(axis=0), FLOAT_TINY)
    # σ_j K_j / scale_j: the lexicographic minimum is unchanged by positive column scales (p_j ↦ p_j·scale_j)
    M = M * (np.array([sign[j] for j in E], dtype=np.float64) / scale)[None, :]
    fpos = [pos[j] for j, _ in face.F]
    # coordinates in the span (rank × |E|): M itself when it spans R^n, else on an orthonormal basis of its range
    C = M if rank == M.shape[0] else np.linalg.qr(M[:, _pivoted(M, rank)])[0].T @ M
    # a first basis: the face, completed by pivoted QR on what it does not span
    Qf = np.linalg.qr(C[:, fpos])[0] if fpos else np.zeros((rank, 0))
    rest = [c for c in range(len(E)) if c not in set(fpos)]
    R = C[:, rest] - Qf @ (Qf.T @ C[:, rest])
    extra = _pivoted(R, rank - len(fpos))
    basis = np.array(fpos + [rest[c] for c in extra], dtype=int)
    if len(basis) != rank:
        return None
    x = np.zeros(rank)
    x[: len(fpos)] = [clamped_float(p) * scale[c] for p, c in zip(face.p, fpos)]
    if not np.all(np.isfinite(x)):
        return None
    tol = 1e-9
    T = None
    inb = np.zeros(len(E), dtype=bool)
    inb[basis] = True
    for it in range(50 * len(E) + 50):
        if it % 32 == 0:  # refactor now and then; rank-one tableau updates in between
            try:
                T = np.linalg.solve(C[:, basis], C)
            except np.linalg.LinAlgError:
                return None
        nonbasic = np.flatnonzero(~inb)
        if not len(nonbasic):
            break
        order = np.argsort(basis)
        Ts = T[order][:, nonbasic]
        mask = np.abs(Ts) > tol
        first = np.argmax(mask, axis=0)
        lead = basis[order][first]
        val = Ts[first, np.arange(len(nonbasic))]
        improving = mask.any(axis=0) & (lead < nonbasic) & (val > 0)
        if not improving.any():
            break
        cand = np.flatnonzero(improving)
        # the entering rule of canonical_face: the smallest lead, then the largest rate; Bland's when degenerate
        best = cand[lead[cand] == lead[cand].min()]
        for c in (best[np.argmax(val[best])], cand[0]):
            enter = int(nonbasic[c])
            g = T[:, enter]
            rows = np.flatnonzero(g > tol)
            if not len(rows):
                return None
            ratios = np.maximum(x[rows], 0.0) / g[rows]
            step = float(ratios.min())
            if step > tol * max(1.0, float(np.abs(x).max())):
                break
        ties = rows[ratios <= step + tol * max(1.0, step)]
        leave = int(ties[np.argmin(basis[ties])])
        x = np.maximum(x - step * g, 0.0)
        x[leave] = step
        inb[basis[leave]], inb[enter] = False, True
        basis[leave] = enter
        col = g.copy()
        col[leave] = 0.0
        T[leave] /= g[leave]
        T -= np.outer(col, T[leave])
    else:
        return None
    return [(E[c], sign[E[c]]) for c in sorted(basis.tolist())]


def _exact_start(qp: ExactLassoQP, face: Face, basis: list[tuple[int, int]], rank: int) -> tuple[list, list] | None:
    """``(basis, x)`` when ``basis`` is an exact feasible basis of P, else None.

    It must be ``rank`` independent tied columns (so it spans every tied
    column), and the optimal fit ``Σ_F σ_j p_j K_j`` must have nonnegative
    coordinates ``x`` in it.
    """
    if len(basis) != rank:
        return None
    s = qp.cols.s
    if not face.F:  # the fit is 0: x = 0 on any basis of independent columns
        independent = int(qp.cols.int_columns([k for k, _ in basis]).rank()) == rank
        return (list(basis), [Fraction(0)] * rank) if independent else None
    try:
        alpha = _coefficients(qp, basis, [j for j, _ in face.F])
    except ZeroDivisionError:  # dependent columns
        return None
    # Σ_j σ_j p_j A_j/s_j = Σ_k A_k Σ_j σ_j p_j α_kj/s_j, and x_k σ_k A_k/s_k is basis column k's share
    import flint

    v = flint.fmpq_mat(len(face.F), 1, [flint.fmpq(sj * pj.numerator, pj.denominator * s[j])
                                        for (j, sj), pj in zip(face.F, face.p)])
    share = alpha * v
    x = [_fq(share[r, 0]) * sk * s[k] for r, (k, sk) in enumerate(basis)]
    if any(v < 0 for v in x):
        return None
    return list(basis), x


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
    tied = qp.cols.int_columns(sorted(sign))
    try:
        return _lexicographic_minimum(qp, face, sign, _rank_lower_bound(tied), max_iter)
    except _BasisDoesNotSpan:  # the rank modulo a prime was below the rank: rare; the exact rank, slowly
        return _lexicographic_minimum(qp, face, sign, int(tied.rank()), max_iter)


def _lexicographic_minimum(qp: ExactLassoQP, face: Face, sign: dict[int, int], rank: int, max_iter: int) -> Face:
    """:func:`canonical_face` once the tied columns and their rank are known: the float guess, then exact pivots."""
    s = qp.cols.s
    with single_threaded_blas(len(sign) * rank >= 1 << 14):  # small float steps: threads only fight (see there)
        guess = _float_basis(qp, face, sign, rank)
    start = None if guess is None else _exact_start(qp, face, guess, rank)
    if start is not None:
        basis, x = start
    else:
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
        outside = sorted(set(sign) - {k for k, _ in basis})
        sol = _coefficients(qp, basis, outside) if outside else None
        improving = []  # (lead, -rate, column, its coefficients α)
        for c, j in enumerate(outside):
            alpha = [sol[r, c] for r in range(len(basis))]  # flint fmpq, exact
            # σ_j K_j = Σ γ_k σ_k K_k; raising p_j by λ lowers p_k by λ γ_k. It improves when
            # the first column it moves (the first in the order of the objective) goes down.
            # γ_k has the sign of α_k σ_j σ_k (the scales s are positive).
            moved = [(k, row) for row, (a, (k, _)) in enumerate(zip(alpha, basis)) if a]
            lead, row = min(moved, default=(j, -1))
            if lead < j and alpha[row] * sign[j] * basis[row][1] > 0:
                improving.append((lead, -abs(_fq(alpha[row])) * s[lead] / s[j], j, alpha))
        if not improving:
            break
        # The column that lowers the earliest coordinate enters, at the largest rate (about 200 pivots on
        # 430 tied columns of rank 219, where Bland's first improving column took thousands). A degenerate
        # step is taken by Bland's rule instead (the first improving column), so that no cycle can form:
        # every other step strictly lowers p lexicographically.
        for _lead, _rate, j, alpha in (min(improving), improving[0]):
            gamma = [_fq(a) * sign[j] * sk * s[k] / s[j] for a, (k, sk) in zip(alpha, basis)]
            ratios = [(xk / g, k, row) for row, ((k, _), xk, g) in enumerate(zip(basis, x, gamma)) if g > 0]
            if not ratios:  # pragma: no cover - Σγ = 1 (every tied column has r-correlation β)
                raise SolverError("internal error: an unbounded direction on the optimal face")
            step = min(r for r, _, _ in ratios)
            if step > 0:
                break
        row = min((k, rw) for r, k, rw in ratios if r == step)[1]  # Bland: the smallest index leaves
        x = [xk - step * g for xk, g in zip(x, gamma)]
        x[row] = step
        basis[row] = (j, sign[j])
        pivots += 1
    kept = sorted((k, sk, xk) for (k, sk), xk in zip(basis, x) if xk > 0)
    return Face([(k, sk) for k, sk, _ in kept], [xk for _, _, xk in kept], face.iterations, face.pivots + pivots)
