/* POSIX message queues: the mqueue filesystem and its queues (mqueue.h). */
#include "posix.h"
#include "mqueue.h"
#include "vfs_internal.h"
#include "mount.h"
#include "fsmount.h"
#include "procfs.h"
#include "proc.h"
#include "signal.h"
#include "socket.h"
#include "file.h"
#include "waitq.h"
#include "printf.h"
#include "string.h"
#include <calyx/malloc.h>
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

#define MQUEUE_MAGIC 0x19800202
#define FILENT_SIZE  80 /* a queue file's st_size, as Linux */
#define SI_MESGQ_CODE (-3)
/* What Linux counts per message and per priority against RLIMIT_MSGQUEUE
   (sizeof struct msg_msg and struct posix_msg_tree_node on x86_64). */
#define MSG_MSG_COST  48
#define TREE_NODE_COST 48
/* The cookie's last byte: why it came (NOTIFY_WOKENUP, NOTIFY_REMOVED). */
#define NOTIFY_WOKENUP 1
#define NOTIFY_REMOVED 2

struct mqueue {
    struct vnode *vn;            /* its file (no reference: the queue lives in it) */
    int64_t maxmsg, msgsize, curmsgs;
    uint64_t qsize;              /* bytes of messages queued (QSIZE) */
    struct mq_msg *head, *tail;  /* highest priority first, FIFO within one */
    uint32_t charged_uid;        /* whose RLIMIT_MSGQUEUE pays for it */
    uint64_t charge;
    /* Waiting: parked receivers, parked senders, pollers. Receivers are
       apart because a waiting receiver stops a notification. */
    struct waitq recv_wq, send_wq, poll_wq;
    /* mq_notify's registration (owner_pid 0: none). */
    int owner_pid;
    uint64_t owner_kpid;         /* its kernel pid then: a new one means it exec'd since */
    const void *owner_fdt;       /* the owner's descriptor table: its closes drop it */
    int kind, signo;
    uint64_t value;
    struct ofile *sock;          /* SIGEV_THREAD: the netlink socket (referenced) */
    uint8_t cookie[MQ_COOKIE_LEN];
};

/* /proc/sys/fs/mqueue's values. */
enum { MSG_MAX, MSGSIZE_MAX, MSG_DEFAULT, MSGSIZE_DEFAULT, QUEUES_MAX, NLIMITS };
static const struct {
    const char *name;
    int min, max;
} limit_def[NLIMITS] = {
    [MSG_MAX] = { "msg_max", 1, MQ_HARD_MSGMAX },
    [MSGSIZE_MAX] = { "msgsize_max", 128, MQ_HARD_MSGSIZEMAX },
    [MSG_DEFAULT] = { "msg_default", 1, MQ_HARD_MSGMAX },
    [MSGSIZE_DEFAULT] = { "msgsize_default", 128, MQ_HARD_MSGSIZEMAX },
    [QUEUES_MAX] = { "queues_max", INT32_MIN, INT32_MAX }, /* Linux: proc_dointvec, no range */
};
static int limits[NLIMITS] = { 10, 8192, 10, 8192, 256 };
static int queues; /* queues alive (queues_max counts them) */

/* RLIMIT_MSGQUEUE's bytes, per real user (Linux's ucounts). */
struct mq_user {
    uint32_t uid;
    uint64_t bytes;
    struct mq_user *next;
};
static struct mq_user *users;

static struct vfs mq_fs;
static const struct file_ops mq_ops;

struct vfs *mqueue_fs(void)
{
    return &mq_fs;
}

struct mqueue *mq_of(const struct ofile *f)
{
    return f->ops == &mq_ops ? (struct mqueue *)(uintptr_t)f->vn->synth_arg : NULL;
}

/* --- RLIMIT_MSGQUEUE ------------------------------------------------------------------- */

static struct mq_user *user_of(uint32_t uid, int make)
{
    for (struct mq_user *u = users; u; u = u->next)
        if (u->uid == uid)
            return u;
    struct mq_user *u = make ? calloc(1, sizeof *u) : NULL;
    if (u) {
        u->uid = uid;
        u->next = users;
        users = u;
    }
    return u;
}

