r"""The identities of the exact GA core (THEORY §1, App. 6.1): proved symbolically, then checked.

Each statement here is a polynomial (or rational-function) identity in the
coordinates. For d = 2, 3, 4 it is verified on **SymPy symbols**, where the
difference of the two sides expands (or cancels) to zero — a proof in that
dimension — and re-derived with **galgebra**'s own symbolic products
(:mod:`exactwedge.ga.interop` converts, nothing else is shared). Then it is
checked on seeded exact rational cases, random and degenerate (dependent
vectors, repeated vectors, zero vectors), in d = 2..5 (up to 6 when thorough).

Hooks (for mutation tests): ``cross``, ``hodge``, ``wedge``,
``squared_distance_to_span``, ``squared_distance_to_affine_hull``,
``signed_volume``, ``simplex_volume``, ``triangle_area`` — each replaces the
library function under test.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Q

import sympy

import exactwedge as ew
from exactwedge.ga.blade import Blade
from exactwedge.numbers.linalg import lstsq

from ._cases import full_rank, matrix
from ._registry import check

__all__: list[str] = []

SYMBOLIC_DIMS = (2, 3, 4)


def _sym_vectors(prefix: str, k: int, d: int) -> list[list[sympy.Symbol]]:
    return [list(sympy.symbols(f"{prefix}{i}_1:{d + 1}", real=True)) for i in range(k)]


def _dot(a, b):
    return sum((p * q for p, q in zip(a, b)), sympy.Integer(0))


def _zero(expr) -> bool:
    return sympy.expand(expr) == 0


def _all_zero(exprs) -> tuple[bool, object]:
    for e in exprs:
        e = sympy.expand(e)
        if e != 0:
            return False, e
    return True, None


class _Ring:
    """Polynomials over QQ in given symbols (SymPy's sparse ring): fast exact expansion.

    Identities with large expansions (Gram determinants in d = 4) are compared
    here rather than with ``sympy.expand``; library outputs (SymPy expressions)
    are converted with ``from_expr``.
    """

    def __init__(self, *groups):
        from sympy.polys.rings import ring

        syms = []
        for g in groups:
            for v in g:
                syms.extend(v if isinstance(v, (list, tuple)) else [v])
        self.R, *_ = ring(syms, sympy.QQ)
        self.gens = dict(zip(syms, self.R.gens))

    def __call__(self, expr):
        if isinstance(expr, Q):
            return self.R(sympy.Rational(expr.numerator, expr.denominator))
        return self.R.from_expr(sympy.sympify(expr)) if not isinstance(expr, sympy.Symbol) else self.gens[expr]

    def vec(self, v):
        return [self(c) for c in v]

    def fraction(self, expr):
        """``(num, den)`` in the ring with ``expr = num/den``: SymPy's numerator and denominator when both are
        polynomials (a library value already written as one fraction), else after ``sympy.together``."""
        num, den = sympy.fraction(expr)
        try:
            return self(num), self(den)
        except (ValueError, TypeError, sympy.polys.polyerrors.PolynomialError, KeyError):
            num, den = sympy.fraction(sympy.together(expr))
            return self(num), self(den)

    def dot(self, a, b):
        return sum((p * q for p, q in zip(a, b)), self.R.zero)

    def det(self, M):
        """Division-free determinant by expansion over column subsets."""
        n = len(M)
        minors = {0: self.R.one}
        for r in range(n):
            new = {}
            for mask, val in minors.items():
                for c in range(n):
                    if mask >> c & 1 or not M[r][c]:
                        continue
                    above = bin(mask >> (c + 1)).count("1")
                    term = val * M[r][c]
                    key = mask | (1 << c)
                    new[key] = new.get(key, self.R.zero) + (term if above % 2 == 0 else -term)
            minors = new
        return minors.get((1 << n) - 1, self.R.zero)

    def gram(self, A, B):
        return self.det([[self.dot(a, b) for b in B] for a in A])


def _coeffs(b) -> list:
    return [sympy.sympify(c) if not isinstance(c, Q) else sympy.Rational(c.numerator, c.denominator)
            for c in b.coefficients]


def _galgebra():
    from exactwedge.ga.interop import from_galgebra, to_galgebra

    return to_galgebra, from_galgebra


def _sym_kvector(prefix: str, d: int, k: int) -> Blade:
    n = math.comb(d, k)
    return Blade(d, k, list(sympy.symbols(f"{prefix}_1:{n + 1}", real=True)) if n else [])


def _rand_vectors(rng, k: int, d: int, kind: str) -> list[list[Q]]:
    V = matrix(rng, k, d)
    if kind == "dependent" and k >= 2:
        c = [Q(int(rng.integers(-3, 4)), int(rng.integers(1, 3))) for _ in range(k - 1)]
        V[-1] = [sum((ci * V[i][j] for i, ci in enumerate(c)), Q(0)) for j in range(d)]
    elif kind == "repeated" and k >= 2:
        V[-1] = list(V[0])
    elif kind == "zero":
        V[0] = [Q(0)] * d
    return V


def _kinds(count: int):
    base = ["dependent", "repeated", "zero"]
    for i in range(count):
        yield base[i] if i < len(base) else "random"


# ---------------------------------------------------------------- App. 6.1: the cross product


@check("app61_cross_product", "App. 6.1 (cross product)", hooks=("cross",), cases=16,
       uses=("exactwedge.ga.cross", "exactwedge.ga.hodge", "exactwedge.ga.wedge", "exactwedge.ga.signed_volume",
             "exactwedge.ga.pseudoscalar", "exactwedge.ga.to_galgebra", "exactwedge.ga.from_galgebra"))
def app61_cross_product(ctx):
    r"""App. 6.1, the generalized cross product of d−1 vectors (eq. 46): it is orthogonal to every
    v_j; :math:`x\cdot\operatorname{cross}(V) = \det[x, v_1..v_{d-1}]`; it changes sign when two vectors
    are swapped; :math:`\lVert\operatorname{cross}(V)\rVert_2^2 = \det(V^\top V)` (the squared
    (d−1)-volume); it is zero if and only if the vectors are dependent; and
    :math:`\operatorname{cross}(V) = (-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1})` (THEORY §1).

    Symbolic in d = 2, 3, 4 (general vectors; for "zero if dependent", the last vector a
    symbolic combination of the others), cross-checked against galgebra, where
    :math:`(v_1\wedge\dots\wedge v_{d-1})I^{-1} = \operatorname{cross}(V)`; in R³ it is
    the usual a × b and in R² the clockwise rotation (v₂, −v₁). Exact cases in d = 2..5
    (6 when thorough): random, dependent, repeated and zero vectors, where "zero iff
    dependent" is compared with the exact rank (python-flint).
    """
    cross = ctx.hook("cross", ew.cross)
    to_galgebra, from_galgebra = _galgebra()
    for d in SYMBOLIC_DIMS:
        V = _sym_vectors("v", d - 1, d)
        x = list(sympy.symbols(f"x1:{d + 1}", real=True))
        c = list(cross(*V))
        ok, rem = _all_zero(_dot(v, c) for v in V)
        ctx.proved(ok, d, "v_j · cross(V) = 0", rem)
        M = sympy.Matrix.hstack(sympy.Matrix(x), *[sympy.Matrix(v) for v in V])
        e = _dot(x, c) - M.det(method="berkowitz")
        ctx.proved(_zero(e), d, "x · cross(V) = det[x, V]", sympy.expand(e))
        if d >= 3:
            for i in range(d - 2):
                W = list(V)
                W[i], W[i + 1] = W[i + 1], W[i]
                ok, rem = _all_zero(a + b for a, b in zip(cross(*W), c))
                ctx.proved(ok, d, f"cross is antisymmetric in v{i + 1}, v{i + 2}", rem)
        G = sympy.Matrix([[_dot(a, b) for b in V] for a in V])
        e = _dot(c, c) - G.det(method="berkowitz")
        ctx.proved(_zero(e), d, "‖cross(V)‖² = det(VᵀV)", sympy.expand(e))
        h = ew.hodge(ew.wedge(*V))
        ok, rem = _all_zero(a - (-1) ** (d - 1) * b for a, b in zip(c, _coeffs(h)))
        ctx.proved(ok, d, "cross(V) = (-1)^(d-1) ⋆(v1∧…∧v_{d-1})", rem)
        if d >= 3:
            lam = sympy.symbols(f"c1:{d - 1}", real=True)
            dep = [sum((lam[i] * V[i][j] for i in range(d - 2)), sympy.Integer(0)) for j in range(d)]
            ok, rem = _all_zero(cross(*(V[:-1] + [dep])))
        else:
            ok, rem = _all_zero(cross([sympy.Integer(0)] * d))
        ctx.proved(ok, d, "cross(V) = 0 when V is dependent", rem)
        # galgebra: (v1 ∧ … ∧ v_{d-1}) I^{-1}, with its own products
        mvs = [to_galgebra(v) for v in V]
        W = mvs[0]
        for m in mvs[1:]:
            W = W ^ m
        Iinv = to_galgebra(ew.pseudoscalar(d)).rev()
        g = from_galgebra(W * Iinv, grade=1)
        ok, rem = _all_zero(a - b for a, b in zip(_coeffs(g), c))
        ctx.proved(ok, d, "galgebra: (v1∧…∧v_{d-1}) I⁻¹ = cross(V)", rem)
        if d == 3:
            a, b = V
            usual = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
            ok, rem = _all_zero(p - q for p, q in zip(c, usual))
            ctx.proved(ok, d, "cross(a, b) = a × b in R³", rem)
        if d == 2:
            ok, rem = _all_zero(p - q for p, q in zip(c, [V[0][1], -V[0][0]]))
            ctx.proved(ok, d, "cross(v) = (v2, -v1) in R²", rem)
    dims = list(range(2, 7 if ctx.thorough else 6))
    cases = []
    for i, kind in enumerate(_kinds(ctx.n_cases)):
        d = dims[i % len(dims)]
        cases.append(ctx.case(f"{kind} d={d}", V=_rand_vectors(ctx.rng, d - 1, d, kind),
                              x=matrix(ctx.rng, 1, d)[0]))
    for case in ctx.each(cases):
        V, x = case.data["V"], case.data["x"]
        d = len(x)
        c = list(cross(*V))
        ctx.expect(all(sum((a * b for a, b in zip(v, c)), Q(0)) == 0 for v in V), "cross(V) is not orthogonal to V",
                   cross=c)
        det = ew.signed_volume(x, *V) if d > 1 else x[0]
        ctx.expect(sum((a * b for a, b in zip(x, c)), Q(0)) == det, "x·cross(V) ≠ det[x, V]", cross=c, det=det)
        gram = sympy.Matrix([[sum((a * b for a, b in zip(u, v)), Q(0)) for v in V] for u in V])
        g = Q(str(gram.det())) if V else Q(1)
        ctx.expect(sum((a * a for a in c), Q(0)) == g, "‖cross‖² ≠ det(VᵀV)", norm2=sum((a * a for a in c), Q(0)), gram=g)
        dependent = full_rank(V) < d - 1
        ctx.expect(all(a == 0 for a in c) == dependent, "cross(V) = 0 does not match linear dependence",
                   cross=c, rank=full_rank(V))
        if d >= 3:
            W = [V[1], V[0]] + V[2:]
            ctx.expect([-a for a in c] == list(cross(*W)), "swapping v1 and v2 does not flip the sign",
                       cross=c, swapped=list(cross(*W)))


# ---------------------------------------------------------------- Hodge star


@check("hodge_relations", "THEORY §1 (Hodge star)", hooks=("hodge", "wedge"), cases=16,
       uses=("exactwedge.ga.hodge", "exactwedge.ga.inverse_hodge", "exactwedge.ga.wedge", "exactwedge.ga.Blade",
             "exactwedge.ga.Blade.inner", "exactwedge.ga.pseudoscalar", "exactwedge.ga.to_galgebra",
             "exactwedge.ga.from_galgebra"))
def hodge_relations(ctx):
    r"""THEORY §1, the Hodge star of R^d (Euclidean): for k-vectors A, B,
    :math:`A\wedge\star B = \langle A, B\rangle I` and :math:`\star\star A = (-1)^{k(d-k)}A`,
    and :func:`~exactwedge.inverse_hodge` inverts ⋆.

    Symbolic for every grade k = 0..d in d = 2, 3, 4, on general k-vectors (one symbol per
    coefficient, not only blades); cross-checked with galgebra's geometric product, where
    :math:`\star A = (-1)^{k(k-1)/2} A I` (docs/conventions.md, row 5) and
    :math:`A\wedge\star B` computed by galgebra's own ``^``. Exact cases: random rational
    k-vectors in d = 2..5 (6 when thorough), every k, including zero and repeated ones.
    """
    hodge = ctx.hook("hodge", ew.hodge)
    wedge = ctx.hook("wedge", ew.wedge)
    to_galgebra, from_galgebra = _galgebra()
    for d in SYMBOLIC_DIMS:
        I = ew.pseudoscalar(d)
        gI = to_galgebra(I)
        for k in range(d + 1):
            A = _sym_kvector("a", d, k)
            B = _sym_kvector("b", d, k)
            hB = hodge(B)
            lhs = wedge(A, hB) if k not in (0, d) else _scaled_wedge(A, hB, d)
            e = _coeffs(lhs)[0] - A.inner(B)
            ctx.proved(_zero(e), d, f"A ∧ ⋆B = ⟨A,B⟩ I (k={k})", sympy.expand(e))
            hh = hodge(hodge(A))
            s = (-1) ** (k * (d - k))
            ok, rem = _all_zero(p - s * q for p, q in zip(_coeffs(hh), _coeffs(A)))
            ctx.proved(ok, d, f"⋆⋆ = (-1)^(k(d-k)) (k={k})", rem)
            ok, rem = _all_zero(p - q for p, q in zip(_coeffs(ew.inverse_hodge(hodge(A))), _coeffs(A)))
            ctx.proved(ok, d, f"⋆⁻¹⋆ = 1 (k={k})", rem)
            gA = to_galgebra(A)
            gstar = from_galgebra(gA * gI, grade=d - k)
            sg = (-1) ** (k * (k - 1) // 2)
            ok, rem = _all_zero(sg * p - q for p, q in zip(_coeffs(gstar), _coeffs(hodge(A))))
            ctx.proved(ok, d, f"galgebra: ⋆A = (-1)^(k(k-1)/2) A I (k={k})", rem)
            gw = from_galgebra(to_galgebra(A) ^ to_galgebra(hB), grade=d)
            e = _coeffs(gw)[0] - A.inner(B)
            ctx.proved(_zero(e), d, f"galgebra: A ^ ⋆B = ⟨A,B⟩ I (k={k})", sympy.expand(e))
    dims = list(range(2, 7 if ctx.thorough else 6))
    cases = []
    for i in range(ctx.n_cases):
        d = dims[i % len(dims)]
        k = int(ctx.rng.integers(0, d + 1))
        n = math.comb(d, k)
        a = [Q(0)] * n if i == 0 else [Q(int(ctx.rng.integers(-5, 6)), int(ctx.rng.integers(1, 4))) for _ in range(n)]
        b = list(a) if i == 1 else [Q(int(ctx.rng.integers(-5, 6)), int(ctx.rng.integers(1, 4))) for _ in range(n)]
        cases.append(ctx.case(f"{'zero' if i == 0 else 'equal' if i == 1 else 'random'} d={d} k={k}", d=d, k=k, A=a, B=b))
    for case in ctx.each(cases):
        d, k = case.data["d"], case.data["k"]
        A, B = Blade(d, k, case.data["A"]), Blade(d, k, case.data["B"])
        lhs = wedge(A, hodge(B)) if k not in (0, d) else _scaled_wedge(A, hodge(B), d)
        ctx.expect(lhs.coefficients[0] == A.inner(B), "A ∧ ⋆B ≠ ⟨A,B⟩ I", lhs=lhs.coefficients[0], inner=A.inner(B))
        s = (-1) ** (k * (d - k))
        ctx.expect(hodge(hodge(A)) == A * s, "⋆⋆A ≠ (-1)^(k(d-k)) A", hh=list(hodge(hodge(A)).coefficients))
        ctx.expect(ew.inverse_hodge(hodge(A)) == A, "⋆⁻¹⋆A ≠ A")


def _scaled_wedge(A: Blade, B: Blade, d: int) -> Blade:
    """A ∧ B when one factor is a scalar (grade 0) or the pseudoscalar's complement."""
    if A.grade == 0:
        return B * A.coefficients[0]
    if B.grade == 0:
        return A * B.coefficients[0]
    return ew.wedge(A, B)


# ---------------------------------------------------------------- Cauchy–Binet


@check("cauchy_binet", "THEORY §1 (Cauchy–Binet)", hooks=("wedge",), cases=16,
       uses=("exactwedge.ga.wedge", "exactwedge.ga.Blade", "exactwedge.ga.Blade.inner", "exactwedge.ga.Blade.norm2",
             "exactwedge.ga.to_galgebra"))
def cauchy_binet(ctx):
    r"""THEORY §1, the blade inner product is the Gram determinant (Cauchy–Binet):
    :math:`\langle v_1\wedge\dots\wedge v_k,\ u_1\wedge\dots\wedge u_k\rangle = \det(v_i\cdot u_j)`,
    so :math:`\lVert v_1\wedge\dots\wedge v_k\rVert^2 = \sum \text{minors}^2 = \det(V^\top V)`,
    and the coordinate of the wedge on :math:`e_{i_1}\wedge\dots\wedge e_{i_k}` is the minor on rows
    :math:`i_1..i_k`.

    Symbolic for k = 1..d in d = 2, 3, 4 (the right-hand side by an independent determinant,
    expanded in SymPy's polynomial ring); galgebra: the scalar part of :math:`A\tilde B`
    equals :math:`\det(v_i\cdot u_j)` (for (d, k) = (4, 4) only with ``--thorough``). Exact
    cases in d = 2..5 (6 when thorough), random and degenerate (dependent, repeated, zero).
    """
    wedge = ctx.hook("wedge", ew.wedge)
    to_galgebra, _ = _galgebra()
    for d in SYMBOLIC_DIMS:
        for k in range(1, d + 1):
            V = _sym_vectors("v", k, d)
            U = _sym_vectors("u", k, d)
            P = _Ring(V, U)
            A, B = wedge(*V), wedge(*U)
            Vr, Ur = [P.vec(v) for v in V], [P.vec(u) for u in U]
            G = P.gram(Vr, Ur)
            e = P(A.inner(B)) - G
            ctx.proved(not e, d, f"⟨∧V, ∧U⟩ = det(VᵀU) (k={k})", e.as_expr())
            e = P(A.norm2) - P.gram(Vr, Vr)
            ctx.proved(not e, d, f"‖∧V‖² = det(VᵀV) (k={k})", e.as_expr())
            bad = [P(c) - P.det([[Vr[j][i] for j in range(k)] for i in rows])
                   for rows, c in zip(itertools.combinations(range(d), k), A.coefficients)]
            bad = [b for b in bad if b]
            ctx.proved(not bad, d, f"wedge coordinates are the k×k minors (k={k})", bad[0].as_expr() if bad else None)
            if k < 4 or ctx.thorough:  # galgebra's own product; (d, k) = (4, 4) only when thorough (slow)
                sc = (to_galgebra(A) * to_galgebra(B).rev()).scalar()
                e = P(sc) - G
                ctx.proved(not e, d, f"galgebra: ⟨A B̃⟩₀ = det(VᵀU) (k={k})", e.as_expr())
    dims = list(range(2, 7 if ctx.thorough else 6))
    cases = []
    for i, kind in enumerate(_kinds(ctx.n_cases)):
        d = dims[i % len(dims)]
        k = int(ctx.rng.integers(1, d + 1))
        cases.append(ctx.case(f"{kind} d={d} k={k}", V=_rand_vectors(ctx.rng, k, d, kind),
                              U=_rand_vectors(ctx.rng, k, d, "random")))
    for case in ctx.each(cases):
        V, U = case.data["V"], case.data["U"]
        A, B = wedge(*V), wedge(*U)
        G = Q(str(sympy.Matrix([[sum((a * b for a, b in zip(v, u)), Q(0)) for u in U] for v in V]).det()))
        ctx.expect(A.inner(B) == G, "⟨∧V, ∧U⟩ ≠ det(VᵀU)", inner=A.inner(B), gram=G)
        GV = Q(str(sympy.Matrix([[sum((a * b for a, b in zip(v, w)), Q(0)) for w in V] for v in V]).det()))
        ctx.expect(A.norm2 == GV, "‖∧V‖² ≠ det(VᵀV)", norm2=A.norm2, gram=GV)


# ---------------------------------------------------------------- distances


def _ls_squared_distance(x: list[Q], V: list[list[Q]]) -> Q:
    """dist²(x, span V) by exact least squares on an independent subset (numbers.linalg.lstsq), not by Gram ratios."""
    d = len(x)
    basis: list[list[Q]] = []
    for v in V:
        if full_rank(basis + [v]) > len(basis):
            basis.append(v)
    if not basis:
        return sum((c * c for c in x), Q(0))
    k = len(basis)
    lam = lstsq([[basis[j][i] for j in range(k)] for i in range(d)], x)
    res = [x[i] - sum((basis[j][i] * lam[j] for j in range(k)), Q(0)) for i in range(d)]
    return sum((c * c for c in res), Q(0))


@check("app61_distance_formulas", "App. 6.1 (distances)",
       hooks=("squared_distance_to_span", "squared_distance_to_affine_hull"), cases=16,
       uses=("exactwedge.ga.squared_distance_to_span", "exactwedge.ga.squared_distance_to_affine_hull",
             "exactwedge.ga.distance_to_span", "exactwedge.ga.distance_to_affine_hull",
             "exactwedge.ga.cross"))
def app61_distance_formulas(ctx):
    r"""App. 6.1, distances: for d−1 vectors,
    :math:`\operatorname{dist}(x, \operatorname{span}V) = \lvert x\cdot\operatorname{cross}(V)\rvert/\lVert\operatorname{cross}(V)\rVert_2`;
    for any k, :math:`\operatorname{dist}^2(x, \operatorname{span}V) = \det\operatorname{Gram}(V\cup\{x\})/\det\operatorname{Gram}(V)`;
    to the affine hull of :math:`p_0..p_k`, the same with :math:`x - p_0` and :math:`p_i - p_0`.

    Symbolic in d = 2, 3, 4 (cross-multiplied, in SymPy's polynomial ring): the library's
    squared distance (its symbolic path) equals :math:`(x\cdot c)^2/\lVert c\rVert^2`, the identity
    :math:`\det\operatorname{Gram}(V\cup\{x\}) = (x\cdot\operatorname{cross}V)^2` holds, and for
    k < d−1 the library's value equals the projection form
    :math:`\lVert x\rVert^2 - (W^\top x)^\top (W^\top W)^{-1} (W^\top x)` (via the adjugate);
    the affine version for d general points, written :math:`p_0, p_0 + q_i` and :math:`x = p_0 + y`. Exact cases in d = 2..5 (6 when thorough),
    including dependent and repeated spanning vectors: the library's value equals an
    independent exact least-squares projection, and the surd distance squares back to it.
    """
    sq_span = ctx.hook("squared_distance_to_span", ew.squared_distance_to_span)
    sq_aff = ctx.hook("squared_distance_to_affine_hull", ew.squared_distance_to_affine_hull)
    for d in SYMBOLIC_DIMS:
        x = list(sympy.symbols(f"x1:{d + 1}", real=True))
        V = _sym_vectors("v", d - 1, d)
        W = _sym_vectors("w", d - 2, d)
        Pts = _sym_vectors("p", d, d)
        R = _Ring([x], V, W, Pts)
        xr, Vr = R.vec(x), [R.vec(v) for v in V]
        c = R.vec(ew.cross(*V))
        num, den = R.fraction(sq_span(x, V))
        e = num * R.dot(c, c) - den * R.dot(xr, c) ** 2
        ctx.proved(not e, d, "dist²(x, span V) = (x·cross V)²/‖cross V‖²", e.as_expr())
        e = R.gram(Vr + [xr], Vr + [xr]) - R.dot(xr, c) ** 2
        ctx.proved(not e, d, "det Gram(V ∪ x) = (x·cross V)²", e.as_expr())
        for k in range(1, d - 1):
            Wr = [R.vec(w) for w in W[:k]]
            G = R.gram(Wr, Wr)
            b = [R.dot(w, xr) for w in Wr]
            # (Wᵀx)ᵀ adj(WᵀW) (Wᵀx): the projection of x on span W, times det(WᵀW)
            Gm = [[R.dot(u, w) for w in Wr] for u in Wr]
            q = R.R.zero
            for i in range(k):
                for j in range(k):
                    minor = [[Gm[r][t] for t in range(k) if t != i] for r in range(k) if r != j]
                    q += (-1) ** (i + j) * R.det(minor) * b[i] * b[j]
            num, den = R.fraction(sq_span(x, W[:k]))
            e = num * G - den * (G * R.dot(xr, xr) - q)
            ctx.proved(not e, d, f"dist²(x, span W) = ‖x − proj_W x‖² (k={k})", e.as_expr())
        # general points written as p0 + q_i and x = p0 + y (a reparametrization, so still general)
        p0, Qd = Pts[0], Pts[1:]
        pts = [p0] + [[a + b for a, b in zip(p0, q)] for q in Qd]
        xa = [a + b for a, b in zip(p0, x)]
        cd = R.vec(ew.cross(*Qd))
        num, den = R.fraction(sq_aff(xa, pts))
        e = num * R.dot(cd, cd) - den * R.dot(xr, cd) ** 2
        ctx.proved(not e, d, "dist²(x, aff P) = ((x−p0)·cross(p_i−p0))²/‖cross‖²", e.as_expr())
    dims = list(range(2, 7 if ctx.thorough else 6))
    cases = []
    for i, kind in enumerate(_kinds(ctx.n_cases)):
        d = dims[i % len(dims)]
        k = int(ctx.rng.integers(1, d))
        cases.append(ctx.case(f"{kind} d={d} k={k}", x=matrix(ctx.rng, 1, d)[0], V=_rand_vectors(ctx.rng, k, d, kind),
                              affine=bool(i % 2)))
    for case in ctx.each(cases):
        x, V = case.data["x"], case.data["V"]
        if case.data["affine"]:
            p0 = V[0]
            lib = sq_aff(x, V)
            ref = _ls_squared_distance([a - b for a, b in zip(x, p0)], [[a - b for a, b in zip(p, p0)] for p in V[1:]])
        else:
            lib = sq_span(x, V)
            ref = _ls_squared_distance(x, V)
        ctx.expect(lib == ref, "the squared distance differs from the exact least-squares projection", library=lib,
                   least_squares=ref)
        if len(V) == len(x) - 1 and not case.data["affine"] and full_rank(V) == len(V):
            c = list(ew.cross(*V))
            f = sum((a * b for a, b in zip(x, c)), Q(0)) ** 2 / sum((a * a for a in c), Q(0))
            ctx.expect(lib == f, "dist² ≠ (x·cross V)²/‖cross V‖²", library=lib, cross_formula=f)
        root = ew.distance_to_affine_hull(x, V) if case.data["affine"] else ew.distance_to_span(x, V)
        ctx.expect(root ** 2 == sympy.Rational(ref.numerator, ref.denominator),
                   "the surd distance does not square to the squared distance", distance=root)


# ---------------------------------------------------------------- volumes and the triangle


def _cayley_menger_volume2(P: list[list[Q]]) -> Q:
    """Squared d-volume of the simplex P (d+1 points in R^d) from pairwise distances only (Cayley–Menger)."""
    d = len(P) - 1
    m = d + 2
    rows = [[Q(0)] + [Q(1)] * (d + 1)]
    for p in P:
        rows.append([Q(1)] + [sum(((a - b) ** 2 for a, b in zip(p, q)), Q(0)) for q in P])
    det = Q(str(sympy.Matrix(m, m, lambda i, j: sympy.Rational(rows[i][j].numerator, rows[i][j].denominator)).det()))
    return Q((-1) ** (d + 1)) * det / (2 ** d * math.factorial(d) ** 2)


@check("app61_volume_formulas", "App. 6.1 (volumes, triangle area)",
       hooks=("signed_volume", "simplex_volume", "triangle_area", "cross"), cases=16,
       uses=("exactwedge.ga.signed_volume", "exactwedge.ga.simplex_volume", "exactwedge.ga.triangle_area",
             "exactwedge.ga.cross", "exactwedge.ga.wedge", "exactwedge.ga.to_galgebra",
             "exactwedge.ga.from_galgebra"))
def app61_volume_formulas(ctx):
    r"""App. 6.1 and THEORY §1, volumes: :math:`x\cdot\operatorname{cross}(V)` is the signed d-volume
    :math:`\det[x, V]` of the parallelotope (x, V); the signed simplex volume of
    :math:`p_0..p_d` is :math:`\det[p_1-p_0,\dots,p_d-p_0]/d!`; the 2-D triangle area is
    :math:`\tfrac12(a\wedge b + b\wedge c + c\wedge a) = \tfrac12\det[b-a, c-a]`.

    Symbolic in d = 2, 3, 4 (SymPy's own determinant), with galgebra:
    :math:`(p_1-p_0)\wedge\dots\wedge(p_d-p_0) = d!\,\mathrm{vol}\,I`. Exact cases in
    d = 2..5 (6 when thorough), random and degenerate (flat simplices, repeated vertices):
    the squared simplex volume equals the Cayley–Menger determinant, which uses only the
    pairwise distances, and in 2-D the triangle area equals the shoelace sum.
    """
    signed_volume = ctx.hook("signed_volume", ew.signed_volume)
    simplex_volume = ctx.hook("simplex_volume", ew.simplex_volume)
    triangle_area = ctx.hook("triangle_area", ew.triangle_area)
    cross = ctx.hook("cross", ew.cross)
    to_galgebra, from_galgebra = _galgebra()
    for d in SYMBOLIC_DIMS:
        V = _sym_vectors("v", d, d)
        M = sympy.Matrix.hstack(*[sympy.Matrix(v) for v in V])
        e = signed_volume(*V) - M.det(method="berkowitz")
        ctx.proved(_zero(e), d, "signed_volume(v1..vd) = det[v1..vd]", sympy.expand(e))
        e = _dot(V[0], cross(*V[1:])) - signed_volume(*V)
        ctx.proved(_zero(e), d, "x·cross(V) = signed volume of (x, V)", sympy.expand(e))
        P = _sym_vectors("p", d + 1, d)
        diffs = [[a - b for a, b in zip(p, P[0])] for p in P[1:]]
        Md = sympy.Matrix.hstack(*[sympy.Matrix(v) for v in diffs])
        vol = simplex_volume(*P)
        e = vol - Md.det(method="berkowitz") / math.factorial(d)
        ctx.proved(_zero(e), d, "simplex volume = det[p_i − p_0]/d!", sympy.expand(e))
        W = to_galgebra(diffs[0])
        for v in diffs[1:]:
            W = W ^ to_galgebra(v)
        gv = from_galgebra(W, grade=d).coefficients[0]
        e = gv - math.factorial(d) * vol
        ctx.proved(_zero(e), d, "galgebra: ∧(p_i − p_0) = d!·vol·I", sympy.expand(e))
        if d == 2:
            a, b, c = P
            w = lambda p, q: ew.wedge(p, q).coefficients[0]  # noqa: E731
            area = triangle_area(a, b, c)
            e1 = area - (w(a, b) + w(b, c) + w(c, a)) / 2
            e2 = area - sympy.Matrix([[b[0] - a[0], c[0] - a[0]], [b[1] - a[1], c[1] - a[1]]]).det() / 2
            ctx.proved(_zero(e1) and _zero(e2), d, "triangle area = ½(a∧b + b∧c + c∧a) = ½det[b−a, c−a]",
                       sympy.expand(e1) if not _zero(e1) else sympy.expand(e2))
    dims = list(range(2, 7 if ctx.thorough else 6))
    cases = []
    for i in range(ctx.n_cases):
        d = dims[i % len(dims)]
        P = matrix(ctx.rng, d + 1, d)
        kind = "random"
        if i % 5 == 1:
            P[-1] = list(P[0])
            kind = "repeated vertex"
        elif i % 5 == 3:
            t = Q(int(ctx.rng.integers(-3, 4)), 2)
            P[-1] = [a + t * (b - a) for a, b in zip(P[0], P[1])]
            kind = "flat simplex"
        cases.append(ctx.case(f"{kind} d={d}", P=P))
    for case in ctx.each(cases):
        P = case.data["P"]
        d = len(P[0])
        vol = simplex_volume(*P)
        cm = _cayley_menger_volume2(P)
        ctx.expect(vol * vol == cm, "vol² ≠ the Cayley–Menger volume²", volume=vol, cayley_menger=cm)
        diffs = [[a - b for a, b in zip(p, P[0])] for p in P[1:]]
        ctx.expect(signed_volume(*diffs) == vol * math.factorial(d), "signed_volume(p_i − p_0) ≠ d!·vol",
                   signed=signed_volume(*diffs), volume=vol)
        if d == 2:
            (x1, y1), (x2, y2), (x3, y3) = P
            shoelace = (x1 * y2 - x2 * y1 + x2 * y3 - x3 * y2 + x3 * y1 - x1 * y3) / 2
            ctx.expect(triangle_area(*P) == shoelace, "triangle area ≠ the shoelace sum",
                       area=triangle_area(*P), shoelace=shoelace)
