"""The statutory format as data: both editions, every table, row, column and label."""

from __future__ import annotations

import pytest
import yaml

from govreport.spec import APPLICANT_COLUMNS, CASE_COLUMNS, CellKind, Edition, RowKind
from support import REFERENCE


def test_edition_follows_the_report_year() -> None:
    """2019 and 2020 reports use the 2019 edition, 2021 on the 2021 edition."""
    assert [Edition.for_year(y) for y in (2019, 2020, 2021, 2030)] == [
        Edition.V2019,
        Edition.V2019,
        Edition.V2021,
        Edition.V2021,
    ]


def test_no_edition_before_2019() -> None:
    """There is no unified format before the 2019 report year."""
    with pytest.raises(ValueError, match="2018"):
        Edition.for_year(2018)


@pytest.mark.parametrize(
    ("edition", "rows", "t2_cells", "t4_cells"),
    [(Edition.V2021, 25, 10, 15), (Edition.V2019, 23, 22, 15)],
)
def test_table_sizes(edition: Edition, rows: int, t2_cells: int, t4_cells: int) -> None:
    """Table 三 has 25 (2021) or 23 (2019) data rows of 7 columns; table 二 10 or 22 cells; table 四 15."""
    spec = edition.spec
    applications = spec.table("applications")
    assert len(applications.data_rows) == rows
    assert all(len(r.columns) == 7 for r in applications.data_rows)
    assert sum(1 for _ in spec.table("proactive_disclosure").cells()) == t2_cells
    assert sum(1 for _ in spec.table("review_litigation").cells()) == t4_cells


def test_group_rows_carry_no_numbers() -> None:
    """三、本年度办理结果 and the （三）（四）（五） groups have no cells; （六） is a group only in 2021."""
    for edition, six in ((Edition.V2021, RowKind.GROUP), (Edition.V2019, RowKind.DATA)):
        t = edition.spec.table("applications")
        assert [r.key for r in t.rows if r.kind is RowKind.GROUP][:4] == [
            "results",
            "denied",
            "unable",
            "not_processed",
        ]
        assert t.row("other_processing").kind is six
        assert t.row("results_total").kind is RowKind.TOTAL


def test_only_table_two_allows_not_applicable() -> None:
    """ "/" is accepted in table 二 only; 本年增/减 is the only signed column."""
    for edition in Edition:
        for table in edition.spec.tables:
            for _row, col in table.cells():
                assert col.allows_na is (table.key == "proactive_disclosure")
        signed = [
            (r.key, c.key)
            for r, c in edition.spec.table("proactive_disclosure").cells()
            if c.kind is CellKind.SIGNED_COUNT
        ]
        assert bool(signed) is (edition is Edition.V2019)


