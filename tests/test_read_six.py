"""A 2021 table 三 that prints （六）其他处理 as one row instead of its three sub-items (issue #9).

Real reports do: the row is read as the group's declared value, its sub-items
stay blank (unknown, not zero), a ``FORMAT`` finding says so, and the sums use
the group's value in place of its sub-items'.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport
from govreport import zh
from govreport.cli import main
from govreport.model import BLANK, ApplicantCounts, Report
from govreport.spec import Edition
from govreport.testing.strategies import consistent_reports
from support.paths import DATA

HUAIAN = DATA / "huaian-city-2024.yaml"
BLANK_2021 = DATA / "reference" / "official-blank-2021.docx"
SPEC = Edition.V2021.spec.table("applications")
GROUP = SPEC.row("other_processing")
SUBS = tuple(r.key for r in SPEC.children("other_processing"))
COLUMNS = ApplicantCounts.input_keys
#: 淮安 2024's three sub-items summed per column, and their 总计.
SIX = (181, 5, 0, 0, 1, 0)
SIX_TOTAL = 187


def _single_six(text: str, six: tuple[int, ...] = SIX, total: int = SIX_TOTAL) -> str:
    """淮安's data file with its （六） group written as one row of numbers."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, s in enumerate(lines) if s.strip() == f"{GROUP.label}:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" " * 6))
    labels = [c.label for c in SPEC.columns]
    row = [f"      {lab}: {v}\n" for lab, v in zip(labels, (*six, total), strict=True)]
    return "".join([*lines[: start + 1], *row, *lines[end:]])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "six.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def six_file(tmp_path: Path) -> Path:
    return _write(tmp_path, _single_six(HUAIAN.read_text(encoding="utf-8")))


def _format(got: govreport.ReadReport) -> list[govreport.Finding]:
    return [f for f in got.findings if f.rule == "FORMAT" and f.row == "other_processing"]


def test_a_data_file_with_one_six_row_loads_with_a_format_finding(six_file: Path) -> None:
    got = govreport.read(six_file)
    table = got.report.applications.table
    assert got.report.edition is Edition.V2021
    assert table.declared_other_processing == ApplicantCounts(*SIX, declared_total=SIX_TOTAL)
    for key in SUBS:  # unknown, not zero
        assert all(table.row(key).cell(c) is BLANK for c in COLUMNS), key
    (note,) = _format(got)
    assert (note.severity, note.table) == ("warning", "applications")
    assert note.message == (
        f"表三 “{GROUP.label}”按一行填写（2021 年版分为 3 项）："
        "整行按申报数读入并用于核对总计，其下各项按空白（未知）处理"
    )
    assert note.where == "第 191 行"


def test_the_group_value_stands_for_its_sub_items_in_the_sums(six_file: Path) -> None:
    report = govreport.read(six_file).report
    original = govreport.load(HUAIAN)
    # same （七）总计 as the three sub-items give, and nothing but what the original gives
    assert report.applications.table.results_total == original.applications.table.results_total
    assert govreport.check(report) == govreport.check(original)
    assert not [f for f in govreport.check(report) if f.rule in ("BLANK", "R2")]


def test_a_wrong_group_value_gives_r2_at_the_results_total(tmp_path: Path) -> None:
    wrong = (SIX[0] + 2, *SIX[1:])
    text = _single_six(HUAIAN.read_text(encoding="utf-8"), wrong, SIX_TOTAL + 2)
    found = govreport.check(govreport.read(_write(tmp_path, text)).report)
    r2 = [f for f in found if f.rule == "R2"]
    assert {(f.row, f.column) for f in r2} == {
        ("results_total", "natural_person"),
        ("results_total", "total"),
    }
    assert next(f for f in r2 if f.column == "natural_person").expected == 2932 + 2


def test_wrong_review_totals_still_give_r4(tmp_path: Path) -> None:
    text = _single_six(HUAIAN.read_text(encoding="utf-8"))
    report = govreport.read(_write(tmp_path, text)).report
    t4 = report.review_litigation.table
    review = attrs.evolve(t4.review, declared_total=t4.review.total + 5)
    report = attrs.evolve(
        report,
        review_litigation=attrs.evolve(
            report.review_litigation, table=attrs.evolve(t4, review=review)
        ),
    )
    r4 = [f for f in govreport.check(report) if f.rule == "R4"]
    assert [(f.table, f.row, f.column) for f in r4] == [("review_litigation", "review", "total")]


