#!/usr/bin/env bash
# A jar job's submit -> RUNNING through the platform (POST /api/v1/projects/{p}/jobs/{j}/runs, then
# one GET of the run ?until=running, answered when it runs; --platform-waits=false polls instead)
# vs. the same driver submitted to the project's Spark master directly (POST
# /v1/submissions/create, then GET /v1/submissions/status/{id} every --poll-ms until RUNNING),
# alternating, in one run, on one warm project; prints both sides' times, their medians and the
# ratio platform / direct. See docs/benchmarks.md.
#
#   bench/run-job-submit.sh [--warm-up=100] [--iterations=30] [--poll-ms=5]
#                           [--platform-waits=true] [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
#
# Builds what it needs, starts its own server on a free port with a temporary data directory, and
# stops every process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.JobSubmitBench \
  --repo="$PWD" "$@"
