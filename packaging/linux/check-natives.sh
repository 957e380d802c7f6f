#!/usr/bin/env bash
# Fails when the app image carries a native library that is not for this platform (Linux x86-64):
# inside a jar (where jpackage cannot see them) or loose in the runtime.
set -euo pipefail
image=$1
bad=()
for jar in "$image"/lib/app/*.jar; do
  while IFS= read -r entry; do
    case "$entry" in
      *.dll|*.dylib|*.jnilib) bad+=("$jar!/$entry") ;;
      *.so) [[ "$entry" =~ (aarch64|arm|x86/|i386|ppc|riscv|s390|Musl|Android|FreeBSD|Mac|Windows) ]] && bad+=("$jar!/$entry") ;;
    esac
  done < <(unzip -Z1 "$jar" 2>/dev/null | grep -E '\.(so|dll|dylib|jnilib)$' || true)
done
while IFS= read -r lib; do
  file -b "$lib" | grep -q 'ELF 64-bit LSB.*x86-64' || bad+=("$lib")
done < <(find "$image" -name '*.so' -type f)
if [ ${#bad[@]} -gt 0 ]; then
  printf 'check-natives: not a Linux x86-64 library: %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check-natives: only Linux x86-64 natives in $image"
