r"""The exact Lasso theorems (THEORY §3): Thm 1, 2, 3, 6, 22, and why the ℓ1 sets are augmented.

For each case (seeded data, random and degenerate, and a rational β):

1. the ℓ1 dictionary of the theorem (:func:`exactwedge.dictionary`) and the
   exact Lasso optimum :math:`P_{\text{Lasso}}` (:func:`exactwedge.solve_lasso`),
   recomputed here from z and t;
2. :math:`P_{\text{Lasso}}` equals the independent arrangement program
   (:func:`exactwedge.reference.arrangement_value`, Clarabel over the
   enumerated activation patterns, whose value is :math:`P_{NN}`) to 1e-6
   (relative) — the only float in the chain;
3. the KKT conditions of THEORY §7 hold exactly, recomputed here from the
   exact columns (not by the library's certificate);
4. the network :math:`f(x) = t + \sum_j z_j(x\cdot w_j + b_j)_+` evaluated here
   has path objective exactly :math:`P_{\text{Lasso}}`, and its App. 6.12
   rescaled weight-decay objective (:meth:`exactwedge.Network.objective`) too;
5. every active neuron's hyperplane passes through its samples J (Thm 6's
   orthogonality), and in 1-D every breakpoint is a data point (Thm 1).

Hooks: ``dictionary`` (the Dictionary used), ``z`` (the Lasso solution),
``network`` (the list of units), and for the augmentation check ``augmented``.
"""

from __future__ import annotations

from fractions import Fraction as Q

from exactwedge import Network, Unit, dictionary, solve_lasso
from exactwedge.lasso.columns import ExactColumns

from ._cases import data_cases
from ._data import require, require_columns, require_patterns
from ._registry import check

__all__: list[str] = []

#: What the checks below exercise (their ``uses``).
_LASSO_USES = ("exactwedge.dictionary.dictionary", "exactwedge.dictionary.Dictionary",
               "exactwedge.dictionary.Neuron", "exactwedge.lasso.solve.solve_lasso",
               "exactwedge.reference.arrangement_value", "exactwedge.network.Network",
               "exactwedge.network.Network.objective", "exactwedge.network.Unit")

BETAS = (Q(1, 10), Q(1, 3), Q(1, 2), Q(1), Q(2))
REL_TOL = 1e-6


def _reference(X, y, beta, bias, activation="relu"):
    from exactwedge.reference import arrangement_value

    return arrangement_value(X, y, beta, bias=bias, norm=1, activation=activation).value


def _columns(D) -> list[list[Q]]:
    return [D.column(j) for j in range(len(D))]


def _fit_value(cols, y, beta, z, t) -> tuple[Q, list[Q]]:
    n = len(y)
    f = [t] * n
    for j, v in enumerate(z):
        if v:
            f = [a + v * c for a, c in zip(f, cols[j])]
    r = [yi - fi for yi, fi in zip(y, f)]
    return sum((v * v for v in r), Q(0)) / 2 + beta * sum((abs(v) for v in z), Q(0)), r


def _kkt(cols, r, beta, z, bias) -> tuple[bool, dict]:
    corr = [sum((a * b for a, b in zip(c, r)), Q(0)) for c in cols]
    bound = [j for j, v in enumerate(corr) if abs(v) > beta]
    support = [j for j, v in enumerate(z) if v != 0 and corr[j] != (beta if v > 0 else -beta)]
    rsum = sum(r, Q(0))
    ok = not bound and not support and (not bias or rsum == 0)
    return ok, {"columns_above_beta": bound[:5], "support_violations": support[:5],
                "residual_sum": rsum, "max_abs_correlation": max((abs(v) for v in corr), default=Q(0))}


def _network_path_value(units, t, X, y, beta, activation="relu") -> Q:
    loss = Q(0)
    for x, yi in zip(X, y):
        f = t
        for u in units:
            s = sum((a * b for a, b in zip(x, u.w)), Q(0)) + u.b
            f += u.alpha * (abs(s) if activation == "abs" else s if s > 0 else 0)
        loss += (f - yi) ** 2
    return loss / 2 + beta * sum((sum((abs(c) for c in u.w), Q(0)) * abs(u.alpha) for u in units), Q(0))


