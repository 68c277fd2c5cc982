"""Editions, sections, tables, rows and columns of the official format (``govreport.spec`` exports them)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from functools import cached_property

import attrs

__all__ = [
    "APPLICANT_COLUMNS",
    "CASE_COLUMNS",
    "SECTION_KEYS",
    "TABLE_KEYS",
    "BlockSpec",
    "CellKind",
    "ColumnSpec",
    "Edition",
    "EditionSpec",
    "RowKind",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
]


class CellKind(enum.Enum):
    """What a data cell holds.

    >>> CellKind.COUNT.value
    'count'
    """

    #: A non-negative whole number.
    COUNT = "count"
    #: A whole number that may be negative (2019 edition 本年增/减).
    SIGNED_COUNT = "signed_count"
    #: A non-negative Decimal in 万元 (2021 edition 本年收费金额).
    MONEY_WAN = "money_wan"
    #: A non-negative Decimal with an explicit unit, 元 or 万元 (2019 edition 采购总金额).
    AMOUNT = "amount"


class RowKind(enum.Enum):
    """Whether a row carries numbers.

    >>> RowKind.GROUP.value
    'group'
    """

    #: A row of numbers entered by the agency.
    DATA = "data"
    #: A heading row that spans its children and carries no numbers.
    GROUP = "group"
    #: A row whose numbers are computed from other rows (（七）总计).
    TOTAL = "total"


@attrs.frozen
class ColumnSpec:
    """One column of a statutory table.

    ``derived`` columns (the 总计 columns) are computed from the others; a
    value given for them in the input is kept as *declared*.

    >>> total = APPLICANT_COLUMNS[-1]
    >>> total.key, total.label, total.derived
    ('total', '总计', True)
    """

    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    #: The printed label of the header that spans this column, if any.
    group: str | None = None
    derived: bool = False
    #: Whether "/" (not applicable) is an acceptable value.
    allows_na: bool = False


@attrs.frozen
class BlockSpec:
    """A captioned block of table 二 (第二十条第（一）项 …).

    >>> b = Edition.V2021.spec.table("proactive_disclosure").block("art20_item8")
    >>> b.caption, [c.label for c in b.columns]
    ('第二十条第（八）项', ['本年收费金额（单位：万元）'])
    """

    key: str
    caption: str
    label_header: str
    columns: tuple[ColumnSpec, ...]


@attrs.frozen
class RowSpec:
    """One row of a statutory table, or a group heading row."""

    key: str
    label: str
    kind: RowKind = RowKind.DATA
    level: int = 0
    parent: str | None = None
    #: The columns of this row (table 二 rows take their block's columns).
    columns: tuple[ColumnSpec, ...] = ()
    #: The block (table 二 only).
    block: str | None = None
    #: Further spellings accepted when reading (not printed).
    aliases: tuple[str, ...] = ()

    @property
    def has_numbers(self) -> bool:
        """Whether the row carries cells (data and total rows do, groups do not).

        >>> Edition.V2021.spec.table("applications").row("denied").has_numbers
        False
        """
        return self.kind is not RowKind.GROUP

    @property
    def input_columns(self) -> tuple[ColumnSpec, ...]:
        """The columns that are entered, not derived.

        >>> [c.key for c in Edition.V2021.spec.table("review_litigation").row("review").input_columns]
        ['maintained', 'corrected', 'other', 'pending']
        """
        return tuple(c for c in self.columns if not c.derived)

    def column(self, key: str) -> ColumnSpec:
        """The column with this key.

        >>> Edition.V2019.spec.table("proactive_disclosure").row("administrative_fees").column("change_this_year").kind
        <CellKind.SIGNED_COUNT: 'signed_count'>
        """
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"row {self.key!r} has no column {key!r}")


@attrs.frozen
class TableSpec:
    """One of the three statutory tables of an edition."""

    key: str
    #: The section number the table belongs to (二, 三 or 四).
    number: str
    title: str
    rows: tuple[RowSpec, ...]
    #: The columns as the header prints them, left to right (tables 三 and 四).
    columns: tuple[ColumnSpec, ...] = ()
    blocks: tuple[BlockSpec, ...] = ()
    #: The printed note in the top-left header cell (table 三).
    header_note: str | None = None
    #: The label spanning the applicant columns (table 三).
    column_group_label: str | None = None

    @cached_property
    def _rows_by_key(self) -> dict[str, RowSpec]:
        return {r.key: r for r in self.rows}

    @property
    def data_rows(self) -> tuple[RowSpec, ...]:
        """The rows that carry numbers, in printed order (including （七）总计).

        >>> len(Edition.V2019.spec.table("applications").data_rows)
        23
        """
        return tuple(r for r in self.rows if r.has_numbers)

    def has_row(self, key: str) -> bool:
        """Whether the table has a row (or group) with this key.

        >>> t = Edition.V2019.spec.table("applications")
        >>> t.has_row("other_processing"), t.has_row("other_fee_unpaid")
        (True, False)
        """
        return key in self._rows_by_key

    def row(self, key: str) -> RowSpec:
        """The row (or group) with this key.

        >>> Edition.V2021.spec.table("applications").row("results").kind
        <RowKind.GROUP: 'group'>
        """
        try:
            return self._rows_by_key[key]
        except KeyError:
            raise KeyError(f"table {self.key!r} has no row {key!r}") from None

    def children(self, key: str | None) -> tuple[RowSpec, ...]:
        """The rows directly under a group (``None``: the top-level rows).

        >>> [r.key for r in Edition.V2021.spec.table("applications").children("unable")]
        ['unable_not_held', 'unable_needs_creation', 'unable_unclear_after_correction']
        """
        return tuple(r for r in self.rows if r.parent == key)

    def summed_by(self, key: str) -> tuple[RowSpec, ...]:
        """The data rows a total row sums: every data row under the total's group, in printed order.

        >>> [r.key for r in Edition.V2019.spec.table("applications").summed_by("results_total")][-3:]
        ['not_processed_excessive', 'not_processed_confirm_or_reissue', 'other_processing']
        """
        total = self.row(key)
        if total.kind is not RowKind.TOTAL:
            raise KeyError(f"row {key!r} of table {self.key!r} is not a total")

        def under(row: RowSpec) -> bool:
            parent = row.parent
            while parent is not None:
                if parent == total.parent:
                    return True
                parent = self.row(parent).parent
            return total.parent is None

        return tuple(r for r in self.rows if r.kind is RowKind.DATA and under(r))

    def cells(self) -> Iterator[tuple[RowSpec, ColumnSpec]]:
        """Every cell of the table, row by row, as printed (derived cells included).

        >>> sum(1 for _ in Edition.V2021.spec.table("proactive_disclosure").cells())
        10
        """
        for r in self.data_rows:
            for c in r.columns:
                yield r, c

    def block(self, key: str) -> BlockSpec:
        """The table 二 block with this key.

        >>> Edition.V2019.spec.table("proactive_disclosure").block("art20_item9").caption
        '第二十条第（九）项'
        """
        for b in self.blocks:
            if b.key == key:
                return b
        raise KeyError(f"table {self.key!r} has no block {key!r}")


@attrs.frozen
class SectionSpec:
    """One of the six numbered sections."""

    key: str
    number: str
    title: str
    #: The key of the table the section carries, if any.
    table: str | None = None
    #: Titles seen in published reports, accepted when reading.
    variants: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The printed heading: number, 、 and title.

        >>> Edition.V2021.spec.section("other_matters").heading
        '六、其他需要报告的事项'
        """
        return f"{self.number}、{self.title}"


