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
from typing import IO, Any

import attrs
from lxml import etree

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
    max_part_bytes: int = 50 * 2**20
    #: The sum of the uncompressed parts read from one archive.
    max_total_bytes: int = 200 * 2**20
    #: The highest ratio of uncompressed to compressed size of a part.
    max_ratio: int = 200
    #: The most members an archive may list.
    max_members: int = 10_000
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
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise LoadError("不是有效的 Word 文档（.docx 应为 zip 压缩包）", path=source) from None
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise LoadError(
            f"压缩包列有 {len(infos)} 个成员，超过上限 {limits.max_members}", path=source
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise LoadError(
            f"压缩包解压后共 {total} 字节，超过上限 {limits.max_total_bytes} 字节", path=source
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, source: str, limits: Limits = LIMITS) -> bytes:
    """The bytes of one member, read no further than the limits allow.

    The size stated in the archive is checked first and the read stops at
    the limit whatever the archive claims, so a zip bomb costs at most
    :attr:`Limits.max_part_bytes` of memory.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise LoadError(f"压缩包中没有 {name}：不是 Word 文档", path=source) from None
    if info.file_size > limits.max_part_bytes:
        raise LoadError(
            f"{name} 解压后 {info.file_size} 字节，超过上限 {limits.max_part_bytes} 字节",
            path=source,
        )
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        raise LoadError(
            f"{name} 的压缩比 {info.file_size // info.compress_size}:1 超过上限 "
            f"{limits.max_ratio}:1（疑为压缩炸弹）",
            path=source,
        )
    try:
        with archive.open(info) as f:
            data = f.read(limits.max_part_bytes + 1)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as e:
        raise LoadError(f"无法解压 {name}：{e}", path=source) from None
    if len(data) > limits.max_part_bytes:
        raise LoadError(f"{name} 解压后超过上限 {limits.max_part_bytes} 字节", path=source)
    return data


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
}


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
    if b"<!DOCTYPE" in data:
        raise LoadError(
            f"{name} 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取", path=source
        )
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise LoadError(f"{name} 不是有效的 XML：{e}", path=source) from None
    if root is None:
        raise LoadError(f"{name} 是空的", path=source)
    return root
