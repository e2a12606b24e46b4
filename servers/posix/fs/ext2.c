/* Read-only ext2 loader: see ext2.h. Every on-disk field is decoded from a
 * byte buffer by the le16/le32 helpers, so the layout does not depend on the
 * compiler's struct packing or the machine's byte order. */
#include "ext2.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

/* --- on-disk layout ----------------------------------------------------------------- */

#define SB_OFFSET 1024 /* the superblock: 1024 bytes at byte 1024, whatever the block size */
#define SB_SIZE   1024
#define EXT2_MAGIC 0xEF53
#define ROOT_INO  2
#define GD_SIZE   32   /* a group descriptor without the 64bit feature */
#define NDIR      12   /* direct block pointers in i_block */
#define INODE_READ 160 /* the inode bytes we decode: base 128 + the extra times */

/* superblock fields (byte offsets) */
#define S_INODES_COUNT     0
#define S_BLOCKS_COUNT     4
#define S_FIRST_DATA_BLOCK 20
#define S_LOG_BLOCK_SIZE   24
#define S_BLOCKS_PER_GROUP 32
#define S_INODES_PER_GROUP 40
#define S_MAGIC            56
#define S_CREATOR_OS       72
#define S_REV_LEVEL        76
#define S_INODE_SIZE       88
#define S_FEATURE_INCOMPAT 96
#define S_FEATURE_RO_COMPAT 100

/* group descriptor */
#define G_INODE_TABLE 8

/* inode fields */
#define I_MODE        0
#define I_UID         2
#define I_SIZE        4
#define I_ATIME       8
#define I_CTIME       12
#define I_MTIME       16
#define I_GID         24
#define I_LINKS_COUNT 26
#define I_BLOCKS      28
#define I_FLAGS       32
#define I_BLOCK       40  /* 15 block numbers, 60 bytes */
#define I_FILE_ACL    104
#define I_SIZE_HIGH   108
#define I_BLOCKS_HIGH 116 /* osd2, Linux */
#define I_UID_HIGH    120 /* osd2, Linux and Hurd */
#define I_GID_HIGH    122
#define I_EXTRA_ISIZE 128 /* large inodes: bytes used past 128 */
#define I_CTIME_EXTRA 132
#define I_MTIME_EXTRA 136
#define I_ATIME_EXTRA 140
#define I_CRTIME      144
#define I_CRTIME_EXTRA 148

#define OS_LINUX 0
#define OS_HURD  1

/* incompat features: a reader must understand each one it finds */
#define IN_COMPRESSION 0x0001
#define IN_FILETYPE    0x0002
#define IN_RECOVER     0x0004
#define IN_JOURNAL_DEV 0x0008
#define IN_META_BG     0x0010
#define IN_EXTENTS     0x0040
#define IN_64BIT       0x0080
#define IN_MMP         0x0100
#define IN_FLEX_BG     0x0200
#define IN_EA_INODE    0x0400
#define IN_DIRDATA     0x1000
#define IN_CSUM_SEED   0x2000
#define IN_LARGEDIR    0x4000
#define IN_INLINE_DATA 0x8000
#define IN_ENCRYPT     0x10000
#define IN_CASEFOLD    0x20000
/* flex_bg only moves bitmaps and tables (the descriptors still say where),
   mmp and csum_seed concern writers and checksums, largedir only allows
   bigger directories, which are read linearly anyway. */
#define IN_SUPPORTED (IN_FILETYPE | IN_MMP | IN_FLEX_BG | IN_CSUM_SEED | IN_LARGEDIR)
/* ro_compat features never stop a reader, except clusters of blocks. */
#define RO_BIGALLOC 0x0200

/* inode flags that change where the data lives */
#define FL_EXTENTS     0x00080000
#define FL_INLINE_DATA 0x10000000

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int has_byte(const uint8_t *p, size_t len, uint8_t c)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] == c)
            return 1;
    return 0;
}

/* --- the loader's state --------------------------------------------------------------- */

struct super {
    uint64_t blocks;     /* blocks in the filesystem */
    uint32_t inodes;     /* inodes in the filesystem */
    uint32_t first_data; /* block holding the superblock: 1 with 1 KiB blocks, else 0 */
    uint32_t bsize;      /* bytes per block */
    uint32_t ipg;        /* inodes per group */
    uint32_t isize;      /* bytes per inode in the inode table */
    uint32_t os;         /* creator OS: says what osd2 holds */
    int filetype;        /* directory entries have a 1-byte name_len and a type byte */
};

