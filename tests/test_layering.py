"""The layers depend in one direction: spec and model know nothing of checks, IO or rendering."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "govreport"

# module -> govreport modules it must never import
FORBIDDEN = {
    "spec": {"model", "checks", "zh", "_io", "_render", "sources", "cli"},
    "model": {"checks", "zh", "_io", "_render", "sources", "cli"},
    "checks": {"zh", "_io", "_render", "sources", "cli"},
    "zh": {"checks", "_io", "_render", "sources", "cli"},
    "_numerals": {"model", "checks", "zh", "_io", "_render", "sources", "cli"},
}
# third-party libraries that the lower layers must not import
FORBIDDEN_LIBS = {"spec": {"docxtpl", "docx", "babel", "yaml", "sqlalchemy", "openpyxl"}}
FORBIDDEN_LIBS["model"] = FORBIDDEN_LIBS["spec"]
FORBIDDEN_LIBS["checks"] = FORBIDDEN_LIBS["spec"]
FORBIDDEN_LIBS["_numerals"] = FORBIDDEN_LIBS["spec"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(module: str) -> None:
    """spec, model, checks and zh import nothing above them."""
    path = SRC / f"{module}.py"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    imported = _imports(path)
    bad = {
        name
        for name in imported
        if name.startswith("govreport.")
        and name.removeprefix("govreport.").split(".")[0] in FORBIDDEN[module]
    }
    bad |= {name for name in imported if name.split(".")[0] in FORBIDDEN_LIBS.get(module, set())}
    assert not bad, f"govreport.{module} imports {sorted(bad)}"
