"""Tests of exactwedge.ga.interop and of the convention table in docs/conventions.md.

Each row of the table has one test below (named ``test_row_...``),
parametrized over d = 2..6 and, where the relation depends on it, over the
grade k = 0..d. Comparisons are exact (Blade equality on Fractions/SymPy).

Why clifford runs in a subprocess
    clifford compiles its products with numba, and numba rejects the object
    arrays that hold exact values; exact clifford needs NUMBA_DISABLE_JIT=1
    *before numba is imported*. Setting it in ``os.environ`` from this module
    would either come too late (another test already imported numba) or
    silently switch the JIT off for the whole pytest session, so results
    would depend on test order. Instead a module-scoped fixture starts one
    worker process with NUMBA_DISABLE_JIT=1 and evaluates clifford
    expressions there (about a second to start, milliseconds per call).
    Blades travel as (dim, grade, coefficients) tuples, since Blade does not
    pickle. The clifford behaviour of *this* process (JIT on, unless the
    session itself was started with NUMBA_DISABLE_JIT=1) is tested in-process
    without any product, so nothing is ever compiled here.
"""

from __future__ import annotations

import base64
import math
import os
import pickle
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import exactwedge
from exactwedge import Blade, Vector, basis_blade, cross, hodge, inverse_hodge, pseudoscalar, wedge
from exactwedge import exceptions as exc
from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.ga.interop import (
    clifford_exact_available,
    from_clifford,
    from_galgebra,
    from_kingdon,
    to_clifford,
    to_galgebra,
    to_kingdon,
)

REPO = Path(exactwedge.__file__).resolve().parents[1]
DIMS = [2, 3, 4, 5, 6]
DIM_GRADES = [(d, k) for d in DIMS for k in range(d + 1)]


def sgn(e: int) -> int:
    return -1 if e % 2 else 1


# ----------------------------------------------------------------- helpers
# ``rng`` is the seeded numpy Generator fixture of tests/conftest.py.
def rand_q(rng) -> Fraction:
    return Fraction(int(rng.choice([-9, -7, -5, -3, -2, -1, 1, 2, 3, 4, 5, 8])), int(rng.integers(1, 7)))


def rand_blade(rng, d: int, k: int) -> Blade:
    """A random k-vector (not necessarily simple) with nonzero rational coefficients."""
    return Blade(d, k, [rand_q(rng) for _ in range(math.comb(d, k))])


def rand_vectors(rng, d: int, m: int) -> list[list[Fraction]]:
    """m linearly independent random rational vectors of R^d (m <= d)."""
    while True:
        V = [[Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 4))) for _ in range(d)] for _ in range(m)]
        if not wedge(*V).is_zero():
            return V


# ----------------------------------------------------------------- the clifford worker
_WORKER = r"""
import base64, pickle, sys
from fractions import Fraction
import numpy as np
import clifford
from exactwedge.ga.blade import Blade
import exactwedge
import exactwedge.ga.interop as interop
from exactwedge.ga.interop.clifford_ import _default_layout

def enc(x):
    if isinstance(x, Blade):
        return ("__blade__", x.dim, x.grade, tuple(x.coefficients))
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(enc(v) for v in x)
    return x

def dec(x):
    if isinstance(x, tuple) and x and x[0] == "__blade__":
        return Blade._raw(x[1], x[2], x[3])
    if isinstance(x, dict):
        return {k: dec(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(dec(v) for v in x)
    return x

ns = {name: getattr(interop, name) for name in interop.__all__}
ns.update({name: getattr(exactwedge, name) for name in exactwedge.__all__})
ns.update(clifford=clifford, np=np, Fraction=Fraction, layout=_default_layout,
          I=lambda d: _default_layout(d).pseudoScalar)
for line in sys.stdin:
    expr, kwargs = pickle.loads(base64.b64decode(line))
    try:
        data = pickle.dumps(("ok", enc(eval(expr, {**ns, **dec(kwargs)}))))
    except Exception as e:
        data = pickle.dumps(("err", type(e).__module__, type(e).__name__, str(e)))
    sys.stdout.write(base64.b64encode(data).decode() + "\n")
    sys.stdout.flush()
"""


