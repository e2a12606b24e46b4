#!/bin/sh
# Checks of tools/gen_syscalls.py, printed as TAP. Every case works on its own
# copy of the few files the generator needs, in a temporary directory: the
# real tree is only read. Runs from any directory.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d "${TMPDIR:-/tmp}/gen_syscalls.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
files=$(cd "$root" && "$PYTHON" tools/gen_syscalls.py --list) || {
    echo "1..0 # SKIP gen_syscalls.py --list failed"
    exit 1
}

gen=tools/gen_syscalls.py
table=include/calyx/syscalls.toml
x86=include/calyx/arch/x86_64/syscall_abi.toml   # x86_64's calling convention
. "$here/gentest.sh"

# fresh NAME: a new copy of the generator, the table, its outputs and the
# hand-written headers they include (for compiling), the architecture parts
# whole (first: cp -r into a folder that exists would nest). Prints its path.
fresh() {
    dir="$work/$1"
    mkdir -p "$dir"
    for f in include/calyx/arch libc-port/native/arch tools/gen_syscalls.py \
            tools/genfiles.py $files include/calyx/personality.h include/calyx/arch.h; do
        mkdir -p "$dir/$(dirname "$f")"
        cp -r "$root/$f" "$dir/$f"
    done
    echo "$dir"
}
# The host compiler's architecture: which libc-port/native/arch/<cpu> to use.
cpu=$("$CC" -dumpmachine); cpu=${cpu%%-*}


echo "1..12"

# 1. The committed outputs match the table.
d=$(fresh clean)
if check "$d"; then ok "--check passes on the clean tree"; else not_ok "--check passes on the clean tree"; diag; fi

# 2. A syscall without its description.
d=$(fresh nodesc)
edit "$d" 's = re.sub(r"(name = \"write\"\n(?:.*\n)*?)description = .*\n", r"\1", s, count=1)'
expect_failure "a syscall without a description fails, naming it" "$d" "syscall 'write'.*missing description"

# 3. An argument without its description.
d=$(fresh noargdesc)
edit "$d" 's = re.sub(r"(\{ name = \"count\", type = \"usize\"), description = \"[^\"]*\"", r"\1", s, count=1)'
expect_failure "an argument without a description fails, naming it" "$d" "syscall 'read'.*argument 'count': missing description"

# 4. A generated file edited by hand.
d=$(fresh handedit)
printf 'x' >>"$d/kernel/gen/syscall_dispatch.c"
expect_failure "a hand-edited output fails, naming the file" "$d" "stale: kernel/gen/syscall_dispatch.c"

# 5. Two syscalls with one number.
d=$(fresh dupnr)
edit "$d" 's = s.replace("number = 3\nname = \"write\"", "number = 2\nname = \"write\"")'
expect_failure "a duplicate number is rejected" "$d" "duplicate number 2"

# 6. A fallible syscall with no errors list, and one with an empty list.
d=$(fresh noerrors)
edit "$d" 's = re.sub(r"(name = \"munmap\"\n(?:.*\n)*?)errors = \[\n(?:  \{.*\n)*\]\n", r"\1", s, count=1)'
d2=$(fresh emptyerrors)
edit "$d2" 's = re.sub(r"(name = \"munmap\"\n(?:.*\n)*?)errors = \[\n(?:  \{.*\n)*\]\n", r"\1errors = []\n", s, count=1)'
if ! check "$d" && grep -q "syscall 'munmap'.*missing errors" "$work/out" &&
        ! check "$d2" && grep -q "syscall 'munmap'.*errors is empty" "$work/out"; then
    ok "a fallible syscall must list its errors"
else
    not_ok "a fallible syscall must list its errors"
    diag
fi

# 7. Unknown types and too many arguments.
d=$(fresh badtype)
edit "$d" 's = s.replace("type = \"usize\"", "type = \"usize_t\"", 1)'
d2=$(fresh nineargs)
edit "$d2" 's = s.replace("  { name = \"channel_cap\", type = \"Capability\", description = \"Capability for the caller", "  { name = \"ninth\", type = \"u64\", description = \"One too many.\" },\n  { name = \"channel_cap\", type = \"Capability\", description = \"Capability for the caller", 1)'
if ! check "$d" && grep -q "unknown type 'usize_t'" "$work/out" &&
        ! check "$d2" && grep -q "syscall 'ipc_call'.*9 arguments, at most 8" "$work/out"; then
    ok "unknown types and more than 8 arguments are rejected"
else
    not_ok "unknown types and more than 8 arguments are rejected"
    diag
