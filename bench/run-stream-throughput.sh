#!/usr/bin/env bash
# The demo word count's throughput launched through the platform (POST
# /api/v1/projects/{p}/applications, package wordcount-demo, rate 0 = unthrottled) vs. the same jar
# submitted to the project's Flink JobManager directly (POST /jars/upload, POST /jars/{id}/run with
# the same entry class, arguments and parallelism), alternating, in one run, on one warm streaming
# project. Both sides: the job's own gauge wordsCounted read through Flink's REST API every second;
# after the warm-up, the delta over the measured seconds gives words/s. Prints each round's words/s
# for both, the medians and the ratio platform / direct. See docs/benchmarks.md.
#
#   bench/run-stream-throughput.sh [--rounds=3] [--warm-up-seconds=20] [--measure-seconds=30] [--rate=0] [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
#
# Builds what it needs, starts its own server on a free port with a temporary data directory, and
# stops every process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.StreamThroughputBench \
  --repo="$PWD" "$@"
