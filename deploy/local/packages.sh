#!/usr/bin/env bash
# Installs Debian packages for the project's scripts (stack.sh, the gateway, the observability tools): without the
# recommended extras, and without letting the packages' own scripts start a system-wide service (a script that needs
# a server starts its own, on its own ports). The package lists are refreshed only when an install fails.
#
#   deploy/local/packages.sh <package>...
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: packages.sh <package>..." >&2; exit 2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"
  else echo "[packages] need root for: $*" >&2; exit 1; fi
}
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod +x "$policy"
  trap 'as_root rm -f "$policy"' EXIT
fi
echo "[packages] installing $* from the OS packages"
install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
install "$@" 2>/dev/null || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && install "$@"; }
