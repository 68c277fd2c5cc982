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

import os
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
    "ContactsMapping",
    "CountsMapping",
    "DocumentsMapping",
    "Mapping",
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


def _identity(vocabulary: Vocabulary) -> dict[str, str]:
    """Each key and each accepted spelling of it maps to the key."""
    return dict(vocabulary.spellings)


def _codes(value: Any, vocabulary: Vocabulary, where: str, path: str | None) -> dict[str, str]:
    if value is None:
        return _identity(vocabulary)
    if not isinstance(value, AbcMapping):
        raise LoadError(
            "应为“代码: 类别”的映射 (expected a code: category mapping)", path=path, key=where
        )
    accepted = _identity(vocabulary)
    out: dict[str, str] = {}
    for code, target in value.items():
        found = accepted.get(str(target))
        if found is None:
            raise LoadError(
                f"代码 {code!r} 映射到未知类别 {target!r} (unknown category)",
                path=path,
                key=f"{where}.{code}",
                suggestion="可用类别: " + ", ".join(vocabulary.labels),
            )
        out[str(code)] = found
    return out


def _columns(value: Any, defaults: dict[str, str], where: str, path: str | None) -> dict[str, str]:
    if value is None:
        return dict(defaults)
    if not isinstance(value, AbcMapping):
        raise LoadError("应为“字段: 列名”的映射 (expected field: column)", path=path, key=where)
    unknown = set(value) - set(defaults)
    if unknown:
        raise LoadError(
            f"未知字段 {sorted(unknown)[0]!r} (unknown field)",
            path=path,
            key=f"{where}.{sorted(unknown)[0]}",
            suggestion="可用字段: " + ", ".join(defaults),
        )
    return {**defaults, **{str(k): str(v) for k, v in value.items()}}


def _source(raw: AbcMapping[str, Any], default_table: str) -> dict[str, Any]:
    return {
        "table": str(raw.get("table", default_table)),
        "file": None if raw.get("file") is None else str(raw["file"]),
        "sheet": None if raw.get("sheet") is None else str(raw["sheet"]),
    }


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of every key of a YAML document, by dotted path."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                path = f"{prefix}{k.value}"
                lines[path] = k.start_mark.line + 1
                walk(v, path + ".")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return lines


@attrs.frozen
class ApplicationsMapping:
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
    outcome_separator: str = ";"
    applicant_codes: dict[str, str] = attrs.Factory(
        lambda: _identity(VOCABULARIES["applicant_types"])
    )
    outcome_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["outcomes"]))


@attrs.frozen
class CasesMapping:
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
    basis: str = attrs.field(default="filed", validator=attrs.validators.in_(("filed", "active")))
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["case_kinds"]))
    result_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["case_results"]))


@attrs.frozen
class DocumentsMapping:
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
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["document_kinds"]))


@attrs.frozen
class CountsMapping:
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
    kind_codes: dict[str, str] = attrs.Factory(lambda: _identity(VOCABULARIES["activity_kinds"]))


@attrs.frozen
class ContactsMapping:
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


@attrs.frozen
class Mapping:
    """The whole mapping: one part per kind of record (a missing part uses the defaults).

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

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Mapping:
        """Read a mapping file (YAML).

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.yaml"
        >>> _ = p.write_text("applications:\\n  table: ledger\\n", encoding="utf-8")
        >>> Mapping.load(p).applications.table
        'ledger'
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise LoadError("映射文件应为 UTF-8 编码 (not UTF-8)", path=p) from e
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
        """Build a mapping from parsed YAML; unknown parts or categories raise :class:`LoadError`.

        >>> Mapping.from_dict({"cases": {"basis": "active"}}).cases.basis
        'active'
        >>> Mapping.from_dict({"tables": {}})
        Traceback (most recent call last):
        govreport.errors.LoadError: ...
        """
        if not isinstance(data, AbcMapping):
            raise LoadError("映射文件应为一个映射 (expected a mapping at the top)", path=path)
        parts = {"version", "applications", "cases", "documents", "counts", "contacts"}
        for key in data:
            if key not in parts:
                raise LoadError(
                    f"未知部分 {key!r} (unknown part)",
                    path=path,
                    key=str(key),
                    suggestion="可用部分: " + ", ".join(sorted(parts - {"version"})),
                )

        def part(name: str) -> AbcMapping[str, Any] | None:
            raw = data.get(name, {})
            if raw is None or raw is False:
                return None
            if not isinstance(raw, AbcMapping):
                raise LoadError("应为一个映射 (expected a mapping)", path=path, key=name)
            return raw

        a = part("applications") or {}
        where = _source(a, "applications")
        apps = ApplicationsMapping(
            **where,
            columns=_columns(
                a.get("columns"), ApplicationsMapping().columns, "applications.columns", path
            ),
            outcome_separator=str(a.get("outcome_separator", ";")),
            applicant_codes=_codes(
                a.get("applicant_codes"),
                VOCABULARIES["applicant_types"],
                "applications.applicant_codes",
                path,
            ),
            outcome_codes=_codes(
                a.get("outcome_codes"), VOCABULARIES["outcomes"], "applications.outcome_codes", path
            ),
        )
        c = part("cases")
        cases = None
        if c is not None:
            where = _source(c, "cases")
            basis = str(c.get("basis", "filed"))
            if basis not in ("filed", "active"):
                raise LoadError(
                    f"未知统计口径 {basis!r}",
                    path=path,
                    key="cases.basis",
                    suggestion="filed 或 active",
                )
            cases = CasesMapping(
                **where,
                columns=_columns(c.get("columns"), CasesMapping().columns, "cases.columns", path),
                basis=basis,
                kind_codes=_codes(
                    c.get("kind_codes"), VOCABULARIES["case_kinds"], "cases.kind_codes", path
                ),
                result_codes=_codes(
                    c.get("result_codes"), VOCABULARIES["case_results"], "cases.result_codes", path
                ),
            )
        d = part("documents")
        documents = None
        if d is not None:
            where = _source(d, "documents")
            documents = DocumentsMapping(
                **where,
                columns=_columns(
                    d.get("columns"), DocumentsMapping().columns, "documents.columns", path
                ),
                kind_codes=_codes(
                    d.get("kind_codes"),
                    VOCABULARIES["document_kinds"],
                    "documents.kind_codes",
                    path,
                ),
            )
        n = part("counts")
        counts = None
        if n is not None:
            where = _source(n, "annual_counts")
            counts = CountsMapping(
                **where,
                columns=_columns(n.get("columns"), CountsMapping().columns, "counts.columns", path),
                kind_codes=_codes(
                    n.get("kind_codes"), VOCABULARIES["activity_kinds"], "counts.kind_codes", path
                ),
            )
        k = part("contacts")
        contacts = None
        if k is not None:
            where = _source(k, "contacts")
            contacts = ContactsMapping(
                **where,
                columns=_columns(
                    k.get("columns"), ContactsMapping().columns, "contacts.columns", path
                ),
            )
        return cls(apps, cases, documents, counts, contacts, base or Path())