struct inode {
    uint32_t ino;
    uint32_t mode, uid, gid, links, flags, file_acl;
    uint64_t size, blocks512;
    uint32_t block[15];
    uint8_t raw_block[60]; /* i_block as bytes: a fast symlink's target */
    struct vfs_time atime, mtime, ctime, crtime;
    int has_crtime;
};

/* The buffers of one block walk: one block per level of indirection and one
   for data. The directory walk and a file's walk (started from inside the
   directory walk) each have their own. */
struct walk {
    uint8_t *ind[3];
    uint8_t *data;
};

struct ino_map { /* inode number -> the vnode made for it (0: empty slot) */
    uint32_t ino;
    struct vnode *vn;
};

struct pending_dir { /* a directory made but not yet filled */
    uint32_t ino;
    uint32_t depth;
    struct vnode *vn;
};

struct loader {
    struct vfs *fs;
    ext2_read_fn read;
    void *ctx;
    char *why;
    size_t whylen;
    int why_set;
    struct super sb;
    uint64_t budget; /* blocks that may still be read: each block belongs to one inode */
    struct walk dirw, filew;
    struct ino_map *map;
    size_t map_cap, map_used;
    struct pending_dir *queue;
    size_t qhead, qlen, qcap;
};

/* --- reasons ---------------------------------------------------------------------------- */

static void why_put(struct loader *ld, size_t *at, char c)
{
    if (*at + 1 < ld->whylen)
        ld->why[(*at)++] = c;
}

/* Records the first failure's reason: fmt with each '%' replaced by the next
   of a, b, c in decimal. Returns err, so callers can `return fail(...)`. */
static int fail3(struct loader *ld, int err, const char *fmt, uint64_t a, uint64_t b, uint64_t c)
{
    if (ld->why_set || !ld->why || ld->whylen == 0)
        return err;
    ld->why_set = 1;
    uint64_t args[3] = {a, b, c};
    int next = 0;
    size_t at = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || next == 3) {
            why_put(ld, &at, *p);
            continue;
        }
        char digits[20];
        int n = 0;
        uint64_t v = args[next++];
        do {
            digits[n++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (n)
            why_put(ld, &at, digits[--n]);
    }
    ld->why[at] = 0;
    return err;
}

static int fail(struct loader *ld, int err, const char *fmt, uint64_t a, uint64_t b)
{
    return fail3(ld, err, fmt, a, b, 0);
}

/* A vfs call on behalf of inode ino failed with r: its limits are ENOSPC,
   anything else means the image asked for something impossible. */
static int vfs_fail(struct loader *ld, int r, uint32_t ino)
{
    if (r == -ENOMEM)
        return fail(ld, -ENOMEM, "out of memory at inode %", ino, 0);
    if (r == -ENOSPC || r == -EFBIG)
        return fail(ld, -ENOSPC, "the in-memory filesystem is full (vfs limits) at inode %",
                    ino, 0);
    if (r == -EEXIST)
        return fail(ld, -EIO, "inode %: its name is already taken in its directory", ino, 0);
    return fail(ld, -EIO, "the vfs refused inode % (error %)", ino, (uint64_t)-r);
}

/* --- reading the image ------------------------------------------------------------------- */

static int read_at(struct loader *ld, void *buf, size_t len, uint64_t off)
{
    int64_t n = ld->read(ld->ctx, buf, len, off);
    if (n < 0)
        return fail(ld, -EIO, "reading % bytes at offset % failed", len, off);
    if ((uint64_t)n < len)
        return fail(ld, -EIO, "the image is truncated (% bytes wanted at offset %)", len, off);
    return 0;
}

/* Reads block b for inode ino, after checking it lies in the filesystem and
   the read budget is not spent (blocks shared between inodes). */
static int read_block(struct loader *ld, uint32_t ino, uint32_t b, uint8_t *buf)
{
    if (b < ld->sb.first_data || b >= ld->sb.blocks)
        return fail3(ld, -EIO, "inode % points to block %, outside the filesystem (% blocks)",
                     ino, b, ld->sb.blocks);
    if (ld->budget == 0)
        return fail(ld, -EIO, "inode %: more blocks read than the filesystem has "
                              "(blocks shared between inodes)", ino, 0);
    ld->budget--;
    return read_at(ld, buf, ld->sb.bsize, (uint64_t)b * ld->sb.bsize);
}

