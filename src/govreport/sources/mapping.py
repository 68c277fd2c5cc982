"""How an agency's data is laid out and coded: the mapping file.

A mapping (YAML) names, for each kind of record, the table (SQL) or file
(CSV) it lives in, the column that holds each field, and a translation of
the agency's codes to the statutory categories. Every target is one of the
public keys (``natural_person`` …, ``granted`` …, ``review`` …,
``maintained`` …); the Chinese labels of the official format are accepted
as targets too. See ``docs/sources.md`` for the full format.

>>> m = Mapping.from_dict({"applications": {"applicant_codes": {"个人": "自然人"},
...                                         "outcome_codes": {"GK": "granted"}}})
>>> m.applications.applicant_codes["个人"], m.applications.outcome_codes["GK"]
('natural_person', 'granted')
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping as AbcMapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from govreport.errors import LoadError
from govreport.spec import VOCABULARIES, Vocabulary

__all__ = [
    "ACTIVITY_KINDS",
    "APPLICANT_TYPES",
    "CASE_KINDS",
    "CASE_RESULTS",
    "DOCUMENT_KINDS",
    "OUTCOMES",
    "ApplicationsMapping",
    "CasesMapping",
    "Codes",
    "ContactsMapping",
    "CountsMapping",
    "DocumentsMapping",
    "Mapping",
    "TableSource",
    "nearest",
    "normalize_code",
]


#: The six applicant columns of table 三, and their labels.
APPLICANT_TYPES: dict[str, str] = dict(VOCABULARIES["applicant_types"].labels)
#: The outcome rows of table 三 (2021 vocabulary; ``other_processing`` is the 2019 single row).
OUTCOMES: dict[str, str] = dict(VOCABULARIES["outcomes"].labels)
#: The three groups of table 四.
CASE_KINDS: dict[str, str] = dict(VOCABULARIES["case_kinds"].labels)
#: The concluded results of table 四 (尚未审结 follows from the dates).
CASE_RESULTS: dict[str, str] = dict(VOCABULARIES["case_results"].labels)
#: The document kinds of table 二 第二十条第（一）项.
DOCUMENT_KINDS: dict[str, str] = dict(VOCABULARIES["document_kinds"].labels)
#: The activities of table 二 第二十条第（五）（六）（八）（九）项.
ACTIVITY_KINDS: dict[str, str] = dict(VOCABULARIES["activity_kinds"].labels)


def normalize_code(text: object) -> str:
    """A code as it is compared: full-width forms folded (NFKC), whitespace trimmed and collapsed.

    >>> normalize_code("  同意\u3000公开 "), normalize_code("ＧＫ")
    ('同意 公开', 'GK')
    """
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


class Codes(dict[str, str]):
    """A translation of codes to categories that finds a code however its spaces and width are written.

    >>> c = Codes({"同意 公开": "granted"})
    >>> c.get("同意\u3000公开"), "ＧＫ" in c, c["同意  公开"]
    ('granted', False, 'granted')
    """

    def __init__(self, items: AbcMapping[str, str] | None = None) -> None:
        super().__init__({normalize_code(k): v for k, v in (items or {}).items()})

    def get(self, key: object, default: Any = None) -> Any:
        """The category of ``key`` (compared normalised), or ``default``."""
        return super().get(normalize_code(key), default)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(normalize_code(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(normalize_code(key))


def _identity(vocabulary: Vocabulary) -> Codes:
    """Each key and each accepted spelling of it maps to the key."""
    return Codes(vocabulary.spellings)


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word`` (for a "did you mean"), or ``None`` when none is close.

    >>> nearest("colums", ["table", "columns", "constants"]), nearest("zzz", ["table"])
    ('columns', None)
    """
    found = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


def _did_you_mean(word: str, candidates: Iterable[str], what: str) -> str:
    options = list(candidates)
    close = nearest(word, options)
    listing = f"可用{what}: " + ", ".join(options)
    return f"是否应为 {close!r}？{listing}" if close else listing


def _strict_keys(
    raw: AbcMapping[str, Any], allowed: Iterable[str], where: str, path: str | None
) -> None:
    known = list(allowed)
    for key in raw:
        if key not in known:
            raise LoadError(
                f"未知的键 {key!r} (unknown key)",
                path=path,
                key=f"{where}.{key}" if where else str(key),
                suggestion=_did_you_mean(str(key), known, "键"),
            )


