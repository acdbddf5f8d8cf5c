r"""The independent reference: the arrangement program of Pilanci & Ergen (2020).

Tests use this module to validate the exact wedge Lasso (THEORY §3,
"Independent reference"). It shares no dictionary code with
:mod:`exactwedge.dictionary`: it enumerates activation patterns instead of
wedge neurons and solves one float convex program with cvxpy.

With :math:`\tilde X = [X, \mathbf 1]` (bias) or :math:`\tilde X = X`, the
patterns :math:`D_1..D_m` (:func:`sign_patterns`) and the squared loss, the
program (:func:`arrangement_value`) is

.. math::

    \min_{t,\,u_i,\,u'_i}\ \tfrac12\Big\|\sum_{i=1}^m D_i\tilde X(u_i-u'_i)
        + t\mathbf 1 - y\Big\|_2^2
        + \beta\sum_{i=1}^m\big(\|u_{i,w}\|_p+\|u'_{i,w}\|_p\big)
    \quad\text{s.t.}\quad (2D_i-I)\tilde X u_i\ge 0,\ (2D_i-I)\tilde X u'_i\ge 0,

where :math:`u_{i,w}` is the weight part of :math:`u_i` (the bias coordinate
is not regularized) and the intercept :math:`t` is present only with a bias.
For ``activation="abs"`` (THEORY §4) :math:`D_i\tilde X` is replaced by
:math:`(2D_i-I)\tilde X`. Its optimal value is the two-layer training
objective :math:`P_{NN}` (THEORY §2) for p = 1 and p = 2.

>>> from exactwedge.reference import sign_patterns
>>> sign_patterns([[1], [-2], [3]]).astype(int).tolist()
[[0, 1, 0], [1, 0, 1], [1, 1, 1]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .exceptions import (
    BackendNotInstalledError,
    DimensionError,
    InvalidInputError,
    SolverError,
    TooLargeError,
)
from .ga.batch import DEFAULT_MAX_SUBSETS, INT64_LIMIT, cross_products
from .numbers import as_matrix, as_vector, exact, integer_rows

__all__ = ["sign_patterns", "arrangement_value", "ReferenceResult"]

#: Refuse to generate more candidate patterns than this (before deduplication).
DEFAULT_MAX_PATTERNS = 1_000_000

#: Clarabel tolerances used unless ``solver_options`` overrides them.
_CLARABEL_OPTIONS = {
    "tol_gap_abs": 1e-10,
    "tol_gap_rel": 1e-10,
    "tol_feas": 1e-10,
    "tol_ktratio": 1e-8,
    "max_iter": 500,
}


# ------------------------------------------------------------------ patterns


def _rational_matrix(X: Any, what: str) -> tuple[tuple[Fraction, ...], ...]:
    rows = as_matrix(X, what=what)
    if not rows:
        raise DimensionError(f"{what} must have at least 1 row, got 0")
    if not rows[0]:
        raise DimensionError(f"{what} must have at least 1 column, got 0")
    for i, r in enumerate(rows):
        for c in r:
            if not isinstance(c, Fraction):
                raise InvalidInputError(
                    f"{what} row {i} holds the symbolic value {c}; the reference needs rational data"
                )
    return rows


def _augment(rows: tuple, bias: bool) -> list[list[Fraction]]:
    return [list(r) + [Fraction(1)] for r in rows] if bias else [list(r) for r in rows]


def _pivot_columns(rows: Any) -> list[int]:
    """Indices of a maximal set of linearly independent columns (exact RREF)."""
    import flint

    n, d = len(rows), len(rows[0])
    entries = []
    for r in rows:
        for c in r:
            c = Fraction(c) if not isinstance(c, Fraction) else c
            entries.append(flint.fmpq(c.numerator, c.denominator))
    R, rank = flint.fmpq_mat(n, d, entries).rref()
    pivots = []
    for i in range(rank):
        pivots.append(next(j for j in range(d) if R[i, j] != 0))
    return pivots


def _signs(P: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Exact ``sign(C @ P.T)`` for integer matrices, as int8 ``(rays, n)``."""
    M = max(int(np.max(np.abs(P.astype(object)))), 1) if P.size else 1
    K = max(int(np.max(np.abs(C.astype(object)))), 1) if C.size else 1
    if P.shape[1] * M * K <= INT64_LIMIT:
        A = C.astype(np.int64) @ P.astype(np.int64).T
    else:
        A = C.astype(object) @ P.astype(object).T
    return (A > 0).astype(np.int8) - (A < 0).astype(np.int8)


