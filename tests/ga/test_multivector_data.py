"""Multivectors of clifford, kingdon and galgebra as data (issue 16).

Every primitive given multivectors (or lists of them) must give exactly what
it gives on the rational coordinates. The multivectors are built by each
library's own constructors (kingdon ``alg.vector``, galgebra's basis
vectors, clifford ``layout.MultiVector`` over float64), never by our
``to_*``; coordinates are dyadic rationals (k/2^j), so clifford's float64
holds them exactly and "the exact binary value" is the value itself.

clifford runs here with its numba JIT as the session has it: reading a
multivector compiles nothing, and no clifford product is taken in this
process (exact clifford output needs NUMBA_DISABLE_JIT=1: one subprocess
test below).
"""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy

import exactwedge as ew
from exactwedge import Blade, Vector
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.numbers import as_vector, to_sympy
from exactwedge.ga.interop import from_clifford, from_galgebra, from_kingdon, to_clifford, to_galgebra, to_kingdon

LIBRARIES = ["clifford", "kingdon", "galgebra"]
DIMS = [2, 3, 4, 5]


# ----------------------------------------------------------------- the libraries' own multivectors
def _layout(d: int):
    import clifford

    return clifford.Cl(d)[0]


def _algebra(d: int):
    import kingdon

    return kingdon.Algebra(d)


def _ga(d: int):
    from exactwedge.ga.interop.galgebra_ import _galgebra  # undoes galgebra's printer patch

    Ga, _ = _galgebra()
    return Ga("e*" + "|".join(str(i) for i in range(1, d + 1)), g=[1] * d)


_CACHE: dict = {}


def algebra(library: str, d: int):
    key = (library, d)
    if key not in _CACHE:
        _CACHE[key] = {"clifford": _layout, "kingdon": _algebra, "galgebra": _ga}[library](d)
    return _CACHE[key]


def mv(library: str, coords) -> object:
    """The vector with these coordinates, built by the library itself."""
    d = len(coords)
    alg = algebra(library, d)
    if library == "kingdon":
        return alg.vector(list(coords))
    if library == "galgebra":
        out = 0
        for c, e in zip(coords, alg.mv()):
            out = out + (sympy.Rational(c.numerator, c.denominator) if isinstance(c, Fraction) else c) * e
        return out if out != 0 else alg.mv(0, "scalar")
    value = np.zeros(2**d)
    bitmaps = alg._basis_blade_order.index_to_bitmap
    for j, c in enumerate(coords):
        value[list(bitmaps).index(1 << j)] = float(c)  # dyadic: exact in float64
    return alg.MultiVector(value)


def bivector(library: str, d: int, coefficients: dict) -> object:
    """The bivector sum c * e_i e_j (1-based i < j), built by the library itself."""
    alg = algebra(library, d)
    if library == "kingdon":
        return alg.multivector({f"e{i}{j}": c for (i, j), c in coefficients.items()})
    if library == "galgebra":
        es = alg.mv()
        return sum((sympy.Rational(c.numerator, c.denominator) * (es[i - 1] ^ es[j - 1])
                    for (i, j), c in coefficients.items()), alg.mv(0, "scalar"))
    value = np.zeros(2**d)
    bitmaps = list(alg._basis_blade_order.index_to_bitmap)
    for (i, j), c in coefficients.items():
        value[bitmaps.index((1 << (i - 1)) | (1 << (j - 1)))] = float(c)
    return alg.MultiVector(value)


def with_scalar(library: str, x: object, s: int) -> object:
    """x plus the scalar s (a mixed-grade multivector), built by the library."""
    if library == "clifford":
        value = np.array(x.value, dtype=np.float64)
        value[0] += s
        return x.layout.MultiVector(value)
    if library == "kingdon":
        return x + x.algebra.scalar([s])
    return x + s


def dyadic(rng) -> Fraction:
    return Fraction(int(rng.integers(-24, 25)), 2 ** int(rng.integers(0, 4)))


def points(rng, d: int, m: int) -> list[list[Fraction]]:
    return [[dyadic(rng) for _ in range(d)] for _ in range(m)]


def as_mvs(library: str, rows) -> list:
    return [mv(library, r) for r in rows]


