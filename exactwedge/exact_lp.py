r"""Exact linear programming in rationals: a two-phase simplex with Bland's rule.

.. math:: \min_x\ c^\top x \quad\text{s.t.}\quad A_{ub}x \le b_{ub},\quad A_{eq}x = b_{eq},
          \quad x_i \ge 0\ (i \notin F),\ x_i \text{ free } (i\in F).

Small programs of the theory are linear with rational data and therefore have
rational optima: the re-expression of a deep network's two-layer block
(THEORY §3, Thm 9: one LP per output unit), minimum-ℓ1 interpolation, and the
extreme-point tests of Lemma 17. This module solves them exactly. Every
optimum comes with its dual, and :meth:`LPResult.verify` re-checks primal
feasibility, dual feasibility and the equality of the two objectives in
rationals, independently of how the pivots went (the *certificate*).

The tableau is dense and kept in python-flint ``fmpq`` (a core dependency);
the answer is returned as ``fractions.Fraction``. Bland's rule makes the
method finite on degenerate programs. It is meant for programs with up to a
few hundred variables and a few dozen rows.

>>> r = linprog_exact([-1, -1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.x, r.value
('optimal', [Fraction(8, 5), Fraction(6, 5)], Fraction(-14, 5))
>>> r.verify()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from .exceptions import DimensionError, InvalidInputError
from .numbers import as_matrix, as_vector

__all__ = ["LPResult", "linprog_exact"]


def _fq(x: Fraction):
    import flint

    return flint.fmpq(x.numerator, x.denominator)


def _frac(x: Any) -> Fraction:
    return Fraction(int(x.p), int(x.q))


@dataclass
class LPResult:
    """The outcome of :func:`linprog_exact`.

    Attributes
    ----------
    status : {"optimal", "infeasible", "unbounded"}
    x : list of Fraction or None
        An optimal vertex (a basic solution) when ``status == "optimal"``.
    value : Fraction or None
        :math:`c^\\top x`.
    dual_ub, dual_eq : list of Fraction or None
        Multipliers :math:`y_{ub} \\le 0`, :math:`y_{eq}` with
        :math:`c - A_{ub}^\\top y_{ub} - A_{eq}^\\top y_{eq} \\ge 0` on the
        nonnegative variables, :math:`= 0` on the free ones, and
        :math:`b_{ub}^\\top y_{ub} + b_{eq}^\\top y_{eq} = c^\\top x`.
    pivots : int
        Simplex pivots taken (both phases).
    """

    status: str
    x: list | None
    value: Fraction | None
    dual_ub: list | None = None
    dual_eq: list | None = None
    pivots: int = 0
    _problem: tuple = field(default=(), repr=False)

    def verify(self) -> bool:
        """Re-check optimality exactly: primal and dual feasibility and equal objectives.

        Returns False for a non-optimal status.

        >>> linprog_exact([1, 1], A_eq=[[1, 1]], b_eq=[2]).verify()
        True
        """
        if self.status != "optimal" or self.x is None:
            return False
        c, A_ub, b_ub, A_eq, b_eq, free = self._problem
        x = self.x
        n = len(c)
        if any(x[i] < 0 for i in range(n) if i not in free):
            return False
        for row, b in zip(A_ub, b_ub):
            if sum((a * v for a, v in zip(row, x)), Fraction(0)) > b:
                return False
        for row, b in zip(A_eq, b_eq):
            if sum((a * v for a, v in zip(row, x)), Fraction(0)) != b:
                return False
        yu, ye = self.dual_ub or [], self.dual_eq or []
        if any(v > 0 for v in yu):
            return False
        for i in range(n):
            red = c[i] - sum((row[i] * y for row, y in zip(A_ub, yu)), Fraction(0)) - sum(
                (row[i] * y for row, y in zip(A_eq, ye)), Fraction(0))
            if (i in free and red != 0) or (i not in free and red < 0):
                return False
        primal = sum((a * v for a, v in zip(c, x)), Fraction(0))
        dual = sum((b * y for b, y in zip(b_ub, yu)), Fraction(0)) + sum((b * y for b, y in zip(b_eq, ye)), Fraction(0))
        return primal == dual == self.value


def _read(A: Any, b: Any, n: int, what: str) -> tuple[list, list]:
    if A is None or (hasattr(A, "__len__") and len(A) == 0):
        if b is not None and len(b):
            raise DimensionError(f"{what}: b has {len(b)} entries but A is empty")
        return [], []
    rows = [list(r) for r in as_matrix(A, n_cols=n, what=f"A_{what}")]
    rhs = list(as_vector(b, len(rows), what=f"b_{what}"))
    for v in [c for r in rows for c in r] + rhs:
        if not isinstance(v, Fraction):
            raise InvalidInputError(f"A_{what} and b_{what} must be rational")
    return rows, rhs


def linprog_exact(
    c: Any,
    A_ub: Any = None,
    b_ub: Any = None,
    A_eq: Any = None,
    b_eq: Any = None,
    *,
    free: bool | Sequence[int] = False,
    max_pivots: int = 100_000,
) -> LPResult:
    r"""Solve a linear program exactly (two-phase simplex, Bland's rule).

    .. math:: \min_x\ c^\top x \ \text{ s.t. }\ A_{ub}x \le b_{ub},\ A_{eq}x = b_{eq},\ x_i\ge0\ (i\notin F)

    Parameters
    ----------
    c : sequence of exact numbers
        The cost, length n.
    A_ub, b_ub : rational matrix (rows) and vector, optional
    A_eq, b_eq : rational matrix (rows) and vector, optional
    free : bool or sequence of int
        ``True``: every variable is free; a sequence: the indices of the free
        variables; ``False`` (default): all variables are nonnegative.
    max_pivots : int
        Give up (``SolverError``) after this many pivots.

    Returns
    -------
    LPResult
        With ``verify()`` for the exact optimality certificate.

    Raises
    ------
    DimensionError
        Shapes that do not match.
    InvalidInputError
        Non-rational data.

    Examples
    --------
    Minimum ℓ1 norm solution of ``z1 + 2 z2 = 4`` (free z split as z = p − q):

    >>> r = linprog_exact([1, 1, 1, 1], A_eq=[[1, 2, -1, -2]], b_eq=[4])
    >>> r.x[:2], r.value, r.verify()
    ([Fraction(0, 1), Fraction(2, 1)], Fraction(2, 1), True)
    >>> linprog_exact([1], A_ub=[[1]], b_ub=[-1]).status
    'infeasible'
    >>> linprog_exact([-1], A_ub=[[-1]], b_ub=[1]).status
    'unbounded'
    >>> linprog_exact([1, -1], A_eq=[[1, 1]], b_eq=[1], free=True).status
    'unbounded'
    """
    from .exceptions import SolverError

    cv = list(as_vector(c, what="c"))
    if any(not isinstance(v, Fraction) for v in cv):
        raise InvalidInputError("c must be rational")
    n = len(cv)
    Aub, bub = _read(A_ub, b_ub, n, "ub")
    Aeq, beq = _read(A_eq, b_eq, n, "eq")
    if free is True:
        fset = set(range(n))
    elif free is False or free is None:
        fset = set()
    else:
        fset = {int(i) for i in free}
        if any(not 0 <= i < n for i in fset):
            raise DimensionError(f"free indices must lie in 0..{n - 1}")
    problem = (cv, Aub, bub, Aeq, beq, fset)

    # standard form: columns = original (x+), x- for free vars, slacks; rows = ub then eq
    neg_cols = sorted(fset)
    m_ub, m_eq = len(Aub), len(Aeq)
    m = m_ub + m_eq
    ncol = n + len(neg_cols) + m_ub
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for k, (r, b) in enumerate(zip(Aub, bub)):
        row = list(r) + [-r[i] for i in neg_cols] + [Fraction(0)] * m_ub
        row[n + len(neg_cols) + k] = Fraction(1)
        rows.append(row)
        rhs.append(b)
    for r, b in zip(Aeq, beq):
        rows.append(list(r) + [-r[i] for i in neg_cols] + [Fraction(0)] * m_ub)
        rhs.append(b)
    cost = cv + [-cv[i] for i in neg_cols] + [Fraction(0)] * m_ub
    flip = [False] * m
    for i in range(m):
        if rhs[i] < 0:
            rows[i] = [-v for v in rows[i]]
            rhs[i] = -rhs[i]
            flip[i] = True

    import flint

    zero = flint.fmpq(0)
    one = flint.fmpq(1)
    width = ncol + m  # + artificials
    T = []
    for i in range(m):
        art = [zero] * m
        art[i] = one
        T.append([_fq(v) for v in rows[i]] + art + [_fq(rhs[i])])
    basis = [ncol + i for i in range(m)]
    pivots = 0

    def pivot(r: int, s: int) -> None:
        nonlocal pivots
        pivots += 1
        if pivots > max_pivots:
            raise SolverError(f"the exact simplex took more than {max_pivots} pivots")
        pr = T[r]
        pv = pr[s]
        if pv != one:
            inv = one / pv
            pr = [v * inv for v in pr]
            T[r] = pr
        nz = [j for j, v in enumerate(pr) if v != 0]
        for i in range(m):
            if i == r:
                continue
            f = T[i][s]
            if f != 0:
                row = T[i]
                for j in nz:
                    row[j] = row[j] - f * pr[j]
        basis[r] = s

    def run(cvec: list, allowed: int) -> str:
        """Minimize cvec·x over the current basis; entering columns < allowed."""
        while True:
            # reduced costs d_j = c_j - c_B B^-1 A_j; Bland: smallest j with d_j < 0
            cb = [cvec[b] for b in basis]
            enter = -1
            for j in range(allowed):
                if j in basis_set:
                    continue
                d = cvec[j]
                for i in range(m):
                    if cb[i] != 0:
                        t = T[i][j]
                        if t != 0:
                            d -= cb[i] * t
                if d < 0:
                    enter = j
                    break
            if enter < 0:
                return "optimal"
            best, leave = None, -1
            for i in range(m):
                a = T[i][enter]
                if a > 0:
                    ratio = T[i][-1] / a
                    if best is None or ratio < best or (ratio == best and basis[i] < basis[leave]):
                        best, leave = ratio, i
            if leave < 0:
                return "unbounded"
            basis_set.discard(basis[leave])
            pivot(leave, enter)
            basis_set.add(enter)

    basis_set = set(basis)
    # phase 1: minimize the sum of artificials
    c1 = [zero] * ncol + [one] * m
    run(c1, width)
    infeas = sum((T[i][-1] for i in range(m) if basis[i] >= ncol), zero)
    if infeas != 0:
        return LPResult("infeasible", None, None, pivots=pivots, _problem=problem)
    # drive artificials out of the basis (degenerate rows); redundant rows stay with their artificial
    for i in range(m):
        if basis[i] >= ncol:
            for j in range(ncol):
                if j not in basis_set and T[i][j] != 0:
                    basis_set.discard(basis[i])
                    pivot(i, j)
                    basis_set.add(j)
                    break
    c2 = [_fq(v) for v in cost] + [zero] * m
    status = run(c2, ncol)
    if status == "unbounded":
        return LPResult("unbounded", None, None, pivots=pivots, _problem=problem)
    xs = [zero] * ncol
    for i, b in enumerate(basis):
        if b < ncol:
            xs[b] = T[i][-1]
    x = [_frac(xs[i]) for i in range(n)]
    for k, i in enumerate(neg_cols):
        x[i] -= _frac(xs[n + k])
    value = sum((a * v for a, v in zip(cv, x)), Fraction(0))
    # duals: y = c_B B^-1, with B^-1 in the artificial columns
    cb = [c2[b] for b in basis]
    y = []
    for k in range(m):
        s = zero
        for i in range(m):
            if cb[i] != 0:
                s += cb[i] * T[i][ncol + k]
        y.append(-_frac(s) if flip[k] else _frac(s))
    return LPResult("optimal", x, value, y[:m_ub], y[m_ub:], pivots, problem)
