"""Numbers that a report's narrative states about its tables.

The narrative of a report repeats some of the table's numbers: 「共受理政府信息
公开申请3119件」, 「上年结转3件」, 「行政复议351件」. This module finds such
statements and reads their numbers (Arabic, full-width or Chinese numerals),
so that the TEXT rule can compare them with the tables.

It is deliberately conservative: a statement is read only where the phrase
and the number stand right next to each other, and a clause that compares
with another year (同比, 较上年, another year's 「2023年」) is skipped. A missed
statement costs less than a false finding on a correct report.

>>> [(s.kind, s.value) for s in statements("全年共受理政府信息公开申请二十一件，办结21件。", 2024)]
[('new_received', 21), ('results_total', 21)]
"""

from __future__ import annotations

import functools
import re

import attrs

from govreport.spec import NARRATIVE_KINDS, narrative_term
from govreport.zh._numerals import parse_numeral

__all__ = ["KINDS", "Statement", "parse_number", "statements"]

#: What a statement can be about, in the order findings are reported.
KINDS = NARRATIVE_KINDS

_FULL_WIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
_UNIT_CHARS = frozenset("十百千万")
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def parse_number(text: str) -> int | None:
    """The value of a number written in Arabic, full-width or Chinese numerals.

    Returns ``None`` for text that is not a whole number. Chinese numerals are
    read by :func:`govreport.zh._numerals.parse_numeral`; digits read one by one
    (二零) are a code or a year, not a count, and are not taken.

    >>> parse_number("3,119"), parse_number("２７"), parse_number("二十一"), parse_number("一百零五")
    (3119, 27, 21, 105)
    >>> parse_number("十"), parse_number("两千三百"), parse_number("三件") is None, parse_number("二零") is None
    (10, 2300, True, True)
    """
    text = text.translate(_FULL_WIDTH)
    if text.isascii() and text.isdigit():
        return int(text)
    if _ARABIC.fullmatch(text):
        return int(text.replace(",", ""))
    if len(text) > 1 and not _UNIT_CHARS & set(text):
        return None
    try:
        return parse_numeral(text)
    except ValueError:
        return None


@attrs.frozen
class Statement:
    """A number the narrative states, with the words that state it.

    >>> Statement("review", 7, "行政复议7件").quote
    '行政复议7件'
    """

    kind: str
    value: int
    quote: str


_NUM = r"([0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+|[零〇一二两三四五六七八九十百千万]+)"
_TOTAL_WORD = r"(?:共计|总计|合计|共)?"
# a gap inside a clause that does not cross into another subject
_GAP = r"(?:(?!复议|诉讼|结转|上年|下年|顺延|率)[^。；;，,：:、（）()\d０-９])"


def _words(kind: str, short: bool = False) -> str:
    """The words naming a row (see :mod:`govreport.spec._narrative`) as a regex alternation.

    >>> _words("normative_documents_issued")
    '行政规范性文件|规范性文件'
    """
    term = narrative_term(kind)
    return "|".join(re.escape(w) for w in (term.short if short else term.words))


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "new_received",
        re.compile(rf"(?:收到|新收|受理){_GAP}{{0,14}}?申请{_TOTAL_WORD}{_NUM}件"),
    ),
    (
        "carried_over",
        re.compile(rf"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?{_TOTAL_WORD}{_NUM}件"),
    ),
    (
        "results_total",
        re.compile(rf"(?:办结|答复|办理完毕){_GAP}{{0,8}}?{_TOTAL_WORD}{_NUM}件"),
    ),
    (
        "carried_forward",
        re.compile(rf"结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?{_TOTAL_WORD}{_NUM}件"),
    ),
    (
        "carried_forward",
        re.compile(rf"{_NUM}件(?:申请)?(?:顺延|结转)(?:至|到)下一?年度?"),
    ),
    ("review", re.compile(rf"(?:{_words('review')})(?:案件|申请)?{_TOTAL_WORD}{_NUM}件")),
    (
        "litigation",
        re.compile(
            rf"(?:{_words('litigation')}|(?<=[，,、和及])(?:{_words('litigation', short=True)}))"
            rf"(?:案件)?{_TOTAL_WORD}{_NUM}件"
        ),
    ),
)

