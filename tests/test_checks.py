"""Tests for govreport.checks: every rule fails and passes on both editions."""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.checks import RULES, Finding, Findings, check, ensure_clean, errors
from govreport.errors import ReportNotCleanError
from govreport.model import (
    BLANK,
    NA,
    Amount,
    ApplicantCounts,
    CaseCounts,
    Period,
    Report,
    ReviewLitigation,
    Scope,
    Section,
    TableSection,
    table_class,
)
from govreport.spec import APPLICANT_COLUMNS, Edition
from support import REPORT_YEARS as YEARS  # one report year per edition
from support import applicants, cases, consistent_reports
from support import consistent_report as build

ROOT = Path(__file__).resolve().parent.parent
APP = tuple(c.key for c in APPLICANT_COLUMNS if not c.derived)
CASES = ("maintained", "corrected", "other", "pending")

Row = tuple[Any, ...]


# --------------------------------------------------------------------------- builders


def with_table(report: Report, key: str, **changes: Any) -> Report:
    section = report.section(key)
    assert isinstance(section, TableSection)
    table = attrs.evolve(section.table, **changes)
    return attrs.evolve(report, **{key: attrs.evolve(section, table=table)})


def with_text(report: Report, key: str, text: str) -> Report:
    section = report.section(key)
    return attrs.evolve(report, **{key: attrs.evolve(section, paragraphs=[text])})


def rules(findings: Findings) -> list[str]:
    return [f.rule for f in findings]


SAMPLE = {"granted": (3, 1, 0, 0, 0, 0), "unable_not_held": (2, 0, 0, 0, 1, 0)}