# ----------------------------------------------------------------- every primitive, exactly the same
@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("d", DIMS)
def test_cross_wedge_hodge_volume(library, d, rng):
    V = points(rng, d, d + 1)
    M = as_mvs(library, V)
    assert ew.cross(*M[: d - 1]) == ew.cross(*V[: d - 1])
    assert ew.wedge(*M[:2]) == ew.wedge(*V[:2])
    assert ew.wedge(*M[:d]) == ew.wedge(*V[:d])
    assert ew.hodge(M[0]) == ew.hodge(V[0])
    assert ew.inverse_hodge(M[0]) == ew.inverse_hodge(V[0])
    assert ew.signed_volume(*M[:d]) == ew.signed_volume(*V[:d])
    assert ew.simplex_volume(*M) == ew.simplex_volume(*V)
    if d == 2:
        assert ew.triangle_area(*M[:3]) == ew.triangle_area(*V[:3])
    assert Vector(M[0]) == Vector(*V[0])
    assert Vector(1, *[0] * (d - 1)) ^ M[1] == ew.wedge([1] + [0] * (d - 1), V[1])
    assert Vector(*V[1]) | M[0] == Vector(*V[1]) | Vector(*V[0])


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("d", DIMS)
def test_distances(library, d, rng):
    V = points(rng, d, 3)
    M = as_mvs(library, V)
    assert ew.squared_distance_to_span(M[0], M[1:]) == ew.squared_distance_to_span(V[0], V[1:])
    assert ew.distance_to_span(M[0], [M[1]]) == ew.distance_to_span(V[0], [V[1]])
    assert ew.squared_distance_to_affine_hull(M[0], M[1:]) == ew.squared_distance_to_affine_hull(V[0], V[1:])
    assert ew.distance_to_affine_hull(M[0], M[1:]) == ew.distance_to_affine_hull(V[0], V[1:])


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("d", [2, 3, 4])
def test_blades_where_blades_are_taken(library, d, rng):
    """A homogeneous grade-2 multivector is that bivector in wedge, hodge and inverse_hodge."""
    coeffs = {(i, j): dyadic(rng) for i in range(1, d + 1) for j in range(i + 1, d + 1)}
    B = Blade.from_coords(d, coeffs)
    M = bivector(library, d, coeffs)
    assert ew.hodge(M) == ew.hodge(B)
    assert ew.inverse_hodge(M) == ew.inverse_hodge(B)
    if d >= 3:
        x = points(rng, d, 1)[0]
        assert ew.wedge(M, mv(library, x)) == ew.wedge(B, x)


@pytest.mark.parametrize("library", LIBRARIES)
def test_lists_of_multivectors(library, rng):
    """The batch kernel takes a list of multivectors as its points."""
    V = points(rng, 3, 5)
    table, ref = ew.cross_products(as_mvs(library, V)), ew.cross_products(V)
    assert len(table) == len(ref) > 0
    assert [table.vector(i) for i in range(len(table))] == [ref.vector(i) for i in range(len(ref))]
    assert table.subsets.tolist() == ref.subsets.tolist()


def test_zero_multivector_is_the_origin():
    for library in LIBRARIES:
        zero = mv(library, [Fraction(0)] * 3)
        assert ew.cross(zero, [1, 2, 3]) == Vector(0, 0, 0)
        assert Vector(zero) == Vector(0, 0, 0)


# ----------------------------------------------------------------- exactness
def test_clifford_float64_at_its_exact_binary_value():
    layout = algebra("clifford", 2)
    x = layout.MultiVector(np.array([0.0, 0.1, 1.0 / 3, 0.0]))
    assert Vector(x) == Vector(ew.from_float(0.1), ew.from_float(1.0 / 3))
    assert ew.cross(x) == ew.cross([ew.from_float(0.1), ew.from_float(1.0 / 3)])


def test_clifford_nonfinite_refused():
    layout = algebra("clifford", 2)
    with pytest.raises(ew.NonFiniteInputError):
        ew.cross(layout.MultiVector(np.array([0.0, float("nan"), 1.0, 0.0])))


def test_kingdon_and_galgebra_exact_values_stay_exact():
    third = Fraction(1, 3)
    for library in ("kingdon", "galgebra"):
        assert ew.cross(mv(library, [third, Fraction(2, 7)])) == ew.cross([third, Fraction(2, 7)])


@pytest.mark.parametrize("library", ["kingdon", "galgebra"])
def test_kingdon_and_galgebra_floats_refused(library):
    x = algebra("kingdon", 2).vector([0.5, 1]) if library == "kingdon" else algebra("galgebra", 2).mv()[0] * sympy.Float(0.5)
    with pytest.raises(NonExactInputError, match=rf"from_{library}\(mv, from_float=True\)"):
        ew.cross(x)
    with pytest.raises(NonExactInputError):
        ew.fit([x, x], [0, 1], 1)


