"""The reference tally: the statutory rules, the bad-record findings, and R1–R4 for any ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.model import Amount, Applications2019, Applications2021
from govreport.sources import (
    AnnualCount,
    ApplicationRecord,
    CaseRecord,
    NormativeDocument,
    tally_applications,
    tally_cases,
    tally_counts,
    tally_documents,
)
from govreport.sources.mapping import ApplicationsMapping, CasesMapping, Mapping
from govreport.spec import APPLICANT_COLUMNS, Edition
from support import ledgers

A = ApplicationRecord
COLUMNS = [c.key for c in APPLICANT_COLUMNS if not c.derived]


def test_year_buckets_follow_the_statutory_meaning() -> None:
    """Received/closed dates put each application in 新收, 上年结转, 办理结果 and 结转下年度 as the law means."""
    recs = [
        A("old-open", "2023-06-01", None, "natural_person"),  # carried over and forward
        A("old-closed", "2023-11-01", "2024-02-01", "natural_person", "granted"),  # over, closed
        A("before", "2023-01-01", "2023-12-31", "natural_person", "granted"),  # outside
        A("new-closed", "2024-01-01", "2024-12-31", "other_org", "unable_not_held"),
        A("new-open", "2024-12-31", "2025-01-01", "other_org", "granted"),  # forward
        A("after", "2025-01-01", None, "natural_person"),  # outside
    ]
    r = tally_applications(recs, 2024)
    t = r.table
    assert isinstance(t, Applications2021)
    assert (t.carried_over.natural_person, t.new_received.other_org) == (2, 2)
    assert (t.granted.natural_person, t.unable_not_held.other_org) == (1, 1)
    assert (t.carried_forward.natural_person, t.carried_forward.other_org) == (1, 1)
    assert (r.used, r.skipped, r.outside) == (4, 0, 2)


def test_partial_grant_counts_once_as_partially_granted() -> None:
    """An application granted in part and refused in part counts once, as 部分公开."""
    recs = [
        A("1", "2024-02-01", "2024-02-20", "natural_person", ("granted", "denied_internal_affairs"))
    ]
    t = tally_applications(recs, 2024).table
    assert t.partially_granted.natural_person == 1
    assert t.results_total.total == 1
    assert t.granted.total == t.denied_internal_affairs.total == 0


def test_outcomes_fold_into_the_2019_edition() -> None:
    """A 2021 （六）1 outcome is counted in the single （六） row of a 2019-edition year."""
    recs = [A("1", "2020-02-01", "2020-02-20", "legal_service_org", "other_no_correction")]
    t = tally_applications(recs, 2020).table
    assert isinstance(t, Applications2019)
    assert t.other_processing.legal_service_org == 1


def test_agency_codes_translate_through_the_mapping() -> None:
    """The agency's applicant and outcome codes are translated to the statutory columns and rows."""
    m = Mapping.from_dict(
        {
            "applications": {
                "applicant_codes": {"企业": "商业企业"},
                "outcome_codes": {"BZW": "unable_not_held"},
            }
        }
    ).applications
    t = tally_applications(
        [A("1", "2024-02-01", "2024-02-05", "企业", "BZW")], 2024, mapping=m
    ).table
    assert t.unable_not_held.commercial_enterprise == 1


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        (A("X-1", "2024-03-01", None, "nobody"), "unmapped_code"),
        (A("X-2", "2024-03-01", "2024-03-05", "natural_person", "NOPE"), "unmapped_code"),
        (
            A("X-3", "2024-03-01", "2024-02-05", "natural_person", "granted"),
            "closed_before_received",
        ),
        (A("X-4", None, "2024-02-05", "natural_person", "granted"), "missing_date"),
        (A("X-5", "2024-03-01", "2024-03-05", "natural_person"), "missing_outcome"),
    ],
)
def test_bad_application_is_a_finding_naming_it(record: ApplicationRecord, rule: str) -> None:
    """Each kind of bad record is skipped with a finding that names its id, and nothing else is lost."""
    good = A("G-1", "2024-01-10", "2024-01-20", "natural_person", "granted")
    r = tally_applications([good, record], 2024)
    assert [(f.rule, f.record_id) for f in r.findings] == [(rule, record.id)]
    assert (r.used, r.skipped) == (1, 1)
    assert r.table.granted.natural_person == 1


def test_duplicate_ids_skip_every_copy_with_one_finding() -> None:
    """Two records with one id are both skipped, with one finding naming the id."""
    recs = [
        A("D-1", "2024-01-10", None, "natural_person"),
        A("D-1", "2024-02-10", None, "natural_person"),
        A("OK", "2024-02-10", None, "natural_person"),
    ]
    r = tally_applications(recs, 2024)
    assert [(f.rule, f.record_id) for f in r.findings] == [("duplicate_id", "D-1")]
    assert (r.used, r.skipped, r.table.new_received.total) == (1, 2, 1)


