/* sources: servers/posix/fs/mount.c servers/posix/fs/fsmount.c servers/posix/fs/loop.c servers/posix/fd/file.c servers/posix/fd/ofile.c servers/posix/fd/fasync.c servers/posix/fd/lease.c servers/posix/fd/fileops.c servers/posix/fd/filepath.c servers/posix/fd/filestat.c servers/posix/fd/fileattr.c servers/posix/fd/filename.c servers/posix/fd/filelock.c servers/posix/fd/tty.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fd/pipe.c servers/posix/fd/lock.c servers/posix/fd/waitq.c kernel/lib/string.c kernel/lib/printf.c */
/* Unit tests for mounts in the POSIX server: the mount tree (mount.c),
 * mount(2)/umount2(2) (fsmount.c), what the file calls do across mounts
 * (file.c: EROFS, EXDEV, EBUSY) and loop devices (loop.c). The expected
 * errno values are the ones Linux gives.
 *
 * The mount table is global: each test starts and must end with the root
 * mount alone in it (the teardown checks, which also catches leaked
 * mounts). The loop devices are global too, set up once by their test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm/statfs.h>
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/loop.h>
#include <linux/magic.h>
#include <linux/mount.h>

#include "lib/string.h"
#include "servers/posix/fd/file.h"
#include "servers/posix/fs/fsmount.h"
#include "servers/posix/fs/loop.h"
#include "servers/posix/fs/mount.h"

#define MNT_DETACH 2 /* umount2 flags (sys/mount.h, not in the uapi headers) */
#define ST_RDONLY  1

static struct vfs rootfs;
static struct file_ctx c;

/* kernel/lib/printf.c's output (ksnprintf is what the server code uses) */
void console_write(const char *s, size_t n);
void console_write(const char *s, size_t n)
{
    (void)s, (void)n;
}

static void clock_fn(struct vfs_time *now)
{
    now->sec = 1000;
    now->nsec = 0;
}

/* --- helpers ---------------------------------------------------------------------------- */

static int mnt(const char *source, const char *target, const char *type, uint64_t flags,
               const char *data)
{
    return (int)file_mount(&c, source, target, type, flags, data);
}

static int umnt(const char *target, int flags)
{
    return (int)file_umount(&c, target, flags);
}

static void mkdir_ok(const char *path)
{
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, path, 0755), 0);
}

