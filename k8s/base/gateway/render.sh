#!/usr/bin/env bash
# Renders k8s/base/gateway/routes.yaml (the HTTPRoutes of the Gateway "shop") from the routing table, as
# deploy/gateway/gateway.py renders the local gateway: the same rows, CORS, rate and body limits (the local stack's
# defaults), the storefronts' origins.
#   k8s/base/gateway/render.sh [out file]      (default: k8s/base/gateway/routes.yaml)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python3 "$HERE/../../../deploy/gateway/gateway.py" gateway-api --rate 200 --max-body 64k \
  --origin https://shop.example --origin https://pos.shop.example > "${1:-$HERE/routes.yaml}"
