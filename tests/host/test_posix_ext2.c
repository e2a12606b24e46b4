/* sources: servers/posix/fs/ext2.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c kernel/lib/string.c */
#define _GNU_SOURCE /* mkdtemp, mknod, utimensat, popen */
/* Unit tests of the read-only ext2 loader. The images are made at run time
 * by Debian's mke2fs (e2fsprogs) from a directory tree the test builds, then
 * loaded with ext2_load and compared node by node with what lstat says of
 * the tree and byte for byte with the files. Damaged images are made by
 * patching bytes found with debugfs (imap, bmap), so the test does not
 * trust the loader's own idea of the layout. Without mke2fs the tests skip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include "servers/posix/fs/vfs.h"
#include "servers/posix/fs/ext2.h"

#define TOOLS "PATH=\"$PATH:/sbin:/usr/sbin\" "
#define BIG_SIZE (300 * 1024)
#define FAR_OFFSET ((off_t)70 << 20) /* past 64 MiB: triple indirect with 1 KiB blocks */
#define MANY 500

static void clock_fn(struct vfs_time *t)
{
    t->sec = 999;
    t->nsec = 7;
}

static char tmpdir[] = "/tmp/calyx-ext2-XXXXXX";
static char src[256];
static int have_tools;
static int as_root;

static struct vfs fs;
static char why[160];

/* --- the image in memory --------------------------------------------------------------- */

struct image {
    uint8_t *p;
    size_t len;
};

static int64_t mem_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    const struct image *im = ctx;
    if (off >= im->len)
        return 0;
    if (len > im->len - off)
        len = im->len - off;
    memcpy(buf, im->p + off, len);
    return (int64_t)len;
}

/* A read callback that fails, as a device error would. */
static int64_t bad_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    (void)ctx, (void)buf, (void)len, (void)off;
    return -EIO;
}

