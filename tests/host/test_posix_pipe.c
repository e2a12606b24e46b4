/* sources: servers/posix/fd/pipe.c servers/posix/fd/file.c servers/posix/fd/ofile.c servers/posix/fd/fasync.c servers/posix/fd/lease.c servers/posix/fd/fileops.c servers/posix/fd/filepath.c servers/posix/fd/filestat.c servers/posix/fd/fileattr.c servers/posix/fd/filename.c servers/posix/fd/filelock.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fd/lock.c servers/posix/fd/waitq.c kernel/lib/string.c */
/* Unit tests for pipes and FIFOs (pipe.c) through the file layer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

#include "lib/string.h"
#include "servers/posix/fd/file.h"
#include "servers/posix/fd/pipe.h"
#include "servers/posix/fd/waitq.h"

static struct vfs fs;
static struct file_ctx c;
static uint8_t big[PIPE_BUF_SIZE + 1];

static int setup(void **state)
{
    (void)state;
    assert_int_equal(vfs_init(&fs, NULL, NULL, NULL), 0);
    c.fs = fs_state_new(&fs);
    c.fdt = fdtable_new();
    c.cred = (struct vfs_cred){ .uid = 1000, .gid = 1000 };
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

/* An anonymous pipe's two ends as descriptors: fds[0] reads, fds[1] writes. */
static void make_pipe(int fds[2], uint32_t status)
{
    struct vnode *vn;
    int err = 0;
    assert_int_equal(pipe_create(&fs, &c.cred, &vn), 0);
    struct ofile *r = ofile_new(vn, O_RDONLY | status, NULL, &err);
    struct ofile *w = ofile_new(vn, O_WRONLY | status, NULL, &err);
    vfs_unref(vn);
    assert_non_null(r);
    assert_non_null(w);
    fds[0] = fdtable_install(c.fdt, r, 0, 0);
    fds[1] = fdtable_install(c.fdt, w, 0, 0);
    assert_true(pipe_is_pipe(vn));
}

static uint32_t poll_of(int fd)
{
    struct ofile *f = fdtable_get(c.fdt, fd);
    return f->ops->poll(f, NULL, NULL);
}

/* A parked reader: waits on fd's queues as its poll registers them. */
static void park_on(struct sleeper *s, int fd)
{
    struct ofile *f = fdtable_get(c.fdt, fd);
    struct poll_table pt = { s, 0 };
    f->ops->poll(f, NULL, &pt);
    assert_int_equal(pt.err, 0);
    assert_true(sleeper_waiting(s));
}

