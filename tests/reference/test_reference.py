"""Tests of exactwedge.reference: exact sign patterns and the arrangement program.

The pattern checks compare with brute force that shares no code with the
module: exact integer evaluation of ``1[X̃w >= 0]`` over sampled or gridded
directions, closed-form counts, and an LP that decides whether a pattern is
realizable. The program checks use a known optimum (THEORY Thm 1), an
independent 1-D Lasso, ``beta_max`` computed from the dual condition, and the
objective of the reconstructed network.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st

from exactwedge.exceptions import (
    DimensionError,
    InvalidInputError,
    NonExactInputError,
    TooLargeError,
)
from exactwedge.numbers import from_float
from exactwedge.arrangement import sign_patterns
from exactwedge.reference import ReferenceResult, arrangement_value
from tests._data import PAPER

cp = pytest.importorskip("cvxpy")

try:
    import scipy.optimize  # noqa: F401

    _HAVE_SCIPY = True
except ImportError:  # pragma: no cover
    _HAVE_SCIPY = False


# ------------------------------------------------------------ brute force


def _as_set(D: np.ndarray) -> set[tuple[bool, ...]]:
    return {tuple(bool(v) for v in row) for row in D}


def _augmented_ints(X, bias: bool) -> list[list[Fraction]]:
    return [[Fraction(c) for c in r] + ([Fraction(1)] if bias else []) for r in X]


def _brute_patterns(X, bias: bool, W) -> set[tuple[bool, ...]]:
    """Exact patterns ``1[X̃w >= 0]`` for each rational direction w.

    Rows and directions are scaled by positive common denominators (signs do
    not change) and multiplied as Python integers.
    """
    Xt = _augmented_ints(X, bias)
    Wq = [[Fraction(c) for c in w] for w in W]
    den_x = math.lcm(*(c.denominator for r in Xt for c in r))
    den_w = math.lcm(*(c.denominator for w in Wq for c in w))
    A = np.array([[int(c * den_x) for c in r] for r in Xt], dtype=object)
    B = np.array([[int(c * den_w) for c in w] for w in Wq], dtype=object)
    return {tuple(bool(v >= 0) for v in row) for row in (B @ A.T)}


def _drop_zero(P: set) -> set:
    return {p for p in P if any(p)}


def _realizable(X, bias: bool, pattern) -> bool:
    """LP: is there w with X̃w >= 0 on the pattern's ones and X̃w <= -1 on its zeros?"""
    from scipy.optimize import linprog

    Xt = np.array([[float(c) for c in r] for r in _augmented_ints(X, bias)])
    sgn = np.where(np.array(pattern), 1.0, -1.0)
    # -(s_i x_i·w) <= -[zero row]
    A = -sgn[:, None] * Xt
    b = -np.where(np.array(pattern), 0.0, 1.0)
    res = linprog(np.zeros(Xt.shape[1]), A_ub=A, b_ub=b, bounds=[(-1e4, 1e4)] * Xt.shape[1], method="highs")
    return res.status == 0


# ------------------------------------------------------------ sign patterns


def test_patterns_1d_no_bias_exact():
    X = [[3], [-1], [0], [2], [-5]]
    ours = _as_set(sign_patterns(X))
    brute = _drop_zero(_brute_patterns(X, False, [(-1,), (0,), (1,)]))
    assert ours == brute


@pytest.mark.parametrize("xs", [PAPER.X, [3, -1, 2], [5], ["1/2", "1/3", "-7/4", 0]])
def test_patterns_1d_bias_count_2n_minus_1(xs):
    # a > 0: the sets {x >= θ}, a < 0: {x <= θ}, a = 0: all or none; n distinct
    # points give n + 1 of each kind, sharing "all" and "none": 2n distinct,
    # 2n - 1 without the empty pattern.
    X = [[x] for x in xs]
    n = len(xs)
    ours = _as_set(sign_patterns(X, bias=True))
    assert len(ours) == 2 * n - 1
    vals = sorted(Fraction(x) if not isinstance(x, str) else Fraction(x) for x in xs)
    thetas = vals + [(a + b) / 2 for a, b in zip(vals, vals[1:])] + [vals[0] - 1, vals[-1] + 1]
    W = [(a, -a * th) for a in (1, -1) for th in thetas] + [(0, 1), (0, -1)]
    assert ours == _drop_zero(_brute_patterns(X, True, W))


