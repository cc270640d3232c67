#!/usr/bin/env bash
# Invalidation or distribution for the trees in the second-level cache (issue 4), measured on two
# clustered instances on this machine sharing one PostgreSQL: for each mode, GET /api/v1/trees/{id}
# on 500 hot ids on instance B alone, then again while instance A patches those trees (the writes
# reach B as invalidations, or as new values), with B's hit ratio and A's write latency.
# Appends the results to docs/benchmarks.md. Needs: JDK 17, Maven, wrk, curl.
set -euo pipefail

warmup="${BENCH_WARMUP:-30s}"
port_a="${BENCH_PORT:-18080}"
port_b=$((port_a + 1))
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

second_pid=""
stop_second() {
  if [ -n "$second_pid" ]; then kill -TERM -- -"$second_pid" 2>/dev/null || true; wait "$second_pid" 2>/dev/null || true; fi
  second_pid=""
}
trap 'stop_second; stop_server' EXIT

cluster_env() {
  echo TREENETRA_CLUSTER_MODE=tcp TREENETRA_CLUSTER_BIND_ADDRESS=127.0.0.1 TREENETRA_CLUSTER_BIND_PORT="$1" \
    "TREENETRA_CLUSTER_PEERS=127.0.0.1[7800],127.0.0.1[7801]" TREENETRA_CACHE_ENTITY_MODE="$2"
}

metric() {
  curl -fs "$1/metrics?scope=application" | awk -v series="$2" 'index($0, series " ") == 1 {print int($2)}'
}

run_mode() {
  local mode="$1"
  # shellcheck disable=SC2046 # the cluster settings are a word list
  start_server "$port_a" TREENETRA_DB_PORT="$db_port" $(cluster_env 7800 "$mode")
  local url_a="$url" url_b="http://localhost:$port_b"
  set -m
  # shellcheck disable=SC2046
  (cd "$root" && env PORT="$port_b" DB_URL="jdbc:postgresql://localhost:$db_port/treenetra" DB_USER=postgres \
    DB_PASSWORD=embedded $(cluster_env 7801 "$mode") mvn -q -B -ntp -o -Prun -DskipTests package > "$work/b.log" 2>&1) &
  second_pid=$!
  set +m
  until curl -fs "$url_b/ready" > /dev/null; do sleep 0.2; kill -0 "$second_pid" || { tail -50 "$work/b.log"; exit 1; }; done
  members=$(metric "$url_b" 'cluster_members{mp_scope="application"}')

  wrk -t2 -c16 -d10s -s "$root/bench/create-trees.lua" "$url_a" > /dev/null
  curl -fs "$url_a/api/v1/trees?tag=bench&limit=500" | grep -o '"id":"[0-9a-f-]\{36\}","externalId"' | cut -d'"' -f4 > "$work/ids.txt"

  local hits0 misses0
  hits0=$(metric "$url_b" 'cache_hits_total{cache="trees",mp_scope="application"}')
  misses0=$(metric "$url_b" 'cache_misses_total{cache="trees",mp_scope="application"}')
  read -r read_rps _ read_p99 < <(IDS_FILE="$work/ids.txt" measure "read-$mode" -t2 -c16 -s "$root/bench/get-trees.lua" "$url_b")
  read_ratio=$(echo "scale=2; 100 * ($(metric "$url_b" 'cache_hits_total{cache="trees",mp_scope="application"}') - $hits0) / ($(metric "$url_b" 'cache_hits_total{cache="trees",mp_scope="application"}') - $hits0 + $(metric "$url_b" 'cache_misses_total{cache="trees",mp_scope="application"}') - $misses0 + 0.0001)" | bc)

  # Reads on B while A writes (the writes' figures span B's warm-up and measurement).
  hits0=$(metric "$url_b" 'cache_hits_total{cache="trees",mp_scope="application"}')
  misses0=$(metric "$url_b" 'cache_misses_total{cache="trees",mp_scope="application"}')
  IDS_FILE="$work/ids.txt" wrk --latency -t1 -c2 -d"$(( ${warmup%s} + ${duration%s} ))s" -s "$root/bench/patch-trees.lua" "$url_a" > "$work/writes-$mode.txt" &
  writes=$!
  read -r mixed_rps _ mixed_p99 < <(IDS_FILE="$work/ids.txt" measure "mixed-$mode" -t2 -c16 -s "$root/bench/get-trees.lua" "$url_b")
  wait "$writes"
  local hits misses
  hits=$(( $(metric "$url_b" 'cache_hits_total{cache="trees",mp_scope="application"}') - hits0 ))
  misses=$(( $(metric "$url_b" 'cache_misses_total{cache="trees",mp_scope="application"}') - misses0 ))
  mixed_ratio=$(echo "scale=2; 100 * $hits / ($hits + $misses + 0.0001)" | bc)
  write_rps=$(awk '/Requests\/sec/ {print $2}' "$work/writes-$mode.txt")
  write_p50=$(awk '$1 == "50%" {print $2}' "$work/writes-$mode.txt")
  write_p99=$(awk '$1 == "99%" {print $2}' "$work/writes-$mode.txt")
  rows+=("| $mode | $members | $read_rps | $read_p99 | $read_ratio % | $mixed_rps | $mixed_p99 | $mixed_ratio % | $write_rps | $write_p50 | $write_p99 |")

  stop_second
  stop_server
  work="$(mktemp -d)"
  server_pid=""
}

rows=()
run_mode invalidation
run_mode distribution

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Cache modes on two instances (invalidation, distribution): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/cache-modes.sh\` (two instances clustered over TCP on this machine, one PostgreSQL; reads: wrk -t2 -c16 on B over 500 hot ids; writes: wrk -t1 -c2 PATCH on A over the same ids; $duration after a $warmup warm-up; the writes run through both). Both instances share the 2 cores, so the figures compare the modes, not absolute capacity."
  echo
  echo "| mode | members | reads on B alone, req/s | p99 | hit ratio | reads on B while A writes, req/s | p99 | hit ratio | writes on A, req/s | p50 | p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee -a "$report"
