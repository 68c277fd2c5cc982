"""Rendering reports to Word documents.

A :class:`Template` does the one-time work -- read the .docx, rename its
fonts for a profile, clean Word's run splits out of the docxtpl tags,
compile the Jinja template in a sandbox, and compress every part that no
report changes -- and then renders any number of reports, from any number
of threads: rendering touches no shared state, it renders the compiled
template with the report's context, compresses what it rendered, and writes
a new zip whose other entries are the template's, compressed once.

Output is deterministic: fixed zip timestamps and entry order, and core
properties taken from the report (title, agency, publishing date), never
from the clock or the machine.

>>> import io, tempfile, pathlib, zipfile, docx
>>> from govreport.model import Report
>>> document = docx.Document()
>>> _ = document.add_paragraph("{{ report.title }}")
>>> document.save(source := io.BytesIO())
>>> t = Template(source.getvalue())
>>> out = t.render(Report.new("某某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.docx")
>>> "某某局2024年" in zipfile.ZipFile(out).read("word/document.xml").decode()
True
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import importlib.resources
import io
import os
import re
import struct
import typing
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, Literal
from xml.sax.saxutils import escape

import jinja2
import jinja2.compiler
import jinja2.sandbox
import markupsafe
from docxtpl import DocxTemplate
from jinja2 import nodes

from govreport import _archive, zh
from govreport._fs import StagedFile, stage
from govreport.errors import TemplateError, TemplateLimitError
from govreport.model import Report
from govreport.rendering._context import build_context
from govreport.rendering._fonts import GB, FontProfile, profile
from govreport.rendering._sandbox import (
    ITEM_LIMIT,
    OUTPUT_LIMIT,
    TIME_LIMIT,
    LimitedEnvironment,
    budget,
)
from govreport.rendering._signature import Signature, check_signature, indent_placeholders
from govreport.spec import Edition, rows_only_in

__all__ = [
    "MAX_TAG_SCAN",
    "MAX_TAG_SPAN",
    "MAX_TEMPLATE_BYTES",
    "Compression",
    "Template",
    "bundled_template",
    "check_compression",
    "edition_conflict",
    "filters",
    "is_bundled",
    "load_parts",
    "make_environment",
    "render",
    "rows_only_in_one_edition",
    "tag_trouble",
]

#: The parts whose XML is a Jinja template (the body, headers and footers).
_TEMPLATE_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
#: The parts whose font names are renamed for a profile.
_FONT_PART = re.compile(r"^word/(document|styles|fontTable|numbering|header\d*|footer\d*)\.xml$")
_FONT_ATTR = re.compile(r'(w:(?:eastAsia|ascii|hAnsi|cs|name)=")([^"]*)(")')

#: Every zip entry gets this timestamp (the earliest a zip can hold), in MS-DOS form.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (_ZIP_TIME[0] - 1980) << 9 | _ZIP_TIME[1] << 5 | _ZIP_TIME[2]
_DOS_TIME = _ZIP_TIME[3] << 11 | _ZIP_TIME[4] << 5 | _ZIP_TIME[5] // 2

# The zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16) as zipfile packs them; the central
# record stops before its last field, the entry's offset, which only the archive knows.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_RECORD = struct.Struct("<4s4B4HL2L5HL")
_OFFSET = struct.Struct("<L")
_END_RECORD = struct.Struct("<4s4H2LH")


#: How rendered parts are compressed: see :class:`Template`.
Compression = Literal["compatible", "fast"]

_Deflate = Callable[[bytes], bytes]
#: The largest size or offset zipfile writes without zip64; a .docx this large is not a report
_ZIP32_LIMIT = (1 << 31) - 1


def _zlib_default(data: bytes) -> bytes:
    """Raw deflate at zlib's default level, the calls :mod:`zipfile` makes (so, its bytes)."""
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zlib_fast(data: bytes) -> bytes:
    return zlib.compress(data, 1, -15)


def _fast_deflate() -> _Deflate:
    try:
        from isal import isal_zlib
    except ImportError:
        return _zlib_fast

    def isal_fast(data: bytes) -> bytes:
        out: bytes = isal_zlib.compress(data, 1, -15)
        return out

    return isal_fast


