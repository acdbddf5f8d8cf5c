r"""Extreme points and extreme rays (Lemmas 14, 17, 19), enumerated independently and exactly.

The theorems rest on three facts about polyhedra. Here each is checked by
enumerating the vertices or rays **without cross products** — brute force
over row subsets with exact Cramer's rule, exact null spaces (exactwedge.numbers.linalg),
and exact linear programs that decide extremality by its *definition*
(:mod:`proofs_check._exact`, :mod:`exactwedge.lp`) — and comparing
with the normalized cross products that the library uses.

Hooks: ``candidates`` (Lemma 14: the normalized cross products), ``vertices``
(Lemma 17: the vertex set of the lemma), ``rays`` (Lemma 19: the library's rays).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as Q

import numpy as np

import exactwedge as ew
from exactwedge.arrangement.chambers import chamber_rays, chambers
from exactwedge.lp.linprog import linprog_exact
from exactwedge.numbers.linalg import lstsq

from ._cases import data_cases, matrix
from ._exact import is_extreme_point, is_extreme_ray, l1_normalize, nullspace_rays, rank, vertices
from ._registry import check

__all__: list[str] = []


def _dot(a, b):
    return sum((p * q for p, q in zip(a, b)), Q(0))


# ---------------------------------------------------------------- Lemma 14


@check("lemma14_l1_chamber_vertices", "Lemma 14", hooks=("candidates",), cases=10,
       uses=("exactwedge.ga.cross_products", "exactwedge.ga.CrossTable", "exactwedge.dictionary.dictionary",
             "exactwedge.arrangement.sign_patterns"))
def lemma14_l1_chamber_vertices(ctx):
    r"""Lemma 14: for an activation pattern D, a nonzero w is an extreme point of
    :math:`P_D = \{w : \lVert w\rVert_1 \le 1,\ (2D - I)Xw \ge 0\}` if and only if
    :math:`\lVert w\rVert_1 = 1` and w is orthogonal to d−1 linearly independent rows of the
    augmented matrix :math:`[X; I]` — that is, :math:`w = \pm\operatorname{cross}(a_J)/\lVert\cdot\rVert_1`
    with :math:`a_J` among the samples and the basis vectors (and w in :math:`P_D`).

    For every pattern of the data (:func:`exactwedge.arrangement.sign_patterns`, exact), the
    vertices of :math:`P_D` are enumerated by brute force from its H-description
    (:math:`\pm x_i\cdot w \le 0` and the :math:`2^d` facets :math:`s\cdot w \le 1` of the ℓ1 ball) and
    compared, as exact sets, with the normalized cross products of the augmented set
    (:func:`exactwedge.cross_products`) that lie in :math:`P_D`; each vertex has
    :math:`\lVert w\rVert_1 = 1` and d−1 independent active augmented rows; and each vertex's
    feature :math:`(Xw)_+` is a column of the library's ℓ1 dictionary (the step from Lemma 14
    to Thm 6). Data in R² and R³ (R⁴ when thorough), degenerate (including rank-deficient
    data, where the basis vectors are needed) and random.
    """
    from exactwedge.arrangement import sign_patterns

    dims = (2, 3, 4) if ctx.thorough else (2, 3)
    cases = []
    for i in range(ctx.n_cases):
        d = dims[i % len(dims)]
        lab, X, y = list(data_cases(ctx.rng, i // len(dims) + 1, d, bias=False, n_max=5))[-1]
        cases.append(ctx.case(f"{lab} d={d}", X=X))
    for case in ctx.each(cases):
        X = case.data["X"]
        n, d = len(X), len(X[0])
        tab = ew.cross_products(X, augment=True)
        cand = set()
        for i in np.flatnonzero(tab.nonzero()).tolist():
            c = list(tab.vector(i))
            cand.add(l1_normalize(c))
            cand.add(l1_normalize([-v for v in c]))
        cand = ctx.hook("candidates", cand)
        D = ew.dictionary(X, norm=1)
        cols = {tuple(D.column(j)) for j in range(len(D))}
        ball = [list(s) for s in itertools.product((Q(1), Q(-1)), repeat=d)]
        aug = [list(r) for r in X] + [[Q(int(i == k)) for i in range(d)] for k in range(d)]
        for pat in sign_patterns(X):
            G = [[(-c if on else c) for c in x] for x, on in zip(X, pat)] + ball
            h = [Q(0)] * n + [Q(1)] * len(ball)
            V = {v for v in vertices(G, h) if any(v)}
            expected = {c for c in cand if all((_dot(x, c) >= 0) == bool(on) or _dot(x, c) == 0 for x, on in zip(X, pat))}
            if not ctx.expect(V == expected, "the vertices of P_D are not the normalized cross products in P_D",
                              pattern=[int(b) for b in pat], vertices_only=sorted(V - expected)[:3],
                              cross_only=sorted(expected - V)[:3]):
                continue
            for v in V:
                active = [a for a in aug if _dot(a, v) == 0]
                ctx.expect(sum((abs(c) for c in v), Q(0)) == 1 and rank(active) == d - 1,
                           "a vertex of P_D without ‖w‖₁ = 1 and d−1 independent active rows", vertex=v)
                feat = tuple(max(_dot(x, v), Q(0)) for x in X)
                if any(feat):
                    ctx.expect(feat in cols, "a vertex's feature (Xw)_+ is missing from the ℓ1 dictionary", vertex=v)


# ---------------------------------------------------------------- Lemma 17


def _lemma17_vertices(A, b, C, e):
    """Vertices by Lemma 17: unique solutions of [A_S; C] x = [b_S; e], S independent rows, full rank, feasible."""
    m = len(A[0])
    rc = rank(C) if C else 0
    out = set()
    for S in itertools.combinations(range(len(A)), m - rc):
        AS = [A[i] for i in S]
        if rank(AS) < len(S) or rank(AS + list(C)) < m:
            continue
        sys_rows = AS + list(C)
        rhs = [b[i] for i in S] + list(e)
        # solve exactly by the normal equations (full column rank)
        xs = tuple(lstsq(sys_rows, rhs))
        if any(_dot(r, xs) != v for r, v in zip(sys_rows, rhs)):
            continue
        if all(_dot(r, xs) <= bb for r, bb in zip(A, b)):
            out.add(xs)
    return out


@check("lemma17_extreme_points", "Lemma 17", hooks=("vertices",), cases=6,
       uses=("exactwedge.lp.linprog_exact", "exactwedge.lp.LPResult"))
def lemma17_extreme_points(ctx):
    r"""Lemma 17: x is an extreme point of :math:`\{x : Ax \le b,\ Cx = e\}` if and only if, for some
    subset S of linearly independent rows of A, x is the unique solution of
    :math:`A_Sx = b_S,\ Cx = e` with :math:`[A_S; C]` of full rank.

    On seeded bounded polytopes in R³ (R⁴ when thorough) with one or no equation, built
    around a point with some constraints tight (degenerate vertices): the lemma's vertex
    set is enumerated; every test point (the lemma's vertices, midpoints of pairs of them,
    their centroid) is classified by the lemma's rank criterion and by the definition
    (exact LPs: no δ ≠ 0 keeps x ± δ feasible), which must agree; and the optimum of
    exact LPs with random objectives (a basic solution) is always one of the lemma's vertices.
    """
    cases = []
    for i in range(ctx.n_cases):
        m = 4 if ctx.thorough and i % 2 else 3
        p = int(ctx.rng.integers(m + 1, m + 4))
        x0 = [Q(int(v), 2) for v in ctx.rng.integers(-2, 3, size=m)]
        A = matrix(ctx.rng, p, m, lo=-3, hi=3, dens=(1,))
        A += [[Q(int(j == k)) for j in range(m)] for k in range(m)] + [[-Q(int(j == k)) for j in range(m)] for k in range(m)]
        slack = [Q(int(v)) if ctx.rng.random() > 0.4 else Q(0) for v in ctx.rng.integers(1, 4, size=len(A))]
        b = [_dot(r, x0) + s for r, s in zip(A, slack)]
        C, e = [], []
        if i % 3 != 2:
            C = matrix(ctx.rng, 1, m, lo=-2, hi=2, dens=(1,))
            if not any(C[0]):
                C[0][0] = Q(1)
            e = [_dot(C[0], x0)]
        cases.append(ctx.case(f"m={m} rows={len(A)} equations={len(C)}", A=A, b=b, C=C, e=e))
    for case in ctx.each(cases):
        A, b, C, e = case.data["A"], case.data["b"], case.data["C"], case.data["e"]
        m = len(A[0])
        V = ctx.hook("vertices", _lemma17_vertices(A, b, C, e))
        Vl = sorted(V)
        tests = list(Vl)
        for u, w in itertools.islice(itertools.combinations(Vl, 2), 4):
            tests.append(tuple((p + q) / 2 for p, q in zip(u, w)))
        if Vl:
            tests.append(tuple(sum(c) / len(Vl) for c in zip(*Vl)))
        for x in tests:
            act = [r for r, bb in zip(A, b) if _dot(r, x) == bb]
            lemma = rank(act + list(C)) == m
            definition = is_extreme_point(x, A, b, C, e)
            ctx.expect(lemma == definition and (x in V) == definition,
                       "the lemma's criterion and the definition of an extreme point disagree",
                       point=x, lemma=lemma, definition=definition, in_vertex_set=x in V)
        for _ in range(3):
            c = [Q(int(v)) for v in ctx.rng.integers(-5, 6, size=m)]
            res = linprog_exact(c, A, b, C or None, e or None, free=True)
            ctx.expect(res.status == "optimal" and tuple(res.x) in V and res.verify(),
                       "an LP optimum (a basic solution) is not one of the lemma's vertices",
                       objective=c, optimum=res.x)


# ---------------------------------------------------------------- Lemma 19 (Weyl)


@check("lemma19_weyl_extreme_rays", "Lemma 19 (Weyl)", hooks=("rays",), cases=10,
       uses=("exactwedge.arrangement.chamber_rays", "exactwedge.arrangement.chambers", "exactwedge.lp.linprog_exact"))
def lemma19_weyl_extreme_rays(ctx):
    r"""Lemma 19 (Weyl's facet lemma): a nonzero v of the cone :math:`K = \{v : a_i^\top v \ge 0\}` spans
    an extreme ray (Def. 6: v is not a positive combination of two linearly independent
    vectors of K) if and only if d−1 linearly independent :math:`a_i` vanish on v; so the unit
    extreme rays of a chamber are its normalized cross products of data rows.

    Cones from seeded data in R² and R³ (R⁴ when thorough): chambers of the data
    (:func:`exactwedge.arrangement.chambers`), random sign vectors (often {0} or lower-dimensional
    cones), and rank-deficient data (cones containing lines). Independently, every (d−1)-row
    subset's exact null space gives candidates, kept when the *definition* holds (exact LPs);
    this set must equal the library's rays (:func:`exactwedge.arrangement.chamber_rays`,
    ±cross(x_J), ℓ1-normalized) exactly. For pointed cones, the optimum of exact LPs with
    random objectives over the cross-section :math:`\{v \in K : (\sum_i a_i)^\top v = 1\}` is
    always one of them (no ray is missed).
    """
    dims = (2, 3, 4) if ctx.thorough else (2, 3)
    cases = []
    for i in range(ctx.n_cases):
        d = dims[i % len(dims)]
        lab, X, _ = list(data_cases(ctx.rng, i // len(dims) + 1, d, bias=False, n_max=5))[-1]
        cases.append(ctx.case(f"{lab} d={d}", X=X))
    for case in ctx.each(cases):
        X = case.data["X"]
        n, d = len(X), len(X[0])
        sigs = []
        if rank(X) == d:
            cs = chambers(X)
            pick = ctx.rng.choice(len(cs), size=min(3, len(cs)), replace=False)
            sigs += [list(cs[int(k)].signs) for k in pick]
        for _ in range(2):
            sigs.append([int(v) for v in ctx.rng.choice([-1, 1], size=n)])
        for sig in sigs:
            A = [[s * c for c in x] for x, s in zip(X, sig)]
            ind = {v for v in nullspace_rays(A) if is_extreme_ray(v, A)}
            lib = {l1_normalize(r) for r in ctx.hook("rays", chamber_rays(X, sig))}
            ctx.expect(ind == lib, "the extreme rays by definition differ from the normalized cross products",
                       signs=sig, definition_only=sorted(ind - lib)[:3], cross_only=sorted(lib - ind)[:3])
            if rank(A) == d and ind:
                g = [sum(col, Q(0)) for col in zip(*A)]
                for _ in range(2):
                    c = [Q(int(v)) for v in ctx.rng.integers(-5, 6, size=d)]
                    res = linprog_exact(c, [[-v for v in a] for a in A], [Q(0)] * len(A), [g], [Q(1)], free=True)
                    ok = res.status == "optimal" and l1_normalize(res.x) in ind
                    ctx.expect(ok, "an extreme point of the cross-section is not among the rays", signs=sig,
                               optimum=res.x)
