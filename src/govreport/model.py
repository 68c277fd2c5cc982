"""The report as typed, immutable data.

A :class:`Report` holds the agency, the year, the edition, the publishing
date, the contact block, the six sections and the three statutory tables.
Every class is a frozen attrs class: edit with :func:`attrs.evolve`.

Cells hold exactly what a printed table can hold, and keep the three
"empty-looking" values apart:

* an ``int`` (``0`` is zero),
* :data:`BLANK` -- the cell was left empty,
* :data:`NA` -- the cell reads "/" (not applicable; table 二 only).

Money is :class:`~decimal.Decimal`. Totals (the 总计 column, （七）总计, the
总计 of table 四) are computed; a total given in the input is kept as
*declared* (``declared_total``, ``declared_results_total``) so that the
checks can compare the two.

The model checks types, not arithmetic: a negative count or a "/" in table
三 can be held (a document read from elsewhere may contain one) and is
reported by :func:`govreport.check`.

>>> from govreport.model import Report, ApplicantCounts
>>> r = Report.new("某某局", 2024)
>>> r.edition, r.applications.table.granted.natural_person
(<Edition.V2021: 2021>, 0)
>>> row = ApplicantCounts(natural_person=3, commercial_enterprise=2, other_org=BLANK)
>>> row.total, row.other_org
(5, <Mark.BLANK: ''>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar

import attrs

from govreport.spec import Edition, TableSpec

__all__ = [
    "BLANK",
    "NA",
    "Amount",
    "AmountCell",
    "ApplicantCounts",
    "Applications",
    "Applications2019",
    "Applications2021",
    "CaseCounts",
    "Cell",
    "Contact",
    "Count",
    "DecisionCount",
    "DocumentCounts",
    "FeeAmount",
    "FeeItems",
    "ItemCounts",
    "Mark",
    "Money",
    "Paragraph",
    "Period",
    "ProactiveDisclosure",
    "ProactiveDisclosure2019",
    "ProactiveDisclosure2021",
    "Procurement",
    "PublicationCounts",
    "Report",
    "ReviewLitigation",
    "Scope",
    "Section",
    "Table",
    "TableSection",
    "Unit",
]


class Mark(enum.Enum):
    """A cell that holds no number: left blank, or "/" (not applicable).

    >>> Mark("/") is NA, Mark("") is BLANK
    (True, True)
    """

    BLANK = ""
    NA = "/"

    def __repr__(self) -> str:
        return f"<Mark.{self.name}: {self.value!r}>"


#: A cell left empty.
BLANK = Mark.BLANK
#: A cell that reads "/" (not applicable).
NA = Mark.NA


class Unit(enum.Enum):
    """The unit of an amount of money.

    >>> Unit("万元").factor
    Decimal('10000')
    """

    YUAN = "元"
    WAN_YUAN = "万元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one unit is."""
        return Decimal(1) if self is Unit.YUAN else Decimal(10000)


@attrs.frozen
class Amount:
    """A sum of money with its unit, as the 2019 edition's 采购总金额 prints it ("35765元").

    >>> a = Amount(Decimal("35765"), Unit.YUAN)
    >>> str(a), a.in_yuan()
    ('35765元', Decimal('35765'))
    """

    value: Decimal = attrs.field(validator=attrs.validators.instance_of(Decimal))
    unit: Unit = attrs.field(default=Unit.YUAN, validator=attrs.validators.instance_of(Unit))

    def __str__(self) -> str:
        return f"{self.value}{self.unit.value}"

    def in_yuan(self) -> Decimal:
        """The amount in 元."""
        return self.value * self.unit.factor


#: A count cell: a whole number, :data:`BLANK` or :data:`NA`.
Count: TypeAlias = int | Mark
#: A money cell in 万元: a Decimal, :data:`BLANK` or :data:`NA`.
Money: TypeAlias = Decimal | Mark
#: An amount cell with its own unit: an :class:`Amount`, :data:`BLANK` or :data:`NA`.
AmountCell: TypeAlias = Amount | Mark
#: Any cell.
Cell: TypeAlias = int | Decimal | Amount | Mark


