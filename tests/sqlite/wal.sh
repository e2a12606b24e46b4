#!/bin/sh
# SQLite in WAL mode across processes: run by busybox sh on Calyx and on the
# Linux reference VM (tests/sqlite/test_sqlite.sh compares the outputs with
# each other and wal.expected). Each step is a new sqlite3 process on
# /tmp/wal.db reading tests/sqlite/<step>.sql; its stdout and stderr go to a
# file, printed after it ends, so the output is the same whatever the
# console's buffering. Steps:
#   1-create      journal_mode=WAL, a table filled in transactions, queries,
#                 the -wal and -shm files while open, wal_checkpoint(TRUNCATE)
#   2-reopen      a second process: the same answers, integrity_check, a
#                 rolled back transaction
#   3-concurrent  a reader's snapshot stays while another process (run by
#                 .system) writes and checkpoints through the shared -shm
#   4-mmap        the database file memory-mapped (mmap_size) while another
#                 process (.system) and then this one write it
#   5-parallel    two processes at once, each committing 100 single-row
#                 transactions (busy_timeout: they take turns at the write lock)
#   6-final       a last process reads everything back: integrity_check
# Needs: sqlite3 in PATH, the SQL files in the directory of this script.
# Exit status: 0 when every sqlite3 process exited with 0.
set -u
cd "$(dirname "$0")" || exit 1 # (.system in 3-concurrent.sql and 4-mmap.sql find their children's SQL here)
db=/tmp/wal.db
rm -f "$db" "$db-wal" "$db-shm" /tmp/wal-child.out

files() { # what is left of the database beside it (name and size)
    for f in "$db" "$db-wal" "$db-shm"; do
        if [ -e "$f" ]; then echo "  $(basename "$f") $(wc -c < "$f")"; fi
    done
}

writer() { # writer NAME: 100 transactions, one INSERT each, as one sqlite3 process
    # (rows of one size: the file comes out the same whichever writer goes first)
    {
        echo "PRAGMA busy_timeout = 60000;"
        i=0
        while [ $i -lt 100 ]; do
            echo "INSERT INTO t(grp, name, val) VALUES (7, 'par-$1', $((1000 + i)));"
            i=$((i + 1))
        done
        echo "SELECT 'writer $1 done';"
    } | sqlite3 -bail "$db" > "/tmp/par-$1.out" 2>&1
}

failed=0
for step in 1-create 2-reopen 3-concurrent 4-mmap 5-parallel 6-final; do
    echo "== $step"
    if [ "$step" = 5-parallel ]; then
        writer a &
        a=$!
        writer b &
        b=$!
        wait $a
        sa=$?
        wait $b
        sb=$?
        cat /tmp/par-a.out /tmp/par-b.out > "/tmp/$step.out"
        status=$((sa + sb))
    else
        sqlite3 -bail "$db" < "$step.sql" > "/tmp/$step.out" 2>&1
        status=$?
    fi
    [ "$status" = 0 ] || failed=1
    cat "/tmp/$step.out"
    if [ -e /tmp/wal-child.out ]; then
        echo "-- its child (another sqlite3 process, run by .system)"
        cat /tmp/wal-child.out
        rm -f /tmp/wal-child.out
    fi
    echo "-- exit status $status; files after it:"
    files
done
exit $failed