/* --- the superblock ------------------------------------------------------------------------ */

static const struct {
    uint32_t bit;
    const char *name;
} incompat_names[] = {
    {IN_COMPRESSION, "unsupported feature: compression"},
    {IN_RECOVER, "unsupported feature: needs_recovery (the ext3 journal was not replayed: "
                 "run e2fsck)"},
    {IN_JOURNAL_DEV, "unsupported feature: journal_dev (an external journal device)"},
    {IN_META_BG, "unsupported feature: meta_bg"},
    {IN_EXTENTS, "unsupported feature: extents (ext4)"},
    {IN_64BIT, "unsupported feature: 64bit"},
    {IN_EA_INODE, "unsupported feature: ea_inode"},
    {IN_DIRDATA, "unsupported feature: dirdata"},
    {IN_INLINE_DATA, "unsupported feature: inline_data"},
    {IN_ENCRYPT, "unsupported feature: encrypt"},
    {IN_CASEFOLD, "unsupported feature: casefold"},
};

static int check_features(struct loader *ld, const uint8_t *s)
{
    uint32_t incompat = le32(s + S_FEATURE_INCOMPAT);
    uint32_t unknown = incompat & ~(uint32_t)IN_SUPPORTED;
    if (unknown) {
        for (size_t i = 0; i < sizeof incompat_names / sizeof incompat_names[0]; i++)
            if (unknown & incompat_names[i].bit)
                return fail(ld, -EINVAL, incompat_names[i].name, 0, 0);
        return fail(ld, -EINVAL, "unsupported feature: unknown incompat feature mask %",
                    unknown, 0);
    }
    if (le32(s + S_FEATURE_RO_COMPAT) & RO_BIGALLOC)
        return fail(ld, -EINVAL, "unsupported feature: bigalloc", 0, 0);
    ld->sb.filetype = (incompat & IN_FILETYPE) != 0;
    return 0;
}

static int read_super(struct loader *ld)
{
    uint8_t s[SB_SIZE];
    int64_t n = ld->read(ld->ctx, s, SB_SIZE, SB_OFFSET);
    if (n < 0)
        return fail(ld, -EIO, "reading the superblock failed", 0, 0);
    if (n < SB_SIZE)
        return fail(ld, -EINVAL, "not ext2: the image is too small for a superblock", 0, 0);
    if (le16(s + S_MAGIC) != EXT2_MAGIC)
        return fail(ld, -EINVAL, "not ext2: no magic 0xEF53 in the superblock", 0, 0);
    struct super *sb = &ld->sb;
    uint32_t rev = le32(s + S_REV_LEVEL), log = le32(s + S_LOG_BLOCK_SIZE);
    if (rev > 1)
        return fail(ld, -EINVAL, "unsupported revision % (0 and 1 are)", rev, 0);
    if (log > 6)
        return fail(ld, -EINVAL, "bad superblock: block size 1024 << % (at most 64 KiB)", log, 0);
    sb->bsize = 1024u << log;
    sb->blocks = le32(s + S_BLOCKS_COUNT);
    sb->inodes = le32(s + S_INODES_COUNT);
    sb->first_data = le32(s + S_FIRST_DATA_BLOCK);
    sb->ipg = le32(s + S_INODES_PER_GROUP);
    sb->os = le32(s + S_CREATOR_OS);
    uint32_t bpg = le32(s + S_BLOCKS_PER_GROUP);
    sb->isize = rev == 0 ? 128 : le16(s + S_INODE_SIZE);
    if (rev == 1) {
        int r = check_features(ld, s);
        if (r)
            return r;
    }
    /* A group's bitmaps are one block each: at most 8 * bsize blocks and inodes. */
    if (bpg == 0 || bpg > 8 * sb->bsize || sb->ipg == 0 || sb->ipg > 8 * sb->bsize)
        return fail(ld, -EINVAL, "bad superblock: % blocks or % inodes per group", bpg, sb->ipg);
    if (sb->isize < 128 || sb->isize > sb->bsize || (sb->isize & (sb->isize - 1)))
        return fail(ld, -EINVAL, "bad superblock: inode size %", sb->isize, 0);
    if (sb->first_data >= sb->blocks || sb->first_data > 1)
        return fail(ld, -EINVAL, "bad superblock: first data block % of % blocks",
                    sb->first_data, sb->blocks);
    uint64_t groups = (sb->blocks - sb->first_data + bpg - 1) / bpg;
    if (sb->inodes < ROOT_INO || sb->inodes > groups * sb->ipg)
        return fail(ld, -EINVAL, "bad superblock: % inodes in % groups", sb->inodes, groups);
    /* The whole filesystem must be in the image (as Linux checks the device size). */
    uint8_t last;
    n = ld->read(ld->ctx, &last, 1, sb->blocks * sb->bsize - 1);
    if (n < 0)
        return fail(ld, -EIO, "reading the filesystem's last block failed", 0, 0);
    if (n < 1)
        return fail(ld, -EIO, "the image is truncated: the superblock says % blocks of %",
                    sb->blocks, sb->bsize);
    ld->budget = sb->blocks;
    return 0;
}

