#!/bin/sh
# Checks of tools/gen_linux_abi.py, printed as TAP. Every case works on its own
# copy of the generator, the Linux ABI table, its outputs and the POSIX
# server's sources (where handlers are looked for), in a temporary directory:
# the real tree is only read. Runs from any directory.
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
table=$(echo "$files" | head -n 1)

gen=tools/gen_linux_abi.py
. "$here/gentest.sh"

# fresh NAME: a new copy of what the generator reads and writes. Prints its path.
fresh() {
    dir="$work/$1"
    mkdir -p "$dir/tools" "$dir/servers" "$dir/docs"
    cp "$root/tools/gen_linux_abi.py" "$root/tools/genfiles.py" "$dir/tools/"
    cp -R "$root/servers/posix" "$dir/servers/"
    cp "$root/docs/linux-abi.md" "$dir/docs/"
    echo "$dir"
}


echo "1..11"

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
edit "$d" 's = s.replace("status = \"enosys\"\nnote = \"C libraries fall back to clone.\"", "status = \"enosys\"\nnote = \"C libraries fall back to clone(2).\"", 1)'
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
    >>"$d/servers/posix/host.c"
expect_failure "a handler-shaped function no syscall names fails, naming it" "$d" \
    "sys_frobnicate (servers/posix/host.c) has the handler signature but no syscall names it"

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

# 10. implemented without a handler; file_call without one.
d=$(fresh implnohandler)
edit "$d" 's = s.replace("handler = \"sys_getpid\"\n", "", 1)'
expect_failure "implemented needs a handler" "$d" "syscall 'getpid': status implemented needs a handler"

# 11. --outdir writes the same files as the tree holds.
d=$(fresh outdir)
if "$PYTHON" "$d/tools/gen_linux_abi.py" --outdir "$work/gen" >"$work/out" 2>&1 &&
        for f in $files; do
            [ "$f" = "$table" ] || cmp -s "$work/gen/$f" "$d/$f" || exit 1
        done; then
    ok "--outdir regenerates identical files"
else
    not_ok "--outdir regenerates identical files"
    diag
fi

[ "$failed" -eq 0 ]
