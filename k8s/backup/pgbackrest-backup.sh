#!/usr/bin/env bash
# The daily full backups of pgBackRest's policy (k8s/backup/pgbackrest.conf): one into the
# file-system repository, one into S3; each expires what its retention no longer keeps, and repo 3
# (release snapshots) drops the WAL no snapshot needs. Runs on the primary's host as the
# database's user (the CronJob of k8s/backup runs it there with kubectl exec).
set -euo pipefail
stanza="${PGBACKREST_STANZA:-treenetra}"
pgbackrest --stanza="$stanza" --repo=1 --type=full backup
pgbackrest --stanza="$stanza" --repo=2 --type=full backup
pgbackrest --stanza="$stanza" --repo=3 expire
pgbackrest --stanza="$stanza" check
