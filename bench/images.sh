#!/usr/bin/env bash
# Photo benchmark (issue 8): a 4 MB JPEG (3,000 x 2,000 noisy pixels: bench/MakeJpeg.java) uploaded
# one at a time, timed from the start of the upload to its thumbnail being served (the worker makes
# it) and to the 201 alone; then 8 uploads at a time, the heap sampled throughout.
# Appends the results to docs/benchmarks.md. Needs: JDK 17 (java, jstat, jcmd), Maven, curl, python3.
set -euo pipefail

uploads="${BENCH_UPLOADS:-40}"
port="${BENCH_PORT:-18080}"
db_port="${BENCH_DB_PORT:-15432}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

java "$root/bench/MakeJpeg.java" "$work/photo.jpg" 3000 2000
bytes=$(stat -c %s "$work/photo.jpg")

start_server "$port" TREENETRA_DB_PORT="$db_port"
pid=$(pgrep -f "payara-micro.jar.*--port $port" | head -1)
tree=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"location": {"lat": 40.7, "lng": -73.9}, "status": "alive"}' "$url/api/v1/trees" \
  | python3 -c "import json, sys; print(json.load(sys.stdin)['id'])")

# upload: prints "seconds-to-201 seconds-to-thumbnail"
upload() {
  local t0 id t1
  t0=$(date +%s.%N)
  id=$(curl -fs -F "file=@$work/photo.jpg;type=image/jpeg" "$url/api/v1/trees/$tree/images" \
    | python3 -c "import json, sys; print(json.load(sys.stdin)['id'])")
  t1=$(date +%s.%N)
  until curl -fs -o /dev/null "$url/api/v1/images/$id/thumbnail"; do sleep 0.02; done
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$(date +%s.%N) - $t0" | bc -l)"
}
export -f upload
export url tree work

for _ in 1 2 3 4 5; do upload > /dev/null; done   # warm-up
: > "$work/single.txt"
for _ in $(seq 1 "$uploads"); do upload >> "$work/single.txt"; done
pct() { sort -n | awk -v p="$1" '{v[NR] = $1} END {i = int((NR - 1) * p + 0.5) + 1; printf "%.0f", v[i] * 1000}'; }
created_p50=$(cut -d' ' -f1 "$work/single.txt" | pct 0.50)
created_p99=$(cut -d' ' -f1 "$work/single.txt" | pct 0.99)
thumb_p50=$(cut -d' ' -f2 "$work/single.txt" | pct 0.50)
thumb_p99=$(cut -d' ' -f2 "$work/single.txt" | pct 0.99)

used_mib() { jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024}'; }
jcmd "$pid" GC.run > /dev/null
old_before=$(jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", $8 / 1024}')
(while sleep 0.2; do used_mib; done) > "$work/heap.txt" &
sampler=$!
t0=$(date +%s.%N)
seq 1 "$uploads" | xargs -P 8 -I{} bash -c upload > "$work/concurrent.txt"
concurrent_s=$(echo "$(date +%s.%N) - $t0" | bc -l)
kill "$sampler"
heap_peak=$(sort -n "$work/heap.txt" | tail -1)
jcmd "$pid" GC.run > /dev/null
old_after=$(jstat -gc "$pid" | awk 'NR == 2 {printf "%.0f\n", $8 / 1024}')
c_p50=$(cut -d' ' -f2 "$work/concurrent.txt" | pct 0.50)
c_p99=$(cut -d' ' -f2 "$work/concurrent.txt" | pct 0.99)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Photo uploads: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/images.sh\` ($uploads uploads of a $((bytes / 1024)) KiB JPEG of 3,000 x 2,000 pixels, after 5 for warm-up; the file-system object store; curl, Payara and PostgreSQL share the 2 cores)."
  echo
  echo "| what | p50 | p99 |"
  echo "|---|---|---|"
  echo "| one at a time: upload to 201 | ${created_p50} ms | ${created_p99} ms |"
  echo "| one at a time: upload to its thumbnail served | ${thumb_p50} ms | ${thumb_p99} ms |"
  echo "| 8 at a time: upload to its thumbnail served | ${c_p50} ms | ${c_p99} ms |"
  echo
  echo "- 8 at a time: $uploads uploads in ${concurrent_s%???????} s; heap in use at most ${heap_peak} MiB (sampled every 0.2 s, young garbage included; capped at 192 MiB); old generation after a full GC ${old_before} MiB before, ${old_after} MiB after"
} | tee -a "$report"
