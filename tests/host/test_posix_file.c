/* sources: servers/posix/fd/file.c servers/posix/fd/ofile.c servers/posix/fd/fasync.c servers/posix/fd/lease.c servers/posix/fd/fileops.c servers/posix/fd/filepath.c servers/posix/fd/filestat.c servers/posix/fd/fileattr.c servers/posix/fd/filename.c servers/posix/fd/filelock.c servers/posix/fd/tty.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fd/pipe.c servers/posix/fd/lock.c servers/posix/fd/waitq.c kernel/lib/string.c */
/* Unit tests for open files, descriptor tables and the file syscalls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <linux/fs.h>
#include <linux/fcntl.h>

#include "lib/string.h"
#include "servers/posix/fd/file.h"
#include "servers/posix/fd/lock.h"
#include "servers/posix/fd/waitq.h"
#include <linux/stat.h>
#include "servers/posix/fd/tty.h"

/* A console device: tty ioctls, writes captured, open/release counted. */
static struct tty_state tty;
static char written[256];
static size_t nwritten;
static int opens, releases;
static int64_t con_write(struct ofile *f, const struct file_ctx *fc, const void *buf, size_t len,
                         int64_t off)
{
    (void)f, (void)fc, (void)off;
    memcpy(written + nwritten, buf, len);
    nwritten += len;
    return (int64_t)len;
}
static int64_t con_ioctl(struct ofile *f, const struct file_ctx *fc, uint64_t req, void *arg)
{
    (void)f, (void)fc;
    return tty_ioctl(&tty, req, arg);
}
static int con_open(struct ofile *f, const struct file_ctx *fc)
{
    (void)f, (void)fc;
    opens++;
    return 0;
}
static void con_release(struct ofile *f)
{
    (void)f;
    releases++;
}
static const struct file_ops con_ops = {
    .write = con_write, .ioctl = con_ioctl, .open = con_open, .release = con_release,
};

static struct vfs fs;
static struct file_ctx c;

static int setup(void **state)
{
    (void)state;
    tty_init(&tty);
    nwritten = 0;
    opens = releases = 0;
    assert_int_equal(vfs_init(&fs, NULL, &con_ops, NULL), 0);
    c.fs = fs_state_new(&fs);
    c.fdt = fdtable_new();
    c.cred = (struct vfs_cred){.uid = 0};
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fdtable_unref(c.fdt);
    fs_state_unref(c.fs);
    assert_int_equal(opens, releases);
    /* every node is either in the tree or was freed: destroying leaves none */
    vfs_destroy(&fs);
    assert_int_equal(fs.nodes, 0);
    return 0;
}

static void test_open_read_write_seek(void **state)
{
    (void)state;
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_CREAT | O_RDWR, 0666);
    assert_int_equal(fd, 0);
    assert_int_equal(file_write(&c, fd, "hello world", 11), 11);
    assert_int_equal(file_lseek(&c, fd, 0, SEEK_CUR), 11);
    assert_int_equal(file_lseek(&c, fd, -5, SEEK_END), 6);
    char buf[32];
    assert_int_equal(file_read(&c, fd, buf, sizeof buf), 5);
    assert_memory_equal(buf, "world", 5);
    assert_int_equal(file_read(&c, fd, buf, sizeof buf), 0);
    assert_int_equal(file_lseek(&c, fd, -1, SEEK_SET), -EINVAL);
    assert_int_equal(file_lseek(&c, fd, 0, 7), -EINVAL);
    assert_int_equal(file_lseek(&c, fd, 100, SEEK_SET), 100);
    assert_int_equal(file_pread(&c, fd, buf, 5, 0), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(file_lseek(&c, fd, 0, SEEK_CUR), 100); /* pread kept the offset */
    assert_int_equal(file_pwrite(&c, fd, "J", 1, 0), 1);
    assert_int_equal(file_pread(&c, fd, buf, 5, -1), -EINVAL);
    struct stat st;
    assert_int_equal(file_fstat(&c, fd, &st), 0);
    assert_int_equal(st.st_size, 11);
    assert_int_equal(st.st_mode, 0100644); /* umask 022 */
    assert_int_equal(st.st_nlink, 1);
    assert_int_equal(file_close(&c, fd), 0);
    assert_int_equal(file_close(&c, fd), -EBADF);
    assert_int_equal(file_read(&c, 7, buf, 1), -EBADF);

    /* O_EXCL, O_TRUNC, O_APPEND, access modes */
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0), -EEXIST);
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_WRONLY | O_APPEND, 0);
    assert_int_equal(file_write(&c, fd, "!", 1), 1);
    assert_int_equal(file_read(&c, fd, buf, 1), -EBADF);
    assert_int_equal(file_pread(&c, fd, buf, 1, 0), -EBADF);
    file_close(&c, fd);
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_RDONLY, 0);
    assert_int_equal(file_read(&c, fd, buf, sizeof buf), 12);
    assert_memory_equal(buf, "Jello world!", 12);
    assert_int_equal(file_write(&c, fd, "x", 1), -EBADF);
    assert_int_equal(file_ftruncate(&c, fd, 0), -EINVAL);
    file_close(&c, fd);
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_RDWR | O_TRUNC, 0);
    assert_int_equal(file_fstat(&c, fd, &st), 0);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(file_ftruncate(&c, fd, 4096), 0);
    assert_int_equal(file_lseek(&c, fd, 0, SEEK_END), 4096);
    file_close(&c, fd);
    /* access mode 3: Linux's "ioctl only" open, neither read nor write */
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_ACCMODE, 0);
    assert_true(fd >= 0);
    assert_int_equal(file_read(&c, fd, buf, 1), -EBADF);
    assert_int_equal(file_write(&c, fd, "x", 1), -EBADF);
    file_close(&c, fd);
}

