#!/usr/bin/env bash
# Point-in-time recovery with pgBackRest (policy: k8s/backup/pgbackrest.conf). Restores the
# database as it was at a time, or a release snapshot, into DATA_DIR; start PostgreSQL on DATA_DIR
# and it replays the archived WAL up to that point, promotes itself (a new timeline) and serves.
# Then point DB_URL at it and restart TreeNetra (docs/operations.md, "Point-in-time recovery").
# Usage:
#   scripts/pitr-restore.sh --time 'YYYY-MM-DD HH:MM:SS[.ffffff]+ZZ' DATA_DIR [REPO]
#   scripts/pitr-restore.sh --snapshot LABEL DATA_DIR
# REPO is 1 (the file-system repository, the default) or 2 (S3); snapshots are in repo 3. The time
# must name its zone ('+00' for UTC): a time without one would be read in the server's zone.
# DATA_DIR must be empty or absent: this never writes over a cluster. Run as the database's user
# on a host with pgBackRest; PGBACKREST_CONFIG and PGBACKREST_CONFIG_INCLUDE_PATH name other
# configuration files, PGBACKREST_STANZA another stanza than treenetra. Needs jq for --snapshot.
set -euo pipefail
usage="usage: pitr-restore.sh --time 'YYYY-MM-DD HH:MM:SS[.ffffff]+ZZ' DATA_DIR [1|2] | --snapshot LABEL DATA_DIR"
fail() {
  echo "pitr-restore.sh: $1" >&2
  exit 2
}
[ $# -ge 3 ] || fail "$usage"
mode="$1"
target="$2"
data_dir="$3"
stanza="${PGBACKREST_STANZA:-treenetra}"
# Named on the command line, the configuration files are named in the restore_command pgBackRest
# writes for the restored server too (options from the environment are not).
config=()
[ -z "${PGBACKREST_CONFIG:-}" ] || config+=("--config=$PGBACKREST_CONFIG")
[ -z "${PGBACKREST_CONFIG_INCLUDE_PATH:-}" ] \
  || config+=("--config-include-path=$PGBACKREST_CONFIG_INCLUDE_PATH")

if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir")" ]; then
  fail "$data_dir is not empty: restore into an empty directory (a cluster is never overwritten)"
fi

case "$mode" in
  --time)
    [ $# -le 4 ] || fail "$usage"
    repo="${4:-1}"
    [[ "$repo" =~ ^[12]$ ]] || fail "REPO must be 1 (file system) or 2 (S3), not '$repo'"
    zone='([+-][0-9]{2}(:?[0-9]{2})?|Z|UTC)'
    if ! [[ "$target" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[\ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?\ ?$zone$ ]] \
      || ! date -d "$target" >/dev/null 2>&1; then
      fail "'$target' is not a time with its zone, such as '2026-12-02 14:05:00+00'"
    fi
    mkdir -p "$data_dir" && chmod 700 "$data_dir"
    pgbackrest "${config[@]}" --stanza="$stanza" --repo="$repo" --pg1-path="$data_dir" \
      --type=time --target="$target" --target-action=promote restore
    echo "restored $stanza from repo$repo into $data_dir, to be recovered to $target: start PostgreSQL on it"
    ;;
  --snapshot)
    [ $# -eq 3 ] || fail "$usage"
    set="$(pgbackrest --stanza="$stanza" --repo=3 --output=json info \
      | jq -r --arg release "$target" '.[0].backup[] | select(.annotation.release == $release) | .label' | tail -1)"
    [ -n "$set" ] || fail "no release snapshot labelled '$target' (scripts/release-snapshot.sh --list)"
    mkdir -p "$data_dir" && chmod 700 "$data_dir"
    pgbackrest "${config[@]}" --stanza="$stanza" --repo=3 --set="$set" --pg1-path="$data_dir" \
      --type=immediate --target-action=promote restore
    echo "restored release snapshot $target (backup $set) into $data_dir: start PostgreSQL on it"
    ;;
  *) fail "$usage" ;;
esac
