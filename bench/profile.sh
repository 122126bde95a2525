#!/usr/bin/env bash
# CPU profiles of running JVMs with async-profiler (Maven Central's tools.profiler:async-profiler, loaded into the JVM
# with jcmd JVMTI.agent_load, its options quoted so that jcmd does not split them at '=': nothing to restart, nothing
# in the services). Source it, then
#   profile_start <pid>                  starts sampling CPU (every 1 ms of CPU; user-space stacks where the kernel's
#                                        perf_event_paranoid hides kernel ones)
#   profile_stop <pid> <file prefix>     stops and writes <prefix>.collapsed (one line per stack: frames;... count)
#   profile_summaries <dir>              for each .collapsed in dir: where the samples go by library
#                                        (profile_categories.py), then the top frames by self and by total samples
# Needs ROOT and a log function.
ASYNC_PROFILER_VERSION=${ASYNC_PROFILER_VERSION:-4.2}
ASYNC_PROFILER_LIB=$ROOT/bench/.tools/async-profiler-$ASYNC_PROFILER_VERSION/libasyncProfiler.so

ensure_async_profiler() {
  [ -f "$ASYNC_PROFILER_LIB" ] && return
  log "fetching async-profiler $ASYNC_PROFILER_VERSION (Maven Central)"
  local dir
  dir=$(dirname "$ASYNC_PROFILER_LIB")
  mkdir -p "$dir"
  "$ROOT/mvnw" -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar" \
    -DoutputDirectory="$dir" -Dmdep.stripVersion=true
  unzip -q -o -j "$dir/async-profiler.jar" 'linux-x64/libasyncProfiler.so' -d "$dir"
}

profile_start() {
  ensure_async_profiler
  jcmd "$1" JVMTI.agent_load "$ASYNC_PROFILER_LIB" '"start,event=cpu,interval=1ms"' >/dev/null
}

profile_stop() {
  jcmd "$1" JVMTI.agent_load "$ASYNC_PROFILER_LIB" "\"stop,collapsed,file=$2.collapsed\"" >/dev/null
}

profile_summaries() {
  python3 "$ROOT/bench/profile_categories.py" "$1"/*.collapsed
  python3 - "$1" <<'PY'
import collections, glob, os, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.collapsed"))):
    self_, total, n = collections.Counter(), collections.Counter(), 0
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        count = int(count)
        frames = stack.split(";")
        n += count
        self_[frames[-1]] += count
        for f in set(frames):
            total[f] += count
    if not n:
        continue
    print(f"\n### {os.path.basename(path)}: {n} samples\n")
    print("| self | frame | | total | frame |\n|---:|---|---|---:|---|")
    tops = self_.most_common(25)
    # the frames that hold most of the time below them, without the threads' and event loops' roots
    incl = [(f, c) for f, c in total.most_common(200) if c < 0.97 * n][:25]
    for i in range(25):
        s = tops[i] if i < len(tops) else ("", 0)
        t = incl[i] if i < len(incl) else ("", 0)
        print(f"| {s[1] * 100 / n:.1f} % | `{s[0][:110]}` | | {t[1] * 100 / n:.1f} % | `{t[0][:110]}` |")
PY
}
