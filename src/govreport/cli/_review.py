"""``govreport review``: every report of a jurisdiction read, checked and summed up in a workbook.

Exit status: 0 no errors in any report, 1 errors found or a file could not
be read (listed, never fatal), 2 the arguments cannot be used.

>>> from govreport.cli import main
>>> main(["review", "--help"])  # doctest: +ELLIPSIS
usage: govreport review ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from govreport.review import ACCEPTED_NAME, read_accepted, review, write_review

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``review`` command.

    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> a = p.parse_args(["review", "2024/", "-o", "r.xlsx", "--json"])
    >>> a.paths, a.output, a.json
    ([PosixPath('2024')], PosixPath('r.xlsx'), True)
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "review",
        help="审阅一批报告 (review a jurisdiction's reports)",
        description=(
            "读取给定文件和文件夹中的全部报告（数据文件、Word、网页、PDF），与同一机关上年的报告配对，"
            "检查全部规则，写出审阅工作簿。无法读取的文件列出原因，不影响其他文件。\n"
            f"已接受的问题写在报告旁的 {ACCEPTED_NAME}（每行“编号 理由”），下次审阅照此处理。"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="报告文件或文件夹")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("review.xlsx"),
        help="审阅工作簿（默认 review.xlsx）",
    )
    p.add_argument("--json", action="store_true", help="同时在标准输出打印 JSON")
    p.add_argument(
        "--accepted",
        type=Path,
        default=None,
        help=f"另外的已接受问题文件（格式同 {ACCEPTED_NAME}）",
    )
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=_run)


def _progress(out: TextIO) -> Any:
    def show(n: int, total: int, path: Path) -> None:
        width = 30
        done = width * n // max(total, 1)
        line = f"[{'#' * done}{'.' * (width - done)}] {n}/{total} {path.name}"
        if out.isatty():
            out.write("\r" + line[:100].ljust(100))
            if n == total:
                out.write("\n")
        else:
            out.write(line + "\n")
        out.flush()

    return show


def _run(args: argparse.Namespace) -> int:
    accepted = read_accepted(args.accepted) if args.accepted is not None else None
    result = review(
        args.paths, accepted=accepted, progress=None if args.quiet else _progress(sys.stderr)
    )
    out = write_review(result, args.output)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    errors = sum(len(r.errors) for r in result.reports)
    warnings = sum(len(r.warnings) for r in result.reports)
    print(
        f"{out}：{len(result.reports)} 份报告，{errors} 个错误，{warnings} 个警告；"
        f"{len(result.failures)} 个文件无法读取",
        file=sys.stderr,
    )
    for f in result.failures:
        print(f"  无法读取 {f.path}：{f.reason}", file=sys.stderr)
    return 1 if errors or result.failures else 0
