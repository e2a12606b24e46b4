/* sources: servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fs/cpio.c kernel/lib/string.c */
/* Unit tests for the POSIX server's in-memory filesystem and cpio loader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>

#include "lib/string.h"
#include "servers/posix/fs/vfs.h"
#include "servers/posix/fd/file.h"
#include <linux/fcntl.h>
#include "servers/posix/fs/cpio.h"

static int64_t fake_sec = 1000;
static void clock_fn(struct vfs_time *t)
{
    t->sec = fake_sec;
    t->nsec = 5;
}

static struct vfs fs;
static int setup(void **state)
{
    (void)state;
    fake_sec = 1000;
    assert_int_equal(vfs_init(&fs, clock_fn, NULL, NULL), 0);
    return 0;
}
static int teardown(void **state)
{
    (void)state;
    vfs_destroy(&fs);
    assert_int_equal(fs.nodes, 0); /* nothing leaked or double-counted */
    return 0;
}

static struct vnode *get(const char *path)
{
    struct vnode *vn = NULL;
    int r = vfs_lookup(&fs, fs.root, path, 0, NULL, &vn);
    if (r)
        return NULL;
    vfs_unref(vn);
    return vn;
}

static void test_init_tree(void **state)
{
    (void)state;
    struct vnode *tmp = get("/tmp"), *null = get("/dev/null"), *con = get("/dev/console");
    assert_non_null(tmp);
    assert_int_equal(tmp->mode, VFS_IFDIR | 01777);
    assert_int_equal(null->mode, VFS_IFCHR | 0666);
    assert_int_equal(null->rdev, VFS_MKDEV(1, 3));
    assert_int_equal(con->rdev, VFS_MKDEV(5, 1));
    assert_int_equal(fs.root->nlink, 4); /* ".", "..", tmp/.., dev/.. */
    assert_int_equal(tmp->atime.sec, 1000);
    char buf[8];
    struct ofile f = { .ops = null->u.chr.ops, .vn = null, .flags = O_RDWR };
    assert_int_equal(null->u.chr.ops->read(&f, NULL, buf, 8, -1), 0);
    assert_int_equal(null->u.chr.ops->write(&f, NULL, buf, 8, -1), 8);
}

static void test_lookup_paths(void **state)
{
    (void)state;
    struct vnode *dev = get("/dev");
    assert_ptr_equal(get("dev"), dev);
    assert_ptr_equal(get("//dev///"), dev);
    assert_ptr_equal(get("/dev/./../dev/."), dev);
    assert_ptr_equal(get("/.."), fs.root);
    assert_ptr_equal(get("/"), fs.root);
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, fs.root, "", 0, NULL, &vn), -ENOENT);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/nope", 0, NULL, &vn), -ENOENT);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/dev/null/x", 0, NULL, &vn), -ENOTDIR);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/dev/null/", 0, NULL, &vn), -ENOTDIR);
    assert_int_equal(vfs_lookup(&fs, dev, "null", 0, NULL, &vn), 0);
    vfs_unref(vn);
    char name[300];
    memset(name, 'a', 256);
    name[256] = 0;
    assert_int_equal(vfs_lookup(&fs, fs.root, name, 0, NULL, &vn), -ENAMETOOLONG);
    name[255] = 0;
    assert_int_equal(vfs_lookup(&fs, fs.root, name, 0, NULL, &vn), -ENOENT);
    char *longp = malloc(5000);
    for (int i = 0; i < 4999; i++)
        longp[i] = i % 2 ? '/' : 'a';
    longp[4999] = 0;
    assert_int_equal(vfs_lookup(&fs, fs.root, longp, 0, NULL, &vn), -ENAMETOOLONG);
    longp[4094] = 0; /* 4094 bytes + NUL fits PATH_MAX */
    assert_int_equal(vfs_lookup(&fs, fs.root, longp, 0, NULL, &vn), -ENOENT);
    free(longp);
}

