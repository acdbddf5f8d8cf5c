r"""Weight decay (ℓ2): the chamber geometry and the approximation bounds (Def. 2, 3; Thm 4, 5, 7).

THEORY §6 states Thm 7 in a checkable form (the paper's constants were lost):
with r the minimum over chambers of the distance from the origin to the
convex hull of the chamber's unit extreme rays, and :math:`R_{NN}` the
regularization term :math:`\beta\sum_j|\alpha_j|\lVert w_j\rVert_2` of an optimal network,

.. math:: P_{NN} \le P_{\text{Lasso}}(\ell_2) \le P_{NN} + (1/r - 1)\,R_{NN}
          \quad\text{(r-form)},\qquad r \ge \sqrt{1 - D^2/2}\quad\text{(so the D-form, when } D < \sqrt2).

:math:`P_{NN}` and :math:`R_{NN}` come from the arrangement program
(:func:`exactwedge.reference.arrangement_value`, norm 2), :math:`P_{\text{Lasso}}(\ell_2)`
from :func:`exactwedge.fit` with ``norm=2`` (float64 solve over the surd
dictionary), D and r from :mod:`exactwedge.arrangement` (D exact, r float64).
The float comparisons use a relative tolerance of 1e-6.

**With biases** (Thm 5) the same argument runs per anchor: a neuron
:math:`(Xw + b)_+` equals, on the data, a convex combination (in b) of the
neurons anchored at the two nearest data points (or an anchored neuron plus a
constant, absorbed by the intercept), at the same cost; an anchored neuron
lives in the arrangement of the shifted set :math:`\{x_k - x_j\}_{k\ne j}`. So the
bound holds with :math:`r = \min_j r_j` and :math:`D = \max_j D_j` over anchors —
our reading of "locally dispersed".

Hooks: ``lasso_value`` (:math:`P_{\text{Lasso}}`), ``radius`` (r), ``diameter``
(the :class:`~exactwedge.arrangement.ChamberDiameter`), ``dispersion`` (the
:class:`~exactwedge.arrangement.AngularDispersion`).
"""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np
import sympy

from exactwedge import fit
from exactwedge.arrangement.chambers import angular_dispersion, chamber_radius, chambers, max_chamber_diameter

from ._cases import data_cases, full_rank
from ._data import require, require_patterns
from ._registry import check

__all__: list[str] = []

#: What the checks below exercise (their ``uses``).
_L2_USES = ("exactwedge.training.fit", "exactwedge.reference.arrangement_value",
            "exactwedge.arrangement.chamber_radius", "exactwedge.arrangement.max_chamber_diameter")

REL_TOL = 1e-6


def _anchored(X):
    """The shifted sets {x_k − x_j}_{k≠j}, one per anchor j."""
    return [[[a - b for a, b in zip(X[k], X[j])] for k in range(len(X)) if k != j] for j in range(len(X))]


def _geometry(X, bias: bool):
    """(r, D, dispersions) of the arrangement (no bias) or over the anchored arrangements (bias)."""
    from exactwedge.reference.l2_optimum import l2_geometry

    r, D = l2_geometry(X, bias=bias)
    eps = [angular_dispersion(S) for S in (_anchored(X) if bias else [X])] if len(X[0]) == 2 else None
    return r, D, eps


def _usable(X, bias: bool) -> bool:
    d = len(X[0])
    if bias:
        return all(full_rank(S) == d for S in _anchored(X))
    return full_rank(X) == d


