#!/usr/bin/env bash
# Builds the app image's class-data sharing archive (AppCDS), in two steps:
# 1. a training run of the app, started as an agent starts it (window, page, one account, the
#    embedded backend), with -XX:DumpLoadedClassList: lib/app/deskphone.classlist names the ~10,000
#    classes a start loads (the JDK's, JavaFX's, the app's and its libraries');
# 2. `-Xshare:dump` from that list: lib/app/deskphone.jsa holds them parsed and verified, and every
#    later start maps them instead of loading them again (launch -> window, benchmarks.md).
# A static archive rather than -XX:ArchiveClassesAtExit: a dynamic archive needs the runtime's base
# archive as well (jlink's --generate-cds-archive), a second file to keep in step.
# The archive records the class path as built here, so it is good for this image where it is; the
# .deb's postinst builds one from the same class list where the package puts the app (installer.sh).
# The launcher's options name the archive only when this made one, and a JVM that finds it unusable
# (another path, a changed jar) starts without it, silently (-Xshare:auto, the default).
#
# The training run needs a display: the build's own (xvfb-run in CI) or, when there is none, xvfb-run's.
set -euo pipefail
image=$(readlink -f "$1")
archive="$image/lib/app/deskphone.jsa"
classlist="$image/lib/app/deskphone.classlist"
cfg="$image/lib/app/deskphone.cfg"

if [ -z "${DISPLAY:-}" ]; then
  if command -v xvfb-run >/dev/null 2>&1; then
    exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
  fi
  echo "class-archive.sh: no display and no xvfb-run: the app image is built without a class archive" >&2
  exit 0
fi

home=$(mktemp -d)
app_pid=
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$home"
}
trap cleanup EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
  XDG_RUNTIME_DIR="$home/run" DESKPHONE_SYSTEM_CONFIG_DIR="$home/etc" DESKPHONE_LOG_DIR="$home/logs"
mkdir -p "$home/etc" "$home/run" && chmod 700 "$home/run"
deskphone="$image/bin/deskphone"

# One account on a PBX that is not there (port 9, discard): the page starts its user agent and the
# Java side opens (and retries) its SIP socket, as at an agent's start, without any network.
printf 'training' >"$home/password"
"$deskphone" profile add training --server ws://127.0.0.1:9 --domain training.invalid --default >/dev/null
"$deskphone" account add --profile training --extension 100 --password-file "$home/password" >/dev/null

rm -f "$archive" "$classlist"
JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$classlist" "$deskphone" >"$home/training.out" 2>&1 &
app_pid=$!
shown=
for _ in $(seq 1 120); do
  if "$deskphone" status --json 2>/dev/null | grep -q '"windowShownAt"'; then
    shown=yes
    break
  fi
  sleep 0.5
done
if [ -z "$shown" ]; then
  echo "class-archive.sh: the training run showed no window within 60 s; no class archive" >&2
  cat "$home/training.out" >&2
  rm -f "$classlist"
  exit 0
fi
# The embedded backend starts once the window is up: its classes belong in the archive too. Then the
# page loads and the account starts registering: give them a few seconds.
for _ in $(seq 1 120); do
  if "$deskphone" status --json 2>/dev/null | grep -q '"embedded"'; then
    break
  fi
  sleep 0.5
done
sleep 5
kill -TERM "$app_pid"
wait "$app_pid" || true
app_pid=
if [ ! -s "$classlist" ]; then
  echo "class-archive.sh: the training run listed no classes; the app image is built without a class archive" >&2
  cat "$home/training.out" >&2
  exit 0
fi
cp "$(dirname "$0")/dump-class-archive.sh" "$image/lib/dump-class-archive.sh"
if ! "$image/lib/dump-class-archive.sh" "$image" >"$home/dump.out" 2>&1; then
  echo "class-archive.sh: -Xshare:dump failed; the app image is built without a class archive" >&2
  cat "$home/dump.out" >&2
  exit 0
fi
echo 'java-options=-XX:SharedArchiveFile=$APPDIR/deskphone.jsa' >>"$cfg"
# Mapped where it was made, not at a random address: this JDK relocates the archive by default
# (ArchiveRelocationMode=1), patching every pointer in its 64 MB at each start: ~175 ms of the
# JVM's start on this machine, and 28 MB of the archive made private to the process instead of
# shared page cache (benchmarks.md, "The launcher"). Where the address is taken, it relocates anyway.
echo 'java-options=-XX:+UnlockDiagnosticVMOptions' >>"$cfg"
echo 'java-options=-XX:ArchiveRelocationMode=0' >>"$cfg"
echo "class archive: $archive ($(du -h "$archive" | cut -f1), $(wc -l <"$classlist") classes listed)"