/* --- inodes ---------------------------------------------------------------------------------- */

/* An inode time: seconds (signed 32 bits), extended by a large inode's extra
   word (2 epoch bits, 30 bits of nanoseconds) when it has one. */
static struct vfs_time decode_time(const uint8_t *sec, const uint8_t *extra)
{
    struct vfs_time t = {(int32_t)le32(sec), 0};
    if (extra) {
        uint32_t x = le32(extra);
        t.sec += (int64_t)(x & 3) << 32;
        t.nsec = x >> 2;
        if (t.nsec >= 1000000000)
            t.nsec = 0;
    }
    return t;
}

static void decode_inode(const struct super *sb, uint32_t ino, const uint8_t *r, struct inode *in)
{
    in->ino = ino;
    in->mode = le16(r + I_MODE);
    in->uid = le16(r + I_UID);
    in->gid = le16(r + I_GID);
    in->links = le16(r + I_LINKS_COUNT);
    in->flags = le32(r + I_FLAGS);
    in->file_acl = le32(r + I_FILE_ACL);
    in->size = le32(r + I_SIZE);
    if ((in->mode & VFS_IFMT) == VFS_IFREG)
        in->size |= (uint64_t)le32(r + I_SIZE_HIGH) << 32;
    in->blocks512 = le32(r + I_BLOCKS);
    if (sb->os == OS_LINUX)
        in->blocks512 |= (uint64_t)le16(r + I_BLOCKS_HIGH) << 32;
    if (sb->os == OS_LINUX || sb->os == OS_HURD) {
        in->uid |= (uint32_t)le16(r + I_UID_HIGH) << 16;
        in->gid |= (uint32_t)le16(r + I_GID_HIGH) << 16;
    }
    memcpy(in->raw_block, r + I_BLOCK, sizeof in->raw_block);
    for (int i = 0; i < 15; i++)
        in->block[i] = le32(r + I_BLOCK + 4 * i);
    /* Large inodes say how many of their extra bytes are in use. */
    uint32_t extra = 0;
    if (sb->isize > 128 && (uint32_t)le16(r + I_EXTRA_ISIZE) <= sb->isize - 128)
        extra = 128 + le16(r + I_EXTRA_ISIZE);
    in->ctime = decode_time(r + I_CTIME, extra >= I_CTIME_EXTRA + 4 ? r + I_CTIME_EXTRA : 0);
    in->mtime = decode_time(r + I_MTIME, extra >= I_MTIME_EXTRA + 4 ? r + I_MTIME_EXTRA : 0);
    in->atime = decode_time(r + I_ATIME, extra >= I_ATIME_EXTRA + 4 ? r + I_ATIME_EXTRA : 0);
    in->has_crtime = extra >= I_CRTIME_EXTRA + 4;
    if (in->has_crtime)
        in->crtime = decode_time(r + I_CRTIME, r + I_CRTIME_EXTRA);
}

