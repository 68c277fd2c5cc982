"""The Excel fill-in workbook: writing, reading back, LibreOffice, and the errors of bad cells."""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport
from govreport.cli import main
from govreport.errors import GovReportError, LoadError
from govreport.formats._xlsx import (
    CHECK_SHEET,
    INFO_SHEET,
    SHEET_NAMES,
    read_workbook,
    write_workbook,
)
from govreport.model import (
    BLANK,
    NA,
    Amount,
    ApplicantCounts,
    CaseCounts,
    Contact,
    Report,
    Unit,
)
from govreport.spec import CellKind, Edition
from support.system import module

openpyxl = module("openpyxl")

from support import EXAMPLES, convert_with_soffice  # noqa: E402

YEARS = {Edition.V2019: 2020, Edition.V2021: 2024}


def _full_report(edition: Edition) -> Report:
    """A report whose every cell differs, with BLANK and NA in table 二 and contact details."""
    report = Report.new("某某市某某局", YEARS[edition], edition)
    n = iter(range(1, 1000))
    tables: dict[str, Any] = {}
    for key, table in report.tables():
        spec = edition.spec.table(key)
        changes: dict[str, Any] = {}
        for row_key, row in table.rows():
            cells: dict[str, Any] = {}
            for column_key, _ in row.cells():
                column = spec.row(row_key).column(column_key)
                if column.kind is CellKind.MONEY_WAN:
                    cells[column_key] = Decimal("12.35")
                elif column.kind is CellKind.AMOUNT:
                    cells[column_key] = Amount(Decimal("35765.5"), Unit.WAN_YUAN)
                elif column.kind is CellKind.SIGNED_COUNT:
                    cells[column_key] = -next(n)
                else:
                    cells[column_key] = next(n)
            changes[row_key] = attrs.evolve(row, **cells)
        tables[key] = attrs.evolve(table, **changes)
    pd = tables["proactive_disclosure"]
    tables["proactive_disclosure"] = attrs.evolve(
        pd, regulations=attrs.evolve(pd.regulations, **{pd.regulations.input_keys[0]: NA})
    )
    tables["proactive_disclosure"] = attrs.evolve(
        tables["proactive_disclosure"],
        normative_documents=attrs.evolve(
            pd.normative_documents, **{pd.normative_documents.input_keys[1]: BLANK}
        ),
    )
    return attrs.evolve(
        report,
        published=dt.date(YEARS[edition] + 1, 1, 20),
        contact=Contact(
            office="办公室", address="某某路 1 号", postcode="150028", phone="0451-1234567"
        ),
        **{k: attrs.evolve(report.section(k), table=t) for k, t in tables.items()},
    )


def _inconsistent(edition: Edition) -> Report:
    """A report whose 自然人 column breaks R1: 5 received, 3 handled, none carried forward."""
    report = Report.new("某局", YEARS[edition], edition)
    t = attrs.evolve(
        report.applications.table,
        new_received=ApplicantCounts(5, 0, 0, 0, 0, 0),
        granted=ApplicantCounts(3, 0, 0, 0, 0, 0),
    )
    return attrs.evolve(report, applications=attrs.evolve(report.applications, table=t))


def _undeclared(table: Any) -> Any:
    """The table without declared totals: the workbook computes every 总计 with a formula."""
    changes = {
        key: attrs.evolve(row, declared_total=None)
        for key, row in table.rows()
        if hasattr(row, "declared_total")
    }
    if hasattr(table, "declared_results_total"):
        changes["declared_results_total"] = None
    return attrs.evolve(table, **changes)


def _edit(path: Path, sheet: str, ref: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][ref] = value
    book.save(path)


@pytest.mark.parametrize("edition", list(Edition))
def test_blank_workbook_reads_back_as_new_report(tmp_path: Path, edition: Edition) -> None:
    """A workbook written without a report reads back as Report.new: every table cell 0."""
    path = write_workbook(
        tmp_path / "填报.xlsx", edition=edition, year=YEARS[edition], agency="某局"
    )
    assert read_workbook(path) == Report.new("某局", YEARS[edition], edition)


