"""Checking a user's Word template before it is used: unknown variables and filters, broken tags.

Each problem names where it is (the part, the paragraph, the table cell)
and what is wrong, in the words a clerk editing the template in Word can
act on.

>>> import io, docx
>>> document = docx.Document()
>>> _ = document.add_paragraph("{{ report.titel }}")
>>> document.save(template := io.BytesIO())
>>> [p.message for p in check_template(template.getvalue(), edition=2021)]
['模板使用了报告中没有的变量 report.titel']
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import attrs
import jinja2
from jinja2 import nodes

from govreport._archive import open_zip, parse_xml, read_member
from govreport.errors import TemplateError
from govreport.model import Finding, Report
from govreport.rendering._context import build_context
from govreport.rendering._sandbox import TIME_LIMIT
from govreport.rendering._template import (
    Template,
    _prepare_xml,
    _read_file,
    edition_conflict,
    load_parts,
    make_environment,
    rows_only_in_one_edition,
    tag_trouble,
)
from govreport.spec import Edition, rows_only_in

__all__ = ["TemplateProblem", "check_template", "guess_edition"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
#: A stand-in for a field, a bookmark or a revision mark inside a paragraph's text.
_MARK = "\x00"
_BREAKERS = {
    f"{_W}{n}" for n in ("fldChar", "instrText", "fldSimple", "bookmarkStart", "bookmarkEnd")
}
_TOO_DEEP = "模板嵌套过深 (template nesting limit)"
#: Where a problem of the whole template (not of one part) is.
_WHOLE = "整个模板"
#: The longest tag read as one (a longer one is reported as not closed): bounds the search in a paragraph.
MAX_TAG_CHARS = 2000
_TAG = re.compile(r"\{\x00*([\{%])(.{0," + str(MAX_TAG_CHARS) + r"}?)([\}%])\x00*\}", re.DOTALL)
_FULL_WIDTH = ("｛｛", "｝｝", "｛％", "％｝")  # the full-width braces a Chinese input method types
#: The rows only the 2019 edition has: a template that names one is a 2019 template.
_ONLY_2019 = rows_only_in(Edition.V2019)
_BLOCK = re.compile(r"^[-\s]*(?:[ptrc]{1,2}\s)?\s*(\w+)\s*(.*?)[-\s]*$", re.DOTALL)


@attrs.frozen(init=False)
class TemplateProblem(Finding):
    """One problem in a template, where it is and what is wrong: a :class:`~govreport.model.Finding`.

    Its rule is ``TEMPLATE``; ``where`` names the part of the file.

    >>> p = TemplateProblem("word/document.xml 第 3 段", "标签 {{ 未闭合")
    >>> str(p), p.rule, p.location.where
    ('word/document.xml 第 3 段: 标签 {{ 未闭合', 'TEMPLATE', 'word/document.xml 第 3 段')
    """

    def __init__(self, where: str, message: str) -> None:
        self.__attrs_init__("TEMPLATE", "error", None, None, None, None, None, message, where=where)


def guess_edition(data: bytes) -> Edition:
    """The edition a template is for, read off the rows it uses (2021 unless it names a 2019-only row).

    >>> from govreport.rendering import bundled_template
    >>> guess_edition(bundled_template(2019))
    <Edition.V2019: 2019>
    >>> guess_edition(bundled_template(2021))
    <Edition.V2021: 2021>
    """
    text = data.decode("latin-1")
    if any(key in text for key in _ONLY_2019):
        return Edition.V2019
    try:
        with open_zip(io.BytesIO(data), fail=TemplateError) as z:
            body = read_member(z, "word/document.xml", fail=TemplateError).decode("utf-8")
    except (TemplateError, UnicodeDecodeError):
        return Edition.V2021
    if any(key in body for key in _ONLY_2019):
        return Edition.V2019
    return Edition.V2021


def _sample_context(edition: Edition) -> dict[str, Any]:
    year = 2020 if edition is Edition.V2019 else 2024
    context = build_context(Report.new("示例局", year, edition))
    for key in Report.SECTION_KEYS:
        context["sections"][key] = [{"kai": "", "lead": "", "text": ""}]
    return context


def _paragraph_text(p: Any) -> str:
    out = []
    for el in p.iter():
        if el.tag == f"{_W}t" and el.text:
            out.append(el.text)
        elif el.tag in _BREAKERS:
            out.append(_MARK)
    return "".join(out)


def _where(part: str, p: Any, index: int) -> str:
    cell = next((a for a in p.iterancestors(f"{_W}tc")), None)
    if cell is None:
        return f"{part} 第 {index} 段"
    row = cell.getparent()
    table = row.getparent()
    r = list(table.iterchildren(f"{_W}tr")).index(row) + 1
    c = list(row.iterchildren(f"{_W}tc")).index(cell) + 1
    return f"{part} 第 {index} 段（表格第 {r} 行第 {c} 列）"


class _Resolver:
    """Follows variable paths through the sample context, with loop variables in scope."""

    def __init__(self, context: dict[str, Any], env: jinja2.Environment) -> None:
        self.context = context
        self.env = env
        self.scopes: list[dict[str, Any]] = []
        self.assigned: dict[str, Any] = {}

    def lookup(self, name: str) -> tuple[bool, Any]:
        for scope in reversed(self.scopes):
            if name in scope:
                return True, scope[name]
        if name in self.context:
            return True, self.context[name]
        if name in self.assigned:
            return True, None
        if name in self.env.globals or name == "loop":
            return True, None
        return False, None

    def problems(self, expr: nodes.Node) -> list[str]:
        out: list[str] = []
        for node in [expr, *expr.find_all(nodes.Filter)]:
            if not isinstance(node, nodes.Filter):
                continue
            if node.name not in self.env.filters:
                out.append(f"模板使用了未知的过滤器 {node.name}")
        for test in [expr, *expr.find_all(nodes.Test)]:
            if not isinstance(test, nodes.Test):
                continue
            if test.name not in self.env.tests:
                out.append(f"模板使用了未知的测试 {test.name}")
        for chain in _chains(expr):
            missing = self.missing(chain)
            if missing:
                out.append(f"模板使用了报告中没有的变量 {missing}")
        return out

    def missing(self, chain: list[str]) -> str | None:
        found, value = self.lookup(chain[0])
        if not found:
            return chain[0]
        for i, attr in enumerate(chain[1:], start=1):
            if value is None:
                return None  # a loop helper or global: not followed
            if isinstance(value, dict) and attr in value:
                value = value[attr]
            elif not isinstance(value, dict) and not attr.startswith("_") and hasattr(value, attr):
                return None  # a method of a value (``report.agency.upper()``): the sandbox rules
            else:
                return ".".join(chain[: i + 1])
        return None

    def element(self, expr: nodes.Node) -> Any:
        chains = _chains(expr)
        if len(chains) != 1:
            return None
        found, value = self.lookup(chains[0][0])
        for attr in chains[0][1:]:
            if not isinstance(value, dict) or attr not in value:
                return None
            value = value[attr]
        if found and isinstance(value, list) and value:
            return value[0]
        return None


def _chains(expr: nodes.Node) -> list[list[str]]:
    """The longest ``a.b.c`` paths in an expression."""
    out: list[list[str]] = []

    def walk(node: nodes.Node, inside: bool) -> None:
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            path = _path(node)
            if path is not None:
                if not inside:
                    out.append(path)
                return
        if isinstance(node, nodes.Name) and node.ctx == "load" and not inside:
            out.append([node.name])
            return
        for child in node.iter_child_nodes():
            walk(child, False)

    walk(expr, False)
    return out


def _path(node: nodes.Node) -> list[str] | None:
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        head = _path(node.node)
        return None if head is None else [*head, node.attr]
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        head = _path(node.node)
        return None if head is None else [*head, node.arg.value]
    return None


def _expression(env: jinja2.Environment, source: str) -> nodes.Expr:
    template = env.parse("{{ " + source + " }}")
    output = template.body[0]
    assert isinstance(output, nodes.Output)
    expr = output.nodes[0]
    assert isinstance(expr, nodes.Expr)
    return expr


def check_template(
    template: str | os.PathLike[str] | bytes,
    *,
    edition: Edition | int | None = None,
    time_limit: float = TIME_LIMIT,
) -> list[TemplateProblem]:
    """Every problem in a user template, in document order (empty: the template can be used).

    >>> import io, docx
    >>> from govreport.rendering import bundled_template
    >>> check_template(bundled_template(2021))
    []
    >>> document = docx.Document()
    >>> _ = document.add_paragraph("{{ report.year | shout }}")
    >>> document.save(template := io.BytesIO())
    >>> [p.message for p in check_template(template.getvalue())]
    ['模板使用了未知的过滤器 shout']
    """
    if isinstance(template, bytes):
        data, name = template, "<bytes>"
    else:
        data, name = _read_file(Path(template)), str(template)
    parts = load_parts(data, name)
    ed = guess_edition(data) if edition is None else Edition(edition)
    env = make_environment()
    resolver = _Resolver(_sample_context(ed), env)
    only: dict[Edition, str] = {}
    for part, xml in parts:
        if _PART.match(part):
            for e, row in rows_only_in_one_edition(xml.decode("utf-8")).items():
                only.setdefault(e, row)
    conflict = edition_conflict(only, ed)
    if conflict is not None:
        return [TemplateProblem(_WHOLE, conflict)]
    for part, xml in parts:
        trouble = tag_trouble(xml.decode("utf-8")) if _PART.match(part) else None
        if trouble is not None:
            return [TemplateProblem(f"{part} 第 {trouble[0]} 行", trouble[1])]
    problems: list[TemplateProblem] = []
    for part, xml in parts:
        if not _PART.match(part):
            continue
        root = parse_xml(xml, part, fail=lambda m: TemplateError(f"{name}: {m}", template=name))
        for index, p in enumerate(root.iter(f"{_W}p"), start=1):
            text = _paragraph_text(p)
            where = _where(part, p, index)
            for fw in _FULL_WIDTH:
                if fw in text:
                    problems.append(
                        TemplateProblem(where, f"全角括号 {fw}：标签须用半角 {{{{ }}}} 或 {{% %}}")
                    )
            problems.extend(TemplateProblem(where, m) for m in _structure(text))
            for m in _TAG.finditer(text):
                try:
                    problems.extend(TemplateProblem(where, msg) for msg in _tag(env, resolver, m))
                except RecursionError:
                    problems.append(TemplateProblem(where, _TOO_DEEP))
        try:
            env.parse(_prepare_xml(xml.decode("utf-8")))
        except jinja2.TemplateSyntaxError as e:
            problems.append(
                TemplateProblem(f"{part} 第 {e.lineno} 行", f"模板语法错误：{e.message}")
            )
        except RecursionError:
            problems.append(TemplateProblem(part, _TOO_DEEP))
    if not problems:
        problems.extend(_trial(data, ed, time_limit))
    return problems


def _trial(data: bytes, edition: Edition, time_limit: float) -> list[TemplateProblem]:
    """What render says of the template: prepare it, then render an empty and a sample report.

    The sample has one paragraph in every section, so loops over sections run;
    whatever render would refuse (the sandbox, the limits, a structure Word
    cannot open) is a problem here too.
    """
    year = 2020 if edition is Edition.V2019 else 2024
    empty = Report.new("示例局", year, edition)
    try:
        prepared = Template(data, edition=edition, time_limit=time_limit)
        prepared.render_bytes(empty)
        prepared.render_bytes(empty, _sample_context(edition))
    except TemplateError as e:
        return [_problem(str(e))]
    return []


def _problem(message: str) -> TemplateProblem:
    """A render error as a problem: ``<bytes>: part 第 N 行: what`` → where ``part 第 N 行``."""
    rest = message.removeprefix("<bytes>: ")  # the trial prepares the template from its bytes
    where, sep, what = rest.partition(": ")
    if not sep or not where.startswith(("word/", "[Content_Types]", "docProps/", "_rels/")):
        return TemplateProblem(_WHOLE, rest)
    return TemplateProblem(where, what)


def _structure(text: str) -> list[str]:
    out = []
    clean = _TAG.sub("", text)
    for opening, closing in (("{{", "}}"), ("{%", "%}")):
        if opening in clean.replace(_MARK, "") and closing not in clean.replace(_MARK, ""):
            out.append(
                f"标签 {opening} 在本段没有闭合（{closing} 在别的段落里），Word 的分段无法修复"
            )
        elif closing in clean.replace(_MARK, "") and opening not in clean.replace(_MARK, ""):
            out.append(
                f"标签 {closing} 在本段没有开头（{opening} 在别的段落里），Word 的分段无法修复"
            )
    return out


def _tag(env: jinja2.Environment, resolver: _Resolver, m: re.Match[str]) -> list[str]:
    body = m.group(2)
    shown = "{" + m.group(1) + body.replace(_MARK, "") + m.group(3) + "}"
    if _MARK in m.group(0):
        return [f"标签 {shown.strip()} 被域或书签截断，请删去后重新输入整个标签"]
    if m.group(1) == "{":
        try:
            return resolver.problems(_expression(env, body))
        except jinja2.TemplateSyntaxError as e:
            return [f"标签 {shown} 语法错误：{e.message}"]
    block = _BLOCK.match(body)
    if block is None:
        return []
    keyword, rest = block.group(1), block.group(2)
    try:
        if keyword == "for":
            target, _, source = rest.partition(" in ")
            names = [n.strip() for n in target.split(",")]
            expr = _expression(env, source)
            out = resolver.problems(expr)
            element = resolver.element(expr)
            resolver.scopes.append(
                dict.fromkeys(names, element) if len(names) > 1 else {names[0]: element}
            )
            return out
        if keyword in ("endfor", "endmacro"):
            if resolver.scopes:
                resolver.scopes.pop()
            return []
        if keyword == "macro":
            name, _, params = rest.partition("(")
            resolver.assigned[name.strip()] = None
            names = [p.partition("=")[0].strip() for p in params.rstrip(") ").split(",")]
            resolver.scopes.append(dict.fromkeys([*names, "varargs", "kwargs", "caller"]))
            return []
        if keyword in ("if", "elif"):
            return resolver.problems(_expression(env, rest))
        if keyword == "set":
            name, _, source = rest.partition("=")
            out = resolver.problems(_expression(env, source))
            resolver.assigned[name.strip()] = None
            return out
    except jinja2.TemplateSyntaxError as e:
        return [f"标签 {shown} 语法错误：{e.message}"]
    return []
