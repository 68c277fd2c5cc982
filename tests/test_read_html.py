"""Reading a report published as a web page: tables inside the page layout, spans, GBK, &nbsp; cells."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport.model import Report
from govreport.spec import TABLE_KEYS, Edition, RowKind
from support.paths import DATA

HUAIAN = DATA / "huaian-city-2024.yaml"


def _value(table: Any, row: str, column: str) -> str:
    declared = table.declared(row, column) if column == "total" else None
    text = govreport.zh.cell(table.cell(row, column) if declared is None else declared)
    return text or "&nbsp;"


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{spans}>{text}</td>"


def _proactive(report: Report) -> str:
    spec = report.edition.spec.table("proactive_disclosure")
    table = report.proactive_disclosure.table
    rows = []
    for block in spec.blocks:
        rows.append(_td(html.escape(block.caption), colspan=4))
        span = 3 // len(block.columns)
        rows.append(
            _td(block.label_header) + "".join(_td(c.label, colspan=span) for c in block.columns)
        )
        for r in (r for r in spec.rows if r.block == block.key):
            rows.append(
                _td(r.label)
                + "".join(_td(_value(table, r.key, c.key), colspan=span) for c in r.columns)
            )
    return "<table border=1>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _applications(report: Report) -> str:
    spec = report.edition.spec.table("applications")
    table = report.applications.table
    cols = spec.columns
    head = (
        f"<tr>{_td(html.escape(spec.header_note or ''), 3, 3)}{_td(spec.column_group_label or '', 1, 7)}</tr>"
        f"<tr>{_td(cols[0].label, 2)}{_td(cols[1].group or '', 1, 5)}{_td(cols[-1].label, 2)}</tr>"
        "<tr>" + "".join(_td(c.label.replace("企业", "<br>企业")) for c in cols[1:-1]) + "</tr>"
    )
    body = []

    def values(key: str) -> str:
        return "".join(_td(_value(table, key, c.key)) for c in cols)

    for top in spec.children(None):
        if top.kind is not RowKind.GROUP:
            body.append(_td(top.label, colspan=3) + values(top.key))
            continue
        leaves = [
            r
            for r in spec.rows
            if r.parent == top.key or (r.parent and spec.row(r.parent).parent == top.key)
        ]
        leaves = [r for r in leaves if r.has_numbers]
        first = True
        for child in spec.children(top.key):
            lead = _td(top.label, rowspan=len(leaves)) if first else ""
            first = False
            if child.kind is RowKind.GROUP:
                subs = list(spec.children(child.key))
                for i, sub in enumerate(subs):
                    group = _td(child.label, rowspan=len(subs)) if i == 0 else ""
                    body.append(
                        (lead if i == 0 else "")
                        + group
                        + _td(html.escape(sub.label))
                        + values(sub.key)
                    )
            else:
                body.append(lead + _td(child.label, colspan=2) + values(child.key))
    return "<table>" + head + "".join(f"<tr>{r}</tr>" for r in body) + "</table>"


def _review(report: Report) -> str:
    spec = report.edition.spec.table("review_litigation")
    table = report.review_litigation.table
    review, direct, after = spec.data_rows
    cols = review.columns
    head = f"<tr>{_td(review.label, colspan=5)}{_td(spec.row('litigation').label, colspan=10)}</tr>"
    head += "<tr>" + "".join(_td(c.label, rowspan=2) for c in cols)
    head += (
        _td(direct.label.split("/")[-1], colspan=5)
        + _td(after.label.split("/")[-1], colspan=5)
        + "</tr>"
    )
    head += "<tr>" + "".join(_td(c.label) for c in (*direct.columns, *after.columns)) + "</tr>"
    values = "".join(_td(_value(table, r.key, c.key)) for r in spec.data_rows for c in r.columns)
    return f"<table>{head}<tr>{values}</tr></table>"


def agency_page(report: Report) -> bytes:
    """The report as an agency's page: a layout table around everything, GB2312 declared, GBK bytes."""
    parts = [f"<h1>{report.agency}{report.year}年政府信息公开工作年度报告</h1>"]
    tables = {
        "proactive_disclosure": _proactive,
        "applications": _applications,
        "review_litigation": _review,
    }
    for section in report.edition.spec.sections:
        parts.append(f"<p><strong>{section.heading}</strong></p>")
        for p in report.section(section.key).paragraphs:
            parts.append(f"<p>&nbsp;&nbsp;{html.escape(p.heading + p.text)}</p>")
        if section.key in tables:
            parts.append(tables[section.key](report))
    body = "".join(parts)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{report.agency}</title><script>var a = '<td>1</td>';</script></head><body>"
        '<table class="layout"><tr><td class="nav">首页 &gt; 政府信息公开</td></tr>'
        f"<tr><td>{body}</td></tr></table></body></html>"
    )
    return page.encode("gbk")


