#!/usr/bin/env bash
# Side by side, in one run: App Connect core's composeCallLog (installed from npm into a
# temporary directory, nothing kept) against ours, on the same inputs:
#   * per compose: the public compatibility vectors, JSON text -> body on both sides;
#   * updates of plain bodies core wrote (1, 2, 4, 16 MiB, ~10,000 lines per MiB): a new
#     recording link only, and the whole call again; the request is parsed beforehand on
#     both sides, so only the compose is timed.
# Usage: benches/vs-core/run.sh   (CORE_VERSION=1.7.41 to pin core; APP_CONNECT_REFERENCE as in tests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ref=${APP_CONNECT_REFERENCE:-$root/../shared}
vectors=$ref/vectors/composer-compat-public.jsonl
[ -f "$vectors" ] || { echo "missing $vectors (set APP_CONNECT_REFERENCE)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
    "@app-connect/core@${CORE_VERSION:-latest}" >/dev/null)
echo "core: @app-connect/core $(node -p "require('$tmp/node_modules/@app-connect/core/package.json').version"), node $(node --version)"

node "$here/core.js" prepare "$tmp" "$vectors"
(cd "$root" && cargo bench --bench vs_core --no-run --quiet)
echo "load before: $(uptime)"
(cd "$root" && cargo bench --bench vs_core --quiet -- "$tmp") > "$tmp/ours.tsv"
node "$here/core.js" time "$tmp" > "$tmp/core.tsv"
echo "load after:  $(uptime)"
node "$here/core.js" report "$tmp/core.tsv" "$tmp/ours.tsv"