def _run_lasso_theorem(ctx, d: int, bias: bool, n_max: int) -> None:
    cases = [ctx.case(lab, X=X, y=y, beta=BETAS[int(ctx.rng.integers(len(BETAS)))])
             for lab, X, y in data_cases(ctx.rng, ctx.n_cases, d, bias=bias, n_max=n_max)]
    for case in ctx.each(cases):
        _lasso_case(ctx, case, d, bias)
    ctx.note("reference", "exactwedge.reference.arrangement_value (Clarabel), relative tolerance 1e-6")


def _lasso_case(ctx, case, d: int, bias: bool, activation: str = "relu") -> dict:
    """Steps 1–5 of the module docstring on one case; returns the values (for the data report)."""
    X, y, beta = case.data["X"], case.data["y"], case.data["beta"]
    D = ctx.hook("dictionary", dictionary(X, bias=bias, norm=1, activation=activation))
    sol = solve_lasso(D, y, beta, intercept=bias)
    z = ctx.hook("z", list(sol.z))
    t = sol.intercept if bias else Q(0)
    cols = _columns(D)
    value, r = _fit_value(cols, y, beta, z, t)
    ref = _reference(X, y, beta, bias, activation)
    ctx.expect(abs(float(value) - ref) <= REL_TOL * max(1.0, abs(ref)),
               "P_Lasso differs from the arrangement reference P_NN", P_Lasso=value, P_reference=ref)
    ok, info = _kkt(cols, r, beta, z, bias)
    ctx.expect(ok, "the exact KKT conditions fail", **info)
    units = [Unit(tuple(D.neuron(j).w), D.neuron(j).b, v) for j, v in enumerate(z) if v != 0]
    units = ctx.hook("network", units)
    p_path = _network_path_value(units, t, X, y, beta, activation)
    ctx.expect(p_path == value, "the network's objective differs from P_Lasso", P_NN=p_path, P_Lasso=value)
    p_decay = Network(units, t, activation, 1).objective(X, y, beta, rescale=True)
    ctx.expect(p_decay == value, "the rescaled network's weight-decay objective differs from P_Lasso",
               P_NN_decay=p_decay, P_Lasso=value)
    for j, v in enumerate(z):
        if v == 0 or j >= len(D):
            continue
        nr = D.neuron(j)
        a = nr.anchor
        pts = []
        for s in nr.samples:
            if isinstance(s, str):
                continue
            pts.append([p - (X[a][i] if a is not None else 0) for i, p in enumerate(X[s])])
        ctx.expect(all(sum((p * w for p, w in zip(pt, nr.direction)), Q(0)) == 0 for pt in pts),
                   "an active neuron's hyperplane misses one of its samples", neuron=nr.label())
    if d == 1 and bias:  # Thm 1 (without biases the 1-D neurons are (±x)_+, kinked at 0)
        data = {x[0] for x in X}
        bps = [-u.b / u.w[0] for u in units if u.w[0] != 0]
        ctx.expect(all(b in data for b in bps), "a breakpoint falls outside the data points", breakpoints=bps)
        ctx.expect(all(abs(u.w[0]) == 1 for u in units), "a 1-D neuron is not a ramp (x − x_j)_+ or (x_j − x)_+",
                   weights=[u.w[0] for u in units])
    return {"P_Lasso": str(value), "P_NN_reference_float": ref, "exact_KKT_holds": ok,
            "max_abs_correlation": str(info["max_abs_correlation"]), "active_neurons": len(units),
            "dictionary_columns": len(D)}


