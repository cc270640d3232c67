#!/usr/bin/env bash
# Canary releases of the API. Usage:
#   k8s/canary/canary.sh start IMAGE [namespace]    one pod of IMAGE next to production, behind the same Service
#   k8s/canary/canary.sh promote IMAGE [namespace]  roll production to IMAGE (maxUnavailable 0), then remove the canary
#   k8s/canary/canary.sh abort [namespace]          remove the canary
# Watch the canary's error rate and latency (the Grafana dashboard, pod treenetra-api-canary-*) before promoting.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?usage: canary.sh start|promote IMAGE [namespace] | abort [namespace]}"
case "$action" in
  start)
    image="${2:?image}"; namespace="${3:-treenetra}"
    kubectl kustomize "$here" | sed "s|image: treenetra:canary|image: $image|" | kubectl -n "$namespace" apply -f -
    kubectl -n "$namespace" rollout status deployment/treenetra-api-canary --timeout=300s
    ;;
  promote)
    image="${2:?image}"; namespace="${3:-treenetra}"
    kubectl -n "$namespace" set image deployment/treenetra-api "treenetra=$image"
    kubectl -n "$namespace" rollout status deployment/treenetra-api --timeout=600s
    kubectl -n "$namespace" delete deployment treenetra-api-canary --ignore-not-found
    ;;
  abort)
    namespace="${2:-treenetra}"
    kubectl -n "$namespace" delete deployment treenetra-api-canary --ignore-not-found
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
