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
# Groovy scripts inside the image: the DSL module links, a `wst run` script builds a suite and runs it against the
# embedded mock, and a bundled example's Groovy form (copied by `wst init --groovy`) runs with `wst eval`
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/smoke.groovy" <<'EOF'
def run = evaluate {
    mockServer()
    prompt '{{ q }}'
    provider("${env.WST_MOCK_URL}/ws") {
        messageTemplate '{"input": {{ prompt | dump }}}'
        transformResponse { data, ctx -> data.message }
    }
    test { vars q: 'image'; expect { equals 'You said: image' } }
}
println "${run.stats().summaryLine()} (${args.join(' ')})"
EOF
out=$("$image/bin/wst" run "$tmp/smoke.groovy" --from image 2>&1) || fail "wst run exited $?: $out"
[ "$out" = "1 passed, 0 failed, 0 errors (--from image)" ] || fail "wst run printed [$out]"
"$image/bin/wst" init --example getting-started "$tmp/gs" --groovy >/dev/null || fail "wst init --groovy exited $?"
out=$("$image/bin/wst" eval -c "$tmp/gs/promptfooconfig.groovy" --no-table --no-progress-bar 2>/dev/null) \
  || fail "wst eval -c promptfooconfig.groovy exited $?: $out"
[ "$out" = "3 passed, 0 failed, 0 errors" ] || fail "wst eval -c promptfooconfig.groovy printed [$out]"

echo "image-smoke: ok ($("$image/bin/wst" --version | head -1))"