static void test_create_and_errors(void **state)
{
    (void)state;
    struct vnode *tmp = get("/tmp"), *f, *d;
    struct vfs_cred user = {.uid = 1000, .gid = 1000};
    fake_sec = 2000;
    assert_int_equal(vfs_create(tmp, "a", 0640, &user, &f), 0);
    assert_int_equal(f->mode, VFS_IFREG | 0640);
    assert_int_equal(f->uid, 1000);
    assert_int_equal(f->nlink, 1);
    assert_int_equal(tmp->mtime.sec, 2000);
    assert_int_equal(vfs_create(tmp, "a", 0640, &user, NULL), -EEXIST);
    assert_int_equal(vfs_create(tmp, ".", 0640, &user, NULL), -EEXIST);
    assert_int_equal(vfs_create(f, "x", 0640, &user, NULL), -ENOTDIR);
    assert_int_equal(vfs_mkdir(fs.root, "etc", 0755, &user, NULL), -EACCES); /* root dir is 0755 root */
    assert_int_equal(vfs_mkdir(tmp, "d", 0755, &user, &d), 0);
    assert_int_equal(d->nlink, 2);
    assert_int_equal(tmp->nlink, 3);
    assert_ptr_equal(get("/tmp/d/.."), tmp);
    assert_true(d->ino != f->ino);
    /* unlink and rmdir */
    assert_int_equal(vfs_create(d, "in", 0600, &user, NULL), 0);
    assert_int_equal(vfs_rmdir(tmp, "d", &user), -ENOTEMPTY);
    assert_int_equal(vfs_unlink(tmp, "d", &user), -EISDIR);
    assert_int_equal(vfs_rmdir(tmp, "a", &user), -ENOTDIR);
    assert_int_equal(vfs_rmdir(tmp, ".", &user), -EINVAL);
    assert_int_equal(vfs_unlink(d, "in", &user), 0);
    assert_int_equal(vfs_unlink(d, "in", &user), -ENOENT);
    assert_int_equal(vfs_rmdir(tmp, "d", &user), 0);
    assert_int_equal(tmp->nlink, 2);
    /* d is gone from the tree but alive while referenced; ".." of it is ENOENT */
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, d, "..", 0, NULL, &vn), -ENOENT);
    assert_int_equal(vfs_create(d, "late", 0600, NULL, NULL), -ENOENT);
    char p[64];
    assert_int_equal(vfs_path_of(d, p, sizeof p), -ENOENT);
    vfs_unref(d);
    /* sticky /tmp: another user cannot remove a's name */
    struct vfs_cred other = {.uid = 1001, .gid = 1001};
    assert_int_equal(vfs_unlink(tmp, "a", &other), -EPERM);
    /* f unlinked while referenced keeps its data */
    assert_int_equal(vfs_write(f, "hello", 5, 0), 5);
    assert_int_equal(vfs_unlink(tmp, "a", &user), 0);
    assert_int_equal(f->nlink, 0);
    char buf[8];
    assert_int_equal(vfs_read(f, buf, 8, 0), 5);
    size_t before = fs.nodes;
    vfs_unref(f);
    assert_int_equal(fs.nodes, before - 1);
}

static void test_permissions(void **state)
{
    (void)state;
    struct vnode *tmp = get("/tmp"), *f;
    struct vfs_cred u = {.uid = 1000, .gid = 100}, g = {.uid = 1001, .gid = 100}, o = {.uid = 1002, .gid = 200}, root = {.uid = 0};
    assert_int_equal(vfs_create(tmp, "p", 0640, &u, &f), 0);
    assert_int_equal(vfs_permission(f, &u, VFS_MAY_READ | VFS_MAY_WRITE), 0);
    assert_int_equal(vfs_permission(f, &g, VFS_MAY_READ), 0);
    assert_int_equal(vfs_permission(f, &g, VFS_MAY_WRITE), -EACCES);
    assert_int_equal(vfs_permission(f, &o, VFS_MAY_READ), -EACCES);
    assert_int_equal(vfs_permission(f, &root, VFS_MAY_READ | VFS_MAY_WRITE), 0);
    assert_int_equal(vfs_permission(f, &root, VFS_MAY_EXEC), -EACCES);
    struct vnode *d;
    assert_int_equal(vfs_mkdir(tmp, "private", 0700, &u, &d), 0);
    assert_int_equal(vfs_create(d, "x", 0644, &u, NULL), 0);
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/private/x", 0, &o, &vn), -EACCES);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/private/x", 0, &u, &vn), 0);
    vfs_unref(vn);
    vfs_unref(d);
    vfs_unref(f);
}

