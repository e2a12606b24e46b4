#!/bin/sh
# Installs the Debian packages Calyx needs to build, run and test, when missing,
# and enables Debian's source archives (deb-src) for `apt-get source busybox`
# and `apt-get source sqlite3` (tools/build-busybox.sh, tools/build-sqlite.sh).
# Used by `make run`, `make test` and .ci/run; quick when everything is
# present (no apt-get call at all).
set -e

# dpkg-dev: apt-get source unpacks with dpkg-source; bzip2, xz-utils, patch:
# what unpacking the busybox source needs; busybox-static: Debian's own
# (glibc) busybox, run unchanged on Calyx by a test.
PACKAGES="gcc make binutils python3 qemu-system-x86 musl-tools musl-dev libcmocka-dev cpio gdb linux-libc-dev
dpkg-dev busybox-static bzip2 xz-utils patch e2fsprogs"

# The deb-src entries this script writes, when no source archive is enabled yet.
DEB_SRC_822=/etc/apt/sources.list.d/calyx-deb-src.sources
DEB_SRC_LIST=/etc/apt/sources.list.d/calyx-deb-src.list

missing=""
# gnuplot-nox: make bench draws its chart (tools/bench_posix.py).
PACKAGES="$PACKAGES gnuplot-nox"
# tcl: tclsh runs the generators of SQLite's amalgamation (tools/build-sqlite.sh,
# from `apt-get source sqlite3`).
PACKAGES="$PACKAGES tcl"
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

# Is a deb-src entry enabled, in either format (one-line or deb822)?
have_deb_src() {
    grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list ||
        grep -qsiE '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}
# Has apt fetched a source index (Sources) since then?
have_source_index() {
    ls /var/lib/apt/lists/ 2>/dev/null | grep -q '_Sources'
}

need_src=0
have_deb_src || need_src=1
need_update=$need_src
have_source_index || need_update=1
[ -z "$missing" ] && [ "$need_update" = 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install:$missing (and enable deb-src)" >&2; exit 1; }
    SUDO=sudo
fi

if [ "$need_src" = 1 ]; then
    # Debian's binary entries again, as source entries: the deb822 file of Debian
    # 12's installer first, else the one-line entries of sources.list naming debian.
    tmp=$(mktemp)
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed -E 's/^Types:.*/Types: deb-src/I' /etc/apt/sources.list.d/debian.sources > "$tmp"
    fi
    if [ -s "$tmp" ]; then
        echo "Enabling Debian source archives in $DEB_SRC_822"
        $SUDO cp "$tmp" "$DEB_SRC_822"
    else
        grep -hE '^[[:space:]]*deb[[:space:]].*debian' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' > "$tmp" || true
        [ -s "$tmp" ] || { rm -f "$tmp"; echo "no Debian archive in /etc/apt to take deb-src entries from" >&2; exit 1; }
        echo "Enabling Debian source archives in $DEB_SRC_LIST"
        $SUDO cp "$tmp" "$DEB_SRC_LIST"
    fi
    $SUDO chmod 644 "$DEB_SRC_822" "$DEB_SRC_LIST" 2>/dev/null || true
    rm -f "$tmp"
fi

export DEBIAN_FRONTEND=noninteractive
[ -n "$missing" ] && echo "Installing missing Debian packages:$missing"
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
