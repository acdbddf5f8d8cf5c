r"""The exact Lasso path against float back-ends, β by β.

.. math:: P^\star(\beta) = \min_{z,\,t}\ \tfrac12\lVert Kz + t\mathbf 1 - y\rVert^2 + \beta\lVert z\rVert_1

:func:`compare_path` computes, for an ℓ1 dictionary (rational columns):

1. the **exact path** (:func:`~exactwedge.lasso.solve.lasso_path`) from
   :math:`\beta_{\max}` down to the smallest requested β: every breakpoint
   (knot) exactly, each certified;
2. the **exact optimum at every requested β**, solved independently
   (:func:`~exactwedge.lasso.solve.solve_lasso`) and certified;
3. every float back-end (:mod:`exactwedge.lasso.backends`) at all those βs
   (requested ones and breakpoints), measured against the exact optimum with
   :mod:`exactwedge.compare.metrics` (exact gap, errors, support, signs, exact
   KKT violation, agreement).

**ℓ2 dictionaries.** Their columns are surds, so there is no exact rational
path. The comparison then runs the float back-ends against each other only:
``exact`` is empty, ``exact_available`` is False, each point's ``gap`` is
measured in float64 against the **best** converged float value at that β, and
``agrees`` is None (nothing is claimed).

The result types (:class:`~exactwedge.compare.reports.PathComparison` and its
parts) and their JSON are in :mod:`exactwedge.compare.reports`.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..exceptions import BackendNotInstalledError, DimensionError, InvalidInputError, SolverError
from ..lasso.backends import BACKEND_NAMES, Backend, FloatPoint, get_backend
from ..lasso.backends.base import float_objective
from ..lasso.columns import ExactColumns
from ..problem import rational_vector
from ..numbers import clamped_float, from_float, short
from ..numbers.floats import SQUARE_SAFE_EXPONENT
from .metrics import (AGREE_RTOL, SUPPORT_TOL, agrees, exact_point, float_support, jaccard, sign_agreement,
                      uniqueness)
from .reports import BackendReport, ExactPoint, PathComparison, PointReport

__all__ = ["beta_grid", "compare_path", "exact_beta_max"]


def beta_grid(beta_max: Any, count: int, *, span: int = 1000) -> list[Fraction]:
    """``count`` exact βs from ``beta_max`` down to ``beta_max/span``, evenly spaced in log β.

    Each ratio ``span^(-k/(count-1))`` is rounded to a fraction with a
    denominator below 10⁴, so the grid is rational and reproducible.

    >>> [str(b) for b in beta_grid(2, 4)]
    ['2', '1/5', '1/50', '1/500']
    >>> beta_grid(2, 0)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: the grid needs at least 1 point, got 0
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InvalidInputError(f"the grid needs at least 1 point, got {count!r}")
    bm = Fraction(beta_max)
    if bm <= 0:
        raise InvalidInputError(f"beta_max must be > 0, got {bm}")
    if count == 1:
        return [bm]
    out: list[Fraction] = []
    for k in range(count):
        q = Fraction(10 ** (-math.log10(span) * k / (count - 1))).limit_denominator(10_000)
        b = bm * q
        if b > 0 and b not in out:
            out.append(b)
    return out


# ------------------------------------------------------------------ inputs
def _prepare(K: Any, y: Any) -> tuple[Any, ExactColumns | None, np.ndarray, list[Fraction], dict]:
    from ..dictionary.columns import Dictionary
    from ..lasso.solve import as_columns

    if isinstance(K, Dictionary):
        info = K.summary()
        Kf = K.to_float()
        cols = as_columns(K) if K.norm == 1 else None
    else:
        cols = as_columns(K)
        Kf = cols.float_matrix()
        info = {"n": cols.n, "columns": cols.m, "exact": True, "kind": "rational"}
    n = Kf.shape[0]
    yv = rational_vector(y, n)
    # the float back-ends square the data (Gram matrices, objectives): refuse what leaves float64 by name
    top = max(float(np.abs(Kf).max(initial=0.0)), max((abs(clamped_float(v)) for v in yv), default=0.0))
    if not top < 2.0 ** SQUARE_SAFE_EXPONENT:
        raise InvalidInputError(
            f"the float back-ends compared on the path work in float64, but a value is about 2^{math.frexp(top)[1] if math.isfinite(top) else '1024+'}"
            " and its square leaves float range; the exact solve (exactwedge fit, the exact Lasso path) has no such limit"
        )
    return K, cols, Kf, yv, info