class CliffordWorker:
    """Evaluates clifford expressions in a NUMBA_DISABLE_JIT=1 subprocess."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["NUMBA_DISABLE_JIT"] = "1"
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self._stderr = tempfile.TemporaryFile()  # a pipe could fill up and block the worker
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            cwd=str(REPO),
            text=True,
        )

    @staticmethod
    def _enc(x):
        if isinstance(x, Blade):
            return ("__blade__", x.dim, x.grade, tuple(x.coefficients))
        if isinstance(x, dict):
            return {k: CliffordWorker._enc(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return type(x)(CliffordWorker._enc(v) for v in x)
        return x

    @staticmethod
    def _dec(x):
        if isinstance(x, tuple) and x and x[0] == "__blade__":
            return Blade._raw(x[1], x[2], x[3])
        if isinstance(x, (list, tuple)):
            return type(x)(CliffordWorker._dec(v) for v in x)
        return x

    def __call__(self, expr: str, **kwargs):
        payload = base64.b64encode(pickle.dumps((expr, self._enc(kwargs)))).decode()
        self.proc.stdin.write(payload + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self._stderr.seek(0)
            raise RuntimeError("the clifford worker died:\n" + self._stderr.read().decode(errors="replace"))
        out = pickle.loads(base64.b64decode(line))
        if out[0] == "ok":
            return self._dec(out[1])
        _, module, name, message = out
        if module == "exactwedge.exceptions":
            raise getattr(exc, name)(message)
        raise RuntimeError(f"{module}.{name}: {message}")

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self._stderr.close()


@pytest.fixture(scope="module")
def cl():
    worker = CliffordWorker()
    try:
        assert worker("clifford_exact_available()") is True
        yield worker
    finally:
        worker.close()


# ----------------------------------------------------------------- galgebra's global dual mode
def _Ga():
    """galgebra's Ga, imported through the adapter so that its printer patch is undone."""
    from exactwedge.ga.interop.galgebra_ import _galgebra

    return _galgebra()[0]


@pytest.fixture
def galgebra_mode():
    """Set galgebra's process-wide dual mode for one test, and restore it afterwards."""
    Ga = _Ga()

    saved = Ga.dual_mode_value

    def set_mode(mode: str) -> None:
        Ga.dual_mode(mode)

    try:
        yield set_mode
    finally:
        Ga.dual_mode_value = saved


# =================================================================== the convention table
# Row 1: ours. cross(V) = (-1)^(d-1) ⋆(v1∧…∧v_{d-1}).
@pytest.mark.parametrize("d", DIMS)
def test_row_ours_cross_is_signed_hodge(d, rng):
    V = rand_vectors(rng, d, d - 1)
    assert cross(*V) == sgn(d - 1) * hodge(wedge(*V))


# Row 2: ours. inverse_hodge = (-1)^(k(d-k)) ⋆ on grade k.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_ours_inverse_hodge(d, k, rng):
    B = rand_blade(rng, d, k)
    assert inverse_hodge(B) == sgn(k * (d - k)) * hodge(B)


