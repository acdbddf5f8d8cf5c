r"""Exact linear programming: a two-phase revised simplex in rational arithmetic.

.. math:: \min_x\ c^\top x \quad\text{s.t.}\quad A x = b,\ x \ge 0

All arithmetic is rational (python-flint ``fmpq_mat``: the basis inverse, updated exactly at each pivot), and
Bland's rule makes the method terminate on degenerate problems. The answer
comes with its certificate: a primal-feasible basic point and a dual vector
``y`` with nonnegative reduced costs ``c − Aᵀy ≥ 0`` and ``cᵀx = bᵀy``, all
checked exactly by :func:`check_optimality` and by the result's
``certificate`` (:class:`~exactwedge.lp.result.LPResult`, the result type of
the whole package).

Used for the minimum-ℓ1 interpolating networks and for re-expressing deep
network blocks, whose optima are rational.

>>> from fractions import Fraction as Q
>>> res = solve_lp([1, 1], [[1, 2]], [4])
>>> res.status, res.x, res.value
('optimal', [Fraction(0, 1), Fraction(2, 1)], Fraction(2, 1))
>>> check_optimality([1, 1], [[1, 2]], [4], res.x, res.y)
True
"""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, SolverError
from ..numbers import as_matrix, as_vector
from .result import LinearProgram, LPCertificate, LPResult

__all__ = ["solve_lp", "check_optimality"]


def _fq(v) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _rational(rows: Any, what: str) -> list[list[Fraction]]:
    if isinstance(rows, (list, tuple)) and rows and all(type(r) in (list, tuple) and len(r) == len(rows[0])
                                                        and all(type(v) is Fraction for v in r) for r in rows):
        return [list(r) for r in rows]  # already rows of Fractions: what as_matrix would return
    M = [list(r) for r in as_matrix(rows, what=what)]
    if any(not isinstance(v, Fraction) for r in M for v in r):
        raise DimensionError(f"{what} must be rational")
    return M


