PRAGMA journal_mode;
SELECT 'count', count(*), sum(val), min(name), max(name) FROM t;
SELECT grp, count(*), sum(id), round(avg(val), 3) FROM t GROUP BY grp ORDER BY grp;
PRAGMA integrity_check;
-- a transaction rolled back leaves nothing
BEGIN;
DELETE FROM t WHERE grp = 1;
SELECT 'in the transaction', count(*) FROM t;
ROLLBACK;
SELECT 'after rollback', count(*) FROM t;
-- more rows, committed: they stay in the -wal until the last connection closes
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 5001 UNION ALL SELECT x + 1 FROM c WHERE x < 6000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
SELECT 'count', count(*), sum(val) FROM t;
SELECT 'wal has frames', length(readfile('/tmp/wal.db-wal')) > 0;
