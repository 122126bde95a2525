#!/usr/bin/env bash
# Runs every test of the repository against real engines: PostgreSQL and Redis (started or installed by
# stack.sh engines) and a Kafka KRaft broker that the tests start inside their JVM (or the one named by
# KAFKA_BOOTSTRAP_SERVERS); the gateway's tests start nginx and the rules' tests run promtool (both installed from the
# OS packages if missing), the manifests' checks kubectl and Node.js (k8s/check.sh install). Also runs
# the native build's analysis step for every service (sources only, no GraalVM needed), so a reflection or build-time
# problem fails the build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if ! command -v java >/dev/null 2>&1; then
  echo "[test] installing a JDK from the OS packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless >/dev/null
fi
"$ROOT/deploy/local/stack.sh" engines
# the gateway's tests (e2e) run nginx, the alert rules' tests promtool, both from the OS packages
"$ROOT/deploy/gateway/gateway.sh" install
"$ROOT/deploy/observability/observe.sh" install
# the Kubernetes manifests' offline checks: kubectl kustomize and the schema packages (Node.js)
"$ROOT/k8s/check.sh" install
cd "$ROOT"
exec ./mvnw -B verify -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true "$@"
