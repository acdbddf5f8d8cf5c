"""Tests of exactwedge.lasso.float_guess: the float face guess that warm-starts the exact active set.

The guess only guides: the exact solver checks it and finishes in rationals. What is
tested here is that it stays a good guide (the exact optimal face on nondegenerate
problems, a face the exact solver accepts on degenerate ones) and that it never
breaks (no NaN, no warning, no error) on rank-deficient, ill-conditioned or
badly scaled dictionaries.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as Q

import numpy as np
import pytest

import exactwedge.lasso.float_guess as fg
from exactwedge.dictionary import dictionary
from exactwedge.lasso.active_set import Face
from exactwedge.lasso.float_guess import float_face_guess, warm_face
from exactwedge.lasso.solve import _problem, as_columns, solve_lasso
from exactwedge.problem import rational_vector


def _qp(K, y, intercept=False):
    cols = as_columns(K)
    qp, _, _ = _problem(cols, rational_vector(y, cols.n), intercept)
    return qp


def _exact_after_guess(K, y, beta, intercept=False):
    """(guess, exact face reached from it, exact optimal face from a cold start)."""
    qp = _qp(K, y, intercept)
    guess = warm_face(qp.cols.A, qp.cols.s, qp.Y, qp.q, beta)
    warm = qp.solve(beta, None if guess is None else Face(guess, []))
    return guess, warm, qp.solve(beta, None)


def _float(K, y, intercept=False):
    qp = _qp(K, y, intercept)
    return qp.cols.float_matrix(), np.array([float(v) for v in qp.Y]) / qp.q


def _beta_max(Kf, yf):
    return Q(float(np.abs(Kf.T @ yf).max())).limit_denominator(1000)


def _independent(Kf, face):
    idx = [j for j, _ in face]
    return not idx or np.linalg.matrix_rank(Kf[:, idx]) == len(idx)


def _random_problem(seed, div, n=12, m=30):
    """Integer K (n × m) and y, their float images, and β = β_max/div."""
    rng = np.random.default_rng(seed)
    K = rng.integers(-20, 21, size=(n, m)).tolist()
    y = rng.integers(-9, 10, size=n).tolist()
    Kf, yf = _float(K, y)
    return K, y, Kf, yf, _beta_max(Kf, yf) / div


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("div", [3, 30, 300])
def test_guess_is_the_exact_optimal_face_on_random_problems(seed, div):
    K, y, Kf, yf, beta = _random_problem(seed, div)
    guess, warm, cold = _exact_after_guess(K, y, beta)
    assert sorted(guess) == sorted(warm.F) == sorted(cold.F)
    assert (warm.iterations, warm.pivots) == (1, 0)


@pytest.mark.parametrize("div", [10, 100, 1000])
def test_three_d_dictionary_guess_needs_one_exact_iteration(div):
    rng = np.random.default_rng(0)
    X = rng.integers(-50, 51, size=(30, 3)).tolist()
    y = rng.integers(-9, 10, size=30).tolist()
    D = dictionary(X)
    Kf, yf = _float(D, y)
    guess, warm, _ = _exact_after_guess(D, y, _beta_max(Kf, yf) / div)
    assert sorted(guess) == sorted(warm.F)
    assert (warm.iterations, warm.pivots) == (1, 0)
    assert _independent(Kf, guess)


@pytest.mark.parametrize("div", [10, 100, 1000])
def test_one_d_bias_dictionary_with_identities(div):
    """In 1-D with bias, (x−x_j)_+ − (x_j−x)_+ = x − x_j: many columns are dependent, exchanges happen."""
    rng = np.random.default_rng(1)
    X = sorted(set(rng.integers(-30, 31, size=25).tolist()))
    y = rng.integers(-9, 10, size=len(X)).tolist()
    D = dictionary(X, bias=True)
    Kf, yf = _float(D, y, True)
    guess, warm, cold = _exact_after_guess(D, y, _beta_max(Kf, yf) / div, True)
    assert _independent(Kf, guess)
    assert warm.iterations <= 2 and warm.pivots <= 2
    a = solve_lasso(D, y, _beta_max(Kf, yf) / div, intercept=True)
    b = solve_lasso(D, y, _beta_max(Kf, yf) / div, intercept=True, warm_start=False)
    assert a.value == b.value and a.z == b.z


def test_plus_minus_pairs_and_duplicated_columns():
    rng = np.random.default_rng(2)
    B = rng.integers(-5, 6, size=(8, 5))
    K = np.hstack([B, -B, B[:, :3], 2 * B[:, 1:2]]).tolist()  # ± pairs, duplicates, a multiple
    y = rng.integers(-9, 10, size=8).tolist()
    Kf, yf = _float(K, y)
    for div in (2, 20, 2000):
        beta = _beta_max(Kf, yf) / div
        guess, warm, cold = _exact_after_guess(K, y, beta)
        assert _independent(Kf, guess)
        assert warm.iterations <= 2
        assert solve_lasso(K, y, beta).value == solve_lasso(K, y, beta, warm_start=False).value


def test_more_columns_than_rows_at_tiny_beta_saturates_the_span():
    """At tiny β the face spans R^n and every further column is dependent (the exchange step)."""
    rng = np.random.default_rng(3)
    K = rng.integers(-9, 10, size=(6, 40)).tolist()
    y = rng.integers(-9, 10, size=6).tolist()
    Kf, yf = _float(K, y)
    guess, warm, cold = _exact_after_guess(K, y, _beta_max(Kf, yf) / 10 ** 6)
    assert len(guess) == 6 and _independent(Kf, guess)
    assert sorted(warm.F) == sorted(cold.F) and warm.iterations <= 2


def test_ill_conditioned_columns_give_a_face_without_warnings():
    rng = np.random.default_rng(4)
    B = rng.standard_normal((10, 6))
    K = np.hstack([B, B[:, :3] + 1e-9 * rng.standard_normal((10, 3)), B[:, 3:] * 1e-12])
    y = rng.standard_normal(10)
    for beta in (1e-1, 1e-4, 1e-9):
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            face = float_face_guess(K, y, beta)
        assert all(0 <= j < K.shape[1] and s in (1, -1) for j, s in face)
        assert len({j for j, _ in face}) == len(face)


def test_nan_or_inf_data_stops_on_the_current_face():
    K = np.array([[1.0, np.nan], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(float_face_guess(K, np.array([3.0, 1.0]), 0.5), list)
        assert isinstance(float_face_guess(np.eye(2), np.array([np.inf, 1.0]), 0.5), list)


def test_beta_at_or_above_beta_max_gives_the_empty_face():
    K = np.array([[1.0, 2.0], [0.0, 1.0]])
    y = np.array([1.0, 1.0])
    bmax = float(np.abs(K.T @ y).max())
    assert float_face_guess(K, y, bmax) == [] and float_face_guess(K, y, 2 * bmax) == []
    assert float_face_guess(np.zeros((3, 0)), np.ones(3), 1.0) == []
    assert float_face_guess(np.zeros((3, 4)), np.ones(3), 1.0) == []


def test_power_of_two_rescaling_gives_the_same_face():
    rng = np.random.default_rng(5)
    K = rng.integers(-20, 21, size=(10, 25))
    y = rng.integers(-9, 10, size=10)
    beta = Q(float(np.abs(K.T @ y).max())) / 50
    base = warm_face(K, [1] * 25, y.tolist(), 1, beta)
    for e in (20, 40, 300, 600, 890):
        big = 2 ** e
        A = np.array([[int(v) * big for v in row] for row in K.tolist()], dtype=object)
        # K·2^e, y·2^e, β·2^2e: the same faces
        assert warm_face(A, [1] * 25, [int(v) * big for v in y], 1, beta * big * big) == base
        # K / 2^e, y / 2^e, β / 2^2e
        assert warm_face(K, [big] * 25, y.tolist(), big, beta / (big * big)) == base


def test_budget_spent_returns_the_current_face():
    rng = np.random.default_rng(6)
    K = rng.standard_normal((20, 60))
    y = rng.standard_normal(20)
    full = float_face_guess(K, y, 1e-3)
    short = float_face_guess(K, y, 1e-3, max_iter=3)
    assert len(short) <= 4 < len(full)


def test_working_set_follows_the_whole_dictionary_run(monkeypatch):
    """Looking at the whole dictionary at every step (no working set) gives the same face."""
    rng = np.random.default_rng(7)
    K = rng.standard_normal((25, 3000))
    y = rng.standard_normal(25)
    for beta in (1.0, 1e-2, 1e-4):
        lazy = float_face_guess(K, y, beta)
        with monkeypatch.context() as mp:
            mp.setattr(fg, "_LAZY", 1)
            eager = float_face_guess(K, y, beta)
        assert sorted(lazy) == sorted(eager)


def test_face_qr_stays_a_factorization_of_the_face():
    """After many entries and removals the kept Q R is still K_F (with Q orthonormal)."""
    rng = np.random.default_rng(8)
    K = rng.standard_normal((30, 200))
    y = rng.standard_normal(30)
    run = fg._ActiveSet(K, y, 1e-3, 1e-3 * (1 + 1e-9))
    run.run(5000)
    Q_, R_ = run.qr.Q, run.qr.R
    assert np.allclose(Q_ @ R_, K[:, run.F], atol=1e-10)
    assert np.allclose(Q_.T @ Q_, np.eye(len(run.F)), atol=1e-10)


def test_a_cycle_in_rounding_noise_stops(monkeypatch):
    """At a tiny β on a rank-deficient dictionary the float run can trade two columns back and forth
    with violations below rounding noise; it stops when the objective no longer decreases."""
    X = [[4, -1], [-2, -4], [6, -4], [0, -4], [4, 1], [-4, -5], [-5, -6], [5, 4], [-2, -5], [-3, -1], [0, 0],
         [2, 2], [2, 0], [-1, 6], [4, 3], [-6, 1], [5, 2], [-4, 0], [1, 6], [1, -4], [-5, 2]]
    y = [5, 1, -4, -5, 3, -2, 0, 5, -3, 3, -5, -5, -5, -2, 0, -5, 1, 4, 0, -4, 4]
    D = dictionary(X)
    Kf, yf = _float(D, y)
    beta = _beta_max(Kf, yf) / 10 ** 6
    entries = []
    enter = fg._ActiveSet._enter
    monkeypatch.setattr(fg._ActiveSet, "_enter", lambda self, i, s: entries.append(i) or enter(self, i, s))
    guess, warm, cold = _exact_after_guess(D, y, beta)
    assert len(entries) < 40 + fg._STALL  # without the stop: max_iter (5000) entries
    assert (warm.iterations, warm.pivots) == (1, 0)
    a, b = solve_lasso(D, y, beta), solve_lasso(D, y, beta, warm_start=False)
    assert a.value == b.value and a.z == b.z  # a degenerate optimum: the canonical one either way


def test_a_big_run_uses_one_blas_thread(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    seen = []
    run = fg._ActiveSet.run
    monkeypatch.setattr(fg._ActiveSet, "run", lambda self, mi: seen.append(
        [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]) or run(self, mi))
    rng = np.random.default_rng(9)
    K = rng.standard_normal((64, fg._ONE_THREAD // 64))
    face = float_face_guess(K, rng.standard_normal(64), 1.0)
    assert face and seen and all(t == 1 for t in seen[0])


@pytest.mark.parametrize("drop", [[0], [2], [5], [1, 4], [0, 1, 2], [3, 5]])
def test_face_qr_deletions_on_a_square_factor(drop):
    """Deleting face columns when the face spans R^n (a square Q) and otherwise."""
    rng = np.random.default_rng(10)
    for n in (6, 9):
        A = rng.standard_normal((n, 6))
        qr = fg._FaceQR(n)
        for j in range(6):
            h, v = qr.project(A[:, j])
            qr.append(h, v)
        keep = np.ones(6, dtype=bool)
        keep[drop] = False
        qr.delete(np.array(drop), lambda: A[:, keep])
        k = int(keep.sum())
        assert qr.Q.shape == (n, k) and qr.R.shape == (k, k)
        assert np.allclose(qr.Q @ qr.R, A[:, keep], atol=1e-12)
        assert np.allclose(qr.Q.T @ qr.Q, np.eye(k), atol=1e-12)
        assert np.allclose(np.triu(qr.R), qr.R)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("div", [3, 30, 300])
def test_a_warm_start_reaches_the_same_optimal_face(seed, div):
    """From the optimum on a subset of the columns (what a growing working set hands on), from a point with
    wrong signs, and from garbage (dependent, zero, repeated entries), the run ends on the exact optimal face."""
    K, y, Kf, yf, beta = _random_problem(seed, div)
    m = Kf.shape[1]
    cold = sorted(_exact_after_guess(K, y, beta)[2].F)
    half = float_face_guess(Kf[:, : m // 2], yf, float(beta))  # the optimal face on the first half
    sub = [(j, 0.5 * s) for j, s in half]
    wrong = [(j, -2.0 * s) for j, s in cold]
    junk = [(0, 1.0), (0, -3.0), (1, 0.0), (2, float("nan"))] + [(j, 1.0) for j in range(m)]
    for start in (sub, wrong, junk):
        assert sorted(float_face_guess(Kf, yf, float(beta), start=start)) == cold


def test_a_warm_start_takes_fewer_steps(monkeypatch):
    rng = np.random.default_rng(3)
    K = rng.normal(size=(40, 300))
    y = rng.normal(size=40)
    beta = float(np.abs(K.T @ y).max()) / 50
    face = float_face_guess(K, y, beta)
    steps = []
    step = fg._ActiveSet._step

    def counted(self, J, KJ):
        steps.append(1)
        return step(self, J, KJ)

    monkeypatch.setattr(fg._ActiveSet, "_step", counted)
    float_face_guess(K, y, beta)
    cold = len(steps)
    steps.clear()
    z = np.linalg.lstsq(K[:, [j for j, _ in face]], y, rcond=None)[0]  # near the optimum, on its face
    assert sorted(float_face_guess(K, y, beta, start=[(j, v) for (j, _), v in zip(face, z)])) == sorted(face)
    assert len(steps) < cold / 3