def _target(
    target: Any, vocabulary: Vocabulary, accepted: dict[str, str], key: str, path: str | None
) -> str:
    found = accepted.get(str(target))
    if found is None:
        close = nearest(str(target), accepted)
        listing = "可用类别: " + ", ".join(f"{k}（{v}）" for k, v in vocabulary.labels.items())
        hint = f"是否应为 {vocabulary.labels[accepted[close]]!r}？" if close else ""
        raise LoadError(
            f"映射到未知类别 {target!r} (unknown category)",
            path=path,
            key=key,
            suggestion=hint + listing,
        )
    return found


def _codes(value: Any, vocabulary: Vocabulary, where: str, path: str | None) -> Codes:
    """``code: category`` entries, or ``category: [code, code …]`` lists of the agency's spellings."""
    if value is None:
        return _identity(vocabulary)
    if not isinstance(value, AbcMapping):
        raise LoadError(
            "应为“代码: 类别”的映射 (expected a code: category mapping)", path=path, key=where
        )
    accepted = dict(vocabulary.spellings)
    out: dict[str, str] = {}
    for code, target in value.items():
        if isinstance(target, list):
            category = _target(code, vocabulary, accepted, f"{where}.{code}", path)
            for spelling in target:
                out[str(spelling)] = category
        else:
            out[str(code)] = _target(target, vocabulary, accepted, f"{where}.{code}", path)
    return Codes(out)


@attrs.frozen
class TableSource:
    """One table (or file, or read-only query) that holds records of one kind.

    ``columns`` names the column of each field (an empty name: the source
    has no such column); ``constants`` gives a field one value for every row
    (the agency of a single-agency database, the kind of a whole table).

    >>> s = TableSource("复议案件", columns={"id": "编号"}, constants={"kind": "行政复议"})
    >>> s.value_of("kind"), s.column_of("id"), s.column_of("result")
    ('行政复议', '编号', None)
    """

    table: str | None = None
    columns: dict[str, str] = attrs.Factory(dict)
    constants: dict[str, str] = attrs.Factory(dict)
    file: str | None = None
    sheet: str | None = None
    #: A read-only ``SELECT`` whose result is read in place of a table.
    query: str | None = None
    #: The date fields whose numbers are Excel serial days (``45356`` is 2024-03-05).
    excel_dates: tuple[str, ...] = ()

    def column_of(self, field: str) -> str | None:
        """The column that holds ``field``, or ``None`` (a constant, or no such column)."""
        if field in self.constants:
            return None
        return self.columns.get(field) or None

    def value_of(self, field: str) -> str | None:
        """The constant value of ``field``, or ``None``."""
        return self.constants.get(field)

    def has(self, field: str) -> bool:
        """Whether the source gives ``field`` (from a column or a constant)."""
        return field in self.constants or bool(self.columns.get(field))

    @property
    def name(self) -> str:
        """How findings name the source: its table, file or ``query``."""
        return self.table or self.file or "query"


class _Part:
    """What every part of a mapping has: where its records are."""

    table: str
    file: str | None
    sheet: str | None
    columns: dict[str, str]
    constants: dict[str, str]
    query: str | None
    more: tuple[TableSource, ...]
    excel_dates: tuple[str, ...]

    @property
    def sources(self) -> tuple[TableSource, ...]:
        """Every table the part's records are read from, the first one's first."""
        first = TableSource(
            None if self.query else self.table,
            self.columns,
            self.constants,
            self.file,
            self.sheet,
            self.query,
            self.excel_dates,
        )
        return (first, *self.more)


@attrs.frozen
class ApplicationsMapping(_Part):
    """Where the applications ledger lives and how it is coded.

    An application handled in parts holds all its outcome codes in the one
    ``outcome`` column, split on ``outcome_separator`` ("GK;BGK-DSF").

    >>> ApplicationsMapping().columns["received"]
    'received'
    """

    table: str = "applications"
    file: str | None = None
    #: The worksheet, when ``file`` is an Excel workbook (default: the first).
    sheet: str | None = None
    columns: dict[str, str] = attrs.Factory(
        lambda: {
            "id": "id",
            "agency": "agency",
            "received": "received",
            "closed": "closed",
            "applicant": "applicant",
            "outcome": "outcome",
        }
    )
    #: Fields with one value for every row (``agency``, ``kind`` …).
    constants: dict[str, str] = attrs.Factory(dict)
    #: A read-only ``SELECT`` read in place of ``table``.
    query: str | None = None
    #: The further tables of the same records (``tables:`` in the file).
    more: tuple[TableSource, ...] = ()
    #: The date fields whose numbers are Excel serial days (``excel_dates:`` in the file).
    excel_dates: tuple[str, ...] = ()
    outcome_separator: str = ";"
    applicant_codes: dict[str, str] = attrs.Factory(
        lambda: _identity(VOCABULARIES["applicant_types"])
    )
    outcome_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["outcomes"]))