static void put(const char *path, const char *text)
{
    int fd = (int)file_openat(&c, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(file_write(&c, fd, text, strlen(text)), (int64_t)strlen(text));
    assert_int_equal(file_close(&c, fd), 0);
}

/* The text of a file (NUL-terminated in buf), or -errno. */
static int64_t get(const char *path, char *buf, size_t size)
{
    int fd = (int)file_openat(&c, AT_FDCWD, path, O_RDONLY, 0);
    if (fd < 0)
        return fd;
    int64_t n = file_read(&c, fd, buf, size - 1);
    file_close(&c, fd);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

static struct stat st_of(const char *path)
{
    struct stat st;
    assert_int_equal(file_fstatat(&c, AT_FDCWD, path, &st, 0), 0);
    return st;
}

/* The names in a directory but "." and "..", space-separated, in order. */
static const char *ls(const char *path)
{
    static char out[512];
    char d[1024];
    size_t used = 0;
    out[0] = 0;
    int fd = (int)file_openat(&c, AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
    assert_true(fd >= 0);
    int64_t n;
    while ((n = file_getdents64(&c, fd, d, sizeof d)) > 0) {
        for (int64_t off = 0; off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(d + off);
            off += e->d_reclen;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            size_t len = strlen(e->d_name);
            assert_true(used + len + 2 < sizeof out);
            if (used)
                out[used++] = ' ';
            memcpy(out + used, e->d_name, len + 1);
            used += len;
        }
    }
    assert_int_equal(n, 0);
    file_close(&c, fd);
    return out;
}

/* The mount a path is in (the topmost on it). */
static struct vfs_mount *mount_of(const char *path)
{
    struct vfs_path p;
    assert_int_equal(vfs_walk(&c.fs->root, &c.fs->cwd, path, 0, &c.cred, &p), 0);
    struct vfs_mount *m = p.mnt;
    vfs_path_unref(&p);
    return m;
}

/* Mounts in the tree (attached), and in the list (detached ones waiting
   for their last user too). */
static int attached(void)
{
    int n = 0;
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        n += m->attached;
    return n;
}

static int listed(void)
{
    int n = 0;
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        n++;
    return n;
}

/* Counts a filesystem's release (tmpfs frees its tree there). */
static void (*real_release)(struct vfs *fs);
static int releases;
static void counting_release(struct vfs *fs)
{
    releases++;
    real_release(fs);
}
static struct vfs *watch(const char *path)
{
    struct vfs *fs = mount_of(path)->fs;
    real_release = fs->release;
    fs->release = counting_release;
    releases = 0;
    return fs;
}

static int group_setup(void **state)
{
    (void)state;
    assert_int_equal(vfs_init(&rootfs, clock_fn, NULL, NULL), 0);
    assert_int_equal(mount_init(&rootfs), 0);
    fsmount_init(clock_fn);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    /* the root mount is never unmounted: free it by hand for the leak check */
    struct vfs_mount *m = vfs_mounts;
    vfs_mounts = 0;
    vfs_unref(m->root);
    free(m->source);
    free(m);
    vfs_destroy(&rootfs);
    assert_int_equal(rootfs.nodes, 0);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    c.fs = fs_state_new(&rootfs);
    c.fdt = fdtable_new();
    c.cred = (struct vfs_cred){ .uid = 0 };
    assert_ptr_equal(c.fs->root.mnt, vfs_mounts);
    file_device_driver = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fdtable_unref(c.fdt);
    fs_state_unref(c.fs);
    /* every mount made was unmounted and freed; nobody holds the root one */
    int clean = vfs_mounts && !vfs_mounts->next && vfs_mounts->refs == 0 && rootfs.mounts == 1;
    /* a failed test leaves its mounts: detach them so that the next test
       starts clean and its own failures show */
    for (struct vfs_mount *m = vfs_mounts; m;) {
        if (m->attached && m->parent) {
            mount_umount(m, 1, 0);
            m = vfs_mounts;
        } else {
            m = m->next;
        }
    }
    if (!clean)
        fail_msg("mounts left behind");
    return 0;
}

/* --- 1. a tmpfs on a directory ------------------------------------------------------------ */

static void test_tmpfs_mount(void **state)
{
    (void)state;
    char buf[64];
    mkdir_ok("/tmp/a");
    mkdir_ok("/tmp/a/old");
    put("/tmp/a/oldfile", "x");
    struct stat root = st_of("/"), covered = st_of("/tmp/a");
    assert_int_equal(root.st_dev, VFS_ROOT_DEV);

    assert_int_equal(mnt("none", "/tmp/a", "tmpfs", 0, NULL), 0);
    assert_int_equal(attached(), 2);
    struct vfs *t = watch("/tmp/a");
    assert_string_equal(ls("/tmp/a"), ""); /* the old content is hidden */
    assert_int_equal(get("/tmp/a/oldfile", buf, sizeof buf), -ENOENT);
    put("/tmp/a/new", "hello");
    mkdir_ok("/tmp/a/sub");
    assert_int_equal(t->nodes, 3);
    struct stat top = st_of("/tmp/a"), nf = st_of("/tmp/a/new");
    assert_int_not_equal(top.st_dev, root.st_dev);
    assert_int_equal(nf.st_dev, top.st_dev);
    assert_int_not_equal(top.st_ino, covered.st_ino);
    assert_int_equal(top.st_mode, 041777); /* tmpfs's default */
    struct statfs sf;
    assert_int_equal(file_statfs(&c, "/tmp/a/new", &sf), 0);
    assert_int_equal(sf.f_type, TMPFS_MAGIC);
    assert_int_equal(sf.f_flags & ST_RDONLY, 0);
    assert_int_equal(sf.f_fsid.val[0], (int)top.st_dev);

    /* ".." from the mount's root is the covered directory's parent */
    struct stat tmp = st_of("/tmp");
    struct stat up = st_of("/tmp/a/sub/../..");
    assert_int_equal(up.st_ino, tmp.st_ino);
    assert_int_equal(up.st_dev, tmp.st_dev);
    assert_int_equal(file_chdir(&c, "/tmp/a/sub"), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 11);
    assert_string_equal(buf, "/tmp/a/sub");
    up = st_of("../..");
    assert_int_equal(up.st_ino, tmp.st_ino);
    assert_int_equal(file_chdir(&c, ".."), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 7);
    assert_string_equal(buf, "/tmp/a");
    assert_int_equal(umnt("/tmp/a", 0), -EBUSY); /* our cwd */
    assert_int_equal(file_chdir(&c, "/"), 0);

    /* umount brings the old content back and frees the tmpfs */
    assert_int_equal(umnt("/tmp/a", 0), 0);
    assert_int_equal(releases, 1);
    assert_int_equal(attached(), 1);
    assert_string_equal(ls("/tmp/a"), "old oldfile");
    assert_int_equal(st_of("/tmp/a").st_dev, root.st_dev);
    assert_int_equal(umnt("/tmp/a", 0), -EINVAL); /* no longer a mount */
}

static void test_tmpfs_options_and_errors(void **state)
{
    (void)state;
    mkdir_ok("/tmp/o");
    put("/tmp/o/file", "");
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, "size=1m,mode=0700,uid=5,gid=6"), 0);
    struct stat st = st_of("/tmp/o");
    assert_int_equal(st.st_mode, 040700);
    assert_int_equal(st.st_uid, 5);
    assert_int_equal(st.st_gid, 6);
    struct statfs sf;
    assert_int_equal(file_statfs(&c, "/tmp/o", &sf), 0);
    assert_int_equal(sf.f_blocks, 256); /* 1 MiB of 4 KiB pages */

    /* size=1m: 1 MiB fits, a byte more is ENOSPC */
    static char big[1 << 20];
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/o/f", O_CREAT | O_WRONLY, 0644);
    assert_true(fd >= 0);
    assert_int_equal(file_write(&c, fd, big, sizeof big), (int64_t)sizeof big);
    assert_int_equal(file_write(&c, fd, "x", 1), -ENOSPC);
    assert_int_equal(file_close(&c, fd), 0);
    assert_int_equal(file_statfs(&c, "/tmp/o", &sf), 0);
    assert_int_equal(sf.f_bfree, 0);
    assert_int_equal(umnt("/tmp/o", 0), 0);

    /* errors, none of which leaves a mount behind */
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, "bogus=1"), -EINVAL);
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, "size=12q"), -EINVAL);
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, "mode=0999"), -EINVAL);
    assert_int_equal(mnt("none", "/tmp/o", "nosuchfs", 0, NULL), -ENODEV);
    assert_int_equal(mnt("none", "/tmp/o/file", "tmpfs", 0, NULL), -ENOTDIR);
    assert_int_equal(mnt("none", "/tmp/nope", "tmpfs", 0, NULL), -ENOENT);
    assert_int_equal(umnt("/tmp/nope", 0), -ENOENT);
    assert_int_equal(umnt("/tmp/o", 0x10), -EINVAL); /* an unknown umount2 flag */
    assert_int_equal(attached(), 1);

    /* only root mounts and unmounts */
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, NULL), 0);
    c.cred = (struct vfs_cred){ .uid = 1000, .gid = 1000 };
    assert_int_equal(mnt("none", "/tmp/o", "tmpfs", 0, NULL), -EPERM);
    assert_int_equal(umnt("/tmp/o", 0), -EPERM);
    assert_int_equal(umnt("/tmp/o", MNT_DETACH), -EPERM);
    c.cred = (struct vfs_cred){ .uid = 0 };
    assert_int_equal(attached(), 2);
    assert_int_equal(umnt("/tmp/o", 0), 0);
}

/* --- 2. umount: EINVAL, EBUSY, MNT_DETACH ----------------------------------------------------- */

