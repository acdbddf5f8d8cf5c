r"""The interface every float Lasso back-end implements (one adapter per file).

Every back-end solves, for each β of a list, the same program on **our** scale

.. math:: \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert_2^2 + \beta\lVert z\rVert_1
          \qquad (t \text{ free, only with an intercept}),

on a float64 matrix ``K``. Libraries that use another scaling are converted
in their adapter, never by the caller: scikit-learn and celer minimize
:math:`\tfrac1{2n}\lVert\cdot\rVert^2 + \alpha\lVert z\rVert_1`, whose minimizer
is ours for :math:`\alpha = \beta/n` (multiply their objective by ``n``).

An adapter (as in cvxpy's solver interface) has

* :meth:`Backend.name` and :meth:`Backend.is_installed` (which never imports
  the library: it only asks :func:`importlib.util.find_spec`);
* :meth:`Backend.solve` ``(K, y, betas, intercept)`` → one
  :class:`FloatPoint` per β, in the order given, with the back-end's own
  status, iteration count and convergence flag. A back-end that raises on
  one β gives a point with ``status="error"`` and keeps going.

The library itself is imported lazily, inside :meth:`Backend.solve`; a missing
one raises :class:`~exactwedge.exceptions.BackendNotInstalledError` naming the
extra to install.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ...exceptions import BackendNotInstalledError, DimensionError, InvalidInputError

__all__ = ["FloatPoint", "Backend", "float_betas", "float_objective", "module_available"]

#: Status values of a :class:`FloatPoint`.
STATUSES = ("converged", "not_converged", "error")


def module_available(name: str) -> bool:
    """Whether a top-level module can be imported, without importing it.

    >>> module_available("numpy"), module_available("surely_not_a_module_xyz")
    (True, False)
    """
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def float_betas(betas: Sequence[Any]) -> list[float]:
    """β values as positive finite floats (exact rationals are rounded once, here).

    >>> float_betas([Fraction(1, 4), 2])
    [0.25, 2.0]
    >>> float_betas([0])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: every beta must be a finite number > 0, got 0
    """
    out = []
    for b in betas:
        try:
            f = float(b)
        except (TypeError, ValueError, OverflowError):
            raise InvalidInputError(f"every beta must be a finite number > 0, got {b!r}") from None
        if not np.isfinite(f) or f <= 0:
            raise InvalidInputError(f"every beta must be a finite number > 0, got {b!r}")
        out.append(f)
    return out


def float_objective(K: np.ndarray, y: np.ndarray, z: np.ndarray, t: float | None, beta: float) -> float:
    r"""Our objective :math:`\tfrac12\lVert Kz + t - y\rVert^2 + \beta\lVert z\rVert_1`, in float64.

    >>> K = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> float_objective(K, np.array([3.0, 1.0]), np.array([2.0, 0.0]), None, 1.0)
    3.0
    """
    r = K @ z - y + (0.0 if t is None else t)
    return 0.5 * float(r @ r) + beta * float(np.abs(z).sum())


@dataclass
class FloatPoint:
    """One back-end's answer at one β, on our scale.

    Attributes
    ----------
    beta : Fraction or float
        The β asked for (as given).
    z : numpy.ndarray or None
        ``(m,)`` float64 coefficients (None after an error).
    intercept : float or None
        ``t`` (None without an intercept or after an error).
    status : {"converged", "not_converged", "error"}
        What the back-end itself reports; ``"error"`` means it raised.
    converged : bool
        The back-end's own convergence flag (False after an error, when the
        iteration limit was hit, or when LARS stopped before reaching β).
    iterations : int or None
        Iterations (or LARS steps) the back-end reports.
    messages : list of str
        Warnings and errors raised while solving (de-duplicated).
    seconds : float
        Wall time of this β (a path solve's time is split evenly).
    solver_gap : float or None
        The back-end's own duality gap, converted to our scale, when it reports one.

    Examples
    --------
    >>> p = FloatPoint(Fraction(1, 2), np.zeros(2), None, "converged", True, 3)
    >>> p.ok, p.status
    (True, 'converged')
    """

    beta: Any
    z: np.ndarray | None
    intercept: float | None
    status: str
    converged: bool
    iterations: int | None = None
    messages: list = field(default_factory=list)
    seconds: float = 0.0
    solver_gap: float | None = None

    @property
    def ok(self) -> bool:
        """No error, converged, and finite numbers."""
        return (self.status == "converged" and self.converged and self.z is not None
                and bool(np.all(np.isfinite(self.z)))
                and (self.intercept is None or bool(np.isfinite(self.intercept))))


class Backend:
    """Base class of the float Lasso adapters.

    Subclasses set :attr:`NAME`, :attr:`MODULES` (top-level modules that must
    be importable), :attr:`EXTRA` (the pip extra that installs them) and
    :attr:`DESCRIPTION`, and implement :meth:`_solve`.

    Examples
    --------
    >>> from exactwedge.lasso.backends import get_backend
    >>> b = get_backend("sklearn")
    >>> b.name(), b.is_installed(), b.install_hint()
    ('sklearn', True, "pip install 'exactwedge[float]'")
    """

    NAME = "base"
    MODULES: tuple = ()
    DISTRIBUTION = ""
    EXTRA = "float"
    DESCRIPTION = ""

    def __init__(self, **options: Any):
        self.options = dict(options)

    # ------------------------------------------------------------ interface
    def name(self) -> str:
        """The back-end's short name (as used by ``--backends``)."""
        return self.NAME

    def is_installed(self) -> bool:
        """Whether its libraries can be imported (checked without importing them)."""
        return all(module_available(m) for m in self.MODULES)

    def install_hint(self) -> str:
        """The pip command that installs this back-end."""
        return f"pip install 'exactwedge[{self.EXTRA}]'"

    def require(self) -> None:
        """Raise :class:`BackendNotInstalledError` (naming the extra) unless installed."""
        if not self.is_installed():
            missing = [m for m in self.MODULES if not module_available(m)]
            raise BackendNotInstalledError(
                f"the float back-end {self.NAME!r} needs {', '.join(missing) or ', '.join(self.MODULES)}, "
                f"which is not installed: {self.install_hint()}"
            )

    def import_module(self, module: str) -> Any:
        """Import one of its libraries, or raise :class:`BackendNotInstalledError`."""
        try:
            return importlib.import_module(module)
        except ImportError as exc:
            raise BackendNotInstalledError(
                f"the float back-end {self.NAME!r} could not import {module} ({exc}): {self.install_hint()}"
            ) from None

    def version(self) -> str | None:
        """The version of its main library (None if not installed)."""
        if not self.is_installed():
            return None
        try:
            from importlib.metadata import version

            return version(self.DISTRIBUTION or self.MODULES[0])
        except Exception:  # pragma: no cover - metadata is missing for odd installs
            return None

    def solve(self, K: np.ndarray, y: np.ndarray, betas: Sequence[Any], intercept: bool = False) -> list[FloatPoint]:
        """Solve the Lasso at every β (our scale); one :class:`FloatPoint` per β, same order.

        Parameters
        ----------
        K : (n, m) float64 array
        y : (n,) float64 array
        betas : sequence of positive numbers (exact rationals or floats)
        intercept : bool
            Fit a free, unpenalized intercept ``t``.
        """
        self.require()
        K, y = check_problem(K, y)
        fb = float_betas(betas)
        if not fb:
            return []
        points = self._solve(K, y, fb, bool(intercept))
        for p, b in zip(points, betas):
            p.beta = b
        return points

    # ------------------------------------------------------------ helpers
    def _solve(self, K: np.ndarray, y: np.ndarray, betas: list[float], intercept: bool) -> list[FloatPoint]:
        raise NotImplementedError  # pragma: no cover

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.NAME!r}, installed={self.is_installed()})"


