#!/bin/sh
# Builds Debian's SQLite (bookworm: 3.40.1 with Debian's patches) as a static
# x86_64 musl program, the sqlite3 shell: BUILD/sqlite/sqlite3. Used by the
# Makefile (make sqlite, make sqlite-check; tests/sqlite/). Incremental: the
# source is fetched once and configured once; SQLite's own make regenerates
# the amalgamation (sqlite3.c, shell.c) when a source changed, and the
# program is linked again only when the amalgamation or this script is newer.
#   tools/build-sqlite.sh [BUILD]
#
#   BUILD/sqlite-src/   the source: `apt-get source sqlite3` (needs deb-src, tools/deps.sh)
#   BUILD/sqlite/       the configured object tree, the amalgamation and the program
#
# Debian's source is SQLite's full tree, not the amalgamation: its configure
# and `make sqlite3.c shell.c` make the two files (tclsh runs the generators,
# the host gcc builds lemon and mkkeywordhash). Then one musl-gcc call, with
# no threads and no extension loading (no dlopen in a static program).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$here/$build ;; esac
src=$build/sqlite-src
obj=$build/sqlite
CFLAGS_SQLITE="-static -O2 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION"

command -v tclsh >/dev/null 2>&1 || command -v tclsh8.6 >/dev/null 2>&1 || {
    echo "build-sqlite: no tclsh (the amalgamation's generators need it: tools/deps.sh installs tcl)" >&2
    exit 1
}

# --- the source -------------------------------------------------------------------
"$here/tools/apt-source.sh" build-sqlite sqlite3 "$src" src/sqliteInt.h

# --- the amalgamation --------------------------------------------------------------
mkdir -p "$obj"
if [ ! -f "$obj/Makefile" ]; then
    echo "  CONFIG  sqlite3 (configure --disable-tcl, for the amalgamation only)"
    (cd "$obj" && "$src/configure" --disable-tcl >configure.log 2>&1) || {
        tail -40 "$obj/configure.log" >&2
        echo "build-sqlite: configure failed (full log: $obj/configure.log)" >&2
        exit 1
    }
fi
echo "  MAKE    sqlite3.c shell.c (the amalgamation)"
make -s -C "$obj" sqlite3.c shell.c >"$obj/amalgamation.log" 2>&1 || {
    tail -40 "$obj/amalgamation.log" >&2
    echo "build-sqlite: making the amalgamation failed (full log: $obj/amalgamation.log)" >&2
    exit 1
}

# --- the program -------------------------------------------------------------------
prog=$obj/sqlite3
if [ ! -f "$prog" ] || [ -n "$(find "$obj/sqlite3.c" "$obj/shell.c" "$0" -newer "$prog")" ]; then
    echo "  MUSL    sqlite3 (static, musl-gcc: shell.c sqlite3.c)"
    # shellcheck disable=SC2086
    (cd "$obj" && musl-gcc $CFLAGS_SQLITE shell.c sqlite3.c -o sqlite3.tmp) >"$obj/build.log" 2>&1 || {
        tail -40 "$obj/build.log" >&2
        echo "build-sqlite: the sqlite3 build failed (full log: $obj/build.log)" >&2
        exit 1
    }
    mv "$obj/sqlite3.tmp" "$prog"
fi
magic=$(od -An -c -N4 "$prog" | tr -d ' ')
[ "$magic" = '177ELF' ] || { echo "build-sqlite: $prog is not an ELF file" >&2; exit 1; }
