"""Hostile text and numbers through the fill-in workbook (``govreport excel`` in and out).

Text starting like a formula is written as text (never a live formula, a
hyperlink or a DDE payload) and read back unchanged; a number a double
cannot hold exactly is refused on write and on read, naming sheet and cell;
characters a workbook cannot hold are refused naming sheet and cell.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import openpyxl
import pytest

import govreport
from govreport.errors import LoadError, RenderError
from govreport.formats._xlsx import read_workbook, write_workbook
from govreport.model import Contact, Report

FORMULA_LIKE = [
    '=HYPERLINK("http://example.invalid","点此")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_written_as_text_and_read_back(tmp_path: Path, text: str) -> None:
    report = attrs.evolve(Report.new(text, 2024), contact=Contact(office=text, phone=text))
    path = write_workbook(tmp_path / "b.xlsx", report=report)
    sheet = openpyxl.load_workbook(path)["基本信息"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert len(cells) == 3
    assert all(c.data_type == "s" for c in cells)
    back = read_workbook(path)
    assert (back.agency, back.contact.office, back.contact.phone) == (text, text, text)


def test_no_formula_element_is_written_for_text(tmp_path: Path) -> None:
    import zipfile

    path = write_workbook(tmp_path / "b.xlsx", report=Report.new("=1+1", 2024))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>1+1</f>" not in xml


def test_leading_full_width_spaces_survive_the_workbook(tmp_path: Path) -> None:
    report = attrs.evolve(
        Report.new("\u3000某局 ", 2024), contact=Contact(address="\u3000\u3000某路1号")
    )
    back = read_workbook(write_workbook(tmp_path / "b.xlsx", report=report))
    assert (back.agency, back.contact.address) == ("\u3000某局 ", "\u3000\u3000某路1号")


@pytest.mark.parametrize(("text", "char"), [("某\x01局", "U+0001"), ("某\ud800局", "U+D800")])
def test_excel_from_a_report_with_unholdable_characters_names_sheet_and_cell(
    tmp_path: Path, text: str, char: str
) -> None:
    with pytest.raises(RenderError) as info:
        write_workbook(tmp_path / "b.xlsx", report=Report.new(text, 2024))
    assert info.value.field == "基本信息!B9"
    assert str(info.value) == (
        f"基本信息!B9: 第 2 个字符 {char} 不能写入 Excel 工作簿（控制字符或单独的代理码位）；请删去它"
    )
    assert not (tmp_path / "b.xlsx").exists()


def test_excel_cli_from_a_json_with_a_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govreport.cli import main

    src = tmp_path / "r.json"
    src.write_text('{"agency": "某\\u0001局", "year": 2024}', encoding="utf-8")
    assert main(["excel", "--from", str(src), "-o", str(tmp_path / "b.xlsx")]) != 0
    assert "基本信息!B9: 第 2 个字符 U+0001 不能写入 Excel 工作簿" in capsys.readouterr().err


def _with_count(report: Report, value: int) -> Report:
    t = report.applications.table
    t = attrs.evolve(t, new_received=attrs.evolve(t.new_received, natural_person=value))
    return attrs.evolve(report, applications=attrs.evolve(report.applications, table=t))


def test_a_count_a_double_cannot_hold_is_refused_on_write(tmp_path: Path) -> None:
    """2**63 + 1 used to come back one less."""
    report = _with_count(Report.new("某局", 2024), 2**63 + 1)
    with pytest.raises(RenderError) as info:
        write_workbook(tmp_path / "b.xlsx", report=report)
    assert info.value.field is not None
    assert info.value.field.startswith("表三!")
    assert "有 19 位有效数字，超过 Excel 单元格能准确保存的 15 位，拒绝写入" in str(info.value)


def test_fifteen_digit_count_round_trips(tmp_path: Path) -> None:
    report = _with_count(Report.new("某局", 2024), 10**15 - 1)
    back = read_workbook(write_workbook(tmp_path / "b.xlsx", report=report))
    assert back.applications.table.new_received.natural_person == 10**15 - 1


def _cell_of_first_count(path: Path) -> tuple[str, str]:
    book = openpyxl.load_workbook(path)
    sheet = book["表三"]
    for row in sheet.iter_rows():
        for c in row:
            if c.value == 7:
                return sheet.title, c.coordinate
    raise AssertionError("no count 7")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (
            2**63 + 1,
            "实为 9.223372036854776e+18",
        ),  # openpyxl stores it as a double: refused, not rounded
        (1e300, None),
        (0.1 + 0.2, None),
    ],
)
def test_a_workbook_cell_beyond_a_double_is_refused_on_read(
    tmp_path: Path, value: object, why: str | None
) -> None:
    path = write_workbook(tmp_path / "b.xlsx", report=_with_count(Report.new("某局", 2024), 7))
    title, ref = _cell_of_first_count(path)
    book = openpyxl.load_workbook(path)
    book[title][ref].value = value
    book.save(path)
    with pytest.raises(LoadError) as info:
        read_workbook(path)
    assert info.value.key == f"{title}!{ref}"
    if why is not None:
        assert why in info.value.message


def test_a_money_cell_with_an_exponent_float_is_refused(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx", report=Report.new("某局", 2024))
    book = openpyxl.load_workbook(path)
    sheet = book["表二"]
    target = None
    for row in sheet.iter_rows():
        for c in row:
            if c.value == 0 and c.protection.locked is False:
                target = c
    assert target is not None
    target.value = 1e300
    book.save(path)
    with pytest.raises(LoadError) as info:
        read_workbook(path)
    assert info.value.key == f"表二!{target.coordinate}"


def test_a_formula_typed_into_a_text_cell_is_refused_on_read(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx", report=Report.new("某局", 2024))
    book = openpyxl.load_workbook(path)
    book["基本信息"]["B9"] = '=HYPERLINK("http://example.invalid","x")'
    book.save(path)
    with pytest.raises(LoadError) as info:
        govreport.load(path)
    assert info.value.key == "基本信息!B9"
    assert "此格是公式" in info.value.message
