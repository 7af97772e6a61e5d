#!/usr/bin/env bash
# A 3-shard ClickHouse cluster on 127.0.0.1 for tests and benchmarks: three clickhouse-server processes (Debian's
# package, 18.16 on Debian 12, or any newer one), each with its own ports, config and data folder under
# $CLICKHOUSE_CLUSTER_DIR (default .clickhouse/ in the project, ignored by git). Every server knows the cluster
# `clientele` (remote_servers), so a Distributed table created on any of them spreads rows over the three.
#
#   scripts/clickhouse-cluster.sh start    starts what is not running (idempotent), waits until all three answer
#   scripts/clickhouse-cluster.sh stop     stops the servers this script started (by their pid files)
#   scripts/clickhouse-cluster.sh status   prints each server's state; exits 0 only when all three answer
#   scripts/clickhouse-cluster.sh url      prints the cluster's address for clientele cluster --to (or CLIENTELE_CLICKHOUSE)
#
# Ports: HTTP $CLICKHOUSE_CLUSTER_PORT+0..2 (default 18123..18125), native TCP +1000 (19123..19125) for the
# cluster's own traffic, interserver +2000. Data is throw-away: `stop --wipe` removes the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${CLICKHOUSE_CLUSTER_PORT:-18123}"
dir="${CLICKHOUSE_CLUSTER_DIR:-$PWD/.clickhouse}"
server="${CLICKHOUSE_SERVER:-$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)}"
shards=3

http_port() { echo $((base + $1)); }
tcp_port() { echo $((base + 1000 + $1)); }

url() {
  local others=""
  for j in $(seq 1 $((shards - 1))); do others+="${others:+,}127.0.0.1:$(http_port "$j")"; done
  echo "clickhouse://default@127.0.0.1:$(http_port 0)/default?cluster=clientele&shards=$others"
}

answers() { curl -sf --max-time 2 "http://127.0.0.1:$(http_port "$1")/ping" >/dev/null 2>&1; }

write_config() {
  local i=$1 d="$dir/s$1"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/log"
  local replicas=""
  for j in $(seq 0 $((shards - 1))); do
    replicas+="<shard><replica><host>127.0.0.1</host><port>$(tcp_port "$j")</port></replica></shard>"
  done
  cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog><size>50M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$(http_port "$i")</http_port>
  <tcp_port>$(tcp_port "$i")</tcp_port>
  <interserver_http_port>$((base + 2000 + i))</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <remote_servers><clientele>$replicas</clientele></remote_servers>
  <macros><shard>$i</shard></macros>
</yandex>
EOF
  cat >"$d/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>in_order</load_balancing></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

start_one() {
  local i=$1 d="$dir/s$1"
  if answers "$i"; then return 0; fi
  if [ ! -x "$server" ]; then
    echo "clickhouse-cluster: no clickhouse-server at $server; run scripts/install-system-deps.sh as root (apt-get install clickhouse-server)" >&2
    exit 1
  fi
  write_config "$i"
  # --daemon would fork away from its pid file on some versions; a background process we own is simpler.
  nohup "$server" --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$d/pid"
}

wait_all() {
  local waited=0
  for i in $(seq 0 $((shards - 1))); do
    until answers "$i"; do
      if [ -f "$dir/s$i/pid" ] && ! kill -0 "$(cat "$dir/s$i/pid")" 2>/dev/null; then
        echo "clickhouse-cluster: server $i (port $(http_port "$i")) exited; see $dir/s$i/log/" >&2
        tail -5 "$dir/s$i/log/stdout.log" "$dir/s$i/log/error.log" 2>/dev/null >&2 || true
        exit 1
      fi
      waited=$((waited + 1))
      if [ "$waited" -gt 600 ]; then
        echo "clickhouse-cluster: server $i did not answer within 60 s" >&2
        exit 1
      fi
      sleep 0.1
    done
  done
}

case "${1:-}" in
  start)
    # Test files that start the cluster at the same moment take turns: the second finds it up.
    mkdir -p "$dir"
    exec 9>"$dir/start.lock"
    flock 9
    for i in $(seq 0 $((shards - 1))); do start_one "$i"; done
    wait_all
    echo "clickhouse-cluster: 3 shards up; CLIENTELE_CLICKHOUSE='$(url)'" >&2
    ;;
  stop)
    for i in $(seq 0 $((shards - 1))); do
      f="$dir/s$i/pid"
      [ -f "$f" ] || continue
      pid="$(cat "$f")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      fi
      rm -f "$f"
    done
    if [ "${2:-}" = "--wipe" ]; then rm -rf "$dir"; fi
    ;;
  status)
    ok=0
    for i in $(seq 0 $((shards - 1))); do
      if answers "$i"; then echo "shard $i: up (http $(http_port "$i"))"; else echo "shard $i: down (http $(http_port "$i"))"; ok=1; fi
    done
    exit "$ok"
    ;;
  url)
    url
    ;;
  *)
    echo "usage: $0 start|stop [--wipe]|status|url" >&2
    exit 2
    ;;
esac
