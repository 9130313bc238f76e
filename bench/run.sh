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
# The collector as wst's launcher sets it (parallel, a 48 MB young generation, no finalization). With the JVM's
# defaults the young generation grew past a gigabyte and finalizable Grizzly filter chains kept closed connections
# into the old generation: the wsprovider bench's young collections took 100-500 ms (120 ms without finalization),
# and a round that met one moved the median ratio by itself; with these they take 2-25 ms, every tenth of a second,
# and fall on both paths alike (docs/performance.md, the ninth session)
exec "$JAVA_HOME/bin/java" -Xss1m -XX:+UseParallelGC -Xms64m -Xmn48m --finalization=disabled --enable-native-access=org.xerial.sqlitejdbc -p "$mp" \
  -m io.github.wstoolkit.bench/io.github.wstoolkit.bench.Bench "$@"
