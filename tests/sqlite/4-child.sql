-- Run by 4-mmap.sql's .system while that process has the database file
-- mapped: this process writes it (write(2), at the checkpoint), and the
-- other one then reads the new bytes through its mapping.
PRAGMA busy_timeout = 10000;
UPDATE t SET val = -val WHERE id % 100 = 1;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT 'writer', count(*), sum(val), length(readfile('/tmp/wal.db-wal')) FROM t;
