"""Rows: the row classes of the three statutory tables.

Each class names the columns of the official format it holds
(:attr:`_Row.columns`, read off :mod:`govreport.spec`); its entered keys and
its computed 总计 follow from them. The attrs fields are written out, so that
type checkers see them; a test holds them equal to the spec's columns.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from govreport.model._cells import (
    BLANK,
    Amount,
    AmountCell,
    Cell,
    Count,
    Mark,
    Money,
    _check_amount,
    _check_money,
    _count,
    _declared,
    _number,
)
from govreport.spec import APPLICANT_COLUMNS, CASE_COLUMNS, ColumnSpec, Edition

# --------------------------------------------------------------------------- rows


class _Row:
    """What every row class offers: its cells by column key."""

    __slots__ = ()

    #: The columns of the official format the row holds, derived ones included.
    columns: ClassVar[tuple[ColumnSpec, ...]]
    #: The keys of the entered (not derived) cells, in printed order.
    input_keys: ClassVar[tuple[str, ...]]

    def cell(self, column: str) -> Cell:
        """The value of a column (``total`` is computed where the row has one).

        >>> ApplicantCounts(natural_person=2, other_org=1).cell("total")
        3
        """
        value: Cell = getattr(self, column)
        return value

    def plain_counts(self) -> tuple[int, ...] | None:
        """The entered cells in printed order when every one is a plain count (an ``int``), else ``None``.

        The fast path of sums and printing: a blank, a "/" or money takes the general one.

        >>> CaseCounts(1, 2, 3, 4).plain_counts()
        (1, 2, 3, 4)
        >>> CaseCounts(maintained=1).plain_counts() is None  # the other cells are blank
        True
        """
        values = _entered_getter(type(self))(self)
        for v in values:
            if type(v) is not int:
                return None
        return values

    def plain_cells(self) -> dict[str, int] | None:
        """Every cell by column key, derived ones too, when every entered cell is a plain count, else ``None``.

        What :meth:`cell` gives for each column, read at once.

        >>> DocumentCounts(8, 26, 66).plain_cells()
        {'issued_this_year': 8, 'repealed_this_year': 26, 'currently_effective': 66}
        """
        values = self.plain_counts()
        if values is None or len(values) != len(self.columns):  # a derived column: see subclasses
            return None
        return dict(zip(self.input_keys, values, strict=True))

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


_GETTERS: dict[type[_Row], Callable[[Any], tuple[Any, ...]]] = {}


def _entered_getter(cls: type[_Row]) -> Callable[[Any], tuple[Any, ...]]:
    """The entered cells of a row of ``cls`` as one tuple, read in one call (made once per class)."""
    getter = _GETTERS.get(cls)
    if getter is None:
        keys = cls.input_keys
        if len(keys) == 1:
            (key,) = keys
            getter = lambda row: (getattr(row, key),)  # noqa: E731 - attrgetter of one name is no tuple
        else:
            getter = operator.attrgetter(*keys)
        _GETTERS[cls] = getter
    return getter


def _entered(columns: tuple[ColumnSpec, ...]) -> tuple[str, ...]:
    """The keys of the columns that are entered, not derived."""
    return tuple(c.key for c in columns if not c.derived)


def _block(edition: Edition, key: str) -> tuple[ColumnSpec, ...]:
    """The columns of a table 二 block."""
    return edition.spec.table("proactive_disclosure").block(key).columns


class _TotalledRow(_Row):
    """A row with a computed 总计 column: the sum of its entered cells."""

    __slots__ = ()

    @property
    def total(self) -> int:
        """The 总计 column: the sum of the entered cells (blank counts as 0).

        >>> CaseCounts(maintained=5, pending=2).total
        7
        """
        values = self.plain_counts()
        if values is not None:
            return sum(values)
        return int(sum(_number(getattr(self, k)) for k in self.input_keys))

    def plain_cells(self) -> dict[str, int] | None:
        """The entered cells and 总计 by column key when every entered cell is a plain count, else ``None``.

        >>> CaseCounts(1, 2, 3, 4).plain_cells()
        {'maintained': 1, 'corrected': 2, 'other': 3, 'pending': 4, 'total': 10}
        """
        values = self.plain_counts()
        if values is None:
            return None
        cells = dict(zip(self.input_keys, values, strict=True))
        cells["total"] = sum(values)
        return cells


@attrs.frozen
class ApplicantCounts(_TotalledRow):
    """One row of table 三: the six applicant columns, and the 总计 column.

    ``total`` is computed; ``declared_total`` is the 总计 as the input gave
    it (``None`` when the input gave none).

    >>> ApplicantCounts(1, 2, 0, 0, 0, 4, declared_total=8).total
    7
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = APPLICANT_COLUMNS
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    natural_person: Count = _count()
    commercial_enterprise: Count = _count()
    research_institution: Count = _count()
    public_interest_org: Count = _count()
    legal_service_org: Count = _count()
    other_org: Count = _count()
    declared_total: Count | None = _declared()


