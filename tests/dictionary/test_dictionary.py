"""Tests of exactwedge.dictionary: the Lasso dictionaries of THEORY §3.

Every check recomputes what the dictionary claims from its neurons alone,
without the library's kernels: the column ``σ(X w + b)`` in exact rational
(ℓ1) or quadratic-surd (ℓ2) arithmetic, the generalized cross product of the
provenance set J by its closed form for d ≤ 3, and the hyperplane's incidence
with the samples and basis vectors it is named after.
"""

from __future__ import annotations

import re
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from exactwedge.dictionary import build as build_module
from exactwedge.dictionary import DEFAULT_MAX_COLUMNS, Dictionary, dictionary, column_count
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError, TooLargeError
from exactwedge.numbers.surd import Surd

# ------------------------------------------------------------------ helpers


def _rand_data(seed: int, n: int, d: int, *, den: int = 2, lo: int = -5, hi: int = 5) -> list[list[Q]]:
    rng = np.random.default_rng(seed)
    return [[Q(int(v), int(rng.integers(1, den + 1))) for v in rng.integers(lo, hi + 1, size=d)] for _ in range(n)]


def _dot(a, b):
    total = Q(0)
    for p, q in zip(a, b):
        total = total + p * q
    return total


def _cross(vs: list, d: int) -> tuple:
    """The generalized cross product by its closed form (THEORY §1), d ≤ 3."""
    if d == 1:
        assert vs == []
        return (Q(1),)
    if d == 2:
        (v,) = vs
        return (v[1], -v[0])
    if d == 3:
        a, b = vs
        return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    raise AssertionError("closed form only for d <= 3")


def _basis(name: str, d: int) -> list[Q]:
    k = int(name[1:]) - 1
    return [Q(int(i == k)) for i in range(d)]


def _member_vector(s, X, anchor, d):
    if isinstance(s, str):
        return _basis(s, d)
    if anchor is None:
        return list(X[s])
    return [p - q for p, q in zip(X[s], X[anchor])]


def _as_sympy(v):
    if isinstance(v, Surd):
        return v.to_sympy()
    if isinstance(v, Q):
        return sympy.Rational(v.numerator, v.denominator)
    return sympy.sympify(v)


def _sq(v) -> Q:
    """The exact square of a real in Q(√R) given as Fraction, Surd or SymPy surd."""
    if isinstance(v, Q):
        return v * v
    if isinstance(v, Surd):
        r = v * v
        assert isinstance(r, Q)
        return r
    e = sympy.expand(v * v)
    assert e.is_Rational, v
    return Q(int(e.p), int(e.q))


def _sigma(u, activation):
    if activation == "abs":
        return abs(u)
    return u if u > 0 else Q(0)


def _col_key(D: Dictionary, j: int) -> tuple:
    """An exact, hashable key of column j (columns are ≥ 0, so squares identify ℓ2 entries)."""
    col = D.column(j)
    if D.norm == 1:
        return tuple(col)
    return tuple(_sq(v) for v in col)


CASES = [
    (d, bias, norm, act)
    for d in (1, 2, 3)
    for bias in (False, True)
    for norm in (1, 2)
    for act in ("relu", "abs")
]


def _case_id(c):
    d, bias, norm, act = c
    return f"d{d}-{'bias' if bias else 'nobias'}-l{norm}-{act}"


def _datasets(d: int) -> dict[str, list[list[Q]]]:
    n = {1: 6, 2: 5, 3: 5}[d]
    out = {"random": _rand_data(100 + d, n, d), "random2": _rand_data(200 + d, n, d, den=3)}
    if d == 1:
        out["degenerate"] = [[Q(0)], [Q(2)], [Q(2)], [Q(-1)], [Q(5, 2)]]  # origin + duplicate point
    elif d == 2:
        # collinear triple through the origin, a duplicate point, the origin
        out["degenerate"] = [[Q(1), Q(1)], [Q(2), Q(2)], [Q(-1), Q(-1)], [Q(0), Q(0)], [Q(1), Q(1)], [Q(3), Q(-1)]]
    else:
        # coplanar points (z = 0), a collinear pair through the origin, a duplicate, the origin
        out["degenerate"] = [[Q(1), Q(0), Q(0)], [Q(0), Q(1), Q(0)], [Q(1), Q(1), Q(0)], [Q(2), Q(2), Q(0)],
                             [Q(0), Q(0), Q(0)], [Q(1), Q(0), Q(0)], [Q(1), Q(2), Q(3)]]
    return out


