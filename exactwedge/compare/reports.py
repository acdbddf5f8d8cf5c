r"""The results of :func:`~exactwedge.compare.comparison.compare_path`, and their JSON.

* :class:`ExactPoint`: an exact optimum at one β (a requested β and/or a breakpoint);
* :class:`PointReport`: one float back-end at one β, measured against it;
* :class:`BackendReport`: all points of one back-end, with its verdict (:meth:`BackendReport.summary`);
* :class:`PathComparison`: the whole comparison; :meth:`PathComparison.to_json` is ``exactwedge path --json``.

JSON cannot hold inf/NaN: they are written as null.

>>> rep = BackendReport("sklearn", "coordinate descent", False, None, install_hint="pip install scikit-learn")
>>> rep.ran, rep.summary(True)["verdict"]
(False, 'not installed')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..numbers import format_exact
from .metrics import AGREE_RTOL

__all__ = ["ExactPoint", "PointReport", "BackendReport", "PathComparison", "AGREEMENT_RULE"]

#: The agreement rule, as reported in every JSON summary.
AGREEMENT_RULE = (
    "a back-end agrees at a beta when it raised no error, reported convergence, returned finite numbers, "
    "and its objective gap P(z,t) - P*, evaluated exactly at the float point's exact binary value, "
    "is at most agree_rtol * P*"
)


@dataclass
class ExactPoint:
    """An exact optimum at one β: a requested β and/or a breakpoint of the path.

    ``kinds`` holds ``"requested"``, ``"breakpoint"`` (a knot of the path),
    ``"beta_max"`` (the first knot, z = 0) and ``"path_end"`` (the last one).
    """

    beta: Fraction
    kinds: list
    solution: Any  # LassoSolution
    equicorrelation: list = field(default_factory=list)
    unique: bool | None = None

    @property
    def value(self) -> Fraction:
        return self.solution.value

    def to_json(self) -> dict:
        s = self.solution
        return {
            "beta": format_exact(self.beta),
            "beta_float": float(self.beta),
            "kind": list(self.kinds),
            "value": format_exact(s.value),
            "value_float": float(s.value),
            "support": list(s.support),
            "coefficients": {str(j): format_exact(s.z[j]) for j in s.support},
            "l1": format_exact(s.l1),
            "intercept": None if s.intercept is None else format_exact(s.intercept),
            "certificate_holds": bool(s.certificate.holds),
            "equicorrelation_size": len(self.equicorrelation),
            "z_unique": self.unique,
        }


@dataclass
class PointReport:
    """One back-end at one β, against the exact optimum (or the best float value for ℓ2)."""

    backend: str
    beta: Fraction
    kinds: list
    status: str
    converged: bool
    iterations: int | None
    messages: list
    seconds: float
    value: float | None = None          # P at the float point (exact, rounded; float64 for ℓ2)
    value_float: float | None = None    # P at the float point computed in float64
    optimum: float | None = None        # P* (or the best float value for ℓ2)
    gap: float | None = None            # P(z,t) − P* (exact, rounded) or − best float
    rel_gap: float | None = None
    coef_error: float | None = None
    fitted_error: float | None = None
    l1_error: float | None = None
    intercept_error: float | None = None
    support_jaccard: float | None = None
    sign_agreement: float | None = None
    support_size: int | None = None
    kkt: dict | None = None
    solver_gap: float | None = None
    agrees: bool | None = None
    reason: str = ""
    z: Any = field(default=None, repr=False)          # the float coefficients (not in the JSON)
    intercept: float | None = field(default=None, repr=False)

    def to_json(self) -> dict:
        d = {k: getattr(self, k) for k in (
            "status", "converged", "iterations", "value", "value_float", "optimum", "gap", "rel_gap",
            "coef_error", "fitted_error", "l1_error", "intercept_error", "support_jaccard", "sign_agreement",
            "support_size", "kkt", "solver_gap", "agrees", "reason", "messages")}
        d = {"beta": format_exact(self.beta), "beta_float": float(self.beta), "kind": list(self.kinds), **d}
        d["seconds"] = round(self.seconds, 6)
        return _finite(d)


def _finite(obj: Any) -> Any:
    """JSON cannot hold inf/NaN: replace them by None (recursively)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


