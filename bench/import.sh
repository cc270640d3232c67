#!/usr/bin/env bash
# Import benchmark (issue 6): a census file in the nyc-2015 layout (the NYC sample resampled with new
# ids and positions moved by up to 50 m, all 42 columns: bench/gen-census.py), posted to a fresh
# server with an empty inventory and timed from POST /imports to succeeded, the heap sampled all the
# while; then, in the same run, the same rows written with a plain COPY into the same table (emptied
# first): the practical limit of this machine, and the ratio between the two.
# Appends the results to docs/benchmarks.md.
# Needs: JDK 17 (jstat, jcmd), Maven, curl, python3, psql (postgresql-client).
set -euo pipefail

rows="${BENCH_ROWS:-500000}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

python3 "$root/bench/gen-census.py" "$root/src/test/resources/census/nyc-street-trees-2015-sample.csv" "$rows" "$work/census.csv"
bytes=$(stat -c %s "$work/census.csv")

start_server "$port" TREENETRA_DB_PORT="$db_port"
pid=$(pgrep -f "payara-micro.jar.*--port $port" | head -1)
sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }
state() { curl -fs "$url/api/v1/imports/$1" | python3 -c "import json, sys; j = json.load(sys.stdin); print(j['$2'])"; }

# BENCH_WITHOUT_BENEFITS=1: the same commit without what benefits add to every write, for issue 23's
# comparison: the triggers that keep the benefit counts dropped (the region of each row is still
# found and stored; its partial index, empty here, kept, since the region sweep reads it).
benefits="with benefits"
if [ "${BENCH_WITHOUT_BENEFITS:-}" = 1 ]; then
  benefits="without the benefit-count triggers (BENCH_WITHOUT_BENEFITS=1)"
  sql -c "DROP TRIGGER tree_benefit_count_insert ON tree" -c "DROP TRIGGER tree_benefit_count_update ON tree" \
    -c "DROP TRIGGER tree_benefit_count_delete ON tree"
fi

# The heap in use (MiB) every half second, and the old generation after a full collection at the end.
used_mib() { jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024}'; }
old_mib() { jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", $8 / 1024}'; }
jcmd "$pid" GC.run > /dev/null
old_before=$(old_mib)
(while sleep 0.5; do used_mib; done) > "$work/heap.txt" &
sampler=$!

start=$(date +%s.%N)
id=$(curl -fs -X POST -H 'Content-Type: text/csv' --data-binary @"$work/census.csv" "$url/api/v1/imports?format=nyc-2015" \
  | python3 -c "import json, sys; print(json.load(sys.stdin)['id'])")
uploaded=$(date +%s.%N)
# Progress every 10 s: a rate that falls as the table grows would show here.
progress=""
next=10
until [ "$(state "$id" state)" = succeeded ]; do
  case "$(state "$id" state)" in failed|cancelled) curl -s "$url/api/v1/imports/$id"; exit 1 ;; esac
  sleep 0.2
  if [ "$(echo "$(date +%s.%N) - $start >= $next" | bc)" = 1 ]; then
    progress="$progress $(state "$id" rowsProcessed)"
    next=$((next + 10))
  fi
done
done_at=$(date +%s.%N)
kill "$sampler"
jcmd "$pid" GC.run > /dev/null
old_after=$(old_mib)
heap_peak=$(sort -n "$work/heap.txt" | tail -1)
heap_min=$(sort -n "$work/heap.txt" | head -1)
inserted=$(state "$id" inserted)
warned=$(state "$id" warned)
import_s=$(echo "$done_at - $start" | bc -l)
upload_s=$(echo "$uploaded - $start" | bc -l)
import_rate=$(echo "$rows / $import_s" | bc)

# The practical limit: the very rows, written by COPY into the same table, emptied first (its
# triggers and indexes included, as the import has them).
columns="id, external_id, species_id, lat, lng, address, dbh_cm, height_m, canopy_diameter_m, status, health_status,"
columns="$columns planted_date, tags, notes, last_inspected_at, version, created_at, updated_at"
sql -c "\\copy (SELECT $columns FROM tree) TO '$work/plain.csv' (FORMAT csv)"
sql -c "TRUNCATE tree CASCADE"
copy_start=$(date +%s.%N)
sql -c "\\copy tree ($columns) FROM '$work/plain.csv' (FORMAT csv)"
copy_s=$(echo "$(date +%s.%N) - $copy_start" | bc -l)
copy_rate=$(echo "$rows / $copy_s" | bc)
ratio=$(echo "100 * $copy_s / $import_s" | bc)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Import of $rows census rows: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/import.sh\` (a fresh server and embedded PostgreSQL; the file: bench/gen-census.py, $((bytes / 1048576)) MiB, nyc-2015 layout), $benefits."
  echo
  echo "| what | seconds | rows/s | target |"
  echo "|---|---|---|---|"
  echo "| \`POST /imports\` to \`succeeded\` (upload ${upload_s%???????} s included), $inserted trees inserted, $warned warnings | ${import_s%???????} | $import_rate | at least 20,000 |"
  echo "| plain \`COPY\` of the same rows into the same table, emptied | ${copy_s%???????} | $copy_rate | the practical limit |"
  echo
  echo "- the import runs at ${ratio} % of the speed of a plain COPY"
  echo "- rows imported, every 10 s:${progress}"
  echo "- heap in use while importing: between ${heap_min} and ${heap_peak} MiB (sampled every 0.5 s, young garbage included; the heap is capped at 192 MiB); old generation after a full GC: ${old_before} MiB before, ${old_after} MiB after"
} | tee -a "$report"