@pytest.fixture
def huaian() -> Report:
    return govreport.load(HUAIAN)


def test_agency_page_reads_every_cell(huaian: Report, tmp_path: Path) -> None:
    """A GBK page with spanning cells and &nbsp; blanks inside a layout table reads with every cell right."""
    path = tmp_path / "report.html"
    path.write_bytes(agency_page(huaian))
    got = govreport.read(path)
    assert (got.report.agency, got.report.year, got.report.edition) == (
        huaian.agency,
        2024,
        Edition.V2021,
    )
    for key in TABLE_KEYS:
        spec = Edition.V2021.spec.table(key)
        for row in spec.data_rows:
            for col in row.columns:
                assert got.report.section(key).table.cell(row.key, col.key) == huaian.section(
                    key
                ).table.cell(row.key, col.key), (key, row.key, col.key)
    assert got.findings == ()
    assert (
        str(got.locations[("review_litigation", "review", "maintained")]) == "表格 4 第 4 行第 1 列"
    )


def test_a_blank_cell_in_a_page_stays_blank(huaian: Report, tmp_path: Path) -> None:
    """An &nbsp; cell is blank, never an invented 0."""
    t = huaian.applications.table
    import attrs

    blank = attrs.evolve(t, granted=attrs.evolve(t.granted, natural_person=govreport.BLANK))
    report = attrs.evolve(huaian, applications=attrs.evolve(huaian.applications, table=blank))
    path = tmp_path / "report.htm"
    path.write_bytes(agency_page(report))
    got = govreport.read(path)
    assert got.report.applications.table.granted.natural_person is govreport.BLANK


def test_check_names_the_cell_of_a_page(huaian: Report, tmp_path: Path, capsys: Any) -> None:
    """govreport check reads a page directly and places a finding at its table cell."""
    import json

    import attrs

    from govreport.cli import main

    t = huaian.review_litigation.table
    wrong = attrs.evolve(t, review=attrs.evolve(t.review, declared_total=t.review.total + 1))
    report = attrs.evolve(
        huaian, review_litigation=attrs.evolve(huaian.review_litigation, table=wrong)
    )
    path = tmp_path / "report.html"
    path.write_bytes(agency_page(report))
    main(["check", str(path), "--json", "--blank", "warning"])
    errors = [f for f in json.loads(capsys.readouterr().out) if f["severity"] == "error"]
    assert [(f["rule"], f["where"]) for f in errors] == [("R4", "表格 4 第 4 行第 5 列")]
    location = errors[0]["location"]
    assert (location["file"], location["table"], location["row"], location["column"]) == (
        str(path),
        4,
        4,
        5,
    )


def test_an_oversized_page_is_refused(tmp_path: Path) -> None:
    """A page larger than the stated limit is refused before it is parsed."""
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.truncate(51 * 2**20)
    with pytest.raises(govreport.LoadError) as info:
        govreport.read(path)
    assert info.value.message.startswith("网页 53477376 字节，超过上限")


def test_a_page_without_a_title_says_what_is_missing(tmp_path: Path) -> None:
    """A page that is not a report is refused with what was looked for."""
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>通知公告</p></body></html>", encoding="utf-8")
    with pytest.raises(govreport.LoadError, match="找不到报告的标题"):
        govreport.read(path)
