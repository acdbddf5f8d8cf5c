"""Tests of proofs_check: every check passes, every check can fail, the registry and the CLI.

Every check becomes a pytest id through :func:`proofs_check.parametrize_with_checks`
(as scikit-learn's ``parametrize_with_checks`` does for estimators). Each check
also gets a *mutation*: a corrupted input or implementation fed through one of
its hooks (a flipped coordinate, a wrong normalization, a dropped column), and
the check must then FAIL with a counterexample.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest

import proofs_check as pc
from exactwedge import Network
from exactwedge.deep.one_d import DeepDictionary, DeepNarrowNetwork
from proofs_check import parametrize_with_checks
from proofs_check._registry import _REGISTRY
from proofs_check.mutations import (
    drop_basis_columns,
    drop_columns,
    flip_block_output,
    flip_first_nonzero,
    scaled,
    wrong_function,
)

# ------------------------------------------------------------------ every check passes


@parametrize_with_checks(cases=2)
def test_check_passes_on_two_cases(check):
    check()


@pytest.mark.slow
@parametrize_with_checks()
def test_check_passes_with_default_cases(check):
    check()


# ------------------------------------------------------------------ every check can fail


def _unit_flip(units):
    return [dataclasses.replace(units[0], w=flip_first_nonzero(units[0].w))] + units[1:] if units else units


def _bad_rescale(net):
    return Network([dataclasses.replace(u, w=scaled(u.w, 2), b=u.b * 2) for u in net.units], net.intercept,
                   net.activation, net.norm)


def _anisotropic(sampler):
    return lambda rng, n, d: [[c * (5 if k == 0 else 1) for k, c in enumerate(x)] for x in sampler(rng, n, d)]


#: check name -> (cases, {hook: corruption}, what is corrupted)
MUTATIONS = {
    "app61_cross_product": (1, {"cross": lambda f: wrong_function(f, flip_first_nonzero)}, "flipped coordinate"),
    "hodge_relations": (1, {"hodge": lambda f: (lambda B: -f(B) if B.grade == 1 else f(B))}, "wrong sign on grade 1"),
    "cauchy_binet": (1, {"wedge": lambda f: wrong_function(f, lambda b: b * 2)}, "wrong normalization"),
    "app61_distance_formulas": (1, {"squared_distance_to_span": lambda f: wrong_function(f, lambda v: v * 2)},
                                "wrong normalization"),
    "app61_volume_formulas": (1, {"simplex_volume": lambda f: wrong_function(f, lambda v: v * 2)}, "missing 1/2"),
    "thm1_one_dimensional": (1, {"z": flip_first_nonzero}, "flipped coordinate of z"),
    "thm2_l1_no_bias_2d": (4, {"dictionary": drop_basis_columns}, "dropped basis columns"),
    "thm3_l1_bias_2d": (1, {"network": _unit_flip}, "flipped weight coordinate"),
    "thm6_l1_no_bias": (1, {"z": lambda z: scaled(z, Q(11, 10))}, "wrong normalization of z"),
    "thm22_l1_bias": (2, {"dictionary": lambda D: drop_columns(D, lambda j, s: j % 2 == 0)}, "dropped columns"),
    "l1_augmentation_matters": (1, {"augmented": drop_basis_columns}, "dropped basis columns"),
    "abs_two_layer": (1, {"z": flip_first_nonzero}, "flipped coordinate of z"),
    "lemma14_l1_chamber_vertices": (1, {"candidates": lambda C: {tuple(2 * x for x in c) for c in C}},
                                    "wrong normalization"),
    "lemma17_extreme_points": (2, {"vertices": lambda V: set(sorted(V)[1:])}, "a dropped vertex"),
    "lemma19_weyl_extreme_rays": (1, {"rays": lambda R: [flip_first_nonzero(r) for r in R]}, "flipped coordinate"),
    "lemma20_lasso_duality": (1, {"residual": lambda v: scaled(v, 2)}, "wrong normalization"),
    "lemma21_lasso_duality_bias": (1, {"residual": lambda v: scaled(v, Q(1, 2))}, "wrong normalization"),
    "thm4_l2_no_bias_2d": (1, {"radius": lambda r: r * 1.2}, "wrong normalization of r"),
    "thm5_l2_bias_2d": (1, {"lasso_value": lambda p: p * 0.9}, "corrupted P_Lasso"),
    "thm7_l2_no_bias": (1, {"radius": lambda r: 1.0}, "r = 1 (no approximation)"),
    "def3_max_chamber_diameter": (1, {"diameter": lambda D: dataclasses.replace(D, value=D.value / 2)},
                                  "wrong normalization of D"),
    "def2_angular_dispersion": (1, {"dispersion": lambda a: dataclasses.replace(a, angle=a.angle / 2)},
                                "wrong normalization of ε"),
    "lemma11_isometry_diameter": (2, {"diameter": lambda v: 3 * v}, "wrong normalization of D"),
    "lemma12_gaussian_diameter": (20, {"sampler": _anisotropic}, "non-isotropic data"),
    "thm23_vector_output": (1, {"Z": flip_first_nonzero}, "flipped coordinate of Z"),
    "thm9_deep_l1": (1, {"block": flip_block_output}, "flipped output weight"),
    "thm10_deep_l2": (1, {"block": flip_block_output}, "flipped output weight"),
    "deep_one_d_vertex_dictionary": (1, {"dictionary": lambda D: DeepDictionary(
        D.x, D.chains[::2], D.columns[::2], D.depth, D.activation, D.candidates)}, "dropped columns"),
    "deep_one_d_lasso_beta": (1, {"network": lambda N: DeepNarrowNetwork(
        [(2 * N.units[0][0], N.units[0][1])] + N.units[1:], N.intercept, N.x)}, "a doubled output weight"),
    "app612_optimal_rescaling": (2, {"rescaled": _bad_rescale}, "wrong normalization of the rescaling"),
}


def test_every_check_has_a_mutation():
    assert set(MUTATIONS) == {c.name for c in pc.all_checks()}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_check_fails(name):
    cases, mutate, _ = MUTATIONS[name]
    res = pc.run_check(name, cases=cases, mutate=mutate)
    assert res.status == "FAIL", res.describe()
    assert res.error is None, res.error  # a FAIL of the statement, not a crash
    ce = res.counterexample
    assert ce is not None and ce.message
    latex = ce.latex()
    assert isinstance(latex, str) and latex
    json.dumps(res.to_json())  # the report stays serializable


def test_pytest_form_raises_with_the_counterexample():
    cases, mutate, _ = MUTATIONS["lemma20_lasso_duality"]
    with pytest.raises(pc.CheckFailed, match="smallest counterexample"):
        pc.get_check("lemma20_lasso_duality")(cases=cases, mutate=mutate)


def test_corrupted_library_function_via_monkeypatch(monkeypatch):
    """A corrupted implementation (not a hook): the exact Lasso returns a wrong z."""
    import proofs_check.lasso_equivalence as mod

    real = mod.solve_lasso

    def wrong(*args, **kw):
        sol = real(*args, **kw)
        sol.z = flip_first_nonzero(sol.z)
        return sol

    monkeypatch.setattr(mod, "solve_lasso", wrong)
    assert pc.run_check("thm6_l1_no_bias", cases=2).status == "FAIL"


def test_corrupted_chamber_rays_via_monkeypatch(monkeypatch):
    """A corrupted library: chamber_rays forgets the last ray of every cone."""
    import proofs_check.extreme_points as mod

    real = mod.chamber_rays
    monkeypatch.setattr(mod, "chamber_rays", lambda X, s: real(X, s)[:-1])
    res = pc.run_check("lemma19_weyl_extreme_rays", cases=2)
    assert res.status == "FAIL"
    assert "definition" in res.counterexample.message


# ------------------------------------------------------------------ the registry


REQUIRED = {
    "App. 6.1 (cross product)", "App. 6.1 (distances)", "App. 6.1 (volumes, triangle area)",
    "THEORY §1 (Hodge star)", "THEORY §1 (Cauchy–Binet)", "THEORY §3 (ℓ1 augmentation)",
    "Thm 1", "Thm 2", "Thm 3", "Thm 4", "Thm 5", "Thm 6", "Thm 7", "Thm 9", "Thm 10", "Thm 22", "Thm 23",
    "Def. 2", "Def. 3", "Lemma 11", "Lemma 12", "Lemma 14", "Lemma 17", "Lemma 19 (Weyl)", "Lemma 20", "Lemma 21",
    "App. 6.12",
}


def test_every_listed_theorem_has_a_check():
    assert REQUIRED <= {c.theorem for c in pc.all_checks()}


def test_every_check_states_what_it_checks():
    for c in pc.all_checks():
        assert c.statement and len(c.statement) > 40, c.name
        assert c.hooks, c.name
        assert c.func.__doc__.count("\n") >= 3, c.name


def test_pattern_selection():
    assert [c.name for c in pc.all_checks("lemma 20")] == ["lemma20_lasso_duality"]
    names = {c.name for c in pc.all_checks("thm 9 or thm 10")}
    assert names == {"thm9_deep_l1", "thm10_deep_l2"}
    assert "thm9_deep_l1" not in {c.name for c in pc.all_checks("not deep")}


def test_unknown_hook_is_refused():
    with pytest.raises(KeyError, match="no hook"):
        pc.run_check("lemma20_lasso_duality", cases=1, mutate={"nope": lambda v: v})


def test_unreached_hook_is_a_failure():
    # lemma 21 with zero cases never reaches its hook
    res = pc.run_check("lemma21_lasso_duality_bias", cases=1, mutate={"residual": lambda v: v})
    assert res.status == "PASS"  # an identity mutation is reached and changes nothing


@pytest.fixture
def temporary_checks():
    added = []

    def add(name, theorem, func, **kw):
        pc.check(name, theorem, **kw)(func)
        added.append(name)
        return pc.get_check(name)

    yield add
    for name in added:
        _REGISTRY.pop(name, None)


def test_smallest_counterexample_is_reported(temporary_checks):
    def f(ctx):
        """Demo: every case fails; the smallest must be reported."""
        cases = [ctx.case("big", X=[[Q(12345, 7), Q(3)], [Q(1), Q(2)]]), ctx.case("small", X=[[Q(1)]]),
                 ctx.case("medium", X=[[Q(99), Q(2)]])]
        for case in ctx.each(cases):
            ctx.expect(False, "always fails", value=Q(-1, 3))

    temporary_checks("zz_demo_smallest", "Demo", f)
    res = pc.run_check("zz_demo_smallest")
    assert res.status == "FAIL" and res.failures == 3
    assert res.counterexample.label == "small"
    assert res.counterexample.latex() == r"X = \left[\begin{matrix}1\end{matrix}\right],\quad \mathrm{value} = - \frac{1}{3}"


def test_a_crash_is_a_failure_with_its_case(temporary_checks):
    def f(ctx):
        """Demo: raises on the second case."""
        for case in ctx.each([ctx.case("ok", k=1), ctx.case("boom", k=2)]):
            if case.data["k"] == 2:
                raise ZeroDivisionError("division by zero")

    temporary_checks("zz_demo_crash", "Demo", f)
    res = pc.run_check("zz_demo_crash")
    assert res.status == "FAIL"
    assert "ZeroDivisionError" in res.error
    assert res.counterexample.label == "boom"


def test_runs_are_seeded():
    a = pc.run_check("thm2_l1_no_bias_2d", cases=5, seed=3).to_json()
    b = pc.run_check("thm2_l1_no_bias_2d", cases=5, seed=3).to_json()
    for key in ("status", "cases", "details"):
        assert a[key] == b[key]


def test_thorough_runs_more_cases():
    c = pc.get_check("lemma20_lasso_duality")
    assert pc.run_check(c, thorough=True).cases == 4 * c.cases


# ------------------------------------------------------------------ the command line


def _cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "proofs_check", *args], capture_output=True, text=True, timeout=timeout)


def test_cli_json_to_stdout():
    r = _cli("-k", "lemma 20,lemma 21", "--cases", "2", "--json", "-")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["all_pass"] and doc["passed"] == 2 and doc["failed"] == 0
    assert {c["theorem"] for c in doc["checks"]} == {"Lemma 20", "Lemma 21"}
    assert all(c["status"] == "PASS" and c["cases"] == 2 for c in doc["checks"])
    assert "PASS" in r.stderr  # the table went to stderr


def test_cli_json_to_file_and_table(tmp_path):
    out = tmp_path / "report.json"
    r = _cli("-k", "app612", "--cases", "2", "--seed", "7", "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert "app612_optimal_rescaling" in r.stdout and "proved (symbolic, any d)" in r.stdout
    doc = json.loads(out.read_text())
    assert doc["options"] == {"seed": 7, "cases": 2, "thorough": False, "pattern": "app612"}


@pytest.mark.parametrize("args,msg", [
    (["-k", "no-such-check"], "no check matches"),
    (["--cases", "0"], "positive integer"),
    (["--seed", "x"], "a seed is a nonnegative integer"),
    (["--seed", "-1"], "a seed is a nonnegative integer"),
    (["--bogus"], "unrecognized arguments"),
    (["-k", "lemma 20", "--json", "/nonexistent-dir/r.json"], "cannot write"),
])
def test_cli_usage_errors_are_one_line(args, msg):
    r = _cli(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and msg in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_cli_list():
    r = _cli("--list", "-k", "lemma")
    assert r.returncode == 0
    assert "lemma19_weyl_extreme_rays" in r.stdout and "thm2" not in r.stdout


def test_cli_exit_status_1_on_fail(temporary_checks, capsys):
    from proofs_check._cli import main

    def f(ctx):
        """Demo: 1/3 + 1/3 = 1/2, which is false; the counterexample is printed with its LaTeX."""
        for case in ctx.each([ctx.case("thirds", a=Q(1, 3))]):
            ctx.expect(case.data["a"] * 2 == Q(1, 2), "1/3 + 1/3 ≠ 1/2", total=case.data["a"] * 2)

    temporary_checks("zz_demo_cli_fail", "Demo", f)
    assert main(["-k", "zz_demo_cli_fail", "--json", "-"]) == 1
    out = capsys.readouterr()
    doc = json.loads(out.out)
    ce = doc["checks"][0]["counterexample"]
    assert doc["failed"] == 1 and ce["values"] == {"total": "2/3"}
    assert ce["latex"] == r"a = \frac{1}{3},\quad \mathrm{total} = \frac{2}{3}"
    assert "FAIL" in out.err and "smallest counterexample" in out.err


@pytest.mark.slow
def test_cli_full_default_run():
    """The default run passes (its time is a benchmark's business, not a test's: shared machines are noisy)."""
    r = _cli("--json", "-", timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    doc = json.loads(r.stdout)
    assert doc["all_pass"]
    assert REQUIRED <= set(doc["theorems"])


def test_public_functions_of_proofs_check_have_doctests():
    import importlib
    import inspect
    import pkgutil

    import proofs_check

    missing = []
    for info in pkgutil.walk_packages(proofs_check.__path__, "proofs_check."):
        if info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        names = list(getattr(mod, "__all__", [])) + [n for n, o in vars(mod).items()
                                                     if inspect.isfunction(o) and o.__module__ == mod.__name__
                                                     and not n.startswith("_") and not hasattr(o, "__wrapped__")]
        for name in names:
            obj = getattr(mod, name)
            registered = any(c.func is obj for c in pc.all_checks())
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__ and not registered:
                if ">>>" not in (inspect.getdoc(obj) or ""):
                    missing.append(f"{info.name}.{name}")
    assert not missing, missing


def test_cli_latex_report(tmp_path, capsys):
    import shutil

    from proofs_check._cli import main as pc_main

    tex = tmp_path / "report.tex"
    assert pc_main(["-k", "lemma20", "--latex", str(tex)]) == 0
    text = tex.read_text()
    assert "Lemma 20" in text and r"\begin{document}" in text
    if shutil.which("pdflatex"):
        assert (tmp_path / "report.pdf").stat().st_size > 0
    assert pc_main(["-k", "lemma20", "--latex", str(tmp_path / "missing" / "x" / "r.tex")]) in (0, 2)


# ------------------------------------------------------------------ a missing library is a SKIP, never a FAIL

GALGEBRA_CHECKS = ("app61_cross_product", "hodge_relations", "cauchy_binet", "app61_volume_formulas")


def _without(monkeypatch, *names):
    """Simulate uninstalled libraries: ``import name`` raises ModuleNotFoundError."""
    for name in names:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def no_galgebra(monkeypatch):
    from exactwedge.ga.interop import galgebra_

    galgebra_._default_ga.cache_clear()  # forget the algebras built with the installed galgebra
    _without(monkeypatch, "galgebra", "galgebra.ga", "galgebra.mv", "galgebra.printer")
    yield
    galgebra_._default_ga.cache_clear()


@pytest.mark.parametrize("name", GALGEBRA_CHECKS)
def test_missing_galgebra_is_skip_naming_pip(no_galgebra, name):
    res = pc.run_check(name, cases=1)
    assert res.status == "SKIP", res.describe()
    assert res.error == "galgebra is not installed: pip install galgebra"
    assert res.summary == "skipped: galgebra is not installed: pip install galgebra"
    assert res.to_json()["status"] == "SKIP" and res.counterexample is None
    with pytest.raises(pytest.skip.Exception, match="pip install galgebra"):
        pc.get_check(name)(cases=1)


def test_missing_cvxpy_is_skip_naming_pip(monkeypatch):
    _without(monkeypatch, "cvxpy")
    res = pc.run_check("thm23_vector_output", cases=1)
    assert res.status == "SKIP" and "pip install cvxpy clarabel" in res.error, res.describe()


def test_cli_reports_skip_and_exits_0(no_galgebra, capsys):
    from proofs_check._cli import main

    assert main(["-k", "cauchy_binet,lemma 20", "--cases", "1", "--json", "-"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["skipped"] == 1 and doc["failed"] == 0 and doc["passed"] == 1 and doc["all_pass"] is False
    assert "SKIP cauchy_binet: galgebra is not installed: pip install galgebra" in captured.err
    assert "1/2 PASS, 1 SKIP" in captured.err and "FAIL" not in captured.err


def test_a_missing_module_of_the_library_is_still_a_failure(temporary_checks):
    """Only an absent third-party library is a SKIP: a broken import inside exactwedge fails."""
    def broken(ctx):
        import exactwedge.no_such_module  # noqa: F401

    assert pc.run_check(temporary_checks("demo_broken_import", "Demo", broken, cases=1)).status == "FAIL"


def test_design_card_libraries_are_core_dependencies_imported_lazily():
    """clifford, galgebra, sympy, numpy and cvxpy (with Clarabel) come with `pip install exactwedge`;
    `import exactwedge` loads none of the heavy ones."""
    import re
    import tomllib
    from pathlib import Path

    meta = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    core = {re.split(r"[<>=!\[ ]", d, maxsplit=1)[0].lower() for d in meta["project"]["dependencies"]}
    assert {"clifford", "galgebra", "sympy", "numpy", "cvxpy", "clarabel"} <= core
    code = ("import sys, exactwedge; "
            "print(sorted(m for m in ('clifford', 'galgebra', 'cvxpy', 'clarabel', 'sympy', 'kingdon') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_distance_check_reads_a_value_written_as_a_sum():
    """The symbolic distance check takes numerator and denominator as SymPy gives them, and only a value not
    written as one fraction goes through ``together``: the same value as a sum passes, a wrong sum fails."""
    import sympy

    from proofs_check.mutations import wrong_function

    def as_sum(wrong):
        def corrupt(v):
            if not isinstance(v, sympy.Expr) or v.is_number:
                return v
            u = sympy.Symbol("x1", real=True)
            return sympy.Add(v, u / (u**2 + 1), -u / (u**2 + 1) + (1 if wrong else 0), evaluate=False)
        return corrupt

    for wrong, status in ((False, "PASS"), (True, "FAIL")):
        mutate = {"squared_distance_to_span": lambda f, w=wrong: wrong_function(f, as_sum(w))}
        assert pc.run_check("app61_distance_formulas", cases=1, mutate=mutate).status == status


def test_binomial_cdf_of_lemma12_equals_scipy():
    """Lemma 12's lower tail, summed term by term, equals scipy.stats.binom.cdf (which it replaces: a 0.5 s import)."""
    stats = pytest.importorskip("scipy.stats")
    from proofs_check.random_data import binomial_cdf

    for trials in (1, 7, 20, 80, 320):
        for k in range(-1, trials + 2):
            for p in (0.6321205588285577, 0.05, 0.5, 0.97):
                want = float(stats.binom.cdf(k, trials, p))
                assert binomial_cdf(k, trials, p) == pytest.approx(want, rel=1e-12, abs=1e-300)
