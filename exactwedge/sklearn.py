r"""scikit-learn estimators of the optimal two-layer network (the convex Lasso of THEORY §3).

:class:`ConvexReLURegressor` and :class:`ConvexReLUClassifier` fit

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert_2^2 + \beta\lVert z\rVert_1

over the wedge dictionary ``K`` of the training data, i.e. the globally
optimal two-layer ReLU (or absolute-value) network with the ℓ1 path
regularizer (``norm=1``, exact) or weight decay (``norm=2``, an upper bound).

This module imports scikit-learn; ``import exactwedge`` does not import it.

**Floats in, exact inside.** scikit-learn hands over float64 arrays. They are
converted on purpose with :func:`exactwedge.from_float` (the exact binary
value of each float, no rounding) before the dictionary is built, so the
dictionary's neurons are exact. Then

* ``exact=True``: the Lasso is solved exactly in rationals (the exact homotopy
  with its certificate; ``beta`` too is converted exactly, so ``0.1`` means
  the binary float 0.1). Slow on large data; the full dictionary must fit
  under ``max_columns`` or :class:`~exactwedge.exceptions.TooLargeError` is raised.
* ``exact=False`` (default): the dictionary matrix is copied to float64 and the
  Lasso is solved by coordinate descent (scikit-learn's ``Lasso`` with
  ``alpha = β/n``). If the full dictionary has more than ``max_columns``
  columns, it is built on an evenly spaced subset of the samples (the largest
  one that fits) and evaluated on all samples; ``complete_dictionary_`` is
  then ``False`` and the fit is an upper bound on the global optimum, not the
  optimum itself.

**Multivectors.** A list of grade-1 clifford, kingdon or galgebra
multivectors is data too (``fit``, ``predict``, ``decision_function``): the
rows are read as everywhere in exactwedge (clifford's float64 at its exact
binary value, kingdon's and galgebra's rationals exactly; see
``docs/conventions.md``), then handed to scikit-learn as float64 like any
array, so a rational that is not a binary fraction (1/3) is rounded there.

**Classification** is least-squares regression on ±1 targets (as in the
paper's experiments): binary labels map to ``−1`` (``classes_[0]``) and
``+1`` (``classes_[1]``) and the prediction is the sign; more than two classes
are handled **one-vs-rest** (one Lasso per class over the shared dictionary,
prediction by the largest score).

>>> import numpy as np
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.0, 1.0, 0.0, 1.0])
>>> reg = ConvexReLURegressor(beta=0.0001, exact=True).fit(X, y)
>>> np.round(reg.predict(X), 3).tolist(), reg.n_features_in_
([0.0, 1.0, 0.0, 1.0], 1)
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .exceptions import InvalidInputError, TooLargeError

__all__ = ["ConvexReLURegressor", "ConvexReLUClassifier"]


def _exact_beta(beta: Any) -> Fraction:
    from .numbers import exact, from_float

    if isinstance(beta, bool):
        raise InvalidInputError(f"beta must be a positive number, got {beta!r}")
    q = from_float(beta) if isinstance(beta, (float, np.floating)) else exact(beta)
    if not isinstance(q, Fraction) or q <= 0:
        raise InvalidInputError(f"beta must be a positive rational number, got {beta!r}")
    return q


def _check_params(est: Any) -> Fraction:
    if est.norm not in (1, 2):
        raise InvalidInputError(f"norm must be 1 or 2, got {est.norm!r}")
    if est.activation not in ("relu", "abs"):
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {est.activation!r}")
    if est.max_columns is not None and (isinstance(est.max_columns, bool) or not isinstance(est.max_columns, (int, np.integer))
                                        or est.max_columns < 1):
        raise InvalidInputError(f"max_columns must be a positive integer or None, got {est.max_columns!r}")
    if est.exact and est.norm != 1:
        raise InvalidInputError("exact=True needs norm=1 (the ℓ2 dictionary is irrational; use exact=False)")
    return _exact_beta(est.beta)


def _multivector_rows(X: Any) -> Any:
    """A list of clifford, kingdon or galgebra multivectors as the float64 array scikit-learn takes.

    The rows are read by :func:`exactwedge.problem.read_data_matrix` (the one
    reader of data: clifford's float64 at its exact binary value, kingdon's
    and galgebra's rationals exact), then handed over as floats like any data.
    """
    from .numbers.multivectors import multivector_library

    if not isinstance(X, (list, tuple)) or not any(multivector_library(r) for r in X):
        return X
    from .problem import read_data_matrix

    return np.array([[float(c) for c in r] for r in read_data_matrix(X)], dtype=np.float64)


def _sigma(U: np.ndarray, activation: str) -> np.ndarray:
    return np.abs(U) if activation == "abs" else np.maximum(U, 0.0)


def _fit_lasso(est: Any, X: np.ndarray, Y: np.ndarray) -> None:
    """Fit one Lasso per column of ``Y`` over the shared dictionary of ``X``; store the network."""
    from .dictionary import dictionary
    from .dictionary.count import column_count
    from .numbers import from_float

    beta = _check_params(est)
    n, d = X.shape
    Xq = from_float(X)  # exact binary values of the floats, on purpose
    cap = est.max_columns
    count = column_count(n, d, bias=est.bias, norm=est.norm, activation=est.activation)
    est.complete_dictionary_ = cap is None or count <= cap
    if est.complete_dictionary_:
        D = dictionary(Xq, bias=est.bias, norm=est.norm, activation=est.activation, max_columns=None)
    elif est.exact:
        raise TooLargeError(f"the exact dictionary of n = {n} samples in R^{d} has up to {count} columns, more than "
                            f"max_columns = {cap}; raise max_columns or use exact=False (subsampled dictionary)")
    else:
        m = n
        while m > 1 and column_count(m, d, bias=est.bias, norm=est.norm, activation=est.activation) > cap:
            m -= 1
        if column_count(m, d, bias=est.bias, norm=est.norm, activation=est.activation) > cap:
            raise TooLargeError(f"even one sample in R^{d} gives more than max_columns = {cap} columns")
        idx = sorted(set(np.round(np.linspace(0, n - 1, m)).astype(int).tolist()))
        D = dictionary([Xq[i] for i in idx], bias=est.bias, norm=est.norm, activation=est.activation, max_columns=None)
    neurons = list(D.neurons) if len(D) else []
    W = np.array([[float(c) for c in nr.w] for nr in neurons], dtype=np.float64).reshape(len(neurons), d)
    b = np.array([float(nr.b) for nr in neurons], dtype=np.float64)
    est.dictionary_ = D
    if est.exact:
        from .training import fit

        Z, T, nets = [], [], []
        for c in range(Y.shape[1]):
            res = fit(Xq, from_float(Y[:, c]), beta, bias=est.bias, norm=1, activation=est.activation, max_columns=None)
            Z.append([float(v) for v in res.z])
            T.append(float(res.intercept) if res.intercept is not None else 0.0)
            nets.append(res.network)
        Z = np.array(Z, dtype=np.float64).reshape(Y.shape[1], len(D))
        est.network_ = nets[0] if len(nets) == 1 else nets
    else:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import Lasso

        K = _sigma(X @ W.T + b[None, :], est.activation) if not est.complete_dictionary_ else D.to_float()
        Z, T = np.zeros((Y.shape[1], K.shape[1])), np.zeros(Y.shape[1])
        for c in range(Y.shape[1]):
            if K.shape[1] == 0:
                T[c] = Y[:, c].mean() if est.bias else 0.0
                continue
            lasso = Lasso(alpha=float(beta) / n, fit_intercept=est.bias, max_iter=20_000, tol=1e-7)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                lasso.fit(K, Y[:, c])
            Z[c], T[c] = lasso.coef_, lasso.intercept_ if est.bias else 0.0
        est.network_ = None
    active = np.flatnonzero(np.any(Z != 0, axis=0))
    est.neurons_ = W[active]
    est.biases_ = b[active]
    est.coef_ = Z[:, active]
    est.intercept_ = np.asarray(T, dtype=np.float64)
    est.n_columns_ = len(D)


class _ConvexReLUBase(BaseEstimator):
    """The parameters shared by both estimators (scikit-learn reads them from this ``__init__``)."""

    def __init__(self, beta: Any = 0.1, bias: bool = True, norm: int = 1, activation: str = "relu",
                 exact: bool = False, max_columns: int | None = 600):
        self.beta = beta
        self.bias = bias
        self.norm = norm
        self.activation = activation
        self.exact = exact
        self.max_columns = max_columns

    def _hidden(self, X: np.ndarray) -> np.ndarray:
        return _sigma(X @ self.neurons_.T + self.biases_[None, :], self.activation)


class ConvexReLURegressor(RegressorMixin, _ConvexReLUBase):
    """The globally optimal two-layer network for regression, through its convex Lasso.

    Parameters
    ----------
    beta : float, int, str or Fraction, default 0.1
        Regularization β > 0 (floats are converted exactly).
    bias : bool, default True
        Neurons with biases and a free intercept.
    norm : {1, 2}, default 1
        ℓ1 path regularizer (exact dictionary) or weight decay.
    activation : {"relu", "abs"}, default "relu"
    exact : bool, default False
        Exact rational Lasso (True) or float coordinate descent (False).
    max_columns : int or None, default 600
        Cap on the dictionary size (see the module docstring for the fallback).

    Attributes
    ----------
    neurons_ : ndarray (m, d)
        Hidden weights of the active neurons.
    biases_ : ndarray (m,)
    coef_ : ndarray (m,)
        Output weights.
    intercept_ : float
    n_features_in_ : int
    complete_dictionary_ : bool
        False when the dictionary was subsampled (the fit is then an upper bound).
    network_ : Network or None
        The exact network (``exact=True``).

    Examples
    --------
    >>> import numpy as np
    >>> reg = ConvexReLURegressor(beta=0.5, exact=True).fit(np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 0.0, 2.0]))
    >>> reg.network_.predict([[0], [1], [2]]), reg.coef_.tolist()
    ([Fraction(0, 1), Fraction(1, 2), Fraction(3, 2)], [0.5, -0.5])
    """

    def fit(self, X: Any, y: Any) -> "ConvexReLURegressor":
        """Fit the optimal network to float data (converted exactly)."""
        X, y = validate_data(self, _multivector_rows(X), y, y_numeric=True, dtype=np.float64)
        _fit_lasso(self, X, y.astype(np.float64)[:, None])
        self.coef_ = self.coef_[0]
        self.intercept_ = float(self.intercept_[0])
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Float predictions of the fitted network."""
        check_is_fitted(self)
        X = validate_data(self, _multivector_rows(X), reset=False, dtype=np.float64)
        return self._hidden(X) @ self.coef_ + self.intercept_


