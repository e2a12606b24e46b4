#!/bin/sh
# Tests of tools/cxrun, printed as TAP: option parsing, the filesystem it
# packs, exit status propagation, stdout/stderr separation and its failure
# modes. Each case boots Calyx with the native stand-in for the POSIX server
# (tests/cxrun/standin.c), which runs the program's arguments as commands.
# Needs build/calyx.bin and build/tests/cxrun/standin (make tests).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=${BUILD:-$root/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/test_cxrun.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
export TMPDIR="$work" # cxrun keeps the kernel log of a failed run in a directory there

standin=$build/tests/cxrun/standin
for f in "$build/calyx.bin" "$standin"; do
    [ -f "$f" ] || { echo "1..0 # SKIP $f is not built"; exit 1; }
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
        for f in out err; do
            [ -s "$work/$f" ] && sed "s/^/  # $f: /" "$work/$f" | head -20
        done
    fi
}

prog=$work/prog
printf 'not run: the stand-in reads only its name\n' > "$prog"

# cx ARGS...: tools/cxrun with the stand-in; stdout, stderr and status in $work/{out,err,status}
cx() {
    "$root/tools/cxrun" --no-build --server "$standin" "$@" > "$work/out" 2> "$work/err" < /dev/null
    echo $? > "$work/status"
}
status_is() { [ "$(cat "$work/status")" = "$1" ]; }
out_is() { printf "$1" | cmp -s - "$work/out"; }
err_is() { printf "$1" | cmp -s - "$work/err"; }
err_has() { grep -q -- "$1" "$work/err"; }
out_empty() { [ ! -s "$work/out" ]; }

cx "$prog" out hello
check "stdout is exactly the program's bytes (no CR, no kernel log), stderr empty, status 0" \
    eval 'status_is 0 && out_is "hello\n" && [ ! -s "$work/err" ]'

cx "$prog" out A err B out C
check "stdout and stderr are separated" eval 'out_is "A\nC\n" && err_is "B\n"'

for code in 0 1 7 42 255; do
    cx "$prog" exit $code
    check "exit status $code is propagated" status_is $code
done
cx "$prog" exit 300
check "exit code 300 becomes 44 (the low 8 bits, as on Linux)" status_is 44

cx "$prog" argv exit 0 --timeout "two words" "" -v
check "argv[0] is /bin/<basename>; arguments after PROGRAM are passed verbatim, options included" \
    eval 'out_is "/bin/prog\nargv\nexit\n0\n--timeout\ntwo words\n\n-v\n" && status_is 0'

cp "$prog" "$work/-dash"
cx -- "$work/-dash" argv
check "-- ends the options (a program named -dash)" eval 'out_is "/bin/-dash\nargv\n"'

cx "$prog" env
check "default environment in /etc/calyx/env" eval 'out_is "PATH=/bin:/usr/bin\nHOME=/\nTERM=vt100\n"'
cx --env TERM=xterm --env=LANG=C "$prog" env
check "--env overrides and adds" eval 'out_is "PATH=/bin:/usr/bin\nHOME=/\nTERM=xterm\nLANG=C\n"'

printf 'first file\n' > "$work/a.txt"
mkdir -p "$work/dir/sub" && printf 'deep\n' > "$work/dir/sub/d.txt"
cx --file "$work/a.txt" --file "$work/a.txt:/data/b.txt" --file "$work/a.txt:/opt/" --file "$work/dir" \
    "$prog" cat /a.txt cat /data/b.txt cat /opt/a.txt cat /dir/sub/d.txt
check "--file HOST, HOST:GUEST, HOST:DIR/ and a directory land where asked" \
    eval 'out_is "first file\nfirst file\nfirst file\ndeep\n" && status_is 0'

cx "$prog" ls
check "the archive holds the program (mode 755), an empty /tmp (1777) and /etc/calyx/init" \
    eval 'grep -qx "bin/prog 100755 [0-9]*" "$work/out" && grep -qx "tmp 41777 0" "$work/out" &&
          grep -q "^etc/calyx/init 100644 " "$work/out" && ! grep -q "^tmp/" "$work/out"'

cx "$prog" kargs
check "the server is module 0 with the command line \"posix\"" out_is 'posix\n'
cx --trace "$prog" kargs
check "--trace adds \"trace\" to the server's command line" out_is 'posix\ntrace\n'

cx --icount "$prog" out counted exit 3
check "--icount runs the same program" eval 'out_is "counted\n" && status_is 3'

cx --timeout 2 "$prog" out before spin
check "--timeout: status 124, a message on stderr, stdout only the program's" \
    eval 'status_is 124 && out_is "before\n" && err_has "timed out after 2s"'

cx "$prog" out before fault
check "the server dying is status 125 with the reason on stderr" \
    eval 'status_is 125 && out_is "before\n" && err_has "root task (POSIX server) died"'

cx --kernel-args ktest=pagefault "$prog" out never
check "a kernel failure is status 125 with the reason on stderr, nothing on stdout" \
    eval 'status_is 125 && out_empty && err_has "the Calyx kernel failed: KERNEL EXCEPTION"'

