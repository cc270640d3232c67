#!/usr/bin/env bash
# Shared by the benchmark scripts (sourced): start TreeNetra with the run command, stop it, and
# measure an endpoint with wrk. Sets and uses: root, work, server_pid, url, duration, warmup.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
# Every server a benchmark starts signs tokens with one key and has one admin password, made per run.
admin_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt.pem" 2> /dev/null
export TREENETRA_JWT_PRIVATE_KEY_FILE="$work/jwt.pem"
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
  (cd "$root" && env PORT="$port" TREENETRA_DATA_DIR="$work/data" TREENETRA_ADMIN_PASSWORD="$admin_password" \
    TREENETRA_RATELIMIT_ANONYMOUS_PER_MINUTE=0 "$@" \
    mvn -q -B -ntp -o -Prun -DskipTests package > "$work/server.log" 2>&1) &
  server_pid=$!
  set +m
  until curl -fs "$url/ready" > /dev/null; do
    sleep 0.2
    kill -0 "$server_pid" || { tail -50 "$work/server.log"; exit 1; }
  done
  sign_in "$url" "$admin_password"
}

# sign_in URL PASSWORD: an admin access token for every request that follows: curl reads it from the
# .curlrc under CURL_HOME, wrk gets it from measure(). Sets token.
sign_in() {
  until token=$(curl -fs -X POST -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$2\"}" "$1/api/v1/auth/login" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])'); do
    sleep 0.5
  done
  export CURL_HOME="$work"
  printf 'header = "Authorization: Bearer %s"\n' "$token" > "$work/.curlrc"
}

# measure NAME WRK-ARGS...: a discarded warm-up, then a measured run; prints "req/s p50 p99".
measure() {
  local name="$1"; shift
  local auth=(-H "Authorization: Bearer ${token:-}")
  if [ "${BENCH_ANONYMOUS:-}" = 1 ] || [ -z "${token:-}" ]; then auth=(); fi
  wrk "${auth[@]}" -d"$warmup" "$@" > /dev/null
  # --timeout 10s: a slower request counts in the latency, not only as a timeout (wrk drops those from it).
  wrk "${auth[@]}" --latency --timeout 10s -d"$duration" "$@" > "$work/$name.txt"
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt") $(awk '$1 == "50%" {print $2}' "$work/$name.txt") $(awk '$1 == "99%" {print $2}' "$work/$name.txt")"
}