#: Which of the exact Lasso theorems speaks about data in R^d with or without biases.
_LASSO_SCOPE = {"Thm 1": (lambda d, b: d == 1 and b, "data in R^1 with biases"),
                "Thm 2": (lambda d, b: d == 2 and not b, "data in R^2 without biases"),
                "Thm 3": (lambda d, b: d == 2 and b, "data in R^2 with biases"),
                "Thm 6": (lambda d, b: d != 2 and not b, "data in R^d, d ≠ 2 (Thm 2 is d = 2), without biases"),
                "Thm 22": (lambda d, b: d >= 3 and b, "data in R^d, d ≥ 3, with biases")}


def _lasso_on_data(ctx, ds) -> None:
    """The Lasso theorem of the data's d and bias, on the data (steps 1–5), with the exact KKT certificate."""
    applies, scope = _LASSO_SCOPE[ctx.check.theorem]
    require(applies(ds.d, ds.bias), f"{ctx.check.theorem} is about {scope}; these are in R^{ds.d} "
                                    f"{'with' if ds.bias else 'without'} biases")
    y = ds.y
    require_columns(ds)
    require_patterns(ds)
    for case in ctx.each([ctx.case("the data", X=ds.X, y=y, beta=ds.beta)]):
        for k, v in _lasso_case(ctx, case, ds.d, ds.bias).items():
            ctx.note(k, v)


@check("thm1_one_dimensional", "Thm 1", hooks=("dictionary", "z", "network"), cases=16,
       uses=_LASSO_USES, on_data=_lasso_on_data)
def thm1_one_dimensional(ctx):
    r"""Thm 1: for d = 1 with biases (any p), the two-layer network problem equals the Lasso over the
    ramps :math:`(x - x_j)_+, (x_j - x)_+` with a free intercept; an optimal network has its
    breakpoints only at data points.

    Checked as in the module docstring (steps 1–5) on 1-D data: repeated samples, constant
    labels, two samples, then random n ≤ 8 (≤ 12 when thorough).
    """
    _run_lasso_theorem(ctx, 1, True, 12 if ctx.thorough else 8)


@check("thm2_l1_no_bias_2d", "Thm 2", hooks=("dictionary", "z", "network"), cases=16,
       uses=_LASSO_USES, on_data=_lasso_on_data)
def thm2_l1_no_bias_2d(ctx):
    r"""Thm 2: in R² without biases and with the ℓ1 path regularizer, the network problem equals the
    Lasso over :math:`\pm\operatorname{cross}(a_j)/\lVert\cdot\rVert_1`, :math:`a_j` a sample or a basis
    vector (THEORY §3: the augmented set).

    Steps 1–5 of the module docstring, on collinear samples with the origin, the basis with
    its negative, constant labels, then random n ≤ 7 (≤ 10 when thorough).
    """
    _run_lasso_theorem(ctx, 2, False, 10 if ctx.thorough else 7)


@check("thm3_l1_bias_2d", "Thm 3", hooks=("dictionary", "z", "network"), cases=16,
       uses=_LASSO_USES, on_data=_lasso_on_data)
def thm3_l1_bias_2d(ctx):
    r"""Thm 3: in R² with biases and the ℓ1 regularizer, the network problem equals the Lasso with a
    free intercept over the anchored neurons :math:`w = \pm\operatorname{cross}(x_k - x_j \text{ or } e_k)/\lVert\cdot\rVert_1`,
    :math:`b = -w\cdot x_j` (THEORY §3).

    Steps 1–5 of the module docstring, on degenerate data (collinear and repeated samples, a
    symmetric pair, constant labels), then random n ≤ 6 (≤ 8 when thorough).
    """
    _run_lasso_theorem(ctx, 2, True, 8 if ctx.thorough else 6)


@check("thm6_l1_no_bias", "Thm 6", hooks=("dictionary", "z", "network"), cases=16,
       uses=_LASSO_USES, on_data=_lasso_on_data)