static void test_data(void **state)
{
    (void)state;
    struct vnode *f;
    assert_int_equal(vfs_create(get("/tmp"), "data", 0644, NULL, &f), 0);
    assert_int_equal(vfs_write(f, "abc", 3, 10), 3);
    assert_int_equal(vfs_size(f), 13);
    char buf[32];
    assert_int_equal(vfs_read(f, buf, sizeof buf, 0), 13);
    for (int i = 0; i < 10; i++)
        assert_int_equal(buf[i], 0);
    assert_memory_equal(buf + 10, "abc", 3);
    assert_int_equal(vfs_read(f, buf, 4, 11), 2);
    assert_int_equal(vfs_read(f, buf, 4, 100), 0);
    assert_int_equal(vfs_truncate(f, 2), 0);
    assert_int_equal(vfs_truncate(f, 6), 0);
    assert_int_equal(vfs_read(f, buf, 32, 0), 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(vfs_write(f, "x", 1, VFS_MAX_FILE_SIZE), -EFBIG);
    assert_int_equal(vfs_truncate(f, VFS_MAX_FILE_SIZE + 1), -EFBIG);
    assert_int_equal(vfs_read(get("/tmp"), buf, 1, 0), -EISDIR);
    assert_int_equal(vfs_write(get("/dev/null"), buf, 1, 0), -EINVAL);
    /* a big file grows */
    char *big = malloc(300000);
    memset(big, 7, 300000);
    assert_int_equal(vfs_write(f, big, 300000, 0), 300000);
    assert_int_equal(vfs_read(f, big, 300000, 1), 300000 - 1);
    free(big);
    vfs_unref(f);
}

static void test_symlinks(void **state)
{
    (void)state;
    struct vnode *tmp = get("/tmp"), *vn;
    assert_int_equal(vfs_mkdir(tmp, "real", 0755, NULL, NULL), 0);
    assert_int_equal(vfs_create(get("/tmp/real"), "f", 0644, NULL, NULL), 0);
    assert_int_equal(vfs_symlink(tmp, "abs", "/tmp/real", NULL, NULL), 0);
    assert_int_equal(vfs_symlink(tmp, "rel", "real/f", NULL, NULL), 0);
    assert_int_equal(vfs_symlink(tmp, "loop", "loop", NULL, NULL), 0);
    assert_int_equal(vfs_symlink(tmp, "dangling", "nowhere", NULL, NULL), 0);
    assert_ptr_equal(get("/tmp/abs/f"), get("/tmp/real/f"));
    assert_ptr_equal(get("/tmp/rel"), get("/tmp/real/f"));
    assert_ptr_equal(get("/tmp/abs/../real"), get("/tmp/real")); /* physical "..", as Linux */
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/loop", 0, NULL, &vn), -ELOOP);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/dangling", 0, NULL, &vn), -ENOENT);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/dangling", VFS_NOFOLLOW, NULL, &vn), 0);
    assert_true(vfs_is_lnk(vn));
    const char *t;
    size_t len;
    assert_int_equal(vfs_readlink(vn, &t, &len), 0);
    assert_int_equal(len, 7);
    assert_memory_equal(t, "nowhere", 7);
    vfs_unref(vn);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/abs", VFS_NOFOLLOW, NULL, &vn), 0);
    assert_true(vfs_is_lnk(vn));
    vfs_unref(vn);
    /* a trailing slash follows the last link */
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/abs/", VFS_NOFOLLOW, NULL, &vn), 0);
    assert_true(vfs_is_dir(vn));
    vfs_unref(vn);
}

static void test_rename(void **state)
{
    (void)state;
    struct vnode *tmp = get("/tmp"), *a, *b;
    assert_int_equal(vfs_mkdir(tmp, "a", 0755, NULL, &a), 0);
    assert_int_equal(vfs_mkdir(tmp, "b", 0755, NULL, &b), 0);
    assert_int_equal(vfs_create(a, "f", 0644, NULL, NULL), 0);
    assert_int_equal(vfs_create(b, "g", 0644, NULL, NULL), 0);
    struct vnode *f = get("/tmp/a/f");
    assert_int_equal(vfs_rename(a, "f", b, "g", NULL), 0); /* replaces g */
    assert_ptr_equal(get("/tmp/b/g"), f);
    assert_null(get("/tmp/a/f"));
    assert_int_equal(vfs_rename(tmp, "a", a, "x", NULL), -EINVAL); /* into itself */
    assert_int_equal(vfs_rename(tmp, "a", b, "g", NULL), -ENOTDIR);
    assert_int_equal(vfs_rename(b, "g", tmp, "a", NULL), -EISDIR);
    assert_int_equal(vfs_rename(tmp, "a", tmp, "b", NULL), -ENOTEMPTY);
    assert_int_equal(vfs_rename(tmp, "nope", tmp, "z", NULL), -ENOENT);
    assert_int_equal(vfs_rename(tmp, ".", tmp, "z", NULL), -EBUSY);
    assert_int_equal(vfs_rename(tmp, "b", a, "b2", NULL), 0); /* move a directory */
    assert_ptr_equal(b->parent, a);
    assert_int_equal(a->nlink, 3);
    assert_int_equal(tmp->nlink, 3);
    char p[64];
    assert_int_equal(vfs_path_of(b, p, sizeof p), (int64_t)strlen("/tmp/a/b2") + 1);
    assert_string_equal(p, "/tmp/a/b2");
    assert_int_equal(vfs_path_of(b, p, 9), -ERANGE);
    assert_int_equal(vfs_rename(a, "b2", a, "b2", NULL), 0); /* same node */
    assert_int_equal(vfs_rename(a, "b2", a, "b3", NULL), 0); /* same dir */
    assert_ptr_equal(get("/tmp/a/b3"), b);
    vfs_unref(a);
    vfs_unref(b);
}

