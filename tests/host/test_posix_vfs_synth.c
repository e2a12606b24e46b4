/* sources: servers/posix/fd/file.c servers/posix/fd/ofile.c servers/posix/fd/fasync.c servers/posix/fd/lease.c servers/posix/fd/fileops.c servers/posix/fd/filepath.c servers/posix/fd/filestat.c servers/posix/fd/fileattr.c servers/posix/fd/filename.c servers/posix/fd/filelock.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fd/pipe.c servers/posix/fd/lock.c servers/posix/fd/waitq.c kernel/lib/string.c */
/* Unit tests for the VFS's synthetic nodes (procfs's hooks, vfs.h): files
   generated at open and read as a snapshot, directories refreshed before
   lookups and readdir, magic links that resolve per caller to a node, and
   names nobody but the owner may change. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

#include "lib/string.h"
#include "servers/posix/fd/file.h"

static struct vfs fs;
static struct file_ctx c;
static struct vnode *dir;      /* /syn: a synthetic directory */
static int generated, refreshed, last_pid;
static struct vnode *link_target;

static int gen(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len)
{
    char *d = malloc(32);
    if (!d)
        return -ENOMEM;
    generated++;
    *len = (size_t)snprintf(d, 32, "gen%d arg%llu pid%d\n", generated,
                            (unsigned long long)vn->synth_arg, cred->pid);
    *data = d;
    return 0;
}
static const struct vfs_synth_ops file_ops = { .generate = gen };

/* The directory's refresh adds "late" the second time it is called. */
static void refresh(struct vnode *d)
{
    if (++refreshed == 2)
        assert_int_equal(vfs_synth_node(d, "late", VFS_IFREG | 0444, 0, 0, &file_ops, 7, NULL), 0);
}
static const struct vfs_synth_ops dir_ops = { .refresh = refresh };

static int follow(struct vnode *vn, const struct vfs_cred *cred, struct vfs_path *out)
{
    (void)vn;
    last_pid = cred ? cred->pid : -1;
    if (!link_target)
        return -ENOENT;
    out->vn = link_target;
    return 0;
}
static int64_t readlink_text(struct vnode *vn, const struct vfs_cred *cred, char *buf, size_t size)
{
    (void)vn;
    char s[32];
    int n = snprintf(s, sizeof s, "caller-%d", cred->pid);
    if ((size_t)n > size)
        n = (int)size;
    memcpy(buf, s, (size_t)n);
    return n;
}
static const struct vfs_synth_ops link_ops = { .readlink = readlink_text, .follow = follow };

static int setup(void **state)
{
    (void)state;
    generated = refreshed = last_pid = 0;
    link_target = NULL;
    assert_int_equal(vfs_init(&fs, NULL, NULL, NULL), 0);
    c.fs = fs_state_new(&fs);
    c.fdt = fdtable_new();
    c.cred = (struct vfs_cred){ .uid = 0, .gid = 0, .pid = 42 };
    assert_int_equal(vfs_synth_node(fs.root, "syn", VFS_IFDIR | 0555, 0, 0, &dir_ops, 0, &dir), 0);
    vfs_unref(dir);
    assert_int_equal(vfs_synth_node(dir, "file", VFS_IFREG | 0444, 0, 0, &file_ops, 5, NULL), 0);
    assert_int_equal(vfs_synth_node(dir, "link", VFS_IFLNK | 0777, 0, 0, &link_ops, 0, NULL), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fdtable_unref(c.fdt);
    fs_state_unref(c.fs);
    vfs_destroy(&fs);
    assert_int_equal(fs.nodes, 0);
    return 0;
}

static void test_snapshot_at_open(void **state)
{
    (void)state;
    char buf[64] = { 0 };
    int a = (int)file_openat(&c, AT_FDCWD, "/syn/file", O_RDONLY, 0);
    assert_true(a >= 0);
    assert_int_equal(generated, 1);
    int b = (int)file_openat(&c, AT_FDCWD, "/syn/file", O_RDONLY, 0);
    assert_int_equal(generated, 2);
    /* each description reads its own snapshot, in pieces, with seeks and pread */
    assert_int_equal(file_read(&c, a, buf, 4), 4);
    assert_memory_equal(buf, "gen1", 4);
    assert_int_equal(file_read(&c, a, buf, sizeof buf), 12);
    assert_memory_equal(buf, " arg5 pid42\n", 12);
    assert_int_equal(file_read(&c, a, buf, sizeof buf), 0);
    assert_int_equal(file_lseek(&c, a, 1, SEEK_SET), 1);
    assert_int_equal(file_read(&c, a, buf, 3), 3);
    assert_memory_equal(buf, "en1", 3);
    assert_int_equal(file_pread(&c, b, buf, 4, 0), 4);
    assert_memory_equal(buf, "gen2", 4);
    assert_int_equal(file_pread(&c, b, buf, 4, 100), 0);
    /* stat says a regular file of size 0, as Linux's /proc */
    struct stat st;
    assert_int_equal(file_fstat(&c, a, &st), 0);
    assert_int_equal(st.st_mode, VFS_IFREG | 0444);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(file_close(&c, a), 0);
    assert_int_equal(file_close(&c, b), 0);
    /* read-only for everyone, root included; O_PATH generates nothing */
    assert_int_equal(file_openat(&c, AT_FDCWD, "/syn/file", O_RDWR, 0), -EACCES);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/syn/file", O_WRONLY | O_TRUNC, 0), -EACCES);
    int p = (int)file_openat(&c, AT_FDCWD, "/syn/file", O_PATH, 0);
    assert_true(p >= 0);
    assert_int_equal(generated, 2);
    assert_int_equal(file_close(&c, p), 0);
}

static void test_names_are_the_owners(void **state)
{
    (void)state;
    assert_int_equal(file_openat(&c, AT_FDCWD, "/syn/new", O_CREAT | O_WRONLY, 0644), -EACCES);
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/syn/d", 0755), -EACCES);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/syn/file", 0), -EPERM);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/syn/file", AT_FDCWD, "/tmp/x", 0), -EPERM);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/x", O_CREAT | O_WRONLY, 0644) >= 0, 1);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x", AT_FDCWD, "/syn/x", 0), -EPERM);
    assert_int_equal(file_symlinkat(&c, "/", AT_FDCWD, "/syn/s"), -EACCES);
    /* the owner removes a directory with everything in it */
    struct vnode *sub;
    assert_int_equal(vfs_synth_node(dir, "sub", VFS_IFDIR | 0555, 0, 0, &dir_ops, 0, &sub), 0);
    assert_int_equal(vfs_synth_node(sub, "f", VFS_IFREG | 0444, 0, 0, &file_ops, 0, NULL), 0);
    assert_int_equal(vfs_synth_node(sub, "f", VFS_IFREG | 0444, 0, 0, &file_ops, 0, NULL), -EEXIST);
    vfs_unref(sub);
    assert_int_equal(vfs_synth_remove(dir, "sub"), 0);
    assert_int_equal(vfs_synth_remove(dir, "sub"), -ENOENT);
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/sub", 0, NULL, &vn), -ENOENT);
}

