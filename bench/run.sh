#!/usr/bin/env bash
# Builds the benchmark module (and what it needs) and runs one benchmark: bench/run.sh NAME [args...]
# Figures are printed beside a baseline measured in the same run; compare ratios, not absolute numbers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# promptfoo beside wst: a script of its own (Node, promptfoo and the runtime image; no bench module)
if [ "${1:-}" = vs-promptfoo ]; then shift; exec "$root/bench/vs-promptfoo.sh" "$@"; fi
# peak RSS as the number of cases grows: a script of its own too (the runtime image and its mock)
if [ "${1:-}" = memory ]; then shift; exec "$root/bench/memory.sh" "$@"; fi
. "$root/.mvn/select-jdk.sh"
cd "$root"
./mvnw -q -Pbench -pl bench -am package -DskipTests >&2
mp="bench/target/classes:bench/target/libs"
# --finalization=disabled as wst's launcher runs: with finalization on, Grizzly's finalizable filter chains kept each
# closed connection alive into the old generation, and the wsprovider bench's young collections took 100-500 ms, each
# deciding whichever round it fell in (docs/performance.md, the ninth session)
exec "$JAVA_HOME/bin/java" -Xss1m -XX:+UseParallelGC --finalization=disabled --enable-native-access=org.xerial.sqlitejdbc -p "$mp" \
  -m io.github.wstoolkit.bench/io.github.wstoolkit.bench.Bench "$@"
