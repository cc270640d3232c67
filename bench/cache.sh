#!/usr/bin/env bash
# Cache benchmark (Infinispan issue), in one run on this machine: GET /api/v1/trees/{id} on 500 hot
# ids with the second-level cache (and its hit ratio) against the trivial endpoints, the same with the
# cache off, cached GET /api/v1/analytics/statistics, and the RSS of one instance after the load.
# Appends the results to docs/benchmarks.md. Needs: JDK 17, Maven, wrk, curl.
set -euo pipefail

warmup="${BENCH_WARMUP:-60s}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port="${BENCH_PORT:-18081}"

metric() {
  curl -fs "$url/metrics?scope=application" | awk -v series="$1" 'index($0, series " ") == 1 {print int($2)}'
}

load_and_measure() {
  # 2,000 trees with tag "bench", then the reads.
  wrk -t2 -c16 -d10s -s "$root/bench/create-trees.lua" "$url" > /dev/null
  curl -fs "$url/api/v1/trees?tag=bench&limit=500" | grep -o '"id":"[0-9a-f-]\{36\}","externalId"' | cut -d'"' -f4 > "$work/ids.txt"
  read -r root_rps root_p50 root_p99 < <(measure root -t2 -c32 "$url/api/v1")
  hits0=$(metric 'cache_hits_total{cache="trees",mp_scope="application"}')
  misses0=$(metric 'cache_misses_total{cache="trees",mp_scope="application"}')
  read -r byid_rps byid_p50 byid_p99 < <(IDS_FILE="$work/ids.txt" measure byid -t2 -c32 -s "$root/bench/get-trees.lua" "$url")
  hits=$(( $(metric 'cache_hits_total{cache="trees",mp_scope="application"}') - hits0 ))
  misses=$(( $(metric 'cache_misses_total{cache="trees",mp_scope="application"}') - misses0 ))
}

# 1. Second-level cache on (the default).
start_server "$port"
load_and_measure
on_root=("$root_rps" "$root_p50" "$root_p99"); on_byid=("$byid_rps" "$byid_p50" "$byid_p99")
on_hit_ratio=$(echo "scale=2; 100 * $hits / ($hits + $misses + 0.0001)" | bc)
warmup=20s read -r stats_rps stats_p50 stats_p99 < <(measure stats -t2 -c32 "$url/api/v1/analytics/statistics")
pid=$(pgrep -f "payara-micro.jar.*--port $port" | head -1)
rss_mib=$(( $(ps -o rss= -p "$pid") / 1024 ))
stop_server
work="$(mktemp -d)"
server_pid=""

# 2. Second-level cache off (Hibernate reads every tree from PostgreSQL).
start_server "$port" JAVA_EXTRA_OPTS="-Dhibernate.cache.use_second_level_cache=false"
load_and_measure
off_hits=$hits

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Cache (Infinispan second-level cache): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/cache.sh\` (wrk -t2 -c32 -d$duration per row after a $warmup warm-up; one instance, embedded PostgreSQL, 500 hot ids)."
  echo
  echo "| what | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| GET /api/v1 (trivial, JAX-RS), cache on | ${on_root[0]} | ${on_root[1]} | ${on_root[2]} |"
  echo "| GET /api/v1/trees/{id}, cache on | ${on_byid[0]} | ${on_byid[1]} | ${on_byid[2]} |"
  echo "| GET /api/v1/analytics/statistics, cached | $stats_rps | $stats_p50 | $stats_p99 |"
  echo "| GET /api/v1 (trivial, JAX-RS), cache off | $root_rps | $root_p50 | $root_p99 |"
  echo "| GET /api/v1/trees/{id}, cache off | $byid_rps | $byid_p50 | $byid_p99 |"
  echo
  echo "- by id, cache on: $(echo "scale=1; 100 * ${on_byid[0]} / ${on_root[0]}" | bc) % of the trivial endpoint's req/s (target: at least 55 %); trees cache hit ratio during the run: ${on_hit_ratio} %"
  echo "- by id, cache off: $(echo "scale=1; 100 * $byid_rps / $root_rps" | bc) % of the trivial endpoint's req/s (trees cache hits during that run: $off_hits)"
  echo "- RSS of the instance after the cache-on load: ${rss_mib} MiB (target: under 512 MiB)"
} | tee -a "$report"
