#!/usr/bin/env bash
# Installs what the comparison benchmarks need besides the project's own build and test tools
# (packaging/linux/setup-debian.sh): Debian's Chromium, which runs SIP.js for the browser side of
# the comparison. Run once, as root, before `./mvnw -Pbench ...` (not part of CI: it is large).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
chromium --version
