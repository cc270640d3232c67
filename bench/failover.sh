#!/usr/bin/env bash
# The database tier's drill (issue 19): DatabaseTierIT on real PostgreSQL 15 servers (a primary, a
# synchronous standby, an asynchronous replica) and two clustered TreeNetra instances; four writers
# with Idempotency-Keys through both instances, the primary killed with SIGKILL, the standby
# promoted 1 s later. Reports the time from the kill to the first write sent afterwards that
# succeeded (RTO), the acknowledged writes (all found on the promoted standby, or the run fails: RPO
# 0) and the 503 answers meanwhile; appends them to docs/benchmarks.md. Needs: JDK 17, Maven,
# PostgreSQL 15 server binaries in /usr/lib/postgresql/15/bin (installed when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs="${BENCH_RUNS:-3}"
results=()
for run in $(seq 1 "$runs"); do
  mvn -B -ntp -q verify -Dit.test=DatabaseTierIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false >/tmp/bench-failover.log 2>&1 \
    || { tail -50 /tmp/bench-failover.log; exit 1; }
  line="$(tr '\n' ' ' < target/bench/failover.txt)"
  echo "run $run: $line"
  results+=("$line")
done

{
  echo
  echo "### Database failover drill, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)."
  echo "Command: \`bench/failover.sh\` (BENCH_RUNS=$runs), each run \`mvn verify -Dit.test=DatabaseTierIT\`."
  echo
  echo "| run | RTO: kill to the first write that succeeded (s) | writes acknowledged (all on the promoted standby) | 503 answers meanwhile |"
  echo "|---|---|---|---|"
  n=0
  for line in "${results[@]}"; do
    n=$((n + 1))
    rto="$(sed -E 's/.*rto_seconds=([^ ]+).*/\1/' <<<"$line")"
    acknowledged="$(sed -E 's/.*acknowledged=([^ ]+).*/\1/' <<<"$line")"
    unavailable="$(sed -E 's/.*unavailable_answers=([^ ]+).*/\1/' <<<"$line")"
    echo "| $n | $rto | $acknowledged | $unavailable |"
  done
} >> docs/benchmarks.md
