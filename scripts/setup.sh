#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing Certus, and checks the rest.
# Idempotent and quiet when everything is in place. Run by ./verify and ./test; safe to run by hand.
#
#   scripts/setup.sh                       check the .NET SDK (all that certification, simulation and testing of
#                                          specs need)
#   scripts/setup.sh --training            also the native prerequisite of training (TorchSharp's libtorch needs
#                                          libstdc++ with GLIBCXX_3.4.32); installed as root on Debian 12.
#                                          ./verify runs this only for the train verb; ./test always (it runs the
#                                          training tests too)
#   scripts/setup.sh --check [--training]  check only; exit 1 with instructions when something is missing
set -euo pipefail

check_only=0
training=0
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    --training) training=1 ;;
    *) printf 'certus setup: unknown option %s (expected --check, --training)\n' "$arg" >&2; exit 1 ;;
  esac
done

say() { printf 'certus setup: %s\n' "$*" >&2; }
die() { printf 'certus setup: %s\n' "$*" >&2; exit 1; }

# 1. The .NET SDK (major version 10 or later).
if ! command -v dotnet >/dev/null 2>&1; then
  die "the .NET SDK is not installed. Install .NET SDK 10 (https://dot.net) and run this again."
fi
sdk_major=$(dotnet --version 2>/dev/null | cut -d. -f1)
if [[ -z "$sdk_major" || "$sdk_major" -lt 10 ]]; then
  die "found .NET SDK $(dotnet --version 2>/dev/null || echo '?'); Certus needs .NET SDK 10 or later."
fi

# 2. Training only: TorchSharp's native libraries (libtorch 2.10) need libstdc++ with GLIBCXX_3.4.32 (GCC 13 or later).
#    Certification never loads libtorch, so a user who only certifies needs nothing more.
[[ $training -eq 1 ]] || exit 0

has_glibcxx() {
  local lib
  for lib in $(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF}') \
             /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    if [[ -r "$lib" ]] && grep -qa 'GLIBCXX_3\.4\.32' "$lib"; then
      return 0
    fi
  done
  return 1
}

debian_fix_text='As root on Debian 12 (bookworm), add the Debian 13 suite with a low pin and upgrade libstdc++ only:
  cat > /etc/apt/sources.list.d/certus-trixie.sources <<X
  Types: deb
  URIs: http://deb.debian.org/debian
  Suites: trixie
  Components: main
  Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
  X
  printf "Package: *\nPin: release n=trixie\nPin-Priority: 100\n" > /etc/apt/preferences.d/certus-trixie
  apt-get update && apt-get install -y -t trixie libstdc++6
On Ubuntu 24.04 or Debian 13 the system libstdc++ is new enough already; elsewhere install GCC 13 or later'"'"'s libstdc++6.'

if ! has_glibcxx; then
  if [[ $check_only -eq 1 ]]; then
    die "libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp's native library needs.
$debian_fix_text"
  fi
  codename=""
  [[ -r /etc/os-release ]] && codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [[ $(id -u) -eq 0 && "$codename" == "bookworm" ]] && command -v apt-get >/dev/null 2>&1; then
    say "libstdc++ lacks GLIBCXX_3.4.32 (needed by TorchSharp for training); installing libstdc++6 from Debian 13 with a pin of 100 ..."
    cat > /etc/apt/sources.list.d/certus-trixie.sources <<X
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
X
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/certus-trixie
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed; see the message above.
$debian_fix_text"
    apt-get install -y -qq -t trixie libstdc++6 >/dev/null || die "installing libstdc++6 from trixie failed.
$debian_fix_text"
    ldconfig || true
    has_glibcxx || die "libstdc++6 was installed but GLIBCXX_3.4.32 is still missing.
$debian_fix_text"
    say "libstdc++ now provides GLIBCXX_3.4.32."
  else
    die "libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp's native library needs, and this script can only install it as root on Debian 12.
$debian_fix_text"
  fi
fi
