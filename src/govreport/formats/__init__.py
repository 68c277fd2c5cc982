"""Report data files and the model: YAML, JSON and TOML data files, the Excel fill-in workbook, published Word documents.

>>> from govreport.formats import dumps, loads
>>> import govreport
>>> loads(dumps(govreport.Report.new("某某局", 2024))).year
2024
"""

from __future__ import annotations

from govreport._public import publish as _publish
from govreport.formats._api import (
    FORMATS,
    dump,
    dumps,
    load,
    loads,
)
from govreport.formats._fill_in import fill_in_text
from govreport.formats._read import DOCUMENT_SUFFIXES, ReadReport, read
from govreport.formats._xlsx import (
    read_workbook,
    write_workbook,
)

__all__ = [
    "DOCUMENT_SUFFIXES",
    "FORMATS",
    "ReadReport",
    "dump",
    "dumps",
    "fill_in_text",
    "load",
    "loads",
    "read",
    "read_workbook",
    "write_workbook",
]

_publish(globals(), __name__, __all__)