@pytest.mark.parametrize("edition", list(Edition))
def test_full_report_round_trips(tmp_path: Path, edition: Edition) -> None:
    """Every cell, "/" and empty cells, the 元/万元 unit, dates and contacts survive write and read."""
    report = _full_report(edition)
    path = write_workbook(tmp_path / "填报.xlsx", report=report)
    assert read_workbook(path) == report
    assert govreport.load(path) == report


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counts=st.lists(st.integers(0, 10**6), min_size=6, max_size=6),
    case=st.lists(st.integers(0, 10**4) | st.just(BLANK), min_size=4, max_size=4),
)
def test_any_counts_round_trip(tmp_path: Path, counts: list[int], case: list[Any]) -> None:
    """Whatever counts table 三 and 四 hold, reading the workbook gives them back."""
    report = Report.new("某局", 2024)
    t3 = attrs.evolve(report.applications.table, other_other=ApplicantCounts(*counts))
    t4 = attrs.evolve(report.review_litigation.table, litigation_after_review=CaseCounts(*case))
    report = attrs.evolve(
        report,
        applications=attrs.evolve(report.applications, table=t3),
        review_litigation=attrs.evolve(report.review_litigation, table=t4),
    )
    path = write_workbook(tmp_path / "h.xlsx", report=report)
    assert read_workbook(path) == report


def test_workbook_layout(tmp_path: Path) -> None:
    """The sheets, protection, formulas and unlocked input cells are as the docs describe."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["基本信息", "表二", "表三", "表四", "勾稽检查"]
    t3 = book["表三"]
    assert all(ws.protection.sheet for ws in book.worksheets)
    assert t3["A7"].value == "（一）予以公开"
    assert t3["C7"].protection.locked is False
    assert t3["I7"].value == "=SUM(C7:H7)"
    assert t3["I7"].protection.locked is True
    assert str(t3["C1"].value) == "申请人情况"
    checks = book[CHECK_SHEET]
    rules = [checks.cell(row=r, column=1).value for r in range(2, checks.max_row + 1)]
    assert rules.count("R1") == 7
    assert rules.count("R2") == 7
    assert rules.count("R3") == 25
    assert rules.count("R4") == 3
    assert checks["F2"].value == '=IF(D2=E2,"通过","不一致")'


def test_inserted_row_and_moved_sheet_still_read(tmp_path: Path) -> None:
    """Cells are found by label: a blank row inserted in 表三 and a reordered workbook still read."""
    report = _full_report(Edition.V2021)
    path = write_workbook(tmp_path / "填报.xlsx", report=report)
    book = openpyxl.load_workbook(path)
    book["表三"].insert_rows(5)
    book["表四"].insert_rows(4)
    book.move_sheet("表四", offset=-3)
    book.save(path)
    assert read_workbook(path) == report


@pytest.mark.parametrize(
    ("sheet", "ref", "value", "message"),
    [
        ("表三", "C7", 1.5, "表三!C7: 自然人 × （一）予以公开: 应为不小于 0 的整数，实为 1.5"),
        (
            "表三",
            "D4",
            -2,
            "表三!D4: 商业企业 × 一、本年新收政府信息公开申请数量: 应为不小于 0 的整数，实为 -2",
        ),
        (
            "表三",
            "H5",
            "三",
            "表三!H5: 其他 × 二、上年结转政府信息公开申请数量: 应为不小于 0 的整数，实为 “三”",
        ),
        (
            "表三",
            "C4",
            "/",
            "表三!C4: 自然人 × 一、本年新收政府信息公开申请数量: 应为不小于 0 的整数，实为 “/”",
        ),
        ("表四", "A4", 0.5, "表四!A4: 行政复议 × 结果维持: 应为不小于 0 的整数，实为 0.5"),
        (
            "表二",
            "B3",
            "两件",
            "表二!B3: 规章 × 本年制发件数: 应为不小于 0 的整数或 /，实为 “两件”",
        ),
        (
            "表二",
            "B14",
            -1,
            "表二!B14: 行政事业性收费 × 本年收费金额（单位：万元）: 应为不小于 0 的数或 /，实为 -1",
        ),
    ],
)
def test_bad_cell_names_file_sheet_and_cell(
    tmp_path: Path, sheet: str, ref: str, value: object, message: str
) -> None:
    """A bad value is a LoadError naming the file, the sheet, the cell and the printed labels."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    _edit(path, sheet, ref, value)
    with pytest.raises(LoadError) as e:
        read_workbook(path)
    assert str(e.value) == f"{path}: {message}"


