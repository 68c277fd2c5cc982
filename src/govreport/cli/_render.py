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

__all__ = ["register"]


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
    p.add_argument("--force", action="store_true", help="报告有错误时仍然生成（错误会列出）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the file; exit 2 when a PDF was asked for and LibreOffice is missing.

    >>> run  # doctest: +ELLIPSIS
    <function run at ...>
    """
    import govreport
    from govreport.errors import PdfError
    from govreport.rendering import convert_to_pdf

    report = govreport.load(args.file)
    out = govreport.render(
        report, args.output, template=args.template, fonts=args.fonts, force=args.force
    )
    print(out)
    if args.pdf:
        try:
            print(convert_to_pdf(out))
        except PdfError as e:
            print(f"govreport render: {e}", file=sys.stderr)
            return 2
    return 0
