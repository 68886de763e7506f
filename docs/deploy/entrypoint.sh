#!/bin/sh
# Starts one Wegwijs process in the image: `api` or `worker`.
set -eu
case "${1:-}" in
  api | worker) exec node -r @swc-node/register "apps/$1/src/main.ts" ;;
  *) echo "usage: api | worker" >&2; exit 64 ;;
esac
