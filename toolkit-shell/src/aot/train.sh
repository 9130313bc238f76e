#!/usr/bin/env bash
# Creates the image's AOT cache (JEP 483/514/515), lib/wst.aot, by a training run of the image itself
# (training.groovy: the README's eval with the embedded mock and Groovy transforms, a 600-case streamed eval, the
# history, the shell in scripted mode against a mock server, --version), through the image's own launcher so the
# JVM options of training and use are the same (a cache made with other options is refused at run time).
# Called by the build (toolkit-shell, phase package) as: train.sh IMAGE REPO. On a Java without AOT caches (21 to 24)
# it says so once and the image ships without one; bin/wst then starts as before.
set -euo pipefail
image=$(cd "$1" && pwd)
repo=$(cd "$2" && pwd)
cache="$image/lib/wst.aot"
rm -f "$cache"
if ! "$image/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
  echo "wst: no AOT cache for this image: its Java ($("$image/bin/java" -version 2>&1 | head -1)) has no -XX:AOTCacheOutput (JDK 25 and later); wst starts without one" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)
# the cache is for the launcher's own options: none of the environment's (they would be baked into it)
unset WST_JVM_OPTIONS JDK_JAVA_OPTIONS JAVA_TOOL_OPTIONS _JAVA_OPTIONS
export WST_HOME="$tmp/home"   # never the user's ~/.wst
# the launcher reads WST_AOT_TRAINING: -XX:AOTCacheOutput instead of -XX:AOTCache, the same options otherwise
if ! WST_AOT_TRAINING="$cache" "$image/bin/wst" run "$(dirname "$0")/training.groovy" "$tmp" "$repo" >"$tmp/train.log" 2>&1 \
   || [ ! -s "$cache" ]; then
  cat "$tmp/train.log" >&2
  echo "wst: the AOT training run failed" >&2
  exit 1
fi
echo "wst: AOT cache lib/wst.aot ($(du -m "$cache" | cut -f1) MB), trained in $(( $(date +%s) - t0 )) s"