static void test_umount_busy_and_detach(void **state)
{
    (void)state;
    char buf[64];
    mkdir_ok("/tmp/u");
    assert_int_equal(umnt("/tmp/u", 0), -EINVAL); /* not a mount's root */
    assert_int_equal(umnt("/tmp", 0), -EINVAL);
    assert_int_equal(mnt("none", "/tmp/u", "tmpfs", 0, NULL), 0);
    mkdir_ok("/tmp/u/d");
    put("/tmp/u/d/f", "data");
    assert_int_equal(umnt("/tmp/u/d", 0), -EINVAL); /* inside a mount, not its root */

    /* a file open in it */
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/u/d/f", O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(umnt("/tmp/u", 0), -EBUSY);
    file_close(&c, fd);
    /* a directory open in it (O_PATH too) */
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/u/d", O_PATH, 0);
    assert_true(fd >= 0);
    assert_int_equal(umnt("/tmp/u", 0), -EBUSY);
    file_close(&c, fd);
    /* another mount under it */
    assert_int_equal(mnt("none", "/tmp/u/d", "tmpfs", 0, NULL), 0);
    assert_int_equal(umnt("/tmp/u", 0), -EBUSY);
    assert_int_equal(umnt("/tmp/u/d", 0), 0);
    assert_string_equal(ls("/tmp/u/d"), "f");

    /* MNT_DETACH while the cwd is inside and a file is open */
    struct vfs *t = watch("/tmp/u");
    assert_int_equal(file_chdir(&c, "/tmp/u/d"), 0);
    fd = (int)file_openat(&c, AT_FDCWD, "f", O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(umnt("/tmp/u", 0), -EBUSY);
    assert_int_equal(umnt("/tmp/u", MNT_DETACH), 0);
    assert_int_equal(attached(), 1);
    assert_int_equal(listed(), 2); /* out of the tree, alive while used */
    assert_int_equal(releases, 0);
    assert_string_equal(ls("/tmp/u"), ""); /* the covered directory again */
    /* the cwd still works: relative names, reads through the open fd */
    assert_int_equal(get("f", buf, sizeof buf), 4);
    assert_string_equal(buf, "data");
    put("g", "new");
    assert_string_equal(ls("."), "f g");
    assert_int_equal(file_pread(&c, fd, buf, 4, 0), 4);
    assert_memory_equal(buf, "data", 4);
    assert_int_equal(st_of("..").st_dev, st_of(".").st_dev); /* ".." stops at the top */
    int64_t n = file_getcwd(&c, buf, sizeof buf);
    assert_true(n > 0);
    assert_memory_equal(buf, "(unreachable)", 13); /* as Linux's getcwd */
    assert_int_equal(t->nodes, 4);
    /* the last users go: the filesystem goes with them */
    assert_int_equal(file_chdir(&c, "/"), 0);
    assert_int_equal(releases, 0);
    file_close(&c, fd);
    assert_int_equal(releases, 1);
    assert_int_equal(listed(), 1);

    /* MNT_DETACH of a tree takes the mounts under it along */
    assert_int_equal(mnt("none", "/tmp/u", "tmpfs", 0, NULL), 0);
    mkdir_ok("/tmp/u/x");
    assert_int_equal(mnt("none", "/tmp/u/x", "tmpfs", 0, NULL), 0);
    assert_int_equal(attached(), 3);
    assert_int_equal(umnt("/tmp/u", MNT_DETACH), 0);
    assert_int_equal(attached(), 1);
    assert_int_equal(listed(), 1);
}

/* --- 3. stacking --------------------------------------------------------------------------- */

static void test_stacking(void **state)
{
    (void)state;
    mkdir_ok("/tmp/s");
    put("/tmp/s/under", "");
    assert_int_equal(mnt("first", "/tmp/s", "tmpfs", 0, NULL), 0);
    put("/tmp/s/one", "");
    uint64_t dev1 = st_of("/tmp/s").st_dev;
    assert_int_equal(mnt("second", "/tmp/s", "tmpfs", 0, NULL), 0);
    uint64_t dev2 = st_of("/tmp/s").st_dev;
    assert_int_not_equal(dev1, dev2);
    assert_string_equal(mount_of("/tmp/s")->source, "second");
    assert_string_equal(ls("/tmp/s"), "");
    put("/tmp/s/two", "");
    assert_int_equal(umnt("/tmp/s", 0), 0);
    assert_string_equal(ls("/tmp/s"), "one");
    assert_int_equal(st_of("/tmp/s").st_dev, dev1);
    assert_int_equal(umnt("/tmp/s", 0), 0);
    assert_string_equal(ls("/tmp/s"), "under");
}

/* --- 4. bind mounts ------------------------------------------------------------------------- */

static void test_bind(void **state)
{
    (void)state;
    char buf[64];
    mkdir_ok("/tmp/b");
    mkdir_ok("/tmp/b/src");
    mkdir_ok("/tmp/b/src/sub");
    mkdir_ok("/tmp/b/dst");
    mkdir_ok("/tmp/b/dst2");
    mkdir_ok("/tmp/b/dst3");
    put("/tmp/b/src/f", "1");
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/dst", NULL, MS_BIND, NULL), 0);
    struct stat a = st_of("/tmp/b/src/f"), b = st_of("/tmp/b/dst/f");
    assert_int_equal(a.st_ino, b.st_ino);
    assert_int_equal(a.st_dev, b.st_dev);
    put("/tmp/b/dst/f", "through dst");
    assert_int_equal(get("/tmp/b/src/f", buf, sizeof buf), 11);
    assert_string_equal(buf, "through dst");
    put("/tmp/b/src/g", "");
    assert_string_equal(ls("/tmp/b/dst"), "sub f g");
    assert_int_equal(mnt("", "/tmp/b/dst2", NULL, MS_BIND, NULL), -EINVAL); /* no source */
    assert_int_equal(mnt("/tmp/b/none", "/tmp/b/dst2", NULL, MS_BIND, NULL), -ENOENT);

    /* a plain bind leaves the mounts under the source out; MS_REC copies them */
    assert_int_equal(mnt("none", "/tmp/b/src/sub", "tmpfs", 0, NULL), 0);
    put("/tmp/b/src/sub/x", "");
    assert_string_equal(ls("/tmp/b/dst/sub"), ""); /* made before the submount */
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/dst2", NULL, MS_BIND, NULL), 0);
    assert_string_equal(ls("/tmp/b/dst2/sub"), "");
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/dst3", NULL, MS_BIND | MS_REC, NULL), 0);
    assert_string_equal(ls("/tmp/b/dst3/sub"), "x");
    assert_int_equal(st_of("/tmp/b/dst3/sub/x").st_ino, st_of("/tmp/b/src/sub/x").st_ino);
    assert_int_equal(attached(), 6);
    assert_int_equal(umnt("/tmp/b/dst3", 0), -EBUSY); /* its copy of sub is under it */
    assert_int_equal(umnt("/tmp/b/dst3/sub", 0), 0);
    assert_int_equal(umnt("/tmp/b/dst3", 0), 0);
    assert_int_equal(umnt("/tmp/b/dst2", 0), 0);
    assert_int_equal(umnt("/tmp/b/dst", 0), 0);
    assert_int_equal(umnt("/tmp/b/src/sub", 0), 0);
    assert_string_equal(ls("/tmp/b/dst"), "");

    /* a file on a file; a directory and a file do not mix (Linux: ENOTDIR both ways) */
    put("/tmp/b/file1", "one");
    put("/tmp/b/file2", "two");
    assert_int_equal(mnt("/tmp/b/file1", "/tmp/b/file2", NULL, MS_BIND, NULL), 0);
    assert_int_equal(get("/tmp/b/file2", buf, sizeof buf), 3);
    assert_string_equal(buf, "one");
    assert_int_equal(st_of("/tmp/b/file2").st_ino, st_of("/tmp/b/file1").st_ino);
    put("/tmp/b/file2", "ONE"); /* O_CREAT on the name opens what is mounted there */
    assert_int_equal(get("/tmp/b/file1", buf, sizeof buf), 3);
    assert_string_equal(buf, "ONE");
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/b/file2", 0), -EBUSY);
    assert_int_equal(umnt("/tmp/b/file2", 0), 0);
    assert_int_equal(get("/tmp/b/file2", buf, sizeof buf), 3);
    assert_string_equal(buf, "two");
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/file1", NULL, MS_BIND, NULL), -ENOTDIR);
    assert_int_equal(mnt("/tmp/b/file1", "/tmp/b/dst", NULL, MS_BIND, NULL), -ENOTDIR);

    /* MS_UNBINDABLE refuses bind mounts of it */
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/src", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt(NULL, "/tmp/b/src", NULL, MS_UNBINDABLE, NULL), 0);
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/dst", NULL, MS_BIND, NULL), -EINVAL);
    assert_int_equal(mnt(NULL, "/tmp/b/src", NULL, MS_PRIVATE, NULL), 0);
    assert_int_equal(mnt("/tmp/b/src", "/tmp/b/dst", NULL, MS_BIND, NULL), 0);
    assert_int_equal(umnt("/tmp/b/dst", 0), 0);
    assert_int_equal(umnt("/tmp/b/src", 0), 0);
    assert_int_equal(attached(), 1);
}

/* --- 5. shared propagation -------------------------------------------------------------------- */

static char table[1024];
static void add_where(struct vfs_mount *m, const char *where, void *arg)
{
    (void)m, (void)arg;
    size_t len = strlen(table);
    assert_true(len + strlen(where) + 2 < sizeof table);
    if (len)
        table[len++] = ' ';
    memcpy(table + len, where, strlen(where) + 1);
}
static const char *mount_table(void)
{
    table[0] = 0;
    mount_each(&c.fs->root, add_where, 0);
    return table;
}

static void test_shared_bind_busybox(void **state)
{
    (void)state;
    /* busybox's testsuite, "mount bind+rshared" */
    assert_int_equal(file_chdir(&c, "/tmp"), 0);
    mkdir_ok("dir");
    mkdir_ok("s1");
    mkdir_ok("s2");
    put("dir/a", "");
    put("dir/b", "");
    assert_int_equal(mnt("s1", "s1", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt(NULL, "s1", NULL, MS_SHARED | MS_REC, NULL), 0);
    assert_int_equal(mnt("s2", "s2", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt(NULL, "s2", NULL, MS_SHARED | MS_REC, NULL), 0);
    assert_int_equal(mnt("s2", "s1", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt("dir", "s2", NULL, MS_BIND, NULL), 0);
    assert_string_equal(ls("dir"), "a b");
    assert_string_equal(ls("s1"), "a b"); /* by propagation from s2's peer */
    assert_string_equal(ls("s2"), "a b");
    /* as Linux's mountinfo lists them: the copy made by propagation last */
    assert_string_equal(mount_table(),
                        "/ /tmp/s1 /tmp/s2 /tmp/s1 /tmp/s2 /tmp/s1");

    /* umount dir s1 s2, three times over; the results as on Linux */
    static const int expect[3][3] = {
        { -EINVAL, 0, 0 }, { -EINVAL, 0, -EINVAL }, { -EINVAL, 0, -EINVAL },
    };
    static const char *const names[3] = { "dir", "s1", "s2" };
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 3; i++)
            assert_int_equal(umnt(names[i], 0), expect[round][i]);
    assert_string_equal(mount_table(), "/");
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "dir/a", 0), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "dir/b", 0), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(file_unlinkat(&c, AT_FDCWD, names[i], AT_REMOVEDIR), 0);
}

static void test_propagation(void **state)
{
    (void)state;
    mkdir_ok("/tmp/pr");
    mkdir_ok("/tmp/pr/x");
    mkdir_ok("/tmp/pr/x/sub");
    mkdir_ok("/tmp/pr/y");
    /* private (the default): a mount under x stays under x */
    assert_int_equal(mnt("/tmp/pr/x", "/tmp/pr/x", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt("/tmp/pr/x", "/tmp/pr/y", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt("none", "/tmp/pr/x/sub", "tmpfs", 0, NULL), 0);
    put("/tmp/pr/x/sub/f", "");
    assert_string_equal(ls("/tmp/pr/y/sub"), "");
    assert_int_equal(attached(), 4);
    assert_int_equal(umnt("/tmp/pr/x/sub", 0), 0);
    assert_int_equal(umnt("/tmp/pr/y", 0), 0);

    /* shared: y is made a peer of x, and a mount under either shows in both */
    assert_int_equal(mnt(NULL, "/tmp/pr/x", NULL, MS_SHARED, NULL), 0);
    assert_int_equal(mnt("/tmp/pr/x", "/tmp/pr/y", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt("none", "/tmp/pr/x/sub", "tmpfs", 0, NULL), 0);
    put("/tmp/pr/x/sub/f", "");
    assert_string_equal(ls("/tmp/pr/y/sub"), "f");
    assert_int_equal(st_of("/tmp/pr/y/sub/f").st_ino, st_of("/tmp/pr/x/sub/f").st_ino);
    assert_int_equal(attached(), 5);
    assert_int_equal(mnt("none", "/tmp/pr/y/sub", "tmpfs", 0, NULL), 0); /* the other way */
    assert_string_equal(ls("/tmp/pr/x/sub"), "");
    assert_int_equal(attached(), 7);
    /* its copy in use under the peer keeps it (Linux's propagate_mount_busy) */
    assert_int_equal(file_chdir(&c, "/tmp/pr/y/sub"), 0);
    assert_int_equal(umnt("/tmp/pr/x/sub", 0), -EBUSY);
    assert_int_equal(file_chdir(&c, "/"), 0);
    assert_int_equal(attached(), 7);
    assert_int_equal(umnt("/tmp/pr/x/sub", 0), 0); /* the peer's copy goes too */
    assert_string_equal(ls("/tmp/pr/y/sub"), "f");
    assert_int_equal(umnt("/tmp/pr/y/sub", 0), 0);
    assert_string_equal(ls("/tmp/pr/x/sub"), "");
    assert_int_equal(attached(), 3);
    /* propagation changes need a mount's root, and one kind at a time */
    assert_int_equal(mnt(NULL, "/tmp/pr/x/sub", NULL, MS_SHARED, NULL), -EINVAL);
    assert_int_equal(mnt(NULL, "/tmp/pr/x", NULL, MS_SHARED | MS_PRIVATE, NULL), -EINVAL);
    assert_int_equal(umnt("/tmp/pr/y", 0), 0);
    assert_int_equal(umnt("/tmp/pr/x", 0), 0);
}

/* --- 6. read-only mounts --------------------------------------------------------------------- */

/* /dev/null for the nodes mknod makes with 1:3 */
static const struct file_ops *null_driver(uint32_t type, uint64_t rdev, void **ctx)
{
    (void)ctx;
    return type == VFS_IFCHR && rdev == VFS_MKDEV(1, 3) ? &vfs_null_ops : 0;
}

static void test_read_only(void **state)
{
    (void)state;
    char buf[64];
    file_device_driver = null_driver;
    mkdir_ok("/tmp/r");
    mkdir_ok("/tmp/r2");
    assert_int_equal(mnt("none", "/tmp/r", "tmpfs", 0, NULL), 0);
    put("/tmp/r/f", "data");
    mkdir_ok("/tmp/r/d");
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/r/null", VFS_IFCHR | 0666, VFS_MKDEV(1, 3)), 0);

    /* a file open for writing keeps it read-write */
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/r/f", O_RDWR, 0);
    assert_true(fd >= 0);
    assert_int_equal(mnt(NULL, "/tmp/r", NULL, MS_REMOUNT | MS_RDONLY, NULL), -EBUSY);
    file_close(&c, fd);
    assert_int_equal(mnt(NULL, "/tmp/r", NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
    struct statfs sf;
    assert_int_equal(file_statfs(&c, "/tmp/r", &sf), 0);
    assert_int_equal(sf.f_flags & ST_RDONLY, ST_RDONLY);
    assert_int_equal(mnt(NULL, "/tmp/r/d", NULL, MS_REMOUNT | MS_RDONLY, NULL), -EINVAL);

    /* every change is EROFS */
    const struct vfs_time times[2] = { { 5, 0 }, { 5, 0 } };
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/r/new", O_CREAT | O_WRONLY, 0644), -EROFS);
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/tmp/r/nd", 0755), -EROFS);
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/tmp/r/d", 0755), -EEXIST); /* EEXIST first */
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r/f", 0), -EROFS);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r/d", AT_REMOVEDIR), -EROFS);
    /* EROFS comes before the name is looked at, as Linux */
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r/missing", 0), -EROFS);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r/missing", AT_REMOVEDIR), -EROFS);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/r/f", AT_FDCWD, "/tmp/r/g", 0), -EROFS);
    assert_int_equal(file_symlinkat(&c, "f", AT_FDCWD, "/tmp/r/ln"), -EROFS);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/r/f", AT_FDCWD, "/tmp/r/h", 0), -EROFS);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/r/n2", VFS_IFCHR | 0666, VFS_MKDEV(1, 3)),
                     -EROFS);
    assert_int_equal(file_fchmodat(&c, AT_FDCWD, "/tmp/r/f", 0600), -EROFS);
    assert_int_equal(file_fchownat(&c, AT_FDCWD, "/tmp/r/f", 1, 1, 0), -EROFS);
    assert_int_equal(file_utimensat(&c, AT_FDCWD, "/tmp/r/f", NULL, 0), -EROFS);
    assert_int_equal(file_utimensat(&c, AT_FDCWD, "/tmp/r/f", times, 0), -EROFS);
    assert_int_equal(file_truncate(&c, "/tmp/r/f", 0), -EROFS);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/r/f", O_WRONLY, 0), -EROFS);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/r/f", O_RDWR, 0), -EROFS);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/r/f", O_RDONLY | O_TRUNC, 0), -EROFS);
    assert_int_equal(file_faccessat(&c, AT_FDCWD, "/tmp/r/f", 2 /* W_OK */, 0), -EROFS);
    /* reads work, and so does O_CREAT of a file that exists */
    assert_int_equal(get("/tmp/r/f", buf, sizeof buf), 4);
    assert_string_equal(buf, "data");
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/r/f", O_CREAT | O_RDONLY, 0644);
    assert_true(fd >= 0);
    assert_int_equal(file_fchmod(&c, fd, 0600), -EROFS);
    file_close(&c, fd);
    assert_string_equal(ls("/tmp/r"), "f d null");
    /* a device node stays writable */
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/r/null", O_WRONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(file_write(&c, fd, "xyz", 3), 3);
    file_close(&c, fd);

    /* read-write again */
    assert_int_equal(mnt(NULL, "/tmp/r", NULL, MS_REMOUNT, NULL), 0);
    assert_int_equal(file_statfs(&c, "/tmp/r", &sf), 0);
    assert_int_equal(sf.f_flags & ST_RDONLY, 0);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/r/f", AT_FDCWD, "/tmp/r/g", 0), 0);

    /* MS_BIND|MS_REMOUNT|MS_RDONLY: that mount only */
    assert_int_equal(mnt("/tmp/r", "/tmp/r2", NULL, MS_BIND, NULL), 0);
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/r2/g", O_WRONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(mnt(NULL, "/tmp/r2", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), -EBUSY);
    file_close(&c, fd);
    /* a writer through the other mount does not keep this one writable (Linux counts per mount) */
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/r/g", O_WRONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(mnt(NULL, "/tmp/r2", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
    file_close(&c, fd);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/r2/h", O_CREAT | O_WRONLY, 0644), -EROFS);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r2/g", 0), -EROFS);
    put("/tmp/r/h", "via r");
    assert_int_equal(get("/tmp/r2/h", buf, sizeof buf), 5);
    assert_int_equal(file_statfs(&c, "/tmp/r2", &sf), 0);
    assert_int_equal(sf.f_flags & ST_RDONLY, ST_RDONLY);
    assert_int_equal(file_statfs(&c, "/tmp/r", &sf), 0);
    assert_int_equal(sf.f_flags & ST_RDONLY, 0);
    assert_int_equal(mnt(NULL, "/tmp/r2", NULL, MS_REMOUNT | MS_BIND, NULL), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/r2/h", 0), 0);
    assert_int_equal(umnt("/tmp/r2", 0), 0);
    assert_int_equal(umnt("/tmp/r", 0), 0);
}

