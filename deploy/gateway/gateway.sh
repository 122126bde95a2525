#!/usr/bin/env bash
# The local gateway: nginx (from the OS packages, installed if missing) configured by deploy/gateway/gateway.py from
# the routing table deploy/gateway/routes.tsv, with a self-signed certificate for its TLS port made on first use.
#
#   gateway.sh up <state dir> [gateway.py nginx options...]   renders the config, starts nginx, waits for its ports
#   gateway.sh down <state dir>                               stops the nginx started with that state dir
#   gateway.sh install                                        installs nginx and openssl if missing
#
# deploy/local/stack.sh up starts it on :8080 (HTTP) and :8443 (HTTPS, HTTP/2); the e2e tests start their own.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[gateway] %s\n' "$*"; }
die() { printf '[gateway] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

install() {
  have nginx && have openssl && return
  "$HERE/../local/packages.sh" nginx openssl
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

up() {
  local dir=$1
  shift
  install
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  down "$dir" >/dev/null 2>&1 || true
  # a certificate for localhost, made again when it expires within a day
  if [ ! -s "$dir/tls.crt" ] || ! openssl x509 -checkend 86400 -noout -in "$dir/tls.crt" >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$dir/tls.key" -out "$dir/tls.crt" >/dev/null 2>&1 ||
      die "could not make a certificate with openssl"
  fi
  python3 "$HERE/gateway.py" nginx "$dir" --cert "$dir/tls.crt" --key "$dir/tls.key" --run-as "$(id -un)" "$@"
  "$(nginx_bin)" -t -q -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" 2>"$dir/check.log" || { cat "$dir/check.log" >&2; die "nginx refused the config"; }
  "$(nginx_bin)" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
  local i
  for i in $(seq 1 50); do
    [ -s "$dir/nginx.pid" ] && return 0
    sleep 0.1
  done
  die "nginx did not start (see $dir/error.log)"
}

running() { # pid -> the nginx master of that pid is alive (not a stale pid file, not a zombie)
  grep -q nginx "/proc/$1/cmdline" 2>/dev/null && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

down() {
  local dir=$1 pid
  [ -s "$dir/nginx.pid" ] || return 0
  pid=$(cat "$dir/nginx.pid")
  if running "$pid"; then
    # graceful: open requests finish (an SSE stream is cut after worker_shutdown_timeout, 3 s)
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      pkill -9 -P "$pid" nginx 2>/dev/null || true
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/nginx.pid"
}

case "${1:-}" in
  up) shift; [ $# -ge 1 ] || die "usage: gateway.sh up <state dir> [options]"; up "$@" ;;
  down) [ $# -ge 2 ] || die "usage: gateway.sh down <state dir>"; down "$2" ;;
  install) install ;;
  *) die "usage: gateway.sh up|down|install ..." ;;
esac
