#!/bin/sh
# Checks of tools/gen_linux_abi.py, printed as TAP. Every case works on its own
# copy of the generator, the Linux ABI tables (x86_64, the generic numbering
# and its architectures), their outputs and the POSIX server's sources (where
# handlers are looked for), in a temporary directory: the real tree is only
# read. Also: the generic numbers against <asm-generic/unistd.h> as the C
# preprocessor reads it (and against the AArch64/RISC-V cross headers when
# installed), and the generated C compiled on the host. Runs from any directory.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d "${TMPDIR:-/tmp}/gen_linux_abi.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

PYTHON=${PYTHON:-python3}
files=$(cd "$root" && "$PYTHON" tools/gen_linux_abi.py --list) || {
    echo "1..0 # SKIP gen_linux_abi.py --list failed"
    exit 1
}
table=$(echo "$files" | head -n 1)   # x86_64's; edit changes it
generic=servers/posix/abi/generic/syscalls.toml
CC=${CC:-cc}

gen=tools/gen_linux_abi.py
. "$here/gentest.sh"

# fresh NAME: a new copy of what the generator reads and writes. Prints its path.
fresh() {
    dir="$work/$1"
    mkdir -p "$dir/tools" "$dir/servers" "$dir/docs"
    cp "$root/tools/gen_linux_abi.py" "$root/tools/genfiles.py" "$dir/tools/"
    cp -R "$root/servers/posix" "$dir/servers/"
    cp "$root/docs/linux-abi.md" "$root/docs/linux-abi-generic.md" "$dir/docs/"
    echo "$dir"
}

# check_fails DIR PATTERN: --check fails in DIR and says PATTERN.
check_fails() { ! check "$1" && grep -q -- "$2" "$work/out"; }

# uapi_numbers WANTS-FILE CPP-ARGS...: "number name" of every __NR_ the C
# preprocessor defines for <asm/unistd.h> (or <asm-generic/unistd.h> when
# the arguments say so), with -D__ARCH_WANT_<w> for each w of the [abi]
# wants of the architecture table WANTS-FILE (none when it is "-").
uapi_numbers() {
    "$PYTHON" - "$@" <<'PYEOF'
import re, subprocess, sys, tomllib
wants_file, args = sys.argv[1], sys.argv[2:]
defs = []
if wants_file != "-":
    with open(wants_file, "rb") as f:
        defs = ["-D__ARCH_WANT_" + w for w in tomllib.load(f)["abi"]["wants"]]
header = args.pop()
cpp = [args.pop(0), "-E", "-P"] + args + defs + ["-x", "c", "-"]
run = lambda extra, text: subprocess.run(cpp[:2] + extra + cpp[2:], input=text, text=True,
                                         capture_output=True, check=True).stdout
include = f"#include <{header}>\n"
names = set(re.findall(r"#define __NR_(\w+)", run(["-dM"], include)))
names -= {"syscalls", "arch_specific_syscall"}
out = run([], include + "".join(f"@@ {n} __NR_{n}\n" for n in sorted(names)))
for line in out.splitlines():
    if line.startswith("@@ "):
        _, name, expr = line.split(" ", 2)
        if not re.fullmatch(r"[\d\s()+]+", expr):
            sys.exit(f"__NR_{name} is {expr!r}")
        print(eval(expr), name)
PYEOF
}


echo "1..19"

# 1. The committed outputs match the table and the sources.
d=$(fresh clean)
if check "$d"; then ok "--check passes on the clean tree"; else not_ok "--check passes on the clean tree"; diag; fi

# 2. A generated file edited by hand.
d=$(fresh handedit)
printf 'x' >>"$d/servers/posix/abi/x86_64/gen/dispatch.c"
expect_failure "a hand-edited dispatch table fails, naming it" "$d" \
    "stale: servers/posix/abi/x86_64/gen/dispatch.c"

# 3. The table changed without make gen.
d=$(fresh tablechange)
edit "$d" 's = re.sub(r"\nnote = \"[^\"]*", lambda m: m.group(0) + " (edited)", s, count=1)'
expect_failure "a table edit without make gen leaves docs/linux-abi.md stale" "$d" "stale: docs/linux-abi.md"