def test_bad_unit_and_signed_change_2019(tmp_path: Path) -> None:
    """2019: 本年增/减 accepts negatives; the 采购总金额 unit must be 元 or 万元."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2020, agency="某局")
    book = openpyxl.load_workbook(path)
    ws = book["表二"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(row=labels["行政许可"], column=3, value=-4)
    book.save(path)
    assert (
        read_workbook(path).proactive_disclosure.table.administrative_licensing.change_this_year
        == -4
    )
    unit = f"D{labels['政府集中采购']}"
    _edit(path, "表二", unit, "美元")
    with pytest.raises(
        LoadError,
        match=rf"表二!{unit}: 政府集中采购 × 采购总金额 的单位: 应为 元 或 万元，实为 “美元”",
    ):
        read_workbook(path)


def test_empty_cell_is_blank_and_missing_label_is_named(tmp_path: Path) -> None:
    """An emptied input cell reads as BLANK; a changed row label is reported by name."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    _edit(path, "表三", "C7", None)
    assert read_workbook(path).applications.table.granted.natural_person is BLANK
    _edit(path, "表三", "A7", "予以公开")
    with pytest.raises(LoadError, match="表三: 找不到行“（一）予以公开”"):
        read_workbook(path)


def test_not_a_workbook(tmp_path: Path) -> None:
    """A file that is not an .xlsx workbook is a LoadError naming it."""
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(LoadError, match=r"x\.xlsx: 不是有效的 Excel 工作簿"):
        read_workbook(path)


def test_missing_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without openpyxl the error says to install govreport[excel]."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(GovReportError, match=r"govreport\[excel\]"):
        write_workbook(tmp_path / "a.xlsx", year=2024)


