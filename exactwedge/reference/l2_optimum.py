r"""The ℓ2 (weight-decay) global optimum of a small problem, beside the ℓ2 Lasso and Thm 7's bound.

The ℓ2 wedge Lasso is only an upper bound on the weight-decay optimum
:math:`P_{NN}` (THEORY §6, Thm 4, 5, 7):

.. math:: P_{NN} \le P_{\text{Lasso}}(\ell_2) \le P_{NN} + (1/r - 1)\,R_{NN},

with r the chamber radius (:func:`~exactwedge.arrangement.chamber_radius`; with
biases the minimum over the anchored arrangements, our reading of Thm 5) and
:math:`R_{NN}` the regularization term of an optimal network. For small n the
arrangement program (:func:`~exactwedge.reference.arrangement_value`, norm 2)
gives :math:`P_{NN}` itself — by a **float** conic solve (Clarabel). Its
accuracy is measured here by a duality gap computed independently of the
solver: the upper value U is the objective of the network read off the solution,
evaluated directly; the lower value L is the dual objective
:math:`v^\top y - \tfrac12\lVert v\rVert^2` at the residual :math:`v = y - f(X)`
(centred with biases), scaled into the dual feasible set
:math:`\max_i \max_{u \in K_i,\,\lVert u_w\rVert_2\le 1} |v^\top D_i\tilde X u| \le \beta` (the maxima
over every pattern in one separable float solve). U − L is reported as
``duality_gap``; both are floats and named so.

:func:`global_l2` refuses (:class:`~exactwedge.exceptions.TooLargeError`) an
arrangement with more than ``max_patterns`` activation patterns before the
program is built, naming the count and the general-position estimate
(:func:`pattern_estimate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..arrangement.cells import rational_rows
from ..arrangement.chambers import chamber_radius, max_chamber_diameter
from ..arrangement.patterns import augment, sign_patterns
from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..numbers import exact
from ..numbers.linalg import rank
from ..problem import read_labels
from .conic import ConeForm, pattern_cone
from .program import arrangement_value

__all__ = ["DEFAULT_MAX_GLOBAL_PATTERNS", "pattern_estimate", "count_patterns", "l2_geometry",
           "GlobalL2Result", "global_l2"]

#: The largest arrangement (activation patterns) solved by :func:`global_l2` by default
#: (781 patterns, n = 30 in R² with bias, solve in about 1 s).
DEFAULT_MAX_GLOBAL_PATTERNS = 5000

#: Candidate patterns the counting enumeration may generate (before deduplication) per allowed pattern.
_CANDIDATES_PER_PATTERN = 10


def pattern_estimate(X: Any, *, bias: bool = False) -> int:
    r"""The general-position count of activation patterns: :math:`2\sum_{i<k}\binom{n'-1}{i}`.

    n' is the number of distinct hyperplanes :math:`\{\tilde x_i^\top w = 0\}`
    (nonzero rows up to a scalar factor) and k the rank of :math:`\tilde X`: the
    chambers of n' hyperplanes in general position in :math:`\mathbb R^k` (the
    patterns drop the all-zero one and may add the all-ones pattern of w = 0).
    Computed from n' and k only (nothing is enumerated); degenerate data have
    fewer patterns.

    >>> pattern_estimate([[1, 0], [0, 1], [1, 1]]), pattern_estimate([[0], [4], [5]], bias=True)
    (6, 6)
    """
    rows = augment(rational_rows(X, "X"), bias)
    live = [r for r in rows if any(r)]
    if not live:
        return 1
    planes = {tuple(c / next(a for a in r if a) for c in r) for r in live}
    return 2 * sum(math.comb(len(planes) - 1, i) for i in range(rank(live)))


def count_patterns(X: Any, *, bias: bool = False, max_patterns: int | None = DEFAULT_MAX_GLOBAL_PATTERNS) -> int:
    """The number of activation patterns, or :class:`TooLargeError` above ``max_patterns`` (with the count
    and the estimate).

    An estimate (:func:`pattern_estimate`) above ``10 × max_patterns`` is
    refused without enumerating; otherwise the enumeration is capped at
    ``10 × max_patterns`` candidate patterns (memory: n bytes each).

    >>> count_patterns([[1, 0], [0, 1], [1, 1]])
    5
    >>> count_patterns([[1, 0], [0, 1], [1, 1], [1, -1]], max_patterns=5)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: the arrangement has 7 activation patterns (general-position estimate 8), more than max_patterns=5: the global ℓ2 program is for small problems (CLI: --max-patterns N to raise the limit)
    """
    est = pattern_estimate(X, bias=bias)
    if max_patterns is None:
        return int(sign_patterns(X, bias=bias, max_patterns=None).shape[0])
    cap = _CANDIDATES_PER_PATTERN * max_patterns
    way = "the global ℓ2 program is for small problems (CLI: --max-patterns N to raise the limit)"
    if est > cap:
        raise TooLargeError(f"the arrangement has about {est:,} activation patterns (general-position estimate, "
                            f"not enumerated), more than max_patterns={max_patterns:,}: {way}")
    try:
        m = int(sign_patterns(X, bias=bias, max_patterns=cap).shape[0])
    except TooLargeError:
        raise TooLargeError(f"the arrangement has more than {cap:,} candidate activation patterns (general-position "
                            f"estimate {est:,}), more than max_patterns={max_patterns:,}: {way}") from None
    if m > max_patterns:
        raise TooLargeError(f"the arrangement has {m:,} activation patterns (general-position estimate {est:,}), "
                            f"more than max_patterns={max_patterns:,}: {way}")
    return m


def l2_geometry(X: Any, *, bias: bool = False) -> tuple[float, Any]:
    r"""(r, D) of Thm 7's bound: the chamber radius and the maximum chamber diameter.

    Without biases, of the arrangement of X; with biases (Thm 5's "locally
    dispersed", our reading, THEORY §6) r is the minimum and D the maximum over
    the anchored arrangements :math:`\{x_k - x_j\}_{k\ne j}`. r is a float, D a
    :class:`~exactwedge.arrangement.ChamberDiameter` (exact D²).

    >>> r, D = l2_geometry([[1, 0], [0, 1]])
    >>> round(r, 6), D.squared
    (0.707107, 2)
    """
    rows = [list(r) for r in rational_rows(X, "X")]
    if bias:
        sets = [[[a - b for a, b in zip(rows[k], rows[j])] for k in range(len(rows)) if k != j]
                for j in range(len(rows))]
    else:
        sets = [rows]
    r = min(chamber_radius(S).value for S in sets)
    D = max((max_chamber_diameter(S) for S in sets), key=lambda t: t.value)
    return r, D


@dataclass(frozen=True)
class GlobalL2Result:
    """The weight-decay optimum by the arrangement program (float), the ℓ2 Lasso and Thm 7's bound.

    Attributes
    ----------
    global_value_float : float
        :math:`P_{NN}`, the arrangement program's value (a float conic solve).
    upper_float, lower_float : float
        U (the network read off the solution, evaluated) and L (the scaled
        residual's dual value); ``duality_gap`` = U − L.
    regularization_float : float
        :math:`R_{NN}` of that network.
    n_patterns, pattern_estimate : int
    lasso_value_float : float
        :math:`P_{\\text{Lasso}}(\\ell_2)` (:func:`exactwedge.fit`, ``norm=2``: a float solve).
    lasso_check_holds : bool
        The Lasso solve's own optimality check.
    r : float or None
        None when the bound does not apply (``bound_note`` says why: rank-deficient data).
    D_squared : str or None
        The exact D² (SymPy text).
    theorem : str
    bound_float : float or None
        :math:`P_{NN} + (1/r - 1)R_{NN}`.
    """

    global_value_float: float
    upper_float: float
    lower_float: float
    duality_gap: float
    regularization_float: float
    n_patterns: int
    pattern_estimate: int
    lasso_value_float: float
    lasso_check_holds: bool
    r: float | None
    D_squared: str | None
    theorem: str
    bias: bool
    beta: Fraction
    bound_note: str = ""

    @property
    def bound_float(self) -> float | None:
        if self.r is None:
            return None
        return self.global_value_float + (1 / self.r - 1) * self.regularization_float

    @property
    def gap_ratio(self) -> float | None:
        """(P_Lasso − P_NN) / ((1/r − 1) R_NN): the share of Thm 7's allowance used (≤ 1 when the bound
        holds); None when the allowance is 0."""
        if self.r is None:
            return None
        allowed = (1 / self.r - 1) * self.regularization_float
        return None if allowed <= 0 else (self.lasso_value_float - self.global_value_float) / allowed

    def to_json(self) -> dict:
        """A JSON-ready dict; every float is named ``*_float`` or a gap/ratio (nothing is called optimal).

        >>> res = global_l2([[1, 0], [0, 1], [1, 1]], [1, 0, 2], "1/2")
        >>> doc = res.to_json()
        >>> doc["kind"], "optimal_value" in doc, doc["n_patterns"]
        ('float solve of the arrangement program (weight decay, ℓ2)', False, 5)
        """
        p = self.global_value_float
        return {
            "kind": "float solve of the arrangement program (weight decay, ℓ2)",
            "beta": str(self.beta),
            "bias": self.bias,
            "global_value_float": p,
            "duality_gap": self.duality_gap,
            "duality_gap_relative": self.duality_gap / max(1.0, abs(p)),
            "upper_float": self.upper_float,
            "lower_float": self.lower_float,
            "regularization_float": self.regularization_float,
            "n_patterns": self.n_patterns,
            "pattern_estimate": self.pattern_estimate,
            "lasso_l2_value_float": self.lasso_value_float,
            "lasso_l2_check_holds": self.lasso_check_holds,
            "theorem": self.theorem,
            "r": self.r,
            "D_squared": self.D_squared,
            "thm7_bound_float": self.bound_float,
            "ratio_lasso_to_global": self.lasso_value_float / p if p > 0 else None,
            "ratio_bound_to_global": self.bound_float / p if p > 0 and self.r is not None else None,
            "bound_note": self.bound_note or None,
            "gap_share_of_bound": self.gap_ratio,
        }


def _dual_bound(Xt: np.ndarray, d: int, Dm: np.ndarray, v: np.ndarray, y: np.ndarray, beta: float) -> float:
    """L = vᵀy − ½‖v‖² at v scaled into the dual feasible set (per-pattern maxima in one separable solve)."""
    dt = Xt.shape[1]
    S = (2.0 * Dm - 1.0).T  # (n, m)
    F = Dm.T.astype(np.float64)
    c = F * v[:, None]  # column i: D_i v
    G = c.T @ Xt  # (m, dt): row i is vᵀ D_i X̃
    form = ConeForm()
    U, V = pattern_cone(form, Xt, S), pattern_cone(form, Xt, S)  # (dt, m) index arrays
    # the bias row: beyond ±(max ‖x‖ + 1) a pattern is all-on or all-off, where vᵀ1 = 0
    B = float(np.linalg.norm(Xt[:, :d], axis=1).max(initial=0.0)) + 1.0
    head = np.full((U.shape[1], 1), -1)  # the constant 1
    for W in (U, V):
        form.second_order(np.hstack([head, W[:d, :].T]), np.r_[1.0, np.zeros(d)])  # ‖w_i‖ ≤ 1
        if dt > d:
            form.nonnegative(W[d, :, None], -1.0, -B)  # −b ≥ −B
            form.nonnegative(W[d, :, None], 1.0, -B)  # b ≥ −B
    # maximize Σ_i G_i·u_i − Σ_i G_i·u'_i
    form.minimize(linear=(np.concatenate([U.T.ravel(), V.T.ravel()]), np.concatenate([-G.ravel(), G.ravel()])))
    x = form.solve("the global ℓ2 program's dual bound").x
    Uval, Vval = x[U], x[V]
    s = max(float(np.max(np.sum(G * Uval.T, axis=1))), float(np.max(-np.sum(G * Vval.T, axis=1))), 0.0)
    c = min(1.0, beta / s) if s > 0 else 1.0
    if v @ v > 0:  # the best scaling within the feasible range: the dual is concave in c
        c = min(c, max(0.0, float(v @ y) / float(v @ v)))
    v = c * v
    return float(v @ y - 0.5 * v @ v)


def global_l2(X: Any, y: Any, beta: Any, *, bias: bool = False,
              max_patterns: int | None = DEFAULT_MAX_GLOBAL_PATTERNS) -> GlobalL2Result:
    r"""The weight-decay optimum :math:`P_{NN}` (float solve, with its duality gap), the ℓ2 Lasso beside it,
    and Thm 7's bound (ReLU, squared loss, scalar labels).

    Parameters
    ----------
    X : (n, d) exact data
    y : (n,) exact labels
    beta : exact rational > 0
    bias : bool
    max_patterns : int or None
        Refuse larger arrangements (:func:`count_patterns`) before building the program.

    Raises
    ------
    TooLargeError
        More than ``max_patterns`` activation patterns (the count and the estimate are named).
    InvalidInputError, DimensionError, NonExactInputError
        Bad data, labels or β.

    Examples
    --------
    >>> res = global_l2([[1, 0], [0, 1], [1, 1], [-1, 2]], [1, 0, 2, -1], "1/4")
    >>> res.n_patterns, res.duality_gap < 1e-6, res.global_value_float <= res.lasso_value_float + 1e-7
    (7, True, True)
    >>> res.lasso_value_float <= res.bound_float + 1e-7
    True
    """
    from ..training import fit

    rows = rational_rows(X, "X")
    b = exact(beta)
    if not isinstance(b, Fraction) or b <= 0:
        raise InvalidInputError(f"beta must be a positive rational number, got {beta!r}")
    est = pattern_estimate(rows, bias=bias)
    m = count_patterns(rows, bias=bias, max_patterns=max_patterns)  # refuses before the program is built
    ref = arrangement_value(rows, y, b, bias=bias, norm=2, max_patterns=None)
    yq = list(read_labels(y, len(rows)))  # scalar and rational: arrangement_value has checked them
    yf = np.array([float(v) for v in yq])
    Xt = np.array([[float(c) for c in r] for r in augment(rows, bias)])
    d = len(rows[0])
    f = np.full(len(rows), ref.intercept)
    reg = 0.0
    for w, bb, alpha in ref.network:
        f += alpha * np.maximum(Xt[:, :d] @ w + bb, 0.0)
        reg += abs(alpha) * float(np.linalg.norm(w))
    upper = 0.5 * float((f - yf) @ (f - yf)) + float(b) * reg
    v = yf - f
    if bias:
        v = v - v.mean()
    lower = _dual_bound(Xt, d, sign_patterns(rows, bias=bias, max_patterns=None), v, yf, float(b))
    las = fit(rows, yq, b, bias=bias, norm=2)
    try:
        r, D = l2_geometry(rows, bias=bias)
        r, D2, note = float(r), str(D.squared), ""
    except DimensionError as e:  # the bound needs pointed chambers; P_NN and the Lasso do not
        r, D2, note = None, None, f"Thm 7's bound does not apply: {e}"
    theorem = ("Thm 5" if bias else "Thm 4") if d == 2 else ("Thm 7 (anchored, our reading)" if bias else "Thm 7")
    return GlobalL2Result(
        global_value_float=float(ref.value), upper_float=upper, lower_float=lower, duality_gap=upper - lower,
        regularization_float=float(ref.regularization), n_patterns=m, pattern_estimate=est,
        lasso_value_float=float(las.value), lasso_check_holds=bool(las.certificate.get("holds")),
        r=r, D_squared=D2, theorem=theorem, bias=bool(bias), beta=b, bound_note=note)