class ConvexReLUClassifier(ClassifierMixin, _ConvexReLUBase):
    """Least-squares classification by the optimal two-layer network (±1 targets; one-vs-rest beyond 2 classes).

    Parameters are those of :class:`ConvexReLURegressor`.

    Attributes
    ----------
    classes_ : ndarray
    neurons_, biases_ : as for the regressor (neurons shared by all classes)
    coef_ : ndarray (m,) for two classes, (n_classes, m) otherwise
    intercept_ : float for two classes, ndarray (n_classes,) otherwise

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [3.0], [4.0]])
    >>> clf = ConvexReLUClassifier(beta=0.01).fit(X, np.array(["a", "a", "b", "b"]))
    >>> clf.predict(X).tolist(), clf.classes_.tolist()
    (['a', 'a', 'b', 'b'], ['a', 'b'])
    """

    def fit(self, X: Any, y: Any) -> "ConvexReLUClassifier":
        """Fit on ±1 targets (binary) or one-vs-rest ±1 targets (multiclass)."""
        X, y = validate_data(self, _multivector_rows(X), y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, idx = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        if k < 2:
            raise ValueError(f"ConvexReLUClassifier needs at least 2 classes, got 1 class ({self.classes_[0]!r})")
        if k == 2:
            Y = np.where(idx == 1, 1.0, -1.0)[:, None]
        else:
            Y = np.where(idx[:, None] == np.arange(k)[None, :], 1.0, -1.0)
        _fit_lasso(self, X, Y)
        if k == 2:
            self.coef_ = self.coef_[0]
            self.intercept_ = float(self.intercept_[0])
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """The network's scores: (n,) for two classes (positive: ``classes_[1]``), (n, k) otherwise."""
        check_is_fitted(self)
        X = validate_data(self, _multivector_rows(X), reset=False, dtype=np.float64)
        H = self._hidden(X)
        if len(self.classes_) == 2:
            return H @ self.coef_ + self.intercept_
        return H @ self.coef_.T + self.intercept_[None, :]

    def predict(self, X: Any) -> np.ndarray:
        """The class of the sign (binary) or of the largest score (one-vs-rest)."""
        s = self.decision_function(X)
        if len(self.classes_) == 2:
            return self.classes_[(s > 0).astype(int)]
        return self.classes_[np.argmax(s, axis=1)]
