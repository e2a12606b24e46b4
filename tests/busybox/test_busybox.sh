#!/bin/sh
# busybox on Calyx, printed as TAP (tools/run-tests.py runs it in make test):
#  - Debian's busybox-static (glibc, /bin/busybox on the host) runs unchanged
#    under tools/cxrun: a shell pipeline and the everyday text applets;
#  - the root filesystem image (build/rootfs.cpio, the musl busybox) boots:
#    busybox init runs the inittab in order and `poweroff` (SIGUSR2 to init)
#    ends the machine through reboot(2) with status 0; its applet links run
#    a script.
# Needs build/calyx.bin, the POSIX server, build/busybox/busybox and
# build/rootfs.cpio (make test builds them).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=${BUILD:-$root/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/test_busybox.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
export TMPDIR="$work"
TIMEOUT=60 # seconds per boot

debian_busybox=/bin/busybox
for f in "$build/calyx.bin" "$build/servers/posix/posix" "$build/busybox/busybox" "$build/rootfs.cpio" \
    "$debian_busybox"; do
    [ -f "$f" ] || { echo "1..0 # SKIP $f is missing (make test builds it; tools/deps.sh installs busybox-static)"; exit 1; }
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
        echo "  # status $(cat "$work/status")"
        for f in out err; do
            [ -s "$work/$f" ] && sed "s/^/  # $f: /" "$work/$f" | head -20
        done
    fi
}
# cx ARGS...: tools/cxrun; stdout, stderr and status in $work/{out,err,status}
cx() {
    "$root/tools/cxrun" --no-build --timeout "$TIMEOUT" "$@" > "$work/out" 2> "$work/err" < /dev/null
    echo $? > "$work/status"
}
status_is() { [ "$(cat "$work/status")" = "$1" ]; }
out_is() { printf "$1" | cmp -s - "$work/out"; }
err_has() { grep -q -- "$1" "$work/err"; }

# --- Debian's busybox-static, unchanged ----------------------------------------------
# Its shell runs applets by exec'ing /proc/self/exe, else by PATH: links in
# /usr/bin give it the PATH route whether or not /proc exists.
links=$work/links
mkdir -p "$links"
for a in cat echo sort uniq wc grep sed awk head tail ls; do
    ln -s /bin/busybox "$links/$a"
done
printf 'banana\napple\ncherry\napple\ndate\n' > "$work/fruit.txt"
dbb() { cx --file "$links:/usr/bin" --file "$work/fruit.txt:/data/fruit.txt" "$debian_busybox" "$@"; }

dbb sh -c 'ls / > /tmp/list; wc -l < /tmp/list; ls / | wc -l; ls -1 /'
check "Debian busybox: sh -c 'ls / | wc -l' counts what ls / lists (bin data etc tmp usr)" \
    eval 'status_is 0 && [ "$(sed -n 1p "$work/out")" = "$(sed -n 2p "$work/out")" ] &&
          [ "$(sed -n 1p "$work/out")" -ge 5 ] && sed 1,2d "$work/out" | grep -qx data &&
          sed 1,2d "$work/out" | grep -qx usr'
dbb echo hello '  two  spaces' -x
check "Debian busybox: echo" eval 'status_is 0 && out_is "hello   two  spaces -x\n"'
dbb cat /data/fruit.txt
check "Debian busybox: cat of a file given with --file" eval 'status_is 0 && out_is "banana\napple\ncherry\napple\ndate\n"'
dbb sh -c 'sort /data/fruit.txt | uniq -c'
check "Debian busybox: sort | uniq -c" \
    eval 'status_is 0 && out_is "      2 apple\n      1 banana\n      1 cherry\n      1 date\n"'