/* Charges bytes to p's real user: 0, -EMFILE past its limit, -ENOMEM. */
static int charge(const struct proc *p, uint64_t bytes)
{
    struct mq_user *u = user_of(p->uid, 1);
    if (!u)
        return -ENOMEM;
    uint64_t lim = p->rlim[RLIMIT_MSGQUEUE].rlim_cur;
    if (u->bytes + bytes < u->bytes || u->bytes + bytes > lim)
        return -EMFILE;
    u->bytes += bytes;
    return 0;
}

static void uncharge(uint32_t uid, uint64_t bytes)
{
    struct mq_user *u = user_of(uid, 0);
    if (u)
        u->bytes -= bytes < u->bytes ? bytes : u->bytes;
}

/* --- making queues ---------------------------------------------------------------------- */

/* mqueue_get_inode's checks and accounting, then the queue on vn. */
static int attach(struct vnode *vn, const struct proc *p, const struct lx_mq_attr *attr)
{
    int root = p->euid == 0; /* CAP_SYS_RESOURCE */
    if (queues >= limits[QUEUES_MAX] && !root)
        return -ENOSPC;
    int64_t maxmsg = limits[MSG_MAX] < limits[MSG_DEFAULT] ? limits[MSG_MAX] : limits[MSG_DEFAULT];
    int64_t msgsize = limits[MSGSIZE_MAX] < limits[MSGSIZE_DEFAULT] ? limits[MSGSIZE_MAX]
                                                                     : limits[MSGSIZE_DEFAULT];
    if (attr) {
        maxmsg = attr->mq_maxmsg;
        msgsize = attr->mq_msgsize;
    }
    if (maxmsg <= 0 || msgsize <= 0)
        return -EINVAL;
    if (root ? maxmsg > MQ_HARD_MSGMAX || msgsize > MQ_HARD_MSGSIZEMAX
             : maxmsg > limits[MSG_MAX] || msgsize > limits[MSGSIZE_MAX])
        return -EINVAL;
    uint64_t prios = (uint64_t)(maxmsg < MQ_PRIO_MAX ? maxmsg : MQ_PRIO_MAX);
    uint64_t bytes = (uint64_t)maxmsg * (uint64_t)msgsize + (uint64_t)maxmsg * MSG_MSG_COST +
                     prios * TREE_NODE_COST;
    struct mqueue *q = calloc(1, sizeof *q);
    if (!q)
        return -ENOMEM;
    int r = charge(p, bytes);
    if (r) {
        free(q);
        return r;
    }
    q->vn = vn;
    q->maxmsg = maxmsg;
    q->msgsize = msgsize;
    q->charged_uid = p->uid;
    q->charge = bytes;
    vn->synth_arg = (uint64_t)(uintptr_t)q;
    vn->u.reg.size = FILENT_SIZE;
    queues++;
    return 0;
}

/* vfs_create's hook: open(O_CREAT) on the filesystem makes a queue with
   the default attributes (Linux's mqueue_create). */
static int made_file(struct vnode *vn, const struct vfs_cred *cred)
{
    struct proc *p = cred ? proc_by_pid(cred->pid) : NULL;
    return p ? attach(vn, p, NULL) : -EACCES;
}