class Edition(enum.IntEnum):
    """An edition of the official format, named by the year it was issued.

    >>> Edition(2021).spec.doc_number
    '国办公开办函〔2021〕30号'
    >>> str(Edition.V2019)
    '2019'
    """

    V2019 = 2019
    V2021 = 2021

    @classmethod
    def for_year(cls, year: int) -> Edition:
        """The edition that the law requires for a report year.

        >>> Edition.for_year(2021)
        <Edition.V2021: 2021>
        """
        if year < 2019:
            raise ValueError(
                f"年度 {year}：统一格式自 2019 年度报告起施行 (no statutory format before 2019)"
            )
        return cls.V2019 if year <= 2020 else cls.V2021

    @classmethod
    def resolve(cls, year: int, edition: Edition | int | None = None) -> Edition:
        """The edition given explicitly, or else the one the report year requires.

        >>> Edition.resolve(2024), Edition.resolve(2024, 2019)
        (<Edition.V2021: 2021>, <Edition.V2019: 2019>)
        """
        return cls.for_year(year) if edition is None else cls(edition)

    @property
    def spec(self) -> EditionSpec:
        """The full specification of this edition."""
        return _EDITIONS[self]

    @property
    def years(self) -> str:
        """The report years the edition applies to, for messages.

        >>> Edition.V2021.years
        '2021 年度起'
        """
        return "2019、2020 年度" if self is Edition.V2019 else "2021 年度起"