def _l2_cases(ctx, d: int, bias: bool, n_min: int, n_max: int, n_dense: int):
    """Rank-d data (every shifted set of rank d with bias); the last case is dense Gaussian data
    (n_dense samples), where D < √2 and the D-form bound is not vacuous."""
    from ._cases import gaussian_data, vector

    out = []
    gen = data_cases(ctx.rng, 10 * ctx.n_cases + 20, d, bias=bias, n_min=n_min, n_max=n_max)
    for lab, X, y in gen:
        if len(out) >= ctx.n_cases - 1:
            break
        if not _usable(X, bias):
            continue
        out.append(ctx.case(lab, X=X, y=y, beta=(Q(1, 5), Q(1, 2))[len(out) % 2]))
    for _ in range(20):
        X = gaussian_data(ctx.rng, n_dense, d, scale=20)
        if _usable(X, bias):
            out.append(ctx.case(f"dense Gaussian n={n_dense}", X=X, y=vector(ctx.rng, n_dense, lo=-3, hi=3), beta=Q(1, 5)))
            break
    return out


def _run_gap(ctx, d: int, bias: bool, n_min: int, n_max: int, *, dispersion: bool, n_dense: int) -> None:
    rs, gaps, vacuous = [], [], 0
    for case in ctx.each(_l2_cases(ctx, d, bias, n_min, n_max, n_dense)):
        out = _gap_case(ctx, case, bias, dispersion)
        vacuous += out["D_form_vacuous"]
        rs.append(out["r"])
        if out["P_NN_float"] > 1e-6:
            gaps.append(out["relative_gap"])
    ctx.details["float"] = True
    if rs:
        ctx.note("r_range", [round(min(rs), 4), round(max(rs), 4)])
    if gaps:
        ctx.note("relative_gap_range", [round(min(gaps), 6), round(max(gaps), 6)])
        ctx.note("D_form_vacuous_cases", vacuous)


def _gap_case(ctx, case, bias: bool, dispersion: bool) -> dict:
    """One case: P_NN ≤ P_Lasso(ℓ2), the r-form, D-form (and in 2-D dispersion) bounds; returns the values."""
    from exactwedge.reference import arrangement_value

    X, y, beta = case.data["X"], case.data["y"], case.data["beta"]
    ref = arrangement_value(X, y, beta, bias=bias, norm=2)
    p_nn, r_nn = ref.value, ref.regularization
    res = fit(X, y, beta, bias=bias, norm=2)
    ctx.expect(bool(res.certificate.get("holds")), "the float ℓ2 Lasso solve failed its optimality check",
               report=str(res.certificate.get("violations")))
    p_lasso = ctx.hook("lasso_value", float(res.value))
    r, D, eps = _geometry(X, bias)
    r = ctx.hook("radius", r)
    tol = REL_TOL * max(1.0, abs(p_nn))
    ctx.expect(p_nn <= p_lasso + tol, "P_NN > P_Lasso(ℓ2)", P_NN=p_nn, P_Lasso=p_lasso)
    bound_r = p_nn + (1 / r - 1) * r_nn
    ctx.expect(p_lasso <= bound_r + tol, "P_Lasso(ℓ2) exceeds the r-form bound P_NN + (1/r − 1) R_NN",
               P_NN=p_nn, P_Lasso=p_lasso, R_NN=r_nn, r=r)
    D2 = float(D.squared)
    if D2 < 2:
        rD = math.sqrt(1 - D2 / 2)
        ctx.expect(r >= rD - 1e-12, "r < √(1 − D²/2)", r=r, D_squared=D.squared)
        ctx.expect(p_lasso <= p_nn + (1 / rD - 1) * r_nn + tol,
                   "P_Lasso(ℓ2) exceeds the D-form bound P_NN + (1/√(1 − D²/2) − 1) R_NN",
                   P_NN=p_nn, P_Lasso=p_lasso, R_NN=r_nn, D_squared=D.squared)
    if dispersion:
        e = max(eps, key=lambda a: a.angle)
        re = math.cos(e.angle / 2)
        ctx.expect(abs(r - re) <= 1e-9, "in 2-D, r ≠ cos(ε/2)", r=r, epsilon=e.angle)
        ctx.expect(p_lasso <= p_nn + (1 / re - 1) * r_nn + tol,
                   "P_Lasso(ℓ2) exceeds the dispersion bound P_NN + (1/cos(ε/2) − 1) R_NN",
                   P_NN=p_nn, P_Lasso=p_lasso, R_NN=r_nn, epsilon=e.angle)
    return {"P_NN_float": p_nn, "R_NN_float": r_nn, "P_Lasso_l2_float": p_lasso, "r": r, "D_squared": str(D.squared),
            "r_form_bound_float": bound_r, "D_form_vacuous": int(D2 >= 2),
            "relative_gap": (p_lasso - p_nn) / p_nn if p_nn > 1e-6 else None}