def _check_dictionary(D: Dictionary, X, *, bias, norm, act) -> None:
    n, d = len(X), len(X[0])
    assert D.n == n and D.d == d and D.bias == bias and D.norm == norm and D.activation == act
    assert D.exact == (norm == 1)
    m = len(D)
    # counts: survivors + removed = enumerated ≤ the closed-form bound (here exactly it)
    assert m + D.removed_zero + D.removed_duplicate == D.candidates
    assert D.candidates == column_count(n, d, bias=bias, norm=norm, activation=act)
    keys = set()
    for j in range(m):
        nr = D.neuron(j)
        w, b = nr.w, nr.b
        assert len(w) == d
        # normalization of the weight in the dictionary's norm
        if norm == 1:
            assert all(isinstance(c, Q) for c in w) and isinstance(b, Q)
            assert sum(abs(c) for c in w) == 1
        else:
            assert sum(_sq(c) for c in w) == 1
        # provenance: |J| = d - 1, members from the right sets
        J = nr.samples
        assert len(J) == d - 1
        assert nr.sign in (1, -1)
        if act == "abs":
            assert nr.sign == 1
        if bias:
            assert nr.anchor is not None and 0 <= nr.anchor < n
            assert nr.anchor not in J
        else:
            assert nr.anchor is None
            assert b == 0
        for s in J:
            if isinstance(s, str):
                assert norm == 1, "basis vectors only in the ℓ1 (augmented) sets"
                assert re.fullmatch(r"e[1-9]\d*", s) and int(s[1:]) <= d
            else:
                assert isinstance(s, int) and 0 <= s < n
        # the hyperplane passes through the samples in J (and the anchor) and is
        # parallel to the basis vectors in J
        for s in J:
            if isinstance(s, str):
                assert w[int(s[1:]) - 1] == 0
            else:
                assert _dot(X[s], w) + b == 0
        if bias:
            assert _dot(X[nr.anchor], w) + b == 0
        # w = sign · cross(a_J)/‖cross(a_J)‖_p (closed form, independent of the library)
        c = _cross([_member_vector(s, X, nr.anchor, d) for s in J], d)
        assert any(v != 0 for v in c)
        l1 = sum(abs(v) for v in c)
        direction = tuple(nr.sign * v / l1 for v in c)
        assert nr.direction == direction
        if norm == 1:
            assert tuple(w) == direction
        else:
            l2sq = sum(v * v for v in c)
            for wk, ck in zip(w, c):
                # w_k = sign c_k / ‖c‖₂: same sign, and the squares agree
                assert _sq(wk) == ck * ck / l2sq
                assert (wk > 0) == (nr.sign * ck > 0) and (wk < 0) == (nr.sign * ck < 0)
        # the column is σ(X w + b), recomputed entry by entry
        col = D.column(j)
        assert len(col) == n
        for i in range(n):
            u = _dot(X[i], w) + b
            want = _sigma(u, act)
            if norm == 1:
                assert col[i] == want
            else:
                assert _sq(want) == _sq(col[i])
                assert (want > 0) == (col[i] > 0)
                assert abs(float(want) - float(col[i])) <= 1e-12 * max(1.0, abs(float(want)))
        # no zero columns
        assert any(v != 0 for v in col)
        keys.add(_col_key(D, j))
    # no exact duplicates (pairwise, through the set of exact keys)
    assert len(keys) == m
    # the float copy agrees with the exact columns
    F = D.to_float()
    assert F.shape == (n, m)
    for j in range(m):
        assert np.allclose(F[:, j], [float(v) for v in D.column(j)], rtol=1e-13, atol=0)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_columns_neurons_and_provenance(case):
    d, bias, norm, act = case
    for name, X in _datasets(d).items():
        D = dictionary(X, bias=bias, norm=norm, activation=act)
        _check_dictionary(D, X, bias=bias, norm=norm, act=act)


