"""The canonical optimum of a degenerate Lasso (exactwedge.lasso.canonical).

On a rank-deficient dictionary several z are optimal, and which vertex the
exact active-set method reaches depends on its start, a float guess whose
rounding changes with the BLAS kernel (the spiral's network changed between
machines before). The answer must be one point fixed by the exact problem:
the lexicographically smallest |z| in column order, checked here against an
independent reference (one exact LP per tied column, first column first) and
from many different starts.
"""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import given, settings

from exactwedge.datasets import spiral
from exactwedge.dictionary import dictionary
from exactwedge.exceptions import SolverError
from exactwedge.lasso.active_set import Face
from exactwedge.lasso.canonical import canonical_face
from exactwedge.lasso.float_guess import float_face_guess
from exactwedge.lasso.solve import _problem, as_columns, solve_lasso
from exactwedge.lp import solve_lp
from exactwedge.problem import rational_vector
from tests.lasso.test_lasso_exact import lasso_problems


def lexmin_reference(K, y, beta, intercept, z):
    """The lexicographically smallest optimal |z|, one exact LP per tied column (in column order).

    From the optimal ``z`` only the fitted values are taken (they are unique):
    the tied set E = {j : |K_jᵀr| = β} with its signs and P = {p ≥ 0 : Σ σ_j p_j K_j = Kz}.
    """
    n, m = len(K), len(K[0])
    cols = [[Q(K[i][j]) for i in range(n)] for j in range(m)]
    yc = [Q(v) for v in y]
    if intercept:
        cols = [[v - sum(c, Q(0)) / n for v in c] for c in cols]
        yc = [v - sum(yc, Q(0)) / n for v in yc]
    fit = [sum((cols[j][i] * z[j] for j in range(m)), Q(0)) for i in range(n)]
    r = [a - b for a, b in zip(yc, fit)]
    corr = [sum((c[i] * r[i] for i in range(n)), Q(0)) for c in cols]
    E = [j for j in range(m) if abs(corr[j]) == beta]
    sg = {j: 1 if corr[j] > 0 else -1 for j in E}
    A = [[sg[j] * cols[j][i] for j in E] for i in range(n)]
    b = list(fit)
    order = list(range(len(E)))
    for k in order:
        # independent rows only (P's equations are rank-deficient: n rows, rank ≤ |E|)
        _, rows = sympy.Matrix([[sympy.Rational(v.numerator, v.denominator) for v in row] for row in A]).T.rref()
        res = solve_lp([Q(int(i == k)) for i in range(len(E))], [A[i] for i in rows], [b[i] for i in rows])
        assert res.status == "optimal"
        A.append([Q(int(i == k)) for i in range(len(E))])
        b.append(res.value)
    out = [Q(0)] * m
    for row, k in enumerate(order):
        out[E[k]] = sg[E[k]] * b[n + row]
    return out


def _starts(qp, beta):
    """Many start faces: none, the float guess, and each column tied at the optimum alone."""
    Kf = qp.cols.float_matrix()
    yf = np.array([float(v) for v in qp.Y]) / qp.q
    out = [None, Face(float_face_guess(Kf, yf, float(beta)), [])]
    t, D = qp.correlations(qp.solve(beta))
    s = qp.cols.s
    tied = [j for j in range(qp.cols.m) if abs(t[j]) * beta.denominator == beta.numerator * s[j] * D]
    return out + [Face([(j, 1 if t[j] > 0 else -1)], []) for j in tied]


def _all_from(K, y, beta, intercept):
    cols = as_columns(K)
    qp, cols, yv = _problem(cols, rational_vector(y, cols.n), intercept)
    raw, canon = set(), set()
    for start in _starts(qp, beta):
        face = qp.solve(beta, start)
        raw.add(tuple(face.z(cols.m)))
        canon.add(tuple(canonical_face(qp, face, beta).z(cols.m)))
    return raw, canon


@pytest.mark.parametrize("case", ["1-d", "spiral"])
def test_every_start_gives_the_same_canonical_network(case):
    if case == "1-d":
        K, y = dictionary([0, 4, 5, 7, 10, 11], bias=True), [0, 0, 0, 2, 3, 3]
    else:
        X, y = spiral()
        K = dictionary(X, bias=True)
    beta = Q(1, 10)
    raw, canon = _all_from(K, y, beta, True)
    assert len(raw) >= 2, "the problem is degenerate: different starts reach different optimal vertices"
    assert len(canon) == 1
    (z,) = canon
    assert list(z) == lexmin_reference(K.exact_matrix(), y, beta, True, list(z))
    sol = solve_lasso(K, y, beta, intercept=True)
    assert sol.z == list(z) and sol.certificate.holds
    if case == "1-d":  # docs/06-lasso.md: −2/15 on (10 − x)₊, not on (x − 10)₊ (intercept 37/30)
        assert sol.support == [2, 3, 4, 6, 8] and sol.intercept == Q(19, 10)
    else:
        assert sol.support == [23, 26, 27, 65, 118, 119, 122, 138] and sol.intercept == Q(73, 1200)


@settings(deadline=None)
@given(lasso_problems())
def test_property_canonical_is_the_lexicographic_minimum(problem):
    K, y, beta, intercept = problem
    raw, canon = _all_from(K, y, beta, intercept)
    assert len(canon) == 1
    (z,) = canon
    assert list(z) == lexmin_reference(K, y, beta, intercept, list(z))
    assert solve_lasso(K, y, beta, intercept=intercept, warm_start=False).z == list(z)


