#!/usr/bin/env bash
# Builds the Elekto image (Containerfile) with podman and runs it for real, the way an
# operator would: read-only root filesystem, one volume, no capabilities, against this
# machine's PostgreSQL (a throw-away database, dropped afterwards). Checks: no compiler and a
# non-root user in the image; two containers migrating one fresh database at once (the
# entrypoint's ELEKTO_MIGRATE=true beside `elekto migrate`); /health 200; the demo election
# page; a ballot cast through the login and ballot forms; `elekto migrate` and
# `elekto validate` inside the running container; a clean stop on SIGTERM. Prints the image
# size and the time from `podman run` to the first /health 200.
#
# Base images cannot be pulled on machines without a container registry: the official
# node:<line>-bookworm-slim is replaced by a stand-in built locally (scripts/container-base.sh,
# cached by its tag). Any failure, podman's included, fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.22.3 # the newest LTS line (the Containerfile's NODE_LINE)
IMAGE=localhost/elekto:test
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qAt)

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || [ ! -x /usr/sbin/runc ]; then
  echo "== installing podman, runc, debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi
# What podman needs on these machines (see docs/production.md): runc, cgroupfs, no ulimits.
CONTAINERS_CONF="$(mktemp)"
export CONTAINERS_CONF
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' >"$CONTAINERS_CONF"
podman=(podman --runtime /usr/sbin/runc)

database="elekto_ct_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
volume="$database"
containers=()
cleanup() {
  for c in "${containers[@]}"; do "${podman[@]}" rm -f "$c" >/dev/null 2>&1 || true; done
  "${podman[@]}" volume rm -f "$volume" >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -f "$CONTAINERS_CONF"
}
trap cleanup EXIT
fail() { echo "test-container: FAILED: $*" >&2; exit 1; }
ms() { date +%s%3N; }

echo "== base image"
started=$(ms)
base="$(bash scripts/container-base.sh "$NODE_VERSION")"
echo "$base ($(( ($(ms) - started) / 1000 )) s)"

echo "== podman build"
started=$(ms)
"${podman[@]}" build --isolation chroot --network host --build-arg "BASE=$base" -t "$IMAGE" . >/tmp/elekto-image-build.log 2>&1 ||
  { tail -40 /tmp/elekto-image-build.log; fail "podman build"; }
size=$("${podman[@]}" image inspect --format '{{.Size}}' "$IMAGE")
base_size=$("${podman[@]}" image inspect --format '{{.Size}}' "$base")
echo "built $IMAGE in $(( ($(ms) - started) / 1000 )) s: $(( size / 1000000 )) MB, $(( (size - base_size) / 1000000 )) MB above the base image"

run=("${podman[@]}" run --network host --read-only --cap-drop ALL --security-opt no-new-privileges)

echo "== the image: non-root, no compiler, the CLI"
"${run[@]}" --rm --entrypoint sh "$IMAGE" -c \
  'test "$(id -u)" != 0 && ! command -v gcc && ! command -v cc && ! command -v g++ && ! command -v make && git --version && elekto --version' ||
  fail "the runtime image must run as non-root, have git and no compiler"

echo "== two containers migrating one fresh PostgreSQL database at once"
"${PSQL[@]}" -c "CREATE DATABASE $database"
url="postgresql://postgres@127.0.0.1:5432/$database"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"${podman[@]}" volume create "$volume" >/dev/null
server="$database-serve"
containers+=("$server")
# The demo (development, no META_REPO) on PostgreSQL, with the entrypoint's migration.
started=$(ms)
"${run[@]}" -d --name "$server" -v "$volume:/var/lib/elekto" \
  -e APP_ENV=development -e APP_PORT="$port" -e DATABASE_URL="$url" "$IMAGE" >/dev/null
"${run[@]}" --rm -e DATABASE_URL="$url" -e APP_ENV=development "$IMAGE" migrate || fail "a concurrent elekto migrate"
health=""
for _ in $(seq 1 600); do
  health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
  [ "$health" = 200 ] && break
  [ "$("${podman[@]}" inspect --format '{{.State.Running}}' "$server")" = true ] || break
  sleep 0.1
done
ready_ms=$(( $(ms) - started ))
"${podman[@]}" logs "$server" >/tmp/elekto-container.log 2>&1 || true
[ "$health" = 200 ] || { cat /tmp/elekto-container.log; fail "/health answered '$health'"; }
grep -Eq 'Migrated the PostgreSQL|is up to date' /tmp/elekto-container.log || fail "the entrypoint did not run elekto migrate"
echo "container start -> /health 200: ${ready_ms} ms"

echo "== the demo election page, a ballot"
page=$(curl -sf "http://127.0.0.1:$port/elections/steering---term-5") || fail "the demo election page"
grep -q 'Steering Committee' <<<"$page" || fail "the demo election page lacks its name"
curl -sf -o /dev/null "http://127.0.0.1:$port/static/css/elekto.css" || fail "the stylesheet"
node --import tsx test/container/cast-demo-ballot.ts "http://127.0.0.1:$port"
voters=$("${PSQL[@]}" -d "$database" -c "SELECT count(*) FROM voter v JOIN election e ON e.id = v.election_id WHERE e.key = 'steering---term-5'")
[ "$voters" = 1 ] || fail "expected alice's vote in the database, found $voters voter rows"

echo "== elekto migrate and elekto validate inside the running container"
"${podman[@]}" exec "$server" elekto migrate | grep -q 'is up to date' || fail "elekto migrate inside the container"
"${podman[@]}" exec "$server" elekto validate /var/lib/elekto/data/demo-meta || fail "elekto validate inside the container"

echo "== SIGTERM"
started=$(ms)
"${podman[@]}" stop -t 20 "$server" >/dev/null
code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$server")
[ "$code" = 0 ] || { "${podman[@]}" logs "$server" | tail -20; fail "elekto serve exited with $code on SIGTERM"; }
echo "stopped cleanly in $(( $(ms) - started )) ms"

echo "test-container: image $(( size / 1000000 )) MB ($(( (size - base_size) / 1000000 )) MB above the base), start -> /health 200 in ${ready_ms} ms"
