#!/usr/bin/env bash
# Cluster create -> ready through the platform vs. the same processes started by a plain script
# (same argv, environment, config files, orchestration and readiness probes), alternating, in one
# run; prints per-run times, medians and the ratio platform / plain. See docs/benchmarks.md.
#
#   bench/run-cluster-ready.sh [--runs=3] [--products=spark,flink,spark-project] [--client=wait|poll] [--poll-ms=100] [--warm-requests=3000] [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
#
# Builds what it needs (server jar, engine runtimes, this module; no tests, no formatting of other
# modules), starts its own server on a free port with a temporary data directory, and stops every
# process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.ClusterReadyBench \
  --repo="$PWD" "$@"