static int read_inode(struct loader *ld, uint32_t ino, struct inode *in)
{
    const struct super *sb = &ld->sb;
    if (ino == 0 || ino > sb->inodes)
        return fail(ld, -EIO, "inode % is outside the filesystem (% inodes)", ino, sb->inodes);
    uint32_t group = (ino - 1) / sb->ipg, index = (ino - 1) % sb->ipg;
    /* The descriptors follow the superblock's block (read_super bounded the group count). */
    uint8_t gd[GD_SIZE];
    uint64_t gd_off = ((uint64_t)sb->first_data + 1) * sb->bsize + (uint64_t)group * GD_SIZE;
    int r = read_at(ld, gd, sizeof gd, gd_off);
    if (r)
        return r;
    uint64_t table = le32(gd + G_INODE_TABLE), at = (uint64_t)index * sb->isize;
    uint64_t block = table + at / sb->bsize;
    if (table <= sb->first_data || block >= sb->blocks)
        return fail3(ld, -EIO, "group %: inode table at block % is outside the filesystem "
                               "(inode %)", group, table, ino);
    uint8_t raw[INODE_READ];
    memset(raw, 0, sizeof raw);
    size_t len = sb->isize < INODE_READ ? sb->isize : INODE_READ;
    r = read_at(ld, raw, len, block * sb->bsize + at % sb->bsize);
    if (r)
        return r;
    decode_inode(sb, ino, raw, in);
    if (in->links == 0)
        return fail(ld, -EIO, "a directory names inode %, which is free", ino, 0);
    return 0;
}

/* Data kept where the block map would be: refused (ext4's extents, inline data). */
static int check_block_map(struct loader *ld, const struct inode *in)
{
    if (in->flags & FL_EXTENTS)
        return fail(ld, -EINVAL, "unsupported feature: inode % uses extents", in->ino, 0);
    if (in->flags & FL_INLINE_DATA)
        return fail(ld, -EINVAL, "unsupported feature: inode % has inline data", in->ino, 0);
    return 0;
}

/* --- walking an inode's blocks ------------------------------------------------------------------ */

/* Called for each data block present (holes skipped): index in the file, the block's bytes. */
typedef int (*block_fn)(struct loader *ld, uint64_t index, const uint8_t *blk, void *arg);

struct walk_call {
    struct walk *w;
    uint32_t ino;
    uint64_t nblocks; /* blocks covered by the size: later ones are ignored */
    block_fn fn;
    void *arg;
};

/* Block b at level (0: data, 1..3: indirect) maps the file's blocks from
   first on. Recurses at most 3 deep, each level with its own buffer. */
static int walk_level(struct loader *ld, struct walk_call *c, int level, uint32_t b, uint64_t first)
{
    uint8_t *buf = level ? c->w->ind[level - 1] : c->w->data;
    int r = read_block(ld, c->ino, b, buf);
    if (r || level == 0)
        return r ? r : c->fn(ld, first, buf, c->arg);
    uint32_t per = ld->sb.bsize / 4;
    uint64_t span = 1; /* file blocks under one entry of this block */
    for (int i = 1; i < level; i++)
        span *= per;
    for (uint32_t i = 0; i < per && first + i * span < c->nblocks; i++) {
        uint32_t next = le32(buf + 4 * i);
        if (next && (r = walk_level(ld, c, level - 1, next, first + i * span)))
            return r;
    }
    return 0;
}

/* Calls fn for every present block of the first nblocks of in's data. */
static int walk_blocks(struct loader *ld, struct walk *w, const struct inode *in,
                       uint64_t nblocks, block_fn fn, void *arg)
{
    int r = check_block_map(ld, in);
    if (r)
        return r;
    struct walk_call c = {w, in->ino, nblocks, fn, arg};
    uint64_t per = ld->sb.bsize / 4, first = NDIR, span = per;
    for (uint32_t i = 0; i < NDIR && i < nblocks; i++)
        if (in->block[i] && (r = walk_level(ld, &c, 0, in->block[i], i)))
            return r;
    for (int level = 1; level <= 3 && first < nblocks; level++) {
        uint32_t b = in->block[NDIR + level - 1];
        if (b && (r = walk_level(ld, &c, level, b, first)))
            return r;
        first += span;
        span *= per;
    }
    return 0;
}

/* --- inode -> vnode map -------------------------------------------------------------------------- */

static size_t map_slot(const struct loader *ld, uint32_t ino)
{
    size_t mask = ld->map_cap - 1, i = (ino * 2654435761u) & mask;
    while (ld->map[i].ino && ld->map[i].ino != ino)
        i = (i + 1) & mask;
    return i;
}

static struct vnode *map_find(const struct loader *ld, uint32_t ino)
{
    return ld->map[map_slot(ld, ino)].vn;
}