@attrs.frozen
class CasesMapping(_Part):
    """Where the review and litigation cases live and how they are coded.

    ``basis`` is ``filed`` (cases filed in the year, by result at year end)
    or ``active`` (cases filed by year end and not concluded before it began).

    >>> CasesMapping().basis
    'filed'
    """

    table: str = "cases"
    file: str | None = None
    #: The worksheet, when ``file`` is an Excel workbook (default: the first).
    sheet: str | None = None
    columns: dict[str, str] = attrs.Factory(
        lambda: {
            "id": "id",
            "agency": "agency",
            "kind": "kind",
            "filed": "filed",
            "concluded": "concluded",
            "result": "result",
        }
    )
    #: Fields with one value for every row (``agency``, ``kind`` …).
    constants: dict[str, str] = attrs.Factory(dict)
    #: A read-only ``SELECT`` read in place of ``table``.
    query: str | None = None
    #: The further tables of the same records (``tables:`` in the file).
    more: tuple[TableSource, ...] = ()
    #: The date fields whose numbers are Excel serial days (``excel_dates:`` in the file).
    excel_dates: tuple[str, ...] = ()
    basis: str = attrs.field(default="filed", validator=attrs.validators.in_(("filed", "active")))
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["case_kinds"]))
    result_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["case_results"]))


@attrs.frozen
class DocumentsMapping(_Part):
    """Where the register of normative documents lives and how it is coded.

    >>> DocumentsMapping().kind_codes["规章"]
    'regulations'
    """

    table: str = "documents"
    file: str | None = None
    #: The worksheet, when ``file`` is an Excel workbook (default: the first).
    sheet: str | None = None
    columns: dict[str, str] = attrs.Factory(
        lambda: {
            "id": "id",
            "agency": "agency",
            "kind": "kind",
            "issued": "issued",
            "published": "published",
            "repealed": "repealed",
        }
    )
    #: Fields with one value for every row (``agency``, ``kind`` …).
    constants: dict[str, str] = attrs.Factory(dict)
    #: A read-only ``SELECT`` read in place of ``table``.
    query: str | None = None
    #: The further tables of the same records (``tables:`` in the file).
    more: tuple[TableSource, ...] = ()
    #: The date fields whose numbers are Excel serial days (``excel_dates:`` in the file).
    excel_dates: tuple[str, ...] = ()
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["document_kinds"]))


@attrs.frozen
class CountsMapping(_Part):
    """Where the yearly counts (licences, penalties, fees …) live.

    >>> CountsMapping().columns["amount_yuan"]
    'amount_yuan'
    """

    table: str = "annual_counts"
    file: str | None = None
    #: The worksheet, when ``file`` is an Excel workbook (default: the first).
    sheet: str | None = None
    columns: dict[str, str] = attrs.Factory(
        lambda: {
            "agency": "agency",
            "year": "year",
            "kind": "kind",
            "decisions": "decisions",
            "items": "items",
            "amount_yuan": "amount_yuan",
        }
    )
    #: Fields with one value for every row (``agency``, ``kind`` …).
    constants: dict[str, str] = attrs.Factory(dict)
    #: A read-only ``SELECT`` read in place of ``table``.
    query: str | None = None
    #: The further tables of the same records (``tables:`` in the file).
    more: tuple[TableSource, ...] = ()
    #: The date fields whose numbers are Excel serial days (``excel_dates:`` in the file).
    excel_dates: tuple[str, ...] = ()
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["activity_kinds"]))


