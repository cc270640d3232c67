#!/usr/bin/env bash
# What cached trees cost in heap (issue 4): one instance whose trees cache holds up to 100,000
# entries (heap raised for the measurement only), 100,000 trees written into the database, then every
# one of them read through GET /api/v1/trees pages (each loaded tree goes into the second-level
# cache). The live heap after a full GC, before and after, divided by the cached entries.
# Appends the result to docs/benchmarks.md.
# Needs: JDK 17 (jcmd), Maven, curl, psql (postgresql-client).
set -euo pipefail

trees="${BENCH_TREES:-100000}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server "$port" TREENETRA_DB_PORT="$db_port" TREENETRA_CACHE_TREES_MAX_ENTRIES="$trees" \
  JAVA_EXTRA_OPTS="-Xmx512m"
pid=$(pgrep -f "payara-micro.jar.*--port $port" | head -1)

psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra <<SQL
WITH sp AS (SELECT array_agg(id ORDER BY scientific_name) AS ids FROM species)
INSERT INTO tree (id, external_id, species_id, lat, lng, address, status, health_status, dbh_cm, height_m, tags, notes,
                  planted_date, created_at, updated_at)
SELECT gen_random_uuid(), 'bench:' || i, sp.ids[1 + i % array_length(sp.ids, 1)],
       40.5 + random() * 0.4, -74.2 + random() * 0.45, (1 + i % 997) || ' BROADWAY', 'alive', 'healthy',
       round((2.5 + random() * 100)::numeric, 1), round((2 + random() * 20)::numeric, 1), '{street}',
       CASE WHEN i % 5 = 0 THEN 'pruned in spring' END, DATE '2000-01-01' + i % 7000, now(), now()
FROM sp, generate_series(1, $trees) AS i;
VACUUM ANALYZE tree;
SQL

metric() { curl -fs "$url/metrics" | awk -v name="$1" '$1 == name {print $2}'; }
live_mib() {
  jcmd "$pid" GC.run > /dev/null
  jstat -gc "$pid" | awk 'NR == 2 {printf "%.1f\n", ($3 + $4 + $6 + $8) / 1024}'
}

# Warm the code paths on a few pages first, so that the difference is the cache, not compiled code.
curl -fs "$url/api/v1/trees?limit=500" > /dev/null
entries_before=$(metric 'cache_entries{cache="trees",mp_scope="application"}')
before=$(live_mib)
cursor=""
pages=0
while :; do
  page=$(curl -fs "$url/api/v1/trees?limit=500${cursor:+&cursor=$cursor}")
  pages=$((pages + 1))
  cursor=$(echo "$page" | grep -o '"nextCursor":"[^"]*"' | cut -d'"' -f4 || true)
  [ -n "$cursor" ] || break
done
entries_after=$(metric 'cache_entries{cache="trees",mp_scope="application"}')
after=$(live_mib)
cached=$(echo "${entries_after%.*} - ${entries_before%.*}" | bc)
per_entry=$(echo "scale=0; ($after - $before) * 1048576 / $cached" | bc)
rss_mib=$(( $(ps -o rss= -p "$pid") / 1024 ))

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Cache memory (cached trees in heap): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/cache-memory.sh\` (TREENETRA_CACHE_TREES_MAX_ENTRIES=$trees and -Xmx512m for this measurement only; $pages pages of GET /api/v1/trees?limit=500)."
  echo
  echo "- trees cache entries: ${entries_before%.*} before, ${entries_after%.*} after"
  echo "- live heap after a full GC: ${before} MiB before, ${after} MiB after: $(echo "$after - $before" | bc) MiB for $cached cached trees, about $per_entry bytes a tree"
  echo "- RSS after: ${rss_mib} MiB"
} | tee -a "$report"