def check_compression(compression: str) -> Compression:
    """``compression`` if it names a way of :data:`Compression`, else a ``ValueError`` naming it.

    >>> check_compression("fast")
    'fast'
    >>> check_compression("best")
    Traceback (most recent call last):
    ValueError: compression must be 'compatible' or 'fast', not 'best'
    """
    for known in typing.get_args(Compression):
        if compression == known:
            return known  # type: ignore[no-any-return]
    raise ValueError(f"compression must be 'compatible' or 'fast', not {compression!r}")


def _deflater(compression: str) -> _Deflate:
    if check_compression(compression) == "compatible":
        return _zlib_default
    return _fast_deflate()


class _Member:
    """One zip entry, compressed, with its local header; its central record lacks only the offset."""

    __slots__ = ("central", "data", "filename", "local")

    def __init__(self, name: str, content: bytes, deflate: _Deflate) -> None:
        # the layout zipfile writes for ZipInfo(name, _ZIP_TIME) with create_system 0,
        # deflated, mode 0600, no extra field, no comment, to a seekable file
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        self.data = deflate(content)
        crc = zlib.crc32(content)
        fixed = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(self.data))
        self.local = (
            _LOCAL_HEADER.pack(
                b"PK\x03\x04", 20, 0,
                *fixed, len(content), len(filename), 0,
            )
            + filename
        )  # fmt: skip
        self.central = _CENTRAL_RECORD.pack(
            b"PK\x01\x02", 20, 0, 20, 0,
            *fixed, len(content), len(filename), 0, 0, 0, 0, 0o600 << 16,
        )  # fmt: skip
        self.filename = filename


def _write_zip(file: IO[bytes], members: list[_Member]) -> None:
    """Write the members as one zip archive, in one call to ``file.write``."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        chunks += (m.local, m.data)
        central += (m.central, _OFFSET.pack(offset), m.filename)
        offset += len(m.local) + len(m.data)
    directory = b"".join(central)
    if offset + len(directory) >= _ZIP32_LIMIT:
        raise TemplateError("生成的文档过大（超过 2 GB）")
    end = _END_RECORD.pack(
        b"PK\x05\x06", 0, 0,
        len(members), len(members), len(directory), offset, 0,
    )  # fmt: skip
    chunks += (directory, end)
    file.write(b"".join(chunks))


def filters() -> dict[str, Callable[..., Any]]:
    """The filters templates may use besides Jinja's builtins: :data:`govreport.zh.FILTERS`.

    >>> filters()["date_gb"](__import__("datetime").date(2025, 1, 20))
    '2025年1月20日'
    """
    return dict(zh.FILTERS)


#: Every attribute a plain dict has: any other name looked up on one can only be one of its keys.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def escape_output(value: Any) -> str:
    """What ``{{ value }}`` prints under autoescaping: :func:`markupsafe.escape`'s text.

    A string of digits (a count, as the render context prints every cell) has
    nothing to escape and is printed as it is, without building a ``Markup``.

    >>> escape_output("126"), escape_output("R&D<中心>"), escape_output(7)
    ('126', Markup('R&amp;D&lt;中心&gt;'), Markup('7'))
    """
    if type(value) is str and value.isdigit():
        return value
    return markupsafe.escape(value)


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with two shortcuts that give the same results.

    ``{{ … }}`` under autoescaping compiles to :func:`escape_output`: the
    text printed is the same as Jinja's ``escape`` gives (an output is joined
    into the part, or into a block's ``Markup``, so its type does not matter
    there). ``a.b`` on a plain dict looks the key up inline, as
    :meth:`_DictLookup.getattr` does.
    """

    def _output_child_pre(
        self, node: nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)

    @jinja2.compiler.optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: jinja2.compiler.Frame) -> None:
        # ``a.b`` on a plain dict, for a name no dict attribute has, is the key, looked up
        # inline (what _DictLookup.getattr would return, without the call); anything else,
        # and a missing key, goes to the environment's getattr as Jinja compiles it
        if self.environment.is_async or node.attr in _DICT_ATTRIBUTES:
            super().visit_Getattr(node, frame)
            return
        name = repr(node.attr)
        self.write(f"(_gr_obj[{name}] if type(_gr_obj := ")
        self.visit(node.node, frame)
        self.write(f") is dict and {name} in _gr_obj else environment.getattr(_gr_obj, {name}))")