def test_provenance_json_and_labels():
    X = _rand_data(7, 5, 2)
    D = dictionary(X, bias=True)
    prov = D.provenance()
    assert len(prov) == len(D)
    for j, p in enumerate(prov):
        assert set(p) >= {"samples", "sign", "anchor"}
        assert p["sign"] in (1, -1)
        for s in p["samples"]:
            assert isinstance(s, int) or re.fullmatch(r"e\d+", s)
        assert isinstance(D.neuron(j).label(), str) and D.neuron(j).label()
    assert D.summary()["columns"] == len(D)
    assert "Dictionary(" in repr(D)


def test_one_d_thm1_dictionary_and_linear_pairs():
    """Thm 1: (x − x_j)_+ and (x_j − x)_+; their difference is the linear x − x_j."""
    xs = [Q(0), Q(4), Q(5), Q(7), Q(10), Q(11)]
    D = dictionary(xs, bias=True)
    assert (len(D), D.candidates, D.removed_zero, D.removed_duplicate) == (10, 12, 2, 0)
    cols = {}
    for j in range(len(D)):
        nr = D.neuron(j)
        assert nr.w in ((Q(1),), (Q(-1),))
        assert nr.samples == ()
        cols[(nr.anchor, nr.w[0])] = D.column(j)
        # the breakpoint is the anchor
        assert -nr.b / nr.w[0] == xs[nr.anchor]
    for a, xa in enumerate(xs):
        up, down = cols.get((a, Q(1))), cols.get((a, Q(-1)))
        if up is not None and down is not None:
            assert [u - v for u, v in zip(up, down)] == [x - xa for x in xs]
    # (x − x_max)_+ and (x_min − x)_+ vanish on the data and were removed
    assert (5, Q(1)) not in cols and (0, Q(-1)) not in cols


def test_flat_sequence_is_one_dimensional():
    D1 = dictionary([0, "1/2", 3], bias=True)
    D2 = dictionary([[0], [Q(1, 2)], [3]], bias=True)
    assert D1.d == 1 and [D1.column(j) for j in range(len(D1))] == [D2.column(j) for j in range(len(D2))]


def test_basis_vectors_are_in_the_l1_sets():
    """The augmented ℓ1 sets contain the e_k (THEORY §3); the ℓ2 sets do not."""
    X = _rand_data(11, 5, 3)
    D1 = dictionary(X, norm=1)
    D2 = dictionary(X, norm=2)
    assert any(isinstance(s, str) for j in range(len(D1)) for s in D1.neuron(j).samples)
    assert not any(isinstance(s, str) for j in range(len(D2)) for s in D2.neuron(j).samples)
    # two basis vectors in J: the hyperplane is a coordinate plane, w = ±e_k
    for j in range(len(D1)):
        J = D1.neuron(j).samples
        if all(isinstance(s, str) for s in J):
            (k,) = {1, 2, 3} - {int(s[1:]) for s in J}
            w = D1.neuron(j).w
            assert abs(w[k - 1]) == 1 and sum(abs(c) for c in w) == 1


def test_all_points_at_the_origin():
    X = [[Q(0), Q(0)], [Q(0), Q(0)], [Q(0), Q(0)]]
    for bias in (False, True):
        for norm in (1, 2):
            D = dictionary(X, bias=bias, norm=norm)
            assert len(D) == 0
            assert D.removed_zero + D.removed_duplicate == D.candidates
            assert D.to_float().shape == (3, 0)


