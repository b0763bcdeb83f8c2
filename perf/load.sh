#!/usr/bin/env bash
# Reruns one load figure of perf/RESULTS.md: starts the server(s) on loopback, runs the load
# generator against them, stops them. Reports land in perf/target/load-<figure>.{json,md}.
#
#   perf/load.sh latency         10,000 connections, 1,000 events/s, 1% selectivity: p99, drops
#   perf/load.sh latency-100     the same at 100 events/s (10,000 deliveries/s)
#   perf/load.sh idle            5,000 / 10,000 / 19,000 idle subscribed connections: heap each
#   perf/load.sh peak            10,000 connections, rate stepped up until p99 > 50 ms
#   perf/load.sh baseline        the latency scenario against Micronaut's WebSocketBroadcaster, then ours
#   perf/load.sh baseline-peak   the peak scenario against both
#   perf/load.sh cluster         3,000 connections, 1,000 events/s, 1%: one embedded instance,
#                                then 3 instances + Redis (events published on the first, every
#                                connection on the other two: each delivery crosses the bus)
#   perf/load.sh storm           3 rounds: 10,000 connections opened as fast as the server takes
#                                them, all dropped without a close handshake; registry, heap and
#                                direct memory after each round
#   perf/load.sh soak            1,000 fast clients at 500 events/s, 60 s without and 5 min with
#                                5 slow clients (one read a second): p99 both ways, 4008s, memory
#                                over time, event-loop stalls (--measure 10m for a longer soak)
#
# Extra arguments go to the load generator (e.g. --measure 60s). Environment:
#   SERVER_JVM   server JVM flags (default: -Xms2g -Xmx2g -XX:+UseG1GC)
#   CLIENT_JVM   load generator JVM flags (default: -Xms1g -Xmx1g -XX:+UseG1GC)
#   JFR=1        record the server with JFR (profile settings) to perf/target/load-<figure>.jfr
#   BUILD=0      use the jars as they are (default: build app and perf first)
#   SERVER_JAR   the server jar to load (default app/target/incident-stream.jar), e.g. an older
#                build for a before/after comparison
#   JWT_SECRET   the server's HS256 secret; the load generator mints its tokens with it (default: a
#                random one for this run)
#   CLUSTER_JVM  JVM flags of each cluster instance (default: -Xms1g -Xmx1g -XX:+UseG1GC)
#   REDIS_SERVER redis-server binary for the cluster figure (default: redis-server on the PATH, else
#                the Linux x86-64 one inside the org.signal:embedded-redis jar the tests use)
set -euo pipefail
cd "$(dirname "$0")/.."

figure="${1:-}"
shift || true
case "$figure" in
  latency | latency-100 | idle | peak | baseline | baseline-peak | cluster | storm | soak) ;;
  *)
    sed -n '2,20p' "$0" >&2
    exit 2
    ;;
esac

SERVER_JVM="${SERVER_JVM:--Xms2g -Xmx2g -XX:+UseG1GC}"
CLIENT_JVM="${CLIENT_JVM:--Xms1g -Xmx1g -XX:+UseG1GC}"
# One secret for the server and the load generator, which mints its viewer and publisher tokens
# with it; random per run unless given. (The baseline server ignores tokens.)
JWT_SECRET="${JWT_SECRET:-$(head -c 32 /dev/urandom | base64 | tr -d '\n')}"
export JWT_SECRET
CLUSTER_JVM="${CLUSTER_JVM:--Xms1g -Xmx1g -XX:+UseG1GC}"
OURS_PORT=18080
BASELINE_PORT=18090
CLUSTER_PORTS=(18081 18082 18083)
REDIS_PORT=16379
out=perf/target
run="$out/load-run"

if [[ "${BUILD:-1}" == "1" ]]; then
  ./mvnw -q -B -DskipTests -pl app,perf -am package
fi
# Servers run from copies, so a rebuild during a run cannot pull classes from under them.
mkdir -p "$run"
cp "${SERVER_JAR:-app/target/incident-stream.jar}" "$run/server.jar"
cp "$out/loadgen.jar" "$run/loadgen.jar"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
}
trap cleanup EXIT

await_port() {
  for _ in $(seq 1 360); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/")" != "000" ]]; then
      return 0
    fi
    sleep 0.5
  done
  echo "server on port $1 did not start; see $run/*.log" >&2
  exit 1
}

jfr_flags() {
  if [[ "${JFR:-0}" == "1" ]]; then
    echo "-XX:StartFlightRecording=filename=$out/load-$figure-$1.jfr,settings=profile,dumponexit=true"
  fi
}

start_ours() {
  # shellcheck disable=SC2086,SC2046 # word splitting of the JVM flags is intended
  PORT=$OURS_PORT java $SERVER_JVM $(jfr_flags ours) -jar "$run/server.jar" >"$run/ours.log" 2>&1 &
  ours_pid=$!
  pids+=("$ours_pid")
  await_port $OURS_PORT
}

start_baseline() {
  # shellcheck disable=SC2086,SC2046
  java $SERVER_JVM $(jfr_flags baseline) -jar "$run/loadgen.jar" baseline-server --port $BASELINE_PORT \
    >"$run/baseline.log" 2>&1 &
  baseline_pid=$!
  pids+=("$baseline_pid")
  await_port $BASELINE_PORT
}