int mq_create(struct proc *p, const struct vfs_cred *cred, const char *name, uint32_t mode,
              const struct lx_mq_attr *attr, struct vnode **out)
{
    struct vnode *dir = mq_fs.root;
    int r = vfs_permission(dir, cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
    struct vnode *vn;
    if (r || (r = vfs_node_new(&mq_fs, VFS_IFREG | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    if ((r = attach(vn, p, attr))) {
        vfs_node_free(vn);
        return r;
    }
    return vfs_link_new(dir, name, vn, out);
}

void mq_attr_get(const struct mqueue *q, struct lx_mq_attr *out)
{
    memset(out, 0, sizeof *out);
    out->mq_maxmsg = q->maxmsg;
    out->mq_msgsize = q->msgsize;
    out->mq_curmsgs = q->curmsgs;
}

/* --- notification ------------------------------------------------------------------------ */

static void notify_drop(struct mqueue *q)
{
    if (q->sock)
        ofile_unref(q->sock);
    q->sock = NULL;
    q->owner_pid = 0;
    q->owner_fdt = NULL;
}

/* SIGEV_THREAD: the cookie to the socket, its last byte saying why. */
static void send_cookie(struct mqueue *q, uint8_t why)
{
    q->cookie[MQ_COOKIE_LEN - 1] = why;
    sock_netlink_deliver(q->sock, q->cookie, MQ_COOKIE_LEN);
}

/* A registration removed before it fired (mq_notify(NULL), the owner's
   close): a SIGEV_THREAD waiter hears NOTIFY_REMOVED, as Linux's. */
static void notify_remove(struct mqueue *q)
{
    if (q->owner_pid && q->kind == MQ_SIGEV_THREAD)
        send_cookie(q, NOTIFY_REMOVED);
    notify_drop(q);
    vfs_touch(q->vn, 1, 0, 1);
}

/* A message came to an empty queue with no receiver waiting (__do_notify). */
static void notify_fire(struct mqueue *q, const struct proc *sender)
{
    /* No signal for a program that replaced the registering one (execve
       gives the process a new kernel pid), as Linux's self_exec_id check. */
    struct proc *owner = proc_by_pid(q->owner_pid);
    if (q->kind == MQ_SIGEV_SIGNAL && q->signo && owner && owner->state == P_ALIVE &&
        owner->kpid == q->owner_kpid) {
        struct ksiginfo info = { .signo = q->signo, .code = SI_MESGQ_CODE, .pid = sender->pid,
                                 .uid = sender->uid, .value = q->value };
        signal_send_proc(owner, q->signo, &info);
    } else if (q->kind == MQ_SIGEV_THREAD) {
        send_cookie(q, NOTIFY_WOKENUP);
    }
    notify_drop(q);
}

int mq_notify_set(struct mqueue *q, const struct proc *p, const void *fdt, int kind, int signo,
                  uint64_t value, struct ofile *sock, const uint8_t cookie[MQ_COOKIE_LEN])
{
    if (q->owner_pid)
        return -EBUSY;
    q->owner_pid = p->pid;
    q->owner_kpid = p->kpid;
    q->owner_fdt = fdt;
    q->kind = kind;
    q->signo = kind == MQ_SIGEV_SIGNAL ? signo : 0;
    q->value = value;
    if (kind == MQ_SIGEV_THREAD) {
        ofile_ref(sock);
        q->sock = sock;
        memcpy(q->cookie, cookie, MQ_COOKIE_LEN);
    }
    vfs_touch(q->vn, 1, 0, 1);
    return 0;
}

void mq_notify_clear(struct mqueue *q, const struct proc *p)
{
    if (q->owner_pid && q->owner_pid == p->pid)
        notify_remove(q);
}

/* --- messages ------------------------------------------------------------------------------ */

struct mq_msg *mq_msg_new(size_t len, unsigned prio)
{
    struct mq_msg *m = malloc(sizeof *m + len);
    if (m) {
        m->next = NULL;
        m->prio = prio;
        m->len = len;
    }
    return m;
}

int mq_put(struct mqueue *q, struct mq_msg *m, const struct proc *sender)
{
    if (q->curmsgs >= q->maxmsg)
        return -EAGAIN;
    /* after the last message of the same or a higher priority */
    struct mq_msg **at = &q->head;
    if (q->tail && q->tail->prio >= m->prio)
        at = &q->tail->next; /* the common case: no walk */
    else
        while (*at && (*at)->prio >= m->prio)
            at = &(*at)->next;
    m->next = *at;
    *at = m;
    if (!m->next)
        q->tail = m;
    q->curmsgs++;
    q->qsize += m->len;
    vfs_touch(q->vn, 1, 1, 1);
    if (q->owner_pid && q->curmsgs == 1 && waitq_empty(&q->recv_wq))
        notify_fire(q, sender);
    waitq_wake(&q->recv_wq);
    waitq_wake(&q->poll_wq);
    return 0;
}

struct mq_msg *mq_take(struct mqueue *q)
{
    struct mq_msg *m = q->head;
    if (!m)
        return NULL;
    q->head = m->next;
    if (!q->head)
        q->tail = NULL;
    q->curmsgs--;
    q->qsize -= m->len;
    vfs_touch(q->vn, 1, 1, 1);
    waitq_wake(&q->send_wq);
    waitq_wake(&q->poll_wq);
    return m;
}

int mq_wait(struct mqueue *q, struct thread *t, int send)
{
    return sleeper_wait_on(&t->sleep, send ? &q->send_wq : &q->recv_wq);
}

/* --- the queue files' operations ------------------------------------------------------------ */

static int64_t mq_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len, int64_t off)
{
    (void)c;
    struct mqueue *q = mq_of(f);
    char text[FILENT_SIZE + 48];
    int n = ksnprintf(text, sizeof text, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
                      (unsigned long)q->qsize, q->owner_pid ? q->kind : 0,
                      q->owner_pid && q->kind == MQ_SIGEV_SIGNAL ? q->signo : 0, q->owner_pid);
    uint64_t at = off < 0 ? f->offset : (uint64_t)off;
    size_t got = at < (uint64_t)n ? (size_t)n - (size_t)at : 0;
    if (got > len)
        got = len;
    if (got)
        memcpy(buf, text + at, got);
    if (off < 0)
        f->offset = at + got;
    vfs_touch(q->vn, 1, 0, 0);
    return (int64_t)got;
}

static uint32_t mq_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)c;
    struct mqueue *q = mq_of(f);
    poll_wait(pt, &q->poll_wq);
    uint32_t r = 0;
    if (q->curmsgs)
        r |= POLLIN | POLLRDNORM;
    if (q->curmsgs < q->maxmsg)
        r |= POLLOUT | POLLWRNORM;
    return r;
}

/* Every close by the registered process drops its notification, as
   Linux's mqueue_flush_file. */
static void mq_flush(struct ofile *f, const void *fdt)
{
    struct mqueue *q = mq_of(f);
    if (q->owner_pid && q->owner_fdt == fdt)
        notify_remove(q);
}

static void mq_destroy(struct vnode *vn)
{
    struct mqueue *q = (struct mqueue *)(uintptr_t)vn->synth_arg;
    if (!q)
        return; /* made_file failed: no queue was attached */
    vn->synth_arg = 0;
    while (q->head) {
        struct mq_msg *m = q->head;
        q->head = m->next;
        free(m);
    }
    notify_drop(q);
    uncharge(q->charged_uid, q->charge);
    queues--;
    /* A call parked on it lost its descriptor to another thread's close:
       it runs again and finds no queue (EBADF); pollers look again. */
    waitq_wake(&q->recv_wq);
    waitq_wake(&q->send_wq);
    waitq_wake(&q->poll_wq);
    free(q);
}

static const struct file_ops mq_ops = {
    .read = mq_read, .poll = mq_poll, .flush = mq_flush, .destroy = mq_destroy,
};

/* --- /proc/sys/fs/mqueue ------------------------------------------------------------------ */

static int sysctl_open(struct vnode *vn, const struct vfs_cred *cred, int acc)
{
    int want = acc == O_RDONLY ? VFS_MAY_READ : acc == O_WRONLY ? VFS_MAY_WRITE
                                                             : VFS_MAY_READ | VFS_MAY_WRITE;
    return vfs_permission(vn, cred, want);
}

static int64_t sysctl_pread(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    char text[16];
    int n = ksnprintf(text, sizeof text, "%d\n", limits[vn->synth_arg]);
    size_t got = off < (uint64_t)n ? (size_t)n - (size_t)off : 0;
    if (got > len)
        got = len;
    if (got)
        memcpy(buf, text + off, got);
    return (int64_t)got;
}

/* proc_dointvec(_minmax): one decimal integer, blanks around it; a write
   past the start is ignored (sysctl_writes_strict). */
static int64_t sysctl_pwrite(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    if (off)
        return (int64_t)len;
    const char *s = buf, *end = s + len;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++;
    int neg = s < end && *s == '-';
    s += neg;
    if (s == end || *s < '0' || *s > '9')
        return -EINVAL;
    int64_t v = 0;
    while (s < end && *s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > (int64_t)1 << 32)
            return -EINVAL;
    }
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++;
    if (s != end && *s != '\0')
        return -EINVAL;
    v = neg ? -v : v;
    size_t i = (size_t)vn->synth_arg;
    if (v < limit_def[i].min || v > limit_def[i].max)
        return -EINVAL;
    limits[i] = (int)v;
    return (int64_t)len;
}