static void test_open_errors(void **state)
{
    (void)state;
    assert_int_equal(file_openat(&c, AT_FDCWD, "/nope", O_RDONLY, 0), -ENOENT);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/nope/x", O_CREAT | O_RDWR, 0644), -ENOENT);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp", O_RDWR, 0), -EISDIR);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/", O_CREAT | O_RDWR, 0), -EISDIR);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/dev/null", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/dev/null/x", O_RDONLY, 0), -ENOTDIR);
    assert_int_equal(file_symlinkat(&c, "/dev/null", AT_FDCWD, "/tmp/ln"), 0);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/ln", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/ln", O_WRONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(file_write(&c, fd, "x", 1), 1);
    /* the memory devices take any offset and stay at 0, as Linux's null_lseek */
    assert_int_equal(file_lseek(&c, fd, 10, SEEK_SET), 0);
    assert_int_equal(file_pwrite(&c, fd, "x", 1, 5), 1);
    file_close(&c, fd);
    /* a non-root user: mode bits are enforced */
    int f2 = (int)file_openat(&c, AT_FDCWD, "/tmp/secret", O_CREAT | O_WRONLY, 0600);
    file_close(&c, f2);
    c.cred = (struct vfs_cred){.uid = 1000, .gid = 1000};
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/secret", O_RDONLY, 0), -EACCES);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/etc", O_CREAT | O_RDONLY, 0644), -EACCES);
    assert_int_equal(file_faccessat(&c, AT_FDCWD, "/tmp/secret", 4, 0), -EACCES);
    assert_int_equal(file_faccessat(&c, AT_FDCWD, "/tmp/secret", 0, 0), 0);
    assert_int_equal(file_faccessat(&c, AT_FDCWD, "/tmp/secret", 8, 0), -EINVAL);
    /* a file the user creates is open for writing even with mode 0444 */
    fd = (int)file_openat(&c, AT_FDCWD, "/tmp/mine", O_CREAT | O_RDWR, 0444);
    assert_true(fd >= 0);
    assert_int_equal(file_write(&c, fd, "ok", 2), 2);
    file_close(&c, fd);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/mine", O_RDWR, 0), -EACCES);
}

