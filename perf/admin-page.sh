#!/usr/bin/env bash
# The admin API's sessions(first: 50) at 50,000 sessions (issue 12), in process: page time p50/p99
# alone, and fan-out throughput (deliveries/s) with and without a console polling that page
# without pause. Real /ws sessions on embedded channels (no sockets), see AdminPageBenchmark.
#
#   perf/admin-page.sh                 50,000 sessions
#   perf/admin-page.sh -p sessions=N   another count
#
# BUILD=0 uses perf/target/benchmarks.jar as it is. Prints JMH's table; the figures to read:
#   pageNewest50 / pageFilteredSorted50: p0.50 and p0.99 (us per page)
#   streamAlone, streamPolled:streamPolledDeliver: events/s written to every matching session;
#   deliveries/s = that x sessions / 2 (half of the sessions match)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BUILD:-1}" == "1" ]]; then
  ./mvnw -q -B -DskipTests -pl perf -am package
fi
exec java -jar perf/target/benchmarks.jar AdminPageBenchmark -rf text "$@"
