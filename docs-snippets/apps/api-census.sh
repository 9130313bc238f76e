#!/usr/bin/env bash
# The public API per library module, from the built jars: exported packages (jar --describe-module) and the public
# types in them (top-level and nested, by javap). Run after ./mvnw package.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. .mvn/select-jdk.sh
wst_select_jdk
for j in toolkit-*/target/toolkit-*-SNAPSHOT.jar; do
  case $j in *-sources.jar|*-javadoc.jar) continue;; esac
  desc=$("$JAVA_HOME/bin/jar" --describe-module --file "$j")
  mod=$(echo "$desc" | head -1 | sed 's/@.*//')
  exports=$(echo "$desc" | awk '$1=="exports" && NF==2 {print $2}')
  total=0; detail=""
  for p in $exports; do
    dir=${p//.//}
    classes=$(unzip -Z1 "$j" "$dir/*.class" 2>/dev/null | grep -E "^$dir/[^/]+\.class$" | grep -v 'module-info\|package-info' | sed 's/\.class$//;s#/#.#g' || true)
    n=0
    if [ -n "$classes" ]; then
      n=$("$JAVA_HOME/bin/javap" -cp "$j" $classes 2>/dev/null | grep -cE '^public .*(class|interface|enum|record|@interface) ' || true)
    fi
    total=$((total+n)); detail="$detail $p=$n"
  done
  echo "$mod: exported packages=$(echo $exports | wc -w) public types=$total |$detail"
done
