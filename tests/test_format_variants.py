"""Real-world variants of the official format load with a FORMAT finding at their place, never refused, never silent."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

import govreport
from govreport import NA, Amount, Unit
from govreport.cli import main
from govreport.spec import Edition
from support.paths import DATA

HUAIAN = DATA / "huaian-city-2024.yaml"
SHANGHAI = DATA / "shanghai-gov-office-2019.yaml"


def _read(tmp_path: Path, text: str, name: str = "r.yaml") -> govreport.ReadReport:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return govreport.read(path)


def _formats(got: govreport.ReadReport) -> list[tuple[str | None, str]]:
    assert {f.rule for f in got.findings} <= {"FORMAT"}
    assert all(f.severity == "warning" for f in got.findings)
    return [(f.where, f.message) for f in got.findings]


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_real_reports_read_without_findings() -> None:
    """The two transcriptions as they are read with no FORMAT finding at all."""
    for path in (HUAIAN, SHANGHAI):
        assert govreport.read(path).findings == ()


@pytest.mark.parametrize(("mark", "meaning"), [("'-'", "0"), ("'—'", "0"), ("无", "0")])
def test_a_dash_or_none_in_a_count_cell_reads_as_zero(
    tmp_path: Path, mark: str, meaning: str
) -> None:
    """ "-", "—" and "无" in a table 三 count read as 0, and the finding says so at its line."""
    text = HUAIAN.read_text(encoding="utf-8").replace(
        "    科研机构: 0\n", f"    科研机构: {mark}\n", 1
    )
    got = _read(tmp_path, text)
    assert got.report.applications.table.new_received.research_institution == 0
    line = _line_of(text, f"科研机构: {mark}")
    shown = mark.strip("'")
    assert _formats(got) == [
        (
            f"第 {line} 行",
            f"表三 一、本年新收政府信息公开申请数量 × 科研机构：“{shown}”读作 {meaning}",
        )
    ]


def test_a_dash_in_table_two_reads_as_not_applicable(tmp_path: Path) -> None:
    """In table 二, where "/" is allowed, a dash means the same and is read as "/"."""
    text = HUAIAN.read_text(encoding="utf-8").replace("本年废止件数: 0", "本年废止件数: '-'", 1)
    got = _read(tmp_path, text)
    assert got.report.proactive_disclosure.table.regulations.repealed_this_year is NA
    assert (
        _formats(got)[0][1] == "表二 第二十条第（一）项 规章 × 本年废止件数：“-”读作 “/”（不适用）"
    )


def test_a_zero_amount_without_unit_reads_as_zero_yuan(tmp_path: Path) -> None:
    """采购总金额: 0 needs no unit: it reads as 0元, with a finding; any other bare number is still refused."""
    text = SHANGHAI.read_text(encoding="utf-8")
    assert "采购总金额: " in text
    start = text.index("采购总金额: ")
    end = text.index("\n", start)
    zero = text[:start] + "采购总金额: 0" + text[end:]
    got = _read(tmp_path, zero)
    amount = got.report.proactive_disclosure.table.government_centralized_procurement.procurement_total_amount
    assert amount == Amount(Decimal(0), Unit.YUAN)
    assert _formats(got) == [
        (
            f"第 {_line_of(zero, '采购总金额: 0')} 行",
            "表二 第二十条第（九）项 政府集中采购 × 采购总金额：金额 0 未写单位，按 0元 读入",
        )
    ]
    with pytest.raises(govreport.LoadError, match="请写明单位"):
        _read(tmp_path, text[:start] + "采购总金额: 12" + text[end:])


def test_a_province_extra_row_is_kept_and_shown_not_counted(tmp_path: Path) -> None:
    """An extra row of table 二 (其他主动公开文件) is not refused; the finding keeps its numbers."""
    text = HUAIAN.read_text(encoding="utf-8")
    anchor = "  第二十条 第（五）项:\n"
    extra = "    其他主动公开文件:\n      本年制发件数: 5\n      本年废止件数: 0\n      现行有效件数: 9\n"
    at = text.index(anchor)
    variant = text[:at] + extra + text[at:]
    got = _read(tmp_path, variant)
    assert got.report.proactive_disclosure == govreport.load(HUAIAN).proactive_disclosure
    [finding] = got.findings
    assert finding.where == f"第 {_line_of(variant, '其他主动公开文件')} 行"
    assert finding.actual == {"本年制发件数": "5", "本年废止件数": "0", "现行有效件数": "9"}
    assert finding.message == (
        "表二 “其他主动公开文件”不是统一格式的行：已保留（本年制发件数 5，本年废止件数 0，现行有效件数 9），不计入法定统计"
    )


def test_a_note_inside_a_label_is_read_with_the_label(tmp_path: Path) -> None:
    """A 口径 note in brackets after a printed label reads as the label, with a finding naming the note."""
    text = HUAIAN.read_text(encoding="utf-8").replace(
        "    行政许可:\n", "    行政许可（含备案）:\n", 1
    )
    got = _read(tmp_path, text)
    assert got.report == govreport.load(HUAIAN)
    assert _formats(got) == [
        (
            f"第 {_line_of(text, '行政许可（含备案）')} 行",
            "标签“行政许可（含备案）”附有口径说明“（含备案）”，按“行政许可”读入",
        )
    ]


def test_a_section_heading_with_a_typo_is_read(tmp_path: Path) -> None:
    """A section heading one character off is read as the section it means, with a finding."""
    text = HUAIAN.read_text(encoding="utf-8").replace(
        "二、主动公开政府信息情况:", "二、主动公开政府信息情祝:", 1
    )
    got = _read(tmp_path, text)
    assert got.report == govreport.load(HUAIAN)
    assert _formats(got) == [
        ("第 5 行", "节标题“二、主动公开政府信息情祝”按“二、主动公开政府信息情况”读入（疑为笔误）")
    ]


def test_a_single_six_row_in_a_2021_table_is_read_as_the_group_row(tmp_path: Path) -> None:
    """A 2021 table printing （六）其他处理 as one row reads it as the group row, with a FORMAT finding."""
    text = HUAIAN.read_text(encoding="utf-8")
    start = text.index("    （六）其他处理:\n")
    end = text.index("    （七）总计:\n")
    single = "    （六）其他处理:\n" + "".join(
        f"      {c}: 0\n"
        for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    )
    # issue #9: real 2021 reports print it so; it loads as the group's declared row, noted
    got = _read(tmp_path, text[:start] + single + text[end:])
    assert got.report.edition is Edition.V2021
    assert [f.row for f in got.findings if f.rule == "FORMAT"] == ["other_processing"]


def test_check_prints_format_findings_with_their_line(tmp_path: Path, capsys: Any) -> None:
    """govreport check lists the FORMAT findings of a data file with their line, human and JSON."""
    text = HUAIAN.read_text(encoding="utf-8").replace("    科研机构: 0\n", "    科研机构: 无\n", 1)
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    main(["check", str(path), "--json"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "FORMAT"]
    assert [(f["where"], f["actual"]) for f in found] == [
        (f"第 {_line_of(text, '科研机构: 无')} 行", "无")
    ]
    main(["check", str(path)])
    assert f"（第 {_line_of(text, '科研机构: 无')} 行）" in capsys.readouterr().out


def test_a_dash_in_a_word_table_is_found_at_its_printed_place(tmp_path: Path) -> None:
    """The same tolerance holds in a Word document, and the finding names the printed cell."""
    report = govreport.load(HUAIAN)
    path = tmp_path / "r.docx"
    govreport.render(report, path, force=True)
    document = docx.Document(str(path))
    cell = document.tables[2].rows[3].cells[2]
    for p in cell.paragraphs:
        for r in p.runs:
            r.text = ""
    cell.paragraphs[0].runs[0].text = "—"
    document.save(str(path))
    got = govreport.read(path)
    assert got.report.review_litigation.table.review.other == 0
    assert _formats(got) == [("表格 3 第 4 行第 3 列", "表四 行政复议 × 其他结果：“—”读作 0")]
