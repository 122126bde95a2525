#!/usr/bin/env bash
# Shared by the benchmarks that drive the servers with a load tool that is not one of them (wrk, a C closed-loop
# client; pgbench) and charge the server CPU read from /proc to each operation. Source it after setting:
#   OUT        the results directory
#   PROC_PIDS  "name:pid ..." of the server processes to measure (every postgres process is added as "postgresql")
#   DURATION   seconds per measured run;  CONNECTIONS  wrk's connections;  WARMUP  seconds of unmeasured load first (2)
#   JIT_QUIET  (optional) 1: a wrk run is measured only once the JIT of the JVMs in PROC_PIDS is quiet (see warm_up)
# then call idle_baseline once and, per operation, one of
#   wrk_run <name> <url> [header]            GET with wrk
#   wrk_script <name> <url> <lua> [args...]  wrk with a Lua script (bodies, per-request headers); args reach init()
#   pgbench_run <name> <sql file> <clients>  pgbench against PostgreSQL (the engine baseline)
#   pgbench_at <name> <sql file> <tps>       the same, one client at a fixed rate (with copy_tables: the service's
#                                            own statements on an empty copy of its tables)
#   openloop_run <name> <rate> <host:port> <warm-up requests> <requests>
#                                            bench/openloop (C, open loop) at a fixed rate: latency that describes the
#                                            service, run below the capacity wrk measured (requests: bench/openloop/requests.py)
#   openloop_at <run> <kind> <csv> <host:port> <rate> [bearer]   openloop_run at <rate>/s, fresh requests written for it
#                                            (openloop_requests: the same requests for a caller that runs them itself)
#   openloop_at_half <name> <kind> <csv> <host:port> [bearer]   openloop_at half the throughput of wrk's <name>
# Each prints one row of a Markdown table
# | operation | throughput | p50 / p99 | server CPU per operation | of which (µs) | JIT, not counted | load tool's own CPU | errors |
# and writes $OUT/<name>.cpu ("<µs per operation> <operations per second>") for ratios (cpu_of / rate_of <name>).
# After the load stops, the measurement goes on until the servers are quiet again (at most SETTLE_MAX seconds, 8: on
# these shared cores "quiet" is noisy; the pipeline drains in a second or two below saturation), so the work a request
# leaves behind (the outbox relay, the projections, analytics) is charged to it; the idle baseline is subtracted for
# the whole measured time.
# Also: ensure_wrk (installs wrk from the OS packages if missing), ensure_openloop (compiles bench/openloop with the
# system's C compiler, installing gcc if missing; sets OPENLOOP) and ensure_stack <health url> (starts the local stack
# unless that service is ready; stops it on exit unless KEEP_STACK=1), start_trivial <port> (bench/trivial's GET /ping
# and GET /redis). Needs ROOT, OUT and a log function.
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

