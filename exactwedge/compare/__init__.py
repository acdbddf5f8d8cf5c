r"""Exact versus float: the Lasso path side by side, and where float dictionaries go wrong.

* :mod:`.metrics`: a float point measured exactly (gap, errors, KKT);
* :mod:`.comparison`: :func:`compare_path` over a β grid and every breakpoint;
* :mod:`.reports`: its results (per β, per back-end, the whole path) and their JSON;
* :mod:`.table`: the rich table;
* :mod:`.stress`: the ill-conditioning study.

Importing this package imports no float back-end and no plotting library.
"""

from .comparison import beta_grid, compare_path
from .metrics import AGREE_RTOL, SUPPORT_TOL, exact_point, float_support, jaccard, sign_agreement
from .reports import AGREEMENT_RULE, PathComparison

__all__ = ["compare_path", "beta_grid", "PathComparison", "AGREE_RTOL", "SUPPORT_TOL", "AGREEMENT_RULE",
           "exact_point", "float_support", "jaccard", "sign_agreement"]
