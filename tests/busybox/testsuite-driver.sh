#!/bin/sh
# Runs busybox's own testsuite (testsuite/runtest) one applet at a time, each
# under a time limit, so that a test that hangs costs its applet and not the
# rest. The same script runs on the host and inside Calyx
# (tools/busybox-testsuite.py starts both).
#   testsuite-driver.sh BINDIR SECONDS [APPLET...]
# BINDIR holds busybox, its .config and testsuite/ (the layout runtest
# expects: bindir = the directory above testsuite/). Without APPLETs: every
# applet busybox has (and "busybox" itself) that has tests, as runtest does.
# Output: for each applet a line "=== APPLET", then runtest's own lines
# (PASS:, FAIL: and what failed, SKIPPED:, UNTESTED:), then "TIMEOUT: APPLET" when it was
# stopped; at the end "=== end". SLOW_APPLETS="NAME=SECONDS ..." gives those
# applets a longer limit (tests heavy enough to outlast it under emulation).
bindir=$1 limit=$2
shift 2
tsdir=$bindir/testsuite
cd "$tsdir" || exit 1

# The environment Debian's package build runs the testsuite with, and
# VERBOSE: runtest then shows each failing test's output or diff after its
# FAIL line (the reasons in docs/conformance.md come from there).
export bindir tsdir SKIP_KNOWN_BUGS=y SKIP_INTERNET_TESTS=y LANG=C.UTF-8 LC_ALL=C.UTF-8 ECHO=/bin/echo
export VERBOSE=1
unset DEBUG

if [ $# = 0 ]; then
    set -- busybox $("$bindir/busybox" --list)
fi
for applet in "$@"; do
    [ -d "$tsdir/$applet" ] || [ -f "$tsdir/$applet.tests" ] || continue
    echo "=== $applet"
    seconds=$limit
    for slow in ${SLOW_APPLETS:-}; do
        [ "${slow%%=*}" = "$applet" ] && seconds=${slow#*=}
    done
    timeout -s KILL "$seconds" "$tsdir/runtest" "$applet" < /dev/null 2>&1
    status=$?
    if [ "$status" = 137 ] || [ "$status" = 124 ]; then
        echo "TIMEOUT: $applet"
        # Inside Calyx this script is pid 1: end whatever the stopped test
        # left running (kill -1 spares pid 1). Never on a host.
        [ $$ = 1 ] && kill -KILL -1 2>/dev/null
    fi
done
echo "=== end"
