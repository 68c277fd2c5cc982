"""Reading and writing report data files: YAML, JSON and TOML (and Excel workbooks, read only).

A data file names each part of the report either by its English key
(``applications: {granted: {natural_person: 3}}``) or by the label the
official format prints (``三、收到和处理政府信息公开申请情况: {…}``); the two
styles may be mixed. See ``docs/data-files.md`` for every accepted spelling.

>>> import govreport
>>> text = govreport.dumps(govreport.Report.new("某某局", 2024), labels=True)
>>> print(text.splitlines()[0])
机关名称: 某某局
>>> govreport.loads(text) == govreport.Report.new("某某局", 2024)
True
"""

from __future__ import annotations

import json
import logging
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from govreport._fs import atomic_write_bytes
from govreport.errors import LoadError, MissingExtraError, RenderError
from govreport.formats import _xlsx
from govreport.formats._convert import build, to_plain
from govreport.formats._parse import decode, parse
from govreport.formats._read import DOCUMENT_SUFFIXES, FORMATS, read
from govreport.model import Report
from govreport.spec import Edition

__all__ = ["FORMATS", "dump", "dumps", "load", "loads"]

_log = logging.getLogger("govreport")


def _format_of(path: Path, *, reading: bool = True) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        accepted = ".yaml、.yml、.json、.toml" + (
            "、.xlsx、.docx、.html 或 .pdf" if reading else ""
        )
        raise LoadError(f"无法识别的文件类型“{path.suffix}”：应为 {accepted}", path=str(path))
    return fmt


def load(path: str | os.PathLike[str], *, edition: Edition | int | None = None) -> Report:
    """Read a report from a data file or a published document; the format follows the suffix.

    ``edition`` overrides the edition the file states or implies. A Word
    document (``.docx``) is read too. :func:`govreport.read` reads the same
    files and also gives where each value was printed and the ``FORMAT``
    findings (values read although the official format prints them
    otherwise); ``load`` logs those on the ``govreport`` logger.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = p.write_text("机关名称: 某某局\\n年度: 2020\\n", encoding="utf-8")
    >>> load(p).edition
    <Edition.V2019: 2019>
    """
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        try:
            return _xlsx.read_workbook(p)
        except MissingExtraError as e:
            raise LoadError(
                f"读取 Excel 文件需要安装 openpyxl：pip install govreport[excel]（{e}）",
                path=str(p),
            ) from None
    if p.suffix.lower() not in DOCUMENT_SUFFIXES:
        _format_of(p)
    got = read(p, edition=edition)
    for f in got.findings:
        _log.warning("%s: %s [%s] %s", p, f.where or "", f.rule, f.message)
    return got.report


def loads(
    text: str | bytes,
    format: str = "yaml",
    *,
    source: str = "<string>",
    edition: Edition | int | None = None,
) -> Report:
    """Read a report from the text of a data file.

    >>> loads('{"agency": "某某局", "year": 2024}', "json").year
    2024
    """
    if isinstance(text, bytes):
        text = decode(text, source)
    return build(parse(text, format.lower(), source), edition)


def dumps(report: Report, format: str = "yaml", *, labels: bool = False) -> str:
    """The text of a data file for ``report``: English keys, or printed labels with ``labels=True``.

    Reading the text back gives an equal report. Text that no UTF-8 file can
    hold (a lone surrogate) raises :class:`~govreport.errors.RenderError`
    naming the field.

    >>> print(dumps(Report.new("某某局", 2024), "json").splitlines()[1])
      "agency": "某某局",
    """
    _refuse_surrogates(to_plain(report, labels=False), "$")
    data = to_plain(report, labels=labels)
    fmt = format.lower()
    if fmt == "yaml":
        return _yaml(data)
    if fmt == "json":
        return _json(data, 0) + "\n"
    if fmt == "toml":
        return _toml(data)
    raise ValueError(f"unknown format {format!r}: use yaml, json or toml")


def dump(report: Report, path: str | os.PathLike[str], *, labels: bool = False) -> Path:
    """Write ``report`` to a data file atomically; the format follows the suffix.

    >>> import tempfile, pathlib
    >>> p = dump(Report.new("某某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.toml")
    >>> load(p) == Report.new("某某局", 2024)
    True
    """
    p = Path(path)
    text = dumps(report, _format_of(p, reading=False), labels=labels)
    return atomic_write_bytes(p, text.encode("utf-8"))


def _refuse_surrogates(value: Any, where: str) -> None:
    """A lone surrogate cannot be written in UTF-8: refuse it, naming the field, before writing."""
    if isinstance(value, dict):
        for k, v in value.items():
            _refuse_surrogates(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _refuse_surrogates(v, f"{where}[{i}]")
    elif isinstance(value, str):
        m = _SURROGATE.search(value)
        if m is not None:
            raise RenderError(
                f"{where}: 第 {m.start() + 1} 个字符是单独的代理码位 U+{ord(m.group()):04X}，"
                "不是有效的字符，无法写入 UTF-8 文件",
                field=where,
                position=m.start(),
            )


_SURROGATE = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if any(c in value for c in "\x85\u2028\u2029"):  # YAML line breaks: keep them escaped
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value.strip("\n") and not re.search(r"[ \t]\n|\n[ \t]|\r", value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100000,
    )


# --------------------------------------------------------------------------- JSON


def _json(value: Any, indent: int) -> str:
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ",\n".join(
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {_json(v, indent + 1)}"
            for k, v in value.items()
        )
        return "{\n" + inner + "\n" + "  " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = ",\n".join(f"{pad}{_json(v, indent + 1)}" for v in value)
        return "[\n" + inner + "\n" + "  " * indent + "]"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- TOML


def _toml_key(key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    return _toml_str(key)


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append((k, v))
        else:
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    out = "\n".join(lines) + ("\n" if lines else "")
    for k, v in tables:
        path = (*prefix, k)
        out += "\n[" + ".".join(_toml_key(p) for p in path) + "]\n"
        out += _toml(v, path)
    return out
