"""The Hodge star and the generalized cross product (exactwedge.ga.hodge)."""

from __future__ import annotations

import importlib
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given
from hypothesis import strategies as st

from tests._strategies import (
    columns,
    cross_input,
    dims,
    dot,
    gram,
    k_vectors,
    leibniz_det,
    minor,
    perm_parity_sign,
    rank,
    sympy_det,
)
from exactwedge import (
    Blade,
    Vector,
    basis_blade,
    cross,
    hodge,
    inverse_hodge,
    pseudoscalar,
    signed_volume,
    wedge,
)
from exactwedge.exceptions import DimensionError, NonExactInputError

Fr = Fraction

# the submodule (exactwedge.ga re-exports the function under the same name)
hodge_module = importlib.import_module("exactwedge.ga.hodge")


def general_k_vector(lo: int = 1, hi: int = 6):
    """(d, k, coefficients) of a general k-vector, 0 <= k <= d."""
    return dims(lo, hi).flatmap(
        lambda d: st.integers(0, d).flatmap(lambda k: k_vectors(d, k).map(lambda c: (d, k, c)))
    )


def two_k_vectors(lo: int = 1, hi: int = 6):
    return dims(lo, hi).flatmap(
        lambda d: st.integers(0, d).flatmap(
            lambda k: st.tuples(st.just(d), st.just(k), k_vectors(d, k), k_vectors(d, k))
        )
    )


# ---------------------------------------------------------------- the Hodge star


@pytest.mark.parametrize("d", range(1, 6))
def test_hodge_on_basis_blades(d):
    """⋆e_I = sign(I, I^c) e_{I^c}, the sign by counting inversions."""
    for k in range(d + 1):
        for index_set in Blade.basis(d, k):
            comp = tuple(i for i in range(1, d + 1) if i not in index_set)
            sign = perm_parity_sign(index_set + comp)
            expected = basis_blade(d, *comp) * sign if comp else Blade(d, 0, [sign])
            assert hodge(basis_blade(d, *index_set)) == expected


def test_hodge_known_values():
    assert hodge(basis_blade(2, 1)) == Vector(0, 1)  # ⋆e1 = e2
    assert hodge(basis_blade(2, 2)) == Vector(-1, 0)  # ⋆e2 = -e1
    assert hodge(basis_blade(3, 1, 3)) == Vector(0, -1, 0)
    assert hodge(Blade(3, 0, [5])) == pseudoscalar(3) * 5
    assert hodge(pseudoscalar(4)) == Blade(4, 0, [1])
    assert hodge([1, 2, 3]) == Blade(3, 2, [3, -2, 1])
    assert Vector(1, 0).hodge() == Vector(0, 1)


@given(two_k_vectors())
@example((2, 1, [Fr(1), Fr(0)], [Fr(1), Fr(0)]))
@example((3, 0, [Fr(2)], [Fr(3)]))
def test_wedge_with_hodge_is_inner_times_pseudoscalar(args):
    """A ∧ ⋆B = ⟨A, B⟩ I."""
    d, k, ca, cb = args
    A, B = Blade(d, k, ca), Blade(d, k, cb)
    assert A ^ hodge(B) == pseudoscalar(d) * A.inner(B)


@given(general_k_vector())
def test_double_hodge_sign(args):
    """⋆⋆ = (-1)^(k(d-k)) on grade k."""
    d, k, c = args
    A = Blade(d, k, c)
    assert hodge(hodge(A)) == A * (-1) ** (k * (d - k))


@given(general_k_vector())
def test_inverse_hodge(args):
    d, k, c = args
    A = Blade(d, k, c)
    assert inverse_hodge(hodge(A)) == A
    assert hodge(inverse_hodge(A)) == A
    assert inverse_hodge(A).grade == d - k


@given(two_k_vectors(), st.sampled_from([Fr(-3), Fr(1, 2), Fr(0)]))
def test_hodge_linear_and_isometric(args, s):
    d, k, ca, cb = args
    A, B = Blade(d, k, ca), Blade(d, k, cb)
    assert hodge(A + B * s) == hodge(A) + hodge(B) * s
    assert hodge(A).norm2 == A.norm2
    assert hodge(A).inner(hodge(B)) == A.inner(B)


# ---------------------------------------------------------------- the cross product

