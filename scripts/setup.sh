#!/usr/bin/env bash
# Create .venv on Python 3.12 and install Prioritet with its pinned dependencies; install the
# system packages, front-end assets and translations the web application needs.
# Idempotent; safe to run on a fresh machine. Usage: scripts/setup.sh [extra,extra]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-dev}"

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.12 "$(command -v pyenv >/dev/null && echo "$(pyenv root)/versions/3.12"*/bin/python3.12)" /root/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# System packages, only when missing: GNU gettext compiles the translations, Debian's Chromium
# runs the browser tests, DejaVu gives the browser and PDF rendering a font with Norwegian letters,
# poppler-utils (pdftoppm) draws the reports' PDF pages as PNG in the reports tests, Cairo (libcairo2)
# draws the indicators' charts as PNG for their exports (cairosvg).
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' || missing+=(libcairo2)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed" || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))'; then
  python=$(find_python) || { echo "Python 3.12 was not found (set PYTHON=/path/to/python3.12)" >&2; exit 1; }
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[${extras}]"

# Front-end packages pinned in package-lock.json (npm ci), copied to the web app's static folder.
bash scripts/assets.sh
# Compile the translation catalogues (.po → .mo; the .mo files are not committed).
bash scripts/messages.sh --compile-only >/dev/null
