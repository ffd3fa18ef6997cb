#!/usr/bin/env bash
# The deployment recipe, proved: nginx (TLS, static, media, forwarded headers) in front of
# gunicorn with production settings and the task worker, against a freshly seeded PostgreSQL
# database; then deploy/smoke.py checks it from two client addresses. Called by .ci/run.
#
# Ports and services (fine on a clean CI machine; override to run beside other servers):
#   DEPLOY_HTTPS_PORT=8443 DEPLOY_HTTP_PORT=8081 DEPLOY_APP_PORT=8082
#   DEPLOY_REDIS_URL=redis://127.0.0.1:6379/0  PGHOST=127.0.0.1 PGUSER=postgres
set -euo pipefail
cd "$(dirname "$0")/.."

HTTPS_PORT=${DEPLOY_HTTPS_PORT:-8443}
HTTP_PORT=${DEPLOY_HTTP_PORT:-8081}
APP_PORT=${DEPLOY_APP_PORT:-8082}
REDIS=${DEPLOY_REDIS_URL:-redis://127.0.0.1:6379/0}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
HOST=pasarlokal.example
PY=$PWD/.venv/bin/python

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "Installing nginx (apt)…"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx-light >/dev/null \
        || $SUDO apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
chmod 755 "$work"  # nginx workers (another user) read media from it
db="pasarlokal_deploy_$(date +%s)_$$"
pids=()
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -h "$PGHOST" -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=pasarlokal.settings.production
export SECRET_KEY="deploy-check-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 50)"
export ALLOWED_HOSTS=$HOST
export SITE_URL="https://$HOST"  # what canonical links and the sitemap must say
export DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$db"
export MEDIA_ROOT=$work/media
export TRUSTED_PROXIES=1
export PUBLIC_FORM_RATE_LIMIT=1
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
export CACHE_KEY_PREFIX="deploy-check-$$"
unset DEBUG

echo "--- production refuses a per-process cache (check --deploy)"
if out=$(env -u REDIS_URL $PY manage.py check --deploy --fail-level WARNING 2>&1); then
    echo "FAIL: check --deploy passed without REDIS_URL"; exit 1
fi
grep -q "pasarlokal.W001" <<<"$out" || { echo "FAIL: no per-process cache warning"; echo "$out"; exit 1; }
echo "ok   without REDIS_URL, check --deploy fails with pasarlokal.W001"
export REDIS_URL=$REDIS

echo "--- database $db: migrate, seed, static"
psql -h "$PGHOST" -U "$PGUSER" -d postgres -qc "CREATE DATABASE $db"
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo -v 0
$PY manage.py set_site_url
$PY manage.py collectstatic --noinput -v 0
$PY manage.py check --deploy --fail-level WARNING

echo "--- gunicorn, the task worker, nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST" \
    -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
GUNICORN_BIND=127.0.0.1:$APP_PORT GUNICORN_WORKERS=2 \
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py >"$work/gunicorn.log" 2>&1 &
pids+=($!)
$PY manage.py db_worker --no-reload --interval 1 >"$work/worker.log" 2>&1 &
pids+=($!)
sed -e "s|@SERVER_NAME@|$HOST|g" -e "s|@HTTPS_PORT@|127.0.0.1:$HTTPS_PORT|g" \
    -e "s|@HTTP_PORT@|127.0.0.1:$HTTP_PORT|g" -e "s|@APP@|127.0.0.1:$APP_PORT|g" \
    -e "s|@TLS_CERT@|$work/tls.crt|g" -e "s|@TLS_KEY@|$work/tls.key|g" \
    -e "s|@STATIC_ROOT@|$PWD/staticfiles|g" -e "s|@MEDIA_ROOT@|$MEDIA_ROOT|g" \
    deploy/nginx.conf >"$work/site.conf"
cat >"$work/nginx-main.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $work/nginx-access.log;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/site.conf;
}
NGINX
"$NGINX" -t -q -c "$work/nginx-main.conf" -e "$work/nginx-error.log"
"$NGINX" -c "$work/nginx-main.conf" -e "$work/nginx-error.log"

for _ in $(seq 1 30); do
    curl -fsk --resolve "$HOST:$HTTPS_PORT:127.0.0.1" "https://$HOST:$HTTPS_PORT/healthz" >/dev/null 2>&1 && break
    sleep 1
done

echo "--- checks through nginx"
status=0
$PY deploy/smoke.py "https://$HOST:$HTTPS_PORT" --site-url "$SITE_URL" --connect 127.0.0.1 \
    --sources 127.0.0.2,127.0.0.3 --insecure || status=$?
if [ $status -ne 0 ]; then
    echo "--- gunicorn log"; tail -n 40 "$work/gunicorn.log"
    echo "--- nginx error log"; tail -n 20 "$work/nginx-error.log"
fi
exit $status
