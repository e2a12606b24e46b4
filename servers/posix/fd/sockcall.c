/* The socket syscalls over socket.c: socket, socketpair, bind, listen,
 * accept, accept4, connect, sendto, recvfrom, sendmsg, recvmsg, shutdown,
 * getsockname, getpeername, getsockopt, setsockopt (the handlers the Linux
 * ABI table names). read, write, readv and writev reach a socket through
 * its file operations (socket.c), whole (FILE_OPS_WHOLE), never here.
 *
 * Copies addresses, iovecs, message headers and ancillary data between the
 * client and the server (a bad pointer is EFAULT), installs received
 * descriptors, raises SIGPIPE for EPIPE on a stream (not with MSG_NOSIGNAL),
 * and parks a caller that must wait (BLOCK_READ on the socket's wait
 * queues: run again when one is woken, cut short by signals like a read)
 * unless the descriptor is O_NONBLOCK or MSG_DONTWAIT was given.
 *
 * Limits: IO_WHOLE_MAX bytes moved by one call (fileio.h: twice the
 * largest socket buffer: a larger stream read or write is short);
 * msg_controllen up to SOCKCALL_CONTROL_MAX (ENOBUFS beyond); 1024 iovecs
 * (EMSGSIZE). AF_UNIX, and AF_NETLINK sockets only for mq_notify's cookie
 * (socket.h): other families are EAFNOSUPPORT.
 * sendmmsg/recvmmsg and MSG_OOB (EOPNOTSUPP) are not provided. */
#include "posix.h"
#include "socket.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "signal.h"
#include "file.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/fcntl.h>
#include <asm-generic/socket.h>

#define SOCKCALL_CONTROL_MAX 16384 /* msg_controllen a send may give (Linux: optmem_max) */
#define SOCKCALL_IOV_MAX     1024  /* UIO_MAXIOV */
#define LX_AF_MAX            46    /* families Linux numbers (NPROTO): others EAFNOSUPPORT */
#define SOCKADDR_STORAGE     128   /* the most an address argument may be */

/* struct msghdr and struct cmsghdr of 64-bit Linux (one layout on every 64-bit architecture). */
struct lx_msghdr {
    uint64_t name;
    uint32_t namelen, pad0;
    uint64_t iov, iovlen;
    uint64_t control, controllen;
    int32_t flags;
    uint32_t pad1;
};
struct lx_cmsghdr {
    uint64_t len;
    int32_t level, type;
};
#define CMSG_HDR          sizeof(struct lx_cmsghdr)
#define CMSG_ALIGN8(n)    (((n) + 7) & ~(size_t)7)
#define CMSG_SPACE_OF(n)  (CMSG_HDR + CMSG_ALIGN8(n))

static uint8_t control[SOCKCALL_CONTROL_MAX];
static struct uiovec iov[SOCKCALL_IOV_MAX];
static struct ofile *passing[SOCK_MAX_FD];

/* The socket behind fd: EBADF, ENOTSOCK. */
static struct sock *sock_at(struct proc *p, int fd, struct ofile **fp, long *err)
{
    struct ofile *f = fdtable_get(p->fdt, fd);
    struct sock *s = f ? sock_of(f) : NULL;
    *err = !f ? -EBADF : !s ? -ENOTSOCK : 0;
    if (fp)
        *fp = f;
    return s;
}

/* A call that would wait parks on its socket's queues (BLOCK_READ, run
   again whole when one is woken) unless it may not. */
static long park(struct thread *t, struct ofile *f, long r, int nonblock)
{
    if (r != -EAGAIN || nonblock)
        return r;
    return fileio_park(t, f, BLOCK_READ);
}

static struct sock_cred sender_of(const struct proc *p)
{
    return (struct sock_cred){ p->pid, p->uid, p->gid }; /* SCM_CREDENTIALS: real ids */
}

static struct sock_cred owner_of(const struct proc *p)
{
    return (struct sock_cred){ p->pid, p->euid, p->egid }; /* SO_PEERCRED: effective ids */
}

static long get_addr(struct proc *p, uint64_t addr, uint32_t len, uint8_t buf[SOCKADDR_STORAGE])
{
    if (len > SOCKADDR_STORAGE)
        return -EINVAL;
    if (len && client_read(p, addr, buf, len) < 0)
        return -EFAULT;
    return 0;
}

