r"""The certificates of a Lasso solution: the exact KKT certificate (THEORY §7) and the float report.

With :math:`r = y - Kz - t\mathbf 1`, a point is optimal for
:math:`\min \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1` iff

.. math:: K_j^\top r = \beta\,\operatorname{sign}(z_j)\ (z_j\ne0),\qquad
          \lvert K_j^\top r\rvert \le \beta\ (z_j = 0),\qquad \mathbf 1^\top r = 0\ (\text{with } t).

:func:`certify` checks everything in rational arithmetic on the original
(uncentred) columns, independently of how the solution was found, and returns
a :class:`Certificate` (kind ``"exact KKT (rational arithmetic)"``). The float
solvers check the same conditions and a duality gap in float64, with a
tolerance, and return a :class:`FloatReport`, whose kind says it is not a
proof. Both follow the one certificate protocol
(:class:`~exactwedge.numbers.certificate.OptimalityCertificate`: ``holds``,
``kind``, ``to_json()``, and a read-only mapping of the JSON).

>>> from fractions import Fraction as Q
>>> from exactwedge.lasso.columns import ExactColumns
>>> cols = ExactColumns.from_rational([[1, 0], [0, 1]])
>>> c = certify(cols, [Q(3), Q(-1, 2)], Q(1), [Q(2), Q(0)], None)
>>> c.holds, c.max_abs_correlation, c.support
(True, Fraction(1, 1), [0])
>>> c.kind, c["support_size"]
('exact KKT (rational arithmetic)', 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Sequence

import numpy as np

from ..exceptions import InvalidInputError
from ..numbers.certificate import OptimalityCertificate
from .columns import ExactColumns

__all__ = ["Certificate", "FloatReport", "certify", "integer_residual", "kkt_json", "EXACT_KKT", "FLOAT_KKT"]

#: The kind of :class:`Certificate`.
EXACT_KKT = "exact KKT (rational arithmetic)"
#: The kind of the float report of :func:`~exactwedge.lasso.float_solve.solve_float`.
FLOAT_KKT = "float KKT conditions and duality gap (float64, not a proof)"


@dataclass
class Certificate(OptimalityCertificate):
    """The outcome of the exact KKT check.

    Also a read-only mapping of :meth:`to_json` (``cert["holds"]``).

    Attributes
    ----------
    holds : bool
        Every condition holds exactly.
    beta : Fraction
    max_abs_correlation : Fraction
        ``max_j |K_jᵀ r|`` (must be ≤ β).
    support : list of int
        Columns with ``z_j ≠ 0``.
    support_ok : bool
        ``K_jᵀ r = β sign(z_j)`` on the support.
    bound_ok : bool
        ``|K_jᵀ r| ≤ β`` everywhere.
    intercept_ok : bool or None
        ``1ᵀ r = 0`` (None without intercept).
    violations : list of int
        Up to 10 columns that break a condition.
    kind : str
        :data:`EXACT_KKT`.

    Examples
    --------
    >>> c = Certificate(False, Fraction(1), Fraction(2), [0], True, False, None, None, [1])
    >>> c.holds, c.kind, c.to_json()["max_abs_correlation"], c["violations"]
    (False, 'exact KKT (rational arithmetic)', '2', [1])
    """

    kind: ClassVar[str] = EXACT_KKT
    holds: bool
    beta: Fraction
    max_abs_correlation: Fraction
    support: list
    support_ok: bool
    bound_ok: bool
    intercept_ok: bool | None
    residual_sum: Fraction | None
    violations: list = field(default_factory=list)

    __hash__ = None  # type: ignore[assignment]

    def to_json(self) -> dict:
        """The JSON entries (:func:`kkt_json`)."""
        return kkt_json(self)


class FloatReport(dict, OptimalityCertificate):
    """A float check of optimality (float64, with a tolerance): the certificate of a float solve, **not a proof**.

    A dict of JSON-ready entries with at least ``"holds"``, ``"exact"``
    (always False) and ``"kind"`` (ending in ``"not a proof)"``); the
    attributes ``holds`` and ``kind`` read them and :meth:`to_json` is a plain
    copy. The fields of :class:`Certificate` are there where they apply.

    Examples
    --------
    >>> r = FloatReport({"holds": True, "exact": False, "kind": FLOAT_KKT, "duality_gap": 1e-12})
    >>> r.holds, r.kind, r["duality_gap"], r.to_json() == r
    (True, 'float KKT conditions and duality gap (float64, not a proof)', 1e-12, True)
    >>> FloatReport({"holds": True, "exact": True, "kind": "exact?"})
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: a float report needs "exact": False and a kind that says "not a proof"
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "holds" not in self or self.get("exact", True) is not False or "not a proof" not in str(self.get("kind")):
            raise InvalidInputError('a float report needs "exact": False and a kind that says "not a proof"')

    @property
    def holds(self) -> bool:  # type: ignore[override]
        """``self["holds"]``."""
        return bool(self["holds"])

    @property
    def kind(self) -> str:  # type: ignore[override]
        """``self["kind"]``."""
        return self["kind"]

    def to_json(self) -> dict:
        """A plain dict copy of the entries."""
        return dict(self)


