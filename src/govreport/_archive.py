"""Reading untrusted zip archives and XML parts within stated bounds (shared by reading and rendering).

Reports read back from Word and user templates both come from outside: a
file that is not a zip archive, a zip bomb, a part with a document type
declaration (external or expanding entities) or a part that is not XML
ends here, before much time or memory is spent. This module knows no
govreport exception (it sits beside :mod:`govreport.errors`): each
function takes ``fail``, which turns a Chinese message into the caller's
exception (a ``LoadError`` when reading a report, a ``TemplateError``
when preparing a template).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", "<a/>")
>>> read_member(open_zip(buf, fail=ValueError), "word/document.xml", fail=ValueError)
b'<a/>'
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO, Any

from lxml import etree

__all__ = [
    "MAX_MEMBERS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Fail",
    "open_zip",
    "parse_xml",
    "read_member",
]

#: Turns a message into the exception to raise.
Fail = Callable[[str], BaseException]

#: The largest uncompressed part read from an archive (word/document.xml), in bytes.
MAX_PART_BYTES = 50 * 2**20
#: The sum of the uncompressed parts of one archive, in bytes.
MAX_TOTAL_BYTES = 200 * 2**20
#: The highest ratio of uncompressed to compressed size of a part.
MAX_RATIO = 200
#: The most members an archive may list.
MAX_MEMBERS = 10_000


def open_zip(
    file: str | IO[bytes],
    *,
    fail: Fail,
    max_members: int = MAX_MEMBERS,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> zipfile.ZipFile:
    """The archive in ``file``; ``fail(message)`` is raised if it is not a zip archive or lists too much.

    >>> import io
    >>> open_zip(io.BytesIO(b"not a zip"), fail=ValueError)
    Traceback (most recent call last):
    ValueError: 不是有效的 Word 文档（.docx 应为 zip 压缩包）
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise fail("不是有效的 Word 文档（.docx 应为 zip 压缩包）") from None
    infos = archive.infolist()
    if len(infos) > max_members:
        raise fail(f"压缩包列有 {len(infos)} 个成员，超过上限 {max_members}")
    total = sum(i.file_size for i in infos)
    if total > max_total_bytes:
        raise fail(f"压缩包解压后共 {total} 字节，超过上限 {max_total_bytes} 字节")
    return archive


def read_member(
    archive: zipfile.ZipFile,
    name: str | zipfile.ZipInfo,
    *,
    fail: Fail,
    max_part_bytes: int = MAX_PART_BYTES,
    max_ratio: int = MAX_RATIO,
) -> bytes:
    """The bytes of one member, read no further than the bounds allow.

    The size stated in the archive is checked first and the read stops at
    the bound whatever the archive claims, so a zip bomb costs at most
    ``max_part_bytes`` of memory.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", b" " * 10**6)
    >>> read_member(zipfile.ZipFile(buf), "word/document.xml", fail=ValueError)
    Traceback (most recent call last):
    ValueError: word/document.xml 的压缩比 1014:1 超过上限 200:1（疑为压缩炸弹）
    """
    try:
        info = name if isinstance(name, zipfile.ZipInfo) else archive.getinfo(name)
    except KeyError:
        raise fail(f"压缩包中没有 {name}：不是 Word 文档") from None
    label = info.filename
    if info.file_size > max_part_bytes:
        raise fail(f"{label} 解压后 {info.file_size} 字节，超过上限 {max_part_bytes} 字节")
    if info.compress_size and info.file_size / info.compress_size > max_ratio:
        raise fail(
            f"{label} 的压缩比 {info.file_size // info.compress_size}:1 超过上限 "
            f"{max_ratio}:1（疑为压缩炸弹）"
        )
    try:
        with archive.open(info) as f:
            data = f.read(max_part_bytes + 1)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as e:
        raise fail(f"无法解压 {label}：{e}") from None
    if len(data) > max_part_bytes:
        raise fail(f"{label} 解压后超过上限 {max_part_bytes} 字节")
    return data


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
}


def parse_xml(data: bytes, name: str, *, fail: Fail) -> etree._Element:
    """The root element of an XML part; a document type declaration is refused.

    Word never writes a ``<!DOCTYPE``; one in a part can only declare entities
    (external files, or the "billion laughs"), so it is an error, not read.

    >>> parse_xml(b"<a><b/></a>", "x.xml", fail=ValueError).tag
    'a'
    >>> parse_xml(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', "x.xml", fail=ValueError)
    Traceback (most recent call last):
    ValueError: x.xml 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取
    """
    if b"<!DOCTYPE" in data or b"<\x00!\x00D\x00O\x00C" in data or b"\x00<\x00!\x00D\x00O" in data:
        raise fail(f"{name} 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取")
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise fail(f"{name} 不是有效的 XML：{e}") from None
    if root is None:
        raise fail(f"{name} 是空的")
    return root