# 4. A syscall missing from the table.
d=$(fresh missing)
edit "$d" 's = re.sub(r"\[\[syscall\]\]\nnumber = 134\n(?:[a-z_]+ = .*\n)*\n", "", s, count=1)'
expect_failure "a syscall missing from the table fails, naming it" "$d" "has uselib (134): the table lacks it"

# 5. Two syscalls with one number, and a name the header does not have.
d=$(fresh dupnr)
edit "$d" 's = s.replace("number = 1\nname = \"write\"", "number = 0\nname = \"write\"", 1)'
d2=$(fresh badname)
edit "$d2" 's = s.replace("name = \"uselib\"", "name = \"use_lib\"", 1)'
if ! check "$d" && grep -q "duplicate number 0" "$work/out" &&
        ! check "$d2" && grep -q "syscall 'use_lib'.*calls 134 uselib" "$work/out"; then
    ok "numbers are unique and names match the uapi header"
else
    not_ok "numbers are unique and names match the uapi header"
    diag
fi

# 6. A partial call without a note saying what is missing.
d=$(fresh nonote)
edit "$d" 's = re.sub(r"(name = \"mremap\"\n(?:.*\n)*?)note = .*\n", r"\1", s, count=1)'
expect_failure "partial without a note fails, naming the call" "$d" "syscall 'mremap': partial needs a note"

# 7. A handler nobody defines, and one defined static.
d=$(fresh nohandler)
edit "$d" 's = s.replace("handler = \"sys_sync\"", "handler = \"sys_sync_all\"", 1)'
d2=$(fresh statichandler)
sed -i 's/^long sys_rseq(struct thread \*t, const uint64_t \*a)$/static long sys_rseq(struct thread *t, const uint64_t *a)/' \
    "$d2/servers/posix/main.c"
if ! check "$d" && grep -q "syscall 'sync': handler sys_sync_all is not defined" "$work/out" &&
        ! check "$d2" && grep -q "syscall 'rseq': handler sys_rseq is static in servers/posix/main.c" "$work/out"; then
    ok "every handler must be defined, once and not static"
else
    not_ok "every handler must be defined, once and not static"
    diag
fi

# 8. A handler the table does not name (someone forgot the table).
d=$(fresh unnamed)
printf '\nlong sys_frobnicate(struct thread *t, const uint64_t *a)\n{\n    return 0;\n}\n' \
    >>"$d/servers/posix/proc/host.c"
expect_failure "a handler-shaped function no syscall names fails, naming it" "$d" \
    "sys_frobnicate (servers/posix/proc/host.c) has the handler signature but no syscall names it"

# 9. Unknown argument kinds, too many arguments, unknown fields.
d=$(fresh badkind)
edit "$d" 's = s.replace("args = [\"fd fd\", \"ptr buf\", \"size count\"]", "args = [\"fd fd\", \"buffer buf\", \"size count\"]", 1)'
d2=$(fresh sevenargs)
edit "$d2" 's = s.replace("args = [\"ptr addr\", \"size len\", \"flags prot\", \"flags flags\", \"fd fd\", \"off off\"]", "args = [\"ptr addr\", \"size len\", \"flags prot\", \"flags flags\", \"fd fd\", \"off off\", \"int extra\"]", 1)'
d3=$(fresh badfield)
edit "$d3" 's = s.replace("name = \"read\"\n", "name = \"read\"\nstatus_note = \"x\"\n", 1)'
if ! check "$d" && grep -q "syscall 'read': argument 'buffer buf' is not" "$work/out" &&
        ! check "$d2" && grep -q "syscall 'mmap': 7 arguments, at most 6" "$work/out" &&
        ! check "$d3" && grep -q "syscall 'read': unknown field 'status_note'" "$work/out"; then
    ok "argument kinds, counts and fields are checked"
else
    not_ok "argument kinds, counts and fields are checked"
    diag
fi

# 10. implemented without a handler.
d=$(fresh implnohandler)
edit "$d" 's = s.replace("handler = \"sys_getpid\"\n", "", 1)'
expect_failure "implemented needs a handler" "$d" "syscall 'getpid': status implemented needs a handler"

# 11. --outdir writes the same files as the tree holds.
d=$(fresh outdir)
if "$PYTHON" "$d/tools/gen_linux_abi.py" --outdir "$work/gen" >"$work/out" 2>&1 &&
        for f in $files; do
            case $f in *.toml) continue ;; esac
            cmp -s "$work/gen/$f" "$d/$f" || exit 1
        done; then
    ok "--outdir regenerates identical files"