static struct image slurp(const char *path)
{
    struct image im = {0, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    im.len = (size_t)ftell(f);
    rewind(f);
    im.p = malloc(im.len);
    assert_non_null(im.p);
    assert_int_equal(fread(im.p, 1, im.len, f), im.len);
    fclose(f);
    return im;
}

static struct image copy_image(const struct image *im)
{
    struct image c = {malloc(im->len), im->len};
    assert_non_null(c.p);
    memcpy(c.p, im->p, im->len);
    return c;
}

static int load(const struct image *im)
{
    assert_int_equal(vfs_init_empty(&fs, clock_fn), 0);
    memset(why, 'x', sizeof why);
    return ext2_load(&fs, mem_read, (void *)im, why, sizeof why);
}

/* A failed load: the expected errno, a reason, a tree that still destroys cleanly (teardown). */
static void expect_fail(const struct image *im, int err)
{
    int r = load(im);
    if (r != err)
        fail_msg("ext2_load gave %d (%s), expected %d", r, why, err);
    assert_true(why[0] != 0);
    assert_true(strlen(why) < sizeof why);
}

static int teardown(void **state)
{
    (void)state;
    if (fs.root) {
        vfs_destroy(&fs);
        assert_int_equal(fs.nodes, 0); /* nothing leaked or double-counted */
    }
    memset(&fs, 0, sizeof fs);
    return 0;
}

/* --- building the source tree ------------------------------------------------------------- */

static void path_of(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/%s", src, rel);
}

static void put_file(const char *rel, const void *data, size_t len, mode_t mode)
{
    char p[512];
    path_of(p, sizeof p, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static void put_dir(const char *rel, mode_t mode)
{
    char p[512];
    path_of(p, sizeof p, rel);
    assert_int_equal(mkdir(p, 0700), 0);
    assert_int_equal(chmod(p, mode), 0); /* no umask on the special bits */
}

/* Deterministic bytes, different at every offset. */
static void pattern(uint8_t *buf, size_t len, uint32_t seed)
{
    for (size_t i = 0; i < len; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
}

static void put_sparse(const char *rel, off_t size, off_t first, off_t second)
{
    char p[512];
    uint8_t blk[4096];
    path_of(p, sizeof p, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    pattern(blk, sizeof blk, 7);
    assert_int_equal(pwrite(fd, blk, sizeof blk, first), (ssize_t)sizeof blk);
    pattern(blk, sizeof blk, 8);
    assert_int_equal(pwrite(fd, blk, sizeof blk, second), (ssize_t)sizeof blk);
    close(fd);
}

static void put_socket(const char *rel)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    path_of(a.sun_path, sizeof a.sun_path, rel);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    close(s);
}

static void build_tree(void)
{
    char p[512], q[512];
    static uint8_t big[BIG_SIZE];
    put_file("empty", "", 0, 0644);
    put_file("small.txt", "hello, ext2\n", 12, 0644);
    pattern(big, sizeof big, 1);
    put_file("big", big, sizeof big, 0644);
    put_sparse("sparse", 1 << 20, 0, 600 * 1024);
    put_sparse("far", FAR_OFFSET + 8192, 4096, FAR_OFFSET);
    put_dir("d1", 0755);
    put_dir("d1/d2", 0755);
    put_dir("d1/d2/d3", 0750);
    put_dir("d1/d2/d3/d4", 0700);
    put_dir("d1/d2/d3/d4/d5", 0755);
    put_file("d1/d2/d3/d4/d5/leaf", "leaf\n", 5, 0444);
    put_dir("many", 0755);
    for (int i = 0; i < MANY; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-longish-name-%03d", i);
        put_file(name, name, (size_t)(i % 7), 0644);
    }
    path_of(p, sizeof p, "small.txt");
    path_of(q, sizeof q, "d1/hard");
    assert_int_equal(link(p, q), 0);
    path_of(q, sizeof q, "fastlink");
    assert_int_equal(symlink("small.txt", q), 0);
    char target[201];
    for (int i = 0; i < 200; i++)
        target[i] = i % 10 == 9 ? '/' : (char)('a' + i % 26);
    target[200] = 0;
    path_of(q, sizeof q, "slowlink");
    assert_int_equal(symlink(target, q), 0);
    path_of(q, sizeof q, "fifo");
    assert_int_equal(mkfifo(q, 0640), 0);
    put_socket("sock");
    put_file("suid", "#!/bin/sh\n", 10, 04755);
    put_file("sgid", "", 0, 02711);
    put_dir("sticky", 01777);
    put_file("private", "secret", 6, 0600);
    if (as_root) {
        path_of(q, sizeof q, "owned");
        put_file("owned", "mine", 4, 0640);
        assert_int_equal(chown(q, 70000, 80000), 0);
        path_of(q, sizeof q, "chr");
        assert_int_equal(mknod(q, S_IFCHR | 0620, makedev(1, 3)), 0);
        path_of(q, sizeof q, "blk");
        assert_int_equal(mknod(q, S_IFBLK | 0660, makedev(259, 70000)), 0);
    }
    /* Fixed times in the past (seconds only: mke2fs -d stores no nanoseconds). */
    path_of(q, sizeof q, "small.txt");
    struct timespec ts[2] = {{1000000000, 0}, {1100000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, q, ts, AT_SYMLINK_NOFOLLOW), 0);
}

/* --- what lstat says, taken before mke2fs reads the tree (it moves atimes) ----------------- */

#define MAX_SNAP 1024
struct snap {
    char rel[300];
    struct stat st;
    int subdirs; /* directories: subdirectories, for the expected nlink */
    int entries; /* directories: names in it */
    time_t atime_after; /* atime after mke2fs read it (it may record either) */
};
/* One snapshot per image: each mke2fs run moves the atimes of what it reads. */
enum { SNAP_1K, SNAP_4K, SNAP_EXT3, SNAP_REV0, NSETS };
static struct snap snapsets[NSETS][MAX_SNAP];
static int nsnapsets[NSETS];
static struct snap *snaps; /* the set being taken or checked */
static int nsnaps;

/* dir "/" name (just name when dir is ""), checked to fit. */
static void join(char *out, size_t size, const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name), slash = a != 0;
    assert_true(a + slash + b < size);
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + slash, name, b + 1);
}

static void snapshot(const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    assert_true(nsnaps < MAX_SNAP);
    struct snap *s = &snaps[nsnaps++];
    join(s->rel, sizeof s->rel, "", rel);
    assert_int_equal(lstat(p, &s->st), 0);
    if (!S_ISDIR(s->st.st_mode))
        return;
    DIR *d = opendir(p);
    assert_non_null(d);
    struct dirent *e;
    char (*names)[256] = calloc(MANY + 64, sizeof *names);
    assert_non_null(names);
    int n = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        assert_true(n < MANY + 64);
        join(names[n++], sizeof names[0], "", e->d_name);
    }
    closedir(d);
    assert_int_equal(lstat(p, &s->st), 0); /* reading it may have moved its atime */
    s->entries = n;
    for (int i = 0; i < n; i++) {
        char child[300];
        join(child, sizeof child, rel, names[i]);
        int at = nsnaps;
        snapshot(child);
        if (S_ISDIR(snaps[at].st.st_mode))
            s->subdirs++;
    }
    free(names);
}

static struct vnode *get(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "/%s", rel);
    struct vnode *vn = NULL;
    if (vfs_lookup(&fs, fs.root, p, VFS_NOFOLLOW, NULL, &vn))
        return NULL;
    vfs_unref(vn);
    return vn;
}