@attrs.frozen
class EditionSpec:
    """Everything the official format of one edition prescribes."""

    edition: Edition
    doc_number: str
    title: str
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    #: The sub-headings the format expects in section 一.
    overview_topics: tuple[str, ...] = ()

    def table(self, key: str) -> TableSpec:
        """The table with this key (``proactive_disclosure``, ``applications``, ``review_litigation``).

        >>> Edition.V2021.spec.table("review_litigation").number
        '四'
        """
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(f"no table {key!r}; tables are {', '.join(TABLE_KEYS)}")

    def section(self, key: str) -> SectionSpec:
        """The section with this key.

        >>> Edition.V2019.spec.section("overview").heading
        '一、总体情况'
        """
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}")


# --------------------------------------------------------------------------- sections

_SECTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "overview": ("概述", "总体情况概述"),
    "proactive_disclosure": ("主动公开政府信息的情况", "主动公开政府信息"),
    "applications": (
        "收到和处理政府信息公开申请的情况",
        "政府信息依申请公开办理情况",
        "依申请公开政府信息情况",
    ),
    "review_litigation": (
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼情况",
        "因政府信息公开申请行政复议、行政诉讼情况",
        "政府信息公开行政复议、行政诉讼的情况",
    ),
    "problems_improvements": (
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题及改进措施",
        "政府信息公开工作存在的主要问题及改进措施",
    ),
    "other_matters": ("需要说明的其他事项与附表", "需要说明的其他事项", "其他需要报告事项"),
}


def _sections() -> tuple[SectionSpec, ...]:
    rows = (
        ("overview", "一", "总体情况", None),
        ("proactive_disclosure", "二", "主动公开政府信息情况", "proactive_disclosure"),
        ("applications", "三", "收到和处理政府信息公开申请情况", "applications"),
        ("review_litigation", "四", "政府信息公开行政复议、行政诉讼情况", "review_litigation"),
        ("problems_improvements", "五", "存在的主要问题及改进情况", None),
        ("other_matters", "六", "其他需要报告的事项", None),
    )
    return tuple(
        SectionSpec(key=k, number=n, title=t, table=tab, variants=_SECTION_VARIANTS[k])
        for k, n, t, tab in rows
    )


#: The keys of the six sections, in printed order (the same in both editions).
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in _sections())
#: The keys of the three tables, in printed order: the tables the sections carry.
TABLE_KEYS: tuple[str, ...] = tuple(s.table for s in _sections() if s.table is not None)


# --------------------------------------------------------------------------- table 二


def _proactive_2021() -> TableSpec:
    def c(key: str, label: str, kind: CellKind = CellKind.COUNT) -> ColumnSpec:
        return ColumnSpec(key, label, kind, allows_na=True)

    item1 = BlockSpec(
        "art20_item1",
        "第二十条第（一）项",
        "信息内容",
        (
            c("issued_this_year", "本年制发件数"),
            c("repealed_this_year", "本年废止件数"),
            c("currently_effective", "现行有效件数"),
        ),
    )
    decisions = (c("decisions_this_year", "本年处理决定数量"),)
    item5 = BlockSpec("art20_item5", "第二十条第（五）项", "信息内容", decisions)
    item6 = BlockSpec("art20_item6", "第二十条第（六）项", "信息内容", decisions)
    item8 = BlockSpec(
        "art20_item8",
        "第二十条第（八）项",
        "信息内容",
        (c("fee_amount_this_year", "本年收费金额（单位：万元）", CellKind.MONEY_WAN),),
    )

    def r(key: str, label: str, b: BlockSpec, aliases: tuple[str, ...] = ()) -> RowSpec:
        return RowSpec(key, label, columns=b.columns, block=b.key, aliases=aliases)

    return TableSpec(
        key="proactive_disclosure",
        number="二",
        title="主动公开政府信息情况",
        blocks=(item1, item5, item6, item8),
        rows=(
            r("regulations", "规章", item1),
            r("normative_documents", "行政规范性文件", item1, ("规范性文件",)),
            r("administrative_licensing", "行政许可", item5),
            r("administrative_penalty", "行政处罚", item6),
            r("administrative_coercion", "行政强制", item6),
            r("administrative_fees", "行政事业性收费", item8),
        ),
    )