def test_symbolic_coefficients_stay_symbolic():
    a, b, c, e = sympy.symbols("a b c e")
    for library in ("kingdon", "galgebra"):
        got = ew.cross(mv(library, [a, b, c]), mv(library, [1, 0, e]))
        assert got == ew.cross([a, b, c], [1, 0, e])


# ----------------------------------------------------------------- refusals
@pytest.mark.parametrize("library", LIBRARIES)
def test_other_grades_refused_where_a_vector_is_expected(library):
    x = mv(library, [Fraction(1), Fraction(2), Fraction(3)])
    with pytest.raises(DimensionError, match=r"cross argument 0 must be a vector \(grade 1\), got a "
                                             rf"{library} multivector with parts of grades \[0, 1\]"):
        ew.cross(with_scalar(library, x, 2), [1, 0, 0])
    B = bivector(library, 3, {(1, 2): Fraction(1)})
    with pytest.raises(DimensionError, match=r"grades \[2\]"):
        ew.signed_volume(B, [1, 0, 0], [0, 1, 0])
    with pytest.raises(DimensionError, match=r"X row 1 must be a vector \(grade 1\).*grades \[2\]"):
        ew.dictionary([x, B])


@pytest.mark.parametrize("library", LIBRARIES)
def test_mixed_grades_refused_where_a_blade_is_expected(library):
    x = with_scalar(library, mv(library, [Fraction(1), Fraction(2), Fraction(3)]), 2)
    with pytest.raises(DimensionError, match=rf"blade must be a blade \(one grade\), got a {library} multivector "
                                             rf"with parts of grades \[0, 1\]; take one part with "
                                             rf"exactwedge.from_{library}\(mv, grade=k\)"):
        ew.hodge(x)


def test_non_euclidean_algebra_refused():
    import kingdon

    pga = kingdon.Algebra(3, 0, 1)
    with pytest.raises(InvalidInputError, match="Euclidean"):
        ew.cross(pga.vector([1, 2, 3, 4]), [1, 0, 0, 0], [0, 1, 0, 0])


def test_other_library_objects_refused():
    with pytest.raises(InvalidInputError, match="expected a kingdon MultiVector, got Algebra"):
        ew.cross(algebra("kingdon", 2))


# ----------------------------------------------------------------- results back in the user's library
@pytest.mark.parametrize("d", DIMS)
def test_round_trips_kingdon_galgebra(d, rng):
    V = points(rng, d, d)
    for library, to, back in (("kingdon", to_kingdon, from_kingdon), ("galgebra", to_galgebra, from_galgebra)):
        M = as_mvs(library, V)
        c, w = ew.cross(*M[: d - 1]), ew.wedge(*M[:2])
        assert back(to(c)) == c == ew.cross(*V[: d - 1])
        assert back(to(w)) == w
        s = ew.signed_volume(*M)
        assert back(to(s, algebra(library, d))) == Blade(d, 0, [s])
        assert [back(x) for x in to([c, w])] == [c, w]


@pytest.mark.parametrize("d", DIMS)
def test_round_trips_clifford_float64(d, rng):
    """Results of dyadic data leave as float64 (exact=False on purpose, or exact=True: nothing to round) and come back exact."""
    V = points(rng, d, d)
    M = as_mvs("clifford", V)
    c, w, s = ew.cross(*M[: d - 1]), ew.wedge(*M[:2]), ew.signed_volume(*M)
    assert from_clifford(to_clifford(c, exact=False), from_float=True) == c
    assert from_clifford(to_clifford(w, exact=False), from_float=True) == w
    assert from_clifford(to_clifford(s, algebra("clifford", d), exact=False), from_float=True, grade=0) == Blade(d, 0, [s])
    # exact=True (the default): float64 holds these dyadic results exactly, so no NUMBA_DISABLE_JIT is needed
    assert from_clifford(to_clifford(c), from_float=True) == c
    assert [from_clifford(m, from_float=True) for m in to_clifford([c, w])] == [c, w]


def test_a_scalar_needs_its_algebra():
    with pytest.raises(InvalidInputError, match=r"the scalar 3 has no dimension of its own: pass alg="):
        to_kingdon(ew.signed_volume([1, 2, 3], [4, 5, 6], [7, 8, 10]) * -1)
    with pytest.raises(InvalidInputError, match=r"pass layout="):
        to_clifford(Fraction(1, 2), exact=False)