def _check_count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Mark) or (isinstance(value, int) and not isinstance(value, bool)):
        return
    raise TypeError(
        f"{attribute.name}: a count is an int, BLANK or NA, not {type(value).__name__} {value!r}"
    )


def _check_optional_count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_count(inst, attribute, value)


def _check_money(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Decimal | Mark):
        return
    raise TypeError(
        f"{attribute.name}: money is a Decimal, BLANK or NA, not {type(value).__name__} {value!r}"
    )


def _check_amount(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Amount | Mark):
        return
    raise TypeError(
        f"{attribute.name}: an amount is an Amount, BLANK or NA, not {type(value).__name__} {value!r}"
    )


def _count(default: Count = BLANK) -> Any:
    return attrs.field(default=default, validator=_check_count)


def _declared() -> Any:
    return attrs.field(default=None, validator=_check_optional_count, kw_only=True)


def _number(value: Cell) -> int | Decimal:
    """A cell's contribution to a sum: blank and "/" count as zero."""
    if isinstance(value, Mark):
        return 0
    if isinstance(value, Amount):
        return value.in_yuan()
    return value


# --------------------------------------------------------------------------- rows


class _Row:
    """What every row class offers: its cells by column key."""

    __slots__ = ()

    #: The keys of the entered (not derived) cells, in printed order.
    input_keys: ClassVar[tuple[str, ...]]

    def cell(self, column: str) -> Cell:
        """The value of a column (``total`` is computed where the row has one).

        >>> ApplicantCounts(natural_person=2, other_org=1).cell("total")
        3
        """
        value: Cell = getattr(self, column)
        return value

    def cells(self) -> Iterator[tuple[str, Cell]]:
        """The entered cells as ``(column, value)`` pairs, in printed order.

        >>> list(CaseCounts(maintained=1).cells())[:2]
        [('maintained', 1), ('corrected', <Mark.BLANK: ''>)]
        """
        for key in self.input_keys:
            yield key, getattr(self, key)

    @classmethod
    def filled(cls, value: Count = 0) -> Any:
        """A row with every entered cell set to ``value`` (zero by default).

        >>> DocumentCounts.filled().issued_this_year
        0
        """
        return cls(**dict.fromkeys(cls.input_keys, value))


@attrs.frozen
class ApplicantCounts(_Row):
    """One row of table 三: the six applicant columns, and the 总计 column.

    ``total`` is computed; ``declared_total`` is the 总计 as the input gave
    it (``None`` when the input gave none).

    >>> ApplicantCounts(1, 2, 0, 0, 0, 4, declared_total=8).total
    7
    """

    input_keys: ClassVar[tuple[str, ...]] = (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "public_interest_org",
        "legal_service_org",
        "other_org",
    )

    natural_person: Count = _count()
    commercial_enterprise: Count = _count()
    research_institution: Count = _count()
    public_interest_org: Count = _count()
    legal_service_org: Count = _count()
    other_org: Count = _count()
    declared_total: Count | None = _declared()

    @property
    def total(self) -> int:
        """The 总计 column: the sum of the six applicant columns (blank counts as 0)."""
        return int(
            _number(self.natural_person)
            + _number(self.commercial_enterprise)
            + _number(self.research_institution)
            + _number(self.public_interest_org)
            + _number(self.legal_service_org)
            + _number(self.other_org)
        )


