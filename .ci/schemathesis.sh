#!/usr/bin/env bash
# Schemathesis against a live server: the COMMITTED docs/openapi.yaml, a fresh PostgreSQL database with
# the demo city, gunicorn with DEBUG off, and the API token of the demo focal officer (xaydung.daumoi).
# Passes only with 0 server errors and 0 answers that differ from the schema. Bounded: examples per
# operation (ST_MAX_EXAMPLES) and the whole run (ST_MAX_SECONDS). The database is thrown away, so the
# writes schemathesis sends (POST, PATCH) do no harm. Cleans up (server, database, files) on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."

make -s install
BIN=.venv/bin
PG="postgres://postgres@127.0.0.1:5432"
db="cchc_st_$$"
work=$(mktemp -d)
server_pid=""

cleanup() {
  status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

export DATABASE_URL="$PG/${db}"
export DEBUG=0 SECRET_KEY="schemathesis-$(date +%s)-$$-not-a-production-key-0123456789" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export VAR_DIR="$work/var" REDIS_URL="" LOG_LEVEL=ERROR
export DJANGO_SETTINGS_MODULE=config.settings

psql "$PG/postgres" -q -c "CREATE DATABASE ${db}" >/dev/null
$BIN/python manage.py migrate --noinput -v 0
$BIN/python manage.py seed_demo --communes 4 --departments 5 --divisions 2 --quiet
token=$($BIN/python manage.py shell -v 0 -c "
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
print(Token.objects.get_or_create(user=get_user_model().objects.get(username='xaydung.daumoi'))[0].key)
" | tail -n 1)

port=$($BIN/python -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
$BIN/gunicorn config.wsgi:application --bind "127.0.0.1:${port}" --workers 2 --threads 2 --timeout 60 \
  >"$work/gunicorn.log" 2>&1 &
server_pid=$!
# ready when the API answers (HTML pages need collectstatic, which this API-only run skips)
ready="http://127.0.0.1:${port}/api/units/?limit=1"
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null -H "Authorization: Token ${token}" "$ready" 2>/dev/null && break
  sleep 0.2
done
if ! curl -fsS -o /dev/null -H "Authorization: Token ${token}" "$ready"; then
  echo "gunicorn did not answer on 127.0.0.1:${port}"; cat "$work/gunicorn.log"; exit 1
fi

# Real rows for the {id} of each path (.ci/schemathesis.toml): the first the focal officer lists.
first_of() {
  curl -fsS -H "Authorization: Token ${token}" "http://127.0.0.1:${port}/api/$1/?limit=1" \
    | $BIN/python -c "import json, sys; rows = json.load(sys.stdin)['results']; print(rows[0]['${2:-id}'] if rows else 0)"
}
ST_PLAN=$(first_of plans) ST_TASK=$(first_of tasks) ST_TARGET=$(first_of targets) ST_PROGRESS=$(first_of progress)
ST_PROCEDURE=$(first_of procedures) ST_DOSSIER=$(first_of dossiers) ST_METRIC=$(first_of metrics code)
ST_REPORT=$(first_of reports) ST_PERIOD=$(first_of reporting-periods) ST_UNIT=$(first_of units)
ST_MEMBERSHIP=$(first_of memberships) ST_IMPORT=$(first_of plan-imports)
export ST_PLAN ST_TASK ST_TARGET ST_PROGRESS ST_PROCEDURE ST_DOSSIER ST_METRIC ST_REPORT ST_PERIOD ST_UNIT ST_MEMBERSHIP ST_IMPORT
env | grep '^ST_' | sort | tr '\n' ' '; echo

# not_a_server_error: no 5xx; response_schema_conformance: every documented answer has the documented shape.
set +e
timeout --kill-after=10 "$(( ${ST_MAX_SECONDS:-180} + 60 ))" \
  $BIN/schemathesis --config-file .ci/schemathesis.toml run docs/openapi.yaml \
    --url "http://127.0.0.1:${port}" \
    -H "Authorization: Token ${token}" \
    --checks not_a_server_error,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "${ST_MAX_EXAMPLES:-50}" \
    --max-time "${ST_MAX_SECONDS:-180}" \
    --workers 2 \
    --seed "${ST_SEED:-2026}" \
    --generation-database none \
    --request-timeout 30 \
    --no-color
result=$?
set -e
if [ "$result" -ne 0 ]; then
  echo "--- gunicorn and Django log (last 60 lines)"
  tail -n 60 "$work/gunicorn.log" || true
fi
exit "$result"