# Row 3: clifford M.dual() = M I⁻¹ = (-1)^(k(k-1)/2 + d(d-1)/2) ⋆M.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_clifford_dual_vs_hodge(cl, d, k, rng):
    B = rand_blade(rng, d, k)
    got = cl("from_clifford(to_clifford(B).dual())", B=B)
    assert got == sgn(k * (k - 1) // 2 + d * (d - 1) // 2) * hodge(B)


# Row 4: clifford (v1^…^v_{d-1}).dual() = cross(V), every d.
@pytest.mark.parametrize("d", DIMS)
def test_row_clifford_dual_is_cross(cl, d, rng):
    V = [Vector(v) for v in rand_vectors(rng, d, d - 1)]
    expr = "from_clifford((" + " ^ ".join(f"to_clifford(V[{i}])" for i in range(d - 1)) + ").dual())"
    assert cl(expr, V=V) == cross(*V)


# Row 5: clifford M.dual() == M * I⁻¹ with I⁻¹ = ~I exactly; I⁻¹ M = (-1)^(k(d-1)) M.dual();
# M I = (-1)^(k(k-1)/2) ⋆M; and I.inv() is float64 even without the JIT.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_clifford_dual_vs_pseudoscalar_products(cl, d, k, rng):
    B = rand_blade(rng, d, k)
    dual, right, left, times_i = cl(
        "(from_clifford(to_clifford(B).dual()), from_clifford(to_clifford(B) * ~I(d)),"
        " from_clifford(~I(d) * to_clifford(B)), from_clifford(to_clifford(B) * I(d)))",
        B=B,
        d=d,
    )
    assert dual == right
    assert left == sgn(k * (d - 1)) * dual
    assert times_i == sgn(k * (k - 1) // 2) * hodge(B)
    assert cl("from_clifford(~I(d) * I(d)) == Blade(d, 0, [1])", d=d)
    assert cl("I(d).inv().value.dtype.kind", d=d) == "f"
    assert cl("from_clifford(I(d).inv(), from_float=True) == from_clifford(~I(d))", d=d)


# Row 6: galgebra M.dual() in each of the eight modes, against ⋆ on grade k.
GALGEBRA_MODES = {
    "I+": lambda d, k: sgn(k * (k - 1) // 2),  # the default: M*I
    "I-": lambda d, k: -sgn(k * (k - 1) // 2),
    "+I": lambda d, k: sgn(k * (d - 1) + k * (k - 1) // 2),  # I*M
    "-I": lambda d, k: -sgn(k * (d - 1) + k * (k - 1) // 2),
    "Iinv+": lambda d, k: sgn(k * (k - 1) // 2 + d * (d - 1) // 2),  # M*I⁻¹, as clifford
    "Iinv-": lambda d, k: -sgn(k * (k - 1) // 2 + d * (d - 1) // 2),
    "+Iinv": lambda d, k: sgn(k * (d - 1) + k * (k - 1) // 2 + d * (d - 1) // 2),  # I⁻¹*M
    "-Iinv": lambda d, k: -sgn(k * (d - 1) + k * (k - 1) // 2 + d * (d - 1) // 2),
}


def test_galgebra_default_mode_and_mode_list():
    Ga = _Ga()

    assert set(Ga.dual_mode_lst) == set(GALGEBRA_MODES)
    assert Ga.dual_mode_value == "I+"


@pytest.mark.parametrize("mode", list(GALGEBRA_MODES))
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_galgebra_dual_modes(galgebra_mode, mode, d, k, rng):
    B = rand_blade(rng, d, k)
    galgebra_mode(mode)
    assert from_galgebra(to_galgebra(B).dual()) == GALGEBRA_MODES[mode](d, k) * hodge(B)


# Rows 5-12, last column: galgebra dual of W = v1^…^v_{d-1} against cross(V).
GALGEBRA_MODES_ON_CROSS = {
    "I+": lambda d: sgn(d * (d - 1) // 2),
    "I-": lambda d: -sgn(d * (d - 1) // 2),
    "+I": lambda d: sgn((d - 1) * (d - 2) // 2),
    "-I": lambda d: -sgn((d - 1) * (d - 2) // 2),
    "Iinv+": lambda d: 1,
    "Iinv-": lambda d: -1,
    "+Iinv": lambda d: sgn(d - 1),
    "-Iinv": lambda d: -sgn(d - 1),
}


@pytest.mark.parametrize("mode", list(GALGEBRA_MODES))
@pytest.mark.parametrize("d", DIMS)
def test_row_galgebra_dual_vs_cross(galgebra_mode, mode, d, rng):
    V = rand_vectors(rng, d, d - 1)
    galgebra_mode(mode)
    W = to_galgebra(V[0])
    for v in V[1:]:
        W = W ^ to_galgebra(v)
    assert from_galgebra(W.dual()) == GALGEBRA_MODES_ON_CROSS[mode](d) * cross(*V)
    # consistent with the ⋆ column, since cross = (-1)^(d-1) ⋆ on grade d-1
    assert GALGEBRA_MODES_ON_CROSS[mode](d) == GALGEBRA_MODES[mode](d, d - 1) * sgn(d - 1)


# Row 16, last column: kingdon undual of W is (-1)^(d(d-1)/2) cross(V).
@pytest.mark.parametrize("d", DIMS)
def test_row_kingdon_undual_vs_cross(d, rng):
    V = rand_vectors(rng, d, d - 1)
    W = to_kingdon(V[0])
    for v in V[1:]:
        W = W ^ to_kingdon(v)
    assert from_kingdon(W.undual()) == sgn(d * (d - 1) // 2) * cross(*V)


# Row 8: kingdon hodge() = ⋆, and so hodge(v1∧…∧v_{d-1}) = (-1)^(d-1) cross(V).
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_kingdon_hodge_is_our_hodge(d, k, rng):
    B = rand_blade(rng, d, k)
    assert from_kingdon(to_kingdon(B).hodge()) == hodge(B)


@pytest.mark.parametrize("d", DIMS)
def test_row_kingdon_hodge_vs_cross(d, rng):
    V = rand_vectors(rng, d, d - 1)
    W = to_kingdon(V[0])
    for v in V[1:]:
        W = W ^ to_kingdon(v)
    assert from_kingdon(W.hodge()) == sgn(d - 1) * cross(*V)


# Row 9: kingdon unhodge() = our inverse_hodge = (-1)^(k(d-k)) ⋆.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_kingdon_unhodge_is_inverse_hodge(d, k, rng):
    B = rand_blade(rng, d, k)
    assert from_kingdon(to_kingdon(B).unhodge()) == inverse_hodge(B)
    assert from_kingdon(to_kingdon(hodge(B)).unhodge()) == B


# Row 10: kingdon dual() = polarity() = M I⁻¹ (as clifford's dual) in a Euclidean
# algebra; undual() = unpolarity() = M I.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_row_kingdon_dual_and_polarity(d, k, rng):
    B = rand_blade(rng, d, k)
    M = to_kingdon(B)
    polar = sgn(k * (k - 1) // 2 + d * (d - 1) // 2) * hodge(B)
    assert from_kingdon(M.dual()) == polar
    assert from_kingdon(M.polarity()) == polar
    assert from_kingdon(M.undual()) == sgn(k * (k - 1) // 2) * hodge(B)
    assert from_kingdon(M.unpolarity()) == sgn(k * (k - 1) // 2) * hodge(B)


@pytest.mark.parametrize("d", DIMS)
def test_row_kingdon_dual_is_cross(d, rng):
    V = rand_vectors(rng, d, d - 1)
    W = to_kingdon(V[0])
    for v in V[1:]:
        W = W ^ to_kingdon(v)
    assert from_kingdon(W.dual()) == cross(*V)


# The defining identity of ⋆, checked inside kingdon: A ∧ ⋆B = ⟨A, B⟩ I.
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_hodge_definition_inside_kingdon(d, k, rng):
    A, B = rand_blade(rng, d, k), rand_blade(rng, d, k)
    lhs = from_kingdon(to_kingdon(A) ^ to_kingdon(B).hodge(), grade=d)  # grade=: zero when ⟨A,B⟩ = 0
    assert lhs == A.inner(B) * pseudoscalar(d)


# =================================================================== round trips
@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_round_trip_galgebra(d, k, rng):
    B = rand_blade(rng, d, k)
    assert from_galgebra(to_galgebra(B)) == B


@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_round_trip_kingdon(d, k, rng):
    B = rand_blade(rng, d, k)
    assert from_kingdon(to_kingdon(B)) == B


@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_round_trip_clifford(cl, d, k, rng):
    B = rand_blade(rng, d, k)
    assert cl("from_clifford(to_clifford(B))", B=B) == B
    # the stored values stay Fractions: exactness is not an accident of small numbers
    assert cl("all(type(x) is Fraction for x in to_clifford(B).value)", B=B)


@pytest.mark.parametrize("d,k", DIM_GRADES)
def test_round_trip_zero_blades(cl, d, k):
    Z = Blade(d, k, [0] * math.comb(d, k))
    assert from_kingdon(to_kingdon(Z)) == Z  # kingdon keeps the keys, so the grade survives
    assert from_galgebra(to_galgebra(Z), grade=k) == Z
    assert cl("from_clifford(to_clifford(Z), grade=k)", Z=Z, k=k) == Z


def test_round_trip_symbolic(cl):
    a, b, c = sympy.symbols("a b c")
    B = wedge([a, 1, 0], [0, b, sympy.sqrt(2)], [c, 0, sympy.Rational(1, 3)])
    V = wedge([a, sympy.Rational(1, 2), 0, 1], [1, b, 2, 0])
    for X in (B, V, Vector(a, b * c)):
        assert from_galgebra(to_galgebra(X)) == X
        assert from_kingdon(to_kingdon(X)) == X
    assert cl("from_clifford(to_clifford(X))", X=V) == V
    # symbolic products computed by each library agree with ours
    u, v = Vector(a, 1, b), Vector(0, c, 1)
    assert from_galgebra(to_galgebra(u) ^ to_galgebra(v)) == u ^ v
    assert from_kingdon(to_kingdon(u) ^ to_kingdon(v)) == u ^ v
    assert from_kingdon(to_kingdon(u ^ v).hodge()) == hodge(u ^ v)


# The wedge of vectors computed by each library equals ours: this pins the basis
# ordering and signs of every coefficient, not only that conversion is invertible.
@pytest.mark.parametrize("d,k", [(d, k) for d in DIMS for k in range(1, d + 1)])
def test_library_wedge_matches_ours(cl, d, k, rng):
    V = [Vector(v) for v in rand_vectors(rng, d, k)]
    ours = wedge(*V)
    g = to_galgebra(V[0])
    kg = to_kingdon(V[0])
    for v in V[1:]:
        g = g ^ to_galgebra(v)
        kg = kg ^ to_kingdon(v)
    assert from_galgebra(g) == ours
    assert from_kingdon(kg) == ours
    expr = "from_clifford(" + " ^ ".join(f"to_clifford(V[{i}])" for i in range(k)) + ")"
    assert cl(expr, V=V) == ours


@pytest.mark.parametrize("d", DIMS)
def test_named_basis_blades(d):
    """Each library's own basis blade named e_{i<j} is our basis_blade(d, i, j)."""
    from exactwedge.ga.interop.galgebra_ import _default_ga
    from exactwedge.ga.interop.kingdon_ import _default_algebra

    ga = _default_ga(d)
    alg = _default_algebra(d)
    for k in range(d + 1):
        for idx, mvb in zip(ga.indexes[k], ga.mv_blades[k]):
            ours = basis_blade(d, *(i + 1 for i in idx))
            assert from_galgebra(mvb) == ours
            name = "e" + "".join(str(i + 1) for i in idx) if idx else "e"
            assert from_kingdon(alg.blades[name]) == ours


def test_named_basis_blades_clifford(cl):
    got = cl("[(name, from_clifford(mv)) for name, mv in clifford.Cl(4)[1].items()]")
    for name, blade in got:
        assert blade == basis_blade(4, *(int(ch) for ch in name[1:]))


def test_kingdon_custom_basis_signs():
    """A custom kingdon basis that stores e31 (= -e13) and e21 gets the signs right."""
    from kingdon import Algebra

    alg = Algebra(3, basis=["e", "e1", "e2", "e3", "e21", "e31", "e23", "e123"])
    B = Blade.from_coords(3, {(1, 2): 5, (1, 3): 7, (2, 3): "1/2"})
    mv = to_kingdon(B, alg)
    named = {alg.bin2canon[k]: v for k, v in mv.items()}
    assert named == {"e21": -5, "e31": -7, "e23": Fraction(1, 2)}
    assert from_kingdon(mv) == B
    assert from_kingdon(alg.blades["e31"]) == -basis_blade(3, 1, 3)
    # products done by kingdon in that basis still agree with ours
    u, v = Vector(1, 2, 3), Vector(0, "1/2", -1)
    assert from_kingdon(to_kingdon(u, alg) ^ to_kingdon(v, alg)) == u ^ v


def test_kingdon_symbolic_polynomial_values():
    """kingdon's own RationalPolynomial values are read through tosympy()."""
    from kingdon import Algebra
    from kingdon.polynomial import RationalPolynomial

    x, y = sympy.symbols("x y")
    mv = Algebra(2).multivector(keys=(1, 2), values=[RationalPolynomial.fromname("x"), RationalPolynomial.fromname("y")])
    assert from_kingdon(mv) == Vector(x, y)
    assert from_kingdon(mv.hodge()) == hodge(Vector(x, y))


def test_kingdon_start_index_zero():
    """A Euclidean kingdon basis numbered from e0: e0 is our e1."""
    from kingdon import Algebra

    alg = Algebra(3, basis=["e", "e0", "e1", "e2", "e01", "e02", "e12", "e012"])
    assert alg.start_index == 0
    B = Blade.from_coords(3, {(1, 2): 1, (2, 3): -2})
    mv = to_kingdon(B, alg)
    assert {alg.bin2canon[k]: v for k, v in mv.items()} == {"e01": 1, "e02": 0, "e12": -2}
    assert from_kingdon(mv) == B


def test_galgebra_custom_basis_names():
    Ga = _Ga()
    ga = Ga("x y z", g=[1, 1, 1])
    B = wedge([1, 2, 3], [0, 1, "1/2"])
    mv = to_galgebra(B, ga)
    assert mv.Ga is ga
    assert from_galgebra(mv) == B
    x, y, z = ga.mv()
    assert from_galgebra(z ^ x) == -basis_blade(3, 1, 3)


def test_clifford_permuted_storage_order(cl):
    """A layout storing blades in another order (and other names) reads and writes by bitmap."""
    B = Blade.from_coords(3, {(1, 3): 2, (2, 3): "-1/3", (1, 2): 5})
    expr = (
        "from_clifford(to_clifford(B, lay)), to_clifford(B, lay).value.tolist()"
    )
    lay_src = (
        "clifford.Layout([1, 1, 1], order=clifford.BasisBladeOrder([0b000, 0b110, 0b101, 0b011, 0b001, 0b010, 0b100, 0b111]),"
        " names=['', 'A', 'B', 'C', 'x', 'y', 'z', 'I'])"
    )
    back, values = cl(f"(lambda lay: ({expr}))({lay_src})", B=B)
    assert back == B
    assert values == [0, Fraction(-1, 3), 2, 5, 0, 0, 0, 0]


# =================================================================== floats
def test_kingdon_floats_refused_unless_converted():
    from kingdon import Algebra

    mv = Algebra(3).vector([0.5, 1, 0.1])
    with pytest.raises(NonExactInputError, match="from_float=True"):
        from_kingdon(mv)
    assert from_kingdon(mv, from_float=True) == Vector("1/2", 1, Fraction(0.1))
    assert from_kingdon(mv, max_denominator=100) == Vector("1/2", 1, "1/10")


def test_galgebra_floats_refused_unless_converted():
    x = sympy.Symbol("x")
    mv = to_galgebra(Vector(1, 2)) * sympy.Float(0.1)
    with pytest.raises(NonExactInputError, match="SymPy Float"):
        from_galgebra(mv)
    assert from_galgebra(mv, from_float=True) == Vector(Fraction(0.1), 2 * Fraction(0.1))
    assert from_galgebra(mv, max_denominator=10) == Vector("1/10", "1/5")
    sym = to_galgebra(Vector(x, 1)) * sympy.Float(0.5)
    with pytest.raises(NonExactInputError):
        from_galgebra(sym)
    assert from_galgebra(sym, from_float=True) == Vector(x / 2, "1/2")


def test_clifford_float_path_in_this_process():
    """No JIT compilation happens here: construction and reading only."""
    B = wedge([1, 0, 0], [0, "1/3", 1])
    mv = to_clifford(B, exact=False)
    assert mv.value.dtype.name == "float64"
    with pytest.raises(NonExactInputError, match="max_denominator"):
        from_clifford(mv)
    assert from_clifford(mv, max_denominator=1000) == B
    assert from_clifford(mv, from_float=True) == Blade.from_coords(3, {(1, 2): Fraction(1 / 3), (1, 3): 1})
    with pytest.raises(InvalidInputError, match="symbolic"):
        to_clifford(Vector(sympy.Symbol("t"), 1), exact=False)
    # a numeric surd is converted (rounded) on purpose
    assert to_clifford(Vector(sympy.sqrt(2), 1), exact=False).value[1] == 2 ** 0.5


def test_clifford_exact_needs_numba_disable_jit_in_this_process():
    B, D = Vector(1, "1/3"), Vector(1, "-3/8")
    if clifford_exact_available():  # the session was started with NUMBA_DISABLE_JIT=1
        assert from_clifford(to_clifford(B)) == B
        assert from_clifford(to_clifford(D)) == D
    else:
        with pytest.raises(NonExactInputError, match="NUMBA_DISABLE_JIT=1"):
            to_clifford(B)
        with pytest.raises(NonExactInputError, match="NUMBA_DISABLE_JIT=1"):
            to_clifford(Vector(1, sympy.sqrt(2)))
        mv = to_clifford(D)  # every coefficient is a float64 value: float64, nothing rounded
        assert mv.value.dtype.name == "float64" and from_clifford(mv, from_float=True) == D
        assert Vector(mv) == D  # as data, clifford's float64 is read at its exact binary value
    # integer-valued multivectors made by clifford itself are exact either way
    import clifford

    _, blades = clifford.Cl(3)
    assert from_clifford(blades["e13"]) == basis_blade(3, 1, 3)


def test_clifford_floats_from_products_refused(cl):
    """Multiplying an exact multivector by clifford's float I.inv() makes floats: refused."""
    with pytest.raises(NonExactInputError, match="clifford returned the float"):
        cl("from_clifford(to_clifford(B) * I(3).inv())", B=Vector("1/3", 0, 1))
    got = cl("from_clifford(to_clifford(B) * I(3).inv(), max_denominator=100)", B=Vector("1/3", 0, 1))
    assert got == cl("from_clifford(to_clifford(B).dual())", B=Vector("1/3", 0, 1))


def test_clifford_doctest_examples(cl):
    """The clifford doctests skipped in-process, run here with the JIT off."""
    B = wedge([1, 0, 0], [0, 2, 1])
    assert cl("from_clifford(to_clifford(B).dual())", B=B) == Vector(0, -1, 2)
    assert cl("to_clifford(B).value.tolist()", B=B) == [0, 0, 0, 0, 2, 1, 0, 0]


# =================================================================== typed errors
def test_mixed_grades_refused_unless_grade_given(cl):
    u = Vector(1, 2, 3)
    g = to_galgebra(u) + to_galgebra(u).dual()
    with pytest.raises(DimensionError, match=r"grades \[1, 2\]"):
        from_galgebra(g)
    assert from_galgebra(g, grade=1) == u
    k = to_kingdon(u) + to_kingdon(u).hodge()
    with pytest.raises(DimensionError, match="not homogeneous"):
        from_kingdon(k)
    assert from_kingdon(k, grade=2) == hodge(u)
    assert from_kingdon(k, grade=0) == Blade(3, 0, [0])
    with pytest.raises(DimensionError, match="not homogeneous"):
        cl("from_clifford(to_clifford(u) + to_clifford(u).dual())", u=u)
    assert cl("from_clifford(to_clifford(u) + to_clifford(u).dual(), grade=2)", u=u) == -hodge(u)


def test_zero_without_grade_refused():
    z = to_galgebra(Vector(0, 0))
    with pytest.raises(InvalidInputError, match="pass grade=k"):
        from_galgebra(z)
    assert from_galgebra(z, grade=2) == Blade(2, 2, [0])
    from galgebra.mv import Mv

    assert from_galgebra(Mv(0, "scalar", ga=z.Ga), grade=0) == Blade(2, 0, [0])
    from kingdon import Algebra

    alg = Algebra(2)
    mixed_zero = alg.multivector(keys=(0, 1), values=[Fraction(0), Fraction(0)])
    with pytest.raises(InvalidInputError, match="pass grade=k"):
        from_kingdon(mixed_zero)


def test_zero_clifford_float_refused_then_grade():
    mv = to_clifford(Blade(2, 1, [0, 0]), exact=False)
    with pytest.raises(InvalidInputError, match="pass grade=k"):
        from_clifford(mv, from_float=True)
    assert from_clifford(mv, from_float=True, grade=1) == Vector(0, 0)


@pytest.mark.parametrize("bad", [-1, 4, 1.0, True])
def test_bad_grade(bad):
    with pytest.raises(DimensionError, match="grade must be an integer"):
        from_kingdon(to_kingdon(Vector(1, 2, 3)), grade=bad)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_max_denominator(bad):
    with pytest.raises(InvalidInputError, match="max_denominator"):
        from_galgebra(to_galgebra(Vector(1, 2)), max_denominator=bad)


def test_non_euclidean_refused():
    from kingdon import Algebra

    with pytest.raises(InvalidInputError, match="Euclidean"):
        to_kingdon(Vector(1, 2, 3), Algebra(2, 1))
    with pytest.raises(InvalidInputError, match="Euclidean"):
        from_kingdon(Algebra(3, 0, 1).vector([1, 2, 3, 4]))
    Ga = _Ga()
    sta = Ga("t x", g=[1, -1])
    with pytest.raises(InvalidInputError, match="Euclidean"):
        to_galgebra(Vector(1, 2), sta)
    with pytest.raises(InvalidInputError, match="Euclidean"):
        from_galgebra(sta.mv()[0])
    import clifford

    layout, _ = clifford.Cl(2, 1)
    with pytest.raises(InvalidInputError, match="Euclidean"):
        to_clifford(Vector(1, 2, 3), layout, exact=False)


def test_dimension_mismatch_refused():
    from kingdon import Algebra

    with pytest.raises(DimensionError, match="R\\^2, but the blade is in R\\^3"):
        to_kingdon(Vector(1, 2, 3), Algebra(2))
    from exactwedge.ga.interop.galgebra_ import _default_ga

    with pytest.raises(DimensionError, match="R\\^4, but the blade is in R\\^3"):
        to_galgebra(Vector(1, 2, 3), _default_ga(4))
    import clifford

    with pytest.raises(DimensionError, match="R\\^2, but the blade is in R\\^3"):
        to_clifford(Vector(1, 2, 3), clifford.Cl(2)[0], exact=False)


def test_wrong_types_refused():
    for fn in (from_clifford, from_galgebra, from_kingdon):
        with pytest.raises(InvalidInputError, match="expected a"):
            fn(Vector(1, 2))
    with pytest.raises(InvalidInputError, match="expected a kingdon Algebra"):
        to_kingdon(Vector(1, 2), alg="not an algebra")
    with pytest.raises(InvalidInputError, match="exact must be True or False"):
        to_clifford(Vector(1, 2), exact="yes")
    with pytest.raises(NonExactInputError):
        to_kingdon([0.5, 1])  # the blade itself is read by the exact-number policy


def test_kingdon_batched_refused():
    import numpy as np
    from kingdon import Algebra

    mv = Algebra(2).vector(np.array([[1, 2], [3, 4]]))
    with pytest.raises(InvalidInputError, match="batched"):
        from_kingdon(mv)


# =================================================================== import hygiene
def _run(code: str) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(REPO), timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_exactwedge_stays_light():
    code = (
        "import sys, exactwedge, exactwedge.ga, exactwedge.ga.interop\n"
        "f = exactwedge.ga.to_kingdon\n"  # the lazy re-export resolves without importing kingdon
        "print(sorted(m for m in ('clifford', 'galgebra', 'kingdon', 'numba') if m in sys.modules))"
    )
    assert _run(code) == "[]"


def test_galgebra_printer_patch_is_undone():
    code = (
        "import builtins, sympy\n"
        "p = builtins.print\n"
        "f = sympy.Function('f')(sympy.Symbol('x'))\n"
        "from exactwedge.ga.interop import to_galgebra\n"
        "to_galgebra([1, 2])\n"
        "import sys\n"
        "assert 'galgebra.printer' in sys.modules\n"
        "print(repr(f), builtins.print is p)"
    )
    assert _run(code) == "f(x) True"
