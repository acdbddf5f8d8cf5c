r"""Strong duality of the Lasso, exactly (Lemmas 20 and 21).

.. math::

    P = \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert^2 + \beta\lVert z\rVert_1
    \qquad
    D = \max_v\ v^\top y - \tfrac12\lVert v\rVert^2
    \ \text{ s.t. }\ \lVert K^\top v\rVert_\infty \le \beta\ \ (\text{and } \mathbf 1^\top v = 0 \text{ with } t)

(:math:`v^\top y - \frac12\lVert v\rVert^2 = \frac12\lVert y\rVert^2 - \frac12\lVert y - v\rVert^2`.) The
primal optimum is solved exactly (:func:`exactwedge.solve_lasso`); the dual point
is *constructed* as the residual :math:`v = r = y - Kz - t\mathbf1`; then its
feasibility and :math:`D(v) = P` are checked in rationals. Weak duality is
also checked on other feasible points (scaled random vectors), exactly.

Hook: ``residual`` (the constructed dual point).
"""

from __future__ import annotations

from fractions import Fraction as Q

from exactwedge import dictionary, solve_lasso

from ._cases import data_cases, matrix, vector
from ._data import require, require_columns
from ._registry import check

__all__: list[str] = []


def _cases(ctx, bias: bool):
    out = []
    for i in range(ctx.n_cases):
        beta = (Q(1, 10), Q(1, 2), Q(1), Q(3))[i % 4]
        if i % 2 == 0:
            n = int(ctx.rng.integers(2, 7))
            m = int(ctx.rng.integers(1, 9))
            K = matrix(ctx.rng, n, m, lo=-4, hi=4)
            if m >= 2 and i % 4 == 0:  # dependent columns: a duplicate and a negated copy
                for r in K:
                    r[-1] = -r[0]
            y = vector(ctx.rng, n, lo=-4, hi=4)
            out.append(ctx.case(f"random K {n}x{m}", K=K, y=y, beta=beta))
        else:
            d = 1 + (i // 2) % 3
            lab, X, y = next(data_cases(ctx.rng, 1, d, bias=bias, n_max=5, degenerate=False))
            D = dictionary(X, bias=bias, norm=1)
            K = [list(r) for r in zip(*[D.column(j) for j in range(len(D))])] if len(D) else [[Q(0)] for _ in X]
            out.append(ctx.case(f"wedge dictionary, {lab}, d={d}", K=K, y=y, beta=beta))
    return out


def _run(ctx, bias: bool) -> None:
    for case in ctx.each(_cases(ctx, bias)):
        _duality_case(ctx, case, bias)


def _on_data(ctx, ds) -> None:
    """On one data set: K is its ℓ1 wedge dictionary (anchored with biases); Lemma 20 without, Lemma 21
    with an intercept, as the data's --bias says."""
    bias = ctx.check.theorem == "Lemma 21"
    require(bias == ds.bias, f"{ctx.check.theorem} is the dual of the Lasso {'with' if bias else 'without'} an "
                             f"intercept; these data are {'with' if ds.bias else 'without'} biases "
                             f"(Lemma {20 + ds.bias} applies)")
    y = ds.y
    require_columns(ds)
    D = dictionary(ds.X, bias=bias, norm=1)
    K = [list(r) for r in zip(*[D.column(j) for j in range(len(D))])] if len(D) else [[Q(0)] for _ in ds.X]
    for case in ctx.each([ctx.case("the data's ℓ1 dictionary", K=K, y=y, beta=ds.beta)]):
        primal, dual = _duality_case(ctx, case, bias)
        ctx.note("primal", str(primal))
        ctx.note("dual_at_residual", str(dual))
        ctx.note("dictionary_columns", len(D))


def _duality_case(ctx, case, bias: bool) -> tuple:
    """One case: v = r is dual feasible with D(v) = P, and scaled random feasible points stay below P."""
    K, y, beta = case.data["K"], case.data["y"], case.data["beta"]
    n, m = len(K), len(K[0])
    sol = solve_lasso(K, y, beta, intercept=bias)
    t = sol.intercept if bias else Q(0)
    fit = [sum((K[i][j] * sol.z[j] for j in range(m)), Q(0)) + t for i in range(n)]
    primal = sum(((f - v) ** 2 for f, v in zip(fit, y)), Q(0)) / 2 + beta * sum((abs(v) for v in sol.z), Q(0))
    v = ctx.hook("residual", [a - f for a, f in zip(y, fit)])
    corr = [sum((K[i][j] * v[i] for i in range(n)), Q(0)) for j in range(m)]
    feasible = all(abs(c) <= beta for c in corr) and (not bias or sum(v, Q(0)) == 0)
    dual = sum((a * b for a, b in zip(v, y)), Q(0)) - sum((a * a for a in v), Q(0)) / 2
    ctx.expect(feasible, "the constructed dual point v = r is infeasible",
               max_abs_correlation=max((abs(c) for c in corr), default=Q(0)), residual_sum=sum(v, Q(0)))
    ctx.expect(dual == primal, "the dual objective at v = r differs from the primal optimum", primal=primal, dual=dual)
    # weak duality at other feasible points: u scaled into the feasible set
    for _ in range(2):
        u = vector(ctx.rng, n, lo=-5, hi=5)
        if bias:
            mean = sum(u, Q(0)) / n
            u = [a - mean for a in u]
        top = max((abs(sum((K[i][j] * u[i] for i in range(n)), Q(0))) for j in range(m)), default=Q(0))
        if top > beta:
            u = [a * beta / top for a in u]
        du = sum((a * b for a, b in zip(u, y)), Q(0)) - sum((a * a for a in u), Q(0)) / 2
        ctx.expect(du <= primal, "weak duality fails at a feasible point", dual_point=u, dual=du, primal=primal)
    return primal, dual


@check("lemma20_lasso_duality", "Lemma 20", hooks=("residual",), cases=30,
       uses=("exactwedge.lasso.solve.solve_lasso", "exactwedge.dictionary.dictionary"),
       on_data=_on_data)
def lemma20_lasso_duality(ctx):
    r"""Lemma 20 (dual of the Lasso): :math:`\min_z \frac12\lVert Kz - y\rVert^2 + \beta\lVert z\rVert_1`
    equals :math:`\max_v v^\top y - \frac12\lVert v\rVert^2` subject to :math:`\lVert K^\top v\rVert_\infty\le\beta`,
    attained at :math:`v = y - Kz^\star`.

    Exact, on random rational matrices (dependent and duplicate columns included) and on
    ℓ1 wedge dictionaries of random data in d = 1, 2, 3: v = r is feasible and its dual value
    equals the primal optimum; scaled random feasible points never exceed it.
    """
    _run(ctx, False)


@check("lemma21_lasso_duality_bias", "Lemma 21", hooks=("residual",), cases=30,
       uses=("exactwedge.lasso.solve.solve_lasso", "exactwedge.dictionary.dictionary"),
       on_data=_on_data)
def lemma21_lasso_duality_bias(ctx):
    r"""Lemma 21 (dual of the Lasso with a bias term): with a free intercept t the dual gains the
    constraint :math:`\mathbf 1^\top v = 0`, and strong duality holds at :math:`v = y - Kz^\star - t^\star\mathbf1`.

    Exact, on random rational matrices and on anchored ℓ1 wedge dictionaries (with bias) in
    d = 1, 2, 3, as for Lemma 20, with the centred feasible points for weak duality.
    """
    _run(ctx, True)
