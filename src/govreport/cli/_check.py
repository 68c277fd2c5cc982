"""The ``check`` command: every consistency finding of a report data file or a published Word report.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the file
cannot be used (the load error is printed on stderr).

>>> from govreport.cli import main
>>> main(["check", "--help"])  # doctest: +ELLIPSIS
usage: govreport check ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import attrs

import govreport
from govreport.checks import Finding, Findings, Location
from govreport.formats import DOCUMENT_SUFFIXES
from govreport.spec import Edition

__all__ = ["format_findings", "register"]

_SEVERITY = {"error": "错误", "warning": "警告"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command.

    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> a = p.parse_args(["check", "r.yaml", "--previous", "q.yaml", "--json"])
    >>> a.file, a.previous, a.json
    (PosixPath('r.yaml'), PosixPath('q.yaml'), True)
    """
    p = subparsers.add_parser(
        "check",
        help="检查勾稽关系 (check the numbers)",
        description=(
            "检查报告数据文件的勾稽关系、空白单元格、格式版本、发布日期和正文数字，列出全部问题。\n"
            "Checks a report data file and lists every finding.\n"
            "退出状态 / exit status: 0 无错误 (no errors), 1 有错误 (errors), 2 文件不可用 (unusable)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, help="报告数据文件或 Word 文档 (report data file or .docx)")
    p.add_argument(
        "--previous", type=Path, default=None, help="上年报告数据文件 (last year's report)"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出 (print a JSON array)")
    p.add_argument(
        "--blank",
        choices=("error", "warning"),
        default="error",
        help="空白单元格的级别，读入他人报告时可用 warning (severity of blank cells; default error)",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    read = _read(args.file)
    report = read.report if read is not None else govreport.load(args.file)
    previous = govreport.load(args.previous) if args.previous is not None else None
    try:
        findings = govreport.check(report, previous, blank=args.blank)
    except ValueError as e:  # a previous report for another year
        print(f"govreport check: {args.previous}: {e}", file=sys.stderr)
        return 2
    if read is not None:
        # what was read unusually comes first; every finding is placed where its cell was read
        findings = Findings((*read.findings, *read.locate(findings)))
    else:
        findings = Findings(attrs.evolve(f, place=Location(file=str(args.file))) for f in findings)
    if args.json:
        json.dump([f.to_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        format_findings(findings, report.edition, sys.stdout, name=str(args.file))
    return 1 if findings.errors else 0


def _is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def _read(path: Path) -> govreport.ReadReport | None:
    """The file read with its FORMAT findings; ``None`` for a data file not on disk (read by load)."""
    if _is_document(path) or path.is_file():
        return govreport.read(path)
    return None


def format_findings(
    findings: Sequence[Finding], edition: Edition, out: TextIO, *, name: str = ""
) -> None:
    """Write findings for a reader: grouped by table, with a summary line.

    >>> import io
    >>> from govreport.checks import Finding
    >>> buf = io.StringIO()
    >>> f = Finding("R4", "error", "review_litigation", "review", "total", 1, 0, "表四 行政复议 × 总计：应为 1，实为 0")
    >>> format_findings([f], Edition.V2021, buf, name="r.yaml")
    >>> print(buf.getvalue())
    r.yaml
    表四 政府信息公开行政复议、行政诉讼情况
      错误 R4     表四 行政复议 × 总计：应为 1，实为 0
    共 1 个错误，0 个警告
    <BLANKLINE>
    """
    if name:
        out.write(f"{name}\n")
    group: str | None = "-"
    for f in findings:
        if f.table != group:
            group = f.table
            if f.table is None:
                out.write("报告\n")
            else:
                t = edition.spec.table(f.table)
                out.write(f"表{t.number} {t.title}\n")
        where = f.location.where
        place = f"（{where}）" if where and where not in f.message else ""
        out.write(f"  {_SEVERITY[f.severity]} {f.rule:<6} {f.message}{place}\n")
    found = Findings(findings)
    if not findings:
        out.write("未发现问题\n")
    out.write(f"共 {len(found.errors)} 个错误，{len(found.warnings)} 个警告\n")