@attrs.frozen
class CaseCounts(_Row):
    """One group of table 四 (行政复议, 未经复议直接起诉 or 复议后起诉).

    >>> CaseCounts(maintained=5, pending=2).total
    7
    """

    input_keys: ClassVar[tuple[str, ...]] = ("maintained", "corrected", "other", "pending")

    maintained: Count = _count()
    corrected: Count = _count()
    other: Count = _count()
    pending: Count = _count()
    declared_total: Count | None = _declared()

    @property
    def total(self) -> int:
        """The 总计 column: 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
        return int(
            _number(self.maintained)
            + _number(self.corrected)
            + _number(self.other)
            + _number(self.pending)
        )


@attrs.frozen
class DocumentCounts(_Row):
    """A 2021 table 二 row of 第二十条第（一）项 (规章, 行政规范性文件).

    >>> DocumentCounts(issued_this_year=8, repealed_this_year=26, currently_effective=66).cell("repealed_this_year")
    26
    """

    input_keys: ClassVar[tuple[str, ...]] = (
        "issued_this_year",
        "repealed_this_year",
        "currently_effective",
    )

    issued_this_year: Count = _count()
    repealed_this_year: Count = _count()
    currently_effective: Count = _count()


@attrs.frozen
class DecisionCount(_Row):
    """A 2021 table 二 row of 第二十条第（五）（六）项: 本年处理决定数量.

    >>> DecisionCount(447228).decisions_this_year
    447228
    """

    input_keys: ClassVar[tuple[str, ...]] = ("decisions_this_year",)

    decisions_this_year: Count = _count()


@attrs.frozen
class FeeAmount(_Row):
    """The 2021 table 二 row 行政事业性收费: 本年收费金额（单位：万元）.

    >>> FeeAmount(Decimal("96171.6")).fee_amount_this_year
    Decimal('96171.6')
    """

    input_keys: ClassVar[tuple[str, ...]] = ("fee_amount_this_year",)

    fee_amount_this_year: Money = attrs.field(default=BLANK, validator=_check_money)

    @classmethod
    def filled(cls, value: Count = 0) -> FeeAmount:
        """A row whose amount is ``value`` (zero by default).

        >>> FeeAmount.filled().fee_amount_this_year
        Decimal('0')
        """
        return cls(value if isinstance(value, Mark) else Decimal(value))


@attrs.frozen
class PublicationCounts(_Row):
    """A 2019 table 二 row of 第二十条第（一）项 (规章, 规范性文件).

    >>> PublicationCounts(13, 13, 524).total_published
    524
    """

    input_keys: ClassVar[tuple[str, ...]] = (
        "newly_made_this_year",
        "newly_published_this_year",
        "total_published",
    )

    newly_made_this_year: Count = _count()
    newly_published_this_year: Count = _count()
    total_published: Count = _count()


@attrs.frozen
class ItemCounts(_Row):
    """A 2019 table 二 row of 第二十条第（五）（六）项.

    ``change_this_year`` (本年增/减) may be negative.

    >>> ItemCounts(prior_year_items=12, change_this_year=-2, decisions=40).change_this_year
    -2
    """

    input_keys: ClassVar[tuple[str, ...]] = ("prior_year_items", "change_this_year", "decisions")

    prior_year_items: Count = _count()
    change_this_year: Count = _count()
    decisions: Count = _count()


@attrs.frozen
class FeeItems(_Row):
    """The 2019 table 二 row 行政事业性收费 (第二十条第（八）项).

    >>> list(FeeItems(3, 0).cells())
    [('prior_year_items', 3), ('change_this_year', 0)]
    """

    input_keys: ClassVar[tuple[str, ...]] = ("prior_year_items", "change_this_year")

    prior_year_items: Count = _count()
    change_this_year: Count = _count()


@attrs.frozen
class Procurement(_Row):
    """The 2019 table 二 row 政府集中采购 (第二十条第（九）项).

    >>> Procurement(2, Amount(Decimal(35765))).procurement_total_amount
    Amount(value=Decimal('35765'), unit=<Unit.YUAN: '元'>)
    """

    input_keys: ClassVar[tuple[str, ...]] = ("procurement_projects", "procurement_total_amount")

    procurement_projects: Count = _count()
    procurement_total_amount: AmountCell = attrs.field(default=BLANK, validator=_check_amount)

    @classmethod
    def filled(cls, value: Count = 0) -> Procurement:
        """A row with ``value`` projects and an amount of ``value`` 元."""
        amount: AmountCell = value if isinstance(value, Mark) else Amount(Decimal(value))
        return cls(value, amount)


# --------------------------------------------------------------------------- tables

_R = TypeVar("_R", bound=_Row)


def _row(cls: type[_R]) -> Any:
    return attrs.field(factory=cls, validator=attrs.validators.instance_of(cls))


class Table:
    """What every statutory table offers: rows and cells by their public keys.

    Subclasses name their :attr:`edition` (``None``: the same in both) and
    their :attr:`key` (``proactive_disclosure``, ``applications`` or
    ``review_litigation``).
    """

    __slots__ = ()

    key: ClassVar[str]
    edition: ClassVar[Edition | None]

    @classmethod
    def spec_for(cls, edition: Edition) -> TableSpec:
        """The statutory specification of this table in an edition.

        >>> ReviewLitigation.spec_for(Edition.V2019).title
        '政府信息公开行政复议、行政诉讼情况'
        """
        return edition.spec.table(cls.key)

    @classmethod
    def row_keys(cls) -> tuple[str, ...]:
        """The keys of the entered rows (computed rows excluded), in printed order.

        >>> len(Applications2021.row_keys()), len(Applications2019.row_keys())
        (24, 22)
        """
        return tuple(f.name for f in attrs.fields(cls) if not f.name.startswith("declared_"))  # type: ignore[arg-type]

    def row(self, key: str) -> _Row:
        """The row with this key (computed rows included).

        >>> Applications2021().row("results_total").natural_person
        0
        """
        if key.startswith(("_", "declared")):
            raise KeyError(key)
        try:
            value = getattr(self, key)
        except AttributeError:
            raise KeyError(f"table {self.key!r} has no row {key!r}") from None
        if not isinstance(value, _Row):
            raise KeyError(f"table {self.key!r} has no row {key!r}")
        return value

    def cell(self, row: str, column: str) -> Cell:
        """The value of a cell; derived cells are computed.

        >>> t = Applications2021(granted=ApplicantCounts(natural_person=4))
        >>> t.cell("granted", "total"), t.cell("results_total", "natural_person")
        (4, 4)
        """
        return self.row(row).cell(column)

    def declared(self, row: str, column: str) -> Count | None:
        """A computed cell as the input declared it (``None``: not declared).

        Entered cells are returned as they are.

        >>> ReviewLitigation(review=CaseCounts(1, declared_total=0)).declared("review", "total")
        0
        """
        r = self.row(row)
        if column == "total":
            declared: Count | None = getattr(r, "declared_total", None)
            return declared
        value = r.cell(column)
        if isinstance(value, int | Mark):
            return value
        raise KeyError(f"{row}.{column} is not a count")

    def rows(self) -> Iterator[tuple[str, _Row]]:
        """The entered rows as ``(key, row)`` pairs, in printed order."""
        for key in self.row_keys():
            yield key, getattr(self, key)

    @classmethod
    def filled(cls, value: Count = 0) -> Any:
        """A table whose every entered cell is ``value`` (zero by default).

        >>> ReviewLitigation.filled().review.total
        0
        """
        return cls(**{key: _row_class(cls, key).filled(value) for key in cls.row_keys()})


def _row_class(table: type[Table], key: str) -> type[_Row]:
    """The row class of a table's field (read off its ``instance_of`` validator)."""
    field = attrs.fields_dict(table)[key]  # type: ignore[arg-type]
    row_class: type[_Row] = field.validator.type  # type: ignore[union-attr]
    return row_class


