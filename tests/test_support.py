"""The tests share builders only through the ``support`` package: no test module imports another, or conftest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import support

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules a file imports (``from x import y`` gives ``x``).

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "t.py"
    >>> _ = f.write_text("import os.path\\nfrom conftest import X\\nfrom . import y\\n")
    >>> sorted(imported_modules(f))
    ['conftest', 'os.path']
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _is_test_module(name: str) -> bool:
    top = name.split(".")[0]
    return top in ("conftest", "tests") or top.startswith("test_")


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_module_imports_a_test_module_or_conftest(path: Path) -> None:
    """Test modules and support import neither test modules nor conftest: shared code lives in support."""
    wrong = sorted(m for m in imported_modules(path) if _is_test_module(m))
    assert not wrong, f"{path.name} imports {wrong}: move what it needs to tests/support/"


def test_support_is_the_package_in_tests() -> None:
    """``support`` is imported from tests/support/ (pytest's pythonpath), not from anywhere else."""
    assert Path(support.__file__).parent == TESTS / "support"


def test_the_reference_data_is_vendored() -> None:
    """Every file the tests compare against is inside the repository, so a plain clone runs every test."""
    expected = {
        support.REFERENCE / "format-2019.yaml",
        support.REFERENCE / "format-2021.yaml",
        support.REFERENCE / "official-blank-2021.docx",
        support.SEEDS / "songbei-veterans-affairs-2020.txt",
        support.REAL_REPORTS / "huaian-city-2024.yaml",
        support.REAL_REPORTS / "huaian-city-2024.pdf",
        support.REAL_REPORTS / "shanghai-gov-office-2019.yaml",
    }
    assert all(p.is_relative_to(support.ROOT) for p in expected)
    assert [p for p in expected if not p.is_file()] == []
