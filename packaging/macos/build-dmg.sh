#!/usr/bin/env bash
# Builds the macOS installer (target/installer/Deskphone-VERSION.dmg) on a Mac with JDK 17; see
# src/site/markdown/packaging.md. Mirrors packaging/linux/app-image.sh: JavaFX as modules in the
# runtime, its dylibs beside it, only this Mac's natives (mac-aarch64 or mac-x86_64).
#   ./mvnw -B package -DskipTests -DskipJpackage -Djavafx.platform=mac-aarch64 -Dwebrtc.platform=macos-aarch64
#   packaging/macos/build-dmg.sh target 0.1.0 aarch64
set -euo pipefail
target=$1 version=$2 arch=${3:-aarch64}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
jar="deskphone-$version.jar"
cp "$target/$jar" "$target/app-input/lib/"
"$root/packaging/linux/strip-foreign-natives.sh" "$target/app-input/lib/sqlite-jdbc.jar" "org/sqlite/native/Mac/$arch/"

fxmods="$target/javafx-modules-stripped" fxnatives="$target/javafx-natives"
rm -rf "$fxmods" "$fxnatives" "$target/Deskphone.app" && mkdir -p "$fxmods" "$fxnatives"
for modjar in "$target"/javafx-modules/*.jar; do
  work=$(mktemp -d); (cd "$work" && jar xf "$modjar")
  find "$work" -maxdepth 1 -name '*.dylib' -exec mv {} "$fxnatives/" \;
  jar --create --file "$fxmods/$(basename "$modjar")" -C "$work" .; rm -rf "$work"
done

# macOS needs an icns: iconutil builds it from the PNGs (sizes 16..256, @2x from the next size up).
iconset="$target/deskphone.iconset"; rm -rf "$iconset"; mkdir -p "$iconset"
for s in 16 32 128 256; do cp "$root/packaging/icons/deskphone-$s.png" "$iconset/icon_${s}x${s}.png"; done
cp "$root/packaging/icons/deskphone-32.png" "$iconset/icon_16x16@2x.png"
cp "$root/packaging/icons/deskphone-256.png" "$iconset/icon_128x128@2x.png"
iconutil -c icns -o "$target/deskphone.icns" "$iconset"

jpackage --type app-image --name Deskphone --app-version "$version" --vendor Deskphone \
  --dest "$target" --input "$target/app-input/lib" --main-jar "$jar" --main-class dev.deskphone.cli.Main \
  --module-path "$fxmods" \
  --add-modules "java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,java.instrument,jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.jsobject,jdk.xml.dom,jdk.unsupported,jdk.net,jdk.management,jdk.zipfs,javafx.base,javafx.graphics,javafx.controls,javafx.media,javafx.web" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands" \
  --java-options "-XX:+UseSerialGC -Xss512k -Xms24m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=96m -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8" \
  --icon "$target/deskphone.icns" --mac-package-identifier dev.deskphone.app \
  --resource-dir "$here/resources"
cp "$fxnatives"/*.dylib "$target/Deskphone.app/Contents/runtime/Contents/Home/lib/"

jpackage --type dmg --app-image "$target/Deskphone.app" --name Deskphone --app-version "$version" \
  --vendor Deskphone --license-file "$root/LICENSE" --dest "$target/installer"
