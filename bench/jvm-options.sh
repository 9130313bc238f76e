#!/usr/bin/env bash
# The launcher's JVM options, chosen by measurement: runs the image's wst with each set of options (WST_JVM_OPTIONS,
# which bin/wst adds after its own), interleaved, RUNS times, on `wst --version`, the README's main job (an eval whose
# config starts the mock in-process) and CASES streamed cases at -j 32 against one `wst mock` in the background
# (ten frames per case, a Groovy streamResponse, an equals assertion). Prints the median wall, CPU (user + system)
# and peak RSS of each, and each variant's wall over the first variant's (the baseline: the launcher as built).
#   bench/jvm-options.sh [RUNS] [CASES] [-- 'NAME=OPTIONS' ...]
# Default variants: the launcher as built; no AOT cache; C2 as well as C1 (tiered); G1; the serial collector; no heap
# limit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
cases="${2:-500}"
shift 2 || shift $# || true
[ "${1:-}" = -- ] && shift
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(
  "as built="
  "no AOT cache=-XX:AOTMode=off"
  "tiered (C1+C2)=-XX:TieredStopAtLevel=4"
  "G1=-XX:+UseG1GC"
  "serial=-XX:+UseSerialGC"
  "no heap limit=-XX:MaxRAMPercentage=25 -XX:MaxHeapFreeRatio=70")
"$root/wst" --version >/dev/null   # links the image when a source is newer
wst="$root/toolkit-shell/target/image/bin/wst"
tmp=$(mktemp -d)
mock_pid=""
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export WST_HOME="$tmp/home"
"$wst" mock --port 0 >"$tmp/mock.log" 2>&1 &
mock_pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$tmp/mock.log" 2>/dev/null | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/mock.log" >&2; exit 1; }
{
  echo "prompts: ['{{ q }}']"
  echo "providers:"
  echo "  - id: ws://127.0.0.1:$port/ws-stream"
  echo "    config:"
  echo "      messageTemplate: '{\"input\": {{ prompt | dump }}}'"
  echo "      streamResponse: |"
  echo "        { acc, event, ctx ->"
  echo "          def m = JSON.parse(event.data)"
  echo "          m.type == 'message' ? [[output: m.message], true] : [acc, false]"
  echo "        }"
  echo "tests:"
  for ((i = 0; i < cases; i++)); do
    printf "  - vars: {q: 'case %d alpha beta gamma delta'}\n    assert: [{type: equals, value: 'You said: case %d alpha beta gamma delta'}]\n" "$i" "$i"
  done
} >"$tmp/bench.yaml"

measure() { # FILE CMD...
  local file=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time.txt" "$@" >"$tmp/out.txt" 2>&1 \
    || { echo "failed: $*" >&2; tail -n 20 "$tmp/out.txt" >&2; exit 1; }
  awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$tmp/time.txt" >>"$file"
}
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }

echo "jvm-options: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, interleaved, $cases cases at -j 32" >&2
for ((r = 1; r <= runs; r++)); do
  echo "  run $r/$runs" >&2
  for v in "${!variants[@]}"; do
    opts=${variants[$v]#*=}
    WST_JVM_OPTIONS="$opts" measure "$tmp/$v.version" "$wst" --version
    WST_JVM_OPTIONS="$opts" measure "$tmp/$v.readme" "$wst" eval -c "$root/examples/getting-started/promptfooconfig.yaml" --no-table --no-progress-bar
    WST_JVM_OPTIONS="$opts" measure "$tmp/$v.eval" "$wst" eval -c "$tmp/bench.yaml" -j 32 --no-table --no-progress-bar --no-write
  done
done
echo
echo "Medians; wall ratio = variant / first variant (below 1: faster than the baseline)."
echo
echo "| variant | --version wall s | ratio | README job wall s | ratio | CPU s | RSS MiB | $cases cases wall s | ratio | CPU s | RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for v in "${!variants[@]}"; do
  awk -v n="${variants[$v]%%=*}" \
      -v vw="$(median "$tmp/$v.version" 1)" -v bvw="$(median "$tmp/0.version" 1)" \
      -v rw="$(median "$tmp/$v.readme" 1)" -v brw="$(median "$tmp/0.readme" 1)" \
      -v rc="$(median "$tmp/$v.readme" 2)" -v rr="$(median "$tmp/$v.readme" 3)" \
      -v ew="$(median "$tmp/$v.eval" 1)" -v bew="$(median "$tmp/0.eval" 1)" \
      -v ec="$(median "$tmp/$v.eval" 2)" -v er="$(median "$tmp/$v.eval" 3)" 'BEGIN {
    printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %d |\n",
      n, vw, vw / bvw, rw, rw / brw, rc, rr / 1024, ew, ew / bew, ec, er / 1024 }'
done
echo
for v in "${!variants[@]}"; do echo "  ${variants[$v]%%=*}: WST_JVM_OPTIONS='${variants[$v]#*=}'"; done
