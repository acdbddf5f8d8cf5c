r"""The Lasso of a dictionary: exact solver, exact path, certificates, float back-ends.

For a dictionary :math:`K\in\mathbb Q^{n\times m}` (THEORY §3), labels :math:`y`
and :math:`\beta > 0`, the convex program is

.. math:: P_{\text{Lasso}} = \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert^2 + \beta\lVert z\rVert_1
          \qquad (t \text{ only with an intercept}).

Its dual is :math:`\max_u\ \langle u, y\rangle - \tfrac12\lVert u\rVert^2` subject to
:math:`\lvert K_j^\top u\rvert\le\beta` for every column (and :math:`\mathbf 1^\top u = 0`
with an intercept), with :math:`u = r = y - Kz - t\mathbf 1` at the optimum. So
:math:`(z, t)` is optimal if and only if the KKT conditions hold:

.. math:: K_j^\top r = \beta\operatorname{sign}(z_j)\ (z_j\ne 0),\qquad
          \lvert K_j^\top r\rvert\le\beta\ (z_j = 0),\qquad \mathbf 1^\top r = 0\ (\text{with } t).

* :func:`solve_lasso` solves it exactly (rationals) and :func:`lasso_path`
  follows the exact path from :math:`\beta_{\max}` down; every
  :class:`LassoSolution` carries a :class:`Certificate`, the KKT conditions
  checked in rational arithmetic (:func:`certify`).
* :func:`solve_float` solves it in float64 when the columns are irrational
  (ℓ2 dictionaries), with vector output (group Lasso), or with the logistic or
  hinge loss; its :class:`FloatSolution` carries a :class:`FloatReport`, the
  same conditions and a duality gap checked in float64 with a tolerance, which
  is not a proof.
* :func:`get_backend` gives the float back-ends (scikit-learn, LARS, celer,
  cvxpy) compared with the exact solver by :mod:`exactwedge.compare`.

Every certificate follows one protocol
(:class:`~exactwedge.numbers.certificate.OptimalityCertificate`): ``holds``,
``kind`` (what was checked, in which arithmetic) and ``to_json()``.

>>> from fractions import Fraction as Q
>>> K, y = [[1, 0], [0, 1], [1, 1]], [2, 1, 0]
>>> sol = solve_lasso(K, y, Q(1, 2))  # r = (5/4, 1, -3/4): K₁ᵀr = 1/2 = β, |K₂ᵀr| = 1/4 < β
>>> sol.z, sol.value, sol.certificate.holds, sol.certificate.kind
([Fraction(3, 4), Fraction(0, 1)], Fraction(31, 16), True, 'exact KKT (rational arithmetic)')
>>> fl = solve_float(K, y, Q(1, 2))
>>> round(fl.value, 12), fl.certificate.holds, fl.certificate.kind
(1.9375, True, 'float KKT conditions and duality gap (float64, not a proof)')

Importing this package imports neither cvxpy nor scikit-learn.
"""

from .backends import BACKEND_NAMES, get_backend
from .certificate import Certificate, FloatReport, certify
from .float_solve import FloatSolution, solve_float
from .solve import LassoPath, LassoSolution, lasso_path, solve_lasso

__all__ = [
    "solve_lasso",
    "lasso_path",
    "LassoSolution",
    "LassoPath",
    "Certificate",
    "FloatReport",
    "certify",
    "solve_float",
    "FloatSolution",
    "get_backend",
    "BACKEND_NAMES",
]
