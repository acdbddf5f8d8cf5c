"""The ill-conditioning study: float dictionaries get signs wrong, exact never does."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.compare.stress import (
    STRESS_CASES,
    audit_float_dictionary,
    exact_preactivation_signs,
    naive_float_preactivations,
    run_stress,
    stress_case,
    stress_study,
)
from exactwedge.dictionary import dictionary
from exactwedge.exceptions import InvalidInputError
from exactwedge.lasso.backends import installed_backends

needs_sklearn = pytest.mark.skipif("sklearn" not in installed_backends(), reason="scikit-learn not installed")


@pytest.mark.parametrize("name", STRESS_CASES)
def test_float_has_sign_errors_exact_has_none(name):
    D = dictionary(stress_case(name).X, bias=stress_case(name).bias)
    a = audit_float_dictionary(D)
    assert a.sign_errors > 0 and a.activation_errors > 0
    assert a.exact_sign_errors == 0  # every entry recomputed from the exact neurons agrees
    assert a.export_activation_errors == 0  # correct rounding keeps every sign and zero
    # a wrong sign is a flip (+ ↔ −), a spurious nonzero (exact 0) or a lost nonzero (float 0)
    assert a.sign_errors == a.sign_flips + a.spurious_nonzero + a.lost_nonzero


def test_measured_counts_are_reproducible():
    """The counts at the default seed (2024), as reported by ``exactwedge path --stress``."""
    counts = {}
    for name in STRESS_CASES:
        c = stress_case(name)
        a = audit_float_dictionary(dictionary(c.X, bias=c.bias))
        counts[name] = (a.entries, a.sign_errors, a.sign_flips, a.activation_errors)
    assert counts == {
        "near_collinear": (2674, 248, 8, 128),
        "large_offset": (392, 79, 53, 65),
        "near_duplicates": (2632, 82, 0, 41),
    }
    # another seed draws other data
    other = stress_case("large_offset", seed=7)
    assert other.X != stress_case("large_offset").X


def test_naive_float_matches_exact_on_benign_data(rng):
    X = rng.integers(-5, 6, size=(8, 3)).tolist()
    for kw in (dict(), dict(bias=True), dict(norm=2), dict(activation="abs")):
        D = dictionary(X, **kw)
        P = naive_float_preactivations(D)
        K = np.abs(P) if D.activation == "abs" else np.maximum(P, 0)
        assert np.allclose(K, D.to_float(), rtol=1e-12, atol=1e-12), kw
        S = exact_preactivation_signs(D)
        big = np.abs(P) > 1e-9
        assert np.array_equal(np.sign(P[big]), S[big])


def test_hand_checked_determinant_error():
    # det[x0, x1] = (1e8+1)(1e8+3) − (1e8+2)² = (1e16 + 4e8 + 3) − (1e16 + 4e8 + 4) = −1,
    # but 1e16 + 4e8 + 3 is odd and above 2^53: float64 rounds it, and the float determinant is not −1
    x0, x1 = (10**8 + 1, 10**8 + 2), (10**8 + 2, 10**8 + 3)
    exact = x0[0] * x1[1] - x0[1] * x1[0]
    assert exact == -1
    flt = float(x0[0]) * float(x1[1]) - float(x0[1]) * float(x1[0])
    assert flt in (0.0, -2.0)
    # the no-bias dictionary has the column +cross(x1)/‖·‖₁ whose feature at x0 is det[x0, x1]/‖x1‖₁
    D = dictionary([list(x0), list(x1)])
    S = exact_preactivation_signs(D)
    P = naive_float_preactivations(D)
    j = next(j for j in range(len(D)) if D.subsets[j] == (1,) and D.signs[j] == -1)
    exact_value = 1 / (2 * 10**8 + 5)  # x0·w = −det[x0, x1]/‖cross(x1)‖₁
    assert S[0, j] == 1  # exactly: the ReLU is on
    assert abs(P[0, j] - exact_value) > exact_value  # float: off by more than the value itself
    # (measured here: P[0, j] ≈ −4.8e-8, a sign flip)


@needs_sklearn
def test_large_offset_breaks_the_float_lasso_but_not_the_rounded_export():
    r = stress_study("large_offset")
    nf, rx = r.lasso["naive_float"], r.lasso["rounded_export"]
    assert r.beta == Q(1, 10**8) and r.exact["certificate_holds"]
    # measured at seed 2024: true relative gap 6.06 on the naive float dictionary, ~1e-18 on the export
    assert nf["true_rel_gap"] > 1.0 and nf["support_jaccard"] < 0.5
    assert rx["true_rel_gap"] < 1e-9
    assert abs(nf["believed_value"] - r.exact["value_float"]) > 1.0  # the float solver believes a wrong value


@needs_sklearn
def test_study_json_and_errors():
    (r,) = run_stress(cases=["near_collinear"], n=6)
    js = r.to_json()
    assert js["case"] == "near_collinear" and js["seed"] == 2024 and js["audit"]["exact_sign_errors"] == 0
    assert set(js["float"]) == {"naive_float", "rounded_export"}
    with pytest.raises(InvalidInputError, match="unknown stress case"):
        stress_case("nope")
    with pytest.raises(InvalidInputError, match="n >= 3"):
        stress_case("large_offset", n=2)