/* --- 7. EXDEV and EBUSY across mounts ------------------------------------------------------- */

static void test_cross_mount_names(void **state)
{
    (void)state;
    mkdir_ok("/tmp/x1");
    mkdir_ok("/tmp/x2");
    assert_int_equal(mnt("none", "/tmp/x1", "tmpfs", 0, NULL), 0);
    assert_int_equal(mnt("none", "/tmp/x2", "tmpfs", 0, NULL), 0);
    put("/tmp/x1/f", "");
    put("/tmp/x2/e", "");
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1/f", AT_FDCWD, "/tmp/x2/f", 0), -EXDEV);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1/f", AT_FDCWD, "/tmp/f", 0), -EXDEV);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1/nope", AT_FDCWD, "/tmp/x2/f", 0), -EXDEV);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/x1/f", AT_FDCWD, "/tmp/x2/f", 0), -EXDEV);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/x1/f", AT_FDCWD, "/tmp/x2/e", 0), -EEXIST);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1/f", AT_FDCWD, "/tmp/x1/g", 0), 0);
    /* mountpoints are busy */
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/x1", AT_REMOVEDIR), -EBUSY);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1", AT_FDCWD, "/tmp/x3", 0), -EBUSY);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x1", AT_FDCWD, "/tmp/x2", 0), -EBUSY);
    mkdir_ok("/tmp/x4");
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x4", AT_FDCWD, "/tmp/x2", 0), -EBUSY);
    assert_int_equal(umnt("/tmp/x2", 0), 0);
    assert_int_equal(umnt("/tmp/x1", 0), 0);

    /* two bind mounts of one filesystem are two mounts all the same */
    mkdir_ok("/tmp/x3");
    mkdir_ok("/tmp/x3/src");
    mkdir_ok("/tmp/x3/dst");
    put("/tmp/x3/src/f", "");
    assert_int_equal(mnt("/tmp/x3/src", "/tmp/x3/dst", NULL, MS_BIND, NULL), 0);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x3/src/f", AT_FDCWD, "/tmp/x3/dst/g", 0),
                     -EXDEV);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/x3/dst/f", AT_FDCWD, "/tmp/x3/src/g", 0),
                     -EXDEV);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/x3/dst/f", AT_FDCWD, "/tmp/x3/dst/g", 0), 0);
    assert_string_equal(ls("/tmp/x3/src"), "f g");
    assert_int_equal(umnt("/tmp/x3/dst", 0), 0);

    /* a mountpoint seen through another mount of its directory is busy too */
    mkdir_ok("/tmp/x3/src/m");
    assert_int_equal(mnt("none", "/tmp/x3/src/m", "tmpfs", 0, NULL), 0);
    assert_int_equal(mnt("/tmp/x3/src", "/tmp/x3/dst", NULL, MS_BIND, NULL), 0);
    assert_string_equal(ls("/tmp/x3/dst/m"), ""); /* not copied: the bare directory */
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/x3/dst/m", AT_REMOVEDIR), -EBUSY);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/x3/dst/m", AT_FDCWD, "/tmp/x3/dst/m2", 0),
                     -EBUSY);
    assert_int_equal(umnt("/tmp/x3/dst", 0), 0);
    assert_int_equal(umnt("/tmp/x3/src/m", 0), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/x3/src/m", AT_REMOVEDIR), 0);
}

