#!/usr/bin/env bash
# An SQL paragraph's round trip through the platform's notebook API (POST run, poll GET run every
# --poll-ms until finished, GET result) vs. the same query from the official Spark Connect JVM client
# directly, on one warm Spark project, alternating in blocks in one run; prints p50/p95/p99 of each
# side and the ratio platform / direct of the p50s. See docs/benchmarks.md.
#
#   bench/run-notebook-sql.sh [--warm-up=1500] [--iterations=300] [--block=20] [--poll-ms=0]
#                             [--sql='SELECT sum(id) AS total FROM range(1000)'] [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
#
# Builds what it needs, starts its own server on a free port with a temporary data directory, and
# stops every process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
# The Connect client's Arrow needs java.nio opened.
exec java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED \
  -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.NotebookSqlBench --repo="$PWD" "$@"
