/* The console devices (see console.h). */
#include "posix.h"
#include "console.h"
#include "fileio.h"
#include "proc.h"
#include "signal.h"
#include "time.h"
#include "tty.h"
#include "vfs.h"
#include "file.h"
#include "string.h"
#include <linux/fcntl.h>
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/poll.h>

/* Bytes the reader thread takes from the kernel at a time; also the most
   received input the server holds back while the terminal's queue is full. */
#define READER_CHUNK 512
#define NS_PER_DECISECOND 100000000ull /* VTIME's unit */

struct console {
    cx_cap_t cap;
    struct tty_state tty;
    /* The terminal was handed to the first program at boot (console_init_ctty),
       not taken by it: another session leader may take it without stealing,
       so `init` that sets up a session on the console (setsid + TIOCSCTTY, as
       busybox init does) gets it, as on Linux where init has no terminal. */
    int given_at_boot;
    struct waitq wq; /* parked reads, writes and polls: woken by input and mode changes */
};

static struct console con_out, con_err;
static struct console *const consoles[] = { &con_out, &con_err };

/* Received bytes the terminal could not take yet (its queue was full). */
static uint8_t held[READER_CHUNK];
static size_t held_len;
static int hung_up;        /* the reader thread failed: reads see end of file */
/* The reader thread waits until the server has taken each message
   (taken == sent) and holds nothing back: no byte is ever dropped. */
static volatile uint32_t sent, taken;

/* The thread whose VTIME ran out (console_read_timeout), while its read runs. */
static struct thread *timed_out;

/* --- the console reader thread ----------------------------------------------------- */

static cx_cap_t reader_ep_cap;
static cx_channel_t reader_channel;
static uint64_t reader_stack[2048];

static void reader_main(uint64_t arg)
{
    (void)arg;
    static uint8_t buf[4 + READER_CHUNK];
    uint32_t kind = CONSOLE_INPUT_MSG;
    memcpy(buf, &kind, sizeof kind);
    struct cx_timespec pause = { 0, 2000000 }; /* 2 ms */
    for (;;) {
        uint64_t n = cx_read(con_out.cap, buf + 4, sizeof buf - 4, 0);
        if (CX_IS_ERR(n))
            n = 0; /* reported as end of input */
        __atomic_add_fetch(&sent, 1, __ATOMIC_SEQ_CST);
        while (CX_IS_ERR(cx_ipc_send(reader_channel, buf, 4 + (size_t)n, CX_CAP_NULL,
                                     reader_ep_cap)))
            cx_nanosleep(&pause);
        if (n == 0)
            cx_thread_exit(0);
        /* Back-pressure: leave further input in the kernel (and the UART)
           until the server took this message and everything of it fit. */
        while (__atomic_load_n(&taken, __ATOMIC_SEQ_CST) != sent ||
               __atomic_load_n(&held_len, __ATOMIC_SEQ_CST) != 0)
            cx_nanosleep(&pause);
    }
}

static void reader_start(void)
{
    struct cx_ipc_endpoint_create_result ep;
    if (CX_IS_ERR(cx_ipc_endpoint_create(&ep))) {
        hung_up = 1;
        return;
    }
    uint64_t ch = cx_ipc_channel_create(ep.endpoint_id, posix_endpoint_id, ep.capability,
                                        posix_endpoint_cap);
    if (CX_IS_ERR(ch)) {
        hung_up = 1;
        return;
    }
    reader_ep_cap = ep.capability;
    reader_channel = ch;
    if (CX_IS_ERR(cx_thread_create((cx_uaddr_t)(uintptr_t)reader_main, reader_stack,
                                   sizeof reader_stack, 0)))
        hung_up = 1;
}

/* Offers the held-back bytes to the terminal again. */
static void feed_held(void)
{
    if (!held_len)
        return;
    size_t n = tty_input(&con_out.tty, held, held_len);
    memmove(held, held + n, held_len - n);
    __atomic_store_n(&held_len, held_len - n, __ATOMIC_SEQ_CST);
}

