#!/usr/bin/env bash
# Installs the Debian 12 packages Deskphone needs to build, run and test (run as root).
# Idempotent: only missing packages are installed, so the README commands stay fast when re-run.
#   runtime: GTK 3 and an X display for JavaFX, the PulseAudio client for webrtc-java's audio;
#   build:   JDK 17 with jmods and jpackage, node/npm for the page bundle; the installers: fakeroot and
#            binutils (jpackage's .deb), rpm (rpmbuild for the .rpm), zip/unzip/file (native-library
#            checks), xdg-utils and desktop-file-utils (what the .deb depends on, so InstallerIT's apt
#            install needs no download);
#   tests:   Xvfb, Kamailio with WebSocket/TLS modules, PulseAudio daemon, PostgreSQL, coturn,
#            iproute2 and util-linux for the network namespaces that media tests run in.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless libgtk-3-0 libpulse0 libasound2 libgl1 libxtst6 fonts-dejavu-core
  xvfb xauth
  kamailio kamailio-websocket-modules kamailio-tls-modules
  pulseaudio pulseaudio-utils
  postgresql coturn
  iproute2 util-linux procps openssl ca-certificates fakeroot binutils
  rpm zip unzip file xdg-utils desktop-file-utils
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

# The page's tests (happy-dom) need Node.js 20 or later; Debian 12's own nodejs is 18.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup-debian.sh: Node.js 20 or later is needed for the page build and tests (found: $(node -v 2>/dev/null || echo none))" >&2
  exit 1
fi
