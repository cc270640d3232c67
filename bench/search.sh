#!/usr/bin/env bash
# Search benchmark (issue 3): 1,000,000 generated trees spread like a city (dense neighbourhoods of
# different sizes, empty parks, streets and notes to search) plus the 10,189 NYC census trees, then,
# with wrk after a warm-up: map boxes of up to 500 trees, the 20 nearest trees, full-text q; the
# GeoJSON export of the whole inventory (trees/s and the heap it needs); EXPLAIN (ANALYZE, BUFFERS)
# of each query as the service builds it. Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, psql (postgresql-client), jcmd/jstat (the JDK).
set -euo pipefail

trees="${BENCH_TREES:-1000000}"
warmup="${BENCH_WARMUP:-30s}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
connections="${BENCH_CONNECTIONS:-4}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server "$port" TREENETRA_DB_PORT="$db_port"
pid=$(pgrep -f "payara-micro.jar.*--port $port" | head -1)

sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }

load_start=$(date +%s)
sql <<SQL
-- 300 neighbourhoods of 100 to 500 m across (a normal spread around a centre) over the city's extent.
CREATE TEMP TABLE centre AS
  SELECT 40.50 + random() * 0.40 AS lat, -74.20 + random() * 0.45 AS lng, 0.001 + random() * 0.004 AS sigma
  FROM generate_series(1, 300);
CREATE TEMP TABLE street AS SELECT unnest(ARRAY['BROADWAY', 'MAIN STREET', 'OAK STREET', 'PARK AVENUE',
  'RIVER ROAD', 'CHERRY LANE', 'ELM STREET', 'MADISON AVENUE', 'LINDEN BOULEVARD', 'WILLOW PLACE',
  'AVENUE J', 'OCEAN PARKWAY', 'QUEENS BOULEVARD', 'GRAND CONCOURSE', 'FLATBUSH AVENUE']) AS name;
WITH sp AS (SELECT array_agg(id ORDER BY scientific_name) AS ids FROM species),
     c AS (SELECT array_agg(lat) AS lat, array_agg(lng) AS lng, array_agg(sigma) AS sigma, count(*)::int AS n FROM centre),
     st AS (SELECT array_agg(name) AS names FROM street)
INSERT INTO tree (id, species_id, lat, lng, address, notes, status, health_status, dbh_cm, tags, created_at, updated_at)
SELECT gen_random_uuid(), sp.ids[1 + (i::bigint * 7919) % array_length(sp.ids, 1)],
       least(90, greatest(-90, c.lat[k] + c.sigma[k] * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))),
       least(180, greatest(-180, c.lng[k] + c.sigma[k] * 1.3 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))),
       (1 + i % 997) || ' ' || st.names[1 + i % array_length(st.names, 1)],
       CASE WHEN i % 20 = 0 THEN 'pruned in spring' WHEN i % 53 = 0 THEN 'storm damage to the crown' END,
       s.status,
       CASE s.status WHEN 'alive' THEN (CASE WHEN r < 0.73 THEN 'healthy' WHEN r < 0.94 THEN 'needs_attention' ELSE 'critical' END)
                     WHEN 'dead' THEN 'dead' END,
       CASE WHEN s.status IN ('stump', 'planned') THEN NULL ELSE round((2.5 + random() * 100)::numeric, 1) END,
       CASE WHEN i % 10 = 0 THEN '{street}'::text[] WHEN i % 97 = 0 THEN '{memorial}'::text[] ELSE '{}'::text[] END,
       now() - random() * interval '3 years', now()
FROM sp, c, st, generate_series(1, $trees) AS i,
     LATERAL (SELECT 1 + (i * 7) % c.n AS k, random() AS r) kk,
     LATERAL (SELECT CASE WHEN i % 100 < 95 THEN 'alive' WHEN i % 100 < 97 THEN 'dead' WHEN i % 100 < 99 THEN 'stump' ELSE 'planned' END AS status) s;
-- Parks: nothing grows in the inventory there (Central Park and Prospect Park, roughly).
DELETE FROM tree WHERE (lat BETWEEN 40.764 AND 40.800 AND lng BETWEEN -73.982 AND -73.949)
                    OR (lat BETWEEN 40.651 AND 40.672 AND lng BETWEEN -73.980 AND -73.962);
