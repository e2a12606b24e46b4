#!/bin/sh
# SQLite in WAL mode on Calyx and on the Linux reference VM, printed as TAP
# (tools/run-tests.py runs it in make test; make sqlite-check runs it alone).
# tests/sqlite/wal.sh, run by the musl busybox's shell (the root filesystem
# image) with Debian's SQLite built static with musl (tools/build-sqlite.sh,
# /usr/bin/sqlite3), on each system; the outputs must equal wal.expected and
# each other. They are kept in BUILD/sqlite/wal.{calyx,linux}.out.
# Needs build/calyx.bin, the POSIX server, build/busybox/busybox,
# build/rootfs.cpio and build/sqlite/sqlite3 (make test builds them); the Linux
# half needs tools/linux-vm to succeed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=${BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/test_sqlite.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
TIMEOUT=300 # seconds per boot (about 5 s on Calyx under TCG)

# A missing program fails (never a skip: make test builds every one of them).
for f in "$build/calyx.bin" "$build/servers/posix/posix" "$build/busybox/busybox" "$build/rootfs.cpio" \
    "$build/sqlite/sqlite3"; do
    [ -f "$f" ] || { printf '1..1\nnot ok 1 - %s is missing (make sqlite builds sqlite3; make test builds all)\n' "$f"; exit 1; }
done

n=0
failed=0
check() { # check NAME COMMAND...: one test point, passing when COMMAND succeeds
    name=$1
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $name"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name"
        [ -s "$work/why" ] && sed 's/^/  # /' "$work/why" | head -40
    fi
    : > "$work/why"
}
# wal SYSTEM [cxrun options]: wal.sh on SYSTEM; BUILD/sqlite/wal.SYSTEM.{out,err,status}
wal() {
    sys=$1
    shift
    "$root/tools/cxrun" --no-build --timeout "$TIMEOUT" "$@" --cpio "$build/rootfs.cpio" \
        --file "$here:/sqlite" --file "$build/sqlite/sqlite3:/usr/bin/sqlite3" \
        "$build/busybox/busybox" sh /sqlite/wal.sh > "$build/sqlite/wal.$sys.out" 2> "$build/sqlite/wal.$sys.err" < /dev/null
    echo $? > "$build/sqlite/wal.$sys.status"
}
# as_expected SYSTEM: exit status 0, nothing on stderr, the expected output
as_expected() {
    o=$build/sqlite/wal.$1
    if [ "$(cat "$o.status")" != 0 ]; then
        echo "exit status $(cat "$o.status")" > "$work/why"
        sed 's/^/stderr: /' "$o.err" | head -10 >> "$work/why"
        return 1
    fi
    if [ -s "$o.err" ]; then
        sed 's/^/stderr: /' "$o.err" | head -10 > "$work/why"
        return 1
    fi
    diff -u "$here/wal.expected" "$o.out" > "$work/why" || {
        echo "(the whole output: $o.out)" >> "$work/why"
        return 1
    }
}
same_outputs() { diff -u "$build/sqlite/wal.linux.out" "$build/sqlite/wal.calyx.out" > "$work/why"; }

wal calyx
check "Calyx: SQLite WAL mode (9 sqlite3 processes: one reading while another writes, mmap, two writers at once) gives wal.expected" \
    as_expected calyx

if ! "$root/tools/linux-vm" "$build" > "$work/fetch" 2>&1; then
    echo "ok $((n += 1)) - Linux: the same # SKIP no Linux kernel: $(tail -1 "$work/fetch")"
    echo "ok $((n += 1)) - Calyx and Linux give the same output # SKIP no Linux kernel"
else
    wal linux --linux
    check "Linux: the same test gives wal.expected (it is Linux's output)" as_expected linux
    check "Calyx and Linux give the same output, byte for byte" same_outputs
fi

echo "1..$n"
[ "$failed" = 0 ]