dbb sh -c 'wc /data/fruit.txt; wc -l < /data/fruit.txt'
check "Debian busybox: wc" eval 'status_is 0 && out_is "        5         5        31 /data/fruit.txt\n5\n"'
dbb sh -c 'grep -n an /data/fruit.txt; grep -c apple /data/fruit.txt; grep -q kiwi /data/fruit.txt; echo $?'
check "Debian busybox: grep -n, -c and a miss" eval 'status_is 0 && out_is "1:banana\n2\n1\n"'
dbb sed -e 's/a/A/g' -e '/cherry/d' /data/fruit.txt
check "Debian busybox: sed" eval 'status_is 0 && out_is "bAnAnA\nApple\nApple\ndAte\n"'
dbb awk '{ n += length($0); if (length($0) > 5) print NR ": " $0 } END { print "total", n }' /data/fruit.txt
check "Debian busybox: awk" eval 'status_is 0 && out_is "1: banana\n3: cherry\ntotal 26\n"'
dbb sh -c 'head -n 2 /data/fruit.txt; tail -n 1 /data/fruit.txt; cat /data/fruit.txt | tail -c 9'
check "Debian busybox: head and tail (file and pipe)" eval 'status_is 0 && out_is "banana\napple\ndate\nple\ndate\n"'

# --- the root filesystem image: the musl busybox -----------------------------------------
# The image's own files, with a test inittab laid over it: sysinit, wait and
# once actions in that order, the last one asking init to power off.
cat > "$work/inittab" <<'EOF'
::sysinit:/bin/echo sysinit: first
::wait:/bin/sh -c 'echo wait: second; test -x /sbin/init && test -L /usr/bin/awk && echo links: ok'
::once:/bin/sh -c 'echo once: powering off; exec /sbin/poweroff'
EOF
cx --cpio "$build/rootfs.cpio" --file "$work/inittab:/etc/inittab" "$build/busybox/busybox" init
check "rootfs: busybox init runs sysinit, wait, once in order; poweroff ends the machine, status 0" \
    eval 'status_is 0 && out_is "sysinit: first\nwait: second\nlinks: ok\nonce: powering off\n" &&
          err_has "Requesting system poweroff" && err_has "posix: reboot(2) by pid [0-9]*: power off"'

# (One line: /etc/calyx/init separates arguments at newlines too.)
cx --cpio "$build/rootfs.cpio" "$build/busybox/busybox" sh -c '. /etc/profile > /dev/null; cd /tmp && echo "$PWD $HOME"; printf "b\na\nc\n" > f && sort f | tr "\n" " " && echo; ls -ld /tmp /root | cut -c1-10; grep -c root /etc/passwd; head -c 5 /etc/motd; echo; poweroff -f; echo "poweroff -f came back"'
check "rootfs: applet links, /etc/profile, modes; poweroff -f from a shell ends the machine" \
    eval 'status_is 0 && out_is "/tmp /root\na b c \ndrwx------\ndrwxrwxrwt\n1\nCalyx\n" &&
          err_has "posix: reboot(2) by pid [0-9]*: power off"'

# System V IPC as busybox ipcs and ipcrm see it (the musl busybox, with a
# helper that makes one object of each kind first).
if musl-gcc -static -O2 -o "$work/ipc_objects" "$here/ipc_objects.c"; then
    cx --file "$build/busybox/busybox:/bin/busybox" "$work/ipc_objects" /bin/busybox sh -c 'busybox ipcs; busybox ipcs -l | busybox grep -e "max queues" -e "max ops"; busybox ipcrm -q 0 -S 0x2345 -M 0x3456 && { busybox ipcs | busybox grep -c 0x; true; }'
else
    echo 1 > "$work/status"
fi
check "busybox ipcs lists a queue, a semaphore set and a segment, ipcs -l the limits; ipcrm removes them" \
    eval 'status_is 0 && out_is "\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n0x00001234 0          0          640        6            1           \n\n------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n0x00003456 0          0          644        8192       0                       \n\n------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n0x00002345 0          0         600        2         \n\nmax queues system wide = 32000\nmax ops per semop call = 500\n0\n"'

echo "1..$n"
[ "$failed" = 0 ]