else
    not_ok "--outdir regenerates identical files"
    diag
fi

# 12. The generic architectures' outputs edited by hand.
d=$(fresh ghandedit)
printf 'x' >>"$d/servers/posix/abi/aarch64/gen/dispatch.c"
printf 'x' >>"$d/servers/posix/abi/riscv64/gen/trace.c"
printf 'x' >>"$d/docs/linux-abi-generic.md"
if check_fails "$d" "stale: servers/posix/abi/aarch64/gen/dispatch.c" &&
        grep -q "stale: servers/posix/abi/riscv64/gen/trace.c" "$work/out" &&
        grep -q "stale: docs/linux-abi-generic.md" "$work/out"; then
    ok "hand-edited aarch64/riscv64 tables and their page fail, naming each"
else
    not_ok "hand-edited aarch64/riscv64 tables and their page fail, naming each"
    diag
fi

# 13. A call's handler, status and note are written once, in the x86_64
# entry: the generic page follows it; a generic entry may give its own (and
# a bad handler is named once, not once per architecture).
d=$(fresh inherit)
edit "$d" 's = s.replace("handler = \"sys_sync\"\nstatus = \"implemented\"", "handler = \"sys_sync\"\nstatus = \"partial\"", 1)'
d2=$(fresh override)
edit_in "$generic" "$d2" 's = s.replace("name = \"sync\"\n", "name = \"sync\"\nstatus = \"enosys\"\nhandler = \"sys_sync_all\"\n", 1)'
if check_fails "$d" "stale: docs/linux-abi-generic.md" &&
        check_fails "$d2" "syscall 'sync': handler sys_sync_all is not defined" &&
        [ "$(grep -c "syscall 'sync'" "$work/out")" = 1 ]; then
    ok "generic entries take x86_64's status and handler unless they give their own"
else
    not_ok "generic entries take x86_64's status and handler unless they give their own"
    diag
fi

# 14. The generic table against <asm-generic/unistd.h>: a call missing, a
# wrong name, an optional call without its wants.
d=$(fresh gmissing)
edit_in "$generic" "$d" 's = s.replace("[[syscall]]\nnumber = 64\nname = \"write\"\n\n", "", 1)'
d2=$(fresh gnumber)
edit_in "$generic" "$d2" 's = s.replace("number = 63\nname = \"read\"", "number = 63\nname = \"readv\"", 1)'
d3=$(fresh gwants)
edit_in "$generic" "$d3" 's = s.replace("name = \"renameat\"\nwants = \"RENAMEAT\"\n", "name = \"renameat\"\n", 1)'
if check_fails "$d" "asm-generic/unistd.h (for aarch64) has write (64): servers/posix/abi/generic/syscalls.toml lacks it" &&
        check_fails "$d2" "syscall 'readv': duplicate name" &&
        check_fails "$d3" "syscall 'renameat': number 38 is not in /usr/include/asm-generic/unistd.h (for riscv64)"; then
    ok "generic numbers, names and wants are checked against the header"
else
    not_ok "generic numbers, names and wants are checked against the header"
    diag
fi

# 15. An architecture's own calls: in its numbers, complete, wants known.
d=$(fresh ownrange)
edit_in servers/posix/abi/riscv64/syscalls.toml "$d" 's = s.replace("number = 259", "number = 300", 1)'
d2=$(fresh ownfields)
edit_in servers/posix/abi/riscv64/syscalls.toml "$d2" 's = s.replace("args = [\"ptr start\", \"ptr end\", \"flags flags\"]\nstatus = \"enosys\"\n", "", 1)'
d3=$(fresh ownwants)
edit_in servers/posix/abi/aarch64/syscalls.toml "$d3" 's = s.replace("\"RENAMEAT\"", "\"RENAME_AT\"", 1)'
if check_fails "$d" "syscall 'riscv_flush_icache': riscv64's own calls are numbered 244..259, not 300" &&
        check_fails "$d2" "syscall 'riscv_flush_icache' is not in servers/posix/abi/x86_64/syscalls.toml, so it needs its own args and status" &&
        check_fails "$d3" "wants 'RENAME_AT': /usr/include/asm-generic/unistd.h has no __ARCH_WANT_RENAME_AT"; then
    ok "an architecture's own calls and wants are checked"
else
    not_ok "an architecture's own calls and wants are checked"
    diag
