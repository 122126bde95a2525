#!/usr/bin/env bash
# Renders deploy/docker/gateway.conf (the gateway of deploy/compose.yaml) from the routing table, as
# deploy/gateway/gateway.py renders the local one: the services by their compose names, plain HTTP on 8080.
#   deploy/docker/render.sh [out file]      (default: deploy/docker/gateway.conf)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$HERE/gateway.conf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$HERE/../gateway/gateway.py" nginx "$tmp" --state-dir /tmp/gateway --listen 0.0.0.0:8080 \
  --origin http://localhost:3000 --origin http://localhost:5173 --rate 200 --burst 400 \
  --upstream stock-service=stock-service:8080 --upstream cart-service=cart-service:8080 \
  --upstream projection-service=projection-service:8080 --upstream analytics-service=analytics-service:8080
cp "$tmp/nginx.conf" "$out"
