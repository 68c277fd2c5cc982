"""Reading the text of a data file into a tree that remembers where each key was written.

YAML, JSON and TOML all become the same small tree (:class:`MapNode`,
:class:`SeqNode`, :class:`Scalar`). YAML nodes carry their line from the
parser's marks; JSON and TOML carry their key path, and :meth:`Document.line`
finds the line in the text when an error needs it. Numbers with a fraction
become :class:`~decimal.Decimal` from the text as written, never via float.

>>> doc = parse("年度: 2024\\n费用: 96171.60\\n", "yaml", "r.yaml")
>>> [(i.key, i.value.value) for i in doc.root.items]
[('年度', 2024), ('费用', Decimal('96171.60'))]
>>> doc.line(doc.root.items[1].loc)
2
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import yaml

from govreport import _text
from govreport.errors import LoadError

__all__ = ["Document", "Item", "MapNode", "Scalar", "SeqNode", "decode", "parse"]

Loc = tuple[str | int, ...]


@attrs.define
class Scalar:
    """A value: str, int, Decimal, bool or None. ``raw`` is the YAML source text, if any."""

    value: Any
    loc: Loc
    raw: str | None = None


@attrs.define
class Item:
    """One key of a mapping with its value; ``occurrence`` counts repeats of the key (1 = first)."""

    key: str
    value: Node
    loc: Loc
    occurrence: int = 1


@attrs.define
class MapNode:
    """A mapping, its keys in the order written (repeated keys kept)."""

    items: list[Item]
    loc: Loc


@attrs.define
class SeqNode:
    """A list."""

    items: list[Node]
    loc: Loc


Node = MapNode | SeqNode | Scalar


@attrs.define
class Document:
    """A parsed data file: its tree, and how to find the line of a key."""

    root: Node
    source: str
    format: str
    text: str
    lines: dict[tuple[Loc, int], int] = attrs.field(factory=dict)

    def line(self, loc: Loc, occurrence: int = 1) -> int | None:
        """The 1-based line where the key at ``loc`` is written (``None``: not found).

        >>> d = parse('{"a": {"b": 1}}', "json", "x.json")
        >>> d.line(("a", "b"))
        1
        """
        if self.format == "yaml":
            found = self.lines.get((loc, occurrence))
            while found is None and loc:
                loc = loc[:-1]
                found = self.lines.get((loc, 1))
            return found
        return _locate(self.text, self.format, loc, occurrence)


def decode(data: bytes, source: str) -> str:
    """Text from bytes by govreport's one decoder (:func:`govreport._text.decode`).

    UTF-8 (with or without BOM), else a file wholly in GB18030; a UTF-8 file
    with a fragment in another encoding is refused with its offset and line.

    >>> decode("年度".encode("gb18030"), "r.yaml")
    '年度'
    """
    return _text.decode(data, source)


def parse(text: str, fmt: str, source: str) -> Document:
    """Parse ``text`` in ``fmt`` (``yaml``, ``json`` or ``toml``) into a :class:`Document`.

    >>> parse("[1, 2]", "json", "x.json").root.items[1].value
    2
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt == "yaml":
        return _parse_yaml(text, source)
    if fmt == "json":
        try:
            data = json.loads(text, parse_float=Decimal, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as e:
            raise LoadError(f"JSON 语法错误：{e.msg}", path=source, line=e.lineno) from None
        except RecursionError:
            raise LoadError("JSON 嵌套过深", path=source) from None
        return Document(_from_plain(data, ()), source, fmt, text)
    if fmt == "toml":
        try:
            tdata = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+)", str(e))
            msg = re.sub(r"\s*\(at line.*\)$", "", str(e))
            raise LoadError(
                f"TOML 语法错误：{msg}", path=source, line=int(m.group(1)) if m else None
            ) from None
        return Document(_from_plain(tdata, ()), source, fmt, text)
    raise LoadError(f"不支持的格式“{fmt}”：应为 yaml、json 或 toml", path=source)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as the list of its pairs, so that repeated keys stay visible."""


def _from_plain(data: Any, loc: Loc) -> Node:
    if isinstance(data, _Pairs | dict):
        pairs = list(data) if isinstance(data, _Pairs) else list(data.items())
        seen: dict[str, int] = {}
        items = []
        for k, v in pairs:
            seen[k] = seen.get(k, 0) + 1
            items.append(Item(k, _from_plain(v, (*loc, k)), (*loc, k), seen[k]))
        return MapNode(items, loc)
    if isinstance(data, list):
        return SeqNode([_from_plain(v, (*loc, i)) for i, v in enumerate(data)], loc)
    if isinstance(data, float):  # pragma: no cover - parse_float makes Decimals
        raise TypeError("float")
    return Scalar(data, loc)


# --------------------------------------------------------------------------- YAML

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

#: The YAML loader: libyaml's (C, several times faster) when PyYAML was built with it, else the
#: pure-Python one. Both build the same nodes with the same marks (0-based lines), and the same
#: resolver tags them, so a file reads the same and an error names the same line either way.
_YAML_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


#: The characters YAML 1.1 does not allow in a stream (PyYAML's Reader and libyaml refuse the same).
_YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: What YAML counts as a line break, so that a line computed from an offset is the parser's line.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _parse_yaml(text: str, source: str) -> Document:
    bad = _YAML_UNPRINTABLE.search(text)
    if bad is not None:
        # found here, not by the parser: the same error from both loaders, with its line
        line = len(_YAML_BREAK.findall(text, 0, bad.start())) + 1
        raise LoadError(
            f"YAML 语法错误：文件中有不允许的字符 U+{ord(bad.group()):04X}",
            path=source,
            line=line,
        )
    # libyaml reads UTF-8 bytes faster than a str (which it would encode itself)
    loader = _YAML_LOADER(text.encode("utf-8") if _YAML_LOADER is not yaml.SafeLoader else text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "语法错误"
        raise LoadError(
            f"YAML 语法错误：{problem}", path=source, line=None if mark is None else mark.line + 1
        ) from None
    except yaml.YAMLError as e:  # pragma: no cover - the scan above finds what the reader refuses
        raise LoadError(f"YAML 语法错误：{e}", path=source) from None
    finally:
        loader.dispose()
    doc = Document(Scalar(None, ()), source, "yaml", text)
    if node is not None:
        doc.root = _from_yaml(node, (), doc, loader)
    return doc


def _from_yaml(
    node: yaml.Node, loc: Loc, doc: Document, loader: yaml.SafeLoader | yaml.CSafeLoader
) -> Node:
    line = node.start_mark.line + 1
    doc.lines.setdefault((loc, 1), line)
    if isinstance(node, yaml.MappingNode):
        items: list[Item] = []
        seen: dict[str, int] = {}
        for knode, vnode in node.value:
            kline = knode.start_mark.line + 1
            if not isinstance(knode, yaml.ScalarNode) or knode.tag == "tag:yaml.org,2002:merge":
                raise LoadError("键应为文字", path=doc.source, line=kline)
            key = knode.value
            seen[key] = seen.get(key, 0) + 1
            kloc = (*loc, key)
            doc.lines[(kloc, seen[key])] = kline
            vloc = kloc if seen[key] == 1 else (*kloc, f"#{seen[key]}")
            items.append(Item(key, _from_yaml(vnode, vloc, doc, loader), kloc, seen[key]))
        return MapNode(items, loc)
    if isinstance(node, yaml.SequenceNode):
        return SeqNode(
            [_from_yaml(v, (*loc, i), doc, loader) for i, v in enumerate(node.value)], loc
        )
    assert isinstance(node, yaml.ScalarNode)
    raw = node.value
    tag = node.tag
    if tag == _INT:
        return Scalar(loader.construct_yaml_int(node), loc, raw)
    if tag == _FLOAT:
        try:
            value = Decimal(raw.replace("_", ""))
        except InvalidOperation:
            value = raw
        return Scalar(value, loc, raw)
    if tag == _BOOL:
        return Scalar(loader.construct_yaml_bool(node), loc, raw)
    if tag == _NULL:
        return Scalar(None, loc, raw)
    if tag in (_STR, _TIMESTAMP):
        return Scalar(raw, loc, raw)
    raise LoadError(f"不支持的 YAML 类型 {tag}", path=doc.source, line=line)


# --------------------------------------------------------------------------- locating keys in JSON/TOML


def _key_pattern(key: str, fmt: str) -> re.Pattern[str]:
    quoted = [re.escape(json.dumps(key, ensure_ascii=False)), re.escape(json.dumps(key))]
    if fmt == "json":
        return re.compile(f"(?:{'|'.join(quoted)})\\s*:")
    quoted.append(re.escape(f"'{key}'"))
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        quoted.append(re.escape(key))
    return re.compile(f"(?<![\\w\"'])(?:{'|'.join(quoted)})(?![\\w\"'])\\s*[=.\\]]")


def _locate(text: str, fmt: str, loc: Loc, occurrence: int) -> int | None:
    pos = 0
    found: int | None = None
    keys = [k for k in loc if isinstance(k, str)]
    for i, key in enumerate(keys):
        pattern = _key_pattern(key, fmt)
        n = occurrence if i == len(keys) - 1 else 1
        m = None
        for _ in range(n):
            m = pattern.search(text, pos if m is None else m.end())
            if m is None:
                break
        if m is None:
            return found
        found = text.count("\n", 0, m.start()) + 1
        pos = m.end()
    return found if found is not None else 1
