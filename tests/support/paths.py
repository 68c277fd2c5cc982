"""Where the tests find their data: the checkout's examples and the reference data vendored in ``tests/data/``.

Every file a test compares against lives inside the repository, so a plain
clone (or an sdist, which ships ``tests/``) runs every test.

>>> (REFERENCE / "official-blank-2021.docx").read_bytes()[:2]
b'PK'
>>> sorted(p.name for p in example_files())
['demo-city-data-bureau-2024.yaml', 'songbei-veterans-affairs-2020.yaml']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA", "EXAMPLES", "REAL_REPORTS", "REFERENCE", "ROOT", "SEEDS", "example_files"]

#: The checkout (the folder holding pyproject.toml).
ROOT = Path(__file__).resolve().parents[2]
#: The example reports ``govreport demo`` renders.
EXAMPLES = ROOT / "examples"
#: The tests' own data files: label-form data files of two real reports, and the folders below.
DATA = ROOT / "tests" / "data"
#: The official format: the transcriptions of 国办公开办函〔2019〕60号 and 〔2021〕30号, and the official blank.
REFERENCE = DATA / "reference"
#: Two published reports: the PDF as published (when there is one) and a cell-by-cell transcription.
REAL_REPORTS = DATA / "real-reports"
#: The text of a published report that an example was written from.
SEEDS = DATA / "seeds"

#: The suffixes of report data files.
_DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")


def example_files() -> list[Path]:
    """The report data files in ``examples/``, sorted by name.

    >>> all(p.parent == EXAMPLES for p in example_files())
    True
    """
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in _DATA_SUFFIXES)
