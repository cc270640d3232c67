#!/usr/bin/env bash
# Eco-benefits benchmark (issue 23): 1,000,000 generated trees in New York (clustered like a city,
# NYC's species mix of the seeded catalogue, DBH 2.5-102.5 cm), then, uncached
# (TREENETRA_CACHE_ANALYTICS_ENABLED=false) after a warm-up: GET /api/v1/analytics/benefits for the
# whole inventory, one species and a bbox; GET /trees/{id}/benefits against GET /trees/{id} on the
# same random ids in the same run; and how fast the region sweep catches up with 100,000 trees whose
# location was written by SQL. Appends the results and the EXPLAIN (ANALYZE, BUFFERS) of the queries
# to docs/benchmarks.md. The import with and without benefits: bench/import.sh on this commit and on
# the one before (see docs/benchmarks.md).
# Needs: JDK 17, Maven, wrk, curl, psql (postgresql-client).
set -euo pipefail

trees="${BENCH_TREES:-1000000}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server "$port" TREENETRA_DB_PORT="$db_port" TREENETRA_CACHE_ANALYTICS_ENABLED=false
sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }

load_start=$(date +%s)
# The points lie in the Northeast polygon (the check below asks the API for a sample); the region is
# written with them, as the application's writers do.
sql <<SQL
WITH sp AS (SELECT array_agg(id ORDER BY scientific_name) AS ids FROM species)
INSERT INTO tree (id, species_id, lat, lng, status, health_status, dbh_cm, tags, created_at, updated_at,
                  itree_region, itree_region_lat, itree_region_lng)
SELECT gen_random_uuid(), sp.ids[1 + (i::bigint * 7919) % array_length(sp.ids, 1)], p.lat, p.lng,
       s.status, CASE s.status WHEN 'alive' THEN 'healthy' WHEN 'dead' THEN 'dead' END,
       CASE WHEN s.status IN ('stump', 'planned') THEN NULL ELSE round((2.5 + random() * 100)::numeric, 1) END,
       '{}', now(), now(), 'NoEastXXX', p.lat, p.lng
FROM sp, generate_series(1, $trees) AS i,
     LATERAL (SELECT 40.58 + (i % 200) / 700.0 + random() / 300 AS lat,
                     -74.02 + (i % 173) / 700.0 + random() / 300 AS lng) p,
     LATERAL (SELECT CASE WHEN i % 100 < 95 THEN 'alive' WHEN i % 100 < 97 THEN 'dead' WHEN i % 100 < 99 THEN 'stump' ELSE 'planned' END AS status) s;
VACUUM ANALYZE tree;
SELECT fold_tree_counts(); SELECT fold_tree_benefit_counts();
SQL
load_s=$(( $(date +%s) - load_start ))
count=$(sql -At -c "SELECT count(*) FROM tree")
sql -At -c "SELECT id FROM tree ORDER BY random() LIMIT 10000" > "$work/ids.txt"

# The stored region is the one the API finds for the location (100 trees).
wrong=0
while read -r id; do
  region=$(curl -fs "$url/api/v1/trees/$id/benefits" | python3 -c 'import json, sys; print(json.load(sys.stdin)["region"])')
  [ "$region" = NoEastXXX ] || wrong=$((wrong + 1))
done < <(head -100 "$work/ids.txt")

whole="/api/v1/analytics/benefits"
species="/api/v1/analytics/benefits?species=Platanus%20x%20acerifolia"
bbox="/api/v1/analytics/benefits?bbox=-73.95,40.70,-73.90,40.75"
in_bbox=$(sql -At -c "SELECT count(*) FROM tree WHERE point(lng, lat) <@ box(point(-73.95, 40.70), point(-73.90, 40.75))")
in_species=$(sql -At -c "SELECT count(*) FROM tree WHERE species_id = (SELECT id FROM species WHERE scientific_name = 'Platanus x acerifolia')")
read -r w_rps w_p50 w_p99 < <(measure whole -t1 -c1 "$url$whole")
read -r s_rps s_p50 s_p99 < <(measure species -t1 -c1 "$url$species")
read -r b_rps b_p50 b_p99 < <(measure bbox -t1 -c1 "$url$bbox")
read -r g_rps g_p50 g_p99 < <(IDS_FILE="$work/ids.txt" measure byid -t2 -c16 -s "$root/bench/get-trees.lua" "$url")
read -r t_rps t_p50 t_p99 < <(IDS_FILE="$work/ids.txt" measure benefits -t2 -c16 -s "$root/bench/get-benefits.lua" "$url")
ratio=$(python3 -c "print(f'{$t_rps / $g_rps:.2f}')")
answer=$(curl -fs "$url$whole")
answered=$(echo "$answer" | python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["trees"], j["treesComputed"], j["totalUsdPerYear"])')

