r"""The independent reference: the arrangement program of Pilanci & Ergen (2020).

Tests use this module to validate the exact wedge Lasso (THEORY §3,
"Independent reference"). It shares no dictionary code with
:mod:`exactwedge.dictionary`: it enumerates activation patterns instead of
wedge neurons and solves one float convex program with Clarabel
(:mod:`exactwedge.reference.conic`).

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

>>> from exactwedge.arrangement import sign_patterns
>>> sign_patterns([[1], [-2], [3]]).astype(int).tolist()
[[0, 1, 0], [1, 0, 1], [1, 1, 1]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import DimensionError, InvalidInputError
from ..numbers import as_matrix, as_vector, exact
from ..arrangement.cells import DEFAULT_MAX_PATTERNS, rational_rows
from ..arrangement.patterns import augment, sign_patterns
from .conic import ConeForm, pattern_cone

__all__ = ["arrangement_value", "ReferenceResult"]

@dataclass(frozen=True)
class ReferenceResult:
    """The solution of the arrangement program (floats).

    Attributes
    ----------
    value : float
        The optimal value (fit + regularization).
    status : str
        The solver's status, by cvxpy's names (``"optimal"`` or ``"optimal_inaccurate"``).
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
    r"""Solve the arrangement program (Pilanci & Ergen 2020) with Clarabel.

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
        ``"CLARABEL"``, the only solver: the program is written in Clarabel's
        standard form (:class:`~exactwedge.reference.conic.ConeForm`), with the
        tight tolerances :data:`~exactwedge.lasso.cvxpy_policy.CLARABEL_TIGHT`
        (``tol_gap_abs = tol_gap_rel = tol_feas = 1e-10``).
    solver_options : dict, optional
        Clarabel settings (``clarabel.DefaultSettings`` attributes) that
        override those tolerances.
    max_patterns : int or None
        Passed to :func:`sign_patterns`.

    Returns
    -------
    ReferenceResult

    Raises
    ------
    InvalidInputError
        ``beta <= 0``, a bad ``norm``/``activation``/``solver``, an unknown
        Clarabel setting, vector-valued y.
    DimensionError
        Ragged or empty X, y of the wrong length.
    NonExactInputError
        Float X, y or beta.
    BackendNotInstalledError
        Clarabel or SciPy is not installed.
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
    rows = rational_rows(X, "X")
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
    if solver != "CLARABEL":
        raise InvalidInputError(f"the arrangement reference solves with Clarabel only, got solver={solver!r}")
    D = sign_patterns(rows, bias=bias, max_patterns=max_patterns)  # (m, n)
    m = D.shape[0]
    # explicit float export of the exact data
    Xt = np.array([[float(c) for c in r] for r in augment(rows, bias)], dtype=np.float64)
    yf = np.array([float(v) for v in yq], dtype=np.float64)
    bf = float(b)
    dt = Xt.shape[1]

    S = (2.0 * D - 1.0).T  # (n, m): 2D_i - I on column i
    F = D.T.astype(np.float64) if activation == "relu" else S

    form = ConeForm()
    U, V = pattern_cone(form, Xt, S), pattern_cone(form, Xt, S)  # (dt, m) index arrays
    r = form.variables(n)  # the residual: r = sum_i F_i Xt (u_i - u'_i) + t 1 - y
    t = form.variables(1) if bias else None
    G = F[:, :, None] * Xt[:, None, :]  # G[k, i, j] = F[k, i] Xt[k, j]
    index = [r[:, None], np.broadcast_to(U.T.reshape(1, -1), (n, m * dt)),
             np.broadcast_to(V.T.reshape(1, -1), (n, m * dt))]
    coef = [np.ones((n, 1)), -G.reshape(n, m * dt), G.reshape(n, m * dt)]
    if bias:
        index.append(np.broadcast_to(t, (n, 1)))
        coef.append(-np.ones((n, 1)))
    form.zero(np.hstack(index), np.hstack(coef), -yf)
    penalties = []
    for W in (U, V):  # the weight part of each u_i, in the norm p
        Ww = W[:d, :]
        if norm == 1:  # a >= |w| entrywise
            a = form.variables(d * m).reshape(d, m)
            pair = np.stack([a.ravel(), Ww.ravel()], axis=1)
            form.nonnegative(pair, [1.0, -1.0], 0.0)
            form.nonnegative(pair, [1.0, 1.0], 0.0)
        else:  # tau_i >= ||w_i||
            a = form.variables(m)
            form.second_order(np.vstack([a[None, :], Ww]).T)
        penalties.append(a.ravel())
    penalty = np.concatenate(penalties)
    form.minimize(quadratic=r, linear=(penalty, np.full(len(penalty), bf)))
    sol = form.solve(f"the arrangement program ({m} patterns)", solver_options)

    Uv, Vv = sol.x[U], sol.x[V]
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
        value=sol.value,
        status=sol.status,
        solver=solver,
        n_patterns=m,
        regularization=regularization,
        network=network,
        intercept=float(sol.x[t[0]]) if bias else 0.0,
    )
