#!/usr/bin/env bash
# promptfoo beside wst on the same work, interleaved in one session (bench/run.sh vs-promptfoo [RUNS] [CASES...],
# defaults 3 runs of 500 and 10000 cases). Installs promptfoo 0.123.1 into bench/target/vs-promptfoo (and Node 22
# from the npm package `node` when the machine has no Node >= 20), starts one Node `ws` echo-stream server
# (bench/vs-promptfoo/server.js) used by both, writes the same config for each tool (ten streamed frames per case, a
# streamResponse in JavaScript for promptfoo and in Groovy for wst, an equals assertion), then runs promptfoo and
# wst in turn, RUNS times each, at -j 32 (J to change it). Prints the median wall time, CPU time (user + system) and
# peak RSS of each, and promptfoo's figure over wst's. Also `--version` of both and the README's main job
# (`wst eval -c examples/getting-started/promptfooconfig.yaml`, which starts the mock server in-process; beside
# `wst --version`). Each tool records its runs as it does by default, in a home of the bench's own. Uses the
# runtime image (./wst links it when stale). Needs npm and GNU time (/usr/bin/time). No CI run needs it.
# Beside them, in the same rounds, the floor under wst (WST_BENCH_FLOOR=0 leaves it out): the bench module's
# TyrusFloor, a JVM that only connects, sends, reads the ten frames and closes per case with Tyrus, on the launcher's
# JVM options and an AOT cache trained on it first (JDK 25+), so that "how close wst gets" has a figure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(500 10000)
j="${J:-32}"
dir="$root/bench/target/vs-promptfoo"
mkdir -p "$dir"
[ -x /usr/bin/time ] || { echo "vs-promptfoo needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 1; }
command -v npm >/dev/null || { echo "vs-promptfoo needs npm" >&2; exit 1; }

# a Node that promptfoo 0.123.1 runs on (its engines field: >= 22.22.0; the issue said >= 20, which promptfoo refuses):
# the machine's when it is new enough, else Node 22 from the npm package `node`
node_ok() { [ -n "$1" ] && [ -x "$1" ] && "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 22) ? 0 : 1)'; }
node=$(command -v node || true)
if ! node_ok "$node"; then
  node="$dir/node/node_modules/.bin/node"
  if ! node_ok "$node"; then
    echo "installing Node 22 (npm package node@22) into $dir/node" >&2
    npm install --prefix "$dir/node" --no-audit --no-fund --loglevel=error node@22 >&2
  fi
fi
export PATH="$(dirname "$node"):$PATH"
pf_pkg="$dir/pf/node_modules/promptfoo/package.json"
if [ ! -f "$pf_pkg" ] || ! grep -q '"version": "0.123.1"' "$pf_pkg"; then
  echo "installing promptfoo 0.123.1 into $dir/pf" >&2
  npm install --prefix "$dir/pf" --no-audit --no-fund --prefer-offline --loglevel=error promptfoo@0.123.1 >&2
fi
promptfoo=("$node" "$dir/pf/node_modules/promptfoo/dist/src/entrypoint.js")
[ -f "${promptfoo[1]}" ] || promptfoo=("$node" "$(readlink -f "$dir/pf/node_modules/.bin/promptfoo")")

# the floor: the bench module built (once; its classes and libs), run on the JDK the build selects
floor="${WST_BENCH_FLOOR:-1}"
if [ "$floor" = 1 ]; then
  (cd "$root" && ./mvnw -q -Pbench -pl bench -am package -DskipTests >&2)
  . "$root/.mvn/select-jdk.sh"
  # the launcher's JVM options (toolkit-shell/src/image/bin/wst), so that the floor starts and collects as wst does
  floor_java=("$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 --finalization=disabled
    -XX:+UseParallelGC -Xms64m -Xmn48m -cp "$(ls "$root"/bench/target/toolkit-bench-*.jar):$root/bench/target/libs/*")
  if "$JAVA_HOME/bin/java" -XX:UserThreadWaitAttemptsAtExit=0 -version >/dev/null 2>&1; then
    floor_java+=(-XX:UserThreadWaitAttemptsAtExit=0)
  fi
fi

# the runtime image (./wst links it when a source is newer), or WST_IMAGE=FOLDER: a copy of one
if [ -n "${WST_IMAGE:-}" ]; then
  wst="$WST_IMAGE/bin/wst"
else
  "$root/wst" --version >/dev/null
  wst="$root/toolkit-shell/target/image/bin/wst"
fi

work=$(mktemp -d "$dir/run.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export WST_HOME="$work/wst-home" PROMPTFOO_CONFIG_DIR="$work/pf-home"
export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_DISABLE_SHARING=1

NODE_PATH="$dir/pf/node_modules" "$node" "$root/bench/vs-promptfoo/server.js" 0 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$work/server.log" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$work/server.log" >&2; exit 1; }
url="ws://127.0.0.1:$port/ws-stream"

# the same cases for both: "You said: case N alpha beta gamma delta" is eight words, so ready + eight deltas +
# message = ten frames read per case
tests() {
  local n=$1 i
  for ((i = 0; i < n; i++)); do
    printf "  - vars: {q: 'case %d alpha beta gamma delta'}\n    assert: [{type: equals, value: 'You said: case %d alpha beta gamma delta'}]\n" "$i" "$i"
  done
}
for n in "${cases[@]}"; do
  {
    echo "description: vs-promptfoo bench"
    echo "prompts: ['{{ q }}']"
    echo "providers:"
    echo "  - id: $url"
    echo "    config:"
    echo "      messageTemplate: '{\"input\": {{ prompt | dump }}}'"
    echo "      timeoutMs: 120000"
    echo "      streamResponse: |"
    echo "        (acc, event, ctx) => { const m = JSON.parse(event.data); return m.type === 'message' ? [{ output: m.message }, true] : [acc, false]; }"
    echo "tests:"
    tests "$n"
  } >"$work/pf-$n.yaml"
  {
    echo "description: vs-promptfoo bench"
    echo "prompts: ['{{ q }}']"
    echo "providers:"
    echo "  - id: $url"
    echo "    config:"
    echo "      messageTemplate: '{\"input\": {{ prompt | dump }}}'"
    echo "      timeoutMs: 120000"
    echo "      streamResponse: |"
    echo "        { acc, event, ctx ->"
    echo "          def m = JSON.parse(event.data)"
    echo "          m.type == 'message' ? [[output: m.message], true] : [acc, false]"
    echo "        }"
    echo "tests:"
    tests "$n"
  } >"$work/wst-$n.yaml"
done

# measure NAME CMD...: appends "wall cpu rssKiB" to $work/NAME; the command must exit 0 (wst eval: 0, all passed)
measure() {
  local name=$1; shift
  local out="$work/out.txt"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >"$out" 2>&1; then
    echo "$name: $* failed:" >&2; tail -n 20 "$out" >&2; exit 1
  fi
  case "$name" in
    *-eval-*)
      local n=${name##*-}
      # wst: "N passed, 0 failed, 0 errors"; promptfoo: "✓ N passed (100%)", with thousands separators
      tr -d , <"$out" | grep -Eq "(^|[^0-9])$n passed( 0 failed 0 errors| \(100%\)|$)" \
        || { echo "$name: not every case passed:" >&2; tail -n 20 "$out" >&2; exit 1; } ;;
  esac
  awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$work/time.txt" >>"$work/$name"
  echo "    $name: wall s, CPU s, peak RSS KiB: $(tail -n 1 "$work/$name")" >&2
}
median() { # FILE COLUMN
  sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

if [ "$floor" = 1 ]; then
  # an AOT cache for the floor, trained on one run of the first size (as the image's is trained at build time)
  if "${floor_java[0]}" -XX:AOTCacheOutput="$work/floor.aot" -version >/dev/null 2>&1; then
    "${floor_java[@]}" -XX:AOTCacheOutput="$work/floor.aot" io.github.wstoolkit.bench.TyrusFloor "$url" "${cases[0]}" "$j" \
      >"$work/floor-training.txt" 2>&1 || { cat "$work/floor-training.txt" >&2; exit 1; }
    floor_java+=(-XX:AOTCache="$work/floor.aot")
  fi
fi
echo "vs-promptfoo: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), node $("$node" --version), promptfoo $("${promptfoo[@]}" --version 2>/dev/null | tail -1), $("$wst" --version | head -1), -j $j, $runs runs each, interleaved" >&2
for ((r = 1; r <= runs; r++)); do
  measure pf-version "${promptfoo[@]}" --version
  measure wst-version "$wst" --version
  measure wst-readme "$wst" eval -c "$root/examples/getting-started/promptfooconfig.yaml" --no-table --no-progress-bar
  for n in "${cases[@]}"; do
    echo "  run $r/$runs: $n cases" >&2
    measure "pf-eval-$n" "${promptfoo[@]}" eval -c "$work/pf-$n.yaml" -j "$j" --no-table --no-progress-bar
    measure "wst-eval-$n" "$wst" eval -c "$work/wst-$n.yaml" -j "$j" --no-table --no-progress-bar
    if [ "$floor" = 1 ]; then
      measure "floor-eval-$n" "${floor_java[@]}" io.github.wstoolkit.bench.TyrusFloor "$url" "$n" "$j"
    fi
  done
done

row() { # LABEL PF WST: medians and ratios of wall, CPU, RSS
  local label=$1 a="$work/$2" b="$work/$3"
  awk -v l="$label" -v pw="$(median "$a" 1)" -v pc="$(median "$a" 2)" -v pr="$(median "$a" 3)" \
      -v ww="$(median "$b" 1)" -v wc="$(median "$b" 2)" -v wr="$(median "$b" 3)" 'BEGIN {
    printf "| %-26s | %7.2f | %7.2f | %5.1fx | %7.2f | %7.2f | %5.1fx | %6d | %6d | %5.2fx |\n",
      l, pw, ww, pw / ww, pc, wc, pc / wc, pr / 1024, wr / 1024, pr / wr }'
}
echo
echo "Medians of $runs interleaved runs; ratio = promptfoo / wst (higher: wst is faster or smaller)."
echo
echo "| work                       | promptfoo wall s | wst wall s | ratio | promptfoo CPU s | wst CPU s | ratio | promptfoo RSS MiB | wst RSS MiB | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row "--version" pf-version wst-version
for n in "${cases[@]}"; do row "$n cases, -j $j" "pf-eval-$n" "wst-eval-$n"; done
echo
if [ "$floor" = 1 ]; then
  echo "The floor (TyrusFloor: Tyrus alone, the launcher's JVM options$([ -f "$work/floor.aot" ] && echo ", its own AOT cache")) beside wst: how close wst gets, and the largest ratio over promptfoo that Tyrus and this JVM allow."
  echo
  echo "| work                       | floor wall s | wst wall s | wst / floor | floor CPU s | wst CPU s | wst / floor | promptfoo wall / floor wall |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${cases[@]}"; do
    awk -v l="$n cases, -j $j" -v fw="$(median "$work/floor-eval-$n" 1)" -v fc="$(median "$work/floor-eval-$n" 2)" \
        -v ww="$(median "$work/wst-eval-$n" 1)" -v wc="$(median "$work/wst-eval-$n" 2)" \
        -v pw="$(median "$work/pf-eval-$n" 1)" 'BEGIN {
      printf "| %-26s | %7.2f | %7.2f | %5.2fx | %7.2f | %7.2f | %5.2fx | %5.1fx |\n", l, fw, ww, ww / fw, fc, wc, wc / fc, pw / fw }'
  done
  echo
fi
awk -v w="$(median "$work/wst-readme" 1)" -v c="$(median "$work/wst-readme" 2)" -v r="$(median "$work/wst-readme" 3)" \
    -v vw="$(median "$work/wst-version" 1)" 'BEGIN {
  printf "README main job (wst eval -c examples/getting-started/promptfooconfig.yaml): wall %.2f s (%.1fx wst --version), CPU %.2f s, peak RSS %d MiB\n",
    w, w / vw, c, r / 1024 }'
