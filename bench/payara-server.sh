#!/usr/bin/env bash
# TreeNetra on a stock Payara Server 6 next to Payara Micro (payara/launch.sh), on one PostgreSQL:
# deploy time (the first after a restart, then warm redeploys), the first /openapi (time, and the
# heap in use at its peak, sampled every 20 ms with jstat), and GET /api/v1/trees/{id} against the
# trivial JAX-RS endpoint /api/v1 (wrk). The Server is set up with the asadmin lines of
# docs/deployment.md ("On Payara Server"), as PayaraServerIT runs them. One server at a time.
# Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, python3, and PostgreSQL's initdb/pg_ctl (Debian: postgresql-15).
set -euo pipefail

warmup="${BENCH_WARMUP:-60s}"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

initdb_path="$(command -v initdb 2>/dev/null || true)"
if [ -z "$initdb_path" ]; then
  for candidate in /usr/lib/postgresql/*/bin/initdb; do initdb_path="$candidate"; done
fi
pg_bin="$(dirname "$initdb_path")"
pg_port=15499
db_owner=$(id -un)
if [ "$(id -u)" = 0 ]; then db_owner=postgres; fi
mkdir -p "$work/pg" && chown "$db_owner" "$work/pg" "$work"
as_owner() { if [ "$(id -u)" = 0 ]; then su "$db_owner" -c "$*"; else bash -c "$*"; fi; }
as_owner "'$pg_bin/initdb' -D '$work/pg/data' -U postgres --auth=trust > /dev/null"
as_owner "'$pg_bin/pg_ctl' -D '$work/pg/data' -o '-p $pg_port -k $work/pg' -l '$work/pg/log' start > /dev/null"
stop_all() {
  if [ -n "${asadmin:-}" ] && [ -d "$work/domains/bench" ]; then "$asadmin" stop-domain --domaindir "$work/domains" bench > /dev/null || true; fi
  as_owner "'$pg_bin/pg_ctl' -D '$work/pg/data' stop -m fast > /dev/null" || true
  stop_server
}
trap stop_all EXIT
for db in micro server; do
  psql -h localhost -p "$pg_port" -U postgres -qc "CREATE DATABASE $db"
done

(cd "$root" && mvn -q -B -ntp -DskipTests pre-integration-test)

# heap_peak PID: samples the heap in use (KiB) until $work/stop-sampling exists; prints the peak MiB.
heap_peak() {
  local peak=0 used
  while [ ! -e "$work/stop-sampling" ]; do
    used=$(jstat -gc "$1" | awk 'NR == 2 {printf "%d", $3 + $4 + $6 + $8}')
    if [ "$used" -gt "$peak" ]; then peak=$used; fi
    sleep 0.02
  done
  echo $(( peak / 1024 ))
}

# first_openapi PID: seconds of the first GET /openapi, and the heap peak during it.
first_openapi() {
  rm -f "$work/stop-sampling"
  heap_peak "$1" > "$work/peak.txt" &
  local sampler=$!
  sleep 0.2
  local seconds
  seconds=$(printf '%.2f' "$(curl -fs -o /dev/null -w '%{time_total}' "$url/openapi")")
  touch "$work/stop-sampling"
  wait "$sampler"
  echo "$seconds $(cat "$work/peak.txt")"
}

# load_and_measure: 200 trees, then wrk on /api/v1 and on GET by id; prints "trivial byid ratio%".
load_and_measure() {
  : > "$work/ids.txt"
  for i in $(seq 200); do
    curl -fs -X POST -H 'Content-Type: application/json' \
      -d "{\"location\":{\"lat\":40.7$i,\"lng\":-73.9$i},\"status\":\"alive\",\"tags\":[\"bench\"]}" \
      "$url/api/v1/trees" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' >> "$work/ids.txt"
  done
  local trivial byid
  read -r trivial _ _ < <(measure "trivial-$1" -t2 -c16 "$url/api/v1")
  read -r byid _ _ < <(IDS_FILE="$work/ids.txt" measure "byid-$1" -t2 -c16 -s "$root/bench/get-trees.lua" "$url")
  echo "$trivial $byid $(echo "scale=1; 100 * $byid / $trivial" | bc)"
}

# --- Payara Micro, the run command's launch
micro_start=$(date +%s.%N)
start_server 18099 DB_URL="jdbc:postgresql://localhost:$pg_port/micro" DB_USER=postgres
micro_pid=$(pgrep -f "payara-micro.jar.*--port 18099" | head -1)
jvm_started=$(ps -o lstart= -p "$micro_pid")
micro_ready_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $(date -d "$jvm_started" +%s)" | bc)")
read -r micro_openapi_s micro_openapi_mib < <(first_openapi "$micro_pid")
read -r micro_trivial micro_byid micro_ratio < <(load_and_measure micro)
micro_rss=$(( $(ps -o rss= -p "$micro_pid") / 1024 ))
kill_server
: "$micro_start"

# --- Payara Server, as docs/deployment.md sets it up
asadmin="$root/target/payara-server/payara6/bin/asadmin"
"$asadmin" create-domain --domaindir "$work/domains" --portbase 28100 --nopassword=true bench > /dev/null
"$asadmin" start-domain --domaindir "$work/domains" bench > /dev/null
printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$admin_password" > "$work/admin-password.txt"
printf 'AS_ADMIN_ALIASPASSWORD=unused\n' > "$work/db-password.txt"
for block in settings db-url; do
  awk -v b="<!-- payara-server: $block -->" '$0 == b {f=1; next} f && /^```$/ {n++; if (n == 2) exit; next} f && n == 1' "$root/docs/deployment.md" \
    | sed -e "s|db.example.org\\\\:5432/treenetra|localhost\\\\:$pg_port/server|" -e 's|db.user=treenetra|db.user=postgres|' \
      -e "s|/var/lib/treenetra|$work/server-data|" -e "s|/etc/treenetra/jwt-signing-key.pem|$work/jwt.pem|" \
      -e "s|/etc/treenetra/admin-password.txt|$work/admin-password.txt|" -e "s|/etc/treenetra/db-password.txt|$work/db-password.txt|" \
      -e "s|^asadmin |\"$asadmin\" --port 28148 |" > "$work/setup.sh"
  bash -e "$work/setup.sh" > /dev/null
done
"$asadmin" restart-domain --domaindir "$work/domains" bench > /dev/null
server_pid_file="$work/domains/bench/config/pid"
url="http://localhost:28180"
t0=$(date +%s.%N)
"$asadmin" --port 28148 deploy "$root/target/treenetra-server.war" > /dev/null
until curl -fs "$url/ready" > /dev/null; do sleep 0.1; done
first_deploy_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
read -r server_openapi_s server_openapi_mib < <(first_openapi "$(cat "$server_pid_file")")
redeploys=()
for i in 1 2 3; do
  t0=$(date +%s.%N)
  "$asadmin" --port 28148 deploy --force=true "$root/target/treenetra-server.war" > /dev/null
  until curl -fs "$url/ready" > /dev/null; do sleep 0.1; done
  redeploys+=("$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")")
done
sign_in "$url" "$admin_password"
read -r server_trivial server_byid server_ratio < <(load_and_measure server)
server_rss=$(( $(ps -o rss= -p "$(cat "$server_pid_file")") / 1024 ))
heap_max=$("$asadmin" --port 28148 list-jvm-options | grep -o '^-Xmx.*' || echo "?")

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Payara Server next to Payara Micro: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/payara-server.sh\` (one PostgreSQL for both; wrk -t2 -c16 -d$duration per row after a $warmup warm-up; Payara Server $(basename "$(dirname "$(dirname "$asadmin")")") from the distribution zip, set up by the lines of docs/deployment.md)."
  echo
  echo "| what | Payara Micro (\`payara/launch.sh\`, \`target/treenetra.war\`) | Payara Server 6 (\`asadmin deploy target/treenetra-server.war\`) |"
  echo "|---|---|---|"
  echo "| to ready | JVM start to /ready: $micro_ready_s s | deploy to /ready on the running server: $first_deploy_s s; redeploys (--force): ${redeploys[*]} s |"
  echo "| first GET /openapi | $micro_openapi_s s, heap in use at most $micro_openapi_mib MiB (\`-Xmx192m\`) | $server_openapi_s s, heap in use at most $server_openapi_mib MiB (\`$heap_max\`) |"
  echo "| GET /api/v1 (trivial JAX-RS), req/s | $micro_trivial | $server_trivial |"
  echo "| GET /api/v1/trees/{id}, req/s | $micro_byid | $server_byid |"
  echo "| GET by id ÷ trivial JAX-RS | $micro_ratio % | $server_ratio % |"
  echo "| RSS after the load | $micro_rss MiB | $server_rss MiB (the whole server) |"
} | tee -a "$report"
