#!/bin/sh
# Writes the app image's class archive, lib/app/deskphone.jsa, from the class list its build's
# training run made (class-archive.sh). Runs at build time for the app image and, from postinst, where
# the package installed it: the archive is only used with the class path it was made with.
# The app's own launcher runs the dump, so the archive matches its runtime, class path and modules.
set -e
image=$1
app="$image/lib/app"
[ -s "$app/deskphone.classlist" ] || exit 0
rm -f "$app/deskphone.jsa"
JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$app/deskphone.classlist -XX:SharedArchiveFile=$app/deskphone.jsa -Xlog:cds=off -Xlog:cds+map=off" \
  "$image/bin/deskphone"
test -s "$app/deskphone.jsa"
