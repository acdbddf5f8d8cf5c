"""Tests of the exact Lasso (exactwedge.lasso): values, certificates, the path.

The independent optimum is the arrangement program of
:mod:`exactwedge.reference` (Clarabel over enumerated activation
patterns; it shares no dictionary code), plus plain cvxpy Lassos on the same
float matrices. The exact values must match them to solver precision, and
every exact answer must carry an exact KKT certificate that a corrupted
answer fails.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactwedge.dictionary import dictionary
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.lasso.certificate import certify
from exactwedge.lasso.columns import ExactColumns
from exactwedge.lasso.solve import as_columns, lasso_path, solve_lasso
from exactwedge.problem import check_beta
from exactwedge.training import fit

cp = pytest.importorskip("cvxpy")
from exactwedge.reference import arrangement_value  # noqa: E402

_CLARABEL = {"tol_gap_abs": 1e-10, "tol_gap_rel": 1e-10, "tol_feas": 1e-10}


# ------------------------------------------------------------------ helpers


def cvx_lasso(K, y, beta, *, intercept: bool) -> float:
    """min ½‖Kz + t1 − y‖² + β‖z‖₁ in float64 with cvxpy/Clarabel."""
    K = np.asarray(K, dtype=float)
    yf = np.array([float(v) for v in y])
    assert K.shape[1] > 0
    t = cp.Variable() if intercept else 0.0
    z = cp.Variable(K.shape[1])
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(K @ z + t - yf) + float(beta) * cp.norm1(z)))
    prob.solve(solver="CLARABEL", **_CLARABEL)
    return float(prob.value)


def fitted(K_rows_or_dict, z, t) -> list[Q]:
    """K z + t exactly, from the exact columns."""
    cols = as_columns(K_rows_or_dict)
    out = [t or Q(0)] * cols.n
    for j, v in enumerate(z):
        if v:
            c = cols.column(j)
            out = [o + v * cj for o, cj in zip(out, c)]
    return out


def objective(K, y, beta, z, t) -> Q:
    f = fitted(K, z, t)
    return sum(((a - Q(b)) ** 2 for a, b in zip(f, y)), Q(0)) / 2 + Q(beta) * sum((abs(v) for v in z), Q(0))


def _rand(seed: int, n: int, d: int) -> tuple[list[list[Q]], list[Q]]:
    rng = np.random.default_rng(seed)
    X = [[Q(int(v), int(rng.integers(1, 3))) for v in rng.integers(-5, 6, size=d)] for _ in range(n)]
    y = [Q(int(v), int(rng.integers(1, 3))) for v in rng.integers(-3, 4, size=n)]
    return X, y


def _degenerate(d: int) -> tuple[list[list[Q]], list[Q]]:
    if d == 1:
        X = [[Q(0)], [Q(2)], [Q(2)], [Q(-1)], [Q(5, 2)], [Q(4)]]
        y = [Q(1), Q(-1), Q(2), Q(0), Q(3), Q(-2)]
    elif d == 2:
        X = [[Q(1), Q(1)], [Q(2), Q(2)], [Q(-1), Q(-1)], [Q(0), Q(0)], [Q(1), Q(1)], [Q(3), Q(-1)], [Q(0), Q(2)]]
        y = [Q(1), Q(2), Q(-1), Q(0), Q(-1), Q(3), Q(1, 2)]
    else:
        X = [[Q(1), Q(0), Q(0)], [Q(0), Q(1), Q(0)], [Q(1), Q(1), Q(0)], [Q(2), Q(2), Q(0)],
             [Q(0), Q(0), Q(0)], [Q(1), Q(0), Q(0)], [Q(1), Q(2), Q(3)]]
        y = [Q(1), Q(-1), Q(2), Q(0), Q(1), Q(-2), Q(3, 2)]
    return X, y


def _close(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(b))


# ------------------------------------------------------------------ (1) the published check


def test_published_value_via_fit(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True)
    assert res.value == paper.value
    assert res.exact and res.certificate.holds
    assert res.p_nn == paper.value


def test_published_value_via_solve_lasso(paper):
    D = dictionary(paper.X, bias=True)
    sol = solve_lasso(D, paper.y, Q(1, 10), intercept=True)
    assert sol.value == paper.value
    assert isinstance(sol.value, Q) and isinstance(sol.intercept, Q)
    assert sol.certificate.holds
    # recompute the objective from z and t alone
    assert objective(D, paper.y, Q(1, 10), sol.z, sol.intercept) == paper.value
    # and the independent arrangement program agrees
    ref = arrangement_value(paper.X_column, paper.y, "1/10", bias=True)
    assert _close(float(sol.value), ref.value, 1e-8)


# ------------------------------------------------------------------ (2) against the reference


REF_CASES = [(d, bias, kind) for d in (1, 2, 3) for bias in (False, True) for kind in ("random", "degenerate")]


@pytest.mark.parametrize("d,bias,kind", REF_CASES, ids=lambda v: str(v))
def test_l1_lasso_equals_arrangement_program(d, bias, kind):
    if kind == "random":
        X, y = _rand(10 * d + bias, {1: 8, 2: 7, 3: 6}[d], d)
    else:
        X, y = _degenerate(d)
    beta = Q(1, 3)
    D = dictionary(X, bias=bias)
    sol = solve_lasso(D, y, beta, intercept=bias)
    assert sol.certificate.holds
    assert objective(D, y, beta, sol.z, sol.intercept) == sol.value
    ref = arrangement_value(X, y, beta, bias=bias, norm=1)
    assert _close(float(sol.value), ref.value), (float(sol.value), ref.value)
    # the same dictionary solved by a float Lasso agrees too
    assert _close(float(sol.value), cvx_lasso(D.to_float(), y, beta, intercept=bias))


@pytest.mark.parametrize("d,bias", [(1, True), (2, False), (2, True), (3, False), (3, True)])
def test_abs_activation_lasso_equals_arrangement_program(d, bias):
    X, y = _rand(40 + 10 * d + bias, {1: 7, 2: 6, 3: 6}[d], d)
    beta = Q(1, 4)
    D = dictionary(X, bias=bias, activation="abs")
    sol = solve_lasso(D, y, beta, intercept=bias)
    assert sol.certificate.holds
    ref = arrangement_value(X, y, beta, bias=bias, norm=1, activation="abs")
    assert _close(float(sol.value), ref.value), (float(sol.value), ref.value)


@pytest.mark.parametrize("d,bias,kind", REF_CASES, ids=lambda v: str(v))
def test_l2_lasso_is_an_upper_bound(d, bias, kind):
    """Weight decay: P_NN ≤ P_Lasso(ℓ2) (Thm 4, 5, 7)."""
    if kind == "random":
        X, y = _rand(20 * d + bias, {1: 8, 2: 7, 3: 6}[d], d)
    else:
        X, y = _degenerate(d)
    beta = Q(1, 3)
    D = dictionary(X, bias=bias, norm=2)
    p_lasso = cvx_lasso(D.to_float(), y, beta, intercept=bias)
    ref = arrangement_value(X, y, beta, bias=bias, norm=2)
    assert p_lasso >= ref.value - 1e-7


def test_l2_dictionary_refused_by_exact_solver():
    D = dictionary([[1, 2], [3, 1], [0, 1]], norm=2)
    with pytest.raises(InvalidInputError, match="ℓ1"):
        solve_lasso(D, [1, 2, 3], 1)


# ------------------------------------------------------------------ (3) certificate


def _solved(seed=3, d=2, bias=True):
    X, y = _rand(seed, 7, d)
    D = dictionary(X, bias=bias)
    sol = solve_lasso(D, y, Q(1, 5), intercept=bias)
    return D, y, sol


def test_certificate_is_exact_and_holds():
    D, y, sol = _solved()
    c = sol.certificate
    assert c.holds and c.support_ok and c.bound_ok and c.intercept_ok is True
    assert c.residual_sum == 0
    assert isinstance(c.max_abs_correlation, Q) and c.max_abs_correlation <= sol.beta
    assert c.support == sol.support and c.support
    assert c.max_abs_correlation == sol.beta  # attained on the support
    # recompute K_jᵀ r independently in Fractions
    r = [Q(yv) - f for yv, f in zip(y, fitted(D, sol.z, sol.intercept))]
    assert sum(r) == 0
    cols = as_columns(D)
    for j in range(cols.m):
        g = sum((a * b for a, b in zip(cols.column(j), r)), Q(0))
        assert abs(g) <= sol.beta
        if sol.z[j] > 0:
            assert g == sol.beta
        elif sol.z[j] < 0:
            assert g == -sol.beta
    js = c.to_json()
    assert js["holds"] is True and js["exact"] is True and js["beta"] == str(sol.beta)


def test_certificate_rejects_corrupted_solutions():
    D, y, sol = _solved()
    cols = as_columns(D)
    yq = [Q(v) for v in y]
    assert certify(cols, yq, sol.beta, sol.z, sol.intercept).holds
    # perturb each support entry, and one zero entry, by 1/1000
    zero = next(j for j, v in enumerate(sol.z) if v == 0)
    for j in sol.support + [zero]:
        for eps in (Q(1, 1000), -Q(1, 1000)):
            z = list(sol.z)
            z[j] += eps
            c = certify(cols, yq, sol.beta, z, sol.intercept)
            assert not c.holds, (j, eps)
            assert c.violations
    # change the intercept
    c = certify(cols, yq, sol.beta, sol.z, sol.intercept + Q(1, 1000))
    assert not c.holds and c.intercept_ok is False and c.residual_sum != 0
    # the wrong β
    assert not certify(cols, yq, sol.beta * 2, sol.z, sol.intercept).holds
    # z = 0 is not optimal below β_max
    assert not certify(cols, yq, sol.beta, [Q(0)] * cols.m, sum(yq) / len(yq)).holds


def test_certificate_without_intercept():
    K = [[1, 0], [0, 1]]
    cols = ExactColumns.from_rational(K)
    c = certify(cols, [Q(3), Q(-1, 2)], Q(1), [Q(2), Q(0)], None)
    assert c.holds and c.intercept_ok is None and c.residual_sum is None
    c = certify(cols, [Q(3), Q(-1, 2)], Q(1), [Q(2), Q(1, 1000)], None)
    assert not c.holds and not c.support_ok
    c = certify(cols, [Q(3), Q(-3, 2)], Q(1), [Q(2), Q(0)], None)
    assert not c.holds and not c.bound_ok and c.violations == [1]


# ------------------------------------------------------------------ (4) rank-deficient 1-D


def test_rank_deficient_one_d_against_reference_and_lars(record_property):
    """(x − x_j)_+ − (x_j − x)_+ = x − x_j: dependent columns, where float LARS can fail."""
    X = [5, 7, 9, 10, 12, 15, 19]
    y = [2, 3, -1, 1, 3, 1, 2]
    beta = Q(1, 10)
    D = dictionary(X, bias=True)
    # the dictionary really is rank-deficient: some ± pair differs by a linear function
    pairs = {}
    for j in range(len(D)):
        nr = D.neuron(j)
        pairs.setdefault(nr.anchor, {})[nr.w[0]] = D.column(j)
    linear = [a for a, p in pairs.items() if len(p) == 2]
    assert len(linear) >= 2
    for a in linear:
        assert [u - v for u, v in zip(pairs[a][Q(1)], pairs[a][Q(-1)])] == [Q(x - X[a]) for x in X]
    assert np.linalg.matrix_rank(D.to_float()) < len(D)

    sol = solve_lasso(D, y, beta, intercept=True)
    assert sol.certificate.holds
    ref = arrangement_value([[x] for x in X], y, beta, bias=True)
    assert _close(float(sol.value), ref.value)

    # scikit-learn's LARS-Lasso on the same float dictionary (recorded, not asserted)
    sklearn = pytest.importorskip("sklearn.linear_model")
    K = D.to_float()
    yf = np.array(y, dtype=float)
    Kc, yc = K - K.mean(axis=0), yf - yf.mean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _alphas, _active, coefs = sklearn.lars_path(Kc, yc, method="lasso", alpha_min=float(beta) / len(y))
    z = coefs[:, -1]
    t = yf.mean() - K.mean(axis=0) @ z
    sk_value = 0.5 * float(np.sum((K @ z + t - yf) ** 2)) + float(beta) * float(np.abs(z).sum())
    record_property("sklearn_lars_gap", sk_value - float(sol.value))
    assert sk_value >= float(sol.value) - 1e-9  # nobody beats the certified optimum


# ------------------------------------------------------------------ (5) the exact path


def _check_path(K, y, beta_min, intercept):
    path = lasso_path(K, y, beta_min, intercept=intercept)
    betas = path.betas
    assert betas[0] == path.beta_max and betas[-1] == Q(beta_min)
    assert all(a > b for a, b in zip(betas, betas[1:])), "knots strictly decreasing"
    # at β_max the solution is z = 0
    assert all(v == 0 for v in path.knots[0].z)
    # β_max is the smallest β with z = 0 optimal: max |K̄_jᵀ ȳ|
    cols = as_columns(K).centered() if intercept else as_columns(K)
    yq = [Q(v) for v in y]
    yc = [v - sum(yq) / len(yq) for v in yq] if intercept else yq
    bmax = max(abs(sum((a * b for a, b in zip(cols.column(j), yc)), Q(0))) for j in range(cols.m))
    assert path.beta_max == bmax
    for k in path.knots:
        assert k.certificate.holds, k.beta
        assert objective(K, y, k.beta, k.z, k.intercept) == k.value
    vals = [k.value for k in path.knots]
    assert all(a >= b for a, b in zip(vals, vals[1:])), "the value decreases with β"
    final = solve_lasso(K, y, beta_min, intercept=intercept)
    assert path.knots[-1].value == final.value
    assert fitted(K, path.knots[-1].z, path.knots[-1].intercept) == fitted(K, final.z, final.intercept)
    # fitted values are affine in β between knots: check midpoints
    for a, b in zip(path.knots, path.knots[1:]):
        mid = (a.beta + b.beta) / 2
        sm = solve_lasso(K, y, mid, intercept=intercept)
        fa, fb = fitted(K, a.z, a.intercept), fitted(K, b.z, b.intercept)
        assert fitted(K, sm.z, sm.intercept) == [(u + v) / 2 for u, v in zip(fa, fb)], (a.beta, b.beta)
    js = path.to_json()
    assert [e["beta"] for e in js] == [str(b) for b in betas]
    return path


def test_path_published_example(paper):
    D = dictionary(paper.X, bias=True)
    path = _check_path(D, paper.y, Q(1, 10), True)
    assert path.knots[-1].value == paper.value
    assert len(path.knots) >= 3


@pytest.mark.parametrize("d,bias", [(1, True), (2, False), (2, True), (3, False)])
def test_path_random(d, bias):
    X, y = _rand(70 + 10 * d + bias, 6, d)
    D = dictionary(X, bias=bias)
    _check_path(D, y, Q(1, 20), bias)


def test_path_rank_deficient_one_d():
    D = dictionary([5, 7, 9, 10, 12, 15, 19], bias=True)
    _check_path(D, [2, 3, -1, 1, 3, 1, 2], Q(1, 10), True)


def test_path_above_beta_max_is_zero(paper):
    D = dictionary(paper.X, bias=True)
    big = Q(1000)
    path = lasso_path(D, paper.y, big, intercept=True)
    assert path.betas[-1] == big and all(v == 0 for v in path.knots[-1].z)
    sol = solve_lasso(D, paper.y, big, intercept=True)
    assert sol.support == [] and sol.certificate.holds
    mean = sum(Q(v) for v in paper.y) / len(paper.y)
    assert sol.intercept == mean
    assert sol.value == sum((Q(v) - mean) ** 2 for v in paper.y) / 2


def test_fit_path_method(paper):
    res = fit(paper.X, paper.y, "1/10", bias=True)
    p = res.path()
    assert p.knots[-1].value == res.value and p.betas[-1] == Q(1, 10)


# ------------------------------------------------------------------ (6) warm start


@pytest.mark.parametrize("seed,d,bias", [(1, 1, True), (2, 2, False), (3, 2, True), (4, 3, True)])
def test_warm_start_does_not_change_the_answer(seed, d, bias):
    X, y = _rand(seed, 7, d)
    D = dictionary(X, bias=bias)
    for beta in (Q(1, 10), Q(1, 2), Q(2)):
        a = solve_lasso(D, y, beta, intercept=bias, warm_start=True)
        b = solve_lasso(D, y, beta, intercept=bias, warm_start=False)
        assert a.value == b.value
        assert a.certificate.holds and b.certificate.holds
        # fitted values and ‖z‖₁ are unique (Tibshirani 2013) even when z is not
        assert fitted(D, a.z, a.intercept) == fitted(D, b.z, b.intercept)
        assert a.l1 == b.l1
        assert "warm start" not in b.method


# ------------------------------------------------------------------ plain matrices, errors


def test_solve_lasso_on_a_rational_matrix():
    K = [[1, 0], [0, 1], [1, 1]]
    sol = solve_lasso(K, [2, 1, 0], Q(1, 2))
    # r = (5/4, 1, −3/4): K₁ᵀr = 1/2 = β, K₂ᵀr = 1/4 (by hand)
    assert sol.z == [Q(3, 4), Q(0)] and sol.value == Q(31, 16) and sol.intercept is None
    assert sol.certificate.holds


def test_solve_lasso_errors():
    K = [[1, 0], [0, 1], [1, 1]]
    with pytest.raises(InvalidInputError):
        solve_lasso(K, [1, 2, 3], 0)
    with pytest.raises(InvalidInputError):
        solve_lasso(K, [1, 2, 3], "-1/2")
    with pytest.raises(InvalidInputError):
        solve_lasso(K, [1, 2, 3], "abc")
    with pytest.raises(NonExactInputError):
        solve_lasso(K, [1, 2, 3], 0.1)
    with pytest.raises(NonExactInputError):
        solve_lasso(K, [1.5, 2, 3], 1)
    with pytest.raises(DimensionError):
        solve_lasso(K, [1, 2], 1)
    assert check_beta("0.1") == Q(1, 10)


# ------------------------------------------------------------------ (7) property test


@st.composite
def lasso_problems(draw):
    n = draw(st.integers(3, 6))
    k = draw(st.integers(1, 5))
    entry = st.fractions(min_value=-3, max_value=3, max_denominator=4)
    base = [[draw(entry) for _ in range(n)] for _ in range(k)]
    cols = list(base)
    extra = draw(st.integers(1, 8 - k)) if k < 8 else 0
    for _ in range(extra):
        src = cols[draw(st.integers(0, len(cols) - 1))]
        op = draw(st.sampled_from(["dup", "neg", "scale", "relu"]))
        if op == "dup":
            cols.append(list(src))
        elif op == "neg":
            cols.append([-v for v in src])
        elif op == "scale":
            cols.append([v * Q(draw(st.integers(2, 3))) for v in src])
        else:  # a ReLU pair: (c)_+ and (−c)_+ differ by c (dependent)
            cols.append([max(v, Q(0)) for v in src])
            cols.append([max(-v, Q(0)) for v in src])
    cols = cols[:8]
    y = [draw(st.fractions(min_value=-4, max_value=4, max_denominator=3)) for _ in range(n)]
    beta = draw(st.sampled_from([Q(1, 10), Q(1, 3), Q(1), Q(5, 2)]))
    intercept = draw(st.booleans())
    K = [[c[i] for c in cols] for i in range(n)]
    return K, y, beta, intercept


@settings(deadline=None)
@given(lasso_problems())
def test_property_random_lasso(problem):
    K, y, beta, intercept = problem
    sol = solve_lasso(K, y, beta, intercept=intercept)
    assert sol.certificate.holds
    assert objective(K, y, beta, sol.z, sol.intercept) == sol.value
    # a basic solution: active columns linearly independent, at most min(n, m) nonzeros
    assert len(sol.support) <= min(len(K), len(K[0]))
    if sol.support:
        A = np.array([[float(K[i][j]) for j in sol.support] for i in range(len(K))])
        assert np.linalg.matrix_rank(A) == len(sol.support)
    ref = cvx_lasso(np.array([[float(v) for v in r] for r in K]), y, beta, intercept=intercept)
    assert abs(float(sol.value) - ref) <= 1e-7 * max(1.0, abs(ref)), (float(sol.value), ref)
    cold = solve_lasso(K, y, beta, intercept=intercept, warm_start=False)
    assert cold.value == sol.value


@settings(deadline=None)
@given(lasso_problems())
def test_property_random_path(problem):
    """The exact path on matrices with duplicated, negated and ReLU-pair columns (ties, dependence)."""
    K, y, beta, intercept = problem
    path = lasso_path(K, y, beta, intercept=intercept)
    betas = path.betas
    assert betas[-1] == beta or (path.beta_max <= beta and all(v == 0 for v in path.knots[-1].z))
    assert all(a > b for a, b in zip(betas, betas[1:]))
    for k in path.knots:
        assert k.certificate.holds
    vals = [k.value for k in path.knots]
    assert all(a >= b for a, b in zip(vals, vals[1:]))
    assert path.knots[-1].value == solve_lasso(K, y, beta, intercept=intercept).value


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("d,bias", [(1, True), (2, False), (2, True), (3, False), (3, True)])
def test_slow_l1_lasso_equals_arrangement_program_more_data(seed, d, bias):
    X, y = _rand(1000 + 37 * seed + 5 * d + bias, {1: 16, 2: 13, 3: 10}[d], d)
    beta = [Q(1, 20), Q(1, 5), Q(1)][seed % 3]
    D = dictionary(X, bias=bias)
    sol = solve_lasso(D, y, beta, intercept=bias)
    assert sol.certificate.holds
    ref = arrangement_value(X, y, beta, bias=bias, norm=1)
    assert _close(float(sol.value), ref.value), (float(sol.value), ref.value)
    cold = solve_lasso(D, y, beta, intercept=bias, warm_start=False)
    assert cold.value == sol.value


@pytest.mark.slow
@pytest.mark.parametrize("d,bias", [(2, True), (3, False)])
def test_slow_path_on_more_data(d, bias):
    X, y = _rand(2000 + d + bias, 12, d)
    D = dictionary(X, bias=bias)
    _check_path(D, y, Q(1, 50), bias)


def test_warm_start_face_with_a_zero_magnitude_column():
    """Regression (found by hypothesis): a warm-start column whose face optimum is exactly 0
    made the active-set step compute 0/0."""
    K = [[0, 0, 0, 0, 0], [0, -1, 0, 0, 1], [0, Q(1, 2), 0, Q(1, 2), 0]]
    y = [0, 0, 1]
    for warm in (True, False):
        sol = solve_lasso(K, y, Q(1, 10), warm_start=warm)
        assert sol.certificate.holds
        assert sol.value == Q(9, 50)
    path = lasso_path(K, y, Q(1, 10))
    assert path.knots[-1].value == Q(9, 50) and all(k.certificate.holds for k in path.knots)