@pytest.fixture(params=YEARS, ids=["2019-edition", "2021-edition"])
def year(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def clean(year: int) -> Report:
    return build(
        year,
        SAMPLE,
        carried_over=(1, 0, 0, 0, 0, 0),
        carried_forward=(2, 0, 0, 0, 0, 0),
        review={"review": (1, 1, 0, 0)},
    )


# --------------------------------------------------------------------------- clean reports


def test_consistent_report_has_no_findings(clean: Report) -> None:
    """A consistent report with every total declared yields no finding at all."""
    assert check(clean) == ()


def test_new_report_has_no_errors(year: int) -> None:
    """Report.new (all zeros, no narrative yet) has no errors, only the missing date warning."""
    findings = check(Report.new("某局", year))
    assert findings.errors == ()
    assert rules(findings) == ["DATE"]


def test_undeclared_totals_are_computed(year: int) -> None:
    """With no declared totals there is nothing to compare for R2–R4, and R1 uses computed totals."""
    assert check(build(year, SAMPLE, carried_forward=(1, 0, 0, 0, 0, 0), declare=False)) == ()


# --------------------------------------------------------------------------- R1–R4


def test_r1_names_the_column(clean: Report) -> None:
    """R1: a carried_forward cell that breaks 一 + 二 = （七） + 四 names its column with both sides."""
    t = clean.applications.table
    bad = with_table(clean, "applications", carried_forward=applicants((2, 0, 0, 1, 0, 0), None))
    r1 = [f for f in check(bad) if f.rule == "R1"]
    assert [(f.column, f.expected, f.actual) for f in r1] == [
        ("public_interest_org", 0, 1),
        ("total", 9, 10),  # the undeclared row total is computed
    ]
    assert ("applications", "carried_forward", "public_interest_org") in r1[0].cells
    assert r1[0].message.startswith("表三 社会公益组织列：一、二之和为 0，（七）总计与四之和为 1")
    assert t.carried_forward.natural_person == 2


def test_r2_declared_results_total_differs(clean: Report) -> None:
    """R2: a declared （七）总计 cell that differs from the outcome rows shows both values."""
    t = clean.applications.table
    seven = attrs.evolve(t.declared_results_total, natural_person=4, declared_total=None)
    findings = check(with_table(clean, "applications", declared_results_total=seven))
    r2 = [f for f in findings if f.rule == "R2"]
    assert [(f.row, f.column, f.expected, f.actual) for f in r2] == [
        ("results_total", "natural_person", 5, 4)
    ]
    assert r2[0].message == "表三 （七）总计 × 自然人：应为 5（（一）至（六）各项之和），实为 4"


def test_r2_grand_total(clean: Report) -> None:
    """R2: a declared （七）总计 × 总计 that differs from the sum of outcomes is reported at that cell."""
    t = clean.applications.table
    seven = attrs.evolve(t.declared_results_total, declared_total=99)
    findings = check(with_table(clean, "applications", declared_results_total=seven))
    assert ("R2", "results_total", "total", 7, 99) in [
        (f.rule, f.row, f.column, f.expected, f.actual) for f in findings
    ]


def test_r3_row_total(clean: Report) -> None:
    """R3: a declared row 总计 that is not the sum of the six applicant columns."""
    bad = with_table(clean, "applications", granted=applicants((3, 1, 0, 0, 0, 0), 5))
    (f,) = check(bad)
    assert (f.rule, f.row, f.column, f.expected, f.actual) == ("R3", "granted", "total", 4, 5)
    assert f.message == "表三 （一）予以公开 × 总计：应为 4（自然人至其他六列之和），实为 5"


def test_r3_names_nested_row_with_its_group(year: int) -> None:
    """R3 on a numbered sub-row names the group too (（三）不予公开 1.属于国家秘密)."""
    bad = with_table(build(year), "applications", denied_state_secret=applicants((0,) * 6, 1))
    (f,) = check(bad)
    assert f.message.startswith("表三 （三）不予公开 1.属于国家秘密 × 总计：应为 0")


def test_r4_review_total(clean: Report) -> None:
    """R4: 行政复议 总计 of 0 beside non-zero 维持 and 纠正."""
    bad = with_table(clean, "review_litigation", review=cases((1, 1, 0, 0), 0))
    (f,) = check(bad)
    assert (f.rule, f.table, f.row, f.column, f.expected, f.actual) == (
        "R4",
        "review_litigation",
        "review",
        "total",
        2,
        0,
    )
    assert f.message.startswith("表四 行政复议 × 总计：应为 2")


def test_r4_names_litigation_group(clean: Report) -> None:
    """R4 on 复议后起诉 names the 行政诉讼 group in the message."""
    bad = with_table(clean, "review_litigation", litigation_after_review=cases((0, 0, 0, 3), 2))
    (f,) = check(bad)
    assert f.message.startswith("表四 行政诉讼 复议后起诉 × 总计：应为 3（")


# --------------------------------------------------------------------------- R5 and BLANK


def test_r5_negative_count(clean: Report) -> None:
    """R5: a negative applicant count is reported at its cell (and R1/R3 stay quiet on blanks)."""
    bad = with_table(clean, "applications", carried_over=applicants((-1, 0, 0, 0, 0, 0), None))
    found = check(bad)
    assert ("R5", "carried_over", "natural_person") in [(f.rule, f.row, f.column) for f in found]


def test_r5_na_outside_table_two(clean: Report) -> None:
    """R5: "/" is not allowed in table 四."""
    bad = with_table(clean, "review_litigation", review=cases((1, 1, NA, 0), 2))
    (f,) = check(bad)
    assert (f.rule, f.row, f.column, f.actual) == ("R5", "review", "other", "/")
    assert f.message == "表四 行政复议 × 其他结果：此处不可填“/”"


def test_r5_na_allowed_in_table_two(clean: Report) -> None:
    """ "/" in table 二 is acceptable."""
    t = clean.proactive_disclosure.table
    row = attrs.evolve(t.regulations, **{t.regulations.input_keys[0]: NA})
    assert check(with_table(clean, "proactive_disclosure", regulations=row)) == ()


def test_r5_signed_change_only_in_2019() -> None:
    """2019 本年增/减 may be negative; other table 二 counts may not."""
    r = build(2020)
    t = r.proactive_disclosure.table
    ok = with_table(
        r,
        "proactive_disclosure",
        administrative_licensing=attrs.evolve(
            t.administrative_licensing, prior_year_items=3, change_this_year=-2
        ),
    )
    assert check(ok) == ()
    bad = with_table(
        r,
        "proactive_disclosure",
        administrative_licensing=attrs.evolve(t.administrative_licensing, decisions=-2),
    )
    assert [(f.rule, f.column) for f in check(bad)] == [("R5", "decisions")]


def test_r5_negative_money() -> None:
    """Negative money (2021 收费金额, 2019 采购总金额) is an R5 finding."""
    r21 = build(2024)
    bad21 = with_table(
        r21,
        "proactive_disclosure",
        administrative_fees=attrs.evolve(
            r21.proactive_disclosure.table.administrative_fees, fee_amount_this_year=Decimal("-1.5")
        ),
    )
    assert [(f.rule, f.row) for f in check(bad21)] == [("R5", "administrative_fees")]
    r19 = build(2020)
    proc = r19.proactive_disclosure.table.government_centralized_procurement
    bad19 = with_table(
        r19,
        "proactive_disclosure",
        government_centralized_procurement=attrs.evolve(
            proc, procurement_total_amount=Amount(Decimal(-3))
        ),
    )
    assert [f.rule for f in check(bad19)] == ["R5"]


def test_blank_declared_total_is_blank_not_sum(clean: Report) -> None:
    """A declared 总计 left blank is a BLANK finding, not a sum error."""
    bad = with_table(clean, "applications", granted=applicants((3, 1, 0, 0, 0, 0), BLANK))
    (f,) = check(bad)
    assert (f.rule, f.severity, f.row, f.column) == ("BLANK", "error", "granted", "total")
    assert f.message == "表三 （一）予以公开 × 总计：单元格空白，应填写数字（无数据填 0）"


def test_blank_severity_parameter(clean: Report) -> None:
    """blank="warning" reports blank cells as warnings, for reports read from elsewhere."""
    bad = with_table(clean, "review_litigation", review=cases((1, 1, BLANK, 0)))
    assert [(f.rule, f.severity) for f in check(bad, blank="warning")] == [("BLANK", "warning")]
    assert [(f.rule, f.severity) for f in check(bad)] == [("BLANK", "error")]
    with pytest.raises(ValueError, match="blank"):
        check(bad, blank="info")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- report level


def test_edition_mismatch() -> None:
    """EDITION: the 2019 layout used for a 2022 report names both editions."""
    r = Report.new("某局", 2022, edition=Edition.V2019)
    r = attrs.evolve(r, published=dt.date(2023, 1, 10))
    (f,) = check(r)
    assert (f.rule, f.expected, f.actual) == ("EDITION", 2021, 2019)
    assert "国办公开办函〔2021〕30号" in f.message


def test_edition_match(year: int) -> None:
    """EDITION is quiet when the edition is the one the year requires."""
    assert "EDITION" not in rules(check(build(year)))


def test_date_late(year: int) -> None:
    """DATE: published after 31 January is an error for a department, not for a government."""
    late = build(year, published=dt.date(year + 1, 2, 10))
    assert [(f.rule, f.severity) for f in check(late)] == [("DATE", "error")]
    gov = attrs.evolve(late, scope=Scope.GOVERNMENT)
    assert check(gov) == ()


def test_date_before_period_end_only_warns() -> None:
    """A publishing date inside the report year (the seed's 2020年1月30日) is a warning."""
    r = build(2020, published=dt.date(2020, 1, 30))
    (f,) = check(r)
    assert (f.rule, f.severity) == ("DATE", "warning")


def test_date_period_not_the_year(year: int) -> None:
    """DATE: a stated statistical period other than the calendar year is an error."""
    r = build(year, period=Period(dt.date(year, 1, 1), dt.date(year, 11, 30)))
    assert [(f.rule, f.severity) for f in check(r)] == [("DATE", "error")]
    assert check(build(year, period=Period.of_year(year))) == ()


def test_fee_missing_in_2021_edition() -> None:
    """FEE: a 2021-edition report whose section 六 does not mention 信息处理费 is an error."""
    r = build(2024, other_matters=Section(["无。"]))
    (f,) = check(r)
    assert (f.rule, f.severity) == ("FEE", "error")


def test_fee_not_required_in_2019_edition() -> None:
    """FEE does not apply to the 2019 edition."""
    assert check(build(2020, other_matters=Section(["无。"]))) == ()


# --------------------------------------------------------------------------- TEXT


def test_text_contradiction(clean: Report) -> None:
    """TEXT: 「新收申请二十一件」 beside a table saying otherwise names the cell and both values."""
    r = with_text(clean, "overview", "本年度新收政府信息公开申请二十一件。")
    (f,) = check(r)
    assert (f.rule, f.table, f.row, f.column, f.actual) == (
        "TEXT",
        "applications",
        "new_received",
        "total",
        21,
    )
    assert f.expected == clean.applications.table.new_received.total
    assert "正文称“新收政府信息公开申请二十一件”" in f.message


def test_text_agrees(clean: Report) -> None:
    """TEXT is quiet when every stated number matches the tables."""
    t = clean.applications.table
    text = (
        f"全年新收政府信息公开申请{t.new_received.total}件，上年结转{t.carried_over.total}件，"
        f"办结{t.results_total.total}件，结转下年度继续办理{t.carried_forward.total}件。"
        f"行政复议{clean.review_litigation.table.review.total}件，行政诉讼0件。"
    )
    assert check(with_text(clean, "applications", text)) == ()


def test_text_no_cases_means_zero(year: int) -> None:
    """「没有发生…行政复议…行政诉讼」 contradicts non-zero table 四 totals."""
    r = build(year, review={"litigation_direct": (1, 0, 0, 0)})
    r = with_text(
        r, "review_litigation", "本年度没有发生因政府信息公开申请行政复议和提起行政诉讼案件。"
    )
    assert [(f.rule, f.row, f.actual) for f in check(r)] == [("TEXT", "litigation_direct", 0)]


def test_text_issued_documents() -> None:
    """TEXT: 「制发规章N件」 is compared with 本年制发件数 (2021)."""
    r = build(2024)
    t = r.proactive_disclosure.table
    r = with_table(
        r, "proactive_disclosure", regulations=attrs.evolve(t.regulations, issued_this_year=2)
    )
    ok = with_text(r, "proactive_disclosure", "本年制发规章2件。")
    assert check(ok) == ()
    bad = with_text(r, "proactive_disclosure", "本年制发规章3件。")
    assert [(f.rule, f.row, f.column) for f in check(bad)] == [
        ("TEXT", "regulations", "issued_this_year")
    ]


# --------------------------------------------------------------------------- across years


def test_x1_carry_over(year: int) -> None:
    """X1: 上年结转 must equal last year's 结转下年度继续办理 per column."""
    prev = build(year - 1, carried_forward=(1, 0, 0, 0, 0, 0))
    now = build(year, carried_over=(1, 0, 0, 0, 0, 0), outcomes={"granted": (1, 0, 0, 0, 0, 0)})
    assert check(now, prev) == ()
    now_bad = build(year, carried_over=(0, 1, 0, 0, 0, 0), outcomes={"granted": (0, 1, 0, 0, 0, 0)})
    x1 = [(f.column, f.expected, f.actual) for f in check(now_bad, prev) if f.rule == "X1"]
    assert x1 == [("natural_person", 1, 0), ("commercial_enterprise", 0, 1)]


def test_previous_for_another_year(year: int) -> None:
    """A previous report that is not last year's raises ValueError."""
    with pytest.raises(ValueError, match="上年报告"):
        check(build(year), build(year))


def test_x2_prior_year_items() -> None:
    """X2 (2019 edition): 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    prev, now = build(2019), build(2020)
    p = prev.proactive_disclosure.table.administrative_licensing
    prev = with_table(
        prev,
        "proactive_disclosure",
        administrative_licensing=attrs.evolve(p, prior_year_items=10, change_this_year=2),
    )
    good = with_table(
        now,
        "proactive_disclosure",
        administrative_licensing=attrs.evolve(p, prior_year_items=12, change_this_year=0),
    )
    assert check(good, prev) == ()
    bad = with_table(
        now,
        "proactive_disclosure",
        administrative_licensing=attrs.evolve(p, prior_year_items=11, change_this_year=0),
    )
    (f,) = check(bad, prev)
    assert (f.rule, f.row, f.column, f.expected, f.actual) == (
        "X2",
        "administrative_licensing",
        "prior_year_items",
        12,
        11,
    )


def test_x3_currently_effective_warns() -> None:
    """X3 (2021 edition): 现行有效件数 off from last year + 制发 − 废止 is a warning."""
    prev, now = build(2023), build(2024)
    d = prev.proactive_disclosure.table.regulations
    prev = with_table(
        prev, "proactive_disclosure", regulations=attrs.evolve(d, currently_effective=15)
    )
    good = with_table(
        now,
        "proactive_disclosure",
        regulations=attrs.evolve(
            d, issued_this_year=6, repealed_this_year=1, currently_effective=20
        ),
    )
    assert check(good, prev) == ()
    bad = with_table(
        now,
        "proactive_disclosure",
        regulations=attrs.evolve(
            d, issued_this_year=6, repealed_this_year=1, currently_effective=18
        ),
    )
    (f,) = check(bad, prev)
    assert (f.rule, f.severity, f.expected, f.actual) == ("X3", "warning", 20, 18)


# --------------------------------------------------------------------------- API


def test_findings_order_and_json(clean: Report) -> None:
    """Findings are ordered report-level first, then table, row, column; to_dict is JSON-ready."""
    bad = with_table(
        clean,
        "review_litigation",
        review=cases((1, 1, 0, 0), 0),
    )
    bad = with_table(bad, "applications", granted=applicants((3, 1, 0, 0, 0, 0), 9))
    bad = attrs.evolve(bad, published=None)
    found = check(bad)
    assert rules(found) == ["DATE", "R3", "R4"]
    assert found.errors == errors(found)
    assert len(found.warnings) == 1
    d = found[1].to_dict()
    assert set(d) == {
        "rule",
        "severity",
        "table",
        "row",
        "column",
        "cells",
        "expected",
        "actual",
        "message",
    }


def test_ensure_clean_raises_and_logs(clean: Report, caplog: pytest.LogCaptureFixture) -> None:
    """ensure_clean refuses a report with errors; forced, it logs the findings and returns them."""
    bad = with_table(clean, "review_litigation", review=cases((1, 1, 0, 0), 0))
    with pytest.raises(ReportNotCleanError) as info:
        ensure_clean(bad)
    assert [f.rule for f in info.value.findings] == ["R4"]
    with caplog.at_level(logging.WARNING, logger="govreport"):
        assert rules(ensure_clean(bad, force=True)) == ["R4"]
    assert "R4" in caplog.text
    assert ensure_clean(clean) == ()


def test_rules_docs_match_registry() -> None:
    """docs/rules.md lists exactly the registered rules, with their severity, title and example."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and re.fullmatch(r"`[A-Z0-9]+`", cells[0]):
            rows.append((cells[0].strip("`"), cells[1], cells[2], cells[3].strip("「」")))
    assert rows == [(r.id, r.severity, r.title, r.example) for r in RULES.values()]


def test_example_messages_are_real(year: int) -> None:
    """Every finding message has the documented shape: 表X label × column： or a report-level sentence."""
    found = check(build(year, SAMPLE, carried_forward=(0, 0, 0, 0, 0, 1)))
    assert all(isinstance(f, Finding) for f in found)
    assert all(f.message.startswith("表三") for f in found)


# --------------------------------------------------------------------------- properties


@given(consistent_reports())
def test_generated_consistent_report_is_clean(report: Report) -> None:
    """A generated consistent report (either edition) has no findings."""
    assert check(report) == ()


@given(consistent_reports(), st.data())
def test_single_cell_change_is_named(report: Report, data: st.DataObject) -> None:
    """Changing one cell of table 三 or 四 gives findings that all name that cell or its totals."""
    key = data.draw(st.sampled_from(["applications", "review_litigation"]))
    table = report.table(key)
    if key == "applications":
        row_keys = [*table.row_keys(), "results_total"]
        row = data.draw(st.sampled_from(row_keys))
        column = data.draw(st.sampled_from([*APP, "total"]))
    else:
        row = data.draw(st.sampled_from(["review", "litigation_direct", "litigation_after_review"]))
        column = data.draw(st.sampled_from([*CASES, "total"]))
    old = table.declared(row, column)
    assert isinstance(old, int)
    new = data.draw(st.integers(0, 40).filter(lambda v: v != old))
    if row == "results_total":
        seven = table.declared_results_total  # type: ignore[attr-defined]
        field = "declared_total" if column == "total" else column
        changed = with_table(
            report, key, declared_results_total=attrs.evolve(seven, **{field: new})
        )
    else:
        field = "declared_total" if column == "total" else column
        changed = with_table(
            report, key, **{row: attrs.evolve(getattr(table, row), **{field: new})}
        )
    found = check(changed)
    assert found, "a changed cell must be found"
    near = {
        (key, row, column),
        (key, row, "total"),
        (key, "results_total", column),
        (key, "results_total", "total"),
    }
    for f in found:
        assert near & set(f.cells), f


# --------------------------------------------------------------------------- real reports

_ = ""  # a cell printed blank

# Table 三 rows in printed order (（七）总计 included), seven columns each; from the published reports.
SHANGHAI_2019_TABLE3 = (
    (821, 35, _, _, 2, 1, 859),
    (18, _, _, _, _, _, 18),
    (258, 12, _, _, 1, 1, _),
    (3, _, _, _, _, _, _),
    (14, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (5, _, _, _, _, _, _),
    (3, 1, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (10, 2, _, _, _, _, _),
    (252, 12, _, _, 1, _, _),
    (44, 3, _, _, _, _, _),
    (25, _, _, _, _, _, _),
    (148, 1, _, _, _, _, _),
    (5, 4, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (_, _, _, _, _, _, _),
    (767, 35, _, _, 2, 1, 805),
    (72, _, _, _, _, _, 72),
)
SHANGHAI_2019_TABLE4 = ((5, _, _, 2, 7), (8, _, _, 1, 9), (_, _, _, _, _))
SHANGHAI_2019_TEXT = (
    "共受理政府信息公开申请859件；答复805件（含上年度结转申请18件，另有72件顺延到下年度）；"
    "予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，"
    "占32.9%；不予处理158件，占19.6%；其他处理0件。信息公开类行政复议7件，诉讼9件，均获维持。"
)

HUAIAN_2024_TABLE3 = (
    (3001, 53, 0, 0, 61, 4, 3119),
    (34, 0, 0, 0, 0, 0, 34),
    (1288, 21, 0, 0, 50, 3, 1362),
    (447, 7, 0, 0, 0, 0, 454),
    (2, 0, 0, 0, 0, 0, 2),
    (30, 1, 0, 0, 0, 0, 31),
    (5, 0, 0, 0, 0, 0, 5),
    (6, 0, 0, 0, 0, 0, 6),
    (7, 1, 0, 0, 0, 0, 8),
    (12, 0, 0, 0, 0, 0, 12),
    (9, 0, 0, 0, 0, 0, 9),
    (105, 0, 0, 0, 0, 0, 105),
    (746, 12, 0, 0, 10, 1, 769),
    (11, 0, 0, 0, 0, 0, 11),
    (1, 0, 0, 0, 0, 0, 1),
    (56, 6, 0, 0, 0, 0, 62),
    (25, 0, 0, 0, 0, 0, 25),
    (0, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 1),
    (67, 3, 0, 0, 1, 0, 71),
    (6, 0, 0, 0, 0, 0, 6),
    (108, 2, 0, 0, 0, 0, 110),
    (2932, 53, 0, 0, 61, 4, 3050),
    (103, 0, 0, 0, 0, 0, 103),
)
HUAIAN_2024_TABLE4 = ((72, 64, 178, 37, 351), (13, 4, 8, 1, 26), (12, 1, 1, 6, 20))
HUAIAN_2024_TEXT = (
    "2024年全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。"
    "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；"
    "行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。"
)


def _cell(v: Any) -> Any:
    return BLANK if v == "" else v


def real_report(year: int, table3: tuple[Row, ...], table4: tuple[Row, ...], **kw: Any) -> Report:
    """A report as printed: every printed 总计 kept as declared, blanks as BLANK."""
    edition = Edition.for_year(year)
    keys = [r.key for r in edition.spec.table("applications").data_rows]
    rows = {
        k: ApplicantCounts(*map(_cell, v[:6]), declared_total=_cell(v[6]))
        for k, v in zip(keys, table3, strict=True)
    }
    seven = rows.pop("results_total")
    t3 = table_class("applications", edition)(declared_results_total=seven, **rows)
    t4 = ReviewLitigation(
        **{
            k: CaseCounts(*map(_cell, v[:4]), declared_total=_cell(v[4]))
            for k, v in zip(
                ("review", "litigation_direct", "litigation_after_review"), table4, strict=True
            )
        }
    )
    base = Report.new(kw.pop("agency"), year)
    return attrs.evolve(
        base, applications=TableSection(table=t3), review_litigation=TableSection(table=t4), **kw
    )


def test_shanghai_2019_gives_exactly_its_blank_cells() -> None:
    """The Shanghai 2019 report gives one BLANK per blank cell and no sum or text error."""
    r = real_report(
        2019,
        SHANGHAI_2019_TABLE3,
        SHANGHAI_2019_TABLE4,
        agency="上海市人民政府办公厅",
        published=dt.date(2020, 1, 31),
        overview=Section([SHANGHAI_2019_TEXT]),
    )
    found = check(r, blank="warning")
    blanks_3 = {
        (row.key, col.key)
        for row, values in zip(
            list(Edition.V2019.spec.table("applications").data_rows),
            SHANGHAI_2019_TABLE3,
            strict=True,
        )
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True)
        if v == ""
    }
    blanks_4 = {
        (row, col)
        for row, values in zip(
            ("review", "litigation_direct", "litigation_after_review"),
            SHANGHAI_2019_TABLE4,
            strict=True,
        )
        for col, v in zip((*CASES, "total"), values, strict=True)
        if v == ""
    }
    assert {f.rule for f in found} == {"BLANK"}
    assert found.errors == ()
    assert {(f.row, f.column) for f in found if f.table == "applications"} == blanks_3
    assert {(f.row, f.column) for f in found if f.table == "review_litigation"} == blanks_4
    assert len(found) == len(blanks_3) + len(blanks_4)
    assert {f.severity for f in check(r)} == {"error"}  # a report govreport made may not do this


def test_huaian_2024_is_clean() -> None:
    """The Huaian 2024 report (本级政府) checks clean, its narrative numbers included."""
    r = real_report(
        2024,
        HUAIAN_2024_TABLE3,
        HUAIAN_2024_TABLE4,
        agency="淮安市人民政府",
        scope=Scope.GOVERNMENT,
        published=dt.date(2025, 3, 28),
        overview=Section([HUAIAN_2024_TEXT]),
        other_matters=Section(["全年收取政府信息公开信息处理费3940元。"]),
    )
    assert check(r) == ()
    wrong = with_text(r, "overview", HUAIAN_2024_TEXT.replace("答复3050件", "答复3005件"))
    assert [(f.rule, f.row, f.expected, f.actual) for f in check(wrong)] == [
        ("TEXT", "results_total", 3050, 3005)
    ]


def test_x1_across_editions() -> None:
    """X1 compares a 2021 report with a 2020 (2019-edition) report's 结转下年度."""
    prev = build(2020, carried_forward=(0, 0, 2, 0, 0, 0))
    granted = {"granted": (0, 0, 2, 0, 0, 0)}
    assert check(build(2021, granted, carried_over=(0, 0, 2, 0, 0, 0)), prev) == ()
    found = check(build(2021), prev)
    assert [(f.rule, f.column, f.expected, f.actual) for f in found] == [
        ("X1", "research_institution", 2, 0),
        ("X1", "total", 2, 0),
    ]


def test_real_report_data_files() -> None:
    """The label-form data files of the two real reports give the same findings as built here."""
    from govreport import load

    shanghai = load(ROOT / "tests" / "data" / "shanghai-gov-office-2019.yaml")
    huaian = load(ROOT / "tests" / "data" / "huaian-city-2024.yaml")
    built = real_report(2019, SHANGHAI_2019_TABLE3, SHANGHAI_2019_TABLE4, agency="上海")
    expected = {(f.table, f.row, f.column) for f in check(built) if f.rule == "BLANK"}
    found = check(shanghai, blank="warning")
    assert {f.rule for f in found} <= {"BLANK", "DATE"}
    assert found.errors == ()
    assert {(f.table, f.row, f.column) for f in found if f.rule == "BLANK"} == expected
    assert check(huaian).errors == ()


def test_draft_placeholders_are_reported_as_warnings() -> None:
    """Narrative left as 【待填写】 (as from-db writes it) is a DRAFT warning naming the section and paragraph."""
    import attrs

    from govreport import Report, Section, check

    report = attrs.evolve(
        Report.new("某某局", 2024),
        problems_improvements=Section(["已完成。", "【待填写】本机关存在的主要问题。"]),
    )
    drafts = [f for f in check(report) if f.rule == "DRAFT"]
    assert [(f.severity, f.message) for f in drafts] == [
        (
            "warning",
            "五、存在的主要问题及改进情况 第 2 段：留有待填写内容“【待填写】本机关存在的主要问题。”",
        )
    ]
    clean = attrs.evolve(report, problems_improvements=Section(["已完成。"]))
    assert not [f for f in check(clean) if f.rule == "DRAFT"]


@given(consistent_reports(), st.data())
def test_sum_shortcut_is_the_declared_sum(report: Report, data: st.DataObject) -> None:
    """Where the sums take a total's computed value, it is the sum of the cells the rule declares."""
    from govreport.checks._cells import cells
    from govreport.checks._plan import plan

    key = data.draw(st.sampled_from(APP))
    value = data.draw(st.integers(-2, 9))
    t = report.applications.table
    row = data.draw(st.sampled_from(t.row_keys()))
    t = attrs.evolve(t, **{row: attrs.evolve(getattr(t, row), **{key: value})})
    report = attrs.evolve(report, applications=attrs.evolve(report.applications, table=t))
    p = plan(report.edition)
    counts = cells(report, p, "error")[1]
    shortcuts = [s for s in p.sums if s.precomputed]
    assert {s.decl.rule for s in shortcuts} == {"R2", "R3", "R4"}
    for s in shortcuts:
        assert s.total is not None
        values = counts.computed[s.decl.table]
        assert values[s.total[0]][s.total[1]] == sum(values[r][i] for r, i in s.right)


def test_one_finding_type_for_checks_sources_and_templates() -> None:
    """Source findings and template problems are Findings with a Location, printed as before."""
    from govreport.model import Finding as ModelFinding
    from govreport.model import Location
    from govreport.rendering import TemplateProblem
    from govreport.sources import SourceFinding

    assert Finding is ModelFinding
    source = SourceFinding("duplicate_id", "A-7", "编号重复", table="applications")
    problem = TemplateProblem("word/document.xml 第 3 段", "标签 {{ 未闭合")
    assert isinstance(source, Finding)
    assert isinstance(problem, Finding)
    assert source.location == Location(table="applications", record="A-7")
    assert (source.record_id, source.severity) == ("A-7", "error")
    assert str(source) == "applications A-7: 编号重复 [duplicate_id]"
    assert (
        str(SourceFinding("missing_count", "x/2024", "无数据")) == "x/2024: 无数据 [missing_count]"
    )
    assert problem.location == Location(where="word/document.xml 第 3 段")
    assert (problem.where, problem.message) == ("word/document.xml 第 3 段", "标签 {{ 未闭合")
    assert str(problem) == "word/document.xml 第 3 段: 标签 {{ 未闭合"
    assert problem.to_dict()["where"] == problem.where
    assert "record" not in Finding("R4", "error", None, None, None, 0, 0, "…").to_dict()


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_a_negative_total_declared_as_computed_is_still_named(edition: Edition) -> None:
    """A row whose negative cell makes a negative total, declared as such, gets R5 for both cells."""
    base = Report.new("某局", 2020 if edition is Edition.V2019 else 2024)
    table = attrs.evolve(
        base.applications.table, granted=ApplicantCounts(-2, 0, 0, 0, 0, 0, declared_total=-2)
    )
    report = attrs.evolve(base, applications=attrs.evolve(base.applications, table=table))
    r5 = [(f.row, f.column, f.actual) for f in check(report) if f.rule == "R5"]
    assert r5 == [("granted", "natural_person", -2), ("granted", "total", -2)]
