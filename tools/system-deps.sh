#!/usr/bin/env bash
# Install the system parts the tests use — LibreOffice (to open rendered documents as a real client),
# CJK fonts, poppler's pdftotext, PostgreSQL, MariaDB, Chromium and npm (the web edition's audit) — with
# apt-get, where they are missing and apt-get can run.
# On a machine without apt-get or root, say what is missing and go on: those tests then skip,
# except under CI=true, where they fail.
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer libreoffice-calc)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# the free faces the PDF uses for 楷体 where the GB/T 9704 fonts are missing (rendering/_fontconfig.py)
fc-list 2>/dev/null | grep -qi "AR PL UKai" || missing+=(fonts-arphic-ukai)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v mariadb-install-db >/dev/null 2>&1 || missing+=(mariadb-server)
# the web edition's tests: headless Chromium (driven by --dump-dom, no chromedriver needed); axe-core
# comes from the npm registry through npm, into the tests' cache
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# pandoc reads the rendered .docx in tests/test_templates.py (the title and the six headings)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi
if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; }; then
  echo "system-deps: cannot install ${missing[*]} here (no apt-get or no root); the tests that need them will skip" >&2
  [ -n "${CI:-}" ] && exit 1
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
