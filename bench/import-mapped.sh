#!/usr/bin/env bash
# Mapped import benchmark (issue 25): the census file of bench/import.sh (bench/gen-census.py, its
# State Plane feet moved with each tree), imported twice into an emptied inventory on one server:
# plainly in the nyc-2015 layout (WGS 84 latitude and longitude, scientific names), and through a
# stored mapping that reads the State Plane feet x_sp and y_sp (EPSG:2263, reprojected by Proj4J),
# the common names in spc_common (matched against the catalogue's), DBH in inches and the census's
# status and health words. Each kind runs BENCH_ROUNDS times (default 2), alternating, so that a
# machine that slows down or warms up weighs on both alike; the ratio is of the mean rates.
# Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, curl, python3, psql (postgresql-client), bc.
set -euo pipefail

rows="${BENCH_ROWS:-500000}"
rounds="${BENCH_ROUNDS:-2}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

python3 "$root/bench/gen-census.py" "$root/src/test/resources/census/nyc-street-trees-2015-sample.csv" "$rows" "$work/census.csv"
bytes=$(stat -c %s "$work/census.csv")

start_server "$port" TREENETRA_DB_PORT="$db_port"
sql() { psql -q -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d treenetra "$@"; }
field() { curl -fs "$url/api/v1/imports/$1" | python3 -c "import json, sys; j = json.load(sys.stdin); print(j['$2'])"; }

curl -fs -X POST -H 'Content-Type: application/json' "$url/api/v1/imports/mappings" -d '{
  "name": "nyc-state-plane", "srid": 2263,
  "fields": {
    "externalId": {"template": "nyc-sp:{tree_id}"},
    "x": {"column": "x_sp"}, "y": {"column": "y_sp"},
    "address": {"column": "address"},
    "scientificName": {"column": "spc_common"},
    "dbhCm": {"column": "tree_dbh", "unit": "in"},
    "status": {"column": "status", "values": {"Alive": "alive", "Dead": "dead", "Stump": "stump"}},
    "healthStatus": {"column": "health",
      "values": {"Good": "healthy", "Fair": "needs_attention", "Poor": "critical", "*": null}}
  }}' > /dev/null

# run_import QUERY: posts the file, waits for succeeded; prints "seconds inserted failed".
run_import() {
  local start id
  start=$(date +%s.%N)
  id=$(curl -fs -X POST -H 'Content-Type: text/csv' --data-binary @"$work/census.csv" "$url/api/v1/imports?$1" \
    | python3 -c "import json, sys; print(json.load(sys.stdin)['id'])")
  until [ "$(field "$id" state)" = succeeded ]; do
    case "$(field "$id" state)" in failed|cancelled) curl -s "$url/api/v1/imports/$id" >&2; exit 1 ;; esac
    sleep 0.2
  done
  echo "$(echo "$(date +%s.%N) - $start" | bc -l) $(field "$id" inserted) $(field "$id" failed) $id"
}

plain_total=0
mapped_total=0
lines=""
for round in $(seq 1 "$rounds"); do
  for kind in plain mapped; do
    sql -c "TRUNCATE tree CASCADE"
    if [ "$kind" = plain ]; then query="format=nyc-2015"; else query="mapping=nyc-state-plane"; fi
    read -r seconds inserted failed id <<< "$(run_import "$query")"
    [ -n "${id:-}" ] || exit 1
    rate=$(echo "$rows / $seconds" | bc)
    if [ "$kind" = plain ]; then plain_total=$(echo "$plain_total + $seconds" | bc -l); else mapped_total=$(echo "$mapped_total + $seconds" | bc -l); fi
    lines="$lines| $round | $kind (\`$query\`) | ${seconds%???????} | $rate | $inserted | $failed |"$'\n'
    [ "$kind" = mapped ] && names=$(curl -fs "$url/api/v1/imports/$id" | python3 -c "
import json, sys
j = json.load(sys.stdin)
by = {}
for n in j['speciesNames']:
    by[n['match']] = by.get(n['match'], 0) + n['rows']
print(len(j['speciesNames']), 'distinct names not matched exactly:', ', '.join(f'{k} {v} rows' for k, v in sorted(by.items())))")
  done
done
plain_rate=$(echo "$rows * $rounds / $plain_total" | bc)
mapped_rate=$(echo "$rows * $rounds / $mapped_total" | bc)
ratio=$(echo "100 * $plain_total / $mapped_total" | bc)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Mapped import of $rows census rows (State Plane feet, common names): $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/import-mapped.sh\` (a fresh server and embedded PostgreSQL; the file: bench/gen-census.py, $((bytes / 1048576)) MiB; the inventory emptied before each import; $rounds rounds, alternating)."
  echo
  echo "| round | import | seconds | rows/s | inserted | failed |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$lines"
  echo
  echo "- mean rates: plain $plain_rate rows/s, mapped $mapped_rate rows/s: the mapped import runs at **${ratio} %** of the plain one (target: at least 85 %)"
  echo "- the mapped import's species report: $names"
} | tee -a "$report"