@attrs.frozen
class ProactiveDisclosure2021(Table):
    """Table 二 in the 2021 edition: 10 cells.

    >>> ProactiveDisclosure2021.filled().administrative_fees.fee_amount_this_year
    Decimal('0')
    """

    key: ClassVar[str] = "proactive_disclosure"
    edition: ClassVar[Edition | None] = Edition.V2021

    regulations: DocumentCounts = _row(DocumentCounts)
    normative_documents: DocumentCounts = _row(DocumentCounts)
    administrative_licensing: DecisionCount = _row(DecisionCount)
    administrative_penalty: DecisionCount = _row(DecisionCount)
    administrative_coercion: DecisionCount = _row(DecisionCount)
    administrative_fees: FeeAmount = _row(FeeAmount)


@attrs.frozen
class ProactiveDisclosure2019(Table):
    """Table 二 in the 2019 edition: 22 cells."""

    key: ClassVar[str] = "proactive_disclosure"
    edition: ClassVar[Edition | None] = Edition.V2019

    regulations: PublicationCounts = _row(PublicationCounts)
    normative_documents: PublicationCounts = _row(PublicationCounts)
    administrative_licensing: ItemCounts = _row(ItemCounts)
    other_external_management_services: ItemCounts = _row(ItemCounts)
    administrative_penalty: ItemCounts = _row(ItemCounts)
    administrative_coercion: ItemCounts = _row(ItemCounts)
    administrative_fees: FeeItems = _row(FeeItems)
    government_centralized_procurement: Procurement = _row(Procurement)