static void test_refresh_before_lookup_and_readdir(void **state)
{
    (void)state;
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/late", 0, NULL, &vn), -ENOENT);
    assert_int_equal(refreshed, 1);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/late", 0, NULL, &vn), 0); /* refresh 2 made it */
    vfs_unref(vn);
    int d = (int)file_openat(&c, AT_FDCWD, "/syn", O_RDONLY | O_DIRECTORY, 0);
    assert_true(d >= 0);
    char buf[512];
    int64_t n = file_getdents64(&c, d, buf, sizeof buf);
    assert_true(n > 0);
    int names = 0;
    for (int64_t off = 0; off < n;) {
        struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
        if (!strcmp(e->d_name, "link"))
            assert_int_equal(e->d_type, LINUX_DT_LNK);
        names++;
        off += e->d_reclen;
    }
    assert_int_equal(names, 5); /* . .. file link late */
    assert_true(refreshed > 2);
    assert_int_equal(file_close(&c, d), 0);
}

static void test_magic_link(void **state)
{
    (void)state;
    struct vnode *vn;
    /* dangling: the follow callback's error */
    assert_int_equal(file_openat(&c, AT_FDCWD, "/syn/link", O_RDONLY, 0), -ENOENT);
    assert_int_equal(last_pid, 42);
    /* to a directory: lookups go on from the node itself */
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp", 0, NULL, &link_target), 0);
    vfs_unref(link_target);
    assert_true(file_openat(&c, AT_FDCWD, "/tmp/inside", O_CREAT | O_WRONLY, 0644) >= 0);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/link/inside", 0, &c.cred, &vn), 0);
    assert_int_equal(vn, vfs_dir_find(link_target, "inside"));
    struct vnode *inside = vn;
    vfs_unref(vn);
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/link/..", 0, &c.cred, &vn), 0);
    assert_ptr_equal(vn, fs.root);
    vfs_unref(vn);
    /* to a file: opening the link opens that very node */
    link_target = inside;
    int fd = (int)file_openat(&c, AT_FDCWD, "/syn/link", O_RDWR, 0);
    assert_true(fd >= 0);
    assert_ptr_equal(fdtable_get(c.fdt, fd)->vn, inside);
    assert_int_equal(file_close(&c, fd), 0);
    /* not followed at the end with NOFOLLOW; readlink gives the per-caller text */
    assert_int_equal(vfs_lookup(&fs, fs.root, "/syn/link", VFS_NOFOLLOW, &c.cred, &vn), 0);
    assert_true(vfs_is_lnk(vn));
    vfs_unref(vn);
    char buf[32];
    assert_int_equal(file_readlinkat(&c, AT_FDCWD, "/syn/link", buf, sizeof buf), 9);
    assert_memory_equal(buf, "caller-42", 9);
    assert_int_equal(file_readlinkat(&c, AT_FDCWD, "/syn/link", buf, 3), 3);
    /* an ordinary symlink through the magic one */
    assert_int_equal(file_symlinkat(&c, "/syn/link", AT_FDCWD, "/tmp/via"), 0);
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/via", O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_ptr_equal(fdtable_get(c.fdt, fd)->vn, inside);
    assert_int_equal(file_close(&c, fd), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_snapshot_at_open), T(test_names_are_the_owners),
        T(test_refresh_before_lookup_and_readdir), T(test_magic_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