/* move_addr_to_user: as much of a as *lenp allows, and its whole length. */
static long put_addr(struct proc *p, uint64_t uaddr, uint64_t lenp, const struct sock_addr *a)
{
    uint32_t room;
    if (client_read_u32(p, lenp, &room) < 0)
        return -EFAULT;
    if ((int32_t)room < 0)
        return -EINVAL;
    uint32_t n = room < a->len ? room : a->len;
    if (n && client_write(p, uaddr, a->bytes, n) < 0)
        return -EFAULT;
    return client_write_u32(p, lenp, a->len) < 0 ? -EFAULT : 0;
}

static long read_iov(struct proc *p, uint64_t addr, uint64_t cnt, size_t *total)
{
    return cnt > SOCKCALL_IOV_MAX ? -EMSGSIZE : client_iovecs(p, addr, cnt, iov, total);
}

/* Between fileio_iobuf and the iovecs: n bytes. */
static long gather(struct proc *p, uint64_t cnt, size_t n)
{
    size_t done = 0;
    for (uint64_t i = 0; i < cnt && done < n; i++) {
        size_t k = iov[i].len < n - done ? (size_t)iov[i].len : n - done;
        if (k && client_read(p, iov[i].base, fileio_iobuf + done, k) < 0)
            return -EFAULT;
        done += k;
    }
    return 0;
}

static long scatter(struct proc *p, uint64_t cnt, size_t n)
{
    size_t done = 0;
    for (uint64_t i = 0; i < cnt && done < n; i++) {
        size_t k = iov[i].len < n - done ? (size_t)iov[i].len : n - done;
        if (k && client_write(p, iov[i].base, fileio_iobuf + done, k) < 0)
            return -EFAULT;
        done += k;
    }
    return 0;
}

/* --- sending ----------------------------------------------------------------------------- */

/* SCM_CREDENTIALS a sender gives must be its own (root: any). */
static int creds_allowed(const struct proc *p, const struct sock_cred *c)
{
    if (p->euid == 0)
        return 1;
    return c->pid == p->pid && (c->uid == p->uid || c->uid == p->euid || c->uid == p->suid) &&
           (c->gid == p->gid || c->gid == p->egid || c->gid == p->sgid);
}

/* The ancillary data of a send: descriptors into passing[] (no references),
   credentials into *cred. */
static long parse_control(struct proc *p, const struct lx_msghdr *m, int *nfiles,
                          struct sock_cred *cred)
{
    *nfiles = 0;
    if (!m->controllen)
        return 0;
    if (m->controllen > SOCKCALL_CONTROL_MAX)
        return -ENOBUFS;
    size_t len = (size_t)m->controllen;
    if (client_read(p, m->control, control, len) < 0)
        return -EFAULT;
    for (size_t at = 0; at + CMSG_HDR <= len;) {
        struct lx_cmsghdr h;
        memcpy(&h, control + at, sizeof h);
        if (h.len < CMSG_HDR || h.len > len - at)
            return -EINVAL;
        size_t data = (size_t)h.len - CMSG_HDR;
        const uint8_t *d = control + at + CMSG_HDR;
        if (h.level == SOL_SOCKET && h.type == LX_SCM_RIGHTS) {
            int n = (int)(data / sizeof(int));
            if (*nfiles + n > SOCK_MAX_FD)
                return -EINVAL;
            for (int i = 0; i < n; i++) {
                int fd;
                memcpy(&fd, d + i * sizeof fd, sizeof fd);
                struct ofile *f = fdtable_get(p->fdt, fd);
                if (!f || (f->flags & O_PATH))
                    return -EBADF;
                passing[(*nfiles)++] = f;
            }
        } else if (h.level == SOL_SOCKET && h.type == LX_SCM_CREDENTIALS) {
            struct sock_cred c;
            if (data != sizeof c)
                return -EINVAL;
            memcpy(&c, d, sizeof c);
            if (!creds_allowed(p, &c))
                return -EPERM;
            *cred = c;
        } else if (h.level == SOL_SOCKET) {
            return -EINVAL;
        }
        at += CMSG_ALIGN8((size_t)h.len);
    }
    return 0;
}

/* The data's iovecs into iov[]: the caller's array, or one buffer
   (single: send, recv, read, write). */
