"""Font profiles: which font each part of a report is set in.

GB/T 9704 names the fonts of official documents: 方正小标宋简体 for the
title, 仿宋_GB2312 for the body, 黑体 for 一、 headings, 楷体_GB2312 for
（一） headings, 宋体 for page numbers. Government computers have them; a
stock Windows or WPS install has 宋体, 仿宋, 楷体 and 黑体 instead. The
bundled templates are built with :data:`GB`; rendering with another profile
renames the fonts in the document.

>>> GB.body, WINDOWS.body
('仿宋_GB2312', '仿宋')
>>> profile("windows") is WINDOWS
True
"""

from __future__ import annotations

import attrs

__all__ = ["GB", "PROFILES", "WINDOWS", "FontProfile", "profile"]


@attrs.frozen
class FontProfile:
    """The East-Asian font of each part of a report.

    >>> FontProfile("p", title="宋体", body="宋体", heading1="宋体", heading2="宋体").page_number
    '宋体'
    """

    name: str
    #: The title (2号).
    title: str
    #: Body text and level-3/4 headings (3号).
    body: str
    #: Level-1 headings 一、.
    heading1: str
    #: Level-2 headings （一）.
    heading2: str
    #: Page numbers (4号).
    page_number: str = "宋体"
    #: Statistical tables.
    table: str | None = None
    #: The Latin font used beside the East-Asian one.
    latin: str = "Times New Roman"

    @property
    def table_font(self) -> str:
        """The font of the statistical tables (the body font unless set).

        >>> GB.table_font
        '仿宋_GB2312'
        """
        return self.table or self.body

    def mapping_to(self, other: FontProfile) -> dict[str, str]:
        """How to rename this profile's fonts into ``other``'s.

        >>> GB.mapping_to(WINDOWS)["楷体_GB2312"]
        '楷体'
        """
        pairs = {}
        for field in ("title", "body", "heading1", "heading2", "page_number", "latin"):
            pairs[getattr(self, field)] = getattr(other, field)
        pairs[self.table_font] = other.table_font
        return {k: v for k, v in pairs.items() if k != v}


#: The fonts GB/T 9704 names (the default).
GB = FontProfile(
    "gb",
    title="方正小标宋简体",
    body="仿宋_GB2312",
    heading1="黑体",
    heading2="楷体_GB2312",
)

#: The fonts a stock Windows or WPS install has.
WINDOWS = FontProfile(
    "windows",
    title="宋体",
    body="仿宋",
    heading1="黑体",
    heading2="楷体",
)

PROFILES: dict[str, FontProfile] = {p.name: p for p in (GB, WINDOWS)}


def profile(name: str | FontProfile) -> FontProfile:
    """The profile with this name (``gb`` or ``windows``), or the profile given.

    >>> profile("gb").title
    '方正小标宋简体'
    """
    if isinstance(name, FontProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(
            f"未知的字体方案 {name!r}；可选：{', '.join(PROFILES)} (unknown font profile)"
        ) from None
