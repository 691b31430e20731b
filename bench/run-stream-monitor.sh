#!/usr/bin/env bash
# The streaming monitor of issue 10 on one streaming project with 20 wordcount-demo applications
# launched through the platform (2 TaskManagers x 10 slots, rate 100 lines/s each), in one run:
# - freshness: the source's record counter read every 50 ms through Flink's REST API and through
#   the monitor API the application's page polls (GET .../applications/{id}/overview,
#   processedTotal): the platform's lag behind each new value on Flink (p50/p95/max) against the
#   engine's own refresh period, with 1 and with 20 applications running; then, with only the
#   platform reading Flink, how much older its samples are;
# - CPU of the control plane, the JobManager and the TaskManagers (from /proc) with no application,
#   then after a warm-up, in ABBA rounds, with 20 running and nobody watching and with 20 open
#   monitor pages polled as streaming.js polls them; the ratio control plane / JobManager.
# See docs/benchmarks.md.
#
#   bench/run-stream-monitor.sh [--apps=20] [--rate=100] [--idle-seconds=20] [--warm-up-seconds=120]
#     [--rounds=2] [--measure-seconds=40] [--freshness-seconds=40] [--alone-seconds=25] [--poll-ms=50]
#     [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
#
# Builds what it needs, starts its own server on a free port with a temporary data directory, and
# stops every process it started, even on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -DskipTests -Dspotless.skip=true package -pl bdpaas-server,bench -am
fi
exec java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" io.bdpaas.bench.StreamMonitorBench \
  --repo="$PWD" "$@"
