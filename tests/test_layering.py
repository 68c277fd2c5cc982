"""The layers import in one direction only, and every module of ``src/govreport`` belongs to a layer.

Two tools hold the direction. ``lint-imports`` (import-linter, run by ``make lint``) checks the
contract in ``pyproject.toml``. This test reads every module's imports itself, so that it also sees
what import-linter cannot: ``from govreport import x`` (which runs the whole package's
``__init__``), relative imports, imports inside functions and imports made by string
(``importlib.import_module``, ``__import__``). Seven upward imports planted in the model are its
regression tests: each one fails it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = Path(__file__).resolve().parent.parent

#: Each layer, lowest first, with the modules (or packages) that form it. A module may import
#: modules of lower layers and of its own package; the packages of one layer are independent.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "govreport.errors",
        "govreport._fs",
        "govreport._public",
        "govreport._version",
        "govreport._archive",
    ),
    ("govreport._text",),
    ("govreport.spec",),
    ("govreport.model",),
    ("govreport.zh",),
    ("govreport.checks",),
    ("govreport.formats", "govreport.rendering", "govreport.sources"),
    ("govreport.batch", "govreport.review", "govreport.testing"),
    ("govreport",),
    ("govreport.cli",),
    ("govreport.__main__",),
)
_ROOT_LAYER = LAYERS.index(("govreport",))

#: Third-party libraries a layer must not import (the statutory core stays free of IO and rendering).
_IO_LIBS = frozenset(
    {"docxtpl", "docx", "babel", "yaml", "sqlalchemy", "openpyxl", "jinja2", "lxml", "cattrs"}
)
FORBIDDEN_LIBS = {
    "govreport.errors": _IO_LIBS,
    "govreport.spec": _IO_LIBS,
    "govreport.model": _IO_LIBS,
    "govreport.zh": _IO_LIBS - {"babel"},
    "govreport.checks": _IO_LIBS,
}


def layer_of(module: str) -> tuple[int, str]:
    """The layer number and layer package of a module (the longest prefix that names a layer)."""
    best: tuple[int, str] | None = None
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > len(best[1])
            ):
                best = (i, name)
    if best is None:
        raise LookupError(f"{module} belongs to no layer: add it to LAYERS")
    return best


@attrs.frozen
class Import:
    """One import a module makes: the module imported, and where."""

    source: str
    target: str
    line: int
    how: str


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: -(level - 1)]
    return ".".join([*base, name] if name else base)


def _string_import(node: ast.Call) -> str | bool | None:
    """The module a string import names; ``False`` when the call is no import; ``None`` when the
    name is not a literal."""
    f = node.func
    is_import = (
        isinstance(f, ast.Attribute)
        and f.attr == "import_module"
        and isinstance(f.value, ast.Name)
        and f.value.id == "importlib"
    ) or (isinstance(f, ast.Name) and f.id in ("__import__", "import_module"))
    if not is_import:
        return False
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def imports(path: Path, src: Path) -> Iterator[Import]:
    """Every import of ``path``, resolved to an absolute module name."""
    module = module_name(path, src)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno, "import")
        elif isinstance(node, ast.ImportFrom):
            base = (
                _resolve_relative(module, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                sub = src.joinpath(*candidate.split("."))
                is_module = sub.with_suffix(".py").exists() or (sub / "__init__.py").exists()
                yield Import(module, candidate if is_module else base, node.lineno, "from")
        elif isinstance(node, ast.Call):
            target = _string_import(node)
            if target is False:
                continue
            yield Import(module, target or "<not a literal>", node.lineno, "string")


def violations(src: Path) -> list[str]:
    """Every import in ``src/govreport`` that breaks the layers, one line each."""
    out: list[str] = []
    for path in sorted((src / "govreport").rglob("*.py")):
        module = module_name(path, src)
        own_layer, own_package = layer_of(module)
        for imp in imports(path, src):
            where = f"{path.relative_to(src)}:{imp.line}"
            if imp.how == "string" and (
                imp.target == "<not a literal>" or imp.target.split(".")[0] == "govreport"
            ):
                out.append(f"{where}: {module} imports {imp.target} by string")
                continue
            top = imp.target.split(".")[0]
            if top != "govreport":
                if top in FORBIDDEN_LIBS.get(own_package, ()):
                    out.append(f"{where}: {module} ({own_package}) must not import {top}")
                continue
            layer, package = layer_of(imp.target)
            if imp.target == "govreport":
                if own_layer < _ROOT_LAYER:
                    out.append(f"{where}: {module} imports the whole package (govreport)")
            elif package == own_package:
                continue
            elif layer > own_layer:
                out.append(f"{where}: {module} imports {imp.target}, a higher layer ({package})")
            elif layer == own_layer:
                out.append(f"{where}: {module} imports {imp.target}, an independent sibling")
    return out


def test_every_module_has_a_layer() -> None:
    """Each module of the package belongs to exactly one layer."""
    for path in (SRC / "govreport").rglob("*.py"):
        layer_of(module_name(path, SRC))


def test_layers_are_respected() -> None:
    """No module imports a higher layer, a sibling package, the package root, or by string."""
    assert violations(SRC) == []


#: Upward imports a careless change might add to the model, each in a form a naive test misses.
PLANTED = {
    "absolute": "import govreport.checks\n",
    "from-module": "from govreport.rendering import render\n",
    "from-root": "from govreport import check\n",
    "relative": "from ..checks import check\n",
    "relative-module": "from .. import formats\n",
    "in-function": "def _f():\n    from govreport.sources import tally\n    return tally\n",
    "by-string": 'import importlib\n_zh = importlib.import_module("govreport.zh")\n',
}


def _planted_copy(tmp_path: Path, code: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SRC / "govreport", src / "govreport", ignore=shutil.ignore_patterns("*.docx"))
    target = src / "govreport" / "model" / "_report.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + code, encoding="utf-8")
    return src


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_upward_import_is_caught(tmp_path: Path, kind: str) -> None:
    """Each planted upward import in govreport.model is reported, with its file."""
    src = _planted_copy(tmp_path, PLANTED[kind])
    found = violations(src)
    assert found, f"{kind} import was not caught"
    assert all(f.startswith("govreport/model/_report.py:") for f in found), found


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("lint-imports (import-linter) is not installed: pip install -e '.[dev]'")
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [exe, "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_linter_contract_holds() -> None:
    """The import-linter contract in pyproject.toml passes on the package as it is."""
    result = _lint_imports(SRC)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["absolute", "from-module", "relative", "in-function"])
def test_import_linter_catches_planted_imports(tmp_path: Path, kind: str) -> None:
    """import-linter fails on the planted imports it can see (module-to-module edges)."""
    result = _lint_imports(_planted_copy(tmp_path, PLANTED[kind]))
    assert result.returncode != 0, result.stdout
    assert "govreport.model._report" in result.stdout


#: Private modules the command line may use: the base utilities that belong to no layer's API.
CLI_MAY_USE = frozenset({"govreport._fs", "govreport._version"})


def test_cli_uses_the_public_api_only() -> None:
    """The command line imports public modules only (and its own), never a layer's private module."""
    bad = []
    for path in sorted((SRC / "govreport" / "cli").rglob("*.py")):
        for imp in imports(path, SRC):
            parts = imp.target.split(".")
            if parts[0] != "govreport" or imp.target.startswith("govreport.cli"):
                continue
            if imp.target not in CLI_MAY_USE and any(p.startswith("_") for p in parts[1:]):
                bad.append(f"{path.relative_to(SRC)}:{imp.line}: {imp.target}")
    assert bad == [], bad