_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:收到|受理)(?:任何)?(?:政府信息公开|依申请公开)?申请(?![人\w]*[0-9０-９])"
)
_NONE_CASES = re.compile(r"(?:没有|未)(?:发生|收到|出现)[^。；;，,\d０-９]{0,30}")
_ISSUE_VERB = re.compile(r"制发|印发|出台|制定|新制作")
_ISSUED = (
    (
        "regulations_issued",
        re.compile(rf"(?:{_words('regulations_issued')}){_TOTAL_WORD}{_NUM}件"),
    ),
    (
        "normative_documents_issued",
        re.compile(
            rf"(?<!现行有效)(?:{_words('normative_documents_issued')}){_TOTAL_WORD}{_NUM}件"
        ),
    ),
)
_NOT_ISSUED = re.compile(r"废止|现行|有效|清理|累计|修订")
_OTHER_TIME_WORDS = ("同比", "去年", "较上年", "比上年", "上年同期", "增长", "下降", "减少", "增加")
_OTHER_TIME = re.compile("|".join(_OTHER_TIME_WORDS))
_YEAR = re.compile(r"(\d{4})年")
_CLAUSE = re.compile(r"[^，,。；;\n]+")


#: Spaces that PDF text and typesetting put around digits (space, no-break, thin, ideographic).
_SPACES = "[ \t\u00a0\u2009\u200a\u202f\u3000]+"
_ANY_SPACE = re.compile(_SPACES)
_AROUND_DIGITS = re.compile(rf"{_SPACES}(?=[0-9０-９])|(?<=[0-9０-９]){_SPACES}")


def _tight(text: str) -> str:
    """``text`` without the spaces written around digits: 「申请 3 119 件」 reads 「申请3119件」.

    >>> _tight("受理申请 21 件，2024\u2009年")
    '受理申请21件，2024年'
    """
    if not _ANY_SPACE.search(text):  # the usual case, and a far cheaper scan than the pattern's
        return text
    return _AROUND_DIGITS.sub("", text)


def _idiom(sentence: str, m: re.Match[str]) -> bool:
    """Whether a matched 「一件」 is a set phrase (办结一件申请、解决一个问题), not a count.

    A count of one stands before punctuation or the end (「办结一件。」); 「一件」
    followed by what it measures is the idiom.
    """
    if m.group(1) not in ("一", "壹"):
        return False
    after = sentence[m.end() : m.end() + 1]
    return bool(after) and after not in "。；;，,、）)\n"


def statements(text: str, year: int) -> list[Statement]:
    """Every table number that ``text`` states, in the order of :data:`KINDS`.

    ``year`` is the report year: clauses naming another year are skipped.
    Numbers are read as people and PDFs write them: with spaces or thin
    spaces around the digits, full-width, or in Chinese numerals; 「一件」 in a
    set phrase is not a count.

    >>> [(s.kind, s.value) for s in statements("全年受理申请 3 119 件。", 2024)]
    [('new_received', 3119)]
    >>> statements("坚持办结一件申请、解决一个问题。", 2024)
    []

    >>> [(s.kind, s.value) for s in statements("本年度未收到政府信息公开申请。", 2024)]
    [('new_received', 0)]
    >>> statements("受理申请30件，同比增长20%。", 2024)
    []
    """
    return list(_statements(text, year))


@functools.lru_cache(maxsize=512)
def _statements(text: str, year: int) -> tuple[Statement, ...]:
    """:func:`statements` as a tuple, kept for the texts read last.

    A report is checked again and again while it is edited, and a batch
    repeats the same narrative; the result depends on nothing but the text
    and the year, and a :class:`Statement` is frozen.
    """
    found: list[Statement] = []
    # the sentences, split with str methods (a pattern would look at every character)
    text = _tight(text)
    for end in _SENTENCE_ENDS:
        if end in text:
            text = text.replace(end, "。")
    for sentence in text.split("。"):
        if "件" not in sentence and "未" not in sentence and "没有" not in sentence:
            continue
        stated = _sentence_statements(sentence)
        # a sentence that compares with another time states nothing about this year's tables
        if not stated or _other_time(sentence, year):
            continue
        found.extend(stated)
    return tuple(sorted(found, key=_kind_order))


def _kind_order(s: Statement) -> int:
    return _ORDER[s.kind]