static long load_iov(struct proc *p, const struct lx_msghdr *m, const struct uiovec *single,
                     uint64_t *cnt, size_t *total)
{
    if (!single) {
        *cnt = m->iovlen;
        return read_iov(p, m->iov, m->iovlen, total);
    }
    iov[0] = *single;
    *cnt = 1;
    *total = (size_t)(single->len < FILE_IO_MAX ? single->len : FILE_IO_MAX);
    iov[0].len = *total;
    return 0;
}

static long do_send(struct thread *t, int fd, const struct lx_msghdr *m,
                    const struct uiovec *single, int flags)
{
    struct proc *p = t->p;
    struct ofile *f;
    long r;
    struct sock *s = sock_at(p, fd, &f, &r);
    if (!s)
        return r;
    if (flags & LX_MSG_OOB)
        return -EOPNOTSUPP;
    size_t total;
    uint64_t cnt;
    if ((r = load_iov(p, m, single, &cnt, &total)) < 0)
        return r;
    int nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
    struct sock *to = NULL;
    if (m->namelen && sock_type(s) == LX_SOCK_STREAM) {
        struct sock_addr peer;
        return sock_name(s, 1, &peer) == 0 ? -EISCONN : -EOPNOTSUPP;
    }
    if (m->namelen && sock_type(s) == LX_SOCK_DGRAM) {
        uint8_t a[SOCKADDR_STORAGE];
        struct file_ctx c = fileio_ctx(t);
        if ((r = get_addr(p, m->name, m->namelen, a)) < 0 ||
            (r = sock_lookup(&c, a, m->namelen, LX_SOCK_DGRAM, &to)) < 0)
            return r;
        if (sock_type(to) != LX_SOCK_DGRAM)
            return -EPROTOTYPE;
    }
    struct sock_cred cred = sender_of(p);
    int nfiles;
    if ((r = parse_control(p, m, &nfiles, &cred)) < 0)
        return r;
    size_t n = total < (size_t)IO_WHOLE_MAX ? total : (size_t)IO_WHOLE_MAX;
    if ((r = gather(p, cnt, n)) < 0)
        return r;
    r = sock_send(s, to, fileio_iobuf, n, passing, nfiles, &cred, nonblock);
    if (r == -EPIPE && sock_type(s) == LX_SOCK_STREAM && !(flags & LX_MSG_NOSIGNAL)) {
        signal_send_thread(t, SIGPIPE, NULL);
        return r; /* a default SIGPIPE ended the caller: t is not touched again */
    }
    return park(t, f, r, nonblock);
}

/* --- receiving --------------------------------------------------------------------------- */

/* Writes the received ancillary data (credentials, then descriptors, as
   Linux) into the client's control buffer; descriptors that do not fit or
   cannot be installed are dropped with MSG_CTRUNC. Sets m->controllen to
   what was written and may add LX_MSG_CTRUNC to *mflags. */
static long put_control(struct thread *t, struct sock *s, struct lx_msghdr *m,
                        struct sock_recv_info *info, int flags, int *mflags)
{
    struct proc *p = t->p;
    size_t room = m->control ? (size_t)m->controllen : 0;
    if (room > sizeof control)
        room = sizeof control;
    size_t used = 0;
    if (sock_passcred(s)) {
        struct lx_cmsghdr h = { CMSG_HDR + sizeof info->cred, SOL_SOCKET, LX_SCM_CREDENTIALS };
        if (room - used < h.len) {
            *mflags |= LX_MSG_CTRUNC;
        } else {
            memset(control + used, 0, CMSG_SPACE_OF(sizeof info->cred) < room - used
                                          ? CMSG_SPACE_OF(sizeof info->cred) : room - used);
            memcpy(control + used, &h, sizeof h);
            memcpy(control + used + CMSG_HDR, &info->cred, sizeof info->cred);
            size_t space = CMSG_SPACE_OF(sizeof info->cred);
            used += space < room - used ? space : room - used;
        }
    }
    int installed[SOCK_MAX_FD];
    int k = 0;
    if (info->nfiles) {
        int fit = room - used > CMSG_HDR ? (int)((room - used - CMSG_HDR) / sizeof(int)) : 0;
        int cloexec = (flags & LX_MSG_CMSG_CLOEXEC) != 0;
        while (k < info->nfiles && k < fit) {
            int fd = fdtable_install(p->fdt, info->files[k], 0, cloexec);
            if (fd < 0)
                break;
            installed[k++] = fd; /* the table took that reference */
        }
        if (k < info->nfiles)
            *mflags |= LX_MSG_CTRUNC;
        for (int i = k; i < info->nfiles; i++)
            ofile_unref(info->files[i]);
        free(info->files);
        info->files = NULL;
        info->nfiles = 0;
        if (k) {
            struct lx_cmsghdr h = { CMSG_HDR + (size_t)k * sizeof(int), SOL_SOCKET, LX_SCM_RIGHTS };
            memcpy(control + used, &h, sizeof h);
            memcpy(control + used + CMSG_HDR, installed, (size_t)k * sizeof(int));
            size_t space = CMSG_SPACE_OF((size_t)k * sizeof(int));
            if (space > room - used)
                space = room - used;
            memset(control + used + h.len, 0, space - (size_t)h.len);
            used += space;
        }
    }
    m->controllen = used;
    if (used && client_write(p, m->control, control, used) < 0) {
        struct file_ctx c = fileio_ctx(t);
        for (int i = 0; i < k; i++)
            file_close(&c, installed[i]);
        return -EFAULT;
    }
    return 0;
}