static void test_descriptors(void **state)
{
    (void)state;
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/d", O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    assert_int_equal(file_fcntl(&c, fd, F_GETFD, 0), FD_CLOEXEC);
    int d = (int)file_dup(&c, fd);
    assert_int_equal(d, 1);
    assert_int_equal(file_fcntl(&c, d, F_GETFD, 0), 0);
    assert_int_equal(file_write(&c, fd, "ab", 2), 2);
    assert_int_equal(file_lseek(&c, d, 0, SEEK_CUR), 2); /* one description */
    assert_int_equal(file_dup2(&c, fd, 10), 10);
    assert_int_equal(file_dup2(&c, fd, fd), fd);
    assert_int_equal(file_dup2(&c, 55, 55), -EBADF);
    assert_int_equal(file_dup3(&c, fd, fd, 0), -EINVAL);
    assert_int_equal(file_dup3(&c, fd, 11, O_CLOEXEC), 11);
    assert_int_equal(file_dup3(&c, fd, 12, O_RDWR), -EINVAL);
    assert_int_equal(file_dup3(&c, fd, FILE_NOFILE_DEFAULT, 0), -EBADF);
    assert_int_equal(file_fcntl(&c, 11, F_GETFD, 0), FD_CLOEXEC);
    assert_int_equal(file_fcntl(&c, fd, F_DUPFD, 5), 5);
    assert_int_equal(file_fcntl(&c, fd, F_DUPFD_CLOEXEC, 5), 6);
    assert_int_equal(file_fcntl(&c, fd, F_DUPFD, FILE_NOFILE_DEFAULT), -EINVAL);
    assert_int_equal(file_fcntl(&c, fd, F_SETFD, 0), 0);
    assert_int_equal(file_fcntl(&c, fd, F_GETFD, 0), 0);
    assert_int_equal(file_fcntl(&c, fd, F_GETFL, 0) & (O_ACCMODE | O_APPEND), O_RDWR);
    assert_int_equal(file_fcntl(&c, fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY), 0);
    assert_int_equal(file_fcntl(&c, d, F_GETFL, 0) & (O_ACCMODE | O_APPEND | O_NONBLOCK),
                     O_RDWR | O_APPEND | O_NONBLOCK);
    assert_int_equal(file_fcntl(&c, fd, 999, 0), -EINVAL);
    /* fork: a copy sharing descriptions; exec closes the cloexec ones */
    struct fdtable *child = fdtable_clone(c.fdt);
    assert_ptr_equal(fdtable_get(child, 10), fdtable_get(c.fdt, 10));
    assert_int_equal(fdtable_get(child, 10)->refs, 12); /* 6 here, 6 in the child */
    fdtable_close_on_exec(child);
    assert_null(fdtable_get(child, 6));
    assert_null(fdtable_get(child, 11));
    assert_non_null(fdtable_get(child, 10));
    fdtable_unref(child);
    assert_int_equal(fdtable_get(c.fdt, 10)->refs, 6);
    /* EMFILE at the limit */
    assert_int_equal(fdtable_set_limit(c.fdt, 20), 0);
    int last = 0, r;
    while ((r = (int)file_dup(&c, fd)) >= 0)
        last = r;
    assert_int_equal(r, -EMFILE);
    assert_int_equal(last, 19);
    assert_int_equal(fdtable_set_limit(c.fdt, FILE_NOFILE_DEFAULT * 65), -EINVAL);
}

