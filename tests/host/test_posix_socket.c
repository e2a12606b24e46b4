/* sources: servers/posix/fd/socket.c servers/posix/fd/file.c servers/posix/fd/ofile.c servers/posix/fd/fasync.c servers/posix/fd/lease.c servers/posix/fd/fileops.c servers/posix/fd/filepath.c servers/posix/fd/filestat.c servers/posix/fd/fileattr.c servers/posix/fd/filename.c servers/posix/fd/filelock.c servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fd/pipe.c servers/posix/fd/lock.c servers/posix/fd/waitq.c kernel/lib/string.c */
/* Unit tests for AF_UNIX sockets (socket.c) over kernel buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/poll.h>
#include <asm-generic/socket.h>
#include <linux/fcntl.h>

#include "lib/string.h"
#include "servers/posix/fd/file.h"
#include "servers/posix/fd/pipe.h"
#include "servers/posix/fd/socket.h"
#include "servers/posix/fd/waitq.h"

static struct vfs fs;
static struct file_ctx c;
static const struct sock_cred me = { 42, 1000, 1000 };
static const struct sock_cred other = { 43, 1001, 1001 };

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
    assert_int_equal(sock_live(), 0);
    vfs_destroy(&fs);
    assert_int_equal(fs.nodes, 0);
    return 0;
}

static struct sock *new_sock(int type, struct ofile **f)
{
    assert_int_equal(sock_create(&fs, &c.cred, type, 0, 0, f), 0);
    assert_non_null(sock_of(*f));
    return sock_of(*f);
}

static void pair(int type, struct ofile *f[2], struct sock *s[2])
{
    assert_int_equal(sock_create_pair(&fs, &c.cred, &me, type, 0, 0, f), 0);
    s[0] = sock_of(f[0]);
    s[1] = sock_of(f[1]);
}

static uint32_t poll_of(struct ofile *f)
{
    return f->ops->poll(f, NULL, NULL);
}

static int64_t recv_plain(struct sock *s, void *buf, size_t len, int flags)
{
    struct sock_recv_info info;
    int64_t r = sock_recv(s, buf, len, flags, &info);
    sock_recv_info_drop(&info);
    return r;
}

/* A sockaddr_un of a path or (leading '@') an abstract name. */
static uint32_t addr(uint8_t *a, const char *name)
{
    memset(a, 0, LX_SOCKADDR_UN_SIZE);
    a[0] = LX_AF_UNIX;
    size_t n = strlen(name);
    memcpy(a + LX_SUN_PATH_OFF, name, n);
    if (name[0] == '@') {
        a[LX_SUN_PATH_OFF] = 0;
        return (uint32_t)(LX_SUN_PATH_OFF + n);
    }
    return (uint32_t)(LX_SUN_PATH_OFF + n + 1);
}

static void test_stream_pair(void **state)
{
    (void)state;
    struct ofile *f[2];
    struct sock *s[2];
    char buf[16];
    pair(LX_SOCK_STREAM, f, s);
    assert_int_equal(poll_of(f[0]), POLLOUT | POLLWRNORM | POLLWRBAND);
    assert_int_equal(recv_plain(s[0], buf, sizeof buf, 0), -EAGAIN);
    struct sleeper reader = { 0 };
    struct poll_table pt = { &reader, 0 };
    f[0]->ops->poll(f[0], NULL, &pt); /* a parked reader of s[0] */
    assert_true(sleeper_waiting(&reader));
    assert_int_equal(sock_send(s[1], NULL, "abc", 3, NULL, 0, &me, 0), 3);
    assert_ptr_equal(waitq_take_ready(), &reader); /* the send woke it, once */
    assert_int_equal(sock_send(s[1], NULL, "de", 2, NULL, 0, &me, 0), 2);
    assert_null(waitq_take_ready());
    assert_true(poll_of(f[0]) & POLLIN);
    int n = 0;
    assert_int_equal(f[0]->ops->ioctl(f[0], NULL, FIONREAD, &n), 0);
    assert_int_equal(n, 5);
    assert_int_equal(recv_plain(s[0], buf, 2, LX_MSG_PEEK), 2);
    assert_int_equal(recv_plain(s[0], buf, sizeof buf, 0), 5); /* no boundaries */
    assert_memory_equal(buf, "abcde", 5);
    /* SHUT_WR: the peer reads end of file and sees POLLRDHUP */
    assert_int_equal(sock_shutdown(s[1], LX_SHUT_WR), 0);
    assert_int_equal(poll_of(f[0]) & (POLLIN | POLLRDHUP | POLLHUP), POLLIN | POLLRDHUP);
    assert_int_equal(recv_plain(s[0], buf, sizeof buf, 0), 0);
    assert_int_equal(sock_send(s[1], NULL, "x", 1, NULL, 0, &me, 0), -EPIPE);
    assert_int_equal(sock_send(s[0], NULL, "x", 1, NULL, 0, &me, 0), 1); /* the other way works */
    /* closing with unread data: the peer gets ECONNRESET once, then EOF */
    ofile_unref(f[1]);
    assert_true(poll_of(f[0]) & (POLLHUP | POLLERR));
    assert_int_equal(recv_plain(s[0], buf, sizeof buf, 0), -ECONNRESET);
    assert_int_equal(recv_plain(s[0], buf, sizeof buf, 0), 0);
    assert_int_equal(sock_send(s[0], NULL, "x", 1, NULL, 0, &me, 0), -EPIPE);
    ofile_unref(f[0]);
}

