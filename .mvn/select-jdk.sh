# Sourced by ./mvnw, ./wst and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# The build targets Java 21 (--release 21) and links a runtime image with jlink,
# so it needs a full JDK of that version or newer. Order of preference:
#   1. JAVA_HOME, when it is a JDK >= 21;
#   2. the newest JDK >= 21 among the usual install folders and the javac on PATH.
# Fails loudly, naming what it looked at, when there is none.

wst_jdk_major() {
  # Prints the feature version of the JDK in $1 (e.g. 25), or nothing.
  [ -x "$1/bin/javac" ] && [ -x "$1/bin/jlink" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
    if [ "$v" = 1 ]; then v=$(sed -n 's/^JAVA_VERSION="1\.\([0-9][0-9]*\).*/\1/p' "$1/release"); fi
    printf '%s' "$v"
  fi
}

wst_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(wst_jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best=""
  best_major=0
  path_javac=$(command -v javac 2>/dev/null || true)
  path_home=""
  if [ -n "$path_javac" ]; then
    path_home=$(dirname "$(dirname "$(readlink -f "$path_javac")")")
  fi
  for home in $path_home /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
    "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] || continue
    m=$(wst_jdk_major "$home")
    [ -n "$m" ] || continue
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then
      best="$home"
      best_major="$m"
    fi
  done
  if [ -z "$best" ]; then
    echo "wstoolkit needs a JDK 21 or newer (with javac and jlink)." >&2
    echo "Looked at JAVA_HOME='${JAVA_HOME:-}', the javac on PATH and /usr/lib/jvm, /opt/java, ~/.sdkman." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}

wst_select_jdk || exit 1
