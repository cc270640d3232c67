#!/usr/bin/env bash
# Shared by the benchmark scripts (sourced): start TreeNetra with the run command, stop it, and
# measure an endpoint with wrk. Sets and uses: root, work, server_pid, url, duration, warmup.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
duration="${BENCH_DURATION:-20s}"
: "${warmup:=${BENCH_WARMUP:-30s}}"

# kill_server: stops the server and its embedded database, keeping the data under $work for a restart.
kill_server() {
  # The server runs in its own process group: Maven, the launcher, Payara and PostgreSQL stop together.
  if [ -n "$server_pid" ]; then kill -TERM -- -"$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}

stop_server() {
  kill_server
  rm -rf "$work"
}
trap stop_server EXIT

# start_server PORT [VAR=value ...]: the run command, with an embedded database under $work; waits
# for /ready and sets url.
start_server() {
  local port="$1"; shift
  url="http://localhost:$port"
  (cd "$root" && mvn -q -B -ntp -DskipTests package)
  set -m
  (cd "$root" && env PORT="$port" TREENETRA_DATA_DIR="$work/data" "$@" \
    mvn -q -B -ntp -o -Prun -DskipTests package > "$work/server.log" 2>&1) &
  server_pid=$!
  set +m
  until curl -fs "$url/ready" > /dev/null; do
    sleep 0.2
    kill -0 "$server_pid" || { tail -50 "$work/server.log"; exit 1; }
  done
}

# measure NAME WRK-ARGS...: a discarded warm-up, then a measured run; prints "req/s p50 p99".
measure() {
  local name="$1"; shift
  wrk -d"$warmup" "$@" > /dev/null
  # --timeout 10s: a slower request counts in the latency, not only as a timeout (wrk drops those from it).
  wrk --latency --timeout 10s -d"$duration" "$@" > "$work/$name.txt"
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt") $(awk '$1 == "50%" {print $2}' "$work/$name.txt") $(awk '$1 == "99%" {print $2}' "$work/$name.txt")"
}