ensure_openloop() {
  OPENLOOP=$ROOT/bench/openloop/target/openloop
  [ "$OPENLOOP" -nt "$ROOT/bench/openloop/openloop.c" ] && return
  if ! command -v cc >/dev/null; then
    log "installing gcc (Debian package) for bench/openloop"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y -qq gcc libc6-dev >/dev/null 2>&1 ||
      { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq gcc libc6-dev >/dev/null; }
  fi
  mkdir -p "$ROOT/bench/openloop/target"
  cc -O2 -Wall -o "$OPENLOOP" "$ROOT/bench/openloop/openloop.c" -lm
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

# A snapshot of the servers' CPU (see bench/cpu_delta.py): "name ticks" per process of PROC_PIDS, "jit:name:tid ticks"
# per JIT compiler thread of theirs (counted apart: a warm service on these cores still compiles for minutes, see
# warm_up, and that one-off cost is not a write's), "postgresql ticks" for all its processes and "wall ticks".
# Fields are read after the ")" that ends the name (stat_ticks): a thread's name may hold spaces ("C2 CompilerThre").
stat_ticks() { # /proc/.../stat -> its utime + stime, in ticks
  sed 's/.*) //' "$1" 2>/dev/null | awk '{ print $12 + $13 }' || true
}

cpu_ticks() {
  local np pid task comm
  for np in $PROC_PIDS; do
    pid=${np#*:}
    for task in /proc/"$pid"/task/*; do
      read -r comm <"$task/comm" 2>/dev/null || continue
      case "$comm" in
        "C1 CompilerThre"* | "C2 CompilerThre"*)
          echo "jit:${np%%:*}:${task##*/} $(stat_ticks "$task/stat")" ;;
      esac
    done
    echo "${np%%:*} $(stat_ticks "/proc/$pid/stat")"
  done
  # a backend that exits (pgbench's, at its end) leaves its CPU in the postmaster's children times: count them too
  # (the postmaster is the postgres process whose parent is not postgres)
  # "pgdb:<database> ticks" splits the same CPU by the database a backend serves ("pgdb:-" for the background
  # processes and the exited backends); cpu_delta.py keeps these lines out of every total
  local pg=0 t p pgs db PG_DB
  declare -A pgdb=()
  pgs=$(pgrep -x postgres | tr '\n' ' ' || true)
  for p in $pgs; do
    t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk -v pp="$pgs" '
      { own = $12 + $13; parent = " " $2 " "; if (index(" " pp, parent) == 0) own += $14 + $15; print own }' || echo 0)
    pg=$((pg + ${t:-0}))
    pg_database_of "$p"
    pgdb[$PG_DB]=$((${pgdb[$PG_DB]:-0} + ${t:-0}))
  done
  echo "postgresql $pg"
  for db in "${!pgdb[@]}"; do echo "pgdb:$db ${pgdb[$db]}"; done
  awk -v hz="$HZ" '{ printf "wall %d\n", $1 * hz }' /proc/uptime
}

# the database a postgres process serves, from its title ("postgres: 15/main: <user> <database> <client> <state>"),
# into PG_DB: "-" for the postmaster, its background processes and anything else (bash only: no fork per process)
pg_database_of() {
  local title='' words
  PG_DB=-
  # (a backend may exit between the listing and this read: no title, no database)
  { IFS= read -r -d '' title <"/proc/$1/cmdline"; } 2>/dev/null || [ -n "$title" ] || return 0
  title=${title#postgres: }
  read -r -a words <<<"$title"
  [ "${#words[@]}" -gt 0 ] && [ "${words[0]: -1}" = ":" ] && words=("${words[@]:1}")
  if [ "${#words[@]}" -ge 3 ] && [[ ${words[2]} == *"("* || ${words[2]} == "[local]" ]]; then PG_DB=${words[1]}; fi
}

total_ticks() { cpu_ticks | awk '$1 != "wall" && $1 !~ /^(jit|pgdb):/ { s += $2 } END { print s }'; }
jit_ticks() { cpu_ticks | awk '$1 ~ /^jit:/ { s += $2 } END { print s + 0 }'; } # the compiler threads' CPU, in ticks

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
    [ "$i" = 6 ] || cp "$OUT/idle.after" "$OUT/idle.before"
  done
  IDLE_TICKS_PER_S=$(window_rate "$OUT/idle.before" "$OUT/idle.after")
  log "idle baseline: $(python3 -c "print(f'{$IDLE_TICKS_PER_S / $HZ:.2f}')") cores"
}

window_rate() { # before after -> server ticks per second between two cpu_ticks snapshots (JIT threads included)
  python3 - "$1" "$2" "$HZ" "$ROOT/bench" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from cpu_delta import deltas
used, jit, wall = deltas(sys.argv[1], sys.argv[2])
print((sum(used.values()) + jit) / (wall / int(sys.argv[3])))
PY
}

settle() { # waits until the servers' CPU over 1 s is within 10 % of a core of the idle baseline (SETTLE_MAX at most)
  local deadline=$((SECONDS + SETTLE_MAX)) prev now t0 t1
  t0=$(date +%s.%N)
  prev=$(total_ticks)
  while [ "$SECONDS" -lt "$deadline" ]; do
    sleep 1
    t1=$(date +%s.%N)
    now=$(total_ticks)
    if python3 -c "import sys; sys.exit(0 if ($now - $prev) / ($t1 - $t0) <= $IDLE_TICKS_PER_S + 0.10 * $HZ else 1)"; then
      return
    fi
    prev=$now
    t0=$t1
  done
  log "the servers were still above the idle baseline ${SETTLE_MAX}s after the load stopped"
}

# Prometheus scrapes around each measured run, when METRICS_URLS ("svc=url ...") is set: $OUT/<name>.<svc>.before/after
scrape() { # name before|after
  local su
  for su in ${METRICS_URLS:-}; do curl -fsS "${su#*=}" >"$OUT/$1.${su%%=*}.$2" 2>/dev/null || true; done
}

# measure <name> <kind: wrk|pgbench|openloop|events> <command...>: runs the load command in the background, samples its
# CPU, settles; writes $OUT/<name>.cpu and $OUT/<name>.parts ("<process> <µs per operation>" per line). A pgbench
# transaction counts as OPS_PER_TX operations (1 unless set: a batch of events); events = bench/EventLoad.java's output.
measure() {
  local name=$1 kind=$2
  shift 2
  scrape "$name" before
  cpu_ticks >"$OUT/$name.before"
  "$@" >"$OUT/$name.$kind" 2>&1 &
  local tool_pid=$!
  sleep 0.2
  local tool_before tool_after
  tool_before=$(stat_ticks "/proc/$tool_pid/stat")
  tool_after=${tool_before:=0}
  while kill -0 "$tool_pid" 2>/dev/null; do
    tool_after=$(stat_ticks "/proc/$tool_pid/stat" || true)
    tool_after=${tool_after:-$tool_before}
    sleep 0.5
  done
  wait "$tool_pid" || true
  settle
  cpu_ticks >"$OUT/$name.after"
  scrape "$name" after
  python3 - "$OUT" "$name" "$kind" "$HZ" "$DURATION" "$tool_before" "$tool_after" "$ROOT/bench" "${OPS_PER_TX:-1}" <<'PY'
import re, sys
out, name, kind, hz, duration, tb, ta, ops_per_tx = sys.argv[1:8] + sys.argv[9:10]
hz, duration, tb, ta, ops_per_tx = int(hz), float(duration), int(tb), int(ta), int(ops_per_tx)
sys.path.insert(0, sys.argv[8])
from cpu_delta import deltas
idle_used, _, idle_wall = deltas(f"{out}/idle.before", f"{out}/idle.after")
used, jit_ticks, wall = deltas(f"{out}/{name}.before", f"{out}/{name}.after")
idle_wall, wall = idle_wall / hz, wall / hz
text = open(f"{out}/{name}.{kind}").read()
done = {"wrk": r"\d+ requests in", "openloop": r"\d+ completed", "events": r"sent \d+ events",
        "pgbench": r"number of transactions actually processed: \d+"}[kind]
if not re.search(done, text):  # the load tool failed: say so in the table, and the run goes on
    print(f"| {name} | failed: see {out}/{name}.{kind} | | | | | | |")
    sys.exit(0)
if kind == "wrk":
    ops = int(re.search(r"(\d+) requests in", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = int(errors.group(1)) if errors else 0
    sock = re.search(r"Socket errors: (.*)", text)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
    latency = f"{lat.get('50', '?')} / {lat.get('99', '?')}"
    extra = f" ({sock.group(1).strip()})" if sock else ""
elif kind == "openloop":
    ops = int(re.search(r"(\d+) completed", text).group(1))
    counts = re.search(r"(\d+) non-2xx, (\d+) errors, (\d+) late", text)
    errors = sum(int(g) for g in counts.groups())
    lat = dict(re.findall(r"(p50|p99|p99\.9) ([0-9.na]+)", text))
    latency = f"{lat.get('p50', '?')}ms / {lat.get('p99', '?')}ms (p99.9 {lat.get('p99.9', '?')}ms)"
    asked = re.search(r"achieved for (\S+) asked", text)
    extra = f" (open loop at {asked.group(1)})" if asked else ""
elif kind == "events":  # bench/EventLoad.java: "sent N events in S s (R/s), F failed"
    sent = re.search(r"sent (\d+) events in .*, (\d+) failed", text)
    ops, errors, latency, extra = int(sent.group(1)), int(sent.group(2)), "(see the lag)", ""
else:  # pgbench; OPS_PER_TX operations per transaction (a batch of events, say)
    ops = int(re.search(r"number of transactions actually processed: (\d+)", text).group(1)) * ops_per_tx
    failed = re.search(r"number of failed transactions: (\d+)", text)
    errors, extra = (int(failed.group(1)) if failed else 0), ""
    avg = re.search(r"latency average = ([0-9.]+) ms", text)
    latency = f"{avg.group(1)}ms avg" if avg else "?"
rate = ops / duration
parts = {}
for n, ticks in used.items():
    idle_per_s = idle_used.get(n, 0) / hz / idle_wall
    parts[n] = max(ticks / hz - idle_per_s * wall, 0.0) / ops * 1e6 if ops else 0.0  # µs per operation
if kind == "pgbench":  # pgbench exercises PostgreSQL alone: the others' drift is not the engine's
    parts = {k: v for k, v in parts.items() if k == "postgresql"}
total = sum(parts.values())
jit = jit_ticks / hz / ops * 1e6 if ops else 0.0
tool_share = (ta - tb) / hz / duration
open(f"{out}/{name}.cpu", "w").write(f"{total:.1f} {rate:.1f}\n")
open(f"{out}/{name}.parts", "w").write("".join(f"{k} {v:.1f}\n" for k, v in parts.items()))
if kind != "pgbench":  # PostgreSQL's part by the database it worked for, idle subtracted: <name>.pgdb
    from cpu_delta import by_database
    idle_db = by_database(f"{out}/idle.before", f"{out}/idle.after")
    dbs = {d: max(t / hz - idle_db.get(d, 0) / hz / idle_wall * wall, 0.0) / ops * 1e6 if ops else 0.0
           for d, t in by_database(f"{out}/{name}.before", f"{out}/{name}.after").items()}
    open(f"{out}/{name}.pgdb", "w").write("".join(f"{d} {v:.1f}\n" for d, v in sorted(dbs.items(), key=lambda kv: -kv[1])))
print(f"| {name} | {rate:,.0f}/s | {latency} | **{total:.0f} µs** | "
      + ", ".join(f"{k} {v:.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v >= 1)
      + f" | {jit:.0f} µs | {tool_share*100:.0f} % of a core | {errors}{extra} |")
PY
}

# Warm-up: the load in rounds of WARMUP seconds (2); with JIT_QUIET=1, until the JIT compiler threads of PROC_PIDS are
# quiet (less than 5 % of a core during a round; at most WARMUP_MAX seconds, 120). A Quarkus service on these cores still compiles
# hot request paths for minutes at a few hundred requests a second (C2 compiles of 0.1-2 s each): measured before
# that, a write's CPU is mostly the compiler's.
warm_up() { # name command...
  local name=$1 deadline=$((SECONDS + ${WARMUP_MAX:-120})) before after
  shift
  while :; do
    before=$(jit_ticks)
    "$@" >/dev/null
    after=$(jit_ticks)
    if [ "${JIT_QUIET:-0}" != 1 ] || python3 -c "import sys; sys.exit(0 if $after - $before < 0.05 * $HZ * ${WARMUP:-2} else 1)"; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name: the JIT was still compiling after ${WARMUP_MAX:-120}s of warm-up ($(python3 -c "print(f'{($after - $before) / $HZ:.1f}')") s of CPU in the last round)"
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
  # shellcheck disable=SC2086 # PGBENCH_ARGS: more pgbench options (a protocol: -M prepared), split on spaces
  pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c "$clients" -j 1 ${PGBENCH_ARGS:-} -T "${WARMUP:-2}" -f "$sql" "$db" >/dev/null 2>&1
  settle
  # shellcheck disable=SC2086
  measure "$name" pgbench pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c "$clients" -j 1 ${PGBENCH_ARGS:-} -T "$DURATION" -f "$sql" "$db"
}

pgbench_at() { # name sqlfile tps [database] -> one client at a fixed rate (a consumer applying batches), pgbench excluded
  local name=$1 sql=$2 tps=$3 db=${4:-bench_pgbench}
  pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c 1 -j 1 -R "$tps" -T "${WARMUP:-2}" -f "$sql" "$db" >/dev/null 2>&1
  settle
  measure "$name" pgbench pgbench -n -h 127.0.0.1 -U "${DB_USER:-shop}" -c 1 -j 1 -R "$tps" -T "$DURATION" -f "$sql" "$db"
}

# copy_tables <database> <from database> <table...>: <database> dropped and created again with empty copies of the
# tables (columns, keys, indexes: pg_dump), so an engine baseline runs the service's own statements on the same schema
copy_tables() {
  local db=$1 from=$2 t args=()
  shift 2
  for t in "$@"; do args+=(-t "$t"); done
  psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  pg_dump -s -O -x -h 127.0.0.1 -U "${DB_USER:-shop}" "${args[@]}" "$from" | psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d "$db" >/dev/null
}

drop_database() { psql -qAtX -h 127.0.0.1 -U "${DB_USER:-shop}" -d postgres -c "drop database if exists $1" >/dev/null; }

openloop_run() { # name rate host:port warm-up-requests requests -> fixed-rate latency (open loop), CPU per operation
  local name=$1 rate=$2 target=$3 warm=$4 requests=$5
  "$OPENLOOP" -r "$rate" -d "${WARMUP:-2}" -c "${OPENLOOP_CONNECTIONS:-32}" -f "$warm" "$target" >/dev/null || true
  settle
  measure "$name" openloop "$OPENLOOP" -r "$rate" -d "$DURATION" -c "${OPENLOOP_CONNECTIONS:-32}" -f "$requests" "$target"
}

# openloop_requests <run> <kind> <csv> <host:port> <rate> <warm-up seconds> <seconds> [bearer]: requests written by
# bench/openloop/requests.py <kind> from <csv> (a path), fresh ones for the warm-up and for the measured run
# ($OUT/<run>-warm.req, $OUT/<run>.req): a write's Idempotency-Key is never sent twice
openloop_requests() {
  local run=$1 kind=$2 csv=$3 target=$4 rate=$5 warm=$6 seconds=$7 bearer=${8:-}
  python3 "$ROOT/bench/openloop/requests.py" "$kind" "$csv" $((rate * warm + 1)) "$target" "$bearer" >"$OUT/$run-warm.req"
  python3 "$ROOT/bench/openloop/requests.py" "$kind" "$csv" $((rate * seconds + 1)) "$target" "$bearer" >"$OUT/$run.req"
}

# openloop_at <run> <kind> <csv> <host:port> <rate> [bearer]: openloop_run as <run> at <rate>/s (WARMUP seconds of
# warm-up, DURATION measured), with its requests from openloop_requests
openloop_at() {
  local run=$1 kind=$2 csv=$3 target=$4 rate=$5 bearer=${6:-}
  openloop_requests "$run" "$kind" "$csv" "$target" "$rate" "${WARMUP:-2}" "$DURATION" "$bearer"
  openloop_run "$run" "$rate" "$target" "$OUT/$run-warm.req" "$OUT/$run.req"
}

# openloop_at_half <name> <kind> <csv> <host:port> [bearer]: <name> again, open loop at half the throughput wrk measured
# for it, as "<name>-at-half" (openloop_at, the requests from $OUT/<csv>)
openloop_at_half() {
  local name=$1 kind=$2 csv=$3 target=$4 bearer=${5:-} rate
  if [ -z "$(rate_of "$name")" ]; then
    printf '| %s-at-half | skipped: no throughput measured for %s |  |  |  |  |  |  |\n' "$name" "$name"
    return
  fi
  rate=$(python3 -c "import sys; print(max(1, int(float(sys.argv[1]) / 2)))" "$(rate_of "$name")")
  openloop_at "$name-at-half" "$kind" "$OUT/$csv" "$target" "$rate" "$bearer"
}

cpu_of() { cut -d' ' -f1 "$OUT/$1.cpu" 2>/dev/null || true; } # µs per operation of a measured run (empty if none)
# pair_row <ours> <engine> <ours µs> <engine µs>: "| ours | engine | µs | µs | engine ÷ ours |" (n/a where one is missing)
pair_row() {
  python3 - "$@" <<'PY'
import sys
ours, engine, o, e = sys.argv[1:5]
num = lambda x: float(x) if x.replace(".", "", 1).isdigit() else None
o, e = num(o), num(e)
show = lambda x: f"{x:,.0f} µs" if x is not None else "n/a"
print(f"| {ours} | {engine} | {show(o)} | {show(e)} | " + (f"**{e / o:.3f}** |" if o and e is not None else "n/a |"))
PY
}
part_of() { awk -v p="$2" '$1 == p { print $2; f = 1 } END { if (!f) print 0 }' "$OUT/$1.parts"; } # run process
pgdb_of() { # run -> "db µs, db µs, ..." (PostgreSQL's CPU per operation by database; "-": background and exited)
  awk '$2 >= 1 { printf "%s%s %.0f", (n++ ? ", " : ""), ($1 == "-" ? "background" : $1), $2 }' "$OUT/$1.pgdb" 2>/dev/null || true
}
rate_of() { cut -d' ' -f2 "$OUT/$1.cpu" 2>/dev/null || true; } # its operations per second (empty if none)

# The trivial Quarkus app of bench/trivial (GET /ping: a constant; GET /redis: one Redis key) on port $1, built if
# needed, stopped on exit with the stack: the floor of a JVM service and of a read from Redis. Sets TRIVIAL_PID.
start_trivial() {
  local port=$1 jar=$ROOT/bench/trivial/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || "$ROOT/mvnw" -B -q -f "$ROOT/bench/trivial/pom.xml" package -DskipTests
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: refusing to measure another process as the trivial endpoint"; exit 1
  fi
  HTTP_PORT=$port nohup java -Xms64m -Xmx256m -XX:+UseSerialGC -jar "$jar" >"$OUT/trivial.log" 2>&1 &
  TRIVIAL_PID=$!
  trap 'kill $TRIVIAL_PID 2>/dev/null || true; stop_stack_if_started' EXIT
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "the trivial app did not answer on port $port (see $OUT/trivial.log)"; exit 1
}