#: Which ℓ2 theorem speaks about data in R^d with or without biases (Thm 7 with biases: the anchored reading).
_L2_SCOPE = {"Thm 4": (lambda d, b: d == 2 and not b, "data in R^2 without biases"),
             "Thm 5": (lambda d, b: d == 2 and b, "data in R^2 with biases"),
             "Thm 7": (lambda d, b: d != 2, "data in R^d, d ≠ 2 (Thm 4 and 5 are d = 2; with biases the "
                                           "anchored reading of THEORY §6)")}


def _gap_on_data(ctx, ds) -> None:
    """The ℓ2 bound of the data's d and bias, on the data, with r and D."""
    applies, scope = _L2_SCOPE[ctx.check.theorem]
    require(applies(ds.d, ds.bias), f"{ctx.check.theorem} is about {scope}; these are in R^{ds.d} "
                                    f"{'with' if ds.bias else 'without'} biases")
    y = ds.y
    require(_usable(ds.X, ds.bias), "the bound needs pointed chambers: X " + ("and every shifted set "
            "{x_k − x_j} " if ds.bias else "") + f"of rank d = {ds.d}")
    require_patterns(ds)
    for case in ctx.each([ctx.case("the data", X=ds.X, y=y, beta=ds.beta)]):
        out = _gap_case(ctx, case, ds.bias, ds.d == 2)
        out.pop("D_form_vacuous")
        for k, v in out.items():
            ctx.note(k, v)
    ctx.details["float"] = True


@check("thm4_l2_no_bias_2d", "Thm 4", hooks=("lasso_value", "radius"), cases=10,
       uses=_L2_USES + ("exactwedge.arrangement.angular_dispersion",), on_data=_gap_on_data)
def thm4_l2_no_bias_2d(ctx):
    r"""Thm 4: for ε-dispersed data in R² (weight decay, no biases) the Lasso over
    :math:`\pm\operatorname{cross}(x_j)/\lVert\cdot\rVert_2` is near-optimal:
    :math:`P_{NN} \le P_{\text{Lasso}} \le P_{NN} + (1/\cos(\varepsilon/2) - 1)R_{NN}`.

    Checked (module docstring) on rank-2 data, n = 3..7 (10 when thorough) and one dense
    Gaussian case (n = 12, where D < √2): P_NN ≤ P_Lasso;
    the r-form and D-form bounds of THEORY §6; in 2-D r = cos(ε/2), with ε the angular
    dispersion (our reading of Def. 2), and the bound in that form.
    """
    _run_gap(ctx, 2, False, 3, 10 if ctx.thorough else 7, dispersion=True, n_dense=12)


@check("thm5_l2_bias_2d", "Thm 5", hooks=("lasso_value", "radius"), cases=10,
       uses=_L2_USES + ("exactwedge.arrangement.angular_dispersion",), on_data=_gap_on_data)
def thm5_l2_bias_2d(ctx):
    r"""Thm 5: for locally ε-dispersed data in R² (weight decay, with biases) the anchored ℓ2 Lasso is
    near-optimal, :math:`P_{NN} \le P_{\text{Lasso}} \le P_{NN} + (1/\cos(\varepsilon/2) - 1)R_{NN}` with
    ε the largest dispersion of the shifted sets :math:`\{x_k - x_j\}_{k\ne j}`.

    Checked (module docstring, "with biases") on data whose every shifted set has rank 2,
    n = 4..7 (9 when thorough) and one dense Gaussian case (n = 10): P_NN ≤ P_Lasso, the r-form (r = min over anchors) and
    D-form bounds, and r = cos(ε/2).
    """
    _run_gap(ctx, 2, True, 4, 9 if ctx.thorough else 7, dispersion=True, n_dense=10)


