"""The registry of checks, the context a check runs in, and its result.

A *check* is a function ``f(ctx)`` registered with :func:`check`. It draws
seeded cases (``ctx.each``), tests the statement on each one
(``ctx.expect``), records symbolic proofs (``ctx.proved``) and passes its
intermediate objects through named hooks (``ctx.hook``) so that a test can
corrupt them (``mutate={"z": flip}``) and watch the check fail.
"""

from __future__ import annotations

import importlib
import re
import time
import traceback
import zlib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator, Mapping

import numpy as np

from ._report import CheckReport, results_html

__all__ = [
    "Check",
    "CheckResult",
    "CheckFailed",
    "Case",
    "Context",
    "Counterexample",
    "check",
    "all_checks",
    "get_check",
    "run_check",
    "run_checks",
    "FAMILIES",
]

#: The family modules, in the order of docs/theory.md.
FAMILIES = (
    "proofs_check.ga_identities",
    "proofs_check.lasso_equivalence",
    "proofs_check.extreme_points",
    "proofs_check.duality",
    "proofs_check.weight_decay",
    "proofs_check.random_data",
    "proofs_check.vector_output",
    "proofs_check.deep",
    "proofs_check.deep_one_d",
    "proofs_check.rescaling",
)

#: Failures kept per check run (the smallest is reported).
MAX_FAILURES = 25

_REGISTRY: dict[str, "Check"] = {}


class CheckFailed(AssertionError):
    """Raised by :meth:`Check.__call__` (the pytest form) when a check fails."""