redis_binary() {
  if [[ -n "${REDIS_SERVER:-}" ]]; then
    echo "$REDIS_SERVER"
  elif command -v redis-server >/dev/null; then
    command -v redis-server
  else
    local jar
    jar="$(find "${HOME}/.m2/repository/org/signal/embedded-redis" -name 'embedded-redis-*.jar' | sort | tail -1)"
    if [[ -z "$jar" ]]; then
      echo "no redis-server: set REDIS_SERVER, or run ./mvnw verify once (it fetches embedded-redis)" >&2
      exit 1
    fi
    unzip -p "$jar" redis-server-7.0.15-linux-amd64 >"$run/redis-server"
    chmod +x "$run/redis-server"
    echo "$run/redis-server"
  fi
}

await_redis() {
  for _ in $(seq 1 100); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3; } 2>/dev/null \
      && [[ "$reply" == +PONG* ]]; then
      exec 3>&-
      return 0
    fi
    sleep 0.2
  done
  echo "redis-server on port $REDIS_PORT did not start; see $run/redis.log" >&2
  exit 1
}

# The cluster figure: the same load against one embedded instance, then against three instances
# sharing a Redis, with events published on the first and every connection on the other two.
run_cluster() {
  local common=(--mode latency --connections 3000 --rate 1000 --selectivity 0.01)
  echo "== embedded: $(uptime)"
  start_ours
  # shellcheck disable=SC2086
  java $CLIENT_JVM -jar "$run/loadgen.jar" --target "http://127.0.0.1:$OURS_PORT" \
    --server-pid "$ours_pid" --json "$out/load-cluster-embedded.json" "${common[@]}" "$@"
  kill "$ours_pid"
  while kill -0 "$ours_pid" 2>/dev/null; do sleep 0.2; done

  echo "== 3 instances + Redis: $(uptime)"
  "$(redis_binary)" --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no \
    >"$run/redis.log" 2>&1 &
  pids+=("$!")
  await_redis
  # One at a time: three JVMs starting at once on two cores can time out their first Redis call.
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    # shellcheck disable=SC2086,SC2046
    REDIS_URI="redis://127.0.0.1:$REDIS_PORT" PORT=$port STREAM_INSTANCE_ID="load-$port" \
      java $CLUSTER_JVM $(jfr_flags "cluster-$port") -jar "$run/server.jar" >"$run/cluster-$port.log" 2>&1 &
    pids+=("$!")
    await_port "$port"
  done
  # shellcheck disable=SC2086
  java $CLIENT_JVM -jar "$run/loadgen.jar" --target "http://127.0.0.1:${CLUSTER_PORTS[0]}" \
    --ws-targets "http://127.0.0.1:${CLUSTER_PORTS[1]},http://127.0.0.1:${CLUSTER_PORTS[2]}" \
    --json "$out/load-cluster.json" "${common[@]}" "$@"
  echo "== $(uptime)"
}

if [[ "$figure" == cluster ]]; then
  run_cluster "$@"
  exit 0
fi

args=(--target "http://127.0.0.1:$OURS_PORT" --json "$out/load-$figure.json")
# shellcheck disable=SC2054 # the commas separate the values of one generator option
case "$figure" in
  latency) args+=(--mode latency --connections 10000 --rate 1000 --selectivity 0.01) ;;
  latency-100) args+=(--mode latency --connections 10000 --rate 100 --selectivity 0.01) ;;
  idle) args+=(--mode idle --connections 5000,10000,19000) ;;
  peak | baseline-peak)
    args+=(--mode peak --connections 10000 --selectivity 0.01 --warmup 5s --measure 20s
      --rates 50,100,150,200,250,300,400,500,750,1000,1500,2000,3000,4000,6000,8000,10000)
    ;;
  baseline) args+=(--mode latency --connections 10000 --rate 1000 --selectivity 0.01) ;;
  storm)
    args+=(--mode storm --connections 10000 --rounds 3 --connect-rate 100000
      --connect-concurrency 1000)
    ;;
  soak)
    # The history full after 20 s instead of growing for 10 minutes: memory is flat after warm-up.
    export STREAM_HISTORY_RETENTION="${STREAM_HISTORY_RETENTION:-0s}"
    args+=(--mode soak --connections 1000 --rate 500 --selectivity 0.01 --slow-clients 5
      --slow-read-interval 1s --warmup 10s --compare 60s --measure 5m --sample-interval 10s)
    ;;
esac

echo "== $(uptime)"
start_ours
args+=(--server-pid "$ours_pid")
if [[ "$figure" == baseline* ]]; then
  start_baseline
  args+=(--baseline-target "http://127.0.0.1:$BASELINE_PORT" --baseline-pid "$baseline_pid")
fi

# shellcheck disable=SC2086
java $CLIENT_JVM -jar "$run/loadgen.jar" "${args[@]}" "$@"
if [[ "$figure" == soak ]]; then
  # The server's own word on the slow clients (they connect from the address after the fast ones).
  echo "slow clients the server closed with 4008: $(grep -c 'from 127.0.0.3 after .*: 4008 (' "$run/ours.log" || true)"
  echo "event-loop stall warnings in the server log: $(grep -c 'has not run a task for' "$run/ours.log" || true)"
fi
echo "== $(uptime)"
