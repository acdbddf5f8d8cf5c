r"""How far a float Lasso solution is from the exact one, measured exactly.

All numbers are on our scale :math:`P(z, t) = \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1`.
A float point ``(z, t)`` is first converted **exactly** to rationals
(:func:`~exactwedge.numbers.from_float`: each float's exact binary value), then:

* **objective gap** :math:`P(z, t) - P^\star`, in rationals, so it is never
  negative and never lost to rounding (the float objective can be below
  :math:`P^\star`). Because :math:`P` is a strongly convex function of the
  fitted values plus a convex term, the gap bounds the fitted-value error:
  :math:`\tfrac12\lVert \hat y - \hat y^\star\rVert_2^2 \le P(z,t) - P^\star`;
* **fitted-value error** :math:`\lVert\hat y - \hat y^\star\rVert_\infty`,
  :math:`\hat y = Kz + t\mathbf1`. The fitted values are **unique** (Tibshirani
  2013), so this error is meaningful even when ``z`` is not;
* **coefficient error** :math:`\max_j\lvert z_j - z^\star_j\rvert` and the
  **ℓ1 error** :math:`\lvert\lVert z\rVert_1 - \lVert z^\star\rVert_1\rvert`
  (``‖z‖₁`` is unique too). On rank-deficient dictionaries (the ± pairs of
  ours often are) ``z`` need not be unique, and ``z*`` is the one solution the
  exact solver returned: a large coefficient error with a tiny gap is then a
  different optimum, not an error. The intercept is not unique either in that
  case (:math:`t = \overline{y - Kz}`);
* **support** (Jaccard index of the supports) and **sign agreement** (the
  fraction of columns in the union of the supports where both signs agree).
  A float coefficient counts as nonzero when :math:`\lvert z_j\rvert >`
  :data:`SUPPORT_TOL` :math:`\cdot\max(1, \lVert z\rVert_\infty)`; exact zeros
  are exact;
* **exact KKT violation** at the float point, with :math:`r = y - Kz - t\mathbf1`
  exact: ``bound`` :math:`= \max(0, \max_j\lvert K_j^\top r\rvert/\beta - 1)`,
  ``support`` :math:`= \max_{j\in S}\lvert K_j^\top r/\beta - \operatorname{sign} z_j\rvert`
  over the thresholded support S, and ``intercept`` :math:`= \lvert\mathbf1^\top r\rvert`;
  ``holds`` is the exact certificate (:func:`~exactwedge.lasso.certificate.certify`)
  of the unthresholded point, which a float point essentially never passes.

**Agreement.** A back-end *agrees* at a β when it raised nothing, reported
convergence, returned finite numbers, and its exact gap satisfies
:math:`P(z,t) - P^\star \le` :data:`AGREE_RTOL` :math:`\cdot P^\star`. A failed
back-end therefore never agrees, whatever its numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..lasso.certificate import certify
from ..lasso.columns import ExactColumns
from ..numbers import from_float

__all__ = [
    "AGREE_RTOL",
    "SUPPORT_TOL",
    "float_support",
    "jaccard",
    "sign_agreement",
    "exact_point",
    "ExactPointMeasure",
    "agrees",
    "uniqueness",
]

#: Agreement tolerance on the relative objective gap ``(P(z, t) − P*) / P*``.
AGREE_RTOL = 1e-6
#: A float coefficient is nonzero when ``|z_j| > SUPPORT_TOL · max(1, ‖z‖∞)``.
SUPPORT_TOL = 1e-9


def float_support(z: Any, tol: float = SUPPORT_TOL) -> list[int]:
    """Columns whose float coefficient counts as nonzero (see :data:`SUPPORT_TOL`).

    >>> float_support([0.5, 1e-15, -2.0, 0.0])
    [0, 2]
    """
    a = np.abs(np.asarray(z, dtype=np.float64))
    if a.size == 0:
        return []
    cut = tol * max(1.0, float(a.max()))
    return np.flatnonzero(a > cut).tolist()


def jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """``|A ∩ B| / |A ∪ B|``, and 1 when both are empty.

    >>> jaccard([0, 1, 2], [1, 2, 3]), jaccard([], [])
    (0.5, 1.0)
    """
    A, B = set(a), set(b)
    if not A and not B:
        return 1.0
    return len(A & B) / len(A | B)


def sign_agreement(z_exact: Sequence[Any], z_float: Sequence[float], tol: float = SUPPORT_TOL) -> float:
    """The fraction of columns in the union of the supports whose signs agree (1 if both are 0).

    Signs are -1, 0, +1; the float sign is 0 below the support threshold.

    >>> from fractions import Fraction as Q
    >>> sign_agreement([Q(1), Q(0), Q(-2)], [0.9, 1e-20, 0.3])
    0.5
    """
    S = set(float_support(z_float, tol))
    zf = np.asarray(z_float, dtype=np.float64)
    union = sorted({j for j, v in enumerate(z_exact) if v != 0} | S)
    if not union:
        return 1.0
    same = 0
    for j in union:
        se = (z_exact[j] > 0) - (z_exact[j] < 0)
        sf = 0 if j not in S else (1 if zf[j] > 0 else -1)
        same += se == sf
    return same / len(union)


def agrees(status_ok: bool, gap: Fraction | None, optimum: Fraction, rtol: float = AGREE_RTOL) -> bool:
    """The agreement rule: a healthy run whose exact gap is at most ``rtol · P*``.

    >>> from fractions import Fraction as Q
    >>> agrees(True, Q(1, 10**9), Q(1)), agrees(False, Q(0), Q(1)), agrees(True, Q(1, 1000), Q(1))
    (True, False, False)
    """
    if not status_ok or gap is None:
        return False
    return gap <= Fraction(rtol) * optimum


@dataclass
class ExactPointMeasure:
    """A float point ``(z, t)`` measured exactly against the problem.

    Attributes
    ----------
    value : Fraction
        ``P(z, t)`` at the exact binary value of the float point.
    residual : list of Fraction
        ``r = y − Kz − t1``.
    max_abs_correlation : Fraction
        ``max_j |K_jᵀ r|``.
    bound_violation, support_violation : Fraction
        See the module docstring (0 means satisfied).
    residual_sum : Fraction or None
        ``1ᵀ r`` (None without an intercept).
    holds : bool
        The exact certificate of the (unthresholded) point.
    l1 : Fraction
        ``‖z‖₁``.
    """

    value: Fraction
    residual: list
    max_abs_correlation: Fraction
    bound_violation: Fraction
    support_violation: Fraction
    residual_sum: Fraction | None
    holds: bool
    l1: Fraction
    z: list = field(repr=False, default_factory=list)


def exact_point(cols: ExactColumns, y: Sequence[Fraction], beta: Fraction, z: Any, t: Any,
                *, intercept: bool, tol: float = SUPPORT_TOL) -> ExactPointMeasure:
    """Measure a point exactly: objective, residual, KKT violations (see the module docstring).

    ``z`` and ``t`` may be floats (converted exactly with
    :func:`~exactwedge.numbers.from_float`) or exact rationals.

    >>> from fractions import Fraction as Q
    >>> cols = ExactColumns.from_rational([[1, 0], [0, 1]])
    >>> m = exact_point(cols, [Q(3), Q(1)], Q(1), [2.0, 0.0], None, intercept=False)
    >>> m.value, m.max_abs_correlation, m.bound_violation, m.support_violation, m.holds
    (Fraction(3, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1), True)
    >>> exact_point(cols, [Q(3), Q(1)], Q(1), [2.5, 0.0], None, intercept=False).support_violation
    Fraction(1, 2)
    """
    zq = [v if isinstance(v, Fraction) else from_float(float(v)) for v in z]
    if intercept:
        tq = t if isinstance(t, Fraction) else from_float(float(0.0 if t is None else t))
    else:
        tq = Fraction(0)
    nz = [j for j, v in enumerate(zq) if v != 0]
    D = math.lcm(tq.denominator, *[v.denominator for v in y])
    for j in nz:
        D = math.lcm(D, (zq[j] / cols.s[j]).denominator)
    V = [int(zq[j] / cols.s[j] * D) for j in nz]
    KV = cols.times(nz, V)
    tD = int(tq * D)
    R = [int(yv * D) - kv - tD for yv, kv in zip(y, KV)]
    residual = [Fraction(r, D) for r in R]
    l1 = sum((abs(zq[j]) for j in nz), Fraction(0))
    value = Fraction(sum(r * r for r in R), 2 * D * D) + beta * l1
    cert = certify(cols, list(y), beta, zq, tq if intercept else None)
    S = set(float_support([float(v) for v in zq], tol)) if nz else set()
    worst = Fraction(0)
    for j in sorted(S):
        corr = Fraction(sum(int(a) * r for a, r in zip(cols.A[:, j], R)), cols.s[j] * D)
        sg = 1 if zq[j] > 0 else -1
        worst = max(worst, abs(corr / beta - sg))
    bound = max(Fraction(0), cert.max_abs_correlation / beta - 1)
    return ExactPointMeasure(value, residual, cert.max_abs_correlation, bound, worst,
                             cert.residual_sum if intercept else None, cert.holds, l1, zq)


def max_abs_difference(a: Sequence[Fraction], b: Sequence[Fraction]) -> float:
    """``max_i |a_i − b_i|`` computed exactly, rounded once to float (0 for empty)."""
    return float(max((abs(u - v) for u, v in zip(a, b)), default=Fraction(0)))



def uniqueness(cols: ExactColumns, y: Sequence[Fraction], beta: Fraction, z: Sequence[Fraction],
               t: Fraction | None, *, intercept: bool) -> tuple[list[int], bool]:
    """The equicorrelation set ``E = {j : |K_jᵀ r| = β}`` of an exact optimum, and whether ``z`` is provably unique.

    ``z`` is unique when the columns in E (centred, with an intercept) are
    linearly independent (Tibshirani 2013, Lemma 2): checked exactly. False
    means "not proven unique": other optima may exist, and then coefficient,
    support and intercept differences between two solvers can both be right.

    >>> from fractions import Fraction as Q
    >>> cols = ExactColumns.from_rational([[1, 1], [0, 0]])   # two equal columns
    >>> uniqueness(cols, [Q(3), Q(0)], Q(1), [Q(2), Q(0)], None, intercept=False)
    ([0, 1], False)
    >>> uniqueness(ExactColumns.from_rational([[1, 0], [0, 1]]), [Q(3), Q(0)], Q(1), [Q(2), Q(0)], None, intercept=False)
    ([0], True)
    """
    import flint

    tq = t if (intercept and t is not None) else Fraction(0)
    nz = [j for j, v in enumerate(z) if v != 0]
    D = math.lcm(tq.denominator, *[v.denominator for v in y])
    for j in nz:
        D = math.lcm(D, (z[j] / cols.s[j]).denominator)
    KV = cols.times(nz, [int(z[j] / cols.s[j] * D) for j in nz])
    R = [int(yv * D) - kv - int(tq * D) for yv, kv in zip(y, KV)]
    T = cols.At_times(R)
    bp, bq = beta.numerator, beta.denominator
    E = [j for j, tj in enumerate(T) if abs(tj) * bq == bp * cols.s[j] * D]
    if not E:
        return E, True
    A = [[int(cols.A[i, j]) for j in E] for i in range(cols.n)]
    if intercept:
        sums = [sum(A[i][k] for i in range(cols.n)) for k in range(len(E))]
        A = [[cols.n * A[i][k] - sums[k] for k in range(len(E))] for i in range(cols.n)]
    rank = flint.fmpz_mat(A).rank() if cols.n else 0
    return E, rank == len(E)