/* recvmsg (msgp: the header's address), recvfrom (uaddr/ulenp) and read. */
static long do_recv(struct thread *t, int fd, struct lx_msghdr *m, const struct uiovec *single,
                    int flags, uint64_t msgp, uint64_t uaddr, uint64_t ulenp)
{
    struct proc *p = t->p;
    struct ofile *f;
    long r;
    struct sock *s = sock_at(p, fd, &f, &r);
    if (!s)
        return r;
    if (flags & LX_MSG_OOB)
        return -EOPNOTSUPP;
    size_t total;
    uint64_t cnt;
    if ((r = load_iov(p, m, single, &cnt, &total)) < 0)
        return r;
    int nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
    size_t n = total < (size_t)IO_WHOLE_MAX ? total : (size_t)IO_WHOLE_MAX;
    struct sock_recv_info info;
    int64_t got = sock_recv(s, fileio_iobuf, n, flags & (LX_MSG_PEEK | LX_MSG_WAITALL | LX_MSG_TRUNC),
                            &info);
    if (got < 0) {
        sock_recv_info_drop(&info);
        return park(t, f, got, nonblock);
    }
    long err = scatter(p, cnt, (size_t)got < n ? (size_t)got : n);
    int mflags = info.flags;
    if (!err && uaddr)
        err = put_addr(p, uaddr, ulenp, &info.from);
    if (!err && msgp) {
        /* msg_namelen changes only with a msg_name, as Linux */
        if (m->name && (err = put_addr(p, m->name, msgp + offsetof(struct lx_msghdr, namelen),
                                       &info.from)) < 0)
            ;
        else if (!(err = put_control(t, s, m, &info, flags, &mflags)) &&
                 (client_write_u64(p, msgp + offsetof(struct lx_msghdr, controllen),
                                   m->controllen) < 0 ||
                  client_write_u32(p, msgp + offsetof(struct lx_msghdr, flags),
                                   (uint32_t)mflags) < 0))
            err = -EFAULT;
    }
    sock_recv_info_drop(&info); /* plain reads drop what came along */
    return err ? err : got;
}

/* --- the calls ------------------------------------------------------------------------------ */

static long do_socket(struct thread *t, int family, int type, int protocol, uint64_t sv)
{
    int flags = type & ~LX_SOCK_TYPE_MASK;
    type &= LX_SOCK_TYPE_MASK;
    if (flags & ~(O_NONBLOCK | O_CLOEXEC))
        return -EINVAL;
    if (family < 0 || family >= LX_AF_MAX)
        return -EAFNOSUPPORT;
    if (type >= LX_SOCK_MAX)
        return -EINVAL;
    if (family != LX_AF_UNIX && family != LX_AF_NETLINK)
        return -EAFNOSUPPORT; /* AF_UNIX, and netlink for mq_notify (socket.h) */
    if (family == LX_AF_NETLINK && sv)
        return -EOPNOTSUPP; /* netlink has no socketpair */
    struct proc *p = t->p;
    struct file_ctx c = fileio_ctx(t);
    struct ofile *f[2];
    int r;
    if (family == LX_AF_NETLINK)
        r = sock_create_netlink(&posix_vfs, &c.cred, type, protocol, (uint32_t)flags, &f[0]);
    else if (!sv)
        r = sock_create(&posix_vfs, &c.cred, type, protocol, (uint32_t)flags, &f[0]);
    else {
        struct sock_cred who = owner_of(p);
        r = sock_create_pair(&posix_vfs, &c.cred, &who, type, protocol, (uint32_t)flags, f);
    }
    if (r < 0)
        return r;
    int cloexec = (flags & O_CLOEXEC) != 0;
    int fds[2];
    fds[0] = fdtable_install(p->fdt, f[0], 0, cloexec);
    if (fds[0] < 0) {
        ofile_unref(f[0]);
        if (sv)
            ofile_unref(f[1]);
        return fds[0];
    }
    if (!sv)
        return fds[0];
    fds[1] = fdtable_install(p->fdt, f[1], 0, cloexec);
    if (fds[1] < 0) {
        ofile_unref(f[1]);
        file_close(&c, fds[0]);
        return fds[1];
    }
    if (client_write(p, sv, fds, sizeof fds) < 0) {
        file_close(&c, fds[0]);
        file_close(&c, fds[1]);
        return -EFAULT;
    }
    return 0;
}