def kkt_json(c: Any) -> dict:
    """The JSON keys of a KKT certificate, for any object with :class:`Certificate`'s fields.

    >>> kkt_json(Certificate(True, Fraction(1), Fraction(1), [0], True, True, None, None))["support_size"]
    1
    """
    return {
        "holds": c.holds,
        "exact": True,
        "kind": c.kind,
        "beta": str(c.beta),
        "max_abs_correlation": str(c.max_abs_correlation),
        "support_size": len(c.support),
        "support_condition": c.support_ok,
        "bound_condition": c.bound_ok,
        "intercept_condition": c.intercept_ok,
        "residual_sum": None if c.residual_sum is None else str(c.residual_sum),
        "violations": c.violations,
    }


def integer_residual(cols: ExactColumns, y: Sequence[Fraction], z: Sequence[Fraction],
                     intercept: Fraction | None) -> tuple[list[int], int]:
    """``r = y − Kz − t`` over a common denominator: ``(R, D)`` with R integers and ``r = R/D``.

    >>> integer_residual(ExactColumns.from_rational([[1], [2]]), [Fraction(1), Fraction(1)], [Fraction(1, 3)], None)
    ([2, 1], 3)
    """
    t = intercept if intercept is not None else Fraction(0)
    support = [j for j, v in enumerate(z) if v != 0]
    D = math.lcm(t.denominator, *[v.denominator for v in y])
    for j in support:
        D = math.lcm(D, (z[j] / cols.s[j]).denominator)
    V = [int(z[j] / cols.s[j] * D) for j in support]
    KV = cols.times(support, V)
    return [int(yv * D) - kv - int(t * D) for yv, kv in zip(y, KV)], D


def _exact_where_needed(cols: ExactColumns, R: list[int], D: int, beta: Fraction, support: list[int]) -> dict:
    """``{j: A_jᵀR}`` exactly on every column that matters; every other one is proven below β and below the max.

    Exact integer bounds (:meth:`ExactColumns.enclose`, no floating point)
    prove ``|K_jᵀr| < β`` and ``|K_jᵀr| <`` the largest exact value found for
    most columns; the rest (the support, the ties, the near-maximal ones) are
    computed exactly. When the bounds are exact themselves, or A has no
    int64 form, every column is computed.
    """
    enc = cols.enclose(R)
    if enc is None or enc[2] == 0:
        T = enc[0].tolist() if enc is not None else cols.At_times(R)
        return dict(enumerate(T))
    H, E, k = enc
    s_obj = np.array(cols.s, dtype=object)
    up = (np.abs(H) + E).astype(object) << k  # |A_jᵀR| ≤ up_j
    lo = np.maximum(np.abs(H) - E, 0)  # 2ᵏ·lo_j ≤ |A_jᵀR|
    need = set(np.flatnonzero(up * beta.denominator >= s_obj * (beta.numerator * D)).tolist()) | set(support)
    # the largest |K_jᵀr|: the column with the best lower bound, then every column whose upper bound reaches it
    j0 = int(np.argmax(lo.astype(np.float64) / np.array([float(v) for v in cols.s])))
    need.add(j0)
    idx = sorted(need)
    T = dict(zip(idx, cols.At_times_at(idx, R)))
    top = max(Fraction(abs(t), cols.s[j]) for j, t in T.items())  # the largest |A_jᵀR|/s_j found so far
    more = [j for j in np.flatnonzero(up * top.denominator >= s_obj * top.numerator).tolist() if j not in T]
    if more:
        T.update(zip(more, cols.At_times_at(more, R)))
    return T


def certify(cols: ExactColumns, y: Sequence[Fraction], beta: Fraction, z: Sequence[Fraction],
            intercept: Fraction | None) -> Certificate:
    """Check the Lasso KKT conditions exactly for ``(z, intercept)``.

    ``intercept=None`` means the problem has no intercept.

    >>> from fractions import Fraction as Q
    >>> cols = ExactColumns.from_rational([[1], [1]])
    >>> certify(cols, [Q(1), Q(3)], Q(1), [Q(3, 2)], None).holds
    True
    >>> c = certify(cols, [Q(1), Q(3)], Q(1), [Q(1)], None)
    >>> c.holds, c.violations, c.max_abs_correlation
    (False, [0], Fraction(2, 1))
    """
    support = [j for j, v in enumerate(z) if v != 0]
    R, D = integer_residual(cols, y, z, intercept)
    bp, bq = beta.numerator, beta.denominator
    T = _exact_where_needed(cols, R, D, beta, support)  # K_jᵀ r = T_j / (s_j D), exactly
    violations: list[int] = []
    bound_ok = True
    support_ok = True
    for j in sorted(T):
        if abs(T[j]) * bq > bp * cols.s[j] * D:
            bound_ok = False
            if len(violations) < 10:
                violations.append(j)
    best = max((Fraction(abs(t), cols.s[j] * D) for j, t in T.items()), default=Fraction(0))
    for j in support:
        want = beta if z[j] > 0 else -beta
        if Fraction(T[j], cols.s[j] * D) != want:
            support_ok = False
            if len(violations) < 10 and j not in violations:
                violations.append(j)
    intercept_ok = None
    rsum = None
    if intercept is not None:
        rsum = Fraction(sum(R), D)
        intercept_ok = rsum == 0
    holds = bound_ok and support_ok and (intercept_ok is not False)
    return Certificate(holds, beta, best, support, support_ok, bound_ok, intercept_ok, rsum, violations)
