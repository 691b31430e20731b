#!/usr/bin/env bash
# The control plane's own footprint: start-up time (process start -> readiness UP, and Spring's
# "Started ... in X seconds" line) and idle memory (VmRSS after start-up and after 30 s idle, no
# clusters). Three first starts on fresh data directories, then one restart on existing data.
# See docs/benchmarks.md.
#
#   bench/run-server-footprint.sh [--starts=3] [--idle-seconds=30]
#
# Builds what it needs (no tests, no formatting of other modules), starts the server on free ports
# with temporary data directories, and stops every process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.ServerFootprint \
  --repo="$PWD" "$@"
