r"""The Hodge star and the generalized cross product.

The Hodge star of R^d (Euclidean signature) is fixed by

.. math:: A \wedge \star B = \langle A, B\rangle\, I, \qquad I = e_1\wedge\dots\wedge e_d,

so :math:`\star e_I = \operatorname{sign}(I, I^c)\, e_{I^c}` and
:math:`\star\star = (-1)^{k(d-k)}` on grade k.

The generalized cross product of d−1 vectors follows the paper (eq. 46):

.. math:: \operatorname{cross}(v_1..v_{d-1})_k = (-1)^{k+1} \det(V \text{ without row } k),
          \qquad x\cdot\operatorname{cross}(V) = \det[x, v_1, \dots, v_{d-1}],

which is :math:`(-1)^{d-1}\star(v_1\wedge\dots\wedge v_{d-1})`.

>>> from exactwedge import cross, hodge, wedge
>>> cross([1, 0, 0], [0, 1, 0])
Vector(0, 0, 1)
>>> cross([1, 0])
Vector(0, -1)
>>> hodge(wedge([1, 0, 0], [0, 1, 0]))
Vector(0, 0, 1)
"""

from __future__ import annotations

from typing import Any

from ..exceptions import DimensionError
from ..numbers import as_vector, is_symbolic
from ._basis import det
from .blade import Blade, Vector, _as_blade, wedge

__all__ = ["hodge", "inverse_hodge", "cross"]

#: Up to this dimension cross products go through the wedge recursion; above
#: it each coordinate is one exact minor.
_WEDGE_CROSS_MAX_DIM = 8


def hodge(blade: Any) -> Blade:
    r"""The Hodge dual :math:`\star B` of a k-vector of R^d (a (d−k)-vector).

    Parameters
    ----------
    blade : Blade, Vector, sequence, or a clifford, kingdon or galgebra multivector
        A sequence is read as a vector; a multivector of one grade is that
        blade (clifford's float64 at its exact binary value; see
        :mod:`exactwedge.ga.interop.data`).

    Returns
    -------
    Blade

    Examples
    --------
    >>> from exactwedge import basis_blade
    >>> hodge(basis_blade(2, 1))
    Vector(0, 1)
    >>> hodge(basis_blade(3, 1, 3))
    Vector(0, -1, 0)
    >>> hodge(hodge(basis_blade(4, 1, 2))) == basis_blade(4, 1, 2)
    True
    """
    return _as_blade(blade).hodge()


def inverse_hodge(blade: Any) -> Blade:
    r"""The inverse of :func:`hodge`: the A with :math:`\star A = B`.

    On grade m it is :math:`(-1)^{m(d-m)}\star`.

    >>> from exactwedge import basis_blade
    >>> B = basis_blade(4, 2, 3)
    >>> hodge(inverse_hodge(B)) == B
    True
    >>> inverse_hodge(basis_blade(2, 2))
    Vector(1, 0)
    """
    b = _as_blade(blade)
    h = hodge(b)
    return -h if (b.grade * (b.dim - b.grade)) % 2 else h


def cross(*vectors: Any, dim: int | None = None) -> Vector:
    r"""The generalized cross product of d−1 vectors of R^d.

    .. math:: x\cdot\operatorname{cross}(v_1,\dots,v_{d-1}) = \det[x, v_1, \dots, v_{d-1}]

    It is orthogonal to every :math:`v_j`, zero exactly when they are
    dependent, its Euclidean norm is their (d−1)-volume, and it changes sign
    under a swap. In R^3 it is the usual ``a × b``; in R^2, ``cross(v) =
    (v_2, -v_1)``.

    Parameters
    ----------
    *vectors : sequences of exact numbers, Vector, or clifford, kingdon or galgebra multivector (grade 1; see :mod:`exactwedge.ga.interop.data`)
        Exactly d−1 vectors of R^d.
    dim : int, optional
        Needed only for R^1, where the cross product of no vectors is ``e_1``.

    Returns
    -------
    Vector

    Raises
    ------
    DimensionError
        When the count is not d−1 or the lengths differ.

    Examples
    --------
    >>> cross([1, 2, 3], [4, 5, 6])
    Vector(-3, 6, -3)
    >>> cross([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0])
    Vector(0, 0, 0, -1)
    >>> cross([1, 2, 3], [2, 4, 6]).is_zero()
    True
    >>> cross([1, 2], [3, 4])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.DimensionError: cross needs d-1 = 1 vectors in R^2, got 2
    """
    if not vectors:
        if dim == 1:
            return Vector(1)
        raise DimensionError("cross needs d-1 vectors in R^d, got 0 (pass dim=1 for R^1)")
    rows = [as_vector(v, what=f"cross argument {i}") for i, v in enumerate(vectors)]
    d = len(rows[0])
    if dim is not None and dim != d:
        raise DimensionError(f"cross was told dim={dim} but got vectors in R^{d}")
    for i, r in enumerate(rows):
        if len(r) != d:
            raise DimensionError(f"cross needs vectors of one dimension: argument 0 is in R^{d}, argument {i} in R^{len(r)}")
    if len(rows) != d - 1:
        raise DimensionError(f"cross needs d-1 = {d - 1} vectors in R^{d}, got {len(rows)}")
    if d <= _WEDGE_CROSS_MAX_DIM or any(is_symbolic(c) for r in rows for c in r):
        if d > _WEDGE_CROSS_MAX_DIM:
            return _cross_by_minors(rows, d)
        w = wedge(*rows).coefficients  # index i of combos(d, d-1) misses row d-1-i
        out = []
        for k in range(d):
            m = w[d - 1 - k]
            out.append(m if k % 2 == 0 else -m)
        return Vector._raw(d, 1, tuple(out))
    return _cross_by_minors(rows, d)


def _cross_by_minors(rows: list, d: int) -> Vector:
    cols = list(zip(*rows))  # d rows (coordinates) of the d x (d-1) matrix V
    out = []
    for k in range(d):
        minor = det([list(cols[i]) for i in range(d) if i != k])
        out.append(minor if k % 2 == 0 else -minor)
    return Vector._raw(d, 1, tuple(out))