static void test_readdir_stable_under_removal(void **state)
{
    (void)state;
    struct vnode *d;
    assert_int_equal(vfs_mkdir(get("/tmp"), "list", 0755, NULL, &d), 0);
    char name[16];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "e%d", i);
        assert_int_equal(vfs_create(d, name, 0644, NULL, NULL), 0);
    }
    uint64_t pos = 0;
    const char *n;
    size_t len;
    struct vnode *vn;
    assert_int_equal(vfs_readdir(d, &pos, &n, &len, &vn), 1);
    assert_int_equal(len, 1);
    assert_ptr_equal(vn, d);
    assert_int_equal(vfs_readdir(d, &pos, &n, &len, &vn), 1);
    assert_int_equal(len, 2);
    assert_ptr_equal(vn, get("/tmp"));
    int seen = 0;
    while (vfs_readdir(d, &pos, &n, &len, &vn) == 1) {
        snprintf(name, sizeof name, "e%d", seen);
        assert_memory_equal(n, name, len);
        seen++;
        if (seen == 5) { /* remove the one just read and one ahead */
            assert_int_equal(vfs_unlink(d, "e4", NULL), 0);
            assert_int_equal(vfs_unlink(d, "e5", NULL), 0);
            seen = 6;
        }
    }
    assert_int_equal(seen, 20);
    vfs_unref(d);
}

static void test_node_limit(void **state)
{
    (void)state;
    struct vnode *d;
    assert_int_equal(vfs_mkdir(get("/tmp"), "many", 0755, NULL, &d), 0);
    char name[16];
    int r = 0, i;
    for (i = 0; i < VFS_MAX_NODES + 10 && !r; i++) {
        snprintf(name, sizeof name, "%d", i);
        r = vfs_create(d, name, 0644, NULL, NULL);
    }
    assert_int_equal(r, -ENOSPC);
    assert_int_equal(fs.nodes, VFS_MAX_NODES);
    assert_int_equal(vfs_unlink(d, "0", NULL), 0);
    assert_int_equal(vfs_create(d, "again", 0644, NULL, NULL), 0);
    vfs_unref(d);
}

/* --- cpio ------------------------------------------------------------------------------------ */

struct ar {
    uint8_t buf[8192];
    size_t len;
};

static void ar_add(struct ar *a, const char *name, uint32_t mode, const void *data, size_t size)
{
    size_t namesize = strlen(name) + 1;
    int n = snprintf((char *)a->buf + a->len, sizeof a->buf - a->len,
                     "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", 1u, mode,
                     5u, 6u, 1u, 12345u, size, 0u, 0u, 0u, 0u, namesize, 0u);
    assert_int_equal(n, 110);
    a->len += 110;
    memcpy(a->buf + a->len, name, namesize);
    a->len = (a->len + namesize + 3) & ~(size_t)3;
    memcpy(a->buf + a->len, data, size);
    a->len = (a->len + size + 3) & ~(size_t)3;
}

static void make_archive(struct ar *a)
{
    memset(a, 0, sizeof *a);
    ar_add(a, ".", VFS_IFDIR | 0755, "", 0);
    ar_add(a, "bin", VFS_IFDIR | 0755, "", 0);
    ar_add(a, "bin/busybox", VFS_IFREG | 0755, "\177ELF....", 8);
    ar_add(a, "bin/sh", VFS_IFLNK | 0777, "busybox", 7);
    ar_add(a, "./etc", VFS_IFDIR | 0755, "", 0);
    ar_add(a, "/etc/calyx", VFS_IFDIR | 0755, "", 0);
    ar_add(a, "etc/calyx/init", VFS_IFREG | 0644, "/bin/sh\0-c\0", 11);
    ar_add(a, "dev/fifo", VFS_IFIFO | 0644, "", 0);
    ar_add(a, "TRAILER!!!", 0, "", 0);
}

