r"""Random data and the chamber diameter (Lemmas 11 and 12). Floats are allowed here; runs are seeded.

The statements' constants were lost in extraction (see "Reading the seeds" in docs/theory.md);
what is checked is derived here and stated exactly.

**Lemma 11 (isometry ⇒ small chambers).** If
:math:`(1-\varepsilon)\lVert w\rVert_2 \le c\lVert Xw\rVert_1 \le (1+\varepsilon)\lVert w\rVert_2` for every w
(condition (44), any scale c > 0), then :math:`D \le g(\varepsilon)` with
:math:`g(\varepsilon) = 4\sqrt\varepsilon/(1+\varepsilon)` for ε ≤ 1 and 2 otherwise. Reason (the
paper's proof): for unit u, v of one chamber σ, :math:`\lVert Xw\rVert_1 = \sigma^\top Xw` is linear,
so :math:`\lVert(u+v)/2\rVert \ge c\lVert X(u+v)/2\rVert_1/(1+\varepsilon) \ge (1-\varepsilon)/(1+\varepsilon)`, and
:math:`\lVert u - v\rVert^2 = 4 - \lVert u + v\rVert^2 \le 16\varepsilon/(1+\varepsilon)^2`.

**Lemma 12 (Gaussian data).** For X with i.i.d. N(0, 1) entries and
:math:`c = \sqrt{\pi/2}/n` (so that :math:`\mathbb E\,c\lVert Xw\rVert_1 = \lVert w\rVert_2`),

.. math:: \Pr\Big[\varepsilon(X) \le \varepsilon_t := 2\sqrt{2\pi d/n} + t\sqrt{\pi/n}\Big] \ \ge\ 1 - e^{-t^2},

hence :math:`D \le g(\varepsilon_t)` with that probability. Derivation: symmetrization and
the contraction principle give :math:`\mathbb E\,\varepsilon(X) \le \sqrt{\pi/2}\cdot 4\sqrt{d/n}`; ε(X)
is :math:`\sqrt{\pi/(2n)}`-Lipschitz in X (Frobenius), and Gaussian concentration adds
:math:`t\sqrt{\pi/n}` with probability :math:`\ge 1 - e^{-t^2}`. (This gives
:math:`D = O((d/n)^{1/4})`, not the :math:`\sqrt{d/n}` of THEORY §6; the empirical D is far smaller
and is reported.)

Hooks: ``diameter`` (D, float) for Lemma 11; ``sampler`` (the data generator) for Lemma 12.
"""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np

from exactwedge.arrangement.chambers import l1_isometry_range, max_chamber_diameter

from ._cases import full_rank, gaussian_data
from ._registry import check

__all__: list[str] = []


def g(eps: float) -> float:
    """The Lemma 11 bound on D: 4√ε/(1+ε) for ε ≤ 1, else 2.

    >>> g(0.0), g(1.0), round(g(0.25), 6)
    (0.0, 2.0, 1.6)
    """
    return 4 * math.sqrt(eps) / (1 + eps) if eps <= 1 else 2.0


def binomial_cdf(k: int, trials: int, p: float) -> float:
    """Pr[Binomial(trials, p) ≤ k] for 0 < p < 1: the terms summed in log space (no underflow of p^i alone).

    >>> [round(binomial_cdf(k, 2, 0.5), 12) for k in (-1, 0, 1, 2)]   # 0, 1/4, 3/4, 1
    [0.0, 0.25, 0.75, 1.0]
    """
    lp, lq = math.log(p), math.log1p(-p)
    terms = [math.exp(math.lgamma(trials + 1) - math.lgamma(i + 1) - math.lgamma(trials - i + 1) + i * lp + (trials - i) * lq)
             for i in range(0, min(k, trials) + 1)]
    return min(1.0, math.fsum(terms))


def _eps(m: float, M: float, c: float) -> float:
    return max(1 - c * m, c * M - 1, 0.0)


@check("lemma11_isometry_diameter", "Lemma 11", hooks=("diameter",), cases=12,
       uses=("exactwedge.arrangement.l1_isometry_range", "exactwedge.arrangement.max_chamber_diameter"))