def test_a_file_with_one_six_row_and_review_totals_printed_as_zero_gives_r4(
    tmp_path: Path,
) -> None:
    """The real case: a 2021 table with （六） as one row, and 表四's totals printed as 0, in a file."""
    text = _single_six(HUAIAN.read_text(encoding="utf-8"))
    lines = text.splitlines(keepends=True)
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况:\n")
    totals = [i for i in range(start, len(lines)) if lines[i].startswith("    总计:")]
    assert len(totals) == 3  # 行政复议, 未经复议直接起诉, 复议后起诉
    for i in totals:
        lines[i] = "    总计: 0\n"
    path = _write(tmp_path, "".join(lines))
    got = govreport.read(path)
    assert [f.rule for f in _format(got)] == ["FORMAT"]
    r4 = [f for f in got.locate(govreport.check(got.report)) if f.rule == "R4"]
    assert [(f.row, f.column, f.location.line) for f in r4] == [
        (row, "total", i + 1)
        for row, i in zip(
            ("review", "litigation_direct", "litigation_after_review"), totals, strict=True
        )
    ]
    assert all(f.severity == "error" and "实为 0" in f.message for f in r4)


def test_the_group_row_and_its_sub_items_together_are_refused(tmp_path: Path) -> None:
    text = HUAIAN.read_text(encoding="utf-8")
    text = text.replace(
        "\n  三、本年度办理结果:\n", "\n  other_processing: {自然人: 1}\n  三、本年度办理结果:\n"
    )
    with pytest.raises(govreport.LoadError) as e:
        govreport.read(_write(tmp_path, text))
    assert str(e.value).endswith(
        f"six.yaml:194: 自然人: 第 43 行已将“{GROUP.label}”按一行填写，其下各项不应再填写"
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_round_trips_the_group_row(six_file: Path, tmp_path: Path, fmt: str) -> None:
    report = govreport.read(six_file).report
    for labels in (False, True):
        path = tmp_path / f"back-{labels}.{fmt}"
        govreport.dump(report, path, labels=labels)
        back = govreport.read(path)
        assert back.report == report
        assert len(_format(back)) == 1


def test_a_2019_report_keeps_its_single_row(tmp_path: Path) -> None:
    report = govreport.load(DATA / "shanghai-gov-office-2019.yaml")
    assert report.edition is Edition.V2019
    assert not [
        f
        for f in govreport.read(DATA / "shanghai-gov-office-2019.yaml").findings
        if f.row == "other_processing"
    ]


def _fill_applications(report: Report, path: Path) -> Path:
    """The official blank 2021 template with a title and table 三 typed in (one printed row per row)."""
    document = docx.Document(str(BLANK_2021))
    title = next(p for p in document.paragraphs if "年度报告" in p.text)
    title.text = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    t3 = report.applications.table
    for offset, row in enumerate(SPEC.data_rows):
        cells = document.tables[1].rows[3 + offset].cells[3:]
        for cell, col in zip(cells, row.columns, strict=True):
            declared = t3.declared(row.key, col.key) if col.key == "total" else None
            cell.text = zh.cell(t3.cell(row.key, col.key) if declared is None else declared)
    document.save(str(path))
    return path


def _merge_six(path: Path, six: tuple[int, ...], total: int) -> None:
    """The filled official blank with （六）'s three printed rows merged into one."""
    document = docx.Document(str(path))
    table = document.tables[1]
    first = next(i for i, r in enumerate(table.rows) if GROUP.label in r.cells[1].text)
    for j in (2, 1):
        tr = table.rows[first + j]._tr
        tr.getparent().remove(tr)
    row = table.rows[first]
    tc = row._tr.tc_lst[1]
    vmerge = tc.tcPr.find(qn("w:vMerge"))
    if vmerge is not None:
        tc.tcPr.remove(vmerge)
    merged = row.cells[1].merge(row.cells[2])
    merged.text = GROUP.label
    for cell, value in zip(table.rows[first].cells[-7:], (*six, total), strict=True):
        cell.text = str(value)
    document.save(str(path))


def test_a_word_report_with_one_six_row_loads_with_a_format_finding(tmp_path: Path) -> None:
    original = govreport.load(HUAIAN)
    path = _fill_applications(original, tmp_path / "six.docx")
    _merge_six(path, SIX, SIX_TOTAL)
    got = govreport.read(path)
    table = got.report.applications.table
    assert table.declared_other_processing == ApplicantCounts(*SIX, declared_total=SIX_TOTAL)
    assert all(table.row(k).cell(c) is BLANK for k in SUBS for c in COLUMNS)
    (note,) = _format(got)
    assert note.where == "表格 2 第 24 行第 4 列"
    found = govreport.check(got.report)
    assert not [f for f in found if f.table == "applications" and f.rule in ("BLANK", "R2")]


def test_a_wrong_total_on_the_six_row_is_placed_at_that_row(tmp_path: Path, capsys: Any) -> None:
    """A 总计 that is not the sum of the single （六） row is named at （六）, at its line: not at a sub-item."""
    text = _single_six(HUAIAN.read_text(encoding="utf-8"), SIX, SIX_TOTAL + 3)
    path = _write(tmp_path, text)
    lines = text.splitlines()
    start = lines.index(f"    {GROUP.label}:")
    line = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("总计:")) + 1
    got = govreport.read(path)
    (r3,) = [f for f in got.locate(govreport.check(got.report)) if f.rule == "R3"]
    assert (r3.table, r3.row, r3.column) == ("applications", "other_processing", "total")
    assert r3.message == (
        f"表三 {GROUP.label} × 总计：应为 {SIX_TOTAL}（自然人至其他六列之和），实为 {SIX_TOTAL + 3}"
    )
    assert r3.cells[0] == ("applications", "other_processing", "total")
    assert not {c[1] for c in r3.cells} & set(SUBS)
    assert (r3.where, r3.location.line) == (f"第 {line} 行", line)
    assert main(["check", str(path), "--json"]) == 1
    (data,) = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "R3"]
    assert (data["row"], data["location"]["line"]) == ("other_processing", line)


