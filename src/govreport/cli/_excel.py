"""The ``excel`` command: write the Excel fill-in workbook a clerk fills without Python.

The workbook is read back by ``govreport render 填报.xlsx`` and
``govreport.load("填报.xlsx")``.

>>> from govreport.cli import main
>>> main(["excel", "--help"])  # doctest: +ELLIPSIS
usage: govreport excel ...
0
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govreport._fs import atomic_path
from govreport.errors import GovReportError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``excel`` command.

    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> a = p.parse_args(["excel", "--edition", "2021", "-o", "填报.xlsx"])
    >>> a.edition, a.output, a.force
    (2021, PosixPath('填报.xlsx'), False)
    """
    p = subparsers.add_parser(
        "excel",
        help="生成 Excel 填报工作簿 (write the Excel fill-in workbook)",
        description=(
            "生成 Excel 填报工作簿：基本信息、表二、表三、表四和勾稽检查。填好后可直接\n"
            "govreport render 填报.xlsx -o 报告.docx。\n"
            "Writes the fill-in workbook: the three tables with the official labels, input cells\n"
            "validated, totals as formulas, and a sheet of consistency checks."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--edition", type=int, choices=(2019, 2021), help="格式版本 (edition of the format)"
    )
    which.add_argument("--year", type=int, help="报告年度，格式版本随年度而定 (report year)")
    p.add_argument("--agency", help="机关名称 (agency name)")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="FILE",
        help="用已有报告数据预填 (pre-fill from a report data file)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 .xlsx 文件")
    p.add_argument("--force", action="store_true", help="覆盖已有文件 (overwrite)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from govreport.formats import load, write_workbook

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise GovReportError(
            f"{output}: 输出文件应以 .xlsx 结尾 (the output must be an .xlsx file)"
        )
    if output.exists() and not args.force:
        raise GovReportError(f"{output}: 文件已存在，加 --force 覆盖 (exists; use --force)")
    report = None
    if args.source is not None:
        report = load(args.source)
        if args.edition is not None and int(report.edition) != args.edition:
            raise GovReportError(
                f"{args.source}: 报告为 {int(report.edition)} 版格式，与 --edition {args.edition} 不符"
            )
        if args.year is not None and report.year != args.year:
            raise GovReportError(
                f"{args.source}: 报告年度为 {report.year}，与 --year {args.year} 不符"
            )
    with atomic_path(output) as tmp:
        write_workbook(tmp, edition=args.edition, year=args.year, agency=args.agency, report=report)
    print(f"已写出 {output}")
    return 0