def test_cases_by_kind_and_result_at_year_end() -> None:
    """Cases filed in the year count by kind, concluded ones by result, the rest as 尚未审结."""
    recs = [
        CaseRecord("1", "review", "2024-01-05", "2024-03-01", "maintained"),
        CaseRecord("2", "review", "2024-11-05", "2025-02-01", "corrected"),
        CaseRecord("3", "litigation_after_review", "2024-05-05", "2024-08-01", "other"),
        CaseRecord("4", "litigation_direct", "2023-05-05", None),
        CaseRecord("5", "复议", "2024-05-05", None),
    ]
    r = tally_cases(recs, 2024)
    t = r.table
    assert (t.review.maintained, t.review.pending, t.review.total) == (1, 1, 2)
    assert t.litigation_after_review.other == 1
    assert t.litigation_direct.total == 0
    assert [(f.rule, f.record_id) for f in r.findings] == [("unmapped_code", "5")]
    active = tally_cases(recs[:4], 2024, CasesMapping(basis="active")).table
    assert active.litigation_direct.pending == 1


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        (CaseRecord("C-1", "review", None, None), "missing_date"),
        (
            CaseRecord("C-2", "review", "2024-05-01", "2024-04-01", "maintained"),
            "closed_before_received",
        ),
        (CaseRecord("C-3", "review", "2024-05-01", "2024-06-01", "??"), "unmapped_code"),
    ],
)
def test_bad_case_is_a_finding_naming_it(record: CaseRecord, rule: str) -> None:
    """A case that cannot be used is skipped with a finding naming its id."""
    r = tally_cases([record], 2024)
    assert [(f.rule, f.record_id) for f in r.findings] == [(rule, record.id)]
    assert (r.used, r.skipped) == (0, 1)


def test_documents_2021_and_2019_columns() -> None:
    """Issued, repealed and in-force documents fill both editions' 第二十条第（一）项 columns."""
    docs = [
        NormativeDocument("1", "规范性文件", "2024-03-01", None),
        NormativeDocument("2", "行政规范性文件", "2019-03-01", "2024-05-01"),
        NormativeDocument("3", "规章", "2018-03-01", None, published="2018-04-01"),
        NormativeDocument("4", "规章", "2025-01-01", None),
    ]
    t = tally_documents(docs, 2024).table
    assert (t.normative_documents.issued_this_year, t.normative_documents.repealed_this_year) == (
        1,
        1,
    )
    assert (t.normative_documents.currently_effective, t.regulations.currently_effective) == (1, 1)
    t19 = tally_documents(
        [NormativeDocument("5", "规章", "2019-12-20", None, published="2020-01-03")], 2020
    ).table
    assert (t19.regulations.newly_made_this_year, t19.regulations.newly_published_this_year) == (
        0,
        1,
    )
    assert t19.regulations.total_published == 1


def test_fees_sum_in_yuan_and_report_in_wan_exactly() -> None:
    """Fees are summed in 元 as Decimal and reported in 万元 without rounding."""
    counts = [
        AnnualCount("administrative_fees", 2024, amount_yuan="0.10"),
        AnnualCount("administrative_fees", 2024, amount_yuan="0.20"),
        AnnualCount("administrative_licensing", 2024, decisions=5),
        AnnualCount("administrative_penalty", 2024, decisions=2),
        AnnualCount("administrative_coercion", 2024, decisions=0),
    ]
    r = tally_counts(counts, 2024)
    assert r.table.administrative_fees.fee_amount_this_year == Decimal("0.00003")
    assert r.table.administrative_licensing.decisions_this_year == 5
    assert r.findings == ()


def test_2019_items_compare_with_the_previous_year() -> None:
    """The 2019 上一年项目数量 and 本年增/减 come from the item counts of Y-1 and Y; a missing year warns."""
    counts = [
        AnnualCount("administrative_licensing", 2019, decisions=7, items=10),
        AnnualCount("administrative_licensing", 2020, decisions=9, items=8),
        AnnualCount("government_centralized_procurement", 2020, decisions=2, amount_yuan=35765),
    ]
    r = tally_counts(counts, 2020)
    row = r.table.administrative_licensing
    assert (row.prior_year_items, row.change_this_year, row.decisions) == (10, -2, 9)
    proc = r.table.government_centralized_procurement
    assert proc.procurement_total_amount == Amount(Decimal(35765))
    missing = {f.record_id for f in r.findings if f.rule == "missing_count"}
    assert "administrative_penalty/2020" in missing
    assert all(f.severity == "warning" for f in r.findings)


