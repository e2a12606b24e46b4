/* AF_UNIX sockets (see socket.h). */
#include "socket.h"
#include "file.h"
#include "waitq.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/poll.h>
#include <asm-generic/socket.h>
#include <linux/fcntl.h>

#define SOCK_RCVBUF_MIN 2304 /* SOCK_MIN_RCVBUF: the least SO_RCVBUF leaves */
#define DGRAM_OVERHEAD  32   /* Linux refuses datagrams over SO_SNDBUF - 32 */

enum sock_state { SS_UNCONNECTED, SS_LISTENING, SS_CONNECTED };

/* Shutdown bits (Linux's RCV_SHUTDOWN, SEND_SHUTDOWN). */
#define SHUT_RCV  1
#define SHUT_SEND 2
#define SHUT_BOTH 3

/* Options that are only remembered (getsockopt shows them back). */
static const int remembered_opts[] = { SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST, SO_DONTROUTE,
                                       SO_OOBINLINE, SO_REUSEPORT };
#define NREMEMBERED (int)(sizeof remembered_opts / sizeof remembered_opts[0])

/* One write (stream) or record (datagram, seqpacket) in a receive queue. */
struct sock_msg {
    struct sock_msg *next;
    size_t len, off;          /* bytes, and how many a stream reader took */
    struct sock_cred cred;    /* the sender's */
    struct sock_addr from;    /* the sender's name then */
    struct ofile **files;     /* SCM_RIGHTS in flight (referenced), nfiles of them */
    int nfiles;
    uint8_t data[];
};

struct sock {
    int type;
    int netlink;                /* an AF_NETLINK socket (NETLINK_ROUTE): receives what the
                                   server delivers (mq_notify's cookies), nothing else */
    enum sock_state state;
    struct vnode *vn;           /* its node (NULL: a connection not accepted yet) */
    struct sock *peer;          /* connected: the other end; datagrams: the default destination */
    int peer_died;              /* datagrams: the default destination closed */
    struct sock_addr addr;      /* its name (len 0: none) */
    int owns_name;              /* bound it itself (an accepted socket only shows its listener's) */
    struct sock_addr peer_addr; /* the peer's name when they met */
    struct vnode *path_node;    /* bound to a path: that node (referenced) */
    struct sock_msg *rq_head, *rq_tail;
    size_t rq_bytes, rq_count;  /* unread data bytes, messages */
    size_t rq_charge;           /* what the queue costs against a buffer size (charge_of) */
    struct sock *pending_head, *pending_tail; /* a listener's connections not accepted */
    struct sock *next_pending;
    struct sock *listener;      /* a pending connection: the listener holding it */
    int backlog, npending;
    int shut;                   /* SHUT_RCV | SHUT_SEND */
    int err;                    /* SO_ERROR */
    int passcred;
    uint32_t opts;              /* remembered_opts[i] set: bit i */
    uint32_t sndbuf, rcvbuf;
    struct sock_cred peercred;  /* SO_PEERCRED */
    struct sock_cred listen_cred; /* a listener's: what its clients see */
    struct sock *next_all, *prev_all;
    /* Waiting: parked calls and polls on this socket, and writers and
       connectors waiting for room in its queue or backlog, are on wq.
       waits_on: a socket (not the peer) that a blocked sendto or connect
       found full; its wake lets this one go on too (no reference: cleared
       when it closes). */
    struct waitq wq;
    struct sock *waits_on;
};

static struct sock *all_socks;
static int creating; /* the open operation lets only this file open a socket node */
static const struct file_ops stream_ops, record_ops;

static void wake(struct sock *s)
{
    if (s)
        waitq_wake(&s->wq);
}

size_t sock_live(void)
{
    size_t n = 0;
    for (const struct sock *s = all_socks; s; s = s->next_all)
        n++;
    return n;
}

static const struct sock_cred no_cred = { 0, (uint32_t)-1, (uint32_t)-1 };

static struct sock *sock_new(int type)
{
    struct sock *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->type = type;
    s->sndbuf = s->rcvbuf = SOCK_BUF_DEFAULT;
    s->peercred = no_cred;
    s->next_all = all_socks;
    if (all_socks)
        all_socks->prev_all = s;
    all_socks = s;
    return s;
}

static void sock_unlink(struct sock *s)
{
    if (s->prev_all)
        s->prev_all->next_all = s->next_all;
    else
        all_socks = s->next_all;
    if (s->next_all)
        s->next_all->prev_all = s->prev_all;
}

static void unnamed(struct sock_addr *a)
{
    memset(a, 0, sizeof *a);
    a->len = LX_SUN_PATH_OFF;
    a->bytes[0] = LX_AF_UNIX;
}

static int is_connection(const struct sock *s)
{
    return s->type != LX_SOCK_DGRAM;
}

/* --- messages ------------------------------------------------------------------------ */