static void check_data(const struct snap *s, struct vnode *vn)
{
    char p[512];
    path_of(p, sizeof p, s->rel);
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    static uint8_t a[1 << 20], b[1 << 20];
    for (uint64_t off = 0; off < (uint64_t)s->st.st_size; off += sizeof a) {
        ssize_t n = pread(fd, a, sizeof a, (off_t)off);
        assert_true(n > 0);
        struct vfs_time atime = vn->atime; /* a hard link's other name is checked later */
        assert_int_equal(vfs_read(vn, b, (size_t)n, off), n);
        vn->atime = atime;
        if (memcmp(a, b, (size_t)n))
            fail_msg("%s: data differs in the MiB at %llu", s->rel, (unsigned long long)off);
    }
    close(fd);
}

/* One node against its lstat: type, mode, owner, times, links, size, content. */
static void check_node(const struct snap *s, int with_lost_found)
{
    struct vnode *vn = get(s->rel);
    if (!vn)
        fail_msg("%s: missing", s->rel);
    const struct stat *st = &s->st;
    if (vn->mode != st->st_mode)
        fail_msg("%s: mode %o, expected %o", s->rel, vn->mode, st->st_mode);
    assert_int_equal(vn->uid, st->st_uid);
    assert_int_equal(vn->gid, st->st_gid);
    if (*s->rel) { /* mke2fs gives the root its own times */
        assert_int_equal(vn->mtime.sec, st->st_mtim.tv_sec);
        if (vn->atime.sec != st->st_atim.tv_sec && vn->atime.sec != s->atime_after)
            fail_msg("%s: atime %lld", s->rel, (long long)vn->atime.sec);
        assert_int_equal(vn->ctime.sec, st->st_ctim.tv_sec);
        assert_int_equal(vn->mtime.nsec, 0);
    }
    if (S_ISDIR(st->st_mode)) {
        int extra = with_lost_found && !*s->rel;
        assert_int_equal(vn->nlink, 2 + s->subdirs + extra);
        assert_int_equal(vn->u.dir.count, s->entries + extra);
    } else {
        assert_int_equal(vn->nlink, st->st_nlink);
    }
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        assert_int_equal(vn->rdev, VFS_MKDEV(major(st->st_rdev), minor(st->st_rdev)));
    if (S_ISLNK(st->st_mode)) {
        char p[512], t[512];
        const char *target;
        size_t len;
        path_of(p, sizeof p, s->rel);
        ssize_t n = readlink(p, t, sizeof t);
        assert_true(n > 0);
        assert_int_equal(vfs_readlink(vn, &target, &len), 0);
        assert_int_equal(len, n);
        assert_memory_equal(target, t, len);
    }
    if (S_ISREG(st->st_mode)) {
        assert_int_equal(vfs_size(vn), st->st_size);
        check_data(s, vn);
    }
}

static void check_tree(int with_lost_found)
{
    int distinct = 0;
    for (int i = 0; i < nsnaps; i++) {
        check_node(&snaps[i], with_lost_found);
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = snaps[j].st.st_ino == snaps[i].st.st_ino;
        distinct += !seen;
    }
    /* Nothing more than the tree's nodes (hard links counted once) and lost+found. */
    assert_int_equal(fs.nodes, (size_t)(distinct + with_lost_found));
}

