"""Tests for the label vocabulary of data files, and the two published reports transcribed in label form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govreport
from govreport import BLANK, Amount, Edition, Unit
from govreport.formats._labels import normalize, section_names, table_tree

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("（一）予以公开", "(一)予以公开"),
        ("1.属于国家秘密", "1、属于国家秘密"),
        ("1.属于国家秘密", "1．属于国家秘密"),
        ("1.属于国家秘密", "１.属于国家秘密"),
        ("第二十条第（一）项", "第二十条 第（一）项"),
        ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
        ("社会公益组织", "社会\u3000公益 组织"),
        ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
        ("申请人无正当理由逾期不补正、行政机关", "申请人无正当理由逾期不补正，行政机关"),
    ],
)
def test_normalize_forgives_typing_variants(a: str, b: str) -> None:
    """normalize gives the same form for the spellings people type for one label."""
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"), [("予以公开", "不予公开"), ("1.重复申请", "2.重复申请"), ("规章", "规范性文件")]
)
def test_normalize_keeps_different_labels_apart(a: str, b: str) -> None:
    """normalize does not merge labels that differ in substance."""
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("table", ["proactive_disclosure", "applications", "review_litigation"])
def test_every_cell_reachable_by_label_and_key(edition: Edition, table: str) -> None:
    """Every cell of every table can be reached by printed labels (through its groups) and by English keys."""
    spec = edition.spec.table(table)
    tree = table_tree(edition, table)
    for row, col in spec.cells():
        by_key = tree.find(row.key)
        assert by_key is not None
        assert by_key.find(col.key) is not None
        node = tree
        path = []
        parent = row.parent
        while parent is not None:
            path.insert(0, spec.row(parent).label)
            parent = spec.row(parent).parent
        if row.block is not None:
            path.insert(0, spec.block(row.block).caption)
        for label in (*path, row.label):
            found = node.find(label)
            assert found is not None, (label, path)
            node = found
        assert node.key == row.key
        cell = node.find(col.label)
        assert cell is not None
        assert cell.key == col.key


def test_names_are_unique_among_siblings() -> None:
    """No two siblings of a table tree share a normalized name."""

    def walk(node: object) -> None:
        seen: dict[str, str] = {}
        for child in node.children:  # type: ignore[attr-defined]
            for n in set(map(normalize, child.names)):
                assert seen.setdefault(n, child.key) == child.key, n
            walk(child)

    for edition in Edition:
        for table in ("proactive_disclosure", "applications", "review_litigation"):
            walk(table_tree(edition, table))


def test_section_variants_accepted() -> None:
    """Published variants of the section titles load as the right section."""
    names = section_names(Edition.V2019)
    text = "机关名称: 某局\n年度: 2020\n"
    for key in ("overview", "problems_improvements", "other_matters"):
        variant = names[key][-1]
        r = govreport.loads(text + f"{variant}: 一段。\n")
        assert r.section(key).paragraphs[0].text == "一段。"
    r = govreport.loads(text + "一、概述: 概述段。\n")
    assert r.overview.text == "概述段。"


def test_shanghai_2019_as_published() -> None:
    """The Shanghai 2019 report loads as the 2019 edition with its blank cells BLANK and 采购总金额 251000元."""
    r = govreport.load(DATA / "shanghai-gov-office-2019.yaml")
    assert r.edition is Edition.V2019
    t2 = r.proactive_disclosure.table
    assert t2.government_centralized_procurement.procurement_total_amount == Amount(
        Decimal(251000), Unit.YUAN
    )
    assert t2.regulations.total_published == 524
    t3 = r.applications.table
    assert t3.new_received.research_institution is BLANK
    assert t3.new_received.declared_total == 859
    assert t3.granted.declared_total is BLANK
    assert t3.declared("results_total", "total") == 805
    assert t3.results_total.natural_person == 767
    t4 = r.review_litigation.table
    assert (t4.review.maintained, t4.review.pending, t4.review.declared_total) == (5, 2, 7)
    assert t4.litigation_direct.declared_total == 9
    assert t4.litigation_after_review.maintained is BLANK


def test_huaian_2024_as_published() -> None:
    """The Huaian 2024 report (1、 numbering, 第二十条 第（一）项 spacing) loads as 2021 with its fee as a Decimal."""
    r = govreport.load(DATA / "huaian-city-2024.yaml")
    assert r.edition is Edition.V2021
    t2 = r.proactive_disclosure.table
    fee = t2.administrative_fees.fee_amount_this_year
    assert fee == Decimal("96171.6")
    assert str(fee) == "96171.6"
    assert t2.administrative_penalty.decisions_this_year == 3985758
    t3 = r.applications.table
    assert t3.other_no_correction.natural_person == 67
    assert t3.other_other.declared_total == 110
    assert t3.declared("results_total", "total") == 3050
    assert t3.results_total.total == 3050
    assert r.review_litigation.table.review.total == 351


@pytest.mark.parametrize("name", ["shanghai-gov-office-2019.yaml", "huaian-city-2024.yaml"])
@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_published_reports_round_trip(name: str, fmt: str) -> None:
    """Both published reports survive dumps/loads in every format and key style."""
    r = govreport.load(DATA / name)
    for labels in (False, True):
        assert govreport.loads(govreport.dumps(r, fmt, labels=labels), fmt) == r
