r"""Exact linear programming in rational arithmetic.

.. math:: \min_x\ c^\top x \quad\text{s.t.}\quad A_{ub}x \le b_{ub},\quad A_{eq}x = b_{eq},
          \quad x_i \ge 0\ (i \notin F),\ x_i \text{ free } (i\in F)

:func:`solve_lp` is a two-phase revised simplex on the standard form
(python-flint basis solves, Bland's rule); :func:`linprog_exact` is the front
end with inequalities, free variables and a dual per constraint. Both return
one :class:`~exactwedge.lp.result.LPResult`, whose ``certificate``
(:class:`~exactwedge.lp.result.LPCertificate`) re-checks primal and dual
feasibility and equal objectives in rationals.

>>> r = linprog_exact([-1, -1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.value, r.certificate.holds
('optimal', Fraction(-14, 5), True)
"""

from .linprog import linprog_exact
from .result import LPCertificate, LPResult
from .simplex import check_optimality, solve_lp

__all__ = ["linprog_exact", "solve_lp", "check_optimality", "LPResult", "LPCertificate"]
