"""Reading untrusted documents within stated limits: zip archives and XML.

A published report comes from outside; a file that is not what its name
says, a zip bomb, XML with a document type (external or expanding
entities) or a part far larger than any report each end in a
:class:`~govreport.errors.LoadError` naming the file, before much time or
memory is spent. The limits (:data:`LIMITS`) are documented in
``docs/reading.md``.

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", "<a/>")
>>> read_member(open_zip(buf, "r.docx"), "word/document.xml", "r.docx")
b'<a/>'
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO

import attrs
from lxml import etree

from govreport import _archive
from govreport.errors import LoadError

__all__ = ["LIMITS", "Limits", "open_zip", "parse_xml", "read_member"]


@attrs.frozen
class Limits:
    """The bounds within which an untrusted document is read.

    >>> LIMITS.max_part_bytes // 2**20
    50
    """

    #: The largest file read at all.
    max_file_bytes: int = 100 * 2**20
    #: The largest uncompressed part of a zip archive (word/document.xml).
    max_part_bytes: int = _archive.MAX_PART_BYTES
    #: The sum of the uncompressed parts read from one archive.
    max_total_bytes: int = _archive.MAX_TOTAL_BYTES
    #: The highest ratio of uncompressed to compressed size of a part.
    max_ratio: int = _archive.MAX_RATIO
    #: The most members an archive may list.
    max_members: int = _archive.MAX_MEMBERS
    #: The most PDF pages read.
    max_pages: int = 500
    #: The most indirect objects a PDF may declare.
    max_pdf_objects: int = 200_000


#: The limits in force.
LIMITS = Limits()


def open_zip(file: str | IO[bytes], source: str, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The archive in ``file``, or a :class:`LoadError` if it is not a zip archive or lists too much.

    >>> import io
    >>> open_zip(io.BytesIO(b"not a zip"), "r.docx")
    Traceback (most recent call last):
    govreport.errors.LoadError: r.docx: 不是有效的 Word 文档（.docx 应为 zip 压缩包）
    """
    return _archive.open_zip(
        file,
        fail=_failing(source),
        max_members=limits.max_members,
        max_total_bytes=limits.max_total_bytes,
    )


def read_member(archive: zipfile.ZipFile, name: str, source: str, limits: Limits = LIMITS) -> bytes:
    """The bytes of one member, read no further than the limits allow.

    The size stated in the archive is checked first and the read stops at
    the limit whatever the archive claims, so a zip bomb costs at most
    :attr:`Limits.max_part_bytes` of memory.
    """
    return _archive.read_member(
        archive,
        name,
        fail=_failing(source),
        max_part_bytes=limits.max_part_bytes,
        max_ratio=limits.max_ratio,
    )


def _failing(source: str) -> Callable[[str], LoadError]:
    return lambda message: LoadError(message, path=source)


def parse_xml(data: bytes, name: str, source: str) -> etree._Element:
    """The root element of an XML part; a document type declaration is refused.

    Word never writes a ``<!DOCTYPE``; one in a part can only declare entities
    (external files, or the "billion laughs"), so it is an error, not read.

    >>> parse_xml(b"<a><b/></a>", "x.xml", "r.docx").tag
    'a'
    >>> parse_xml(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', "x.xml", "r.docx")
    Traceback (most recent call last):
    govreport.errors.LoadError: r.docx: x.xml 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取
    """
    return _archive.parse_xml(data, name, fail=_failing(source))
