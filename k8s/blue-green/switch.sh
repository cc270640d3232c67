#!/usr/bin/env bash
# Blue-green switch: sends all API traffic to COLOUR once its Deployment is fully rolled out and ready.
# Usage: k8s/blue-green/switch.sh blue|green [namespace]. The colour goes into the Service's selector
# by this patch only (see kustomization.yaml); each colour has its own autoscaler.
# Rolling back is switching back: the other colour's pods are still running.
set -euo pipefail
colour="${1:?usage: switch.sh blue|green [namespace]}"
namespace="${2:-treenetra}"
case "$colour" in blue|green) ;; *) echo "colour must be blue or green" >&2; exit 2 ;; esac

kubectl -n "$namespace" rollout status "deployment/treenetra-api-$colour" --timeout=300s
ready=$(kubectl -n "$namespace" get "deployment/treenetra-api-$colour" -o jsonpath='{.status.readyReplicas}')
if [ "${ready:-0}" -lt 1 ]; then
  echo "treenetra-api-$colour has no ready pod; not switching" >&2
  exit 1
fi
kubectl -n "$namespace" patch service treenetra-api --type merge \
  -p "{\"spec\":{\"selector\":{\"treenetra.io/track\":\"$colour\"}}}"
echo "treenetra-api now serves from $colour ($ready ready pods)"