@attrs.frozen
class CaseCounts(_TotalledRow):
    """One group of table 四 (行政复议, 未经复议直接起诉 or 复议后起诉).

    >>> CaseCounts(maintained=5, pending=2).total
    7
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = CASE_COLUMNS
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    maintained: Count = _count()
    corrected: Count = _count()
    other: Count = _count()
    pending: Count = _count()
    declared_total: Count | None = _declared()


@attrs.frozen
class DocumentCounts(_Row):
    """A 2021 table 二 row of 第二十条第（一）项 (规章, 行政规范性文件).

    >>> DocumentCounts(issued_this_year=8, repealed_this_year=26, currently_effective=66).cell("repealed_this_year")
    26
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2021, "art20_item1")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    issued_this_year: Count = _count()
    repealed_this_year: Count = _count()
    currently_effective: Count = _count()


@attrs.frozen
class DecisionCount(_Row):
    """A 2021 table 二 row of 第二十条第（五）（六）项: 本年处理决定数量.

    >>> DecisionCount(447228).decisions_this_year
    447228
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2021, "art20_item5")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    decisions_this_year: Count = _count()


@attrs.frozen
class FeeAmount(_Row):
    """The 2021 table 二 row 行政事业性收费: 本年收费金额（单位：万元）.

    >>> FeeAmount(Decimal("96171.6")).fee_amount_this_year
    Decimal('96171.6')
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2021, "art20_item8")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

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

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2019, "art20_item1")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

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

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2019, "art20_item5")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    prior_year_items: Count = _count()
    change_this_year: Count = _count()
    decisions: Count = _count()


@attrs.frozen
class FeeItems(_Row):
    """The 2019 table 二 row 行政事业性收费 (第二十条第（八）项).

    >>> list(FeeItems(3, 0).cells())
    [('prior_year_items', 3), ('change_this_year', 0)]
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2019, "art20_item8")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    prior_year_items: Count = _count()
    change_this_year: Count = _count()


@attrs.frozen
class Procurement(_Row):
    """The 2019 table 二 row 政府集中采购 (第二十条第（九）项).

    >>> Procurement(2, Amount(Decimal(35765))).procurement_total_amount
    Amount(value=Decimal('35765'), unit=<Unit.YUAN: '元'>)
    """

    columns: ClassVar[tuple[ColumnSpec, ...]] = _block(Edition.V2019, "art20_item9")
    input_keys: ClassVar[tuple[str, ...]] = _entered(columns)

    procurement_projects: Count = _count()
    procurement_total_amount: AmountCell = attrs.field(default=BLANK, validator=_check_amount)

    @classmethod
    def filled(cls, value: Count = 0) -> Procurement:
        """A row with ``value`` projects and an amount of ``value`` 元."""
        amount: AmountCell = value if isinstance(value, Mark) else Amount(Decimal(value))
        return cls(value, amount)
