#!/usr/bin/env bash
# Rewrites picocli's Java 5 class files in the image's copy of its jar as Java 8 class files with stack maps, so that
# the image's AOT cache can link them (ModernClassFiles.java says why). Called by the build (toolkit-shell, phase
# package, before jlink) as: modern-class-files.sh JAVA_HOME JAR. Only where the AOT cache is made (JDK 25 and
# later, as train.sh decides): on an older Java the jar is left as it is, and train.sh says once that there is no
# cache.
set -euo pipefail
java="$1/bin/java"
jar="$2"
if ! "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
  exit 0
fi
exec "$java" "$(dirname "$0")/ModernClassFiles.java" "$jar"
