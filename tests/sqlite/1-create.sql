PRAGMA journal_mode=WAL;
PRAGMA page_size;
CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, name TEXT NOT NULL, val REAL NOT NULL);
-- 5000 rows in five transactions of 1000
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1001 UNION ALL SELECT x + 1 FROM c WHERE x < 2000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 2001 UNION ALL SELECT x + 1 FROM c WHERE x < 3000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 3001 UNION ALL SELECT x + 1 FROM c WHERE x < 4000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 4001 UNION ALL SELECT x + 1 FROM c WHERE x < 5000)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
COMMIT;
CREATE INDEX t_grp ON t(grp);
BEGIN;
UPDATE t SET val = val * 2 WHERE grp = 3;
DELETE FROM t WHERE id % 10 = 0;
COMMIT;
SELECT 'count', count(*), sum(val), min(name), max(name) FROM t;
SELECT grp, count(*), sum(id), round(avg(val), 3) FROM t GROUP BY grp ORDER BY grp;
SELECT 'grp 3 by index', count(*), sum(val) FROM t INDEXED BY t_grp WHERE grp = 3;
-- while open: a -wal file with frames and a -shm file (the wal-index)
SELECT 'wal frames', length(readfile('/tmp/wal.db-wal')) > 0, length(readfile('/tmp/wal.db-shm')) > 0;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT 'wal after checkpoint(TRUNCATE)', length(readfile('/tmp/wal.db-wal'));
SELECT 'database pages', length(readfile('/tmp/wal.db')) / 4096;
PRAGMA integrity_check;
