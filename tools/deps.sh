#!/bin/sh
# Installs the Debian packages Calyx needs to build, run and test, when missing.
# Used by `make run`, `make test` and .ci/run; quick when everything is present.
set -e

PACKAGES="gcc make binutils python3 qemu-system-x86 musl-tools musl-dev libcmocka-dev cpio gdb linux-libc-dev"

missing=""
# gnuplot-nox: make bench draws its chart (tools/bench_posix.py).
PACKAGES="$PACKAGES gnuplot-nox"
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "Installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install:$missing" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
