#!/bin/sh
# Tests of tools/conformance, printed as TAP: one directory of copies of
# tests/conformance/sample.c (each name behaves differently) runs on Calyx and
# on the Linux reference VM, and the table, totals, JSON and kept outputs are
# checked. Needs make tests; the Linux half needs tools/linux-vm to succeed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=${BUILD:-$root/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/test_conformance.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

sample=$build/tests/conformance/sample
for f in "$sample" "$build/tools/conformance-runner" "$build/tools/linux-init" "$build/servers/posix/posix"; do
    [ -f "$f" ] || { echo "1..0 # SKIP $f is not built"; exit 0; }
done
if ! "$root/tools/linux-vm" "$build" > "$work/fetch" 2>&1; then
    echo "1..0 # SKIP no Linux kernel: $(tail -1 "$work/fetch")"
    exit 0
fi

n=0
failed=0
check() { # check NAME COMMAND...: one test point, passing when COMMAND succeeds
    n=$((n + 1))
    name=$1
    shift
    if "$@"; then
        echo "ok $n - $name"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name"
        sed 's/^/  # /' "$work/table" | head -30
    fi
}

mkdir "$work/tests"
for name in pass fail_noisy unsupported segv hang linux_only calyx_only; do
    cp "$sample" "$work/tests/$name"
done
printf 'not a program\n' > "$work/tests/README"

# run ARGS...: tools/conformance on $work/tests into $work/out; table in $work/table
run() {
    rm -rf "$work/out"
    BUILD=$build "$root/tools/conformance" --no-build --timeout 3 --out "$work/out" "$@" "$work/tests" \
        > "$work/table" 2> "$work/stderr" < /dev/null
    echo $? > "$work/status"
}
row() { grep -Eq "^$1 +$2 +$3( |\$)" "$work/table"; }
json() { python3 -c "import json,sys; r=json.load(open('$work/out/results.json')); sys.exit(0 if ($1) else 1)"; }

run --skip-linux 'calyx_*'
check "the run completes with status 0" eval '[ "$(cat "$work/status")" = 0 ]'
check "a passing test passes on both" row pass PASS PASS
check "a failing test is FAIL(1) on both" row fail_noisy 'FAIL\(1\)' 'FAIL\(1\)'
check "a death by SIGSEGV is SIGNAL 11 on both" row segv 'SIGNAL 11' 'SIGNAL 11'
check "a hanging test (and its child) is TIMEOUT on both, and the rest still runs" \
    eval 'row hang TIMEOUT TIMEOUT && row linux_only PASS "FAIL\\(1\\)"'
check "--skip-linux: SKIP on Linux, run on Calyx" row calyx_only SKIP PASS
check "files that are not ELF programs are not tests" eval '! grep -q README "$work/table"'
check "totals: pass on both, Linux only, Calyx only, neither" \
    grep -q "7 tests (plain convention): pass on both 1, Linux only 1, Calyx only 0, neither 4, skipped on a system 1" \
    "$work/table"
check "results.json holds every test with both results and the totals" \
    json 'len(r["tests"]) == 7 and r["totals"]["linux_only"] == 1 and
          [t for t in r["tests"] if t["test"] == "segv"][0]["calyx"] == {"result": "SIGNAL 11", "passed": False, "kind": "signal", "value": 11}'
check "results.md holds the table" grep -q '^| hang | TIMEOUT | TIMEOUT |$' "$work/out/results.md"
check "the outputs of a failure are kept for each system" \
    eval 'grep -qx "to stdout" "$work/out/linux/fail_noisy.stdout" && grep -qx "to stderr" "$work/out/calyx/fail_noisy.stderr"'
check "no outputs are kept for a pass" eval '[ ! -e "$work/out/linux/pass.stdout" ] && [ ! -e "$work/out/calyx/pass.stdout" ]'
check "one boot per system" eval '[ "$(ls "$work/out/boots" | grep -c "\.log$")" = 2 ]'

run --convention posix --only calyx --skip hang
check "--convention posix: exit 4 is UNSUPPORTED, 1 FAIL; --only calyx skips Linux" \
    eval 'row unsupported SKIP UNSUPPORTED && row fail_noisy SKIP FAIL && ! grep -q "^hang " "$work/table"'

echo "1..$n"
[ "$failed" = 0 ]
