#!/usr/bin/env bash
# Runs the linked image the way a user would, with no JDK on PATH and no JAVA_HOME, and checks what it prints.
# Called by the build (toolkit-shell, phase verify) with the image folder as $1.
set -euo pipefail
image=$(cd "$1" && pwd)
export PATH=/usr/bin:/bin
unset JAVA_HOME || true
fail() { echo "image-smoke: $*" >&2; exit 1; }

out=$("$image/bin/wst" --version) || fail "wst --version exited $?"
case "$out" in "wst "*) ;; *) fail "unexpected --version output: $out" ;; esac

# the AOT cache the build trained (JDK 25+): the launcher uses it and the JVM accepts it (a cache made with other JVM
# options or by another Java is refused at start, with "[warning][aot] Unable to use AOT cache" and the run slower)
case "$out" in *"aot]"*) fail "the JVM printed AOT messages at --version: $out" ;; esac
if [ -f "$image/lib/wst.aot" ]; then
  log=$(WST_JVM_OPTIONS=-Xlog:aot=info "$image/bin/wst" --version 2>&1) || fail "wst --version with -Xlog:aot exited $?"
  case "$log" in *"Unable to"*|*"[error"*|*"[warning][aot] "[!S]*|*Mismatch*|*"full module graph: disabled"*)
    fail "the JVM refused the AOT cache lib/wst.aot: $(printf '%s\n' "$log" | grep -v Skipping | grep -i -E 'unable|error|mismatch|disabled|warning' | head -5)" ;;
  esac
  case "$log" in *"Opened AOT cache"*"full module graph: enabled"*) ;; *) fail "the launcher did not use lib/wst.aot: $(printf '%s\n' "$log" | head -3)" ;; esac
  # picocli's classes come from the cache too (the build rewrote its Java 5 class files: src/aot/ModernClassFiles.java)
  loads=$(WST_JVM_OPTIONS=-Xlog:class+load=info "$image/bin/wst" --version 2>&1) || fail "wst --version with -Xlog:class+load exited $?"
  outside=$(printf '%s\n' "$loads" | grep -E '\] picocli\.' | grep -v -c 'source: shared objects file' || true)
  [ "$outside" = 0 ] || fail "$outside picocli classes loaded outside the AOT cache at --version: $(printf '%s\n' "$loads" | grep -E '\] picocli\.' | grep -v 'shared objects file' | head -2)"
elif "$image/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
  fail "the image's Java makes AOT caches, but the image has no lib/wst.aot"
fi

out=$("$image/bin/wst" render '{"prompt": {{ prompt | dump }}}' --var 'prompt=He said "hi"') || fail "render exited $?"
expected='{"prompt": "He said \"hi\""}'
[ "$out" = "$expected" ] || fail "render printed [$out], expected [$expected]"

# Groovy inside the image: the patched org.apache.groovy module must link and run
"$image/bin/java" --list-modules | grep -q '^org.apache.groovy@' || fail "org.apache.groovy is not in the image"
# scratch space and a wst home of its own: the checks below never write to the user's ~/.wst
tmp=$(mktemp -d)
home="$tmp/home"
trap 'rm -rf "$tmp"' EXIT
# wst shell in scripted mode: Groovy at the prompt (GroovyConsole through the patched module) and a transform
out=$(printf '= [1, 2].sum()\n/transform { acc, event, ctx -> [acc, true] }\n/transform\n' | WST_HOME="$home" "$image/bin/wst" shell) \
  || fail "wst shell exited $?"
expected=$'3\nstreamResponse { acc, event, ctx -> [acc, true] }'
[ "$out" = "$expected" ] || fail "wst shell printed [$out], expected [$expected]"

# the results store inside the image: SQLite's native library loads from the linked module, a run is recorded
# and read back (an eval of the bundled example, whose config starts the mock server in-process)
root="$(cd "$(dirname "$0")/../../.." && pwd)"
# (its SQLite library from lib/sqlite: nothing copied out to org.sqlite.tmpdir)
mkdir "$tmp/sqlite-tmp"
err=$(WST_HOME="$home" WST_JVM_OPTIONS="-Dorg.sqlite.tmpdir=$tmp/sqlite-tmp" \
  "$image/bin/wst" eval -c "$root/examples/getting-started/promptfooconfig.yaml" --no-table 2>&1 >/dev/null) \
  || fail "eval of the getting-started example exited $?: $err"
if [ -d "$image/lib/sqlite" ] && [ -n "$(ls -A "$tmp/sqlite-tmp")" ]; then
  fail "SQLite copied its library out of its jar instead of loading lib/sqlite: $(ls "$tmp/sqlite-tmp")"