/* --- 8. MS_MOVE -------------------------------------------------------------------------------- */

static void test_move(void **state)
{
    (void)state;
    mkdir_ok("/tmp/mv");
    mkdir_ok("/tmp/mv/a");
    mkdir_ok("/tmp/mv/b");
    put("/tmp/mv/file", "");
    assert_int_equal(mnt("none", "/tmp/mv/a", "tmpfs", 0, NULL), 0);
    put("/tmp/mv/a/f", "");
    mkdir_ok("/tmp/mv/a/sub");
    uint64_t dev = st_of("/tmp/mv/a").st_dev;
    assert_int_equal(mnt("/tmp/mv/a", "/tmp/mv/b", NULL, MS_MOVE, NULL), 0);
    assert_string_equal(ls("/tmp/mv/a"), "");
    assert_string_equal(ls("/tmp/mv/b"), "f sub");
    assert_int_equal(st_of("/tmp/mv/b").st_dev, dev);
    assert_int_equal(attached(), 2);
    assert_int_equal(umnt("/tmp/mv/a", 0), -EINVAL);
    /* under itself: ELOOP; onto a file: EINVAL; not a mount's root: EINVAL */
    assert_int_equal(mnt("/tmp/mv/b", "/tmp/mv/b/sub", NULL, MS_MOVE, NULL), -ELOOP);
    assert_int_equal(mnt("/tmp/mv/b", "/tmp/mv/file", NULL, MS_MOVE, NULL), -EINVAL);
    assert_int_equal(mnt("/tmp/mv/b/sub", "/tmp/mv/a", NULL, MS_MOVE, NULL), -EINVAL);
    assert_int_equal(mnt("/tmp/mv", "/tmp/mv/a", NULL, MS_MOVE, NULL), -EINVAL);
    assert_int_equal(mnt("/", "/tmp/mv/a", NULL, MS_MOVE, NULL), -EINVAL); /* the namespace's root */
    assert_string_equal(mount_table(), "/ /tmp/mv/b");
    assert_int_equal(umnt("/tmp/mv/b", 0), 0);
}

