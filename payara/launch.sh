#!/usr/bin/env bash
# Starts the TreeNetra server the one way it is started everywhere: the run command (through
# io.treenetra.launcher.DevLauncher) and the container image both exec this script.
# Environment: PORT (8080), DB_URL/DB_USER/DB_PASSWORD, and the paths below.
#   launch.sh                 starts the server
#   launch.sh --cds-archive   boots, deploys and stops at once, writing TREENETRA_CDS_ARCHIVE: the
#                             classes a start loads, parsed and verified, for the starts after it
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${PORT:-8080}"
micro_jar="${PAYARA_MICRO_JAR:-$here/../target/payara-micro.jar}"
war="${TREENETRA_WAR:-$here/../target/treenetra.war}"
logging_jar="${TREENETRA_LOGGING_JAR:-$here/../target/treenetra-logging.jar}"

option() {
  sed -n "s/^$1=//p" "$here/launch.properties" | sed "s|\${PAYARA_DIR}|$here|g"
}

# glibc's per-thread malloc arenas cost the JVM tens of MiB of RSS for nothing here.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# The S3 client's libraries only where photos go to S3: every other start is half a second faster.
micro_options="$(option micro.options)"
if [ "${TREENETRA_STORAGE_TYPE:-filesystem}" = s3 ]; then
  micro_options="$(printf '%s' "$micro_options" | sed "s|/target/lib\b|/target/lib:$here/../target/lib-s3|")"
fi

# A fresh root directory per start: a reused one redeploys the previous run's application first.
# Each holds the unpacked runtime (about 100 MiB), so the directories of servers that have ended
# are removed here: the server's process id (this shell's, kept by exec) is written into its own.
for old_root in "${TMPDIR:-/tmp}"/treenetra-payara.*; do
  if [ -f "$old_root/server.pid" ] && ! kill -0 "$(cat "$old_root/server.pid")" 2>/dev/null; then
    rm -rf "$old_root"
  fi
done
root="$(mktemp -d "${TMPDIR:-/tmp}/treenetra-payara.XXXXXX")"
echo $$ >"$root/server.pid"

# Class-data sharing (JDK 17's dynamic archive): with an archive made by --cds-archive for this
# runtime and these libraries, about 16,000 classes are mapped instead of parsed, a start is about
# 1.5 s shorter and holds about 20 MiB less (docs/benchmarks.md). The image makes one at build time.
# An archive that does not match (another JVM, a changed payara-micro.jar) is ignored by the JVM.
archive="${TREENETRA_CDS_ARCHIVE:-$here/../target/treenetra.jsa}"
cds=()
warmup=()
if [ "${1:-}" = --cds-archive ]; then
  cds=("-XX:ArchiveClassesAtExit=$archive")
  warmup=(--warmup)
elif [ -f "$archive" ]; then
  cds=("-XX:SharedArchiveFile=$archive")
fi

# shellcheck disable=SC2046,SC2086 # the option lines and JAVA_EXTRA_OPTS are word lists on purpose
exec java $(option jvm.options) ${JAVA_EXTRA_OPTS:-} "${cds[@]}" \
  -Xbootclasspath/a:"$logging_jar" \
  -jar "$micro_jar" \
  $micro_options $(option micro.logging) \
  --port "$port" --rootdir "$root" --deploy "$war" "${warmup[@]}"
