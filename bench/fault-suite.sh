#!/usr/bin/env bash
# The long version of the fault and scale-out suite (e2e FaultSuiteTest): every scenario under a longer, denser
# workload, then the table (scenario, operations, faults, lost, doubled, time to converge) printed and kept in
# bench/results/<stamp>/fault-suite.md. The README's test command runs the short version.
#
#   bench/fault-suite.sh                                    60 s per scenario at 30 commands/s, Kafka away 30 s
#   FAULT_SECONDS=120 FAULT_RATE=40 bench/fault-suite.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
"$ROOT/deploy/local/stack.sh" engines
cd "$ROOT"
./mvnw -B -q install -DskipTests
(cd e2e && ../mvnw -B verify -Dtest=FaultSuiteTest -Dfault.seconds="${FAULT_SECONDS:-60}" \
  -Dfault.rate="${FAULT_RATE:-30}" -Dfault.kafka-outage-seconds="${FAULT_KAFKA_OUTAGE_SECONDS:-30}" \
  >"$OUT/fault-suite.log" 2>&1) || status=$?
cp e2e/target/fault-suite.md "$OUT/" 2>/dev/null || true
cat "$OUT/fault-suite.md" 2>/dev/null || echo "no table: see $OUT/fault-suite.log"
echo "log: $OUT/fault-suite.log"
exit "${status:-0}"