/* --- images --------------------------------------------------------------------------------- */

static char img_1k[300], img_4k[300], img_ext3[300], img_rev0[300], img_ext4[300], img_small[300],
    img_busybox[300];

static int run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd);
}

/* An 8 MiB image of the source tree, with the snapshot taken just before. */
static int mkfs(char *img, const char *name, const char *opts, int set)
{
    snaps = snapsets[set];
    nsnaps = 0;
    snapshot("");
    nsnapsets[set] = nsnaps;
    snprintf(img, 300, "%s/%s", tmpdir, name);
    int r = run(TOOLS "mke2fs -q -F %s -d %s %s 8M >/dev/null 2>&1", opts, src, img);
    for (int i = 0; i < nsnaps; i++) {
        char p[512];
        struct stat st;
        path_of(p, sizeof p, snaps[i].rel);
        assert_int_equal(lstat(p, &st), 0);
        snaps[i].atime_after = st.st_atim.tv_sec;
    }
    return r;
}

/* The number debugfs prints after `key` for a request (imap, bmap). */
static long debugfs_num(const char *img, const char *req, const char *key)
{
    char cmd[1024], line[256];
    snprintf(cmd, sizeof cmd, TOOLS "debugfs -R '%s' %s 2>/dev/null", req, img);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    long v = -1;
    while (fgets(line, sizeof line, f)) {
        char *k = *key ? strstr(line, key) : line;
        if (k && v < 0)
            v = strtol(k + strlen(key), NULL, 0);
    }
    pclose(f);
    return v;
}

/* Where an inode sits in the image, by debugfs's imap. */
static size_t inode_offset(const char *img, const char *path, size_t bsize)
{
    char req[300];
    snprintf(req, sizeof req, "imap %s", path);
    long block = debugfs_num(img, req, "located at block ");
    long off = debugfs_num(img, req, ", offset ");
    assert_true(block > 0 && off >= 0);
    return (size_t)block * bsize + (size_t)off;
}