class _Budget:
    """Counts generated candidate patterns and refuses past the limit."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self.count = 0

    def spend(self, k: int) -> None:
        self.count += k
        if self.limit is not None and self.count > self.limit:
            raise TooLargeError(
                f"the pattern enumeration reached {self.count} candidate patterns, more than "
                f"max_patterns={self.limit}; raise max_patterns (memory: about n bytes per pattern)"
            )


def _complete(base: np.ndarray, idx: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """Each row of ``base`` with its columns ``idx`` replaced by each row of ``sub``."""
    g, k = base.shape[0], sub.shape[0]
    if idx.shape[1] == 0:
        return base.copy()
    block = np.repeat(base, k, axis=0)
    rows = np.repeat(np.arange(g * k), idx.shape[1]).reshape(-1, idx.shape[1])
    block[rows, np.repeat(idx, k, axis=0)] = np.tile(sub, (g, 1))
    return block


def _bits(k: int) -> np.ndarray:
    """All ``2**k`` rows of k booleans."""
    return ((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)


def _all_patterns(P: np.ndarray, max_subsets: int | None, budget: _Budget) -> np.ndarray:
    """All patterns ``1[P v >= 0]``, v ∈ R^k, including the all-zero one; P integer."""
    n = P.shape[0]
    live = np.nonzero(np.any(P != 0, axis=1))[0]
    out = np.ones((1, n), dtype=bool)  # v = 0; zero rows are always 1
    if live.size == 0:
        return out
    Pl = P[live]
    pivots = _pivot_columns(Pl.tolist())
    r = len(pivots)
    Q = Pl[:, pivots]
    if r == live.size:
        # independent rows: every sign combination occurs
        budget.spend(2**r)
        inner = _bits(r)
    elif r == 1:
        # one line: the two sides (v = 0 is the all-ones pattern)
        budget.spend(2)
        inner = np.stack([Q[:, 0] > 0, Q[:, 0] < 0])
    else:
        table = cross_products(Q, max_subsets=max_subsets)
        C = table.numerators[table.nonzero()]
        S = _signs(Q, C)
        S = np.unique(np.concatenate([S, -S], axis=0), axis=0)
        nz = (S == 0).sum(axis=1)
        blocks = []
        # general position at the ray: its r-1 zero rows are independent, so
        # every completion occurs next to it
        gen = S[nz == r - 1]
        if gen.shape[0]:
            k = r - 1
            budget.spend(gen.shape[0] * 2**k)
            idx = np.nonzero(gen == 0)[1].reshape(gen.shape[0], k)
            blocks.append(_complete(gen > 0, idx, _bits(k)))
        # degenerate rays: the completions are the patterns of the rows through the ray
        cache: dict[tuple, np.ndarray] = {}
        for s in S[nz > r - 1]:
            Z = np.nonzero(s == 0)[0]
            key = tuple(Z.tolist())
            if key not in cache:
                cache[key] = _all_patterns(Pl[Z], max_subsets, budget)
            sub = cache[key]
            budget.spend(sub.shape[0])
            blocks.append(_complete((s > 0)[None, :], Z[None, :], sub))
        inner = np.concatenate(blocks, axis=0)
    full = np.ones((inner.shape[0], n), dtype=bool)
    full[:, live] = inner
    return np.unique(np.concatenate([out, full], axis=0), axis=0)


def sign_patterns(
    X: Any,
    *,
    bias: bool = False,
    max_patterns: int | None = DEFAULT_MAX_PATTERNS,
    max_subsets: int | None = DEFAULT_MAX_SUBSETS,
) -> np.ndarray:
    r"""Exact enumeration of the ReLU activation patterns of X.

    The patterns are the diagonals of

    .. math:: D(w) = \operatorname{diag}\big(\mathbf 1[\tilde X w \ge 0]\big),
              \qquad w \in \mathbb R^{\tilde d},

    with :math:`\tilde X = [X, \mathbf 1]` when ``bias`` and :math:`\tilde X = X`
    otherwise. Every realizable pattern except the all-zero one is returned
    (the all-zero pattern is dropped: its term in the arrangement program is
    zero), and nothing else.

    Method (exact, no sampling). Let :math:`r = \operatorname{rank}\tilde X`
    and let :math:`X'` be r linearly independent columns of :math:`\tilde X`
    (pivots of an exact RREF). Then :math:`\{\tilde X w\} = \{X' c : c \in
    \mathbb R^r\}` (the column spaces agree), so w and c give the same
    patterns, and :math:`c \mapsto X'c` is injective: the central arrangement
    :math:`\{x'_k{}^\top c = 0\}` is essential, and every nonzero face of it
    is a pointed cone, whose closure is generated by extreme rays. Each
    extreme ray is :math:`\pm\operatorname{cross}(x'_J)` for an (r−1)-subset
    J of independent rows (in integers, by
    :func:`exactwedge.ga.batch.cross_products`).

    If p is in a face F and c is a ray of its closure, then for small
    :math:`\varepsilon > 0` the signs of :math:`X'(c + \varepsilon p)` are
    those of :math:`X'c` where :math:`X'c \ne 0`, and those of
    :math:`X'p` on the set Z of rows where :math:`X'c = 0`. Conversely every
    :math:`c + \varepsilon v` is realizable. So the patterns are: the
    all-ones pattern (w = 0), and for each ray c, :math:`\mathbf 1[X'c > 0]`
    completed on Z by every pattern of the sub-arrangement :math:`X'_Z`. When
    :math:`|Z| = r - 1` (general position at c) these are all :math:`2^{r-1}`
    completions; otherwise they are enumerated recursively (:math:`X'_Z` has
    rank at most r − 1, and zero rows are always 1). For r = 1 the rays are
    ±1; for r = 0 (:math:`\tilde X = 0`) the only pattern is all-ones.

    Over-inclusion would be harmless (this is what makes any superset of
    patterns a valid input to :func:`arrangement_value`): for any pattern D,
    realizable or not, a u with :math:`(2D - I)\tilde X u \ge 0` has
    :math:`\tilde X u \ge 0` on the rows where D is 1 and :math:`\le 0` on
    the others, so :math:`D\tilde X u = (\tilde X u)_+`. Every term of the
    arrangement program is thus still a ReLU neuron with weights u at the same
    cost, and its value cannot drop below :math:`P_{NN}`. (For the absolute
    value, :math:`(2D - I)\tilde X u = |\tilde X u|` in the same way.)

    Parameters
    ----------
    X : (n, d) array-like of exact rationals
        The data; floats are refused (:mod:`exactwedge.numbers`).
    bias : bool
        Append the column of ones (neurons :math:`(x\cdot w + b)_+`).
    max_patterns : int or None
        Refuse (:class:`~exactwedge.exceptions.TooLargeError`) once the
        enumeration has generated more candidate patterns (before
        deduplication, recursion included) than this.
    max_subsets : int or None
        Passed to :func:`~exactwedge.ga.batch.cross_products`: refuse more
        than this many (r−1)-subsets.

    Returns
    -------
    numpy.ndarray
        ``(m, n)`` bool, without duplicates, in lexicographic order
        (``False < True``).

    Raises
    ------
    DimensionError
        Empty or ragged X.
    NonExactInputError
        Float data.
    TooLargeError
        Too many subsets or candidate patterns.

    Examples
    --------
    Three points on a line through the origin, no bias: two sides plus w = 0.

    >>> sign_patterns([[1, 1], [-2, -2], [3, 3]]).astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [1, 1, 1]]

    In 1-D with a bias, n distinct points give 2n − 1 patterns (thresholds
    from either side, without the empty one):

    >>> sign_patterns([[0], [1], [2]], bias=True).astype(int).tolist()
    [[0, 0, 1], [0, 1, 1], [1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    rows = _rational_matrix(X, "X")
    ints, _ = integer_rows(_augment(rows, bias))
    M = max(abs(c) for row in ints for c in row)
    P = np.array(ints, dtype=np.int64 if M <= INT64_LIMIT else object)
    D = _all_patterns(P, max_subsets, _Budget(max_patterns))
    return D[D.any(axis=1)]


# ------------------------------------------------------------------ program


@dataclass(frozen=True)
class ReferenceResult:
    """The solution of the arrangement program (floats).

    Attributes
    ----------
    value : float
        The optimal value (fit + regularization).
    status : str
        cvxpy's status (``"optimal"`` or ``"optimal_inaccurate"``).
    solver : str
        The solver used.
    n_patterns : int
        The number of patterns m.
    regularization : float
        :math:`\\beta\\sum_i(\\|u_{i,w}\\|_p + \\|u'_{i,w}\\|_p)` at the solution.
    network : list of (w, b, alpha)
        The neurons of the reconstructed network
        :math:`f(x) = t + \\sum \\alpha\\,\\sigma(x\\cdot w + b)`, with
        ``w`` a float array of length d scaled to :math:`\\|w\\|_p = 1` (unless
        w = 0), ``b`` a float (0.0 without bias) and ``alpha`` a float.
    intercept : float
        The free intercept t (0.0 without bias).
    """

    value: float
    status: str
    solver: str
    n_patterns: int
    regularization: float
    network: list = field(default_factory=list)
    intercept: float = 0.0


def _labels(y: Any, n: int) -> list[Fraction]:
    shape = getattr(y, "shape", None)
    is_2d = (shape is not None and len(shape) == 2) or (
        shape is None
        and not isinstance(y, (str, bytes))
        and hasattr(y, "__len__")
        and len(y) > 0
        and all(hasattr(v, "__len__") and not isinstance(v, (str, bytes)) for v in y)
    )
    if is_2d:
        Y = as_matrix(y, what="y")
        if len(Y) != n:
            raise DimensionError(f"y must have {n} rows (one per sample), got {len(Y)}")
        if Y and len(Y[0]) != 1:
            raise InvalidInputError(
                f"y has {len(Y[0])} columns: the arrangement reference supports scalar outputs "
                "only (the vector-output arrangement program is a copositive program, not a "
                "group-norm program); call it once per column only if the outputs are decoupled"
            )
        vals = [row[0] for row in Y]
    else:
        vals = list(as_vector(y, what="y"))
        if len(vals) != n:
            raise DimensionError(f"y must have {n} entries (one per sample), got {len(vals)}")
    for v in vals:
        if not isinstance(v, Fraction):
            raise InvalidInputError(f"y holds the symbolic value {v}; the reference needs rational labels")
    return vals


def arrangement_value(
    X: Any,
    y: Any,
    beta: Any,
    *,
    bias: bool = False,
    norm: int = 1,
    activation: str = "relu",
    solver: str = "CLARABEL",
    solver_options: dict | None = None,
    max_patterns: int | None = DEFAULT_MAX_PATTERNS,
) -> ReferenceResult:
    r"""Solve the arrangement program (Pilanci & Ergen 2020) with cvxpy.

    .. math::

        \min_{t,\,u_i,\,u'_i}\ \tfrac12\Big\|\sum_{i=1}^m F_i(u_i-u'_i)
            + t\mathbf 1 - y\Big\|_2^2
            + \beta\sum_{i=1}^m\big(\|u_{i,w}\|_p+\|u'_{i,w}\|_p\big)
        \quad\text{s.t.}\quad (2D_i-I)\tilde X u_i\ge 0,\ (2D_i-I)\tilde X u'_i\ge 0,

    with :math:`F_i = D_i\tilde X` (ReLU) or :math:`F_i = (2D_i - I)\tilde X`
    (absolute value: under the constraint, :math:`(2D_i-I)\tilde X u =
    |\tilde X u|`), the patterns :math:`D_i` of :func:`sign_patterns`, and
    :math:`u_{i,w}` the weight part of :math:`u_i`: the bias coordinate is not
    regularized. With ``bias`` there is also a free intercept t, as in the
    Lasso of THEORY §3; it does not change the value, since a neuron with
    w = 0 and pattern all-ones already gives a constant at no cost, but it
    makes the two programs match term by term. Without ``bias`` t is fixed at 0.

    The optimum equals the training objective of a (wide enough) two-layer
    network, :math:`\min \tfrac12\|\sum_j\alpha_j\sigma(Xw_j + b_j) - y\|^2
    + \beta\sum_j\|w_j\|_p|\alpha_j|`, for p = 1 and p = 2.

    Parameters
    ----------
    X : (n, d) array-like of exact rationals
    y : (n,) array-like of exact rationals
        Scalar labels. An ``(n, 1)`` array is accepted; more columns raise
        :class:`~exactwedge.exceptions.InvalidInputError`.
    beta : exact rational > 0
    bias : bool
        Neurons :math:`\sigma(x\cdot w + b)` with a free b, plus the intercept t.
    norm : {1, 2}
        The p of :math:`\|w\|_p`.
    activation : {"relu", "abs"}
    solver : str
        A cvxpy solver name; Clarabel gets tight tolerances
        (``tol_gap_abs = tol_gap_rel = tol_feas = 1e-10``).
    solver_options : dict, optional
        Extra keyword arguments for ``Problem.solve`` (override the defaults).
    max_patterns : int or None
        Passed to :func:`sign_patterns`.

    Returns
    -------
    ReferenceResult

    Raises
    ------
    InvalidInputError
        ``beta <= 0``, a bad ``norm``/``activation``, vector-valued y.
    DimensionError
        Ragged or empty X, y of the wrong length.
    NonExactInputError
        Float X, y or beta.
    BackendNotInstalledError
        cvxpy (or the requested solver) is not installed.
    SolverError
        The solver failed.

    Examples
    --------
    The 1-D example of THEORY Thm 1, whose exact optimum is 287/1600:

    >>> res = arrangement_value([[0], [4], [5], [7], [10], [11]], [0, 0, 0, 2, 3, 3],
    ...                         "1/10", bias=True)
    >>> round(res.value, 6), res.status
    (0.179375, 'optimal')
    """
    rows = _rational_matrix(X, "X")
    n, d = len(rows), len(rows[0])
    yq = _labels(y, n)
    b = exact(beta)
    if not isinstance(b, Fraction):
        raise InvalidInputError(f"beta must be a rational number, got {b}")
    if b <= 0:
        raise InvalidInputError(f"beta must be positive, got {b}")
    if isinstance(norm, bool) or norm not in (1, 2):
        raise InvalidInputError(f"norm must be 1 or 2, got {norm!r}")
    if activation not in ("relu", "abs"):
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")
    try:
        import cvxpy as cp
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(
            "the arrangement reference needs cvxpy: pip install 'exactwedge[float]'"
        ) from e
    if solver not in cp.installed_solvers():
        raise BackendNotInstalledError(
            f"the cvxpy solver {solver!r} is not installed (installed: "
            f"{', '.join(cp.installed_solvers())}); pip install 'exactwedge[float]' provides CLARABEL"
        )

    D = sign_patterns(rows, bias=bias, max_patterns=max_patterns)  # (m, n)
    m = D.shape[0]
    # explicit float export of the exact data
    Xt = np.array([[float(c) for c in r] for r in _augment(rows, bias)], dtype=np.float64)
    yf = np.array([float(v) for v in yq], dtype=np.float64)
    bf = float(b)
    dt = Xt.shape[1]

    S = (2.0 * D - 1.0).T  # (n, m): 2D_i - I on column i
    F = D.T.astype(np.float64) if activation == "relu" else S

    U = cp.Variable((dt, m))
    V = cp.Variable((dt, m))
    ZU, ZV = Xt @ U, Xt @ V
    pred = cp.sum(cp.multiply(F, ZU - ZV), axis=1)
    t = cp.Variable() if bias else None
    resid = pred + t - yf if bias else pred - yf

    def reg(W: Any) -> Any:
        Ww = W[:d, :]
        return cp.sum(cp.abs(Ww)) if norm == 1 else cp.sum(cp.norm(Ww, 2, axis=0))

    objective = 0.5 * cp.sum_squares(resid) + bf * (reg(U) + reg(V))
    constraints = [cp.multiply(S, ZU) >= 0, cp.multiply(S, ZV) >= 0]
    problem = cp.Problem(cp.Minimize(objective), constraints)
    opts = dict(_CLARABEL_OPTIONS) if solver == "CLARABEL" else {}
    opts.update(solver_options or {})
    try:
        problem.solve(solver=solver, **opts)
    except cp.error.SolverError as e:
        raise SolverError(f"{solver} failed on the arrangement program ({m} patterns): {e}") from e
    if problem.status not in ("optimal", "optimal_inaccurate"):
        raise SolverError(f"{solver} returned status {problem.status!r} on the arrangement program")

    Uv, Vv = np.asarray(U.value), np.asarray(V.value)
    p = norm

    def wnorm(W: np.ndarray) -> np.ndarray:
        return np.abs(W[:d]).sum(axis=0) if p == 1 else np.linalg.norm(W[:d], axis=0)

    regularization = bf * float(wnorm(Uv).sum() + wnorm(Vv).sum())
    scale = max(1.0, float(np.abs(np.concatenate([Uv, Vv], axis=1)).max(initial=0.0)))
    network = []
    for W, sign in ((Uv, 1.0), (Vv, -1.0)):
        for i in range(m):
            u = W[:, i]
            if np.abs(u).max() <= 1e-8 * scale:
                continue
            w, bb = u[:d].copy(), float(u[d]) if bias else 0.0
            nw = float(np.abs(w).sum() if p == 1 else np.linalg.norm(w))
            if nw > 1e-12 * scale:
                network.append((w / nw, bb / nw, sign * nw))
            else:
                network.append((np.zeros(d), bb, sign))
    return ReferenceResult(
        value=float(problem.value),
        status=str(problem.status),
        solver=solver,
        n_patterns=m,
        regularization=regularization,
        network=network,
        intercept=float(t.value) if bias else 0.0,
    )
