#!/usr/bin/env bash
# Prints the path of a Firefox ESR 140 binary, unpacking Debian's package into a folder of its own
# (argument 1) when FIREFOX_ESR_140_PATH is not set. ESR 140 is the oldest release the manifest
# accepts (gecko.strict_min_version) and what many companies pin; Debian bookworm still carries it
# beside the newer ESR that `apt-get install firefox-esr` gives, so it is fetched, not installed.
set -euo pipefail
if [ -n "${FIREFOX_ESR_140_PATH:-}" ]; then echo "$FIREFOX_ESR_140_PATH"; exit 0; fi
into="$1"
version() { apt-cache madison firefox-esr 2>/dev/null | awk '$3 ~ /^140\./ { print $3; exit }'; }
found="$(version)"
if [ -z "$found" ]; then apt-get update -qq >&2; found="$(version)"; fi
if [ -z "$found" ]; then
  echo "Firefox ESR 140 is not offered by apt here; set FIREFOX_ESR_140_PATH to a Firefox ESR 140 binary" >&2
  exit 1
fi
mkdir -p "$into"
chmod 777 "$into" # apt downloads as its own unprivileged user
(cd "$into" && apt-get download -qq "firefox-esr=$found" >&2 2>/dev/null)
dpkg-deb -x "$into"/firefox-esr_*.deb "$into/root"
echo "$into/root/usr/lib/firefox-esr/firefox-esr"
