"""The typed model: cells, computed and declared totals, editions, immutability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import BLANK, NA, ApplicantCounts, CaseCounts, Edition, Report, TableSection
from govreport.model import (
    Amount,
    Applications2019,
    Applications2021,
    FeeAmount,
    ProactiveDisclosure2019,
    ProactiveDisclosure2021,
    ReviewLitigation,
    Scope,
    Unit,
    table_class,
)
from govreport.spec import RowKind

counts = st.one_of(st.integers(min_value=0, max_value=10**6), st.just(BLANK))


def test_blank_zero_and_not_applicable_are_distinct() -> None:
    """Blank, 0 and "/" are three different cell values."""
    assert len({BLANK, NA, 0}) == 3
    assert ApplicantCounts(natural_person=0) != ApplicantCounts(natural_person=BLANK)


@pytest.mark.parametrize("bad", [1.9, True, "3", Decimal(1), None])
def test_count_cells_refuse_other_types(bad: object) -> None:
    """A count cell holds an int, BLANK or NA, nothing else (no silent coercion)."""
    with pytest.raises(TypeError, match="natural_person"):
        ApplicantCounts(natural_person=bad)  # type: ignore[arg-type]


def test_money_is_decimal() -> None:
    """The 2021 fee is a Decimal; a float is refused."""
    assert FeeAmount(Decimal("0.000001")).fee_amount_this_year == Decimal("0.000001")
    with pytest.raises(TypeError, match="fee_amount_this_year"):
        FeeAmount(0.1)  # type: ignore[arg-type]


def test_amount_has_a_unit() -> None:
    """The 2019 procurement amount carries 元 or 万元."""
    assert Amount(Decimal("25.1"), Unit.WAN_YUAN).in_yuan() == Decimal("251000.0")
    assert str(Amount(Decimal(35765))) == "35765元"


@given(st.lists(counts, min_size=6, max_size=6))
def test_row_total_is_the_sum_of_applicant_columns(values: list[int]) -> None:
    """总计 of a table 三 row is the sum of its six applicant cells, blank counting as 0."""
    row = ApplicantCounts(*values)
    assert row.total == sum(v for v in values if isinstance(v, int))


@given(st.lists(counts, min_size=4, max_size=4))
def test_case_total_is_the_sum_of_outcomes(values: list[int]) -> None:
    """总计 of a table 四 group is 维持 + 纠正 + 其他 + 尚未审结."""
    assert CaseCounts(*values).total == sum(v for v in values if isinstance(v, int))


#: A row of six plain counts (the sums' fast path), and one of counts and blanks mixed.
six_counts = st.lists(st.integers(min_value=0, max_value=10**6), min_size=6, max_size=6)
six_cells = st.one_of(six_counts, st.lists(counts, min_size=6, max_size=6))


@given(
    st.lists(
        st.one_of(st.integers(min_value=0, max_value=10**6), st.just(BLANK), st.just(NA)),
        min_size=4,
        max_size=4,
    )
)
def test_plain_counts_are_the_cells_only_when_every_one_is_a_count(values: list[int]) -> None:
    """plain_counts() is the tuple of entered cells when all are ints, else None; the total agrees."""
    row = CaseCounts(*values)
    plain = row.plain_counts()
    if all(type(v) is int for v in values):
        assert plain == tuple(values)
    else:
        assert plain is None
    assert row.total == sum(v for v in values if type(v) is int)
    cells = row.plain_cells()
    assert (cells is None) == (plain is None)
    if cells is not None:
        assert cells == {c.key: row.cell(c.key) for c in row.columns}


@given(st.data())
def test_results_total_sums_every_outcome_row(data: st.DataObject) -> None:
    """（七）总计 is every outcome row summed per column, in both editions."""
    for cls in (Applications2019, Applications2021):
        # every row plain counts (the column sums at once), or some rows with blanks
        drawn = six_counts if data.draw(st.booleans()) else six_cells
        rows = {k: ApplicantCounts(*data.draw(drawn)) for k in cls.outcome_keys}
        t = cls(**rows)
        for col in ApplicantCounts.input_keys:
            expected = sum(v for r in rows.values() if isinstance(v := r.cell(col), int))
            assert t.cell("results_total", col) == expected
        assert t.results_total.total == sum(r.total for r in rows.values())


def test_declared_totals_are_kept_apart_from_computed_ones() -> None:
    """A total given in the input is kept as declared; the computed one is still computed."""
    t = Applications2021(
        granted=ApplicantCounts(5, declared_total=4),
        declared_results_total=ApplicantCounts(6, declared_total=BLANK),
    )
    assert t.cell("granted", "total") == 5
    assert t.declared("granted", "total") == 4
    assert t.cell("results_total", "natural_person") == 5
    assert t.declared("results_total", "natural_person") == 6
    assert t.declared("results_total", "total") is BLANK
    assert Applications2021().declared("results_total", "total") is None


def test_row_and_cell_access_by_public_keys() -> None:
    """Every spec cell of every table is reachable by its public keys."""
    for edition in Edition:
        r = Report.new("某局", 2019 if edition is Edition.V2019 else 2024)
        for key, table in r.tables():
            spec = edition.spec.table(key)
            for row, col in spec.cells():
                assert table.cell(row.key, col.key) == 0 or isinstance(
                    table.cell(row.key, col.key), Decimal | Amount
                )
            with pytest.raises(KeyError):
                table.row("no_such_row")


def test_table_classes_match_the_spec() -> None:
    """The model's row keys are exactly the spec's data rows (computed rows aside)."""
    for edition in Edition:
        for spec in edition.spec.tables:
            cls = table_class(spec.key, edition)
            spec_rows = [r.key for r in spec.data_rows if r.kind is RowKind.DATA]
            assert list(cls.row_keys()) == spec_rows
            for row in spec.data_rows:
                assert [c.key for c in row.input_columns] == list(
                    getattr(cls(), row.key).input_keys
                )


@pytest.mark.parametrize("edition", list(Edition))
def test_model_fields_are_the_spec_rows_and_columns(edition: Edition) -> None:
    """The written-out attrs fields are the spec's: a table's fields are its rows, a row's its columns.

    The key tuples are derived from the spec; the fields are written by hand so that type
    checkers see them, and this holds the two in step.
    """
    for spec in edition.spec.tables:
        cls = table_class(spec.key, edition)
        fields = [f.name for f in attrs.fields(cls)]
        entered = [r.key for r in spec.rows if r.kind is RowKind.DATA]
        totals = [r.key for r in spec.rows if r.kind is RowKind.TOTAL]
        assert [f for f in fields if not f.startswith("declared_")] == entered
        # a group of rows printed as one row (2021 （六）其他处理 in some real reports) is declared too
        groups = [k for k in ("other_processing",) if getattr(cls, "six_keys", tuple)()]
        assert [f for f in fields if f.startswith("declared_")] == [
            f"declared_{k}" for k in (*totals, *groups)
        ]
        for total in totals:
            summed = [r.key for r in spec.summed_by(total)]
            assert list(cls.outcome_keys) == summed
            assert set(summed) < set(fields)
        for row in spec.data_rows:
            row_cls = type(cls().row(row.key))
            names = [f.name for f in attrs.fields(row_cls)]
            derived = [c.key for c in row.columns if c.derived]
            assert [n for n in names if n != "declared_total"] == [c.key for c in row.input_columns]
            assert ("declared_total" in names) == bool(derived)
            assert row_cls.columns == row.columns
            assert hasattr(row_cls, "total") == bool(derived)


def test_new_report_has_every_cell_zero() -> None:
    """Report.new gives the edition of the year and zeros everywhere."""
    r = Report.new("测试局", 2025)
    assert r.edition is Edition.V2021
    assert isinstance(r.proactive_disclosure.table, ProactiveDisclosure2021)
    assert r.applications.table.results_total.total == 0
    old = Report.new("测试局", 2020)
    assert isinstance(old.proactive_disclosure.table, ProactiveDisclosure2019)
    assert (
        old.proactive_disclosure.table.government_centralized_procurement.procurement_total_amount
        == Amount(Decimal(0))
    )


def test_edition_can_be_set_explicitly_but_tables_must_match_it() -> None:
    """A 2022 report may declare the 2019 edition (the checks flag it); its tables must be 2019-shaped."""
    r = Report("某局", 2022, Edition.V2019)
    assert isinstance(r.applications.table, Applications2019)
    with pytest.raises(TypeError, match="Applications2019"):
        Report("某局", 2022, Edition.V2019, applications=TableSection(table=Applications2021()))


def test_reports_are_immutable() -> None:
    """Reports are frozen; edit with attrs.evolve."""
    r = Report.new("某局", 2024)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.year = 2025  # type: ignore[misc]
    assert attrs.evolve(r, agency="另一局").agency == "另一局"


def test_deadline_and_period() -> None:
    """A department's report is due 31 January, a government's 31 March; the period defaults to the year."""
    assert Report("某局", 2024).deadline == dt.date(2025, 1, 31)
    assert Report("某市人民政府", 2024, scope=Scope.GOVERNMENT).deadline == dt.date(2025, 3, 31)
    assert Report("某局", 2024).statistical_period.end == dt.date(2024, 12, 31)


def test_review_litigation_is_shared_by_both_editions() -> None:
    """Table 四 is the same class in both editions."""
    assert table_class("review_litigation", Edition.V2019) is ReviewLitigation
    assert table_class("proactive_disclosure", Edition.V2019) is ProactiveDisclosure2019


def test_implausible_year_is_refused() -> None:
    """A year that is not an int, or not plausible, is refused."""
    with pytest.raises(TypeError):
        Report("某局", "2024")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1999"):
        Report("某局", 1999)