def exact_beta_max(cols: ExactColumns, y: list[Fraction], intercept: bool) -> Fraction:
    """The smallest β at which z = 0 is optimal, exactly (with an intercept: of the centred problem).

    >>> from exactwedge.lasso.columns import ExactColumns
    >>> cols = ExactColumns.from_rational([[1, 0], [1, 2]])
    >>> exact_beta_max(cols, [Fraction(1), Fraction(-3)], False), exact_beta_max(cols, [Fraction(1), Fraction(-3)], True)
    (Fraction(6, 1), Fraction(4, 1))
    """
    from ..lasso.active_set import ExactLassoQP
    from ..lasso.homotopy import beta_max

    if intercept:
        ybar = sum(y, Fraction(0)) / len(y)
        return beta_max(ExactLassoQP(cols.centered(), [v - ybar for v in y]))
    return beta_max(ExactLassoQP(cols, y))


def _float_beta_max(Kf: np.ndarray, yf: np.ndarray, intercept: bool) -> float:
    if intercept:
        Kf = Kf - Kf.mean(axis=0)[None, :]
        yf = yf - yf.mean()
    return float(np.abs(Kf.T @ yf).max(initial=0.0))


def _resolve_backends(backends: Any) -> tuple[list[Backend], list[Backend]]:
    """(to run, not installed). Explicitly named back-ends must be installed."""
    explicit = backends is not None
    items = list(BACKEND_NAMES) if backends is None else list(backends)
    run, missing = [], []
    for b in items:
        be = b if isinstance(b, Backend) else get_backend(str(b))
        if be.is_installed():
            run.append(be)
        elif explicit:
            be.require()  # raises BackendNotInstalledError naming the extra
        else:
            missing.append(be)
    return run, missing


def _exact_solution_at(cols: ExactColumns, y: list[Fraction], beta: Fraction, intercept: bool) -> Any:
    from ..lasso.solve import solve_lasso

    sol = solve_lasso(cols, y, beta, intercept=intercept)
    if not sol.certificate.holds:  # pragma: no cover - the solver only stops at a KKT point
        raise SolverError(f"the exact Lasso solution at beta = {beta} failed its certificate")
    return sol


