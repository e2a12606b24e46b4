#!/bin/sh
# tools/apt-source.sh NAME PACKAGE DEST MARKER: Debian's source of PACKAGE
# (apt-get source: the upstream tree with Debian's patches applied) unpacked
# into DEST, unless DEST/MARKER shows it is there already. NAME is the calling
# build script's name for its messages. The build scripts (build-busybox.sh,
# build-sqlite.sh) share it: Debian's packages are the only source we take.
set -eu
name=$1 pkg=$2 dest=$3 marker=$4
[ -f "$dest/$marker" ] && exit 0
dl=$dest-download
rm -rf "$dl" "$dest"
mkdir -p "$dl"
# As root, apt cannot drop to its _apt user for the download into this
# directory: say so instead of warning about it.
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"
echo "  APT     source $pkg (Debian's source and patches)"
# shellcheck disable=SC2086
(cd "$dl" && apt-get source -qq $sandbox "$pkg" >apt-source.log 2>&1) || {
    cat "$dl/apt-source.log" >&2
    echo "$name: apt-get source $pkg failed (is deb-src enabled? run tools/deps.sh)" >&2
    exit 1
}
set -- "$dl/$pkg"-[0-9]*/
[ -f "$1/$marker" ] || { echo "$name: no $pkg-*/ directory after apt-get source" >&2; exit 1; }
mv "$1" "$dest"
rm -rf "$dl"
