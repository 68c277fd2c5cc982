"""``govreport init``: write a fill-in data file for one agency and year.

The file names every part by its printed label, has every cell that the
agency fills in set to 0, and leaves out the cells govreport computes (the
总计 column and the （七）总计 row). Loading it gives :meth:`Report.new`.

>>> text = fill_in_text("某某局", 2025, None, "yaml")
>>> text.splitlines()[0].startswith("#")
True
>>> import govreport
>>> govreport.loads(text) == govreport.Report.new("某某局", 2025)
True
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govreport._fs import atomic_write_bytes
from govreport.errors import GovReportError
from govreport.formats import FORMATS, fill_in_text

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    fmt = args.format
    out: Path | None = args.output
    if fmt is None:
        fmt = FORMATS.get(out.suffix.lower(), "yaml") if out is not None else "yaml"
    if args.edition is None and args.year < 2019:
        raise GovReportError(
            f"--year {args.year}: 统一格式自 2019 年度起施行；更早的年度请用 --edition 指定格式版本"
        )
    if not 2008 <= args.year <= 2200:
        raise GovReportError(
            f"--year {args.year}: 不是有效的报告年度 (not a plausible report year)"
        )
    text = fill_in_text(args.agency, args.year, args.edition, fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    if out.exists() and not args.force:
        raise GovReportError(f"{out}: 文件已存在，未覆盖；确需覆盖请加 --force (file exists)")
    atomic_write_bytes(out, text.encode("utf-8"))
    print(f"已生成填报文件 {out}（wrote {out}）", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    """Add the ``init`` subcommand.

    >>> p = argparse.ArgumentParser(); s = p.add_subparsers()
    >>> register(s)
    >>> p.parse_args(["init", "--year", "2025", "--agency", "某某局"]).year
    2025
    """
    p = subparsers.add_parser(
        "init",
        help="生成填报文件 (write a fill-in data file)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "生成一份待填写的年度报告数据文件：三张统计表的每一格都已写好 0，\n"
            "各部分正文留空，文件开头写明填写方法。总计由程序自动计算，不必填写。\n"
            "Write a data file to fill in: every table cell is 0, the narrative is\n"
            "empty, and the comment at the top says what to do. Totals are computed."
        ),
        epilog="例 / example:  govreport init --year 2025 --agency 某某局 -o 报告.yaml",
    )
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2025 (report year)")
    p.add_argument("--agency", required=True, help="机关名称，如 某某局 (agency name)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="保存到此文件；不写则显示在屏幕上 (output file; default: print it)",
    )
    p.add_argument(
        "--format",
        choices=("yaml", "json", "toml"),
        help="文件格式，默认按文件后缀，否则 yaml (file format; JSON files have no comments)",
    )
    p.add_argument(
        "--edition",
        type=int,
        choices=(2019, 2021),
        help="统一格式的版本；默认按年度：2019、2020 年度用 2019 年版，以后用 2021 年版 "
        "(edition of the official format; default follows the year)",
    )
    p.add_argument("--force", action="store_true", help="覆盖已有文件 (overwrite an existing file)")
    p.set_defaults(func=_run)
