r"""Exact linear programming in rationals: a two-phase simplex with Bland's rule.

.. math:: \min_x\ c^\top x \quad\text{s.t.}\quad A_{ub}x \le b_{ub},\quad A_{eq}x = b_{eq},
          \quad x_i \ge 0\ (i \notin F),\ x_i \text{ free } (i\in F).

Small programs of the theory are linear with rational data and therefore have
rational optima: the re-expression of a deep network's two-layer block
(THEORY §3, Thm 9: one LP per output unit), minimum-ℓ1 interpolation, and the
extreme-point tests of Lemma 17. This module solves them exactly. Every
optimum comes with its dual, and :meth:`~exactwedge.lp.result.LPResult.verify`
(``result.certificate.holds``) re-checks primal feasibility, dual feasibility
and the equality of the two objectives in rationals, independently of how the
pivots went (the *certificate*).

This module is the general front end (inequalities, free variables, duals
per constraint); the simplex is :func:`exactwedge.lp.solve_lp`, a revised
simplex with python-flint basis solves and Bland's rule, finite on
degenerate programs.

>>> r = linprog_exact([-1, -1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.x, r.value
('optimal', [Fraction(8, 5), Fraction(6, 5)], Fraction(-14, 5))
>>> r.verify()
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from ..numbers import as_matrix, as_vector
from .result import LinearProgram, LPResult
from .simplex import solve_lp

__all__ = ["linprog_exact"]


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
        With the duals ``y`` (``dual_ub`` then ``dual_eq``), ``certificate``
        and ``verify()`` for the exact optimality certificate.

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
    problem = LinearProgram(cv, Aub, bub, Aeq, beq, frozenset(fset))

    # standard form: columns = original (x+), x- for free vars, slacks; rows = ub then eq
    neg_cols = sorted(fset)
    m_ub, m_eq = len(Aub), len(Aeq)
    m = m_ub + m_eq
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
    if m == 0:  # no constraints: optimal at 0 unless some cost can decrease freely
        if any(v < 0 for v in cost) or any(cv[i] != 0 for i in neg_cols):
            return LPResult("unbounded", None, None, program=problem)
        return LPResult("optimal", [Fraction(0)] * n, Fraction(0), [], program=problem)
    # the simplex itself is the one of exactwedge.lp (revised, flint basis solves, Bland's rule)
    res = solve_lp(cost, rows, rhs, max_iter=max_pivots)
    if res.status != "optimal":
        return LPResult(res.status, None, None, basis=res.basis, iterations=res.iterations, program=problem)
    xs = res.x
    x = list(xs[:n])
    for k, i in enumerate(neg_cols):
        x[i] -= xs[n + k]
    value = sum((a * v for a, v in zip(cv, x)), Fraction(0))
    return LPResult("optimal", x, value, list(res.y), res.basis, res.iterations, problem)
