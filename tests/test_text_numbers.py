"""Tests for govreport.zh._text_numbers: reading the numbers a narrative states."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport import check
from govreport.checks._text import _statements
from govreport.model import Paragraph, Report, Section
from govreport.spec import NARRATIVE_TERMS, narrative_term
from govreport.zh import _text_numbers as tn
from govreport.zh._text_numbers import KINDS, Statement, parse_number, statements

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


def reference_statements(text: str, year: int) -> list[Statement]:
    """The straightforward reading: every pattern run over every sentence, nothing skipped or kept.

    This is the algorithm :func:`statements` had before it looked for trigger words first,
    kept its results per text, and split sentences and looked for phrases with str methods
    before any pattern; the two must agree on every text.
    """
    found: list[Statement] = []
    for sentence in re.findall(r"[^。；;\n]+", tn._AROUND_DIGITS.sub("", text)):
        if any(word in sentence for word in tn._OTHER_TIME_WORDS):
            continue
        if any(int(y) != year for y in re.findall(r"(\d{4})年", sentence)):
            continue
        in_sentence: list[Statement] = []
        for kind, pattern in tn._PATTERNS:
            for m in pattern.finditer(sentence):
                if tn._idiom(m.group(1), sentence[m.end() : m.end() + 1]):
                    continue
                value = parse_number(m.group(1).replace("，", ","))
                if value is not None:
                    in_sentence.append(Statement(kind, value, m.group(0)))
        m0 = tn._NONE_RECEIVED.search(sentence)
        if m0 and not any(s.kind == "new_received" for s in in_sentence):
            in_sentence.append(Statement("new_received", 0, m0.group(0)))
        m1 = tn._NONE_CASES.search(sentence)
        if m1:
            words = m1.group(0)
            for kind in ("review", "litigation"):
                if narrative_term(kind).names(words) and not any(
                    s.kind == kind for s in in_sentence
                ):
                    in_sentence.append(Statement(kind, 0, words))
        for clause in tn._CLAUSE.findall(sentence):
            if not tn._ISSUE_VERB.search(clause) or re.search(
                r"废止|现行|有效|清理|累计|修订", clause
            ):
                continue
            for kind, pattern in tn._ISSUED:
                for m in pattern.finditer(clause):
                    value = parse_number(m.group(1))
                    if value is not None:
                        in_sentence.append(Statement(kind, value, m.group(0)))
        found.extend(in_sentence)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found, key=lambda s: order[s.kind])


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_SPACE_CHARS = [" ", "\t", "\u00a0", "\u2009", "\u200a", "\u202f", "\u3000"]


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    """A number as reports and PDFs write it: Arabic, grouped, full-width, Chinese, spaced."""
    n = draw(st.integers(0, 20_000))
    form = draw(st.sampled_from(["arabic", "grouped", "full", "chinese", "one", "spaced", "year"]))
    if form == "grouped":
        return f"{n:,}".replace(",", draw(st.sampled_from([",", "，"])))
    if form == "full":
        return str(n).translate(_FULL)
    if form == "chinese":
        return to_chinese(n)
    if form == "one":
        return draw(st.sampled_from(["一", "壹", "两", "十", "二零"]))
    if form == "spaced":
        space = draw(st.sampled_from(_SPACE_CHARS))
        return space + f"{n:,}".replace(",", space) + space
    if form == "year":
        return f"{draw(st.sampled_from([2019, 2020, 2023, 2024]))}年"
    return str(n)


#: Words of narrative: the vocabulary's words, the trigger words of every pattern, the words
#: that skip a sentence or a clause, idioms and filler.
_WORDS = [
    *(w for term in NARRATIVE_TERMS for w in (*term.words, *term.short)),
    *[
        "收到",
        "新收",
        "受理",
        "申请",
        "政府信息公开",
        "依申请公开",
        "任何",
        "上年",
        "上一年度",
        "上年度",
        "结转",
        "的",
        "办结",
        "答复",
    ],
    *[
        "办理完毕",
        "结转至下年度",
        "结转到下一年",
        "下年度",
        "继续办理",
        "顺延",
        "顺延至下年度",
        "下年",
        "率",
        "案件",
    ],
    *[
        "未",
        "没有",
        "发生",
        "出现",
        "制发",
        "印发",
        "出台",
        "制定",
        "新制作",
        "现行有效",
        "废止",
        "清理",
        "累计",
        "修订",
        "同比",
    ],
    *[
        "去年",
        "较上年",
        "增长",
        "下降",
        "申请人",
        "一个问题",
        "解决",
        "坚持",
        "全年",
        "本机关",
        "其中",
        "结果维持",
        "因",
        "提起",
    ],
    *["和", "及", "被", "我局", "全部按规定公开", "人", "中", "共", "共计", "总计", "合计", "各"],
]
#: What stands right before a count: the phrases of every pattern of the reader.
_HEADS = [
    "受理政府信息公开申请",
    "全年共收到政府信息公开申请",
    "新收申请",
    "受理依申请公开申请共计",
    "受理行政复议申请",
    "上年结转",
    "上一年度结转的政府信息公开申请",
    "上年度结转申请",
    "办结",
    "答复",
    "办理完毕",
    "办结申请共",
    "结转下年度继续办理",
    "结转至下一年度的申请",
    "行政复议",
    "被申请行政复议案件",
    "行政诉讼",
    "被提起行政诉讼总计",
    "制发规章",
    "印发行政规范性文件",
    "新制作规范性文件",
    "现行有效规范性文件",
    "废止规章",
    "坚持办结",
]
#: What can follow 「件」: nothing, the idiom's object, the number-first carried-forward phrase.
_TAILS = ["", "", "申请", "顺延至下年度", "申请结转到下年度", "顺延到下一年", "案件"]
_ZEROS = [
    "未收到政府信息公开申请",
    "没有受理任何申请",
    "未收到申请人申请",
    "没有发生因政府信息公开申请行政复议和提起行政诉讼案件",
    "未发生行政复议",
    "没有出现诉讼",
]
_SEPARATORS = [*"。；;，,：:、（）()\n和及", ""]


@st.composite
def narrative_pieces(draw: st.DrawFn) -> str:
    """One piece of narrative: a stated count, a statement of zero, a word or a separator."""
    kind = draw(st.sampled_from(["count", "count", "count", "zero", "word", "separator"]))
    if kind == "count":
        head = draw(st.sampled_from(_HEADS))
        return f"{head}{draw(written_numbers())}件{draw(st.sampled_from(_TAILS))}"
    if kind == "zero":
        return draw(st.sampled_from(_ZEROS))
    if kind == "word":
        return draw(st.sampled_from(_WORDS))
    return draw(st.sampled_from(_SEPARATORS))


@given(
    st.lists(st.one_of(narrative_pieces(), written_numbers()), max_size=30),
    st.sampled_from([2020, 2024]),
)
@settings(max_examples=1000)
def test_statements_agree_with_the_reference(pieces: list[str], year: int) -> None:
    """On any narrative made of the vocabulary's phrases, numbers in every written form, idioms
    and filler, the fast reader returns exactly what the straightforward one returns, the first
    time and from its cache."""
    text = "".join(pieces)
    expected = reference_statements(text, year)
    assert statements(text, year) == expected
    assert statements(text, year) == expected


def test_check_reads_each_narrative_afresh() -> None:
    """Checking reports again and again (more than the joined narratives kept) always reads
    the report's own narrative: a kept result never stands in for another report's."""
    base = Report.new("某局", 2024)
    for n in [*range(1, 81), 3, 1]:
        report = attrs.evolve(base, overview=Section([f"本年新收申请{n}件。"]))
        for _ in range(2):
            quotes = [f.message for f in check(report) if f.rule == "TEXT"]
            assert len(quotes) == 1
            assert f"正文称“新收申请{n}件”" in quotes[0]


@pytest.mark.parametrize(
    "text",
    [
        "办结转下年度3件。",  # 「办结」 and 「结转」 share their 「结」
        "受理申请2件结转至下年度。",  # 「件结转」 holds 「结转」
        "另有3件申请结转到下一年度，上年结转2件。",
        "新收到申请4件，较上年结转减少。",  # 「较上年」 holds 「上年」
        "行政诉讼3件，和诉讼2件。",
        "本年度未收到申请，制发规章1件，没有发生行政复议。",
        "2024年办结一件申请；办结一件。",
    ],
)
def test_overlapping_words_read_as_the_reference_reads_them(text: str) -> None:
    """Words that hold or overlap one another call for every pattern each of them calls for."""
    assert statements(text, 2024) == reference_statements(text, 2024)


_CALL_WORDS = sorted({w for words in tn._CALLS for w in words})


@given(
    st.lists(
        st.sampled_from([*_CALL_WORDS, "件", "申请", "至下年度", "的", "年", "3"]), max_size=12
    )
)
def test_a_sentence_calls_for_what_its_words_call_for(pieces: list[str]) -> None:
    """One scan finds what a sentence calls for: the bits of every word it holds, hidden or not."""
    sentence = "".join(pieces)
    expected = 0
    for i, words in enumerate(tn._CALLS):
        if any(w in sentence for w in words):
            expected |= 1 << i
    assert tn._calls(sentence) == expected


@given(
    st.lists(
        st.lists(
            st.builds(
                Paragraph,
                st.one_of(st.just(""), st.lists(narrative_pieces(), max_size=6).map("".join)),
                heading=st.sampled_from(["", "（一）主动公开情况。", "上年结转"]),
            ),
            max_size=3,
        ),
        min_size=4,
        max_size=4,
    ),
    st.sampled_from([2020, 2024]),
)
@settings(max_examples=300)
def test_the_narrative_is_read_as_its_sections_read(
    sections: list[list[Paragraph]], year: int
) -> None:
    """The TEXT rule reads the narrative as the sections' texts joined, a line each, with the
    empty ones left out: empty paragraphs and sections state nothing, and nothing is kept from
    the report read before but what it states itself."""
    report = attrs.evolve(
        Report.new("某局", year),
        **{
            key: attrs.evolve(Report.new("某局", year).section(key), paragraphs=tuple(ps))
            for key, ps in zip(Report.SECTION_KEYS[:4], sections, strict=True)
        },
    )
    joined = "\n".join(x for x in (report.section(k).text for k in Report.SECTION_KEYS[:4]) if x)
    expected = tn.stated(joined, year) if joined else ()
    assert _statements(report) == expected
    assert _statements(report) == expected  # again, as kept