/* Doubles the table when half full (open addressing stays short). */
static int map_add(struct loader *ld, uint32_t ino, struct vnode *vn)
{
    if (2 * (ld->map_used + 1) > ld->map_cap) {
        struct ino_map *old = ld->map;
        size_t old_cap = ld->map_cap;
        ld->map = calloc(old_cap * 2, sizeof *ld->map);
        if (!ld->map) {
            ld->map = old;
            return fail(ld, -ENOMEM, "out of memory for the inode map", 0, 0);
        }
        ld->map_cap = old_cap * 2;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].ino)
                ld->map[map_slot(ld, old[i].ino)] = old[i];
        free(old);
    }
    size_t i = map_slot(ld, ino);
    ld->map[i].ino = ino;
    ld->map[i].vn = vn;
    ld->map_used++;
    return 0;
}

/* --- making nodes ------------------------------------------------------------------------------------ */

static int queue_dir(struct loader *ld, uint32_t ino, uint32_t depth, struct vnode *vn)
{
    if (ld->qlen == ld->qcap) {
        size_t cap = ld->qcap ? ld->qcap * 2 : 64;
        struct pending_dir *q = realloc(ld->queue, cap * sizeof *q);
        if (!q)
            return fail(ld, -ENOMEM, "out of memory for the directory queue", 0, 0);
        ld->queue = q;
        ld->qcap = cap;
    }
    ld->queue[ld->qlen++] = (struct pending_dir){ino, depth, vn};
    return 0;
}

struct file_load {
    struct vnode *vn;
    uint64_t size;
    uint32_t ino;
};

/* Writes one data block at its offset: holes are never written, so they stay holes. */
static int file_block(struct loader *ld, uint64_t index, const uint8_t *blk, void *arg)
{
    struct file_load *f = arg;
    uint64_t off = index * ld->sb.bsize;
    size_t len = f->size - off < ld->sb.bsize ? (size_t)(f->size - off) : ld->sb.bsize;
    int64_t n = vfs_write(f->vn, blk, len, off);
    if (n != (int64_t)len)
        return vfs_fail(ld, n < 0 ? (int)n : -ENOSPC, f->ino);
    return 0;
}

static int load_file(struct loader *ld, const struct inode *in, struct vnode *vn)
{
    if (in->size > VFS_MAX_FILE_SIZE)
        return fail(ld, -ENOSPC, "inode %: a file of % bytes (over VFS_MAX_FILE_SIZE)",
                    in->ino, in->size);
    struct file_load f = {vn, in->size, in->ino};
    uint64_t nblocks = (in->size + ld->sb.bsize - 1) / ld->sb.bsize;
    int r = walk_blocks(ld, &ld->filew, in, nblocks, file_block, &f);
    if (r)
        return r;
    r = vfs_truncate(vn, in->size); /* a hole at the end has no block to write */
    return r ? vfs_fail(ld, r, in->ino) : 0;
}

/* A symbolic link's target, NUL-terminated in buf (61 bytes) or in the file
   walk's data buffer. A fast link keeps it in i_block: no data block counted
   in i_blocks (an extended attribute block aside). */
static int link_target(struct loader *ld, const struct inode *in, char *buf, const char **target)
{
    uint64_t ea_blocks = in->file_acl ? ld->sb.bsize / 512 : 0;
    const uint8_t *src;
    if (in->blocks512 == ea_blocks) {
        if (in->size >= sizeof in->raw_block)
            return fail(ld, -EIO, "fast symlink inode % has size %", in->ino, in->size);
        memcpy(buf, in->raw_block, (size_t)in->size);
        src = (const uint8_t *)buf;
    } else {
        int r = check_block_map(ld, in);
        if (r)
            return r;
        if (in->size >= ld->sb.bsize || in->size >= VFS_PATH_MAX || in->block[0] == 0)
            return fail(ld, -EIO, "symlink inode %: size % or no data block", in->ino, in->size);
        if ((r = read_block(ld, in->ino, in->block[0], ld->filew.data)))
            return r;
        src = ld->filew.data;
        buf = (char *)ld->filew.data;
    }
    if (in->size == 0 || has_byte(src, (size_t)in->size, 0))
        return fail(ld, -EIO, "symlink inode %: empty target or a NUL in it", in->ino, 0);
    buf[in->size] = 0;
    *target = buf;
    return 0;
}

