#!/usr/bin/env bash
# A labelled snapshot of the database before a release: a full pgBackRest backup into repo 3
# (k8s/backup/pgbackrest.conf keeps each 90 days with the WAL that makes it consistent), annotated
# release=LABEL. The CI/CD workflow takes one before it migrates production. Usage:
#   scripts/release-snapshot.sh LABEL     take one (LABEL: letters, digits, . _ -; at most 64)
#   scripts/release-snapshot.sh --list    the snapshots kept: label, backup set, time (UTC)
# Restore one with scripts/pitr-restore.sh --snapshot LABEL DATA_DIR. Run as the database's user on
# the primary's host; PGBACKREST_CONFIG, PGBACKREST_CONFIG_INCLUDE_PATH and PGBACKREST_STANZA
# as for pitr-restore.sh. Needs jq.
set -euo pipefail
fail() {
  echo "release-snapshot.sh: $1" >&2
  exit 2
}
[ $# -eq 1 ] || fail "usage: release-snapshot.sh LABEL | --list"
stanza="${PGBACKREST_STANZA:-treenetra}"

snapshots() {
  pgbackrest --stanza="$stanza" --repo=3 --output=json info \
    | jq -r '.[0].backup[] | select(.annotation.release != null)
             | [.annotation.release, .label, (.timestamp.stop | todate)] | @tsv'
}

if [ "$1" = --list ]; then
  snapshots
  exit 0
fi
label="$1"
[[ "$label" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] \
  || fail "'$label' is not a label: letters, digits, '.', '_' and '-', at most 64, starting with a letter or digit"
if snapshots | cut -f1 | grep -qxF -- "$label"; then
  fail "a snapshot labelled '$label' exists already"
fi
pgbackrest --stanza="$stanza" --repo=3 --type=full --annotation=release="$label" backup
snapshots | awk -F '\t' -v label="$label" '$1 == label { print "snapshot " $1 ": backup " $2 ", " $3 }'
