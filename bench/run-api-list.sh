#!/usr/bin/env bash
# The API's list endpoints under load, against GET /api/v1/me on the same server in the same run:
# a database of --clusters clusters (10,000), --connections concurrent clients (200); prints
# requests/s, p50/p99 and errors per endpoint, the ratios to /me, and the server's RSS.
# See docs/benchmarks.md.
#
#   bench/run-api-list.sh [--clusters=10000] [--connections=200] [--seconds=20] [--warm-up-seconds=10] [--keep=1]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.ApiListBench \
  --repo="$PWD" "$@"