static long do_bind_connect(struct thread *t, int fd, uint64_t addr, uint32_t len, int bind)
{
    struct proc *p = t->p;
    struct ofile *f;
    long r;
    struct sock *s = sock_at(p, fd, &f, &r);
    if (!s)
        return r;
    uint8_t a[SOCKADDR_STORAGE];
    if ((r = get_addr(p, addr, len, a)) < 0)
        return r;
    struct file_ctx c = fileio_ctx(t);
    if (bind)
        return sock_bind(&c, s, a, len);
    struct sock *target = NULL;
    if (!(sock_type(s) == LX_SOCK_DGRAM && sock_addr_unspec(a, len)) &&
        (r = sock_lookup(&c, a, len, sock_type(s), &target)) < 0)
        return r;
    struct sock_cred who = owner_of(p);
    return park(t, f, sock_connect(s, target, &who), (f->flags & O_NONBLOCK) != 0);
}

static long do_accept(struct thread *t, int fd, uint64_t uaddr, uint64_t ulenp, int flags)
{
    if (flags & ~(O_NONBLOCK | O_CLOEXEC))
        return -EINVAL;
    struct proc *p = t->p;
    struct ofile *f;
    long r;
    struct sock *s = sock_at(p, fd, &f, &r);
    if (!s)
        return r;
    struct file_ctx c = fileio_ctx(t);
    struct ofile *nf;
    r = sock_accept(s, &posix_vfs, &c.cred, (uint32_t)flags, &nf);
    if (r < 0)
        return park(t, f, r, (f->flags & O_NONBLOCK) != 0);
    int nfd = fdtable_install(p->fdt, nf, 0, (flags & O_CLOEXEC) != 0);
    if (nfd < 0) {
        ofile_unref(nf); /* the connection is lost, as when Linux fails here */
        return nfd;
    }
    if (uaddr) {
        struct sock_addr a;
        sock_name(sock_of(nf), 1, &a);
        if ((r = put_addr(p, uaddr, ulenp, &a)) < 0) {
            file_close(&c, nfd);
            return r;
        }
    }
    return nfd;
}

static long do_name(struct thread *t, int fd, uint64_t uaddr, uint64_t ulenp, int peer)
{
    long r;
    struct sock *s = sock_at(t->p, fd, NULL, &r);
    if (!s)
        return r;
    struct sock_addr a;
    if ((r = sock_name(s, peer, &a)) < 0)
        return r;
    return put_addr(t->p, uaddr, ulenp, &a);
}

static long do_getsockopt(struct thread *t, int fd, int level, int name, uint64_t val,
                          uint64_t lenp)
{
    long r;
    struct sock *s = sock_at(t->p, fd, NULL, &r);
    if (!s)
        return r;
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    uint32_t len;
    if (client_read_u32(t->p, lenp, &len) < 0)
        return -EFAULT;
    if ((int32_t)len < 0)
        return -EINVAL;
    uint8_t buf[16];
    if (len > sizeof buf)
        len = sizeof buf;
    if ((r = sock_getopt(s, name, buf, &len)) < 0)
        return r;
    if ((len && client_write(t->p, val, buf, len) < 0) || client_write_u32(t->p, lenp, len) < 0)
        return -EFAULT;
    return 0;
}

