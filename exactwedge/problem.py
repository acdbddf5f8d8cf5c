r"""The training problem, validated once at the edge.

A :class:`Problem` holds what every later stage needs, already checked and
exact: the data :math:`X \in \mathbb Q^{n\times d}`, the labels
:math:`y \in \mathbb Q^{n}` (or :math:`\mathbb Q^{n\times c}`), the
regularization :math:`\beta > 0` and the options of the program

.. math:: \min_{z,\,t}\ \ell(Kz + t\mathbf 1, y) + \beta\lVert z\rVert_1,
          \qquad K = \sigma(\tilde X W)\ \text{(the dictionary of the options)}.

The public entry points (:func:`exactwedge.fit`, :func:`exactwedge.dictionary`,
:func:`exactwedge.lasso.solve_lasso`, the CLI, the estimators) build one with
:meth:`Problem.of`; the stages behind them take its fields as they are and do
not validate again.

>>> P = Problem.of([0, 4, 5], [0, "1/2", 1], "1/10", bias=True)
>>> P.n, P.d, P.beta, P.y
(3, 1, Fraction(1, 10), (Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)))
>>> Problem.of([0, 4], [0, 1], 0)
Traceback (most recent call last):
...
exactwedge.exceptions.InvalidInputError: beta must be > 0, got 0
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .exceptions import DimensionError, InvalidInputError
from .numbers import as_matrix, as_vector, exact
from .numbers.multivectors import multivector_library

__all__ = [
    "Problem",
    "LOSSES",
    "read_data_matrix",
    "read_labels",
    "rational_vector",
    "check_beta",
    "check_options",
    "check_loss",
]

#: The losses of the convex program (only ``"squared"`` is solved exactly).
LOSSES = ("squared", "logistic", "hinge")


def read_data_matrix(X: Any, *, what: str = "X") -> tuple:
    """Exact data rows; a flat sequence of numbers is read as n samples in R^1.

    A row may be a grade-1 clifford, kingdon or galgebra multivector (see
    :mod:`exactwedge.ga.interop.data`).

    >>> read_data_matrix([0, "1/2", 3])
    ((Fraction(0, 1),), (Fraction(1, 2),), (Fraction(3, 1),))
    """
    if isinstance(X, np.ndarray) and X.ndim == 1:
        X = X[:, None]
    elif not isinstance(X, np.ndarray) and isinstance(X, (list, tuple)) and X and all(
        (not hasattr(r, "__len__") or isinstance(r, str)) and not multivector_library(r) for r in X
    ):
        X = [[v] for v in X]
    rows = as_matrix(X, what=what)
    if not rows:
        raise DimensionError(f"{what} must have at least 1 row, got 0")
    if not rows[0]:
        raise DimensionError(f"{what} must have at least 1 column, got 0")
    if any(not isinstance(c, Fraction) for r in rows for c in r):
        raise InvalidInputError(f"{what} must be rational to build a dictionary (symbolic entries found)")
    return rows


def rational_vector(y: Any, n: int | None = None, *, what: str = "y") -> list[Fraction]:
    """Exact labels as a list of Fractions (refusing floats, NaN, symbols).

    >>> rational_vector(["1/2", 3])
    [Fraction(1, 2), Fraction(3, 1)]
    """
    if isinstance(y, np.ndarray) and y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if isinstance(y, (list, tuple)) and y and all(isinstance(r, (list, tuple)) and len(r) == 1 for r in y):
        y = [r[0] for r in y]
    vals = as_vector(y, n, what=what)
    if any(not isinstance(v, Fraction) for v in vals):
        raise InvalidInputError(f"{what} must be rational (symbolic entries found)")
    return list(vals)


def read_labels(y: Any, n: int | None = None, *, what: str = "y") -> tuple:
    """Exact labels: a tuple of Fractions, or of tuples for ``c > 1`` outputs (``(n, c)`` input).

    A column ``(n, 1)`` is read as a vector.

    >>> read_labels(["1/2", 3])
    (Fraction(1, 2), Fraction(3, 1))
    >>> read_labels([[1, 2], [3, 4]], 2)
    ((Fraction(1, 1), Fraction(2, 1)), (Fraction(3, 1), Fraction(4, 1)))
    >>> read_labels([1, 2], 3)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: y must have 3 rows (one per sample), got 2
    """
    matrix = (isinstance(y, np.ndarray) and y.ndim == 2 and y.shape[1] != 1) or (
        isinstance(y, (list, tuple)) and bool(y) and isinstance(y[0], (list, tuple))
        and not all(isinstance(r, (list, tuple)) and len(r) == 1 for r in y))
    if matrix:
        rows = as_matrix(y, what=what)
        if n is not None and len(rows) != n:
            raise DimensionError(f"{what} must have {n} rows (one per sample), got {len(rows)}")
        vals: tuple = tuple(tuple(r) for r in rows)
        if any(not isinstance(v, Fraction) for r in vals for v in r):
            raise InvalidInputError(f"{what} must be rational (symbolic entries found)")
        return vals
    vals = tuple(rational_vector(y, what=what))
    if n is not None and len(vals) != n:
        raise DimensionError(f"{what} must have {n} rows (one per sample), got {len(vals)}")
    return vals


def check_beta(beta: Any) -> Fraction:
    """β as an exact positive rational, or a typed error.

    >>> check_beta("1/10")
    Fraction(1, 10)
    >>> check_beta(0)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: beta must be > 0, got 0
    """
    b = exact(beta)
    if not isinstance(b, Fraction):
        raise InvalidInputError(f"beta must be a rational number, got {beta!r}")
    if b <= 0:
        raise InvalidInputError(f"beta must be > 0, got {b}")
    return b


def check_options(bias: Any, norm: Any, activation: Any) -> None:
    """Refuse (InvalidInputError) a dictionary kind that does not exist.

    >>> check_options(True, 1, "relu")
    >>> check_options(False, 3, "relu")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: norm must be 1 or 2, got 3
    """
    if isinstance(bias, (bool, np.bool_)) is False:
        raise InvalidInputError(f"bias must be True or False, got {bias!r}")
    if norm not in (1, 2) or isinstance(norm, bool):
        raise InvalidInputError(f"norm must be 1 or 2, got {norm!r}")
    if activation not in ("relu", "abs"):
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")


def check_loss(loss: Any) -> str:
    """The loss's name, or a typed error.

    >>> check_loss("hinge")
    'hinge'
    >>> check_loss("l1")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: loss must be one of squared, logistic, hinge, got 'l1'
    """
    if loss not in LOSSES:
        raise InvalidInputError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
    return loss


@dataclass(frozen=True)
class Problem:
    """A validated training problem: exact data, labels, β and the program's options.

    Build it with :meth:`of`; the constructor itself trusts its arguments.

    Attributes
    ----------
    X : tuple of tuples of Fraction
        The n samples in R^d.
    y : tuple or None
        n Fractions, or n tuples of c Fractions (vector output).
    beta : Fraction or None
    bias, norm, activation, loss :
        The options (see :func:`exactwedge.fit`).
    """

    X: tuple
    y: tuple | None = None
    beta: Fraction | None = None
    bias: bool = False
    norm: int = 1
    activation: str = "relu"
    loss: str = "squared"

    @classmethod
    def of(cls, X: Any, y: Any = None, beta: Any = None, *, bias: bool = False, norm: int = 1,
           activation: str = "relu", loss: str = "squared", min_samples: int = 1) -> "Problem":
        """Validate everything once: the loss, β, X (``min_samples`` rows at least), y against X, the options.

        >>> Problem.of([[0, 0], [1, 2]], [[1, 0], [0, 1]], 1).outputs
        2
        >>> Problem.of([0], [1], 1, min_samples=2)
        Traceback (most recent call last):
        ...
        exactwedge.exceptions.InvalidInputError: need at least 2 samples, got 1
        """
        check_loss(loss)
        b = None if beta is None else check_beta(beta)
        rows = read_data_matrix(X)
        if len(rows) < min_samples:
            raise InvalidInputError(f"need at least {min_samples} samples, got {len(rows)}")
        labels = None if y is None else read_labels(y, len(rows))
        check_options(bias, norm, activation)
        return cls(rows, labels, b, bool(bias), norm, activation, loss)

    @property
    def n(self) -> int:
        """The number of samples."""
        return len(self.X)

    @property
    def d(self) -> int:
        """The dimension of the samples."""
        return len(self.X[0])

    @property
    def outputs(self) -> int:
        """c, the number of outputs (1 for a label vector).

        >>> Problem.of([1, 2], [3, 4]).outputs
        1
        """
        if not self.y:
            return 1
        return len(self.y[0]) if isinstance(self.y[0], tuple) else 1

    def label_rows(self) -> list[list[Fraction]]:
        """The labels as n rows of c values (one value per row for a vector).

        >>> Problem.of([1, 2], [3, 4]).label_rows()
        [[Fraction(3, 1)], [Fraction(4, 1)]]
        """
        if self.y is None:
            raise InvalidInputError("this problem has no labels")
        return [list(v) if isinstance(v, tuple) else [v] for v in self.y]