# --------------------------------------------------------------------------- Hypothesis


def brute_force(
    records: list[ApplicationRecord], year: int, edition: Edition
) -> dict[tuple[str, str], int]:
    """Each cell counted on its own by walking every record against the cell's definition."""
    m = ApplicationsMapping()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = [r.id for r in records]

    def usable(r: ApplicationRecord) -> bool:
        if ids.count(r.id) > 1 or r.received is None:
            return False
        if r.closed is not None and r.closed < r.received:
            return False
        if r.received > end or (r.closed is not None and r.closed < start):
            return True  # outside the year: never reaches a cell
        if r.applicant not in m.applicant_codes:
            return False
        if r.closed is not None and start <= r.closed <= end:
            return bool(r.outcomes) and all(o in m.outcome_codes for o in r.outcomes)
        return True

    def outcome(r: ApplicationRecord) -> str:
        keys = {m.outcome_codes[o] for o in r.outcomes}
        if len(keys) > 1 and keys & {"granted", "partially_granted"}:
            return "partially_granted"
        order = list(ApplicationsMapping().outcome_codes)
        key = min(keys, key=order.index)
        if edition is Edition.V2019 and key.startswith("other_"):
            return "other_processing"
        if edition is Edition.V2021 and key == "other_processing":
            return "other_other"
        return key

    cells: dict[tuple[str, str], int] = {}
    good = [r for r in records if usable(r)]
    for col in COLUMNS:
        mine = [r for r in good if m.applicant_codes.get(r.applicant) == col]
        cells["new_received", col] = sum(
            1 for r in mine if r.received and start <= r.received <= end
        )
        cells["carried_over", col] = sum(
            1
            for r in mine
            if r.received and r.received < start and (r.closed is None or r.closed >= start)
        )
        cells["carried_forward", col] = sum(
            1
            for r in mine
            if r.received and r.received <= end and (r.closed is None or r.closed > end)
        )
        for r in mine:
            if r.closed is not None and start <= r.closed <= end:
                key = (outcome(r), col)
                cells[key] = cells.get(key, 0) + 1
    return cells


@given(ledgers(), st.sampled_from([2020, 2024]))
def test_any_ledger_tallies_to_consistent_tables_equal_to_brute_force(
    records: list[ApplicationRecord], year: int
) -> None:
    """For any ledger, R1–R3 hold, every cell equals a per-record count, and no record is lost."""
    ed = Edition.for_year(year)
    r = tally_applications(records, year)
    t = r.table
    for col in [*COLUMNS, "total"]:
        assert t.cell("new_received", col) + t.cell("carried_over", col) == t.cell(
            "results_total", col
        ) + t.cell("carried_forward", col)  # R1
        assert t.cell("results_total", col) == sum(t.cell(k, col) for k in t.outcome_keys)  # R2
    for key in t.row_keys():
        if key != "declared_results_total":
            row = t.row(key)
            assert row.total == sum(row.cell(c) for c in COLUMNS)  # R3
    expected = brute_force(records, year, ed)
    for key in t.row_keys():
        if key != "declared_results_total":
            for col in COLUMNS:
                assert t.cell(key, col) == expected.get((key, col), 0), (key, col)
    assert r.used + r.skipped + r.outside == len(records)
    duplicated = {x.id for x in records if [y.id for y in records].count(x.id) > 1}
    assert duplicated <= {f.record_id for f in r.findings if f.rule == "duplicate_id"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["review", "litigation_direct", "litigation_after_review"]),
            st.dates(dt.date(2023, 1, 1), dt.date(2025, 3, 1)),
            st.none() | st.integers(0, 400),
            st.sampled_from(["maintained", "corrected", "other"]),
        ),
        max_size=30,
    )
)
def test_any_case_list_satisfies_r4(cases: list[tuple[str, dt.date, int | None, str]]) -> None:
    """For any list of cases, table 四 satisfies R4 and counts every case filed in the year once."""
    recs = [
        CaseRecord(str(i), k, f, None if d is None else f + dt.timedelta(days=d), res)
        for i, (k, f, d, res) in enumerate(cases)
    ]
    t = tally_cases(recs, 2024).table
    for key in ("review", "litigation_direct", "litigation_after_review"):
        row = t.row(key)
        assert row.total == sum(
            row.cell(c) for c in ("maintained", "corrected", "other", "pending")
        )
    assert sum(t.row(k).total for k in t.row_keys()) == sum(
        1 for r in recs if r.filed and r.filed.year == 2024
    )
