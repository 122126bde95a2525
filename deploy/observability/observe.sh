#!/usr/bin/env bash
# Observability of the local stack: Prometheus (from the OS packages, installed if missing) scraping every service
# with the platform's rules, a Zipkin server as the trace viewer (the services send it their spans when
# SHOP_TRACING_ZIPKIN_ENDPOINT is set; production sends OTLP to its collector), and the offline checks of the rules
# and of the Grafana dashboards.
#
#   observe.sh up <state dir>    starts Prometheus on 127.0.0.1:${PROMETHEUS_PORT:-9090} and Zipkin on
#                                ${ZIPKIN_PORT:-9411} (deploy/local/stack.sh up --observe)
#   observe.sh down <state dir>  stops them
#   observe.sh check             promtool check + unit tests of rules.yml (rules.test.yml), config check, dashboards
#                                as generated (dashboards.py check); run by the README's test command (e2e)
#   observe.sh install           installs Prometheus and promtool if missing, and the Zipkin server
#   observe.sh zipkin-jar        prints the Zipkin server's jar, fetched from Maven Central first if missing
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT=${PROMETHEUS_PORT:-9090}
ZIPKIN_PORT=${ZIPKIN_PORT:-9411}
ZIPKIN_VERSION=3.6.1
die() { printf '[observe] ERROR: %s\n' "$*" >&2; exit 1; }

install() {
  zipkin_jar >/dev/null
  install_prometheus
}

install_prometheus() {
  command -v promtool >/dev/null && command -v prometheus >/dev/null && return
  "$HERE/../local/packages.sh" prometheus
}

# the Zipkin server (a self-contained jar, ~5 s to start), kept with the project's other fetched tools
zipkin_jar() {
  local dir=$ROOT/.local/tools jar
  jar=$dir/zipkin-server-$ZIPKIN_VERSION-exec.jar
  if [ ! -s "$jar" ]; then
    echo "[observe] fetching the Zipkin server $ZIPKIN_VERSION" >&2
    "$ROOT/mvnw" -q -B dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
      -DoutputDirectory="$dir" >&2 || die "cannot fetch io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec"
  fi
  echo "$jar"
}

check() {
  install_prometheus
  promtool check rules "$HERE/rules.yml" >/dev/null
  promtool test rules "$HERE/rules.test.yml"
  promtool check config --syntax-only "$HERE/prometheus.yml" >/dev/null
  python3 "$HERE/dashboards.py" check
}

up() {
  local dir=$1
  install_prometheus
  mkdir -p "$dir/data"
  down "$dir"
  cp "$HERE/prometheus.yml" "$HERE/rules.yml" "$dir/"
  # its health answering is ours answering: another Prometheus already on the port makes ours exit (no bind)
  start prometheus "$dir" "http://127.0.0.1:$PORT/-/ready" prometheus --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PORT"
}

down() { stop prometheus "$1" prometheus; }

zipkin_up() {
  local dir=$1 jar
  jar=$(zipkin_jar)
  zipkin_down "$dir"
  # in memory: the last 50,000 spans only, gone with the process (Zipkin keeps 500,000 by default, which a 256 MB
  # heap cannot hold: under a benchmark's load it ran out of memory within minutes)
  start zipkin "$dir" "http://127.0.0.1:$ZIPKIN_PORT/health" \
    env QUERY_PORT="$ZIPKIN_PORT" STORAGE_TYPE=mem MEM_MAX_SPANS=50000 java -Xms64m -Xmx256m -jar "$jar"
}

zipkin_down() { stop zipkin "$1" zipkin-server; }

# start NAME DIR HEALTH-URL COMMAND...: runs COMMAND in the background (pid in DIR/NAME.pid, output in DIR/NAME.log)
# and waits up to 30 s for HEALTH-URL. Alive is kill -0: right after the fork its cmdline may not name it yet.
start() {
  local name=$1 dir=$2 url=$3 pid
  shift 3
  nohup "$@" >"$dir/$name.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/$name.pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || die "$name exited (see $dir/$name.log)"
    curl -fs "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$name did not start (see $dir/$name.log)"
}

# stop NAME DIR PATTERN: stops the process DIR/NAME.pid names if its command line still has PATTERN (not a reused pid)
stop() {
  local file=$2/$1.pid pattern=$3 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if ours "$pid" "$pattern"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do ours "$pid" "$pattern" || break; sleep 0.1; done
    if ours "$pid" "$pattern"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

ours() { grep -q "$2" "/proc/$1/cmdline" 2>/dev/null; }

case "${1:-}" in
  up) [ $# -ge 2 ] || die "usage: observe.sh up <state dir>"; up "$2"; zipkin_up "$2" ;;
  down) [ $# -ge 2 ] || die "usage: observe.sh down <state dir>"; down "$2"; zipkin_down "$2" ;;
  check) check ;;
  install) install ;;
  zipkin-jar) zipkin_jar ;;
  *) die "usage: observe.sh up|down|check|install|zipkin-jar ..." ;;
esac