static void test_read_write_eof(void **state)
{
    (void)state;
    int p[2];
    char buf[8];
    make_pipe(p, 0);
    assert_int_equal(file_read(&c, p[0], buf, sizeof buf), -EAGAIN); /* writer there: wait */
    assert_int_equal(poll_of(p[0]), 0);
    assert_int_equal(poll_of(p[1]), POLLOUT | POLLWRNORM);
    struct sleeper reader = { 0 };
    park_on(&reader, p[0]);
    assert_null(waitq_take_ready());
    assert_int_equal(file_write(&c, p[1], "abc", 3), 3);
    assert_ptr_equal(waitq_take_ready(), &reader); /* the write woke its reader, once */
    assert_false(sleeper_waiting(&reader));
    assert_null(waitq_take_ready());
    assert_int_equal(poll_of(p[0]), POLLIN | POLLRDNORM);
    int n = -1;
    assert_int_equal(file_ioctl(&c, p[0], FIONREAD, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(file_read(&c, p[0], buf, 2), 2);
    assert_memory_equal(buf, "ab", 2);
    assert_int_equal(file_lseek(&c, p[0], 0, 0 /* SEEK_SET */), -ESPIPE);
    assert_int_equal(file_close(&c, p[1]), 0);
    assert_int_equal(poll_of(p[0]), POLLIN | POLLRDNORM | POLLHUP);
    assert_int_equal(file_read(&c, p[0], buf, sizeof buf), 1);
    assert_int_equal(file_read(&c, p[0], buf, sizeof buf), 0); /* EOF */
    assert_int_equal(poll_of(p[0]), POLLHUP);
    file_close(&c, p[0]);
}

static void test_epipe_and_pollerr(void **state)
{
    (void)state;
    int p[2];
    make_pipe(p, 0);
    file_close(&c, p[0]);
    assert_int_equal(poll_of(p[1]), POLLOUT | POLLWRNORM | POLLERR);
    assert_int_equal(file_write(&c, p[1], "x", 1), -EPIPE);
    file_close(&c, p[1]);
}

static void test_atomic_and_partial_writes(void **state)
{
    (void)state;
    int p[2];
    make_pipe(p, O_NONBLOCK);
    /* Fill all but PIPE_ATOMIC - 1 bytes: 15 full page buffers and one of
       a byte, which the 4095-byte write below joins. */
    size_t fill = PIPE_BUF_SIZE - (PIPE_ATOMIC - 1);
    assert_int_equal(file_write(&c, p[1], big, fill), (int64_t)fill);
    assert_int_equal(poll_of(p[1]), 0); /* less than PIPE_BUF free: not writable */
    assert_int_equal(file_write(&c, p[1], big, PIPE_ATOMIC), -EAGAIN); /* whole or nothing */
    assert_int_equal(file_write(&c, p[1], big, PIPE_ATOMIC - 1), PIPE_ATOMIC - 1);
    assert_int_equal(file_write(&c, p[1], big, 1), -EAGAIN); /* full */
    /* Read a page and 10 bytes: one page buffer is free again (the 10
       bytes' buffer is not), so a large write goes in partly: one page,
       as Linux counts room in page buffers. */
    assert_int_equal(file_read(&c, p[0], big, PIPE_ATOMIC + 10), PIPE_ATOMIC + 10);
    assert_int_equal(poll_of(p[1]), POLLOUT | POLLWRNORM);
    assert_int_equal(file_write(&c, p[1], big, sizeof big), PIPE_PAGE);
    int n;
    file_ioctl(&c, p[0], FIONREAD, &n);
    assert_int_equal(n, PIPE_BUF_SIZE - 10);
    file_close(&c, p[0]);
    file_close(&c, p[1]);
}

static void test_ring_wraps(void **state)
{
    (void)state;
    int p[2];
    make_pipe(p, 0);
    uint8_t out[1000], in[1000];
    for (int round = 0; round < 200; round++) { /* 200 * 1000 bytes: wraps three times */
        for (int i = 0; i < 1000; i++)
            out[i] = (uint8_t)(round + i);
        assert_int_equal(file_write(&c, p[1], out, sizeof out), 1000);
        assert_int_equal(file_read(&c, p[0], in, sizeof in), 1000);
        assert_memory_equal(in, out, sizeof out);
    }
    file_close(&c, p[0]);
    file_close(&c, p[1]);
}

static void test_fifo_opens(void **state)
{
    (void)state;
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/f", VFS_IFIFO | 0666, 0), 0);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/f", VFS_IFIFO | 0666, 0), -EEXIST);
    /* No reader: a non-blocking writer is refused. */
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/f", O_WRONLY | O_NONBLOCK, 0), -ENXIO);
    int r = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_RDONLY, 0);
    assert_true(r >= 0);
    struct ofile *rf = fdtable_get(c.fdt, r);
    uint64_t since;
    assert_true(pipe_open_waits(rf->vn, rf->flags, &since)); /* no writer: the reader waits */
    assert_false(pipe_partner_came(rf->vn, rf->flags, since));
    assert_int_equal(poll_of(r), 0); /* no writer ever: no POLLHUP yet */
    int w = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_WRONLY | O_NONBLOCK, 0);
    assert_true(w >= 0);
    assert_true(pipe_partner_came(rf->vn, rf->flags, since));
    struct ofile *wf = fdtable_get(c.fdt, w);
    assert_false(pipe_open_waits(wf->vn, O_WRONLY, &since)); /* a reader is there */
    assert_int_equal(file_write(&c, w, "hi", 2), 2);
    char buf[4];
    assert_int_equal(file_read(&c, r, buf, sizeof buf), 2);
    file_close(&c, w);
    assert_int_equal(poll_of(r), POLLHUP);
    assert_int_equal(file_read(&c, r, buf, sizeof buf), 0);
    /* O_RDWR never waits. */
    int rw = (int)file_openat(&c, AT_FDCWD, "/tmp/f", O_RDWR, 0);
    assert_true(rw >= 0);
    assert_false(pipe_open_waits(fdtable_get(c.fdt, rw)->vn, O_RDWR, &since));
    file_close(&c, rw);
    file_close(&c, r);
    /* Closed by everyone: the buffer is gone, the node stays. */
    struct vnode *vn;
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/f", 0, NULL, &vn), 0);
    assert_null(vn->u.chr.ctx);
    assert_int_equal(pipe_room(vn), SIZE_MAX);
    vfs_unref(vn);
}

static void test_mknod_types(void **state)
{
    (void)state;
    struct stat st;
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/r", 0644, 0), 0);
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/r", &st, 0), 0);
    assert_int_equal(st.st_mode & VFS_IFMT, VFS_IFREG);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/c", VFS_IFCHR | 0600, 0x107), -EPERM);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/d", VFS_IFDIR | 0700, 0), -EPERM);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/x", 0150000 | 0600, 0), -EINVAL);
    c.cred.uid = 0;
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/c", VFS_IFCHR | 0600, 0x107), 0);
    assert_int_equal(file_fstatat(&c, AT_FDCWD, "/tmp/c", &st, 0), 0);
    assert_int_equal(st.st_mode & VFS_IFMT, VFS_IFCHR);
    assert_int_equal(st.st_rdev, 0x107);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/c", O_RDONLY, 0), -ENXIO);
    assert_int_equal(file_mknodat(&c, AT_FDCWD, "/tmp/b", VFS_IFBLK | 0600, 0x801), 0);
    assert_int_equal(file_openat(&c, AT_FDCWD, "/tmp/b", O_RDONLY, 0), -ENXIO);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read_write_eof), T(test_epipe_and_pollerr), T(test_atomic_and_partial_writes),
        T(test_ring_wraps), T(test_fifo_opens), T(test_mknod_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
