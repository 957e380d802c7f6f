#!/usr/bin/env bash
# Builds the runnable app image target/deskphone/bin/deskphone with jpackage (called by Maven's
# package phase). JavaFX is linked into the runtime as modules, so the app runs in a supported
# JavaFX configuration; the app jar and its libraries go on the class path.
set -euo pipefail
target=$1 jar=$2 main_class=$3 version=$4

# JDK modules the app and its libraries use (jdeps on the libraries, plus what reflection needs):
# jdk.crypto.ec keeps TLS (wss://, https backends) working in the linked runtime.
jdk_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,java.instrument,jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.jsobject,jdk.xml.dom,jdk.unsupported,jdk.net,jdk.management,jdk.zipfs
javafx_modules=javafx.base,javafx.graphics,javafx.controls,javafx.media,javafx.web

input="$target/app-input/lib"
cp "$target/$jar" "$input/"
rm -rf "$target/deskphone"

# sqlite-jdbc carries its native library for every OS and CPU (~13 MB); keep only this platform's.
"$(dirname "$0")/strip-foreign-natives.sh" "$input/sqlite-jdbc.jar" org/sqlite/native/Linux/x86_64/
# So does JNA (its libjnidispatch, for the X display-loss handler).
"$(dirname "$0")/strip-foreign-natives.sh" "$input/jna.jar" com/sun/jna/linux-x86-64/

# The JavaFX jars on Maven Central carry their native libraries inside; linked into the runtime as they
# are, JavaFX would read each library (WebKit's is ~80 MB) into the heap to extract it at every start.
# Lay them out as JavaFX's jmods do instead: modules without natives, natives in the runtime's lib/.
fxmods="$target/javafx-modules-stripped"
fxnatives="$target/javafx-natives"
rm -rf "$fxmods" "$fxnatives" && mkdir -p "$fxmods" "$fxnatives"
for modjar in "$target"/javafx-modules/*.jar; do
  work=$(mktemp -d)
  (cd "$work" && jar xf "$modjar")
  find "$work" -maxdepth 1 -name '*.so' -exec mv {} "$fxnatives/" \;
  # JavaFX media's bridges to the system's FFmpeg (mp3/AAC decoding): the app plays only WAV, and
  # jpackage would make the .deb depend on whichever libavcodec this build machine happens to have.
  rm -f "$fxnatives"/libavplugin*.so
  jar --create --file "$fxmods/$(basename "$modjar")" -C "$work" .
  rm -rf "$work"
done

# SerialGC and a small, bounded heap: a softphone is a small, long-lived desktop process (RSS target
# in src/site/markdown/benchmarks.md); the WebView's own memory is native and outside the heap.
# -Xms and the free ratios matter: by default the JVM commits 1/64 of the machine's RAM as the initial
# heap and keeps it, ~50 MB of resident memory this app (live heap ~15 MB) never needs.
# TrimNativeHeapInterval: glibc keeps what libwebrtc, SQLite and GTK free in its arenas; trimming every
# 5 s gives it back (the calls benchmark: ~5 MB less resident after 100 calls, arenas flat instead of
# growing 8-13 MB). The option exists from JDK 17.0.9 on; an older JDK would build an app that cannot start.
trim_native_heap=-XX:TrimNativeHeapInterval=5000
jdk_bin=$(dirname "$(readlink -f "$(command -v jpackage)")")
if ! "$jdk_bin/java" "$trim_native_heap" -version >/dev/null 2>&1; then
  echo "app-image.sh: the JDK in $jdk_bin lacks -XX:TrimNativeHeapInterval; use JDK 17.0.9 or later" >&2
  exit 1
fi
jpackage --type app-image \
  --name deskphone \
  --app-version "$version" \
  --vendor "Deskphone" \
  --dest "$target" \
  --input "$input" \
  --main-jar "$jar" \
  --main-class "$main_class" \
  --module-path "$fxmods" \
  --add-modules "$jdk_modules,$javafx_modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files" \
  --java-options "-XX:+UseSerialGC -Xss512k -Xms24m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=96m -XX:TieredStopAtLevel=1 $trim_native_heap -Dfile.encoding=UTF-8"

# A JVM crash report (hs_err_pid*.log) goes to the log directory, not the current directory (the
# agent's home, for a desktop launch). -XX:ErrorFile cannot name it: the launcher of this JDK expands
# only $APPDIR-style names in its options, never the environment, and the log directory is per user.
# So the report is written where HotSpot puts it by default and OnError, which HotSpot runs through
# /bin/sh after writing it, moves it to the directory AppDirs computes (same variables, same order).
# Added to the .cfg directly (its last section is [JavaOptions]): one line is one option there, where
# --java-options would split it. HotSpot splits OnError at ';', so the command has none.
# ExitOnOutOfMemoryError: a heap exhausted leaves the app half-working; ending it lets the session restart it.
# --add-exports: the incoming-call window tells the window manager it takes no keyboard focus through
# JavaFX's native window (desktop/UnfocusedWindows), which javafx.graphics does not export.
cfg="$target/deskphone/lib/app/deskphone.cfg"
if [ "$(grep '^\[' "$cfg" | tail -1)" != "[JavaOptions]" ]; then
  echo "app-image.sh: $cfg does not end with its [JavaOptions] section" >&2
  exit 1
fi
cat >>"$cfg" <<'CFG'
java-options=-XX:+ExitOnOutOfMemoryError
java-options=--add-exports=javafx.graphics/com.sun.javafx.stage=ALL-UNNAMED
java-options=--add-exports=javafx.graphics/com.sun.javafx.tk.quantum=ALL-UNNAMED
java-options=--add-exports=javafx.graphics/com.sun.glass.ui=ALL-UNNAMED
java-options=-XX:OnError=d="${DESKPHONE_LOG_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/deskphone/logs}" && mkdir -p "$d" && mv -f hs_err_pid%p.log "$d/" 2>/dev/null || mv -f /tmp/hs_err_pid%p.log "$d/"
CFG

# bin/deskphone is our launcher (launcher.sh: jpackage's asks the package manager who owns it at every
# start), and the runtime's `java` launcher, renamed, is what it runs; the runtime keeps no other command.
runtime_bin="$target/deskphone/lib/runtime/bin"
mv "$runtime_bin/java" "$target/deskphone/java.kept"
rm -rf "$runtime_bin" && mkdir "$runtime_bin"
mv "$target/deskphone/java.kept" "$runtime_bin/deskphone"
install -m 755 "$(dirname "$0")/launcher.sh" "$target/deskphone/bin/deskphone"
rm -f "$target/deskphone/lib/libapplauncher.so"

cp "$fxnatives"/*.so "$target/deskphone/lib/runtime/lib/"
"$(dirname "$0")/check-natives.sh" "$target/deskphone"
"$(dirname "$0")/class-archive.sh" "$target/deskphone"

echo "app image: $target/deskphone/bin/deskphone"
