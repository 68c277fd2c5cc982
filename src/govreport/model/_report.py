"""The report: its sections, narrative, contact block and period."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from govreport.model._tables import (
    Applications2019,
    Applications2021,
    ProactiveDisclosure2019,
    ProactiveDisclosure2021,
    ReviewLitigation,
    Table,
    table_class,
)
from govreport.spec import SECTION_KEYS, TABLE_KEYS, Edition

# --------------------------------------------------------------------------- text


def _str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name}: expected text, got {type(value).__name__} {value!r}")


@attrs.frozen
class Paragraph:
    """A paragraph of narrative, optionally opened by a run-in heading.

    ``heading`` is printed in the heading's style at the start of the
    paragraph ("（一）主动公开情况。"), ``text`` follows in body style. A
    paragraph with a heading and no text is a heading on its own line.
    Newlines in ``text`` start new paragraphs when rendered.

    >>> Paragraph("我局全年主动公开信息32条。", heading="（一）主动公开情况。").heading
    '（一）主动公开情况。'
    """

    text: str = attrs.field(default="", validator=_str)
    heading: str = attrs.field(default="", validator=_str, kw_only=True)


def _paragraphs(value: Any) -> tuple[Paragraph, ...]:
    if isinstance(value, str):
        return (Paragraph(value),)
    return tuple(p if isinstance(p, Paragraph) else Paragraph(p) for p in value)


@attrs.frozen
class Section:
    """A section of narrative (一、五、六).

    >>> Section(["第一段。", "第二段。"]).paragraphs[1].text
    '第二段。'
    """

    paragraphs: tuple[Paragraph, ...] = attrs.field(default=(), converter=_paragraphs)

    @property
    def text(self) -> str:
        """The whole narrative as one string, paragraphs separated by newlines.

        >>> Section([Paragraph("公开32条。", heading="（一）主动公开。"), "其他。"]).text
        '（一）主动公开。公开32条。\\n其他。'
        """
        return "\n".join(p.heading + p.text for p in self.paragraphs)


_T = TypeVar("_T", bound=Table)


@attrs.frozen
class TableSection(Section, Generic[_T]):
    """A section that carries a statutory table (二、三、四), and its narrative.

    >>> s = TableSection(["本年度未收到行政复议申请。"], table=ReviewLitigation.filled(0))
    >>> s.table.review.total, s.text
    (0, '本年度未收到行政复议申请。')
    """

    table: _T = attrs.field(kw_only=True)


# --------------------------------------------------------------------------- report


class Scope(enum.Enum):
    """Whose report it is: a government department's, or a government's own (本级政府).

    A government's report is due by 31 March, a department's by 31 January.

    >>> Scope.GOVERNMENT.deadline(2024)
    datetime.date(2025, 3, 31)
    """

    DEPARTMENT = "部门"
    GOVERNMENT = "本级政府"
    #: The sum of many agencies' reports (:func:`govreport.aggregate`), published with the government's.
    AGGREGATE = "汇总"

    def deadline(self, year: int) -> dt.date:
        """The statutory publishing deadline of the report for ``year``."""
        return dt.date(year + 1, 1 if self is Scope.DEPARTMENT else 3, 31)


@attrs.frozen
class Contact:
    """Where readers send questions, as the preamble gives it.

    >>> Contact(office="综合科", postcode="150028").postcode
    '150028'
    """

    office: str = attrs.field(default="", validator=_str)
    address: str = attrs.field(default="", validator=_str)
    postcode: str = attrs.field(default="", validator=_str)
    phone: str = attrs.field(default="", validator=_str)


@attrs.frozen
class Period:
    """The statistical period a report covers.

    >>> Period.of_year(2020)
    Period(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    """

    start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    end: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))

    @classmethod
    def of_year(cls, year: int) -> Period:
        """1 January to 31 December of ``year``."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _year(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"year: expected int, got {type(value).__name__} {value!r}")
    if not 2008 <= value <= 2200:
        raise ValueError(f"year {value} is not a plausible report year")


def _default_edition(report: Report) -> Edition:
    return Edition.for_year(report.year)


def _table_section(key: str) -> Callable[[Report], TableSection[Any]]:
    def make(report: Report) -> TableSection[Any]:
        return TableSection(table=table_class(key, report.edition)())

    return make


def _check_tables(inst: Report, attribute: attrs.Attribute[Any], value: TableSection[Any]) -> None:
    if not isinstance(value, TableSection):
        raise TypeError(f"{attribute.name}: expected a TableSection, got {type(value).__name__}")
    expected = table_class(attribute.name, inst.edition)
    if type(value.table) is not expected:
        raise TypeError(
            f"{attribute.name}: a {inst.edition}-edition report needs a {expected.__name__} table, "
            f"got {type(value.table).__name__}"
        )


def _section(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Section:
        raise TypeError(f"{attribute.name}: expected a Section, got {type(value).__name__}")


def _optional_date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise TypeError(f"{attribute.name}: expected a date, got {type(value).__name__} {value!r}")


@attrs.frozen
class Report:
    """A 政府信息公开工作年度报告.

    ``edition`` follows from ``year`` unless given. ``period`` is the stated
    statistical period (``None``: not stated; :attr:`statistical_period`
    then gives the calendar year). ``preamble`` replaces the generated
    opening paragraph when given.

    >>> r = Report("松北区退役军人事务局", 2020)
    >>> r.edition, r.title
    (<Edition.V2019: 2019>, '松北区退役军人事务局2020年政府信息公开工作年度报告')
    >>> r.applications.table.granted.natural_person
    <Mark.BLANK: ''>
    """

    agency: str = attrs.field(validator=_str)
    year: int = attrs.field(validator=_year)
    edition: Edition = attrs.field(
        default=attrs.Factory(_default_edition, takes_self=True),
        converter=Edition,
    )
    published: dt.date | None = attrs.field(default=None, validator=_optional_date, kw_only=True)
    scope: Scope = attrs.field(
        default=Scope.DEPARTMENT, validator=attrs.validators.instance_of(Scope), kw_only=True
    )
    contact: Contact = attrs.field(
        factory=Contact, validator=attrs.validators.instance_of(Contact), kw_only=True
    )
    period: Period | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Period)),
        kw_only=True,
    )
    preamble: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_str), kw_only=True
    )
    overview: Section = attrs.field(factory=Section, validator=_section, kw_only=True)
    proactive_disclosure: TableSection[ProactiveDisclosure2019 | ProactiveDisclosure2021] = (
        attrs.field(
            default=attrs.Factory(_table_section("proactive_disclosure"), takes_self=True),
            validator=_check_tables,
            kw_only=True,
        )
    )
    applications: TableSection[Applications2019 | Applications2021] = attrs.field(
        default=attrs.Factory(_table_section("applications"), takes_self=True),
        validator=_check_tables,
        kw_only=True,
    )
    review_litigation: TableSection[ReviewLitigation] = attrs.field(
        default=attrs.Factory(_table_section("review_litigation"), takes_self=True),
        validator=_check_tables,
        kw_only=True,
    )
    problems_improvements: Section = attrs.field(factory=Section, validator=_section, kw_only=True)
    other_matters: Section = attrs.field(factory=Section, validator=_section, kw_only=True)

    #: The keys of the six sections, in printed order.
    SECTION_KEYS: ClassVar[tuple[str, ...]] = SECTION_KEYS

    @classmethod
    def new(cls, agency: str, year: int, edition: Edition | int | None = None) -> Report:
        """A report with every cell zero and no narrative: what a clerk starts from.

        >>> r = Report.new("测试局", 2020)
        >>> r.proactive_disclosure.table.government_centralized_procurement.procurement_projects
        0
        """
        ed = Edition.resolve(year, edition)
        return cls(
            agency,
            year,
            ed,
            proactive_disclosure=TableSection(
                table=table_class("proactive_disclosure", ed).filled(0)
            ),
            applications=TableSection(table=table_class("applications", ed).filled(0)),
            review_litigation=TableSection(table=ReviewLitigation.filled(0)),
        )

    @property
    def title(self) -> str:
        """The printed title: agency, year and 政府信息公开工作年度报告."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def statistical_period(self) -> Period:
        """The stated period, or the calendar year when none is stated."""
        return self.period if self.period is not None else Period.of_year(self.year)

    @property
    def deadline(self) -> dt.date:
        """The statutory publishing deadline (条例 第四十九条).

        >>> Report("某局", 2024).deadline
        datetime.date(2025, 1, 31)
        """
        return self.scope.deadline(self.year)

    def section(self, key: str) -> Section:
        """The section with this key.

        >>> Report.new("某局", 2024).section("applications").table.key
        'applications'
        """
        if key not in self.SECTION_KEYS:
            raise KeyError(f"no section {key!r}; sections are {', '.join(self.SECTION_KEYS)}")
        section: Section = getattr(self, key)
        return section

    def table(self, key: str) -> Table:
        """The statutory table with this key.

        >>> Report.new("某局", 2024).table("review_litigation").review.total
        0
        """
        section = self.section(key)
        if not isinstance(section, TableSection):
            raise KeyError(f"section {key!r} carries no table")
        table: Table = section.table
        return table

    def tables(self) -> Iterator[tuple[str, Table]]:
        """The three tables as ``(key, table)`` pairs, in printed order.

        >>> [k for k, _ in Report.new("某局", 2024).tables()]
        ['proactive_disclosure', 'applications', 'review_litigation']
        """
        for key in TABLE_KEYS:
            yield key, self.table(key)
