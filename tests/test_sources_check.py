"""A report computed from records that could not all be used as they are fails ``check`` until resolved.

Each case is one of the silent miscounts of the database issue, taken end to
end: ``from-db`` writes the report, ``check`` on the written file exits 1 with
a SOURCE error naming the agency's table, the record and the column; fixing
the record and computing the report again, or deleting the note after
confirming the value, makes the SOURCE errors go.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import attrs
import pytest

import govreport
from govreport.checks import check
from govreport.cli import main
from govreport.model import Section
from govreport.spec import SOURCE_NOTE
from support.system import module

module("sqlalchemy")

#: Every activity of table 二 (2021 edition) with a count for 2024, so that only the case's row is odd.
_KINDS = (
    "administrative_licensing",
    "administrative_penalty",
    "administrative_coercion",
    "administrative_fees",
)
_FULL = [(2024, kind, 1, 1, 1) for kind in _KINDS]
_GOOD_APP = ("OK-1", "2024-03-05", "2024-03-06", "natural_person", "granted")


def _db(path: Path, apps: list[tuple[object, ...]], counts: list[tuple[object, ...]]) -> str:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE 申请台账 (编号, 收到日期, 办结日期, 申请人, 结果)")
    con.execute("CREATE TABLE 年度统计 (年度, 类型, 决定数, 事项数, 金额)")
    con.executemany("INSERT INTO 申请台账 VALUES (?, ?, ?, ?, ?)", apps)
    con.executemany("INSERT INTO 年度统计 VALUES (?, ?, ?, ?, ?)", counts)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


_MAPPING = """\
agency: 某区局
applications:
  table: 申请台账
  columns: {id: 编号, received: 收到日期, closed: 办结日期, applicant: 申请人, outcome: 结果}
counts:
  table: 年度统计
  columns: {year: 年度, kind: 类型, decisions: 决定数, items: 事项数, amount_yuan: 金额}