void console_input(const void *data, size_t len)
{
    if (len == 0)
        hung_up = 1;
    if (len > sizeof held - held_len)
        len = sizeof held - held_len; /* cannot happen: the reader waits for held_len == 0 */
    memcpy(held + held_len, data, len);
    held_len += len;
    feed_held();
    __atomic_add_fetch(&taken, 1, __ATOMIC_SEQ_CST);
    waitq_wake(&con_out.wq);
}

/* --- sessions and process groups ---------------------------------------------------- */

static struct console *ctty_of(const struct proc *p)
{
    if (!p || p->tty_detached)
        return NULL;
    for (size_t i = 0; i < sizeof consoles / sizeof consoles[0]; i++)
        if (consoles[i]->tty.sid && consoles[i]->tty.sid == p->sid)
            return consoles[i];
    return NULL;
}

void console_ctty_info(const struct proc *p, int *tty_nr, int *tpgid)
{
    struct console *c = ctty_of(p);
    *tty_nr = !c ? 0 : c == &con_out ? (int)VFS_MKDEV(5, 1) : (int)VFS_MKDEV(4, 65);
    *tpgid = c && c->tty.pgrp ? c->tty.pgrp : -1;
}

static void send_pgrp(int pgrp, int sig)
{
    if (pgrp <= 0)
        return;
    struct ksiginfo k = { .signo = sig, .code = SI_KERNEL };
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state == P_ALIVE && procs[i].pgid == pgrp)
            signal_send_proc(&procs[i], sig, &k);
}

static int pgrp_exists_in(int pgrp, int sid, int *other_session)
{
    int found = 0;
    *other_session = 0;
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state == P_ALIVE && procs[i].pgid == pgrp) {
            found = 1;
            if (procs[i].sid != sid)
                *other_session = 1;
        }
    return found;
}

static int sig_blocked_or_ignored(const struct thread *t, int sig)
{
    return (t->sigmask & SIGBIT(sig)) || t->p->act[sig - 1].handler == (uint64_t)SIG_IGN;
}

/* Job control: may the caller use its controlling terminal c now? 0, or
   (a background process) SIGTTIN/SIGTTOU to its group and -ERESTARTSYS,
   or -EIO (SIGTTIN ignored or blocked, or an orphaned group). A blocked or
   ignored SIGTTOU lets the call go on, as Linux. */
static long job_check(struct console *c, struct thread *t, int sig)
{
    if (!t || ctty_of(t->p) != c || !c->tty.pgrp || t->p->pgid == c->tty.pgrp)
        return 0;
    if (sig_blocked_or_ignored(t, sig))
        return sig == SIGTTIN ? -EIO : 0;
    if (proc_pgrp_orphaned(t->p->pgid))
        return -EIO;
    send_pgrp(t->p->pgid, sig);
    return -ERESTARTSYS;
}

static void make_ctty(struct console *c, struct proc *p)
{
    c->tty.sid = p->sid;
    c->tty.pgrp = p->pgid;
    c->given_at_boot = 0;
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state != P_FREE && procs[i].sid == p->sid)
            procs[i].tty_detached = 0;
}

/* The session loses c: its foreground group gets SIGHUP and SIGCONT. */
static void release_ctty(struct console *c, int hangup)
{
    int pgrp = c->tty.pgrp;
    c->tty.sid = 0;
    c->tty.pgrp = 0;
    if (hangup) {
        send_pgrp(pgrp, SIGHUP);
        send_pgrp(pgrp, SIGCONT);
    }
}

void console_init_ctty(struct proc *p)
{
    if (p->sid == p->pid && !ctty_of(p) && !con_out.tty.sid) {
        make_ctty(&con_out, p);
        con_out.given_at_boot = 1;
    }
}

void console_proc_exit(struct proc *p)
{
    struct console *c = ctty_of(p);
    if (c && p->sid == p->pid)
        release_ctty(c, 1);
}

/* --- reads, with VMIN and VTIME ----------------------------------------------------- */

