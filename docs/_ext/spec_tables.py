"""Sphinx extension: write the statutory tables of govreport.spec as Markdown for the docs to include.

The pages under docs/tables/ include ``_generated/<table>-<edition>.md``, written here from
``govreport.spec`` at every build, so the documented rows, columns, labels and keys are the
code's own and cannot drift from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govreport.spec import Edition, RowKind, TableSpec

KIND = {RowKind.DATA: "数据行", RowKind.GROUP: "分组（无数字）", RowKind.TOTAL: "合计（计算）"}


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(table: TableSpec) -> str:
    """The rows and columns of one table as Markdown tables."""
    out = [f"**{table.number}、{table.title}**（{table.key}）", ""]
    if table.blocks:
        out += [
            "| 项目 | 行 key | 行标签 | 列 key | 列标签 | 类型 | 可填“/” |",
            "|---|---|---|---|---|---|---|",
        ]
        for block in table.blocks:
            for row in (r for r in table.rows if r.block == block.key):
                for col in row.columns:
                    out.append(
                        f"| {block.caption} | `{row.key}` | {row.label} | `{col.key}` | {_escape(col.label)} "
                        f"| {col.kind.value} | {'是' if col.allows_na else '否'} |"
                    )
    else:
        out += ["| 行 key | 行标签 | 层级 | 种类 | 上级 |", "|---|---|---|---|---|"]
        for row in table.rows:
            parent = f"`{row.parent}`" if row.parent else ""
            out.append(f"| `{row.key}` | {row.label} | {row.level} | {KIND[row.kind]} | {parent} |")
        out += ["", "| 列 key | 列标签 | 上级表头 | 计算得出 |", "|---|---|---|---|"]
        for col in table.columns:
            out.append(
                f"| `{col.key}` | {col.label} | {col.group or ''} | {'是' if col.derived else '否'} |"
            )
    cells = sum(1 for r, c in table.cells() if not c.derived and r.kind is RowKind.DATA)
    out += ["", f"填报单元格（不含计算得出的总计）：{cells} 个。", ""]
    return "\n".join(out)


def generate(app: Any) -> None:
    """Write docs/_generated/<table>-<edition>.md for every table of every edition."""
    target = Path(app.srcdir) / "_generated"
    target.mkdir(exist_ok=True)
    for edition in Edition:
        for table in edition.spec.tables:
            path = target / f"{table.key}-{edition.value}.md"
            text = table_markdown(table)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "1"}
