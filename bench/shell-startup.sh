#!/usr/bin/env bash
# Time from `wst shell URL` to its first prompt, in a pseudo-terminal (util-linux `script`), against the mock server,
# beside two baselines measured the same way in the same run: `wst --version` (the JVM and picocli alone) and
# `wst shell` with no URL (the console without a connection). Uses the runtime image (./wst links it when stale).
#   bench/shell-startup.sh [RUNS]        (default 10; WST_IMAGE=FOLDER runs a copy of the image)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
if [ -n "${WST_IMAGE:-}" ]; then        # a copy of an image, so that a build can go on meanwhile
  wst="$WST_IMAGE/bin/wst"
else
  wst="$root/toolkit-shell/target/image/bin/wst"
  "$root/wst" --version >/dev/null      # links the image when a source is newer
fi
command -v script >/dev/null || { echo "needs util-linux script (Debian: bsdutils)" >&2; exit 1; }
tmp=$(mktemp -d)
export WST_HOME="$tmp/home"
mock_pid=""
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$wst" mock --port 0 >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 300); do grep -q "listening on" "$tmp/mock.log" && break; sleep 0.05; done
port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$tmp/mock.log" | head -1)
[ -n "$port" ] || { cat "$tmp/mock.log" >&2; exit 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# one run: starts the command in a pty, returns when MARK appears on the screen, prints the milliseconds
time_to() {
  local mark="$1"; shift
  local out="$tmp/out" fifo="$tmp/in"
  rm -f "$out" "$fifo"; mkfifo "$fifo"
  exec 3<>"$fifo"
  local t0 t1
  t0=$(now_ms)
  script -qfec "stty cols 120 rows 40; exec $*" /dev/null <&3 >"$out" 2>&1 &
  local pid=$!
  until grep -q -- "$mark" "$out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the command ended before '$mark':" >&2; cat "$out" >&2; exit 1; }
    sleep 0.002
  done
  t1=$(now_ms)
  printf '/exit\r' >&3
  wait "$pid" 2>/dev/null || true
  exec 3>&-
  echo $((t1 - t0))
}

stats() { # name, then values: min / median / max
  local name="$1"; shift
  local sorted; sorted=$(printf '%s\n' "$@" | sort -n)
  local n=$#; local med; med=$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p")
  printf '%-44s min %5d ms   median %5d ms   max %5d ms   (%d runs)\n' "$name" \
    "$(echo "$sorted" | head -1)" "$med" "$(echo "$sorted" | tail -1)" "$n"
}

version=(); bare=(); connected=()
time_to "wst " "$wst" --version >/dev/null   # warm the file cache once
for _ in $(seq 1 "$runs"); do
  version+=("$(time_to "Java " "$wst" --version)")
  bare+=("$(time_to "wst>" "$wst" shell)")
  connected+=("$(time_to "wst /ws-stream>" "$wst" shell "ws://127.0.0.1:$port/ws-stream")")
done
echo "wst shell start-up to the first prompt, in a pty ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)):"
stats "baseline: wst --version (to its output)" "${version[@]}"
stats "wst shell (no URL)" "${bare[@]}"
stats "wst shell ws://127.0.0.1:PORT/ws-stream" "${connected[@]}"
