"""The house: layers point one way, no import cycle, no long module, few loose modules.

Every import between the package's own modules counts, at module level or
deferred into a function; imports under ``if TYPE_CHECKING:`` do not. A module
may import its own layer or the layers before it, never a later one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import exactwedge
import proofs_check

PACKAGE = Path(exactwedge.__file__).resolve().parent
CHECKS = Path(proofs_check.__file__).resolve().parent

#: The pipeline, first layer first: a module may import only its own layer and the ones before it.
LAYERS = (
    ("exceptions",),
    ("numbers", "io", "progress", "problem", "datasets"),
    ("ga",),
    ("arrangement", "lp"),
    ("dictionary",),
    ("lasso",),
    ("network", "training", "interpolate", "deep", "stream", "sklearn"),
    ("reference", "trained", "optimal"),
    ("compare", "latex", "plot", "certify"),
    ("cli", "__main__", ""),
)
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}

MAX_LINES = 600
MAX_LOOSE = 12


def _name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules(root: Path) -> dict[str, Path]:
    return {_name(root, p): p for p in sorted(root.rglob("*.py"))}


def _imports(path: Path, name: str) -> set[str]:
    """The absolute names a module imports (``from a import b`` gives ``a`` and ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", getattr(child.test, "attr", "")) == "TYPE_CHECKING":
                for c in child.orelse:
                    visit(c)
                continue
            if isinstance(child, ast.Import):
                out.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                    pkg = pkg[: len(pkg) - (child.level - 1)]
                    base = ".".join(pkg + ([base] if base else []))
                out.add(base)
                out.update(f"{base}.{a.name}" for a in child.names)
            visit(child)

    visit(tree)
    return out


def _edges(root: Path) -> dict[str, set[str]]:
    mods = _modules(root)
    edges: dict[str, set[str]] = {}
    for name, path in mods.items():
        for target in _imports(path, name):
            if target in mods and target != name and not name.startswith(target + "."):
                edges.setdefault(name, set()).add(target)
    return edges


def _layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top not in RANK:
        raise AssertionError(f"{module} belongs to no layer: add {top!r} to LAYERS in {__file__}")
    return RANK[top]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    comps: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            strong(v)
    return comps


def test_every_module_has_a_layer():
    for name in _modules(PACKAGE):
        _layer(name)


def test_imports_point_down_the_pipeline():
    upward = sorted(f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)})"
                    for a, targets in _edges(PACKAGE).items() for b in targets if _layer(b) > _layer(a))
    assert upward == []


@pytest.mark.parametrize("root", [PACKAGE, CHECKS], ids=["exactwedge", "proofs_check"])
def test_no_import_cycle(root):
    assert _cycles(_edges(root)) == []


@pytest.mark.parametrize("root", [PACKAGE, CHECKS], ids=["exactwedge", "proofs_check"])
def test_no_module_over_the_limit(root):
    long = {name: n for name, p in _modules(root).items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_few_loose_modules_at_the_top():
    loose = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert len(loose) <= MAX_LOOSE, loose


def test_the_checker_sees_a_cycle_and_an_upward_import(tmp_path):
    """The helpers above can fail: a deferred import that closes a cycle, and one that points up."""
    pkg = tmp_path / "exactwedge"
    (pkg / "ga").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "ga" / "__init__.py").write_text("")
    (pkg / "numbers.py").write_text("def f():\n    from .ga.blade import Blade\n")
    (pkg / "ga" / "blade.py").write_text("from ..numbers import f\n")
    edges = _edges(pkg)
    assert _cycles(edges) == [["exactwedge.ga.blade", "exactwedge.numbers"]]
    assert _layer("exactwedge.numbers") < _layer("exactwedge.ga.blade")
