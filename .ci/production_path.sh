#!/usr/bin/env bash
# The README's "Production" section, run literally on PostgreSQL with DEBUG off, on plain HTTP:
# a fresh database, migrate, collectstatic, check --deploy, gunicorn and the queue worker, then the
# login page, one hashed static file and the API schema must answer 200. Fails on any error;
# always stops the servers and drops the database.
# tests/test_production.py checks that every command of the README's block appears here verbatim.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="postgres://postgres@127.0.0.1:5432"
db="cchc_prod_$$"
work="$(mktemp -d)"
web_pid=""
worker_pid=""

cleanup() {
  status=$?
  for pid in $web_pid $worker_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $web_pid $worker_pid; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "--- gunicorn log"; cat "$work/gunicorn.log" 2>/dev/null || true
    echo "--- worker log"; cat "$work/worker.log" 2>/dev/null || true
  fi
  dropdb --if-exists -h 127.0.0.1 -U postgres "$db" || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

createdb -h 127.0.0.1 -U postgres "$db"
PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# README: `cp .env.example .env` and set the values. Later lines win when the file is sourced.
cp .env.example "$work/.env"
cat >>"$work/.env" <<EOF
SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=127.0.0.1
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:${PORT}
DATABASE_URL=${PG}/${db}
REDIS_URL=
VAR_DIR=${work}/var
MEDIA_ROOT=${work}/media
STATIC_ROOT=${work}/static
WEB_CONCURRENCY=2
HUEY_WORKERS=1
# Plain HTTP on loopback for this test only: no TLS redirect, cookies not marked Secure, and the
# three deploy warnings that follow from exactly these two choices silenced.
SECURE_SSL_REDIRECT=0
SECURE_COOKIES=0
SILENCED_SYSTEM_CHECKS=security.W008,security.W012,security.W016
EOF

set -a; . "$work/.env"; set +a
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:${PORT:-8000}" --timeout 120 >"$work/gunicorn.log" 2>&1 &
web_pid=$!
.venv/bin/python manage.py run_huey >"$work/worker.log" 2>&1 &
worker_pid=$!

base="http://127.0.0.1:${PORT}"
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$base/healthz/" 2>/dev/null && break
  kill -0 "$web_pid" 2>/dev/null || { echo "gunicorn exited"; exit 1; }
  sleep 0.5
done

fetch() {  # fetch URL OUTPUT: fail unless the answer is 200
  code="$(curl -sS -o "$2" -w '%{http_code}' "$1")"
  if [ "$code" != "200" ]; then echo "FAIL: $1 answered $code"; exit 1; fi
  echo "ok: $1 -> 200"
}

fetch "$base/accounts/login/" "$work/login.html"
grep -q "Đăng nhập" "$work/login.html" || { echo "FAIL: the login page is not in Vietnamese"; exit 1; }

# A static file by the hashed URL the page links (ManifestStaticFilesStorage names it app.<hash>.css).
css="$(grep -o '/static/css/app\.[0-9a-f]\{12\}\.css' "$work/login.html" | head -n 1)"
[ -n "$css" ] || { echo "FAIL: the login page links no hashed stylesheet"; exit 1; }
fetch "$base$css" "$work/app.css"
js="$(grep -o '/static/vendor/htmx/htmx\.min\.[0-9a-f]\{12\}\.js' "$work/login.html" | head -n 1)"
[ -n "$js" ] || { echo "FAIL: the login page links no hashed htmx"; exit 1; }
fetch "$base$js" "$work/htmx.js"

fetch "$base/api/schema/" "$work/schema.yaml"
grep -q '^openapi: 3' "$work/schema.yaml" || { echo "FAIL: /api/schema/ is not an OpenAPI document"; exit 1; }

code="$(curl -sS -o /dev/null -w '%{http_code}' "$base/no-such-page/")"
[ "$code" = "404" ] || { echo "FAIL: an unknown page answered $code, not 404"; exit 1; }
echo "ok: $base/no-such-page/ -> 404"

kill -0 "$worker_pid" 2>/dev/null || { echo "FAIL: the queue worker exited"; exit 1; }
echo "ok: the queue worker is running"
echo "production path: ok"