pinned = [
    (2, (Fr(0), Fr(1)), [(Fr(1), Fr(0))]),
    (3, (Fr(1), Fr(1), Fr(1)), [(Fr(0),) * 3, (Fr(1), Fr(2), Fr(3))]),  # zero vector
    (3, (Fr(1), Fr(0), Fr(0)), [(Fr(1), Fr(2), Fr(3))] * 2),  # duplicate vectors
    (4, (Fr(1), Fr(2), Fr(3), Fr(4)), [(Fr(1), Fr(0), Fr(0), Fr(0)), (Fr(0), Fr(1), Fr(0), Fr(0)), (Fr(0), Fr(0), Fr(1), Fr(0))]),
]


def pin(test):
    for p in pinned:
        test = example(p)(test)
    return test


@given(cross_input())
@pin
def test_cross_coordinates(args):
    """cross(V)_k = (-1)^(k+1) det(V without row k), 1-based k (THEORY §1, eq. 46)."""
    d, _, vs = args
    c = cross(*vs)
    assert isinstance(c, Vector) and c.dim == d
    for k in range(1, d + 1):
        rows = [i for i in range(d) if i != k - 1]
        assert c[k - 1] == (-1) ** (k + 1) * minor(vs, rows)


@given(cross_input())
@pin
def test_cross_is_determinant_functional(args):
    """x · cross(V) = det[x, V] = signed_volume(x, *V)."""
    d, x, vs = args
    c = cross(*vs)
    expected = leibniz_det(columns([x] + vs))
    assert dot(x, c) == expected
    assert Vector(*x).dot(c) == expected
    assert signed_volume(x, *vs) == expected


@given(cross_input())
@pin
def test_cross_orthogonal_to_inputs(args):
    _, _, vs = args
    c = cross(*vs)
    for v in vs:
        assert dot(c, v) == 0


@given(cross_input())
@pin
def test_cross_norm_is_volume(args):
    """‖cross(V)‖² = det Gram(V), the squared (d−1)-volume."""
    _, _, vs = args
    c = cross(*vs)
    assert c.norm2 == sympy_det(gram(vs))
    assert c.norm2 == wedge(*vs).norm2


@given(cross_input())
@pin
def test_cross_antisymmetric(args):
    """A swap of any two vectors flips the sign."""
    d, _, vs = args
    c = cross(*vs)
    for i in range(d - 1):
        for j in range(i + 1, d - 1):
            swapped = list(vs)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert cross(*swapped) == -c
    # and a vector's own negation flips it too (d = 2 has no swaps)
    assert cross(tuple(-a for a in vs[0]), *vs[1:]) == -c


@given(cross_input())
@pin
def test_cross_is_signed_hodge_of_wedge(args):
    """cross(V) = (-1)^(d-1) ⋆(v_1 ∧ … ∧ v_{d-1})."""
    d, _, vs = args
    assert cross(*vs) == hodge(wedge(*vs)) * (-1) ** (d - 1)


@given(cross_input())
@pin
def test_cross_zero_iff_dependent(args):
    d, _, vs = args
    c = cross(*vs)
    dependent = rank(vs) < d - 1
    assert c.is_zero() == dependent
    assert wedge(*vs).is_zero() == dependent
    assert (signed_volume(*vs, c) == 0) == dependent  # det[V, cross V] = ‖cross‖² ≥ 0


@given(cross_input(3, 6))
def test_minor_path_agrees_with_wedge_path(args):
    """The two implementations (wedge recursion for d ≤ 8, one minor per coordinate above) agree."""
    d, _, vs = args
    rows = [tuple(v) for v in vs]
    assert hodge_module._cross_by_minors(rows, d) == cross(*vs)


@pytest.mark.parametrize("d", [9, 10])
def test_cross_high_dimension(d, rng):
    """Above d = 8 cross goes by minors; check it against python-flint's determinant."""
    import flint

    V = rng.integers(-3, 4, size=(d - 1, d))
    x = rng.integers(-3, 4, size=d)
    c = cross(*V)
    assert all(dot(c, v) == 0 for v in V.tolist())
    M = flint.fmpz_mat([[int(x[i])] + [int(V[j][i]) for j in range(d - 1)] for i in range(d)])
    assert dot(x.tolist(), c) == int(M.det())
    assert c.norm2 == int((flint.fmpz_mat(V.tolist()) * flint.fmpz_mat(V.tolist()).transpose()).det())