@attrs.frozen
class ContactsMapping(_Part):
    """Where each agency's contact block (office, address, postcode, phone) lives.

    >>> ContactsMapping().table
    'contacts'
    """

    table: str = "contacts"
    file: str | None = None
    #: The worksheet, when ``file`` is an Excel workbook (default: the first).
    sheet: str | None = None
    columns: dict[str, str] = attrs.Factory(
        lambda: {
            "agency": "agency",
            "office": "office",
            "address": "address",
            "postcode": "postcode",
            "phone": "phone",
        }
    )
    #: Fields with one value for every row (``agency``, ``kind`` …).
    constants: dict[str, str] = attrs.Factory(dict)
    #: A read-only ``SELECT`` read in place of ``table``.
    query: str | None = None
    #: The further tables of the same records (``tables:`` in the file).
    more: tuple[TableSource, ...] = ()
    #: The date fields whose numbers are Excel serial days (``excel_dates:`` in the file).
    excel_dates: tuple[str, ...] = ()


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of every key of a YAML document, by dotted path (list items by index)."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                path = f"{prefix}{k.value}"
                lines[path] = k.start_mark.line + 1
                walk(v, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[f"{prefix}{i}"] = item.start_mark.line + 1
                walk(item, f"{prefix}{i}.")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return lines


#: What each part needs from every one of its tables (a column or a constant).
_REQUIRED: dict[str, tuple[str, ...]] = {
    "applications": ("id", "received", "applicant"),
    "cases": ("id", "kind", "filed"),
    "documents": ("id", "kind", "issued"),
    "counts": ("year", "kind"),
    "contacts": (),
}
#: The keys every part and every entry of its ``tables:`` may have.
_SOURCE_KEYS = ("table", "file", "sheet", "query", "columns", "constants", "excel_dates")
#: The keys of each part besides where its records are.
_PART_KEYS: dict[str, tuple[str, ...]] = {
    "applications": ("outcome_separator", "applicant_codes", "outcome_codes"),
    "cases": ("basis", "kind_codes", "result_codes"),
    "documents": ("kind_codes",),
    "counts": ("kind_codes",),
    "contacts": (),
}
_TOP_KEYS = ("version", "agency", "applications", "cases", "documents", "counts", "contacts")


def _text_map(value: Any, where: str, path: str | None, what: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, AbcMapping):
        raise LoadError(f"应为“字段: {what}”的映射 (expected field: {what})", path=path, key=where)
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _table_source(
    raw: AbcMapping[str, Any],
    part: str,
    default_table: str,
    defaults: dict[str, str],
    agency: str | None,
    where: str,
    path: str | None,
) -> TableSource:
    """One table of a part: its columns over the defaults, its constants, checked."""
    columns = _text_map(raw.get("columns"), f"{where}.columns", path, "列名")
    constants = _text_map(raw.get("constants"), f"{where}.constants", path, "值")
    for key, value in (("columns", columns), ("constants", constants)):
        unknown = [f for f in value if f not in defaults]
        if unknown:
            raise LoadError(
                f"未知字段 {unknown[0]!r} (unknown field)",
                path=path,
                key=f"{where}.{key}.{unknown[0]}",
                suggestion=_did_you_mean(unknown[0], defaults, "字段"),
            )
    if agency is not None and "agency" in defaults and "agency" not in constants:
        constants["agency"] = agency
    query = raw.get("query")
    if query is not None:
        query = str(query)
        body = query.strip().rstrip(";")
        if not re.match(r"\s*(select|with)\b", body, re.IGNORECASE) or ";" in body:
            raise LoadError(
                "query 应为一条只读的 SELECT 语句 (query must be one read-only SELECT)",
                path=path,
                key=f"{where}.query",
            )
        query = body
    source = TableSource(
        None if query is not None else str(raw.get("table", default_table)),
        {**defaults, **columns},
        constants,
        None if raw.get("file") is None else str(raw["file"]),
        None if raw.get("sheet") is None else str(raw["sheet"]),
        query,
        _excel_dates(raw.get("excel_dates"), part, f"{where}.excel_dates", path),
    )
    for field in _REQUIRED[part]:
        if not source.has(field):
            raise LoadError(
                f"字段 {field!r} 既没有列也没有常量 (field has neither a column nor a constant)",
                path=path,
                key=f"{where}.columns.{field}" if field in columns else where,
                suggestion=f"在 columns 中写出它的列名，或在 constants 中给出它的值：constants: {{{field}: …}}",
            )
    return source


#: The date fields of each part.
_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "applications": ("received", "closed"),
    "cases": ("filed", "concluded"),
    "documents": ("issued", "published", "repealed"),
    "counts": (),
    "contacts": (),
}


