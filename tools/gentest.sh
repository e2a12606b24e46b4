# Shared by the generator tests (tools/test_gen_syscalls.sh,
# tools/test_gen_linux_abi.sh), sourced after they set: root (the tree),
# work (a temporary directory), PYTHON, gen (the generator, relative to the
# tree) and table (its table, relative to the tree). TAP output.

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# Show the last command's output to whoever reads the TAP stream.
diag() { sed 's/^/# /' "$work/out"; }

# edit DIR PYTHON-CODE: run code with s = the table's text; the table becomes s.
edit() {
    "$PYTHON" - "$1/$table" "$2" <<'PYEOF'
import re, sys
path, code = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
before = s
exec(code)
if s == before:
    sys.exit("edit changed nothing: " + code)
open(path, "w", encoding="utf-8").write(s)
PYEOF
}

# edit_in FILE DIR PYTHON-CODE: edit, on another file than the table (FILE
# relative to the tree).
edit_in() {
    saved=$table
    table=$1
    edit "$2" "$3"
    status=$?
    table=$saved
    return $status
}

# check DIR: run the generator's --check in DIR; output in $work/out, status in $?.
check() { "$PYTHON" "$1/$gen" --check >"$work/out" 2>&1; }

# expect_failure DESC DIR PATTERN: --check must fail and mention PATTERN.
expect_failure() {
    if check "$2"; then
        not_ok "$1 (check passed)"
    elif grep -q -- "$3" "$work/out"; then
        ok "$1"
    else
        not_ok "$1 (no '$3' in the message)"
        diag
    fi
}
