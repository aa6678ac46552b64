#!/usr/bin/env bash
# Makes sure the C++ runtime that TorchSharp 0.107 (libtorch 2.10) needs is present.
#
# libtorch 2.10 is built against GCC 13 and needs libstdc++ with the symbol version GLIBCXX_3.4.32.
# Debian 12 ships GCC 12's libstdc++ (GLIBCXX_3.4.30). On Debian 12 we install Debian 13's libstdc++6 and
# nothing else that apt does not pull with it: the Debian 13 source is pinned at priority 100, so no other
# package is upgraded from it beyond what libstdc++6 itself depends on (libc6, gcc-14 runtime libraries and
# base-files, which the newer libc6 requires). Where the library is already new enough this script does nothing.
set -euo pipefail

needed=GLIBCXX_3.4.32

libstdcxx_path() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}'
}

has_needed_symbols() {
  local lib
  lib=$(libstdcxx_path)
  [ -n "$lib" ] && grep -aq "$needed" "$lib"
}

if has_needed_symbols; then
  exit 0
fi

fail() {
  echo "memcontrol: $1" >&2
  echo "memcontrol: TorchSharp needs libstdc++ with $needed (GCC 13 or newer: Debian 13, Ubuntu 24.04, Fedora 39+)." >&2
  exit 3
}

[ -r /etc/os-release ] || fail "cannot tell which Linux this is (/etc/os-release is missing); install a libstdc++ from GCC 13+ yourself."
# shellcheck disable=SC1091
. /etc/os-release
[ "${ID:-}" = "debian" ] || fail "this is ${PRETTY_NAME:-not Debian}; install libstdc++ from GCC 13 or newer with your package manager."
[ "$(id -u)" = "0" ] || fail "installing Debian 13's libstdc++6 needs root; run 'sudo $0' once, then try again."

echo "memcontrol: libstdc++ lacks $needed; installing Debian 13's libstdc++6 (pinned low; nothing else is upgraded)."

cat > /etc/apt/sources.list.d/memcontrol-trixie.sources <<'SOURCES'
# Added by MemControl's eng/ensure-runtime.sh: Debian 13 for libstdc++6 only (see the pin beside it).
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

cat > /etc/apt/preferences.d/memcontrol-trixie <<'PIN'
# Added by MemControl's eng/ensure-runtime.sh: never prefer Debian 13 packages unless asked by name.
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN

log=$(mktemp)
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6; } >"$log" 2>&1; then
  cat "$log" >&2
  fail "apt-get could not install libstdc++6 from Debian 13 (log above)."
fi
rm -f "$log"
ldconfig
has_needed_symbols || fail "libstdc++6 from Debian 13 was installed but $needed is still missing."
echo "memcontrol: libstdc++ now provides $needed."