static void test_stream_buffer_limit(void **state)
{
    (void)state;
    struct ofile *f[2];
    struct sock *s[2];
    static char big[SOCK_BUF_DEFAULT + 100];
    pair(LX_SOCK_STREAM, f, s);
    /* blocking: a write up to half the buffer goes in whole or waits; a
       larger one waits for that half and then puts in what fits */
    size_t first = SOCK_STREAM_ATOMIC - 1000;
    assert_int_equal(sock_send(s[0], NULL, big, first, NULL, 0, &me, 0), first);
    size_t fits = SOCK_BUF_DEFAULT - first - 2 * SOCK_MSG_COST;
    assert_int_equal(sock_send(s[0], NULL, big, SOCK_STREAM_ATOMIC + 1, NULL, 0, &me, 0), -EAGAIN);
    assert_int_equal(sock_send(s[0], NULL, big, 200000, NULL, 0, &me, 1), fits); /* non-blocking: what fits */
    assert_int_equal(sock_send(s[0], NULL, big, 1, NULL, 0, &me, 1), -EAGAIN);
    assert_false(poll_of(f[0]) & POLLOUT);
    /* MSG_WAITALL does not wait for more than a waiting writer leaves */
    assert_int_equal(recv_plain(s[1], big, sizeof big, LX_MSG_WAITALL), first + fits);
    assert_true(poll_of(f[0]) & POLLOUT);
    assert_int_equal(sock_send(s[0], NULL, big, 10, NULL, 0, &me, 0), 10);
    assert_int_equal(recv_plain(s[1], big, 20, LX_MSG_WAITALL), -EAGAIN);
    ofile_unref(f[0]);
    assert_int_equal(recv_plain(s[1], big, 20, LX_MSG_WAITALL), 10); /* end of file ends the wait */
    ofile_unref(f[1]);
}

