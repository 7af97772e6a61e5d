#!/usr/bin/env bash
# Debian packages the tests need: Chromium (headless, for report and dashboard tests, driven by playwright-core)
# and CJK fonts (so Chinese text renders in screenshots), and clickhouse-server (Debian 12: 18.16) for the 3-shard
# loopback cluster the ClickHouse tests start (scripts/clickhouse-cluster.sh; the package's own service is not used).
# Installs only what is missing; quiet when all is there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing ${need[*]}; run as root: apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "install-system-deps: installing ${need[*]} from Debian…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