def test_cli_writes_refuses_overwrite_and_prefills(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """govreport excel writes the workbook, refuses to overwrite without --force, and pre-fills --from."""
    out = tmp_path / "填报.xlsx"
    assert main(["excel", "--edition", "2019", "--agency", "某局", "-o", str(out)]) == 0
    report = read_workbook(out)
    assert (report.edition, report.year, report.agency) == (Edition.V2019, 2020, "某局")
    assert main(["excel", "--year", "2024", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    source = _full_report(Edition.V2021)
    data = govreport.dump(source, tmp_path / "r.yaml")
    assert main(["excel", "--from", str(data), "-o", str(out), "--force"]) == 0
    assert read_workbook(out) == source
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("edition", list(Edition))
def test_libreoffice_opens_the_workbook(tmp_path: Path, soffice: str, edition: Edition) -> None:
    """LibreOffice converts the workbook to PDF without error."""
    path = write_workbook(tmp_path / "填报.xlsx", report=_full_report(edition))
    pdf = convert_with_soffice(soffice, path, tmp_path, to="pdf")
    assert pdf.stat().st_size > 1000


@pytest.mark.libreoffice
@pytest.mark.parametrize("edition", list(Edition))
def test_libreoffice_recalculates_check_sheet(
    tmp_path: Path, soffice: str, edition: Edition
) -> None:
    """Recalculated by LibreOffice, the check sheet flags the 自然人 R1 row and passes the others."""
    report = _inconsistent(edition)
    path = write_workbook(tmp_path / "填报.xlsx", report=report)
    outdir = tmp_path / "out"
    outdir.mkdir()
    saved = convert_with_soffice(soffice, path, outdir, to="xlsx")
    book = openpyxl.load_workbook(saved, data_only=True)
    rows = list(book[CHECK_SHEET].iter_rows(min_row=2, values_only=True))
    status = {(r[0], r[1]): r[5] for r in rows}
    assert status[("R1", "表三 自然人列")] == "不一致"
    assert status[("R1", "表三 总计列")] == "不一致"
    assert status[("R1", "表三 商业企业列")] == "通过"
    assert [r for r in rows if r[5] == "不一致"] == [
        ("R1", "表三 自然人列", "一、二之和 = （七）总计与四之和", 5, 3, "不一致"),
        ("R1", "表三 总计列", "一、二之和 = （七）总计与四之和", 5, 3, "不一致"),
    ]
    assert book["表三"]["I7"].value == 3
    # a workbook saved by LibreOffice (cached values present) reads back the same
    assert read_workbook(saved) == report


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1990, "基本信息!B10: 年度: 应为 2019 年度及以后（统一格式自 2019 年度起施行），实为 1990"),
        ("二〇二四", "基本信息!B10: 年度: 应为年份（整数），实为 '二〇二四'"),
        (None, "基本信息: 缺少“年度”"),
    ],
)
def test_bad_year_is_a_load_error(tmp_path: Path, value: object, message: str) -> None:
    """A missing, non-numeric or pre-2019 年度 is a LoadError naming the info sheet."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    assert openpyxl.load_workbook(path)["基本信息"]["A10"].value == "年度"
    _edit(path, "基本信息", "B10", value)
    with pytest.raises(LoadError) as e:
        read_workbook(path)
    assert str(e.value) == f"{path}: {message}"


def test_bad_edition_is_named(tmp_path: Path) -> None:
    """A 格式版本 other than 2019 or 2021 is a LoadError at its cell."""
    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    _edit(path, "基本信息", "B11", 2020)
    with pytest.raises(LoadError) as e:
        read_workbook(path)
    assert str(e.value) == f"{path}: 基本信息!B11: 格式版本: 应为 2019 或 2021，实为 2020"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_round_trip(tmp_path: Path, example: Path) -> None:
    """Each example report's tables and basic information survive the workbook."""
    report = govreport.load(example)
    back = read_workbook(write_workbook(tmp_path / "填报.xlsx", report=report))
    for key, table in report.tables():
        assert back.table(key) == _undeclared(table), key
    assert (back.agency, back.year, back.edition, back.published, back.contact) == (
        report.agency,
        report.year,
        report.edition,
        report.published,
        report.contact,
    )


def _cell_strategy(column: Any) -> st.SearchStrategy[Any]:
    """Any value a cell of this column may hold."""
    marks = st.sampled_from([BLANK, NA] if column.allows_na else [BLANK])
    money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
    if column.kind is CellKind.SIGNED_COUNT:
        values: st.SearchStrategy[Any] = st.integers(-(10**4), 10**4)
    elif column.kind is CellKind.MONEY_WAN:
        values = money
    elif column.kind is CellKind.AMOUNT:
        values = st.builds(Amount, money, st.sampled_from(list(Unit)))
    else:
        values = st.integers(0, 10**6)
    return values | marks


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    """A report of either edition with every table cell drawn at random."""
    edition = draw(st.sampled_from(list(Edition)))
    report = Report.new("某局", YEARS[edition], edition)
    sections = {}
    for key, table in report.tables():
        spec = edition.spec.table(key)
        rows = {
            row_key: attrs.evolve(
                row,
                **{c: draw(_cell_strategy(spec.row(row_key).column(c))) for c, _ in row.cells()},
            )
            for row_key, row in table.rows()
        }
        sections[key] = attrs.evolve(report.section(key), table=attrs.evolve(table, **rows))
    return attrs.evolve(report, **sections)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=_reports())
def test_any_report_round_trips(tmp_path: Path, report: Report) -> None:
    """Whatever every cell holds (numbers, blanks, "/", amounts in 元 or 万元), the workbook gives it back."""
    assert read_workbook(write_workbook(tmp_path / "r.xlsx", report=report)) == report


_REF = re.compile(r"'([^']+)'!([A-Z]+)(\d+)")


