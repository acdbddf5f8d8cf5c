"""One certificate protocol: every result has ``.certificate`` with ``holds``, ``kind`` and ``to_json()``."""

from __future__ import annotations

import json
from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge.exceptions import InvalidInputError
from exactwedge.lasso import Certificate, FloatReport, certify, lasso_path, solve_float, solve_lasso
from exactwedge.lasso.certificate import EXACT_KKT, FLOAT_KKT
from exactwedge.lasso.solve import as_columns
from exactwedge.numbers.certificate import OptimalityCertificate
from exactwedge.training import fit

# the 1-D example of Thm 1: the exact optimum is 287/1600
X = [0, 4, 5, 7, 10, 11]
Y = [0, 0, 0, 2, 3, 3]
LABELS = [1, 1, -1, -1, 1, 1]  # ±1 labels for the classification losses
BETA = "1/10"


def _check_protocol(cert, *, holds=True, proof: bool):
    """``holds``, ``kind``, ``to_json()`` and the mapping of the JSON agree; the kind says whether it is a proof."""
    assert isinstance(cert, OptimalityCertificate)
    assert cert.holds is holds
    assert isinstance(cert.kind, str) and cert.kind
    assert ("not a proof" not in cert.kind) is proof
    assert cert.kind.startswith("exact KKT" if proof else "float") and (proof or "float64" in cert.kind)
    js = cert.to_json()
    assert isinstance(js, dict) and js["holds"] is holds and js["exact"] is proof and js["kind"] == cert.kind
    assert json.loads(json.dumps(js)) == js
    assert dict(cert) == js and cert["holds"] is holds and cert.get("kind") == cert.kind
    return js


def _check_fit(res, *, proof: bool):
    js = _check_protocol(res.certificate, proof=proof)
    assert res.to_json()["certificate"] == js  # what `exactwedge fit --json` prints


# ------------------------------------------------------------------ exact
def test_exact_l1_fit():
    res = fit(X, Y, BETA, bias=True)
    assert res.value == Q(287, 1600)
    assert isinstance(res.certificate, Certificate) and res.certificate.kind == EXACT_KKT
    _check_fit(res, proof=True)


