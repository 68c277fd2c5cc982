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

import re
from typing import Any

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
_CLAUSE = re.compile(r"[^，,。；;\n]+")


#: Spaces that PDF text and typesetting put around digits (space, no-break, thin, ideographic).
_SPACES = "[ \t\u00a0\u2009\u200a\u202f\u3000]+"
_SPACE_CHARS = " \t\u00a0\u2009\u200a\u202f\u3000"
_AROUND_DIGITS = re.compile(rf"{_SPACES}(?=[0-9０-９])|(?<=[0-9０-９]){_SPACES}")


def _tight(text: str) -> str:
    """``text`` without the spaces written around digits: 「申请 3 119 件」 reads 「申请3119件」.

    >>> _tight("受理申请 21 件，2024\u2009年")
    '受理申请21件，2024年'
    """
    for space in _SPACE_CHARS:  # a text without spaces is the usual case: seven ``in`` cost
        if space in text:  # far less than one scan by the pattern
            return _AROUND_DIGITS.sub("", text)
    return text


def _idiom(number: str, after: str) -> bool:
    """Whether a matched 「一件」 is a set phrase (办结一件申请、解决一个问题), not a count: ``number``
    is the match's number, ``after`` the character after it (empty at the end).

    A count of one stands before punctuation or the end (「办结一件。」); 「一件」
    followed by what it measures is the idiom.

    >>> _idiom("一", "申"), _idiom("一", "。"), _idiom("一", ""), _idiom("二", "申")
    (True, False, False, False)
    """
    return number in ("一", "壹") and bool(after) and after not in "。；;，,、）)\n"


