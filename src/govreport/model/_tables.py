"""Tables: the three statutory tables of each edition."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs

from govreport.model._cells import Cell, Count, Mark, _number
from govreport.model._rows import (
    ApplicantCounts,
    CaseCounts,
    DecisionCount,
    DocumentCounts,
    FeeAmount,
    FeeItems,
    ItemCounts,
    Procurement,
    PublicationCounts,
    _Row,
)
from govreport.spec import Edition, TableSpec

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
        return cls(**{key: cls.row_class(key).filled(value) for key in cls.row_keys()})

    @classmethod
    def row_class(cls, key: str) -> type[_Row]:
        """The class of an entered row (read off its field's ``instance_of`` validator).

        >>> ReviewLitigation.row_class("review").__name__
        'CaseCounts'
        """
        field = attrs.fields_dict(cls)[key]  # type: ignore[arg-type]
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
    keys = ApplicantCounts.input_keys
    plain = [values for r in rows if (values := r.plain_counts()) is not None]
    if rows and len(plain) == len(rows):  # every cell a plain count: the column sums at once
        sums = dict(zip(keys, map(sum, zip(*plain, strict=True)), strict=True))
    else:
        sums = {k: int(sum(_number(r.cell(k)) for r in rows)) for k in keys}
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
        rows = [getattr(self, k) for k in self.outcome_keys]
        six: ApplicantCounts | None = getattr(self, "declared_other_processing", None)
        if six is not None:
            # the group row stands for its three sub-items (left blank: unknown)
            subs = self.six_keys()
            rows = [r for k, r in zip(self.outcome_keys, rows, strict=True) if k not in subs]
            rows.append(six)
        return _sum_rows(rows, None if declared is None else declared.declared_total)

    @classmethod
    def six_keys(cls) -> tuple[str, ...]:
        """The sub-items of （六）其他处理 (none in the 2019 edition, where it is one row).

        >>> Applications2021.six_keys()
        ('other_no_correction', 'other_fee_unpaid', 'other_other')
        """
        if cls.edition is None or not cls.edition.spec.table("applications").has_row(
            "other_processing"
        ):
            return ()
        spec = cls.edition.spec.table("applications")
        return tuple(r.key for r in spec.children("other_processing"))

    def row(self, key: str) -> _Row:
        if key == "results_total":
            return self.results_total
        subs = self.six_keys()
        if key == "other_processing" and subs:
            # the group row: as declared when printed as one row, else its sub-items summed
            six: ApplicantCounts | None = self.declared_other_processing  # type: ignore[attr-defined]
            return six if six is not None else _sum_rows([getattr(self, k) for k in subs], None)
        return super().row(key)

    def declared(self, row: str, column: str) -> Count | None:
        if row == "results_total":
            d: ApplicantCounts | None = self.declared_results_total  # type: ignore[attr-defined]
            if d is None:
                return None
            return d.declared_total if column == "total" else d.cell(column)  # type: ignore[return-value]
        return super().declared(row, column)


def _outcome_keys(edition: Edition) -> tuple[str, ...]:
    """The rows of table 三 that （七）总计 sums in ``edition``, in printed order."""
    return tuple(r.key for r in edition.spec.table("applications").summed_by("results_total"))


@attrs.frozen
class Applications2021(_ApplicationsCommon):
    """Table 三 in the 2021 edition: 25 rows × 7 columns, （六） in three rows.

    >>> t = Applications2021.filled(1)
    >>> t.results_total.natural_person, t.results_total.total
    (21, 126)

    A report that printed （六）其他处理 as one row keeps it as declared:

    >>> from govreport.model import BLANK
    >>> six = ApplicantCounts(natural_person=3)
    >>> blank = ApplicantCounts(*[BLANK] * 6)
    >>> t = Applications2021(other_no_correction=blank, other_fee_unpaid=blank,
    ...                      other_other=blank, declared_other_processing=six)
    >>> t.results_total.natural_person
    3
    """

    edition: ClassVar[Edition | None] = Edition.V2021
    outcome_keys: ClassVar[tuple[str, ...]] = _outcome_keys(Edition.V2021)

    other_no_correction: ApplicantCounts = _applicants()
    other_fee_unpaid: ApplicantCounts = _applicants()
    other_other: ApplicantCounts = _applicants()
    declared_results_total: ApplicantCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
    )
    carried_forward: ApplicantCounts = _applicants()
    #: （六）其他处理 as one row, when a report printed it so instead of its three
    #: sub-items (which are then left blank: unknown, not zero). The checks use it
    #: in place of the sum of the sub-items.
    declared_other_processing: ApplicantCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
    )


@attrs.frozen
class Applications2019(_ApplicationsCommon):
    """Table 三 in the 2019 edition: 23 rows × 7 columns, （六）其他处理 in one row."""

    edition: ClassVar[Edition | None] = Edition.V2019
    outcome_keys: ClassVar[tuple[str, ...]] = _outcome_keys(Edition.V2019)

    other_processing: ApplicantCounts = _applicants()
    declared_results_total: ApplicantCounts | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
    )
    carried_forward: ApplicantCounts = _applicants()


@attrs.frozen
class ReviewLitigation(Table):
    """Table 四 (the same in both editions): three groups of five columns.

    >>> from govreport.model import BLANK
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
    (cls.key, edition): cls
    for cls in (
        ProactiveDisclosure2019,
        ProactiveDisclosure2021,
        Applications2019,
        Applications2021,
        ReviewLitigation,
    )
    for edition in Edition
    if cls.edition in (None, edition)
}


def table_class(key: str, edition: Edition) -> type[Table]:
    """The model class of a table in an edition.

    >>> table_class("applications", Edition.V2019).__name__
    'Applications2019'
    """
    return _TABLE_CLASSES[key, edition]
