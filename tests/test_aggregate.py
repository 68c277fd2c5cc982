"""govreport.aggregate: many agencies' tables summed into the government's aggregate (汇总)."""

from __future__ import annotations

import pathlib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport.batch import aggregate, check_aggregate
from govreport.model import ApplicantCounts, Report, Scope
from govreport.sources.report import report_from_source
from govreport.sources.sampledb import write_sample
from govreport.sources.sql import SqlSource
from support import consistent_reports

_TABLES = ("proactive_disclosure", "applications", "review_litigation")
_APPLICANTS = [c.key for c in govreport.spec.APPLICANT_COLUMNS if not c.derived]


def _number(value: object) -> Decimal:
    if isinstance(value, govreport.Amount):
        return value.in_yuan()
    if isinstance(value, govreport.Mark):
        return Decimal(0)
    assert isinstance(value, int | Decimal)
    return Decimal(value)


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    db, mapping = write_sample(tmp_path_factory.mktemp("db"), applications=600)
    source = SqlSource(f"sqlite:///{db}", mapping)
    try:
        return [report_from_source(source, a, 2024).report for a in source.agencies()]
    finally:
        source.close()


def test_aggregate_of_the_sample_database_checks_clean(sample_reports: list[Report]) -> None:
    agg = govreport.aggregate(sample_reports, agency="示例市", year=2024)
    assert agg.report.scope is Scope.AGGREGATE
    assert agg.report.scope is not Scope.GOVERNMENT  # 汇总 and 本级 stay distinct
    assert agg.agencies == tuple(r.agency for r in sample_reports)
    assert check_aggregate(agg) == ()
    new = agg.report.applications.table.new_received.total
    assert new == sum(r.applications.table.new_received.total for r in sample_reports) > 0


def test_breaking_one_agencys_numbers_names_it(sample_reports: list[Report]) -> None:
    victim = sample_reports[1]
    table = victim.applications.table
    granted = table.granted
    broken_row = attrs.evolve(granted, declared_total=granted.total + 5)
    broken = attrs.evolve(
        victim,
        applications=attrs.evolve(
            victim.applications, table=attrs.evolve(table, granted=broken_row)
        ),
    )
    parts = [sample_reports[0], broken, sample_reports[2]]
    findings = check_aggregate(aggregate(parts, agency="示例市", year=2024))
    named = [f for f in findings if f.record is not None]
    assert named, findings
    assert {f.record for f in named} == {victim.agency}
    assert all(f.message.startswith(f"{victim.agency}：") for f in named)
    assert ("applications", "granted", "total") in {(f.table, f.row, f.column) for f in named}
    # the aggregate's own 总计 no longer adds up either
    assert any(f.record is None and f.row == "granted" for f in findings)


def test_an_aggregate_edited_after_the_fact_is_caught(sample_reports: list[Report]) -> None:
    agg = aggregate(sample_reports, agency="示例市", year=2024)
    t = agg.report.review_litigation.table
    edited = attrs.evolve(
        agg.report,
        review_litigation=attrs.evolve(
            agg.report.review_litigation,
            table=attrs.evolve(
                t, review=attrs.evolve(t.review, maintained=t.review.maintained + 1)
            ),
        ),
    )
    findings = check_aggregate(attrs.evolve(agg, report=edited))
    agg_findings = [f for f in findings if f.rule == "AGG"]
    assert [(f.table, f.row, f.column) for f in agg_findings] == [
        ("review_litigation", "review", "maintained")
    ]
    assert agg_findings[0].actual == agg_findings[0].expected + 1


def test_another_year_or_edition_is_refused_naming_the_agency() -> None:
    with pytest.raises(ValueError, match=r"^乙局: 报告为2020年、2019版"):
        aggregate([Report.new("甲局", 2024), Report.new("乙局", 2020)], agency="示例市", year=2024)


def test_blank_and_not_applicable_cells_add_nothing() -> None:
    a, b = Report.new("甲局", 2024), Report.new("乙局", 2024)
    t = a.applications.table
    a = attrs.evolve(
        a,
        applications=attrs.evolve(
            a.applications,
            table=attrs.evolve(
                t, granted=ApplicantCounts(3, govreport.BLANK, 0, 0, 0, govreport.NA)
            ),
        ),
    )
    granted = aggregate([a, b], agency="市", year=2024).report.applications.table.granted
    assert (granted.natural_person, granted.commercial_enterprise, granted.other_org) == (3, 0, 0)
    both_blank = aggregate([a, a], agency="市", year=2024).report.applications.table.granted
    assert both_blank.commercial_enterprise is govreport.BLANK
    assert both_blank.other_org is govreport.NA


@given(st.lists(consistent_reports(), min_size=1, max_size=5))
def test_every_cell_is_the_sum_of_its_parts(reports: list[Report]) -> None:
    year = reports[0].year
    parts = [attrs.evolve(r, agency=f"第{i}局") for i, r in enumerate(reports) if r.year == year]
    agg = aggregate(parts, agency="示例市", year=year)
    assert check_aggregate(agg) == ()
    for key in _TABLES:
        for row_key, row in getattr(agg.report, key).table.rows():
            for column, value in row.cells():
                want = sum(
                    (_number(getattr(p, key).table.row(row_key).cell(column)) for p in parts),
                    Decimal(0),
                )
                assert _number(value) == want, (key, row_key, column)


def test_written_aggregate_reads_back_as_an_aggregate(
    sample_reports: list[Report], tmp_path: pathlib.Path
) -> None:
    agg = aggregate(sample_reports, agency="示例市", year=2024)
    path = govreport.dump(agg.report, tmp_path / "汇总.yaml")
    back = govreport.load(path)
    assert back.scope is Scope.AGGREGATE
    assert back == agg.report


def test_a_declared_results_total_is_summed_and_a_wrong_one_named(
    sample_reports: list[Report],
) -> None:
    from support import applicants

    declared = [
        attrs.evolve(
            r,
            applications=attrs.evolve(
                r.applications,
                table=attrs.evolve(
                    r.applications.table,
                    declared_results_total=applicants(
                        tuple(r.applications.table.results_total.cell(c) for c in _APPLICANTS)
                    ),
                ),
            ),
        )
        for r in sample_reports
    ]
    agg = aggregate(declared, agency="示例市", year=2024)
    total = agg.report.applications.table.declared_results_total
    assert total is not None
    assert total.declared_total == sum(
        r.applications.table.results_total.total for r in sample_reports
    )
    assert check_aggregate(agg) == ()
    t = declared[2].applications.table
    assert t.declared_results_total is not None
    wrong = attrs.evolve(
        t, declared_results_total=attrs.evolve(t.declared_results_total, natural_person=0)
    )
    parts = [
        *declared[:2],
        attrs.evolve(declared[2], applications=attrs.evolve(declared[2].applications, table=wrong)),
    ]
    findings = check_aggregate(aggregate(parts, agency="示例市", year=2024))
    assert {f.record for f in findings if f.record} == {declared[2].agency}
    assert any(f.record is None and f.row == "results_total" for f in findings)
