#!/usr/bin/env bash
# Shared by the benchmarks that drive the servers with a load tool that is not one of them (wrk, a C closed-loop
# client; pgbench) and charge the server CPU read from /proc to each operation. Source it after setting:
#   OUT        the results directory
#   PROC_PIDS  "name:pid ..." of the server processes to measure (every postgres process is added as "postgresql")
#   DURATION   seconds per measured run;  CONNECTIONS  wrk's connections;  WARMUP  seconds of unmeasured load first (2)
#   JIT_PIDS   (optional) pids of JVMs whose JIT must be quiet before a wrk run is measured (see warm_up)
# then call idle_baseline once and, per operation, one of
#   wrk_run <name> <url> [header]            GET with wrk
#   wrk_script <name> <url> <lua> [args...]  wrk with a Lua script (bodies, per-request headers); args reach init()
#   pgbench_run <name> <sql file> <clients>  pgbench against PostgreSQL (the engine baseline)
# Each prints one row of a Markdown table
# | operation | throughput | p50 / p99 | server CPU per operation | of which (µs) | JIT, not counted | load tool's own CPU | errors |
# and writes $OUT/<name>.cpu ("<µs per operation> <operations per second>") for ratios (cpu_of <name>).
# After the load stops, the measurement goes on until the servers are quiet again (at most SETTLE_MAX seconds, 8: on
# these shared cores "quiet" is noisy; the pipeline drains in a second or two below saturation), so the work a request
# leaves behind (the outbox relay, the projections, analytics) is charged to it; the idle baseline is subtracted for
# the whole measured time.
# Also: ensure_wrk (installs wrk from the OS packages if missing) and ensure_stack <health url> (starts the local stack
# unless that service is ready; stops it on exit unless KEEP_STACK=1). Needs ROOT, OUT and a log function.
HZ=$(getconf CLK_TCK)
SETTLE_MAX=${SETTLE_MAX:-8}

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

