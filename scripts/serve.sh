#!/usr/bin/env bash
# Run the Prioritet web application on http://127.0.0.1:8000 with the SQLite database in var/
# (PRIORITET_VAR_DIR or DATABASE_URL choose another).
# Migrates first, loads the demo municipality (idempotent) and prints its logins.
# Development server with DEBUG on unless DEBUG is set; Ctrl-C stops it.
# Usage: scripts/serve.sh [ADDRESS:PORT]   (default 127.0.0.1:8000)
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
address="${1:-127.0.0.1:8000}"

export DJANGO_SETTINGS_MODULE=prioritet.web.settings
export DEBUG="${DEBUG:-1}"
mkdir -p "${PRIORITET_VAR_DIR:-var}"

[ -d src/prioritet/web/static/vendor ] || bash scripts/assets.sh
ls src/prioritet/locale/nb/LC_MESSAGES/django.mo >/dev/null 2>&1 || bash scripts/messages.sh --compile-only

"$python" manage.py migrate --noinput

"$python" manage.py load_demo

echo "Prioritet: http://${address}/"
exec "$python" manage.py runserver --noreload "$address"