def lemma11_isometry_diameter(ctx):
    r"""Lemma 11 (isometry implies small chamber diameter), as derived in the module docstring:
    if condition (44) holds with ε (any scale c), then :math:`D \le 4\sqrt\varepsilon/(1+\varepsilon)` (≤ 2).

    On seeded data — Gaussian (rounded to 1/1000), uniform, and anisotropic — in R² (n = 20..200)
    and R³ (n = 15..40): the range m ≤ ‖Xw‖₁ ≤ M over unit w is computed exactly on the
    chambers (:func:`exactwedge.arrangement.l1_isometry_range`); ε is taken for the best scale
    c = 2/(m+M) and for the Gaussian scale c = √(π/2)/n; D (:func:`exactwedge.arrangement.max_chamber_diameter`)
    must satisfy both bounds. (Where the ray pairs only bound D from below — D > √2 — the
    check is necessary, not sufficient.)
    """
    cases = []
    kinds = ("gaussian", "uniform", "anisotropic")
    for i in range(ctx.n_cases):
        d = 2 if i % 2 == 0 else 3
        n = int(ctx.rng.integers(20, 201)) if d == 2 else int(ctx.rng.integers(15, 41))
        kind = kinds[i % 3]
        X = gaussian_data(ctx.rng, n, d)
        if kind == "uniform":
            X = [[Q(int(v), 1000) for v in ctx.rng.integers(-1000, 1001, size=d)] for _ in range(n)]
        elif kind == "anisotropic":
            X = [[c * (5 if k == 0 else 1) for k, c in enumerate(x)] for x in X]
        if full_rank(X) < d:
            continue
        cases.append(ctx.case(f"{kind} n={n} d={d}", X=X))
    worst = 0.0
    for case in ctx.each(cases):
        X = case.data["X"]
        n = len(X)
        m, M = l1_isometry_range(X)
        Dv = ctx.hook("diameter", max_chamber_diameter(X).value)
        e_best = (M - m) / (M + m)
        e_gauss = _eps(m, M, math.sqrt(math.pi / 2) / n)
        ctx.expect(Dv <= g(e_best) + 1e-12, "D exceeds 4√ε/(1+ε) at the best scale", D=Dv, epsilon=e_best, bound=g(e_best))
        ctx.expect(Dv <= g(e_gauss) + 1e-12, "D exceeds 4√ε/(1+ε) at the Gaussian scale", D=Dv, epsilon=e_gauss,
                   bound=g(e_gauss))
        worst = max(worst, Dv / g(e_best) if g(e_best) else 0.0)
    ctx.details["float"] = True
    ctx.note("largest_D_over_bound", round(worst, 4))


@check("lemma12_gaussian_diameter", "Lemma 12", hooks=("sampler",), cases=20,
       uses=("exactwedge.arrangement.l1_isometry_range", "exactwedge.arrangement.max_chamber_diameter"))
def lemma12_gaussian_diameter(ctx):
    r"""Lemma 12 (random data have small chambers), as derived in the module docstring: for
    i.i.d. N(0, 1) data, :math:`\Pr[\varepsilon(X) \le 2\sqrt{2\pi d/n} + t\sqrt{\pi/n}] \ge 1 - e^{-t^2}`, and
    then :math:`D \le 4\sqrt{\varepsilon_t}/(1+\varepsilon_t)`.

    Statistical, seeded: 20 trials (80 when thorough, then also 80 with d = 3, n = 60) of n = 200
    Gaussian samples in R² (rounded to 1/1000), t = 1 (stated probability ≥ 1 − 1/e ≈ 0.632).
    The check fails when the number of trials with ε(X) ≤ ε_t is below the 10⁻⁶ lower tail
    of Binomial(trials, 1 − 1/e); on every trial where the event holds, D ≤ g(ε_t) must hold.
    The mean D, ε and D·√(n/d) are reported.
    """
    sampler = ctx.hook("sampler", gaussian_data)
    t = 1.0
    p0 = 1 - math.exp(-t * t)
    settings = [(200, 2)] + ([(60, 3)] if ctx.thorough else [])
    for n, d in settings:
        eps_t = 2 * math.sqrt(2 * math.pi * d / n) + t * math.sqrt(math.pi / n)
        trials = [ctx.case(f"Gaussian trial {k} n={n} d={d}", n=n, d=d, trial=k) for k in range(ctx.n_cases)]
        hits, Ds, es = 0, [], []
        for case in ctx.each(trials):
            X = sampler(ctx.rng, n, d)
            m, M = l1_isometry_range(X)
            eps = _eps(m, M, math.sqrt(math.pi / 2) / n)
            Dv = max_chamber_diameter(X).value
            Ds.append(Dv)
            es.append(eps)
            if eps <= eps_t:
                hits += 1
                ctx.expect(Dv <= g(eps_t) + 1e-12, "D exceeds g(ε_t) on a trial where the isometry event holds",
                           D=Dv, epsilon_t=eps_t)
        T = len(Ds)
        if T:
            ctx.current = ctx.case(f"{T} trials n={n} d={d}", n=n, d=d, trials=T)
            tail = binomial_cdf(hits, T, p0)
            ctx.expect(tail >= 1e-6, f"the event ε ≤ ε_t held in {hits}/{T} trials: implausible at probability ≥ {p0:.3f}",
                       hits=hits, trials=T, lower_tail=tail, epsilon_t=eps_t, mean_epsilon=float(np.mean(es)))
            ctx.current = None
            ctx.note(f"n={n},d={d}", {"event_frequency": round(hits / T, 4), "stated_probability": round(p0, 4),
                                      "epsilon_t": round(eps_t, 4), "mean_epsilon": round(float(np.mean(es)), 4),
                                      "mean_D": round(float(np.mean(Ds)), 4),
                                      "mean_D_sqrt_n_over_d": round(float(np.mean(Ds)) * math.sqrt(n / d), 3),
                                      "bound_g_eps_t": round(g(eps_t), 4)})
    ctx.details["float"] = True
