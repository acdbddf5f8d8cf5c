"""Blades take exact input only: numpy floats never ride in on an operator, unordered containers and negative dimensions are refused."""

from __future__ import annotations

import numpy as np
import pytest

from exactwedge.exceptions import DimensionError, InvalidInputError, NonExactInputError
from exactwedge.ga import Blade, Vector, basis_blade, cross, pseudoscalar, wedge

V = Vector(1, 2)


@pytest.mark.parametrize("op", [
    lambda: V + np.array([.1, .2]),
    lambda: np.array([.1, .2]) + V,
    lambda: V - np.array([.1, .2]),
    lambda: np.array([.1, .2]) - V,
    lambda: np.float64(.5) * V,
    lambda: V * np.float64(.5),
    lambda: np.array([.5]) * V,
    lambda: V * np.array([.5]),
    lambda: V / np.float64(2),
])
def test_numpy_floats_refused_in_both_orders(op):
    with pytest.raises(NonExactInputError):
        op()


def test_numpy_integer_arrays_are_not_blades():
    with pytest.raises(InvalidInputError):
        V + np.array([1, 2])
    with pytest.raises(InvalidInputError):
        np.array([1, 2]) + V


def test_numpy_integer_scalars_stay_exact():
    assert np.int64(2) * V == Vector(2, 4) and V * np.int64(2) == Vector(2, 4)


@pytest.mark.parametrize("bad", [{1: 2, 3: 4, 5: 6}, {1, 2, 3}, frozenset({1, 2, 3})])
def test_unordered_containers_refused(bad):
    with pytest.raises(InvalidInputError, match="ordered sequence"):
        cross(bad, [1, 0, 0])
    with pytest.raises(InvalidInputError, match="ordered sequence"):
        wedge(bad)


@pytest.mark.parametrize("make", [
    lambda: pseudoscalar(-2),
    lambda: basis_blade(-1),
    lambda: basis_blade(-3, 1),
    lambda: Blade.from_coords(-2, {(): 1}),
    lambda: pseudoscalar(2.0),
])
def test_negative_or_non_integer_dimension_refused(make):
    with pytest.raises(DimensionError):
        make()


@pytest.mark.parametrize("bad", [{(1, 2, 3), (4, 5, 6)}, {0: (1, 2, 3), 1: (4, 5, 6)}])
def test_unordered_rows_refused(bad):
    from exactwedge.ga import cross_products

    with pytest.raises(InvalidInputError, match="ordered sequence of rows"):
        cross_products(bad)