@dataclass
class BackendReport:
    """All points of one back-end, or why it did not run."""

    name: str
    description: str
    installed: bool
    version: str | None
    points: list = field(default_factory=list)
    error: str | None = None
    install_hint: str = ""
    seconds: float = 0.0

    @property
    def ran(self) -> bool:
        return self.installed and self.error is None

    def summary(self, exact: bool, rtol: float = AGREE_RTOL) -> dict:
        """Counts and worst cases over the points (JSON-ready)."""
        pts = self.points
        out: dict[str, Any] = {"installed": self.installed, "ran": self.ran, "points": len(pts)}
        if not self.installed:
            out.update(verdict="not installed", install=self.install_hint)
            return out
        if self.error is not None:
            out.update(verdict="failed", error=self.error)
            return out
        failed = [p for p in pts if p.status != "converged" or not p.converged]
        out["failed_points"] = len(failed)
        out["errors"] = sum(p.status == "error" for p in pts)
        out["not_converged"] = sum(p.status == "not_converged" for p in pts)
        gaps = [(p.rel_gap, p) for p in pts if p.rel_gap is not None]
        if gaps:
            worst = max(gaps, key=lambda gp: gp[0])
            out["max_rel_gap"] = worst[0]
            out["max_rel_gap_beta"] = format_exact(worst[1].beta)
        for key in ("gap", "fitted_error", "coef_error", "intercept_error"):
            vals = [getattr(p, key) for p in pts if getattr(p, key) is not None]
            out[f"max_{key}"] = max(vals) if vals else None
        jac = [p.support_jaccard for p in pts if p.support_jaccard is not None]
        out["min_support_jaccard"] = min(jac) if jac else None
        if exact:
            kb = [p.kkt["bound_violation"] for p in pts if p.kkt]
            ks = [p.kkt["support_violation"] for p in pts if p.kkt]
            out["max_kkt_bound_violation"] = max(kb) if kb else None
            out["max_kkt_support_violation"] = max(ks) if ks else None
            n_agree = sum(bool(p.agrees) for p in pts)
            out["agreeing_points"] = n_agree
            if pts and n_agree == len(pts):
                out["verdict"] = "agrees"
            elif failed and len(failed) == len(pts):
                out["verdict"] = "failed"
            else:
                out["verdict"] = f"disagrees at {len(pts) - n_agree} of {len(pts)} betas"
        else:
            worse = sum(p.rel_gap is not None and p.rel_gap > rtol for p in pts)
            out["worse_than_best_points"] = worse
            if failed and len(failed) == len(pts):
                out["verdict"] = "failed"
            elif worse:
                out["verdict"] = f"worse than the best float value at {worse} of {len(pts)} betas (no exact reference)"
            else:
                out["verdict"] = "within tolerance of the best float value (no exact reference)"
        out["seconds"] = round(self.seconds, 6)
        return _finite(out)

    def to_json(self, exact: bool, rtol: float = AGREE_RTOL) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "installed": self.installed,
            "version": self.version,
            "error": self.error,
            "install": self.install_hint,
            "summary": self.summary(exact, rtol),
            "points": [p.to_json() for p in self.points],
        }


@dataclass
class PathComparison:
    """The result of :func:`compare_path`; :meth:`to_json` is ``exactwedge path --json``."""

    problem: dict
    exact_available: bool
    beta_max: Fraction | float
    requested: list
    exact: list  # [ExactPoint], β decreasing
    backends: dict  # name -> BackendReport
    agree_rtol: float
    support_tol: float
    timings: dict = field(default_factory=dict)
    betas: list = field(default_factory=list)  # every compared β, decreasing

    def summary(self) -> dict:
        """One verdict per back-end, and the rule behind it."""
        per = {name: rep.summary(self.exact_available, self.agree_rtol) for name, rep in self.backends.items()}
        bp = sum("breakpoint" in e.kinds for e in self.exact)
        return _finite({
            "exact_available": self.exact_available,
            "beta_max": format_exact(self.beta_max) if isinstance(self.beta_max, Fraction) else float(self.beta_max),
            "requested_betas": len(self.requested),
            "breakpoints": bp,
            "compared_betas": len(self.betas),
            "z_unique_at": sum(bool(e.unique) for e in self.exact) if self.exact_available else None,
            "uniqueness_note": ("z* is proven unique where its equicorrelation columns are independent; elsewhere "
                                "coefficient, support, sign and intercept errors may compare two different optima, "
                                "while the gap and the fitted values (unique) stay meaningful"),
            "agree_rtol": self.agree_rtol,
            "support_tol": self.support_tol,
            "agreement_rule": AGREEMENT_RULE if self.exact_available else
            "no exact optimum (l2 columns are irrational): agreement is not claimed; gaps are to the best converged "
            "float value at each beta, and a back-end more than agree_rtol above it is reported as worse",
            "backends": per,
            "all_agree": (all(s.get("verdict") == "agrees" for s in per.values() if s.get("ran"))
                          and any(s.get("ran") for s in per.values())) if self.exact_available else None,
            "timings_s": {k: round(v, 6) for k, v in self.timings.items()},
        })

    def to_json(self) -> dict:
        return {
            "format": "exactwedge.path",
            "version": 1,
            "problem": self.problem,
            "exact": [e.to_json() for e in self.exact],
            "float": {name: rep.to_json(self.exact_available, self.agree_rtol) for name, rep in self.backends.items()},
            "summary": self.summary(),
        }