class _Simplex:
    """The standard-form data in python-flint, and the basis inverse kept by rank-one updates.

    The data are ``fmpq`` rows, converted once per program; each pivot updates ``B⁻¹``
    exactly (product form) instead of rebuilding and re-solving the basis matrix, so
    every basis, x and y is the one of fresh solves, with C-level matrix products.
    """

    def __init__(self, Aq: list[list[Any]], bq: list[Any]):
        import flint

        self.flint = flint
        self.m, self.n = len(Aq), len(Aq[0]) if Aq else 0
        self.Aq = Aq
        self.Amat = flint.fmpq_mat(self.m, self.n, [v for r in Aq for v in r]) if self.n and self.m else None
        self.bq = list(bq)
        self._units: dict[int, Any] = {}

    def basis_inverse(self, basis: Sequence[int]):
        """``B⁻¹`` of the basis columns (``fmpq_mat``)."""
        return self.flint.fmpq_mat(self.m, self.m, [r[j] for r in self.Aq for j in basis]).inv()

    def column(self, Binv, j: int) -> list:
        """``B⁻¹ A_j`` as a list of ``fmpq``."""
        return (Binv * self.flint.fmpq_mat(self.m, 1, [r[j] for r in self.Aq])).entries()

    def run(self, c: Sequence[Fraction], basis: list[int], *, max_iter: int, allowed: set | None = None,
            Binv: Any = None) -> tuple[str, list[int], list[Fraction], list[Fraction], int, Any]:
        """Primal simplex from a feasible basis (Bland's rule); ``Binv`` is its inverse when known."""
        flint = self.flint
        fq, mat = flint.fmpq, flint.fmpq_mat
        m, n = self.m, self.n
        cq = [fq(v.numerator, v.denominator) for v in c]
        cmat = mat(1, n, cq)
        zero = fq(0)
        basis = list(basis)
        if Binv is None:
            Binv = self.basis_inverse(basis)
        xB = (Binv * mat(m, 1, self.bq)).entries()
        it = 0
        while True:
            it += 1
            if it > max_iter:
                raise SolverError(f"the exact simplex did not finish in {max_iter} iterations")
            yT = mat(1, m, [cq[j] for j in basis]) * Binv
            # reduced costs c − Aᵀy: exactly 0 on the basis, so the first negative one is Bland's entering column
            rc = (cmat - yT * self.Amat).entries()
            entering = next((j for j, v in enumerate(rc) if v < zero and (allowed is None or j in allowed)), -1)
            if entering < 0:
                return "optimal", basis, [_fq(v) for v in xB], [_fq(v) for v in yT.entries()], it, Binv
            d = self.column(Binv, entering)
            ratios = [(xB[i] / d[i], basis[i], i) for i in range(m) if d[i] > zero]
            if not ratios:
                return "unbounded", basis, [_fq(v) for v in xB], [_fq(v) for v in yT.entries()], it, Binv
            best = min(r for r, _, _ in ratios)
            # Bland: among the tied rows, the basic variable with the smallest index leaves
            row = min((bv, i) for r, bv, i in ratios if r == best)[1]
            basis[row] = entering
            # B⁻¹ ← E B⁻¹ and x_B ← E x_B: the pivot row divided by d[row], eliminated from the others
            t = xB[row] / d[row]
            xB = [t if i == row else xB[i] - d[i] * t for i in range(m)]
            Binv = self.pivot(Binv, d, row)

    def unit(self, row: int):
        """The unit row ``e_rowᵀ`` (``fmpq_mat``, 1 × m), built once per row."""
        e = self._units.get(row)
        if e is None:
            fq = self.flint.fmpq
            e = self._units[row] = self.flint.fmpq_mat(1, self.m, [fq(int(i == row)) for i in range(self.m)])
        return e

    def pivot(self, Binv, d: list, row: int):
        """``B⁻¹`` after column ``d = B⁻¹A_j`` enters at ``row``: ``E B⁻¹``, the pivot row divided by
        ``d[row]`` and eliminated from the others."""
        piv = (self.unit(row) * Binv) / d[row]
        return Binv - self.flint.fmpq_mat(self.m, 1, [v - 1 if i == row else v for i, v in enumerate(d)]) * piv

    def dual_run(self, c: Sequence[Fraction], basis: list[int], *,
                 max_iter: int) -> tuple[list[int], list[Fraction], list[Fraction], int] | None:
        """Dual simplex from ``basis``, if that basis is dual feasible.

        Returns (basis, x_B, y, iterations) at an optimal basis, or None: the basis is singular
        or not dual feasible (some reduced cost ``c − Aᵀy`` negative), the program is infeasible,
        or ``max_iter`` pivots were not enough. The caller then solves from scratch. Bland's
        rule in its dual form (the smallest basic index leaves, ties of the ratio test go to the
        smallest column) keeps the method from cycling.
        """
        flint = self.flint
        fq, mat = flint.fmpq, flint.fmpq_mat
        m, n = self.m, self.n
        cq = [fq(v.numerator, v.denominator) for v in c]
        cmat, bmat, zero = mat(1, n, cq), mat(m, 1, self.bq), fq(0)
        basis = list(basis)
        try:
            Binv = self.basis_inverse(basis)
        except ZeroDivisionError:  # a singular basis
            return None
        for it in range(1, max_iter + 1):
            yT = mat(1, m, [cq[j] for j in basis]) * Binv
            rc = (cmat - yT * self.Amat).entries()
            if it == 1 and any(v < zero for v in rc):
                return None
            xB = (Binv * bmat).entries()
            leaving = min(((basis[i], i) for i in range(m) if xB[i] < zero), default=None)
            if leaving is None:
                return basis, [_fq(v) for v in xB], [_fq(v) for v in yT.entries()], it
            row = leaving[1]
            alpha = ((self.unit(row) * Binv) * self.Amat).entries()
            ratios = [(rc[j] / -alpha[j], j) for j in range(n) if alpha[j] < zero]
            if not ratios:  # row `row` proves the program infeasible
                return None
            entering = min(ratios)[1]
            basis[row] = entering
            Binv = self.pivot(Binv, self.column(Binv, entering), row)
        return None


#: The last phase-1 outcomes, by their exact data: programs that differ only in c (the 2d LPs
#: of an extreme-point test, say) share phase 1, which depends on A and b alone.
_PHASE1: OrderedDict = OrderedDict()
_PHASE1_SIZE = 8


