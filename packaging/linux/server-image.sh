#!/usr/bin/env bash
# Builds the server's OCI image without a container daemon or registry (Maven, -Pserver-image):
#   server-image.sh TARGET_DIR VERSION [BASE_ROOTFS_DIR]
# Base layer: Debian 12 (bookworm) made here with `debootstrap --variant=minbase` plus
# openjdk-17-jre-headless, from the Debian mirror apt uses (kept in BASE_ROOTFS_DIR, default
# TARGET_DIR/server-image-base, and reused while it exists: debootstrap takes minutes). App layer:
# exactly the .deb's /usr/share/deskphone-server and /usr/bin/deskphone-server (run server-deb.sh
# first), and the state directory /var/lib/deskphone owned by the image's user, 65534 (nobody).
# Output: TARGET_DIR/server-image/deskphone-server-VERSION-oci.tar, an OCI image layout in a tar
# that also carries Docker's manifest.json, so `podman load`, `docker load` and
# `skopeo copy oci-archive:...` all take it.
set -euo pipefail
target=$1 version=$2 base=${3:-$1/server-image-base}
tree="$target/server-deb"
[ -x "$tree/usr/bin/deskphone-server" ] || { echo "server-image.sh: no $tree (build the .deb first: -Pserver-package)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "server-image.sh: debootstrap is not installed (packaging/linux/setup-debian.sh)" >&2; exit 1; }
work="$target/server-image"
rm -rf "$work"
mkdir -p "$work/layout/blobs/sha256"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ ! -x "$base/usr/bin/java" ]; then
  rm -rf "$base"
  echo "server-image.sh: debootstrap bookworm into $base (minutes)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$base" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
fi
# What an image does not need: package caches and lists, docs (but the copyright files), man pages.
rm -rf "$base"/var/cache/apt/archives/*.deb "$base"/var/cache/apt/*.bin "$base"/var/lib/apt/lists/* \
  "$base"/usr/share/man/* "$base"/usr/share/info/* "$base"/var/cache/debconf/*-old "$base"/var/log/*.log
find "$base/usr/share/doc" -type f ! -name copyright -delete

# Layers do not depend on the build's clock or users: sorted names, the commit's time, numeric
# owners. /dev, /proc, /sys and /run come from the runtime, not from the image.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct 2>/dev/null || echo 0)}
tar_opts=(--sort=name --mtime=@"$epoch" --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${tar_opts[@]}" -C "$base" --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./run/* -cf "$work/base.tar" .

app="$work/app"
mkdir -p "$app/usr/bin" "$app/usr/share" "$app/var/lib/deskphone"
cp -a "$tree/usr/share/deskphone-server" "$app/usr/share/"
cp -a "$tree/usr/bin/deskphone-server" "$app/usr/bin/"
tar "${tar_opts[@]}" --owner=0 --group=0 -C "$app" -cf "$work/app.tar" ./usr
tar "${tar_opts[@]}" --owner=65534 --group=65534 --mode=0750 -C "$app" -rf "$work/app.tar" ./var/lib/deskphone

# blob FILE MEDIA_TYPE: stores FILE as a blob, prints its descriptor's digest and size.
blob() {
  local digest size
  digest=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  mv "$1" "$work/layout/blobs/sha256/$digest"
  echo "$digest $size"
}
base_diff=$(sha256sum "$work/base.tar" | cut -d' ' -f1)
app_diff=$(sha256sum "$work/app.tar" | cut -d' ' -f1)
gzip -n -6 "$work/base.tar" "$work/app.tar"
read -r base_digest base_size < <(blob "$work/base.tar.gz")
read -r app_digest app_size < <(blob "$work/app.tar.gz")

created=$(date -u -d @"$epoch" +%Y-%m-%dT%H:%M:%SZ)
# The data directory comes from XDG_DATA_HOME (/var/lib + deskphone), so every command finds it,
# `token create` as well as the server: `docker run IMAGE token create NAME`.
cat >"$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"User":"65534:65534",
  "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","XDG_DATA_HOME=/var/lib","HOME=/var/lib/deskphone","JAVA_OPTS="],
  "Entrypoint":["/usr/bin/deskphone-server"],"Cmd":["--bind","0.0.0.0"],
  "ExposedPorts":{"8080/tcp":{}},"Volumes":{"/var/lib/deskphone":{}},"WorkingDir":"/var/lib/deskphone",
  "StopSignal":"SIGTERM",
  "Labels":{"org.opencontainers.image.title":"deskphone-server","org.opencontainers.image.version":"$version",
   "org.opencontainers.image.description":"Deskphone backend server: call events and reports",
   "org.opencontainers.image.base.name":"debian:bookworm (debootstrap minbase) + openjdk-17-jre-headless"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$base_diff","sha256:$app_diff"]},
 "history":[{"created":"$created","created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm"},
  {"created":"$created","created_by":"packaging/linux/server-image.sh: deskphone-server $version"}]}
CONFIG
read -r config_digest config_size < <(blob "$work/config.json")

cat >"$work/manifest.json" <<MANIFEST
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},
 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$base_digest","size":$base_size},
  {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$app_digest","size":$app_size}]}
MANIFEST
read -r manifest_digest manifest_size < <(blob "$work/manifest.json")

layout="$work/layout"
echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
cat >"$layout/index.json" <<INDEX
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$manifest_size,
  "annotations":{"org.opencontainers.image.ref.name":"$version","io.containerd.image.name":"docker.io/library/deskphone-server:$version"}}]}
INDEX
# Docker's `docker load` reads this file (and newer Dockers the OCI index).
cat >"$layout/manifest.json" <<DOCKER
[{"Config":"blobs/sha256/$config_digest","RepoTags":["deskphone-server:$version"],
  "Layers":["blobs/sha256/$base_digest","blobs/sha256/$app_digest"]}]
DOCKER

image="$work/deskphone-server-$version-oci.tar"
tar "${tar_opts[@]}" --owner=0 --group=0 -C "$layout" -cf "$image" oci-layout index.json manifest.json blobs
rm -rf "$app" "$layout"
ls -l "$image"
echo "layers: base $base_size bytes, app $app_size bytes (compressed)"
