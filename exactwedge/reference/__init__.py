r"""Independent references: the arrangement program of Pilanci & Ergen (2020).

It shares no dictionary code with :mod:`exactwedge.dictionary`: it enumerates
activation patterns (:func:`exactwedge.arrangement.sign_patterns`) instead of
wedge neurons and solves one float convex program with Clarabel,

.. math::

    \min_{t,\,u_i,\,u'_i}\ \tfrac12\Big\|\sum_{i} D_i\tilde X(u_i-u'_i)
        + t\mathbf 1 - y\Big\|_2^2 + \beta\sum_{i}\big(\|u_{i,w}\|_p+\|u'_{i,w}\|_p\big)
    \quad\text{s.t.}\quad (2D_i-I)\tilde X u_i\ge 0,\ (2D_i-I)\tilde X u'_i\ge 0,

whose optimal value is the two-layer training objective. Tests hold the exact
Lasso against it (:func:`arrangement_value`). :func:`global_l2` reports its
weight-decay (ℓ2) value, a float solve with an independent duality gap, beside
the ℓ2 Lasso and Thm 7's bound (``exactwedge fit --norm 2 --global``).

>>> round(arrangement_value([[0], [4], [5], [7], [10], [11]], [0, 0, 0, 2, 3, 3], "1/10", bias=True).value, 6)
0.179375
"""

from .l2_optimum import GlobalL2Result, global_l2
from .program import ReferenceResult, arrangement_value

__all__ = ["arrangement_value", "ReferenceResult", "global_l2", "GlobalL2Result"]
