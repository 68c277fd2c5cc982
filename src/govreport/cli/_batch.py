"""``govreport batch``: every agency's report at once, checked and rendered, with a summary.

>>> from govreport.cli import main
>>> main(["batch", "--help"])  # doctest: +ELLIPSIS
usage: govreport batch ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``batch`` subcommand.

    >>> import argparse
    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> p.parse_args(["batch", "a.yaml", "-o", "out"]).workers is None
    True
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="批量检查并生成报告 (check and render many reports)",
        description=(
            "批量检查并生成多个机关的报告：报告数据文件，或数据库中的各机关（--url 与 --mapping）。\n"
            "有错误的报告不生成并列出；一份失败不影响其余；重复运行时跳过未变的报告。\n"
            "Check and render many reports in parallel: data files, or every agency of a database.\n"
            "Reports with errors are listed, not rendered; a rerun skips what is up to date."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="报告数据文件 (.yaml/.json/.toml/.xlsx)"
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="输出目录")
    p.add_argument("--url", help="数据库地址 (SQLAlchemy URL)；与 --mapping、--year 一起使用")
    p.add_argument("--mapping", type=Path, help="映射文件 (mapping YAML)")
    p.add_argument("--schema", default=None, help="数据库 schema (optional)")
    p.add_argument("--year", type=int, help="报告年度 (report year, with --mapping)")
    p.add_argument("--edition", type=int, choices=(2019, 2021), help="格式版本 (default: by year)")
    p.add_argument(
        "--agency",
        action="append",
        metavar="NAME",
        help="只生成这些机关 (repeatable; default: every agency of the source)",
    )
    p.add_argument(
        "--section",
        action="append",
        default=[],
        type=_section,
        metavar="KEY=TEXT",
        help="各机关报告共用的一部分正文，如 other_matters=本年度未收取信息处理费。(repeatable)",
    )
    p.add_argument(
        "--published",
        type=_date,
        metavar="YYYY-MM-DD",
        help="成文日期 (publication date of reports computed from the database)",
    )
    p.add_argument("--template", metavar="T.docx", help="自定义模板（默认：内置模板）")
    p.add_argument("--fonts", default="gb", choices=("gb", "windows"), help="字体方案")
    p.add_argument(
        "--compression",
        default="compatible",
        choices=("compatible", "fast"),
        help="正文的压缩方式：compatible 与 zipfile 逐字节相同；fast 更快，文件稍大",
    )
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    p.add_argument(
        "--pdfa", action="store_true", help="PDF 为 PDF/A-2b（含 --pdf）(PDF/A-2b, implies --pdf)"
    )
    p.add_argument(
        "--aggregate",
        metavar="GOVERNMENT",
        help="另写出汇总报告（各机关之和），以此名称为机关 (write the aggregate, e.g. 示例市)",
    )
    p.add_argument("--workers", type=int, help="并行进程数 (default: CPU count)")
    p.add_argument(
        "--chunk-size", type=int, help="每次交给一个进程的报告数 (default 50; 20 with --pdf)"
    )
    p.add_argument(
        "--json", action="store_true", help="以 JSON 输出汇总 (print the summary as JSON)"
    )
    p.add_argument("--all", action="store_true", help="列出每个机关的结果（默认只列出有问题的）")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the batch; exit 1 when a report was invalid or failed, 2 when the input cannot be used.

    >>> run  # doctest: +ELLIPSIS
    <function run at ...>
    """
    from govreport import batch
    from govreport.batch import Agencies
    from govreport.errors import GovReportError
    from govreport.sources import Mapping

    items: list[Any] = list(args.files)
    if args.mapping is not None:
        if args.year is None:
            raise GovReportError("使用 --mapping 时须给出 --year (give the report year)")
        mapping = Mapping.load(args.mapping)
        items_db = Agencies(
            args.url,
            mapping,
            args.year,
            args.agency,
            edition=args.edition,
            schema=args.schema,
            sections=args.section,
            published=args.published,
        )
        items.extend(items_db)
    elif args.url is not None:
        raise GovReportError("使用 --url 时须给出 --mapping (give the mapping file)")
    if not items:
        raise GovReportError("没有要生成的报告：给出数据文件，或 --url/--mapping (nothing to do)")
    result = batch(
        items,
        args.output,
        pdf=args.pdf,
        pdfa=args.pdfa,
        template=args.template,
        fonts=args.fonts,
        compression=args.compression,
        workers=args.workers,
        chunk_size=args.chunk_size,
        aggregate=args.aggregate,
        progress=False if args.no_progress or args.json else None,
    )
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        if args.all or result.problems:
            print(result.table(problems_only=not args.all))
        c = result.counts
        print(
            f"共 {len(result.outcomes)} 份：生成 {c['written']}，未变跳过 {c['up_to_date']}，"
            f"有错误 {c['invalid']}，失败 {c['failed']}（{result.elapsed:.1f} 秒）"
        )
        if result.aggregate is not None:
            print(f"汇总报告：{', '.join(result.aggregate_files)}")
            for f in result.aggregate_findings:
                print(f"  {f}")
        print(f"汇总表 (summary)：{Path(args.output) / 'govreport-batch-summary.json'}")
    return 0 if result.ok and not result.aggregate_findings else 1


def _section(text: str) -> tuple[str, str]:
    """``KEY=TEXT`` as a pair.

    >>> _section("other_matters=本年度未收取信息处理费。")
    ('other_matters', '本年度未收取信息处理费。')
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"--section 应写成 KEY=TEXT (expected KEY=TEXT): {text!r}")
    return key.strip(), value


def _date(text: str) -> Any:
    """A publication date as the data files accept it.

    >>> _date("2025-01-20")
    datetime.date(2025, 1, 20)
    """
    from govreport.errors import DateError
    from govreport.zh import parse_date

    try:
        return parse_date(text)
    except DateError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