# The sweep: 100,000 locations written past the application.
sql -c "UPDATE tree SET itree_region_lat = NULL WHERE id IN (SELECT id FROM tree ORDER BY id LIMIT 100000)"
sweep_start=$(date +%s.%N)
until [ "$(sql -At -c "SELECT count(*) FROM tree WHERE deleted_at IS NULL AND (itree_region_lat IS DISTINCT FROM lat OR itree_region_lng IS DISTINCT FROM lng)")" = 0 ]; do
  sleep 0.5
done
sweep_s=$(python3 -c "print(f'{$(date +%s.%N) - $sweep_start:.1f}')")

explain=$(sql -At <<'SQL'
\echo '-- whole inventory: the kept counts by status, region, code and DBH segment'
EXPLAIN (ANALYZE, BUFFERS)
SELECT g.status = 'alive', g.species_id IS NOT NULL, coalesce(g.itree_region, NULL::text),
       s.itree_codes ->> coalesce(g.itree_region, NULL::text), g.dbh_segment, sum(g.trees), sum(g.dbh_sum)
  FROM (SELECT species_id, status, itree_region, dbh_segment, trees, dbh_sum FROM tree_benefit_count
        UNION ALL SELECT species_id, status, itree_region, dbh_segment, trees, dbh_sum FROM tree_benefit_count_delta) g
  LEFT JOIN species s ON s.id = g.species_id GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.trees) <> 0;
\echo '-- a bbox: the same groups from its trees'
EXPLAIN (ANALYZE, BUFFERS)
SELECT g.status = 'alive', g.species_id IS NOT NULL, coalesce(g.itree_region, NULL::text),
       s.itree_codes ->> coalesce(g.itree_region, NULL::text), g.dbh_segment, sum(g.trees), sum(g.dbh_sum)
  FROM (SELECT t.species_id, t.status, t.itree_region, itree_dbh_segment(t.dbh_cm) AS dbh_segment, 1 AS trees,
               coalesce(t.dbh_cm::numeric, 0) AS dbh_sum FROM tree t
         WHERE t.deleted_at IS NULL AND point(t.lng, t.lat) <@ box(point(-73.95, 40.70), point(-73.90, 40.75))) g
  LEFT JOIN species s ON s.id = g.species_id GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.trees) <> 0;
SQL
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Eco-benefits: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/benefits.sh\` (wrk for $duration after a $warmup warm-up; TREENETRA_CACHE_ANALYTICS_ENABLED=false)."
  echo "Data: $count trees, generated in ${load_s} s; $wrong of 100 sampled trees had a stored region other than the API's."
  echo "Whole inventory answered: trees, computed, total \$/year = $answered."
  echo
  echo "| what | connections | req/s | p50 | p99 | target |"
  echo "|---|---|---|---|---|---|"
  echo "| GET /analytics/benefits, whole inventory | 1 | $w_rps | $w_p50 | $w_p99 | p99 under 50 ms |"
  echo "| GET /analytics/benefits, one species ($in_species trees) | 1 | $s_rps | $s_p50 | $s_p99 | p99 under 200 ms |"
  echo "| GET /analytics/benefits, a bbox ($in_bbox trees) | 1 | $b_rps | $b_p50 | $b_p99 | p99 under 200 ms |"
  echo "| GET /trees/{id} (random ids) | 16 | $g_rps | $g_p50 | $g_p99 | |"
  echo "| GET /trees/{id}/benefits (the same ids) | 16 | $t_rps | $t_p50 | $t_p99 | the speed of GET by id: ratio $ratio |"
  echo
  echo "Region sweep: 100,000 trees whose location no longer matched their region's found again in ${sweep_s} s."
  echo
  echo '```'
  echo "$explain"
  echo '```'
} | tee -a "$report"
