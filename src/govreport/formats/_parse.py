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
from govreport._text import line_at
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
        _check_depth(text, fmt, source)
        try:
            data = json.loads(
                text,
                parse_float=_Literal,
                parse_int=_Literal,
                parse_constant=_refuse_constant,
                object_pairs_hook=_Pairs,
            )
        except _ConstantError as e:
            raise LoadError(
                f"JSON 中的 {e.name} 不是数：计数与金额应写十进制数字",
                path=source,
                line=_constant_line(text, e.name),
            ) from None
        except json.JSONDecodeError as e:
            raise LoadError(f"JSON 语法错误：{e.msg}", path=source, line=e.lineno) from None
        except RecursionError:  # pragma: no cover - _check_depth refuses deep nesting first
            raise LoadError("JSON 嵌套过深", path=source) from None
        return Document(_from_plain(data, ()), source, fmt, text)
    if fmt == "toml":
        _check_depth(text, fmt, source)
        try:
            tdata = tomllib.loads(text, parse_float=_Literal)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+)", str(e))
            msg = re.sub(r"\s*\(at line.*\)$", "", str(e))
            raise LoadError(
                f"TOML 语法错误：{msg}", path=source, line=int(m.group(1)) if m else None
            ) from None
        except RecursionError:  # pragma: no cover - _check_depth refuses deep nesting first
            raise LoadError("TOML 嵌套过深", path=source) from None
        _check_plain_depth(tdata, source, text)
        return Document(_from_plain(tdata, ()), source, fmt, text)
    raise LoadError(f"不支持的格式“{fmt}”：应为 yaml、json 或 toml", path=source)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as the list of its pairs, so that repeated keys stay visible."""


class _Literal(str):
    """A JSON or TOML number as written (``1e3`` stays ``1e3``); :func:`_from_plain` reads it."""


class _ConstantError(Exception):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)


def _refuse_constant(name: str) -> Any:
    raise _ConstantError(name)


def _constant_line(text: str, name: str) -> int | None:
    """The line of the first ``NaN``/``Infinity`` outside a JSON string."""
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(name), text):
        if not m.group().startswith('"'):
            return line_at(text, m.start())
    return None  # pragma: no cover - json.loads found it


#: The deepest nesting of mappings and lists a data file may have (a report needs under 10).
MAX_DEPTH = 64
#: The most alias uses (``*name``) a YAML file may make.
MAX_ALIASES = 1_000
#: The most nodes a YAML file may expand to once every alias is followed.
MAX_NODES = 200_000

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_TOML_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def _check_depth(text: str, fmt: str, source: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, before the parser recurses into it."""
    depth = 0
    tokens = _JSON_TOKENS if fmt == "json" else _TOML_TOKENS
    for m in tokens.finditer(text):
        t = m.group()
        if t in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(
                    f"{fmt.upper()} 嵌套超过 {MAX_DEPTH} 层",
                    path=source,
                    line=line_at(text, m.start()),
                )
        elif t in "]}":
            depth = max(depth - 1, 0)


