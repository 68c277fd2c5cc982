"""A 区县 bureau's own database, laid out as govreport did not design it, and the mapping that reads it.

One agency, Chinese table and column names, free-text outcomes, review and
litigation cases in two tables, a document register with no kind column, and
decision counts in one wide row per year (``tests/test_sources_layouts.py``,
``tests/test_sources_servers.py``).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

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
