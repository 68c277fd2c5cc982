"""``govreport render``: a data file to a Word document (and a PDF).

>>> from govreport.cli import main
>>> main(["render", "--help"])  # doctest: +ELLIPSIS
usage: govreport render ...
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "seconds"]


def register(subparsers: Any) -> None:
    """Add the ``render`` subcommand.

    >>> import argparse
    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "render",
        help="生成 Word 文档或网页 (render the .docx or the .html)",
        description=(
            "把报告数据生成 Word 文档（可选 PDF），输出文件以 .html 结尾时生成网页版。"
            "Render a report's data file to a .docx (and a PDF), or to the web page for OUT.html."
        ),
    )
    p.add_argument("file", metavar="FILE", help="报告数据文件 (.yaml/.json/.toml/.xlsx)")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.docx",
        help="输出的 Word 文档；以 .html 结尾时为网页版",
    )
    p.add_argument("--template", metavar="T.docx", help="自定义模板（默认：内置模板）")
    p.add_argument(
        "--fonts",
        default="gb",
        choices=("gb", "windows"),
        help="字体方案：gb（默认，GB/T 9704）或 windows",
    )
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    p.add_argument(
        "--pdfa",
        action="store_true",
        help="PDF 为 PDF/A-2b（长期保存格式，字体全部嵌入；含 --pdf）(PDF/A-2b, implies --pdf)",
    )
    p.add_argument(
        "--sealed",
        action="store_true",
        help="加盖印章的落款（GB/T 9704 §7.3.5.1：成文日期右空四字，机关名称居中于日期之上）；"
        "默认为不加盖印章（§7.3.5.2）(sealed signature layout)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="报告有错误时仍然生成（错误会列出）；覆盖已有的输出文件 (also: overwrite)",
    )
    p.add_argument(
        "--time-limit",
        type=seconds,
        metavar="SECONDS",
        help="自定义模板一次渲染的时间上限（默认 10 秒；内置模板不受限）(the template's time limit)",
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help="留有【待填写】内容时仍然生成，文档标为草稿 (render a draft, marked as one)",
    )
    p.set_defaults(func=run)


def seconds(text: str) -> float:
    """A time limit as the command line gives it: a number of seconds above 0.

    >>> seconds("2.5")
    2.5
    >>> seconds("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: 应为大于 0 的秒数，不是 0 (seconds above 0)
    """
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"应为大于 0 的秒数，不是 {text} (seconds above 0)")
    return value


def run(args: argparse.Namespace) -> int:
    """Render the file; exit 2 when a PDF was asked for and LibreOffice is missing.

    >>> run  # doctest: +ELLIPSIS
    <function run at ...>
    """
    from pathlib import Path

    import govreport
    from govreport._fs import private_directory
    from govreport.errors import GovReportError, PdfError
    from govreport.rendering import HTML_SUFFIXES, convert_to_pdf
    from govreport.spec import DRAFT_MARK

    output = Path(args.output)
    suffix = output.suffix.lower()
    pdf = args.pdf or args.pdfa or suffix == ".pdf"
    targets = [output] + ([output.with_suffix(".pdf")] if pdf and suffix != ".pdf" else [])
    for target in targets:
        if target.exists() and not args.force:
            raise GovReportError(f"{target}: 文件已存在，加 --force 覆盖 (exists; use --force)")
    report = govreport.load(args.file)
    found = govreport.check(report)
    chars = [f for f in found if f.rule == "CHARS"]
    if chars:
        # what the document cannot print, at its line in the data file
        placed = govreport.read(args.file).locate(chars) if Path(args.file).is_file() else chars
        where = f"{placed[0].where}: " if placed[0].where else ""
        raise GovReportError(f"{args.file}: {where}{placed[0].message}")
    drafts = [f for f in found if f.rule == "DRAFT"]
    if drafts and not args.draft:
        for f in drafts:
            print(f"{args.file}: {f.message}", file=sys.stderr)
        raise GovReportError(
            f"{args.file}: 报告留有 {len(drafts)} 处{DRAFT_MARK}内容；"
            "填写后再生成，或加 --draft 生成草稿 (placeholders left; fill them in or use --draft)"
        )
    if drafts and suffix in HTML_SUFFIXES:
        raise GovReportError(
            f"{args.file}: 网页版不生成草稿，报告留有 {len(drafts)} 处{DRAFT_MARK}内容；"
            "草稿请生成 Word 文档 (the web edition is never a draft; render a .docx)"
        )
    if args.time_limit is not None and args.template is None:
        raise GovReportError(
            "--time-limit 只用于 --template 给出的模板：内置模板不受时间上限约束 "
            "(--time-limit needs --template)"
        )
    template = args.template
    if args.time_limit is not None:
        template = govreport.Template(args.template, time_limit=args.time_limit)
    word = {
        "template": template,
        "fonts": args.fonts,
        "force": args.force,
        "signature": "sealed" if args.sealed else None,
    }

    def word_document(path: Path) -> Path:
        out = govreport.render(report, path, **word)
        if drafts:
            _mark_draft(out)
        return out

    def pdf_from_word(target: Path) -> Path:
        # the PDF is always the Word document's: rendered aside when the output is not one
        with private_directory("govreport-render-") as work:
            return convert_to_pdf(
                word_document(work / target.with_suffix(".docx").name), target, pdfa=args.pdfa
            )

    try:
        if suffix == ".pdf":
            print(pdf_from_word(output))
            return 0
        if suffix in HTML_SUFFIXES:
            # the Word options are the PDF's; without one, the web edition refuses them
            out = govreport.render(report, output, **({"force": args.force} if pdf else word))
        else:
            out = word_document(output)
        print(out)
        if pdf:
            print(
                pdf_from_word(targets[1])
                if suffix in HTML_SUFFIXES
                else convert_to_pdf(out, pdfa=args.pdfa)
            )
    except PdfError as e:
        print(f"govreport render: {e}", file=sys.stderr)
        return 2
    return 0


#: The line a draft document opens with, and the status its properties carry.
DRAFT_LINE = "草稿：留有待填写内容，不得作为正式报告发布"


def _mark_draft(path: Any) -> None:
    """Open the rendered document with a line that says it is a draft, and set its status to 草稿.

    >>> import tempfile, pathlib, docx
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.docx"
    >>> d = docx.Document(); _ = d.add_paragraph("正文"); d.save(p)
    >>> _mark_draft(p)
    >>> d = docx.Document(p); d.paragraphs[0].text == DRAFT_LINE, d.core_properties.content_status
    (True, '草稿')
    """
    import docx

    from govreport._fs import atomic_path

    document = docx.Document(str(path))
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.insert_paragraph_before(DRAFT_LINE)
    document.core_properties.content_status = "草稿"
    with atomic_path(path) as tmp:
        document.save(str(tmp))