static void test_listen_connect_accept(void **state)
{
    (void)state;
    uint8_t a[LX_SOCKADDR_UN_SIZE + 1];
    uint32_t alen = addr(a, "/tmp/srv");
    struct ofile *lf, *cf[3], *af;
    struct sock *l = new_sock(LX_SOCK_STREAM, &lf);
    struct sock *cl[3];
    for (int i = 0; i < 3; i++)
        cl[i] = new_sock(LX_SOCK_STREAM, &cf[i]);
    struct sock *found;
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_STREAM, &found), -ENOENT);
    assert_int_equal(sock_listen(l, 1, &me), -EINVAL); /* unbound */
    assert_int_equal(sock_bind(&c, l, a, alen), 0);
    assert_int_equal(sock_bind(&c, cl[0], a, alen), -EADDRINUSE);
    assert_int_equal(sock_bind(&c, l, a, alen), -EINVAL); /* bound already */
    struct vnode *node;
    assert_int_equal(vfs_lookup(&fs, fs.root, "/tmp/srv", 0, NULL, &node), 0);
    assert_int_equal(node->mode, VFS_IFSOCK | 0755);
    vfs_unref(node);
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_STREAM, &found), 0);
    assert_ptr_equal(found, l);
    assert_int_equal(sock_connect(cl[0], found, &other), -ECONNREFUSED); /* not listening */
    assert_int_equal(sock_listen(l, 0, &me), 0);
    assert_int_equal(sock_accept(l, &fs, &c.cred, 0, &af), -EAGAIN);
    /* backlog 0 lets one wait, as Linux */
    assert_int_equal(sock_connect(cl[0], l, &other), 0);
    assert_int_equal(sock_connect(cl[1], l, &other), -EAGAIN);
    assert_int_equal(sock_connect(cl[0], l, &other), -EAGAIN); /* full before EISCONN, as Linux */
    assert_true(poll_of(lf) & POLLIN);
    assert_int_equal(sock_send(cl[0], NULL, "hi", 2, NULL, 0, &other, 0), 2); /* before accept */
    assert_int_equal(sock_accept(l, &fs, &c.cred, O_NONBLOCK, &af), 0);
    assert_true(af->flags & O_NONBLOCK);
    struct sock *as = sock_of(af);
    char buf[8];
    assert_int_equal(recv_plain(as, buf, sizeof buf, 0), 2);
    struct sock_addr name;
    assert_int_equal(sock_name(as, 0, &name), 0);
    assert_int_equal(name.len, alen);
    assert_int_equal(sock_name(cl[0], 1, &name), 0);
    assert_memory_equal(name.bytes, a, alen);
    assert_int_equal(sock_name(as, 1, &name), 0);
    assert_int_equal(name.len, LX_SUN_PATH_OFF);
    assert_int_equal(sock_name(cl[2], 1, &name), -ENOTCONN);
    struct sock_cred cr;
    uint32_t len = sizeof cr;
    assert_int_equal(sock_getopt(as, SO_PEERCRED, &cr, &len), 0);
    assert_int_equal(cr.pid, other.pid);
    assert_int_equal(sock_getopt(cl[0], SO_PEERCRED, &cr, &len), 0);
    assert_int_equal(cr.pid, me.pid);
    /* a pending connection dropped with the listener: ECONNRESET */
    assert_int_equal(sock_connect(cl[1], l, &other), 0);
    ofile_unref(lf);
    assert_int_equal(recv_plain(cl[1], buf, sizeof buf, 0), -ECONNRESET);
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_STREAM, &found), -ECONNREFUSED);
    for (int i = 0; i < 3; i++)
        ofile_unref(cf[i]);
    ofile_unref(af);
    assert_int_equal(file_unlinkat(&c, AT_FDCWD, "/tmp/srv", 0), 0);
}

static void test_abstract_and_autobind(void **state)
{
    (void)state;
    uint8_t a[LX_SOCKADDR_UN_SIZE + 1];
    uint32_t alen = addr(a, "@name");
    struct ofile *f1, *f2, *f3;
    struct sock *s1 = new_sock(LX_SOCK_DGRAM, &f1), *s2 = new_sock(LX_SOCK_DGRAM, &f2);
    struct sock *s3 = new_sock(LX_SOCK_STREAM, &f3);
    assert_int_equal(sock_bind(&c, s1, a, alen), 0);
    assert_int_equal(sock_bind(&c, s2, a, alen), -EADDRINUSE);
    assert_int_equal(sock_bind(&c, s3, a, alen), 0); /* per type */
    struct sock *found;
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_DGRAM, &found), 0);
    assert_ptr_equal(found, s1);
    assert_int_equal(sock_lookup(&c, a, alen - 1, LX_SOCK_DGRAM, &found), -ECONNREFUSED);
    assert_int_equal(sock_bind(&c, s2, a, LX_SUN_PATH_OFF), 0); /* autobind */
    struct sock_addr name;
    assert_int_equal(sock_name(s2, 0, &name), 0);
    assert_int_equal(name.len, LX_SUN_PATH_OFF + 6);
    assert_int_equal(name.bytes[LX_SUN_PATH_OFF], 0);
    assert_int_equal(sock_bind(&c, s2, a, LX_SOCKADDR_UN_SIZE + 1), -EINVAL);
    /* an accepted socket shows its listener's name without owning it */
    struct ofile *cf, *af;
    struct sock *cs = new_sock(LX_SOCK_STREAM, &cf);
    assert_int_equal(sock_listen(s3, 1, &me), 0);
    assert_int_equal(sock_connect(cs, s3, &me), 0);
    assert_int_equal(sock_accept(s3, &fs, &c.cred, 0, &af), 0);
    struct sock_addr shown;
    assert_int_equal(sock_name(sock_of(af), 0, &shown), 0);
    assert_int_equal(shown.len, alen);
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_STREAM, &found), 0);
    assert_ptr_equal(found, s3);
    ofile_unref(f3);
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_STREAM, &found), -ECONNREFUSED);
    ofile_unref(af);
    ofile_unref(cf);
    ofile_unref(f1);
    assert_int_equal(sock_lookup(&c, a, alen, LX_SOCK_DGRAM, &found), -ECONNREFUSED);
    ofile_unref(f2);
}