/* --- 9. the mount table as a process sees it --------------------------------------------------- */

static void test_mount_table(void **state)
{
    (void)state;
    mkdir_ok("/tmp/e");
    mkdir_ok("/tmp/e/one");
    mkdir_ok("/tmp/e/three");
    mkdir_ok("/tmp/f");
    assert_int_equal(mnt("none", "/tmp/e/one", "tmpfs", 0, NULL), 0);
    mkdir_ok("/tmp/e/one/two");
    assert_int_equal(mnt("none", "/tmp/e/one/two", "tmpfs", 0, NULL), 0);
    assert_int_equal(mnt("/tmp/e/one", "/tmp/e/three", NULL, MS_BIND, NULL), 0);
    assert_int_equal(mnt("none", "/tmp/f", "tmpfs", 0, NULL), 0);
    assert_string_equal(mount_table(), "/ /tmp/e/one /tmp/e/one/two /tmp/e/three /tmp/f");

    /* a chrooted process sees the mounts under its root, named from there */
    struct fs_state *mine = c.fs;
    c.fs = fs_state_clone(mine);
    assert_int_equal(file_chroot(&c, "/tmp/e"), 0);
    assert_string_equal(mount_table(), "/one /one/two /three");
    assert_int_equal(file_chroot(&c, "/one"), 0); /* a mount's root */
    assert_string_equal(mount_table(), "/ /two");
    fs_state_unref(c.fs);
    c.fs = mine;

    assert_int_equal(umnt("/tmp/f", 0), 0);
    assert_int_equal(umnt("/tmp/e/three", 0), 0);
    assert_int_equal(umnt("/tmp/e/one/two", 0), 0);
    assert_int_equal(umnt("/tmp/e/one", 0), 0);
}

