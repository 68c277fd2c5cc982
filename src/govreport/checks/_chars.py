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
from typing import NamedTuple

import attrs

from govreport._text import printable, unsafe_character
from govreport.checks._findings import Finding, finding
from govreport.model import Paragraph, Report

__all__ = ["Written", "chars", "paragraphs", "text_problem", "written"]


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


class Written(NamedTuple):
    """A report's text fields as the rules that look at all of them read them, gathered once.

    (A named tuple: one is made for every check.)
    """

    #: Every paragraph of the six sections, in printed order.
    paragraphs: list[Paragraph]
    #: Each paragraph's text.
    texts: list[str]
    #: The one-line fields joined: the agency, the contact's and every paragraph's heading.
    one_line: str
    #: Every text field joined: :attr:`one_line`, the preamble and :attr:`texts`.
    every: str


def paragraphs(r: Report) -> list[Paragraph]:
    """Every paragraph of the report's six sections, in printed order.

    >>> from govreport.model import Section
    >>> import attrs
    >>> r = attrs.evolve(Report.new("某局", 2024), overview=Section(["甲", "乙"]))
    >>> [p.text for p in paragraphs(r)]
    ['甲', '乙']
    """
    return [p for s in _SECTIONS(r) for p in s.paragraphs]


def written(r: Report) -> Written:
    """The text fields of ``r``, gathered for :func:`chars` and the report rules.

    >>> from govreport.model import Paragraph, Section
    >>> import attrs
    >>> r = attrs.evolve(Report.new("某局", 2024), overview=Section([Paragraph("乙", heading="甲")]))
    >>> w = written(r)
    >>> w.texts, w.one_line.startswith("某局"), w.one_line.endswith("甲"), w.every.endswith("甲乙")
    (['乙'], True, True, True)
    """
    found = paragraphs(r)
    texts = [p.text for p in found]
    one_line = "".join([r.agency, *_CONTACT(r.contact), *[p.heading for p in found]])
    return Written(found, texts, one_line, "".join([one_line, r.preamble or "", *texts]))


def _any_problem(w: Written) -> bool:
    """Whether any text field may hold a problem (:func:`text_problem` then says which and where).

    The fields are joined by kind (one line, paragraph text, other) rather than looked at one
    by one: each rule is about single characters (or a whole paragraph's text), so the joined
    text holds a problem where a field does.

    >>> r = Report.new("某局", 2024)
    >>> _any_problem(written(r)), _any_problem(written(attrs.evolve(r, agency="某\\r局")))
    (False, True)
    """
    if "\n" in w.one_line:
        return True
    every = w.every
    # str.isprintable is a much faster scan than the pattern, and what it calls printable a
    # document can print (it refuses every control, surrogate and non-character, but spaces
    # other than " " and line feeds too: the pattern then decides)
    if not (every.isprintable() or printable(every)):
        return True
    # a paragraph's text of spaces alone; an empty text (a heading on its own) is not
    # ``isspace``, so this finds exactly the texts ``strip`` would empty, without copying them
    return any(map(str.isspace, w.texts))


def chars(r: Report, w: Written | None = None) -> list[Finding]:
    """A ``CHARS`` error for each text field holding what rendering would refuse.

    The field's model path is the finding's ``record``, so a reader that
    knows where each field was written (:meth:`govreport.ReadReport.locate`)
    can name the file and line. ``w`` is the report's :func:`written`, when the caller has
    it already.
    """
    # the usual case: a few scans of all the text, no field named, nothing looked at one by one
    if not _any_problem(written(r) if w is None else w):
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
