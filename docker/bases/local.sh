#!/usr/bin/env bash
# Makes the two base images docker/Dockerfile builds on, from Debian's packages, on a machine that
# reaches Debian's archive but no image registry: localhost/treenetra-build-base:17 (JDK 17 and
# Maven) and localhost/treenetra-runtime-base:17 (JRE 17), both on localhost/debian:bookworm, a
# debootstrap minbase. An image already there is kept. Needs root, podman and debootstrap.
#   bash docker/bases/local.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if ! podman image exists localhost/debian:bookworm; then
  root="$(mktemp -d "${TMPDIR:-/tmp}/debian-bookworm.XXXXXX")"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
    tail -20 "$root.log" >&2
    exit 1
  }
  rm -f "$root"/var/cache/apt/archives/*.deb "$root.log"
  rm -rf "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | podman import --quiet - localhost/debian:bookworm >/dev/null
fi

for base in build runtime; do
  if ! podman image exists "localhost/treenetra-$base-base:17"; then
    podman build --quiet --network=host -t "localhost/treenetra-$base-base:17" \
      -f "$here/$base.Containerfile" "$here" >/dev/null
  fi
done
