"""The signature block's layout: the right indents of the agency and date lines, filled in per report.

A right indent is an attribute (``<w:ind w:right="640"/>``), and an attribute
that holds ``{{ … }}`` is not valid WordprocessingML: Word may refuse to open
such a template for editing. So the templates hold numbers there (the bundled
ones: two characters, 640 twips), and preparing a template
(:class:`~govreport.rendering.Template`) turns the right indent of the
paragraph that holds ``{{ report.agency }}`` and of the one that holds
``{{ report.date }}`` into the context's indents for the chosen layout
(:data:`SIGNATURES`):

* ``"unsealed"`` (the default), GB/T 9704—2012 §7.3.5.2: the agency two
  characters from the right edge, the date on the next line starting two
  characters to the right of the agency's first character
  (:func:`~govreport.rendering._context.signature_indents`);
* ``"sealed"``, §7.3.5.1: the date four characters from the right edge, the
  agency centred over it, where the seal is pressed
  (:func:`~govreport.rendering._context.sealed_signature_indents`).

>>> xml = ('<w:p><w:pPr><w:ind w:right="640"/></w:pPr><w:r><w:t>{{ report.agency }}</w:t></w:r></w:p>'
...        '<w:p><w:pPr><w:ind w:left="0" w:right="0"/></w:pPr><w:r><w:t>{{ report.date }}</w:t></w:r></w:p>')
>>> print(indent_placeholders(xml, "sealed").replace("</w:p>", "</w:p>\\n"))
<w:p><w:pPr><w:ind w:right="{{ report.sealed_agency_indent }}"/></w:pPr><w:r><w:t>{{ report.agency }}</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:left="0" w:right="{{ report.sealed_date_indent }}"/></w:pPr><w:r><w:t>{{ report.date }}</w:t></w:r></w:p>
<BLANKLINE>
"""

from __future__ import annotations

import re
from typing import Literal

from govreport.errors import TemplateError

__all__ = ["SIGNATURES", "Signature", "check_signature", "indent_placeholders"]

#: The signature layouts: GB/T 9704—2012 §7.3.5.2 (unsealed, the default) and §7.3.5.1 (sealed).
Signature = Literal["unsealed", "sealed"]
SIGNATURES: tuple[Signature, ...] = ("unsealed", "sealed")

#: One paragraph (not ``<w:pPr>``, ``<w:proofErr>`` …); the body's paragraphs do not nest.
_PARAGRAPH = re.compile(r"<w:p(?=[\s>]).*?</w:p>", re.S)
#: The right indent inside a paragraph's ``<w:ind …/>``, when it is a number.
_RIGHT = re.compile(r'(<w:ind\b[^>]*?\sw:right=")(-?\d+)(")')
#: The line's placeholder in the paragraph → the context key of its indent.
_LINES = {"{{ report.agency }}": "agency_indent", "{{ report.date }}": "date_indent"}


def check_signature(signature: str) -> Signature:
    """``signature`` if it names a layout of :data:`SIGNATURES`, else a :class:`~govreport.errors.TemplateError`.

    >>> check_signature("sealed")
    'sealed'
    >>> check_signature("stamped")
    Traceback (most recent call last):
    govreport.errors.TemplateError: 落款方式只能是 unsealed（不加盖印章，默认）或 sealed（加盖印章），不是 'stamped'
    """
    for known in SIGNATURES:
        if signature == known:
            return known
    raise TemplateError(
        f"落款方式只能是 unsealed（不加盖印章，默认）或 sealed（加盖印章），不是 {signature!r}"
    )


def indent_placeholders(xml: str, signature: Signature = "unsealed") -> str:
    """``xml`` with the numeric right indent of the agency and date paragraphs turned into their placeholders.

    A paragraph is the agency's (the date's) when it holds ``{{ report.agency }}``
    (``{{ report.date }}``); one without a numeric ``w:right`` is left as it is.

    >>> indent_placeholders('<w:p><w:pPr><w:ind w:right="320"/></w:pPr>{{ report.date }}</w:p>')
    '<w:p><w:pPr><w:ind w:right="{{ report.date_indent }}"/></w:pPr>{{ report.date }}</w:p>'
    >>> indent_placeholders('<w:p><w:pPr><w:ind w:right="320"/></w:pPr>{{ report.title }}</w:p>')
    '<w:p><w:pPr><w:ind w:right="320"/></w:pPr>{{ report.title }}</w:p>'
    """
    prefix = "sealed_" if check_signature(signature) == "sealed" else ""

    def paragraph(m: re.Match[str]) -> str:
        text = m.group(0)
        for line, key in _LINES.items():
            if line in text:
                placeholder = f"{{{{ report.{prefix}{key} }}}}"
                return _RIGHT.sub(rf"\g<1>{placeholder}\g<3>", text, count=1)
        return text

    if not any(line in xml for line in _LINES):
        return xml
    return _PARAGRAPH.sub(paragraph, xml)
