"""Every public function and class of the public modules has a docstring with an example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import govreport

PUBLIC_MODULES = ["govreport", "govreport.spec", "govreport.model", "govreport.errors"]
PUBLIC_MODULES += [
    m for m in ("govreport.checks", "govreport.zh", "govreport.cli") if importlib.util.find_spec(m)
]


def _public_modules() -> list[str]:
    names = list(PUBLIC_MODULES)
    sources = importlib.util.find_spec("govreport.sources")
    if sources is not None:
        pkg = importlib.import_module("govreport.sources")
        names.append("govreport.sources")
        names += [
            f"govreport.sources.{m.name}"
            for m in pkgutil.iter_modules(pkg.__path__)
            if not m.name.startswith("_")
        ]
    return names


def _members(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    out = []
    for name in names:
        obj = getattr(module, name)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__.startswith(
            "govreport"
        ):
            out.append((f"{module_name}.{name}", obj))
    return out


def test_the_package_has_a_version() -> None:
    """govreport.__version__ is set."""
    assert govreport.__version__


@pytest.mark.parametrize("module_name", _public_modules())
def test_public_api_has_docstrings_with_examples(module_name: str) -> None:
    """Each public function and class documents itself with a >>> example (classes: in the class or a method)."""
    missing = []
    for qualname, obj in _members(module_name):
        doc = inspect.getdoc(obj) or ""
        if ">>>" in doc:
            continue
        if inspect.isclass(obj):
            if issubclass(obj, BaseException) and doc:
                continue
            members = [m for n, m in vars(obj).items() if not n.startswith("_")]
            if any(">>>" in (inspect.getdoc(m) or "") for m in members):
                continue
        missing.append(qualname)
    assert not missing, f"no docstring example: {missing}"