/* The first data block of a file or directory, by debugfs's bmap. */
static size_t block_offset(const char *img, const char *path, size_t bsize)
{
    char req[300];
    snprintf(req, sizeof req, "bmap %s 0", path);
    long block = debugfs_num(img, req, "");
    assert_true(block > 0);
    return (size_t)block * bsize;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static int group_setup(void **state)
{
    (void)state;
    as_root = geteuid() == 0;
    have_tools = run(TOOLS "command -v mke2fs >/dev/null && command -v debugfs >/dev/null") == 0;
    if (!have_tools)
        return 0;
    assert_non_null(mkdtemp(tmpdir));
    snprintf(src, sizeof src, "%s/src", tmpdir);
    assert_int_equal(mkdir(src, 0755), 0);
    build_tree();
    assert_int_equal(mkfs(img_1k, "1k.img", "-t ext2 -b 1024 -N 2048", SNAP_1K), 0);
    assert_int_equal(mkfs(img_4k, "4k.img", "-t ext2 -b 4096 -N 2048", SNAP_4K), 0);
    assert_int_equal(mkfs(img_ext3, "ext3.img", "-t ext3 -b 1024 -N 2048", SNAP_EXT3), 0);
    assert_int_equal(mkfs(img_rev0, "rev0.img", "-t ext2 -r 0 -b 1024 -N 2048", SNAP_REV0), 0);
    snprintf(img_ext4, sizeof img_ext4, "%s/ext4.img", tmpdir);
    assert_int_equal(run(TOOLS "mke2fs -q -F -t ext4 -d %s %s 8M >/dev/null 2>&1", src, img_ext4),
                     0);
    /* A small image for the damage and fuzz tests. */
    char small_src[300];
    snprintf(small_src, sizeof small_src, "%s/d1", src);
    snprintf(img_small, sizeof img_small, "%s/small.img", tmpdir);
    assert_int_equal(run(TOOLS "mke2fs -q -F -t ext2 -b 1024 -N 32 -d %s %s 128K "
                               ">/dev/null 2>&1", small_src, img_small), 0);
    /* busybox's mke2fs cannot populate: debugfs writes into its image. */
    snprintf(img_busybox, sizeof img_busybox, "%s/busybox.img", tmpdir);
    if (run("truncate -s 2M %s && busybox mke2fs -F %s >/dev/null 2>&1", img_busybox,
            img_busybox) == 0) {
        char cmds[300];
        snprintf(cmds, sizeof cmds, "%s/cmds", tmpdir);
        FILE *f = fopen(cmds, "w");
        assert_non_null(f);
        fprintf(f, "mkdir dir\nwrite %s/big dir/big\nsymlink dir/link big\n", src);
        fclose(f);
        assert_int_equal(run(TOOLS "debugfs -w -f %s %s >/dev/null 2>&1", cmds, img_busybox), 0);
    } else {
        img_busybox[0] = 0;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    if (have_tools)
        run("rm -rf %s", tmpdir);
    return 0;
}

/* --- good images ------------------------------------------------------------------------------ */

static void load_and_check(const char *img, int set)
{
    if (!have_tools)
        skip();
    snaps = snapsets[set];
    nsnaps = nsnapsets[set];
    struct image im = slurp(img);
    int r = load(&im);
    if (r)
        fail_msg("ext2_load(%s) = %d: %s", img, r, why);
    assert_string_equal(why, "");
    check_tree(1);
    struct vnode *lf = get("lost+found");
    assert_non_null(lf);
    assert_true(vfs_is_dir(lf));
    free(im.p);
}

static void test_load_1k(void **state)
{
    (void)state;
    load_and_check(img_1k, SNAP_1K);
    /* Hard links are one node; holes stay holes. */
    assert_ptr_equal(get("small.txt"), get("d1/hard"));
    assert_int_equal(get("small.txt")->nlink, 2);
    assert_int_equal(get("sparse")->u.reg.pages, 2);
    assert_int_equal(get("far")->u.reg.pages, 2); /* one block past 64 MiB: triple indirect */
    assert_int_equal(get("empty")->u.reg.pages, 0);
    assert_int_equal(get("big")->u.reg.pages, BIG_SIZE / VFS_PAGE_SIZE);
    assert_int_equal(get("suid")->mode, VFS_IFREG | 04755);
    assert_int_equal(get("sticky")->mode, VFS_IFDIR | 01777);
    assert_int_equal(get("private")->mode, VFS_IFREG | 0600);
    assert_int_equal(get("fifo")->mode & VFS_IFMT, VFS_IFIFO);
    assert_int_equal(get("sock")->mode & VFS_IFMT, VFS_IFSOCK);
    assert_int_equal(get("small.txt")->mtime.sec, 1100000000);
    assert_int_equal(get("small.txt")->atime.sec, 1000000000);
    assert_int_equal(get("many")->u.dir.count, MANY);
    if (as_root) {
        assert_int_equal(get("owned")->uid, 70000);
        assert_int_equal(get("owned")->gid, 80000);
        assert_int_equal(get("blk")->rdev, VFS_MKDEV(259, 70000));
        assert_int_equal(get("chr")->rdev, VFS_MKDEV(1, 3));
    }
}

static void test_load_4k(void **state)
{
    (void)state;
    load_and_check(img_4k, SNAP_4K);
    assert_int_equal(get("sparse")->u.reg.pages, 2);
}

static void test_load_ext3(void **state)
{
    (void)state;
    load_and_check(img_ext3, SNAP_EXT3); /* the journal (inode 8) is not in the tree */
}

static void test_load_rev0(void **state)
{
    (void)state;
    load_and_check(img_rev0, SNAP_REV0); /* 16-bit name_len, 128-byte inodes */
}

static void test_load_busybox(void **state)
{
    (void)state;
    if (!have_tools || !img_busybox[0])
        skip();
    struct image im = slurp(img_busybox);
    int r = load(&im);
    if (r)
        fail_msg("ext2_load = %d: %s", r, why);
    struct vnode *big = get("dir/big"), *link = get("dir/link");
    assert_non_null(big);
    assert_non_null(link);
    assert_non_null(get("lost+found"));
    assert_int_equal(vfs_size(big), BIG_SIZE);
    static uint8_t want[BIG_SIZE], got[BIG_SIZE];
    pattern(want, sizeof want, 1);
    assert_int_equal(vfs_read(big, got, sizeof got, 0), BIG_SIZE);
    assert_memory_equal(got, want, BIG_SIZE);
    const char *t;
    size_t len;
    assert_int_equal(vfs_readlink(link, &t, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(t, "big", 3);
    free(im.p);
}

/* --- refused images ----------------------------------------------------------------------------- */

static void test_refuse_ext4(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_ext4);
    expect_fail(&im, -EINVAL);
    assert_non_null(strstr(why, "extents"));
    free(im.p);
}

static void test_refuse_incompat_bits(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_small);
    static const struct {
        uint32_t bit;
        const char *name;
    } cases[] = {{0x4, "needs_recovery"}, {0x10, "meta_bg"}, {0x80, "64bit"},
                 {0x8000, "inline_data"}, {0x40000000, "unknown"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct image c = copy_image(&im);
        uint8_t *incompat = c.p + 1024 + 96;
        put32(incompat, (uint32_t)(incompat[0] | incompat[1] << 8) | cases[i].bit);
        expect_fail(&c, -EINVAL);
        if (!strstr(why, cases[i].name))
            fail_msg("reason '%s' does not name %s", why, cases[i].name);
        teardown(NULL);
        free(c.p);
    }
    free(im.p);
}

static void test_not_ext2(void **state)
{
    (void)state;
    struct image zeros = {calloc(1, 65536), 65536};
    assert_non_null(zeros.p);
    expect_fail(&zeros, -EINVAL);
    teardown(NULL);
    struct image tiny = {zeros.p, 100};
    expect_fail(&tiny, -EINVAL);
    teardown(NULL);
    assert_int_equal(vfs_init_empty(&fs, clock_fn), 0);
    assert_int_equal(ext2_load(&fs, bad_read, NULL, why, sizeof why), -EIO);
    assert_true(why[0] != 0);
    free(zeros.p);
}

static void test_truncated(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_1k);
    im.len /= 2;
    expect_fail(&im, -EIO);
    free(im.p);
}

static void test_bad_block_number(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_small);
    size_t ino = inode_offset(img_small, "/hard", 1024);
    put32(im.p + ino + 40, 0x00ffffff); /* i_block[0] far past the end */
    expect_fail(&im, -EIO);
    assert_non_null(strstr(why, "outside the filesystem"));
    free(im.p);
}

/* The byte offset of the entry named name in the directory block at blk. */
static size_t find_entry(const uint8_t *blk, size_t bsize, const char *name)
{
    size_t off = 0, len = strlen(name);
    while (off + 8 <= bsize) {
        size_t rec = (size_t)(blk[off + 4] | blk[off + 5] << 8);
        if (blk[off + 6] == len && !memcmp(blk + off + 8, name, len))
            return off;
        assert_true(rec >= 8);
        off += rec;
    }
    fail_msg("no entry %s", name);
    return 0;
}

static void test_bad_rec_len(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_small);
    size_t dir = block_offset(img_small, "/d2", 1024);
    struct image c = copy_image(&im);
    size_t e = find_entry(c.p + dir, 1024, "d3");
    c.p[dir + e + 4] = 0, c.p[dir + e + 5] = 0; /* rec_len 0 */
    expect_fail(&c, -EIO);
    assert_non_null(strstr(why, "rec_len"));
    teardown(NULL);
    memcpy(c.p, im.p, im.len);
    c.p[dir + e + 4] = 0, c.p[dir + e + 5] = 0x08; /* 2048: past the block */
    expect_fail(&c, -EIO);
    teardown(NULL);
    memcpy(c.p, im.p, im.len);
    c.p[dir + e + 4] = 10; /* not a multiple of 4 */
    c.p[dir + e + 5] = 0;
    expect_fail(&c, -EIO);
    teardown(NULL);
    memcpy(c.p, im.p, im.len);
    c.p[dir + e + 6] = 200; /* name_len past rec_len */
    expect_fail(&c, -EIO);
    free(c.p);
    free(im.p);
}