static const struct vfs_synth_ops sysctl_ops = {
    .open = sysctl_open, .pread = sysctl_pread, .pwrite = sysctl_pwrite,
};
static const struct vfs_synth_ops fixed_dir = { 0 };

static int make_sysctls(void)
{
    struct vnode *proc = procfs_root();
    struct vnode *sys = proc ? vfs_dir_find(proc, "sys") : NULL;
    if (!sys)
        return -ENOENT;
    struct vnode *fs = vfs_dir_find(sys, "fs"), *dir;
    int r = 0;
    if (!fs && (r = vfs_synth_node(sys, "fs", VFS_IFDIR | 0555, 0, 0, &fixed_dir, 0, NULL)))
        return r;
    fs = vfs_dir_find(sys, "fs");
    if ((r = vfs_synth_node(fs, "mqueue", VFS_IFDIR | 0555, 0, 0, &fixed_dir, 0, &dir)))
        return r;
    for (size_t i = 0; i < NLIMITS && !r; i++)
        r = vfs_synth_node(dir, limit_def[i].name, VFS_IFREG | 0644, 0, 0, &sysctl_ops, i, NULL);
    vfs_unref(dir);
    return r;
}

/* --- the filesystem -------------------------------------------------------------------------- */

static int mq_make(const char *source, struct vnode *dev, const char *data, int rdonly,
                   struct vfs **out)
{
    (void)source, (void)dev, (void)data, (void)rdonly;
    *out = &mq_fs; /* one mqueue filesystem, however often mounted (one IPC namespace) */
    return 0;
}