static struct sock_msg *msg_new(const void *buf, size_t len, struct ofile *const *files,
                                int nfiles, const struct sock_cred *cred, const struct sock *from)
{
    struct sock_msg *m = malloc(sizeof *m + len);
    if (!m)
        return NULL;
    memset(m, 0, sizeof *m);
    if (nfiles) {
        m->files = malloc((size_t)nfiles * sizeof *m->files);
        if (!m->files) {
            free(m);
            return NULL;
        }
        for (int i = 0; i < nfiles; i++) {
            m->files[i] = files[i];
            ofile_ref(files[i]);
        }
        m->nfiles = nfiles;
    }
    if (len)
        memcpy(m->data, buf, len);
    m->len = len;
    m->cred = *cred;
    m->from = from->addr;
    return m;
}

static void drop_files(struct ofile **files, int n)
{
    for (int i = 0; i < n; i++)
        ofile_unref(files[i]); /* may close a socket in flight */
    free(files);
}

static void msg_free(struct sock_msg *m)
{
    drop_files(m->files, m->nfiles);
    free(m);
}

/* A message costs its unread bytes plus SOCK_MSG_COST, as a Linux skb
   costs its truesize: many tiny writes fill a buffer long before its size
   in data (and the server's memory stays bounded). */
static size_t charge_of(const struct sock_msg *m)
{
    return m->len - m->off + SOCK_MSG_COST;
}

static void enqueue(struct sock *s, struct sock_msg *m)
{
    if (s->rq_tail)
        s->rq_tail->next = m;
    else
        s->rq_head = m;
    s->rq_tail = m;
    s->rq_bytes += m->len - m->off;
    s->rq_charge += charge_of(m);
    s->rq_count++;
    wake(s);
}

static struct sock_msg *dequeue(struct sock *s)
{
    struct sock_msg *m = s->rq_head;
    s->rq_head = m->next;
    if (!s->rq_head)
        s->rq_tail = NULL;
    s->rq_bytes -= m->len - m->off;
    s->rq_charge -= charge_of(m);
    s->rq_count--;
    wake(s);
    return m;
}

/* --- nodes and lifetime ------------------------------------------------------------ */

struct sock *sock_of(const struct ofile *f)
{
    struct vnode *vn = f->vn;
    return vfs_is_dev(vn) && (vn->u.chr.ops == &stream_ops || vn->u.chr.ops == &record_ops)
               ? vn->u.chr.ctx : NULL;
}

/* A path node names a socket while it is bound; opening it is ENXIO. */
static int path_open(struct ofile *f, const struct file_ctx *c)
{
    (void)f, (void)c;
    return -ENXIO;
}
static const struct file_ops sock_path_ops = { .open = path_open };

/* The node and the one open file description of s. */
static int make_file(struct sock *s, struct vfs *fs, const struct vfs_cred *cred, uint32_t oflags,
                     struct ofile **out)
{
    struct vnode *vn;
    const struct file_ops *ops = s->type == LX_SOCK_STREAM ? &stream_ops : &record_ops;
    int r = vfs_new_anon(fs, VFS_IFSOCK | 0777, ops, s, cred, &vn);
    if (r < 0)
        return r;
    int err = 0;
    creating = 1;
    struct ofile *f = ofile_new(vn, O_RDWR | (oflags & O_NONBLOCK), NULL, &err);
    creating = 0;
    if (!f) {
        vn->u.chr.ctx = NULL;
        vfs_unref(vn);
        return err ? err : -ENOMEM;
    }
    s->vn = vn;
    vfs_unref(vn); /* the description holds it */
    *out = f;
    return 0;
}

static void sock_close(struct sock *s, int reset_peer);

static void sock_free_unused(struct sock *s)
{
    sock_close(s, 0);
}

/* The socket is gone: its name, its pending connections, its peer's
   connection; then its queue (whose descriptors may close more sockets:
   s is out of every list first). */
static void sock_close(struct sock *s, int reset_peer)
{
    wake(s);
    wake(s->peer);
    wake(s->listener);
    if (s->path_node) {
        s->path_node->u.chr.ctx = NULL;
        vfs_unref(s->path_node);
        s->path_node = NULL;
    }
    s->addr.len = 0;
    s->owns_name = 0;
    s->state = SS_UNCONNECTED;
    struct sock *e;
    while ((e = s->pending_head)) { /* their clients see ECONNRESET */
        s->pending_head = e->next_pending;
        e->listener = NULL;
        sock_close(e, 1);
    }
    struct sock *o = s->peer;
    if (o && is_connection(s) && o->peer == s) {
        o->shut = SHUT_BOTH;
        if (s->rq_head || reset_peer)
            o->err = ECONNRESET;
    }
    for (struct sock *x = all_socks; x; x = x->next_all) {
        if (x->peer == s) {
            x->peer = NULL;
            x->peer_died = x->type == LX_SOCK_DGRAM;
        }
        if (x->waits_on == s)
            x->waits_on = NULL;
    }
    sock_unlink(s);
    while (s->rq_head)
        msg_free(dequeue(s));
    free(s);
}

