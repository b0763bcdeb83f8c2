#!/usr/bin/env bash
# Fuzzes the decoders of untrusted bytes with Jazzer (coverage-guided), one target after another:
# the client-message decoder, the subscription filters, the ingest decoder (HTTP body and Redis
# ingest channel) and the cluster bus envelope and heartbeat decoder (domain's *FuzzTest).
#
#   perf/fuzz.sh [SECONDS]   fuzz each target for SECONDS (default: $FUZZ_SECONDS_PER_TARGET, else
#                            300); CI runs it with 20
#
# Jazzer fuzzes one @FuzzTest per JVM, so each target is one Maven run of domain's tests
# (JAZZER_FUZZ=1), in a heap of $FUZZ_HEAP (default 512m): an unbounded allocation is a finding.
# An input that breaks a target's property fails the script; Jazzer saves it as
# crash-<sha1> among that target's committed seeds
# (domain/src/test/resources/<package>/<Test>Inputs/<method>/), where it replays in every
# ./mvnw verify once committed. Each target rewrites its section of the reliability report
# (target/reliability/1N-fuzz-*.md) with what it tried. Logs: target/fuzz/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS_PER_TARGET:-300}}"
heap="${FUZZ_HEAP:-512m}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  sed -n '2,15p' "$0" >&2
  exit 2
fi

targets=(
  io.incidentstream.domain.protocol.ClientMessageFuzzTest#decodeClient
  io.incidentstream.domain.filter.FilterFuzzTest#compileFilters
  io.incidentstream.domain.protocol.IngestFuzzTest#decodeIngest
  io.incidentstream.domain.protocol.ClusterEnvelopeFuzzTest#decodeBusMessage
)

# domain depends on no other module of ours, so its test classes build on their own.
./mvnw -B -ntp -q -pl domain test-compile

mkdir -p target/fuzz
failed=()
for target in "${targets[@]}"; do
  name="${target##*.}"
  log="target/fuzz/${name%%#*}.log"
  echo "== fuzzing ${target} for ${seconds} s (heap ${heap})"
  # jazzer.internal.arg.N are libFuzzer's arguments (0 is a program name); they come after the
  # @FuzzTest's own maxDuration, so -max_total_time here wins. -timeout: one input running 10 s
  # is a finding.
  if JAZZER_FUZZ=1 ./mvnw -B -ntp -pl domain surefire:test -Dtest="$target" \
    -DargLine="-Xmx${heap} -XX:-OmitStackTraceInFastThrow" \
    -Djazzer.instrumentation_includes='io.incidentstream.**:com.fasterxml.jackson.core.**' \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1="-max_total_time=${seconds}" \
    -Djazzer.internal.arg.2=-timeout=10 >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs' "$log" | tail -2 || true
  else
    failed+=("$target")
    echo "== FINDING or failure in ${target}:" >&2
    grep -E -A30 'FuzzTestFinding|== Java Exception|ERROR\] Tests run|Crash|crash-' "$log" | head -80 >&2 || tail -60 "$log" >&2
  fi
done

if ((${#failed[@]} > 0)); then
  echo "== fuzzing failed for: ${failed[*]} (logs in target/fuzz)" >&2
  exit 1
fi
echo "== fuzzing: no finding in ${#targets[@]} targets x ${seconds} s"
