"""The statutory format is written once, in ``govreport.spec``: no other module restates a printed label.

Every string literal in ``src/govreport`` outside ``spec/`` is read (f-strings by their constant
parts; docstrings excepted). A literal that *is* a printed label of either edition (a table's row,
column, block caption, header or title, a section's title or heading) or *contains* one of four
characters or more is a copy of the format, and fails this test with its file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from govreport.spec import Edition

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "govreport"

#: Literals this short are only flagged when they are a whole label (总计, 其他 … are ordinary words).
MIN_CONTAINED = 4


def printed_labels() -> frozenset[str]:
    """Every label the official format prints, in both editions."""
    out: set[str] = set()
    for edition in Edition:
        spec = edition.spec
        out.add(spec.title)
        for section in spec.sections:
            out.update((section.title, section.heading))
        for table in spec.tables:
            out.add(table.title)
            out.update(x for x in (table.header_note, table.column_group_label) if x)
            for block in table.blocks:
                out.update((block.caption, block.label_header))
            for row in table.rows:
                out.add(row.label)
                for column in row.columns:
                    out.add(column.label)
                    if column.group:
                        out.add(column.group)
            for column in table.columns:
                out.add(column.label)
    return frozenset(out)


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def literals(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a module, docstrings left out, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def copies(path: Path, labels: frozenset[str]) -> list[str]:
    long = [label for label in labels if len(label) >= MIN_CONTAINED]
    found = []
    for line, text in literals(path):
        value = text.strip()
        hit = value if value in labels else next((lb for lb in long if lb in text), None)
        if hit is not None:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: “{hit}”")
    return found


def _modules() -> list[object]:
    return [
        pytest.param(p, id=p.relative_to(PACKAGE).as_posix())
        for p in sorted(PACKAGE.rglob("*.py"))
        if "spec" not in p.relative_to(PACKAGE).parts
    ]


@pytest.mark.parametrize("path", _modules())
def test_no_module_restates_a_printed_label(path: Path) -> None:
    """Outside spec/, no string literal is (or contains) a printed label of the official format."""
    assert copies(path, printed_labels()) == []