def _phase1(A: list[list[Fraction]], bb: list[Fraction], max_iter: int) -> tuple[bool, list[int], int, Any, list, list]:
    """Phase 1 on ``A x = bb`` (bb ≥ 0) with artificials n..n+m−1, and the artificials driven out.

    Returns (infeasible, basis, iterations, B⁻¹ or None, A and b in fmpq). Deterministic in
    (A, b), so the outcome of the same data is reused (a small LRU memo) unless it took
    more than ``max_iter`` iterations (then it runs again, and raises as it did).
    """
    m = len(A)
    n = len(A[0]) if A else 0
    key = (m, n, tuple((v.numerator, v.denominator) for r in A for v in r),
           tuple((v.numerator, v.denominator) for v in bb))
    hit = _PHASE1.get(key)
    if hit is not None and hit[2] <= max_iter:
        _PHASE1.move_to_end(key)
        return hit
    import flint

    fq = flint.fmpq
    one, nil = fq(1), fq(0)
    Aq = [[fq(v.numerator, v.denominator) for v in r] for r in A]
    bq = [fq(v.numerator, v.denominator) for v in bb]
    sx = _Simplex([Aq[i] + [one if i == k else nil for k in range(m)] for i in range(m)], bq)
    c1 = [Fraction(0)] * n + [Fraction(1)] * m
    status, basis, xB, y, it1, Binv = sx.run(c1, list(range(n, n + m)), max_iter=max_iter,
                                             Binv=flint.fmpq_mat(m, m, [one if i == k else nil for i in range(m) for k in range(m)]))
    phase1 = sum((v for v, j in zip(xB, basis) if j >= n), Fraction(0))
    if phase1 > 0:
        out = (True, tuple(basis), it1, None, Aq, bq)
    else:
        # drive artificial variables out of the basis where possible
        for row in range(m):
            if basis[row] < n:
                continue
            Binv = sx.basis_inverse(basis)
            for j in range(n):
                if j in basis:
                    continue
                if sx.column(Binv, j)[row] != 0:
                    basis[row] = j
                    break
            Binv = None  # the basis changed (or keeps an artificial): phase 2 inverts its own
        out = (False, tuple(basis), it1, Binv, Aq, bq)
    _PHASE1[key] = out
    if len(_PHASE1) > _PHASE1_SIZE:
        _PHASE1.popitem(last=False)
    return out