class _DictLookup(jinja2.sandbox.SandboxedEnvironment):
    """A sandbox where ``a.b`` on a plain dict (the render context) is looked up without an exception.

    Jinja's sandbox tries the attribute first and the key on ``AttributeError``; for a
    plain dict and a name that is not one of dict's attributes the attribute cannot
    exist, so the key is looked up at once: the same value, or the same undefined.
    """

    code_generator_class = _CodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # an instance attribute: the compiled templates read it once per ``{{ … }}``
        self.escape_output = escape_output

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class _Sandbox(_DictLookup, LimitedEnvironment):
    """The bounded sandbox user templates render in, with the plain-dict lookup."""


class _TrustedSandbox(_DictLookup, jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The sandbox of govreport's own templates: the same semantics, without the per-loop and per-chunk bounds.

    The bundled templates are built and tested here; their loops run over the
    report's rows, so counting each iteration and chunk only costs time.
    """


def make_environment(
    *, output_limit: int = OUTPUT_LIMIT, item_limit: int = ITEM_LIMIT, bounded: bool = True
) -> jinja2.sandbox.SandboxedEnvironment:
    """The Jinja environment templates render in: sandboxed, strict about undefined names, autoescaping.

    ``bounded`` (the default, and what every user template gets) adds the
    limits of :class:`~govreport.rendering._sandbox.LimitedEnvironment`; the
    deadline holds inside :meth:`Template.write_to`. govreport's bundled
    templates render with ``bounded=False``.

    >>> env = make_environment()
    >>> env.from_string("{{ x }}").render(x="R&D<中心>")
    'R&amp;D&lt;中心&gt;'
    >>> make_environment(bounded=False).from_string("{{ x }}").render(x="R&D")
    'R&amp;D'
    """
    options: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "autoescape": True,
        "keep_trailing_newline": True,
    }
    if not bounded:
        trusted = _TrustedSandbox(**options)
        trusted.filters.update(filters())
        return trusted
    env = _Sandbox(output_limit=output_limit, item_limit=item_limit, **options)
    env.filters.update({name: env.bounded_filter(f) for name, f in filters().items()})
    return env


def bundled_template(edition: Edition | int) -> bytes:
    """The bytes of the template bundled for an edition.

    >>> bundled_template(2021)[:2]
    b'PK'
    """
    ed = Edition(edition)
    name = f"report-{int(ed)}.docx"
    resource = importlib.resources.files("govreport.rendering").joinpath("templates", name)
    try:
        return resource.read_bytes()
    except FileNotFoundError:
        raise TemplateError(
            f"找不到 {int(ed)} 版的内置模板 {name} (bundled template missing: run tools/build_templates.py)",
            template=name,
        ) from None


@functools.cache
def _bundled_digests() -> frozenset[bytes]:
    """The SHA-256 digests of the bundled templates (a user's copy of one is as trusted as it)."""
    return frozenset(hashlib.sha256(bundled_template(ed)).digest() for ed in Edition)


def is_bundled(data: bytes) -> bool:
    """Whether ``data`` is, byte for byte, one of the templates bundled with govreport.

    Such a template (``govreport template export`` unchanged, say) renders as
    the bundled one does; any other template is untrusted and renders within
    the sandbox's limits.

    >>> is_bundled(bundled_template(2021)), is_bundled(b"PK...")
    (True, False)
    """
    return hashlib.sha256(data).digest() in _bundled_digests()


def _rename_fonts(xml: str, mapping: Mapping[str, str]) -> str:
    if not mapping:
        return xml

    def sub(m: re.Match[str]) -> str:
        value = m.group(2)
        return m.group(1) + escape(mapping.get(value, value), {'"': "&quot;"}) + m.group(3)

    return _FONT_ATTR.sub(sub, xml)


def _prepare_xml(xml: str) -> str:
    """Clean docxtpl tags that Word split over runs, as docxtpl does before rendering."""
    patched: str = DocxTemplate.patch_xml(None, xml)
    return patched


def _core_xml(report: Report) -> bytes:
    when = report.published or dt.date(report.year + 1, 1, 1)
    stamp = f"{when.isoformat()}T00:00:00Z"
    title = escape(report.title)
    agency = escape(report.agency)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{agency}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _describe(source: str | os.PathLike[str] | bytes | None, edition: Edition | None) -> str:
    if isinstance(source, bytes):
        return "<bytes>"
    if source is None:
        return f"report-{int(edition) if edition else '?'}.docx"
    return str(source)


class Template:
    """A template prepared once and rendered many times, safely from several threads.

    ``source`` is a path to a .docx, its bytes, or ``None`` for the bundled
    template of ``edition``. ``fonts`` is a profile name (``gb``,
    ``windows``) or a :class:`~govreport.rendering._fonts.FontProfile`; the bundled
    templates are set in :data:`~govreport.rendering._fonts.GB` and are renamed.

    Preparing does all the work that does not depend on a report: the parts no
    report changes (styles, theme, settings, images …) are compressed here,
    once, and each render compresses only the parts it renders (the body,
    templated headers and footers, and the document properties).

    ``compression`` chooses how those rendered parts are compressed:

    * ``"compatible"`` (the default): zlib's default level, exactly as
      :mod:`zipfile` compresses -- the same bytes on every machine and in
      every version of govreport that renders the same content;
    * ``"fast"``: the fastest deflate installed -- ISA-L (the ``isal``
      package, ``pip install 'govreport[fast]'``) at level 1, else zlib at
      level 1. Rendering is faster and the file a few kilobytes larger; the
      output is still deterministic on one machine, but differs between
      machines with and without ``isal``.

    Either way the file is a standard .docx that Word, WPS and LibreOffice open.

    ``signature`` lays out the agency and date lines: ``"unsealed"`` (GB/T
    9704 §7.3.5.2, the default) or ``"sealed"`` (§7.3.5.1, the agency
    centred over the date); see :mod:`govreport.rendering._signature`.

    >>> Template(edition=2021).name
    'report-2021.docx'
    >>> Template(bundled_template(2021)).name
    '<bytes>'
    >>> Template(edition=2021, compression="fast").compression
    'fast'
    >>> Template(edition=2021, signature="sealed").signature
    'sealed'
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | bytes | None = None,
        *,
        edition: Edition | int | None = None,
        fonts: str | FontProfile = "gb",
        compression: Compression = "compatible",
        signature: Signature = "unsealed",
        time_limit: float = TIME_LIMIT,
        output_limit: int = OUTPUT_LIMIT,
        item_limit: int = ITEM_LIMIT,
    ) -> None:
        self.edition = None if edition is None else Edition(edition)
        self.signature = check_signature(signature)
        self.name = _describe(source, self.edition)
        self.fonts = profile(fonts)
        self.time_limit = time_limit
        self.output_limit = output_limit
        self.item_limit = item_limit
        if source is None:
            if self.edition is None:
                raise TemplateError("未指定模板，也未指定版本 (give a template or an edition)")
            data = bundled_template(self.edition)
        elif isinstance(source, bytes):
            data = source
        else:
            data = _read_file(Path(source))
        # a user template is untrusted: each XML part must be well-formed UTF-8 XML without a
        # document type, before and after rendering; the bundled ones are built and tested here
        self._untrusted = source is not None and not is_bundled(data)
        entries = load_parts(data, self.name)
        mapping = GB.mapping_to(self.fonts)
        self._env = make_environment(
            output_limit=output_limit, item_limit=item_limit, bounded=self._untrusted
        )
        self._deflate = _deflater(compression)
        self.compression = compression
        #: The rows named in the templated parts that only one edition has: {edition: first such row}.
        self._only: dict[Edition, str] = {}
        # Each part is a jinja2.Template (rendered per report), None (the report's own
        # docProps/core.xml) or a _Member: a part no report changes, compressed once, here.
        self._parts: list[tuple[str, _Member | jinja2.Template | None]] = []
        for name, blob in entries:
            if name == "docProps/core.xml":
                self._parts.append((name, None))
                continue
            if _FONT_PART.match(name) or _TEMPLATE_PART.match(name):
                xml = blob.decode("utf-8")
                xml = _rename_fonts(xml, mapping)
                if _TEMPLATE_PART.match(name) and ("{" in xml):
                    trouble = tag_trouble(xml)
                    if trouble is not None:
                        raise TemplateLimitError(trouble[1], limit="items").located(
                            self.name, name, trouble[0]
                        )
                    self._note_editions(xml)
                    xml = indent_placeholders(_prepare_xml(xml), self.signature)
                    self._parts.append((name, self._compile(name, xml)))
                    continue
                blob = xml.encode("utf-8")
            # the parts every report shares always use zlib's default level (as zipfile
            # does), so they are the same bytes whatever `compression` says
            self._parts.append((name, _Member(name, blob, _zlib_default)))

    def _note_editions(self, xml: str) -> None:
        for ed, row in rows_only_in_one_edition(xml).items():
            self._only.setdefault(ed, row)

    def _compile(self, part: str, xml: str) -> jinja2.Template:
        try:
            tree = self._env.parse(xml)
            loading = next(iter(tree.find_all(_LOADING)), None)
            if loading is not None:
                tag = _LOADING_TAGS[type(loading)]
                raise TemplateError(
                    f"{self.name}: {part} 第 {loading.lineno} 行: 模板不能使用 {{% {tag} %}}："
                    "模板只能由一个文件组成 (templates cannot load other templates)",
                    template=self.name,
                )
            # an unknown filter or test is found when compiling, not when parsing
            return self._env.from_string(tree)
        except jinja2.TemplateSyntaxError as e:
            raise TemplateError(
                f"{self.name}: {part} 第 {e.lineno} 行: 模板语法错误：{e.message} (template syntax error)",
                template=self.name,
            ) from e
        except RecursionError:
            raise TemplateLimitError(
                "模板嵌套过深 (template nesting limit)", limit="depth"
            ).located(self.name, part, None) from None

    def render_bytes(self, report: Report, context: Mapping[str, Any] | None = None) -> bytes:
        """The .docx of ``report`` as bytes (``context`` replaces the one built from the report).

        >>> from govreport.model import Report
        >>> t = Template(edition=2021)
        >>> t.render_bytes(Report.new("某局", 2024)) == t.render_bytes(Report.new("某局", 2024))
        True
        """
        buffer = io.BytesIO()
        self.write_to(report, buffer, context)
        return buffer.getvalue()

    def write_to(
        self, report: Report, file: IO[bytes], context: Mapping[str, Any] | None = None
    ) -> None:
        """Write the .docx of ``report`` to an open binary file (no check of the report).

        The file need not be seekable (a pipe or a socket will do): the
        sizes of every entry are known before it is written.

        >>> import io
        >>> from govreport.model import Report
        >>> buffer = io.BytesIO()
        >>> Template(edition=2021).write_to(Report.new("某局", 2024), buffer)
        >>> buffer.getvalue()[:2]
        b'PK'
        """
        self._write(report, file, context)

    def _write(
        self,
        report: Report,
        file: IO[bytes],
        context: Mapping[str, Any] | None = None,
        *,
        text_checked: bool = False,
    ) -> None:
        self._ensure_edition(report)
        if context is None:
            context = build_context(report, text_checked=text_checked)
        ctx = context
        members: list[_Member] = []
        with budget(self.time_limit, self.output_limit) as spend:
            for name, part in self._parts:
                if isinstance(part, _Member):
                    members.append(part)
                elif isinstance(part, jinja2.Template):
                    xml = self._render_part(name, part, ctx, spend).encode("utf-8")
                    if self._untrusted:
                        _archive.parse_xml(xml, name, fail=self._rendered_fail(name))
                    members.append(_Member(name, xml, self._deflate))
                else:
                    members.append(_Member(name, _core_xml(report), self._deflate))
        _write_zip(file, members)

    def _ensure_edition(self, report: Report) -> None:
        conflict = edition_conflict(self._only, report.edition)
        if conflict is not None:
            raise TemplateError(f"{self.name}: {conflict}", template=self.name)

    def _rendered_fail(self, part: str) -> Callable[[str], TemplateError]:
        def fail(message: str) -> TemplateError:
            return TemplateError(
                f"{self.name}: 渲染后 {message}：模板的标签破坏了文档结构 "
                "(the rendered part is not XML)",
                template=self.name,
            )

        return fail

    def _render_part(
        self,
        name: str,
        template: jinja2.Template,
        ctx: Mapping[str, Any],
        spend: Callable[[str], str],
    ) -> str:
        where = f"{self.name}: {name}"
        chunks = None
        try:
            if not self._untrusted:  # govreport's own: no budget to count the chunks against
                return template.render(ctx)
            chunks = template.generate(ctx)
            return "".join(map(spend, chunks))
        except TemplateLimitError as e:
            line = _template_line(e) or _suspended_line(template, chunks)
            raise e.located(self.name, name, line) from None
        except RecursionError as e:
            raise TemplateLimitError(
                "模板递归过深 (template recursion limit)", limit="depth"
            ).located(self.name, name, _template_line(e)) from None
        except MemoryError:
            raise TemplateLimitError(
                "渲染所需内存超出可用内存 (out of memory)", limit="output"
            ).located(self.name, name, None) from None
        except jinja2.UndefinedError as e:
            raise TemplateError(
                f"{_at(where, e)}: 模板使用了报告中没有的变量或属性：{e.message} (undefined variable)",
                template=self.name,
            ) from e
        except jinja2.exceptions.SecurityError as e:
            raise TemplateError(
                f"{_at(where, e)}: 模板访问了不允许的属性：{e} (unsafe access refused)",
                template=self.name,
            ) from e
        except jinja2.TemplateError as e:
            raise TemplateError(f"{_at(where, e)}: 模板错误：{e}", template=self.name) from e
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as e:
            raise TemplateError(
                f"{_at(where, e)}: 模板出错：{type(e).__name__}: {e}", template=self.name
            ) from e

    def render(self, report: Report, path: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Check ``report`` (refusing one with errors unless ``force``) and write its .docx to ``path`` atomically.

        The file is written beside ``path``, synced to disk and moved into
        place: a reader never sees half a document, and a failed render leaves
        ``path`` as it was. To write many documents, :meth:`stage` them and
        sync them together with :func:`govreport._fs.commit_all`.

        >>> import tempfile, pathlib
        >>> from govreport.model import Report
        >>> t = Template(edition=2021)
        >>> t.render(Report.new("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "a.docx").suffix
        '.docx'
        """
        _ensure_clean(report, force)
        # checked clean (unless forced): its text fields passed the CHARS rule
        write = functools.partial(self._write, report, text_checked=not force)
        return stage(path, write, sync=True).commit()

    def stage(
        self, report: Report, path: str | os.PathLike[str], *, force: bool = False
    ) -> StagedFile:
        """Check and render ``report`` as :meth:`render` does, but leave the file staged: not synced, not in place.

        The document is complete in a temporary file beside ``path``
        (``.<name>.<random>.part``); ``path`` itself is untouched until the
        returned :class:`~govreport._fs.StagedFile` is committed. This is the
        primitive for batches: stage every document, then call
        :func:`govreport._fs.commit_all`, which syncs them all at once (the
        ``fsync`` calls run concurrently, far cheaper than one after another),
        then moves each into place and syncs the directories. Atomicity is the
        same as :meth:`render`'s: each target is its old content, absent or the
        complete new document, also after a crash. A staged file that is not
        committed must be discarded (:meth:`~govreport._fs.StagedFile.discard`);
        on error (a report that is not clean, a template error) nothing is
        left behind.

        >>> import tempfile, pathlib
        >>> from govreport._fs import commit_all
        >>> from govreport.model import Report
        >>> t, out = Template(edition=2021), pathlib.Path(tempfile.mkdtemp())
        >>> staged = [t.stage(Report.new(f"第{n}局", 2024), out / f"{n}.docx") for n in range(3)]
        >>> [p.name for p in out.iterdir() if not p.name.endswith(".part")]
        []
        >>> [p.name for p in commit_all(staged)]
        ['0.docx', '1.docx', '2.docx']
        """
        _ensure_clean(report, force)
        return stage(path, functools.partial(self._write, report, text_checked=not force))


#: The tags that would load another template (the sandbox has no loader: a template is one file).
_LOADING_TAGS: dict[type[nodes.Node], str] = {
    nodes.Extends: "extends",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
}
_LOADING = tuple(_LOADING_TAGS)
#: The rows only one edition has, for each edition.
_ONLY_IN = {ed: rows_only_in(ed) for ed in Edition}

#: The largest template file read at all.
MAX_TEMPLATE_BYTES = 100 * 2**20
#: The parts a .docx cannot open without.
_REQUIRED = ("[Content_Types].xml", "word/document.xml")
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def edition_conflict(only: Mapping[Edition, str], edition: Edition) -> str | None:
    """Why a template naming rows only some edition has cannot render a report of ``edition`` (None: it can).

    ``only`` maps an edition to the first row only it has that the template names.

    >>> edition_conflict({Edition.V2019: "government_centralized_procurement"}, Edition.V2021)
    '模板是 2019 版的（用到只有 2019 版才有的行 government_centralized_procurement），报告是 2021 版的 (the template is for the other edition)'
    >>> edition_conflict({Edition.V2019: "government_centralized_procurement"}, Edition.V2019) is None
    True
    """
    for ed, row in only.items():
        if ed is not edition:
            return (
                f"模板是 {int(ed)} 版的（用到只有 {int(ed)} 版才有的行 {row}），"
                f"报告是 {int(edition)} 版的 (the template is for the other edition)"
            )
    return None


def rows_only_in_one_edition(xml: str) -> dict[Edition, str]:
    """For each edition, the first row only it has that ``xml`` names.

    >>> rows_only_in_one_edition("{{ applications.other_no_correction.total }}")
    {<Edition.V2021: 2021>: 'other_no_correction'}
    """
    out: dict[Edition, str] = {}
    for ed in Edition:
        row = next((key for key in _ONLY_IN[ed] if key in xml), None)
        if row is not None:
            out[ed] = row
    return out


#: The most characters of XML between a tag's opening ``{{``/``{%`` and its closing ``}}``/``%}``.
MAX_TAG_SPAN = 20_000
#: The most characters all tags of one part may span together (what cleaning Word's run splits costs).
MAX_TAG_SCAN = 2_000_000
_OPENER = re.compile(r"\{[\{%]")
_CLOSER = re.compile(r"[\}%]\}")


def tag_trouble(xml: str) -> tuple[int, str] | None:
    """The line and the reason when the tags of a part cannot be read in bounded time (None: they can).

    Cleaning the run splits out of tags (docxtpl's) searches from each
    ``{{``/``{%`` to its closing ``}}``/``%}``: an opening left open, or
    thousands nested in one another, would make that search take hours. Each
    tag must close within :data:`MAX_TAG_SPAN` characters of XML, and all
    tags together may span at most :data:`MAX_TAG_SCAN`.

    >>> tag_trouble("<w:t>{{ report.agency }}</w:t>") is None
    True
    >>> tag_trouble("<w:t>{{ report.agency" + " " * 30_000 + "</w:t>")
    (1, '标签 {{ 在 20000 个字符内没有闭合 (unclosed template tag)')
    """
    closers = [m.start() for m in _CLOSER.finditer(xml)]
    total = 0
    for m in _OPENER.finditer(xml):
        at = bisect.bisect_left(closers, m.end())
        span = (closers[at] if at < len(closers) else len(xml)) - m.start()
        if span > MAX_TAG_SPAN:
            line = xml.count("\n", 0, m.start()) + 1
            return (
                line,
                f"标签 {m.group()} 在 {MAX_TAG_SPAN} 个字符内没有闭合 (unclosed template tag)",
            )
        total += span
        if total > MAX_TAG_SCAN:
            line = xml.count("\n", 0, m.start()) + 1
            return line, (
                f"标签过多或彼此嵌套：共跨 {total} 个字符以上，超过上限 {MAX_TAG_SCAN} "
                "(template tags too many or nested)"
            )
    return None


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as e:
        raise TemplateError(f"{path}: 无法读取模板：{e.strerror}", template=str(path)) from e
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"{path}: 模板文件超过上限 {MAX_TEMPLATE_BYTES} 字节", template=str(path)
        )
    return data


def load_parts(data: bytes, name: str) -> list[tuple[str, bytes]]:
    """The parts of a Word template, each read within bounds and each XML part checked.

    A file that is not a zip archive, a zip bomb (a part over 50 MB, or
    compressed more than 200:1), a part that is not UTF-8 XML or declares a
    document type, a missing ``[Content_Types].xml`` or ``word/document.xml``
    and a macro-enabled document (.docm, .dotm) are refused with a
    :class:`~govreport.errors.TemplateError` naming the file and the part; a
    Word template (.dotx) is read as the document it would create.

    >>> load_parts(b"PK not really", "t.docx")
    Traceback (most recent call last):
    govreport.errors.TemplateError: t.docx: 不是有效的 Word 文档（.docx 应为 zip 压缩包）
    """

    def fail(message: str) -> TemplateError:
        return TemplateError(f"{name}: {message}", template=name)

    archive = _archive.open_zip(io.BytesIO(data), fail=fail)
    entries = [
        (info.filename, _archive.read_member(archive, info, fail=fail))
        for info in archive.infolist()
        if not info.is_dir()
    ]
    names = {n for n, _ in entries}
    for required in _REQUIRED:
        if required not in names:
            raise fail(f"缺少 {required}，不是 Word 文档")
    out = []
    for part, blob in entries:
        if part.endswith((".xml", ".rels")):
            root = _check_xml(part, blob, fail)
            if part.endswith(".rels"):
                _refuse_external(part, root, fail)
        if part == "[Content_Types].xml":
            blob = _document_type(blob, fail)
        out.append((part, blob))
    return out


def _check_xml(part: str, blob: bytes, fail: Callable[[str], TemplateError]) -> Any:
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")) or blob[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        raise fail(f"{part} 是 UTF-16 编码：Word 文档的部件须为 UTF-8（在 Word 中另存一次即可）")
    try:
        blob.decode("utf-8")
    except UnicodeDecodeError as e:
        raise fail(
            f"{part} 第 {e.start + 1} 字节：不是 UTF-8 编码（Word 文档的部件须为 UTF-8）"
        ) from None
    return _archive.parse_xml(blob, part, fail=fail)


def _refuse_external(part: str, root: Any, fail: Callable[[str], TemplateError]) -> None:
    """Refuse a relationship to an outside resource Word fetches on opening (a hyperlink is only followed when clicked)."""
    for rel in root.iter(_RELATIONSHIP):
        if rel.get("TargetMode") != "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind != "hyperlink":
            raise fail(
                f"{part} 引用外部资源 {rel.get('Target')}（{kind}）：Word 打开生成的文档时会去取它，拒绝 "
                "(external resources are refused)"
            )


def _document_type(blob: bytes, fail: Callable[[str], TemplateError]) -> bytes:
    """The content types, with a .dotx's main part declared a document; a macro-enabled one is refused."""
    kinds = [kind for content, kind in _MAIN_TYPES.items() if content.encode() in blob]
    if any(kind in ("docm", "dotm") for kind in kinds):
        raise fail(
            "模板含有宏（.docm/.dotm，启用宏的文档）：请在 Word 中另存为 .docx 后再用 "
            "(macro-enabled templates are refused)"
        )
    return blob.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)


