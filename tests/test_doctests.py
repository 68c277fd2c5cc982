"""The doctests of every module of the imported govreport package.

They run on the modules Python imports -- the checkout's ``src/`` in an editable
install, ``site-packages`` in a regular one -- so the examples are checked on the
code a user gets. (Collecting ``src/`` with ``--doctest-modules`` would test the
checkout's files instead, and cannot run against a regular install.) The option
flags are the suite's ``doctest_optionflags``.
"""

from __future__ import annotations

import ast
import doctest
import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import govreport


def module_names() -> list[str]:
    """Every module of the govreport package, subpackages included, sorted (``__main__`` runs the CLI: left out).

    >>> names = module_names()
    >>> "govreport" in names and "govreport.rendering._template" in names
    True
    """
    found = pkgutil.walk_packages(govreport.__path__, prefix="govreport.")
    return sorted(["govreport", *(m.name for m in found if not m.name.endswith(".__main__"))])


class DefinedHereFinder(doctest.DocTestFinder):
    """A finder that takes each class from the module whose code defines it.

    The public packages give their classes a public ``__module__`` (``govreport.Report``), so the
    standard finder, which goes by ``__module__``, would look for ``Report``'s examples in
    ``govreport`` and then drop its methods (their globals are the defining module's). This one
    goes by the ``class`` statements in each module's source instead.
    """

    def _from_module(self, module: object, object: object) -> bool:
        if inspect.isclass(object):
            return object.__name__ in _class_statements(module) and (
                vars(module).get(object.__name__) is object  # type: ignore[arg-type]
                or object.__qualname__ != object.__name__
            )
        code = inspect.unwrap(object) if callable(object) else object
        owner = getattr(code, "__globals__", None)
        if owner is not None:  # a function or method: where its code was defined
            return owner is vars(module)  # type: ignore[arg-type]
        return bool(super()._from_module(module, object))  # type: ignore[misc]


@functools.cache
def _class_names(source: str) -> frozenset[str]:
    tree = ast.parse(source)
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef))


def _class_statements(module: object) -> frozenset[str]:
    try:
        source = inspect.getsource(module)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return frozenset()
    return _class_names(source)


def doctests() -> list[doctest.DocTest]:
    """The doctests of every module that has examples, in module order.

    >>> all(t.examples for t in doctests())
    True
    """
    finder = DefinedHereFinder()
    found = []
    for name in module_names():
        module = importlib.import_module(name)
        found += sorted((t for t in finder.find(module) if t.examples), key=lambda t: t.name)
    return found


DOCTESTS = doctests()


def test_doctests_are_found_in_the_imported_package() -> None:
    """The doctests come from the installed (or editable) package, and each public layer has some."""
    package = Path(govreport.__file__).parent
    assert all(Path(t.filename or "").is_relative_to(package) for t in DOCTESTS)
    layers = {t.name.split(".")[1] for t in DOCTESTS if t.name.count(".") >= 1}
    assert {"spec", "model", "zh", "checks", "formats", "rendering", "sources", "cli"} <= layers


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_docstring_examples(test: doctest.DocTest, pytestconfig: pytest.Config) -> None:
    """Each docstring's examples print what the docstring says they print."""
    flags = 0
    for name in pytestconfig.getini("doctest_optionflags"):
        flags |= doctest.OPTIONFLAGS_BY_NAME[name]
    runner = doctest.DocTestRunner(optionflags=flags)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, f"{test.filename}:{test.lineno}\n" + "".join(report)
