"""MultiVector: the algebra's laws on random exact multivectors, and the exact edge cases."""

from __future__ import annotations

import pickle
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactwedge import Blade, MultiVector, Vector, reflect, rotor, wedge
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError, NotInvertibleError

rationals = st.fractions(min_value=-5, max_value=5, max_denominator=6)


@st.composite
def multivectors(draw, dim: int | None = None, grades=None):
    d = dim if dim is not None else draw(st.integers(1, 4))
    masks = [m for m in range(1 << d) if grades is None or bin(m).count("1") in grades]
    return MultiVector({m: draw(rationals) for m in masks}, dim=d)


@st.composite
def same_dim(draw, n: int, grades=None):
    d = draw(st.integers(1, 4))
    return [draw(multivectors(d, grades)) for _ in range(n)]


@st.composite
def nonzero_vectors(draw, d: int, n: int):
    out = []
    for _ in range(n):
        v = draw(multivectors(d, (1,)))
        if v.is_zero():
            v = MultiVector({1: 1}, dim=d)
        out.append(v)
    return out


@given(same_dim(3))
def test_associative_and_distributive(abc):
    a, b, c = abc
    assert (a * b) * c == a * (b * c)
    assert a * (b + c) == a * b + a * c and (a + b) * c == a * c + b * c
    assert (a ^ b) ^ c == a ^ (b ^ c)


@given(same_dim(2, grades=(1,)))
def test_vector_product_is_inner_plus_outer(ab):
    a, b = ab
    assert a * b == (a | b) + (a ^ b)
    assert (a | b) == (a << b) == a.sp(b) * MultiVector(1, a.dim)
    assert a * a == MultiVector(a.normsq(), a.dim)


@given(same_dim(2))
def test_reverse_of_product_and_involutions(ab):
    a, b = ab
    assert ~(a * b) == ~b * ~a
    assert (a * b).involute() == a.involute() * b.involute()
    assert a.conjugate() == (~a).involute()
    assert ~~a == a


@given(multivectors())
def test_grade_projection(a):
    assert sum((a[k] for k in range(a.dim + 1)), MultiVector(0, a.dim)) == a
    for k in range(a.dim + 1):
        assert a.grade(k).grades in ((k,), ())
        assert a[k][k] == a[k]
    assert a[0].scalar == a.scalar


@given(same_dim(2))
def test_contractions_by_definition(ab):
    """Left contraction, symmetric and Hestenes inner products, as sums over grade pairs."""
    a, b = ab
    pairs = [(k, l) for k in range(a.dim + 1) for l in range(a.dim + 1)]
    assert a << b == sum((((a[k] * b[l])[l - k]) for k, l in pairs if l >= k), MultiVector(0, a.dim))
    assert a.rc(b) == sum((((a[k] * b[l])[k - l]) for k, l in pairs if k >= l), MultiVector(0, a.dim))
    assert a | b == sum((((a[k] * b[l])[abs(k - l)]) for k, l in pairs), MultiVector(0, a.dim))
    assert a.hestenes(b) == sum((((a[k] * b[l])[abs(k - l)]) for k, l in pairs if k and l), MultiVector(0, a.dim))
    assert a ^ b == sum((((a[k] * b[l])[k + l]) for k, l in pairs if k + l <= a.dim), MultiVector(0, a.dim))


@settings(max_examples=30)
@given(st.integers(1, 4).flatmap(lambda d: nonzero_vectors(d, 3)))
def test_inverse_of_versors(vs):
    v = vs[0] * vs[1] * vs[2]
    assert v.is_versor()
    assert v * v.inv() == 1 == v.inv() * v
    assert (vs[0] * vs[1]).inv() == vs[1].inv() * vs[0].inv()


@given(st.integers(2, 4).flatmap(lambda d: nonzero_vectors(d, 2)))
def test_reflection_is_the_explicit_formula(xn):
    x, n = xn
    explicit = x - 2 * x.sp(n) / n.sp(n) * n
    assert -n * x * n.inv() == explicit == (n >> x) == reflect(x, n)
    xv, nv = Vector(*(x.coefficient(i + 1) for i in range(x.dim))), Vector(*(n.coefficient(i + 1) for i in range(x.dim)))
    assert reflect(xv, nv) == explicit and isinstance(reflect(xv, nv), Vector)
    assert reflect(reflect(xv, nv), nv) == xv
    assert (reflect(xv, nv) | reflect(xv, nv)) == (xv | xv)


@pytest.mark.slow
@settings(max_examples=20)
@given(st.integers(2, 4).flatmap(lambda d: nonzero_vectors(d, 3)))
def test_rotor_sandwich_preserves_norms_and_turns_a_to_b(abx):
    a, b, x = abx
    if (a * b).grades == (0,) and a.sp(b) < 0:  # opposite directions: refused
        with pytest.raises(InvalidInputError, match="opposite"):
            rotor(a, b)
        return
    R = rotor(a, b)
    y = R >> x
    assert y.normsq() == x.normsq() and y.grades == x.grades
    turned = R >> a
    # R a R^-1 = (|a|/|b|) b: parallel to b, same direction, with a's length
    assert (turned ^ b).is_zero() and turned.sp(b) > 0 and turned.normsq() == a.normsq()


