"""``render``: the edition chosen by the output's suffix: ``.html`` the web page, ``.pdf`` a PDF, otherwise Word.

>>> import tempfile, pathlib
>>> from govreport.model import Report
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> render(Report.new("某局", 2024), folder / "r.html").read_text(encoding="utf-8")[:15]
'<!DOCTYPE html>'
>>> render(Report.new("某局", 2024), folder / "r.docx").read_bytes()[:2]
b'PK'
"""

from __future__ import annotations

import os
from pathlib import Path

from govreport._fs import private_directory
from govreport.checks import ensure_clean
from govreport.errors import PdfError, TemplateError
from govreport.model import Report
from govreport.rendering import _template
from govreport.rendering._fonts import GB, FontProfile, profile
from govreport.rendering._html import write_html
from govreport.rendering._pdf import convert_to_pdf
from govreport.rendering._signature import Signature

__all__ = ["HTML_SUFFIXES", "render"]

#: The suffixes that choose the web edition.
HTML_SUFFIXES = (".html", ".htm")


def render(
    report: Report,
    path: str | os.PathLike[str],
    *,
    template: str | os.PathLike[str] | bytes | _template.Template | None = None,
    fonts: str | FontProfile = "gb",
    force: bool = False,
    signature: Signature | None = None,
    pdfa: bool = False,
) -> Path:
    """Render ``report`` to ``path`` and return the path: a web page for ``.html``, a PDF for ``.pdf``, else a .docx.

    The report is checked first (:func:`govreport.checks.ensure_clean`): one
    with error findings is refused unless ``force``. For a .docx,
    ``template`` is a path to a user template (or its bytes), a prepared
    :class:`~govreport.rendering.Template`, or ``None`` for the bundled
    template of the report's edition, ``fonts`` a font profile and
    ``signature`` the signature layout (``"unsealed"``, GB/T 9704 §7.3.5.2, the
    default; ``"sealed"``, §7.3.5.1). For a ``.pdf`` the .docx is rendered
    in a temporary folder and converted by LibreOffice
    (:func:`~govreport.rendering.convert_to_pdf`); ``pdfa=True`` makes it
    PDF/A-2b, and is refused for any other output. The web
    edition (``.html``/``.htm``) is laid out by govreport itself and takes no
    template and no font profile (its stylesheet lists the GB/T 9704 faces first).

    >>> import tempfile, pathlib
    >>> from govreport.model import Report
    >>> render(Report.new("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.html", template=b"PK")
    Traceback (most recent call last):
    govreport.errors.TemplateError: 网页版不使用 Word 模板：r.html (the HTML edition takes no template)
    >>> render(Report.new("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.docx", pdfa=True)
    Traceback (most recent call last):
    govreport.errors.PdfError: PDF/A 只用于 PDF 输出（.pdf），不用于 r.docx (pdfa needs a .pdf output)
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if pdfa and suffix != ".pdf":
        raise PdfError(
            f"PDF/A 只用于 PDF 输出（.pdf），不用于 {target.name} (pdfa needs a .pdf output)"
        )
    if suffix == ".pdf":
        # named after this process: a kill -9 leaves it only until the next such render
        with private_directory("govreport-render-") as work:
            docx = work / target.with_suffix(".docx").name
            _template.render(
                report, docx, template=template, fonts=fonts, force=force, signature=signature
            )
            return convert_to_pdf(docx, target, pdfa=pdfa)
    if suffix not in HTML_SUFFIXES:
        return _template.render(
            report, target, template=template, fonts=fonts, force=force, signature=signature
        )
    if template is not None:
        raise TemplateError(
            f"网页版不使用 Word 模板：{target.name} (the HTML edition takes no template)",
            template=target.name,
        )
    if signature is not None:
        raise TemplateError(
            f"网页版的落款右对齐，不区分是否加盖印章：{target.name} (the HTML edition takes no signature layout)",
            template=target.name,
        )
    if profile(fonts) is not GB:
        raise TemplateError(
            f"网页版的字体由样式表列出（GB/T 9704 字体在前，免费字体在后），不使用字体方案 {profile(fonts).name}："
            f"{target.name} (the HTML edition takes no font profile)",
            template=target.name,
        )
    ensure_clean(report, force=force)
    return write_html(report, target)
