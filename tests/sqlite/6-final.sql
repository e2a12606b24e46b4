PRAGMA journal_mode;
SELECT 'count', count(*), sum(val), min(name), max(name) FROM t;
SELECT grp, count(*), sum(id), round(avg(val), 3), min(name) FROM t GROUP BY grp ORDER BY grp;
SELECT 'upper names', count(*) FROM t WHERE name GLOB 'ROW-*';
-- the two parallel writers: every row of each, ids without a gap
SELECT 'parallel', name, count(*), sum(val), min(val), max(val) FROM t WHERE grp = 7 GROUP BY name ORDER BY name;
SELECT 'parallel ids', count(*), max(id) - min(id) + 1, min(id) FROM t WHERE grp = 7;
-- (not the parallel rows: which writer got which id varies from run to run)
SELECT 'checksum', sum(id * length(name)) % 1000003, total(val * id) FROM t WHERE grp < 7;
PRAGMA integrity_check;
PRAGMA journal_mode = DELETE;
