#!/usr/bin/env bash
# Update the translation catalogues src/prioritet/locale/{nb,nn}/LC_MESSAGES/django.po from the
# English source strings of every app, then compile them. Needs GNU gettext (Debian: gettext).
# Translate every new msgid in both files: a test fails on untranslated or fuzzy entries.
# Usage: scripts/messages.sh [--compile-only]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1 DJANGO_SETTINGS_MODULE=prioritet.web.settings
if [ "${1:-}" != "--compile-only" ]; then
  (cd src/prioritet && ../../.venv/bin/django-admin makemessages -l nb -l nn --no-obsolete --add-location=file \
    --ignore='*/tests/*' --ignore='conftest.py' --ignore='*/static/vendor/*')
fi
(cd src/prioritet && ../../.venv/bin/django-admin compilemessages -l nb -l nn --ignore='*/static/*')