def solve_lp(c: Any, A_eq: Any, b_eq: Any, *, max_iter: int = 100_000, start: Sequence[int] | None = None) -> LPResult:
    """Solve ``min cᵀx s.t. A_eq x = b_eq, x ≥ 0`` exactly.

    Parameters
    ----------
    c : sequence of exact numbers (length n)
    A_eq : (m, n) exact matrix
    b_eq : sequence of exact numbers (length m)
    max_iter : int
        The most pivots the solve may take; :class:`~exactwedge.exceptions.SolverError` beyond.
    start : sequence of m column indices, optional
        A basis to start from, typically the optimal ``basis`` of the same A and c with another
        b: when its reduced costs ``c − Aᵀy`` are nonnegative (they do not depend on b), the
        dual simplex goes from it to an optimal basis of this b. Otherwise (or if it is
        singular, or ``max_iter`` pivots do not reach the optimum) the two-phase method
        solves from scratch. The optimal value is the same either way; where the optimum is
        not unique, x may be another optimal vertex.

    Returns
    -------
    LPResult
        With ``y`` (one dual per equality), ``basis``, ``iterations`` and ``certificate``.

    Examples
    --------
    >>> solve_lp([1, 1], [[1, 1]], [-1]).status
    'infeasible'
    >>> solve_lp([-1, 0], [[1, -1]], [0]).status
    'unbounded'
    >>> r = solve_lp([2, 3, 1], [[1, 1, 1], [1, -1, 0]], [3, 1])
    >>> r.x, r.value
    ([Fraction(1, 1), Fraction(0, 1), Fraction(2, 1)], Fraction(4, 1))

    Another b, from that optimal basis: one dual-simplex pivot (two passes, the last one finding
    no infeasible row) where the two-phase method takes five:

    >>> w = solve_lp([2, 3, 1], [[1, 1, 1], [1, -1, 0]], [4, -1], start=r.basis)
    >>> w.x, w.value, w.iterations, w.certificate.holds
    ([Fraction(0, 1), Fraction(1, 1), Fraction(3, 1)], Fraction(6, 1), 2, True)
    >>> solve_lp([2, 3, 1], [[1, 1, 1], [1, -1, 0]], [4, -1]).iterations
    5
    """
    A = _rational(A_eq, "A_eq")
    m = len(A)
    n = len(A[0]) if A else 0
    cc = list(as_vector(c, n, what="c"))
    bb = list(as_vector(b_eq, m, what="b_eq"))
    if any(not isinstance(v, Fraction) for v in cc + bb):
        raise DimensionError("c and b_eq must be rational")
    program = LinearProgram(cc, [], [], [list(r) for r in A], list(bb))
    if start is not None and m and n and len(start) == m and all(0 <= j < n for j in start):
        import flint

        fq = flint.fmpq
        out = _Simplex([[fq(v.numerator, v.denominator) for v in r] for r in A],
                       [fq(v.numerator, v.denominator) for v in bb]).dual_run(cc, list(start), max_iter=max_iter)
        if out is not None:
            basis, xB, y, it = out
            return _optimal(program, basis, xB, y, it)
    # make b >= 0
    flipped = [v < 0 for v in bb]
    for i in range(m):
        if bb[i] < 0:
            A[i] = [-v for v in A[i]]
            bb[i] = -bb[i]
    infeasible, basis, it1, Binv, Aq, bq = _phase1(A, bb, max_iter)
    basis = list(basis)
    if infeasible:
        return LPResult("infeasible", None, None, None, basis, it1, program)
    # An artificial that stays basic marks its own constraint row (basis[p] - n, not the basis
    # position p) as a combination of the other rows: drop those rows and those basis positions.
    redundant = {basis[p] - n for p in range(m) if basis[p] >= n}
    if redundant:
        keep = [i for i in range(m) if i not in redundant]
        basis2 = [j for j in basis if j < n]
        if not keep:
            x = [Fraction(0)] * n
            return LPResult("optimal", x, Fraction(0), [Fraction(0)] * m, [], it1, program)
        sx2 = _Simplex([Aq[i] for i in keep], [bq[i] for i in keep])
        status, basis2, xB, y2, it2, _ = sx2.run(cc, basis2, max_iter=max_iter)
        y = [Fraction(0)] * m
        for k, i in enumerate(keep):
            y[i] = y2[k]
        basis = basis2
    else:
        sx2 = _Simplex(Aq, bq)
        status, basis, xB, y, it2, _ = sx2.run(cc, basis, max_iter=max_iter, Binv=Binv)
    if status == "unbounded":
        return LPResult("unbounded", None, None, None, basis, it1 + it2, program)
    # undo the row sign flips in the duals
    for i in range(m):
        if flipped[i]:
            y[i] = -y[i]
    return _optimal(program, basis, xB, y, it1 + it2)


def _optimal(program: LinearProgram, basis: list[int], xB: list[Fraction], y: list[Fraction],
             iterations: int) -> LPResult:
    """The optimal result: x from its basic values, and the value cᵀx."""
    c = program.c
    x = [Fraction(0)] * len(c)
    for v, j in zip(xB, basis):
        x[j] = v
    value = sum((ci * xi for ci, xi in zip(c, x) if xi), Fraction(0))
    return LPResult("optimal", x, value, y, basis, iterations, program)


def check_optimality(c: Any, A_eq: Any, b_eq: Any, x: Sequence[Any], y: Sequence[Any]) -> bool:
    """Exact LP optimality: ``Ax = b``, ``x ≥ 0``, ``c − Aᵀy ≥ 0`` and ``cᵀx = bᵀy``.

    >>> check_optimality([1, 1], [[1, 2]], [4], [0, 2], ["1/2"])
    True
    >>> check_optimality([1, 1], [[1, 2]], [4], [4, 0], [1])
    False
    """
    A = _rational(A_eq, "A_eq")
    m = len(A)
    n = len(A[0]) if A else 0
    P = LinearProgram(list(as_vector(c, n, what="c")), [], [], A, list(as_vector(b_eq, m, what="b_eq")))
    return LPCertificate.check(P, "optimal", list(as_vector(x, n, what="x")), list(as_vector(y, m, what="y"))).holds
