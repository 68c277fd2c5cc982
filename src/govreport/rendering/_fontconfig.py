"""Free faces for the GB/T 9704 fonts, for LibreOffice's PDF on a machine without them.

A government computer has 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312 and 黑体; a
Linux server usually has none of them, and LibreOffice then sets every
Chinese face in one sans face, so that title, headings and body look the
same. :func:`pdf_environment` gives LibreOffice a fontconfig configuration
that first loads the system's own and then adds, after each GB face (and
its Windows name), the closest free face Debian ships:

========================  ==========================================================
GB/T 9704 face            free face (Debian package)
========================  ==========================================================
方正小标宋简体（标题）     Noto Serif CJK SC Bold (``fonts-noto-cjk``)
仿宋_GB2312（正文）        Noto Serif CJK SC (no free 仿宋 covers simplified Chinese)
楷体_GB2312（二级标题）    AR PL UKai CN (``fonts-arphic-ukai``), LXGW WenKai
黑体（一级标题）           Noto Sans CJK SC (``fonts-noto-cjk``)
宋体（页码）               Noto Serif CJK SC
========================  ==========================================================

The free faces are *appended* to the family (fontconfig's ``append``), so
where the real GB fonts are installed they are matched first and used as
they are. LibreOffice embeds the faces it uses in the PDF.

>>> "AR PL UKai CN" in fontconfig_xml()
True
>>> pdf_environment()["FONTCONFIG_FILE"].endswith(".conf")
True
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from govreport._fs import atomic_path
from govreport.rendering._fonts import GB, WINDOWS

__all__ = ["FREE_FACES", "config_file", "fontconfig_xml", "pdf_environment"]

_SERIF = "Noto Serif CJK SC"
_SANS = "Noto Sans CJK SC"
#: No free 仿宋 in Debian covers simplified Chinese (cwTeX 仿宋, ``fonts-cwtex-fs``, is a Big5 font:
#: 这、门、报 are missing, and LibreOffice would mix faces within a line), so the body is set in the
#: serif face, distinct from the sans 黑体 and the 楷体.
_FANGSONG = (_SERIF,)
_KAI = ("AR PL UKai CN", "LXGW WenKai", _SERIF)

#: Each GB/T 9704 (and Windows) face → the free faces tried after it, and whether they are set bold.
FREE_FACES: dict[str, tuple[tuple[str, ...], bool]] = {
    GB.title: ((_SERIF,), True),
    GB.body: (_FANGSONG, False),
    WINDOWS.body: (_FANGSONG, False),
    GB.heading2: (_KAI, False),
    WINDOWS.heading2: (_KAI, False),
    GB.heading1: ((_SANS,), False),
    GB.page_number: ((_SERIF,), False),
    GB.latin: (("Liberation Serif", "Tinos", "DejaVu Serif"), False),
}

#: The system's own configuration, loaded first.
_SYSTEM_CONF = "/etc/fonts/fonts.conf"


def fontconfig_xml(system_conf: str = _SYSTEM_CONF) -> str:
    """The fontconfig configuration: the system's, then one rule per face of :data:`FREE_FACES`.

    >>> xml = fontconfig_xml()
    >>> '<edit name="family" mode="append" binding="strong"><string>AR PL UKai CN</string>' in xml
    True
    >>> xml.count("<match "), xml.count("<const>bold</const>")
    (8, 1)
    """
    rules = []
    for face, (free, bold) in FREE_FACES.items():
        # one edit, so that the free faces follow the GB face in this order
        strings = "".join(f"<string>{escape(f)}</string>" for f in free)
        edits = f'<edit name="family" mode="append" binding="strong">{strings}</edit>'
        if bold:
            # the title face has one heavy weight: the free face's bold stands in for it
            edits += '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>'
        rules.append(
            '  <match target="pattern">'
            f'<test qual="any" name="family"><string>{escape(face)}</string></test>'
            f"{edits}</match>"
        )
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- govreport: free faces after the GB/T 9704 fonts (see govreport.rendering._fontconfig) -->\n"
        "<fontconfig>\n"
        f'  <include ignore_missing="yes">{escape(system_conf)}</include>\n'
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )


def config_file(directory: str | os.PathLike[str] | None = None) -> Path:
    """The configuration as a file in ``directory`` (default: the temporary directory), named by its content.

    A conversion passes its own working directory, so that the file goes with it.

    >>> config_file().read_text(encoding="utf-8") == fontconfig_xml()
    True
    """
    xml = fontconfig_xml()
    digest = hashlib.sha256(xml.encode()).hexdigest()[:16]
    folder = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    path = folder / f"govreport-fontconfig-{digest}.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != xml:
        with atomic_path(path) as tmp:
            Path(tmp).write_text(xml, encoding="utf-8")
    return path


def pdf_environment(directory: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The environment LibreOffice converts in: this process's, with ``FONTCONFIG_FILE`` set to
    :func:`config_file` (written into ``directory`` when given: a conversion's own working folder).

    >>> env = pdf_environment()
    >>> env["FONTCONFIG_FILE"] == str(config_file()), env.get("PATH") == os.environ.get("PATH")
    (True, True)
    """
    return {**os.environ, "FONTCONFIG_FILE": str(config_file(directory))}