fi
case "$err" in *"recorded as run 1 in $home/wst.db"*) ;; *) fail "the run was not recorded: $err" ;; esac
case "$err" in *WARNING*) fail "the image warns: $err" ;; esac
out=$(WST_HOME="$home" "$image/bin/wst" show latest --no-table) || fail "show exited $?"
case "$out" in *"3 passed, 0 failed, 0 errors"*) ;; *) fail "show latest printed: $out" ;; esac
# the example's Groovy transforms were kept compiled for the next run (GroovyCompileCache), and that run loads them
ls "$home/cache/groovy/"*.classes >/dev/null 2>&1 || fail "the eval kept no compiled transform in $home/cache/groovy"
out=$(WST_HOME="$home" "$image/bin/wst" eval -c "$root/examples/getting-started/promptfooconfig.yaml" --no-table \
  --no-progress-bar 2>/dev/null) || fail "the second eval of the getting-started example exited $?: $out"
[ "$out" = "3 passed, 0 failed, 0 errors" ] || fail "the second eval (transforms from the cache) printed [$out]"
"$image/bin/java" --list-modules | grep -q '^org.xerial.sqlitejdbc@' || fail "org.xerial.sqlitejdbc is not in the image"

# Groovy scripts inside the image: the DSL module links, a `wst run` script builds a suite and runs it against the
# embedded mock, and a bundled example's Groovy form (copied by `wst init --groovy`) runs with `wst eval`
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
out=$(WST_HOME="$home" "$image/bin/wst" run "$tmp/smoke.groovy" --from image 2>&1) || fail "wst run exited $?: $out"
[ "$out" = "1 passed, 0 failed, 0 errors (--from image)" ] || fail "wst run printed [$out]"
WST_HOME="$home" "$image/bin/wst" init --example getting-started "$tmp/gs" --groovy >/dev/null || fail "wst init --groovy exited $?"
out=$(WST_HOME="$home" "$image/bin/wst" eval -c "$tmp/gs/promptfooconfig.groovy" --no-table --no-progress-bar 2>/dev/null) \
  || fail "wst eval -c promptfooconfig.groovy exited $?: $out"
[ "$out" = "3 passed, 0 failed, 0 errors" ] || fail "wst eval -c promptfooconfig.groovy printed [$out]"

# the launcher: it runs from a folder whose path has a space (jlink's launcher failed there with exit 126), and it
# execs java, so a plain `kill PID` of a background `wst mock` stops the server and closes its port (jlink's
# launcher left java running, holding the port)
spaced="$tmp/with space"
ln -s "$image" "$spaced"
out=$("$spaced/bin/wst" --version) || fail "wst run from a path with a space exited $?: $out"
case "$out" in "wst "*) ;; *) fail "unexpected --version output from a path with a space: $out" ;; esac
out=$(WST_HOME="$home" "$spaced/bin/wst" list 2>&1) || fail "wst list (SQLite from lib/sqlite) from a path with a space exited $?: $out"
mkfifo "$tmp/mock.out"
"$spaced/bin/wst" mock --port 0 >"$tmp/mock.out" 2>&1 &
pid=$!
exec 4<"$tmp/mock.out"
port=
while IFS= read -r -t 60 line <&4; do
  case "$line" in *"listening on http://127.0.0.1:"*) port=${line##*127.0.0.1:}; port=${port%%/*}; break ;; esac
done
[ -n "$port" ] || fail "wst mock printed no address within 60 s"
cat <&4 >/dev/null &   # keep reading what the server prints
comm=$(ps -o comm= -p "$pid")
[ "$comm" = java ] || fail "the launcher did not exec java (pid $pid is $comm)"
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "wst mock is not listening on $port"
kill "$pid"
wait "$pid" || true
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is still open after kill $pid"; fi
exec 4<&-

# a run ends, and the process exits, even when a transform is stuck in a way no interrupt ends (this one swallows
# it): its case times out and the run goes on
cat > "$tmp/stuck.yaml" <<'EOF2'
mockServer: true
prompts: ['{{ q }}']
providers:
  - id: '{{ env.WST_MOCK_URL }}/ws-stream?ttfb=0&gap=0'
    config:
      messageTemplate: '{"input": {{ prompt | dump }}}'
      streamResponse: |
        { acc, event, ctx ->
          while (ctx.vars.q == 'stuck') { try { Thread.sleep(1000) } catch (InterruptedException ignored) { } }
          def m = JSON.parse(event.data)
          m.type == 'message' ? [[output: m.message], true] : [acc, false]
        }
tests:
  - vars: {q: stuck}
  - vars: {q: fine}
evaluateOptions: {timeoutMs: 8000}
EOF2
set +e
out=$(WST_HOME="$home" timeout 120 "$image/bin/wst" eval -c "$tmp/stuck.yaml" --no-write --no-progress-bar --no-table 2>&1)
code=$?
set -e
[ "$code" = 100 ] || fail "wst eval with a stuck transform exited $code (124: it did not end): $out"
case "$out" in *"1 passed, 0 failed, 1 errors"*) ;; *) fail "wst eval with a stuck transform printed: $out" ;; esac

echo "image-smoke: ok ($("$image/bin/wst" --version | head -1))"
