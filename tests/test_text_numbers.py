"""Tests for govreport.zh._text_numbers: reading the numbers a narrative states."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.zh._text_numbers import parse_number, statements

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A whole number below 100,000,000 in Chinese numerals, as written in reports."""
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + to_chinese(low)
        return to_chinese(high) + "万" + rest
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + unit
        elif out:
            zero = True
    if out.startswith("一十"):
        out = out[1:]
    return out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("21", 21),
        ("２１", 21),
        ("3,119", 3119),
        ("二十一", 21),
        ("十五", 15),
        ("一百零五", 105),
        ("两千", 2000),
        ("一万零三", 10003),
        ("〇", 0),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    """Arabic, full-width and Chinese numerals are read to their value."""
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "件", "二三", "二零二四", "3,11", "十万万"])
def test_parse_number_rejects(text: str) -> None:
    """Text that is not one whole number gives None."""
    assert parse_number(text) is None


@given(st.integers(0, 99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    """Every number written in Chinese numerals reads back to itself."""
    assert parse_number(to_chinese(n)) == n


def kinds(text: str, year: int = 2024) -> list[tuple[str, int]]:
    return [(s.kind, s.value) for s in statements(text, year)]


def test_statements_of_a_typical_paragraph() -> None:
    """A typical 依申请公开 paragraph gives each stated number once, with its kind."""
    text = (
        "2024年全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，"
        "另有103件顺延到下年度答复）。政府信息公开行政复议351件，其中结果维持72件；行政诉讼46件。"
    )
    assert kinds(text) == [
        ("new_received", 3119),
        ("carried_over", 34),
        ("results_total", 3050),
        ("carried_forward", 103),
        ("review", 351),
        ("litigation", 46),
    ]


def test_none_received_is_zero() -> None:
    """「未收到政府信息公开申请」 states zero applications."""
    assert kinds("本年度我局未收到政府信息公开申请。") == [("new_received", 0)]


def test_no_cases_is_zero() -> None:
    """「没有发生…行政复议和提起行政诉讼案件」 states zero of each."""
    text = "2020年我局没有发生因政府信息公开申请行政复议和提起行政诉讼案件。"
    assert kinds(text, 2020) == [("review", 0), ("litigation", 0)]


def test_issued_documents() -> None:
    """「制发规章1件、行政规范性文件8件」 gives both counts; 现行有效 clauses are not read."""
    assert kinds("本年制发规章1件、行政规范性文件8件，现行有效规范性文件66件。") == [
        ("regulations_issued", 1),
        ("normative_documents_issued", 8),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "受理申请30件，同比增长20%。",  # a comparison with another year
        "2023年受理政府信息公开申请30件。",  # another year
        "按时答复率100%。",
        "受理行政复议申请5件。",  # an application for review, not for information
        "废止规章3件。",
    ],
)
def test_conservative_cases(text: str) -> None:
    """Sentences that do not state this year's table numbers give no statement of that kind."""
    assert [
        k for k, _ in kinds(text) if k in ("new_received", "results_total", "regulations_issued")
    ] == []


def test_newly_made_2019_wording() -> None:
    """The 2019 wording 「新制作规范性文件N件」 is read; 「新公开」 in the next clause is not."""
    assert kinds("本机关新制作规范性文件3件，新公开规范性文件2件。") == [
        ("normative_documents_issued", 3)
    ]


def test_narrative_vocabulary_is_the_tables_row_labels() -> None:
    """Every word the reader takes for a table row is that row's label or alias in the spec."""
    from govreport.spec import NARRATIVE_KINDS, NARRATIVE_TERMS, Edition
    from govreport.zh._text_numbers import KINDS

    assert KINDS == NARRATIVE_KINDS
    for term in NARRATIVE_TERMS:
        assert term.kind in NARRATIVE_KINDS
        labels = {
            name
            for edition in Edition
            for row in [edition.spec.table(term.table).row(term.row)]
            for name in (row.label, *row.aliases)
        }
        assert set(term.words) == labels
        assert all(any(w.endswith(s) for w in term.words) for s in term.short)
    assert [
        s.kind for s in statements("制发行政规范性文件2件、规章1件，行政复议、诉讼各0件。", 2024)
    ] == [
        "regulations_issued",
        "normative_documents_issued",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年受理政府信息公开申请 21 件。", [("new_received", 21)]),
        ("全年受理政府信息公开申请\u200921\u2009件。", [("new_received", 21)]),
        ("全年受理政府信息公开申请 3 119 件。", [("new_received", 3119)]),
        ("全年受理政府信息公开申请２１件。", [("new_received", 21)]),
        ("全年受理政府信息公开申请二十一件。", [("new_received", 21)]),
        ("坚持办结一件申请、解决一个问题。", []),
        ("本年度办结一件。", [("results_total", 1)]),
    ],
)
def test_numbers_as_people_and_pdfs_write_them(text: str, expected: list[tuple[str, int]]) -> None:
    """Spaces and thin spaces around digits, full-width digits and Chinese numerals are counts; an idiom is not."""
    assert [(s.kind, s.value) for s in statements(text, 2024)] == expected