@check("thm7_l2_no_bias", "Thm 7", hooks=("lasso_value", "radius"), cases=10,
       uses=_L2_USES, on_data=_gap_on_data)
def thm7_l2_no_bias(ctx):
    r"""Thm 7: in any dimension (weight decay, no biases) the Lasso over
    :math:`\pm\operatorname{cross}(x_J)/\lVert\cdot\rVert_2` (J ⊂ samples, no augmentation) satisfies
    :math:`P_{NN} \le P_{\text{Lasso}} \le P_{NN} + (1/r - 1)R_{NN}`, and with the maximum chamber
    diameter D < √2, :math:`\le P_{NN} + (1/\sqrt{1 - D^2/2} - 1)R_{NN}` (THEORY §6).

    Checked (module docstring) in R³ on rank-3 data, n = 5..9 (12 when thorough, plus the
    anchored bias version in R³), and one dense Gaussian case (n = 16), where D < √2.
    """
    _run_gap(ctx, 3, False, 5, 12 if ctx.thorough else 9, dispersion=False, n_dense=16)
    if ctx.thorough:
        _run_gap(ctx, 3, True, 5, 7, dispersion=False, n_dense=12)


def _diameter_case(ctx, case) -> dict:
    """One case of Def. 3 (the chamber count, the reported pair, 2000 sampled directions, r against D)."""
    X = case.data["X"]
    n, d = len(X), len(X[0])
    cs = chambers(X)
    sigs = {c.signs: c for c in cs}
    live = [x for x in X if any(x)]
    general = all(full_rank(list(S)) == d for S in _subsets(live, d)) and len(live) == n
    if general:
        expect = 2 * sum(math.comb(n - 1, i) for i in range(d))
        ctx.expect(len(cs) == expect, "the chamber count differs from 2Σ C(n−1, i)", chambers=len(cs), expected=expect)
    D = ctx.hook("diameter", max_chamber_diameter(X))
    u, v = D.pair
    ch = D.chamber
    inside = all(s * sum((a * b for a, b in zip(x, w)), Q(0)) >= 0 for w in (u, v) for x, s in zip(X, ch.signs))
    d2 = sympy.radsimp(2 - 2 * sympy.Integer(sum(a * b for a, b in zip(u, v)))
                       / sympy.sqrt(sympy.Integer(sum(a * a for a in u) * sum(b * b for b in v))))
    ctx.expect(inside and sympy.simplify(d2 - D.squared) == 0, "the reported pair is not in one chamber at distance D",
               pair=[list(u), list(v)], D_squared=D.squared)
    Xi = np.array([[float(c) for c in x] for x in X])
    U = ctx.rng.integers(-10**6, 10**6 + 1, size=(2000, d))
    S = np.sign(U.astype(object) @ np.array([[int(c * _lcm(x)) for c in x] for x in X], dtype=object).T).astype(np.int8)
    ok_rows = np.all((S != 0) | (np.abs(Xi).sum(axis=1) == 0)[None, :], axis=1)
    groups: dict = {}
    for k in np.flatnonzero(ok_rows).tolist():
        key = tuple(int(s) for s in S[k])
        groups.setdefault(key, []).append(k)
    missing = [k for k in groups if k not in sigs]
    ctx.expect(not missing, "a sampled direction's sign vector is not among the chambers", sign_vector=missing[:1])
    Uf = U.astype(float)
    Uf /= np.linalg.norm(Uf, axis=1)[:, None]
    far = 0.0
    for idx in groups.values():
        V = Uf[idx[:300]]
        far = max(far, math.sqrt(max(0.0, 2 - 2 * float((V @ V.T).min()))))
    if D.attained_at_rays:
        ctx.expect(far <= D.value + 1e-9, "two sampled unit vectors of one chamber are farther apart than D",
                   sampled=far, D=D.value)
    r = chamber_radius(X).value
    ctx.expect(r <= 1 + 1e-12 and (float(D.squared) >= 2 or r >= math.sqrt(1 - float(D.squared) / 2) - 1e-12),
               "r is not within [√(1 − D²/2), 1]", r=r, D_squared=D.squared)
    return {"chambers": len(cs), "D_squared": str(D.squared), "D_float": D.value, "attained_at_rays": D.attained_at_rays,
            "r": r, "wide_chamber_witness": int(not D.attained_at_rays and far > D.value + 1e-9)}


