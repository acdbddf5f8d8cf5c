r"""Deep narrow 1-D dictionaries are complete (Zeger et al. 2024; ReLU and abs, L = 3, 4).

:func:`exactwedge.deep.one_d.deep_dictionary` is the closed-form dictionary
used by ``interpolate(..., depth=L)``; :func:`exactwedge.deep.arrangement.vertex_dictionary`
is the brute force: every vertex of the arrangement of pre-activation zero
sets in bias space, solved exactly, which contains every extreme feature (the
proof is in :mod:`exactwedge.deep.arrangement`). The minimum path norm of an
interpolating parallel deep narrow network is the LP over the complete
dictionary, so the closed form is right iff the two unit balls (modulo the
intercept) agree.

Hook: ``dictionary`` (the closed-form dictionary).
"""

from __future__ import annotations

from fractions import Fraction as Q

from exactwedge.deep.arrangement import min_l1_value, vertex_dictionary
from exactwedge.deep.one_d import deep_dictionary

from ._registry import check

__all__: list[str] = []


def _points(ctx, i: int) -> list[Q]:
    """Case i: a grid (ties between kinks), a grid with halves, then distinct random rationals."""
    if i == 0:
        return [Q(v) for v in (0, 1, 2, 3)]
    if i == 1:
        return [Q(v, 2) for v in (-1, 0, 2, 3, 7)]
    n = 3 + i % 3
    pts: set = set()
    while len(pts) < n:
        pts.add(Q(int(ctx.rng.integers(-8, 9)), int(ctx.rng.choice([1, 1, 2, 3]))))
    return sorted(pts)


@check("deep_one_d_vertex_dictionary", "Deep 1-D (Zeger et al. 2024): complete dictionaries",
       hooks=("dictionary",), cases=6,
       uses=("exactwedge.deep.one_d.deep_dictionary", "exactwedge.deep.arrangement.vertex_dictionary",
             "exactwedge.deep.arrangement.min_l1_value"))
def deep_one_d_vertex_dictionary(ctx):
    r"""Deep narrow 1-D dictionaries (ReLU and abs, L = 3, 4) are complete: the minimum-ℓ1 LP over
    :func:`~exactwedge.deep.one_d.deep_dictionary` equals the LP over the brute-force arrangement-vertex
    dictionary :func:`~exactwedge.deep.arrangement.vertex_dictionary`, for every label vector.

    On small seeded 1-D data sets (a grid, a grid of halves, then n = 3..5 random distinct
    rationals; n ≤ 4 at L = 4 with abs unless thorough), exactly: every brute-force column has
    minimum ℓ1 norm ≤ 1 over the closed-form dictionary with a free intercept (completeness:
    the unit balls agree, so the LP values agree for every y), every closed-form column has
    norm ≤ 1 over the brute-force one (realizability), and the two LP values are equal for a
    random label vector.
    """
    cases = [ctx.case(f"n={len(x)}", x=x, y=[Q(int(ctx.rng.integers(-3, 4))) for _ in x])
             for x in (_points(ctx, i) for i in range(ctx.n_cases))]
    for case in ctx.each(cases):
        x, y = case.data["x"], case.data["y"]
        for act in ("relu", "abs"):
            for L in (3, 4):
                if act == "abs" and L == 4 and len(x) > 4 and not ctx.thorough:
                    continue
                D = ctx.hook("dictionary", deep_dictionary(x, depth=L, activation=act))
                V = vertex_dictionary(x, depth=L, activation=act)
                for col, ch in zip(V.columns, V.chains):
                    v = min_l1_value(D, col)
                    if not ctx.expect(v <= 1, "a brute-force vertex feature is missing from the dictionary",
                                      activation=act, depth=L, feature=ch.label(), norm=v):
                        break
                worst = max((min_l1_value(V, col) for col in D.columns), default=Q(0))
                ctx.expect(worst <= 1, "a dictionary column is not realizable by a unit of path norm 1",
                           activation=act, depth=L, norm=worst)
                a, b = min_l1_value(D, y), min_l1_value(V, y)
                ctx.expect(a == b, "the LP values differ", activation=act, depth=L, dictionary=a, brute_force=b)


#: The theorem string of :func:`deep_one_d_lasso_beta` (docs/theory.md, "At β > 0").
BETA_THEOREM = "Deep 1-D at β > 0 (Zeger et al. 2024): P_NN = P_Lasso"