cases: null
documents: null
contacts: null
"""

#: (case, applications, counts, the SOURCE error's place, its rule, any other error's place)
CASES = [
    (
        "closed date as text 'yesterday'",
        [("A-1", "2024-03-05", "yesterday", "natural_person", "granted")],
        _FULL,
        "台账 申请台账 记录 A-1 列 办结日期",
        "bad_date",
    ),
    (
        "ISO-shaped received date 2024-13-45",
        [("A-2", "2024-13-45", None, "natural_person", None)],
        _FULL,
        "台账 申请台账 记录 A-2 列 收到日期",
        "bad_date",
    ),
    (
        "ISO-shaped closed date 2024-02-30",
        [("A-3", "2024-02-01", "2024-02-30", "natural_person", "granted")],
        _FULL,
        "台账 申请台账 记录 A-3 列 办结日期",
        "bad_date",
    ),
    (
        "text dates 2024-3-10 / 2024-3-9: closed before received",
        [("B-1", "2024-3-10", "2024-3-9", "natural_person", "granted")],
        _FULL,
        "台账 applications 记录 B-1",
        "closed_before_received",
    ),
    (
        "NULL decision count",
        [],
        [c if c[1] != "administrative_licensing" else (2024, c[1], None, 1, 1) for c in _FULL],
        "台账 proactive_disclosure 记录 administrative_licensing/2024 列 decisions_this_year",
        "missing_count",
    ),
    (
        "NULL fee amount",
        [],
        [c if c[1] != "administrative_fees" else (2024, c[1], 1, 1, None) for c in _FULL],
        "台账 proactive_disclosure 记录 administrative_fees/2024 列 fee_amount_this_year",
        "missing_count",
    ),
    (
        "REAL count 88.7",
        [],
        [c if c[1] != "administrative_penalty" else (2024, c[1], 88.7, 1, 1) for c in _FULL],
        "台账 年度统计 记录 administrative_penalty/2024 列 决定数",
        "bad_number",
        # the refused row leaves the kind without a count for 2024, taken as zero
        "台账 proactive_disclosure 记录 administrative_penalty/2024",
    ),
]


def _from_db(tmp_path: Path, url: str) -> Path:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(_MAPPING, encoding="utf-8")
    out = tmp_path / "r.yaml"
    args = ["from-db", "--url", url, "--mapping", str(mapping), "--year", "2024"]
    main([*args, "--published", "2025-01-20", "-o", str(out), "--force"])
    return out


def _sources(path: Path) -> list[tuple[str | None, str]]:
    return [(f.where, f.message) for f in check(govreport.load(path)) if f.rule == "SOURCE"]


@pytest.mark.parametrize(
    ("apps", "counts", "where", "rule", "also"),
    [(*c[1:5], c[5] if len(c) > 5 else None) for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_check_fails_naming_table_record_and_column(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    apps: list[tuple[object, ...]],
    counts: list[tuple[object, ...]],
    where: str,
    rule: str,
    also: str | None,
) -> None:
    """from-db writes the report; check on the file exits 1 with the SOURCE error at the record's place."""
    out = _from_db(tmp_path, _db(tmp_path / "a.sqlite", [_GOOD_APP, *apps], counts))
    found = dict(_sources(out))
    assert sorted(found) == sorted([where, *([also] if also else [])])
    message = found[where]
    assert message.startswith("一、总体情况 第 ")
    assert f"段：{where} 未按原样计入：" in message
    assert message.endswith(f"[{rule}]（修正台账后重新生成报告；或核实数值后删去本段）")
    capsys.readouterr()
    assert main(["check", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"错误 SOURCE {message}" in printed


def test_fixing_the_records_and_computing_again_clears_the_errors(tmp_path: Path) -> None:
    """The same ledger with the record fixed gives a report without SOURCE errors."""
    bad = [("A-1", "2024-03-05", "yesterday", "natural_person", "granted")]
    assert _sources(_from_db(tmp_path, _db(tmp_path / "a.sqlite", bad, _FULL)))
    fixed = [("A-1", "2024-03-05", "2024-03-07", "natural_person", "granted")]
    out = _from_db(tmp_path, _db(tmp_path / "b.sqlite", fixed, _FULL))
    assert _sources(out) == []
    report = govreport.load(out)
    assert report.applications.table.granted.total == 1
    assert SOURCE_NOTE not in report.overview.text


def test_deleting_a_confirmed_note_clears_its_error(tmp_path: Path) -> None:
    """A person who confirms the value deletes the note from the report file; the error goes with it."""
    counts = [c if c[1] != "administrative_fees" else (2024, c[1], 1, 1, None) for c in _FULL]
    out = _from_db(tmp_path, _db(tmp_path / "a.sqlite", [], counts))
    report = govreport.load(out)
    kept = [p for p in report.overview.paragraphs if not p.text.startswith(SOURCE_NOTE)]
    assert len(kept) == len(report.overview.paragraphs) - 1
    govreport.dump(attrs.evolve(report, overview=Section(kept)), out)
    assert _sources(out) == []


def test_many_findings_are_noted_up_to_fifty_and_counted_beyond(tmp_path: Path) -> None:
    """Past 50 records one note says how many more there are; it is a SOURCE error too."""
    apps = [(f"D-{i:03}", "2024-03-05", "某天", "natural_person", "granted") for i in range(60)]
    found = _sources(_from_db(tmp_path, _db(tmp_path / "a.sqlite", apps, _FULL)))
    assert len(found) == 51
    assert found[0][0] == "台账 申请台账 记录 D-000 列 办结日期"
    assert found[-1][0] == "台账 申请台账"
    assert "另有 10 条记录未逐条列出（govreport from-db 逐条列出）" in found[-1][1]


def test_a_database_batch_lists_the_agency_whose_records_are_not_all_usable(
    tmp_path: Path,
) -> None:
    """With the narrative given (sections, published), the sample's agencies are written clean;
    one record made unreadable makes its agency invalid, with the SOURCE error naming it."""
    from govreport.batch import Agencies, batch
    from govreport.sources.sampledb import write_sample

    db, mapping = write_sample(tmp_path / "db", applications=120)
    fee = {"other_matters": "本年度未收取信息处理费。"}
    items = Agencies(f"sqlite:///{db}", mapping, 2024, sections=fee, published=dt.date(2025, 1, 20))
    result = batch(items, tmp_path / "clean", workers=1)
    assert result.counts == {"written": 3, "up_to_date": 0, "invalid": 0, "failed": 0}
    con = sqlite3.connect(db)
    table = mapping.applications.table
    columns = mapping.applications.columns
    (rid,) = con.execute(
        f"SELECT {columns['id']} FROM {table} WHERE {columns['agency']} = '示例市自然资源局'"
        f" AND {columns['received']} >= '2024-01-01' ORDER BY 1 LIMIT 1"
    ).fetchone()
    con.execute(
        f"UPDATE {table} SET {columns['received']} = '2024-02-30' WHERE {columns['id']} = ?", (rid,)
    )
    con.commit()
    con.close()
    result = batch(items, tmp_path / "out", workers=1)
    assert result.counts == {"written": 2, "up_to_date": 0, "invalid": 1, "failed": 0}
    (bad,) = [o for o in result.outcomes if o.status == "invalid"]
    assert bad.agency == "示例市自然资源局"
    place = f"台账 {table} 记录 {rid} 列 {columns['received']}"
    assert bad.findings == (
        f"{place}: 一、总体情况 第 5 段：{place} 未按原样计入：{columns['received']} 不是日期"
        " (not a date): 2024-02-30 [bad_date]（修正台账后重新生成报告；或核实数值后删去本段）",
    )
