#!/usr/bin/env bash
# Health-monitoring benchmark (issue 7): 1,000,000 generated trees (clustered like a city) with
# 3,000,000 inspections, then GET /api/v1/analytics/statistics for the whole inventory and filtered,
# and GET /api/v1/analytics/health-trends, uncached, after a warm-up. Appends the results and the
# EXPLAIN (ANALYZE, BUFFERS) of the statistics queries to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, psql (postgresql-client).
set -euo pipefail

trees="${BENCH_TREES:-1000000}"
warmup="${BENCH_WARMUP:-30s}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server "$port" TREENETRA_DB_PORT="$db_port"

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

# The statistics queries as StatisticsService builds them for the whole inventory.
explain=$(sql -At <<'SQL'
EXPLAIN (ANALYZE, BUFFERS)
SELECT count(*),
  count(*) FILTER (WHERE t.status = 'planned'), count(*) FILTER (WHERE t.status = 'alive'),
  count(*) FILTER (WHERE t.status = 'dead'), count(*) FILTER (WHERE t.status = 'stump'),
  count(*) FILTER (WHERE t.status = 'removed'),
  count(*) FILTER (WHERE t.health_status = 'healthy'), count(*) FILTER (WHERE t.health_status = 'needs_attention'),
  count(*) FILTER (WHERE t.health_status = 'critical'), count(*) FILTER (WHERE t.health_status = 'dead'),
  count(*) FILTER (WHERE t.health_status IS NULL),
  count(*) FILTER (WHERE t.dbh_cm >= 0 AND t.dbh_cm < 15), count(*) FILTER (WHERE t.dbh_cm >= 15 AND t.dbh_cm < 30),
  count(*) FILTER (WHERE t.dbh_cm >= 30 AND t.dbh_cm < 60), count(*) FILTER (WHERE t.dbh_cm >= 60 AND t.dbh_cm < 90),
  count(*) FILTER (WHERE t.dbh_cm >= 90), count(*) FILTER (WHERE t.dbh_cm IS NULL),
  count(*) FILTER (WHERE t.last_inspected_at >= now() - interval '12 months')
FROM tree t WHERE t.deleted_at IS NULL;
EXPLAIN (ANALYZE, BUFFERS)
SELECT s.id, s.scientific_name, s.common_name, count(*) AS trees
FROM tree t JOIN species s ON s.id = t.species_id WHERE t.deleted_at IS NULL
GROUP BY s.id ORDER BY trees DESC, s.scientific_name LIMIT 10;
SQL
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Health monitoring (statistics, trends): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/analytics.sh\` (wrk -t1 for $duration after a $warmup warm-up; no cache: the Infinispan issue has not landed)."
  echo "Data: $counts, generated in ${load_s} s."
  echo
  echo "| what | connections | req/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
  echo "| statistics, whole inventory | 1 | $w1_rps | $w1_p50 | $w1_p99 |"
  echo "| statistics, whole inventory | 4 | $w4_rps | $w4_p50 | $w4_p99 |"
  echo "| statistics, one species, alive | 1 | $f_rps | $f_p50 | $f_p99 |"
  echo "| health trends, 365d by month | 1 | $t_rps | $t_p50 | $t_p99 |"
  echo
  echo "Target: statistics for the whole inventory p99 under 200 ms uncached (under 5 ms cached, with issue 4)."
  echo
  echo '```'
  echo "$explain"
  echo '```'
} | tee -a "$report"