# ------------------------------------------------------------------ the comparison
def compare_path(
    K: Any,
    y: Any,
    betas: Sequence[Any] | None = None,
    *,
    grid: int | None = None,
    intercept: bool = False,
    backends: Sequence[Any] | None = None,
    breakpoints: bool = True,
    agree_rtol: float = AGREE_RTOL,
    support_tol: float = SUPPORT_TOL,
    progress: Callable[[str, float], None] | None = None,
) -> PathComparison:
    r"""Compare float back-ends with the exact Lasso at requested βs and at every breakpoint.

    Parameters
    ----------
    K : Dictionary or rational matrix (rows)
        An ℓ1 dictionary or rational matrix gives the exact comparison; an ℓ2
        dictionary the float-only one (see the module docstring).
    y : sequence of exact numbers
    betas : sequence of exact positive numbers, optional
        The βs to compare at; default: a grid (``grid`` points, 12 if None)
        from :math:`\beta_{\max}` down to :math:`\beta_{\max}/1000`.
    grid : int, optional
        Number of grid points when ``betas`` is not given.
    intercept : bool
        A free intercept (the bias dictionaries).
    backends : sequence of names or Backend objects, optional
        Default: every installed back-end (missing ones are listed as not
        installed). A back-end named explicitly must be installed
        (:class:`~exactwedge.exceptions.BackendNotInstalledError` otherwise).
    breakpoints : bool
        Also compare at every exact breakpoint (ℓ1 only).
    agree_rtol, support_tol : float
        See :mod:`exactwedge.compare.metrics`.
    progress : callable, optional
        Called as ``progress(stage, fraction)`` while the exact path and the
        back-ends run (``fraction`` in [0, 1]).

    Returns
    -------
    PathComparison

    Examples
    --------
    >>> from exactwedge.dictionary import dictionary
    >>> D = dictionary([0, 4, 5, 7, 10, 11], bias=True)
    >>> c = compare_path(D, [0, 0, 0, 2, 3, 3], ["1/10"], intercept=True, backends=["sklearn"])
    >>> [(str(e.beta), e.kinds) for e in c.exact][:3]
    [('83/3', ['beta_max']), ('361/37', ['breakpoint']), ('10/3', ['breakpoint'])]
    >>> c.exact[-1].value, c.exact[-1].kinds
    (Fraction(287, 1600), ['requested', 'path_end'])
    >>> rep = c.backends["sklearn"]
    >>> rep.summary(True)["verdict"], rep.points[-1].agrees
    ('agrees', True)
    """
    from ..lasso.solve import lasso_path
    from ..problem import check_beta

    timings: dict[str, float] = {}
    K, cols, Kf, yv, info = _prepare(K, y)
    if Kf.shape[0] < 1:
        raise DimensionError("K must have at least one row")
    yf = np.array([float(v) for v in yv], dtype=np.float64)
    run, missing = _resolve_backends(backends)
    exact_ok = cols is not None
    report = lambda stage, frac: progress(stage, max(0.0, min(1.0, frac))) if progress else None  # noqa: E731

    t0 = time.perf_counter()
    bmax: Fraction | float = exact_beta_max(cols, yv, intercept) if exact_ok else _float_beta_max(Kf, yf, intercept)
    if betas is not None:
        requested = sorted({check_beta(b) for b in betas}, reverse=True)
        if not requested:
            raise InvalidInputError("give at least one beta")
        if not (2.0 ** -SQUARE_SAFE_EXPONENT < clamped_float(requested[-1]) and clamped_float(requested[0]) < 2.0 ** SQUARE_SAFE_EXPONENT):
            far = requested[0] if requested[0] > 1 else requested[-1]
            raise InvalidInputError(
                f"the float back-ends compared on the path take β in float64, but β = {short(str(far), 24)} "
                f"is beyond 2^±{SQUARE_SAFE_EXPONENT}; the exact solve (exactwedge fit) has no such limit"
            )
    else:
        if grid is not None and (isinstance(grid, bool) or not isinstance(grid, int) or grid < 1):
            raise InvalidInputError(f"--grid needs a positive integer, got {grid!r}")
        top = bmax if exact_ok else Fraction(bmax).limit_denominator(10**6)
        if top <= 0:
            top = Fraction(1)  # y is fitted by the intercept alone (or is 0): every beta gives z = 0
        requested = beta_grid(top, 12 if grid is None else grid)

    exact_points: dict[Fraction, ExactPoint] = {}
    if exact_ok:
        bmin = min(requested)

        def on_knot(beta: Fraction) -> None:
            if bmax > bmin and beta > 0:
                report("exact path", math.log(float(bmax) / float(beta)) / math.log(float(bmax) / float(bmin)))

        report("exact path", 0.0)
        path = lasso_path(cols, yv, bmin, intercept=intercept, progress=on_knot)
        timings["exact_path"] = time.perf_counter() - t0
        knots = path.knots
        for i, sol in enumerate(knots):
            if not sol.certificate.holds:  # pragma: no cover
                raise SolverError(f"the exact path knot at beta = {sol.beta} failed its certificate")
            kinds = ["beta_max"] if (i == 0 and sol.beta == path.beta_max) else (
                ["path_end"] if i == len(knots) - 1 else ["breakpoint"])
            if breakpoints or kinds != ["breakpoint"]:
                exact_points[sol.beta] = ExactPoint(sol.beta, kinds, sol)
        t1 = time.perf_counter()
        for k, b in enumerate(requested):
            report("exact optima", k / len(requested))
            if b in exact_points:
                exact_points[b].kinds.insert(0, "requested")
            else:
                exact_points[b] = ExactPoint(b, ["requested"], _exact_solution_at(cols, yv, b, intercept))
        timings["exact_requested"] = time.perf_counter() - t1
        if not breakpoints:
            exact_points = {b: e for b, e in exact_points.items() if "requested" in e.kinds}
        for e in exact_points.values():
            e.equicorrelation, e.unique = uniqueness(cols, yv, e.beta, e.solution.z, e.solution.intercept,
                                                     intercept=intercept)
        all_betas = sorted(exact_points, reverse=True)
    else:
        all_betas = list(requested)
    kinds_of = {b: (exact_points[b].kinds if b in exact_points else ["requested"]) for b in all_betas}

    reports: dict[str, BackendReport] = {}
    for be in missing:
        reports[be.name()] = BackendReport(be.name(), be.DESCRIPTION, False, None, install_hint=be.install_hint())
    for idx, be in enumerate(run):
        report(f"back-end {be.name()}", idx / max(1, len(run)))
        rep = BackendReport(be.name(), be.DESCRIPTION, True, be.version(), install_hint=be.install_hint())
        t1 = time.perf_counter()
        try:
            fpoints = be.solve(Kf, yf, all_betas, intercept)
        except BackendNotInstalledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a crashing back-end is a result to report
            msg = f"{type(exc).__name__}: {exc}"
            rep.error = msg
            fpoints = [FloatPoint(b, None, None, "error", False, None, [msg]) for b in all_betas]
        rep.seconds = time.perf_counter() - t1
        for b, fp in zip(all_betas, fpoints):
            if exact_ok:
                rep.points.append(_measure(cols, yv, exact_points[b], fp, be.name(), intercept, agree_rtol, support_tol))
            else:
                rep.points.append(_float_only(Kf, yf, b, kinds_of[b], fp, be.name(), support_tol))
        reports[be.name()] = rep
        timings[f"backend_{be.name()}"] = rep.seconds
    order = [n for n in BACKEND_NAMES if n in reports] + [n for n in reports if n not in BACKEND_NAMES]
    reports = {n: reports[n] for n in order}
    if not exact_ok:
        _rank_float(reports, all_betas, Kf, support_tol)
    report("done", 1.0)
    problem = {
        **info,
        "intercept": bool(intercept),
        "objective": "1/2 ||K z + t 1 - y||^2 + beta ||z||_1" + (" (t free)" if intercept else " (t = 0)"),
        "scaling": "every value is on this scale; scikit-learn and celer were called with alpha = beta / n",
        "n": int(Kf.shape[0]),
        "columns": int(Kf.shape[1]),
    }
    return PathComparison(problem, exact_ok, bmax, requested, [exact_points[b] for b in all_betas] if exact_ok else [],
                          reports, agree_rtol, support_tol, timings, all_betas)


