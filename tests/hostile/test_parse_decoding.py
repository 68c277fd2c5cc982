"""Hostile input to the one decoder: every text file (data file, CSV ledger, HTML page) in one encoding.

A UTF-8 file with one fragment pasted from a GBK file used to be decoded whole
as GB18030 (mojibake, exit 0), and an HTML page's bad bytes were replaced by
U+FFFD. Both now end in an ``EncodingError`` naming the file, the byte offset
and the line; a file wholly in GB18030 still reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govreport
from govreport._text import decode
from govreport.errors import EncodingError
from govreport.formats._html import decode_html
from govreport.sources.csv import read_rows

#: A UTF-8 data file whose third line has one word pasted in GBK; read whole as GB18030 it decodes
#: without error, into mojibake (what happened before).
MIXED = "机关名称: 某局\n年度: 2024\n概述: 本年".encode() + "坏".encode("gbk") + "工作\n".encode()
#: Where the GBK bytes start.
MIXED_AT = MIXED.index("坏".encode("gbk"))


def test_mixed_data_file_is_refused_with_offset_and_line(tmp_path: Path) -> None:
    assert MIXED.decode("gb18030").startswith("鏈哄叧")  # the silent mojibake it used to become
    p = tmp_path / "r.yaml"
    p.write_bytes(MIXED)
    with pytest.raises(EncodingError) as info:
        govreport.load(p)
    e = info.value
    assert (e.path, e.line, e.offset) == (str(p), 3, MIXED_AT)
    assert str(e) == (
        f"{p}:3: 第 {MIXED_AT} 字节: 文件混用了编码：其余是 UTF-8，从这里起的 0xbb 0xb5 不是 UTF-8"
        "（疑为粘贴进来的 GBK 文字）；请改正这一处后用 UTF-8 另存"
    )


def test_loads_of_mixed_bytes_is_refused_too() -> None:
    with pytest.raises(EncodingError) as info:
        govreport.loads(MIXED, source="r.yaml")
    assert (info.value.line, info.value.offset) == (3, MIXED_AT)


def test_a_file_wholly_in_gb18030_still_reads(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_bytes("机关名称: 某局\n年度: 2024\n".encode("gb18030"))
    assert govreport.load(p).agency == "某局"


def test_bytes_in_neither_encoding_name_offset_and_line() -> None:
    with pytest.raises(EncodingError) as info:
        decode(b"a: 1\nb: \xff\xff\n", "r.yaml")
    assert (info.value.offset, info.value.line) == (8, 2)
    assert str(info.value).startswith("r.yaml:2: 第 8 字节: 文件既不是 UTF-8 也不是 GB18030 编码")


def test_csv_ledger_mixing_encodings_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "apps.csv"
    data = "编号,类型\n1,复议\n2,".encode() + "诉讼".encode("gbk") + b"\n"
    p.write_bytes(data)
    with pytest.raises(EncodingError) as info:
        list(read_rows(p))
    assert (info.value.path, info.value.line) == (str(p), 3)
    assert info.value.offset == data.index("诉讼".encode("gbk"))


def test_csv_ledger_with_declared_encoding_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "apps.csv"
    p.write_bytes(b"id\n1\n\xff\n")
    with pytest.raises(EncodingError) as info:
        list(read_rows(p, encoding="utf-8"))
    assert (
        str(info.value) == f"{p}:3: 第 5 字节: 无法按 utf-8 编码读取字节 0xff；请用 UTF-8 编码另存"
    )


def test_csv_in_gb18030_still_reads(tmp_path: Path) -> None:
    p = tmp_path / "apps.csv"
    p.write_bytes("编号,类型\n1,复议\n".encode("gb18030"))
    assert list(read_rows(p)) == [(2, {"编号": "1", "类型": "复议"})]


def test_html_page_declared_gbk_with_bad_bytes_is_refused_not_replaced() -> None:
    page = "<meta charset=gbk><p>年度</p>".encode("gbk") + b"<p>\x80\xff</p>"
    with pytest.raises(EncodingError) as info:
        decode_html(page, "r.html")
    assert info.value.path == "r.html"
    assert info.value.line == 1
    assert "无法按 gbk 编码读取" in info.value.message


def test_html_page_with_bom_and_bad_bytes_is_refused() -> None:
    with pytest.raises(EncodingError) as info:
        decode_html(b"\xef\xbb\xbf<p>a</p>\n<p>\xff</p>", "r.html")
    assert (info.value.line, info.value.offset) == (2, 15)  # in the file, the BOM counted


def test_html_page_mixing_utf8_and_gbk_is_refused() -> None:
    page = "<p>主动公开政府信息情况</p>\n<p>".encode() + "收到".encode("gbk") + b"</p>"
    with pytest.raises(EncodingError) as info:
        decode_html(page, "r.html")
    assert info.value.line == 2
    assert "文件混用了编码" in info.value.message


def test_html_page_in_gbk_still_reads() -> None:
    assert decode_html("<meta charset=gbk><p>年度</p>".encode("gbk"), "r.html").endswith(
        "<p>年度</p>"
    )
