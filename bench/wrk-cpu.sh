#!/usr/bin/env bash
# Shared by the benchmarks that drive a service with wrk (a C closed-loop load tool) and charge the server CPU read
# from /proc to each request. Source it after setting:
#   OUT        the results directory
#   PROC_PIDS  "name:pid ..." of the server processes to measure (every postgres process is added as "postgresql")
#   DURATION   seconds per measured run;  CONNECTIONS  wrk's connections;  WARMUP  seconds of unmeasured load first (2)
# then call idle_baseline once and wrk_run once per request kind (each prints one row of a Markdown table:
# | request | throughput | p50 / p99 | server CPU per request | of which (µs) | wrk's own CPU | non-2xx |).
# Also: ensure_wrk (installs wrk from the OS packages if missing) and ensure_stack <health url> (starts the local stack
# unless that service is ready; stops it on exit unless KEEP_STACK=1). Needs ROOT, OUT and a log function.
HZ=$(getconf CLK_TCK)

ensure_wrk() {
  command -v wrk >/dev/null && return
  log "installing wrk (Debian package)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq wrk >/dev/null; }
}

STACK_STARTED=0
ensure_stack() {
  if ! curl -fs "$1" >/dev/null 2>&1; then
    "$ROOT/deploy/local/stack.sh" up >"$OUT/stack.log" 2>&1 || { tail -20 "$OUT/stack.log"; exit 1; }
    STACK_STARTED=1
  fi
  trap stop_stack_if_started EXIT
}

stop_stack_if_started() {
  if [ "$STACK_STARTED" = 1 ] && [ "${KEEP_STACK:-0}" != 1 ]; then
    "$ROOT/deploy/local/stack.sh" down >/dev/null || true
  fi
}

cpu_ticks() { # name:pid ... -> "name ticks" lines, plus postgres (all its processes)
  for np in $PROC_PIDS; do
    awk -v n="${np%%:*}" '{ print n, $14 + $15 }' "/proc/${np#*:}/stat"
  done
  local pg=0 t
  for p in $(pgrep -x postgres || true); do
    t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    pg=$((pg + t))
  done
  echo "postgresql $pg"
}

idle_baseline() { # 5 s of the servers doing nothing: their CPU then is not the requests'
  cpu_ticks >"$OUT/idle.before"
  sleep 5
  cpu_ticks >"$OUT/idle.after"
}

wrk_run() { # name url header -> one line of the table
  local name=$1 url=$2 header=$3
  cat >"$OUT/$name.lua" <<LUA
wrk.headers["Accept"] = "application/json"
$( [ -n "$header" ] && printf 'wrk.headers["%s"] = "%s"\n' "${header%%: *}" "${header#*: }")
LUA
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP:-2}s" -s "$OUT/$name.lua" "$url" >/dev/null # warm-up (JIT)
  cpu_ticks >"$OUT/$name.before"
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/$name.lua" "$url" >"$OUT/$name.wrk" &
  local wrk_pid=$!
  sleep 0.5
  local wrk_before
  wrk_before=$(awk '{ print $14 + $15 }' "/proc/$wrk_pid/stat" 2>/dev/null || echo 0)
  local wrk_after=$wrk_before
  while kill -0 "$wrk_pid" 2>/dev/null; do
    wrk_after=$(awk '{ print $14 + $15 }' "/proc/$wrk_pid/stat" 2>/dev/null || echo "$wrk_after")
    sleep 0.5
  done
  wait "$wrk_pid"
  cpu_ticks >"$OUT/$name.after"
  python3 - "$OUT" "$name" "$HZ" "$DURATION" "$wrk_before" "$wrk_after" <<'PY'
import re, sys
out, name, hz, duration, wb, wa = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def ticks(f):
    return {l.split()[0]: int(l.split()[1]) for l in open(f)}
ib, ia = ticks(f"{out}/idle.before"), ticks(f"{out}/idle.after")
b, a = ticks(f"{out}/{name}.before"), ticks(f"{out}/{name}.after")
wrk = open(f"{out}/{name}.wrk").read()
reqs = int(re.search(r"(\d+) requests in", wrk).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", wrk, re.M))
rate = reqs / duration
parts = {}
for n in a:
    idle_per_s = (ia[n] - ib[n]) / hz / 5.0
    used = (a[n] - b[n]) / hz - idle_per_s * duration
    parts[n] = max(used, 0.0) / reqs * 1e6 if reqs else 0.0  # µs per request
total = sum(parts.values())
wrk_share = (wa - wb) / hz / duration
print(f"| {name} | {rate:,.0f}/s | {lat.get('50','?')} / {lat.get('99','?')} | **{total:.0f} µs** | "
      + ", ".join(f"{k} {v:.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v >= 1)
      + f" | {wrk_share*100:.0f} % of a core | {non2xx.group(1) if non2xx else 0} |")
PY
}