static long read_done(struct thread *t, struct console *c, void *buf, size_t len)
{
    if (t)
        time_set_deadline(t, 0);
    size_t n = tty_read(&c->tty, buf, len);
    if (c == &con_out && held_len) {
        feed_held();
        waitq_wake(&con_out.wq);
    }
    return (long)n;
}

/* Whether a non-canonical read with VTIME is done: MIN 0 waits for one byte
   or the time; MIN > 0 waits for the first byte, then for MIN bytes or
   VTIME without a new byte. The timer lives in the thread's deadline
   (time.c calls console_read_timeout); aux[5] is the count it last saw. */
static long timed_read(struct thread *t, struct console *c, void *buf, size_t len, uint32_t oflags)
{
    struct tty_state *tty = &c->tty;
    size_t avail = tty_avail(tty);
    int expired = t == timed_out;
    if (tty_read_ready(tty, len))
        return read_done(t, c, buf, len);
    if (expired && (tty->cc[VMIN] == 0 || avail > 0))
        return read_done(t, c, buf, len);
    if (oflags & O_NONBLOCK)
        return -EAGAIN;
    uint64_t ns = tty->cc[VTIME] * NS_PER_DECISECOND;
    if (tty->cc[VMIN] == 0) {
        if (!t->deadline.when)
            time_set_deadline(t, time_now_ns() + ns);
    } else if (avail == 0) {
        time_set_deadline(t, 0); /* the timer starts with the first byte */
    } else if (!t->deadline.when || t->aux[5] != avail) {
        time_set_deadline(t, time_now_ns() + ns);
        t->aux[5] = avail;
    }
    return -EAGAIN;
}

/* The thread behind a file call (NULL: the server itself). */
static struct thread *caller(const struct file_ctx *fc)
{
    return fc ? fc->t : NULL;
}

static int64_t con_read(struct ofile *f, const struct file_ctx *fc, void *buf, size_t len,
                        int64_t off)
{
    (void)off;
    struct console *c = f->vn->u.chr.ctx;
    uint32_t oflags = f->flags;
    struct thread *t = caller(fc);
    long r = job_check(c, t, SIGTTIN);
    if (r < 0)
        return r;
    if (len == 0)
        return 0;
    struct tty_state *tty = &c->tty;
    if (!(tty->lflag & ICANON) && tty->cc[VTIME] && t)
        return timed_read(t, c, buf, len, oflags);
    if (tty_read_ready(tty, len))
        return read_done(t, c, buf, len);
    if (c == &con_out && hung_up)
        return 0;
    return -EAGAIN;
}

void console_read_timeout(struct thread *t)
{
    timed_out = t;
    fileio_rerun(t); /* the read runs again, whole */
    timed_out = NULL;
}

/* --- writes -------------------------------------------------------------------------- */

static void echo_out(void *ctx, const uint8_t *buf, size_t len)
{
    struct console *c = ctx;
    cx_write(c->cap, buf, len, 0);
}

static void isig(void *ctx, int sig)
{
    struct console *c = ctx;
    send_pgrp(c->tty.pgrp, sig);
}

static int64_t con_write(struct ofile *f, const struct file_ctx *fc, const void *buf, size_t len,
                         int64_t off)
{
    (void)off;
    struct console *c = f->vn->u.chr.ctx;
    if (c->tty.lflag & TOSTOP) {
        long r = job_check(c, caller(fc), SIGTTOU);
        if (r < 0)
            return r;
    }
    if (c->tty.stopped)
        return -EAGAIN; /* VSTOP: the writer waits for VSTART */
    const uint8_t *in = buf;
    uint8_t out[1024];
    size_t done = 0;
    while (done < len) {
        size_t used;
        size_t n = tty_opost(&c->tty, in + done, len - done, out, sizeof out, &used);
        uint64_t r = cx_write(c->cap, out, n, 0);
        if (CX_IS_ERR(r))
            return done ? (int64_t)done : -EIO;
        done += used;
    }
    return (int64_t)done;
}

/* --- ioctl, poll, open ----------------------------------------------------------------- */