def _check_plain_depth(data: Any, source: str, text: str) -> None:
    """Refuse a parsed tree (TOML dotted keys nest without brackets) deeper than :data:`MAX_DEPTH`."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(data, 0, ())]
    while stack:
        node, depth, loc = stack.pop()
        if depth > MAX_DEPTH:
            line = _locate(text, "toml", loc[: MAX_DEPTH + 1], 1)
            raise LoadError(f"TOML 嵌套超过 {MAX_DEPTH} 层", path=source, line=line)
        if isinstance(node, dict):
            stack.extend((v, depth + 1, (*loc, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, (*loc, i)) for i, v in enumerate(node))


def _number(raw: str) -> Scalar | None:
    """A JSON/TOML number literal: an int, else a Decimal; ``raw`` keeps it as written."""
    t = raw.replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+", t):
        return Scalar(int(t), (), raw)
    try:
        return Scalar(Decimal(t), (), raw)
    except InvalidOperation:  # pragma: no cover - the parsers give only numbers here
        return None


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
    if isinstance(data, _Literal):
        number = _number(str(data))
        if number is not None:
            number.loc = loc
            return number
    if isinstance(data, float):  # pragma: no cover - parse_float makes literals
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
#: resolver (:func:`_core_numbers`) tags them, so a file reads the same and an error names the same
#: line either way.
_YAML_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)

_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


_CORE_LOADERS: dict[type[Any], type[Any]] = {}


def _core_numbers(base: type[Any]) -> type[Any]:
    """``base`` with YAML 1.2 core numbers: ``010`` is 10, ``0x1F`` is 31; ``1:30``, ``1_000`` are text.

    YAML 1.1 (PyYAML's default) reads ``010`` as 8 and ``1:30`` as 90; no count may be read so.
    The class is made once for each base loader.

    >>> loader = _core_numbers(yaml.SafeLoader)("")
    >>> [loader.resolve(yaml.ScalarNode, v, (True, False)).rsplit(":", 1)[1] for v in ("010", "1:30")]
    ['int', 'str']
    """
    found = _CORE_LOADERS.get(base)
    if found is None:
        resolvers = {
            first: [(tag, rx) for tag, rx in pairs if tag not in (_INT, _FLOAT)]
            for first, pairs in base.yaml_implicit_resolvers.items()
        }
        loader: Any = type(f"Core{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers})
        loader.add_implicit_resolver(_INT, _CORE_INT, list("-+0123456789"))
        loader.add_implicit_resolver(_FLOAT, _CORE_FLOAT, list("-+0123456789."))
        found = _CORE_LOADERS[base] = loader
    return found


#: The characters YAML 1.1 does not allow in a stream (PyYAML's Reader and libyaml refuse the same).
_YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: What YAML counts as a line break although editors do not: YAML would fold or break the text there
#: (U+0085 becomes a space) and count a line no editor shows, so such a character is refused.
_YAML_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\r": "单独的回车符 CR（U+000D）",
    "\x85": "下一行符 NEL（U+0085）",
    "\u2028": "行分隔符（U+2028）",
    "\u2029": "段分隔符（U+2029）",
}


def _yaml_int(raw: str) -> int:
    if raw.startswith("0o"):
        return int(raw[2:], 8)
    if raw.startswith("0x"):
        return int(raw[2:], 16)
    return int(raw)


def _parse_yaml(text: str, source: str) -> Document:
    bad = _YAML_UNPRINTABLE.search(text)
    if bad is not None:
        # found here, not by the parser: the same error from both loaders, with its line
        raise LoadError(
            f"YAML 语法错误：文件中有不允许的控制字符 U+{ord(bad.group()):04X}"
            f"（第 {bad.start() - text.rfind(chr(10), 0, bad.start())} 个字符）；"
            "请删去它，或在双引号中写成转义形式",
            path=source,
            line=line_at(text, bad.start()),
        )
    odd = _YAML_ODD_BREAK.search(text)
    if odd is not None:
        name = _BREAK_NAMES[odd.group()]
        escaped = json.dumps(odd.group())
        raise LoadError(
            f"文件中有{name}：YAML 把它当作换行，会改变文字和行号；"
            f"请改为普通换行，或在双引号中写成 {escaped}",
            path=source,
            line=line_at(text, odd.start()),
        )
    # libyaml reads UTF-8 bytes faster than a str (which it would encode itself)
    loader = _core_numbers(_YAML_LOADER)(
        text.encode("utf-8") if _YAML_LOADER is not yaml.SafeLoader else text
    )
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "语法错误"
        raise LoadError(
            f"YAML 语法错误：{problem}", path=source, line=None if mark is None else mark.line + 1
        ) from None
    except RecursionError:  # pragma: no cover - libyaml stops at its own nesting limit first
        raise LoadError(f"YAML 嵌套超过 {MAX_DEPTH} 层", path=source) from None
    except yaml.YAMLError as e:  # pragma: no cover - the scan above finds what the reader refuses
        raise LoadError(f"YAML 语法错误：{e}", path=source) from None
    finally:
        loader.dispose()
    doc = Document(Scalar(None, ()), source, "yaml", text)
    if node is not None:
        doc.root = _from_yaml(node, (), doc, _Walk(), 1)
    return doc


@attrs.define
class _Walk:
    """The bounds of one YAML walk: nodes open on the path, nodes seen, nodes and aliases expanded."""

    open: set[int] = attrs.field(factory=set)
    seen: set[int] = attrs.field(factory=set)
    nodes: int = 0
    aliases: int = 0


def _from_yaml(
    node: yaml.Node, loc: Loc, doc: Document, walk: _Walk, at: int, via: int | None = None
) -> Node:
    """The tree of ``node``; ``at`` is the line that refers to it, ``via`` that of the alias it is reached by."""
    line = node.start_mark.line + 1
    here = id(node)
    if here in walk.open:
        raise LoadError("YAML 别名指向包含它自己的节点（递归的别名）", path=doc.source, line=at)
    if here in walk.seen and isinstance(node, yaml.CollectionNode):
        via = at if via is None else via
        walk.aliases += 1
        if walk.aliases > MAX_ALIASES:
            raise LoadError(
                f"YAML 别名（*）展开超过 {MAX_ALIASES} 次，拒绝读取（疑为别名炸弹）",
                path=doc.source,
                line=at if via is None else via,
            )
    walk.seen.add(here)
    walk.nodes += 1
    if walk.nodes > MAX_NODES:
        raise LoadError(
            f"YAML 展开后超过 {MAX_NODES} 个节点，拒绝读取（疑为别名炸弹）",
            path=doc.source,
            line=at if via is None else via,
        )
    if len(loc) >= MAX_DEPTH and isinstance(node, yaml.CollectionNode):
        raise LoadError(f"YAML 嵌套超过 {MAX_DEPTH} 层", path=doc.source, line=line)
    doc.lines.setdefault((loc, 1), line)
    if isinstance(node, yaml.MappingNode):
        walk.open.add(here)
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
            items.append(Item(key, _from_yaml(vnode, vloc, doc, walk, kline, via), kloc, seen[key]))
        walk.open.discard(here)
        return MapNode(items, loc)
    if isinstance(node, yaml.SequenceNode):
        walk.open.add(here)
        seq = SeqNode(
            [_from_yaml(v, (*loc, i), doc, walk, line, via) for i, v in enumerate(node.value)],
            loc,
        )
        walk.open.discard(here)
        return seq
    assert isinstance(node, yaml.ScalarNode)
    raw = node.value
    tag = node.tag
    if tag == _INT:
        return Scalar(_yaml_int(raw), loc, raw)
    if tag == _FLOAT:
        try:
            value = Decimal(raw.replace("_", ""))
        except InvalidOperation:
            value = raw
        return Scalar(value, loc, raw)
    if tag == _BOOL:
        return Scalar(yaml.SafeLoader.bool_values[raw.lower()], loc, raw)
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
