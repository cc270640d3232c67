#!/usr/bin/env bash
# Restores a backup taken by k8s/backup/backup.sh (pg_dump -Fc) into an EMPTY database, which then
# serves as the new primary: point DB_URL at it and restart the service. Usage:
#   scripts/restore.sh BACKUP_FILE|s3://bucket/key
# Target from libpq's variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD). Refuses a database
# that already has TreeNetra's tables: restoring over live data is never what an operator meant.
set -euo pipefail
source="${1:?usage: restore.sh BACKUP_FILE|s3://bucket/key}"
file="$source"
if [[ "$source" == s3://* ]]; then
  file="$(mktemp)"
  trap 'rm -f "$file"' EXIT
  aws s3 cp "$source" "$file"
fi
if [ "$(psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tree'")" != 0 ]; then
  echo "the target database already has a tree table: restore into an empty database" >&2
  exit 1
fi
pg_restore --exit-on-error --no-owner --no-privileges --jobs="${RESTORE_JOBS:-2}" --dbname="${PGDATABASE:-postgres}" "$file"
psql -X -v ON_ERROR_STOP=1 -c "ANALYZE"
echo "restored $source: $(psql -X -A -t -c 'SELECT count(*) FROM tree') trees"