def _proactive_2019() -> TableSpec:
    def c(key: str, label: str, kind: CellKind = CellKind.COUNT) -> ColumnSpec:
        return ColumnSpec(key, label, kind, allows_na=True)

    item1 = BlockSpec(
        "art20_item1",
        "第二十条第（一）项",
        "信息内容",
        (
            c("newly_made_this_year", "本年新制作数量"),
            c("newly_published_this_year", "本年新公开数量"),
            c("total_published", "对外公开总数量"),
        ),
    )
    with_decisions = (
        c("prior_year_items", "上一年项目数量"),
        c("change_this_year", "本年增/减", CellKind.SIGNED_COUNT),
        c("decisions", "处理决定数量"),
    )
    item5 = BlockSpec("art20_item5", "第二十条第（五）项", "信息内容", with_decisions)
    item6 = BlockSpec("art20_item6", "第二十条第（六）项", "信息内容", with_decisions)
    item8 = BlockSpec("art20_item8", "第二十条第（八）项", "信息内容", with_decisions[:2])
    item9 = BlockSpec(
        "art20_item9",
        "第二十条第（九）项",
        "信息内容",
        (
            c("procurement_projects", "采购项目数量"),
            c("procurement_total_amount", "采购总金额", CellKind.AMOUNT),
        ),
    )

    def r(key: str, label: str, b: BlockSpec, aliases: tuple[str, ...] = ()) -> RowSpec:
        return RowSpec(key, label, columns=b.columns, block=b.key, aliases=aliases)

    return TableSpec(
        key="proactive_disclosure",
        number="二",
        title="主动公开政府信息情况",
        blocks=(item1, item5, item6, item8, item9),
        rows=(
            r("regulations", "规章", item1),
            r("normative_documents", "规范性文件", item1, ("行政规范性文件",)),
            r("administrative_licensing", "行政许可", item5),
            r("other_external_management_services", "其他对外管理服务事项", item5),
            r("administrative_penalty", "行政处罚", item6),
            r("administrative_coercion", "行政强制", item6),
            r("administrative_fees", "行政事业性收费", item8),
            r("government_centralized_procurement", "政府集中采购", item9),
        ),
    )


# --------------------------------------------------------------------------- table 三

#: The seven columns of table 三, left to right.
APPLICANT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial_enterprise", "商业企业", group="法人或其他组织"),
    ColumnSpec("research_institution", "科研机构", group="法人或其他组织"),
    ColumnSpec("public_interest_org", "社会公益组织", group="法人或其他组织"),
    ColumnSpec("legal_service_org", "法律服务机构", group="法人或其他组织"),
    ColumnSpec("other_org", "其他", group="法人或其他组织"),
    ColumnSpec("total", "总计", derived=True),
)