fi

# 16. The generator's reading of <asm-generic/unistd.h> (its own small
# preprocessor) agrees with the C preprocessor's, for each architecture.
desc="the generic tables' numbers are <asm-generic/unistd.h>'s as cpp reads it"
if [ ! -r /usr/include/asm-generic/unistd.h ]; then
    skip "$desc" "no /usr/include/asm-generic/unistd.h (linux-libc-dev)"
elif ! command -v "$CC" >/dev/null 2>&1; then
    skip "$desc" "no C compiler ($CC)"
else
    bad=""
    for arch in aarch64 riscv64; do
        arch_toml="$root/servers/posix/abi/$arch/syscalls.toml"
        (cd "$root" && "$PYTHON" tools/gen_linux_abi.py --numbers "$arch") >"$work/$arch.table" 2>"$work/out" &&
            uapi_numbers "$arch_toml" "$CC" -D__BITS_PER_LONG=64 asm-generic/unistd.h \
                >"$work/$arch.uapi" 2>>"$work/out" || { bad="$bad $arch"; continue; }
        # The architecture's own calls are not the generic header's.
        own=$("$PYTHON" -c 'import sys, tomllib; print(" ".join(str(c["number"]) for c in tomllib.load(open(sys.argv[1], "rb")).get("syscall", [])))' "$arch_toml")
        for nr in $own; do sed -i "/^$nr /d" "$work/$arch.table"; done
        sort -n "$work/$arch.uapi" | diff "$work/$arch.table" - >>"$work/out" || bad="$bad $arch"
    done
    if [ -z "$bad" ]; then ok "$desc"; else not_ok "$desc:$bad"; diag; fi
fi

# 17. When the Debian cross headers are installed (linux-libc-dev-arm64-cross,
# linux-libc-dev-riscv64-cross; or CROSS_UAPI_ROOT holds their unpacked
# /usr), each architecture's whole table against its own <asm/unistd.h>.
desc="each architecture's table is its cross <asm/unistd.h>'s"
cross=${CROSS_UAPI_ROOT:-/usr}
bad=""
checked=""
for pair in aarch64:aarch64-linux-gnu riscv64:riscv64-linux-gnu; do
    arch=${pair%%:*}
    inc="$cross/${pair#*:}/include"
    [ -r "$inc/asm/unistd.h" ] || continue
    checked="$checked $arch"
    (cd "$root" && "$PYTHON" tools/gen_linux_abi.py --numbers "$arch") >"$work/$arch.table" 2>"$work/out" &&
        uapi_numbers - "$CC" -nostdinc -I "$inc" -D__LP64__ asm/unistd.h >"$work/$arch.cross" 2>>"$work/out" &&
        sort -n "$work/$arch.cross" | diff "$work/$arch.table" - >>"$work/out" || bad="$bad $arch"
done
if [ -z "$checked" ]; then
    skip "$desc" "no cross headers under $cross (linux-libc-dev-arm64-cross, linux-libc-dev-riscv64-cross)"
elif [ -z "$bad" ]; then
    ok "$desc ($(echo $checked))"
else
    not_ok "$desc:$bad"
    diag
fi

# 18. The generated C compiles on the host: every architecture's dispatch and
# trace tables against the server's abi/linux_abi.h.
desc="every architecture's generated dispatch.c and trace.c compile (host $CC -fsyntax-only)"
if ! command -v "$CC" >/dev/null 2>&1; then
    skip "$desc" "no C compiler ($CC)"
else
    : >"$work/out"
    bad=""
    for f in $files; do
        case $f in *.c) ;; *) continue ;; esac
        "$CC" -std=gnu11 -Wall -Wextra -Werror -fsyntax-only "$root/$f" >>"$work/out" 2>&1 || bad="$bad $f"
    done
    if [ -z "$bad" ]; then ok "$desc"; else not_ok "$desc:$bad"; diag; fi
fi

# 19. A number two generic entries give is one generated dispatch would
# silently overwrite: the generator refuses it, and so would the compiler.
d=$(fresh gdup)
edit_in "$generic" "$d" 's = s.replace("number = 64\nname = \"write\"", "number = 63\nname = \"write\"", 1)'
expect_failure "two generic entries with one number fail, naming them" "$d" "syscall 'write': duplicate number 63"

[ "$failed" -eq 0 ]
