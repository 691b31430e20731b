#!/usr/bin/env bash
# Project create -> ready through the platform (POST /api/v1/projects, then GET /api/v1/projects/{id}
# every --poll-ms until its status is ready) vs. the same processes (Spark master, one worker, and the
# Spark Connect server, SparkSubmit in client mode) started by a plain script that waits until the
# Connect gRPC port accepts connections; alternating, in one run; prints per-run times, medians and the
# ratio platform / plain. The project is deleted between runs (until its processes are gone). It is
# bench/run-cluster-ready.sh's benchmark for the spark-project product. See docs/benchmarks.md.
#
#   bench/run-project-ready.sh [--runs=3] [--poll-ms=100] [--warm-requests=3000] [--keep=true]
#   (BENCH_SKIP_BUILD=1 to reuse the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-cluster-ready.sh --products=spark-project --client=poll "$@"