def test_ell2_fewer_samples_than_needed():
    # ℓ2 in R³ needs d − 1 = 2 samples per hyperplane; with bias each anchor has 1 other
    X = [[Q(1), Q(2), Q(3)], [Q(0), Q(1), Q(5)]]
    D = dictionary(X, bias=True, norm=2)
    assert len(D) == 0 and D.candidates == 0


def test_exact_matrix_matches_columns():
    X = _rand_data(5, 4, 2)
    D = dictionary(X)
    M = D.exact_matrix()
    assert len(M) == 4 and all(len(r) == len(D) for r in M)
    for j in range(len(D)):
        assert [M[i][j] for i in range(4)] == D.column(j)
    D2 = dictionary(X, norm=2)
    M2 = D2.exact_matrix()
    assert M2.shape == (4, len(D2))
    for j in range(len(D2)):
        assert list(M2[:, j]) == D2.column(j)


def test_large_data_uses_python_ints():
    """Huge entries force the object-dtype path; the columns stay exact."""
    big = 10**15
    X = [[Q(big), Q(1)], [Q(3), Q(-big)], [Q(-big, 7), Q(big + 1)], [Q(2), Q(5)]]
    for bias in (False, True):
        D = dictionary(X, bias=bias)
        _check_dictionary(D, X, bias=bias, norm=1, act="relu")


# ------------------------------------------------------------------ size limits


def test_too_large_refused_with_count_and_memory(monkeypatch):
    n, d = 5000, 3
    X = [[Q(i), Q(i * i % 97), Q(i % 13)] for i in range(n)]
    m = column_count(n, d, bias=False, norm=1)

    def never(*args, **kwargs):
        raise AssertionError("must refuse before building: the cross products were computed")

    monkeypatch.setattr(build_module, "cross_products", never)
    with pytest.raises(TooLargeError) as ei:
        dictionary(X)
    msg = str(ei.value)
    assert f"{m:,}" in msg
    assert re.search(r"\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)", msg)
    assert "max_columns=None" in msg
    assert m > DEFAULT_MAX_COLUMNS
    assert isinstance(ei.value, ValueError)


def test_max_columns_limit_and_override():
    X = _rand_data(3, 12, 2)
    m = column_count(12, 2, bias=True, norm=1)
    assert m == 2 * 12 * 13
    with pytest.raises(TooLargeError, match=f"{m:,}"):
        dictionary(X, bias=True, max_columns=100)
    D = dictionary(X, bias=True, max_columns=None)
    assert D.candidates == m
    D2 = dictionary(X, bias=True, max_columns=m)  # the limit is inclusive
    assert len(D2) == len(D)


@pytest.mark.parametrize(
    "n,d,bias,norm,act,want",
    [
        (40, 3, False, 1, "relu", 2 * 903),
        (6, 1, True, 1, "relu", 12),
        (6, 1, True, 1, "abs", 6),
        (5, 2, False, 1, "relu", 2 * 7),
        (5, 2, True, 1, "relu", 2 * 5 * 6),
        (5, 3, False, 2, "relu", 2 * 10),
        (5, 3, True, 2, "relu", 2 * 5 * 6),
    ],
)
def test_column_count_closed_forms(n, d, bias, norm, act, want):
    assert column_count(n, d, bias=bias, norm=norm, activation=act) == want


# ------------------------------------------------------------------ bad input


def test_bad_options_and_data():
    with pytest.raises(InvalidInputError):
        dictionary([[1, 2]], norm=3)
    with pytest.raises(InvalidInputError):
        dictionary([[1, 2]], norm=True)
    with pytest.raises(InvalidInputError):
        dictionary([[1, 2]], activation="tanh")
    with pytest.raises(InvalidInputError):
        dictionary([[1, 2]], bias="yes")
    with pytest.raises(NonExactInputError):
        dictionary([[0.5, 1]])
    with pytest.raises(DimensionError):
        dictionary([[1, 2], [3]])
    with pytest.raises(DimensionError):
        dictionary([])
    with pytest.raises(InvalidInputError):
        dictionary([[sympy.Symbol("a"), 1]])