def test_patterns_1d_bias_with_duplicates_is_superset():
    X = [[1], [1], [2], [3], [3], [3]]
    ours = _as_set(sign_patterns(X, bias=True))
    thetas = [Fraction(k, 2) for k in range(-2, 9)]
    W = [(a, -a * th) for a in (1, -1) for th in thetas] + [(0, 1)]
    brute = _drop_zero(_brute_patterns(X, True, W))
    assert len(brute) == 2 * 3 - 1  # three distinct values
    assert brute <= ours


def test_patterns_2d_no_bias_general_position_sectors():
    # n lines through the origin cut the plane into 2n open sectors.
    X = [[3, 1], [1, 2], [-2, 5], [4, -3], [-1, -4], [5, 2], [2, -7]]
    n = len(X)
    angles = sorted({math.atan2(b, a) % math.pi for a, b in X})
    assert len(angles) == n  # general position: no two points on one line through 0
    gaps = np.diff(angles + [angles[0] + math.pi])
    steps = 20000
    assert 2 * math.pi / steps < gaps.min() / 4  # the grid hits every sector
    sectors = set()
    Xf = np.array(X, dtype=float)
    for th in np.arange(steps) * 2 * math.pi / steps + 1e-7:
        z = Xf @ np.array([math.cos(th), math.sin(th)])
        assert np.abs(z).min() > 1e-12  # strictly inside a sector
        sectors.add(tuple(bool(v) for v in z > 0))
    assert len(sectors) == 2 * n
    ours = _as_set(sign_patterns(X))
    assert _drop_zero(sectors) <= ours
    # in general position nothing else appears but w = 0 (all ones)
    assert ours == _drop_zero(sectors) | {(True,) * n}


def test_patterns_realizable_random(rng):
    X = rng.integers(-9, 10, size=(7, 3)).tolist()
    for bias in (False, True):
        ours = _as_set(sign_patterns(X, bias=bias))
        W = rng.integers(-10**6, 10**6, size=(3000, 3 + bias)).tolist()
        brute = _drop_zero(_brute_patterns(X, bias, W))
        assert brute <= ours
        pytest.importorskip("scipy")
        assert all(_realizable(X, bias, p) for p in ours)


@st.composite
def _small_data(draw):
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 6))
    entry = st.one_of(st.integers(-3, 3), st.fractions(-3, 3, max_denominator=4))
    rows = draw(st.lists(st.lists(entry, min_size=d, max_size=d), min_size=n, max_size=n))
    return rows, draw(st.booleans())


@given(_small_data(), st.integers(0, 2**32 - 1))
def test_patterns_contain_sampled_patterns(data, seed):
    X, bias = data
    ours = sign_patterns(X, bias=bias)
    assert ours.dtype == bool and ours.shape[1] == len(X)
    assert len(_as_set(ours)) == ours.shape[0]  # deduplicated
    assert not (~ours.any(axis=1)).any()  # no all-zero pattern
    assert ours.tolist() == sorted(ours.tolist())  # deterministic order
    d = len(X[0]) + bias
    W = np.random.default_rng(seed).integers(-1000, 1001, size=(300, d)).tolist() + [[0] * d]
    assert _drop_zero(_brute_patterns(X, bias, W)) <= _as_set(ours)
    if _HAVE_SCIPY:
        assert all(_realizable(X, bias, p) for p in _as_set(ours))


def test_patterns_rank_zero_and_one():
    assert sign_patterns([[0, 0], [0, 0], [0, 0]]).tolist() == [[True, True, True]]
    assert sign_patterns([[0], [0]], bias=True).tolist() == [[True, True]]
    # rank 1 after restriction to the row space: all rows on one line
    ours = sign_patterns([[1, 2], [-2, -4], [0, 0], [3, 6]])
    assert ours.astype(int).tolist() == [[0, 1, 1, 0], [1, 0, 1, 1], [1, 1, 1, 1]]


def test_patterns_degenerate_points_are_exact():
    # ten points on the line y = x and one off it: the ray orthogonal to the
    # line lies on ten hyperplanes; blind branching over its zeros would give
    # 2^10 completions, but only "all on" and "all off" occur next to it
    X = [[k, k] for k in range(1, 11)] + [[1, 0]]
    ours = _as_set(sign_patterns(X))
    on, off = (True,) * 10, (False,) * 10
    assert ours == {on + (True,), on + (False,), off + (True,)}
    W = np.random.default_rng(1).integers(-1000, 1001, size=(500, 2)).tolist()
    assert _drop_zero(_brute_patterns(X, False, W)) <= ours


