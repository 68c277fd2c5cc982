"""Fill-in files: a data file with every cell present and a comment saying how to fill it in.

>>> text = fill_in_text("某某局", 2024, None, "yaml")
>>> text.splitlines()[0]
'# 某某局2024年政府信息公开工作年度报告 —— 填报文件（2021 年版格式，国办公开办函〔2021〕30号）'
"""

from __future__ import annotations

from typing import Any

from govreport.formats._api import _json, _toml, _yaml
from govreport.formats._convert import to_plain
from govreport.model import Report
from govreport.spec import Edition

__all__ = ["fill_in_text"]

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
