"""Converting a rendered .docx to PDF with LibreOffice, when it is installed.

>>> find_soffice() is None or find_soffice().endswith(("soffice", "libreoffice"))
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from govreport._fs import atomic_path
from govreport.errors import PdfError
from govreport.rendering._fontconfig import pdf_environment

__all__ = ["PdfError", "convert_to_pdf", "find_soffice"]


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice`` (``GOVREPORT_SOFFICE`` overrides), or ``None``.

    >>> isinstance(find_soffice(), (str, type(None)))
    True
    """
    configured = os.environ.get("GOVREPORT_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    docx: str | os.PathLike[str], pdf: str | os.PathLike[str] | None = None, *, timeout: float = 180
) -> Path:
    """Convert ``docx`` to PDF (beside it unless ``pdf`` is given) with headless LibreOffice.

    A private LibreOffice profile is used, so that a running LibreOffice or
    another conversion does not interfere; the PDF is moved into place
    atomically.

    >>> convert_to_pdf("/nonexistent.docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govreport.errors.PdfError: ...
    """
    source = Path(docx)
    target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
    if not source.is_file():
        raise PdfError(f"{source}: 文件不存在，无法转换为 PDF (no such file)")
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(
            "未安装 LibreOffice（soffice），无法生成 PDF；Word 文档已生成 (LibreOffice is not installed)"
        )
    with tempfile.TemporaryDirectory(prefix="govreport-pdf-") as work:
        outdir = Path(work)
        profile = outdir / "profile"
        try:
            result = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    str(source.resolve()),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env=pdf_environment(),
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{source}: LibreOffice 转换 PDF 超时（{timeout:g} 秒）") from None
        produced = outdir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise PdfError(
                f"{source}: LibreOffice 无法转换为 PDF（退出码 {result.returncode}）{': ' + detail[-1] if detail else ''}"
            )
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target