static const struct fs_type mqueue_type = { "mqueue", 0, mq_make };

int mqueue_init(struct vfs *root_fs)
{
    if (vfs_init_empty(&mq_fs, root_fs->clock))
        return -ENOMEM;
    mq_fs.root->mode = VFS_IFDIR | 01777;
    mq_fs.type = "mqueue";
    mq_fs.magic = MQUEUE_MAGIC;
    mq_fs.dev = fsmount_new_dev();
    mq_fs.data_limit = 0;
    mq_fs.file_ops = &mq_ops;
    mq_fs.made_file = made_file;
    int r = fsmount_register(&mqueue_type);
    if (r)
        return r;
    /* /dev/mqueue, as systemd mounts it (nosuid,nodev,noexec,relatime) */
    struct vnode *dev = vfs_dir_find(root_fs->root, "dev"), *at = NULL;
    if (dev && vfs_is_dir(dev) && vfs_mounts) {
        at = vfs_dir_find(dev, "mqueue");
        int made = !at;
        if (made && (r = vfs_mkdir(dev, "mqueue", 0755, NULL, &at)))
            return r;
        if (vfs_is_dir(at)) {
            struct vfs_path where = { vfs_mounts, at };
            r = mount_attach(&mq_fs, mq_fs.root, &where,
                             VFS_MNT_NOSUID | VFS_MNT_NODEV | VFS_MNT_NOEXEC | VFS_MNT_RELATIME,
                             "mqueue", NULL);
        }
        if (made)
            vfs_unref(at);
        if (r)
            return r;
    }
    return make_sysctls();
}