static void test_cpio_load(void **state)
{
    (void)state;
    struct ar a;
    make_archive(&a);
    struct cpio_result res;
    assert_int_equal(cpio_load(&fs, a.buf, a.len, &res), 0);
    assert_int_equal(res.files, 2);
    assert_int_equal(res.dirs, 3);
    assert_int_equal(res.symlinks, 1);
    assert_int_equal(res.skipped, 1);
    struct vnode *bb = get("/bin/busybox");
    assert_non_null(bb);
    assert_int_equal(bb->mode, VFS_IFREG | 0755);
    assert_int_equal(bb->uid, 5);
    assert_int_equal(bb->gid, 6);
    assert_int_equal(bb->mtime.sec, 12345);
    assert_ptr_equal(get("/bin/sh"), bb);
    char buf[16];
    assert_int_equal(vfs_read(get("/etc/calyx/init"), buf, sizeof buf, 0), 11);
    assert_memory_equal(buf, "/bin/sh\0-c\0", 11);
    /* a second archive replaces files and keeps the rest */
    struct ar b;
    memset(&b, 0, sizeof b);
    ar_add(&b, "etc/calyx/init", VFS_IFREG | 0600, "x", 1);
    ar_add(&b, "TRAILER!!!", 0, "", 0);
    assert_int_equal(cpio_load(&fs, b.buf, b.len, &res), 0);
    assert_int_equal(vfs_read(get("/etc/calyx/init"), buf, sizeof buf, 0), 1);
    assert_non_null(get("/bin/busybox"));
}

static void test_cpio_refuses_bad_archives(void **state)
{
    (void)state;
    struct ar a;
    struct cpio_result res;
    make_archive(&a);
    assert_int_equal(cpio_load(&fs, "0707", 4, &res), -EINVAL);
    assert_non_null(res.why);
    uint8_t bad[512];
    memcpy(bad, a.buf, sizeof bad);
    bad[0] = 'X';
    assert_int_equal(cpio_load(&fs, bad, sizeof bad, &res), -EINVAL);
    assert_string_equal(res.why, "bad magic (not a newc archive)");
    memcpy(bad, a.buf, sizeof bad);
    bad[20] = 'g';
    assert_int_equal(cpio_load(&fs, bad, sizeof bad, &res), -EINVAL);
    assert_string_equal(res.why, "non-hex digit in a header");
    /* no trailer */
    assert_int_equal(cpio_load(&fs, a.buf, a.len - 124, &res), -EINVAL);
    assert_string_equal(res.why, "missing trailer (archive ends early)");
    /* ".." */
    struct ar b;
    memset(&b, 0, sizeof b);
    ar_add(&b, "tmp/../../x", VFS_IFREG | 0644, "", 0);
    ar_add(&b, "TRAILER!!!", 0, "", 0);
    assert_int_equal(cpio_load(&fs, b.buf, b.len, &res), -EINVAL);
    assert_string_equal(res.name, "tmp/../../x");
    /* missing parent */
    memset(&b, 0, sizeof b);
    ar_add(&b, "no/such/dir", VFS_IFREG | 0644, "", 0);
    ar_add(&b, "TRAILER!!!", 0, "", 0);
    assert_int_equal(cpio_load(&fs, b.buf, b.len, &res), -ENOENT);
    /* every truncation and many single-byte corruptions: an error or success, never a crash */
    for (size_t n = 0; n < a.len - 3; n++) { /* the trailer's own padding may be cut */
        assert_int_equal(cpio_load(&fs, a.buf, n, &res), -EINVAL);
        assert_non_null(res.why);
    }
    uint32_t x = 1;
    for (int round = 0; round < 3000; round++) {
        memcpy(b.buf, a.buf, a.len);
        for (int k = 0; k < 3; k++) {
            x = x * 1103515245 + 12345;
            b.buf[(x >> 8) % a.len] = (uint8_t)(x >> 24);
        }
        int r = cpio_load(&fs, b.buf, a.len, &res);
        assert_true(r == 0 || (r < 0 && res.why != NULL));
    }
}

/* Sparse storage: only written pages exist, holes read as zeros, the data
   limit gives ENOSPC (a short write first), shrinking frees pages. */
