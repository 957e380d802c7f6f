#!/usr/bin/env bash
# Installs the Debian 12 packages Deskphone needs to build, run and test (run as root).
# Idempotent: only missing packages are installed, so the README commands stay fast when re-run.
#   runtime: GTK 3 and an X display for JavaFX, the PulseAudio client for webrtc-java's audio;
#   build:   JDK 17 with jmods and jpackage; Node.js 18 or later with npm for the page bundle and its
#            tests (Debian 12's own nodejs 18 and npm, unless an npm is already on PATH); the installers:
#            fakeroot and binutils (jpackage's .deb), rpm (rpmbuild for the .rpm), zip/unzip/file
#            (native-library checks), xdg-utils, desktop-file-utils and adduser (what the .deb depends
#            on, so InstallerIT's apt install needs no download), appstream (appstreamcli validates the
#            package's AppStream metadata in InstallerIT);
#   tests:   Xvfb, Openbox (a window manager that focuses new windows: the incoming-call window must
#            not take the focus under one), Kamailio with WebSocket/TLS modules, PulseAudio daemon, PostgreSQL, coturn,
#            iproute2 and util-linux for the network namespaces that media tests run in, nftables
#            (and iproute2's ss) to cut a SIP connection silently in SilentDropIT; systemd for
#            systemd-analyze, which checks the deskphone-server unit in ServerPackageIT; debootstrap for
#            the server's OCI image (-Pserver-image: its base layer).
set -euo pipefail

packages=(
  openjdk-17-jdk-headless libgtk-3-0 libpulse0 libasound2 libgl1 libxtst6 fonts-dejavu-core
  xvfb xauth openbox
  kamailio kamailio-websocket-modules kamailio-tls-modules
  pulseaudio pulseaudio-utils dbus-daemon
  postgresql coturn
  iproute2 util-linux nftables procps openssl ca-certificates fakeroot binutils
  rpm zip unzip file xdg-utils desktop-file-utils appstream adduser
  systemd debootstrap
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-debian.sh: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "setup-debian.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The page's build (esbuild 0.25) and tests (jsdom 26, node's test runner) need Node.js 18 or later,
# which Debian 12's own nodejs (18.20) is; an older Node.js found on PATH is not replaced, so say so.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 18 ]; then
  echo "setup-debian.sh: Node.js 18 or later is needed for the page build and tests (found: $(node -v 2>/dev/null || echo none));" \
    "upgrade it, or remove it and its npm and re-run this script to install Debian 12's nodejs and npm" >&2
  exit 1
fi
