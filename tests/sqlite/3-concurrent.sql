-- A read transaction's snapshot, while another process writes.
BEGIN;
SELECT 'reader before', count(*), sum(val) FROM t;
.system sh -c "sqlite3 -bail /tmp/wal.db < 3-child.sql > /tmp/wal-child.out 2>&1"
SELECT 'reader, same snapshot', count(*), sum(val) FROM t;
COMMIT;
SELECT 'reader, new snapshot', count(*), sum(val) FROM t;
-- now nothing holds the old snapshot: a full checkpoint
PRAGMA wal_checkpoint(TRUNCATE);
SELECT 'wal after checkpoint(TRUNCATE)', length(readfile('/tmp/wal.db-wal'));
PRAGMA integrity_check;
