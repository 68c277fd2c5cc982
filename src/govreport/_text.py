"""The one decoder of text input, and the one rule for characters a document cannot hold.

Every text file govreport reads — data files, CSV ledgers, HTML pages —
becomes text through :func:`decode`: UTF-8 (with or without BOM), else
GB18030 for a file written wholly in it. A file that is UTF-8 with a
fragment in another encoding (a paragraph pasted from a GBK file) is
refused, naming the byte offset and line of the first foreign byte, rather
than decoded whole as GB18030 into mojibake; no byte is ever replaced.

:func:`unsafe_character` finds the first character that a Word document
(XML 1.0) cannot hold, so that ``check`` refuses what ``render`` refuses.

>>> decode("年度: 2024\\n".encode("gb18030"), "r.yaml")
'年度: 2024\\n'
>>> decode("名称: 某局\\n概述: 好".encode() + "坏".encode("gbk"), "r.yaml")
Traceback (most recent call last):
govreport.errors.EncodingError: r.yaml:2: 第 27 字节: 文件混用了编码：其余是 UTF-8，从这里起的 0xbb 0xb5 不是 UTF-8（疑为粘贴进来的 GBK 文字）；请改正这一处后用 UTF-8 另存
"""

from __future__ import annotations

import codecs
import re

from govreport.errors import EncodingError

__all__ = ["GB_FAMILY", "decode", "line_at", "printable", "unsafe_character"]

#: Declared charsets read as GB18030 (a superset of each).
GB_FAMILY = frozenset({"gbk", "gb2312", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn"})

_UTF8_BOM = b"\xef\xbb\xbf"


def line_at(data: bytes | str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``data``, lines counted by LF only (as editors do).

    >>> line_at(b"a\\nb\\nc", 4)
    3
    >>> line_at("a\\u2028b\\nc", 4)
    2
    """
    newline: bytes | str = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def decode(data: bytes, source: str, *, encoding: str | None = None) -> str:
    """The text of ``data``: ``encoding`` if given (GBK family read as GB18030), else UTF-8, else GB18030.

    A leading UTF-8 byte order mark is dropped. Bytes that cannot be read,
    and a UTF-8 file with bytes of another encoding in it, raise
    :class:`~govreport.errors.EncodingError` with the 0-based byte offset in
    the file (the mark counted) and the 1-based line; nothing is replaced or
    guessed.

    >>> decode(b"\\xef\\xbb\\xbfa: 1", "r.yaml")
    'a: 1'
    >>> decode(b"a\\n\\xff", "r.csv", encoding="utf-8")
    Traceback (most recent call last):
    govreport.errors.EncodingError: r.csv:2: 第 3 字节: 无法按 utf-8 编码读取字节 0xff；请用 UTF-8 编码另存
    """
    original = data
    bom = 3 if data.startswith(_UTF8_BOM) else 0
    if encoding is not None:
        enc = encoding.lower()
        name = "gb18030" if enc in GB_FAMILY else enc
        try:
            codecs.lookup(name)
        except LookupError:
            name = "utf-8"
        if name.replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
            bom = 0
        try:
            return data[bom:].decode(name)
        except UnicodeDecodeError as e:
            raise _error(original, bom + e.start, f"无法按 {encoding} 编码读取", source) from None
    data = data[bom:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        first = bom + utf8_error.start
    if _mostly_utf8(data):
        line = line_at(original, first)
        shown = " ".join(f"0x{b:02x}" for b in original[first : first + 2])
        raise EncodingError(
            f"文件混用了编码：其余是 UTF-8，从这里起的 {shown} 不是 UTF-8"
            "（疑为粘贴进来的 GBK 文字）；请改正这一处后用 UTF-8 另存",
            path=source,
            offset=first,
            line=line,
        )
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _error(
            original, first, "文件既不是 UTF-8 也不是 GB18030 编码，无法读取", source
        ) from None


def _error(data: bytes, offset: int, what: str, source: str) -> EncodingError:
    fix = "请用 UTF-8 编码另存" if "UTF-8" not in what else "请用“UTF-8”编码另存"
    return EncodingError(
        f"{what}字节 0x{data[offset]:02x}；{fix}",
        path=source,
        offset=offset,
        line=line_at(data, offset),
    )


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not all UTF-8 are nevertheless UTF-8 text with a foreign fragment.

    Text in GB18030 seldom forms valid UTF-8 sequences of three bytes (where
    UTF-8 puts Chinese); so a file is taken for UTF-8 when it has at least
    as many such characters as bytes that are not UTF-8, or a whole line of
    UTF-8 with two of them.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    wide = sum(1 for c in text if c >= "\u0800" and not "\ud800" <= c <= "\udfff")
    if wide and wide >= bad:
        return True
    return any(
        all(not "\udc80" <= c <= "\udcff" for c in line)
        and sum(1 for c in line if c >= "\u0800") >= 2
        for line in text.split("\n")
    )


#: What XML 1.0 (and so a Word document) cannot hold: C0 controls other than tab, LF and CR,
#: lone surrogates, and U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a document cannot print as written: :data:`_UNSAFE`, and CR (read back as a line feed).
_UNPRINTABLE = re.compile(_UNSAFE.pattern[:-1] + "\r]")


def printable(text: str) -> bool:
    """Whether a document can print every character of ``text`` as written (no :func:`unsafe_character`, no CR).

    >>> printable("好\\t坏\\n"), printable("好\\r坏"), printable("好\\x0b坏")
    (True, False, False)
    """
    return _UNPRINTABLE.search(text) is None


def unsafe_character(text: str) -> int | None:
    """The 0-based index of the first character a Word document cannot hold, or ``None``.

    >>> unsafe_character("好\\x0b坏"), unsafe_character("好\\t坏")
    (1, None)
    """
    m = _UNSAFE.search(text)
    return None if m is None else m.start()
