#!/usr/bin/env bash
# Install the front-end packages pinned in package-lock.json and copy the files the web app serves
# into src/prioritet/web/static/vendor/ (gitignored; WhiteNoise serves them). Idempotent.
# Usage: scripts/assets.sh [--skip-install]   (--skip-install: only copy from node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--skip-install" ]; then
  # npm ci deletes and reinstalls node_modules; skip it when the lock file has not changed since.
  stamp=node_modules/.prioritet-lock.sha256
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
fi

vendor=src/prioritet/web/static/vendor
tmp="$vendor.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/designsystemet" "$tmp/htmx" "$tmp/inter/files"

# Designsystemet: the component CSS (all components, @layer ds) and the Digdir brand theme.
cp node_modules/@digdir/designsystemet-css/dist/src/index.css "$tmp/designsystemet/designsystemet.css"
cp node_modules/@digdir/designsystemet-theme/brand/digdir.css "$tmp/designsystemet/theme.css"
cp node_modules/@digdir/designsystemet-css/LICENSE "$tmp/designsystemet/LICENSE"

# htmx (v2: attribute inheritance, so hx-headers on <body> carries the CSRF token everywhere).
cp node_modules/htmx.org/dist/htmx.min.js "$tmp/htmx/htmx.min.js"

# Inter, the typeface Designsystemet is drawn for, self-hosted (no third-party font requests).
cp node_modules/@fontsource-variable/inter/index.css "$tmp/inter/inter.css"
cp node_modules/@fontsource-variable/inter/files/*-wght-normal.woff2 "$tmp/inter/files/"
cp node_modules/@fontsource-variable/inter/LICENSE "$tmp/inter/LICENSE"

rm -rf "$vendor"
mv "$tmp" "$vendor"
echo "assets: copied Designsystemet, htmx and Inter into $vendor"
