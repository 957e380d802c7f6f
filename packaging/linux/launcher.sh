#!/bin/bash
# bin/deskphone: starts the app's JVM as jpackage's own launcher would, from the same configuration
# (lib/app/deskphone.cfg: class path, main class, Java options with $APPDIR), but without its package
# lookups. jpackage's Linux launcher asks `rpm -qf` and then `dpkg -S` which package owns it, twice
# (once to find libapplauncher.so, once for the app's directories), at every start: ~0.4 s on a
# 2-core machine with 830 packages before the JVM even starts, and more on a desktop with thousands
# (benchmarks.md, "The launcher"). This image always has its parts where this script finds them.
#
# The JVM runs from lib/runtime/bin/deskphone (the runtime's `java` launcher under the app's name),
# so the process is called `deskphone` in ps, top and pkill.
set -euo pipefail

launcher=$(readlink -f "${BASH_SOURCE[0]}") # through /usr/bin/deskphone's link
root=${launcher%/bin/*}
app=$root/lib/app

classpath=
main=
options=()
while IFS= read -r line || [ -n "$line" ]; do
  # The only name jpackage's launcher expands in its configuration; anything else (the crash
  # report's ${DESKPHONE_LOG_DIR:-...}) reaches the JVM as written.
  line=${line//\$APPDIR/$app}
  case $line in
    app.classpath=*) classpath+=${classpath:+:}${line#app.classpath=} ;;
    app.mainclass=*) main=${line#app.mainclass=} ;;
    java-options=*) options+=("${line#java-options=}") ;;
  esac
done <"$app/deskphone.cfg"

if [ -z "$main" ] || [ -z "$classpath" ]; then
  echo "deskphone: $app/deskphone.cfg names no app.mainclass or app.classpath; reinstall Deskphone" >&2
  exit 1
fi

# jpackage.app-path: where the app was started from, as jpackage's launcher sets it (the autostart
# entry runs it).
exec "$root/lib/runtime/bin/deskphone" -classpath "$classpath" "${options[@]}" \
  "-Djpackage.app-path=$launcher" "$main" "$@"
