#!/usr/bin/env bash
# One full reconcile pass of the Kubernetes backend over --tenants tenants' clusters (1,000; a Spark
# master, worker and Connect server each) against fabric8's mock API server in a process of its
# own: the create pass, then --resyncs passes (3) that find everything in place. Prints wall time,
# the control plane's CPU, API requests and the mock server's CPU per pass. See docs/benchmarks.md.
#
#   bench/run-kubernetes-reconcile.sh [--tenants=1000] [--resyncs=3]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bench -am
fi
exec java -Xmx1g -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.KubernetesReconcileBench \
  --repo="$PWD" "$@"
