#!/usr/bin/env bash
# Observability of the local stack: Prometheus (from the OS packages, installed if missing) scraping every service
# with the platform's rules, and the offline checks of those rules and of the Grafana dashboards.
#
#   observe.sh up <state dir>    starts Prometheus on 127.0.0.1:${PROMETHEUS_PORT:-9090} (deploy/local/stack.sh up --observe)
#   observe.sh down <state dir>  stops it
#   observe.sh check             promtool check + unit tests of rules.yml (rules.test.yml), config check, dashboards
#                                as generated (dashboards.py check); run by the README's test command (e2e)
#   observe.sh install           installs Prometheus and promtool if missing
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${PROMETHEUS_PORT:-9090}
die() { printf '[observe] ERROR: %s\n' "$*" >&2; exit 1; }

install() {
  command -v promtool >/dev/null && command -v prometheus >/dev/null && return
  "$HERE/../local/packages.sh" prometheus
}

check() {
  install
  promtool check rules "$HERE/rules.yml" >/dev/null
  promtool test rules "$HERE/rules.test.yml"
  promtool check config --syntax-only "$HERE/prometheus.yml" >/dev/null
  python3 "$HERE/dashboards.py" check
}

up() {
  local dir=$1
  install
  mkdir -p "$dir/data"
  down "$dir"
  cp "$HERE/prometheus.yml" "$HERE/rules.yml" "$dir/"
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PORT" >"$dir/prometheus.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/prometheus.pid"
  for _ in $(seq 1 100); do
    # ours answering, not another Prometheus already on the port
    running "$pid" || die "Prometheus exited (see $dir/prometheus.log)"
    curl -fs "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Prometheus did not start (see $dir/prometheus.log)"
}

running() { grep -q prometheus "/proc/$1/cmdline" 2>/dev/null; } # alive, and still our Prometheus (not a reused pid)

down() {
  local dir=$1 pid
  [ -s "$dir/prometheus.pid" ] || return 0
  pid=$(cat "$dir/prometheus.pid")
  if running "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/prometheus.pid"
}

case "${1:-}" in
  up) [ $# -ge 2 ] || die "usage: observe.sh up <state dir>"; up "$2" ;;
  down) [ $# -ge 2 ] || die "usage: observe.sh down <state dir>"; down "$2" ;;
  check) check ;;
  install) install ;;
  *) die "usage: observe.sh up|down|check|install ..." ;;
esac
