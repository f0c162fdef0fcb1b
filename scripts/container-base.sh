#!/usr/bin/env bash
# Builds a local stand-in for the official `node:<line>-bookworm-slim` image, for machines
# that reach package registries but no container registry (see docs/production.md,
# "Building the image without a registry"). Cached by its tag: prints the tag, and rebuilds
# only when it is missing. Usage: container-base.sh NODE_VERSION (e.g. 24.22.3).
#
# The stand-in has the official image's layout (Node.js and npm under /usr/local, Debian
# bookworm), plus this machine's CA bundle and npm settings, because the registries are
# reached through a TLS-intercepting proxy: facts of the machine, kept out of the Containerfile.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$1"
tag="localhost/node:${version%%.*}-bookworm-slim"
podman=(podman --runtime /usr/sbin/runc)
if "${podman[@]}" image exists "$tag"; then echo "$tag"; exit 0; fi

node_dir="$(bash scripts/node-binary.sh "$version")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
debootstrap --variant=minbase bookworm "$work/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }
root="$work/rootfs"
install -D -m 755 "$node_dir/bin/node" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/include" && cp -r "$node_dir/include/." "$root/usr/local/include/"
(cd "$work" && npm pack --silent npm@11 >/dev/null)
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-11*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# The official image's unprivileged user (uid 1000).
chroot "$root" /usr/sbin/groupadd --gid 1000 node
chroot "$root" /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -cf "$work/base.tar" .
"${podman[@]}" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$version" \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_nodedir=/usr/local' \
  --change 'CMD ["node"]' \
  "$work/base.tar" "$tag" >/dev/null
echo "$tag"
