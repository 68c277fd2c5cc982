"""Rendering reports to Word documents.

A :class:`Template` does the one-time work -- read the .docx, rename its
fonts for a profile, clean Word's run splits out of the docxtpl tags and
compile the Jinja template in a sandbox -- and then renders any number of
reports, from any number of threads: rendering touches no shared state, it
renders the compiled template with the report's context and writes a new
zip whose other parts are the template's own bytes.

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

import datetime as dt
import importlib.resources
import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import jinja2
import jinja2.sandbox
from docxtpl import DocxTemplate

from govreport import zh
from govreport._fs import atomic_path
from govreport.errors import TemplateError
from govreport.model import Report
from govreport.rendering._context import build_context
from govreport.rendering._fonts import GB, FontProfile, profile
from govreport.spec import Edition

__all__ = [
    "Template",
    "bundled_template",
    "filters",
    "make_environment",
    "render",
]

#: The parts whose XML is a Jinja template (the body, headers and footers).
_TEMPLATE_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
#: The parts whose font names are renamed for a profile.
_FONT_PART = re.compile(r"^word/(document|styles|fontTable|numbering|header\d*|footer\d*)\.xml$")
_FONT_ATTR = re.compile(r'(w:(?:eastAsia|ascii|hAnsi|cs|name)=")([^"]*)(")')

#: Every zip entry gets this timestamp (the earliest a zip can hold).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def filters() -> dict[str, Callable[..., Any]]:
    """The filters templates may use besides Jinja's builtins: :data:`govreport.zh.FILTERS`.

    >>> filters()["date_gb"](__import__("datetime").date(2025, 1, 20))
    '2025年1月20日'
    """
    return dict(zh.FILTERS)


def make_environment() -> jinja2.sandbox.SandboxedEnvironment:
    """The Jinja environment every template renders in: sandboxed, strict about undefined names, autoescaping.

    >>> env = make_environment()
    >>> env.from_string("{{ x }}").render(x="R&D<中心>")
    'R&amp;D&lt;中心&gt;'
    """
    env = jinja2.sandbox.SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=True, keep_trailing_newline=True
    )
    env.filters.update(filters())
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

    >>> Template(edition=2021).name
    'report-2021.docx'
    >>> Template(bundled_template(2021)).name
    '<bytes>'
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | bytes | None = None,
        *,
        edition: Edition | int | None = None,
        fonts: str | FontProfile = "gb",
    ) -> None:
        self.edition = None if edition is None else Edition(edition)
        self.name = _describe(source, self.edition)
        self.fonts = profile(fonts)
        if source is None:
            if self.edition is None:
                raise TemplateError("未指定模板，也未指定版本 (give a template or an edition)")
            data = bundled_template(self.edition)
        elif isinstance(source, bytes):
            data = source
        else:
            try:
                data = Path(source).read_bytes()
            except OSError as e:
                raise TemplateError(
                    f"{source}: 无法读取模板：{e.strerror}", template=str(source)
                ) from e
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
        except (zipfile.BadZipFile, OSError) as e:
            raise TemplateError(
                f"{self.name}: 不是 Word 文档 (.docx)：{e}", template=self.name
            ) from e
        names = {n for n, _ in entries}
        if "word/document.xml" not in names:
            raise TemplateError(
                f"{self.name}: 缺少 word/document.xml，不是 Word 文档", template=self.name
            )
        mapping = GB.mapping_to(self.fonts)
        self._env = make_environment()
        self._parts: list[tuple[str, bytes | jinja2.Template]] = []
        for name, blob in entries:
            if name == "docProps/core.xml":
                self._parts.append((name, b""))  # replaced by the report's own properties
                continue
            if _FONT_PART.match(name) or _TEMPLATE_PART.match(name):
                xml = blob.decode("utf-8")
                xml = _rename_fonts(xml, mapping)
                if _TEMPLATE_PART.match(name) and ("{" in xml):
                    self._parts.append((name, self._compile(name, _prepare_xml(xml))))
                    continue
                blob = xml.encode("utf-8")
            self._parts.append((name, blob))

    def _compile(self, part: str, xml: str) -> jinja2.Template:
        try:
            return self._env.from_string(xml)
        except jinja2.TemplateSyntaxError as e:
            raise TemplateError(
                f"{self.name}: {part}: 模板语法错误：{e.message} (template syntax error)",
                template=self.name,
            ) from e

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
        """Write the .docx of ``report`` to an open binary file, part by part (no check of the report).

        >>> import io
        >>> from govreport.model import Report
        >>> buffer = io.BytesIO()
        >>> Template(edition=2021).write_to(Report.new("某局", 2024), buffer)
        >>> buffer.getvalue()[:2]
        b'PK'
        """
        ctx = build_context(report) if context is None else context
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as out:
            for name, part in self._parts:
                if isinstance(part, jinja2.Template):
                    data = self._render_part(name, part, ctx).encode("utf-8")
                elif name == "docProps/core.xml":
                    data = _core_xml(report)
                else:
                    data = part
                self._write(out, name, data)

    @staticmethod
    def _write(out: zipfile.ZipFile, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0o600 << 16
        out.writestr(info, data)

    def _render_part(self, name: str, template: jinja2.Template, ctx: Mapping[str, Any]) -> str:
        try:
            return template.render(ctx)
        except jinja2.UndefinedError as e:
            raise TemplateError(
                f"{self.name}: {name}: 模板使用了报告中没有的变量或属性：{e.message} (undefined variable)",
                template=self.name,
            ) from e
        except jinja2.exceptions.SecurityError as e:
            raise TemplateError(
                f"{self.name}: {name}: 模板访问了不允许的属性：{e} (unsafe access refused)",
                template=self.name,
            ) from e
        except jinja2.TemplateError as e:
            raise TemplateError(f"{self.name}: {name}: 模板错误：{e}", template=self.name) from e
        except (TypeError, ValueError) as e:
            raise TemplateError(f"{self.name}: {name}: 模板出错：{e}", template=self.name) from e

    def render(self, report: Report, path: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Check ``report`` (refusing one with errors unless ``force``) and write its .docx to ``path`` atomically.

        >>> import tempfile, pathlib
        >>> from govreport.model import Report
        >>> t = Template(edition=2021)
        >>> t.render(Report.new("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "a.docx").suffix
        '.docx'
        """
        _ensure_clean(report, force)
        target = Path(path)
        with atomic_path(target) as tmp, open(tmp, "wb") as f:
            self.write_to(report, f)
        return target


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
) -> Path:
    """Render ``report`` to a .docx at ``path`` and return the path.

    The report is checked first (:func:`govreport.checks.ensure_clean`): one
    with error findings is refused unless ``force``. ``template`` is a
    path to a user template (or its bytes), a prepared :class:`Template`, or ``None`` for
    the bundled template of the report's edition.

    >>> import tempfile, pathlib
    >>> from govreport.model import Report
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.docx"
    >>> render(Report.new("某局", 2024), out, template=Template(edition=2021)).name
    'r.docx'
    """
    if isinstance(template, Template):
        prepared = template
    else:
        prepared = Template(template, edition=report.edition, fonts=fonts)
    return prepared.render(report, path, force=force)
