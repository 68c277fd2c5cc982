"""The register of documents aggregated by the database equals the reference tally (table 二's document rows)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from support.system import module

sa = module("sqlalchemy")

from govreport.sources import (  # noqa: E402
    Mapping,
    NormativeDocument,
    SqlSource,
    tally_counts,
    tally_documents,
)
from govreport.spec import Edition  # noqa: E402

_DATES = st.one_of(st.none(), st.dates(dt.date(2022, 11, 1), dt.date(2025, 2, 1)))


@st.composite
def _documents(draw: st.DrawFn) -> list[NormativeDocument]:
    n = draw(st.integers(0, 14))
    out = []
    for i in range(n):
        out.append(
            NormativeDocument(
                draw(st.sampled_from([str(i), str(i), "0"])),
                draw(st.sampled_from(["regulations", "normative_documents", "XX"])),
                draw(_DATES),
                draw(_DATES),
                draw(_DATES),
            )
        )
    return out


def _table(md: object) -> object:
    cols = ("id", "agency", "kind", "issued", "published", "repealed")
    dates = ("issued", "published", "repealed")
    return sa.Table(
        "documents",
        md,
        *(sa.Column(c, sa.Date if c in dates else sa.String(40)) for c in cols),
    )


def _rows(records: list[NormativeDocument], published: bool) -> list[dict[str, object]]:
    return [
        {
            "id": d.id,
            "agency": "局",
            "kind": d.kind,
            "issued": d.issued,
            # a NULL published date is the issued date, as the reference tally takes it
            "published": d.published if published else None,
            "repealed": d.repealed,
        }
        for d in records
    ]


@settings(max_examples=60, deadline=None)
@given(_documents(), st.sampled_from([2019, 2021]), st.booleans())
def test_sql_document_tally_equals_reference(
    records: list[NormativeDocument], edition: int, published: bool
) -> None:
    """Table 二's document rows, counts and findings from one GROUP BY equal the reference tally's."""
    engine = sa.create_engine("sqlite://")
    md = sa.MetaData()
    table = _table(md)
    md.create_all(engine)
    rows = _rows(records, published)
    with engine.begin() as conn:
        if rows:
            conn.execute(table.insert(), rows)  # type: ignore[attr-defined]
    mapping = Mapping(cases=None, counts=None, contacts=None)
    ed = Edition(edition)
    got = SqlSource(engine, mapping).tally_proactive("局", 2024, ed)
    reference = [
        d if published else NormativeDocument(d.id, d.kind, d.issued, d.repealed) for d in records
    ]
    docs = tally_documents(reference, 2024, ed, mapping.documents)
    want = tally_counts((), 2024, ed, mapping.counts, docs)
    assert got == want
    engine.dispose()


def test_iso_shaped_dates_that_are_no_day_are_findings() -> None:
    """An issued date 2024-02-30 stored as TEXT is a bad_date naming the table, record and column."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE documents (id, agency, kind, issued, published, repealed)")
        )
        conn.execute(
            sa.text(
                "INSERT INTO documents VALUES ('D-1', '局', 'regulations', '2024-02-30', NULL, NULL),"
                " ('D-2', '局', 'regulations', '2024-02-03', NULL, NULL)"
            )
        )
    r = SqlSource(engine, Mapping(cases=None, counts=None, contacts=None)).tally_proactive(
        "局", 2024
    )
    bad = [(f.rule, f.table, f.record, f.column) for f in r.findings if f.severity == "error"]
    assert bad == [("bad_date", "documents", "D-1", "issued")]
    assert r.table.regulations.issued_this_year == 1
    engine.dispose()