static int64_t set_pgrp(struct console *c, struct thread *t, const void *arg)
{
    int32_t pg;
    memcpy(&pg, arg, sizeof pg);
    if (!t || ctty_of(t->p) != c)
        return -ENOTTY;
    long r = job_check(c, t, SIGTTOU);
    if (r < 0)
        return r;
    if (pg < 0)
        return -EINVAL;
    int other;
    if (!pgrp_exists_in(pg, t->p->sid, &other))
        return -ESRCH;
    if (other)
        return -EPERM;
    c->tty.pgrp = pg;
    return 0;
}

static int64_t set_ctty(struct console *c, struct thread *t, uint64_t steal)
{
    if (!t)
        return -EPERM;
    struct proc *p = t->p;
    if (ctty_of(p) == c)
        return 0;
    if (p->sid != p->pid || ctty_of(p))
        return -EPERM;
    if (c->tty.sid) {
        if (!c->given_at_boot && ((steal & 0xffffffffu) != 1 || p->euid != 0))
            return -EPERM;
        release_ctty(c, 0);
    }
    make_ctty(c, p);
    return 0;
}

static int64_t no_ctty(struct console *c, struct thread *t)
{
    if (!t || ctty_of(t->p) != c)
        return -ENOTTY;
    if (t->p->sid == t->p->pid)
        release_ctty(c, 1);
    else
        t->p->tty_detached = 1;
    return 0;
}

static int64_t con_ioctl(struct ofile *f, const struct file_ctx *fc, uint64_t req, void *arg)
{
    struct console *c = f->vn->u.chr.ctx;
    struct thread *t = caller(fc);
    long r;
    uint64_t v;
    switch (req) {
    case TIOCSCTTY:
        memcpy(&v, arg, sizeof v);
        return set_ctty(c, t, v);
    case TIOCNOTTY:
        return no_ctty(c, t);
    case TIOCGSID:
    case TIOCGPGRP:
        if (!t || ctty_of(t->p) != c)
            return -ENOTTY;
        memcpy(arg, req == TIOCGSID ? &c->tty.sid : &c->tty.pgrp, sizeof(int32_t));
        return 0;
    case TIOCSPGRP:
        return set_pgrp(c, t, arg);
    case TCSETS: case TCSETSW: case TCSETSF: case TCFLSH: case TCXONC:
        if ((r = job_check(c, t, SIGTTOU)) < 0)
            return r;
        r = tty_ioctl(&c->tty, req, arg);
        waitq_wake(&c->wq); /* a new mode may complete parked reads or restart writes */
        return r;
    case TIOCSWINSZ:
        r = tty_ioctl(&c->tty, req, arg);
        if (r == 1)
            send_pgrp(c->tty.pgrp, SIGWINCH);
        return r < 0 ? r : 0;
    default:
        return tty_ioctl(&c->tty, req, arg);
    }
}

/* Linux's n_tty poll: readable when a read would take something now
   (canonical: a line; otherwise VMIN bytes when VTIME is 0, else one), or
   at end of input; writable unless output is stopped. */
static uint32_t con_poll(struct ofile *f, const struct file_ctx *fc, struct poll_table *pt)
{
    (void)fc;
    struct console *c = f->vn->u.chr.ctx;
    poll_wait(pt, &c->wq);
    struct tty_state *tty = &c->tty;
    uint32_t ready = 0;
    size_t need = (tty->lflag & ICANON) ? 1
                : (!tty->cc[VTIME] && tty->cc[VMIN]) ? tty->cc[VMIN] : 1;
    if (tty_avail(tty) >= need)
        ready |= POLLIN | POLLRDNORM;
    if (c == &con_out && hung_up)
        ready |= POLLHUP | POLLIN | POLLRDNORM;
    if (!tty->stopped)
        ready |= POLLOUT | POLLWRNORM;
    return ready;
}

static int con_open(struct ofile *f, const struct file_ctx *fc)
{
    struct console *c = f->vn->u.chr.ctx;
    uint32_t oflags = f->flags;
    struct thread *t = caller(fc);
    if (!t)
        return 0;
    struct proc *p = t->p;
    if (c->tty.excl && p->euid != 0)
        return -EBUSY;
    if (!(oflags & O_NOCTTY) && p->sid == p->pid && !ctty_of(p) &&
        (!c->tty.sid || c->given_at_boot)) {
        if (c->tty.sid)
            release_ctty(c, 0);
        make_ctty(c, p);
    }
    return 0;
}

