"""Headless Chromium for the web edition's tests: axe-core's audit, the console, the cells as laid out.

The page under test is a copy of the rendered HTML with two scripts added:
one at the top of ``<head>`` that records every console error and uncaught
error, one at the end of ``<body>`` that runs axe-core at WCAG 2.1 AA and
writes the result, the errors and every number cell as laid out (its
``data-cell`` key, its text, whether it has a size) into a ``<pre>``.
Chromium prints the DOM when the page is done (``--dump-dom``).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["AXE_VERSION", "CHROMIUM_FLAGS", "audit_page", "install_axe", "screenshot"]

#: The axe-core release the tests install from the npm registry.
AXE_VERSION = "4.14.1"

#: Chromium as root, without a sandbox, a GPU, a first-run page or any network traffic of its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)

_RECORD_ERRORS = """<script>
window.__errors = [];
window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
const __consoleError = console.error;
console.error = (...args) => { window.__errors.push(args.map(String).join(" ")); __consoleError(...args); };
</script>"""

_RUN_AXE = """<script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
  .then((r) => {
    const cells = [...document.querySelectorAll("td[data-cell]")].map((td) => {
      const box = td.getBoundingClientRect();
      return [td.dataset.cell, td.innerText, box.width > 0 && box.height > 0];
    });
    const out = document.createElement("pre");
    out.id = "audit";
    out.textContent = JSON.stringify({
      violations: r.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target)})),
      passes: r.passes.map((v) => v.id),
      errors: window.__errors,
      cells: cells,
    });
    document.body.appendChild(out);
  })
  .catch((e) => { window.__errors.push("axe: " + e); });
</script>"""


def install_axe(npm: str, cache: Path) -> Path:
    """``axe.min.js`` of :data:`AXE_VERSION`, installed with npm into ``cache`` once.

    >>> install_axe("/bin/false", Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    AssertionError: npm could not install axe-core@4.14.1: rc=1...
    """
    script = cache / f"axe-core-{AXE_VERSION}" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        prefix = script.parents[2]
        prefix.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "--no-save",
                f"axe-core@{AXE_VERSION}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (
            f"npm could not install axe-core@{AXE_VERSION}: rc={result.returncode} {result.stderr}"
        )
    return script


def _run(chromium: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )


def audit_page(chromium: str, axe: Path, page: Path, width: int = 1280) -> dict[str, Any]:
    """Open ``page`` in headless Chromium ``width`` pixels wide and return axe-core's audit of it.

    The result has ``violations`` (axe-core's, with the rule id and the nodes),
    ``passes`` (the ids of the rules that passed), ``errors`` (console errors)
    and ``cells`` (``[data-cell key, text, laid out]`` of each number cell).
    """
    text = page.read_text(encoding="utf-8")
    probe = text.replace("<head>", "<head>\n" + _RECORD_ERRORS, 1).replace(
        "</body>", f"<script>{axe.read_text(encoding='utf-8')}</script>\n{_RUN_AXE}\n</body>", 1
    )
    copy = page.with_name(page.stem + ".audit.html")
    copy.write_text(probe, encoding="utf-8")
    result = _run(
        chromium,
        f"--window-size={width},900",
        "--virtual-time-budget=30000",
        "--dump-dom",
        copy.resolve().as_uri(),
    )
    found = re.search(r'<pre id="audit">(.*?)</pre>', result.stdout, re.S)
    assert found, (
        f"Chromium did not finish the audit of {page}: rc={result.returncode} {result.stderr[-2000:]}"
    )
    audit: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return audit


def screenshot(chromium: str, page: Path, out: Path, width: int, height: int) -> Path:
    """A PNG of ``page`` as Chromium shows it in a ``width`` × ``height`` window."""
    out.parent.mkdir(parents=True, exist_ok=True)
    result = _run(
        chromium, f"--window-size={width},{height}", f"--screenshot={out}", page.resolve().as_uri()
    )
    assert out.exists(), f"Chromium wrote no screenshot of {page}: {result.stderr[-2000:]}"
    return out