static void test_sparse_pages(void **state)
{
    (void)state;
    struct vnode *f;
    assert_int_equal(vfs_create(get("/tmp"), "sparse", 0644, NULL, &f), 0);
    assert_int_equal(vfs_truncate(f, (uint64_t)1 << 30), 0);
    assert_int_equal(f->u.reg.pages, 0);
    assert_int_equal(fs.data_pages, 0);
    assert_int_equal(vfs_write(f, "x", 1, 3 * VFS_PAGE_SIZE + 5), 1);
    assert_int_equal(vfs_write(f, "yz", 2, VFS_PAGE_SIZE - 1), 2); /* straddles pages 0 and 1 */
    assert_int_equal(f->u.reg.pages, 3);
    assert_int_equal(fs.data_pages, 3);
    char buf[16];
    memset(buf, 7, sizeof buf);
    assert_int_equal(vfs_read(f, buf, 4, 2 * VFS_PAGE_SIZE), 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    assert_int_equal(vfs_read(f, buf, 2, VFS_PAGE_SIZE - 1), 2);
    assert_memory_equal(buf, "yz", 2);
    /* SEEK_DATA / SEEK_HOLE */
    assert_int_equal(vfs_seek_data(f, 0, 1), 0);
    assert_int_equal(vfs_seek_data(f, 0, 0), 2 * VFS_PAGE_SIZE);
    assert_int_equal(vfs_seek_data(f, 2 * VFS_PAGE_SIZE, 1), 3 * VFS_PAGE_SIZE);
    assert_int_equal(vfs_seek_data(f, 4 * VFS_PAGE_SIZE, 1), -ENXIO);
    assert_int_equal(vfs_seek_data(f, 4 * VFS_PAGE_SIZE, 0), 4 * VFS_PAGE_SIZE);
    assert_int_equal(vfs_seek_data(f, (uint64_t)1 << 30, 0), -ENXIO);
    /* a far page needs a bigger leaf table; the contiguous copy has it */
    assert_int_equal(vfs_write(f, "far", 3, ((uint64_t)1 << 30) - 3), 3);
    assert_int_equal(vfs_seek_data(f, 4 * VFS_PAGE_SIZE, 1), ((uint64_t)1 << 30) - VFS_PAGE_SIZE);
    assert_int_equal(vfs_truncate(f, 3 * VFS_PAGE_SIZE + 6), 0);
    assert_int_equal(f->u.reg.pages, 3);
    uint8_t *copy;
    size_t size;
    assert_int_equal(vfs_map(f, &copy, &size), 0);
    assert_int_equal(size, 3 * VFS_PAGE_SIZE + 6);
    assert_int_equal(copy[VFS_PAGE_SIZE - 1], 'y');
    assert_int_equal(copy[VFS_PAGE_SIZE], 'z');
    assert_int_equal(copy[2 * VFS_PAGE_SIZE], 0);
    assert_int_equal(copy[3 * VFS_PAGE_SIZE + 5], 'x');
    free(copy);
    /* shrinking inside a page zeroes its tail for a later growth */
    assert_int_equal(vfs_truncate(f, 3 * VFS_PAGE_SIZE + 5), 0);
    assert_int_equal(vfs_truncate(f, 3 * VFS_PAGE_SIZE + 6), 0);
    assert_int_equal(vfs_read(f, buf, 1, 3 * VFS_PAGE_SIZE + 5), 1);
    assert_int_equal(buf[0], 0);
    assert_int_equal(vfs_map(get("/tmp"), &copy, &size), -EINVAL);

    /* the data limit */
    fs.data_limit = 4 * VFS_PAGE_SIZE; /* one page left */
    static char two[2 * VFS_PAGE_SIZE];
    assert_int_equal(vfs_write(f, two, sizeof two, 10 * VFS_PAGE_SIZE), VFS_PAGE_SIZE);
    assert_int_equal(vfs_write(f, two, 1, 20 * VFS_PAGE_SIZE), -ENOSPC);
    assert_int_equal(vfs_write(f, "ok", 2, 0), 2); /* an existing page needs nothing */
    uint64_t blocks, bfree, files, ffree;
    vfs_statfs(&fs, &blocks, &bfree, &files, &ffree);
    assert_int_equal(blocks, 4);
    assert_int_equal(bfree, 0);
    assert_int_equal(files, VFS_MAX_NODES);
    assert_int_equal(ffree, VFS_MAX_NODES - fs.nodes);
    assert_int_equal(vfs_truncate(f, 0), 0);
    assert_int_equal(fs.data_pages, 0);
    fs.data_limit = VFS_DATA_MAX;
    vfs_unref(f);
}

static void test_fallocate(void **state)
{
    (void)state;
    struct vnode *f;
    assert_int_equal(vfs_create(get("/tmp"), "fa", 0644, NULL, &f), 0);
    assert_int_equal(vfs_fallocate(f, 0, 100, 2 * VFS_PAGE_SIZE), 0);
    assert_int_equal(vfs_size(f), 100 + 2 * VFS_PAGE_SIZE);
    assert_int_equal(f->u.reg.pages, 3);
    assert_int_equal(vfs_fallocate(f, VFS_FALLOC_KEEP_SIZE, 0, 5 * VFS_PAGE_SIZE), 0);
    assert_int_equal(vfs_size(f), 100 + 2 * VFS_PAGE_SIZE);
    assert_int_equal(f->u.reg.pages, 5);
    static char d[3 * VFS_PAGE_SIZE];
    memset(d, 'D', sizeof d);
    assert_int_equal(vfs_write(f, d, sizeof d, 0), sizeof d);
    assert_int_equal(vfs_fallocate(f, VFS_FALLOC_PUNCH_HOLE | VFS_FALLOC_KEEP_SIZE, 10, 20), 0);
    assert_int_equal(f->u.reg.pages, 5); /* partial: zeroed, kept */
    assert_int_equal(vfs_read(f, d, 40, 0), 40);
    assert_int_equal(d[9], 'D');
    assert_int_equal(d[10], 0);
    assert_int_equal(d[29], 0);
    assert_int_equal(d[30], 'D');
    assert_int_equal(vfs_fallocate(f, VFS_FALLOC_PUNCH_HOLE | VFS_FALLOC_KEEP_SIZE, VFS_PAGE_SIZE,
                                   VFS_PAGE_SIZE), 0);
    assert_int_equal(f->u.reg.pages, 4);
    assert_int_equal(vfs_fallocate(f, VFS_FALLOC_PUNCH_HOLE, 0, 1), -EOPNOTSUPP);
    assert_int_equal(vfs_fallocate(f, 0x10, 0, 1), -EOPNOTSUPP);
    assert_int_equal(vfs_fallocate(f, 0, -1, 1), -EINVAL);
    assert_int_equal(vfs_fallocate(f, 0, 0, 0), -EINVAL);
    assert_int_equal(vfs_fallocate(f, 0, (int64_t)VFS_MAX_FILE_SIZE, 1), -EFBIG);
    assert_int_equal(vfs_fallocate(get("/tmp"), 0, 0, 1), -EISDIR);
    assert_int_equal(vfs_fallocate(get("/dev/null"), 0, 0, 1), -ENODEV);
    /* all or nothing against the data limit */
    uint64_t before = f->u.reg.pages;
    fs.data_limit = (fs.data_pages + 1) * VFS_PAGE_SIZE;
    assert_int_equal(vfs_fallocate(f, 0, 100 * VFS_PAGE_SIZE, 2 * VFS_PAGE_SIZE), -ENOSPC);
    assert_int_equal(f->u.reg.pages, before);
    fs.data_limit = VFS_DATA_MAX;
    vfs_unref(f);
}

/* A process root (chroot): absolute paths, ".." and absolute links stay inside. */
static void test_lookup_in_root(void **state)
{
    (void)state;
    struct vnode *jail, *sub, *vn;
    assert_int_equal(vfs_mkdir(get("/tmp"), "jail", 0755, NULL, &jail), 0);
    assert_int_equal(vfs_mkdir(jail, "sub", 0755, NULL, &sub), 0);
    assert_int_equal(vfs_symlink(jail, "abs", "/sub", NULL, NULL), 0);
    assert_int_equal(vfs_lookup_in(jail, fs.root, "/", 0, NULL, &vn), 0);
    assert_ptr_equal(vn, jail);
    vfs_unref(vn);
    assert_int_equal(vfs_lookup_in(jail, sub, "../../..", 0, NULL, &vn), 0);
    assert_ptr_equal(vn, jail);
    vfs_unref(vn);
    assert_int_equal(vfs_lookup_in(jail, jail, "abs", 0, NULL, &vn), 0);
    assert_ptr_equal(vn, sub);
    vfs_unref(vn);
    assert_int_equal(vfs_lookup_in(jail, jail, "/tmp", 0, NULL, &vn), -ENOENT);
    char buf[64];
    assert_int_equal(vfs_path_of_in(jail, sub, buf, sizeof buf), 5);
    assert_string_equal(buf, "/sub");
    assert_int_equal(vfs_path_of_in(sub, get("/tmp"), buf, sizeof buf), 18);
    assert_string_equal(buf, "(unreachable)/tmp");
    assert_int_equal(vfs_path_of_in(sub, get("/tmp"), buf, 10), -ERANGE);
    vfs_unref(sub);
    vfs_unref(jail);
}

/* Supplementary groups count for the group bits. */
static void test_groups(void **state)
{
    (void)state;
    struct vnode *f;
    assert_int_equal(vfs_create(get("/tmp"), "g", 0060, NULL, &f), 0);
    f->gid = 77;
    uint32_t groups[2] = {5, 77};
    struct vfs_cred without = {.uid = 1000, .gid = 1000};
    struct vfs_cred with = {.uid = 1000, .gid = 1000, .ngroups = 2, .groups = groups};
    assert_int_equal(vfs_permission(f, &without, VFS_MAY_READ), -EACCES);
    assert_int_equal(vfs_permission(f, &with, VFS_MAY_READ | VFS_MAY_WRITE), 0);
    assert_true(vfs_in_group(&with, 5));
    assert_false(vfs_in_group(&with, 6));
    vfs_unref(f);
}

/* A tree far deeper than any path can name is freed whole (the teardown
   checks the node count), without recursion as deep as the tree. */
static void test_destroy_deep_tree(void **state)
{
    (void)state;
    struct vnode *dir = fs.root, *sub;
    vfs_ref(dir);
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(vfs_mkdir(dir, "d", 0755, NULL, &sub), 0);
        if (i % 100 == 0)
            assert_int_equal(vfs_create(sub, "f", 0644, NULL, NULL), 0);
        vfs_unref(dir);
        dir = sub;
    }
    vfs_unref(dir);
    assert_true(fs.nodes > 20000);
}

