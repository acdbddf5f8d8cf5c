r"""Vector outputs (Thm 23): the group Lasso over the ℓ1 wedge dictionary is the network optimum.

For labels :math:`Y \in \mathbb Q^{n\times c}`, networks :math:`f(x) = t + \sum_j \alpha_j (x\cdot w_j + b_j)_+`
with :math:`\alpha_j \in \mathbb R^c` and the path regularizer :math:`\beta\sum_j\lVert w_j\rVert_1\lVert\alpha_j\rVert_2`
(THEORY §3, p = 1), Thm 23 says

.. math:: P_{NN} = \min_{Z,t}\ \tfrac12\lVert KZ + \mathbf 1t^\top - Y\rVert_F^2 + \beta\sum_J\lVert Z_J\rVert_2 .

The optimum is irrational in general, so it is solved in floats
(:func:`exactwedge.lasso.float_solve.solve_float`, cross-checked by a plain
cvxpy group Lasso written here), and the equality is **certified by duality**:

* upper bound: the network read off the solution (rational weights) is
  evaluated here, :math:`U = \frac12\lVert f(X) - Y\rVert_F^2 + \beta\sum_j\lVert Z_j\rVert_2`;
* lower bound: :math:`V = Y - f(X)` (centred exactly with biases) is scaled into
  the network's dual feasible set
  :math:`\max_{\lVert w\rVert_1\le1,\,b}\lVert V^\top(Xw + b\mathbf1)_+\rVert_2 \le \beta` and gives
  :math:`L = \langle V, Y\rangle - \frac12\lVert V\rVert_F^2 \le P_{NN}` (weak duality), exactly.
  The maximum of the convex function :math:`\lVert V^\top(Xw)_+\rVert_2` over each pattern's
  polytope :math:`P_D` is at a vertex, so it is evaluated exactly at every vertex, enumerated
  independently (:func:`proofs_check._exact.vertices`); with biases, per anchor on the
  shifted data (the maximizing b puts the hyperplane through a sample when
  :math:`\mathbf 1^\top V = 0`).

Then :math:`L \le P_{NN} \le U`, and U − L ≤ 1e-6 (relative) shows the group Lasso is
optimal for the network problem. The vertices' maximum must also equal the maximum
over the dictionary's columns (they are the same neurons).

Hooks: ``dictionary``, ``Z`` (the group-Lasso coefficients, rows).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Q

import numpy as np

from exactwedge import dictionary

from ._cases import data_cases, matrix
from ._data import require, require_columns
from ._exact import vertices
from ._registry import check

__all__: list[str] = []

REL_TOL = 1e-6


def _cvxpy_group_lasso(K: np.ndarray, Y: np.ndarray, beta: float, bias: bool) -> float:
    """A plain cvxpy group Lasso (its own model; the solver settings are the one policy's)."""
    from exactwedge.lasso.cvxpy_policy import CLARABEL_TIGHT, import_cvxpy, solve_once

    cp = import_cvxpy("the vector-output check needs cvxpy")

    m, c = K.shape[1], Y.shape[1]
    Z = cp.Variable((m, c))
    pred = K @ Z
    if bias:
        t = cp.Variable((1, c))
        pred = pred + np.ones((K.shape[0], 1)) @ t
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(pred - Y) + beta * cp.sum(cp.norm(Z, 2, axis=1))))
    solve_once(prob, "CLARABEL", CLARABEL_TIGHT)
    return float(prob.value)


def _rational_upper_sqrt(q: Q) -> Q:
    """A rational s ≥ √q (q ≥ 0), within 1e-15 relative."""
    K = 10**18
    num = math.isqrt(q.numerator * q.denominator * K * K) + 1
    s = Q(num, q.denominator * K)
    assert s * s >= q
    return s


def _max_dual_constraint(X, V, bias: bool) -> Q:
    """max over the ℓ1-ball neurons (and biases) of ‖Vᵀ(Xw + b)_+‖², exactly, at the vertices of every P_D."""
    from exactwedge.arrangement import sign_patterns

    d = len(X[0])
    ball = [list(s) for s in itertools.product((Q(1), Q(-1)), repeat=d)]
    sets = [[[a - b for a, b in zip(x, X[j])] for x in X] for j in range(len(X))] if bias else [X]
    best = Q(0)
    for S in sets:
        if not any(any(r) for r in S):
            continue
        for pat in sign_patterns(S):
            G = [[(-c if on else c) for c in x] for x, on in zip(S, pat)] + ball
            h = [Q(0)] * len(S) + [Q(1)] * len(ball)
            for w in vertices(G, h):
                feat = [max(sum((a * b for a, b in zip(x, w)), Q(0)), Q(0)) for x in S]
                val = sum((sum((f * V[i][k] for i, f in enumerate(feat)), Q(0)) ** 2 for k in range(len(V[0]))), Q(0))
                best = max(best, val)
    return best


#: The largest vertex enumeration (sets × patterns × candidate d-subsets) a data check runs.
MAX_VERTEX_WORK = 2_000_000


def _on_data(ctx, ds) -> None:
    """Thm 23 on one data set with K > 1 label columns (the duality certificate of the module docstring)."""
    from exactwedge.reference.l2_optimum import pattern_estimate

    require(ds.targets > 1, "Thm 23 is about vector outputs: the data have K = 1 label column (give --targets K, "
                            "K ≥ 2)")
    require_columns(ds)
    sets = ds.n if ds.bias else 1
    m = pattern_estimate(ds.X)
    work = sets * m * math.comb(ds.n + 2 ** ds.d, ds.d)
    require(work <= MAX_VERTEX_WORK, f"too large: the exact dual bound enumerates about {work:,} vertex candidates "
                                     f"({sets} arrangement(s) × {m:,} patterns (general-position estimate) × C(n + 2^d, d)), more than "
                                     f"{MAX_VERTEX_WORK:,}")
    for case in ctx.each([ctx.case("the data", X=ds.X, Y=ds.Y, beta=ds.beta, bias=ds.bias)]):
        for k, v in _thm23_case(ctx, case, ds.targets).items():
            ctx.note(k, v)
    ctx.details["float"] = True