def _excel_dates(value: Any, part: str, where: str, path: str | None) -> tuple[str, ...]:
    """The ``excel_dates:`` list of a table: date fields whose numbers are Excel serial days.

    >>> _excel_dates(["received"], "applications", "applications.excel_dates", None)
    ('received',)
    >>> _excel_dates(["recieved"], "applications", "applications.excel_dates", None)
    Traceback (most recent call last):
    govreport.errors.LoadError: applications.excel_dates: 'recieved' 不是日期字段 (not a date field; applications: received, closed)
    """
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise LoadError(
            "excel_dates 应为日期字段的列表 (expected a list of date fields)", path=path, key=where
        )
    fields = _DATE_FIELDS[part]
    for name in value:
        if str(name) not in fields:
            raise LoadError(
                f"{str(name)!r} 不是日期字段 (not a date field; {part}: {', '.join(fields) or '无'})",
                path=path,
                key=where,
                suggestion=_did_you_mean(str(name), fields, "字段"),
            )
    return tuple(dict.fromkeys(str(n) for n in value))


def _sources(
    raw: AbcMapping[str, Any],
    part: str,
    default_table: str,
    defaults: dict[str, str],
    agency: str | None,
    path: str | None,
) -> dict[str, Any]:
    """The part's where-fields (``table`` … ``more``) from its own keys or its ``tables:`` list."""
    tables = raw.get("tables")
    if tables is None:
        entries = [(raw, part)]
    else:
        if not isinstance(tables, list) or not tables:
            raise LoadError(
                "tables 应为非空列表 (expected a list of tables)", path=path, key=f"{part}.tables"
            )
        clash = [k for k in _SOURCE_KEYS if k in raw]
        if clash:
            raise LoadError(
                f"{part} 同时有 tables 和 {clash[0]} (both tables and {clash[0]})",
                path=path,
                key=f"{part}.{clash[0]}",
                suggestion="把它写进 tables 的每一项里",
            )
        entries = []
        for i, entry in enumerate(tables):
            where = f"{part}.tables.{i}"
            if not isinstance(entry, AbcMapping):
                raise LoadError("应为一个映射 (expected a mapping)", path=path, key=where)
            _strict_keys(entry, _SOURCE_KEYS, where, path)
            entries.append((entry, where))
    # an entry of tables: has the columns it names (the default names serve the one-table form)
    bare = defaults if tables is None else dict.fromkeys(defaults, "")
    found = [
        _table_source(entry, part, default_table, bare, agency, where, path)
        for entry, where in entries
    ]
    first = found[0]
    return {
        "table": first.table or default_table,
        "file": first.file,
        "sheet": first.sheet,
        "columns": first.columns,
        "constants": first.constants,
        "query": first.query,
        "more": tuple(found[1:]),
        "excel_dates": first.excel_dates,
    }


