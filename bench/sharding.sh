#!/usr/bin/env bash
# A sharded eval beside the unsharded one, in the same session, against one `wst mock` in the background: CASES
# streaming cases (ten frames each, a Groovy streamResponse, an equals assertion, as bench/run.sh eval) run
#   1. unsharded, `wst eval -j J`;
#   2. unsharded, `wst eval -j J*SHARDS` (the sharded run's total concurrency, in one process);
#   3. as SHARDS local shards of `-j J` each, merged (examples/sharding/run-shards.sh, as a user runs it);
#   4. shard 1 alone, as one of SHARDS machines would run it, plus the merge: the wall time on SHARDS machines;
# each writing its JSON results and recording nothing. Prints wall times and the ratio of each to run 1, with the
# parts: run 1's eval alone (its own durationMs, without the JVM's start, loading the config and writing the JSON),
# the longest shard's eval alone, and the merge alone; checks the merged counts equal the unsharded ones. Uses the
# runtime image.
#   bench/sharding.sh [CASES] [SHARDS] [J] [ROUNDS]        (defaults 10000 4 8 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="${1:-10000}"
shards="${2:-4}"
j="${3:-8}"
rounds="${4:-1}"
"$root/wst" --version >/dev/null # links the image when a source is newer
wst="$root/toolkit-shell/target/image/bin/wst"
tmp=$(mktemp -d)
export WST_HOME="$tmp/home"
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then
    pkill -TERM -P "$mock_pid" 2>/dev/null || true # the java under the image's launcher script
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

: >"$tmp/mock.log"
"$wst" mock --port 0 >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 300); do grep -q "listening on" "$tmp/mock.log" && break; sleep 0.05; done
port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$tmp/mock.log" | head -1)
[ -n "$port" ] || { cat "$tmp/mock.log" >&2; exit 1; }
export WST_MOCK_URL="ws://127.0.0.1:$port"

config="$tmp/bench.yaml"
{
  echo "description: sharding bench"
  echo "prompts: ['{{ q }}']"
  echo "providers:"
  echo "  - id: '{{ env.WST_MOCK_URL }}/ws-stream'"
  echo "    config:"
  echo "      messageTemplate: '{\"input\": {{ prompt | dump }}}'"
  echo "      streamResponse: |"
  echo "        { acc, event, ctx ->"
  echo "          def m = JSON.parse(event.data)"
  echo "          m.type == 'message' ? [[output: m.message], true] : [acc, false]"
  echo "        }"
  echo "tests:"
  # "You said: case N alpha beta gamma delta": eight words, so ready + eight deltas + message = 10 frames
  awk -v n="$cases" 'BEGIN { for (i = 0; i < n; i++) {
    q = "case " i " alpha beta gamma delta"
    printf "  - vars: {q: \x27%s\x27}\n    assert: [{type: equals, value: \x27You said: %s\x27}]\n", q, q } }'
} >"$config"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
summary() { grep -Eo '[0-9]+ passed, [0-9]+ failed, [0-9]+ errors' "$1" | tail -1; }

echo "sharding bench: $cases cases, $shards shards of -j $j, mock server at $WST_MOCK_URL, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-34s | %8s | %7s | %s\n' "run" "wall (s)" "ratio" "result"
printf -- '-----------------------------------+----------+---------+-------------------------------\n'
for ((r = 1; r <= rounds; r++)); do
  t0=$(now_ms)
  "$wst" eval -c "$config" -j "$j" -o "$tmp/whole.json" --no-table --no-progress-bar --no-write >"$tmp/whole.out" 2>&1 || true
  base=$(($(now_ms) - t0))
  printf '%-34s | %8.2f | %7.2f | %s\n' "unsharded, -j $j" "$(echo "$base / 1000" | bc -l)" 1 "$(summary "$tmp/whole.out")"
  own=$(grep -Eo '"durationMs": [0-9]+' "$tmp/whole.json" | tail -1 | grep -Eo '[0-9]+$')
  printf '%-34s | %8.2f | %7.2f |\n' "  its eval (no start, load, write)" "$(echo "$own / 1000" | bc -l)" \
    "$(echo "$own / $base" | bc -l)"

  t0=$(now_ms)
  "$wst" eval -c "$config" -j $((j * shards)) -o "$tmp/wide.json" --no-table --no-progress-bar --no-write >"$tmp/wide.out" 2>&1 || true
  wide=$(($(now_ms) - t0))
  printf '%-34s | %8.2f | %7.2f | %s\n' "unsharded, -j $((j * shards))" "$(echo "$wide / 1000" | bc -l)" \
    "$(echo "$wide / $base" | bc -l)" "$(summary "$tmp/wide.out")"

  rm -rf "$tmp/shards"
  t0=$(now_ms)
  WST="$wst" WST_SHARDS_DIR="$tmp/shards" "$root/examples/sharding/run-shards.sh" "$shards" -c "$config" -j "$j" \
    -o "$tmp/merged.json" --no-table --no-write >"$tmp/sharded.out" 2>&1 || true
  sharded=$(($(now_ms) - t0))
  printf '%-34s | %8.2f | %7.2f | %s\n' "$shards shards of -j $j, merged" "$(echo "$sharded / 1000" | bc -l)" \
    "$(echo "$sharded / $base" | bc -l)" "$(summary "$tmp/sharded.out")"

  # the parts: each shard's own wall time (from the merged run), and the merge alone
  longest=$(grep -Eo '"durationMs": [0-9]+' "$tmp/merged.json" | tail -n "$shards" | grep -Eo '[0-9]+$' | sort -n | tail -1)
  t0=$(now_ms)
  "$wst" merge "$tmp/shards" -o "$tmp/merged-again.json" --no-table >/dev/null 2>&1 || true
  merge=$(($(now_ms) - t0))
  printf '%-34s | %8.2f | %7.2f |\n' "  the longest shard's eval" "$(echo "$longest / 1000" | bc -l)" \
    "$(echo "$longest / $base" | bc -l)"
  printf '%-34s | %8.2f | %7.2f |\n' "  wst merge alone" "$(echo "$merge / 1000" | bc -l)" \
    "$(echo "$merge / $base" | bc -l)"
  # what each of SHARDS machines would run: one shard with the machine to itself, then the merge once
  t0=$(now_ms)
  "$wst" eval -c "$config" -j "$j" --shard "1/$shards" -o "$tmp/one.json" --no-table --no-progress-bar --no-write \
    >"$tmp/one.out" 2>&1 || true
  one=$(($(now_ms) - t0))
  printf '%-34s | %8.2f | %7.2f | %s\n' "shard 1/$shards alone, -j $j" "$(echo "$one / 1000" | bc -l)" \
    "$(echo "$one / $base" | bc -l)" "$(summary "$tmp/one.out")"
  printf '%-34s | %8.2f | %7.2f |\n' "  + the merge: $shards machines" "$(echo "($one + $merge) / 1000" | bc -l)" \
    "$(echo "($one + $merge) / $base" | bc -l)"
  if [ "$(summary "$tmp/whole.out")" != "$(summary "$tmp/sharded.out")" ]; then
    echo "the merged counts differ from the unsharded ones" >&2
    exit 1
  fi
done
