"""Dates as agencies store them: Excel serial days where the mapping says so, and never a guess elsewhere."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from support.system import module

sa = module("sqlalchemy")

from govreport.errors import LoadError  # noqa: E402
from govreport.sources import Mapping, SqlSource  # noqa: E402
from govreport.sources.csv import CsvSource  # noqa: E402

#: 2024-03-05 and 2024-03-09 as Excel serial days.
MAR5, MAR9 = 45356, 45360


def _db(path: Path, rows: list[tuple[object, ...]]) -> str:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE ledger (id TEXT, received INTEGER, closed REAL, applicant, outcome)")
    con.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def _mapping(excel: list[str] | None) -> Mapping:
    apps: dict[str, object] = {"table": "ledger", "constants": {"agency": "局"}}
    if excel is not None:
        apps["excel_dates"] = excel
    return Mapping.from_dict(
        {"applications": apps, "cases": None, "documents": None, "counts": None, "contacts": None}
    )


def test_excel_serials_in_integer_and_real_columns_are_dates(tmp_path: Path) -> None:
    """INTEGER 45356 and REAL 45360.5 are 2024-03-05 and 2024-03-09 when the mapping says so."""
    url = _db(
        tmp_path / "a.sqlite",
        [
            ("1", MAR5, MAR9 + 0.5, "natural_person", "granted"),
            ("2", MAR5 - 100, None, "natural_person", None),  # 2023-11-26, still open
        ],
    )
    r = SqlSource(url, _mapping(["received", "closed"])).tally_applications("局", 2024)
    assert r.findings == ()
    t = r.table
    assert (t.new_received.total, t.carried_over.total, t.granted.total) == (1, 1, 1)
    assert t.carried_forward.total == 1


def test_numbers_without_the_option_are_findings_with_a_hint(tmp_path: Path) -> None:
    """Without excel_dates a serial is not guessed: bad_date naming table, record, column, and the option."""
    url = _db(tmp_path / "a.sqlite", [("1", MAR5, None, "natural_person", None)])
    r = SqlSource(url, _mapping(None)).tally_applications("局", 2024)
    (f,) = r.findings
    assert (f.rule, f.table, f.record, f.column) == ("bad_date", "ledger", "1", "received")
    assert f.message == (
        "received 不是日期 (not a date): 45356（可能是 Excel 日期序号；若是，在映射文件中写 "
        "excel_dates: [received] (an Excel serial? say so in the mapping)）"
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (60, "1900-02-29, a day Excel counts that never was"),
        (20240305, "YYYYMMDD in a column of serial days"),
        (0, "before Excel's first day"),
    ],
)
def test_ambiguous_serials_are_refused(tmp_path: Path, value: int, why: str) -> None:
    """A serial that names no day (or a YYYYMMDD in a serial column) is a bad_date, not a guess."""
    url = _db(tmp_path / "a.sqlite", [("9", value, None, "natural_person", None)])
    r = SqlSource(url, _mapping(["received"])).tally_applications("局", 2024)
    assert [(f.rule, f.record, f.column) for f in r.findings] == [("bad_date", "9", "received")], (
        why
    )
    assert "不是有效的 Excel 日期序号 (no Excel serial day)" in r.findings[0].message
    assert r.skipped == 1


def test_the_csv_route_reads_serials_the_same_way(tmp_path: Path) -> None:
    """A CSV export holding serial days gives the same table as the database."""
    (tmp_path / "ledger.csv").write_text(
        f"id,received,closed,applicant,outcome\n1,{MAR5},{MAR9},natural_person,granted\n",
        encoding="utf-8",
    )
    mapping = Mapping.from_dict(
        {
            "agency": "局",
            "applications": {"file": "ledger.csv", "excel_dates": ["received", "closed"]},
            "cases": None,
            "documents": None,
            "counts": None,
            "contacts": None,
        },
        base=tmp_path,
    )
    r = CsvSource(mapping).tally_applications("局", 2024)
    assert (r.findings, r.table.granted.total, r.table.new_received.total) == ((), 1, 1)


def test_excel_dates_names_date_fields_only(tmp_path: Path) -> None:
    """A misspelt field in excel_dates is an error with the file, the line and the nearest field."""
    p = tmp_path / "m.yaml"
    p.write_text("applications:\n  table: ledger\n  excel_dates: [recieved]\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        Mapping.load(p)
    assert (e.value.line, e.value.key) == (3, "applications.excel_dates")
    assert e.value.suggestion is not None
    assert "是否应为 'received'" in e.value.suggestion
    assert dt.date(2024, 3, 5) == dt.date(1899, 12, 30) + dt.timedelta(days=MAR5)