@attrs.frozen
class Mapping:
    """The whole mapping: one part per kind of record (a missing part uses the defaults).

    ``agency`` names the one agency of a database that holds one agency's
    records (every part then has it as a constant).

    >>> Mapping().applications.outcome_codes["部分公开（区分处理的，只计这一情形，不计其他情形）"]
    'partially_granted'
    """

    applications: ApplicationsMapping = attrs.Factory(ApplicationsMapping)
    cases: CasesMapping | None = attrs.Factory(CasesMapping)
    documents: DocumentsMapping | None = attrs.Factory(DocumentsMapping)
    counts: CountsMapping | None = attrs.Factory(CountsMapping)
    contacts: ContactsMapping | None = attrs.Factory(ContactsMapping)
    #: The folder that relative ``file:`` entries are read from.
    base: Path = Path()
    #: The one agency the records are of, when the mapping says so.
    agency: str | None = None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Mapping:
        """Read a mapping file (YAML); a mistake is a :class:`LoadError` naming the file and line.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.yaml"
        >>> _ = p.write_text("applications:\\n  table: ledger\\n", encoding="utf-8")
        >>> Mapping.load(p).applications.table
        'ledger'
        >>> _ = p.write_text("applications:\\n  colums: {}\\n", encoding="utf-8")
        >>> try:
        ...     Mapping.load(p)
        ... except LoadError as e:
        ...     print(e.line, e.message, e.suggestion.split("？")[0])
        2 未知的键 'colums' (unknown key) 是否应为 'columns'
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise LoadError("映射文件应为 UTF-8 编码 (not UTF-8)", path=p) from e
        except OSError as e:
            raise LoadError(f"无法读取映射文件 (cannot read): {e.strerror}", path=p) from e
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise LoadError(
                f"映射文件不是有效的 YAML: {getattr(e, 'problem', e)}",
                path=p,
                line=None if mark is None else mark.line + 1,
            ) from e
        try:
            return cls.from_dict(data or {}, path=str(p), base=p.parent)
        except LoadError as e:
            if e.line is None and e.key is not None:
                lines = _key_lines(text)
                key = e.key
                while key and key not in lines:
                    key = key.rpartition(".")[0]
                if key:
                    raise LoadError(
                        e.message, path=p, line=lines[key], key=e.key, suggestion=e.suggestion
                    ) from e
            raise

    @classmethod
    def from_dict(
        cls, data: AbcMapping[str, Any], *, path: str | None = None, base: Path | None = None
    ) -> Mapping:
        """Build a mapping from parsed YAML; unknown keys (at any level) or categories raise :class:`LoadError`.

        >>> Mapping.from_dict({"cases": {"basis": "active"}}).cases.basis
        'active'
        >>> m = Mapping.from_dict({"agency": "某区教育局",
        ...                        "documents": {"table": "发文", "constants": {"kind": "行政规范性文件"}}})
        >>> m.documents.constants["kind"], m.applications.constants["agency"]
        ('行政规范性文件', '某区教育局')
        >>> Mapping.from_dict({"tables": {}})
        Traceback (most recent call last):
        govreport.errors.LoadError: ...
        """
        if not isinstance(data, AbcMapping):
            raise LoadError("映射文件应为一个映射 (expected a mapping at the top)", path=path)
        _strict_keys(data, _TOP_KEYS, "", path)
        agency = data.get("agency")
        if agency is not None:
            agency = str(agency).strip()
            if not agency:
                raise LoadError("agency 不能为空 (empty agency)", path=path, key="agency")

        def part(name: str) -> AbcMapping[str, Any] | None:
            raw = data.get(name, {})
            if raw is None or raw is False:
                return None
            if not isinstance(raw, AbcMapping):
                raise LoadError("应为一个映射 (expected a mapping)", path=path, key=name)
            _strict_keys(raw, (*_SOURCE_KEYS, "tables", *_PART_KEYS[name]), name, path)
            return raw

        def codes(raw: AbcMapping[str, Any], name: str, key: str, vocabulary: str) -> Codes:
            return _codes(raw.get(key), VOCABULARIES[vocabulary], f"{name}.{key}", path)

        a = part("applications") or {}
        apps = ApplicationsMapping(
            **_sources(
                a, "applications", "applications", ApplicationsMapping().columns, agency, path
            ),
            outcome_separator=str(a.get("outcome_separator", ";")),
            applicant_codes=codes(a, "applications", "applicant_codes", "applicant_types"),
            outcome_codes=codes(a, "applications", "outcome_codes", "outcomes"),
        )
        c = part("cases")
        cases = None
        if c is not None:
            basis = str(c.get("basis", "filed"))
            if basis not in ("filed", "active"):
                raise LoadError(
                    f"未知统计口径 {basis!r}",
                    path=path,
                    key="cases.basis",
                    suggestion="filed 或 active",
                )
            cases = CasesMapping(
                **_sources(c, "cases", "cases", CasesMapping().columns, agency, path),
                basis=basis,
                kind_codes=codes(c, "cases", "kind_codes", "case_kinds"),
                result_codes=codes(c, "cases", "result_codes", "case_results"),
            )
        d = part("documents")
        documents = None
        if d is not None:
            documents = DocumentsMapping(
                **_sources(d, "documents", "documents", DocumentsMapping().columns, agency, path),
                kind_codes=codes(d, "documents", "kind_codes", "document_kinds"),
            )
        n = part("counts")
        counts = None
        if n is not None:
            counts = CountsMapping(
                **_sources(n, "counts", "annual_counts", CountsMapping().columns, agency, path),
                kind_codes=codes(n, "counts", "kind_codes", "activity_kinds"),
            )
        k = part("contacts")
        contacts = None
        if k is not None:
            contacts = ContactsMapping(
                **_sources(k, "contacts", "contacts", ContactsMapping().columns, agency, path)
            )
        return cls(apps, cases, documents, counts, contacts, base or Path(), agency)
