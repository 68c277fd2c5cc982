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
from govreport.formats._api import FORMATS, _json, _toml, _yaml
from govreport.formats._convert import to_plain
from govreport.model import Report
from govreport.spec import Edition

__all__ = ["fill_in_text", "register"]

_HEADER = """\
{agency}{year}年政府信息公开工作年度报告 —— 填报文件（{edition} 年版格式，{doc}）

填写方法：
1. 把各表中的 0 改为本机关本年度的实际数字；没有发生的事项保留 0。
   表二中确实不适用的单元格可以填 "/"。
2. 不要填写“{total_column}”列和“{total_row}”行：它们由程序按各项之和自动计算，所以本文件中没有这些格。
3. 各部分正文写在引号内；需要分段时，可改写为列表，每段一行，以“- ”开头；
   带小标题的段落写成：- {{小标题: （一）主动公开情况。, 正文: ……}}
4. 成文日期写成 2025-01-20 或 2025年1月20日。
5. 填好后运行 govreport check 本文件 检查数据，再运行 govreport render 生成 Word 文档。
"""


def _section_notes(edition: Edition) -> dict[str, str]:
    """The comment above each section of the YAML file, by section key.

    >>> _section_notes(Edition.V2021)["review_litigation"]
    '第四部分：行政复议、行政诉讼情况（正文，下面是表四）'
    """
    spec = edition.spec
    t4 = spec.table("review_litigation")
    cases = "、".join(t4.row(k).label for k in ("review", "litigation"))
    topics = {
        "overview": f"{spec.section('overview').title}"
        "（可按主动公开、依申请公开、政府信息管理、平台建设、监督保障分段）",
        "proactive_disclosure": "主动公开情况",
        "applications": "依申请公开情况",
        "review_litigation": f"{cases}情况",
        "problems_improvements": spec.section("problems_improvements").title,
        "other_matters": f"{spec.section('other_matters').title}（如收取信息处理费的情况）",
    }
    notes = {}
    for section in spec.sections:
        note = f"第{section.number}部分：{topics[section.key]}"
        if section.table is not None:
            note += f"（正文，下面是表{spec.table(section.table).number}）"
        notes[section.key] = note
    return notes


def _plain(agency: str, year: int, edition: Edition | None) -> dict[str, Any]:
    data = to_plain(Report.new(agency, year, edition), labels=True)
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = "" if value == [] else value
        if key == "报告类型":
            out["成文日期"] = ""
        if isinstance(value, dict) and value.get("正文") == []:
            value["正文"] = ""
    return out


def fill_in_text(agency: str, year: int, edition: Edition | int | None, fmt: str) -> str:
    """The text of a fill-in file in ``fmt`` (``yaml``, ``json`` or ``toml``).

    >>> "（七）总计:" in fill_in_text("某某局", 2020, None, "yaml")
    False
    """
    ed = Edition.resolve(year, edition)
    data = _plain(agency, year, ed)
    table3 = ed.spec.table("applications")
    header = _HEADER.format(
        agency=agency,
        year=year,
        edition=int(ed),
        doc=ed.spec.doc_number,
        total_column=next(c.label for c in table3.columns if c.derived),
        total_row=table3.row("results_total").label,
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    if fmt == "json":
        return _json(data, 0) + "\n"
    if fmt == "toml":
        return comment + "\n" + _toml(data)
    text = _yaml(data)
    headings = {ed.spec.section(k).heading: note for k, note in _section_notes(ed).items()}
    lines = []
    for line in text.splitlines():
        key = line.split(":", 1)[0]
        if key in headings:
            lines.append("")
            lines.append(f"# {headings[key]}")
        elif key == "成文日期":
            lines.append("# 成文日期：报告落款的日期")
        lines.append(line)
    return comment + "\n" + "\n".join(lines) + "\n"


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