def test_section_titles_are_the_canonical_ones() -> None:
    """The six section headings print as the format prescribes."""
    assert [s.heading for s in Edition.V2021.spec.sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def _reference(name: str) -> dict[str, object]:
    with (REFERENCE / name).open(encoding="utf-8") as f:
        data: dict[str, object] = yaml.safe_load(f)["format"]
    return data


def test_labels_match_the_reference_format_2021() -> None:
    """Every 2021 label and key equals the reference transcription of 国办公开办函〔2021〕30号."""
    ref = _reference("format-2021.yaml")
    tables = ref["tables"]  # type: ignore[index]
    spec = Edition.V2021.spec
    apps = spec.table("applications")
    assert [(r["key"], r["label"]) for r in tables["applications"]["rows"]] == [
        (r.key, r.label) for r in apps.rows
    ]
    assert [(c["key"], c["label"]) for c in tables["applications"]["columns"]] == [
        (c.key, c.label) for c in APPLICANT_COLUMNS
    ]
    assert tables["applications"]["header_note"] == apps.header_note
    blocks = tables["proactive_disclosure"]["blocks"]
    t2 = spec.table("proactive_disclosure")
    assert [(b["key"], b["caption"]) for b in blocks] == [(b.key, b.caption) for b in t2.blocks]
    for b in blocks:
        assert [(c["key"], c["label"]) for c in b["columns"]] == [
            (c.key, c.label) for c in t2.block(b["key"]).columns
        ]
        assert [(r["key"], r["label"]) for r in b["rows"]] == [
            (r.key, r.label) for r in t2.rows if r.block == b["key"]
        ]
    outcomes = tables["review_litigation"]["outcome_columns"]
    assert [(c["key"], c["label"]) for c in outcomes] == [(c.key, c.label) for c in CASE_COLUMNS]
    assert [s["title"] for s in ref["sections"]] == [s.title for s in spec.sections]  # type: ignore[index]


def test_labels_match_the_reference_format_2019() -> None:
    """Every 2019 table 二 label equals the reference transcription of 国办公开办函〔2019〕60号."""
    ref = _reference("format-2019.yaml")
    blocks = ref["tables"]["proactive_disclosure"]["blocks"]  # type: ignore[index]
    t2 = Edition.V2019.spec.table("proactive_disclosure")
    for b in blocks:
        assert [(c["key"], c["label"]) for c in b["columns"]] == [
            (c.key, c.label) for c in t2.block(b["key"]).columns
        ]
        assert [(r["key"], r["label"]) for r in b["rows"]] == [
            (r.key, r.label) for r in t2.rows if r.block == b["key"]
        ]


def test_sections_and_tables_are_keyed_in_printed_order() -> None:
    """SECTION_KEYS and TABLE_KEYS follow the sections of both editions."""
    from govreport.spec import SECTION_KEYS, TABLE_KEYS

    for edition in Edition:
        assert tuple(s.key for s in edition.spec.sections) == SECTION_KEYS
        assert tuple(t.key for t in edition.spec.tables) == TABLE_KEYS
    assert TABLE_KEYS == ("proactive_disclosure", "applications", "review_litigation")


def test_mapping_vocabularies_are_the_rows_and_columns_of_the_tables() -> None:
    """Each vocabulary's keys are the rows or columns of both editions, each spelled by its labels."""
    from govreport.spec import VOCABULARIES, unnumbered

    def rows(table: str, edition: Edition) -> set[str]:
        return {r.key for r in edition.spec.table(table).rows if r.kind is RowKind.DATA}

    expected = {
        "applicant_types": {c.key for c in APPLICANT_COLUMNS if not c.derived},
        "case_results": {"maintained", "corrected", "other"},
        "case_kinds": {"review", "litigation_direct", "litigation_after_review"},
        "outcomes": set().union(*(rows("applications", e) for e in Edition))
        - {"new_received", "carried_over", "carried_forward"},
    }
    for name, keys in expected.items():
        assert set(VOCABULARIES[name].labels) == keys, name
    outcomes = set(VOCABULARIES["outcomes"].labels)
    for edition in Edition:
        t = edition.spec.table("applications")
        assert {r.key for r in t.summed_by("results_total")} <= outcomes
        proactive = rows("proactive_disclosure", edition)
        docs = set(VOCABULARIES["document_kinds"].labels)
        acts = set(VOCABULARIES["activity_kinds"].labels)
        assert proactive <= docs | acts
        assert not docs & acts
        for table in edition.spec.tables:
            for row in table.rows:
                for name, v in VOCABULARIES.items():
                    if row.key in v.labels and name != "applicant_types":
                        assert v.key_for(row.label) == row.key
                        assert v.key_for(unnumbered(row.label)) == row.key
                        assert all(v.key_for(a) == row.key for a in row.aliases)
    assert outcomes == {
        r.key for e in Edition for r in e.spec.table("applications").summed_by("results_total")
    }
    assert VOCABULARIES["document_kinds"].key_for("规范性文件") == "normative_documents"
    assert VOCABULARIES["outcomes"].key_for("（三）不予公开") is None


def test_every_row_of_one_edition_is_counted_in_a_data_row_of_the_other() -> None:
    """counted_row folds the （六） rows of either edition into the other's, and keeps shared rows."""
    from govreport.spec import counted_row, rows_only_in

    for edition in Edition:
        for other in Edition:
            t = other.spec.table("applications")
            for row in t.summed_by("results_total"):
                target = counted_row("applications", row.key, edition)
                assert edition.spec.table("applications").row(target).kind is RowKind.DATA
                if edition is other:
                    assert target == row.key
    assert counted_row("applications", "other_no_correction", Edition.V2019) == "other_processing"
    assert counted_row("applications", "other_processing", Edition.V2021) == "other_other"
    with pytest.raises(KeyError):
        counted_row("applications", "no_such_row", Edition.V2021)
    assert set(rows_only_in(Edition.V2019)) == {
        "other_external_management_services",
        "government_centralized_procurement",
    }


def test_draft_mark_is_one_constant() -> None:
    """The 【待填写】 marker is spec's, and sources use that one."""
    from govreport.sources import report
    from govreport.spec import DRAFT_MARK

    assert DRAFT_MARK == "【待填写】"
    assert report.DRAFT_MARK is DRAFT_MARK
