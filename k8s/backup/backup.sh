#!/usr/bin/env bash
# Takes a backup of the TreeNetra database (the CronJob of k8s/backup runs it; so can an operator): pg_dump's custom format (compressed, restorable table by
# table, in parallel). Usage: k8s/backup/backup.sh OUTPUT_FILE
# Connection from libpq's variables: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (or ~/.pgpass).
set -euo pipefail
out="${1:?usage: backup.sh OUTPUT_FILE}"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$out.partial"
# A listing proves the archive is whole before it replaces anything.
pg_restore --list "$out.partial" > /dev/null
mv "$out.partial" "$out"
echo "backup written: $out ($(stat -c %s "$out") bytes)"
