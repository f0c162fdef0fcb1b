#!/bin/sh
# The image's entrypoint: runs `elekto ARGS…` (default `serve`). Before `serve`, when
# ELEKTO_MIGRATE=true (the image's default), it runs `elekto migrate` first and stops if that
# refuses (the reason is in the log); replicas starting at once take turns on the database's
# migration lock, and the later ones find nothing left to do. `exec` makes Node.js the
# process tini forwards SIGTERM to, which `elekto serve` handles by finishing the requests in
# flight.
set -e
[ "$#" -gt 0 ] || set -- serve
if [ "$1" = serve ] && [ "${ELEKTO_MIGRATE:-true}" = true ]; then
  node /app/dist/cli/bin.js migrate
fi
exec node /app/dist/cli/bin.js "$@"
