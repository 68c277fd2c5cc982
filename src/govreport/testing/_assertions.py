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
from govreport.formats import read
from govreport.model import Report
from govreport.spec import cell_label
from govreport.zh import cell as zh_cell

__all__ = ["assert_clean", "assert_document_matches", "document_text"]


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
    """A rendered document (.docx, .html or .pdf) as stable text for golden-file tests: each paragraph
    on a line, then each table as ``== 表格 N`` followed by its rows, cells separated by `` | ``
    (a merged cell repeats in every position it covers).

    >>> document_text("missing.docx")
    Traceback (most recent call last):
    govreport.errors.LoadError: missing.docx: 文件不存在 (no such file)
    """
    p = Path(path)
    if not p.is_file():
        raise LoadError("文件不存在 (no such file)", path=str(p))
    suffix = p.suffix.lower()
    if suffix in (".html", ".htm", ".pdf"):
        return _blocks_text(p, suffix)
    import docx

    document = docx.Document(str(p))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for i, table in enumerate(document.tables, start=1):
        lines.append(f"== 表格 {i}")
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines) + "\n"


def _blocks_text(path: Path, suffix: str) -> str:
    """The same dump for a web page or a PDF, from the blocks :func:`govreport.read` reads."""
    from govreport.formats._grid import Grid, Para
    from govreport.formats._html import read_html
    from govreport.formats._pdf import read_pdf

    blocks = (
        read_pdf(path, str(path)) if suffix == ".pdf" else read_html(path.read_bytes(), str(path))
    )
    lines = [b.heading + b.text for b in blocks if isinstance(b, Para)]
    grids = [b for b in blocks if isinstance(b, Grid)]
    for i, grid in enumerate(grids, start=1):
        lines.append(f"== 表格 {i}")
        for row in grid.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row))
    return "\n".join(lines) + "\n"


def _differences(got: Report, want: Report) -> list[str]:
    """Every cell whose printed value differs, named by its printed labels, then every paragraph."""
    out: list[str] = []
    for key, table in want.tables():
        printed = got.table(key)
        for row_key, row in table.rows():
            for column, value in row.cells():
                shown = printed.cell(row_key, column)
                if zh_cell(shown) != zh_cell(value):
                    label = cell_label(want.edition, key, row_key, column)
                    out.append(
                        f"{label}: 文档 {zh_cell(shown) or '空白'}, 数据 {zh_cell(value) or '空白'}"
                    )
    for key in Report.SECTION_KEYS:
        mine = [p.heading + p.text for p in want.section(key).paragraphs]
        theirs = [p.heading + p.text for p in got.section(key).paragraphs]
        heading = want.edition.spec.section(key).heading
        for i, text in enumerate(mine, start=1):
            lines = [line for line in text.split("\n") if line]
            for line in lines:
                if not any(line in t for t in theirs):
                    out.append(f"{heading} 第 {i} 段: 文档中没有“{line[:30]}”")
    if got.agency != want.agency or got.year != want.year:
        out.append(f"标题: 文档 {got.agency}{got.year}, 数据 {want.agency}{want.year}")
    return out


def assert_document_matches(path: str | os.PathLike[str], report: Report) -> None:
    """Fail unless the published document at ``path`` (.docx, .html or .pdf) says what ``report`` says.

    The document is read back with :func:`govreport.read`; every differing cell is named by its
    printed labels (``表三 （一）予以公开 × 自然人: 文档 7, 数据 8``) and every paragraph of the
    report's narrative that the document does not print is listed.

    >>> import tempfile, pathlib, attrs
    >>> import govreport
    >>> from govreport.testing import make_report
    >>> report = make_report(2024)
    >>> out = govreport.render(report, pathlib.Path(tempfile.mkdtemp()) / "r.docx")
    >>> assert_document_matches(out, report)
    >>> t = report.applications.table
    >>> other = attrs.evolve(report, applications=attrs.evolve(report.applications,
    ...     table=attrs.evolve(t, granted=attrs.evolve(t.granted, natural_person=21))))
    >>> assert_document_matches(out, other)
    Traceback (most recent call last):
    AssertionError: 文档与数据有 1 处不同 (r.docx):
      表三 （一）予以公开 × 自然人: 文档 20, 数据 21
    """
    got = read(path).report
    found = _differences(got, report)
    if found:
        raise AssertionError(
            f"文档与数据有 {len(found)} 处不同 ({Path(path).name}):\n"
            + "\n".join(f"  {line}" for line in found)
        )