/* --- the node's operations ------------------------------------------------------------ */

static int sock_node_open(struct ofile *f, const struct file_ctx *c)
{
    (void)f, (void)c;
    return creating ? 0 : -ENXIO; /* /proc/N/fd/M of a socket, as Linux */
}

static void sock_node_release(struct ofile *f)
{
    struct vnode *vn = f->vn;
    struct sock *s = vn->u.chr.ctx;
    if (!s)
        return;
    vn->u.chr.ctx = NULL;
    s->vn = NULL;
    sock_close(s, 0);
}

/* The fraction of the send buffer in use that still counts as writable
   (Linux's unix_writable: a quarter). */
static int writable(const struct sock *s)
{
    if (s->state == SS_LISTENING)
        return 0;
    const struct sock *o = s->peer;
    if (!o)
        return 1;
    if (s->type == LX_SOCK_DGRAM && o->peer != s &&
        (o->rq_count >= SOCK_DGRAM_QLEN || o->rq_charge >= o->rcvbuf))
        return 0;
    return o->rq_charge * 4 <= s->sndbuf;
}

static uint32_t sock_node_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)c;
    struct sock *s = f->vn->u.chr.ctx;
    if (!s)
        return 0;
    poll_wait(pt, &s->wq);
    if (s->peer)
        poll_wait(pt, &s->peer->wq);
    if (s->waits_on)
        poll_wait(pt, &s->waits_on->wq);
    uint32_t r = 0;
    if (s->err)
        r |= POLLERR;
    if (s->shut == SHUT_BOTH)
        r |= POLLHUP;
    if (s->shut & SHUT_RCV)
        r |= POLLRDHUP | POLLIN | POLLRDNORM;
    if (s->rq_head || s->pending_head)
        r |= POLLIN | POLLRDNORM;
    if (is_connection(s) && s->state == SS_UNCONNECTED)
        r |= POLLHUP; /* never connected (Linux's TCP_CLOSE) */
    if (writable(s))
        r |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return r;
}

static int64_t sock_node_ioctl(struct ofile *f, const struct file_ctx *c, uint64_t req, void *arg)
{
    (void)c;
    const struct sock *s = f->vn->u.chr.ctx;
    if (req != FIONREAD || !s)
        return -ENOTTY;
    if (s->state == SS_LISTENING)
        return -EINVAL;
    int n;
    if (s->type == LX_SOCK_STREAM)
        n = (int)s->rq_bytes;
    else
        n = s->rq_head ? (int)s->rq_head->len : 0; /* the next record */
    memcpy(arg, &n, sizeof n);
    return 0;
}

/* read and write (and sendfile): no ancillary data (descriptors that came
   along are dropped), the caller as sender (its real ids: SCM_CREDENTIALS),
   or the server when it writes itself. */
static int64_t sock_node_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                              int64_t off)
{
    (void)c, (void)off;
    if (len == 0)
        return 0; /* as Linux's sock_read_iter */
    struct sock_recv_info info;
    int64_t r = sock_recv(f->vn->u.chr.ctx, buf, len, 0, &info);
    sock_recv_info_drop(&info);
    return r;
}

static int64_t sock_node_write(struct ofile *f, const struct file_ctx *c, const void *buf,
                               size_t len, int64_t off)
{
    (void)off;
    struct sock_cred who = { 0, 0, 0 };
    if (c)
        who = (struct sock_cred){ c->pid, c->ruid, c->rgid };
    return sock_send(f->vn->u.chr.ctx, NULL, buf, len, NULL, 0, &who,
                     (f->flags & O_NONBLOCK) != 0);
}

/* A record is never split (FILE_OPS_WHOLE); EPIPE raises SIGPIPE only on a
   stream, as Linux. */
static const struct file_ops stream_ops = {
    .read = sock_node_read, .write = sock_node_write, .ioctl = sock_node_ioctl,
    .poll = sock_node_poll, .open = sock_node_open, .release = sock_node_release,
    .flags = FILE_OPS_WHOLE | FILE_OPS_SIGPIPE,
};
static const struct file_ops record_ops = {
    .read = sock_node_read, .write = sock_node_write, .ioctl = sock_node_ioctl,
    .poll = sock_node_poll, .open = sock_node_open, .release = sock_node_release,
    .flags = FILE_OPS_WHOLE,
};

/* --- creating ------------------------------------------------------------------------ */

static int check_type(int type, int protocol, int *real)
{
    if (protocol != 0 && protocol != LX_AF_UNIX)
        return -EPROTONOSUPPORT;
    switch (type) {
    case LX_SOCK_STREAM:
    case LX_SOCK_DGRAM:
    case LX_SOCK_SEQPACKET:
        *real = type;
        return 0;
    case LX_SOCK_RAW:
        *real = LX_SOCK_DGRAM;
        return 0;
    default:
        return -ESOCKTNOSUPPORT;
    }
}