def test_patterns_exact_on_degenerate_data(rng):
    # points with repeats, multiples, a zero row and coplanar triples
    base = rng.integers(-2, 3, size=(5, 3))
    X = np.concatenate([base, 2 * base[:2], -base[2:3], np.zeros((1, 3), dtype=np.int64),
                        base[3:4] + base[4:5]]).tolist()
    pytest.importorskip("scipy")
    for bias in (False, True):
        ours = _as_set(sign_patterns(X, bias=bias))
        assert all(_realizable(X, bias, p) for p in ours)
        W = rng.integers(-10**6, 10**6, size=(3000, 3 + bias)).tolist()
        brute = _drop_zero(_brute_patterns(X, bias, W))
        assert brute <= ours


def test_patterns_cap():
    X = [[k, k * k + 1] for k in range(-15, 15)]
    # general position, all points in the upper half plane: 2n sectors, one
    # of them all-zero (dropped) and one all-ones
    assert sign_patterns(X).shape == (2 * 30 - 1, 30)
    with pytest.raises(TooLargeError, match="candidate patterns, more than max_patterns=50"):
        sign_patterns(X, max_patterns=50)


def test_patterns_refuse_bad_input():
    with pytest.raises(NonExactInputError):
        sign_patterns([[0.5, 1]])
    with pytest.raises(DimensionError):
        sign_patterns([[1, 2], [3]])
    with pytest.raises(DimensionError):
        sign_patterns([])


# ------------------------------------------------------------ the program


def _nn_objective(res: ReferenceResult, X, y, beta: float, p: int, act: str) -> float:
    Xf = np.array([[float(Fraction(c)) for c in r] for r in X])
    f = np.full(len(y), res.intercept)
    reg = 0.0
    for w, b, a in res.network:
        z = Xf @ w + b
        f += a * (np.maximum(z, 0) if act == "relu" else np.abs(z))
        reg += abs(a) * (np.abs(w).sum() if p == 1 else np.linalg.norm(w))
    return 0.5 * float(np.sum((f - np.array([float(Fraction(v)) for v in y])) ** 2)) + beta * reg


def test_known_value_thm1(paper):
    X, y = paper.X_column, paper.y
    for p in (1, 2):
        res = arrangement_value(X, y, Fraction(1, 10), bias=True, norm=p)
        assert res.status == "optimal" and res.solver == "CLARABEL"
        assert res.value == pytest.approx(float(paper.value), abs=1e-6)
        assert res.n_patterns == 2 * 6 - 1
        assert _nn_objective(res, X, y, 0.1, p, "relu") == pytest.approx(res.value, abs=1e-7)


def _lasso_1d(xs, ys, beta, act):
    """Thm 1 / §4 in 1-D with bias, built here: neurons σ(±(x − x_j)) and a free t."""
    x = np.array(xs, dtype=float)
    cols = []
    for xj in x:
        if act == "relu":
            cols += [np.maximum(x - xj, 0), np.maximum(xj - x, 0)]
        else:
            cols.append(np.abs(x - xj))
    K = np.array(cols).T
    z, t = cp.Variable(K.shape[1]), cp.Variable()
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(K @ z + t - np.array(ys, float)) + beta * cp.norm1(z)))
    prob.solve(solver="CLARABEL", tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10)
    return prob.value


@pytest.mark.parametrize("act", ["relu", "abs"])
def test_matches_independent_1d_lasso(rng, act):
    for _ in range(3):
        xs = rng.integers(-10, 11, size=7).tolist()
        ys = rng.integers(-5, 6, size=7).tolist()
        res = arrangement_value([[x] for x in xs], ys, Fraction(1, 4), bias=True, activation=act)
        assert res.value == pytest.approx(_lasso_1d(xs, ys, 0.25, act), abs=1e-6)
        assert _nn_objective(res, [[x] for x in xs], ys, 0.25, 1, act) == pytest.approx(res.value, abs=1e-6)


def test_network_reconstruction_2d_3d(rng):
    for d, bias in [(2, False), (2, True), (3, False)]:
        X = rng.integers(-5, 6, size=(7, d)).tolist()
        y = rng.integers(-3, 4, size=7).tolist()
        for p in (1, 2):
            for act in ("relu", "abs"):
                res = arrangement_value(X, y, "1/5", bias=bias, norm=p, activation=act)
                assert res.status == "optimal"
                assert 0 <= res.regularization <= res.value
                assert _nn_objective(res, X, y, 0.2, p, act) == pytest.approx(res.value, abs=1e-6)
                for w, b, a in res.network:
                    assert w.shape == (d,) and isinstance(b, float) and isinstance(a, float)


