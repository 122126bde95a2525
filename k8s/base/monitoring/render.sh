#!/usr/bin/env bash
# Renders k8s/base/monitoring/rules.yaml: deploy/observability/rules.yml (the rules promtool tests) as the
# PrometheusRule the Prometheus operator loads, so both places alert on the same expressions.
#   k8s/base/monitoring/render.sh [out file]      (default: k8s/base/monitoring/rules.yaml)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python3 - "$HERE/../../../deploy/observability/rules.yml" > "${1:-$HERE/rules.yaml}" <<'PY'
import sys
import yaml

yaml.SafeDumper.add_representer(
    str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))
rules = yaml.safe_load(open(sys.argv[1]))
rule = {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": {"name": "shop"},
        "spec": {"groups": rules["groups"]}}
print("# Generated from deploy/observability/rules.yml by k8s/base/monitoring/render.sh: do not edit.")
sys.stdout.write(yaml.safe_dump(rule, sort_keys=False, width=120))
PY
