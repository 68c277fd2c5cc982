"""Rule family *chars* (CHARS): text that a document cannot print as written.

A Word document (XML 1.0) cannot hold C0 control characters other than tab,
line feed and carriage return, lone surrogates or U+FFFE/U+FFFF; a carriage
return would be read back as a line feed; and a one-line field (the agency,
a heading, the contact) cannot hold a line break. Rendering refuses each
(``rendering/_context.py`` calls :func:`text_problem`), so ``check``
reports the same, naming the field in the model and the character,
counted from 1.

>>> from govreport.model import Paragraph, Report
>>> [str(f) for f in chars(Report.new("某\\x0b局", 2024))]
['$.agency: $.agency 第 2 个字符：U+000B 不能写入 Word 文档 (XML 1.0 cannot hold it) [CHARS]']
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

import attrs

from govreport._text import printable, unsafe_character
from govreport.checks._findings import Finding, finding
from govreport.model import Paragraph, Report

__all__ = ["chars", "paragraphs", "text_problem"]


def text_problem(
    text: str, *, one_line: bool = False, paragraph: bool = False
) -> tuple[int, str] | None:
    """The 0-based index of the first character ``text`` cannot print, and why; ``None`` if none.

    >>> text_problem("甲\\r乙")
    (1, '回车符 CR（U+000D）印不出来，读回时会成为换行；请改为换行')
    >>> text_problem("甲\\n乙", one_line=True)
    (1, '换行（U+000A）不能写在只有一行的栏目中')
    >>> text_problem("\\u3000\\u3000甲。\\n乙。") is None
    True

    A paragraph's text (``paragraph=True``) may be empty (a heading alone) but
    not spaces alone: it would print as an empty paragraph that no reader can
    tell from the spacing of the page, so it could not be read back.

    >>> text_problem("\\u3000", paragraph=True)
    (0, '段落只有空白字符，印出来是空段，读回时无法保留；请删去这一段或写上文字')
    """
    found: list[tuple[int, str]] = []
    bad = unsafe_character(text)
    if bad is not None:
        found.append((bad, f"U+{ord(text[bad]):04X} 不能写入 Word 文档 (XML 1.0 cannot hold it)"))
    cr = text.find("\r")
    if cr >= 0:
        found.append((cr, "回车符 CR（U+000D）印不出来，读回时会成为换行；请改为换行"))
    lf = text.find("\n") if one_line else -1
    if lf >= 0:
        found.append((lf, "换行（U+000A）不能写在只有一行的栏目中"))
    if paragraph and text and not text.strip():
        found.append((0, "段落只有空白字符，印出来是空段，读回时无法保留；请删去这一段或写上文字"))
    return min(found) if found else None


def _fields(r: Report) -> Iterator[tuple[str, str, bool, bool]]:
    """Every text field: its model path, its text, whether it is one line, whether a paragraph's text."""
    yield "$.agency", r.agency, True, False
    if r.preamble is not None:
        yield "$.preamble", r.preamble, False, False
    for name in ("office", "address", "postcode", "phone"):
        yield f"$.contact.{name}", getattr(r.contact, name), True, False
    for key in Report.SECTION_KEYS:
        for i, p in enumerate(r.section(key).paragraphs):
            yield f"$.{key}.paragraphs[{i}].heading", p.heading, True, False
            yield f"$.{key}.paragraphs[{i}].text", p.text, False, True


#: The six sections of a report, read in one call.
_SECTIONS = attrgetter(*Report.SECTION_KEYS)
_CONTACT = attrgetter("office", "address", "postcode", "phone")
_HEADING = attrgetter("heading")
_TEXT = attrgetter("text")


def paragraphs(r: Report) -> list[Paragraph]:
    """Every paragraph of the report's six sections, in printed order.

    >>> from govreport.model import Section
    >>> import attrs
    >>> r = attrs.evolve(Report.new("某局", 2024), overview=Section(["甲", "乙"]))
    >>> [p.text for p in paragraphs(r)]
    ['甲', '乙']
    """
    return [p for s in _SECTIONS(r) for p in s.paragraphs]


def _any_problem(r: Report, found: list[Paragraph]) -> bool:
    """Whether any text field of ``r`` may hold a problem (:func:`text_problem` then says which and where).

    ``found`` are the report's :func:`paragraphs`. The fields are joined by kind (one line,
    paragraph text, other) rather than looked at one by one: each rule is about single
    characters (or a whole paragraph's text), so the joined text holds a problem where a field does.

    >>> r = Report.new("某局", 2024)
    >>> _any_problem(r, []), _any_problem(attrs.evolve(r, agency="某\\r局"), [])
    (False, True)
    """
    one_line = "".join([r.agency, *_CONTACT(r.contact), *map(_HEADING, found)])
    if "\n" in one_line:
        return True
    texts = list(map(_TEXT, found))
    every = "".join([one_line, r.preamble or "", *texts])
    # str.isprintable is a much faster scan than the pattern, and what it calls printable a
    # document can print (it refuses every control, surrogate and non-character, but spaces
    # other than " " and line feeds too: the pattern then decides)
    if not (every.isprintable() or printable(every)):
        return True
    # a paragraph's text of spaces alone; an empty text (a heading on its own) is not
    # ``isspace``, so this finds exactly the texts ``strip`` would empty, without copying them
    return any(map(str.isspace, texts))


def chars(r: Report, found: list[Paragraph] | None = None) -> list[Finding]:
    """A ``CHARS`` error for each text field holding what rendering would refuse.

    The field's model path is the finding's ``record``, so a reader that
    knows where each field was written (:meth:`govreport.ReadReport.locate`)
    can name the file and line. ``found`` are the report's :func:`paragraphs`,
    when the caller has them already.
    """
    if found is None:
        found = paragraphs(r)
    # the usual case: a few scans of all the text, no field named, nothing looked at one by one
    if not _any_problem(r, found):
        return []
    out: list[Finding] = []
    for field, text, one_line, paragraph in _fields(r):
        problem = text_problem(text, one_line=one_line, paragraph=paragraph)
        if problem is None:
            continue
        position, why = problem
        out.append(
            attrs.evolve(
                finding(
                    "CHARS",
                    "error",
                    None,
                    None,
                    None,
                    "",
                    f"U+{ord(text[position]):04X}",
                    f"{field} 第 {position + 1} 个字符：{why}",
                ),
                record=field,
            )
        )
    return out