/* A directory large enough for its name index: every name is found, a
   removed one is not (the others still are), renames move names between
   directories, readdir still gives creation order, and a name taken again
   after removal is found once. */
static void test_large_directory(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct vnode *dir = NULL, *other = NULL;
    assert_int_equal(vfs_mkdir(fs.root, "big", 0755, NULL, &dir), 0);
    assert_int_equal(vfs_mkdir(fs.root, "other", 0755, NULL, &other), 0);
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file%d", i);
        assert_int_equal(vfs_create(dir, name, 0644, NULL, NULL), 0);
    }
    assert_int_equal(vfs_create(dir, "file7", 0644, NULL, NULL), -EEXIST);
    for (int i = 0; i < N; i += 2) {
        snprintf(name, sizeof name, "file%d", i);
        assert_int_equal(vfs_unlink(dir, name, NULL), 0);
    }
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file%d", i);
        assert_true((vfs_dir_find(dir, name) != NULL) == (i % 2 == 1));
    }
    for (int i = 1; i < 200; i += 2) {
        char to[32];
        snprintf(name, sizeof name, "file%d", i);
        snprintf(to, sizeof to, "moved%d", i);
        assert_int_equal(vfs_rename(dir, name, other, to, NULL), 0);
        assert_null(vfs_dir_find(dir, name));
        assert_non_null(vfs_dir_find(other, to));
    }
    assert_int_equal(vfs_create(dir, "file0", 0644, NULL, NULL), 0);
    assert_non_null(vfs_dir_find(dir, "file0"));
    assert_int_equal(vfs_create(dir, "file0", 0644, NULL, NULL), -EEXIST);
    uint64_t pos = 2;
    const char *n;
    size_t len;
    struct vnode *node;
    int last = -1, count = 0;
    while (vfs_readdir(dir, &pos, &n, &len, &node) == 1) {
        int k = strcmp(n, "file0") == 0 ? N : atoi(n + 4);
        assert_true(k > last); /* creation order: odd numbers up, then file0 again */
        last = k;
        count++;
    }
    assert_int_equal(count, N / 2 - 100 + 1);
    assert_int_equal(vfs_dir_size(dir), (size_t)count);
    /* Emptied one by one (holes), it is empty for rmdir, and takes names again. */
    assert_int_equal(vfs_rmdir(fs.root, "big", NULL), -ENOTEMPTY);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file%d", i);
        if (vfs_dir_find(dir, name))
            assert_int_equal(vfs_unlink(dir, name, NULL), 0);
    }
    assert_int_equal(vfs_dir_size(dir), 0);
    pos = 2;
    assert_int_equal(vfs_readdir(dir, &pos, &n, &len, &node), 0);
    assert_int_equal(vfs_create(dir, "again", 0644, NULL, NULL), 0);
    assert_non_null(vfs_dir_find(dir, "again"));
    assert_int_equal(vfs_unlink(dir, "again", NULL), 0);
    vfs_unref(dir);
    assert_int_equal(vfs_rmdir(fs.root, "big", NULL), 0);
    vfs_unref(other);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_init_tree), T(test_lookup_paths), T(test_create_and_errors), T(test_permissions),
        T(test_data), T(test_symlinks), T(test_rename), T(test_readdir_stable_under_removal),
        T(test_node_limit), T(test_cpio_load), T(test_cpio_refuses_bad_archives),
        T(test_sparse_pages), T(test_fallocate), T(test_lookup_in_root), T(test_groups),
        T(test_destroy_deep_tree), T(test_large_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
