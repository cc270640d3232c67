#!/usr/bin/env bash
# GET /api/v1/trees/{id} on an earlier commit against the current one, one server at a time,
# alternating BENCH_ROUNDS times (default 3), each server fresh with its own embedded database: 20 s
# of creates, a 90 s warm-up, then three measured runs of 20 s. The loss is the difference of the
# means. By default the earlier commit is c841ab9, from before access control (issue 5: access
# control must cost less than 10 %), whose requests go without a token; BENCH_BASE names another
# (a session's starting point, to show a change costs nothing). Appends the results to
# docs/benchmarks.md.
# Needs: JDK 17, Maven, wrk, curl, python3, git, openssl.
set -euo pipefail

base_commit="${BENCH_BASE:-c841ab9}"
rounds="${BENCH_ROUNDS:-3}"
port="${BENCH_PORT:-18181}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM -- -"$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  git -C "$root" worktree remove --force "$work/base" 2>/dev/null || true
  git -C "$root" worktree remove --force "$work/current" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" worktree add -f --detach "$work/base" "$base_commit" > /dev/null
git -C "$root" worktree add -f --detach "$work/current" HEAD > /dev/null
current_commit=$(git -C "$root" rev-parse --short HEAD)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt.pem" 2> /dev/null

# measure DIR: prints the three req/s of GET by id on a fresh server built from DIR.
measure() {
  local dir="$1" data="$work/data-$RANDOM" password
  password="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local url="http://localhost:$port" auth=() token results=""
  (cd "$dir" && mvn -q -B -ntp -DskipTests package) > /dev/null
  set -m
  (cd "$dir" && env PORT="$port" TREENETRA_DATA_DIR="$data" TREENETRA_ADMIN_PASSWORD="$password" \
    TREENETRA_JWT_PRIVATE_KEY_FILE="$work/jwt.pem" TREENETRA_RATELIMIT_ANONYMOUS_PER_MINUTE=0 \
    mvn -q -B -ntp -o -Prun -DskipTests package > "$work/server.log" 2>&1) &
  server_pid=$!
  set +m
  until curl -fs "$url/ready" > /dev/null; do
    sleep 0.5
    kill -0 "$server_pid" || { tail -50 "$work/server.log" >&2; exit 1; }
  done
  # The commit before access control has no sign-in: its requests go without a token.
  if token=$(curl -fs -X POST -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
      "$url/api/v1/auth/login" 2> /dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])' 2> /dev/null); then
    auth=(-H "Authorization: Bearer $token")
  fi
  wrk "${auth[@]}" -t2 -c16 -d20s -s "$dir/bench/create-trees.lua" "$url" > /dev/null
  curl -fs "${auth[@]}" "$url/api/v1/trees?tag=bench&limit=500" | grep -o '"id":"[0-9a-f-]\{36\}","externalId"' | cut -d'"' -f4 > "$work/ids.txt"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$url/api/v1/trees/$(head -1 "$work/ids.txt")")" = 200 ] || exit 1
  IDS_FILE="$work/ids.txt" wrk "${auth[@]}" -t2 -c32 -d90s -s "$dir/bench/get-trees.lua" "$url" > /dev/null
  for _ in 1 2 3; do
    results="$results $(IDS_FILE="$work/ids.txt" wrk "${auth[@]}" -t2 -c32 -d20s -s "$dir/bench/get-trees.lua" "$url" | awk '/Requests\/sec/ {print $2}')"
  done
  kill -TERM -- -"$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  rm -rf "$data"
  echo "$results"
}

base_all=""
current_all=""
rows=""
for round in $(seq 1 "$rounds"); do
  b=$(measure "$work/base")
  c=$(measure "$work/current")
  base_all="$base_all $b"
  current_all="$current_all $c"
  rows="$rows| $round |$b |$c |"$'\n'
done
read -r base_mean current_mean loss spread < <(python3 - "$base_all" "$current_all" <<'PY'
import statistics, sys
b = [float(x) for x in sys.argv[1].split()]
c = [float(x) for x in sys.argv[2].split()]
mb, mc = statistics.mean(b), statistics.mean(c)
# One standard error of the difference of the means, as a share of the base mean.
se = (statistics.variance(b) / len(b) + statistics.variance(c) / len(c)) ** 0.5
print(f"{mb:.0f} {mc:.0f} {100 * (mb - mc) / mb:.1f} {100 * se / mb:.1f}")
PY
)

report="$root/docs/benchmarks.md"
{
  echo
  echo "## GET by id, $base_commit against $current_commit: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Command: \`BENCH_BASE=$base_commit bench/auth-cost.sh\` ($rounds rounds; each a fresh server of commit $base_commit (without a token if it has no sign-in), then one of $current_commit with an admin token on every request; wrk -t2 -c32, 3 runs of 20 s after a 90 s warm-up)."
  echo
  echo "| round | $base_commit req/s | $current_commit req/s |"
  echo "|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "- mean: $base_mean req/s on $base_commit, $current_mean on $current_commit: ${loss} % less (one standard error: ${spread} points)"
} | tee -a "$report"
