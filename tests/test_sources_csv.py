"""CSV ledgers: both encodings Excel exports, date spellings, and one-line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govreport.errors import EncodingError, LoadError
from govreport.sources.csv import CsvSource, parse_date
from govreport.sources.mapping import Mapping
from govreport.sources.report import report_from_source
from support.system import module

LEDGER = """编号,机关,收到日期,办结日期,申请人类型,办理结果
A1,某局,2024/1/3,2024/1/20,个人,公开
A2,某局,2023年12月20日,2024-01-05,企业,公开;不公开
A3,某局,2024.12.30,,个人,
A4,他局,2024-02-01,2024-02-09,个人,公开
A5,某局,2024-03-01,2024-02-01,个人,公开
"""

MAPPING = {
    "applications": {
        "file": "ledger.csv",
        "columns": {
            "id": "编号",
            "agency": "机关",
            "received": "收到日期",
            "closed": "办结日期",
            "applicant": "申请人类型",
            "outcome": "办理结果",
        },
        "applicant_codes": {"个人": "自然人", "企业": "商业企业"},
        "outcome_codes": {"公开": "予以公开", "不公开": "denied_third_party_rights"},
    },
    "cases": None,
    "documents": None,
    "counts": None,
    "contacts": None,
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_ledger_in_each_encoding_tallies_the_same(tmp_path: Path, encoding: str) -> None:
    """A ledger saved as UTF-8, UTF-8 with BOM or GB18030 gives the same table."""
    (tmp_path / "ledger.csv").write_bytes(LEDGER.encode(encoding))
    source = CsvSource(Mapping.from_dict(MAPPING, base=tmp_path))
    assert source.agencies() == ["他局", "某局"]
    r = source.tally_applications("某局", 2024)
    t = r.table
    assert (t.granted.natural_person, t.partially_granted.commercial_enterprise) == (1, 1)
    assert (t.carried_over.total, t.new_received.total, t.carried_forward.total) == (1, 2, 1)
    assert [(f.rule, f.record_id) for f in r.findings] == [("closed_before_received", "A5")]


def test_report_from_csv_has_all_tables(tmp_path: Path) -> None:
    """A whole report comes from CSV files alone, with zero tables where the mapping names no file."""
    (tmp_path / "ledger.csv").write_text(LEDGER, encoding="utf-8")
    result = report_from_source(CsvSource(Mapping.from_dict(MAPPING, base=tmp_path)), "某局", 2024)
    assert result.report.applications.table.results_total.total == 2
    assert result.report.review_litigation.table.review.total == 0
    assert result.skipped == 1


def test_undecodable_file_names_the_encodings(tmp_path: Path) -> None:
    """A file that is neither UTF-8 nor GB18030 raises EncodingError naming the file."""
    (tmp_path / "ledger.csv").write_bytes(b"id\n\x80\xff\xfe\n")
    source = CsvSource(Mapping.from_dict(MAPPING, base=tmp_path))
    with pytest.raises(EncodingError, match=r"ledger\.csv"):
        list(source.application_records())


def test_bad_date_names_file_line_and_column(tmp_path: Path) -> None:
    """A date cell that is not a date raises LoadError naming the file, line and column."""
    text = LEDGER.replace("2024/1/3", "三号")
    (tmp_path / "ledger.csv").write_text(text, encoding="utf-8")
    source = CsvSource(Mapping.from_dict(MAPPING, base=tmp_path))
    with pytest.raises(LoadError) as e:
        list(source.application_records())
    assert e.value.line == 2
    assert e.value.key == "收到日期"


def test_missing_column_is_named(tmp_path: Path) -> None:
    """A mapped column absent from the header is named in the error."""
    (tmp_path / "ledger.csv").write_text(LEDGER.replace("办理结果", "结果"), encoding="utf-8")
    with pytest.raises(LoadError, match="办理结果"):
        list(CsvSource(Mapping.from_dict(MAPPING, base=tmp_path)).application_records())


def test_date_spellings() -> None:
    """Dates as Excel and case systems write them are read; anything else is refused."""
    assert str(parse_date("2024-3-5 10:00:00")) == "2024-03-05"
    with pytest.raises(ValueError, match="不是日期"):
        parse_date("3/5/2024")
    assert parse_date(" 2024 / 3 / 5 ") == parse_date("2024年3月5日 09:00") == dt.date(2024, 3, 5)
    assert parse_date("２０２４-3-5") == dt.date(2024, 3, 5)
    for refused in ("二〇二四年三月五日", "2024／3／5", "20240305", "45356"):
        with pytest.raises(ValueError, match="不是日期"):
            parse_date(refused)
    with pytest.raises(ValueError, match="不是有效的日期"):
        parse_date("2024-02-30")


def test_mapping_rejects_unknown_categories_and_parts(tmp_path: Path) -> None:
    """A code mapped to a category that does not exist, or an unknown part, is a LoadError naming the key."""
    with pytest.raises(LoadError) as e:
        Mapping.from_dict({"applications": {"outcome_codes": {"GK": "公开了"}}}, path="m.yaml")
    assert e.value.key == "applications.outcome_codes.GK"
    p = tmp_path / "m.yaml"
    p.write_text("applicatons: {}\n", encoding="utf-8")
    with pytest.raises(LoadError, match="applicatons"):
        Mapping.load(p)
    p.write_text(
        "applications:\n  outcome_codes:\n    GK: granted\n    XX: 不存在\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as e:
        Mapping.load(p)
    assert (e.value.line, e.value.key) == (4, "applications.outcome_codes.XX")
    p.write_text("applications: [\n", encoding="utf-8")
    with pytest.raises(LoadError, match="YAML"):
        Mapping.load(p)


def test_excel_sheet_ledger_tallies_like_the_csv(tmp_path: Path) -> None:
    """An Excel sheet with real date cells and numeric ids gives the same table as the CSV ledger."""
    openpyxl = module("openpyxl")
    import csv as csvlib
    import datetime as dt
    import io

    book = openpyxl.Workbook()
    book.active.title = "说明"
    ws = book.create_sheet("台账")
    for i, row in enumerate(csvlib.reader(io.StringIO(LEDGER))):
        cells: list[object] = list(row)
        if i:
            cells[0] = 1000 + i
            for j in (2, 3):
                cells[j] = parse_date(row[j]) and dt.datetime.combine(
                    parse_date(row[j]), dt.time(9)
                )
        ws.append(cells)
    book.save(tmp_path / "ledger.xlsx")
    (tmp_path / "ledger.csv").write_text(LEDGER, encoding="utf-8")
    xlsx = {
        **MAPPING,
        "applications": {**MAPPING["applications"], "file": "ledger.xlsx", "sheet": "台账"},
    }
    from_xlsx = CsvSource(Mapping.from_dict(xlsx, base=tmp_path)).tally_applications("某局", 2024)
    from_csv = CsvSource(Mapping.from_dict(MAPPING, base=tmp_path)).tally_applications("某局", 2024)
    assert from_xlsx.table == from_csv.table
    assert [(f.rule, f.record_id) for f in from_xlsx.findings] == [
        ("closed_before_received", "1005")
    ]
    bad_sheet = {
        **MAPPING,
        "applications": {**MAPPING["applications"], "file": "ledger.xlsx", "sheet": "无"},
    }
    with pytest.raises(LoadError, match="没有工作表") as e:
        list(CsvSource(Mapping.from_dict(bad_sheet, base=tmp_path)).application_records())
    assert "台账" in (e.value.suggestion or "")