static void test_stat_and_dirs(void **state)
{
    (void)state;
    struct stat st;
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/tmp/dir", 0777), 0);
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/tmp/dir", 0777), -EEXIST);
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "/", 0777), -EEXIST);
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/dir", &st, 0), 0);
    assert_int_equal(st.st_mode, 040755);
    assert_int_equal(st.st_nlink, 2);
    int dfd = (int)file_openat(&c, AT_FDCWD, "/tmp/dir", O_RDONLY | O_DIRECTORY, 0);
    int f = (int)file_openat(&c, dfd, "file", O_CREAT | O_WRONLY, 0600);
    assert_int_equal(file_write(&c, f, "12345", 5), 5);
    assert_int_equal(file_symlinkat(&c, "file", dfd, "link"), 0);
    assert_int_equal(file_fstatat(&c, dfd, "link", &st, 0), 0);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(st.st_mode, 0100600);
    assert_int_equal(file_fstatat(&c, dfd, "link", &st, AT_SYMLINK_NOFOLLOW), 0);
    assert_int_equal(st.st_mode, 0120777);
    assert_int_equal(st.st_size, 4);
    assert_int_equal(file_fstatat(&c, f, "", &st, AT_EMPTY_PATH), 0);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(file_fstatat(&c, f, "x", &st, 0), -ENOTDIR);
    assert_int_equal(file_fstatat(&c, dfd, "x", &st, 0x8000000), -EINVAL);
    char buf[64];
    assert_int_equal(file_readlinkat(&c, dfd, "link", buf, sizeof buf), 4);
    assert_memory_equal(buf, "file", 4);
    assert_int_equal(file_readlinkat(&c, dfd, "link", buf, 2), 2);
    assert_int_equal(file_readlinkat(&c, dfd, "file", buf, sizeof buf), -EINVAL);
    /* getdents64: ".", "..", file, link */
    uint8_t d[512];
    int64_t n = file_getdents64(&c, dfd, d, sizeof d);
    assert_true(n > 0);
    const char *names[] = {".", "..", "file", "link"};
    const uint8_t types[] = {LINUX_DT_DIR, LINUX_DT_DIR, LINUX_DT_REG, LINUX_DT_LNK};
    int i = 0;
    for (int64_t off = 0; off < n; i++) {
        struct linux_dirent64 *e = (struct linux_dirent64 *)(d + off);
        assert_true(i < 4);
        assert_string_equal(e->d_name, names[i]);
        assert_int_equal(e->d_type, types[i]);
        assert_int_equal(e->d_reclen % 8, 0);
        off += e->d_reclen;
    }
    assert_int_equal(i, 4);
    assert_int_equal(file_getdents64(&c, dfd, d, sizeof d), 0);
    assert_int_equal(file_lseek(&c, dfd, 0, SEEK_SET), 0);
    assert_int_equal(file_getdents64(&c, dfd, d, 10), -EINVAL);
    assert_int_equal(file_getdents64(&c, dfd, d, 24), 24); /* just "." */
    assert_int_equal(file_getdents64(&c, f, d, sizeof d), -ENOTDIR);
    /* rename, unlink, rmdir */
    assert_int_equal(file_renameat(&c, dfd, "file", AT_FDCWD, "/tmp/moved", 0), 0);
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/moved", &st, 0), 0);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/moved", dfd, "link", RENAME_NOREPLACE), -EEXIST);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/moved", dfd, "x", 8), -EINVAL);
    assert_int_equal(file_renameat(&c, AT_FDCWD, "/tmp/moved/", dfd, "x", 0), -ENOTDIR);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/dir", AT_REMOVEDIR), -ENOTEMPTY);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/dir", 0), -EISDIR);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/moved/", 0), -ENOTDIR);
    assert_int_equal(file_unlinkat(&c, dfd, "link", 0), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/dir", 1), -EINVAL);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/dir", AT_REMOVEDIR), 0);
    assert_int_equal(file_getdents64(&c, dfd, d, sizeof d), -ENOENT);
    assert_int_equal(file_openat(&c, dfd, "new", O_CREAT | O_RDWR, 0644), -ENOENT);
    /* the moved file's description still works */
    assert_int_equal(file_write(&c, f, "6", 1), 1);
    assert_int_equal(file_linkat(&c, AT_FDCWD, "/tmp/moved", AT_FDCWD, "/tmp/hard", 0), 0);
    assert_int_equal(file_fstat(&c, f, &st), 0);
    assert_int_equal(st.st_nlink, 2);
    assert_int_equal(file_truncate(&c, "/tmp/hard", 2), 0);
    assert_int_equal(file_fstat(&c, f, &st), 0);
    assert_int_equal(st.st_size, 2);
    assert_int_equal(file_fchmod(&c, f, 0700), 0);
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/hard", &st, 0), 0);
    assert_int_equal(st.st_mode, 0100700);
}