cx --log "$work/kernel.log" "$prog" exit 5
check "--log keeps the kernel log" eval 'status_is 5 && grep -q "^calyx: root task exited with code 5" "$work/kernel.log"'

cx -v "$prog" out quiet
check "-v shows the kernel log on stderr, never on stdout" \
    eval 'out_is "quiet\n" && err_has "calyx: root task exited with code 0"'

for bad in "--bogus" "--timeout" "--timeout abc" "--timeout 0" "--file" "--env NOEQUALS" "--icount=1" ""; do
    # shellcheck disable=SC2086
    cx $bad
    check "usage error '$bad': status 125, message on stderr, nothing on stdout" \
        eval 'status_is 125 && out_empty && err_has "^cxrun: "'
done
cx --mem 999999G "$prog"
check "QEMU failing to start is status 125 with QEMU's reason" \
    eval 'status_is 125 && out_empty && err_has "QEMU did not boot Calyx"'
cx "$work/missing"
check "a missing PROGRAM is status 125 with its name" eval 'status_is 125 && out_empty && err_has "missing: no such file"'
cx --file "$work/nothing" "$prog"
check "a missing --file is status 125" eval 'status_is 125 && err_has "nothing: no such file"'
cx --cpio "$work/nothing.cpio" "$prog"
check "a missing --cpio archive is status 125" eval 'status_is 125 && out_empty && err_has "nothing.cpio: no such file"'
cx --file "$prog:/bin/prog" "$prog"
check "two files at one guest path is status 125" eval 'status_is 125 && err_has "already in the filesystem"'

"$root/tools/cxrun" --help > "$work/out" 2> "$work/err"
echo $? > "$work/status"
check "--help prints the usage on stdout and exits 0" eval 'status_is 0 && grep -q "^usage: tools/cxrun" "$work/out"'

if [ ! -f "$root/servers/posix/main.c" ]; then
    "$root/tools/cxrun" "$prog" > "$work/out" 2> "$work/err" < /dev/null
    echo $? > "$work/status"
    check "without --server and no POSIX server yet: status 125 and why" \
        eval 'status_is 125 && out_empty && err_has "POSIX server does not exist yet"'
fi

# --- --linux: the same program on the Linux reference VM (tools/linux-vm) and on
# Calyx (the real POSIX server) gives the same stdout, stderr and status.
linux_tests() {
    hello=$build/tests/samples/musl-hello
    status=$build/tests/samples/status
    for f in "$hello" "$status" "$build/tools/linux-init" "$build/servers/posix/posix"; do
        [ -f "$f" ] || { echo "ok $((n += 1)) - --linux # SKIP $f is not built"; return; }
    done
    if ! "$root/tools/linux-vm" "$build" > "$work/err" 2>&1; then
        echo "ok $((n += 1)) - --linux # SKIP no Linux kernel: $(tail -1 "$work/err")"
        return
    fi
    # both ARGS...: cxrun on Calyx into $work/*.calyx, then with --linux into $work/{out,err,status}
    both() {
        "$root/tools/cxrun" --no-build "$@" > "$work/out.calyx" 2> "$work/err.calyx" < /dev/null
        echo $? > "$work/status.calyx"
        "$root/tools/cxrun" --no-build --linux "$@" > "$work/out" 2> "$work/err" < /dev/null
        echo $? > "$work/status"
    }
    same() { cmp -s "$work/out.calyx" "$work/out" && cmp -s "$work/err.calyx" "$work/err" &&
             cmp -s "$work/status.calyx" "$work/status"; }

    both "$hello"
    check "--linux: hello world gives the same bytes as on Calyx, nothing on stderr, status 0" \
        eval 'same && out_is "hello from a static musl program\n" && [ ! -s "$work/err" ] && status_is 0'
    both "$status" out A err B out C exit 42
    check "--linux: stdout, stderr and exit status 42 as on Calyx" \
        eval 'same && out_is "A\nC\n" && err_has "^B" && status_is 42'
    both "$status" out before signal 11
    check "--linux: death by SIGSEGV is status 139 as on Calyx" eval 'same && out_is "before\n" && status_is 139'
    both --icount "$status" out counted exit 3
    check "--linux --icount runs the same program" eval 'same && out_is "counted\n" && status_is 3'
    both --file "$work/a.txt:/data/" --env LANG=C "$status" cat /data/a.txt getenv LANG getenv HOME
    check "--linux takes --file and --env" eval 'same && out_is "first file\nC\n/\n" && status_is 0'
    # A program stopped by SIGSTOP never ends: only the timeout stops the VM.
    "$root/tools/cxrun" --no-build --linux --timeout 15 "$status" out before signal 19 \
        > "$work/out" 2> "$work/err" < /dev/null
    echo $? > "$work/status"
    check "--linux --timeout: status 124, a message on stderr, stdout only the program's" \
        eval 'status_is 124 && out_is "before\n" && err_has "timed out after 15s"'
    "$root/tools/cxrun" --no-build --linux --trace "$hello" > "$work/out" 2> "$work/err" < /dev/null
    echo $? > "$work/status"
    check "--linux --trace is a usage error (status 125)" \
        eval 'status_is 125 && out_empty && err_has "not supported with --linux"'
}
linux_tests

echo "1..$n"
[ "$failed" = 0 ]