-- The NYC census sample on top.
CREATE TEMP TABLE nyc (created_at text, tree_id text, block_id text, the_geom text, tree_dbh numeric, stump_diam text,
  curb_loc text, status text, health text, spc_latin text, spc_common text, steward text, guards text, sidewalk text,
  user_type text, problems text, root_stone text, root_grate text, root_other text, trnk_wire text, trnk_light text,
  trnk_other text, brnch_ligh text, brnch_shoe text, brnch_othe text, address text, zipcode text, zip_city text,
  cb_num text, borocode text, boroname text, cncldist text, st_assem text, st_senate text, nta text, nta_name text,
  boro_ct text, state text, latitude double precision, longitude double precision, x_sp text, y_sp text);
\copy nyc FROM '$root/src/test/resources/census/nyc-street-trees-2015-sample.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO tree (id, external_id, species_id, lat, lng, address, dbh_cm, status, health_status, created_at, updated_at)
SELECT gen_random_uuid(), 'nyc-2015:' || tree_id, (SELECT id FROM species WHERE scientific_name = spc_latin),
       latitude, longitude, address, NULLIF(round(tree_dbh * 2.54, 1), 0), lower(status),
       CASE health WHEN 'Good' THEN 'healthy' WHEN 'Fair' THEN 'needs_attention' WHEN 'Poor' THEN 'critical'
                   ELSE CASE WHEN status = 'Dead' THEN 'dead' END END,
       now(), now()
FROM nyc;
VACUUM ANALYZE tree;
SQL
load_s=$(( $(date +%s) - load_start ))
count=$(sql -At -c "SELECT count(*) FROM tree WHERE deleted_at IS NULL")
# The generated city's extent, where bench/search.lua picks its places.
west=-74.20 east=-73.75 south=40.50 north=40.90

