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

echo "image-smoke: ok ($("$image/bin/wst" --version | head -1))"
