r"""The one result type of :mod:`exactwedge.lp`, and its exact optimality certificate.

Both entry points, :func:`~exactwedge.lp.simplex.solve_lp` (standard form) and
:func:`~exactwedge.lp.linprog.linprog_exact` (inequalities, free variables),
return an :class:`LPResult`. It keeps its program in the general form

.. math:: \min_x\ c^\top x \quad\text{s.t.}\quad A_{ub}x \le b_{ub},\quad A_{eq}x = b_{eq},
          \quad x_i \ge 0\ (i \notin F)

(the standard form is the case without :math:`A_{ub}` and F), and its duals
``y``, one per constraint row, the :math:`A_{ub}` rows first. LP duality is
the certificate (:class:`LPCertificate`): x is primal feasible, y is dual
feasible (:math:`y_{ub} \le 0`; reduced costs
:math:`c - A_{ub}^\top y_{ub} - A_{eq}^\top y_{eq}` are :math:`\ge 0` on the
nonnegative variables and :math:`= 0` on the free ones), and the objectives
are equal, :math:`c^\top x = b_{ub}^\top y_{ub} + b_{eq}^\top y_{eq}`. All of it is
checked in rationals, independently of how the simplex pivoted.

>>> P = LinearProgram([Fraction(1), Fraction(1)], [], [], [[Fraction(1), Fraction(2)]], [Fraction(4)])
>>> r = LPResult("optimal", [Fraction(0), Fraction(2)], Fraction(2), [Fraction(1, 2)], program=P)
>>> r.certificate.holds, r.certificate.kind, r.verify()
(True, 'exact LP duality (rational arithmetic)', True)
>>> r.x = [Fraction(4), Fraction(0)]  # feasible, not optimal: the certificate fails
>>> r.certificate.holds, r.certificate["primal_feasible"], r.certificate["objectives_equal"]
(False, True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar, Sequence

from ..numbers import format_exact
from ..numbers.certificate import OptimalityCertificate

__all__ = ["LPResult", "LPCertificate", "LinearProgram", "EXACT_LP"]

#: The kind of :class:`LPCertificate`.
EXACT_LP = "exact LP duality (rational arithmetic)"


@dataclass
class LinearProgram:
    """``min cᵀx s.t. A_ub x ≤ b_ub, A_eq x = b_eq, x_i ≥ 0 (i ∉ free)``, rational."""

    c: list
    A_ub: list
    b_ub: list
    A_eq: list
    b_eq: list
    free: frozenset = frozenset()


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((p * q for p, q in zip(a, b)), Fraction(0))


@dataclass
class LPCertificate(OptimalityCertificate):
    """LP duality, checked exactly: primal feasibility, dual feasibility and equal objectives.

    Also a read-only mapping of :meth:`to_json` (``cert["holds"]``).

    Attributes
    ----------
    holds : bool
        All three hold (and the reported value is ``cᵀx``).
    status : str
        The status of the result (nothing is certified unless ``"optimal"``).
    primal_feasible, dual_feasible, objectives_equal : bool or None
        The three conditions (None when there is no point to check).
    objective, dual_objective : Fraction or None
        ``cᵀx`` and ``b_ubᵀy_ub + b_eqᵀy_eq``.
    kind : str
        :data:`EXACT_LP`.

    Examples
    --------
    >>> c = LPCertificate(False, "infeasible")
    >>> c.holds, c.kind, c.to_json()["status"]
    (False, 'exact LP duality (rational arithmetic)', 'infeasible')
    """

    kind: ClassVar[str] = EXACT_LP
    holds: bool
    status: str
    primal_feasible: bool | None = None
    dual_feasible: bool | None = None
    objectives_equal: bool | None = None
    objective: Fraction | None = None
    dual_objective: Fraction | None = None

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def check(cls, P: LinearProgram, status: str, x: Sequence[Fraction] | None, y: Sequence[Fraction] | None,
              value: Fraction | None = None) -> "LPCertificate":
        """Check the point x and the duals y (the A_ub rows first) against the program, exactly.

        ``value``, when given, must equal ``cᵀx``.

        >>> P = LinearProgram([Fraction(1)], [[Fraction(-1)]], [Fraction(-2)], [], [])  # min x s.t. x ≥ 2
        >>> LPCertificate.check(P, "optimal", [Fraction(2)], [Fraction(-1)]).holds
        True
        """
        m_ub = len(P.A_ub)
        if status != "optimal" or x is None or y is None or len(x) != len(P.c) or \
                len(y) != m_ub + len(P.A_eq):
            return cls(False, status)
        n = len(P.c)
        primal = (all(x[i] >= 0 for i in range(n) if i not in P.free)
                  and all(_dot(row, x) <= b for row, b in zip(P.A_ub, P.b_ub))
                  and all(_dot(row, x) == b for row, b in zip(P.A_eq, P.b_eq)))
        yu, ye = y[:m_ub], y[m_ub:]
        dual = not any(v > 0 for v in yu)
        for i in range(n):
            if not dual:
                break
            red = P.c[i] - _dot([row[i] for row in P.A_ub], yu) - _dot([row[i] for row in P.A_eq], ye)
            dual = red == 0 if i in P.free else red >= 0
        obj = _dot(P.c, x)
        dobj = _dot(P.b_ub, yu) + _dot(P.b_eq, ye)
        equal = obj == dobj
        return cls(bool(primal and dual and equal and (value is None or value == obj)), status, primal, dual, equal,
                   obj, dobj)

    def to_json(self) -> dict:
        """The JSON entries (exact numbers as strings)."""
        fmt = (lambda v: None if v is None else format_exact(v))  # noqa: E731
        return {"holds": bool(self.holds), "exact": True, "kind": self.kind, "status": self.status,
                "primal_feasible": self.primal_feasible, "dual_feasible": self.dual_feasible,
                "objectives_equal": self.objectives_equal, "objective": fmt(self.objective),
                "dual_objective": fmt(self.dual_objective)}


@dataclass
class LPResult:
    """The outcome of :func:`~exactwedge.lp.solve_lp` and of :func:`~exactwedge.lp.linprog_exact`.

    Attributes
    ----------
    status : {"optimal", "infeasible", "unbounded"}
    x : list of Fraction or None
        An optimal basic solution when ``status == "optimal"``.
    value : Fraction or None
        :math:`c^\\top x`.
    y : list of Fraction or None
        Optimal duals, one per constraint row (the A_ub rows first);
        :attr:`dual_ub` and :attr:`dual_eq` split them.
    basis : list of int
        The final simplex basis (columns of the standard form the simplex ran on).
    iterations : int
        Simplex iterations (both phases).
    program : LinearProgram
        The program solved (for :attr:`certificate` and :meth:`verify`).

    Examples
    --------
    >>> from exactwedge.lp import linprog_exact, solve_lp
    >>> a, b = solve_lp([1, 1], [[1, 2]], [4]), linprog_exact([1, 1], A_eq=[[1, 2]], b_eq=[4])
    >>> type(a) is type(b), a.x == b.x, a.y == b.dual_eq, a.certificate.holds, b.certificate.holds
    (True, True, True, True, True)
    """

    status: str
    x: list | None
    value: Fraction | None
    y: list | None = None
    basis: list = field(default_factory=list)
    iterations: int = 0
    program: LinearProgram | None = field(default=None, repr=False, compare=False)

    @property
    def dual_ub(self) -> list | None:
        """The duals of the ``A_ub`` rows (``≤ 0``)."""
        return None if self.y is None else self.y[:self._m_ub]

    @property
    def dual_eq(self) -> list | None:
        """The duals of the ``A_eq`` rows."""
        return None if self.y is None else self.y[self._m_ub:]

    @property
    def _m_ub(self) -> int:
        return len(self.program.A_ub) if self.program is not None else 0

    @property
    def certificate(self) -> LPCertificate:
        """LP duality for the current ``x`` and ``y``, checked exactly (recomputed on every access)."""
        if self.program is None:
            return LPCertificate(False, self.status)
        return LPCertificate.check(self.program, self.status, self.x, self.y, self.value)

    def verify(self) -> bool:
        """Re-check optimality exactly: ``self.certificate.holds`` (False for a non-optimal status).

        >>> from exactwedge.lp import linprog_exact
        >>> linprog_exact([1, 1], A_eq=[[1, 1]], b_eq=[2]).verify()
        True
        """
        return self.certificate.holds
