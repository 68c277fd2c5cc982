"""The review workbook: one row per report, one sheet of every finding with its place and id.

Written with openpyxl (the ``excel`` extra), atomically.

>>> import tempfile, pathlib
>>> from govreport.review._review import Review
>>> p = write_review(Review((), ()), pathlib.Path(tempfile.mkdtemp()) / "review.xlsx")
>>> p.suffix
'.xlsx'
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from govreport._fs import atomic_write_bytes
from govreport.errors import MissingExtraError
from govreport.review._review import Review

__all__ = ["FINDING_COLUMNS", "REPORT_COLUMNS", "write_review"]

#: The columns of the 报告 sheet.
REPORT_COLUMNS = (
    "文件",
    "机关",
    "年度",
    "格式版本",
    "上年报告",
    "错误",
    "警告",
    "已接受",
    "读取情况",
)
#: The columns of the 问题 sheet.
FINDING_COLUMNS = ("编号", "文件", "机关", "年度", "规则", "级别", "位置", "说明", "接受理由")

_SEVERITY = {"error": "错误", "warning": "警告"}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as e:
        raise MissingExtraError("openpyxl", "excel") from e
    return openpyxl


def _path_text(path: object) -> str:
    """A file name as a cell can hold it: bytes that are not UTF-8 written as ``\\xff`` escapes.

    >>> _path_text("bad\\udcff.yaml")
    'bad\\\\xff.yaml'
    """
    return _text(str(path))


def _text(text: str) -> str:
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that is no undecodable byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def write_review(review: Review, path: str | os.PathLike[str]) -> Path:
    """Write the review workbook to ``path`` and return the path."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    reports = book.active
    reports.title = "报告"
    reports.append(REPORT_COLUMNS)
    for r in review.reports:
        reports.append(
            (
                _path_text(r.path),
                r.report.agency,
                r.report.year,
                int(r.report.edition),
                "" if r.previous is None else _path_text(r.previous),
                len(r.errors),
                len(r.warnings),
                len(r.accepted),
                "已读取",
            )
        )
    for failure in review.failures:
        reports.append(
            (
                _path_text(failure.path),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                _text(f"无法读取：{failure.reason}"),
            )
        )
    findings = book.create_sheet("问题")
    findings.append(FINDING_COLUMNS)
    for r in review.reports:
        for i, f in r.findings:
            findings.append(
                (
                    i,
                    _path_text(r.path),
                    r.report.agency,
                    r.report.year,
                    f.rule,
                    _SEVERITY[f.severity],
                    f.where or "",
                    f.message,
                    r.accepted.get(i, ""),
                )
            )
    for sheet in (reports, findings):
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return atomic_write_bytes(Path(path), buf.getvalue())
