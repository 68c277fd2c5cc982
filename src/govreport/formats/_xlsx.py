"""The Excel fill-in workbook: the three tables as a clerk fills them, and reading it back.

:func:`write_workbook` writes an ``.xlsx`` workbook (the ``excel`` extra,
openpyxl) with a 基本信息 sheet, one sheet per table laid out like the
printed table, and a 勾稽检查 sheet whose formulas show every consistency
rule. :func:`read_workbook` reads a filled workbook back into a
:class:`~govreport.model.Report`, finding cells by their printed labels.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "填报.xlsx"
>>> write_workbook(path, year=2024, agency="某某局")
PosixPath('...填报.xlsx')
>>> read_workbook(path).applications.table.granted.natural_person
0
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govreport import zh
from govreport._text import unsafe_character
from govreport.errors import LoadError, RenderError
from govreport.formats._labels import CONTACT_NAMES, TOP_NAMES, match_name
from govreport.model import (
    BLANK,
    NA,
    Amount,
    Cell,
    Contact,
    Report,
    TableSection,
    Unit,
    table_class,
)
from govreport.spec import CellKind, ColumnSpec, Edition, RowKind, TableSpec, sum_rules

__all__ = ["CHECK_SHEET", "INFO_SHEET", "SHEET_NAMES", "read_workbook", "write_workbook"]

#: The sheet of each table, by table key.
SHEET_NAMES = {
    "proactive_disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
}
INFO_SHEET = "基本信息"
CHECK_SHEET = "勾稽检查"

#: 基本信息 fields, in printed order: where a data file names them too.
_INFO_FIELDS = (
    (TOP_NAMES, "agency"),
    (TOP_NAMES, "year"),
    (TOP_NAMES, "edition"),
    (TOP_NAMES, "published"),
    (CONTACT_NAMES, "office"),
    (CONTACT_NAMES, "address"),
    (CONTACT_NAMES, "postcode"),
    (CONTACT_NAMES, "phone"),
)
#: 基本信息 labels, in printed order, with the attribute they fill: the printed name a data file
#: accepts for the field (English key first, then the printed label).
_INFO_LABELS = tuple((names[attr][1], attr) for names, attr in _INFO_FIELDS)
_INFO_HINTS = {
    "agency": "填写机关全称，如：某某市某某局",
    "year": "报告年度，如：2025",
    "edition": "2019（2019、2020 年度）或 2021（2021 年度起）",
    "published": "可空；日期格式，如：2026-01-20",
    "office": "受理公众咨询的机构，如：办公室",
}
_UNIT_LABEL = "金额单位"
_NA_TEXT = "/"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ModuleNotFoundError as e:
        from govreport.errors import MissingExtraError

        raise MissingExtraError("openpyxl", "excel") from e
    return openpyxl


# --------------------------------------------------------------------------- writing


class _Styles:
    """The few styles the workbook uses, built once openpyxl is imported."""

    def __init__(self, px: Any) -> None:
        styles = px.styles
        thin = styles.Side(style="thin", color="000000")
        self.border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_fill = styles.PatternFill("solid", fgColor="DDDDDD")
        self.input_fill = styles.PatternFill("solid", fgColor="FFF9D6")
        self.formula_fill = styles.PatternFill("solid", fgColor="EEEEEE")
        self.bad_fill = styles.PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
        self.bold = styles.Font(bold=True)
        self.title = styles.Font(bold=True, size=14)
        self.unlocked = styles.Protection(locked=False)
        self.center = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.px = px

    def label(self, level: int = 0) -> Any:
        return self.px.styles.Alignment(vertical="center", wrap_text=True, indent=2 * level)


def _box(ws: Any, st: _Styles, ref: str, value: Any = None, *, header: bool = False) -> Any:
    """Write ``value`` at the top-left of ``ref`` (merging a range) with borders."""
    if ":" in ref:
        ws.merge_cells(ref)
        for row in ws[ref]:
            for c in row:
                c.border = st.border
        cell = ws[ref.split(":")[0]]
    else:
        cell = ws[ref]
        cell.border = st.border
    cell.value = value
    if _is_formula(value):
        cell.alignment = st.center
    if header:
        cell.fill = st.header_fill
        cell.font = st.bold
        cell.alignment = st.center
    return cell


def _excel_value(value: Cell, where: str) -> Any:
    """A model cell as the workbook holds it; a number a double cannot hold exactly is refused.

    An Excel cell holds a binary double: :data:`~govreport.zh.MAX_DIGITS` significant digits
    exactly, no more. A count or amount with more is a :class:`RenderError` naming the cell,
    never written rounded.
    """
    if value is BLANK:
        return None
    if value is NA:
        return _NA_TEXT
    if isinstance(value, Amount):
        return _excel_value(value.value, where)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        digits = len(str(abs(int(value)))) if isinstance(value, int) else _digits(value)
        if digits > zh.MAX_DIGITS:
            raise RenderError(
                f"{where}: 数 {value} 有 {digits} 位有效数字，超过 Excel 单元格能准确保存的 "
                f"{zh.MAX_DIGITS} 位，拒绝写入",
                field=where,
            )
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _digits(value: Decimal) -> int:
    """The significant digits of ``value`` as written (trailing zeros of a fraction count)."""
    return len(f"{abs(value):f}".replace(".", "").lstrip("0")) or 1


#: What a spreadsheet takes for the start of a formula (and DDE payloads): a text cell starting
#: so is written as text with Excel's quote prefix, never as a live formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _put_text(cell: Any, value: str, where: str) -> None:
    """Write ``value`` as a text cell exactly: never a formula; characters XML cannot hold refused."""
    bad = unsafe_character(value)
    if bad is not None:
        raise RenderError(
            f"{where}: 第 {bad + 1} 个字符 U+{ord(value[bad]):04X} 不能写入 Excel 工作簿"
            "（控制字符或单独的代理码位）；请删去它",
            field=where,
            position=bad,
        )
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _input(ws: Any, st: _Styles, ref: str, column: ColumnSpec, value: Cell) -> Any:
    """An unlocked, validated input cell."""
    cell = ws[ref]
    cell.value = _excel_value(value, f"{ws.title}!{ref}")
    cell.protection = st.unlocked
    cell.fill = st.input_fill
    cell.border = st.border
    cell.alignment = st.center
    _validate(ws, st, ref, column)
    return cell


def _validate(ws: Any, st: _Styles, ref: str, column: ColumnSpec) -> None:
    dv_class = st.px.worksheet.datavalidation.DataValidation
    na = f'{ref}="{_NA_TEXT}",' if column.allows_na else ""
    if column.kind is CellKind.COUNT:
        rule, message = f"AND(ISNUMBER({ref}),{ref}=INT({ref}),{ref}>=0)", "请填写不小于 0 的整数"
    elif column.kind is CellKind.SIGNED_COUNT:
        rule, message = f"AND(ISNUMBER({ref}),{ref}=INT({ref}))", "请填写整数（减少填负数）"
    else:
        rule, message = f"AND(ISNUMBER({ref}),{ref}>=0)", "请填写不小于 0 的数"
    if column.allows_na:
        message += "，不适用填 /"
    dv = dv_class(
        type="custom",
        formula1=f"OR({na}{rule})",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error=message,
        showInputMessage=True,
        promptTitle=column.label,
        prompt=message,
    )
    dv.add(ref)
    ws.add_data_validation(dv)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(col)
    return letter


def _write_info(ws: Any, st: _Styles, report: Report) -> None:
    ws["A1"] = "填报说明"
    ws["A1"].font = st.title
    notes = (
        "1. 黄色单元格为填写区域，其余单元格已保护（无密码），防止误改标签和公式。",
        "2. 表二、表三、表四按官方表格填写；空着的单元格表示未填写，没有发生的事项请填 0。",
        "3. 表二中不适用的单元格填 /；“总计”由公式自动计算，无需填写。",
        "4. 填完后查看“勾稽检查”表，标红的“不一致”需要核对。",
        "5. 用 govreport render 本文件 -o 报告.docx 生成 Word 文档。",
    )
    for i, note in enumerate(notes, start=2):
        ws.cell(row=i, column=1, value=note)
    first = len(notes) + 3
    _box(ws, st, f"A{first}", "项目", header=True)
    _box(ws, st, f"B{first}", "填写内容", header=True)
    _box(ws, st, f"C{first}", "说明", header=True)
    values: dict[str, Any] = {
        "agency": report.agency,
        "year": report.year,
        "edition": int(report.edition),
        "published": report.published,
        **attrs.asdict(report.contact),
    }
    dv_class = st.px.worksheet.datavalidation.DataValidation
    for i, (label, attr) in enumerate(_INFO_LABELS, start=first + 1):
        _box(ws, st, f"A{i}", label).font = st.bold
        cell = _box(ws, st, f"B{i}")
        if isinstance(values[attr], str):
            if values[attr] != "":
                _put_text(cell, values[attr], f"{ws.title}!B{i}")
        else:
            cell.value = values[attr]
        cell.protection = st.unlocked
        cell.fill = st.input_fill
        _box(ws, st, f"C{i}", _INFO_HINTS.get(attr, ""))
        if attr == "published":
            cell.number_format = "yyyy-mm-dd"
        elif attr in ("postcode", "phone"):
            cell.number_format = "@"
        if attr == "edition":
            dv = dv_class(type="list", formula1='"2019,2021"', allow_blank=False)
        elif attr == "year":
            dv = dv_class(type="whole", operator="between", formula1="2019", formula2="2200")
        else:
            continue
        dv.add(f"B{i}")
        ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 48


def _write_proactive(ws: Any, st: _Styles, spec: TableSpec, table: Any) -> dict[str, Any]:
    """Table 二: a caption row, a header row and the rows of each block."""
    width = 1 + max(len(b.columns) for b in spec.blocks)
    if any(c.kind is CellKind.AMOUNT for b in spec.blocks for c in b.columns):
        width = max(width, 1 + 3)
    last = _letter(width)
    r = 1
    for block in spec.blocks:
        _box(ws, st, f"A{r}:{last}{r}", block.caption, header=True)
        r += 1
        _box(ws, st, f"A{r}", block.label_header, header=True)
        col = 2
        spans: list[tuple[ColumnSpec, str]] = []
        for i, column in enumerate(block.columns):
            end = width if i == len(block.columns) - 1 else col
            if column.kind is CellKind.AMOUNT:
                end = col
            ref = f"{_letter(col)}{r}" if end == col else f"{_letter(col)}{r}:{_letter(end)}{r}"
            _box(ws, st, ref, column.label, header=True)
            spans.append((column, ref.replace(str(r), "{row}")))
            col = end + 1
            if column.kind is CellKind.AMOUNT:
                _box(ws, st, f"{_letter(col)}{r}", _UNIT_LABEL, header=True)
                col += 1
        r += 1
        for row in spec.rows:
            if row.block != block.key:
                continue
            _box(ws, st, f"A{r}", row.label).alignment = st.label()
            for column, ref in spans:
                ref = ref.format(row=r)
                start = ref.split(":")[0]
                if ":" in ref:
                    _box(ws, st, ref)
                value = table.cell(row.key, column.key)
                _input(ws, st, start, column, value)
                if column.kind is CellKind.AMOUNT:
                    unit_ref = f"{_letter(ws[start].column + 1)}{r}"
                    unit = value.unit.value if isinstance(value, Amount) else Unit.YUAN.value
                    cell = _box(ws, st, unit_ref, unit)
                    cell.protection = st.unlocked
                    cell.fill = st.input_fill
                    dv = st.px.worksheet.datavalidation.DataValidation(
                        type="list", formula1='"元,万元"', allow_blank=False
                    )
                    dv.add(unit_ref)
                    ws.add_data_validation(dv)
            r += 1
    ws.column_dimensions["A"].width = 24
    for c in range(2, width + 1):
        ws.column_dimensions[_letter(c)].width = 16
    return {}


def _write_applications(ws: Any, st: _Styles, spec: TableSpec, table: Any) -> dict[str, Any]:
    """Table 三: the header note, the applicant columns, and the rows indented by level.

    Returns the cell references the check sheet needs.
    """
    assert spec.header_note is not None
    assert spec.column_group_label is not None
    columns = spec.columns
    first_col = 3
    last = _letter(first_col + len(columns) - 1)
    _box(ws, st, "A1:B3", spec.header_note, header=True)
    _box(ws, st, f"C1:{last}1", spec.column_group_label, header=True)
    col = first_col
    while col < first_col + len(columns):
        column = columns[col - first_col]
        if column.group is None:
            _box(ws, st, f"{_letter(col)}2:{_letter(col)}3", column.label, header=True)
            col += 1
            continue
        group = [c for c in columns if c.group == column.group]
        end = col + len(group) - 1
        _box(ws, st, f"{_letter(col)}2:{_letter(end)}2", column.group, header=True)
        for i, c in enumerate(group):
            _box(ws, st, f"{_letter(col + i)}3", c.label, header=True)
        col = end + 1
    letters = {c.key: _letter(first_col + i) for i, c in enumerate(columns)}
    rows: dict[str, int] = {}
    r = 4
    for row in spec.rows:
        _box(ws, st, f"A{r}:B{r}", row.label).alignment = st.label(row.level)
        rows[row.key] = r
        r += 1
    outcomes = list(table.outcome_keys)
    first_input, last_input = letters[columns[0].key], letters[columns[-2].key]
    for row in spec.data_rows:
        rr = rows[row.key]
        for column in columns:
            ref = f"{letters[column.key]}{rr}"
            if column.derived:
                _box(
                    ws, st, ref, f"=SUM({first_input}{rr}:{last_input}{rr})"
                ).fill = st.formula_fill
            elif row.kind is RowKind.TOTAL:
                terms = ",".join(f"{letters[column.key]}{rows[k]}" for k in outcomes)
                _box(ws, st, ref, f"=SUM({terms})").fill = st.formula_fill
            else:
                _input(ws, st, ref, column, table.cell(row.key, column.key))
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 30
    for c in columns:
        ws.column_dimensions[letters[c.key]].width = 11
    return {"rows": rows, "letters": letters, "outcomes": outcomes}


def _write_review(ws: Any, st: _Styles, spec: TableSpec, table: Any) -> dict[str, Any]:
    """Table 四: 行政复议 and the two 行政诉讼 groups side by side, one data row."""
    columns = spec.columns
    n = len(columns)
    groups = [r for r in spec.rows if r.has_numbers]
    refs: dict[str, dict[str, str]] = {}
    col = 1
    for row in groups:
        start, end = _letter(col), _letter(col + n - 1)
        if row.parent is None:
            _box(ws, st, f"{start}1:{end}2", row.label, header=True)
        else:
            _box(ws, st, f"{start}2:{end}2", row.label, header=True)
        refs[row.key] = {}
        for i, column in enumerate(columns):
            letter = _letter(col + i)
            _box(ws, st, f"{letter}3", column.label, header=True)
            ref = f"{letter}4"
            refs[row.key][column.key] = ref
            if column.derived:
                _box(ws, st, ref, f"=SUM({start}4:{_letter(col + n - 2)}4)").fill = st.formula_fill
            else:
                _input(ws, st, ref, column, table.cell(row.key, column.key))
            ws.column_dimensions[letter].width = 10
        col += n
    for parent in (r for r in spec.rows if r.kind is RowKind.GROUP):
        children = [i for i, r in enumerate(groups) if r.parent == parent.key]
        start = _letter(1 + children[0] * n)
        end = _letter((children[-1] + 1) * n)
        _box(ws, st, f"{start}1:{end}1", parent.label, header=True)
    return {"refs": refs}


def _formula(refs: list[str]) -> str:
    """One side of a rule as a formula: the cell itself, or the SUM of its cells."""
    return f"={refs[0]}" if len(refs) == 1 else f"=SUM({','.join(refs)})"


def _write_checks(ws: Any, st: _Styles, edition: Edition, refs: dict[str, Any]) -> None:
    """One row per instance of R1–R4 (:func:`govreport.spec.sum_rules`): both sides as formulas.

    ``refs[table](row, column)`` is the sheet reference of a cell.
    """
    for i, title in enumerate(("规则", "位置", "内容", "左边", "右边", "结果"), start=1):
        _box(ws, st, f"{_letter(i)}1", title, header=True)
    lines: list[tuple[str, str, str, str, str]] = []
    for rule in sum_rules(edition):
        ref = refs[rule.table]
        lines.append(
            (
                rule.rule,
                rule.where,
                rule.text,
                _formula([ref(r, c) for r, c in rule.left]),
                _formula([ref(r, c) for r, c in rule.right]),
            )
        )
    for r, line in enumerate(lines, start=2):
        for c, value in enumerate(line, start=1):
            _box(ws, st, f"{_letter(c)}{r}", value)
        _box(ws, st, f"F{r}", f'=IF(D{r}=E{r},"通过","不一致")').alignment = st.center
    end = len(lines) + 1
    rule = st.px.formatting.rule.CellIsRule(
        operator="equal", formula=['"不一致"'], fill=st.bad_fill
    )
    ws.conditional_formatting.add(f"F2:F{end}", rule)
    for letter, width in zip("ABCDEF", (6, 44, 40, 10, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def write_workbook(
    path: str | os.PathLike[str],
    *,
    edition: Edition | int | None = None,
    year: int | None = None,
    agency: str | None = None,
    report: Report | None = None,
) -> Path:
    """Write the fill-in workbook to ``path`` and return the path.

    Without ``report`` the workbook starts from :meth:`Report.new` (every
    input cell 0); with it the cells are pre-filled from the report (BLANK →
    empty, NA → "/"). ``year`` defaults to the report's,
    else to last year; ``edition`` to the one the year requires.

    >>> import tempfile, pathlib
    >>> p = write_workbook(pathlib.Path(tempfile.mkdtemp()) / "b.xlsx", edition=2019)
    >>> import openpyxl; openpyxl.load_workbook(p).sheetnames
    ['基本信息', '表二', '表三', '表四', '勾稽检查']
    """
    px = _openpyxl()
    if report is None:
        if year is None:
            year = (
                2020
                if edition is not None and Edition(edition) is Edition.V2019
                else (dt.date.today().year - 1)
            )
        report = Report.new(agency or "", year, edition)
    elif agency is not None:
        report = attrs.evolve(report, agency=agency)
    st = _Styles(px)
    book = px.Workbook()
    info = book.active
    info.title = INFO_SHEET
    _write_info(info, st, report)
    ed = report.edition.spec
    written: dict[str, dict[str, Any]] = {}
    writers = {
        "proactive_disclosure": _write_proactive,
        "applications": _write_applications,
        "review_litigation": _write_review,
    }
    for key, writer in writers.items():
        ws = book.create_sheet(SHEET_NAMES[key])
        written[key] = writer(ws, st, ed.table(key), report.table(key))
    t3, t4 = written["applications"], written["review_litigation"]
    s3 = f"'{SHEET_NAMES['applications']}'!"
    s4 = f"'{SHEET_NAMES['review_litigation']}'!"
    refs = {
        "applications": lambda r, c: f"{s3}{t3['letters'][c]}{t3['rows'][r]}",
        "review_litigation": lambda r, c: f"{s4}{t4['refs'][r][c]}",
    }
    _write_checks(book.create_sheet(CHECK_SHEET), st, report.edition, refs)
    for ws in book.worksheets:
        ws.protection.sheet = True
        # printed on A4, one page wide
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait" if ws.title == INFO_SHEET else "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    target = Path(path)
    book.save(target)
    return target


# --------------------------------------------------------------------------- reading


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Sheet:
    """A worksheet with merged cells resolved to their top-left value."""

    def __init__(self, ws: Any, path: str) -> None:
        self.ws = ws
        self.path = path
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.merged[(r, c)] = (rng.min_row, rng.min_col)

    def value(self, row: int, col: int) -> Any:
        r, c = self.merged.get((row, col), (row, col))
        return self.ws.cell(row=r, column=c).value

    def positions(self) -> Iterator[tuple[int, int, str]]:
        for row in self.ws.iter_rows():
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, float | int):
                    yield cell.row, cell.column, _text(cell.value)

    def error(self, row: int, col: int, message: str) -> LoadError:
        return LoadError(message, path=self.path, key=f"{self.ws.title}!{_letter(col)}{row}")


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _parse(sheet: _Sheet, row: int, col: int, column: ColumnSpec, where: str) -> Cell:
    value = sheet.ws.cell(row=row, column=col).value
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return BLANK
    if isinstance(value, str) and value.strip() in (_NA_TEXT, "／") and column.allows_na:
        return NA
    kind = column.kind
    shown = value if not isinstance(value, str) else f"“{value}”"
    na = "或 /" if column.allows_na else ""
    if kind in (CellKind.COUNT, CellKind.SIGNED_COUNT):
        signed = kind is CellKind.SIGNED_COUNT
        want = "整数" if signed else "不小于 0 的整数"
        # a whole number, as a data file takes it: 1.0 is not a count (type, not isinstance: no
        # bool); read by the one number reader, which refuses what a double cannot hold exactly
        if type(value) is int:
            try:
                return zh.parse_count(str(value), signed=signed)
            except ValueError as e:
                why = f"（{e}）" if "位有效数字" in str(e) else ""
                raise sheet.error(row, col, f"{where}: 应为{want}{na}，实为 {shown}{why}") from None
        raise sheet.error(row, col, f"{where}: 应为{want}{na}，实为 {shown}")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        try:
            return zh.parse_decimal(
                str(value) if isinstance(value, int) else repr(value), max_digits=zh.MAX_DIGITS
            )
        except ValueError as e:
            raise sheet.error(
                row, col, f"{where}: 应为不小于 0 的数{na}，实为 {shown}（{e}）"
            ) from None
    raise sheet.error(row, col, f"{where}: 应为不小于 0 的数{na}，实为 {shown}")


def _find_sheet(book: Any, key: str, path: str) -> _Sheet:
    name = SHEET_NAMES[key]
    for ws in book.worksheets:
        if ws.title.strip() == name or ws.title.startswith(name):
            return _Sheet(ws, path)
    raise LoadError(
        f"没有工作表“{name}”",
        path=path,
        key=name,
        suggestion="已有工作表: " + ", ".join(book.sheetnames),
    )


def _read_proactive(sheet: _Sheet, spec: TableSpec) -> Any:
    by_caption = {b.caption: b for b in spec.blocks}
    block = None
    header: dict[str, int] = {}
    values: dict[str, dict[str, Cell]] = {}
    seen: set[str] = set()
    for r in range(1, sheet.ws.max_row + 1):
        first = _text(sheet.value(r, 1))
        if first in by_caption:
            block, header = by_caption[first], {}
            continue
        if block is None:
            continue
        if first == block.label_header:
            for c in range(2, sheet.ws.max_column + 1):
                label = _text(sheet.ws.cell(row=r, column=c).value)
                if label:
                    header[label] = c
            continue
        row = next(
            (x for x in spec.rows if x.block == block.key and first in (x.label, *x.aliases)), None
        )
        if row is None:
            continue
        seen.add(row.key)
        cells: dict[str, Cell] = {}
        for column in row.columns:
            if column.label not in header:
                raise sheet.error(r, 1, f"{block.caption} 缺少表头“{column.label}”")
            c = header[column.label]
            where = f"{row.label} × {column.label}"
            value = _parse(sheet, r, c, column, where)
            if column.kind is CellKind.AMOUNT and isinstance(value, Decimal):
                uc = header.get(_UNIT_LABEL, c + 1)
                unit_text = _text(sheet.ws.cell(row=r, column=uc).value) or Unit.YUAN.value
                try:
                    unit = Unit(unit_text)
                except ValueError:
                    raise sheet.error(
                        r, uc, f"{where} 的单位: 应为 元 或 万元，实为 “{unit_text}”"
                    ) from None
                value = Amount(value, unit)
            cells[column.key] = value
        values[row.key] = cells
    _require_rows(sheet, spec, seen)
    cls = table_class(spec.key, _edition_of(spec))
    return cls(**{key: cls.row_class(key)(**cells) for key, cells in values.items()})


def _edition_of(spec: TableSpec) -> Edition:
    for ed in Edition:
        if ed.spec.table(spec.key) is spec:
            return ed
    raise AssertionError(spec.key)  # pragma: no cover


def _require_rows(sheet: _Sheet, spec: TableSpec, seen: set[str]) -> None:
    wanted = [r for r in spec.data_rows if r.kind is RowKind.DATA]
    missing = [r.label for r in wanted if r.key not in seen]
    if missing:
        raise LoadError(
            "找不到行“" + "”、“".join(missing) + "”",
            path=sheet.path,
            key=sheet.ws.title,
            suggestion="行标签须与官方表格一致，不要改动标签单元格",
        )


def _read_applications(sheet: _Sheet, spec: TableSpec) -> Any:
    labels: dict[str, tuple[int, int]] = {}
    for r, c, text in sheet.positions():
        labels.setdefault(text, (r, c))
    columns: dict[str, int] = {}
    for column in spec.columns:
        if column.derived:
            continue
        found = [
            (r, c)
            for r, c, text in sheet.positions()
            if text == column.label
            and (column.group is None or _text(sheet.value(r - 1, c)) == column.group)
        ]
        if not found:
            raise LoadError(f"找不到表头“{column.label}”", path=sheet.path, key=sheet.ws.title)
        columns[column.key] = found[0][1]
    header_row = max(r for r, _ in (labels[c.label] for c in spec.columns if c.label in labels))
    rows: dict[str, int] = {}
    for r, c, text in sheet.positions():
        if r <= header_row or c >= min(columns.values()):
            continue
        for row in spec.data_rows:
            if row.kind is RowKind.DATA and text in (row.label, *row.aliases):
                rows.setdefault(row.key, r)
    _require_rows(sheet, spec, set(rows))
    cls = table_class(spec.key, _edition_of(spec))
    values: dict[str, Any] = {}
    for key, r in rows.items():
        row = spec.row(key)
        cells = {
            column.key: _parse(
                sheet, r, columns[column.key], column, f"{column.label} × {row.label}"
            )
            for column in row.input_columns
        }
        values[key] = cls.row_class(key)(**cells)
    return cls(**values)


def _read_review(sheet: _Sheet, spec: TableSpec) -> Any:
    cls = table_class(spec.key, _edition_of(spec))
    groups = {r.label: r for r in spec.data_rows}
    labels = {c.label: c for c in spec.columns if not c.derived}
    cols: dict[str, dict[str, int]] = {}
    header_row = 0
    for r, c, text in sheet.positions():
        if text not in labels:
            continue
        for up in range(r - 1, 0, -1):
            above = _text(sheet.value(up, c))
            if above in groups:
                cols.setdefault(groups[above].key, {})[labels[text].key] = c
                header_row = max(header_row, r)
                break
    missing = [
        f"{row.label} × {column.label}"
        for row in spec.data_rows
        for column in row.input_columns
        if column.key not in cols.get(row.key, {})
    ]
    if missing:
        raise LoadError(
            "找不到表头“" + "”、“".join(missing) + "”", path=sheet.path, key=sheet.ws.title
        )
    all_cols = [c for group in cols.values() for c in group.values()]
    data_row = header_row + 1
    for r in range(header_row + 1, sheet.ws.max_row + 1):
        if any(_text(sheet.ws.cell(row=r, column=c).value) for c in all_cols):
            data_row = r
            break
    values: dict[str, Any] = {}
    for row in spec.data_rows:
        cells = {
            column.key: _parse(
                sheet, data_row, cols[row.key][column.key], column, f"{row.label} × {column.label}"
            )
            for column in row.input_columns
        }
        values[row.key] = cls.row_class(row.key)(**cells)
    return cls(**values)


def _read_info(sheet: _Sheet) -> dict[str, tuple[Any, int, int]]:
    """The 基本信息 values by attribute, each label accepted under any name a data file accepts."""
    found: dict[str, tuple[Any, int, int]] = {}
    for r, c, text in sheet.positions():
        for names, attr in _INFO_FIELDS:
            if attr not in found and match_name({attr: names[attr]}, text):
                cell = sheet.ws.cell(row=r, column=c + 1)
                if cell.data_type == "f":
                    # a formula's text is not the field's value (and may be a payload)
                    raise sheet.error(
                        r, c + 1, f"{text}: 此格是公式 {cell.value}，应为文字；govreport 不计算公式"
                    )
                found[attr] = (cell.value, r, c + 1)
                break
    return found


def _info_text(info: dict[str, tuple[Any, int, int]], attr: str) -> str:
    """A text field as the cell holds it: not stripped (leading 全角 spaces stay)."""
    value = info.get(attr, (None, 0, 0))[0]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        return value if value.strip() else ""
    return _text(value)


def _info_int(
    sheet: _Sheet, info: dict[str, tuple[Any, int, int]], attr: str, label: str
) -> int | None:
    if attr not in info:
        return None
    value, r, c = info[attr]
    if value is None or _text(value) == "":
        return None
    try:
        number = zh.parse_count(_text(value)) if isinstance(value, str) else value
    except ValueError:
        number = None
    if not isinstance(number, int | float) or not float(number).is_integer():
        raise sheet.error(r, c, f"{label}: 应为年份（整数），实为 {value!r}")
    return int(number)


def read_workbook(path: str | os.PathLike[str]) -> Report:
    """Read a filled workbook back into a report.

    Cells are found by their printed labels; the 总计 formulas are ignored
    (the model recomputes them); an empty input cell is BLANK and "/" in
    table 二 is NA. A bad cell raises :class:`~govreport.errors.LoadError`
    naming the file, the sheet and the cell.

    >>> import tempfile, pathlib
    >>> p = write_workbook(pathlib.Path(tempfile.mkdtemp()) / "b.xlsx", year=2020, agency="某局")
    >>> r = read_workbook(p)
    >>> r.agency, r.year, r.edition, r.review_litigation.table.review.total
    ('某局', 2020, <Edition.V2019: 2019>, 0)
    """
    px = _openpyxl()
    name = os.fspath(path)
    try:
        book = px.load_workbook(name, data_only=False)
    except FileNotFoundError:
        raise
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise LoadError(f"不是有效的 Excel 工作簿 (not an .xlsx workbook): {e}", path=name) from e
    if INFO_SHEET not in book.sheetnames:
        raise LoadError(
            f"没有工作表“{INFO_SHEET}”",
            path=name,
            suggestion="请用 govreport excel 生成的填报工作簿",
        )
    info_sheet = _Sheet(book[INFO_SHEET], name)
    info = _read_info(info_sheet)
    year = _info_int(info_sheet, info, "year", "年度")
    if year is None:
        raise LoadError("缺少“年度”", path=name, key=INFO_SHEET)
    if not 2019 <= year <= 2200:
        _, r, c = info["year"]
        raise info_sheet.error(
            r, c, f"年度: 应为 2019 年度及以后（统一格式自 2019 年度起施行），实为 {year}"
        )
    edition = Edition.for_year(year)
    if "edition" in info and _info_text(info, "edition").strip():
        value, r, c = info["edition"]
        if _info_text(info, "edition").strip() not in ("2019", "2021"):
            raise info_sheet.error(r, c, f"格式版本: 应为 2019 或 2021，实为 {value!r}")
        edition = Edition(int(_info_text(info, "edition")))
    published = info.get("published", (None, 0, 0))
    date: dt.date | None = None
    if isinstance(published[0], dt.datetime):
        date = published[0].date()
    elif isinstance(published[0], dt.date):
        date = published[0]
    elif _text(published[0]):
        try:
            date = dt.date.fromisoformat(_text(published[0]))
        except ValueError:
            raise info_sheet.error(
                published[1], published[2], f"成文日期: 应为日期，实为 {published[0]!r}"
            ) from None
    spec = edition.spec
    tables = {
        "proactive_disclosure": _read_proactive(
            _find_sheet(book, "proactive_disclosure", name), spec.table("proactive_disclosure")
        ),
        "applications": _read_applications(
            _find_sheet(book, "applications", name), spec.table("applications")
        ),
        "review_litigation": _read_review(
            _find_sheet(book, "review_litigation", name), spec.table("review_litigation")
        ),
    }
    contact = Contact(
        **{k: _info_text(info, k) for k in ("office", "address", "postcode", "phone")}
    )
    return Report(
        _info_text(info, "agency"),
        year,
        edition,
        published=date,
        contact=contact,
        proactive_disclosure=TableSection(table=tables["proactive_disclosure"]),
        applications=TableSection(table=tables["applications"]),
        review_litigation=TableSection(table=tables["review_litigation"]),
    )
