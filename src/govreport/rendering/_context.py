"""The render context: a report turned into ready-formatted strings for a template.

Every value is a ``str`` (or a list/dict of them): numbers, dates and the
title's line breaks are worked out here, so that a template holds
placeholders and loops only. Text that XML 1.0 cannot hold, a carriage
return anywhere and a line break in a one-line field are refused with a
:class:`~govreport.errors.RenderError` that names the model field and the
character (counted from 1); ``govreport check`` reports the same as the
``CHARS`` rule.

Text is printed exactly as the model holds it (the rule of
``docs/rendering.md``): leading and trailing spaces (全角 indentation too)
stay; each model paragraph is one printed paragraph, and a line break in
it (or in the preamble) is a line break in that paragraph (``<w:br/>``), so
that reading the document gives the same text back.
Dates print as :func:`govreport.zh.date_gb` writes them, cells as
:func:`govreport.zh.cell` does, and the generated preamble lists the
sections by their titles in :mod:`govreport.spec`.

>>> from govreport.model import Report
>>> ctx = build_context(Report.new("某某局", 2024))
>>> ctx["applications"]["results_total"]["total"], ctx["report"]["title_lines"]
('0', ['某某局2024年政府信息公开工作年度报告'])
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from govreport import zh
from govreport.checks import text_problem
from govreport.errors import RenderError
from govreport.model import Report, Section, table_class
from govreport.spec import TABLE_KEYS, Edition

__all__ = ["build_context", "sealed_signature_indents", "signature_indents", "title_lines"]


#: About how many 2号 characters fit on one line of an A4 page with GB/T 9704 margins.
TITLE_LINE_CHARS = 20

_ADMIN_SUFFIXES = (
    "自治区",
    "自治州",
    "自治县",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
    "镇",
    "乡",
)


def _split_agency(agency: str, width: int) -> list[str]:
    """Break an agency name into lines of at most ``width``, after an administrative suffix where possible."""
    lines: list[str] = []
    rest = agency
    while len(rest) > width:
        head = rest[:width]
        cut = max((head.rfind(s) + len(s) for s in _ADMIN_SUFFIXES if s in head[:-1]), default=0)
        if cut <= 0 or cut >= len(rest):
            cut = width
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(rest)
    return lines


def title_lines(agency: str, year: int, width: int = TITLE_LINE_CHARS) -> list[str]:
    """The title broken into lines that keep words whole: the agency, then the year and the document name.

    >>> title_lines("松北区退役军人事务局", 2020)
    ['松北区退役军人事务局', '2020年政府信息公开工作年度报告']
    >>> title_lines("某局", 2024)
    ['某局2024年政府信息公开工作年度报告']
    """
    tail = f"{year}年政府信息公开工作年度报告"
    if len(agency) + len(tail) <= width:
        return [agency + tail]
    return [*_split_agency(agency, width), tail]


#: One 3号 (16 pt) character, in twentieths of a point.
CHAR_TWIPS = 320


def _width(text: str) -> float:
    """The printed width of ``text`` in 3号 characters.

    ASCII is half a character, the rest one, and each change between the two adds the quarter
    character Word and LibreOffice put between Chinese and Latin text (``w:autoSpaceDN``).
    """
    narrow = [ord(ch) < 0x80 for ch in text]
    changes = sum(1 for a, b in itertools.pairwise(narrow) if a != b)
    return sum(0.5 if n else 1.0 for n in narrow) + 0.25 * changes


def signature_indents(agency: str, date: str) -> tuple[int, int]:
    """The right indents (twips) of the agency and date lines of an unsealed document, GB/T 9704 §7.3.5.2.

    The agency sits two characters from the right edge and the date on the next line starts two
    characters to the right of the agency's first character; a date longer than that moves the
    agency right so that the date sits two characters from the edge.

    >>> signature_indents("松北区退役军人事务局", "2021年1月20日")  # 10 characters over 7.75
    (640, 720)
    >>> signature_indents("某局", "2021年1月20日")  # the date is longer: the agency moves right
    (3120, 640)
    """
    a, d = _width(agency), _width(date)
    agency_right, date_right = 2.0, a - d
    if date_right < 2:
        agency_right, date_right = d + 4 - a, 2.0
    return round(agency_right * CHAR_TWIPS), round(date_right * CHAR_TWIPS)


def sealed_signature_indents(agency: str, date: str) -> tuple[int, int]:
    """The right indents (twips) of the agency and date lines of a sealed document, GB/T 9704 §7.3.5.1.

    The date sits four characters from the right edge and the agency is centred over it; an
    agency too long for that (it would come closer than two characters to the edge) sits two
    characters from the edge, with the date centred under it.

    >>> sealed_signature_indents("某局", "2021年1月20日")  # centred over the 7.75-character date
    (2200, 1280)
    >>> sealed_signature_indents("某某市某某区人民政府办公室某某科", "2021年1月20日")  # 16 characters
    (640, 1960)
    """
    a, d = _width(agency), _width(date)
    agency_right, date_right = 4 + (d - a) / 2, 4.0
    if agency_right < 2:
        agency_right, date_right = 2.0, 2 + (a - d) / 2
    return round(agency_right * CHAR_TWIPS), round(date_right * CHAR_TWIPS)


def _parts(report: Report) -> str:
    """The six sections' titles as the generated preamble lists them, from the report's edition."""
    return "、".join(section.title for section in report.edition.spec.sections)


def _preamble(report: Report) -> str:
    period = report.statistical_period
    contact = report.contact
    text = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，"
        f"由{report.agency}编制。全文包括{_parts(report)}。"
        f"本报告中所列数据的统计期限自{zh.date_gb(period.start)}起至{zh.date_gb(period.end)}止。"
    )
    where = []
    if contact.office:
        where.append(contact.office)
    details = []
    if contact.address:
        details.append(f"地址：{contact.address}")
    if contact.postcode:
        details.append(f"邮编：{contact.postcode}")
    if contact.phone:
        details.append(f"电话：{contact.phone}")
    if where or details:
        office = where[0] if where else report.agency
        text += f"如对本报告有任何疑问，请与{office}联系"
        text += f"（{'；'.join(details)}）。" if details else "。"
    return text


def check_text(value: str, field: str, *, one_line: bool = False, paragraph: bool = False) -> str:
    """Return ``value`` unchanged, or raise :class:`RenderError` at the first character it cannot print.

    The refusal is :func:`govreport.checks.text_problem`'s, so that ``check``
    refuses what rendering refuses; characters are counted from 1.

    >>> check_text("R&D<中心>", "$.agency")
    'R&D<中心>'
    >>> check_text("a\x01b", "$.agency")
    Traceback (most recent call last):
    govreport.errors.RenderError: $.agency 第 2 个字符：U+0001 不能写入 Word 文档 (XML 1.0 cannot hold it)
    """
    problem = text_problem(value, one_line=one_line, paragraph=paragraph)
    if problem is not None:
        position, why = problem
        raise RenderError(
            f"{field} 第 {position + 1} 个字符：{why}", field=field, position=position
        )
    return value


_KAI = re.compile(r"^(（[一二三四五六七八九十]+）[^。：:；]*[。：:]?)")
_LEAD = re.compile(r"^(\d+[.．、][^。：:；]{1,30}[。：:])")


def section_paragraphs(
    section: Section, key: str, *, text_checked: bool = False
) -> list[dict[str, str]]:
    """The narrative of a section as paragraph dicts ``{"kai", "lead", "text"}``, one per printed paragraph.

    A model paragraph's heading goes to ``kai`` when it is a level-2 heading
    (（一）…) and to ``lead`` otherwise. Each model paragraph is one printed
    paragraph, its text exactly as written: a line break in it prints as a
    line break within the paragraph, and spaces are kept.

    >>> from govreport.model import Paragraph, Section
    >>> section_paragraphs(Section([Paragraph("\\u3000\\u3000甲。\\n乙。", heading="（一）主动公开。")]), "overview")
    [{'kai': '（一）主动公开。', 'lead': '', 'text': '\\u3000\\u3000甲。\\n乙。'}]
    """
    out: list[dict[str, str]] = []
    for i, p in enumerate(section.paragraphs):
        if not text_checked:
            where = f"$.{key}.paragraphs[{i}]"
            check_text(p.heading, f"{where}.heading", one_line=True)
            check_text(p.text, f"{where}.text", paragraph=True)
        heading = p.heading
        kai, lead = ("", heading)
        if heading and _KAI.match(heading):
            kai, lead = heading, ""
        out.append({"kai": kai, "lead": lead, "text": p.text})
    return out


@functools.cache
def _layout(edition: Edition, key: str) -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    """A table's printed cells as ``(row key, entered?, column keys)``, row by row, worked out once per edition.

    An entered row is the model's attribute; the others (总计, a group row) are computed
    by the table's ``row()``.
    """
    entered = table_class(key, edition).row_keys()
    layout: dict[str, list[str]] = {}
    for row, column in edition.spec.table(key).cells():
        layout.setdefault(row.key, []).append(column.key)
    return tuple((row, row in entered, tuple(columns)) for row, columns in layout.items())


def _table(report: Report, key: str) -> dict[str, dict[str, str]]:
    table = report.table(key)
    rows: dict[str, dict[str, str]] = {}
    for row_key, entered, columns in _layout(report.edition, key):
        # one row object per row: a computed row (总计) is summed once, not once per cell;
        # an entered row is the table's attribute, which is what row() returns for it
        row = getattr(table, row_key) if entered else table.row(row_key)
        # a plain count prints as str() does (zh.cell's own rule), without its type dispatch
        cells = row.plain_cells()
        if cells is not None:
            rows[row_key] = {column: str(cells[column]) for column in columns}
            continue
        printed: dict[str, str] = {}
        for column in columns:
            value = row.cell(column)
            printed[column] = str(value) if type(value) is int else zh.cell(value)
        rows[row_key] = printed
    return rows


def build_context(report: Report, *, text_checked: bool = False) -> dict[str, Any]:
    """The render context of a report (see docs/rendering.md for the contract).

    Every text field is looked at first (:func:`check_text`); ``text_checked``
    skips that for a report just checked clean, whose ``CHARS`` rule
    looked at the same fields the same way.

    >>> from govreport.model import Report
    >>> ctx = build_context(Report.new("某某局", 2020))
    >>> sorted(ctx), ctx["report"]["year"], ctx["review_litigation"]["review"]["total"]
    (['applications', 'proactive_disclosure', 'report', 'review_litigation', 'sections'], '2020', '0')
    """
    preamble = report.preamble
    if not text_checked:
        check_text(report.agency, "$.agency", one_line=True)
        if preamble is not None:
            check_text(preamble, "$.preamble")
        for field in ("office", "address", "postcode", "phone"):
            check_text(getattr(report.contact, field), f"$.contact.{field}", one_line=True)
    date = "" if report.published is None else zh.date_gb(report.published)
    agency_indent, date_indent = signature_indents(report.agency, date)
    sealed_agency, sealed_date = sealed_signature_indents(report.agency, date)
    ctx: dict[str, Any] = {
        "report": {
            "title": report.title,
            "title_lines": title_lines(report.agency, report.year),
            "agency": report.agency,
            "year": str(report.year),
            "edition": str(int(report.edition)),
            "date": date,
            "agency_indent": str(agency_indent),
            "date_indent": str(date_indent),
            "sealed_agency_indent": str(sealed_agency),
            "sealed_date_indent": str(sealed_date),
            "preamble": preamble if preamble else _preamble(report),
        },
        "sections": {
            key: section_paragraphs(report.section(key), key, text_checked=text_checked)
            for key in Report.SECTION_KEYS
        },
    }
    for key in TABLE_KEYS:
        ctx[key] = _table(report, key)
    return ctx
