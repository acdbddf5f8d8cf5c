"""The fast exact polish path (integer scaling, mod-p + null-space rank tests, flint
null vector) agrees exactly with the minor-by-minor reference built on ``exactwedge.cross``."""

import random
from fractions import Fraction as Q

import pytest

import exactwedge as ew
from exactwedge.dictionary.nearest import _null_vector, _polish_weight, polish_weight
from exactwedge.numbers.linalg import _PRIME
from exactwedge.numbers.linalg import IndependentVectors as _IntEchelon


def _rand_data(rng, n, d, degenerate):
    rows = [[Q(rng.randint(-4, 4), rng.choice([1, 2, 3, 7])) for _ in range(d)] for _ in range(n)]
    if degenerate:  # a zero column and repeated rows: basis vectors and dependent candidates
        k = rng.randrange(d)
        for r in rows:
            r[k] = Q(0)
        rows += [list(rows[0]), list(rows[1])]
    return rows


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_fast_path_equals_cross_reference(d):
    rng = random.Random(100 + d)
    for trial in range(12):
        rows = _rand_data(rng, rng.randint(2, 9), d, degenerate=trial % 3 == 0)
        w = [Q(rng.randint(-9, 9), rng.randint(1, 5)) for _ in range(d)]
        if not any(w):
            w[0] = Q(1)
        b = [None, Q(rng.randint(-5, 5), 3), rng.uniform(-1, 1)][trial % 3]
        for norm in (1, 2):
            assert polish_weight(rows, w, b, norm=norm) == _polish_weight(rows, w, b, norm=norm, fast=False)


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_null_vector_scaled_is_exactly_the_cross_product(d):
    rng = random.Random(d)
    for _ in range(10):
        vecs = [[rng.randint(-5, 5) for _ in range(d)] for _ in range(d - 1)]
        c = ew.cross(*vecs).coefficients
        if all(v == 0 for v in c):
            continue
        nv, lam = _null_vector(vecs, d)
        assert [lam * v for v in nv] == [Q(v) for v in c]


def test_echelon_exact_when_dependent_mod_p():
    ech = _IntEchelon(3)
    assert ech.add([1, 0, 0])
    assert not ech.add([2, 0, 0])
    assert ech.add([0, _PRIME, 0])  # zero mod p, independent over Q
    assert ech.exact_only
    assert not ech.add([3, 2 * _PRIME, 0])
    assert ech.add([0, 0, 5])
    assert not ech.add([0, 0, 0])


def test_fast_path_single_sample():
    for b in (None, Q(1, 2)):
        assert polish_weight([[1, 2, 3]], [Q(1), Q(-1), Q(2)], b) == _polish_weight([[1, 2, 3]], [Q(1), Q(-1), Q(2)], b, fast=False)


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_span_cut_on_rank_deficient_data(d):
    rng = random.Random(7 * d)
    for trial in range(10):
        k = rng.randint(1, d - 1)  # the data live in the first d−k coordinates ... plus a constant shift
        rows = [[Q(rng.randint(-4, 4), rng.choice([1, 2, 5])) for _ in range(d - k)] + [Q(1)] * k for _ in range(rng.randint(2, 8))]
        w = [Q(rng.randint(-9, 9), 3) or Q(1) for _ in range(d)]
        b = Q(rng.randint(-3, 3), 2) if trial % 2 else None
        w_new, b_new, info = polish_weight(rows, w, b, span="cut")
        S, E = info["samples"], info["basis"]
        assert len(S) + len(E) == (d if b is not None else d - 1)
        for i in S:
            assert sum(p * q for p, q in zip(w_new, rows[i])) + b_new == 0
        vecs = [[p - q for p, q in zip(rows[i], rows[S[0]])] for i in S[1:]] if b is not None else [rows[i] for i in S]
        vecs += [[Q(int(j == e - 1)) for j in range(d)] for e in E]
        c = ew.cross(*vecs).coefficients
        ratio = {wi / ci for wi, ci in zip(w_new, c) if ci != 0}
        assert len(ratio) == 1
        pre = [sum(p * q for p, q in zip(w_new, x)) + b_new for x in rows]
        base = rows if b is None else [[p - q for p, q in zip(x, rows[0])] for x in rows[1:]]
        if any(any(v) for v in base):  # some data direction: the neuron does not vanish on all the data
            assert any(pre)
        # without rank deficiency "cut" and "contain" coincide
        full = [[Q(rng.randint(-4, 4)) for _ in range(d)] for _ in range(2 * d + 2)]
        assert polish_weight(full, w, b, span="cut") == polish_weight(full, w, b)