static void test_dir_loop(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_small);
    size_t dir = block_offset(img_small, "/d2", 1024);
    struct image c = copy_image(&im);
    uint8_t *blk = c.p + dir;
    size_t e = find_entry(blk, 1024, "d3");
    memcpy(blk + e, blk + find_entry(blk, 1024, "."), 4); /* d2/d3 -> d2 itself */
    expect_fail(&c, -EIO);
    assert_non_null(strstr(why, "twice"));
    teardown(NULL);
    memcpy(c.p, im.p, im.len);
    put32(blk + e, 2); /* d2/d3 -> the root */
    expect_fail(&c, -EIO);
    teardown(NULL);
    memcpy(c.p, im.p, im.len);
    put32(blk + e, 1u << 30); /* an inode past the count */
    expect_fail(&c, -EIO);
    free(c.p);
    free(im.p);
}

static void test_short_why(void **state)
{
    (void)state;
    struct image zeros = {calloc(1, 4096), 4096};
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_equal(vfs_init_empty(&fs, clock_fn), 0);
    assert_int_equal(ext2_load(&fs, mem_read, &zeros, small, sizeof small), -EINVAL);
    assert_int_equal(strlen(small), sizeof small - 1);
    teardown(NULL);
    assert_int_equal(vfs_init_empty(&fs, clock_fn), 0);
    assert_int_equal(ext2_load(&fs, mem_read, &zeros, NULL, 0), -EINVAL);
    free(zeros.p);
}