def _measure(cols: ExactColumns, y: list[Fraction], ep: ExactPoint, fp: FloatPoint, name: str, intercept: bool,
             rtol: float, stol: float) -> PointReport:
    sol = ep.solution
    pr = PointReport(name, ep.beta, list(ep.kinds), fp.status, fp.converged, fp.iterations, list(fp.messages),
                     fp.seconds, optimum=float(sol.value), solver_gap=fp.solver_gap)
    if fp.z is None:
        pr.agrees = False
        pr.reason = "the back-end failed: " + ("; ".join(fp.messages) or fp.status)
        return pr
    z = np.asarray(fp.z, dtype=np.float64).reshape(-1)
    if z.shape != (cols.m,):
        pr.agrees = False
        pr.reason = f"the back-end returned coefficients of shape {z.shape}, expected ({cols.m},)"
        return pr
    if not np.all(np.isfinite(z)) or (fp.intercept is not None and not np.isfinite(fp.intercept)):
        pr.agrees = False
        pr.reason = "the back-end returned NaN or infinite numbers"
        return pr
    pr.z, pr.intercept = z, fp.intercept
    m = exact_point(cols, y, ep.beta, z, fp.intercept, intercept=intercept, tol=stol)
    gap = m.value - sol.value
    if gap < 0:  # pragma: no cover - impossible: P* is the certified minimum
        raise SolverError(f"a float point beat the certified optimum at beta = {ep.beta}")
    pr.value = float(m.value)
    pr.value_float = float_objective(cols.float_matrix(), np.array([float(v) for v in y]), z,
                                     fp.intercept if intercept else None, float(ep.beta))
    pr.gap = float(gap)
    pr.rel_gap = float(gap / sol.value) if sol.value > 0 else (0.0 if gap == 0 else math.inf)
    # fitted values ŷ = y − r are unique: compare residuals exactly
    r_star = _residual(cols, y, sol, intercept)
    pr.fitted_error = float(max((abs(a - b) for a, b in zip(m.residual, r_star)), default=Fraction(0)))
    pr.coef_error = float(max((abs(a - b) for a, b in zip(m.z, sol.z)), default=Fraction(0)))
    pr.l1_error = float(abs(m.l1 - sol.l1))
    if intercept and fp.intercept is not None and sol.intercept is not None:
        pr.intercept_error = float(abs(from_float(float(fp.intercept)) - sol.intercept))
    S = float_support(z, stol)
    pr.support_size = len(S)
    pr.support_jaccard = jaccard(S, sol.support)
    pr.sign_agreement = sign_agreement(sol.z, z, stol)
    b = ep.beta
    pr.kkt = {
        "max_abs_correlation_over_beta": float(m.max_abs_correlation / b),
        "bound_violation": float(m.bound_violation),
        "support_violation": float(m.support_violation),
        "residual_sum": None if m.residual_sum is None else float(m.residual_sum),
        "holds": bool(m.holds),
        "exact": True,
    }
    ok = fp.ok
    pr.agrees = agrees(ok, gap, sol.value, rtol)
    if not ok:
        pr.reason = f"the back-end reported {fp.status}" + (f": {fp.messages[-1]}" if fp.messages else "")
    elif not pr.agrees:
        pr.reason = f"relative gap {pr.rel_gap:.3g} > {rtol:g}"
    return pr