def _thm23_case(ctx, case, c: int) -> dict:
    """One case: the group Lasso agrees with cvxpy, and U − L (exact lower bound L) is small."""
    from exactwedge.lasso.float_solve import solve_float

    X, Y, beta, bias = case.data["X"], case.data["Y"], case.data["beta"], case.data["bias"]
    n = len(X)
    D = ctx.hook("dictionary", dictionary(X, bias=bias, norm=1))
    fl = solve_float(D, Y, beta, intercept=bias)
    Z = ctx.hook("Z", [tuple(z) if isinstance(z, tuple) else (z,) for z in fl.z])
    t = tuple(fl.intercept) if bias and fl.intercept is not None else tuple(Q(0) for _ in range(c))
    own = _cvxpy_group_lasso(D.to_float(), np.array([[float(v) for v in r] for r in Y]), float(beta), bias)
    ctx.expect(abs(fl.value - own) <= REL_TOL * max(1.0, abs(own)),
               "the library's group Lasso differs from a plain cvxpy group Lasso", library=fl.value, cvxpy=own)
    # the network, evaluated here
    f = [list(t) for _ in range(n)]
    reg = 0.0
    for j, zj in enumerate(Z):
        if not any(zj):
            continue
        nr = D.neuron(j)
        for i, x in enumerate(X):
            a = sum((p * q for p, q in zip(x, nr.w)), Q(0)) + nr.b
            if a > 0:
                f[i] = [fk + zk * a for fk, zk in zip(f[i], zj)]
        reg += math.sqrt(float(sum((v * v for v in zj), Q(0))))
    V = [[Y[i][k] - f[i][k] for k in range(c)] for i in range(n)]
    U = float(sum((v * v for r in V for v in r), Q(0)) / 2) + float(beta) * reg
    if bias:
        means = [sum((V[i][k] for i in range(n)), Q(0)) / n for k in range(c)]
        V = [[V[i][k] - means[k] for k in range(c)] for i in range(n)]
    s2 = _max_dual_constraint(X, V, bias)
    cols = [D.column(j) for j in range(len(D))]
    s2_dict = max((sum((sum((col[i] * V[i][k] for i in range(n)), Q(0)) ** 2 for k in range(c)), Q(0))
                   for col in cols), default=Q(0))
    ctx.expect(s2 == s2_dict, "the maximum over the polytope vertices differs from the maximum over the dictionary",
               vertices_max=s2, dictionary_max=s2_dict)
    if s2 > beta * beta:
        V = [[v * beta / _rational_upper_sqrt(s2) for v in r] for r in V]
    L = sum((V[i][k] * Y[i][k] for i in range(n) for k in range(c)), Q(0)) - sum((v * v for r in V for v in r), Q(0)) / 2
    ctx.expect(float(L) <= U + 1e-12 * max(1.0, U), "weak duality fails: L > U", L=L, U=U)
    ctx.expect(U - float(L) <= REL_TOL * max(1.0, U), "the duality gap U − L is not small: the group Lasso is not "
               "certified optimal for the network problem", U=U, L=L, gap=U - float(L))
    return {"group_lasso_value_float": fl.value, "cvxpy_value_float": own, "upper_U_float": U,
            "lower_bound_L_float": float(L), "gap_float": U - float(L)}


@check("thm23_vector_output", "Thm 23", hooks=("dictionary", "Z"), cases=10,
       uses=("exactwedge.dictionary.dictionary", "exactwedge.dictionary.Dictionary",
             "exactwedge.lasso.float_solve.solve_float", "exactwedge.arrangement.sign_patterns"),
       on_data=_on_data)
def thm23_vector_output(ctx):
    r"""Thm 23 (vector output, p = 1): the group Lasso :math:`\min \frac12\lVert KZ + \mathbf1t^\top - Y\rVert_F^2
    + \beta\sum_J\lVert Z_J\rVert_2` over the ℓ1 wedge dictionary equals the vector-output network
    optimum :math:`P_{NN}`.

    Certified by duality as in the module docstring, on seeded data in R² and R³ with c = 2
    outputs (3 when thorough), without and with biases, degenerate and random: the library's
    group Lasso agrees with a plain cvxpy one (1e-6); the network read off it has objective U
    (evaluated here); the scaled residual is exactly dual feasible over every vertex of every
    pattern polytope, giving an exact lower bound L ≤ P_NN; U − L ≤ 1e-6 (relative); and the
    vertex maximum equals the dictionary maximum, exactly.
    """
    c = 3 if ctx.thorough else 2
    cases = []
    for i in range(ctx.n_cases):
        d = 2 + (i % 2)
        bias = bool((i // 2) % 2)
        lab, X, _ = list(data_cases(ctx.rng, i // 4 + 1, d, bias=bias, n_max=5 if d == 2 else 4))[-1]
        Y = matrix(ctx.rng, len(X), c, lo=-3, hi=3)
        cases.append(ctx.case(f"{lab} d={d} bias={bias}", X=X, Y=Y, beta=(Q(1, 3), Q(1))[i % 2], bias=bias))
    for case in ctx.each(cases):
        _thm23_case(ctx, case, c)
    ctx.details["float"] = True