int sock_create(struct vfs *fs, const struct vfs_cred *cred, int type, int protocol,
                uint32_t oflags, struct ofile **out)
{
    int r = check_type(type, protocol, &type);
    if (r < 0)
        return r;
    struct sock *s = sock_new(type);
    if (!s)
        return -ENOMEM;
    r = make_file(s, fs, cred, oflags, out);
    if (r < 0)
        sock_free_unused(s);
    return r;
}

/* A netlink socket's name: struct sockaddr_nl with nl_pid 0 (the kernel's
   side: these sockets take no part in netlink's addressing). */
static void netlink_name(struct sock_addr *a)
{
    memset(a, 0, sizeof *a);
    a->len = 12; /* sizeof (struct sockaddr_nl) */
    a->bytes[0] = LX_AF_NETLINK;
}

int sock_create_netlink(struct vfs *fs, const struct vfs_cred *cred, int type, int protocol,
                        uint32_t oflags, struct ofile **out)
{
    if (type != LX_SOCK_RAW && type != LX_SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    if (protocol != LX_NETLINK_ROUTE)
        return -EPROTONOSUPPORT; /* as Linux for a protocol it was built without */
    struct sock *s = sock_new(LX_SOCK_DGRAM);
    if (!s)
        return -ENOMEM;
    s->netlink = 1;
    netlink_name(&s->addr);
    int r = make_file(s, fs, cred, oflags, out);
    if (r < 0)
        sock_free_unused(s);
    return r;
}

int sock_netlink_check(const struct ofile *f)
{
    struct sock *s = sock_of(f);
    if (!s)
        return (f->vn->mode & VFS_IFMT) == VFS_IFSOCK ? -EINVAL : -ENOTSOCK;
    return s->netlink ? 0 : -EINVAL;
}

void sock_netlink_deliver(struct ofile *f, const void *buf, size_t len)
{
    struct sock *s = sock_of(f);
    if (!s || !s->netlink || (s->shut & SHUT_RCV))
        return;
    struct sock_msg *m = msg_new(buf, len, NULL, 0, &no_cred, s); /* from nl_pid 0: the kernel */
    if (m)
        enqueue(s, m);
}

int sock_create_pair(struct vfs *fs, const struct vfs_cred *cred, const struct sock_cred *who,
                     int type, int protocol, uint32_t oflags, struct ofile *out[2])
{
    int r = check_type(type, protocol, &type);
    if (r < 0)
        return r;
    struct sock *a = sock_new(type), *b = a ? sock_new(type) : NULL;
    if (!b) {
        if (a)
            sock_free_unused(a);
        return -ENOMEM;
    }
    a->peer = b, b->peer = a;
    a->state = b->state = SS_CONNECTED;
    a->peercred = b->peercred = *who;
    unnamed(&a->peer_addr);
    unnamed(&b->peer_addr);
    if ((r = make_file(a, fs, cred, oflags, &out[0])) < 0) {
        sock_free_unused(a);
        sock_free_unused(b);
        return r;
    }
    if ((r = make_file(b, fs, cred, oflags, &out[1])) < 0) {
        sock_free_unused(b);
        ofile_unref(out[0]);
        return r;
    }
    return 0;
}

/* --- names -------------------------------------------------------------------------- */

/* bind/connect/sendto's address checks (unix_validate_addr). */
static int check_addr(const uint8_t *a, uint32_t len)
{
    if (len <= LX_SUN_PATH_OFF || len > LX_SOCKADDR_UN_SIZE)
        return -EINVAL;
    uint16_t family;
    memcpy(&family, a, sizeof family);
    return family == LX_AF_UNIX ? 0 : -EINVAL;
}

int sock_addr_unspec(const void *addr, uint32_t len)
{
    uint16_t family;
    if (len < sizeof family)
        return 0;
    memcpy(&family, addr, sizeof family);
    return family == 0; /* AF_UNSPEC */
}

/* Abstract names are per type, as Linux hashes them (a stream and a
   datagram socket may have the same one). */
static struct sock *find_abstract(const uint8_t *a, uint32_t len, int type)
{
    for (struct sock *s = all_socks; s; s = s->next_all)
        if (s->owns_name && s->type == type && s->addr.len == len && s->addr.bytes[LX_SUN_PATH_OFF] == 0 &&
            !memcmp(s->addr.bytes, a, len))
            return s;
    return NULL;
}

/* An abstract name of five hex digits nobody has (Linux's autobind). */
static int autobind(struct sock *s)
{
    static uint32_t next;
    static const char hex[] = "0123456789abcdef";
    struct sock_addr a;
    memset(&a, 0, sizeof a);
    a.bytes[0] = LX_AF_UNIX;
    a.len = LX_SUN_PATH_OFF + 1 + 5;
    for (uint32_t tries = 0; tries < 0x100000; tries++) {
        uint32_t n = next++ & 0xfffff;
        for (int i = 0; i < 5; i++)
            a.bytes[LX_SUN_PATH_OFF + 1 + i] = (uint8_t)hex[(n >> (4 * (4 - i))) & 0xf];
        if (!find_abstract(a.bytes, a.len, s->type)) {
            s->addr = a;
            s->owns_name = 1;
            return 0;
        }
    }
    return -ENOSPC;
}

/* The path of a named address, NUL-terminated (it may fill sun_path). */
static size_t path_of(const uint8_t *a, uint32_t len, char path[LX_UNIX_PATH_MAX + 1])
{
    size_t n = strnlen((const char *)a + LX_SUN_PATH_OFF, len - LX_SUN_PATH_OFF);
    memcpy(path, a + LX_SUN_PATH_OFF, n);
    path[n] = 0;
    return n;
}

static int bind_path(struct file_ctx *c, struct sock *s, const uint8_t *a, uint32_t len)
{
    char path[LX_UNIX_PATH_MAX + 1];
    size_t n = path_of(a, len, path);
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = vfs_walk_parent(&c->fs->root, &c->fs->cwd, path, &c->cred, &dir, name, &slash);
    if (r < 0)
        return r;
    struct vnode *node = NULL;
    if (vfs_dir_find(dir.vn, name) || !strcmp(name, "/") || !strcmp(name, ".") ||
        !strcmp(name, ".."))
        r = -EADDRINUSE;
    else if (slash)
        r = -ENOENT;
    else if (vfs_mount_rdonly(dir.mnt))
        r = -EROFS;
    else
        r = vfs_mknod(dir.vn, name, VFS_IFSOCK | (0777 & ~c->fs->umask), 0, &sock_path_ops, s,
                      &c->cred, &node);
    vfs_path_unref(&dir);
    if (r == -EEXIST)
        r = -EADDRINUSE;
    if (r < 0)
        return r;
    s->path_node = node; /* the reference vfs_mknod gave */
    memset(&s->addr, 0, sizeof s->addr);
    s->addr.bytes[0] = LX_AF_UNIX;
    memcpy(s->addr.bytes + LX_SUN_PATH_OFF, path, n + 1);
    s->addr.len = (uint32_t)(LX_SUN_PATH_OFF + n + 1);
    s->owns_name = 1;
    return 0;
}

int sock_bind(struct file_ctx *c, struct sock *s, const void *addr, uint32_t len)
{
    if (s->netlink)
        return -EOPNOTSUPP; /* netlink addressing is not provided (socket.h) */
    const uint8_t *a = addr;
    uint16_t family = 0;
    if (len >= sizeof family)
        memcpy(&family, a, sizeof family);
    if (len == LX_SUN_PATH_OFF && family == LX_AF_UNIX)
        return s->addr.len ? 0 : autobind(s);
    int r = check_addr(a, len);
    if (r < 0)
        return r;
    if (s->addr.len)
        return -EINVAL;
    if (a[LX_SUN_PATH_OFF] != 0)
        return bind_path(c, s, a, len);
    if (find_abstract(a, len, s->type))
        return -EADDRINUSE;
    memset(&s->addr, 0, sizeof s->addr);
    memcpy(s->addr.bytes, a, len);
    s->addr.len = len;
    s->owns_name = 1;
    return 0;
}

int sock_lookup(struct file_ctx *c, const void *addr, uint32_t len, int type, struct sock **out)
{
    const uint8_t *a = addr;
    int r = check_addr(a, len);
    if (r < 0)
        return r;
    if (a[LX_SUN_PATH_OFF] == 0) {
        *out = find_abstract(a, len, type);
        return *out ? 0 : -ECONNREFUSED;
    }
    char path[LX_UNIX_PATH_MAX + 1];
    path_of(a, len, path);
    struct vfs_path at;
    r = vfs_walk(&c->fs->root, &c->fs->cwd, path, 0, &c->cred, &at);
    if (r < 0)
        return r;
    struct vnode *vn = at.vn;
    if (vfs_permission(vn, &c->cred, VFS_MAY_WRITE) < 0)
        r = -EACCES;
    else if ((vn->mode & VFS_IFMT) != VFS_IFSOCK || vn->u.chr.ops != &sock_path_ops ||
             !vn->u.chr.ctx)
        r = -ECONNREFUSED;
    else
        *out = vn->u.chr.ctx;
    vfs_path_unref(&at);
    return r;
}

int sock_name(const struct sock *s, int peer, struct sock_addr *out)
{
    if (!peer) {
        if (s->addr.len)
            *out = s->addr;
        else
            unnamed(out);
        return 0;
    }
    if (s->type == LX_SOCK_DGRAM ? !s->peer : s->state != SS_CONNECTED)
        return -ENOTCONN;
    if (s->peer && s->peer->addr.len)
        *out = s->peer->addr;
    else if (s->peer || !s->peer_addr.len)
        unnamed(out);
    else
        *out = s->peer_addr;
    return 0;
}

/* --- connections ---------------------------------------------------------------------- */

int sock_listen(struct sock *s, int backlog, const struct sock_cred *who)
{
    if (s->type == LX_SOCK_DGRAM)
        return -EOPNOTSUPP;
    if (s->state == SS_CONNECTED || !s->addr.len)
        return -EINVAL;
    if ((unsigned)backlog > SOCK_SOMAXCONN)
        backlog = SOCK_SOMAXCONN;
    s->backlog = backlog;
    s->state = SS_LISTENING;
    s->listen_cred = *who;
    wake(s); /* a larger backlog may let a connect go on */
    return 0;
}

/* May s send to o? (unix_may_send: o has no peer, or it is s.) */
static int may_send(const struct sock *s, const struct sock *o)
{
    return !o->peer || o->peer == s;
}

int sock_connect(struct sock *s, struct sock *target, const struct sock_cred *who)
{
    if (s->netlink)
        return -EOPNOTSUPP;
    if (s->passcred && !s->addr.len && autobind(s) < 0)
        return -ENOSPC;
    if (s->type == LX_SOCK_DGRAM) {
        if (!target) { /* AF_UNSPEC: no default destination any more */
            s->peer = NULL;
            s->peer_died = 0;
            s->state = SS_UNCONNECTED;
            return 0;
        }
        if (target->type != s->type)
            return -EPROTOTYPE;
        if (!may_send(s, target))
            return -EPERM;
        s->peer = target;
        s->peer_died = 0;
        s->state = SS_CONNECTED;
        s->peer_addr = target->addr;
        wake(s);
        return 0;
    }
    if (!target)
        return -EINVAL;
    if (target->type != s->type)
        return -EPROTOTYPE;
    if (target->state != SS_LISTENING || (target->shut & SHUT_RCV))
        return -ECONNREFUSED;
    if (target->npending > target->backlog) {
        s->waits_on = target;
        return -EAGAIN; /* (Linux lets backlog + 1 wait) */
    }
    if (s->state == SS_CONNECTED)
        return -EISCONN;
    if (s->state != SS_UNCONNECTED)
        return -EINVAL;
    struct sock *e = sock_new(s->type);
    if (!e)
        return -ENOMEM;
    e->addr = target->addr;
    e->state = SS_CONNECTED;
    e->peer = s;
    e->peercred = *who;
    e->peer_addr = s->addr.len ? s->addr : (struct sock_addr){ 0 };
    e->sndbuf = target->sndbuf, e->rcvbuf = target->rcvbuf;
    e->passcred = target->passcred;
    s->peer = e;
    s->state = SS_CONNECTED;
    s->peercred = target->listen_cred;
    s->peer_addr = target->addr;
    e->listener = target;
    if (target->pending_tail)
        target->pending_tail->next_pending = e;
    else
        target->pending_head = e;
    target->pending_tail = e;
    target->npending++;
    wake(target);
    wake(s);
    return 0;
}

int sock_accept(struct sock *s, struct vfs *fs, const struct vfs_cred *cred, uint32_t oflags,
                struct ofile **out)
{
    if (s->type == LX_SOCK_DGRAM)
        return -EOPNOTSUPP;
    if (s->state != SS_LISTENING)
        return -EINVAL;
    struct sock *e = s->pending_head;
    if (!e)
        return -EAGAIN;
    int r = make_file(e, fs, cred, oflags, out);
    if (r < 0)
        return r;
    s->pending_head = e->next_pending;
    if (!s->pending_head)
        s->pending_tail = NULL;
    e->next_pending = NULL;
    e->listener = NULL;
    s->npending--;
    wake(s);
    return 0;
}

int sock_shutdown(struct sock *s, int how)
{
    if (how < LX_SHUT_RD || how > LX_SHUT_RDWR)
        return -EINVAL;
    int mode = how + 1; /* SHUT_RD -> SHUT_RCV, SHUT_WR -> SHUT_SEND, both */
    s->shut |= mode;
    struct sock *o = s->peer;
    if (o && is_connection(s) && o->peer == s) {
        if (mode & SHUT_RCV)
            o->shut |= SHUT_SEND;
        if (mode & SHUT_SEND)
            o->shut |= SHUT_RCV;
    }
    wake(s);
    wake(o);
    return 0;
}

/* --- data ------------------------------------------------------------------------------ */

static int64_t send_stream(struct sock *s, const void *buf, size_t len, struct ofile *const *files,
                           int nfiles, const struct sock_cred *cred, int nonblock)
{
    if (s->state != SS_CONNECTED)
        return -ENOTCONN;
    if (s->shut & SHUT_SEND)
        return -EPIPE;
    if (len == 0)
        return 0;
    struct sock *o = s->peer;
    if (!o || (o->shut & SHUT_RCV))
        return -EPIPE;
    size_t used = o->rq_charge + SOCK_MSG_COST;
    size_t room = s->sndbuf > used ? s->sndbuf - used : 0;
    /* A blocking write waits for room for all of it up to half the buffer
       (so a write of at most SOCK_STREAM_ATOMIC bytes is never short); a
       MSG_WAITALL reader stops waiting once the queue costs more than that
       half, so the two never wait for each other. */
    size_t whole = len < s->sndbuf / 2 ? len : s->sndbuf / 2;
    if (room == 0 || (!nonblock && room < whole))
        return -EAGAIN;
    size_t n = len < room ? len : room;
    struct sock_msg *m = msg_new(buf, n, files, nfiles, cred, s);
    if (!m)
        return -ENOMEM;
    enqueue(o, m);
    return (int64_t)n;
}

static int64_t send_record(struct sock *s, struct sock *to, const void *buf, size_t len,
                           struct ofile *const *files, int nfiles, const struct sock_cred *cred)
{
    if (s->type == LX_SOCK_SEQPACKET) {
        if (s->state != SS_CONNECTED)
            return -ENOTCONN;
        to = NULL; /* a name is ignored, as Linux */
    } else if (!to && !s->peer) {
        if (s->peer_died) { /* the default destination closed: said once */
            s->peer_died = 0;
            s->state = SS_UNCONNECTED;
            return -ECONNREFUSED;
        }
        return -ENOTCONN;
    }
    if (s->passcred && !s->addr.len && autobind(s) < 0)
        return -ENOSPC;
    if (len > s->sndbuf - DGRAM_OVERHEAD)
        return -EMSGSIZE;
    struct sock *o = to ? to : s->peer;
    if (!o || (s->type == LX_SOCK_SEQPACKET && (s->shut & SHUT_SEND)))
        return -EPIPE;
    if (!may_send(s, o))
        return -EPERM;
    if (o->shut & SHUT_RCV)
        return -EPIPE;
    size_t limit = o->peer == s ? s->sndbuf : o->rcvbuf;
    if (o->rq_head && (o->rq_count >= SOCK_DGRAM_QLEN || o->rq_charge + len + SOCK_MSG_COST > limit)) {
        s->waits_on = o != s->peer ? o : NULL;
        return -EAGAIN;
    }
    struct sock_msg *m = msg_new(buf, len, files, nfiles, cred, s);
    if (!m)
        return -ENOMEM;
    enqueue(o, m);
    return (int64_t)len;
}

int64_t sock_send(struct sock *s, struct sock *to, const void *buf, size_t len,
                  struct ofile *const *files, int nfiles, const struct sock_cred *cred,
                  int nonblock)
{
    if (!s)
        return -EBADF;
    if (s->netlink)
        return -EOPNOTSUPP; /* no netlink requests are answered (socket.h) */
    if (s->type == LX_SOCK_STREAM)
        return send_stream(s, buf, len, files, nfiles, cred, nonblock);
    return send_record(s, to, buf, len, files, nfiles, cred);
}

/* The message's descriptors for the receiver: taken (a read) or new
   references (a peek). */
static int give_files(struct sock_msg *m, int peek, struct sock_recv_info *info)
{
    if (!m->nfiles)
        return 0;
    if (!peek) {
        info->files = m->files, info->nfiles = m->nfiles;
        m->files = NULL, m->nfiles = 0;
        return 0;
    }
    info->files = malloc((size_t)m->nfiles * sizeof *info->files);
    if (!info->files)
        return -ENOMEM;
    for (int i = 0; i < m->nfiles; i++) {
        info->files[i] = m->files[i];
        ofile_ref(m->files[i]);
    }
    info->nfiles = m->nfiles;
    return 0;
}

static int same_cred(const struct sock_cred *a, const struct sock_cred *b)
{
    return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* Nothing to read: the pending error, end of file, or wait. */
static int64_t empty_queue(struct sock *s)
{
    if (s->err) {
        int e = s->err;
        s->err = 0;
        return -e;
    }
    return (s->shut & SHUT_RCV) ? 0 : -EAGAIN;
}

static int64_t recv_stream(struct sock *s, uint8_t *buf, size_t len, int flags,
                           struct sock_recv_info *info)
{
    int peek = (flags & LX_MSG_PEEK) != 0;
    if (s->state != SS_CONNECTED)
        return -EINVAL;
    if (!s->rq_head)
        return empty_queue(s);
    if ((flags & LX_MSG_WAITALL) && !peek && s->rq_bytes < len && !(s->shut & SHUT_RCV) &&
        !s->err && s->peer && s->rq_charge + SOCK_MSG_COST <= s->peer->sndbuf / 2)
        return -EAGAIN; /* all of it, or as much as a waiting writer may leave (send_stream) */
    size_t done = 0;
    struct sock_msg *m = s->rq_head;
    while (m && done < len) {
        if (done && (m->nfiles || !same_cred(&m->cred, &info->cred)))
            break; /* descriptors and other senders start a new read */
        if (!done) {
            info->cred = m->cred;
            info->from = m->from;
        }
        int had_files = m->nfiles != 0;
        if (give_files(m, peek, info) < 0)
            return done ? (int64_t)done : -ENOMEM;
        size_t avail = m->len - m->off;
        size_t n = avail < len - done ? avail : len - done;
        memcpy(buf + done, m->data + m->off, n);
        done += n;
        struct sock_msg *next = m->next;
        if (!peek) {
            m->off += n;
            s->rq_bytes -= n;
            s->rq_charge -= n;
            wake(s);
            if (m->off == m->len)
                msg_free(dequeue(s));
        }
        if (had_files || n < avail)
            break;
        m = next;
    }
    return (int64_t)done;
}

static int64_t recv_record(struct sock *s, uint8_t *buf, size_t len, int flags,
                           struct sock_recv_info *info)
{
    if (s->type == LX_SOCK_SEQPACKET && s->state != SS_CONNECTED)
        return -ENOTCONN;
    struct sock_msg *m = s->rq_head;
    if (!m)
        return empty_queue(s);
    int peek = (flags & LX_MSG_PEEK) != 0;
    if (give_files(m, peek, info) < 0)
        return -ENOMEM;
    size_t n = len < m->len ? len : m->len;
    memcpy(buf, m->data, n);
    info->full_len = m->len;
    info->from = m->from;
    info->cred = m->cred;
    if (m->len > len)
        info->flags |= LX_MSG_TRUNC;
    size_t whole = m->len;
    if (!peek)
        msg_free(dequeue(s));
    return (int64_t)((flags & LX_MSG_TRUNC) ? whole : n);
}

int64_t sock_recv(struct sock *s, void *buf, size_t len, int flags, struct sock_recv_info *info)
{
    memset(info, 0, sizeof *info);
    if (!s)
        return -EBADF;
    if (s->type == LX_SOCK_STREAM)
        return recv_stream(s, buf, len, flags, info);
    return recv_record(s, buf, len, flags, info);
}

void sock_recv_info_drop(struct sock_recv_info *info)
{
    drop_files(info->files, info->nfiles);
    info->files = NULL;
    info->nfiles = 0;
}

/* --- options ------------------------------------------------------------------------ */

int sock_passcred(const struct sock *s)
{
    return s->passcred;
}

int sock_type(const struct sock *s)
{
    return s->type;
}

static int remembered(int name)
{
    for (int i = 0; i < NREMEMBERED; i++)
        if (remembered_opts[i] == name)
            return i;
    return -1;
}

int sock_getopt(struct sock *s, int name, void *val, uint32_t *len)
{
    int v;
    switch (name) {
    case SO_TYPE: v = s->type; break;
    case SO_ERROR: v = s->err; s->err = 0; break;
    case SO_SNDBUF: v = (int)s->sndbuf; break;
    case SO_RCVBUF: v = (int)s->rcvbuf; break;
    case SO_PASSCRED: v = s->passcred; break;
    case SO_ACCEPTCONN: v = s->state == SS_LISTENING; break;
    case SO_DOMAIN: v = LX_AF_UNIX; break;
    case SO_PROTOCOL: v = 0; break;
    case SO_PEERCRED: {
        uint32_t n = *len < sizeof s->peercred ? *len : (uint32_t)sizeof s->peercred;
        memcpy(val, &s->peercred, n);
        *len = n;
        return 0;
    }
    default: {
        int i = remembered(name);
        if (i < 0)
            return -ENOPROTOOPT;
        v = (s->opts >> i) & 1;
    }
    }
    uint32_t n = *len < sizeof v ? *len : (uint32_t)sizeof v;
    memcpy(val, &v, n);
    *len = n;
    return 0;
}

int sock_setopt(struct sock *s, int name, const void *val, uint32_t len)
{
    int v;
    if (len < sizeof v)
        return -EINVAL;
    memcpy(&v, val, sizeof v);
    switch (name) {
    case SO_SNDBUF: {
        uint32_t u = (uint32_t)v < SOCK_BUF_MAX ? (uint32_t)v : SOCK_BUF_MAX;
        s->sndbuf = u * 2 > SOCK_BUF_MIN ? u * 2 : SOCK_BUF_MIN;
        wake(s);
        wake(s->peer);
        return 0;
    }
    case SO_RCVBUF: {
        uint32_t u = (uint32_t)v < SOCK_BUF_MAX ? (uint32_t)v : SOCK_BUF_MAX;
        s->rcvbuf = u * 2 > SOCK_RCVBUF_MIN ? u * 2 : SOCK_RCVBUF_MIN;
        wake(s);
        wake(s->peer);
        return 0;
    }
    case SO_PASSCRED:
        s->passcred = v != 0;
        return 0;
    default: {
        int i = remembered(name);
        if (i < 0)
            return -ENOPROTOOPT;
        s->opts = v ? s->opts | (1u << i) : s->opts & ~(1u << i);
        return 0;
    }
    }
}
