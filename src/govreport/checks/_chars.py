"""Rule family *chars* (CHARS): text that a document cannot print as written.

A Word document (XML 1.0) cannot hold C0 control characters other than tab,
line feed and carriage return, lone surrogates or U+FFFE/U+FFFF; a carriage
return would be read back as a line feed; and a one-line field (the agency,
a heading, the contact) cannot hold a line break. Rendering refuses each
(``rendering/_context.py`` calls :func:`text_problem`), so ``check``
reports the same, naming the field in the model and the character,
counted from 1.

>>> from govreport.model import Report
>>> [str(f) for f in chars(Report.new("某\\x0b局", 2024))]
['$.agency: $.agency 第 2 个字符：U+000B 不能写入 Word 文档 (XML 1.0 cannot hold it) [CHARS]']
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from govreport._text import printable, unsafe_character
from govreport.checks._findings import Finding, finding
from govreport.model import Report

__all__ = ["chars", "text_problem"]


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


def _any_problem(fields: list[tuple[str, str, bool, bool]]) -> bool:
    """Whether any field may hold a problem (:func:`text_problem` then says which and where).

    >>> _any_problem([("$.agency", "某局", True, False)])
    False
    >>> _any_problem([("$.agency", "某\\r局", True, False)])
    True
    """
    if not printable("\n".join(text for _, text, _, _ in fields)):
        return True
    for _, text, one_line, paragraph in fields:
        if (one_line and "\n" in text) or (paragraph and text and not text.strip()):
            return True
    return False


def chars(r: Report) -> list[Finding]:
    """A ``CHARS`` error for each text field holding what rendering would refuse.

    The field's model path is the finding's ``record``, so a reader that
    knows where each field was written (:meth:`govreport.ReadReport.locate`)
    can name the file and line.
    """
    fields = list(_fields(r))
    if not _any_problem(fields):  # the usual case: one scan of all the text, not one per field
        return []
    out: list[Finding] = []
    for field, text, one_line, paragraph in fields:
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