def _other_time(sentence: str, year: int) -> bool:
    """Whether a sentence compares with another time (:data:`_OTHER_TIME`) or names another year.

    The words are looked for with ``in`` and a year as four digits before each 「年」
    (:data:`_YEAR`): far cheaper than running the patterns over the sentence.

    >>> _other_time("受理申请30件，同比增长20%", 2024), _other_time("2023年受理申请30件", 2024)
    (True, True)
    >>> _other_time("2024年度受理申请30件", 2024), _other_time("上年结转3件", 2024)
    (False, False)
    """
    for word in _OTHER_TIME_WORDS:
        if word in sentence:
            return True
    i = sentence.find("年", 4)
    while i >= 0:
        digits = sentence[i - 4 : i]
        if digits.isdecimal() and int(digits) != year:
            return True
        i = sentence.find("年", i + 1)
    return False


#: Where a sentence ends besides 「。」: 「；」, 「;」 and a new line.
_SENTENCE_ENDS = ("；", ";", "\n")


_ORDER = {k: i for i, k in enumerate(KINDS)}


def _term_words(kind: str) -> tuple[str, ...]:
    term = narrative_term(kind)
    return (*term.words, *term.short)


#: What a sentence must contain for each of :data:`_PATTERNS` to match in it: one word of
#: each group (a sentence without 「结转」 states no carried-over count). Looking for a word
#: costs far less than running a pattern that then fails.
_TRIGGERS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("收到", "新收", "受理"), ("申请",)),  # new_received
    (("结转",),),  # carried_over
    (("办结", "答复", "办理完毕"),),  # results_total
    (("结转",),),  # carried_forward
    (("件顺延", "件结转", "件申请顺延", "件申请结转"),),  # carried_forward, number first
    (_term_words("review"),),  # review
    (_term_words("litigation"),),  # litigation
)
#: How many characters before the first word of its first trigger group a match of each of
#: :data:`_PATTERNS` can begin: the pattern is run from there, not over the whole sentence
#: (``None``: from the start; its number comes first). 「上一年度结转」 begins up to four
#: characters before 「结转」; the others begin with the word itself.
_LEADS: tuple[int | None, ...] = (0, 4, 0, 0, None, 0, 0)
#: Every count ends in 「件」; a statement of zero needs 「未」 or 「没有」.
_COUNT = "件"


def _first(sentence: str, words: tuple[str, ...]) -> int:
    """Where the first of ``words`` to occur in ``sentence`` begins (-1: none occurs).

    >>> _first("上年结转4件，办结5件", ("办结", "结转"))
    2
    """
    first = -1
    for word in words:
        i = sentence.find(word)
        if i >= 0 and (first < 0 or i < first):
            first = i
    return first


def _has_all(sentence: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``sentence`` contains a word of each group.

    >>> _has_all("上年结转4件", (("结转",),)), _has_all("受理4件", (("受理",), ("申请",)))
    (True, False)
    """
    for words in groups:
        for word in words:
            if word in sentence:
                break
        else:
            return False
    return True


def _sentence_statements(sentence: str) -> list[Statement]:
    found: list[Statement] = []
    if _COUNT in sentence:
        for (kind, pattern), triggers, lead in zip(_PATTERNS, _TRIGGERS, _LEADS, strict=True):
            at = _first(sentence, triggers[0])
            if at < 0 or not _has_all(sentence, triggers[1:]):
                continue
            for m in pattern.finditer(sentence, 0 if lead is None else max(0, at - lead)):
                if _idiom(sentence, m):
                    continue
                value = parse_number(m.group(1).replace("，", ","))
                if value is not None:
                    found.append(Statement(kind, value, m.group(0)))
    if "未" not in sentence and "没有" not in sentence:
        m0 = m1 = None
    else:
        m0 = _NONE_RECEIVED.search(sentence)
        m1 = _NONE_CASES.search(sentence)
    if m0 and not any(s.kind == "new_received" for s in found):
        found.append(Statement("new_received", 0, m0.group(0)))
    if m1:
        words = m1.group(0)
        for kind in ("review", "litigation"):
            if narrative_term(kind).names(words) and not any(s.kind == kind for s in found):
                found.append(Statement(kind, 0, words))
    if _COUNT not in sentence or not _ISSUE_VERB.search(sentence):
        return found
    for clause in _CLAUSE.findall(sentence):
        if not _ISSUE_VERB.search(clause) or _NOT_ISSUED.search(clause):
            continue
        for kind, pattern in _ISSUED:
            for m in pattern.finditer(clause):
                value = parse_number(m.group(1))
                if value is not None:
                    found.append(Statement(kind, value, m.group(0)))
    return found