def test_exact_solve_and_path_knots():
    sol = solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")
    _check_protocol(sol.certificate, proof=True)
    path = lasso_path([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/10")
    for knot in path.knots:
        _check_protocol(knot.certificate, proof=True)


def test_corrupted_exact_solution_fails_its_certificate():
    res = fit(X, Y, BETA, bias=True)
    cols = as_columns(res.dictionary)
    z = list(res.z)
    j = res.support[0]
    z[j] += Q(1, 7)
    bad = certify(cols, res.y, res.beta, z, res.intercept)
    _check_protocol(bad, holds=False, proof=True)
    assert bad.violations and bad.to_json()["violations"] == bad.violations
    assert certify(cols, res.y, res.beta, res.z, res.intercept + 1).to_json()["intercept_condition"] is False


# ------------------------------------------------------------------ float
def test_l2_fit():
    pytest.importorskip("cvxpy")
    res = fit(X, Y, BETA, bias=True, norm=2)
    assert isinstance(res.certificate, FloatReport) and res.certificate.kind == FLOAT_KKT
    _check_fit(res, proof=False)


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_classification_fit(loss):
    pytest.importorskip("cvxpy")
    res = fit(X, LABELS, BETA, bias=True, loss=loss)
    assert res.certificate.to_json()["loss"] == loss
    _check_fit(res, proof=False)


def test_vector_output_fit():
    pytest.importorskip("cvxpy")
    res = fit(X, [[v, -v] for v in Y], BETA, bias=True)
    assert res.certificate.to_json()["outputs"] == 2
    _check_fit(res, proof=False)


def test_solve_float_certificate_is_its_report():
    fl = solve_float(np.eye(2), [Q(3), Q(-1, 2)], 1)
    assert fl.certificate is fl.report
    _check_protocol(fl.certificate, proof=False)


def test_corrupted_float_point_fails_its_check():
    from exactwedge.lasso.float_check import ACTIVE_SET_TOL
    from exactwedge.lasso.float_squared import _squared_solution

    K = np.eye(2)
    Yf = np.array([[3.0], [-0.5]])
    good = _squared_solution(K, Yf, np.array([[2.0], [0.0]]), np.zeros(1), Q(1), False, ACTIVE_SET_TOL, "demo", {})
    bad = _squared_solution(K, Yf, np.array([[2.0], [0.25]]), np.zeros(1), Q(1), False, ACTIVE_SET_TOL, "demo", {})
    _check_protocol(good.certificate, proof=False)
    _check_protocol(bad.certificate, holds=False, proof=False)
    assert bad.certificate["support_condition"] is False


def test_a_float_report_cannot_claim_to_be_a_proof():
    with pytest.raises(InvalidInputError, match="not a proof"):
        FloatReport({"holds": True, "exact": True, "kind": FLOAT_KKT})
    with pytest.raises(InvalidInputError, match="not a proof"):
        FloatReport({"holds": True, "exact": False, "kind": "exact KKT (rational arithmetic)"})


# ------------------------------------------------------------------ streamed
def test_streamed_exact_fit():
    from exactwedge.stream.fit import fit_stream

    res = fit_stream(X, Y, BETA, bias=True, certify="exact", executor="serial")
    assert res.value == Q(287, 1600)
    assert "streamed column" in res.certificate.kind
    _check_fit(res, proof=True)


def test_streamed_float_fit():
    from exactwedge.stream.fit import fit_stream

    res = fit_stream(X, Y, BETA, bias=True, executor="serial")
    assert isinstance(res.certificate, FloatReport) and "streamed column" in res.certificate.kind
    _check_fit(res, proof=False)


def test_streamed_exact_check_of_a_wrong_working_set_fails():
    from exactwedge.stream.certify import certify_stream
    from exactwedge.stream.working_set import solve_stream

    poor = solve_stream(X, Y, BETA, bias=True, executor="serial", max_passes=1, init_columns=[0, 1])
    for mode in ("filter", "integer"):
        stuck = certify_stream(poor, executor="serial", mode=mode, grow=False)
        js = _check_protocol(stuck.certificate, holds=False, proof=True)
        assert js["mode"] == mode and (mode == "integer") == ("every bound in integers" in stuck.certificate.kind)
        assert certify_stream(poor, executor="serial", mode=mode).certificate.holds


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(deadline=None, max_examples=200)
@given(st.data())
def test_property_certify_with_shifted_bounds_equals_the_column_by_column_check(data):
    # big residuals take the exact-integer-bounds path (ExactColumns.enclose with k > 0); the
    # verdicts, the violations and the exact max must be those of checking every column
    from fractions import Fraction as Q

    import numpy as np

    from exactwedge.lasso.certificate import certify, integer_residual
    from exactwedge.lasso.columns import ExactColumns

    n, m = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 7))
    A = np.array(data.draw(st.lists(st.integers(-50, 50), min_size=n * m, max_size=n * m)), dtype=np.int64).reshape(n, m)
    cols = ExactColumns(A, data.draw(st.lists(st.integers(1, 9), min_size=m, max_size=m)))
    big = data.draw(st.sampled_from([1, 2**70, 2**300]))
    y = [Q(data.draw(st.integers(-big, big)), data.draw(st.integers(1, 7))) for _ in range(n)]
    z = [Q(data.draw(st.integers(-big, big)), data.draw(st.integers(1, 5))) * data.draw(st.integers(0, 1)) for _ in range(m)]
    R, D = integer_residual(cols, y, z, None)
    corr = [Q(sum(int(A[i, j]) * R[i] for i in range(n)), cols.s[j] * D) for j in range(m)]
    beta = data.draw(st.sampled_from([abs(c) for c in corr if c] or [Q(1)]) | st.fractions(Q(1, 10**6), Q(10**100)))
    c = certify(cols, y, beta, z, None)
    bad = [j for j in range(m) if abs(corr[j]) > beta]
    sup_bad = [j for j in range(m) if z[j] and corr[j] != (beta if z[j] > 0 else -beta)]
    assert c.bound_ok == (not bad) and c.support_ok == (not sup_bad)
    assert c.max_abs_correlation == max(abs(v) for v in corr)
    assert c.holds == (not bad and not sup_bad)
    assert set(c.violations) <= set(bad) | set(sup_bad) and (c.violations or not (bad or sup_bad))