/* Device numbers: the old 8:8 encoding in i_block[0], else Linux's new one in i_block[1]. */
static uint64_t decode_rdev(const struct inode *in)
{
    uint32_t v = in->block[0];
    if (v)
        return VFS_MKDEV((v >> 8) & 0xff, v & 0xff);
    v = in->block[1];
    return VFS_MKDEV((v & 0xfff00) >> 8, (v & 0xff) | ((v >> 12) & 0xfff00));
}

/* Makes the node for a new inode named name in dir (the directory's depth). */
static int make_node(struct loader *ld, struct vnode *dir, uint32_t depth, const char *name,
                     const struct inode *in)
{
    uint32_t type = in->mode & VFS_IFMT;
    struct vnode *vn = 0;
    const char *target = 0;
    char fast[sizeof in->raw_block + 1];
    int r;
    switch (type) {
    case VFS_IFDIR:
        if (depth + 1 > EXT2_MAX_DEPTH)
            return fail(ld, -ENOSPC, "directories nested deeper than % levels (inode %)",
                        EXT2_MAX_DEPTH, in->ino);
        r = vfs_mkdir(dir, name, 0700, 0, &vn);
        break;
    case VFS_IFREG:
        r = vfs_create(dir, name, 0600, 0, &vn);
        break;
    case VFS_IFLNK:
        if ((r = link_target(ld, in, fast, &target)))
            return r;
        r = vfs_symlink(dir, name, target, 0, &vn);
        break;
    case VFS_IFCHR:
    case VFS_IFBLK:
    case VFS_IFIFO:
    case VFS_IFSOCK:
        r = vfs_mknod(dir, name, type | 0600, type == VFS_IFCHR || type == VFS_IFBLK ?
                      decode_rdev(in) : 0, 0, 0, 0, &vn);
        break;
    default:
        return fail(ld, -EIO, "inode % has an unknown file type (mode %)", in->ino, in->mode);
    }
    if (r)
        return vfs_fail(ld, r, in->ino);
    r = map_add(ld, in->ino, vn);
    if (!r && type == VFS_IFDIR)
        r = queue_dir(ld, in->ino, depth + 1, vn);
    if (!r && type == VFS_IFREG)
        r = load_file(ld, in, vn);
    vfs_unref(vn); /* the tree holds it */
    return r;
}

/* One directory entry: a new node, or another name for a non-directory met before. */
static int add_entry(struct loader *ld, const struct pending_dir *d, const uint8_t *name,
                     size_t len, uint32_t ino)
{
    char cname[VFS_NAME_MAX + 1];
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return 0;
    if (has_byte(name, len, '/') || has_byte(name, len, 0))
        return fail(ld, -EIO, "directory inode %: a name with '/' or NUL (entry inode %)",
                    d->ino, ino);
    memcpy(cname, name, len);
    cname[len] = 0;
    if (ino > ld->sb.inodes)
        return fail(ld, -EIO, "directory inode %: entry names inode %, past the inode count",
                    d->ino, ino);
    struct vnode *old = map_find(ld, ino);
    if (old) {
        if (vfs_is_dir(old))
            return fail(ld, -EIO, "directory inode % is reached twice (a loop, or a second "
                                  "name for a directory)", ino, 0);
        int r = vfs_link(d->vn, cname, old, 0);
        return r ? vfs_fail(ld, r, ino) : 0;
    }
    struct inode in;
    int r = read_inode(ld, ino, &in);
    return r ? r : make_node(ld, d->vn, d->depth, cname, &in);
}

/* rec_len as stored: 64 KiB blocks write a whole-block entry's 65536 as 0 or 65535. */
static uint32_t rec_len(const struct loader *ld, const uint8_t *e)
{
    uint32_t len = le16(e + 4);
    if (ld->sb.bsize >= 65536 && (len == 0 || len == 65535))
        return 65536;
    return len;
}

/* The linear entries of one directory block: inode, rec_len, name_len (one
   byte and a type byte with the filetype feature), name. An htree's index
   blocks look like one empty entry (inode 0) to this reading. */