def thm6_l1_no_bias(ctx):
    r"""Thm 6: in any dimension, without biases and with the ℓ1 regularizer, the network problem
    equals the Lasso over :math:`\pm\operatorname{cross}(a_J)/\lVert\cdot\rVert_1`, J a (d−1)-subset of
    the samples and the basis vectors; every optimal neuron is orthogonal to its samples.

    Steps 1–5 of the module docstring in R³ (also R⁴ when thorough): samples on a common
    plane, collinear samples with the origin, the basis with its negative, then random n ≤ 6.
    """
    _run_lasso_theorem(ctx, 3, False, 6)
    if ctx.thorough:
        _run_lasso_theorem(ctx, 4, False, 6)


@check("thm22_l1_bias", "Thm 22", hooks=("dictionary", "z", "network"), cases=12,
       uses=_LASSO_USES, on_data=_lasso_on_data)
def thm22_l1_bias(ctx):
    r"""Thm 22: in any dimension with biases and the ℓ1 regularizer, the network problem equals the
    Lasso with a free intercept over the anchored neurons (anchor j, shifted set
    :math:`\{x_k - x_j\}_{k\ne j}\cup\{e_1..e_d\}`, :math:`b = -w\cdot x_j`).

    Steps 1–5 of the module docstring in R³ (also R⁴ when thorough), degenerate then random
    n ≤ 6.
    """
    _run_lasso_theorem(ctx, 3, True, 6)
    if ctx.thorough:
        _run_lasso_theorem(ctx, 4, True, 5)


def _abs_on_data(ctx, ds) -> None:
    """The absolute-value equivalence on one data set (any d, with or without biases)."""
    y = ds.y
    require_columns(ds, activation="abs")
    require_patterns(ds)
    for case in ctx.each([ctx.case("the data", X=ds.X, y=y, beta=ds.beta)]):
        for k, v in _lasso_case(ctx, case, ds.d, ds.bias, "abs").items():
            ctx.note(k, v)


@check("abs_two_layer", "Abs, two layers", hooks=("dictionary", "z", "network"), cases=12,
       uses=_LASSO_USES, on_data=_abs_on_data)
