#!/usr/bin/env bash
# Make sure PostgreSQL answers on 127.0.0.1:5432 and that the database "prioritet" exists.
# The machines start PostgreSQL before a session; this restarts it if it has stopped. Idempotent.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "ensure-postgres: PostgreSQL is not answering; starting it" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "ensure-postgres: PostgreSQL did not start" >&2; exit 1; }
fi

if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'prioritet'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres prioritet
fi