def test_cross_known_values():
    assert cross([1, 0]) == Vector(0, -1)  # d=2: cross(e1) = -e2, while ⋆e1 = +e2
    assert hodge([1, 0]) == Vector(0, 1)
    assert cross([3, 5]) == Vector(5, -3)
    assert cross([1, 0, 0], [0, 1, 0]) == Vector(0, 0, 1)
    assert cross([1, 2, 3], [4, 5, 6]) == Vector(-3, 6, -3)
    assert cross([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]) == Vector(0, 0, 0, -1)
    assert cross(dim=1) == Vector(1)
    assert cross(["1/2", 0, 0], [0, "1/3", 0]) == Vector(0, 0, Fraction(1, 6))
    assert cross(np.array([1, 2, 3]), Vector(4, 5, 6)) == Vector(-3, 6, -3)


@given(st.tuples(st.integers(-9, 9), st.integers(-9, 9), st.integers(-9, 9)),
       st.tuples(st.integers(-9, 9), st.integers(-9, 9), st.integers(-9, 9)))
def test_cross_in_r3_is_the_usual_cross_product(a, b):
    expected = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    assert cross(a, b) == Vector(*expected)


@pytest.mark.parametrize("d", range(2, 7))
def test_cross_of_basis_vectors(d):
    """cross(e_1..e_{d-1}) = (-1)^(d+1) e_d, so that det[e_d, e_1..e_{d-1}] = (-1)^(d-1)."""
    vs = [basis_blade(d, i) for i in range(1, d)]
    assert cross(*vs) == basis_blade(d, d) * (-1) ** (d + 1)


# ---------------------------------------------------------------- symbolic proofs


@pytest.mark.parametrize("d", [2, 3, 4])
def test_symbolic_identity_is_a_proof(d):
    """With symbols, x·cross(V) − det[x, V] expands to 0: the identity holds in all of R^d."""
    xs = sympy.symbols(f"x1:{d + 1}")
    V = sympy.Matrix(d, d - 1, lambda i, j: sympy.Symbol(f"v{i + 1}{j + 1}"))
    vs = [list(V[:, j]) for j in range(d - 1)]
    c = cross(*vs)
    M = sympy.Matrix.hstack(sympy.Matrix(xs), V)
    assert sympy.expand(sum(a * b for a, b in zip(xs, c)) - M.det()) == 0
    for v in vs:
        assert sympy.expand(sum(a * b for a, b in zip(v, c))) == 0
    assert cross(*vs) == hodge(wedge(*vs)) * (-1) ** (d - 1)
    assert sympy.expand(c.norm2 - (V.T * V).det()) == 0


def test_symbolic_cross_r3():
    x, y, z = sympy.symbols("x y z")
    assert cross([x, y, z], [1, 2, 3]) == Vector(3 * y - 2 * z, z - 3 * x, 2 * x - y)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "args, kwargs, words",
    [
        (([1, 2], [3, 4]), {}, "cross needs d-1 = 1 vectors in R\\^2, got 2"),
        (([1, 2, 3],), {}, "cross needs d-1 = 2 vectors in R\\^3, got 1"),
        (([1, 2, 3], [4, 5, 6], [7, 8, 9]), {}, "d-1 = 2 vectors in R\\^3, got 3"),
        (([5],), {}, "d-1 = 0 vectors in R\\^1, got 1"),
        ((), {}, "got 0 \\(pass dim=1 for R\\^1\\)"),
        ((), {"dim": 3}, "got 0"),
        (([1, 2], [1, 2, 3]), {}, "argument 0 is in R\\^2, argument 1 in R\\^3"),
        (([1, 2, 3], [1, 2]), {}, "argument 0 is in R\\^3, argument 1 in R\\^2"),
        (([1, 2, 3], [4, 5, 6]), {"dim": 4}, "told dim=4 but got vectors in R\\^3"),
        ((7,), {}, "cross argument 0 must be a sequence of coordinates"),
    ],
)
def test_cross_errors(args, kwargs, words):
    with pytest.raises(DimensionError, match=words):
        cross(*args, **kwargs)


def test_cross_refuses_floats():
    with pytest.raises(NonExactInputError, match="from_float"):
        cross([0.5, 1, 0], [0, 1, 0])


def test_hodge_refuses_bad_input():
    with pytest.raises(DimensionError):
        hodge(3)
    with pytest.raises(NonExactInputError):
        hodge([0.5, 1])


def test_hodge_dimensions_counted():
    for d in range(1, 6):
        for k in range(d + 1):
            assert len(hodge(Blade(d, k, [1] * math.comb(d, k))).coefficients) == math.comb(d, d - k)
