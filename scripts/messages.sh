#!/usr/bin/env bash
# Update the translation catalogues from the English source strings, then compile them. Needs GNU
# gettext (Debian: gettext). The project catalogue is src/prioritet/locale/{nb,nn}; an app that keeps
# its own catalogue (src/prioritet/<app>/locale) is extracted on its own and left out of the
# project's. Translate every new msgid in both languages: a test fails on untranslated or fuzzy ones.
# Usage: scripts/messages.sh [--compile-only]
set -euo pipefail
cd "$(dirname "$0")/../src/prioritet"
export DEBUG=1 DJANGO_SETTINGS_MODULE=prioritet.web.settings
django_admin=../../.venv/bin/django-admin
extract=(makemessages -l nb -l nn --no-obsolete --add-location=file
  --ignore='*/tests/*' --ignore='tests/*' --ignore='conftest.py' --ignore='*/static/vendor/*')

if [ "${1:-}" != "--compile-only" ]; then
  own=()
  for dir in */locale; do
    [ -d "$dir" ] || continue
    app="${dir%/locale}"
    own+=(--ignore="$app/*")
    (cd "$app" && "../$django_admin" "${extract[@]}")
  done
  "$django_admin" "${extract[@]}" "${own[@]}"
fi
"$django_admin" compilemessages -l nb -l nn --ignore='*/static/*'
