r"""Exact Lasso solutions and paths.

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert^2 + \beta\lVert z\rVert_1
          \qquad (t \text{ only with an intercept})

With an intercept the columns and labels are centred exactly and
:math:`t = \operatorname{mean}(y - Kz)`.

>>> from fractions import Fraction as Q
>>> sol = solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], Q(1, 2))
>>> sol.z, sol.value, sol.certificate.holds  # r = (5/4, 1, -3/4): K₁ᵀr = 1/2 = β, K₂ᵀr = 1/4
([Fraction(3, 4), Fraction(0, 1)], Fraction(31, 16), True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


from ..exceptions import InvalidInputError
from ..numbers.display import MAX_ROWS, abbreviate, figure, html_card, html_table, text_table
from ..problem import check_beta, rational_vector
from .active_set import ExactLassoQP, Face
from .canonical import canonical_face
from .certificate import Certificate, certify
from .columns import ExactColumns
from .display import solution_html, solution_text
from .float_guess import warm_face
from .homotopy import exact_path

__all__ = ["LassoSolution", "LassoPath", "solve_lasso", "exact_lasso", "lasso_path", "as_columns"]


def as_columns(K: Any) -> ExactColumns:
    """ExactColumns from a Dictionary (ℓ1), ExactColumns, or a rational matrix.

    >>> as_columns([["1/2", 1], [1, 0]]).s
    [2, 1]"""
    from ..dictionary.columns import Dictionary

    if isinstance(K, ExactColumns):
        return K
    if isinstance(K, Dictionary):
        if K.norm != 1:
            raise InvalidInputError("an ℓ2 dictionary has irrational columns; the exact solver needs ℓ1 (use the float solver)")
        return ExactColumns(K.numerators, K.scales)
    return ExactColumns.from_rational(K)


@dataclass
class LassoSolution:
    """An exact Lasso optimum with its certificate."""

    beta: Fraction
    z: list
    intercept: Fraction | None
    value: Fraction
    certificate: Certificate
    face: Face = field(repr=False)
    method: str = "exact active set"

    @property
    def support(self) -> list[int]:
        return [j for j, v in enumerate(self.z) if v != 0]

    @property
    def l1(self) -> Fraction:
        return sum((abs(v) for v in self.z), Fraction(0))

    def __repr__(self) -> str:
        """Short: β, the value and the support's size (``sol.z`` and ``sol.value`` hold them whole).

        >>> solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")
        LassoSolution(beta=1/2, value=31/16, support=1 of 2 columns, certificate holds)
        """
        return (f"LassoSolution(beta={abbreviate(self.beta)}, value={abbreviate(self.value)}, support={len(self.support)} "
                f"of {len(self.z)} columns, certificate {'holds' if self.certificate.holds else 'FAILS'})")

    def summary(self) -> str:
        """The same facts as the notebook display, as text.

        >>> print(solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2").summary())
        Exact Lasso solution
        β: 1/2
        optimal value: 31/16
        support: 1 of 2 columns: z0 = 3/4
        certificate: holds: exact KKT (rational arithmetic)
        method: exact active set (float warm start)
        """
        return solution_text(self)

    def _repr_html_(self) -> str:
        """Jupyter's display: :meth:`summary` as a card.

        >>> "31/16" in solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")._repr_html_()
        True
        """
        return solution_html(self)


def _problem(cols: ExactColumns, y: list[Fraction], intercept: bool) -> tuple[ExactLassoQP, ExactColumns, list[Fraction]]:
    if intercept:
        ybar = sum(y, Fraction(0)) / len(y)
        return ExactLassoQP(cols.centered(), [v - ybar for v in y]), cols, y
    return ExactLassoQP(cols, y), cols, y


def _finish(cols: ExactColumns, y: list[Fraction], beta: Fraction, z: list[Fraction], intercept: bool,
            face: Face, method: str) -> LassoSolution:
    t = None
    support = [j for j, v in enumerate(z) if v]
    # fitted values K z over a common denominator (only the support matters)
    D = 1
    for j in support:
        D = math.lcm(D, (z[j] / cols.s[j]).denominator)
    V = [int(z[j] / cols.s[j] * D) for j in support]
    fitted = [Fraction(v, D) for v in cols.times(support, V)]
    if intercept:
        t = sum((yv - f for yv, f in zip(y, fitted)), Fraction(0)) / len(y)
    tt = t or Fraction(0)
    r = [yv - f - tt for yv, f in zip(y, fitted)]
    l1 = sum((abs(z[j]) for j in support), Fraction(0))
    value = sum((v * v for v in r), Fraction(0)) / 2 + beta * l1
    cert = certify(cols, y, beta, z, t)
    return LassoSolution(beta, z, t, value, cert, face, method)


def solve_lasso(K: Any, y: Any, beta: Any, *, intercept: bool = False, warm_start: bool = True) -> LassoSolution:
    """Solve the Lasso exactly at one β and certify the answer.

    Parameters
    ----------
    K : Dictionary, ExactColumns, or rational matrix (rows)
    y : sequence of exact numbers
    beta : exact positive number
    intercept : bool
        Fit a free intercept t.
    warm_start : bool
        Guess the first face with a float run (the answer stays exact).

    Returns
    -------
    LassoSolution

    Examples
    --------
    Rank-deficient columns (the 1-D identity (x−1)_+ − (1−x)_+ = x − 1):

    >>> K = [[0, 1, -1], [1, 0, 1], [2, 0, 2]]
    >>> sol = solve_lasso(K, [0, 1, 2], "1/10")
    >>> sol.value, sol.certificate.holds  # z₁ = 49/50 on y = K₁; K₃ = K₁ − K₂ ties at β
    (Fraction(99, 1000), True)
    """
    cols = as_columns(K)
    return exact_lasso(cols, rational_vector(y, cols.n), check_beta(beta), intercept=intercept, warm_start=warm_start)


def exact_lasso(cols: ExactColumns, yv: list, b: Fraction, *, intercept: bool = False,
                warm_start: bool = True) -> LassoSolution:
    """:func:`solve_lasso` on validated inputs: exact columns, Fraction labels and β > 0, not checked again.

    >>> exact_lasso(as_columns([[1], [1]]), [Fraction(2), Fraction(2)], Fraction(1)).value
    Fraction(7, 4)
    """
    qp, cols, yv = _problem(cols, yv, intercept)
    start = None
    if warm_start and cols.m:
        guess = warm_face(qp.cols.A, qp.cols.s, qp.Y, qp.q, b)
        start = None if guess is None else Face(guess, [])
    # on a degenerate problem the vertex reached depends on the (float) start: return the canonical one
    face = canonical_face(qp, qp.solve(b, start), b)
    return _finish(cols, yv, b, face.z(cols.m), intercept, face, "exact active set" + (" (float warm start)" if start else ""))


@dataclass
class LassoPath:
    """The exact path: knots from β_max down to the target β."""

    beta_max: Fraction
    knots: list  # [LassoSolution] at each knot, β decreasing

    @property
    def betas(self) -> list[Fraction]:
        return [k.beta for k in self.knots]

    def to_json(self) -> list[dict]:
        return [{"beta": str(k.beta), "value": str(k.value), "support": k.support,
                 "intercept": None if k.intercept is None else str(k.intercept)} for k in self.knots]

    def __repr__(self) -> str:
        """Short: the knots' count and range (``path.knots`` holds the solutions).

        >>> lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10")
        LassoPath(2 knots, beta_max=2 down to 1/10)
        """
        low = abbreviate(self.knots[-1].beta) if self.knots else abbreviate(self.beta_max)
        return f"LassoPath({len(self.knots)} knots, beta_max={abbreviate(self.beta_max)} down to {low})"

    def _rows(self) -> list[tuple[str, ...]]:
        return [(str(i), abbreviate(k.beta), abbreviate(k.value), str(len(k.support)),
                 "holds" if k.certificate.holds else "FAILS") for i, k in enumerate(self.knots[:MAX_ROWS])]

    _HEAD = ("knot", "β", "value", "support", "exact KKT")

    def summary(self) -> str:
        """The knots as a text table (β, value, support size, certificate).

        >>> print(lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10").summary())
        Exact Lasso path: 2 knots from β_max = 2
        knot │ β    │ value   │ support │ exact KKT
        ─────┼──────┼─────────┼─────────┼──────────
        0    │ 2    │ 5/2     │ 0       │ holds
        1    │ 1/10 │ 639/400 │ 1       │ holds
        """
        more = [f"… {len(self.knots) - MAX_ROWS} more knots: path.knots"] if len(self.knots) > MAX_ROWS else []
        return "\n".join([self._title(), text_table(self._HEAD, self._rows()), *more])

    def _title(self) -> str:
        return f"Exact Lasso path: {len(self.knots)} knots from β_max = {abbreviate(self.beta_max)}"

    def _repr_html_(self) -> str:
        """Jupyter's display: the knots as a table.

        >>> "639/400" in lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10")._repr_html_()
        True
        """
        more = f"… {len(self.knots) - MAX_ROWS} more knots. " if len(self.knots) > MAX_ROWS else ""
        return html_card(self._title(), [], table=html_table(self._HEAD, self._rows()),
                         notes=[more + "Exact solutions: path.knots; a figure: path.plot()."])

    def plot(self, **kwargs: Any) -> Any:
        """The coefficients along the path, a matplotlib Figure (:func:`exactwedge.plot.plot_lasso_path`).

        >>> lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10").plot().axes[0].get_xscale()
        'log'
        """
        return figure(self, **kwargs)


def lasso_path(K: Any, y: Any, beta_min: Any, *, intercept: bool = False, progress: Any = None) -> LassoPath:
    """The exact Lasso path from β_max down to ``beta_min``, every knot exact and certified.

    >>> p = lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10")
    >>> [str(b) for b in p.betas]
    ['2', '1/10']
    """
    cols = as_columns(K)
    yv = rational_vector(y, cols.n)
    b = check_beta(beta_min)
    qp, cols, yv = _problem(cols, yv, intercept)
    knots, _seg, bmax = exact_path(qp, b, progress=progress)
    sols = []
    for beta, zd in knots:
        if beta <= 0:
            continue
        z = [Fraction(0)] * cols.m
        for j, v in zd.items():
            z[j] = v
        sols.append(_finish(cols, yv, beta, z, intercept, Face(), "exact homotopy"))
    return LassoPath(bmax, sols)
