#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) from the app image that app-image.sh made, so both
# carry exactly the runtime and libraries the tests ran (Maven's package phase, -Pinstaller):
#   installer.sh TARGET_DIR VERSION [TYPES]      TYPES: "deb rpm" (default), "deb" or "rpm"
# The installers put the app in /opt/deskphone, a `deskphone` command in /usr/bin, a desktop entry
# that handles sip: and tel: links, and the icon. User config, data and logs live in the user's
# XDG directories, which a package never touches: upgrades and removals keep them.
# The .deb also carries the freedesktop.org integration under /usr/share (add_desktop_files below);
# it needs the completion and man pages that dev.deskphone.cli.ShellDocs wrote to TARGET_DIR/shell-docs.
set -euo pipefail
target=$1 version=$2 types=${3:-deb rpm}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
image="$target/deskphone"
out="$target/installer"
[ -x "$image/bin/deskphone" ] || { echo "installer.sh: no app image at $image (run the package phase)" >&2; exit 1; }
mkdir -p "$out"

# The image's class-data archive records the class path under TARGET_DIR and is no use under /opt:
# the packages carry the class list instead, and their postinst makes the archive there
# (class-archive.sh). It waits outside the image while jpackage copies it.
archive="$image/lib/app/deskphone.jsa"
if [ -f "$archive" ]; then
  mv "$archive" "$target/deskphone.jsa.aside"
  trap 'mv "$target/deskphone.jsa.aside" "$archive"' EXIT
fi

# jpackage finds the system libraries that the runtime's own natives link to, but cannot see the
# natives inside jars (webrtc-java: PulseAudio, X11) nor what is loaded by name at run time
# (GTK 3 by JavaFX's glass, libGL by prism, fonts): those are declared here, per packaging system.
deb_deps="adduser, libgtk-3-0, libpulse0, pulseaudio-utils, libasound2, libgl1, libx11-6, libxtst6, libxrandr2, libxfixes3, libxcomposite1, libudev1, libfreetype6, libfontconfig1, fonts-dejavu-core, xdg-utils, desktop-file-utils"
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
  --dest "$out"
)

# jpackage installs files below /opt only. The desktop integration goes where desktops and shells
# look, as files of the package (dpkg owns them, removes them, and its triggers refresh the caches):
# the desktop entry under the app's reverse-DNS id (the same id names its icons and AppStream data),
# hicolor icons, AppStream metainfo, bash and zsh completion, man pages. Added to the built .deb.
add_desktop_files() {
  local deb=$1 id=dev.deskphone.Deskphone docs="$target/shell-docs"
  [ -f "$docs/bash-completion/deskphone" ] || { echo "installer.sh: no completion in $docs (ShellDocs runs in the package phase)" >&2; exit 1; }
  local tree
  tree=$(mktemp -d)
  dpkg-deb -R "$deb" "$tree"
  local share="$tree/usr/share"
  install -D -m 644 "$here/share/$id.desktop" "$share/applications/$id.desktop"
  install -d "$share/metainfo"
  sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" "$here/share/$id.metainfo.xml" >"$share/metainfo/$id.metainfo.xml"
  chmod 644 "$share/metainfo/$id.metainfo.xml"
  for size in 16 32 48 128 256; do
    install -D -m 644 "$root/packaging/icons/deskphone-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$id.png"
  done
  install -D -m 644 "$root/packaging/icons/deskphone.svg" "$share/icons/hicolor/scalable/apps/$id.svg"
  install -D -m 644 "$docs/bash-completion/deskphone" "$share/bash-completion/completions/deskphone"
  install -D -m 644 "$docs/zsh/_deskphone" "$share/zsh/vendor-completions/_deskphone"
  install -d "$share/man/man1"
  install -m 644 "$docs"/man1/*.1.gz "$share/man/man1/"
  # The control data describes the whole tree again: checksums and the installed size (KiB).
  if [ -f "$tree/DEBIAN/md5sums" ]; then
    (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$tree/DEBIAN/md5sums"
  fi
  local size
  size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$tree/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz -b "$tree" "$deb" >/dev/null
  rm -rf "$tree"
}

for type in $types; do
  rm -f "$out"/deskphone[_-]*."$type"
  case "$type" in
    deb)
      # jpackage's .deb is unpacked and built again by add_desktop_files, so it is left uncompressed
      # (dpkg-deb reads DPKG_DEB_COMPRESSOR_TYPE); only the final package is compressed, with xz.
      DPKG_DEB_COMPRESSOR_TYPE=none jpackage --type deb "${common[@]}" \
        --linux-deb-maintainer "packaging@deskphone.dev" \
        --linux-app-category net \
        --linux-package-deps "$deb_deps"
      add_desktop_files "$(ls "$out"/deskphone_*.deb)" ;;
    rpm)
      # rpm's own dependency scan would look the libraries up in this (Debian) machine's empty rpm
      # database; the spec in resources/ turns it off, and the list above names Fedora/RHEL packages.
      jpackage --type rpm "${common[@]}" \
        --linux-shortcut --linux-menu-group "Network;Telephony;" \
        --linux-rpm-license-type "Apache-2.0" \
        --linux-app-category "Applications/Communications" \
        --linux-package-deps "$rpm_deps" ;;
    *) echo "installer.sh: unknown installer type '$type' (deb or rpm)" >&2; exit 2 ;;
  esac
done
ls -l "$out"
