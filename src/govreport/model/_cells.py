"""Cells: what one cell of a statutory table can hold."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, TypeAlias

import attrs


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


def _plain_int(value: Any) -> Any:
    """A count given as an int subclass (an ``IntEnum``, a caller's own count type) as a plain int.

    The same number, held as what every check, sum and print reads a count as.

    >>> import enum
    >>> class Level(enum.IntEnum):
    ...     HIGH = 3
    >>> type(_plain_int(Level.HIGH)), _plain_int(Level.HIGH), _plain_int(True)
    (<class 'int'>, 3, True)
    """
    if type(value) is not int and isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value


def _count(default: Count = BLANK) -> Any:
    return attrs.field(default=default, converter=_plain_int, validator=_check_count)


def _declared() -> Any:
    return attrs.field(
        default=None, converter=_plain_int, validator=_check_optional_count, kw_only=True
    )


def _number(value: Cell) -> int | Decimal:
    """A cell's contribution to a sum: blank and "/" count as zero."""
    if isinstance(value, Mark):
        return 0
    if isinstance(value, Amount):
        return value.in_yuan()
    return value
