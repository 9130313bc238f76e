#!/usr/bin/env bash
# Runs an eval as N shards in parallel on this machine, then merges them into one run (docs/scaling.md).
#
#   examples/sharding/run-shards.sh N [wst eval options…] [-o FILE…]
#   examples/sharding/run-shards.sh 4 -c examples/sharding/promptfooconfig.yaml -o results.json report.html
#
# Every option but -o goes to each shard's `wst eval` (with --shard i/N); -o goes to `wst merge`, as do
# --no-table, --allow-partial and --db. The shards write their JSON results and logs to $WST_SHARDS_DIR (default:
# a new temporary folder, printed); they are not recorded in the results database, the merged run is (unless
# --no-write). The exit code is the merge's, which is what one unsharded `wst eval` would have returned.
#
# WST names the wst command (default: wst on the PATH, else this repository's ./wst).
set -uo pipefail

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 1
}

[ $# -ge 1 ] || usage
case "$1" in -h | --help) usage ;; esac
n="$1"
shift
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "run-shards: the first argument is the number of shards (1 or more), got '$n'" >&2
  exit 1
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${WST:-}" ]; then
  if command -v wst >/dev/null 2>&1; then
    WST=wst
  elif [ -x "$here/../../wst" ]; then
    WST="$here/../../wst"
  else
    echo "run-shards: no wst command: put it on the PATH or set WST" >&2
    exit 1
  fi
fi

eval_args=()
merge_args=()
outputs=()
record=1
while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output)
      shift
      while [ $# -gt 0 ] && [[ "$1" != -* ]]; do
        outputs+=("$1")
        shift
      done
      continue
      ;;
    --no-table | --table | --allow-partial) merge_args+=("$1") ;;
    --table-cell-max-length) merge_args+=("$1" "${2:-}"); shift ;;
    --db) merge_args+=("$1" "${2:-}"); shift ;;
    --no-write) record=0 ;;
    --no-progress-bar) ;;
    --shard | --shard-index-env | --shard-count)
      echo "run-shards: $1 is set by this script (shard i/$n for each i)" >&2
      exit 1
      ;;
    *) eval_args+=("$1") ;;
  esac
  shift
done
[ "$record" = 1 ] && merge_args+=(--into-store)
if [ ${#outputs[@]} -gt 0 ]; then
  merge_args+=(-o "${outputs[@]}")
fi

dir="${WST_SHARDS_DIR:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/wst-shards.XXXXXX")"
fi
mkdir -p "$dir"
rm -f "$dir"/shard-*-of-"$n".json
echo "run-shards: $n shards, results and logs in $dir" >&2

# link the image once (./wst relinks when sources changed), not once per shard at the same time
"$WST" --version >/dev/null || exit 1

pids=()
# background jobs of a script ignore SIGINT, so a Ctrl-C here becomes a SIGTERM to each shard (and to the java
# process under a launcher script): each stops, writes what finished, and the merge reports the run as stopped
stop() {
  echo "run-shards: stopping the shards" >&2
  for p in "${pids[@]}"; do
    pkill -TERM -P "$p" 2>/dev/null
    kill -TERM "$p" 2>/dev/null
  done
}
trap stop INT TERM

for ((i = 1; i <= n; i++)); do
  # failing cases are the shard's result, not its failure: the merge's exit code judges the whole run
  WST_FAILED_TEST_EXIT_CODE=0 "$WST" eval "${eval_args[@]}" --shard "$i/$n" \
    -o "$dir/shard-$i-of-$n.json" --no-table --no-progress-bar --no-write >"$dir/shard-$i.log" 2>&1 &
  pids+=($!)
done

failed=0
for ((i = 1; i <= n; i++)); do
  wait "${pids[$((i - 1))]}"
  code=$?
  if [ "$code" -ne 0 ]; then
    failed=1
    echo "run-shards: shard $i/$n exited with $code; the end of $dir/shard-$i.log:" >&2
    tail -n 5 "$dir/shard-$i.log" | sed 's/^/  /' >&2
  fi
done
trap - INT TERM

shopt -s nullglob
files=("$dir"/shard-*-of-"$n".json)
if [ ${#files[@]} -eq 0 ]; then
  echo "run-shards: no shard wrote results" >&2
  exit 1
fi
"$WST" merge "${files[@]}" "${merge_args[@]}"
code=$?
[ "$failed" = 1 ] && [ "$code" = 0 ] && code=1
exit "$code"