def _cell_keys(book: Any, spec: Any, sheet: str, letter: str, row: int) -> tuple[str, str]:
    """The (row, column) keys of a table cell, read off the workbook's own labels."""
    ws = book[sheet]
    col = openpyxl.utils.column_index_from_string(letter)

    def up(r: int) -> Any:
        """The label printed at (r, col) or, when it is empty, above it (merged cells resolved)."""
        while r > 0:
            for rng in ws.merged_cells.ranges:
                if rng.min_row <= r <= rng.max_row and rng.min_col <= col <= rng.max_col:
                    value = ws.cell(row=rng.min_row, column=rng.min_col).value
                    break
            else:
                value = ws.cell(row=r, column=col).value
            if value is not None:
                return value
            r -= 1
        raise AssertionError(f"{sheet}!{letter}: no label above")

    columns = {c.label: c.key for c in spec.columns}
    if spec.key == "applications":
        rows = {r.label: r.key for r in spec.data_rows}
        return rows[ws.cell(row=row, column=1).value], columns[up(3)]
    groups = {r.label: r.key for r in spec.data_rows}
    return groups[up(2)], columns[ws.cell(row=3, column=col).value]


@pytest.mark.parametrize("edition", list(Edition))
def test_check_sheet_formulas_are_the_declared_rules(tmp_path: Path, edition: Edition) -> None:
    """Each check-sheet row's formulas reference exactly the cells its R1–R4 declaration names."""
    from govreport.spec import sum_rules

    path = write_workbook(tmp_path / "填报.xlsx", edition=edition)
    book = openpyxl.load_workbook(path)
    spec = edition.spec
    sheets = {v: spec.table(k) for k, v in SHEET_NAMES.items()}
    rows = list(book[CHECK_SHEET].iter_rows(min_row=2, values_only=True))
    declared = sum_rules(edition)
    assert len(rows) == len(declared)
    for row, rule in zip(rows, declared, strict=True):
        assert row[:3] == (rule.rule, rule.where, rule.text)
        for formula, cells in ((row[3], rule.left), (row[4], rule.right)):
            refs = [
                (sheets[s].key, *_cell_keys(book, sheets[s], s, letter, int(r)))
                for s, letter, r in _REF.findall(formula)
            ]
            assert refs == [(rule.table, r, c) for r, c in cells], formula


def test_info_labels_are_names_a_data_file_accepts(tmp_path: Path) -> None:
    """The 基本信息 labels are names the data files accept; the old spellings still read back."""
    from govreport.formats._labels import CONTACT_NAMES, TOP_NAMES, match_name

    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    book = openpyxl.load_workbook(path)
    ws = book[INFO_SHEET]
    labels = [ws.cell(row=r, column=1).value for r in range(9, 17)]
    assert labels == [
        "机关名称",
        "年度",
        "格式版本",
        "成文日期",
        "承办机构",
        "地址",
        "邮编",
        "联系电话",
    ]
    for label in labels:
        assert match_name(TOP_NAMES, label) or match_name(CONTACT_NAMES, label)
    ws["A14"], ws["B14"] = "通信地址", "某路1号"  # the spellings of older workbooks
    ws["A13"], ws["B13"] = "联系机构", "办公室"
    book.save(path)
    contact = read_workbook(path).contact
    assert (contact.office, contact.address) == ("办公室", "某路1号")


def test_a_fraction_is_not_a_count_in_a_workbook_nor_a_data_file(tmp_path: Path) -> None:
    """``1.0`` in a count cell is refused by the workbook reader as by a YAML file, with its place."""
    import zipfile

    path = write_workbook(tmp_path / "填报.xlsx", year=2024, agency="某局")
    patched = tmp_path / "patched.xlsx"
    sheet = "xl/worksheets/sheet3.xml"  # 表三
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet:
                data, n = re.subn(rb'(<c r="C7"[^>]*><v>)0(</v>)', rb"\g<1>1.0\g<2>", data)
                assert n == 1
            dst.writestr(item, data)
    with pytest.raises(LoadError) as e:
        read_workbook(patched)
    assert str(e.value) == (
        f"{patched}: 表三!C7: 自然人 × （一）予以公开: 应为不小于 0 的整数，实为 1.0"
    )
    yaml_text = "agency: 某局\nyear: 2024\napplications:\n  granted:\n    natural_person: 1.0\n"
    with pytest.raises(LoadError) as e:
        govreport.loads(yaml_text, "yaml")
    assert e.value.line == 5
    assert "应为不小于 0 的整数" in str(e.value)