def check_problem(K: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validated float64 copies of ``K`` (n × m) and ``y`` (n,)."""
    K = np.asarray(K, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if K.ndim != 2:
        raise DimensionError(f"K must be a 2-D matrix, got {K.ndim} dimensions")
    if K.shape[0] != y.shape[0]:
        raise DimensionError(f"K has {K.shape[0]} rows but y has {y.shape[0]} entries")
    if K.shape[0] < 1:
        raise DimensionError("K must have at least 1 row")
    if not (np.all(np.isfinite(K)) and np.all(np.isfinite(y))):
        raise InvalidInputError("K and y must be finite (NaN or infinity found)")
    return K, y


def captured(fn: Any) -> tuple[Any, list[str], BaseException | None, float]:
    """Run ``fn()`` recording its warnings; returns ``(result, messages, error, seconds)``."""
    t0 = time.perf_counter()
    err: BaseException | None = None
    out = None
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out = fn()
        except Exception as exc:  # noqa: BLE001 - a back-end failure is data to report, whatever its type
            err = exc
    msgs: list[str] = []
    for w in rec:
        text = f"{w.category.__name__}: {str(w.message).strip()}"
        if text not in msgs:
            msgs.append(text)
    if err is not None:
        msgs.append(f"{type(err).__name__}: {err}")
    return out, msgs, err, time.perf_counter() - t0


def error_points(betas: Sequence[float], msgs: list[str], seconds: float) -> list[FloatPoint]:
    """One ``status="error"`` point per β."""
    share = seconds / max(1, len(betas))
    return [FloatPoint(b, None, None, "error", False, None, list(msgs), share) for b in betas]


def centred(K: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(K − 1·mean(K), y − mean(y), mean(K), mean(y))``: the intercept by centring.

    With centred data the optimal intercept of a ``z`` is ``mean(y) − mean(K)·z``.
    """
    km = K.mean(axis=0)
    ym = float(y.mean())
    return K - km[None, :], y - ym, km, ym


def with_intercept(z: np.ndarray, km: np.ndarray, ym: float) -> float:
    """The optimal intercept ``mean(y) − mean(K)·z`` for a ``z`` fitted on centred data."""
    return float(ym - km @ z)


def has_convergence_warning(msgs: Sequence[str]) -> bool:
    """Whether any recorded warning says the solver did not converge."""
    return any(m.startswith("ConvergenceWarning") and ("converge" in m.lower() or "early stopping" in m.lower())
               for m in msgs)
