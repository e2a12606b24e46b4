#!/bin/sh
# Builds Debian's busybox (bookworm: 1.35.0 with Debian's patches) as a static
# x86_64 musl program: BUILD/busybox/busybox. Used by the Makefile
# (docs/busybox.md). Incremental: the source is fetched once, the
# configuration is made once, busybox's own make rebuilds what changed.
#   tools/build-busybox.sh [BUILD]
#
#   BUILD/busybox-src/    the source: `apt-get source busybox` (needs deb-src, tools/deps.sh)
#   BUILD/busybox-uapi/   the Linux uapi headers musl-gcc may see (symlinks)
#   BUILD/busybox/        the object tree (make O=...), .config and the binary
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$here/$build ;; esac
src=$build/busybox-src
obj=$build/busybox
uapi=$build/busybox-uapi
jobs=${JOBS:-2}

# --- the source -------------------------------------------------------------------
"$here/tools/apt-source.sh" build-busybox busybox "$src" Makefile

# --- the kernel headers musl-gcc may see -----------------------------------------------
# musl-gcc searches only musl's include directory; busybox also needs Linux's
# uapi headers. Only these directories are exposed, never /usr/include itself
# (glibc's headers must not mix with musl's). -isystem puts them after musl's.
mkdir -p "$uapi"
for d in linux asm-generic mtd scsi; do
    ln -sfn "/usr/include/$d" "$uapi/$d"
done
ln -sfn /usr/include/x86_64-linux-gnu/asm "$uapi/asm"

# --- the configuration -------------------------------------------------------------------
# The full defconfig, then only what a static musl build needs
# (docs/busybox.md lists each change and why).
config_changes() {
    cat <<EOF
CONFIG_STATIC=y
CONFIG_EXTRA_CFLAGS="-isystem $uapi"
EOF
}
mkdir -p "$obj"
config_changes > "$obj/.calyx-config.new"
if [ ! -f "$obj/.config" ] || ! cmp -s "$obj/.calyx-config.new" "$obj/.calyx-config"; then
    echo "  CONFIG  busybox defconfig + $(wc -l < "$obj/.calyx-config.new") changes"
    make -s -C "$src" O="$obj" defconfig >/dev/null
    while IFS= read -r line; do
        name=${line%%=*}
        grep -v -e "^$name=" -e "^# $name is not set" "$obj/.config" > "$obj/.config.tmp" || true
        echo "$line" >> "$obj/.config.tmp"
        mv "$obj/.config.tmp" "$obj/.config"
    done < "$obj/.calyx-config.new"
    # Settle the dependent options (new questions take their defaults).
    yes "" | make -s -C "$obj" oldconfig >/dev/null
    while IFS= read -r line; do
        grep -qxF "$line" "$obj/.config" || { echo "build-busybox: $line did not stick" >&2; exit 1; }
    done < "$obj/.calyx-config.new"
    mv "$obj/.calyx-config.new" "$obj/.calyx-config"
else
    rm -f "$obj/.calyx-config.new"
fi

# --- the build -----------------------------------------------------------------------------
echo "  MAKE    busybox (static, musl-gcc, -j$jobs)"
make -s -C "$obj" -j"$jobs" CC=musl-gcc HOSTCC=gcc busybox >"$obj/build.log" 2>&1 || {
    tail -40 "$obj/build.log" >&2
    echo "build-busybox: the busybox build failed (full log: $obj/build.log)" >&2
    exit 1
}
file_out=$(od -An -c -N4 "$obj/busybox" | tr -d ' ')
[ "$file_out" = '177ELF' ] || { echo "build-busybox: $obj/busybox is not an ELF file" >&2; exit 1; }