def test_results_go_to_another_library():
    """A kingdon result converts to galgebra and back: the reader is the same everywhere."""
    k = ew.wedge(mv("kingdon", [Fraction(1), Fraction(2), Fraction(0)]), [0, 1, 1])
    assert from_galgebra(to_galgebra(to_kingdon(k))) == k


def test_network_weights_convert_as_lists():
    X = [[Fraction(0), Fraction(0)], [Fraction(1), Fraction(0)], [Fraction(2), Fraction(1)], [Fraction(0), Fraction(3, 8)]]
    res = ew.fit(as_mvs("kingdon", X), [0, 1, 0, 1], "1/10", bias=True)
    weights = [Vector(*u.w) for u in res.network.units]
    assert weights and [from_kingdon(m) for m in to_kingdon(res)] == weights
    assert [from_kingdon(m) for m in to_kingdon(res.network)] == weights
    assert [from_galgebra(m) for m in to_galgebra(res.network)] == weights
    assert from_kingdon(to_kingdon(res.network.units[0])) == weights[0]  # one neuron: its weight vector
    D = ew.dictionary(X, bias=True)
    assert [from_galgebra(m) for m in to_galgebra(D)] == [Vector(*n.w) for n in D.neurons]


def test_norm2_weights_stay_exact_surds():
    X = [[Fraction(0), Fraction(0)], [Fraction(1), Fraction(0)], [Fraction(2), Fraction(1)]]
    res = ew.fit(X, [0, 1, 0], "1/10", bias=True, norm=2)
    for m, u in zip(to_kingdon(res), res.network.units):
        assert [sympy.simplify(v - to_sympy(c)) for v, c in zip(m.values(), u.w)] == [0, 0]
    assert any(not sympy.sympify(v).is_Rational for m in to_kingdon(res) for v in m.values())  # square roots, exact


def test_exact_clifford_round_trip_in_a_jit_free_process():
    """With NUMBA_DISABLE_JIT=1 clifford holds Fractions: object arrays are read exactly, results go back exactly."""
    code = (
        "import numpy as np\nfrom fractions import Fraction as F\nimport clifford\nimport exactwedge as ew\n"
        "from exactwedge.ga.interop import to_clifford, from_clifford\n"
        "layout = clifford.Cl(3)[0]\n"
        "def v(*c):\n    a = np.empty(8, dtype=object); a[:] = [F(0)] * 8\n"
        "    for j, x in enumerate(c): a[[1, 2, 3][j]] = F(x)\n    return layout.MultiVector(a)\n"
        "a, b = v(F(1, 3), 2, 0), v(0, F(2, 7), 1)\n"
        "c = ew.cross(a, b)\nassert c == ew.cross([F(1, 3), 2, 0], [0, F(2, 7), 1]), c\n"
        "assert from_clifford(to_clifford(c)) == c\n"
        "res = ew.fit([v(0, 0, 0), a, b, v(1, 1, 1)], [0, 1, 0, 1], '1/10', bias=True)\n"
        "ws = [from_clifford(m) for m in to_clifford(res.network)]\n"
        "assert ws == [ew.Vector(*u.w) for u in res.network.units] and ws\nprint('ok')\n"
    )
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ok"]


def test_primitives_on_plain_data_import_no_ga_library():
    """Recognizing a multivector reads only its type's module name: plain data loads none of the libraries."""
    code = ("import sys, exactwedge as ew\n"
            "ew.cross([1, 2, 3], [4, 5, 6]); ew.hodge([1, 2]); ew.wedge([1, 0], [0, 1])\n"
            "ew.fit([0, 1, 3], [0, 1, 0], 1, bias=True); ew.dictionary([[1, 0], [0, 1]])\n"
            "print(' '.join(m for m in ('clifford', 'kingdon', 'galgebra', 'numba') if m in sys.modules) or 'none')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["none"]


def test_dimension_checks_still_apply():
    with pytest.raises(DimensionError, match="one dimension"):
        ew.wedge(mv("kingdon", [Fraction(1), Fraction(2)]), mv("kingdon", [Fraction(1), Fraction(2), Fraction(3)]))
    with pytest.raises(DimensionError, match="must have 2 coordinates, got 3"):
        as_vector(mv("galgebra", [Fraction(1), Fraction(2), Fraction(3)]), 2)