static long do_setsockopt(struct thread *t, int fd, int level, int name, uint64_t val,
                          uint32_t len)
{
    long r;
    struct sock *s = sock_at(t->p, fd, NULL, &r);
    if (!s)
        return r;
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    if ((int32_t)len < 0)
        return -EINVAL;
    uint8_t buf[16];
    uint32_t n = len < sizeof buf ? len : (uint32_t)sizeof buf;
    if (n >= sizeof(int) && client_read(t->p, val, buf, n) < 0)
        return -EFAULT;
    return sock_setopt(s, name, buf, n);
}

static long do_sendmsg(struct thread *t, int fd, uint64_t msgp, int flags)
{
    struct lx_msghdr m;
    if (client_read(t->p, msgp, &m, sizeof m) < 0)
        return -EFAULT;
    return do_send(t, fd, &m, NULL, flags);
}

static long do_recvmsg(struct thread *t, int fd, uint64_t msgp, int flags)
{
    struct lx_msghdr m;
    if (client_read(t->p, msgp, &m, sizeof m) < 0)
        return -EFAULT;
    return do_recv(t, fd, &m, NULL, flags, msgp, 0, 0);
}

/* --- the handlers ------------------------------------------------------------------ */

long sys_socket(struct thread *t, const uint64_t *a)
{
    return do_socket(t, (int)a[0], (int)a[1], (int)a[2], 0);
}

long sys_socketpair(struct thread *t, const uint64_t *a)
{
    if (!a[3])
        return -EFAULT;
    return do_socket(t, (int)a[0], (int)a[1], (int)a[2], a[3]);
}

long sys_bind(struct thread *t, const uint64_t *a)
{
    return do_bind_connect(t, (int)a[0], a[1], (uint32_t)a[2], 1);
}

long sys_connect(struct thread *t, const uint64_t *a)
{
    return do_bind_connect(t, (int)a[0], a[1], (uint32_t)a[2], 0);
}

long sys_listen(struct thread *t, const uint64_t *a)
{
    long r;
    struct sock *s = sock_at(t->p, (int)a[0], NULL, &r);
    struct sock_cred who = owner_of(t->p);
    return s ? sock_listen(s, (int)a[1], &who) : r;
}

long sys_accept(struct thread *t, const uint64_t *a)
{
    return do_accept(t, (int)a[0], a[1], a[2], 0);
}

long sys_accept4(struct thread *t, const uint64_t *a)
{
    return do_accept(t, (int)a[0], a[1], a[2], (int)a[3]);
}

long sys_shutdown(struct thread *t, const uint64_t *a)
{
    long r;
    struct sock *s = sock_at(t->p, (int)a[0], NULL, &r);
    return s ? sock_shutdown(s, (int)a[1]) : r;
}

long sys_getsockname(struct thread *t, const uint64_t *a)
{
    return do_name(t, (int)a[0], a[1], a[2], 0);
}

long sys_getpeername(struct thread *t, const uint64_t *a)
{
    return do_name(t, (int)a[0], a[1], a[2], 1);
}

long sys_getsockopt(struct thread *t, const uint64_t *a)
{
    return do_getsockopt(t, (int)a[0], (int)a[1], (int)a[2], a[3], a[4]);
}

long sys_setsockopt(struct thread *t, const uint64_t *a)
{
    return do_setsockopt(t, (int)a[0], (int)a[1], (int)a[2], a[3], (uint32_t)a[4]);
}

long sys_sendto(struct thread *t, const uint64_t *a)
{
    struct uiovec one = { a[1], a[2] };
    struct lx_msghdr m = { .name = a[4], .namelen = a[4] ? (uint32_t)a[5] : 0 };
    return do_send(t, (int)a[0], &m, &one, (int)a[3]);
}

long sys_recvfrom(struct thread *t, const uint64_t *a)
{
    struct uiovec one = { a[1], a[2] };
    struct lx_msghdr m = { 0 };
    return do_recv(t, (int)a[0], &m, &one, (int)a[3], 0, a[4], a[4] ? a[5] : 0);
}

long sys_sendmsg(struct thread *t, const uint64_t *a)
{
    return do_sendmsg(t, (int)a[0], a[1], (int)a[2]);
}

long sys_recvmsg(struct thread *t, const uint64_t *a)
{
    return do_recvmsg(t, (int)a[0], a[1], (int)a[2]);
}
