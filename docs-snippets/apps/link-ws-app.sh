#!/usr/bin/env bash
# Links docs-snippets/apps/ws-app (a chat client on toolkit-ws alone) into a runtime image and prints its size.
# The module path is the one ExampleAppsTest compiled and ran the app with, so run the build first:
#   ./mvnw -pl docs-snippets -am verify -Dtest=ExampleAppsTest -Dsurefire.failIfNoSpecifiedTests=false
#   docs-snippets/apps/link-ws-app.sh            # image in docs-snippets/target/ws-app-image
#   docs-snippets/target/ws-app-image/bin/ws-app ws://127.0.0.1:8080/ hello     # against `wst mock`
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/.mvn/select-jdk.sh"
wst_select_jdk
mp_file="$root/docs-snippets/target/example-apps/ws-app.modulepath"
[ -f "$mp_file" ] || { echo "no $mp_file: run ExampleAppsTest first (see the top of this script)" >&2; exit 1; }
image="$root/docs-snippets/target/ws-app-image"
rm -rf "$image"
"$JAVA_HOME/bin/jlink" --module-path "$(cat "$mp_file")" --add-modules example.ws \
  --launcher ws-app=example.ws/example.ws.WsApp --strip-debug --no-header-files --no-man-pages \
  --output "$image"
echo "modules: $("$image/bin/java" --list-modules | grep -vc '^java\.\|^jdk\.') non-JDK, $("$image/bin/java" --list-modules | wc -l) in all"
"$image/bin/java" --list-modules | grep -v '^java\.\|^jdk\.' | sed 's/^/  /'
echo "image size: $(du -sh "$image" | cut -f1) ($image)"