static const struct file_ops console_ops = {
    .read = con_read, .write = con_write, .ioctl = con_ioctl, .poll = con_poll,
    .open = con_open,
};

/* /dev/tty: every call goes to the caller's controlling terminal, as an
   open file description of that terminal with the caller's status flags
   (the console's operations look at nothing else of it). */
static struct vnode *ctty_vnode[2]; /* the console vnodes, by consoles[] index */

static int as_ctty(const struct ofile *f, const struct file_ctx *fc, struct ofile *out)
{
    struct thread *t = caller(fc);
    struct console *c = t ? ctty_of(t->p) : NULL;
    if (!c)
        return 0;
    *out = *f;
    out->vn = ctty_vnode[c == &con_out ? 0 : 1];
    return 1;
}

static int64_t tty_dev_read(struct ofile *f, const struct file_ctx *fc, void *buf, size_t len,
                            int64_t off)
{
    struct ofile ct;
    return as_ctty(f, fc, &ct) ? con_read(&ct, fc, buf, len, off) : -EIO;
}

static int64_t tty_dev_write(struct ofile *f, const struct file_ctx *fc, const void *buf,
                             size_t len, int64_t off)
{
    struct ofile ct;
    return as_ctty(f, fc, &ct) ? con_write(&ct, fc, buf, len, off) : -EIO;
}

static int64_t tty_dev_ioctl(struct ofile *f, const struct file_ctx *fc, uint64_t req, void *arg)
{
    struct ofile ct;
    return as_ctty(f, fc, &ct) ? con_ioctl(&ct, fc, req, arg) : -EIO;
}

static uint32_t tty_dev_poll(struct ofile *f, const struct file_ctx *fc, struct poll_table *pt)
{
    struct ofile ct;
    return as_ctty(f, fc, &ct) ? con_poll(&ct, fc, pt) : POLLHUP | POLLERR;
}

static int tty_dev_open(struct ofile *f, const struct file_ctx *fc)
{
    struct ofile ct;
    return !caller(fc) || as_ctty(f, fc, &ct) ? 0 : -ENXIO;
}

static const struct file_ops tty_dev_ops = {
    .read = tty_dev_read, .write = tty_dev_write, .ioctl = tty_dev_ioctl, .poll = tty_dev_poll,
    .open = tty_dev_open,
};

int console_boot(struct vfs *fs, vfs_clock_fn clock)
{
    for (size_t i = 0; i < sizeof consoles / sizeof consoles[0]; i++) {
        struct console *c = consoles[i];
        tty_init(&c->tty);
        c->tty.echo = echo_out;
        c->tty.signal = isig;
        c->tty.ctx = c;
    }
    con_out.cap = posix_console_cap;
    con_err.cap = posix_errcon_cap;
    int r = vfs_init(fs, clock, &console_ops, &con_out);
    if (r < 0)
        return r;
    struct vnode *dev;
    if ((r = vfs_lookup(fs, fs->root, "/dev", 0, NULL, &dev)) < 0)
        return r;
    r = vfs_mknod_chr(dev, "ttyS1", VFS_IFCHR | 0620, VFS_MKDEV(4, 65), &console_ops, &con_err,
                      NULL, NULL);
    if (r == 0)
        r = vfs_mknod_chr(dev, "tty", VFS_IFCHR | 0666, VFS_MKDEV(5, 0), &tty_dev_ops, NULL,
                          NULL, NULL);
    if (r == 0)
        r = vfs_lookup(fs, dev, "console", 0, NULL, &ctty_vnode[0]);
    if (r == 0)
        r = vfs_lookup(fs, dev, "ttyS1", 0, NULL, &ctty_vnode[1]);
    vfs_unref(dev);
    if (r == 0)
        reader_start(); /* input flows from boot on: ^C works before anyone reads */
    return r;
}
