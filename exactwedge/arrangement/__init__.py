r"""The hyperplane arrangement of the data: activation patterns and chambers.

The rows :math:`\tilde x_i` of the data (with a column of ones for a bias)
cut the weight space by the hyperplanes :math:`\{w : \tilde x_i^\top w = 0\}`.
Its cells are enumerated once (:mod:`~exactwedge.arrangement.cells`) and read
two ways: as the activation patterns
:math:`D(w) = \operatorname{diag}(\mathbf 1[\tilde X w \ge 0])` of every cell
(:func:`sign_patterns`), and as the full-dimensional cells, the chambers,
pointed cones spanned by the rays :math:`\pm\operatorname{cross}(x_J)`
(Lemma 19, :func:`chambers`); the chambers' geometry gives Def. 2 and 3
(:func:`angular_dispersion`, :func:`max_chamber_diameter`).

>>> [c.signs for c in chambers([[1, 0], [0, 1]])]
[(-1, -1), (-1, 1), (1, -1), (1, 1)]
"""

from .chambers import (
    AngularDispersion,
    Chamber,
    ChamberDiameter,
    ChamberRadius,
    angular_dispersion,
    chamber_radius,
    chamber_rays,
    chambers,
    l1_isometry_range,
    max_chamber_diameter,
)
from .patterns import sign_patterns

__all__ = [
    "sign_patterns",
    "Chamber",
    "ChamberDiameter",
    "ChamberRadius",
    "AngularDispersion",
    "chambers",
    "chamber_rays",
    "max_chamber_diameter",
    "chamber_radius",
    "angular_dispersion",
    "l1_isometry_range",
]