static void test_cwd(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 2);
    assert_string_equal(buf, "/");
    assert_int_equal(file_mkdirat(&c, AT_FDCWD, "tmp/a", 0755), 0);
    assert_int_equal(file_chdir(&c, "tmp/a"), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 7);
    assert_string_equal(buf, "/tmp/a");
    assert_int_equal(file_getcwd(&c, buf, 6), -ERANGE);
    int fd = (int)file_openat(&c, AT_FDCWD, "rel", O_CREAT | O_WRONLY, 0644);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/a/rel", &st, 0), 0);
    assert_int_equal(file_chdir(&c, "rel"), -ENOTDIR);
    assert_int_equal(file_chdir(&c, "nope"), -ENOENT);
    assert_int_equal(file_fchdir(&c, fd), -ENOTDIR);
    int root = (int)file_openat(&c, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0);
    assert_int_equal(file_chdir(&c, ".."), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 5);
    assert_int_equal(file_fchdir(&c, root), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), 2);
    /* a removed cwd */
    assert_int_equal(file_chdir(&c, "/tmp/a"), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "rel", 0), 0);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/a", AT_REMOVEDIR), 0);
    assert_int_equal(file_getcwd(&c, buf, sizeof buf), -ENOENT);
    /* fs_state clone shares nothing after the copy */
    struct fs_state *copy = fs_state_clone(c.fs);
    assert_ptr_equal(copy->cwd.vn, c.fs->cwd.vn);
    assert_ptr_equal(copy->cwd.mnt, c.fs->cwd.mnt);
    fs_state_unref(copy);
}

static void test_console_ioctl_and_vectors(void **state)
{
    (void)state;
    int con = (int)file_openat(&c, AT_FDCWD, "/dev/console", O_RDWR, 0);
    assert_int_equal(opens, 1);
    struct termios t;
    int in, out;
    assert_int_equal(file_ioctl_size(TCGETS, &in, &out), sizeof t);
    assert_int_equal(out, 1);
    assert_int_equal(file_ioctl(&c, con, TCGETS, &t), 0);
    assert_true(t.c_lflag & ICANON);
    assert_true(t.c_oflag & ONLCR);
    assert_int_equal(t.c_cc[VINTR], 3);
    t.c_lflag &= ~(tcflag_t)ECHO;
    assert_int_equal(file_ioctl(&c, con, TCSETS, &t), 0);
    assert_int_equal(tty.lflag & ECHO, 0);
    struct winsize ws;
    assert_int_equal(file_ioctl(&c, con, TIOCGWINSZ, &ws), 0);
    assert_int_equal(ws.ws_col, 80);
    assert_int_equal(ws.ws_row, 24);
    assert_int_equal(file_ioctl(&c, con, 0x12345, &ws), -ENOTTY);
    assert_int_equal(file_ioctl_size(0x12345, &in, &out), 0);
    int f = (int)file_openat(&c, AT_FDCWD, "/tmp/v", O_CREAT | O_RDWR, 0644);
    assert_int_equal(file_ioctl(&c, f, TCGETS, &t), -ENOTTY);
    assert_int_equal(file_ioctl(&c, f, FIOCLEX, NULL), 0);
    assert_int_equal(file_fcntl(&c, f, F_GETFD, 0), FD_CLOEXEC);
    /* a write reaches the console's operation; it has no read (readv and
       writev are the server's, tests/posix/fs_rw_vectors) */
    assert_int_equal(file_write(&c, con, "abcde", 5), 5);
    assert_int_equal(nwritten, 5);
    assert_memory_equal(written, "abcde", 5);
    char x[2];
    assert_int_equal(file_read(&c, con, x, sizeof x), -EINVAL);
    file_close(&c, con);
    assert_int_equal(releases, 1);
}