def _beta_case(ctx, x: list, y: list, beta: Q, configs) -> None:
    """One data set at one β: for each (activation, L), the four conditions of :func:`deep_one_d_lasso_beta`."""
    from exactwedge.deep.fit import fit_deep
    from exactwedge.lasso import solve_lasso

    for act, L in configs:
        res = fit_deep(x, y, beta, depth=L, activation=act)
        net = ctx.hook("network", res.network)
        ctx.expect(res.certificate.holds, "the exact KKT certificate of the deep Lasso fails", activation=act, depth=L)
        p_nn = net.objective(x, y, beta)
        ctx.expect(p_nn == res.value, "P_NN of the returned network differs from the Lasso value",
                   activation=act, depth=L, p_nn=p_nn, p_lasso=res.value)
        balanced = sum((L * abs(a) for a, _ch in net.units), Q(0)) * beta / L  # (β/L)Σ|w|^L, each |w|^L = |α|
        ctx.expect(balanced == beta * net.path_norm(), "the balanced ℓ_L penalty differs from β·path norm",
                   activation=act, depth=L, balanced=balanced, path=beta * net.path_norm())
        V = vertex_dictionary(x, depth=L, activation=act)
        brute = solve_lasso(V.exact_matrix(), y, beta, intercept=True).value
        ctx.expect(brute == res.value, "the Lasso over the brute-force vertex dictionary differs",
                   activation=act, depth=L, dictionary=res.value, brute_force=brute)


_BETA_CONFIGS = tuple((act, L) for act in ("relu", "abs") for L in (3, 4))


def _beta_on_data(ctx, ds) -> None:
    """The β > 0 check on one 1-D data set with biases and one label column (n ≤ 8: the vertex dictionary)."""
    from ._data import require

    require(ds.d == 1, f"deep narrow networks are about 1-D data; these are in R^{ds.d}")
    require(ds.bias, "deep narrow networks have biases: give --bias")
    require(len(ds.Y[0]) == 1 if ds.Y else False, "one label column (give --targets 1)")
    require(ds.n <= 8, f"too large: the brute-force vertex dictionary is checked for n ≤ 8, got n = {ds.n}")
    x = [r[0] for r in ds.X]
    for case in ctx.each([ctx.case("the data", x=x, y=[r[0] for r in ds.Y], beta=ds.beta)]):
        _beta_case(ctx, case.data["x"], case.data["y"], case.data["beta"], _BETA_CONFIGS)


@check("deep_one_d_lasso_beta", BETA_THEOREM, hooks=("network",), cases=4,
       uses=("exactwedge.deep.fit.fit_deep", "exactwedge.deep.one_d.DeepNarrowNetwork",
             "exactwedge.deep.arrangement.vertex_dictionary", "exactwedge.lasso.solve.solve_lasso"),
       on_data=_beta_on_data)
def deep_one_d_lasso_beta(ctx):
    r"""Deep narrow 1-D networks at β > 0 (ReLU and abs, L = 3, 4): the network that
    :func:`~exactwedge.deep.fit.fit_deep` returns has training objective
    :math:`\tfrac12\lVert f(X) - y\rVert^2 + \beta\sum_i|\alpha_i|\prod_l|w_{i,l}|` equal to the exact
    Lasso value, which is optimal over the complete dictionary.

    On small seeded 1-D data sets (the grids and random rationals of
    ``deep_one_d_vertex_dictionary``, n ≤ 4 at L = 4 with abs unless thorough) at a seeded β,
    exactly: the KKT certificate holds; the network's objective, evaluated from its layers,
    equals the Lasso value (so P_NN ≤ P_Lasso is attained); balancing each chain turns the
    authors' penalty :math:`(\beta/L)\sum|w|^L` into β times the path norm; and the Lasso over the
    brute-force vertex dictionary has the same value (completeness at β > 0).
    """
    cases = [ctx.case(f"n={len(x)}", x=x, y=[Q(int(ctx.rng.integers(-3, 4))) for _ in x],
                      beta=Q(int(ctx.rng.integers(1, 10)), 10))
             for x in (_points(ctx, i) for i in range(ctx.n_cases))]
    for case in ctx.each(cases):
        x = case.data["x"]
        configs = [(a, L) for a, L in _BETA_CONFIGS if not (a == "abs" and L == 4 and len(x) > 4 and not ctx.thorough)]
        _beta_case(ctx, x, case.data["y"], case.data["beta"], configs)