def test_rotor_exact_when_norms_rational():
    R = rotor([3, 4], [0, 5])
    assert all(isinstance(c, Fraction) for c in R.coords.values())
    assert R >> MultiVector([3, 4]) == MultiVector([0, 5])
    # the angle from (3, 4) to (0, 5) has cosine 4/5 and sine 3/5 (counterclockwise)
    assert R >> MultiVector([1, 0]) == MultiVector([Fraction(4, 5), Fraction(3, 5)])
    assert R * ~R == MultiVector(2 * 25 * (25 + 20), 2)


def test_rotor_with_a_surd_is_still_exact():
    R = rotor([1, 0, 0], [1, 1, 0])
    y = R >> MultiVector([1, 0, 0])
    s = sympy.sqrt(2)
    assert y == MultiVector({1: 1 / s, 2: 1 / s}, dim=3)
    assert R >> MultiVector([0, 0, 7]) == MultiVector([0, 0, 7])


def test_symbolic_coefficients():
    a1, a2, b1, b2 = sympy.symbols("a1 a2 b1 b2")
    a, b = MultiVector([a1, a2]), MultiVector([b1, b2])
    assert (a * b).scalar == sympy.expand(a1 * b1 + a2 * b2)
    assert (a * b).coefficient(1, 2) == sympy.expand(a1 * b2 - a2 * b1)
    assert a * a.inv() == 1
    assert (a ^ b) == MultiVector(wedge([a1, a2], [b1, b2]))
    n = MultiVector([1, 0])
    assert reflect(a, n) == MultiVector([-a1, a2])


def test_construction_and_keys():
    m = MultiVector({(): 2, (3, 1): 1, 0b010: "1/2"}, dim=3)
    assert m.coords == {(): 2, (2,): Fraction(1, 2), (1, 3): -1}
    assert MultiVector(Vector(1, 2)) == Vector(1, 2) and hash(MultiVector(Vector(1, 2))) == hash(Vector(1, 2))
    assert MultiVector(wedge([1, 0], [0, 1])) == MultiVector({3: 1}, dim=2)
    assert MultiVector(3, dim=2) == 3 and hash(MultiVector(3, dim=2)) == hash(3)
    assert pickle.loads(pickle.dumps(m)) == m
    assert Vector(1, 2) * Vector(3, 4) == MultiVector([1, 2]) * MultiVector([3, 4])
    assert isinstance(Vector(1, 2) * 2, Vector)
    with pytest.raises(DimensionError, match="needs dim="):
        MultiVector({1: 1})
    with pytest.raises(DimensionError, match="repeated"):
        MultiVector({(1, 1): 1}, dim=2)
    with pytest.raises(DimensionError, match="bitmask 4"):
        MultiVector({4: 1}, dim=2)
    with pytest.raises(DimensionError, match="do not combine"):
        MultiVector([1, 2]) * MultiVector([1, 2, 3])
    with pytest.raises(NonExactInputError):
        MultiVector([1, 2]) * 0.5
    with pytest.raises(NonExactInputError):
        MultiVector({0: 0.5}, dim=1)
    with pytest.raises(AttributeError):
        m.dim = 4
    with pytest.raises(ZeroDivisionError):
        m / 0


def test_inverse_refusals():
    with pytest.raises(NotInvertibleError, match="not a nonzero scalar"):
        MultiVector({0: 1, 1: 1}, dim=2).inv()
    with pytest.raises(NotInvertibleError):
        MultiVector(0, 3).inv()
    with pytest.raises(InvalidInputError, match="not a versor"):
        MultiVector({0: 1, 1: 1}, dim=2) >> MultiVector([1, 0])
    with pytest.raises(InvalidInputError, match="zero vector"):
        reflect([1, 2], [0, 0])
    with pytest.raises(DimensionError, match="must be a vector"):
        reflect([1, 2], MultiVector({3: 1}, dim=2))
    assert isinstance(NotInvertibleError("x"), InvalidInputError)


def test_display():
    m = MultiVector({0: 1, 0b11: Fraction(-1, 2), 0b1: sympy.Symbol("a")}, dim=2)
    assert str(m) == "1 + a*e1 - 1/2*e12"
    assert repr(m) == "MultiVector(1 + a*e1 - 1/2*e12, dim=2)"
    assert m._repr_latex_() == "$" + sympy.latex(m) + "$"
    assert sympy.latex(m) == r"1 + a\, e_{1} - \frac{1}{2}\, e_{1}\wedge e_{2}"
    assert repr(MultiVector(0, 3)) == "MultiVector(0, dim=3)"
    assert sympy.latex(MultiVector({0: -2, 1: 1}, dim=1)) == "-2 + e_{1}"
