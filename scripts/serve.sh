#!/usr/bin/env bash
# Run Prioritet on http://127.0.0.1:8000 as it runs in production, with the SQLite database in var/
# (PRIORITET_VAR_DIR or DATABASE_URL choose another): DEBUG off, gunicorn, static files collected and
# served by WhiteNoise, and the background task worker (manage.py db_worker) beside it. Both stop
# together on Ctrl-C, or when either of them stops.
# Migrates first, loads the demo municipality (idempotent) and prints its logins.
# The secret key is generated once and kept in var/secret_key (mode 600), so sessions survive a
# restart. Plain HTTP on loopback: PRIORITET_LOCAL_HTTP=1 turns the HTTPS-only cookies, HSTS and the
# HTTPS redirect off for this local run only.
# --dev (`make dev`): Django's development server with DEBUG on, reloading on code changes, instead.
# Usage: scripts/serve.sh [--dev] [ADDRESS:PORT]   (default 127.0.0.1:8000)
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
dev=0
if [ "${1:-}" = "--dev" ]; then
  dev=1
  shift
fi
address="${1:-127.0.0.1:8000}"
var_dir="${PRIORITET_VAR_DIR:-var}"

export DJANGO_SETTINGS_MODULE=prioritet.web.settings
mkdir -p "$var_dir"
if [ "$dev" = 1 ]; then
  export DEBUG=1
else
  export DEBUG=0 PRIORITET_LOCAL_HTTP=1
  export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1]}"
  key_file="$var_dir/secret_key"
  if [ ! -s "$key_file" ]; then
    (umask 077 && "$python" -c "import secrets; print(secrets.token_urlsafe(50))" >"$key_file")
  fi
  chmod 600 "$key_file"
  SECRET_KEY="$(cat "$key_file")"
  export SECRET_KEY
fi

[ -d src/prioritet/web/static/vendor ] || bash scripts/assets.sh
ls src/prioritet/locale/nb/LC_MESSAGES/django.mo >/dev/null 2>&1 || bash scripts/messages.sh --compile-only

"$python" manage.py migrate --noinput
[ "$dev" = 1 ] || "$python" manage.py collectstatic --noinput -v0
"$python" manage.py load_demo

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if [ "$dev" = 1 ]; then
  "$python" manage.py db_worker --reload &
  pids+=("$!")
  "$python" manage.py runserver "$address" &
  pids+=("$!")
else
  "$python" manage.py db_worker --no-reload &
  pids+=("$!")
  .venv/bin/gunicorn prioritet.web.wsgi --bind "$address" --workers 2 --timeout 60 --access-logfile - &
  pids+=("$!")
fi

echo "Prioritet: http://${address}/   (Ctrl-C stops the web server and the task worker)"
# Return when either stops; the trap then stops the other.
wait -n
