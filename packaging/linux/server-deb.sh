#!/usr/bin/env bash
# Builds the server-only package, deskphone-server_VERSION-1_amd64.deb (Maven, -Pserver-package):
#   server-deb.sh TARGET_DIR VERSION JAR
# It carries the app's jar and the libraries the server needs (TARGET_DIR/server-input/lib: the
# runtime dependencies without JavaFX, libwebrtc and OkHttp), run by Debian's headless Java 17
# (openjdk-17-jre-headless) rather than a bundled runtime; /usr/bin/deskphone-server; the systemd unit
# deskphone-server.service with its options in /etc/default/deskphone-server. Built with dpkg-deb
# alone: no jpackage, no containers.
set -euo pipefail
target=$1 version=$2 jar=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
libs="$target/server-input/lib"
[ -d "$libs" ] || { echo "server-deb.sh: no libraries in $libs (run the package phase with -Pserver-package)" >&2; exit 1; }
[ -f "$target/$jar" ] || { echo "server-deb.sh: no $target/$jar (run the package phase)" >&2; exit 1; }

tree="$target/server-deb"
out="$target/installer"
rm -rf "$tree"
install -d "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/share/deskphone-server/lib" "$tree/lib/systemd/system" \
  "$tree/etc/default" "$tree/usr/share/doc/deskphone-server" "$out"

lib="$tree/usr/share/deskphone-server/lib"
install -m 0644 "$libs"/*.jar "$lib/"
install -m 0644 "$target/$jar" "$lib/deskphone.jar"
"$here/strip-foreign-natives.sh" "$lib/sqlite-jdbc.jar" org/sqlite/native/Linux/x86_64/
# The point of this package: nothing of the desktop's toolkit or media stack.
for j in "$lib"/*.jar; do
  listing=$(unzip -Z1 "$j")
  if grep -qE '^(javafx/|com/sun/javafx/|com/sun/webkit/|dev/onvoid/webrtc/|okhttp3/)' <<<"$listing"; then
    echo "server-deb.sh: $j carries desktop-only classes (JavaFX, WebKit, libwebrtc or OkHttp)" >&2
    exit 1
  fi
done

install -m 0755 "$here/server/deskphone-server" "$tree/usr/bin/deskphone-server"
install -m 0644 "$here/server/deskphone-server.service" "$tree/lib/systemd/system/deskphone-server.service"
install -m 0644 "$here/server/deskphone-server.default" "$tree/etc/default/deskphone-server"
install -m 0644 "$root/LICENSE" "$tree/usr/share/doc/deskphone-server/copyright"
install -m 0755 "$here/server/postinst" "$here/server/prerm" "$here/server/postrm" "$tree/DEBIAN/"
echo /etc/default/deskphone-server >"$tree/DEBIAN/conffiles"

cat >"$tree/DEBIAN/control" <<CONTROL
Package: deskphone-server
Version: $version-1
Architecture: amd64
Maintainer: packaging@deskphone.dev
Depends: openjdk-17-jre-headless | java17-runtime-headless, passwd, init-system-helpers
Section: net
Priority: optional
Homepage: https://deskphone.dev
Installed-Size: $(du -sk --exclude=DEBIAN "$tree" | cut -f1)
Description: Deskphone backend server: call events and reports for a team
 The server Deskphone softphones send their call events to (created, answered,
 ended with call quality, wrap-up), with a report page, /health and /metrics
 for Prometheus. Stores in SQLite (default) or PostgreSQL. Runs as the systemd
 service deskphone-server under its own user; the desktop app is not included.
CONTROL

deb="$out/deskphone-server_${version}-1_amd64.deb"
rm -f "$out"/deskphone-server_*.deb
dpkg-deb --root-owner-group -Zxz -b "$tree" "$deb" >/dev/null
ls -l "$deb"
