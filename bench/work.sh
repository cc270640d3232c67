#!/usr/bin/env bash
# Work-order benchmark (issue 21): 1,000,000 generated trees and 200,000 work orders on them (every
# type, priority and status, due dates over a year around today, a tenth overdue), then, uncached
# (TREENETRA_CACHE_ANALYTICS_ENABLED=false) after a warm-up: GET /work-orders by status and due date,
# the overdue filter and GET /analytics/work; then orders completed (prune: each changes its tree
# and the trail) at the load of bench/run.sh's creates (2 threads, 16 connections), and trees
# created at that load on the same server for comparison. Appends the results and the
# EXPLAIN (ANALYZE, BUFFERS) of the queries to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, psql (postgresql-client).
set -euo pipefail

trees="${BENCH_TREES:-1000000}"
orders="${BENCH_ORDERS:-200000}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server "$port" TREENETRA_DB_PORT="$db_port" TREENETRA_CACHE_ANALYTICS_ENABLED=false
sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }

load_start=$(date +%s)
sql <<SQL
WITH sp AS (SELECT array_agg(id ORDER BY scientific_name) AS ids FROM species)
INSERT INTO tree (id, species_id, lat, lng, status, health_status, dbh_cm, tags, created_at, updated_at,
                  itree_region, itree_region_lat, itree_region_lng)
SELECT gen_random_uuid(), sp.ids[1 + (i::bigint * 7919) % array_length(sp.ids, 1)], p.lat, p.lng,
       'alive', 'healthy', round((2.5 + random() * 100)::numeric, 1), '{}', now(), now(), 'NoEastXXX', p.lat, p.lng
FROM sp, generate_series(1, $trees) AS i,
     LATERAL (SELECT 40.58 + (i % 200) / 700.0 + random() / 300 AS lat, -74.02 + (i % 173) / 700.0 + random() / 300 AS lng) p;
-- Orders on distinct trees: the first of them open prunes, kept for the completion run.
INSERT INTO work_order (id, tree_id, lat, lng, type, priority, status, due_date, completed_at,
                        estimated_cost_usd, actual_cost_usd, source_kind, version, created_at, updated_at)
SELECT gen_random_uuid(), t.id, t.lat, t.lng,
       CASE WHEN n <= 50000 THEN 'prune' ELSE (ARRAY['plant', 'prune', 'remove', 'stump-removal', 'inspect', 'water', 'treat', 'other'])[1 + n % 8] END,
       (ARRAY['routine', 'high', 'urgent', 'emergency'])[1 + n % 4],
       s.status,
       current_date + (n % 365 - 36)::int,
       CASE WHEN s.status = 'completed' THEN now() - (n % 300) * interval '1 day' END,
       round((50 + random() * 2000)::numeric, 2),
       CASE WHEN s.status = 'completed' THEN round((50 + random() * 2000)::numeric, 2) END,
       'manual', 0, now() - (n % 400) * interval '1 day', now()
FROM (SELECT id, lat, lng, row_number() OVER () AS n FROM tree LIMIT $orders) t,
     LATERAL (SELECT CASE WHEN t.n <= 50000 THEN 'open' ELSE (ARRAY['open', 'scheduled', 'in-progress', 'completed', 'cancelled'])[1 + t.n % 5] END AS status) s;
VACUUM ANALYZE tree;
VACUUM ANALYZE work_order;
SQL
load_s=$(( $(date +%s) - load_start ))
counts=$(sql -At -c "SELECT (SELECT count(*) FROM tree) || ' trees, ' || (SELECT count(*) FROM work_order) || ' work orders, ' || (SELECT count(*) FROM work_order WHERE status IN ('open', 'scheduled', 'in-progress') AND due_date < current_date) || ' overdue'")
sql -At -c "SELECT w.id FROM work_order w JOIN tree t ON t.id = w.tree_id WHERE w.type = 'prune' AND w.status = 'open' ORDER BY w.id" > "$work/open.txt"

by_status="/api/v1/work-orders?status=open,scheduled&sort=dueDate&limit=50"
overdue="/api/v1/work-orders?overdue=true&limit=50"
analytics="/api/v1/analytics/work"
read -r s_rps s_p50 s_p99 < <(measure status -t1 -c1 "$url$by_status")
read -r o_rps o_p50 o_p99 < <(measure overdue -t1 -c1 "$url$overdue")
read -r a_rps a_p50 a_p99 < <(measure analytics -t1 -c1 "$url$analytics")
read -r c_rps c_p50 c_p99 < <(THREADS=2 IDS_FILE="$work/open.txt" measure complete -t2 -c16 -s "$root/bench/complete-orders.lua" "$url")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/complete.txt")
# The load that bench/run.sh creates trees with, on this server and data, for comparison.
read -r t_rps t_p50 t_p99 < <(measure create -t2 -c16 -s "$root/bench/create-trees.lua" "$url")
completed=$(sql -At -c "SELECT count(*) FROM audit_event WHERE entity = 'tree' AND work_order_id IS NOT NULL")

explain=$(sql -At <<'SQL'
\echo '-- open and scheduled by due date, first page'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id FROM work_order t WHERE true AND t.status = ANY ('{open,scheduled}')
 ORDER BY coalesce(t.due_date, 'infinity'::date), t.id LIMIT 51;
\echo '-- overdue, newest first'
EXPLAIN (ANALYZE, BUFFERS)
SELECT t.id FROM work_order t WHERE true AND t.status IN ('open', 'scheduled', 'in-progress')
   AND t.due_date < (now() AT TIME ZONE 'UTC')::date ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '-- analytics of all orders: the open ones grouped, from the kept counts'
EXPLAIN (ANALYZE, BUFFERS)
SELECT type, priority, sum(orders), coalesce(sum(orders) FILTER (WHERE due_date < (now() AT TIME ZONE 'UTC')::date), 0),
       sum(estimated_sum), sum(unestimated)
  FROM (SELECT type, priority, due_date, orders, estimated_sum, unestimated FROM work_order_open_count
        UNION ALL
        SELECT type, priority, due_date, orders, estimated_sum, unestimated FROM work_order_open_count_delta) c
 GROUP BY 1, 2 HAVING sum(orders) <> 0;
SQL
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Work orders: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/work.sh\` (wrk for $duration after a $warmup warm-up; TREENETRA_CACHE_ANALYTICS_ENABLED=false)."
  echo "Data: $counts, generated in ${load_s} s."
  echo
  echo "| what | connections | req/s | p50 | p99 | target |"
  echo "|---|---|---|---|---|---|"
  echo "| GET /work-orders, open and scheduled by due date | 1 | $s_rps | $s_p50 | $s_p99 | p99 under 50 ms |"
  echo "| GET /work-orders, overdue | 1 | $o_rps | $o_p50 | $o_p99 | p99 under 50 ms |"
  echo "| GET /analytics/work, uncached | 1 | $a_rps | $a_p50 | $a_p99 | p99 under 50 ms |"
  echo "| PATCH /work-orders/{id} to completed (prune: the tree and its trail change too) | 16 | $c_rps | $c_p50 | $c_p99 | at least 500 a second |"
  echo "| POST /trees as bench/run.sh makes them, for comparison | 16 | $t_rps | $t_p50 | $t_p99 | |"
  echo
  echo "Completions answered other than 2xx: ${non2xx:-0}; trees changed by a work order, in the trail: $completed."
  echo
  echo '```'
  echo "$explain"
  echo '```'
} | tee -a "$report"
