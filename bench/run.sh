#!/usr/bin/env bash
# Foundation benchmark: starts TreeNetra (embedded PostgreSQL) on a spare port, or targets
# TREENETRA_URL, loads generated trees, and measures with wrk in one run: a trivial endpoint
# (/health, answered by a servlet filter; /api/v1, through JAX-RS like the API), GET /api/v1/trees/{id},
# GET /api/v1/trees?limit=100; plus start-up time to ready and
# the server's RSS after the load. Every request carries an admin token (bench/lib.sh signs in), but
# one row without, to show what verifying the token costs. Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk (apt-get install wrk), curl.
set -euo pipefail

warmup="${BENCH_WARMUP:-90s}"  # JAX-RS paths need about 90 s of load to reach steady state
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -z "${TREENETRA_URL:-}" ]; then
  port="${BENCH_PORT:-18080}"
  start=$(date +%s.%N)
  start_server "$port"
  # From the moment the server's JVM starts (after Maven and the embedded database are up).
  payara_started=$(ps -o lstart= -p "$(pgrep -f "payara-micro.jar.*--port $port" | head -1)")
  ready=$(date +%s.%N)
  startup_s=$(echo "$ready - $(date -d "$payara_started" +%s)" | bc)
  total_s=$(echo "$ready - $start" | bc)
else
  url="$TREENETRA_URL"
  sign_in "$url" "${TREENETRA_ADMIN_PASSWORD:?set TREENETRA_ADMIN_PASSWORD to the admin password of TREENETRA_URL}"
  startup_s="n/a"
  total_s="n/a"
fi

read -r create_rps create_p50 create_p99 < <(measure create -t2 -c16 -s "$root/bench/create-trees.lua" "$url")
trees=$(curl -fs "$url/api/v1/trees?limit=1&count=true" | grep -o '"total":[0-9]*' | cut -d: -f2)
curl -fs "$url/api/v1/trees?tag=bench&limit=500" | grep -o '"id":"[0-9a-f-]\{36\}","externalId"' | cut -d'"' -f4 > "$work/ids.txt"

read -r trivial_rps trivial_p50 trivial_p99 < <(measure trivial -t2 -c32 "$url/health")
read -r root_rps root_p50 root_p99 < <(measure root -t2 -c32 "$url/api/v1")
# The same endpoint without a token: what verifying the token on every request costs.
read -r anon_rps anon_p50 anon_p99 < <(BENCH_ANONYMOUS=1 measure root-anonymous -t2 -c32 "$url/api/v1")
read -r byid_rps byid_p50 byid_p99 < <(IDS_FILE="$work/ids.txt" measure byid -t2 -c32 -s "$root/bench/get-trees.lua" "$url")
read -r list_rps list_p50 list_p99 < <(measure list -t2 -c32 "$url/api/v1/trees?limit=100")

rss_mib="n/a"
pid=$(pgrep -f "payara-micro.jar.*--port ${port:-none}" | head -1 || true)
if [ -n "$pid" ]; then rss_mib=$(( $(ps -o rss= -p "$pid") / 1024 )); fi
ratio=$(echo "scale=1; 100 * $byid_rps / $trivial_rps" | bc)
ratio_jaxrs=$(echo "scale=1; 100 * $byid_rps / $root_rps" | bc)
token_cost=$(echo "scale=1; 100 - 100 * $root_rps / $anon_rps" | bc)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Foundation: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/run.sh\` (wrk -t2 -c32 -d$duration per row after a $warmup warm-up; -c16 for creates)."
  echo
  echo "| what | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| POST /api/v1/trees (load phase) | $create_rps | $create_p50 | $create_p99 |"
  echo "| GET /health (trivial, a servlet filter) | $trivial_rps | $trivial_p50 | $trivial_p99 |"
  echo "| GET /api/v1 (trivial, JAX-RS), with the token | $root_rps | $root_p50 | $root_p99 |"
  echo "| GET /api/v1 (trivial, JAX-RS), without a token | $anon_rps | $anon_p50 | $anon_p99 |"
  echo "| GET /api/v1/trees/{id} | $byid_rps | $byid_p50 | $byid_p99 |"
  echo "| GET /api/v1/trees?limit=100 | $list_rps | $list_p50 | $list_p99 |"
  echo
  echo "- trees in the database during the reads: $trees"
  echo "- every request but the anonymous row carries an admin access token (RS256 JWT), verified by MicroProfile JWT on each; verifying it costs $token_cost % of the trivial endpoint's req/s"
  echo "- GET /api/v1/trees/{id} is $ratio_jaxrs % of the trivial JAX-RS endpoint's req/s and $ratio % of /health's (target: at least 30 %)"
  echo "- server JVM start to /ready 200: ${startup_s} s (target: under 15 s); run command to ready, including Maven and the embedded PostgreSQL: ${total_s} s"
  echo "- server RSS after the load: ${rss_mib} MiB (target: under 512 MiB)"
} | tee -a "$report"
