#!/usr/bin/env bash
# Reads on a replica (issue 19): a PostgreSQL 15 primary and a streaming replica of it (made here
# with initdb and pg_basebackup), TreeNetra started with the run command on DB_URL and DB_READ_URL.
# Measures the replica's lag while bench/run.sh's write load runs (POST /api/v1/trees, wrk -c16;
# sampled every 0.5 s from the primary's pg_stat_replication.replay_lag and from TreeNetra's own
# db_replica_lag_seconds), then GET /api/v1/trees?limit=100 with reads on the replica, and again
# with the same server restarted on the primary alone. Both PostgreSQL servers, TreeNetra and wrk
# share the machine's cores: the ratio says what the replica costs or gives here, not what it
# gives on a machine of its own. Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, PostgreSQL 15 server binaries in /usr/lib/postgresql/15/bin.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin=/usr/lib/postgresql/15/bin
primary_port="${BENCH_PG_PORT:-25432}"
replica_port=$((primary_port + 1))
pg="$work/pg"
mkdir -p "$pg"
chmod 755 "$work"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pg"; fi
stop_databases() {
  for dir in "$pg/replica" "$pg/primary"; do
    if [ -f "$dir/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop > /dev/null || true
    fi
  done
  stop_server
}
trap stop_databases EXIT

as_pg "$bin/initdb" -D "$pg/primary" -U postgres --auth=trust --no-instructions -E UTF8 --locale=C > /dev/null
as_pg tee -a "$pg/primary/postgresql.conf" > /dev/null <<EOF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg'
shared_buffers = 128MB
max_connections = 120
wal_level = replica
max_wal_senders = 5
EOF
as_pg "$bin/pg_ctl" -D "$pg/primary" -l "$pg/primary.log" -w start > /dev/null
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$pg/replica" -X stream -c fast
as_pg chmod 700 "$pg/replica"
as_pg tee -a "$pg/replica/postgresql.auto.conf" > /dev/null <<EOF
port = $replica_port
hot_standby = on
hot_standby_feedback = on
primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=replica'
EOF
as_pg touch "$pg/replica/standby.signal"
as_pg "$bin/pg_ctl" -D "$pg/replica" -l "$pg/replica.log" -w start > /dev/null

primary_url="jdbc:postgresql://127.0.0.1:$primary_port/postgres"
replica_url="jdbc:postgresql://127.0.0.1:$replica_port/postgres"
port="${BENCH_PORT:-18080}"
start_server "$port" DB_URL="$primary_url" DB_USER=postgres DB_PASSWORD=unused DB_READ_URL="$replica_url"

# The write load of bench/run.sh: a warm-up, then the measured run with the lag sampled meanwhile.
wrk -H "Authorization: Bearer $token" -t2 -c16 -d"$warmup" -s "$root/bench/create-trees.lua" "$url" > /dev/null
wrk -H "Authorization: Bearer $token" -t2 -c16 -d"$duration" -s "$root/bench/create-trees.lua" "$url" > "$work/create.txt" &
load=$!
: > "$work/lag.txt"
while kill -0 "$load" 2>/dev/null; do
  pg_lag="$(psql -XAtq -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
    -c "SELECT coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication WHERE application_name = 'replica'")"
  app_lag="$(curl -fs "$url/metrics" | awk '/^db_replica_lag_seconds[{ ]/ {value = $NF} END {print value}')"
  echo "${pg_lag:-0} ${app_lag:-0}" >> "$work/lag.txt"
  sleep 0.5
done
wait "$load"
create_rps="$(awk '/Requests\/sec/ {print $2}' "$work/create.txt")"
read -r samples pg_p50 pg_max app_p50 app_max < <(python3 - "$work/lag.txt" <<'EOF'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
pg = sorted(r[0] for r in rows)
app = sorted(r[1] for r in rows)
print(len(rows), f"{statistics.median(pg):.3f}", f"{max(pg):.3f}", f"{statistics.median(app):.3f}", f"{max(app):.3f}")
EOF
)
trees="$(psql -XAtq -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -c "SELECT count(*) FROM tree")"

replica_reads() {
  curl -fs "$url/metrics" | awk '/^db_replica_reads_total[{ ]/ {value = $NF} END {print value}'
}
before="$(replica_reads)"
read -r replica_rps replica_p50 replica_p99 < <(measure list-replica -t2 -c32 "$url/api/v1/trees?limit=100")
after="$(replica_reads)"
kill_server
start_server "$port" DB_URL="$primary_url" DB_USER=postgres DB_PASSWORD=unused
read -r primary_rps primary_p50 primary_p99 < <(measure list-primary -t2 -c32 "$url/api/v1/trees?limit=100")
ratio="$(echo "scale=2; $replica_rps / $primary_rps" | bc)"

{
  echo
  echo "### Reads on a replica, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1); primary, replica, TreeNetra and wrk on the same cores."
  echo "Command: \`bench/replica.sh\` (wrk -t2 -c16 -d$duration of creates after a $warmup warm-up; lists wrk -t2 -c32 -d$duration after a $warmup warm-up; $trees trees)."
  echo
  echo "| what | figure |"
  echo "|---|---|"
  echo "| creates during the lag sampling | $create_rps req/s |"
  echo "| replica lag under that load, PostgreSQL's replay_lag ($samples samples) | median $pg_p50 s, max $pg_max s |"
  echo "| replica lag under that load, TreeNetra's db_replica_lag_seconds | median $app_p50 s, max $app_max s |"
  echo "| GET /api/v1/trees?limit=100, reads on the replica | $replica_rps req/s (p50 $replica_p50, p99 $replica_p99); replica reads counted: $(echo "${after%.*} - ${before%.*}" | bc) |"
  echo "| GET /api/v1/trees?limit=100, the primary alone | $primary_rps req/s (p50 $primary_p50, p99 $primary_p99) |"
  echo "| ratio, replica to primary alone | $ratio |"
} >> "$root/docs/benchmarks.md"
tail -12 "$root/docs/benchmarks.md"