# name:pid ... -> "name ticks" lines, plus postgres (all its processes) and the wall clock in ticks. A JVM's JIT
# compiler threads are not counted with it but on a "jit" line for all: a warm service on these cores still compiles
# for minutes (see warm_up), and that one-off cost is not a write's. A compiler thread that ends between two samples
# leaves its CPU in its JVM's (JDK 17 adds and removes them with the queue): counted against us, never for.
cpu_ticks() {
  local jit=0 np pid t task
  for np in $PROC_PIDS; do
    pid=${np#*:}
    t=0
    for task in /proc/"$pid"/task/*; do
      case "$(cat "$task/comm" 2>/dev/null)" in
        "C1 CompilerThre"* | "C2 CompilerThre"*) t=$((t + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0))) ;;
      esac
    done
    jit=$((jit + t))
    awk -v n="${np%%:*}" -v jit="$t" '{ print n, $14 + $15 - jit }' "/proc/$pid/stat"
  done
  echo "jit $jit"
  # a backend that exits (pgbench's, at its end) leaves its CPU in the postmaster's children times: count them too
  local pg=0 t
  for p in $(pgrep -x postgres || true); do
    t=$(awk '{ print $14 + $15 + ($4 == 1 ? $16 + $17 : 0) }' "/proc/$p/stat" 2>/dev/null || echo 0)
    pg=$((pg + t))
  done
  echo "postgresql $pg"
  awk -v hz="$HZ" '{ printf "wall %d\n", $1 * hz }' /proc/uptime
}

total_ticks() { cpu_ticks | awk '$1 != "wall" && $1 != "jit" { s += $2 } END { print s }'; }

idle_baseline() { # the servers doing nothing: their CPU then is not the operations'. Windows of 5 s until two in a
  # row agree within 5 % of a core (at most 6, while the setup's work dies down); the last one is the baseline.
  local i prev=-1 rate
  cpu_ticks >"$OUT/idle.before"
  for i in 1 2 3 4 5 6; do
    sleep 5
    cpu_ticks >"$OUT/idle.after"
    rate=$(window_rate "$OUT/idle.before" "$OUT/idle.after")
    if [ "$prev" != -1 ] && python3 -c "import sys; sys.exit(0 if abs($rate - $prev) <= 0.05 * $HZ else 1)"; then
      break
    fi
    prev=$rate
    cp "$OUT/idle.after" "$OUT/idle.before"
  done
  IDLE_TICKS_PER_S=$(window_rate "$OUT/idle.before" "$OUT/idle.after")
  log "idle baseline: $(python3 -c "print(f'{$IDLE_TICKS_PER_S / $HZ:.2f}')") cores"
}

window_rate() { # before after -> server ticks per second between two cpu_ticks snapshots
  python3 - "$1" "$2" "$HZ" <<'PY'
import sys
t = lambda f: {l.split()[0]: int(l.split()[1]) for l in open(f)}
b, a, hz = t(sys.argv[1]), t(sys.argv[2]), int(sys.argv[3])
print(sum(a[n] - b[n] for n in a if n not in ("wall", "jit")) / ((a["wall"] - b["wall"]) / hz))
PY
}

settle() { # waits until the servers' CPU over 1 s is within 10 % of a core of the idle baseline (SETTLE_MAX at most)
  local deadline=$((SECONDS + SETTLE_MAX)) prev now
  prev=$(total_ticks)
  while [ "$SECONDS" -lt "$deadline" ]; do
    sleep 1
    now=$(total_ticks)
    if python3 -c "import sys; sys.exit(0 if ($now - $prev) <= $IDLE_TICKS_PER_S + 0.10 * $HZ else 1)"; then
      return
    fi
    prev=$now
  done
  log "the servers were still above the idle baseline ${SETTLE_MAX}s after the load stopped"
}

# measure <name> <kind: wrk|pgbench> <command...>: runs the load command in the background, samples its CPU, settles
measure() {
  local name=$1 kind=$2
  shift 2
  local jit_before
  jit_before=$(jit_seconds)
  cpu_ticks >"$OUT/$name.before"
  "$@" >"$OUT/$name.$kind" 2>&1 &
  local tool_pid=$!
  sleep 0.2
  local tool_before tool_after
  tool_before=$(awk '{ print $14 + $15 }' "/proc/$tool_pid/stat" 2>/dev/null || echo 0)
  tool_after=$tool_before
  while kill -0 "$tool_pid" 2>/dev/null; do
    tool_after=$(awk '{ print $14 + $15 }' "/proc/$tool_pid/stat" 2>/dev/null || echo "$tool_after")
    sleep 0.5
  done
  wait "$tool_pid" || true
  settle
  cpu_ticks >"$OUT/$name.after"
  [ -z "${JIT_PIDS:-}" ] || log "$name: the JVMs' JIT compiled for $(python3 -c "print(f'{$(jit_seconds) - $jit_before:.1f}')") s during the measurement"
  python3 - "$OUT" "$name" "$kind" "$HZ" "$DURATION" "$tool_before" "$tool_after" <<'PY'
import re, sys
out, name, kind, hz, duration, tb, ta = sys.argv[1:8]
hz, duration, tb, ta = int(hz), float(duration), int(tb), int(ta)
def ticks(f):
    return {l.split()[0]: int(l.split()[1]) for l in open(f)}
ib, ia = ticks(f"{out}/idle.before"), ticks(f"{out}/idle.after")
b, a = ticks(f"{out}/{name}.before"), ticks(f"{out}/{name}.after")
idle_wall = (ia["wall"] - ib["wall"]) / hz
wall = (a["wall"] - b["wall"]) / hz
text = open(f"{out}/{name}.{kind}").read()
if kind == "wrk":
    ops = int(re.search(r"(\d+) requests in", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = int(errors.group(1)) if errors else 0
    sock = re.search(r"Socket errors: (.*)", text)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
    latency = f"{lat.get('50', '?')} / {lat.get('99', '?')}"
    extra = f" ({sock.group(1).strip()})" if sock else ""
else:  # pgbench
    ops = int(re.search(r"number of transactions actually processed: (\d+)", text).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", text)
    errors, extra = (int(failed.group(1)) if failed else 0), ""
    avg = re.search(r"latency average = ([0-9.]+) ms", text)
    latency = f"{avg.group(1)}ms avg" if avg else "?"
rate = ops / duration
parts = {}
for n in a:
    if n in ("wall", "jit"):
        continue
    idle_per_s = (ia[n] - ib[n]) / hz / idle_wall
    used = (a[n] - b[n]) / hz - idle_per_s * wall
    parts[n] = max(used, 0.0) / ops * 1e6 if ops else 0.0  # µs per operation
total = sum(parts.values())
jit = max(a["jit"] - b["jit"], 0) / hz / ops * 1e6 if ops else 0.0
tool_share = (ta - tb) / hz / duration
open(f"{out}/{name}.cpu", "w").write(f"{total:.1f} {rate:.1f}\n")
print(f"| {name} | {rate:,.0f}/s | {latency} | **{total:.0f} µs** | "
      + ", ".join(f"{k} {v:.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v >= 1)
      + f" | {jit:.0f} µs | {tool_share*100:.0f} % of a core | {errors}{extra} |")
PY
}

jit_seconds() { # total JIT compile time (s) of the JVMs in JIT_PIDS
  local p t=0
  for p in ${JIT_PIDS:-}; do
    t=$(python3 -c "print($t + $(jstat -compiler "$p" | awk 'NR == 2 { print $4 }'))")
  done
  echo "$t"
}

# Warm-up: the load in rounds of WARMUP seconds (2) until the JIT of the JVMs in JIT_PIDS is quiet (compiling less than
# 5 % of a core during a round; at most WARMUP_MAX seconds, 120). A Quarkus service on these cores still compiles
# hot request paths for minutes at a few hundred requests a second (C2 compiles of 0.1-2 s each): measured before
# that, a write's CPU is mostly the compiler's.
warm_up() { # name command...
  local name=$1 deadline=$((SECONDS + ${WARMUP_MAX:-120})) before after
  shift
  while :; do
    before=$(jit_seconds)
    "$@" >/dev/null
    after=$(jit_seconds)
    if [ -z "${JIT_PIDS:-}" ] || python3 -c "import sys; sys.exit(0 if $after - $before < 0.05 * ${WARMUP:-2} else 1)"; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name: the JIT was still compiling after ${WARMUP_MAX:-120}s of warm-up ($(python3 -c "print(f'{$after - $before:.1f}')") s in the last round)"
      break
    fi
  done
}

wrk_script() { # name url lua [args for init()...]
  local name=$1 url=$2 lua=$3
  shift 3
  warm_up "$name" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP:-2}s" -s "$lua" "$url" -- "$name-warmup" "$@"
  settle
  measure "$name" wrk wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "$url" -- "$name" "$@"
}

wrk_run() { # name url [header] -> GET
  local name=$1 url=$2 header=${3:-}
  cat >"$OUT/$name.lua" <<LUA
wrk.headers["Accept"] = "application/json"
$( [ -n "$header" ] && printf 'wrk.headers["%s"] = "%s"\n' "${header%%: *}" "${header#*: }")
LUA
  wrk_script "$name" "$url" "$OUT/$name.lua"
}

pgbench_run() { # name sqlfile clients [database] -> the engine doing the same decision, pgbench excluded
  local name=$1 sql=$2 clients=$3 db=${4:-bench_pgbench}
  pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c "$clients" -j 1 -T "${WARMUP:-2}" -f "$sql" "$db" >/dev/null 2>&1
  settle
  measure "$name" pgbench pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c "$clients" -j 1 -T "$DURATION" -f "$sql" "$db"
}

cpu_of() { cut -d' ' -f1 "$OUT/$1.cpu"; } # µs per operation of a measured run
rate_of() { cut -d' ' -f2 "$OUT/$1.cpu"; }
