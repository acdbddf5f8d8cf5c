"""Every public function and class of exactwedge carries an exact doctest."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import exactwedge

#: Modules whose public names need not carry a doctest of their own.
_EXEMPT_MODULES = {"exactwedge.__main__", "exactwedge.cli.main", "exactwedge.cli.fit", "exactwedge.cli.path",
                   "exactwedge.cli.demo"}


def _public_objects():
    for info in pkgutil.walk_packages(exactwedge.__path__, "exactwedge."):
        if info.name in _EXEMPT_MODULES:
            continue
        mod = importlib.import_module(info.name)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__:
                yield f"{info.name}.{name}", obj


@pytest.mark.parametrize("qualname,obj", list(_public_objects()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_function_has_doctest(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"{qualname} has no doctest example"