/* --- 10. MOUNT_MAX --------------------------------------------------------------------------- */

static void test_mount_max(void **state)
{
    (void)state;
    mkdir_ok("/tmp/lim");
    int made = 0;
    int r;
    while ((r = mnt("none", "/tmp/lim", "tmpfs", 0, NULL)) == 0)
        made++;
    assert_int_equal(r, -ENOSPC);
    assert_int_equal(made, MOUNT_MAX - 1); /* the root mount is one */
    assert_int_equal(attached(), MOUNT_MAX);
    assert_int_equal(listed(), MOUNT_MAX);
    /* a bind mount is a mount too */
    mkdir_ok("/tmp/lim2");
    assert_int_equal(mnt("/tmp", "/tmp/lim2", NULL, MS_BIND, NULL), -ENOSPC);
    for (int i = 0; i < made; i++)
        assert_int_equal(umnt("/tmp/lim", 0), 0);
    assert_int_equal(umnt("/tmp/lim", 0), -EINVAL);
    assert_int_equal(attached(), 1);
    assert_int_equal(mnt("/tmp", "/tmp/lim2", NULL, MS_BIND, NULL), 0);
    assert_int_equal(umnt("/tmp/lim2", 0), 0);
}

/* --- 10b. mount namespaces ----------------------------------------------------------------- */

static int each_count;
static void count_one(struct vfs_mount *m, const char *where, void *arg)
{
    (void)m, (void)where, (void)arg;
    each_count++;
}
static int visible_mounts(void)
{
    each_count = 0;
    mount_each(&c.fs->root, count_one, 0);
    return each_count;
}

static void test_namespaces(void **state)
{
    (void)state;
    mkdir_ok("/tmp/ns");
    assert_int_equal(mnt("none", "/tmp/ns", "tmpfs", 0, NULL), 0);
    mkdir_ok("/tmp/ns/x");
    struct fs_state *outer = c.fs;
    assert_int_equal(outer->ns->ns_users, 1);
    c.cred.uid = 1000;
    assert_int_equal(file_unshare_mounts(&c), -EPERM);
    c.cred.uid = 0;
    c.fs = fs_state_clone(outer);
    assert_int_equal(outer->ns->ns_users, 2);
    assert_int_equal(file_unshare_mounts(&c), 0);
    assert_ptr_not_equal(c.fs->ns, outer->ns);
    assert_int_equal(outer->ns->ns_users, 1);
    assert_int_equal(attached(), 4); /* the root and /tmp/ns, in each namespace */
    assert_int_equal(visible_mounts(), 2);
    /* a mount in the new namespace is its own */
    uint64_t dev_ns = st_of("/tmp/ns").st_dev;
    assert_int_equal(mnt("none", "/tmp/ns/x", "tmpfs", 0, NULL), 0);
    assert_int_not_equal(st_of("/tmp/ns/x").st_dev, dev_ns);
    assert_int_equal(visible_mounts(), 3);
    struct fs_state *inner = c.fs;
    c.fs = outer;
    assert_int_equal(st_of("/tmp/ns/x").st_dev, dev_ns);
    assert_int_equal(visible_mounts(), 2);
    /* the last user gone, the namespace's mounts go */
    fs_state_unref(inner);
    assert_int_equal(attached(), 2);
    assert_int_equal(umnt("/tmp/ns", 0), 0);
    assert_int_equal(attached(), 1);
}

/* --- 11. loop devices ----------------------------------------------------------------------- */

static int64_t ioctl_fd(int fd, uint64_t req, int64_t arg)
{
    uint64_t a = (uint64_t)arg;
    return file_ioctl(&c, fd, req, &a);
}

