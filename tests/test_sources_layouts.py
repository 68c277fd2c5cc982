"""A database whose layout govreport did not design, read by a mapping file alone.

One 区县 bureau's own SQLite database: Chinese table and column names, free-text
outcomes, review and litigation cases in two tables, a document register with
no kind column, decision counts in one wide row per year, and no agency column
anywhere. ``govreport from-db`` produces its 2024 report, and every cell is
compared with a count computed by plain SQL, independently of govreport.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

import govreport
from govreport.cli import main

AGENCY = "示例县教育局"
YEAR = 2024

SCHEMA = """
CREATE TABLE 依申请公开登记 (编号 TEXT PRIMARY KEY, 收到日期 DATE, 办结日期 DATE, 申请人类别 TEXT, 办理结果 TEXT);
CREATE TABLE 行政复议案件 (案号 TEXT PRIMARY KEY, 收案日期 DATE, 结案日期 DATE, 复议结果 TEXT);
CREATE TABLE 行政诉讼案件 (案号 TEXT PRIMARY KEY, 立案日期 DATE, 审结日期 DATE, 是否经复议 TEXT, 裁判结果 TEXT);
CREATE TABLE 发文登记 (文号 TEXT PRIMARY KEY, 印发日期 DATE, 废止日期 DATE);
CREATE TABLE 年度统计 (年度 INTEGER, 许可决定数 INTEGER, 处罚决定数 INTEGER, 强制决定数 INTEGER, 收费金额 NUMERIC);
CREATE TABLE 联系方式 (办公室 TEXT, 地址 TEXT, 邮编 TEXT, 电话 TEXT);
"""

#: Free-text outcomes as clerks type them, and the statutory row each means.
OUTCOMES = {
    "同意公开": "granted",
    "全部公开": "granted",
    "部分公开": "partially_granted",
    "涉及国家秘密": "denied_state_secret",
    "本机关不掌握": "unable_not_held",
    "重复申请": "not_processed_repeated",
}
APPLICANTS = {
    "个人": "natural_person",
    "企业": "commercial_enterprise",
    "律所": "legal_service_org",
}

MAPPING = f"""\
agency: {AGENCY}
applications:
  table: 依申请公开登记
  columns: {{id: 编号, received: 收到日期, closed: 办结日期, applicant: 申请人类别, outcome: 办理结果}}
  outcome_separator: ""
  applicant_codes:
    自然人: [个人]
    商业企业: [企业]
    法律服务机构: [律所]
  outcome_codes:
    granted: [同意公开, 全部公开]
    partially_granted: [部分公开]
    属于国家秘密: [涉及国家秘密]
    unable_not_held: [本机关不掌握]
    重复申请: [重复申请]
cases:
  tables:
    - table: 行政复议案件
      columns: {{id: 案号, filed: 收案日期, concluded: 结案日期, result: 复议结果}}
      constants: {{kind: 行政复议}}
    - table: 行政诉讼案件
      columns: {{id: 案号, filed: 立案日期, concluded: 审结日期, kind: 是否经复议, result: 裁判结果}}
  kind_codes: {{行政复议: review, 否: litigation_direct, 是: litigation_after_review}}
  result_codes:
    maintained: [维持, 驳回诉讼请求]
    corrected: [撤销, 确认违法]
    other: [撤诉, 终止]
documents:
  tables:
    - table: 发文登记
      columns: {{id: 文号, issued: 印发日期, repealed: 废止日期}}
      constants: {{kind: 行政规范性文件}}
counts:
  tables:
    - {{table: 年度统计, columns: {{year: 年度, decisions: 许可决定数}}, constants: {{kind: 行政许可}}}}
    - {{table: 年度统计, columns: {{year: 年度, decisions: 处罚决定数}}, constants: {{kind: 行政处罚}}}}
    - {{table: 年度统计, columns: {{year: 年度, decisions: 强制决定数}}, constants: {{kind: 行政强制}}}}
    - {{table: 年度统计, columns: {{year: 年度, amount_yuan: 收费金额}}, constants: {{kind: 行政事业性收费}}}}
contacts:
  table: 联系方式
  columns: {{office: 办公室, address: 地址, postcode: 邮编, phone: 电话}}
"""


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def build_county_database(path: Path, seed: int = 7) -> None:
    """Write the bureau's database: about 600 applications, 40 cases, 30 documents, 3 years of counts."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    apps = []
    for i in range(600):
        received = _day(rng, dt.date(2023, 10, 1), dt.date(2024, 12, 31))
        closed = received + dt.timedelta(days=rng.randrange(0, 40))
        open_case = rng.random() < 0.1 or closed > dt.date(2025, 1, 10)
        outcome = rng.choice([*OUTCOMES, "全部公开 "])  # a trailing space as typed
        apps.append(
            (
                f"依申{i:04d}",
                received.isoformat(),
                None if open_case else closed.isoformat(),
                rng.choice(list(APPLICANTS)),
                None if open_case else outcome,
            )
        )
    con.executemany("INSERT INTO 依申请公开登记 VALUES (?, ?, ?, ?, ?)", apps)
    for i in range(20):
        filed = _day(rng, dt.date(2023, 6, 1), dt.date(2024, 12, 31))
        done = filed + dt.timedelta(days=rng.randrange(20, 120))
        pending = done > dt.date(2025, 1, 15) or rng.random() < 0.2
        con.execute(
            "INSERT INTO 行政复议案件 VALUES (?, ?, ?, ?)",
            (
                f"复{i:03d}",
                filed.isoformat(),
                None if pending else done.isoformat(),
                None if pending else rng.choice(["维持", "撤销", "确认违法", "终止"]),
            ),
        )
    for i in range(20):
        filed = _day(rng, dt.date(2023, 6, 1), dt.date(2024, 12, 31))
        done = filed + dt.timedelta(days=rng.randrange(30, 200))
        pending = done > dt.date(2025, 1, 15)
        con.execute(
            "INSERT INTO 行政诉讼案件 VALUES (?, ?, ?, ?, ?)",
            (
                f"诉{i:03d}",
                filed.isoformat(),
                None if pending else done.isoformat(),
                rng.choice(["是", "否"]),
                None if pending else rng.choice(["驳回诉讼请求", "撤销", "撤诉"]),
            ),
        )
    for i in range(30):
        issued = _day(rng, dt.date(2018, 1, 1), dt.date(2024, 12, 31))
        repealed = issued + dt.timedelta(days=rng.randrange(200, 3000))
        con.execute(
            "INSERT INTO 发文登记 VALUES (?, ?, ?)",
            (
                f"示教规〔{issued.year}〕{i}号",
                issued.isoformat(),
                repealed.isoformat() if repealed <= dt.date(2025, 6, 30) else None,
            ),
        )
    for year in (2022, 2023, 2024):
        con.execute(
            "INSERT INTO 年度统计 VALUES (?, ?, ?, ?, ?)",
            (year, rng.randrange(100, 900), rng.randrange(0, 80), rng.randrange(0, 9), "12345.60"),
        )
    con.execute(
        "INSERT INTO 联系方式 VALUES (?, ?, ?, ?)",
        ("示例县教育局办公室", "示例县人民路1号", "100001", "010-12345678"),
    )
    con.commit()
    con.close()


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