search() {
  local name="$1" clients="$2"
  SEARCH="$name" WEST="$west" EAST="$east" SOUTH="$south" NORTH="$north" \
    measure "$name-$clients" -t"$(( clients < 2 ? 1 : 2 ))" -c"$clients" -s "$root/bench/search.lua" "$url"
}
read -r bbox_rps bbox_p50 bbox_p99 < <(search bbox "$connections")
read -r near_rps near_p50 near_p99 < <(search nearest "$connections")
read -r q_rps q_p50 q_p99 < <(search q "$connections")
read -r bbox1_rps bbox1_p50 bbox1_p99 < <(search bbox 1)
read -r near1_rps near1_p50 near1_p99 < <(search nearest 1)
read -r q1_rps q1_p50 q1_p99 < <(search q 1)
# A dense spot for the record: the box starting at the most crowded cell of about 100 m.
dense=$(sql -At -c "SELECT round(lng::numeric, 3) || ' ' || round(lat::numeric, 3) FROM tree GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
read -r dense_lng dense_lat <<< "$dense"
bbox_sizes=$(curl -fs "$url/api/v1/trees?bbox=$dense_lng,$dense_lat,$(echo "$dense_lng + 0.0054" | bc),$(echo "$dense_lat + 0.003" | bc)&limit=500" | grep -o '"id":"[0-9a-f-]\{36\}","externalId"' | wc -l)

# GeoJSON export of everything: throughput, and the heap it needs (jstat every 100 ms, against the
# heap in use after a full collection just before).
used_mib() { jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024}'; }
jcmd "$pid" GC.run > /dev/null
baseline=$(used_mib)
old_before=$(jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", $8 / 1024}')
(while sleep 0.1; do used_mib; done) > "$work/heap.txt" &
sampler=$!
read -r export_s export_bytes < <(curl -fs -o /dev/null -w '%{time_total} %{size_download}\n' "$url/api/v1/trees?format=geojson")
kill "$sampler"
peak=$(sort -n "$work/heap.txt" | tail -1)
jcmd "$pid" GC.run > /dev/null
old_after=$(jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", $8 / 1024}')
export_rate=$(echo "$count / $export_s" | bc)
csv_s=$(curl -fs -o /dev/null -w '%{time_total}\n' "$url/api/v1/trees?format=csv")
csv_rate=$(echo "$count / $csv_s" | bc)

# The queries as TreeRepository builds them, at a dense spot of the city.
explain=$(sql -At <<'SQL'
\echo '-- bbox, a page of 500 in creation order'
EXPLAIN (ANALYZE, BUFFERS)
SELECT m.id, m.v, m.d FROM (SELECT t.id, t.created_at AS v, NULL::float8 AS d FROM tree t
  WHERE t.deleted_at IS NULL AND (point(t.lng, t.lat) <@ box(point(-73.99, 40.73), point(-73.9846, 40.733)))) m
WHERE true ORDER BY m.v ASC, m.id ASC LIMIT 501;
\echo '-- nearest 20, step 1: candidates in GiST nearest-neighbour order'
EXPLAIN (ANALYZE, BUFFERS)
SELECT sphere_distance_m(40.7306, -73.9866, t.lat, t.lng) FROM tree t WHERE t.deleted_at IS NULL
ORDER BY point(t.lng, t.lat) <-> point(-73.9866, 40.7306) LIMIT 21;
\echo '-- nearest 20, step 2: exact distances within the bound of step 1 (here 60 m)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT m.id, m.v FROM (SELECT t.id, sphere_distance_m(40.7306, -73.9866, t.lat, t.lng) AS v FROM tree t
  WHERE t.deleted_at IS NULL AND (point(t.lng, t.lat) <@ box(point(-73.98731, 40.73006), point(-73.98589, 40.73114)))) m
WHERE m.v <= 60 ORDER BY m.v, m.id LIMIT 21;
\echo '-- q=oak street (two words), tier 1 (every word in species names or tags), step 1: the matches among the next 4,000 trees in id order'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM (SELECT t.* FROM tree t WHERE t.deleted_at IS NULL ORDER BY t.id LIMIT 4000) t
  WHERE true AND t.search_a @@ to_tsquery('treenetra', '''oak'':* & ''street'':*') ORDER BY t.id LIMIT 20;
\echo '-- q=oak street, tier 1, what step 1 spares when it finds the page: the probe, unordered, up to 2,001 matches'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM tree t WHERE t.deleted_at IS NULL
  AND t.search_a @@ to_tsquery('treenetra', '''oak'':* & ''street'':*') LIMIT 2001;
\echo '-- q=oak street, tier 1, after a probe that found 2,001 (a dense tier): the walk in id order, text matched row by row'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM tree t WHERE t.deleted_at IS NULL
  AND coalesce(t.search_a @@ to_tsquery('treenetra', '''oak'':* & ''street'':*'), false) ORDER BY t.id LIMIT 20;
\echo '-- q=pruned (only in notes), tier 1: nothing, found out through the tier-1 index'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM tree t WHERE t.deleted_at IS NULL
  AND t.search_a @@ to_tsquery('treenetra', '''pruned'':*') LIMIT 2001;
\echo '-- q=pruned, tier 3 (anywhere, not tier 2), the probe'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM tree t WHERE t.deleted_at IS NULL AND t.search @@ to_tsquery('treenetra', '''pruned'':*')
  AND NOT t.search_ab @@ to_tsquery('treenetra', '''pruned'':*') LIMIT 2001;
\echo '-- q=zelkova (a rarer word), tier 1, the probe'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id, NULL::float8 FROM tree t WHERE t.deleted_at IS NULL
  AND t.search_a @@ to_tsquery('treenetra', '''zelkova'':*') LIMIT 2001;
SQL
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Search (bbox, nearest, q, export): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/search.sh\` (wrk for $duration after a $warmup warm-up at 1 and $connections connections, random places and words: bench/search.lua; wrk, Payara and PostgreSQL share the 2 cores)."
  echo "Data: $count trees ($trees generated in 300 neighbourhoods with two empty parks, plus the NYC sample), loaded in ${load_s} s."
  echo
  echo "| what | connections | req/s | p50 | p99 | target p99 |"
  echo "|---|---|---|---|---|---|"
  echo "| bbox of about 450 x 330 m, limit=500 ($bbox_sizes trees in a dense box) | 1 | $bbox1_rps | $bbox1_p50 | $bbox1_p99 | 50 ms |"
  echo "| near, the 20 nearest trees | 1 | $near1_rps | $near1_p50 | $near1_p99 | 20 ms |"
  echo "| q, one or two words, limit=20 | 1 | $q1_rps | $q1_p50 | $q1_p99 | 100 ms |"
  echo "| bbox of about 450 x 330 m, limit=500 | $connections | $bbox_rps | $bbox_p50 | $bbox_p99 | 50 ms |"
  echo "| near, the 20 nearest trees | $connections | $near_rps | $near_p50 | $near_p99 | 20 ms |"
  echo "| q, one or two words, limit=20 | $connections | $q_rps | $q_p50 | $q_p99 | 100 ms |"
  echo
  echo "- GeoJSON export of all $count trees: ${export_s} s, $export_rate trees/s (target at least 50,000), $((export_bytes / 1048576)) MiB"
  echo "- heap in use: ${baseline} MiB after a full GC before the export, at most ${peak} MiB while it streamed (young-generation garbage included); old generation ${old_before} MiB before, ${old_after} MiB after a full GC (target: growth under 64 MiB; the heap is capped at 192 MiB)"
  echo "- CSV export of all trees: ${csv_s} s, $csv_rate trees/s"
  echo
  echo '```'
  echo "$explain"
  echo '```'
} | tee -a "$report"
