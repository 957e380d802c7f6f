#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) from the app image that app-image.sh made, so both
# carry exactly the runtime and libraries the tests ran (Maven's package phase, -Pinstaller):
#   installer.sh TARGET_DIR VERSION [TYPES]      TYPES: "deb rpm" (default), "deb" or "rpm"
# The installers put the app in /opt/deskphone, a `deskphone` command in /usr/bin, a desktop entry
# that handles sip: and tel: links, and the icon. User config, data and logs live in the user's
# XDG directories, which a package never touches: upgrades and removals keep them.
set -euo pipefail
target=$1 version=$2 types=${3:-deb rpm}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
image="$target/deskphone"
out="$target/installer"
[ -x "$image/bin/deskphone" ] || { echo "installer.sh: no app image at $image (run the package phase)" >&2; exit 1; }
mkdir -p "$out"

# jpackage finds the system libraries that the runtime's own natives link to, but cannot see the
# natives inside jars (webrtc-java: PulseAudio, X11) nor what is loaded by name at run time
# (GTK 3 by JavaFX's glass, libGL by prism, fonts): those are declared here, per packaging system.
deb_deps="libgtk-3-0, libpulse0, pulseaudio-utils, libasound2, libgl1, libx11-6, libxtst6, libxrandr2, libxfixes3, libxcomposite1, libudev1, libfreetype6, libfontconfig1, fonts-dejavu-core, xdg-utils, desktop-file-utils"
rpm_deps="gtk3, pulseaudio-libs, pulseaudio-utils, alsa-lib, libglvnd-glx, libX11, libXtst, libXrandr, libXfixes, libXcomposite, systemd-libs, freetype, fontconfig, dejavu-sans-fonts, xdg-utils, desktop-file-utils"

common=(
  --app-image "$image"
  --name deskphone
  --app-version "$version"
  --vendor "Deskphone"
  --description "Desktop softphone for call-center agents"
  --copyright "Copyright the Deskphone authors"
  --license-file "$root/LICENSE"
  --about-url "https://deskphone.dev"
  --icon "$root/packaging/icons/deskphone-256.png"
  --resource-dir "$here/resources"
  --linux-package-name deskphone
  --linux-shortcut
  --linux-menu-group "Network;Telephony;"
  --dest "$out"
)

for type in $types; do
  rm -f "$out"/deskphone[_-]*."$type"
  case "$type" in
    deb)
      jpackage --type deb "${common[@]}" \
        --linux-deb-maintainer "packaging@deskphone.dev" \
        --linux-app-category net \
        --linux-package-deps "$deb_deps" ;;
    rpm)
      # rpm's own dependency scan would look the libraries up in this (Debian) machine's empty rpm
      # database; the spec in resources/ turns it off, and the list above names Fedora/RHEL packages.
      jpackage --type rpm "${common[@]}" \
        --linux-rpm-license-type "Apache-2.0" \
        --linux-app-category "Applications/Communications" \
        --linux-package-deps "$rpm_deps" ;;
    *) echo "installer.sh: unknown installer type '$type' (deb or rpm)" >&2; exit 2 ;;
  esac
done
ls -l "$out"
