-- Run by 3-concurrent.sql's .system while its reader holds a snapshot.
PRAGMA busy_timeout = 10000;
SELECT 'writer before', count(*) FROM t;
BEGIN IMMEDIATE;
WITH RECURSIVE c(x) AS (SELECT 6001 UNION ALL SELECT x + 1 FROM c WHERE x < 6500)
INSERT INTO t(id, grp, name, val) SELECT x, x % 7, printf('row-%05d', x), x * 1.5 FROM c;
UPDATE t SET name = upper(name) WHERE grp = 5;
COMMIT;
SELECT 'writer after', count(*), sum(val) FROM t;
-- the reader's snapshot keeps a passive checkpoint from copying the frames
-- it does not see (busy, frames in the log, frames checkpointed)
PRAGMA wal_checkpoint(PASSIVE);
