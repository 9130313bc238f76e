#!/usr/bin/env bash
# Peak RSS of `wst eval` as the number of cases grows: bench/run.sh memory [CASES...] (default 1000 10000 100000).
# The runtime image as built (WST_IMAGE=FOLDER for a copy) against its own `wst mock`, tests from a CSV file (a YAML
# config of 100,000 cases exceeds the YAML reader's 3 MB limit), ten streamed frames per case through a Groovy
# streamResponse, an equals assertion, -j 32, --no-write (WST_BENCH_RECORD=1 records the runs in a scratch home).
# Prints wall, CPU and peak RSS per size and each size's RSS over the first's. Needs /usr/bin/time (GNU).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
image="${WST_IMAGE:-$root/toolkit-shell/target/image}"
[ -x "$image/bin/wst" ] || { echo "no runtime image at $image: run ./wst --version (or ./mvnw package) first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/memory.sh needs GNU time (/usr/bin/time)" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
work="$root/bench/target/memory"
rm -rf "$work" && mkdir -p "$work"
export WST_HOME="$work/home"

"$image/bin/wst" mock --port 0 >"$work/mock.log" 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 120); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/mock.log" | head -1 | sed 's/.*://') || true
  [ -n "$port" ] && break
  sleep 0.5
done
[ -n "$port" ] || { echo "wst mock did not start: $(cat "$work/mock.log")" >&2; exit 1; }

record=--no-write
[ "${WST_BENCH_RECORD:-}" = 1 ] && record=
first=
for n in "${sizes[@]}"; do
  {
    echo "q,__expected"
    for ((i = 0; i < n; i++)); do
      echo "case $i alpha beta gamma delta,equals:You said: case $i alpha beta gamma delta"
    done
  } >"$work/tests-$n.csv"
  cat >"$work/config-$n.yaml" <<EOC
description: memory bench
prompts: ['{{ q }}']
providers:
  - id: ws://127.0.0.1:$port/ws-stream
    config:
      messageTemplate: '{"input": {{ prompt | dump }}}'
      timeoutMs: 120000
      streamResponse: |
        { acc, event, ctx ->
          def m = JSON.parse(event.data)
          m.type == 'message' ? [[output: m.message], true] : [acc, false]
        }
tests: file://tests-$n.csv
EOC
  # shellcheck disable=SC2086 # $record is one word or none
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$image/bin/wst" eval -c "$work/config-$n.yaml" -j 32 \
      --no-table --no-progress-bar $record >"$work/out-$n.txt" 2>&1; then
    echo "$n cases: wst eval failed:" >&2; tail -n 20 "$work/out-$n.txt" >&2; exit 1
  fi
  grep -aq "$n passed, 0 failed, 0 errors" "$work/out-$n.txt" \
    || { echo "$n cases: not every case passed:" >&2; tail -n 5 "$work/out-$n.txt" >&2; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  [ -n "$first" ] || first=$rss
  awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v f="$first" \
    'BEGIN { printf "%8d cases: wall %7.1f s  CPU %7.1f s  peak RSS %5d MiB  (%.2f x the first size)\n", n, w, u + s, r / 1024, r / f }'
done