def statements(text: str, year: int) -> list[Statement]:
    """Every table number that ``text`` states, in the order of :data:`KINDS`.

    ``year`` is the report year: sentences naming another year are skipped.
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
    return [Statement(*s) for s in stated(text, year)]


#: A statement as :func:`stated` gives it: kind, value and quote.
Stated = tuple[str, int, str]


def stated(text: str, year: int) -> tuple[Stated, ...]:
    """:func:`statements` as plain ``(kind, value, quote)`` tuples: what the TEXT rule reads.

    >>> stated("上年结转4件，办结5件。2023年办结9件。", 2024)
    (('carried_over', 4, '上年结转4件'), ('results_total', 5, '办结5件'))
    """
    text = _tight(text)
    for end in _SENTENCE_ENDS:
        if end in text:
            text = text.replace(end, "。")
    sentences = text.split("。")
    # only a sentence with a count (「件」) or a statement of zero (「未」「没有」) is read
    if "未" in text or "没有" in text:
        read = [s for s in sentences if _COUNT in s or "未" in s or "没有" in s]
    else:
        read = [s for s in sentences if _COUNT in s]
    # a sentence is looked at for another year only where the text names one
    other = _other_year(text, year)
    found: list[Stated] = []
    for sentence in read:
        here = _sentence_statements(sentence, year, other)
        if here:
            found.extend(here)
    if len(found) > 1:
        found.sort(key=_kind_order)  # stable: the statements of a kind keep the text's order
    return tuple(found)


def _kind_order(s: Stated) -> int:
    return _ORDER[s[0]]


#: Where a sentence ends besides 「。」: 「；」, 「;」 and a new line.
_SENTENCE_ENDS = ("；", ";", "\n")
#: Every count ends in 「件」.
_COUNT = "件"
_ORDER = {k: i for i, k in enumerate(KINDS)}


def _term_words(kind: str) -> tuple[str, ...]:
    term = narrative_term(kind)
    return (*term.words, *term.short)


#: The words that decide what is done with a sentence, by what they call for: one of
#: :data:`_PATTERNS` (bits 0–6: the words a match of it begins with, or for the number-first
#: pattern the words after its number), the issued documents (:data:`_ISSUE_VERB`), the
#: statements of zero (each of their two patterns by the words it begins with), or nothing
#: at all (a comparison with another time, :data:`_OTHER_TIME_WORDS`). A sentence without a
#: pattern's words is not run through it.
_CALLS: tuple[tuple[str, ...], ...] = (
    ("收到", "新收", "受理"),  # new_received
    ("上年", "上一年"),  # carried_over: 上一?年度?结转
    ("办结", "答复", "办理完毕"),  # results_total
    ("结转",),  # carried_forward
    ("件顺延", "件结转", "件申请顺延", "件申请结转"),  # carried_forward, number first
    _term_words("review"),
    _term_words("litigation"),
    tuple(_ISSUE_VERB.pattern.split("|")),
    ("未收到", "未受理", "没有收到", "没有受理"),  # _NONE_RECEIVED
    ("未发生", "未收到", "未出现", "没有发生", "没有收到", "没有出现"),  # _NONE_CASES
    _OTHER_TIME_WORDS,
)
_ISSUE_BIT, _NONE_RECEIVED_BIT, _NONE_CASES_BIT, _OTHER_BIT = 1 << 7, 1 << 8, 1 << 9, 1 << 10
_ZERO_BITS = _NONE_RECEIVED_BIT | _NONE_CASES_BIT
_PATTERN_BITS = (1 << len(_PATTERNS)) - 1


def _word_bits() -> dict[str, int]:
    """For each word of :data:`_CALLS`, what it calls for (as bits).

    :data:`_WORDS` finds the words in one scan, where a word may hide another
    that it holds (「件结转」 holds 「结转」) or overlaps (「办结转」 shares its
    「结」). So a word calls for what the words inside it call for too, and each
    overlap of two words is a word as well.
    """
    bits: dict[str, int] = {}
    for i, words in enumerate(_CALLS):
        for w in words:
            bits[w] = bits.get(w, 0) | 1 << i
    for a in list(bits):
        for b in list(bits):
            for k in range(1, min(len(a), len(b))):
                if a != b and a.endswith(b[:k]):
                    joined = a + b[k:]
                    bits[joined] = bits.get(joined, 0) | bits[a] | bits[b]
    for a in bits:
        for b in list(bits):
            if b in a:
                bits[a] |= bits[b]
    return bits


_BITS = _word_bits()


def _trie(words: list[str]) -> str:
    """``words`` as one regex, a trie: where it matches it takes the longest of them that stands
    there (as an alternation longest first does), choosing by one character at each step.

    >>> _trie(["上年", "上年同期", "办结", "办结转", "未"])
    '(?:上年(?:同期)?|办结转?|未)'
    """
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in node.items() if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        # the word that ends here may go on: the rest is optional, and greedy
        return f"{body}?" if len(body) == 1 or len(branches) > 1 else f"(?:{body})?"

    # every branch begins with its character, so the regex skips to where one of them stands
    return "(?:" + "|".join(re.escape(c) + pattern(child) for c, child in tree.items()) + ")"


_WORDS = re.compile(_trie(sorted(_BITS)))
#: Each of :data:`_PATTERNS` as it reads with ``findall``: (quote, number, the character after
#: the match). The same matches, without a match object to ask.
_READERS = tuple(
    (kind, re.compile(f"({pattern.pattern})(?=((?s:.)?))")) for kind, pattern in _PATTERNS
)
#: The readers a sentence's words call for (indexed by their bits), in the order of
#: :data:`_PATTERNS`.
_CALLED = tuple(
    tuple(r for i, r in enumerate(_READERS) if bits >> i & 1) for bits in range(_PATTERN_BITS + 1)
)


def _calls(sentence: str) -> int:
    """What ``sentence`` calls for: the bits of every word of :data:`_CALLS` it holds.

    >>> _calls("上年结转4件") == 1 << 1 | 1 << 3
    True
    """
    calls = 0
    for word in _WORDS.findall(sentence):
        calls |= _BITS[word]
    return calls


def _sentence_statements(sentence: str, year: int, other: bool = True) -> list[Stated]:
    """What one sentence states: its counts, its statements of zero, its issued documents.

    A sentence that compares with another time (同比, 较上年, another year's
    「2023年」) states nothing about this year's tables; ``other=False`` says that the
    text it is from names no other year.
    """
    calls = _calls(sentence)
    if calls & _OTHER_BIT:
        return []
    here: list[Stated] = []
    if _COUNT in sentence:
        for kind, pattern in _CALLED[calls & _PATTERN_BITS]:
            for quote, number, after in pattern.findall(sentence):
                if number == "一" and _idiom(number, after):
                    continue
                if number.isascii() and number.isdigit():
                    value: int | None = int(number)
                else:
                    value = parse_number(number.replace("，", ","))
                if value is not None:
                    here.append((kind, value, quote))
    if calls & _ZERO_BITS:
        _zeros(sentence, calls, here)
    if calls & _ISSUE_BIT and _COUNT in sentence:
        _issued(sentence, here)
    if here and other and _other_year(sentence, year):
        return []
    return here


#: The kinds a statement of zero cases may be about, with the words that name each.
_ZERO_CASES = tuple((kind, _term_words(kind)) for kind in ("review", "litigation"))


def _zeros(sentence: str, calls: int, here: list[Stated]) -> None:
    """The statements of zero (「未收到申请」, 「没有发生行政复议」) of a sentence, added to ``here``.

    At most one of each kind, and none of a kind the sentence states a count of. ``calls``
    (:func:`_calls`) says which of the two patterns the sentence's words call for.
    """
    m = _NONE_RECEIVED.search(sentence) if calls & _NONE_RECEIVED_BIT else None
    if m and not any(s[0] == "new_received" for s in here):
        here.append(("new_received", 0, m.group(0)))
    m = _NONE_CASES.search(sentence) if calls & _NONE_CASES_BIT else None
    if m:
        words = m.group(0)
        for kind, names in _ZERO_CASES:
            if any(w in words for w in names) and not any(s[0] == kind for s in here):
                here.append((kind, 0, words))


#: :data:`_ISSUED` as they read with ``findall``: (quote, number).
_ISSUED_READERS = tuple((kind, re.compile(f"({pattern.pattern})")) for kind, pattern in _ISSUED)


def _issued(sentence: str, here: list[Stated]) -> None:
    """The rules and normative documents a sentence says were issued (「制发规范性文件3件」).

    Read clause by clause where a clause names a verb of issuing
    (:data:`_ISSUE_VERB`) and not documents in force, repealed or reviewed.
    """
    for clause in _CLAUSE.findall(sentence):
        if _COUNT not in clause or not _ISSUE_VERB.search(clause) or _NOT_ISSUED.search(clause):
            continue
        for kind, pattern in _ISSUED_READERS:
            for quote, number in pattern.findall(clause):
                value = (
                    int(number) if number.isascii() and number.isdigit() else parse_number(number)
                )
                if value is not None:
                    here.append((kind, value, quote))


#: A year before its 「年」, found from the 「年」 (a literal the pattern engine skips to).
_YEARS = re.compile(r"年(?<=(\d{4})年)")


def _other_year(sentence: str, year: int) -> bool:
    """Whether a sentence names another year than ``year``: four digits before a 「年」.

    >>> _other_year("2023年受理申请30件", 2024), _other_year("2024年度受理申请30件", 2024)
    (True, False)
    >>> _other_year("上年结转3件", 2024)
    False
    """
    return any(int(y) != year for y in _YEARS.findall(sentence))
