"""Assertions for users' own test suites: a report is clean; a document's text, stable for golden files.

>>> import tempfile, pathlib
>>> import govreport
>>> from govreport.testing import make_report
>>> report = make_report(2024)
>>> assert_clean(report)
>>> out = govreport.render(report, pathlib.Path(tempfile.mkdtemp()) / "r.docx")
>>> document_text(out).splitlines()[0]
'某某局2024年政府信息公开工作年度报告'
"""

from __future__ import annotations

import os
from pathlib import Path

from govreport.checks import check
from govreport.errors import LoadError
from govreport.model import Report

__all__ = ["assert_clean", "document_text"]


def assert_clean(report: Report, previous: Report | None = None, *, warnings: bool = False) -> None:
    """Fail with every finding printed when ``report`` has errors (or, with ``warnings``, any finding).

    >>> from govreport.testing import make_report
    >>> assert_clean(make_report(2024, balance=False, applications={"granted": {"自然人": 99}}))
    Traceback (most recent call last):
    AssertionError: 报告有 3 条发现：
      R3 error 表三 （一）予以公开 × 总计：应为 107（自然人至其他六列之和），实为 28
      R2 error 表三 （七）总计 × 自然人：应为 113（（一）至（六）各项之和），实为 34
      R2 error 表三 （七）总计 × 总计：应为 124（（一）至（六）各项之和），实为 45
    """
    findings = check(report, previous)
    failing = findings if warnings else findings.errors
    if failing:
        lines = [f"  {f.rule} {f.severity} {f.message}" for f in findings]
        raise AssertionError(f"报告有 {len(findings)} 条发现：\n" + "\n".join(lines))


def document_text(path: str | os.PathLike[str]) -> str:
    """A rendered document as stable text for golden-file tests: each paragraph on a line, then
    each table as ``== 表格 N`` followed by its rows, cells separated by `` | `` (merged cells repeat).

    >>> document_text("missing.docx")
    Traceback (most recent call last):
    govreport.errors.LoadError: missing.docx: 文件不存在 (no such file)
    """
    import docx

    p = Path(path)
    if not p.is_file():
        raise LoadError("文件不存在 (no such file)", path=str(p))
    document = docx.Document(str(p))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for i, table in enumerate(document.tables, start=1):
        lines.append(f"== 表格 {i}")
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines) + "\n"