static void test_loop(void **state)
{
    (void)state;
    struct vfs_path dev;
    assert_int_equal(vfs_walk(&c.fs->root, &c.fs->cwd, "/dev", 0, &c.cred, &dev), 0);
    assert_int_equal(loop_init(dev.vn), 0);
    vfs_path_unref(&dev);
    file_device_driver = loop_driver;
    assert_int_equal(st_of("/dev/loop0").st_rdev, VFS_MKDEV(7, 0));
    assert_int_equal(st_of("/dev/loop0").st_mode & VFS_IFMT, VFS_IFBLK);

    /* an image: byte i is i / 16 */
    static char img[8192];
    for (size_t i = 0; i < sizeof img; i++)
        img[i] = (char)(i / 16);
    int f = (int)file_openat(&c, AT_FDCWD, "/tmp/img", O_CREAT | O_RDWR, 0644);
    assert_int_equal(file_write(&c, f, img, sizeof img), (int64_t)sizeof img);

    int ctl = (int)file_openat(&c, AT_FDCWD, "/dev/loop-control", O_RDWR, 0);
    assert_true(ctl >= 0);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_GET_FREE, 0), 0);
    int lo = (int)file_openat(&c, AT_FDCWD, "/dev/loop0", O_RDWR, 0);
    assert_true(lo >= 0);
    struct loop_info64 info;
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), -ENXIO);
    assert_int_equal(ioctl_fd(lo, LOOP_CLR_FD, 0), -ENXIO);
    assert_int_equal(ioctl_fd(lo, LOOP_SET_FD, 99), -EBADF);
    assert_int_equal(ioctl_fd(lo, LOOP_SET_FD, ctl), -EINVAL); /* not a regular file */
    assert_int_equal(ioctl_fd(lo, LOOP_SET_FD, f), 0);
    assert_int_equal(file_close(&c, f), 0); /* the device holds the description */
    assert_int_equal(ioctl_fd(lo, LOOP_SET_FD, lo), -EBUSY);

    char buf[64];
    assert_int_equal(file_read(&c, lo, buf, 32), 32);
    assert_memory_equal(buf, img, 32);
    assert_int_equal(file_read(&c, lo, buf, 32), 32);
    assert_memory_equal(buf, img + 32, 32);
    assert_int_equal(file_pread(&c, lo, buf, 16, 4096), 16);
    assert_memory_equal(buf, img + 4096, 16);
    assert_int_equal(file_lseek(&c, lo, 0, SEEK_END), 8192);
    assert_int_equal(file_read(&c, lo, buf, 16), 0);
    assert_int_equal(file_lseek(&c, lo, -16, SEEK_END), 8176);
    assert_int_equal(file_read(&c, lo, buf, 64), 16);
    assert_memory_equal(buf, img + 8176, 16);
    uint64_t size = 0;
    assert_int_equal(file_ioctl(&c, lo, BLKGETSIZE64, &size), 0);
    assert_int_equal(size, 8192);
    memset(&info, 0xff, sizeof info);
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), 0);
    assert_int_equal(info.lo_number, 0);
    assert_int_equal(info.lo_offset, 0);
    assert_int_equal(info.lo_inode, st_of("/tmp/img").st_ino);
    assert_int_equal(info.lo_flags & LO_FLAGS_READ_ONLY, 0);

    /* lo_offset shifts the device into the file */
    info.lo_offset = 4096;
    assert_int_equal(file_ioctl(&c, lo, LOOP_SET_STATUS64, &info), 0);
    assert_int_equal(file_pread(&c, lo, buf, 16, 0), 16);
    assert_memory_equal(buf, img + 4096, 16);
    assert_int_equal(file_ioctl(&c, lo, BLKGETSIZE64, &size), 0);
    assert_int_equal(size, 4096);
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), 0);
    assert_int_equal(info.lo_offset, 4096);
    /* writes land in the file, and stop at the device's end */
    assert_int_equal(file_pwrite(&c, lo, "WXYZ", 4, 0), 4);
    f = (int)file_openat(&c, AT_FDCWD, "/tmp/img", O_RDONLY, 0);
    assert_int_equal(file_pread(&c, f, buf, 4, 4096), 4);
    assert_memory_equal(buf, "WXYZ", 4);
    assert_int_equal(file_pwrite(&c, lo, "abcdefgh", 8, 4090), 6);
    assert_int_equal(file_pwrite(&c, lo, "x", 1, 4096), -ENOSPC);

    /* the control device: a bound device is neither free nor removable */
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_GET_FREE, 0), 1);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_REMOVE, 0), -EBUSY);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_REMOVE, 100), -ENODEV);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_REMOVE, 7), 0);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/dev/loop7", O_RDONLY, 0), -ENOENT);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_ADD, 7), 7);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_ADD, 7), -EEXIST);
    assert_int_equal(st_of("/dev/loop7").st_rdev, VFS_MKDEV(7, 7));

    /* a read-only description makes a read-only device */
    int lo1 = (int)file_openat(&c, AT_FDCWD, "/dev/loop1", O_RDWR, 0);
    assert_true(lo1 >= 0);
    assert_int_equal(ioctl_fd(lo1, LOOP_SET_FD, f), 0);
    int ro = -1;
    assert_int_equal(file_ioctl(&c, lo1, BLKROGET, &ro), 0);
    assert_int_equal(ro, 1);
    assert_int_equal(file_pwrite(&c, lo1, "x", 1, 0), -EPERM);
    assert_int_equal(file_pread(&c, lo1, buf, 4, 4096), 4);
    assert_memory_equal(buf, "WXYZ", 4);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_GET_FREE, 0), 2);
    assert_int_equal(ioctl_fd(lo1, LOOP_CLR_FD, 0), 0); /* nobody else: at once */
    assert_int_equal(file_ioctl(&c, lo1, LOOP_GET_STATUS64, &info), -ENXIO);
    /* unbound, as Linux: reads end at once, writes are refused */
    assert_int_equal(file_pread(&c, lo1, buf, 4, 0), 0);
    assert_int_equal(file_pwrite(&c, lo1, "x", 1, 0), -EPERM);
    assert_int_equal(file_lseek(&c, lo1, 0, SEEK_END), 0);
    file_close(&c, lo1);
    file_close(&c, f);

    /* LOOP_CLR_FD while another description is open: AUTOCLEAR, and the
       binding goes with the last close */
    int lo2 = (int)file_openat(&c, AT_FDCWD, "/dev/loop0", O_RDONLY, 0);
    assert_true(lo2 >= 0);
    assert_int_equal(ioctl_fd(lo, LOOP_CLR_FD, 0), 0);
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), 0);
    assert_int_equal(info.lo_flags & LO_FLAGS_AUTOCLEAR, LO_FLAGS_AUTOCLEAR);
    assert_int_equal(file_pread(&c, lo2, buf, 4, 0), 4);
    assert_memory_equal(buf, "WXYZ", 4);
    file_close(&c, lo2);
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), 0); /* lo is still open */
    file_close(&c, lo);
    lo = (int)file_openat(&c, AT_FDCWD, "/dev/loop0", O_RDWR, 0);
    assert_int_equal(file_ioctl(&c, lo, LOOP_GET_STATUS64, &info), -ENXIO);
    assert_int_equal(file_read(&c, lo, buf, 4), 0);
    file_close(&c, lo);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_GET_FREE, 0), 0);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_REMOVE, 0), 0);
    assert_int_equal(ioctl_fd(ctl, LOOP_CTL_GET_FREE, 0), 1);
    file_close(&c, ctl);
    /* the image is referenced by nobody now */
    struct vfs_path img_path;
    assert_int_equal(vfs_walk(&c.fs->root, &c.fs->cwd, "/tmp/img", 0, &c.cred, &img_path), 0);
    assert_int_equal(img_path.vn->refs, 1);
    vfs_path_unref(&img_path);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_tmpfs_mount), T(test_tmpfs_options_and_errors), T(test_umount_busy_and_detach),
        T(test_stacking), T(test_bind), T(test_shared_bind_busybox), T(test_propagation),
        T(test_read_only), T(test_cross_mount_names), T(test_move), T(test_mount_table),
        T(test_mount_max), T(test_namespaces), T(test_loop),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
