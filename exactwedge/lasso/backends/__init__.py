r"""Float Lasso back-ends, one adapter per file, all on one scale.

Each adapter solves :math:`\min_{z,t} \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1`
(see :mod:`.base`) and imports its library only when it solves:

=========  =====================================  ===========================
name       adapter                                install
=========  =====================================  ===========================
sklearn    :class:`.sklearn_cd.SklearnCD`         ``pip install 'exactwedge[float]'``
lars       :class:`.sklearn_lars.SklearnLars`     ``pip install 'exactwedge[float]'``
celer      :class:`.celer_cd.Celer`               ``pip install 'exactwedge[celer]'``
cvxpy      :class:`.cvxpy_clarabel.CvxpyClarabel` a dependency (cvxpy, clarabel)
=========  =====================================  ===========================

Importing this package imports none of them.
"""

from __future__ import annotations

from typing import Any

from ...exceptions import InvalidInputError
from .base import Backend, FloatPoint

__all__ = ["BACKEND_NAMES", "Backend", "FloatPoint", "get_backend", "installed_backends", "parse_backends"]

#: Every back-end, in the order the comparison reports them.
BACKEND_NAMES = ("sklearn", "lars", "celer", "cvxpy")


def _classes() -> dict[str, type]:
    from .celer_cd import Celer
    from .cvxpy_clarabel import CvxpyClarabel
    from .sklearn_cd import SklearnCD
    from .sklearn_lars import SklearnLars

    return {"sklearn": SklearnCD, "lars": SklearnLars, "celer": Celer, "cvxpy": CvxpyClarabel}


def get_backend(name: str, **options: Any) -> Backend:
    """The adapter called ``name`` (one of :data:`BACKEND_NAMES`), with its options.

    >>> get_backend("lars").name()
    'lars'
    >>> get_backend("glmnet")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: unknown float back-end 'glmnet'; expected one of sklearn, lars, celer, cvxpy
    """
    classes = _classes()
    if name not in classes:
        raise InvalidInputError(f"unknown float back-end {name!r}; expected one of {', '.join(BACKEND_NAMES)}")
    return classes[name](**options)


def installed_backends() -> list[str]:
    """Names of the back-ends whose libraries are installed (nothing is imported).

    >>> set(installed_backends()) <= set(BACKEND_NAMES)
    True
    """
    return [n for n in BACKEND_NAMES if get_backend(n).is_installed()]


def parse_backends(text: str | None) -> list[str]:
    """A comma-separated list of back-end names, checked; ``None`` or ``"all"`` means every one.

    >>> parse_backends("lars, sklearn")
    ['lars', 'sklearn']
    >>> parse_backends("sklearn,foo")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: unknown float back-end 'foo'; expected one of sklearn, lars, celer, cvxpy
    """
    if text is None or text.strip() == "all":
        return list(BACKEND_NAMES)
    names = [s.strip() for s in text.split(",") if s.strip()]
    if not names:
        raise InvalidInputError("--backends needs at least one name: " + ", ".join(BACKEND_NAMES))
    out: list[str] = []
    for n in names:
        if n not in BACKEND_NAMES:
            raise InvalidInputError(f"unknown float back-end {n!r}; expected one of {', '.join(BACKEND_NAMES)}")
        if n not in out:
            out.append(n)
    return out
