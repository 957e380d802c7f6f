#!/usr/bin/env bash
# Removes from a jar every native library except those under the given path (this platform's):
#   strip-foreign-natives.sh JAR KEEP_PREFIX
# Libraries such as sqlite-jdbc ship natives for every OS and CPU; the installer carries one platform.
set -euo pipefail
jar_file=$1 keep=$2
foreign=$(unzip -Z1 "$jar_file" | grep -E '\.(so|dll|dylib|jnilib)$' | grep -v "^$keep" || true)
if [ -n "$foreign" ]; then
  # zip -d takes the names as patterns: pass them literally, one per argument.
  echo "$foreign" | tr '\n' '\0' | xargs -0 zip -q -d "$jar_file"
fi
# Read the listing whole: 'unzip | grep -q' lets grep exit early, unzip dies of SIGPIPE, and with
# pipefail that flakily reads as "not found".
listing=$(unzip -Z1 "$jar_file")
grep -qE "^$keep.*\.so$" <<<"$listing" || { echo "strip-foreign-natives: no native left under $keep in $jar_file" >&2; exit 1; }