fi

# 8. --outdir writes the same files as the tree holds (the tables are inputs).
d=$(fresh outdir)
if "$PYTHON" "$d/tools/gen_syscalls.py" --outdir "$work/gen" >"$work/out" 2>&1 &&
        (for f in $files; do
            case $f in *.toml) ;; *) cmp -s "$work/gen/$f" "$d/$f" || exit 1 ;; esac
        done); then
    ok "--outdir regenerates identical files"
else
    not_ok "--outdir regenerates identical files"
    diag
fi

# 9. Every example in the table compiles against the generated stubs.
d=$(fresh examples)
if ! command -v "$CC" >/dev/null 2>&1; then
    skip "the examples compile" "no C compiler ($CC)"
else
    "$PYTHON" - "$d/include/calyx/syscalls.toml" >"$d/examples.c" <<'EOF'
import sys, tomllib
table = tomllib.load(open(sys.argv[1], "rb"))
print("#include <calyx/syscalls.h>")
for sc in table["syscall"]:
    print(f"/* {sc['name']} */\n{sc['example']}")
EOF
    if "$CC" -std=c11 -Wall -Wextra -Werror -ffreestanding -I"$d/include" \
            -I"$d/libc-port/native/include" -I"$d/libc-port/native/arch/$cpu/include" \
            -c "$d/examples.c" -o "$d/examples.o" \
            >"$work/out" 2>&1; then
        ok "the examples compile"
    else
        not_ok "the examples compile"
        diag
    fi
fi

# 10. The architecture's convention is checked like the table: its register
# lists against [abi], its keys, and no registers left in the table's [abi].
d=$(fresh archlen)
edit_in "$x86" "$d" 's = s.replace("\"r12\", \"r13\"]", "\"r12\"]", 1)'
d2=$(fresh archkey)
edit_in "$x86" "$d2" 's = s.replace("clobbered =", "clobbers =", 1)'
d3=$(fresh abiregs)
edit "$d3" 's = s.replace("max_result_fields = 4\n", "max_result_fields = 4\nnumber_register = \"rax\"\n", 1)'
if ! check "$d" && grep -q "$x86: arg_registers lists 7 registers, \[abi\] max_args is 8" "$work/out" &&
        ! check "$d2" && grep -q "$x86: missing or malformed clobbered" "$work/out" &&
        grep -q "$x86: unknown key 'clobbers'" "$work/out" &&
        ! check "$d3" && grep -q "abi.*unknown key 'number_register'" "$work/out"; then
    ok "a bad architecture convention fails, naming its file"
else
    not_ok "a bad architecture convention fails, naming its file"
    diag
fi

# 11. The page shows the convention: a hand edit of it, or a register changed
# in the architecture's file without make gen, leaves only docs/syscalls.md stale.
d=$(fresh pageedit)
printf 'x' >>"$d/docs/syscalls.md"
d2=$(fresh archreg)
edit_in "$x86" "$d2" 's = s.replace("clobbered = [\"rcx\", \"r11\"]", "clobbered = [\"rcx\", \"r11\", \"rflags\"]", 1)'
if ! check "$d" && grep -q "stale: docs/syscalls.md" "$work/out" &&
        ! check "$d2" && [ "$(grep -c stale: "$work/out")" -eq 1 ] &&
        grep -q "stale: docs/syscalls.md" "$work/out"; then
    ok "a hand-edited page or a changed convention leaves docs/syscalls.md stale"
else
    not_ok "a hand-edited page or a changed convention leaves docs/syscalls.md stale"
    diag
fi

# 12. Every include/calyx/arch/<cpu>/ with a syscall_abi.toml gets its section,
# and --list names its file.
d=$(fresh secondarch)
mkdir -p "$d/include/calyx/arch/zz99"
sed 's/"rax"/"a0"/' "$d/$x86" >"$d/include/calyx/arch/zz99/syscall_abi.toml"
if "$PYTHON" "$d/$gen" --outdir "$work/gen2" >"$work/out" 2>&1 &&
        grep -q '^### zz99$' "$work/gen2/docs/syscalls.md" &&
        grep -q '^From `include/calyx/arch/zz99/syscall_abi.toml`\.$' "$work/gen2/docs/syscalls.md" &&
        grep -q '`a0` on zz99' "$work/gen2/docs/syscalls.md" &&
        echo "$files" | grep -qx "$x86"; then
    ok "each architecture's convention gets its own section"
else
    not_ok "each architecture's convention gets its own section"
    diag
fi

[ "$failed" -eq 0 ]