def _applications(edition: Edition) -> TableSpec:
    cols = APPLICANT_COLUMNS

    def d(key: str, label: str, level: int, parent: str | None) -> RowSpec:
        return RowSpec(key, label, RowKind.DATA, level, parent, cols)

    def g(key: str, label: str, level: int, parent: str | None) -> RowSpec:
        return RowSpec(key, label, RowKind.GROUP, level, parent)

    rows: list[RowSpec] = [
        d("new_received", "一、本年新收政府信息公开申请数量", 0, None),
        d("carried_over", "二、上年结转政府信息公开申请数量", 0, None),
        g("results", "三、本年度办理结果", 0, None),
        d("granted", "（一）予以公开", 1, "results"),
        d(
            "partially_granted",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            1,
            "results",
        ),
        g("denied", "（三）不予公开", 1, "results"),
    ]
    for key, label in (
        ("denied_state_secret", "1.属于国家秘密"),
        ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
        ("denied_three_security_one_stability", "3.危及“三安全一稳定”"),
        ("denied_third_party_rights", "4.保护第三方合法权益"),
        ("denied_internal_affairs", "5.属于三类内部事务信息"),
        ("denied_process_information", "6.属于四类过程性信息"),
        ("denied_enforcement_case_files", "7.属于行政执法案卷"),
        ("denied_administrative_inquiry", "8.属于行政查询事项"),
    ):
        rows.append(d(key, label, 2, "denied"))
    rows.append(g("unable", "（四）无法提供", 1, "results"))
    for key, label in (
        ("unable_not_held", "1.本机关不掌握相关政府信息"),
        ("unable_needs_creation", "2.没有现成信息需要另行制作"),
        ("unable_unclear_after_correction", "3.补正后申请内容仍不明确"),
    ):
        rows.append(d(key, label, 2, "unable"))
    rows.append(g("not_processed", "（五）不予处理", 1, "results"))
    for key, label in (
        ("not_processed_petition_complaint", "1.信访举报投诉类申请"),
        ("not_processed_repeated", "2.重复申请"),
        ("not_processed_publication", "3.要求提供公开出版物"),
        ("not_processed_excessive", "4.无正当理由大量反复申请"),
        ("not_processed_confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
    ):
        rows.append(d(key, label, 2, "not_processed"))
    if edition is Edition.V2021:
        rows.append(g("other_processing", "（六）其他处理", 1, "results"))
        for key, label in (
            (
                "other_no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "other_fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("other_other", "3.其他"),
        ):
            rows.append(d(key, label, 2, "other_processing"))
    else:
        rows.append(d("other_processing", "（六）其他处理", 1, "results"))
    rows.append(RowSpec("results_total", "（七）总计", RowKind.TOTAL, 1, "results", cols))
    rows.append(d("carried_forward", "四、结转下年度继续办理", 0, None))
    return TableSpec(
        key="applications",
        number="三",
        title="收到和处理政府信息公开申请情况",
        rows=tuple(rows),
        columns=cols,
        header_note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        column_group_label="申请人情况",
    )


# --------------------------------------------------------------------------- table 四

#: The five columns of each group of table 四, left to right.
CASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("maintained", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计", derived=True),
)


def _review_litigation() -> TableSpec:
    cols = CASE_COLUMNS
    return TableSpec(
        key="review_litigation",
        number="四",
        title="政府信息公开行政复议、行政诉讼情况",
        rows=(
            RowSpec("review", "行政复议", columns=cols),
            RowSpec("litigation", "行政诉讼", RowKind.GROUP),
            RowSpec(
                "litigation_direct", "未经复议直接起诉", level=1, parent="litigation", columns=cols
            ),
            RowSpec(
                "litigation_after_review", "复议后起诉", level=1, parent="litigation", columns=cols
            ),
        ),
        columns=cols,
    )


def _edition(edition: Edition) -> EditionSpec:
    if edition is Edition.V2021:
        return EditionSpec(
            edition=edition,
            doc_number="国办公开办函〔2021〕30号",
            title="中华人民共和国政府信息公开工作年度报告格式",
            sections=_sections(),
            tables=(_proactive_2021(), _applications(edition), _review_litigation()),
            overview_topics=(
                "主动公开",
                "依申请公开",
                "政府信息管理",
                "政府信息公开平台建设",
                "监督保障",
            ),
        )
    return EditionSpec(
        edition=edition,
        doc_number="国办公开办函〔2019〕60号",
        title="中华人民共和国政府信息公开工作年度报告格式（试行）",
        sections=_sections(),
        tables=(_proactive_2019(), _applications(edition), _review_litigation()),
    )


_EDITIONS: dict[Edition, EditionSpec] = {e: _edition(e) for e in Edition}