def abs_two_layer(ctx):
    r"""Abs, two layers (THEORY §4): with :math:`\sigma(t) = \lvert tvert` and the ℓ1 regularizer the
    network problem equals the Lasso over the same neurons as ReLU, one sign each (features
    :math:`\lvert Xw_J + b_J\mathbf 1vert`), with a free intercept when there are biases.

    Steps 1–5 of the module docstring with the absolute value (the reference is the
    absolute-value arrangement program), on d = 1 with biases and d = 2, 3 without and with
    biases: degenerate then random data, n ≤ 6 (n ≤ 5 in R³).
    """
    for d, bias, n_max in ((1, True, 6), (2, False, 6), (2, True, 6), (3, False, 5), (3, True, 5)):
        k = max(1, ctx.n_cases // 5 + (1 if (d, bias) == (1, True) else 0) * (ctx.n_cases % 5))
        cases = [ctx.case(f"{lab} d={d} bias={bias}", X=X, y=y, beta=BETAS[int(ctx.rng.integers(len(BETAS)))])
                 for lab, X, y in data_cases(ctx.rng, k, d, bias=bias, n_max=n_max)]
        for case in ctx.each(cases):
            _lasso_case(ctx, case, d, bias, "abs")
    ctx.note("reference", "exactwedge.reference.arrangement_value(activation='abs') (Clarabel), relative "
                          "tolerance 1e-6")


def _plain(D):
    """The columns of D whose subsets contain no basis vector, as ExactColumns (None if there are none)."""
    keep = [j for j, s in enumerate(D.subsets) if not any(isinstance(a, str) for a in s)]
    if not keep:
        return None
    return ExactColumns(D.numerators[:, keep], D.scales[keep])


def _augmentation_case(ctx, case) -> tuple:
    """One case: (P_plain, P_augmented, P_reference); the augmented one equals the reference, the plain one
    is never better."""
    X, y, beta, bias = case.data["X"], case.data["y"], case.data["beta"], case.data["bias"]
    D = dictionary(X, bias=bias, norm=1)
    aug = ctx.hook("augmented", D)
    p_aug = solve_lasso(aug, y, beta, intercept=bias).value
    plain = _plain(D)
    if plain is not None:
        p_plain = solve_lasso(plain, y, beta, intercept=bias).value
    else:
        ybar = sum(y, Q(0)) / len(y) if bias else Q(0)
        p_plain = sum(((v - ybar) ** 2 for v in y), Q(0)) / 2
    ref = _reference(X, y, beta, bias)
    ctx.expect(abs(float(p_aug) - ref) <= REL_TOL * max(1.0, abs(ref)),
               "the augmented Lasso differs from the arrangement reference", P_augmented=p_aug, P_reference=ref)
    ctx.expect(p_plain >= p_aug, "the un-augmented Lasso is better than the augmented one",
               P_plain=p_plain, P_augmented=p_aug)
    return p_plain, p_aug, ref


def _augmentation_on_data(ctx, ds) -> None:
    """On one data set: the augmented Lasso equals P_NN and the plain one is never better; whether it is
    strictly worse here is reported (one data set need not be a witness)."""
    require(ds.d >= 2, "in R^1 the ℓ1 sets hold no basis vector (the subsets J are empty): nothing to drop")
    y = ds.y
    require_columns(ds)
    require_patterns(ds)
    for case in ctx.each([ctx.case("the data", X=ds.X, y=y, beta=ds.beta, bias=ds.bias)]):
        p_plain, p_aug, ref = _augmentation_case(ctx, case)
        ctx.note("P_augmented", str(p_aug))
        ctx.note("P_plain", str(p_plain))
        ctx.note("P_NN_reference_float", ref)
        ctx.note("augmentation_strictly_better_here", p_plain > p_aug)


@check("l1_augmentation_matters", "THEORY §3 (ℓ1 augmentation)", hooks=("augmented",), cases=20,
       uses=("exactwedge.dictionary.dictionary", "exactwedge.lasso.solve.solve_lasso",
             "exactwedge.lasso.columns.ExactColumns", "exactwedge.reference.arrangement_value"),
       on_data=_augmentation_on_data)
def l1_augmentation_matters(ctx):
    r"""THEORY §3: the basis vectors in the ℓ1 sets are necessary. With them the Lasso equals the
    arrangement reference (:math:`P_{NN}`); without them (J drawn from the samples only) it is never
    better, and it is strictly worse on some data.

    On random data in R² and R³, without and with biases: the augmented optimum equals the
    reference to 1e-6; the un-augmented optimum (exact, the same solver on the columns whose
    J has no basis vector) is ≥ it exactly on every case; and at least one case of the seeded
    family is a strict witness (exact values reported). The seed's reading of Thm 2, with J
    from the samples only, is thus refuted on the witness.
    """
    witnesses = []
    cases = []
    for i in range(ctx.n_cases):
        d = 2 + (i % 2)
        bias = bool((i // 2) % 2)
        lab, X, y = next(data_cases(ctx.rng, 1, d, bias=bias, n_max=6 if d == 2 else 5, degenerate=False))
        cases.append(ctx.case(f"{lab} d={d} bias={bias}", X=X, y=y, beta=Q(1, 3), bias=bias))
    for case in ctx.each(cases):
        p_plain, p_aug, _ref = _augmentation_case(ctx, case)
        if p_plain > p_aug:
            witnesses.append((case.label, p_plain, p_aug))
    if ctx.cases_run:
        ctx.current = ctx.case(f"the whole family of {ctx.cases_run} cases", cases=ctx.cases_run, beta=Q(1, 3))
        ctx.expect(bool(witnesses), "no case of the family shows the augmentation mattering", strict_witnesses=0)
        ctx.current = None
    ctx.note("strict_witnesses", len(witnesses))
    if witnesses:
        lab, pp, pa = witnesses[0]
        ctx.note("first_witness", {"case": lab, "P_plain": str(pp), "P_augmented": str(pa)})
