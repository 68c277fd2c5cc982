"""The model as published documents: the Word context and template, the web page, fonts, PDF and template lint.

>>> from govreport.rendering import bundled_template
>>> bundled_template(2021)[:2]
b'PK'
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.rendering._dispatch import HTML_SUFFIXES, render
from govreport.rendering._fonts import (
    GB,
    WINDOWS,
    FontProfile,
    profile,
)
from govreport.rendering._lint import (
    TemplateProblem,
    check_template,
    guess_edition,
)
from govreport.rendering._pdf import (
    convert_many,
    convert_to_pdf,
    find_soffice,
)
from govreport.rendering._template import (
    Compression,
    Template,
    bundled_template,
    check_compression,
)

__all__ = [
    "GB",
    "HTML_SUFFIXES",
    "WINDOWS",
    "Compression",
    "FontProfile",
    "Template",
    "TemplateProblem",
    "bundled_template",
    "check_compression",
    "check_template",
    "convert_many",
    "convert_to_pdf",
    "find_soffice",
    "guess_edition",
    "profile",
    "render",
]

_publish(globals(), __name__, __all__)