def _template_line(e: BaseException) -> int | None:
    """The line of the template part where ``e`` was raised, from the traceback Jinja rewrites."""
    line = None
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _suspended_line(template: jinja2.Template, chunks: Any) -> int | None:
    """The template line where a generator of ``template`` is paused (at the chunk it yielded)."""
    frame = None
    while chunks is not None:
        code = getattr(chunks, "gi_frame", None)
        if code is not None and code.f_code.co_filename == "<template>":
            frame = code
        chunks = getattr(chunks, "gi_yieldfrom", None)
    if frame is None:
        return None
    line: int = template.get_corresponding_lineno(frame.f_lineno)
    return line


def _at(where: str, e: BaseException) -> str:
    line = getattr(e, "lineno", None) or _template_line(e)
    return where if line is None else f"{where} 第 {line} 行"


def _ensure_clean(report: Report, force: bool) -> None:
    from govreport import checks

    checks.ensure_clean(report, force=force)


def render(
    report: Report,
    path: str | os.PathLike[str],
    *,
    template: str | os.PathLike[str] | bytes | Template | None = None,
    fonts: str | FontProfile = "gb",
    force: bool = False,
    signature: Signature | None = None,
) -> Path:
    """Render ``report`` to a .docx at ``path`` and return the path.

    The report is checked first (:func:`govreport.checks.ensure_clean`): one
    with error findings is refused unless ``force``. ``template`` is a
    path to a user template (or its bytes), a prepared :class:`Template`, or ``None`` for
    the bundled template of the report's edition; ``signature`` (``"unsealed"``,
    the default, or ``"sealed"``) is the signature layout; a prepared
    :class:`Template` has its own, and a different one is refused.

    >>> import tempfile, pathlib
    >>> from govreport.model import Report
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.docx"
    >>> render(Report.new("某局", 2024), out, template=Template(edition=2021)).name
    'r.docx'
    """
    if isinstance(template, Template):
        prepared = template
        if signature is not None and check_signature(signature) != prepared.signature:
            raise TemplateError(
                f"{prepared.name}: 模板已按 {prepared.signature} 落款准备，不能改为 {signature}"
                " (prepare the Template with this signature)",
                template=prepared.name,
            )
    else:
        prepared = Template(
            template, edition=report.edition, fonts=fonts, signature=signature or "unsealed"
        )
    return prepared.render(report, path, force=force)
