"""Running headless LibreOffice the way the tests that need it do (the ``soffice`` fixture finds the program)."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["convert_with_soffice"]


def convert_with_soffice(soffice: str, source: Path, outdir: Path, to: str = "pdf") -> Path:
    """Convert ``source`` with headless LibreOffice into ``outdir`` and return the converted file.

    Each call uses its own LibreOffice profile inside ``outdir``, so conversions
    never share state. A failed conversion fails the test with LibreOffice's output.

    >>> import pathlib, tempfile
    >>> convert_with_soffice("/bin/false", pathlib.Path("r.docx"), pathlib.Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    AssertionError: LibreOffice could not convert r.docx: rc=1...
    """
    profile = outdir / ".lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = outdir / (source.stem + "." + to.split(":")[0])
    detail = f"LibreOffice could not convert {source.name}: rc={result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, detail
    assert converted.exists(), detail
    return converted
