#!/usr/bin/env bash
# The all-applications list and the overview with --applications applications in the database
# (1,000: half Spark job runs, half streaming applications), against GET /api/v1/me on the same
# server in the same run: --connections concurrent clients (20); prints requests/s, p50/p99 and
# errors per endpoint, and the ratios to /me. See docs/benchmarks.md.
#
#   bench/run-applications-list.sh [--applications=1000] [--connections=20] [--seconds=20] [--warm-up-seconds=10] [--keep=1]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.ApplicationsListBench \
  --repo="$PWD" "$@"
