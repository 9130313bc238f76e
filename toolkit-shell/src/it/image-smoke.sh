#!/usr/bin/env bash
# Runs the linked image the way a user would, with no JDK on PATH and no JAVA_HOME, and checks what it prints.
# Called by the build (toolkit-shell, phase verify) with the image folder as $1.
set -euo pipefail
image="$1"
export PATH=/usr/bin:/bin
unset JAVA_HOME || true
fail() { echo "image-smoke: $*" >&2; exit 1; }

out=$("$image/bin/wst" --version) || fail "wst --version exited $?"
case "$out" in "wst "*) ;; *) fail "unexpected --version output: $out" ;; esac

out=$("$image/bin/wst" render '{"prompt": {{ prompt | dump }}}' --var 'prompt=He said "hi"') || fail "render exited $?"
expected='{"prompt": "He said \"hi\""}'
[ "$out" = "$expected" ] || fail "render printed [$out], expected [$expected]"

# Groovy inside the image: the patched org.apache.groovy module must link and run
"$image/bin/java" --list-modules | grep -q '^org.apache.groovy@' || fail "org.apache.groovy is not in the image"
# wst shell in scripted mode: Groovy at the prompt (GroovyConsole through the patched module) and a transform
out=$(printf '= [1, 2].sum()\n/transform { acc, event, ctx -> [acc, true] }\n/transform\n' | "$image/bin/wst" shell) \
  || fail "wst shell exited $?"
expected=$'3\nstreamResponse { acc, event, ctx -> [acc, true] }'
[ "$out" = "$expected" ] || fail "wst shell printed [$out], expected [$expected]"

# the results store inside the image: SQLite's native library loads from the linked module, a run is recorded
# and read back (an eval of the bundled example, whose config starts the mock server in-process)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
root="$(cd "$(dirname "$0")/../../.." && pwd)"
err=$(WST_HOME="$home" "$image/bin/wst" eval -c "$root/examples/getting-started/promptfooconfig.yaml" --no-table 2>&1 >/dev/null) \
  || fail "eval of the getting-started example exited $?: $err"
case "$err" in *"recorded as run 1 in $home/wst.db"*) ;; *) fail "the run was not recorded: $err" ;; esac
case "$err" in *WARNING*) fail "the image warns: $err" ;; esac
out=$(WST_HOME="$home" "$image/bin/wst" show latest --no-table) || fail "show exited $?"
case "$out" in *"3 passed, 0 failed, 0 errors"*) ;; *) fail "show latest printed: $out" ;; esac
"$image/bin/java" --list-modules | grep -q '^org.xerial.sqlitejdbc@' || fail "org.xerial.sqlitejdbc is not in the image"
echo "image-smoke: ok ($("$image/bin/wst" --version | head -1))"
