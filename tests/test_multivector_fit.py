"""fit, dictionary, interpolate, Network.predict and the scikit-learn estimators on lists of multivectors (issue 16).

Each gives exactly what it gives on the rational coordinates. The points are
built by each library's own constructors with dyadic coordinates, so
clifford's float64 holds them exactly.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import exactwedge as ew
from exactwedge.exceptions import DimensionError
from tests.ga.test_multivector_data import LIBRARIES, as_mvs, mv, with_scalar

X2 = [[Fraction(0), Fraction(0)], [Fraction(1), Fraction(0)], [Fraction(2), Fraction(1)], [Fraction(0), Fraction(3, 8)],
      [Fraction(-5, 4), Fraction(1, 2)]]
Y2 = [0, 1, 0, 1, Fraction(1, 2)]


def _same_fit(a, b) -> None:
    assert a.value == b.value and a.z == b.z and a.intercept == b.intercept
    assert [(u.w, u.b, u.alpha) for u in a.network.units] == [(u.w, u.b, u.alpha) for u in b.network.units]
    assert a.certificate.holds and b.certificate.holds


@pytest.mark.parametrize("library", LIBRARIES)
def test_fit_on_multivectors_is_the_fit_on_coordinates(library):
    M = as_mvs(library, X2)
    _same_fit(ew.fit(M, Y2, "1/10", bias=True), ew.fit(X2, Y2, "1/10", bias=True))
    res = ew.fit(M, Y2, "1/10")
    assert res.network.predict(M) == res.network.predict(X2)


@pytest.mark.parametrize("library", LIBRARIES)
def test_dictionary_on_multivectors(library):
    M = as_mvs(library, X2)
    for bias in (False, True):
        a, b = ew.dictionary(M, bias=bias), ew.dictionary(X2, bias=bias)
        assert [(n.w, n.b) for n in a.neurons] == [(n.w, n.b) for n in b.neurons] and len(a) > 0


@pytest.mark.parametrize("library", LIBRARIES)
def test_one_dimensional_multivectors_are_points_of_the_line(library):
    xs = [Fraction(0), Fraction(1, 2), Fraction(3), Fraction(9, 4)]
    M = [mv(library, [x]) for x in xs]
    _same_fit(ew.fit(M, [0, 1, 0, 2], "1/8", bias=True), ew.fit(xs, [0, 1, 0, 2], "1/8", bias=True))


def test_interpolate_on_multivectors():
    from exactwedge.interpolate import interpolate

    M = as_mvs("kingdon", X2[:4])
    assert interpolate(M, Y2[:4]).value == interpolate(X2[:4], Y2[:4]).value


def test_mixed_grades_refused_in_data():
    M = as_mvs("kingdon", X2)
    M[2] = with_scalar("kingdon", M[2], 1)
    with pytest.raises(DimensionError, match=r"X row 2 must be a vector \(grade 1\), got a kingdon multivector "
                                             r"with parts of grades \[0, 1\]"):
        ew.fit(M, Y2, "1/10")


@pytest.mark.parametrize("library", LIBRARIES)
def test_sklearn_estimator_takes_multivector_rows(library):
    from exactwedge.sklearn import ConvexReLUClassifier, ConvexReLURegressor

    M = as_mvs(library, X2)
    F = np.array([[float(c) for c in r] for r in X2])
    a = ConvexReLURegressor(beta=0.1, exact=True).fit(M, [float(v) for v in Y2])
    b = ConvexReLURegressor(beta=0.1, exact=True).fit(F, [float(v) for v in Y2])
    assert a.predict(M).tolist() == b.predict(F).tolist()
    assert [(u.w, u.b, u.alpha) for u in a.network_.units] == [(u.w, u.b, u.alpha) for u in b.network_.units]
    labels = ["a", "b", "a", "b", "b"]
    c = ConvexReLUClassifier(beta=0.01).fit(M, labels)
    assert c.predict(M).tolist() == ConvexReLUClassifier(beta=0.01).fit(F, labels).predict(F).tolist()