static int dir_block(struct loader *ld, uint64_t index, const uint8_t *blk, void *arg)
{
    const struct pending_dir *d = arg;
    uint32_t bs = ld->sb.bsize;
    for (uint32_t off = 0; off < bs;) {
        const uint8_t *e = blk + off;
        uint32_t rec = bs - off >= 8 ? rec_len(ld, e) : 0;
        if (rec < 8 || rec % 4 || rec > bs - off)
            return fail3(ld, -EIO, "directory inode %: bad rec_len % at offset %", d->ino, rec,
                         index * bs + off);
        uint32_t ino = le32(e), len = ld->sb.filetype ? e[6] : le16(e + 6);
        if (len + 8 > rec || (ino && len == 0) || len > VFS_NAME_MAX)
            return fail3(ld, -EIO, "directory inode %: bad name_len % at offset %", d->ino, len,
                         index * bs + off);
        int r = ino ? add_entry(ld, d, e + 8, len, ino) : 0;
        if (r)
            return r;
        off += rec;
    }
    return 0;
}

static int fill_dir(struct loader *ld, const struct pending_dir *d)
{
    struct inode in;
    int r = read_inode(ld, d->ino, &in);
    if (r)
        return r;
    if ((in.mode & VFS_IFMT) != VFS_IFDIR)
        return fail(ld, -EIO, "inode % is not a directory", d->ino, 0);
    uint64_t nblocks = (in.size + ld->sb.bsize - 1) / ld->sb.bsize;
    return walk_blocks(ld, &ld->dirw, &in, nblocks, dir_block, (void *)d);
}

/* Mode bits, owner and times, set last: making names and writing data stamp
   the vfs's own times on the nodes. */
static int set_attrs(struct loader *ld, uint32_t ino, struct vnode *vn)
{
    struct inode in;
    int r = read_inode(ld, ino, &in);
    if (r)
        return r;
    vn->mode = (vn->mode & VFS_IFMT) | (in.mode & VFS_PERM_MASK);
    vn->uid = in.uid;
    vn->gid = in.gid;
    vn->atime = in.atime;
    vn->mtime = in.mtime;
    vn->ctime = in.ctime;
    vn->btime = in.has_crtime ? in.crtime : in.ctime;
    return 0;
}

static int walk_alloc(struct walk *w, uint32_t bsize)
{
    for (int i = 0; i < 3; i++)
        if (!(w->ind[i] = malloc(bsize)))
            return -ENOMEM;
    w->data = malloc(bsize);
    return w->data ? 0 : -ENOMEM;
}

static void walk_free(struct walk *w)
{
    for (int i = 0; i < 3; i++)
        free(w->ind[i]);
    free(w->data);
}

static int load(struct loader *ld)
{
    int r = read_super(ld);
    if (r)
        return r;
    ld->map_cap = 256;
    ld->map = calloc(ld->map_cap, sizeof *ld->map);
    if (!ld->map || walk_alloc(&ld->dirw, ld->sb.bsize) || walk_alloc(&ld->filew, ld->sb.bsize))
        return fail(ld, -ENOMEM, "out of memory for block buffers", 0, 0);
    struct inode root;
    if ((r = read_inode(ld, ROOT_INO, &root)))
        return r;
    if ((root.mode & VFS_IFMT) != VFS_IFDIR)
        return fail(ld, -EIO, "the root inode (2) is not a directory", 0, 0);
    if ((r = map_add(ld, ROOT_INO, ld->fs->root)) || (r = queue_dir(ld, ROOT_INO, 0, ld->fs->root)))
        return r;
    /* Breadth first: a queue instead of recursion keeps the C stack flat. */
    while (ld->qhead < ld->qlen) {
        struct pending_dir d = ld->queue[ld->qhead++];
        if ((r = fill_dir(ld, &d)))
            return r;
    }
    for (size_t i = 0; i < ld->map_cap; i++)
        if (ld->map[i].ino && (r = set_attrs(ld, ld->map[i].ino, ld->map[i].vn)))
            return r;
    return 0;
}

int ext2_load(struct vfs *fs, ext2_read_fn read, void *ctx, char *why, size_t whylen)
{
    struct loader ld;
    memset(&ld, 0, sizeof ld);
    ld.fs = fs;
    ld.read = read;
    ld.ctx = ctx;
    ld.why = why;
    ld.whylen = whylen;
    if (why && whylen)
        why[0] = 0;
    int r = load(&ld);
    if (r && !ld.why_set)
        fail(&ld, r, "load failed (error %)", (uint64_t)-r, 0);
    walk_free(&ld.dirw);
    walk_free(&ld.filew);
    free(ld.map);
    free(ld.queue);
    return r;
}
