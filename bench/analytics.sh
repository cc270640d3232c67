#!/usr/bin/env bash
# Health-monitoring benchmark (issue 7): 1,000,000 generated trees (clustered like a city) with
# 3,000,000 inspections, then GET /api/v1/analytics/statistics for the whole inventory and filtered,
# and GET /api/v1/analytics/health-trends, uncached (TREENETRA_CACHE_ANALYTICS_ENABLED=false), after a
# warm-up; then the whole inventory's statistics cached. Appends the results and the EXPLAIN
# (ANALYZE, BUFFERS) of the statistics queries to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, psql (postgresql-client).
set -euo pipefail

trees="${BENCH_TREES:-1000000}"
warmup="${BENCH_WARMUP:-30s}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Uncached first: every request computes its answer.
start_server "$port" TREENETRA_DB_PORT="$db_port" TREENETRA_CACHE_ANALYTICS_ENABLED=false

sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }

load_start=$(date +%s)
sql <<SQL
-- Trees in 200 dense clusters with empty ground between them; NYC-like status and health mix.
WITH sp AS (SELECT array_agg(id ORDER BY scientific_name) AS ids FROM species)
INSERT INTO tree (id, species_id, lat, lng, status, health_status, dbh_cm, tags, created_at, updated_at)
SELECT gen_random_uuid(), sp.ids[1 + (i::bigint * 7919) % array_length(sp.ids, 1)],
       40.50 + (i % 200) / 400.0 + random() / 300, -74.20 + (i % 173) / 300.0 + random() / 300,
       s.status,
       CASE s.status WHEN 'alive' THEN (CASE WHEN r < 0.73 THEN 'healthy' WHEN r < 0.94 THEN 'needs_attention' ELSE 'critical' END)
                     WHEN 'dead' THEN 'dead' END,
       CASE WHEN s.status IN ('stump', 'planned') THEN NULL ELSE round((2.5 + random() * 100)::numeric, 1) END,
       '{}', now() - random() * interval '3 years', now()
FROM sp, generate_series(1, $trees) AS i,
     LATERAL (SELECT random() AS r) rr,
     LATERAL (SELECT CASE WHEN i % 100 < 95 THEN 'alive' WHEN i % 100 < 97 THEN 'dead' WHEN i % 100 < 99 THEN 'stump' ELSE 'planned' END AS status) s;
-- Three inspections a tree over the last three years.
INSERT INTO inspection (id, tree_id, inspected_at, health_status, crown_dieback, created_at)
SELECT gen_random_uuid(), t.id, now() - (k * 365 + random() * 360) * interval '1 day',
       (ARRAY['healthy', 'needs_attention', 'critical', 'dead'])[1 + floor(random() ^ 3 * 4)::int], (random() * 100)::int, now()
FROM tree t, generate_series(0, 2) AS k;
UPDATE tree t SET last_inspected_at = m.latest
FROM (SELECT tree_id, max(inspected_at) AS latest FROM inspection GROUP BY tree_id) m WHERE m.tree_id = t.id;
VACUUM ANALYZE tree;
VACUUM ANALYZE inspection;
SQL
load_s=$(( $(date +%s) - load_start ))
counts=$(sql -At -c "SELECT (SELECT count(*) FROM tree) || ' trees, ' || (SELECT count(*) FROM inspection) || ' inspections'")

whole="/api/v1/analytics/statistics"
filtered="/api/v1/analytics/statistics?species=Platanus%20x%20acerifolia&status=alive"
trends="/api/v1/analytics/health-trends?period=365d&interval=month"
read -r w1_rps w1_p50 w1_p99 < <(measure whole1 -t1 -c1 "$url$whole")
read -r w4_rps w4_p50 w4_p99 < <(measure whole4 -t1 -c4 "$url$whole")
read -r f_rps f_p50 f_p99 < <(measure filtered -t1 -c1 "$url$filtered")
read -r t_rps t_p50 t_p99 < <(measure trends -t1 -c1 "$url$trends")
folded=$(sql -At -c "SELECT count(*) FROM tree_count") deltas=$(sql -At -c "SELECT count(*) FROM tree_count_delta")

# Then with the analytics cache (the default), on the same data.
kill_server
start_server "$port" TREENETRA_DB_PORT="$db_port"
read -r c1_rps c1_p50 c1_p99 < <(measure cached1 -t1 -c1 "$url$whole")
read -r c4_rps c4_p50 c4_p99 < <(measure cached4 -t2 -c4 "$url$whole")

# The statistics queries as StatisticsService builds them: the whole inventory from the kept counts,
# and a filtered set (one species, alive) from the trees.
explain=$(sql -At <<'SQL'
\echo '-- whole inventory: the counts by species, status, health and DBH class'
EXPLAIN (ANALYZE, BUFFERS)
SELECT status, health_status, dbh_class, species_id, sum(trees) FROM
  (SELECT species_id, status, health_status, dbh_class, trees FROM tree_count
   UNION ALL SELECT species_id, status, health_status, dbh_class, trees FROM tree_count_delta) g
GROUP BY 1, 2, 3, 4 HAVING sum(trees) <> 0;
\echo '-- whole inventory: inspected in the last 12 months'
EXPLAIN (ANALYZE, BUFFERS)
WITH b AS (SELECT now() - interval '12 months' AS since, ((now() - interval '12 months') AT TIME ZONE 'UTC')::date AS day)
SELECT coalesce((SELECT sum(trees) FROM (SELECT day, trees FROM tree_inspected_count
  UNION ALL SELECT day, trees FROM tree_inspected_count_delta) d, b WHERE d.day > b.day), 0)
  + (SELECT count(*) FROM tree t, b WHERE t.deleted_at IS NULL AND t.last_inspected_at >= b.since
     AND t.last_inspected_at < (b.day + 1) AT TIME ZONE 'UTC');
\echo '-- one species, alive: every count in one pass over its trees'
EXPLAIN (ANALYZE, BUFFERS)
SELECT count(*), count(*) FILTER (WHERE t.health_status = 'healthy'), count(*) FILTER (WHERE t.dbh_cm >= 90)
FROM tree t WHERE t.deleted_at IS NULL AND t.status = ANY ('{alive}')
  AND t.species_id = (SELECT id FROM species WHERE scientific_name = 'Platanus x acerifolia');
SQL
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Health monitoring (statistics, trends): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/analytics.sh\` (wrk for $duration after a $warmup warm-up; uncached rows with TREENETRA_CACHE_ANALYTICS_ENABLED=false)."
  echo "Data: $counts, generated in ${load_s} s."
  echo
  echo "| what | connections | req/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
  echo "| statistics, whole inventory, uncached | 1 | $w1_rps | $w1_p50 | $w1_p99 |"
  echo "| statistics, whole inventory, uncached | 4 | $w4_rps | $w4_p50 | $w4_p99 |"
  echo "| statistics, one species, alive, uncached | 1 | $f_rps | $f_p50 | $f_p99 |"
  echo "| health trends, 365d by month, uncached | 1 | $t_rps | $t_p50 | $t_p99 |"
  echo "| statistics, whole inventory, cached | 1 | $c1_rps | $c1_p50 | $c1_p99 |"
  echo "| statistics, whole inventory, cached | 4 | $c4_rps | $c4_p50 | $c4_p99 |"
  echo
  echo "Target: statistics for the whole inventory p99 under 200 ms uncached and under 5 ms cached. Kept counts: $folded folded rows, $deltas deltas not folded yet."
  echo
  echo '```'
  echo "$explain"
  echo '```'
} | tee -a "$report"
