"""A database whose layout govreport did not design, read by a mapping file alone.

One 区县 bureau's own SQLite database: Chinese table and column names, free-text
outcomes, review and litigation cases in two tables, a document register with
no kind column, decision counts in one wide row per year, and no agency column
anywhere. ``govreport from-db`` produces its 2024 report, and every cell is
compared with a count computed by plain SQL, independently of govreport.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import govreport
from govreport.cli import main
from support.county import AGENCY, APPLICANTS, MAPPING, OUTCOMES, YEAR, build_county_database
from support.system import module

module("sqlalchemy")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("county")
    build_county_database(d / "本局.sqlite")
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    return d


def _sql_counts(db: Path) -> dict[tuple[str, str, str], object]:
    """Every cell of the 2024 report, counted by plain SQL (the mapping written out as CASE)."""
    con = sqlite3.connect(db)
    start, end = f"{YEAR}-01-01", f"{YEAR + 1}-01-01"
    cells: dict[tuple[str, str, str], object] = {}

    def one(sql: str, *params: object) -> int:
        return int(con.execute(sql, params).fetchone()[0])

    app_case = "CASE 申请人类别 " + " ".join(
        f"WHEN '{k}' THEN '{v}'" for k, v in APPLICANTS.items()
    )
    out_case = "CASE trim(办理结果) " + " ".join(
        f"WHEN '{k}' THEN '{v}'" for k, v in OUTCOMES.items()
    )
    for applicant in APPLICANTS.values():
        who = f"{app_case} END = '{applicant}'"
        t = "FROM 依申请公开登记 WHERE " + who
        cells["applications", "new_received", applicant] = one(
            f"SELECT count(*) {t} AND 收到日期 >= ? AND 收到日期 < ?", start, end
        )
        cells["applications", "carried_over", applicant] = one(
            f"SELECT count(*) {t} AND 收到日期 < ? AND (办结日期 IS NULL OR 办结日期 >= ?)",
            start,
            start,
        )
        cells["applications", "carried_forward", applicant] = one(
            f"SELECT count(*) {t} AND 收到日期 < ? AND (办结日期 IS NULL OR 办结日期 >= ?)",
            end,
            end,
        )
        for outcome in set(OUTCOMES.values()):
            cells["applications", outcome, applicant] = one(
                f"SELECT count(*) {t} AND 办结日期 >= ? AND 办结日期 < ? AND {out_case} END = ?",
                start,
                end,
                outcome,
            )
    results = {"维持": "maintained", "驳回诉讼请求": "maintained", "撤销": "corrected"}
    results |= {"确认违法": "corrected", "撤诉": "other", "终止": "other"}
    res_case = "CASE r " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in results.items()) + " END"
    cases = (
        "SELECT 'review' AS k, 收案日期 AS f, 结案日期 AS c, 复议结果 AS r FROM 行政复议案件 UNION ALL "
        "SELECT CASE 是否经复议 WHEN '是' THEN 'litigation_after_review' ELSE 'litigation_direct' END,"
        " 立案日期, 审结日期, 裁判结果 FROM 行政诉讼案件"
    )
    for kind in ("review", "litigation_direct", "litigation_after_review"):
        base = f"SELECT count(*) FROM ({cases}) WHERE k = '{kind}' AND f >= ? AND f < ?"
        for result in ("maintained", "corrected", "other"):
            cells["review_litigation", kind, result] = one(
                f"{base} AND c IS NOT NULL AND c < ? AND {res_case} = ?", start, end, end, result
            )
        cells["review_litigation", kind, "pending"] = one(
            f"{base} AND (c IS NULL OR c >= ?)", start, end, end
        )
    docs = "SELECT count(*) FROM 发文登记 WHERE "
    nd = "normative_documents"
    cells["proactive_disclosure", nd, "issued_this_year"] = one(
        docs + "印发日期 >= ? AND 印发日期 < ?", start, end
    )
    cells["proactive_disclosure", nd, "repealed_this_year"] = one(
        docs + "废止日期 >= ? AND 废止日期 < ?", start, end
    )
    cells["proactive_disclosure", nd, "currently_effective"] = one(
        docs + "印发日期 < ? AND (废止日期 IS NULL OR 废止日期 >= ?)", end, end
    )
    row = con.execute(
        "SELECT 许可决定数, 处罚决定数, 强制决定数, 收费金额 FROM 年度统计 WHERE 年度 = ?", (YEAR,)
    ).fetchone()
    for key, value in zip(
        ("administrative_licensing", "administrative_penalty", "administrative_coercion"),
        row[:3],
        strict=True,
    ):
        cells["proactive_disclosure", key, "decisions_this_year"] = value
    fee = con.execute("SELECT CAST(收费金额 AS TEXT) FROM 年度统计 WHERE 年度 = ?", (YEAR,))
    cells["proactive_disclosure", "administrative_fees", "fee_amount_this_year"] = Decimal(
        fee.fetchone()[0]
    ) / Decimal(10000)
    con.close()
    return cells


def test_county_database_report_equals_independent_sql(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """from-db with the mapping alone (no --agency, no view) gives every cell plain SQL counts."""
    out = county / "报告.yaml"
    args = ["from-db", "--url", f"sqlite:///{county / '本局.sqlite'}"]
    args += ["--mapping", str(county / "mapping.yaml"), "--year", str(YEAR), "-o", str(out)]
    assert main([*args, "--published", "2025-01-20"]) == 0
    err = capsys.readouterr().err
    assert "未计入 0 条" in err, err
    report = govreport.load(out)
    assert report.agency == AGENCY
    assert report.published == dt.date(2025, 1, 20)
    assert report.contact.phone == "010-12345678"
    expected = _sql_counts(county / "本局.sqlite")
    for (table, row, column), value in expected.items():
        assert report.table(table).cell(row, column) == value, (table, row, column)
    t3 = report.applications.table
    assert t3.new_received.total > 100
    assert t3.carried_over.total > 0
    assert report.review_litigation.table.review.total > 0
    assert report.review_litigation.table.litigation_after_review.total > 0
    assert report.proactive_disclosure.table.normative_documents.currently_effective > 0


def test_county_list_agencies_names_the_mapping_agency(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A single-agency database lists the mapping's agency."""
    url = f"sqlite:///{county / '本局.sqlite'}"
    assert (
        main(
            ["from-db", "--url", url, "--mapping", str(county / "mapping.yaml"), "--list-agencies"]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [AGENCY]