def _residual(cols: ExactColumns, y: list[Fraction], sol: Any, intercept: bool) -> list[Fraction]:
    cache = getattr(sol, "_ew_residual", None)
    if cache is None:
        m = exact_point(cols, y, sol.beta, sol.z, sol.intercept if intercept else None, intercept=intercept)
        cache = m.residual
        try:
            sol._ew_residual = cache
        except AttributeError:  # pragma: no cover
            pass
    return cache


def _float_only(Kf: np.ndarray, yf: np.ndarray, beta: Fraction, kinds: list, fp: FloatPoint, name: str,
                stol: float) -> PointReport:
    pr = PointReport(name, beta, list(kinds), fp.status, fp.converged, fp.iterations, list(fp.messages), fp.seconds,
                     solver_gap=fp.solver_gap)
    if fp.z is None or np.asarray(fp.z).reshape(-1).shape != (Kf.shape[1],) or not np.all(np.isfinite(fp.z)):
        pr.reason = "the back-end failed: " + ("; ".join(fp.messages) or fp.status or "bad output")
        pr.status = "error" if fp.z is None else pr.status
        return pr
    z = np.asarray(fp.z, dtype=np.float64).reshape(-1)
    pr.z, pr.intercept = z, fp.intercept
    pr.value = pr.value_float = float_objective(Kf, yf, z, fp.intercept, float(beta))
    pr.support_size = len(float_support(z, stol))
    r = yf - Kf @ z - (fp.intercept or 0.0)
    corr = np.abs(Kf.T @ r).max(initial=0.0) / float(beta)
    pr.kkt = {"max_abs_correlation_over_beta": float(corr), "bound_violation": max(0.0, float(corr) - 1.0),
              "residual_sum": float(r.sum()) if fp.intercept is not None else None, "exact": False}
    pr.reason = "no exact optimum for l2 columns: compared with the best float value"
    return pr


def _rank_float(reports: dict, betas: list, Kf: np.ndarray, stol: float) -> None:
    """ℓ2: gaps, fitted-value and support differences to the best converged float point at each β."""
    for i, _b in enumerate(betas):
        cands = [rep.points[i] for rep in reports.values() if rep.points and rep.points[i].value is not None
                 and rep.points[i].status == "converged" and rep.points[i].converged]
        if not cands:
            continue
        best = min(cands, key=lambda p: p.value)
        fit_best = Kf @ best.z + (best.intercept or 0.0)
        S_best = float_support(best.z, stol)
        for rep in reports.values():
            if not rep.points:
                continue
            p = rep.points[i]
            p.optimum = best.value
            p.agrees = None
            if p.value is None:
                continue
            p.gap = p.value - best.value
            p.rel_gap = p.gap / best.value if best.value > 0 else None
            p.fitted_error = float(np.abs(Kf @ p.z + (p.intercept or 0.0) - fit_best).max(initial=0.0))
            p.coef_error = float(np.abs(p.z - best.z).max(initial=0.0))
            p.l1_error = abs(float(np.abs(p.z).sum()) - float(np.abs(best.z).sum()))
            if p.intercept is not None and best.intercept is not None:
                p.intercept_error = abs(p.intercept - best.intercept)
            p.support_jaccard = jaccard(float_support(p.z, stol), S_best)
