-- The database file mapped (MAP_SHARED, read-only) while another process and
-- then this one write it with write(2) at checkpoints: reads go through the
-- mapping.
PRAGMA mmap_size = 67108864;
SELECT 'count', count(*), sum(val) FROM t;
-- another process changes the file under the mapping (its .system child)
.system sh -c "sqlite3 -bail /tmp/wal.db < 4-child.sql > /tmp/wal-child.out 2>&1"
SELECT 'read through the mapping', count(*), sum(val), sum(val < 0) FROM t;
BEGIN;
UPDATE t SET val = val + 1 WHERE id % 3 = 0;
DELETE FROM t WHERE grp = 6 AND id > 3000;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT 'after update, checkpointed', count(*), sum(val) FROM t;
SELECT grp, count(*), sum(id), round(avg(val), 3) FROM t GROUP BY grp ORDER BY grp;
VACUUM;
SELECT 'after vacuum', count(*), sum(val), min(name), max(name) FROM t;
SELECT 'database pages', length(readfile('/tmp/wal.db')) / 4096;
PRAGMA integrity_check;