def test_beta_max_with_bias_1d():
    xs = [Fraction(v) for v in (0, 1, 3, 4, 8)]
    ys = [Fraction(v) for v in (1, 0, 2, 5, 3)]
    ybar = sum(ys) / len(ys)
    r = [v - ybar for v in ys]
    # dual condition: max over |w| = 1 and b of |r·(xw + b)_+|; with 1ᵀr = 0 the
    # maximum over b is at a breakpoint b = -w x_j
    beta_max = max(
        abs(sum(ri * max(s * (xi - xj), 0) for ri, xi in zip(r, xs))) for xj in xs for s in (1, -1)
    )
    null = float(sum(v * v for v in r) / 2)
    X = [[x] for x in xs]
    # at beta_max the zero network is optimal (but not the only optimum)
    assert arrangement_value(X, ys, beta_max, bias=True).value == pytest.approx(null, rel=1e-7)
    above = arrangement_value(X, ys, 2 * beta_max, bias=True)
    assert above.value == pytest.approx(null, rel=1e-7)
    assert above.regularization == pytest.approx(0, abs=1e-6)
    below = arrangement_value(X, ys, beta_max * Fraction(9, 10), bias=True)
    assert below.value < null - 1e-4


def test_beta_max_no_bias_1d():
    xs = [Fraction(v) for v in (-3, -1, 2, 5)]
    ys = [Fraction(v) for v in (1, -2, 3, 1)]
    beta_max = max(abs(sum(y * max(s * x, 0) for x, y in zip(xs, ys))) for s in (1, -1))
    null = float(sum(v * v for v in ys) / 2)
    X = [[x] for x in xs]
    assert arrangement_value(X, ys, beta_max).value == pytest.approx(null, rel=1e-7)
    assert arrangement_value(X, ys, beta_max * Fraction(9, 10)).value < null - 1e-4


@pytest.mark.parametrize("p", [1, 2])
def test_beta_max_no_bias_2d_grid(p):
    X = [[2, 1], [-1, 3], [1, -2], [-3, -1], [4, 2]]
    y = [1, 2, -1, 1, -2]
    Xf, yf = np.array(X, float), np.array(y, float)
    steps = 40000
    s = np.arange(steps) * 4.0 / steps  # arc length on the unit l1 sphere / angle / (pi/2)
    if p == 2:
        th = s * math.pi / 2
        W = np.stack([np.cos(th), np.sin(th)], axis=1)
        step = 2 * math.pi / steps
    else:
        c, sn = np.cos(s * math.pi / 2), np.sin(s * math.pi / 2)
        W = np.stack([c, sn], axis=1) / (np.abs(c) + np.abs(sn))[:, None]
        step = float(np.max(np.linalg.norm(np.diff(W, axis=0), axis=1)))
    g = np.abs(np.maximum(Xf @ W.T, 0).T @ yf)
    lip = float(np.sum(np.abs(yf) * np.linalg.norm(Xf, axis=1)))
    upper = from_float(float(g.max()) + lip * step, max_denominator=10**6) + Fraction(1, 10**5)
    null = float(np.sum(yf**2) / 2)
    assert arrangement_value(X, y, upper, norm=p).value == pytest.approx(null, rel=1e-6)
    lower = from_float(0.9 * float(g.max()), max_denominator=10**6)
    assert arrangement_value(X, y, lower, norm=p).value < null - 1e-4


def test_column_vector_labels_accepted(paper):
    X = paper.X_column
    res = arrangement_value(X, [[v] for v in paper.y], "1/10", bias=True)
    assert res.value == pytest.approx(float(paper.value), abs=1e-6)


def test_program_refuses_bad_input():
    X, y = [[1], [2], [3]], [1, 0, 1]
    for beta in (0, -1, "-1/2"):
        with pytest.raises(InvalidInputError, match="beta must be positive"):
            arrangement_value(X, y, beta)
    with pytest.raises(NonExactInputError):
        arrangement_value(X, y, 0.5)
    with pytest.raises(NonExactInputError):
        arrangement_value([[1.0], [2.0], [3.0]], y, 1)
    with pytest.raises(NonExactInputError):
        arrangement_value(np.array([[1.0], [2.0], [3.0]]), y, 1)
    with pytest.raises(DimensionError):
        arrangement_value([[1, 2], [3]], [1, 2], 1)
    with pytest.raises(DimensionError, match="3 entries"):
        arrangement_value(X, [1, 2], 1)
    with pytest.raises(InvalidInputError, match="2 columns"):
        arrangement_value(X, [[1, 0], [0, 1], [1, 1]], 1)
    with pytest.raises(InvalidInputError, match="norm"):
        arrangement_value(X, y, 1, norm=3)
    with pytest.raises(InvalidInputError, match="activation"):
        arrangement_value(X, y, 1, activation="tanh")