@dataclass(frozen=True)
class Check:
    """One registered check.

    Attributes
    ----------
    name : str
        Unique id, also the pytest id (``thm2_l1_no_bias_2d``).
    theorem : str
        What it checks, as docs/theory.md and the paper name it (``"Thm 2"``).
    family : str
        The module that holds it.
    func : callable
        ``func(ctx)``; its docstring states exactly what is checked.
    hooks : tuple of str
        Names accepted by ``mutate=`` (see :meth:`Context.hook`).
    cases : int
        Default number of cases (``--cases`` overrides it).
    slow : bool
        Marked ``slow`` when run as a pytest id.
    uses : tuple of str
        The fully qualified names of the library functions and classes the
        check exercises (``"exactwedge.ga.cross"``), as importable paths; the
        theory map of docs/theory.md lists them (:mod:`proofs_check._theory_map`).
    on_data : callable or None
        ``on_data(ctx, ds)``: the same statement on one user data set
        (:class:`proofs_check._data.DataSet`), through the check's own per-case
        body; raises :class:`~proofs_check._data.NotApplicable` when it does not apply.
    """

    name: str
    theorem: str
    family: str
    func: Callable
    hooks: tuple = ()
    cases: int = 6
    slow: bool = False
    uses: tuple[str, ...] = ()
    on_data: Callable | None = None

    @property
    def statement(self) -> str:
        """The first paragraph of the check's docstring.

        >>> get_check("lemma20_lasso_duality").statement.startswith("Lemma 20")
        True
        """
        doc = (self.func.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def __call__(self, **options: Any) -> "CheckResult":
        """Run the check; raise :class:`CheckFailed` with the counterexample when it fails.

        This is the form that pytest ids call (see :func:`proofs_check.parametrize_with_checks`).
        """
        res = run_check(self, **options)
        if res.status == "SKIP":  # an optional library is missing: skipped under pytest, never failed
            import pytest

            pytest.skip(res.error or "skipped")
        if res.status != "PASS":
            raise CheckFailed(res.describe())
        return res


def check(name: str, theorem: str, *, hooks: Iterable[str] = (), cases: int = 6,
          slow: bool = False, uses: Iterable[str] = (), on_data: Callable | None = None) -> Callable:
    """Register a check function (a decorator).

    Parameters
    ----------
    name, theorem : str
    hooks : names the check passes through :meth:`Context.hook`
    cases : default case count
    slow : mark the pytest id ``slow``
    uses : fully qualified names of the library functions and classes the check exercises
    on_data : ``f(ctx, ds)``, the check on one data set (see :attr:`Check.on_data`)

    Examples
    --------
    >>> @check("demo_check_not_registered_twice", "Demo", cases=2, uses=["exactwedge.ga.wedge"])
    ... def demo(ctx):
    ...     '''Demo: 1 + 1 = 2 on every case.'''
    ...     for case in ctx.each(ctx.case("c", k=i) for i in range(ctx.n_cases)):
    ...         ctx.expect(1 + 1 == 2, "arithmetic")
    >>> run_check("demo_check_not_registered_twice").summary
    'checked on 2 exact cases'
    >>> get_check("demo_check_not_registered_twice").uses
    ('exactwedge.ga.wedge',)
    >>> _ = _REGISTRY.pop("demo_check_not_registered_twice")
    """

    def deco(func: Callable) -> Callable:
        if name in _REGISTRY:
            raise ValueError(f"a check named {name!r} is already registered")
        if isinstance(uses, str):
            raise TypeError(f"uses= of check {name!r} must be a sequence of names, not one string")
        _REGISTRY[name] = Check(name, theorem, func.__module__, func, tuple(hooks), cases, slow, tuple(uses), on_data)
        return func

    return deco


def _load() -> None:
    for mod in FAMILIES:
        importlib.import_module(mod)


def _contains(hay: str, needle: str) -> bool:
    """Substring match that does not split numbers ("thm 2" is not in "thm 22")."""
    rx = re.escape(needle)
    if needle[:1].isdigit():
        rx = r"(?<!\d)" + rx
    if needle[-1:].isdigit():
        rx += r"(?!\d)"
    return re.search(rx, hay) is not None


def _matches(c: Check, pattern: str) -> bool:
    hay = f"{c.name} {c.theorem} {c.family}".lower()
    alts = [a.strip().lower() for a in re.split(r",|\bor\b", pattern) if a.strip()]
    for alt in alts:
        if alt.startswith("not "):
            if not _contains(hay, alt[4:].strip()):
                return True
        elif _contains(hay, alt):
            return True
    return False


def all_checks(pattern: str | None = None, *, data: bool = False) -> list[Check]:
    """Every registered check (all families loaded), optionally filtered.

    ``pattern`` is matched, case-insensitively, as a substring of the name,
    the theorem and the family (numbers are not split: ``thm 2`` does not
    match Thm 22); alternatives are separated by ``,`` or ``or``, and
    ``not X`` keeps the checks that do not contain X. ``data=True`` keeps the
    checks that also run on one user data set (``on_data``).

    >>> [c.name for c in all_checks("lemma 20")]
    ['lemma20_lasso_duality']
    >>> [c.theorem for c in all_checks("thm 1,thm 2")]
    ['Thm 1', 'Thm 2']
    """
    _load()
    checks = list(_REGISTRY.values())
    if pattern:
        checks = [c for c in checks if _matches(c, pattern)]
    return [c for c in checks if c.on_data is not None] if data else checks


def get_check(name: str) -> Check:
    """The check with this exact name.

    >>> get_check("app612_optimal_rescaling").theorem
    'App. 6.12'
    """
    _load()
    if name not in _REGISTRY:
        raise KeyError(f"no check named {name!r}")
    return _REGISTRY[name]


# ---------------------------------------------------------------- cases and context


def _size(x: Any) -> int:
    """A size for ordering counterexamples: entries plus bits of rationals."""
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return 1
    if isinstance(x, int):
        return 1 + abs(x).bit_length()
    if isinstance(x, Fraction):
        return 1 + abs(x.numerator).bit_length() + x.denominator.bit_length()
    if isinstance(x, float):
        return 8
    if isinstance(x, np.ndarray):
        return int(sum(_size(v) for v in x.ravel().tolist()))
    if isinstance(x, Mapping):
        return sum(_size(v) for v in x.values())
    if isinstance(x, (list, tuple)):
        return sum(_size(v) for v in x)
    return 4


@dataclass
class Case:
    """One seeded input of a check: a label and its exact data."""

    label: str
    data: dict
    size: int


@dataclass
class Counterexample:
    """A failing case with what failed, exactly.

    Attributes
    ----------
    label : str
    message : str
    data : dict
        The case's exact inputs.
    values : dict
        The quantities that broke the statement (exact where they are).
    size : int
        Used to report the smallest one.
    """

    label: str
    message: str
    data: dict
    values: dict
    size: int

    def latex(self) -> str:
        """The case and the failing quantities in LaTeX (via ``sympy.latex``).

        >>> Counterexample("c", "m", {"X": [[1, Fraction(1, 2)]]}, {"gap": Fraction(-1, 3)}, 3).latex()
        'X = \\\\left[\\\\begin{matrix}1 & \\\\frac{1}{2}\\\\end{matrix}\\\\right],\\\\quad \\\\mathrm{gap} = - \\\\frac{1}{3}'
        """
        from ._report import to_latex

        parts = [f"{_latex_name(k)} = {to_latex(v)}" for k, v in {**self.data, **self.values}.items()]
        return r",\quad ".join(parts)

    def to_json(self) -> dict:
        from ._report import to_text

        return {
            "case": self.label,
            "message": self.message,
            "data": {k: to_text(v) for k, v in self.data.items()},
            "values": {k: to_text(v) for k, v in self.values.items()},
            "latex": self.latex(),
        }


def _latex_name(k: str) -> str:
    if len(k) == 1 or k in ("beta", "alpha", "varepsilon"):
        return "\\" + k if k in ("beta", "alpha", "varepsilon") else k
    return r"\mathrm{" + k.replace("_", r"\_") + "}"


class Context:
    """What a check function receives.

    Attributes
    ----------
    n_cases : int
        How many cases to draw.
    seed : int
    thorough : bool
        Go further: more and larger cases, higher dimensions.
    rng : numpy.random.Generator
        Seeded from ``(seed, crc32(check name))``.
    """

    def __init__(self, chk: Check, *, cases: int | None, seed: int, thorough: bool,
                 mutate: Mapping[str, Callable] | None):
        self.check = chk
        self.thorough = bool(thorough)
        self.n_cases = int(cases) if cases is not None else chk.cases * (4 if thorough else 1)
        self.seed = int(seed)
        self.rng = np.random.default_rng([self.seed, zlib.crc32(chk.name.encode())])
        self.mutate = dict(mutate or {})
        unknown = set(self.mutate) - set(chk.hooks)
        if unknown:
            raise KeyError(f"check {chk.name!r} has no hook(s) {sorted(unknown)}; it has {list(chk.hooks)}")
        self.used_hooks: set = set()
        self.cases_run = 0
        self.current: Case | None = None
        self.failures: list[Counterexample] = []
        self.proofs: dict[int, list[str]] = {}
        self.details: dict = {}
        self._first_of_case = True

    # ------------------------------------------------------------ cases
    def case(self, label: str, **data: Any) -> Case:
        """A case with exact data (its size is computed from the data)."""
        return Case(label, data, _size(data))

    def each(self, cases: Iterable[Case]) -> Iterator[Case]:
        """Iterate over cases, counting them and making each the current one."""
        for c in cases:
            self.current = c
            self.cases_run += 1
            yield c
            if len(self.failures) >= MAX_FAILURES:
                break
        self.current = None

    # ------------------------------------------------------------ statements
    def hook(self, name: str, value: Any) -> Any:
        """``value``, or its corruption when the run was given ``mutate={name: f}``."""
        if name not in self.check.hooks:
            raise KeyError(f"check {self.check.name!r} used the undeclared hook {name!r}")
        if name in self.mutate:
            self.used_hooks.add(name)
            return self.mutate[name](value)
        return value

    def expect(self, ok: Any, message: str, **values: Any) -> bool:
        """Record a failure of the current case unless ``ok``; return ``bool(ok)``."""
        ok = bool(ok)
        if not ok and len(self.failures) < MAX_FAILURES:
            c = self.current
            self.failures.append(Counterexample(
                c.label if c else "(no case)", message, dict(c.data) if c else {}, values,
                c.size if c else 0))
        return ok

    def proved(self, ok: bool, d: int, what: str, remainder: Any = None) -> bool:
        """Record a symbolic proof of ``what`` in dimension d (``ok``: it expanded to zero); d = 0 for any d."""
        if ok:
            self.proofs.setdefault(int(d), []).append(what)
        else:
            self.failures.append(Counterexample(
                f"symbolic, d = {d}", f"{what}: the identity does not expand to zero", {"d": d},
                {"remainder": remainder if remainder is not None else "nonzero"}, 0))
        return ok

    def note(self, key: str, value: Any) -> None:
        """Keep a detail for the JSON report (numbers, short strings)."""
        self.details[key] = value


@dataclass
class CheckResult:
    """The outcome of one check run."""

    check: Check
    status: str
    cases: int
    proved_dims: tuple
    seconds: float
    counterexample: Counterexample | None = None
    failures: int = 0
    error: str | None = None
    details: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """``'proved (symbolic, d ≤ 4); checked on N exact cases'`` or the parts that apply."""
        if self.status == "SKIP":
            return f"skipped: {self.error}"
        parts = []
        dims = sorted(self.proved_dims)
        if 0 in dims:  # a dimension-free statement
            parts.append("proved (symbolic, any d)")
            dims = dims[1:]
        if dims:
            parts.append(f"proved (symbolic, d ≤ {dims[-1]})" if dims == list(range(dims[0], dims[-1] + 1))
                         else f"proved (symbolic, d in {dims})")
        if self.cases and self.details.get("data"):
            parts.append(f"checked on {self.details['data']} ({'floats' if self.details.get('float') else 'exact'})")
        elif self.cases:
            kind = "seeded cases" if self.details.get("float") else "exact cases"
            parts.append(f"checked on {self.cases} {kind}")
        return "; ".join(parts) or "no cases"

    def describe(self) -> str:
        """A multi-line text for a failure (used by pytest ids)."""
        head = f"{self.check.name} ({self.check.theorem}): {self.status}"
        if self.error:
            head += f"\nerror: {self.error}"
        ce = self.counterexample
        if ce is not None:
            from ._report import to_text

            head += f"\nsmallest counterexample ({ce.label}): {ce.message}"
            for k, v in {**ce.data, **ce.values}.items():
                head += f"\n  {k} = {to_text(v)}"
            head += f"\nLaTeX: {ce.latex()}"
        return head

    def __repr__(self) -> str:
        return f"CheckResult({self.check.name!r}, {self.status!r}, {self.summary!r})"

    def _repr_html_(self) -> str:
        return results_html([self])

    def to_json(self) -> dict:
        return {
            "name": self.check.name,
            "theorem": self.check.theorem,
            "family": self.check.family.rsplit(".", 1)[-1],
            "statement": self.check.statement,
            "uses": list(self.check.uses),
            "status": self.status,
            "summary": self.summary,
            "cases": self.cases,
            "proved_symbolic_dims": sorted(self.proved_dims),
            "seconds": round(self.seconds, 4),
            "failures": self.failures,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "error": self.error,
            "details": self.details,
        }


def run_check(chk: Check | str, *, cases: int | None = None, seed: int = 0, thorough: bool = False,
              mutate: Mapping[str, Callable] | None = None, data: Any = None) -> CheckResult:
    """Run one check and return its result (never raises for a failing statement).

    Parameters
    ----------
    chk : Check or its name
    cases : int, optional
        Number of cases (default: the check's own, times 4 when thorough).
    seed : int
    thorough : bool
    mutate : dict, optional
        ``{hook name: corruption}``: each hooked value is replaced by
        ``corruption(value)``. A hook that the run never reached is an error.
    data : DataSet or mapping, optional
        Run the statement on this one data set instead of the seeded family
        (``{"X": ..., "y": ... [, "beta": ..., "bias": ...]}``, read exactly by
        :func:`proofs_check._data.as_dataset`; β defaults to β_max/10). A check
        that does not apply to it is a ``"SKIP"`` whose ``error`` starts with ``N/A:``.

    Examples
    --------
    >>> r = run_check("lemma20_lasso_duality", cases=2)
    >>> r.status, r.cases
    ('PASS', 2)
    >>> r = run_check("lemma20_lasso_duality", cases=2, mutate={"residual": lambda v: [2 * c for c in v]})
    >>> r.status
    'FAIL'

    On one data set:

    >>> r = run_check("thm1_one_dimensional", data={"X": [[0], [1], [3]], "y": [1, 2, 0], "bias": True})
    >>> r.status, r.details["P_Lasso"], r.details["beta"]
    ('PASS', '33/100', '1/5 (β_max/10, β_max = 2 computed exactly)')
    >>> r = run_check("thm2_l1_no_bias_2d", data={"X": [[0], [1], [3]], "y": [1, 2, 0], "bias": True})
    >>> r.status, r.error
    ('SKIP', 'N/A: Thm 2 is about data in R^2 without biases; these are in R^1 with biases')

    A check whose library is not installed is ``"SKIP"`` (never ``"FAIL"``), and
    its ``error`` names the pip command (:func:`missing_library`).
    """
    if isinstance(chk, str):
        chk = get_check(chk)
    body, not_applicable = chk.func, ()
    if data is not None:
        from ._data import NotApplicable, as_dataset

        not_applicable = NotApplicable
        ds = as_dataset(data)
        if chk.on_data is None:
            return CheckResult(chk, "SKIP", 0, (), 0.0, None, 0, "N/A: this check runs on its seeded family only",
                               {"not_applicable": True})
        cases = 1

        def body(ctx: Context) -> None:
            ctx.note("data", ds.source)
            ctx.note("beta", f"{ds.beta} ({ds.beta_note})")
            chk.on_data(ctx, ds)
    ctx = Context(chk, cases=cases, seed=seed, thorough=thorough, mutate=mutate)
    t0 = time.perf_counter()
    error = None
    try:
        body(ctx)
        missing = set(ctx.mutate) - ctx.used_hooks
        if missing:
            error = f"the mutation hook(s) {sorted(missing)} were never reached"
    except Exception as e:  # a crash is a failure of the check, reported with its case
        skip = missing_library(e)
        if isinstance(e, not_applicable) and not ctx.failures:  # decided before any statement was tested
            skip = f"N/A: {e}"
            ctx.details["not_applicable"] = True
        if skip is not None:
            return CheckResult(chk, "SKIP", ctx.cases_run, (), time.perf_counter() - t0, None, 0, skip, ctx.details)
        tb = traceback.extract_tb(e.__traceback__)[-1]
        error = f"{type(e).__name__}: {e} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})"
        if ctx.current is not None:
            ctx.failures.append(Counterexample(ctx.current.label, f"raised {type(e).__name__}: {e}",
                                               dict(ctx.current.data), {}, ctx.current.size))
    seconds = time.perf_counter() - t0
    if ctx.proofs:
        ctx.details["symbolic_identities_proved"] = {f"d={d}" if d else "any d": len(v) for d, v in sorted(ctx.proofs.items())}
    smallest = min(ctx.failures, key=lambda f: f.size) if ctx.failures else None
    status = "PASS" if not ctx.failures and error is None else "FAIL"
    return CheckResult(chk, status, ctx.cases_run, tuple(sorted(ctx.proofs)), seconds, smallest,
                       len(ctx.failures), error, ctx.details)


#: The pip command of each library a check may need (clifford, galgebra, cvxpy and Clarabel are dependencies
#: of exactwedge; kingdon is in the ``interop`` extra).
PIP_COMMANDS = {"clifford": "pip install clifford", "galgebra": "pip install galgebra",
                "cvxpy": "pip install cvxpy clarabel", "clarabel": "pip install cvxpy clarabel",
                "kingdon": "pip install 'exactwedge[interop]'", "scipy": "pip install scipy"}


def missing_library(e: BaseException) -> str | None:
    """Why a check cannot run, when ``e`` says an optional library is missing (then the check is a SKIP).

    Only a missing *library* counts: a missing module of exactwedge or proofs_check
    itself, and every other error, is a failure (None here).

    >>> missing_library(ModuleNotFoundError("No module named 'galgebra'", name="galgebra"))
    'galgebra is not installed: pip install galgebra'
    >>> missing_library(ModuleNotFoundError("No module named 'exactwedge.gone'", name="exactwedge.gone")) is None
    True
    >>> missing_library(ValueError("galgebra")) is None
    True
    """
    from exactwedge.exceptions import BackendNotInstalledError

    if isinstance(e, BackendNotInstalledError):
        return str(e)
    if not isinstance(e, ModuleNotFoundError) or not e.name:
        return None
    top = e.name.split(".")[0]
    if top in ("exactwedge", "proofs_check"):
        return None
    return f"{top} is not installed: {PIP_COMMANDS.get(top, f'pip install {top}')}"


def run_checks(pattern: str | None = None, *, progress: Callable | None = None, **options: Any) -> CheckReport:
    """Run every check matching ``pattern`` (see :func:`all_checks`); options as :func:`run_check`.

    >>> [r.status for r in run_checks("lemma 21", cases=1)]
    ['PASS']
    """
    out = CheckReport()  # a list that displays itself as a table in Jupyter
    for c in all_checks(pattern):
        res = run_check(c, **options)
        out.append(res)
        if progress is not None:
            progress(res)
    return out
