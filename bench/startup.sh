#!/usr/bin/env bash
# Start-up benchmark: payara/launch.sh (what the run command and the image start) from exec to /ready,
# BENCH_STARTS times without and with a class-data archive (made by `launch.sh --cds-archive`), and
# the JVM's RSS (anonymous and file-backed) when it is ready; then, where podman is installed, the
# image (docker/Dockerfile on the local bases of docker/bases/local.sh) from `podman run` to /ready
# with a 768 MiB limit. A PostgreSQL of its own. Appends the results to docs/benchmarks.md.
# Needs: JDK 17, Maven, curl, PostgreSQL's initdb/pg_ctl (Debian: postgresql-15); podman optional.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
starts="${BENCH_STARTS:-5}"

initdb_path="$(command -v initdb 2>/dev/null || true)"
if [ -z "$initdb_path" ]; then
  for candidate in /usr/lib/postgresql/*/bin/initdb; do initdb_path="$candidate"; done
fi
pg_bin="$(dirname "$initdb_path")"
pg_port=15498
db_owner=$(id -un)
if [ "$(id -u)" = 0 ]; then db_owner=postgres; fi
mkdir -p "$work/pg" && chown "$db_owner" "$work/pg" "$work"
as_owner() { if [ "$(id -u)" = 0 ]; then su "$db_owner" -c "$*"; else bash -c "$*"; fi; }
as_owner "'$pg_bin/initdb' -D '$work/pg/data' -U postgres --auth=trust > /dev/null"
as_owner "'$pg_bin/pg_ctl' -D '$work/pg/data' -o '-p $pg_port -k $work/pg' -l '$work/pg/log' start > /dev/null"
container=""
stop_all() {
  if [ -n "$container" ]; then podman rm --force --time 0 "$container" > /dev/null 2>&1 || true; fi
  as_owner "'$pg_bin/pg_ctl' -D '$work/pg/data' stop -m fast > /dev/null" || true
  stop_server
}
trap stop_all EXIT
psql -h localhost -p "$pg_port" -U postgres -qc "CREATE DATABASE startup"

(cd "$root" && mvn -q -B -ntp -Dmaven.test.skip=true package)
port=18097
environment=(PORT="$port" DB_URL="jdbc:postgresql://localhost:$pg_port/startup" DB_USER=postgres
  DB_PASSWORD=unused TREENETRA_ADMIN_PASSWORD="$admin_password" TREENETRA_DATA_DIR="$work/data")

# launch ARCHIVE: one start of launch.sh with that archive (or none); prints "seconds anon_mib file_mib".
launch() {
  local begin pid ready
  begin=$(date +%s.%N)
  env "${environment[@]}" TREENETRA_CDS_ARCHIVE="$1" bash "$root/payara/launch.sh" > "$work/launch.log" 2>&1 &
  pid=$!
  until curl -fs "http://localhost:$port/ready" > /dev/null; do
    kill -0 "$pid" 2> /dev/null || { tail -30 "$work/launch.log"; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s.%N)
  local anon file
  anon=$(awk '/RssAnon/ {print int($2 / 1024)}' "/proc/$pid/status")
  file=$(awk '/RssFile/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || true
  printf '%.2f %s %s\n' "$(echo "$ready - $begin" | bc)" "$anon" "$file"
}

# summary NAME: the median start and the RSS of that start, over $starts starts.
summary() {
  local archive="$1" results
  results=$(for _ in $(seq "$starts"); do launch "$archive"; done | sort -n)
  echo "$results" | sed -n "$(((starts + 1) / 2))p"
}

read -r plain_s plain_anon plain_file < <(summary "$work/none.jsa")
archive_begin=$(date +%s.%N)
env "${environment[@]}" TREENETRA_CDS_ARCHIVE="$work/treenetra.jsa" bash "$root/payara/launch.sh" --cds-archive > "$work/archive.log" 2>&1
archive_s=$(printf '%.2f' "$(echo "$(date +%s.%N) - $archive_begin" | bc)")
archive_mib=$(( $(stat -c %s "$work/treenetra.jsa") / 1024 / 1024 ))
read -r cds_s cds_anon cds_file < <(summary "$work/treenetra.jsa")

image_row="| the image, \`podman run\` to /ready (768 MiB limit) | not measured: podman is not installed | | |"
if command -v podman > /dev/null; then
  bash "$root/docker/bases/local.sh"
  podman build --quiet --format docker --network=host --volume "$HOME/.m2/repository:/root/.m2/repository" \
    --build-arg BUILD_IMAGE=localhost/treenetra-build-base:17 --build-arg RUNTIME_IMAGE=localhost/treenetra-runtime-base:17 \
    -f "$root/docker/Dockerfile" -t localhost/treenetra:bench "$root" > /dev/null
  mkdir -p "$work/volumes"
  image_results=$(for i in $(seq "$starts"); do
    container="treenetra-bench-$i"
    mkdir -p "$work/volumes/$i/data" "$work/volumes/$i/tmp"
    begin=$(date +%s.%N)
    podman run --detach --name "$container" --network=host --read-only --memory 768m \
      --volume "$work/volumes/$i/data:/var/lib/treenetra:U" --volume "$work/volumes/$i/tmp:/tmp:U" \
      --env "PORT=$port" --env "DB_URL=jdbc:postgresql://localhost:$pg_port/startup" --env DB_USER=postgres \
      --env DB_PASSWORD=unused localhost/treenetra:bench > /dev/null 2>&1
    until curl -fs "http://localhost:$port/ready" > /dev/null; do sleep 0.05; done
    ready=$(date +%s.%N)
    anon=$(podman exec "$container" awk '/RssAnon/ {print int($2 / 1024)}' /proc/1/status)
    file=$(podman exec "$container" awk '/RssFile/ {print int($2 / 1024)}' /proc/1/status)
    podman rm --force --time 10 "$container" > /dev/null 2>&1
    container=""
    printf '%.2f %s %s\n' "$(echo "$ready - $begin" | bc)" "$anon" "$file"
  done | sort -n)
  read -r image_s image_anon image_file < <(echo "$image_results" | sed -n "$(((starts + 1) / 2))p")
  image_row="| the image, \`podman run\` to /ready (768 MiB limit, read-only root) | $image_s s | $image_anon MiB | $image_file MiB |"
fi

report="$root/docs/benchmarks.md"
{
  echo
  echo "## Start-up and class-data sharing: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/startup.sh\` (median of $starts starts each; RSS of the JVM when /ready first answers)."
  echo
  echo "| start | to ready | RSS anonymous | RSS file-backed |"
  echo "|---|---|---|---|"
  echo "| \`payara/launch.sh\`, no archive | $plain_s s | $plain_anon MiB | $plain_file MiB |"
  echo "| \`payara/launch.sh\` with the class-data archive | $cds_s s | $cds_anon MiB | $cds_file MiB |"
  echo "$image_row"
  echo
  echo "- The archive: $archive_mib MiB, written by \`launch.sh --cds-archive\` in $archive_s s (boot, deploy, stop)."
  echo "- Targets (issue 20): ready under 10 s; RSS after \`bench/run.sh\`'s load under 400 MiB."
} >> "$report"
tail -14 "$report"
