"""scikit-learn estimators (exactwedge.sklearn): sklearn's own estimator checks, plus exactness."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from exactwedge.exceptions import InvalidInputError, TooLargeError
from exactwedge.sklearn import ConvexReLUClassifier, ConvexReLURegressor
from exactwedge.training import fit


@parametrize_with_checks([ConvexReLURegressor(), ConvexReLUClassifier(),
                          ConvexReLURegressor(activation="abs", bias=False)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_exact_fit_matches_training_fit():
    X = np.array([[0.0], [1.0], [2.5], [4.0]])
    y = np.array([0.0, 1.0, 0.5, 2.0])
    reg = ConvexReLURegressor(beta=0.25, exact=True).fit(X, y)
    res = fit([0, 1, Fraction(5, 2), 4], [0, 1, Fraction(1, 2), 2], Fraction(1, 4), bias=True)
    assert reg.network_.predict([[0], [1], [Fraction(5, 2)], [4]]) == res.predict([[0], [1], [Fraction(5, 2)], [4]])
    np.testing.assert_allclose(reg.predict(X), [float(v) for v in res.predict([[0], [1], [Fraction(5, 2)], [4]])])
    flt = ConvexReLURegressor(beta=0.25).fit(X, y)
    np.testing.assert_allclose(flt.predict(X), reg.predict(X), atol=1e-6)


def test_classifier_multiclass_one_vs_rest():
    X = np.array([[0.0], [1.0], [4.0], [5.0], [9.0], [10.0]])
    y = np.array([0, 0, 1, 1, 2, 2])
    clf = ConvexReLUClassifier(beta=0.01).fit(X, y)
    assert clf.predict(X).tolist() == y.tolist()
    assert clf.coef_.shape[0] == 3 and clf.intercept_.shape == (3,)


def test_caps_and_refusals():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    with pytest.raises(TooLargeError, match="max_columns"):
        ConvexReLURegressor(exact=True, max_columns=100).fit(X, y)
    reg = ConvexReLURegressor(max_columns=100).fit(X, y)
    assert reg.complete_dictionary_ is False and reg.n_columns_ <= 100
    with pytest.raises(InvalidInputError, match="norm=1"):
        ConvexReLURegressor(exact=True, norm=2).fit(X, y)
    with pytest.raises(InvalidInputError, match="beta"):
        ConvexReLURegressor(beta=-1.0).fit(X, y)


def test_import_exactwedge_does_not_import_sklearn():
    code = "import sys, exactwedge; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
