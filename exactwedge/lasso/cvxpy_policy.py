r"""One policy for every cvxpy solve: the solver tolerances, the retry ladder, the solve call.

Every cvxpy problem of exactwedge (the float solver :mod:`exactwedge.lasso.float_solve`,
the cvxpy back-end :mod:`exactwedge.lasso.backends.cvxpy_clarabel`, the arrangement
reference :mod:`exactwedge.reference.program`) is solved through this module, with
one of its named settings:

* :data:`CLARABEL_TIGHT` (gap and feasibility 1e-10, 100× tighter than
  Clarabel's defaults): the float solver and the arrangement reference.
* :data:`CLARABEL_BACKEND` (1e-11): the cvxpy back-end of the float
  comparison (:mod:`exactwedge.compare`), tighter still because its point is
  measured against the exact optimum column by column.
* :data:`TIGHT`: the options of each conic solver the float solver may try
  (:func:`conic_attempts`): Clarabel first, then ECOS and SCS (and HiGHS for a
  linear program).

cvxpy is imported only when a problem is solved (:func:`import_cvxpy`).

>>> sorted(CLARABEL_TIGHT) == sorted(CLARABEL_BACKEND)
True
>>> CLARABEL_TIGHT["tol_gap_rel"], CLARABEL_BACKEND["tol_gap_rel"]
(1e-10, 1e-11)
"""

from __future__ import annotations

import warnings
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from ..exceptions import BackendNotInstalledError, SolverError

__all__ = ["CLARABEL_TIGHT", "CLARABEL_BACKEND", "TIGHT", "INSTALL", "import_cvxpy", "conic_attempts",
           "solve_once", "solve_with_retries"]

#: How to install cvxpy with its conic solver Clarabel (dependencies of exactwedge).
INSTALL = "pip install cvxpy clarabel"

#: Clarabel for the float solver and the arrangement reference (its defaults are 1e-8).
CLARABEL_TIGHT: Mapping[str, Any] = MappingProxyType(
    {"tol_gap_abs": 1e-10, "tol_gap_rel": 1e-10, "tol_feas": 1e-10, "tol_ktratio": 1e-8, "max_iter": 500})
#: Clarabel for the cvxpy back-end of the float comparison: tighter than :data:`CLARABEL_TIGHT`.
CLARABEL_BACKEND: Mapping[str, Any] = MappingProxyType(
    {"tol_gap_abs": 1e-11, "tol_gap_rel": 1e-11, "tol_feas": 1e-11, "tol_ktratio": 1e-9, "max_iter": 500})
#: The tight options of every conic solver the float solver may try.
TIGHT: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "CLARABEL": CLARABEL_TIGHT,
    "ECOS": MappingProxyType({"abstol": 1e-10, "reltol": 1e-10, "feastol": 1e-10, "max_iters": 500}),
    "SCS": MappingProxyType({"eps_abs": 1e-9, "eps_rel": 1e-9, "max_iters": 20000}),
    "HIGHS": MappingProxyType({}),
})


def import_cvxpy(needed_by: str) -> Any:
    """cvxpy, imported now; without it a :class:`~exactwedge.exceptions.BackendNotInstalledError` that says who needs it.

    >>> import_cvxpy("the example needs cvxpy").__name__
    'cvxpy'
    """
    try:
        import cvxpy as cp
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(f"{needed_by}: {INSTALL}") from exc
    return cp


def conic_attempts(kind: str) -> tuple[Any, list[tuple[str, Mapping[str, Any], str]]]:
    """cvxpy and the attempts to make, in order: ``(solver, options, note)``.

    Clarabel with tight tolerances first; then, as its exponential cone
    sometimes stalls ("insufficient progress"), Clarabel with shorter steps,
    with more static regularization, without equilibration, and with its
    defaults; then the other installed conic solvers (ECOS, SCS; HiGHS when
    ``kind == "lp"``).

    >>> cp, attempts = conic_attempts("socp")
    >>> attempts[0][0], attempts[0][1]["tol_feas"], attempts[4][2]
    ('CLARABEL', 1e-10, ' (default tolerances, after failed solves)')
    """
    cp = import_cvxpy("the float solver needs cvxpy with a conic solver")
    installed = set(cp.installed_solvers())
    attempts: list[tuple[str, Mapping[str, Any], str]] = []
    if "CLARABEL" in installed:
        tight = CLARABEL_TIGHT
        attempts += [("CLARABEL", tight, ""),
                     ("CLARABEL", {**tight, "max_step_fraction": 0.8}, " (max_step_fraction 0.8, after a failed solve)"),
                     ("CLARABEL", {**tight, "static_regularization_constant": 1e-6},
                      " (static regularization 1e-6, after failed solves)"),
                     ("CLARABEL", {**tight, "equilibrate_enable": False}, " (without equilibration, after failed solves)"),
                     ("CLARABEL", {}, " (default tolerances, after failed solves)")]
    for name in ["ECOS", "SCS"] + (["HIGHS"] if kind == "lp" else []):
        if name in installed:
            note = "" if not attempts else " (after CLARABEL failed)"
            attempts.append((name, TIGHT[name], note))
    if not attempts:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(
            f"no conic solver for this problem among {', '.join(sorted(installed)) or 'none'}; {INSTALL}"
        )
    return cp, attempts


def solve_once(problem: Any, solver: str, options: Mapping[str, Any]) -> Any:
    """One ``problem.solve`` with the named solver and options; the caller reads the status.

    cvxpy's own :class:`cvxpy.error.SolverError` is not caught.

    >>> cp = import_cvxpy("the example needs cvxpy")
    >>> x = cp.Variable()
    >>> round(float(solve_once(cp.Problem(cp.Minimize((x - 2) ** 2 + 1)), "CLARABEL", CLARABEL_TIGHT)), 8)
    1.0
    """
    return problem.solve(solver=solver, **options)


def solve_with_retries(cp: Any, problem: Any, attempts: list[tuple[str, Mapping[str, Any], str]]) -> tuple[str, str, list[str]]:
    """Solve with the first attempt that reports "optimal"; returns (solver label, status, warnings).

    If none does, the first "optimal_inaccurate" point is restored (the
    float check says whether it is good enough); if there is none either,
    :class:`~exactwedge.exceptions.SolverError`.

    >>> cp, attempts = conic_attempts("socp")
    >>> x = cp.Variable()
    >>> solve_with_retries(cp, cp.Problem(cp.Minimize(cp.abs(x - 1))), attempts)[:2], round(float(x.value), 6)
    (('cvxpy/CLARABEL', 'optimal'), 1.0)
    """
    messages: list[str] = []
    tried: list[str] = []
    fallback = None
    for name, opts, note in attempts:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                solve_once(problem, name, opts)
                status = str(problem.status)
            except cp.error.SolverError as exc:
                status = f"failed ({exc})"
        messages += [f"{name}: {w.message}" for w in caught]
        tried.append(f"{name}{note}: {status}")
        if status == "optimal":
            return f"cvxpy/{name}{note}", status, messages
        if status == "optimal_inaccurate" and fallback is None:
            fallback = (f"cvxpy/{name}{note}",
                        [None if v.value is None else np.array(v.value) for v in problem.variables()],
                        [None if c.dual_value is None else np.array(c.dual_value) for c in problem.constraints])
    if fallback is not None:
        label, values, duals = fallback
        for v, val in zip(problem.variables(), values):
            v.value = val
        for c, val in zip(problem.constraints, duals):
            c.save_dual_value(val)
        return label, "optimal_inaccurate", messages
    raise SolverError("cvxpy could not solve the problem: " + "; ".join(tried))