def _diameter_on_data(ctx, ds) -> None:
    """Def. 3 on the arrangement of the data's X (with --bias, the anchored arrangements are in the ℓ2 check)."""
    require(ds.d >= 2, "in R^1 the two chambers are half-lines: D = 0, nothing to check")
    require(full_rank(ds.X) == ds.d, f"D is defined for pointed chambers: X must have rank d = {ds.d}")
    require_patterns(ds, bias=False)
    for case in ctx.each([ctx.case("the data's X", X=ds.X)]):
        for k, v in _diameter_case(ctx, case).items():
            ctx.note(k, v)


@check("def3_max_chamber_diameter", "Def. 3", hooks=("diameter",), cases=16,
       uses=("exactwedge.arrangement.max_chamber_diameter", "exactwedge.arrangement.ChamberDiameter",
             "exactwedge.arrangement.chambers", "exactwedge.arrangement.chamber_radius"),
       on_data=_diameter_on_data)
def def3_max_chamber_diameter(ctx):
    r"""Def. 3: the maximum chamber diameter :math:`D = \max\lVert u - v\rVert_2` over unit u, v with
    sign(Xu) = sign(Xv), computed (:func:`exactwedge.arrangement.max_chamber_diameter`) from the
    chambers' unit extreme rays, exactly.

    Checked on rank-d data in R² and R³ (R⁴ when thorough), random and degenerate:
    the chamber count is :math:`2\sum_{i<d}\binom{n-1}{i}` in general position; the sign vector
    of every sampled direction (2000 exact rational directions) is one of the chambers; the
    reported pair of rays lies in one chamber and is exactly D apart; when the rays give D
    (every ray pair of a chamber within 90°, which the result reports), no sampled pair of
    one chamber is farther apart than D; and :math:`1 \ge r \ge \sqrt{1 - D^2/2}`.

    Note (a disagreement with THEORY §6, which says D is attained between unit extreme
    rays): in wide chambers (some ray pair beyond 90°, so D > √2, small n, d ≥ 3) the
    diameter can be attained inside a face. Pinned exact witness: X with rows (0, 0, −2),
    (1, −1, 1), (2, 0, −1); in its chamber (−, +, −) the ray pairs give
    :math:`D^2 = 2 + 3\sqrt{14}/7`, but u = (1, 3, 2) (a ray) and v = (−1, −2, 0) (inside an edge)
    have :math:`\lVert\hat u - \hat v\rVert^2 = 2 + \sqrt{70}/5`, larger; the check verifies this exactly
    and that the library reports ``attained_at_rays = False`` there. Random wide-chamber
    witnesses are counted in ``details``; the D-form bound is vacuous there anyway.
    """
    W = [[0, 0, -2], [1, -1, 1], [2, 0, -1]]
    Dw = max_chamber_diameter(W)
    u, v, sig = (1, 3, 2), (-1, -2, 0), (-1, 1, -1)
    closure = all(s_ * sum(a * b for a, b in zip(x, w)) >= 0 for w in (u, v) for x, s_ in zip(W, sig))
    far2 = 2 - 2 * sympy.Integer(sum(a * b for a, b in zip(u, v))) / sympy.sqrt(sympy.Integer(14 * 5))
    ctx.current = ctx.case("pinned wide chamber", X=[[Q(c) for c in r] for r in W])
    ctx.expect(closure and sympy.simplify(far2 - (2 + sympy.sqrt(70) / 5)) == 0
               and sympy.simplify(Dw.squared - (2 + 3 * sympy.sqrt(14) / 7)) == 0
               and bool(sympy.N(far2 - Dw.squared) > 0) and not Dw.attained_at_rays,
               "the pinned wide-chamber witness does not behave as documented", D_squared=Dw.squared,
               pair_squared=far2, attained_at_rays=Dw.attained_at_rays)
    ctx.current = None
    dims = (2, 3, 4) if ctx.thorough else (2, 3)
    cases = []
    i = 0
    while len(cases) < ctx.n_cases and i < 50 * ctx.n_cases:
        d = dims[len(cases) % len(dims)]
        lab, X, _ = list(data_cases(ctx.rng, i // 6 + 1, d, bias=False, n_max=8))[-1]
        i += 1
        if full_rank(X) == d:
            cases.append(ctx.case(f"{lab} d={d}", X=X))
    witnesses = 0
    for case in ctx.each(cases):
        witnesses += _diameter_case(ctx, case)["wide_chamber_witness"]
    ctx.note("wide_chamber_witnesses", witnesses)


def _lcm(x) -> int:
    L = 1
    for c in x:
        L = math.lcm(L, Q(c).denominator)
    return L


def _subsets(rows, k):
    import itertools

    return itertools.combinations(rows, k)


@check("def2_angular_dispersion", "Def. 2", hooks=("dispersion",), cases=16,
       uses=("exactwedge.arrangement.angular_dispersion", "exactwedge.arrangement.AngularDispersion",
             "exactwedge.arrangement.max_chamber_diameter", "exactwedge.arrangement.chamber_radius"))
def def2_angular_dispersion(ctx):
    r"""Def. 2 (our reading; its formula was lost): 2-D data is ε-dispersed when every angular gap
    between consecutive lines :math:`\operatorname{span}(x_i)` (angles mod π, including the gap
    across π) is at most ε. The chambers are then arcs of the same widths, so
    :math:`D = 2\sin(\varepsilon/2)` and :math:`r = \cos(\varepsilon/2)`, as used in the proof of Thm 4.

    Checked on rank-2 data (random, and degenerate: parallel, antiparallel and repeated
    samples, a zero sample): :func:`exactwedge.arrangement.angular_dispersion` agrees with the
    largest gap of the sorted float angles (1e-9), :math:`D^2 = 2 - 2\cos\varepsilon` exactly (SymPy),
    and r = cos(ε/2) (1e-9).
    """
    cases = []
    i = 0
    while len(cases) < ctx.n_cases and i < 50 * ctx.n_cases:
        lab, X, _ = list(data_cases(ctx.rng, i // 3 + 1, 2, bias=False, n_max=8))[-1]
        i += 1
        if full_rank(X) == 2:
            cases.append(ctx.case(lab, X=X))
    for case in ctx.each(cases):
        X = case.data["X"]
        a = ctx.hook("dispersion", angular_dispersion(X))
        ang = sorted({round(math.atan2(float(x[1]), float(x[0])) % math.pi, 12) for x in X if any(x)})
        gaps = [b - c for b, c in zip(ang[1:], ang[:-1])] + [math.pi - ang[-1] + ang[0]]
        ctx.expect(abs(max(gaps) - a.angle) <= 1e-9, "the dispersion differs from the largest gap of the sorted angles",
                   epsilon=a.angle, float_gap=max(gaps))
        D = max_chamber_diameter(X)
        ctx.expect(sympy.simplify(D.squared - (2 - 2 * a.cos)) == 0, "D² ≠ 2 − 2 cos ε", D_squared=D.squared, cos=a.cos)
        r = chamber_radius(X).value
        ctx.expect(abs(r - math.cos(a.angle / 2)) <= 1e-9, "r ≠ cos(ε/2)", r=r, epsilon=a.angle)