/* Record locks: conflicts, split on a partial unlock, merge, release by owner. */
static void test_locks(void **state)
{
    (void)state;
    struct vnode *vn = c.fs->root.vn;
    static int a, b; /* two owners: only their addresses matter */
    struct lock_info info;
    assert_int_equal(lock_set(vn, LOCK_POSIX, &a, 10, LOCK_TYPE_WR, 0, 99), 0);
    assert_int_equal(lock_set(vn, LOCK_POSIX, &b, 11, LOCK_TYPE_RD, 50, 50), -EAGAIN);
    assert_int_equal(lock_set(vn, LOCK_POSIX, &b, 11, LOCK_TYPE_RD, 100, LOCK_EOF), 0);
    struct sleeper waiter = { 0 }; /* a lock waiter parked on vn's locks */
    assert_int_equal(sleeper_wait_on(&waiter, lock_waitq(vn)), 0);
    assert_int_equal(lock_set(vn, LOCK_POSIX, &a, 10, LOCK_TYPE_UN, 40, 59), 0); /* split */
    assert_ptr_equal(waitq_take_ready(), &waiter); /* a narrowed lock wakes its waiters */
    assert_int_equal(lock_count(), 3);
    assert_int_equal(lock_test(vn, LOCK_POSIX, &b, LOCK_TYPE_WR, 40, 59, &info), 0);
    assert_int_equal(lock_test(vn, LOCK_POSIX, &b, LOCK_TYPE_WR, 45, 70, &info), 1);
    assert_int_equal(info.start, 60);
    assert_int_equal(info.end, 99);
    assert_int_equal(info.pid, 10);
    /* merging: re-locking the hole joins the pieces into one record */
    assert_int_equal(lock_set(vn, LOCK_POSIX, &a, 10, LOCK_TYPE_WR, 40, 59), 0);
    assert_int_equal(lock_count(), 2);
    /* flock locks never meet fcntl ones; OFD locks do */
    assert_int_equal(lock_set(vn, LOCK_FLOCK, &b, -1, LOCK_TYPE_WR, 0, LOCK_EOF), 0);
    assert_int_equal(lock_set(vn, LOCK_OFD, &b, -1, LOCK_TYPE_RD, 0, 0), -EAGAIN);
    assert_int_equal(lock_test(vn, LOCK_OFD, &b, LOCK_TYPE_RD, 0, 0, &info), 1);
    assert_int_equal(info.kind, LOCK_POSIX);
    lock_release(NULL, &a);
    lock_release(vn, &b);
    assert_int_equal(lock_count(), 0);
}

/* chown, utimensat, statx, chroot rules through the file layer. */
static void test_attrs(void **state)
{
    (void)state;
    int fd = (int)file_openat(&c, AT_FDCWD, "/tmp/a", O_CREAT | O_RDWR, 06755);
    assert_true(fd >= 0);
    assert_int_equal(file_fchownat(&c, AT_FDCWD, "/tmp/a", 5, 6, 0), 0);
    struct stat st;
    file_fstat(&c, fd, &st);
    assert_int_equal(st.st_uid, 5);
    assert_int_equal(st.st_gid, 6);
    assert_int_equal(st.st_mode & 07777, 0755); /* set-ids dropped */
    struct vfs_time t[2] = {{100, 1}, {200, 2}};
    assert_int_equal(file_utimensat(&c, fd, NULL, t, 0), 0);
    file_fstat(&c, fd, &st);
    assert_int_equal(st.st_mtime, 200);
    struct vfs_time bad[2] = {{0, 1000000000}, {0, 0}};
    assert_int_equal(file_utimensat(&c, fd, NULL, bad, 0), -EINVAL);
    struct statx sx;
    assert_int_equal(file_statx(&c, AT_FDCWD, "/tmp/a", 0, STATX__RESERVED, &sx), -EINVAL);
    assert_int_equal(file_statx(&c, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx), 0);
    assert_int_equal(sx.stx_mtime.tv_sec, 200);
    assert_int_equal(sx.stx_uid, 5);
    c.cred = (struct vfs_cred){.uid = 5, .gid = 5};
    assert_int_equal(file_fchownat(&c, AT_FDCWD, "/tmp/a", 7, (uint32_t)-1, 0), -EPERM);
    assert_int_equal(file_fchownat(&c, AT_FDCWD, "/tmp/a", (uint32_t)-1, 9, 0), -EPERM);
    assert_int_equal(file_utimensat(&c, fd, NULL, NULL, 0), 0); /* the owner */
    assert_int_equal(file_chroot(&c, "/tmp"), -EPERM);
    c.cred = (struct vfs_cred){.uid = 0};
    assert_int_equal(file_chroot(&c, "/tmp/a"), -ENOTDIR);
    assert_int_equal(file_chroot(&c, "/tmp"), 0);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp", O_RDONLY, 0), -ENOENT);
    int a = (int)file_openat(&c, AT_FDCWD, "/a", O_RDONLY, 0);
    assert_true(a >= 0);
    file_close(&c, a);
    file_close(&c, fd);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_open_read_write_seek), T(test_open_errors), T(test_descriptors),
        T(test_stat_and_dirs), T(test_cwd), T(test_console_ioctl_and_vectors), T(test_locks),
        T(test_attrs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