def _applicants() -> Any:
    return _row(ApplicantCounts)


def _sum_rows(rows: list[ApplicantCounts], declared: Count | None) -> ApplicantCounts:
    sums = {k: int(sum(_number(r.cell(k)) for r in rows)) for k in ApplicantCounts.input_keys}
    return ApplicantCounts(**sums, declared_total=declared)


@attrs.frozen
class _ApplicationsCommon(Table):
    key: ClassVar[str] = "applications"
    #: The rows summed into （七）总计, in printed order.
    outcome_keys: ClassVar[tuple[str, ...]]

    new_received: ApplicantCounts = _applicants()
    carried_over: ApplicantCounts = _applicants()
    granted: ApplicantCounts = _applicants()
    partially_granted: ApplicantCounts = _applicants()
    denied_state_secret: ApplicantCounts = _applicants()
    denied_prohibited_by_law: ApplicantCounts = _applicants()
    denied_three_security_one_stability: ApplicantCounts = _applicants()
    denied_third_party_rights: ApplicantCounts = _applicants()
    denied_internal_affairs: ApplicantCounts = _applicants()
    denied_process_information: ApplicantCounts = _applicants()
    denied_enforcement_case_files: ApplicantCounts = _applicants()
    denied_administrative_inquiry: ApplicantCounts = _applicants()
    unable_not_held: ApplicantCounts = _applicants()
    unable_needs_creation: ApplicantCounts = _applicants()
    unable_unclear_after_correction: ApplicantCounts = _applicants()
    not_processed_petition_complaint: ApplicantCounts = _applicants()
    not_processed_repeated: ApplicantCounts = _applicants()
    not_processed_publication: ApplicantCounts = _applicants()
    not_processed_excessive: ApplicantCounts = _applicants()
    not_processed_confirm_or_reissue: ApplicantCounts = _applicants()

    @property
    def results_total(self) -> ApplicantCounts:
        """（七）总计, computed: every outcome row summed per column.

        Its ``declared_total`` is the 总计 × 总计 cell as declared.
        """
        declared = self.declared_results_total  # type: ignore[attr-defined]
        return _sum_rows(
            [getattr(self, k) for k in self.outcome_keys],
            None if declared is None else declared.declared_total,
        )

    def row(self, key: str) -> _Row:
        if key == "results_total":
            return self.results_total
        return super().row(key)

    def declared(self, row: str, column: str) -> Count | None:
        if row == "results_total":
            d: ApplicantCounts | None = self.declared_results_total  # type: ignore[attr-defined]
            if d is None:
                return None
            return d.declared_total if column == "total" else d.cell(column)  # type: ignore[return-value]
        return super().declared(row, column)