static void test_dgram(void **state)
{
    (void)state;
    struct ofile *fa, *fb;
    struct sock *a = new_sock(LX_SOCK_DGRAM, &fa), *b = new_sock(LX_SOCK_DGRAM, &fb);
    uint8_t an[LX_SOCKADDR_UN_SIZE + 1];
    uint32_t alen = addr(an, "@a");
    assert_int_equal(sock_bind(&c, a, an, alen), 0);
    char buf[16];
    assert_int_equal(sock_send(a, NULL, "x", 1, NULL, 0, &me, 0), -ENOTCONN);
    assert_int_equal(sock_send(a, b, "one", 3, NULL, 0, &me, 0), 3);
    assert_int_equal(sock_send(a, b, "two", 3, NULL, 0, &me, 0), 3);
    struct sock_recv_info info;
    assert_int_equal(sock_recv(b, buf, 2, 0, &info), 2); /* truncated: the rest is gone */
    assert_true(info.flags & LX_MSG_TRUNC);
    assert_int_equal(info.from.len, alen);
    assert_int_equal(info.cred.pid, me.pid);
    sock_recv_info_drop(&info);
    assert_int_equal(recv_plain(b, buf, 1, LX_MSG_TRUNC), 3);
    assert_int_equal(recv_plain(b, buf, sizeof buf, 0), -EAGAIN);
    assert_int_equal(sock_send(a, b, buf, SOCK_BUF_DEFAULT, NULL, 0, &me, 0), -EMSGSIZE);
    /* full: by cost against SO_RCVBUF, or by count with a large buffer */
    int k = 0;
    while (sock_send(a, b, "q", 1, NULL, 0, &me, 0) == 1)
        k++;
    assert_int_equal(k, (SOCK_BUF_DEFAULT - SOCK_MSG_COST - 1) / (SOCK_MSG_COST + 1) + 1);
    assert_int_equal(sock_send(a, b, "q", 1, NULL, 0, &me, 0), -EAGAIN);
    int big = 1 << 30;
    assert_int_equal(sock_setopt(b, SO_RCVBUF, &big, sizeof big), 0);
    while (sock_send(a, b, "q", 1, NULL, 0, &me, 0) == 1)
        k++;
    assert_int_equal(k, SOCK_DGRAM_QLEN);
    /* the default destination closes: ECONNREFUSED once, then ENOTCONN */
    assert_int_equal(sock_connect(a, b, &me), 0);
    ofile_unref(fb);
    assert_int_equal(sock_send(a, NULL, "x", 1, NULL, 0, &me, 0), -ECONNREFUSED);
    assert_int_equal(sock_send(a, NULL, "x", 1, NULL, 0, &me, 0), -ENOTCONN);
    ofile_unref(fa);
}

