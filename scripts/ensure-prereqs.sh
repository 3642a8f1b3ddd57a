#!/usr/bin/env bash
# Makes sure TorchSharp 0.107's native library can load: it needs libstdc++ from GCC 13+
# (symbol version GLIBCXX_3.4.32). Idempotent: does nothing where the system already has it.
# On Debian 12 (root) it installs libstdc++6 from Debian trixie through an apt source pinned
# at priority 100, so nothing else on the system is upgraded unless asked for with -t trixie.
set -euo pipefail

need="GLIBCXX_3.4.32"

find_libstdcxx() {
  local p
  for p in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6 \
           /usr/lib/aarch64-linux-gnu/libstdc++.so.6; do
    [ -e "$p" ] && { echo "$p"; return 0; }
  done
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}

has_symbol() {
  local lib
  lib=$(find_libstdcxx)
  [ -n "$lib" ] && grep -qa "$need" "$lib"
}

if has_symbol; then
  exit 0
fi

os_id=""; os_ver=""
if [ -r /etc/os-release ]; then
  . /etc/os-release
  os_id="${ID:-}"; os_ver="${VERSION_ID:-}"
fi

explain() {
  cat >&2 <<MSG
CellDino prerequisite missing: TorchSharp 0.107 needs libstdc++ from GCC 13 or newer
(symbol version $need), and this system's libstdc++ ($(find_libstdcxx || echo 'not found')) is older.
$1
Fix: install a libstdc++6 from GCC >= 13 (Ubuntu 24.04+, Debian 13+ and Fedora 39+ already have it).
On Debian 12, as root:
  echo 'deb http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/trixie.list
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
  apt-get update && apt-get install -y -t trixie libstdc++6
Then run ./build.sh again.
MSG
  exit 3
}

if [ "$os_id" != "debian" ] || [ "${os_ver%%.*}" != "12" ]; then
  explain "This script installs the fix automatically only on Debian 12 (found: ${os_id:-unknown} ${os_ver:-})."
fi
if [ "$(id -u)" != "0" ]; then
  explain "Installing it needs root (run ./build.sh as root once, or do the steps below with sudo)."
fi

echo "[prereqs] installing libstdc++6 from Debian trixie (pinned at priority 100) ..." >&2
cat > /etc/apt/sources.list.d/celldino-trixie.sources <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat > /etc/apt/preferences.d/celldino-trixie-pin <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
apt-get update -o Acquire::Retries=3 >/dev/null
apt-get install -y -q -t trixie libstdc++6 >/dev/null

if ! has_symbol; then
  explain "The automatic install ran but $need is still missing."
fi
echo "[prereqs] libstdc++ now provides $need" >&2
