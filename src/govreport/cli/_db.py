"""The ``sample-db`` and ``from-db`` commands: reports computed from an agency's database.

>>> from govreport.cli import main
>>> main(["from-db", "--help"])  # doctest: +ELLIPSIS
usage: govreport from-db ...
0
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from govreport.errors import GovReportError
from govreport.spec import Edition

__all__ = ["register"]

#: What the sample's register of documents holds, as the format names it (the 2019 edition's shorter label).
_DOCUMENTS = Edition.V2019.spec.table("proactive_disclosure").row("normative_documents").label


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sample-db`` and ``from-db`` commands.

    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> p.parse_args(["sample-db", "-o", "d"]).output
    PosixPath('d')
    """
    sample = subparsers.add_parser(
        "sample-db",
        help="写出示例台账数据库和映射文件 (write a sample SQLite ledger and its mapping)",
        description=(
            "写出示例数据库 DIR/ledger.sqlite（几个机关三年的依申请公开台账、复议诉讼案件、"
            f"{_DOCUMENTS}登记和年度统计）及其映射文件 DIR/mapping.yaml。"
        ),
    )
    sample.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    sample.add_argument(
        "--applications", type=int, default=3000, help="申请件数 (applications, default 3000)"
    )
    sample.add_argument("--seed", type=int, default=2024, help="随机种子 (random seed)")
    sample.add_argument("--force", action="store_true", help="覆盖已有文件 (overwrite)")
    sample.set_defaults(func=_sample_db)

    db = subparsers.add_parser(
        "from-db",
        help="从机关数据库统计生成报告数据 (compute a report from an agency's database)",
        description=(
            "按映射文件读取数据库（SQLAlchemy URL），统计出报告的三张表，写出报告数据文件。\n"
            "Reads the database the mapping describes, tallies the three tables, writes the data file."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    db.add_argument(
        "--url",
        help=(
            "数据库地址 (SQLAlchemy URL, e.g. sqlite:///ledger.sqlite); "
            "省略时读取映射文件中 file: 指定的 CSV 文件 (omit to read the CSV files the mapping names)"
        ),
    )
    db.add_argument("--mapping", type=Path, required=True, help="映射文件 (mapping YAML)")
    db.add_argument("--schema", default=None, help="数据库 schema (optional)")
    db.add_argument("--list-agencies", action="store_true", help="列出机关 (list the agencies)")
    db.add_argument(
        "--agency",
        help="机关名称 (agency name as the database holds it; optional when there is one)",
    )
    db.add_argument("--year", type=int, help="报告年度 (report year)")
    db.add_argument("--edition", type=int, choices=(2019, 2021), help="格式版本 (default: by year)")
    db.add_argument(
        "--published",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="发布日期 (publication date of the report)",
    )
    db.add_argument(
        "-o", "--output", type=Path, help="报告数据文件 (.yaml/.json/.toml; default stdout)"
    )
    db.add_argument("--force", action="store_true", help="覆盖已有文件 (overwrite)")
    db.set_defaults(func=_from_db)


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise GovReportError(f"{path}: 文件已存在，加 --force 覆盖 (exists; use --force)")


def _sample_db(args: argparse.Namespace) -> int:
    from govreport.sources.sampledb import write_sample

    for name in ("ledger.sqlite", "mapping.yaml"):
        _refuse_overwrite(args.output / name, args.force)
    db, _ = write_sample(args.output, applications=args.applications, seed=args.seed)
    print(f"已写出 {db} 和 {db.parent / 'mapping.yaml'}")
    print(
        f"govreport from-db --url sqlite:///{db} --mapping {db.parent / 'mapping.yaml'} --list-agencies"
    )
    return 0


def _from_db(args: argparse.Namespace) -> int:
    import govreport
    from govreport.sources.csv import CsvSource
    from govreport.sources.mapping import Mapping
    from govreport.sources.report import report_from_source
    from govreport.sources.sql import SqlSource

    mapping = Mapping.load(args.mapping)
    source: SqlSource | CsvSource
    if args.url:
        source = SqlSource(args.url, mapping, schema=args.schema)
    elif mapping.applications.file:
        source = CsvSource(mapping)
    else:
        raise GovReportError(
            f"from-db: 需要 --url，或在映射文件 {args.mapping} 中用 file: 指定 CSV 台账"
        )
    if args.output is not None:
        _refuse_overwrite(args.output, args.force)
    try:
        agencies = source.agencies()
        if args.list_agencies:
            for name in agencies:
                print(name)
            return 0
        if args.year is None:
            raise GovReportError("from-db: 需要 --year（或 --list-agencies）")
        agency = args.agency
        if agency is None:
            if len(agencies) != 1:
                raise GovReportError(
                    "from-db: 数据库中有多个机关，需要 --agency（用 --list-agencies 查看），"
                    "或在映射文件中写 agency: 机关名称"
                    if agencies
                    else "from-db: 需要 --agency，或在映射文件中写 agency: 机关名称"
                )
            agency = agencies[0]
        elif agencies and agency not in agencies:
            raise GovReportError(
                f"数据库中没有机关 {agency!r} (no such agency); 用 --list-agencies 查看"
            )
        result = report_from_source(
            source, agency, args.year, args.edition, published=args.published
        )
    finally:
        source.close()
    for finding in result.findings:
        print(f"{finding.severity}: {finding}", file=sys.stderr)
    unmapped = Counter(
        f.message.partition("：")[2] for f in result.findings if f.rule == "unmapped_code"
    )
    if unmapped:
        print("映射文件中没有的代码 (codes the mapping does not know):", file=sys.stderr)
        for detail, n in unmapped.most_common():
            print(f"  {n} 条：{detail}", file=sys.stderr)
    print(
        f"{agency} {args.year}: 使用记录 {result.used} 条，未计入 {result.skipped} 条"
        f" (records used {result.used}, skipped {result.skipped})",
        file=sys.stderr,
    )
    if args.output is None:
        sys.stdout.write(govreport.dumps(result.report))
    else:
        govreport.dump(result.report, args.output)
        print(f"已写出 {args.output}", file=sys.stderr)
    return 1 if result.skipped else 0
