"""``import exactwedge`` stays light: the heavy libraries load on first use (issue 14).

The check is on ``sys.modules`` in a fresh interpreter, never on a timing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import exactwedge

#: Libraries that neither ``import exactwedge`` nor ``exactwedge --help`` may load.
HEAVY = ("numpy", "scipy", "sympy", "flint", "rich", "cvxpy", "clarabel", "sklearn", "celer", "matplotlib",
         "pandas", "dask", "distributed", "clifford", "galgebra", "kingdon", "numba", "highspy")


def _loaded(code: str) -> list[str]:
    """The HEAVY libraries in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return out.split()


def test_import_loads_no_heavy_library():
    assert _loaded("import exactwedge") == []


def test_help_loads_no_heavy_library():
    code = ("import contextlib, io\nfrom exactwedge.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    for argv in (['--help'], ['fit', '--help'], ['path', '--help'], ['demo', '--help']):\n"
            "        try:\n            main(argv)\n        except SystemExit:\n            pass")
    assert _loaded(code) == []


def test_numpy_loads_with_the_first_deferred_name():
    assert _loaded("import exactwedge\nexactwedge.fit") == ["numpy"]


@pytest.mark.parametrize("name", sorted(exactwedge.__all__))
def test_every_public_name_resolves(name):
    assert name in dir(exactwedge)
    assert getattr(exactwedge, name) is not None


def test_deferred_names_are_the_defining_objects():
    from exactwedge.dictionary import build
    from exactwedge.ga import batch
    from exactwedge.lasso import solve
    from exactwedge import network, problem, training

    assert exactwedge.dictionary is build.dictionary
    assert exactwedge.cross_products is batch.cross_products and exactwedge.CrossTable is batch.CrossTable
    assert exactwedge.solve_lasso is solve.solve_lasso and exactwedge.LassoPath is solve.LassoPath
    assert exactwedge.Network is network.Network and exactwedge.Problem is problem.Problem
    assert exactwedge.fit is training.fit and exactwedge.FitResult is training.FitResult


def test_dictionary_stays_the_function_when_the_subpackage_loads_first():
    code = ("import exactwedge, exactwedge.dictionary.build\n"
            "import exactwedge.dictionary as d\n"
            "from exactwedge import dictionary\n"
            "assert d is dictionary is exactwedge.dictionary is exactwedge.dictionary.__globals__['dictionary']\n"
            "print(exactwedge.dictionary.__module__, len(exactwedge.dictionary([[1, 0], [0, 1]]).neurons))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "exactwedge.dictionary.build"


def test_star_import_gives_every_public_name():
    namespace: dict[str, object] = {}
    exec("from exactwedge import *", namespace)
    assert set(exactwedge.__all__) <= set(namespace)
