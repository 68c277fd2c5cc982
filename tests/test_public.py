"""The public surface: what each public module exports is exactly its ``__all__``, sorted, and nothing
else without an underscore (the test httpx runs on its top level)."""

from __future__ import annotations
import __future__

import ast
import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import govreport

#: The packages a user imports by name; everything else in src/govreport is private (``_name``).
PUBLIC_PACKAGES = (
    "govreport",
    "govreport.checks",
    "govreport.errors",
    "govreport.formats",
    "govreport.model",
    "govreport.rendering",
    "govreport.sources",
    "govreport.spec",
    "govreport.zh",
    "govreport.cli",
)


def _public_modules() -> list[str]:
    names = set(PUBLIC_PACKAGES)
    for info in pkgutil.walk_packages(govreport.__path__, "govreport."):
        parts = info.name.split(".")
        if not any(p.startswith("_") for p in parts):
            names.add(info.name)
    return sorted(names)


def _exported_names(module: ModuleType) -> list[str]:
    """Every name a user sees in ``module``: public names bound there, submodules and
    ``from __future__`` features left out."""
    out = []
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, ModuleType | __future__._Feature):
            continue
        if module.__name__ != "govreport" and not _belongs(module, name, value):
            continue  # a helper imported from elsewhere (typing.Any, attrs, another module's class)
        out.append(name)
    return out


def _belongs(module: ModuleType, name: str, value: object) -> bool:
    """Whether ``module`` offers ``value``: a package re-exports what its private modules define; a
    module offers what it defines itself."""
    owner = getattr(value, "__module__", None)
    if isinstance(owner, str) and not isinstance(value, str | int | tuple | dict | frozenset):
        if hasattr(module, "__path__"):
            return owner.startswith(module.__name__ + "._") or owner == module.__name__
        return owner == module.__name__
    return name in _assigned(module)  # a constant: public when the module's own code binds it


def _assigned(module: ModuleType) -> set[str]:
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


@pytest.mark.parametrize("name", PUBLIC_PACKAGES)
def test_all_is_sorted(name: str) -> None:
    """Each public package's ``__all__`` is sorted the way ruff sorts it."""
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__, key=_isort)


def _isort(name: str) -> tuple[int, str]:
    """The order ruff gives ``__all__`` (RUF022): CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


#: Public modules that still bind public names they do not export (strict: a fixed module leaves).
NOT_YET_CLEAN: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[pytest.mark.xfail(strict=True)] if n in NOT_YET_CLEAN else [])
        for n in _public_modules()
    ],
)
def test_every_public_name_is_exported(name: str) -> None:
    """A public module binds no public name that is missing from its ``__all__``, and ``__all__``
    names only what it binds."""
    module = importlib.import_module(name)
    exported = set(getattr(module, "__all__", ()))
    assert exported, f"{name} has no __all__"
    assert exported <= set(vars(module)) | _lazy(module), sorted(exported - set(vars(module)))
    assert set(_exported_names(module)) <= exported, sorted(set(_exported_names(module)) - exported)


def _lazy(module: ModuleType) -> set[str]:
    """Names a module provides on first use through its ``__getattr__`` (``sources.SqlSource``)."""
    getter = vars(module).get("__getattr__")
    if getter is None:
        return set()
    out = set()
    for name in getattr(module, "__all__", ()):
        try:
            getter(name)
        except (AttributeError, ImportError):
            continue
        out.add(name)
    return out


def test_top_level_offers_one_name_per_concept() -> None:
    """The top level names each concept once: one Contact, one template class, the errors."""
    assert govreport.Contact is govreport.model.Contact
    for error in ("RenderError", "TemplateError", "ReportNotCleanError", "PdfError", "LoadError"):
        assert issubclass(getattr(govreport, error), govreport.GovReportError)
    assert govreport.FontProfile is govreport.rendering.FontProfile