/* Random byte changes in the metadata of a small image: every load ends
   with 0 or a documented errno and a reason, and the tree frees cleanly.
   The changes land in the superblock, the group descriptors, the inode
   table and the directory blocks (found with debugfs). */
static void test_fuzz(void **state)
{
    (void)state;
    if (!have_tools)
        skip();
    struct image im = slurp(img_small);
    struct image c = copy_image(&im);
    size_t itab = inode_offset(img_small, "<1>", 1024);
    size_t ranges[][2] = {
        {1024, 2048},                /* superblock */
        {2048, 3072},                /* group descriptors */
        {itab, itab + 32 * 256},     /* the inode table (32 inodes, 256 bytes at most) */
        {block_offset(img_small, "/", 1024), 1024},
        {block_offset(img_small, "/d2", 1024), 1024},
        {block_offset(img_small, "/d2/d3/d4", 1024), 1024},
    };
    for (size_t i = 3; i < 6; i++)
        ranges[i][1] += ranges[i][0];
    srand(12345);
    int ok = 0, einval = 0, eio = 0, enospc = 0;
    for (int round = 0; round < 4000; round++) {
        memcpy(c.p, im.p, im.len);
        int flips = 1 + rand() % 8;
        for (int i = 0; i < flips; i++) {
            size_t *rg = ranges[(size_t)rand() % 6];
            size_t at = rg[0] + (size_t)rand() % (rg[1] - rg[0]);
            assert_true(at < c.len);
            c.p[at] = rand() % 3 ? (uint8_t)rand() : c.p[at] ^ (uint8_t)(1u << rand() % 8);
        }
        int r = load(&c);
        if (r == 0)
            ok++;
        else if (r == -EINVAL)
            einval++;
        else if (r == -EIO)
            eio++;
        else if (r == -ENOSPC || r == -ENOMEM)
            enospc++;
        else
            fail_msg("round %d: ext2_load = %d (%s)", round, r, why);
        if (r)
            assert_true(why[0] != 0);
        teardown(NULL);
    }
    print_message("fuzz: %d loaded, refused: %d EINVAL, %d EIO, %d ENOSPC/ENOMEM\n", ok, einval,
                  eio, enospc);
    assert_true(ok > 0 && einval > 0 && eio > 0);
    free(c.p);
    free(im.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_load_1k, teardown),
        cmocka_unit_test_teardown(test_load_4k, teardown),
        cmocka_unit_test_teardown(test_load_ext3, teardown),
        cmocka_unit_test_teardown(test_load_rev0, teardown),
        cmocka_unit_test_teardown(test_load_busybox, teardown),
        cmocka_unit_test_teardown(test_refuse_ext4, teardown),
        cmocka_unit_test_teardown(test_refuse_incompat_bits, teardown),
        cmocka_unit_test_teardown(test_not_ext2, teardown),
        cmocka_unit_test_teardown(test_truncated, teardown),
        cmocka_unit_test_teardown(test_bad_block_number, teardown),
        cmocka_unit_test_teardown(test_bad_rec_len, teardown),
        cmocka_unit_test_teardown(test_dir_loop, teardown),
        cmocka_unit_test_teardown(test_short_why, teardown),
        cmocka_unit_test_teardown(test_fuzz, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