_OUTCOMES_COMMON = (
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_three_security_one_stability",
    "denied_third_party_rights",
    "denied_internal_affairs",
    "denied_process_information",
    "denied_enforcement_case_files",
    "denied_administrative_inquiry",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear_after_correction",
    "not_processed_petition_complaint",
    "not_processed_repeated",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirm_or_reissue",
)


@attrs.frozen
class Applications2021(_ApplicationsCommon):
    """Table 三 in the 2021 edition: 25 rows × 7 columns, （六） in three rows.

    >>> t = Applications2021.filled(1)
    >>> t.results_total.natural_person, t.results_total.total
    (21, 126)
    """

    edition: ClassVar[Edition | None] = Edition.V2021
    outcome_keys: ClassVar[tuple[str, ...]] = (
        *_OUTCOMES_COMMON,
        "other_no_correction",
        "other_fee_unpaid",
        "other_other",
    )

    other_no_correction: ApplicantCounts = _applicants()
    other_fee_unpaid: ApplicantCounts = _applicants()
    other_other: ApplicantCounts = _applicants()
    declared_results_total: ApplicantCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
    )
    carried_forward: ApplicantCounts = _applicants()


@attrs.frozen
class Applications2019(_ApplicationsCommon):
    """Table 三 in the 2019 edition: 23 rows × 7 columns, （六）其他处理 in one row."""

    edition: ClassVar[Edition | None] = Edition.V2019
    outcome_keys: ClassVar[tuple[str, ...]] = (*_OUTCOMES_COMMON, "other_processing")

    other_processing: ApplicantCounts = _applicants()
    declared_results_total: ApplicantCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
    )
    carried_forward: ApplicantCounts = _applicants()


@attrs.frozen
class ReviewLitigation(Table):
    """Table 四 (the same in both editions): three groups of five columns.

    >>> t = ReviewLitigation(review=CaseCounts(5, BLANK, BLANK, 2, declared_total=7))
    >>> t.cell("review", "total"), t.declared("review", "total")
    (7, 7)
    """

    key: ClassVar[str] = "review_litigation"
    edition: ClassVar[Edition | None] = None

    review: CaseCounts = _row(CaseCounts)
    litigation_direct: CaseCounts = _row(CaseCounts)
    litigation_after_review: CaseCounts = _row(CaseCounts)


ProactiveDisclosure: TypeAlias = ProactiveDisclosure2019 | ProactiveDisclosure2021
Applications: TypeAlias = Applications2019 | Applications2021

_TABLE_CLASSES: dict[tuple[str, Edition], type[Table]] = {
    ("proactive_disclosure", Edition.V2019): ProactiveDisclosure2019,
    ("proactive_disclosure", Edition.V2021): ProactiveDisclosure2021,
    ("applications", Edition.V2019): Applications2019,
    ("applications", Edition.V2021): Applications2021,
    ("review_litigation", Edition.V2019): ReviewLitigation,
    ("review_litigation", Edition.V2021): ReviewLitigation,
}


def table_class(key: str, edition: Edition) -> type[Table]:
    """The model class of a table in an edition.

    >>> table_class("applications", Edition.V2019).__name__
    'Applications2019'
    """
    return _TABLE_CLASSES[key, edition]


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

    def deadline(self, year: int) -> dt.date:
        """The statutory publishing deadline of the report for ``year``."""
        return dt.date(year + 1, 3 if self is Scope.GOVERNMENT else 1, 31)


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
    SECTION_KEYS: ClassVar[tuple[str, ...]] = (
        "overview",
        "proactive_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    )

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
        """The three tables as ``(key, table)`` pairs, in printed order."""
        for key in ("proactive_disclosure", "applications", "review_litigation"):
            yield key, self.table(key)