static void test_rights_in_flight(void **state)
{
    (void)state;
    struct ofile *f[2];
    struct sock *s[2];
    pair(LX_SOCK_STREAM, f, s);
    struct vnode *vn;
    assert_int_equal(pipe_create(&fs, &c.cred, &vn), 0);
    int err = 0;
    struct ofile *r = ofile_new(vn, O_RDONLY, NULL, &err), *w = ofile_new(vn, O_WRONLY, NULL, &err);
    vfs_unref(vn);
    assert_int_equal(sock_send(s[0], NULL, "a", 1, NULL, 0, &me, 0), 1);
    assert_int_equal(sock_send(s[0], NULL, "b", 1, &r, 1, &me, 0), 1);
    assert_int_equal(sock_send(s[0], NULL, "c", 1, NULL, 0, &other, 0), 1);
    ofile_unref(r); /* the message holds it now */
    assert_false(poll_of(w) & POLLERR);
    /* reads stop before a message carrying descriptors and after it */
    char buf[8];
    struct sock_recv_info info;
    assert_int_equal(sock_recv(s[1], buf, sizeof buf, 0, &info), 1);
    assert_int_equal(info.nfiles, 0);
    assert_int_equal(sock_recv(s[1], buf, sizeof buf, LX_MSG_PEEK, &info), 1);
    assert_int_equal(info.nfiles, 1); /* a peek gets its own references */
    sock_recv_info_drop(&info);
    assert_int_equal(sock_recv(s[1], buf, sizeof buf, 0, &info), 1);
    assert_int_equal(info.nfiles, 1);
    assert_ptr_equal(info.files[0], r);
    sock_recv_info_drop(&info); /* not installed: released */
    assert_true(poll_of(w) & POLLERR);
    /* another sender's bytes start a new read */
    assert_int_equal(sock_recv(s[1], buf, sizeof buf, 0, &info), 1);
    assert_int_equal(info.cred.pid, other.pid);
    /* never received: released with the socket */
    struct vnode *vn2;
    assert_int_equal(pipe_create(&fs, &c.cred, &vn2), 0);
    struct ofile *r2 = ofile_new(vn2, O_RDONLY, NULL, &err), *w2 = ofile_new(vn2, O_WRONLY, NULL, &err);
    vfs_unref(vn2);
    assert_int_equal(sock_send(s[0], NULL, "d", 1, &r2, 1, &me, 0), 1);
    ofile_unref(r2);
    ofile_unref(f[1]);
    assert_true(poll_of(w2) & POLLERR);
    /* a socket in flight inside its own peer's queue is closed with it */
    struct ofile *g[2];
    struct sock *t[2];
    pair(LX_SOCK_DGRAM, g, t);
    assert_int_equal(sock_send(t[0], NULL, "e", 1, &g[0], 1, &me, 0), 1);
    ofile_unref(g[0]);
    ofile_unref(g[1]); /* frees g[1]'s queue, which held the last reference of g[0] */
    ofile_unref(w);
    ofile_unref(w2);
    ofile_unref(f[0]);
}

static void test_options(void **state)
{
    (void)state;
    struct ofile *f;
    struct sock *s = new_sock(LX_SOCK_SEQPACKET, &f);
    int v = 1000;
    uint32_t len = sizeof v;
    assert_int_equal(sock_setopt(s, SO_SNDBUF, &v, sizeof v), 0);
    assert_int_equal(sock_getopt(s, SO_SNDBUF, &v, &len), 0);
    assert_int_equal(v, SOCK_BUF_MIN);
    v = 1 << 30;
    assert_int_equal(sock_setopt(s, SO_SNDBUF, &v, sizeof v), 0);
    assert_int_equal(sock_getopt(s, SO_SNDBUF, &v, &len), 0);
    assert_int_equal(v, 2 * SOCK_BUF_MAX);
    assert_int_equal(sock_getopt(s, SO_TYPE, &v, &len), 0);
    assert_int_equal(v, LX_SOCK_SEQPACKET);
    assert_int_equal(sock_getopt(s, 12345, &v, &len), -ENOPROTOOPT);
    assert_int_equal(sock_setopt(s, SO_PASSCRED, &v, 2), -EINVAL);
    assert_int_equal(sock_setopt(s, SO_REUSEADDR, &v, sizeof v), 0);
    assert_int_equal(sock_getopt(s, SO_REUSEADDR, &v, &len), 0);
    assert_int_equal(v, 1);
    struct sock_cred cr;
    len = sizeof cr;
    assert_int_equal(sock_getopt(s, SO_PEERCRED, &cr, &len), 0);
    assert_int_equal(cr.pid, 0);
    assert_int_equal(cr.uid, (uint32_t)-1);
    assert_int_equal(poll_of(f) & POLLHUP, POLLHUP); /* not connected */
    assert_int_equal(sock_send(s, NULL, "x", 1, NULL, 0, &me, 0), -ENOTCONN);
    char buf[4];
    assert_int_equal(recv_plain(s, buf, sizeof buf, 0), -ENOTCONN);
    ofile_unref(f);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_stream_pair), T(test_stream_buffer_limit), T(test_listen_connect_accept),
        T(test_abstract_and_autobind), T(test_dgram), T(test_rights_in_flight), T(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