def test_a_unique_optimum_comes_back_unchanged():
    cols = as_columns([[1, 0], [0, 1], [1, 1]])
    qp, _, _ = _problem(cols, [Q(2), Q(1), Q(0)], False)
    face = qp.solve(Q(1, 2))
    assert canonical_face(qp, face, Q(1, 2)) is face


def test_a_face_off_the_bound_is_refused():
    cols = as_columns([[1, 0], [0, 1], [1, 1]])
    qp, _, _ = _problem(cols, [Q(2), Q(1), Q(0)], False)
    with pytest.raises(SolverError, match="optimal face"):
        canonical_face(qp, Face([(1, 1)], [Q(1)]), Q(1, 2))


@pytest.mark.parametrize("guess", ["none", "face only", "reversed"])
def test_a_missing_or_wrong_float_basis_gives_the_same_canonical_optimum(monkeypatch, guess):
    # the float guess only proposes a basis: the exact check and pivots decide
    import exactwedge.lasso.canonical as canonical

    X, y = spiral()
    K = dictionary(X, bias=True)
    beta = Q(1, 10)
    want = solve_lasso(K, y, beta, intercept=True).z
    real = canonical._float_basis

    def fake(qp, face, sign, rank):
        if guess == "none":
            return None
        if guess == "face only":  # too small: not a basis of the tied columns' span
            return list(face.F)
        # a basis of the wrong end: the last independent tied columns (infeasible or not lex-minimal)
        got = real(qp, face, sign, rank)
        tied = sorted(sign, reverse=True)
        out = []
        for j in tied:
            if qp.cols.int_columns([k for k, _ in out] + [j]).rank() == len(out) + 1:
                out.append((j, sign[j]))
            if len(out) == rank:
                break
        assert got is not None and len(out) == rank
        return out

    monkeypatch.setattr(canonical, "_float_basis", fake)
    assert solve_lasso(K, y, beta, intercept=True).z == want


def test_the_float_basis_is_the_canonical_one_on_a_random_problem():
    # the float simplex lands on the exact lexicographic minimum (no exact pivot needed)
    import exactwedge.lasso.canonical as canonical

    rng = np.random.default_rng(3)
    X = rng.integers(-20, 21, size=(12, 3)).tolist()
    y = rng.integers(-5, 6, size=12).tolist()
    K = dictionary(X)
    qp, cols, _ = _problem(as_columns(K), rational_vector(y, 12), False)
    beta = Q(1, 2)
    face = qp.solve(beta)
    assert len(canonical._tied(qp, face, beta)) > len(face.F)  # degenerate: many optimal vertices
    canon = canonical_face(qp, face, beta)
    assert canon.pivots == face.pivots
    assert canon.z(cols.m) == lexmin_reference(K.exact_matrix(), y, beta, False, canon.z(cols.m))


def test_an_underestimated_rank_falls_back_to_the_exact_one(monkeypatch):
    # the rank modulo a prime only sizes the basis: a basis that does not span every tied column is
    # caught exactly (_coefficients checks A_B α = A_j), and the exact rank takes over
    import exactwedge.lasso.canonical as canonical

    X, y = spiral()
    K = dictionary(X, bias=True)
    beta = Q(1, 10)
    want = solve_lasso(K, y, beta, intercept=True).z
    real, calls = canonical._rank_lower_bound, []

    def low(A):
        calls.append(real(A))
        return calls[-1] - 1

    inner, ranks, guess = canonical._lexicographic_minimum, [], canonical._float_basis

    def short_guess(qp, face, sign, rank):  # a float basis one column short of spanning the tied columns
        full = guess(qp, face, sign, rank + 1)
        drop = max(k for k, _ in full if k not in {j for j, _ in face.F})
        return [c for c in full if c[0] != drop]

    def recorded(qp, face, sign, rank, max_iter):
        ranks.append(rank)
        return inner(qp, face, sign, rank, max_iter)

    monkeypatch.setattr(canonical, "_rank_lower_bound", low)
    monkeypatch.setattr(canonical, "_lexicographic_minimum", recorded)
    monkeypatch.setattr(canonical, "_float_basis", lambda qp, face, sign, rank: short_guess(qp, face, sign, rank)
                        if rank < calls[0] else guess(qp, face, sign, rank))
    assert solve_lasso(K, y, beta, intercept=True).z == want
    assert ranks == [calls[0] - 1, calls[0]], "the low rank was caught, and the exact rank finished"


def test_a_column_outside_the_basis_span_is_caught():
    import exactwedge.lasso.canonical as canonical

    cols = as_columns([[1, 0, 1], [0, 1, 1], [0, 0, 1]])
    qp, _, _ = _problem(cols, [Q(1), Q(1), Q(1)], False)
    assert canonical._coefficients(qp, [(0, 1), (1, 1)], [0]) is not None
    with pytest.raises(canonical._BasisDoesNotSpan):
        canonical._coefficients(qp, [(0, 1), (1, 1)], [2])


def test_the_rank_modulo_a_prime_is_a_lower_bound():
    import flint

    import exactwedge.lasso.canonical as canonical

    p = canonical._PRIME
    A = flint.fmpz_mat([[p, 0], [0, 1]])  # rank 2 over the rationals, 1 modulo p
    assert canonical._rank_lower_bound(A) == 1 and A.rank() == 2
    B = flint.fmpz_mat([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    assert canonical._rank_lower_bound(B) == B.rank() == 2