def test_a_wrong_total_on_a_printed_six_row_is_placed_at_its_cell(tmp_path: Path) -> None:
    """In a Word table with （六） as one row, a wrong 总计 is named at that row's 总计 cell."""
    original = govreport.load(HUAIAN)
    path = _fill_applications(original, tmp_path / "six.docx")
    _merge_six(path, SIX, SIX_TOTAL + 3)
    got = govreport.read(path)
    (r3,) = [f for f in got.locate(govreport.check(got.report, blank="warning")) if f.rule == "R3"]
    assert (r3.row, r3.column) == ("other_processing", "total")
    assert r3.where == "表格 2 第 24 行第 10 列"
    loc = r3.location
    assert (loc.document_table, loc.document_row, loc.document_column) == (2, 24, 10)


@given(consistent_reports(single_six=True), st.integers(1, 5))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_single_six_reports_check_clean_and_a_wrong_total_is_named_at_the_group(
    report: Report, extra: int
) -> None:
    """Any consistent report written with （六） as one row checks clean, written to a file it reads
    back the same (with its FORMAT finding); a 总计 that its row does not add up to is named at （六）."""
    import tempfile

    table = report.applications.table
    six = table.declared_other_processing
    assert six is not None
    assert all(table.row(k).cell(c) is BLANK for k in SUBS for c in COLUMNS)
    assert govreport.check(report) == ()
    with tempfile.TemporaryDirectory() as tmp:
        path = govreport.dump(report, Path(tmp) / "six.yaml")
        back = govreport.read(path)
    assert back.report == report
    assert len(_format(back)) == 1
    wrong = attrs.evolve(six, declared_total=six.total + extra)
    bad = attrs.evolve(
        report,
        applications=attrs.evolve(
            report.applications, table=attrs.evolve(table, declared_other_processing=wrong)
        ),
    )
    found = [f for f in govreport.check(bad) if f.severity == "error"]
    assert [(f.rule, f.row, f.column) for f in found] == [("R3", "other_processing", "total")]
    assert (found[0].expected, found[0].actual) == (six.total, six.total + extra)
