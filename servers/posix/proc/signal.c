/* Signals (see signal.h). */
#include "posix.h"
#include "signal.h"
#include "mm.h"
#include "client.h"
#include "proc.h"
#include "thread.h"
#include "sigframe.h"
#include "time.h"
#include "errno_map.h"
#include "poll.h"
#include "fileio.h"
#include "ipc.h"
#include "ptimer.h"
#include "coredump.h"
#include "string.h"
#include <linux/time.h>

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
/* Faults first, as Linux picks synchronous signals before others. */
#define SYNC_SIGNALS (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) | \
                      SIGBIT(SIGTRAP) | SIGBIT(SIGSYS))

enum dfl { DFL_TERM, DFL_CORE, DFL_STOP, DFL_CONT, DFL_IGN };

static enum dfl default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: return DFL_IGN;
    case SIGCONT: return DFL_CONT;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return DFL_STOP;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS: return DFL_CORE;
    default: return DFL_TERM;
    }
}

static int ignored(const struct proc *p, int sig)
{
    const struct k_sigaction *a = &p->act[sig - 1];
    if (a->handler == (uint64_t)SIG_IGN)
        return 1;
    return a->handler == (uint64_t)SIG_DFL &&
           (default_action(sig) == DFL_IGN || default_action(sig) == DFL_CONT);
}

static int fatal_default(const struct proc *p, int sig)
{
    enum dfl d = default_action(sig);
    return p->act[sig - 1].handler == (uint64_t)SIG_DFL && (d == DFL_TERM || d == DFL_CORE);
}

static int lowest(uint64_t set)
{
    if (!set)
        return 0;
    uint64_t s = set & SYNC_SIGNALS ? set & SYNC_SIGNALS : set;
    return __builtin_ctzll(s) + 1;
}

static int next_signal(const struct thread *t)
{
    return lowest((t->pending.set | t->p->pending.set) & ~t->sigmask);
}

/* Takes sig's next instance, the thread's own first, as Linux's dequeue. */
static void take_signal(struct thread *t, int sig, struct ksiginfo *k)
{
    if (!sigpending_take(&t->pending, sig, k))
        sigpending_take(&t->p->pending, sig, k);
    if (k->code == SI_TIMER)
        ptimer_taken(t->p, k); /* rearms it; k gets its overrun */
}

static void parent_sigchld(struct proc *child, int code, int status)
{
    struct proc *parent = child->ppid ? proc_by_pid(child->ppid) : NULL;
    if (!parent || parent->state != P_ALIVE)
        return;
    /* A waiting wait answers first: the signal then arrives after its
       result, as on Linux (not EINTR). */
    proc_recheck_waits(parent);
    if (!(parent->act[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
        struct ksiginfo info = { .signo = SIGCHLD, .code = code, .pid = child->pid,
                                 .uid = child->uid, .status = status };
        signal_send_proc(parent, SIGCHLD, &info);
    }
}

static void kick_thread(struct thread *t);
static void die(struct proc *p, struct thread *t, int sig, const struct ksiginfo *k);
static void wake_blocked(struct thread *t);

/* Drops the signals in mask pending for p or any of its threads. */
static void discard_pending(struct proc *p, uint64_t mask)
{
    sigpending_discard(&p->pending, mask);
    for (struct thread *t = p->thread_head; t; t = t->proc_next)
        sigpending_discard(&t->pending, mask);
}

static void stop_process(struct proc *p, int sig)
{
    if (p->stopped)
        return;
    p->stopped = 1;
    p->stopsig = sig;
    p->report = REPORT_STOPPED;
    for (struct thread *t = p->thread_head; t; t = t->proc_next) {
        if (t->reply == CX_REPLY_NONE && t->ktid && !t->interrupt_sent) {
            cx_thread_interrupt(p->cap, t->ktid);
            t->interrupt_sent = 1;
        } else if (t->block == BLOCK_IPC && ipc_interrupted(t) == -EINTR) {
            wake_blocked(t); /* semop: Linux ends its wait at a stop (EINTR after the continue) */
        }
    }
    parent_sigchld(p, CLD_STOPPED, sig);
}

static void continue_process(struct proc *p)
{
    discard_pending(p, STOP_SIGNALS);
    if (!p->stopped)
        return;
    p->stopped = 0;
    p->report = REPORT_CONTINUED;
    /* Answering one may end the process and free the others: the list is
       read first, and each is looked at again before it is answered. */
    struct thread *stopped[PROC_THREADS];
    int n = 0;
    for (struct thread *t = p->thread_head; t && n < PROC_THREADS; t = t->proc_next)
        if (t->block == BLOCK_STOPPED)
            stopped[n++] = t;
    for (int i = 0; i < n; i++) {
        struct thread *t = stopped[i];
        if (t->used && t->p == p && t->block == BLOCK_STOPPED) {
            t->block = BLOCK_NONE;
            signal_finish(t, t->stop_result);
        }
    }
    if (p->state == P_ALIVE)
        parent_sigchld(p, CLD_CONTINUED, SIGCONT);
}

static void to_lx_info(const struct ksiginfo *k, int sig, struct lx_siginfo *si)
{
    memset(si, 0, sizeof *si);
    si->si_signo = sig;
    si->si_code = k->code;
    si->si_errno = k->errno_;
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
        if (k->code > 0 && k->code < SI_KERNEL) {
            si->u.fault.addr = k->addr;
            return;
        }
    }
    if (k->sigpoll) {
        si->u.poll.band = k->band;
        si->u.poll.fd = k->fd;
        return;
    }
    if (k->code == SI_TIMER) {
        si->u.timer.tid = k->timerid;
        si->u.timer.overrun = k->overrun;
        si->u.timer.value = k->value;
        return;
    }
    si->u.chld.pid = k->pid;
    si->u.chld.uid = k->uid;
    if (k->code == SI_QUEUE || k->code == SI_MESGQ || k->code == SI_ASYNCIO)
        si->u.rt.value = k->value;
    else if (sig == SIGCHLD)
        si->u.chld.status = k->status;
}

/* A thread waiting in rt_sigtimedwait for sig takes it at once. */
static int give_to_sigwait(struct thread *t, int sig, const struct ksiginfo *info)
{
    if (t->block != BLOCK_SIGWAIT || !(t->aux[0] & SIGBIT(sig)))
        return 0;
    t->block = BLOCK_NONE;
    time_set_deadline(t, 0);
    if (t->aux[1]) {
        struct ksiginfo def = { .signo = sig, .code = SI_KERNEL };
        struct lx_siginfo si;
        to_lx_info(info ? info : &def, sig, &si);
        client_write(t->p, t->aux[1], &si, sizeof si);
    }
    signal_finish(t, sig);
    return 1;
}

static int post(struct proc *p, struct thread *target, int sig, const struct ksiginfo *info)
{
    if (p->state != P_ALIVE || p->dying)
        return 0;
    if (sig == SIGKILL) {
        proc_terminate(p, SIGKILL);
        return 0;
    }
    if (sig == SIGCONT)
        continue_process(p);
    if (SIGBIT(sig) & STOP_SIGNALS)
        discard_pending(p, SIGBIT(SIGCONT));
    for (struct thread *t = p->thread_head; t; t = t->proc_next)
        if ((!target || t == target) && give_to_sigwait(t, sig, info))
            return 0;
    if (ignored(p, sig)) {
        /* Blocked signals stay pending: the action may change before unblocking. */
        int blocked = 0;
        for (struct thread *t = p->thread_head; t; t = t->proc_next)
            if ((!target || t == target) && (t->sigmask & SIGBIT(sig)))
                blocked = 1;
        if (!blocked)
            return 0;
    }
    struct ksiginfo def = { .signo = sig, .code = SI_KERNEL };
    if (!info)
        info = &def;
    int r = sigpending_add(target ? &target->pending : &p->pending, sig, info, p->uid,
                           p->rlim[RLIMIT_SIGPENDING].rlim_cur);
    if (r < 0)
        return r;
    /* Who acts: the target, or one thread of p that does not block sig,
       preferring one already stopped in the server. */
    struct thread *chosen = NULL;
    for (struct thread *t = p->thread_head; t; t = t->proc_next) {
        if ((target && t != target) || (t->sigmask & SIGBIT(sig)))
            continue;
        if (!chosen || (chosen->reply == CX_REPLY_NONE && t->reply != CX_REPLY_NONE))
            chosen = t;
    }
    if (!chosen)
        return 1; /* blocked everywhere: stays pending */
    if (fatal_default(p, sig)) {
        die(p, chosen, sig, info);
        return 0;
    }
    if (p->act[sig - 1].handler == (uint64_t)SIG_DFL && default_action(sig) == DFL_STOP) {
        sigpending_discard(target ? &target->pending : &p->pending, SIGBIT(sig));
        stop_process(p, sig);
        return 0;
    }
    kick_thread(chosen);
    return 1;
}

int signal_send_proc(struct proc *p, int sig, const struct ksiginfo *info)
{
    return sig >= 1 && sig <= NSIG_LINUX ? post(p, NULL, sig, info) : -EINVAL;
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
    return sig >= 1 && sig <= NSIG_LINUX ? post(t->p, t, sig, info) : -EINVAL;
}

void signal_discard_all(struct proc *p)
{
    discard_pending(p, ~0ull);
}

/* A blocked call cut short: the result it gets. */
static void wake_blocked(struct thread *t)
{
    long r;
    switch (t->block) {
    case BLOCK_FUTEX: /* LOCK_PI restarts always, futex_waitv after SA_RESTART handlers */
        r = t->futex_pi ? -ERESTARTNOINTR : t->waitv ? -ERESTARTSYS : -EINTR;
        break;
    case BLOCK_SLEEP:
        if (t->aux[0]) {
            uint64_t now = time_now_ns();
            uint64_t left = t->deadline.when > now ? t->deadline.when - now : 0;
            struct __kernel_timespec rem = { (long long)(left / 1000000000u),
                                             (long long)(left % 1000000000u) };
            client_write(t->p, t->aux[0], &rem, sizeof rem);
        }
        r = -EINTR;
        break;
    case BLOCK_WAIT: case BLOCK_READ: case BLOCK_LOCK: case BLOCK_MQ: r = -ERESTARTSYS; break;
    case BLOCK_SIGSUSPEND: r = -ERESTARTNOHAND; break;
    case BLOCK_SIGWAIT: r = -EINTR; break;
    case BLOCK_POLL: r = poll_interrupted(t); break;
    case BLOCK_OPEN: r = fileio_open_interrupted(t); break;
    case BLOCK_LEASE: r = -ERESTARTSYS; break; /* the open starts again, or EINTR */
    case BLOCK_IPC: r = ipc_interrupted(t); break;
    default: return; /* vfork waits and stopped threads stay */
    }
    t->block = BLOCK_NONE;
    time_set_deadline(t, 0);
    signal_finish(t, r);
}

static void kick_thread(struct thread *t)
{
    if (t->reply == CX_REPLY_NONE) {
        if (t->ktid && !t->interrupt_sent) {
            cx_thread_interrupt(t->p->cap, t->ktid);
            t->interrupt_sent = 1;
        }
        return;
    }
    if (t->block != BLOCK_NONE)
        wake_blocked(t);
    /* else: being served now; signal_finish delivers */
}

/* --- delivery -------------------------------------------------------------------- */

/* The syscall result register after a call cut short, for a handler with
   these flags (restart rewinds to the syscall instruction). */
static void apply_result(struct thread *t, struct cx_regs *regs, long result, uint64_t flags)
{
    if (result == R_RESUME)
        return;
    if ((result == -ERESTARTSYS && (flags & SA_RESTART)) || result == -ERESTARTNOINTR) {
        abi_restart_syscall(regs, t->nr);
        return;
    }
    if (result == -ERESTARTSYS || result == -ERESTARTNOHAND)
        result = -EINTR;
    cx_regs_set_result(regs, (uint64_t)result);
}

/* p ends by sig's default action (t took it; k its details, NULL for
   none): a core first when that action dumps one (coredump.h), and the
   wait status says so. */
static void die(struct proc *p, struct thread *t, int sig, const struct ksiginfo *k)
{
    int status = sig;
    if (default_action(sig) == DFL_CORE && t) {
        struct ksiginfo def = { .signo = sig, .code = SI_KERNEL };
        struct lx_siginfo si;
        to_lx_info(k ? k : &def, sig, &si);
        if (coredump_write(p, t, &si))
            status |= 0x80; /* WCOREDUMP */
    }
    proc_terminate(p, status);
}

static void kill_segv(struct thread *t)
{
    die(t->p, t, SIGSEGV, NULL);
}

/* Runs sig's handler on t (stopped in the server). */
static void deliver(struct thread *t, int sig, const struct ksiginfo *k, long result)
{
    struct proc *p = t->p;
    struct k_sigaction *act = &p->act[sig - 1];
    static struct cx_regs regs, out;
    static uint8_t buf[SIGFRAME_MAX_SIZE];
    if (CX_IS_ERR(cx_thread_get_regs(p->cap, t->ktid, &regs))) {
        thread_reply(t, CX_PREPLY_RESUME, 0);
        return;
    }
    apply_result(t, &regs, result, act->flags);
    if (!(act->flags & SA_RESTORER)) {
        kill_segv(t);
        return;
    }
    struct lx_siginfo si;
    to_lx_info(k, sig, &si);
    struct sigframe_setup s = {
        .signo = sig, .info = &si, .handler = act->handler, .restorer = act->restorer,
        .sa_flags = act->flags, .saved_mask = t->restore_mask ? t->saved_mask : t->sigmask,
        .altstack = { t->ss_sp, t->ss_flags, 0, t->ss_size },
        .fault_trapno = k->trapno, .fault_err = k->err, .fault_addr = k->addr,
    };
    uint64_t addr;
    size_t len;
    if (sigframe_build(&regs, &s, buf, &addr, &len, &out) < 0 ||
        client_write(p, addr, buf, len) < 0 ||
        CX_IS_ERR(cx_thread_set_regs(p->cap, t->ktid, &out))) {
        kill_segv(t);
        return;
    }
    t->restore_mask = 0;
    t->sigmask |= act->mask | ((act->flags & SA_NODEFER) ? 0 : SIGBIT(sig));
    t->sigmask &= ~UNBLOCKABLE;
    if (act->flags & SA_RESETHAND) {
        act->handler = (uint64_t)SIG_DFL;
        act->flags &= ~(uint64_t)SA_SIGINFO;
    }
    thread_reply(t, CX_PREPLY_RESUME, 0);
}

void signal_finish(struct thread *t, long result)
{
    if (result == R_DEFER || result == R_GONE || !t->used)
        return;
    sleeper_stop(&t->sleep); /* whatever it waited on, it waits no more */
    futex_forget(t);
    struct proc *p = t->p;
    if (p->dying || p->state != P_ALIVE)
        return;
    if (p->stopped) {
        t->block = BLOCK_STOPPED;
        t->stop_result = result;
        return;
    }
    for (;;) {
        int sig = next_signal(t);
        if (!sig)
            break;
        struct ksiginfo k;
        take_signal(t, sig, &k);
        struct k_sigaction *act = &p->act[sig - 1];
        if (act->handler == (uint64_t)SIG_IGN)
            continue;
        if (act->handler == (uint64_t)SIG_DFL) {
            switch (default_action(sig)) {
            case DFL_IGN: case DFL_CONT: continue;
            case DFL_STOP:
                stop_process(p, sig);
                t->block = BLOCK_STOPPED;
                t->stop_result = result;
                return;
            default:
                die(p, t, sig, &k);
                return;
            }
        }
        deliver(t, sig, &k, result);
        return;
    }
    if (t->restore_mask) {
        t->sigmask = t->saved_mask;
        t->restore_mask = 0;
    }
    if (result == R_RESUME) {
        thread_reply(t, CX_PREPLY_RESUME, 0);
        return;
    }
    if (result == -ERESTARTSYS || result == -ERESTARTNOHAND || result == -ERESTARTNOINTR) {
        /* No handler ran: the call starts again. */
        static struct cx_regs regs;
        if (!CX_IS_ERR(cx_thread_get_regs(p->cap, t->ktid, &regs))) {
            abi_restart_syscall(&regs, t->nr);
            if (!CX_IS_ERR(cx_thread_set_regs(p->cap, t->ktid, &regs))) {
                thread_reply(t, CX_PREPLY_RESUME, 0);
                return;
            }
        }
        result = -EINTR;
    }
    thread_reply(t, CX_PREPLY_RETURN, (uint64_t)result);
}

void signal_interrupt(struct thread *t)
{
    t->interrupt_sent = 0;
    signal_finish(t, R_RESUME);
}

void signal_fault(struct thread *t, const struct cx_pmsg *m)
{
    struct proc *p = t->p;
    struct ksiginfo k = { .addr = 0, .trapno = m->arg[2], .err = m->arg[3] };
    switch (m->nr) {
    case CX_FAULT_PAGE:
        k.addr = m->arg[0];
        if (mm_fault_past_eof(p, k.addr)) /* a mapped file's page past its end */
            k.signo = SIGBUS, k.code = BUS_ADRERR;
        else
            k.signo = SIGSEGV, k.code = m->arg[1] ? SEGV_ACCERR : SEGV_MAPERR;
        break;
    case CX_FAULT_ILLEGAL_INSTRUCTION:
        k.signo = SIGILL, k.code = ILL_ILLOPN, k.addr = m->pc;
        break;
    case CX_FAULT_ARITHMETIC:
        k.signo = SIGFPE;
        k.code = m->arg[2] == 0 ? FPE_INTDIV : FPE_FLTINV;
        k.addr = m->pc;
        break;
    case CX_FAULT_BREAKPOINT:
        k.signo = SIGTRAP, k.code = TRAP_BRKPT, k.addr = m->pc;
        break;
    case CX_FAULT_ALIGNMENT:
        k.signo = SIGBUS, k.code = BUS_ADRALN, k.addr = m->arg[0];
        break;
    default: /* general protection and the like: Linux reports SI_KERNEL, address 0 */
        k.signo = SIGSEGV, k.code = SI_KERNEL;
        break;
    }
    /* A fault cannot be blocked or ignored: that would loop forever. */
    int sig = k.signo;
    if ((t->sigmask & SIGBIT(sig)) || p->act[sig - 1].handler == (uint64_t)SIG_IGN) {
        p->act[sig - 1].handler = (uint64_t)SIG_DFL;
        t->sigmask &= ~SIGBIT(sig);
    }
    if (p->act[sig - 1].handler == (uint64_t)SIG_DFL) {
        die(p, t, sig, &k);
        return;
    }
    sigpending_discard(&t->pending, SIGBIT(sig)); /* the fault's details win */
    sigpending_add(&t->pending, sig, &k, p->uid, p->rlim[RLIMIT_SIGPENDING].rlim_cur);
    signal_finish(t, R_RESUME);
}

void signal_exec(struct proc *p)
{
    for (int i = 0; i < NSIG_LINUX; i++) {
        struct k_sigaction *a = &p->act[i];
        if (a->handler != (uint64_t)SIG_IGN)
            memset(a, 0, sizeof *a);
    }
}

void signal_alarm(struct proc *p)
{
    uint64_t now = time_now_ns();
    time_set_alarm(p, p->alarm_interval ? now + p->alarm_interval : 0);
    struct ksiginfo k = { .signo = SIGALRM, .code = SI_KERNEL };
    signal_send_proc(p, SIGALRM, &k);
}

/* --- syscalls -------------------------------------------------------------------- */

long sys_rt_sigaction(struct thread *t, const uint64_t *a)
{
    int sig = (int)a[0];
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    if (sig < 1 || sig > NSIG_LINUX)
        return -EINVAL;
    struct proc *p = t->p;
    struct k_sigaction n;
    if (a[1]) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if (client_read(p, a[1], &n, sizeof n) < 0)
            return -EFAULT;
    }
    if (a[2] && client_write(p, a[2], &p->act[sig - 1], sizeof n) < 0)
        return -EFAULT;
    if (a[1]) {
        n.mask &= ~UNBLOCKABLE;
        p->act[sig - 1] = n;
        if (ignored(p, sig)) /* POSIX: setting SIG_IGN discards pending instances */
            discard_pending(p, SIGBIT(sig));
    }
    return 0;
}

long sys_rt_sigprocmask(struct thread *t, const uint64_t *a)
{
    int how = (int)a[0];
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    uint64_t old = t->sigmask, set;
    if (a[1]) {
        if (client_read(t->p, a[1], &set, sizeof set) < 0)
            return -EFAULT;
        switch (how) {
        case SIG_BLOCK: t->sigmask |= set; break;
        case SIG_UNBLOCK: t->sigmask &= ~set; break;
        case SIG_SETMASK: t->sigmask = set; break;
        default: return -EINVAL;
        }
        t->sigmask &= ~UNBLOCKABLE;
    }
    if (a[2] && client_write(t->p, a[2], &old, sizeof old) < 0) {
        t->sigmask = old;
        return -EFAULT;
    }
    return 0; /* signal_finish delivers what became unblocked */
}

long sys_rt_sigreturn(struct thread *t, const uint64_t *a)
{
    (void)a;
    struct proc *p = t->p;
    static struct cx_regs cur, out;
    static uint8_t frame[SIGFRAME_SIZE], fx[SIGFRAME_EXT_SIZE];
    struct sigframe_restored r;
    if (CX_IS_ERR(cx_thread_get_regs(p->cap, t->ktid, &cur)) ||
        client_read(p, sigframe_at(&cur), frame, sizeof frame) < 0 ||
        sigframe_parse(frame, &cur, &out, &r) < 0 ||
        (r.fpstate && (client_read(p, r.fpstate, fx, sizeof fx) < 0 ||
                       sigframe_restore_fpu(&out, fx) < 0)) ||
        CX_IS_ERR(cx_thread_set_regs(p->cap, t->ktid, &out))) {
        kill_segv(t);
        return R_GONE;
    }
    t->sigmask = r.mask & ~UNBLOCKABLE;
    if (!(r.stack.ss_flags & SS_DISABLE) && r.stack.ss_size >= MINSIGSTKSZ) {
        t->ss_sp = r.stack.ss_sp;
        t->ss_size = r.stack.ss_size;
        t->ss_flags = 0;
    }
    return R_RESUME;
}

long sys_rt_sigpending(struct thread *t, const uint64_t *a)
{
    if (a[1] > sizeof(uint64_t))
        return -EINVAL;
    uint64_t set = (t->pending.set | t->p->pending.set) & t->sigmask;
    return client_write(t->p, a[0], &set, (size_t)a[1]) < 0 ? -EFAULT : 0;
}

long sys_rt_sigsuspend(struct thread *t, const uint64_t *a)
{
    uint64_t set;
    if (a[1] != sizeof set)
        return -EINVAL;
    if (client_read(t->p, a[0], &set, sizeof set) < 0)
        return -EFAULT;
    t->saved_mask = t->sigmask;
    t->restore_mask = 1;
    t->sigmask = set & ~UNBLOCKABLE;
    if (next_signal(t))
        return -ERESTARTNOHAND;
    t->block = BLOCK_SIGSUSPEND;
    return R_DEFER;
}

long sys_pause(struct thread *t, const uint64_t *a)
{
    (void)a;
    if (next_signal(t))
        return -ERESTARTNOHAND;
    t->block = BLOCK_SIGSUSPEND;
    return R_DEFER;
}

long sys_rt_sigtimedwait(struct thread *t, const uint64_t *a)
{
    uint64_t set;
    if (a[3] != sizeof set)
        return -EINVAL;
    if (client_read(t->p, a[0], &set, sizeof set) < 0)
        return -EFAULT;
    set &= ~UNBLOCKABLE;
    uint64_t have = (t->pending.set | t->p->pending.set) & set;
    if (have) {
        int sig = lowest(have);
        struct ksiginfo k;
        take_signal(t, sig, &k);
        if (a[1]) {
            struct lx_siginfo si;
            to_lx_info(&k, sig, &si);
            if (client_write(t->p, a[1], &si, sizeof si) < 0)
                return -EFAULT;
        }
        return sig;
    }
    uint64_t deadline = 0;
    if (a[2]) {
        struct __kernel_timespec ts;
        if (client_read(t->p, a[2], &ts, sizeof ts) < 0)
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        if (ts.tv_sec == 0 && ts.tv_nsec == 0)
            return -EAGAIN;
        uint64_t ns = (uint64_t)ts.tv_sec > 100000000000ull ? UINT64_MAX / 2
                                                             : (uint64_t)ts.tv_sec * 1000000000u;
        deadline = time_now_ns() + ns + (uint64_t)ts.tv_nsec;
    }
    t->block = BLOCK_SIGWAIT;
    t->aux[0] = set;
    t->aux[1] = a[1];
    time_set_deadline(t, deadline);
    return R_DEFER;
}

long sys_sigaltstack(struct thread *t, const uint64_t *a)
{
    struct lx_stack cur = { t->ss_sp, t->ss_flags, 0, t->ss_size };
    if (a[0]) {
        struct lx_stack n;
        if (client_read(t->p, a[0], &n, sizeof n) < 0)
            return -EFAULT;
        /* on the alternate stack now? then it cannot change (EPERM) */
        static struct cx_regs regs;
        if (!(t->ss_flags & SS_DISABLE) && !CX_IS_ERR(cx_thread_get_regs(t->p->cap, t->ktid, &regs)) &&
            cx_regs_sp(&regs) - t->ss_sp < t->ss_size)
            return -EPERM;
        int flags = n.ss_flags & ~(int)SS_AUTODISARM;
        if (flags != 0 && flags != SS_DISABLE && flags != SS_ONSTACK)
            return -EINVAL;
        if (flags == SS_DISABLE) {
            t->ss_flags = SS_DISABLE;
            t->ss_sp = t->ss_size = 0;
        } else {
            if (n.ss_size < MINSIGSTKSZ)
                return -ENOMEM;
            t->ss_sp = n.ss_sp;
            t->ss_size = n.ss_size;
            t->ss_flags = 0;
        }
    }
    if (a[1]) {
        static struct cx_regs regs;
        if (!(cur.ss_flags & SS_DISABLE) && !CX_IS_ERR(cx_thread_get_regs(t->p->cap, t->ktid, &regs)) &&
            cx_regs_sp(&regs) - cur.ss_sp < cur.ss_size)
            cur.ss_flags = SS_ONSTACK;
        if (client_write(t->p, a[1], &cur, sizeof cur) < 0)
            return -EFAULT;
    }
    return 0;
}

/* Who sends a signal, as kill(2) checks it: a snapshot taken before any
   signal goes out, since signalling its own group may end the caller (and
   free its thread record) part-way through. */
struct signaller {
    int pid, sid;
    uint32_t uid, euid;
};

static struct signaller signaller_of(const struct proc *p)
{
    return (struct signaller){ .pid = p->pid, .sid = p->sid, .uid = p->uid, .euid = p->euid };
}

/* Linux's kill_ok_by_cred: root, a real or effective uid matching the
   target's real or saved uid, or SIGCONT within the same session. */
static int may_signal(const struct signaller *from, const struct proc *to, int sig)
{
    return from->euid == 0 || from->uid == to->uid || from->euid == to->uid ||
           from->uid == to->suid || from->euid == to->suid ||
           (sig == SIGCONT && from->sid == to->sid);
}

/* One process: permission first (a zombie answers it too), then 0 for a
   zombie or one already being killed, which can take no signal. */
static long kill_one(const struct signaller *from, struct proc *to, int sig)
{
    if (to->state == P_FREE)
        return -ESRCH;
    if (!may_signal(from, to, sig))
        return -EPERM;
    if (sig && to->state == P_ALIVE && !to->dying) {
        struct ksiginfo k = { .signo = sig, .code = SI_USER, .pid = from->pid, .uid = from->uid };
        int r = signal_send_proc(to, sig, &k);
        return r < 0 ? r : 0;
    }
    return 0;
}

/* kill(2). Every target but the caller first, the caller last: a signal
   that ends it frees its thread record, and nothing may touch it after. */
long sys_kill(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > NSIG_LINUX)
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH; /* -pid would overflow; Linux says ESRCH */
    struct proc *self = t->p;
    struct signaller from = signaller_of(self);
    if (pid > 0) {
        struct proc *to = proc_by_pid(pid);
        return to ? kill_one(&from, to, sig) : -ESRCH;
    }
    if (pid == -1) {
        /* Everyone but init and the caller: 0 when there was anyone, EPERM
           from some is no error (Linux's kill_something_info). */
        long result = 0;
        int count = 0;
        for (int i = 0; i < proc_slots; i++) {
            struct proc *to = &procs[i];
            if (to->state == P_FREE || to->pid == init_pid || to == self)
                continue;
            count++;
            long r = kill_one(&from, to, sig);
            if (r < 0 && r != -EPERM)
                result = r;
        }
        return count ? result : -ESRCH;
    }
    /* A process group: 0 if any was signalled, else the last error. */
    int pgid = pid == 0 ? self->pgid : -pid;
    long result = -ESRCH;
    int any_ok = 0, self_too = 0;
    for (int i = 0; i < proc_slots; i++) {
        struct proc *to = &procs[i];
        if (to->state == P_FREE || to->pgid != pgid)
            continue;
        if (to == self) {
            self_too = 1;
            continue;
        }
        result = kill_one(&from, to, sig);
        any_ok |= result == 0;
    }
    if (self_too) {
        result = kill_one(&from, self, sig); /* may end the caller: t is not used again */
        any_ok |= result == 0;
    }
    return any_ok ? 0 : result;
}

/* A thread-directed signal with details k (NULL: tkill's own). */
static long thread_kill(struct thread *t, int tgid, int tid, int sig, const struct ksiginfo *k)
{
    if (sig < 0 || sig > NSIG_LINUX || tid <= 0)
        return -EINVAL;
    struct thread *to = thread_by_tid(tid);
    if (!to || (tgid > 0 && to->p->pid != tgid) || to->p->dying)
        return -ESRCH;
    struct signaller from = signaller_of(t->p);
    if (!may_signal(&from, to->p, sig))
        return -EPERM;
    if (!sig)
        return 0;
    struct ksiginfo own = { .signo = sig, .code = SI_TKILL, .pid = from.pid, .uid = from.uid };
    int r = signal_send_thread(to, sig, k ? k : &own); /* may end the caller: t is done */
    return r < 0 ? r : 0;
}

long sys_tgkill(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] <= 0)
        return -EINVAL;
    return thread_kill(t, (int)a[0], (int)a[1], (int)a[2], NULL);
}

long sys_tkill(struct thread *t, const uint64_t *a)
{
    return thread_kill(t, 0, (int)a[0], (int)a[1], NULL);
}

/* The details a sigqueue caller gives (sigqueue, pthread_sigqueue). As
   Linux, only a thread signalling itself may claim a code of the kernel's
   (>= 0) or tkill's: others must not impersonate them. */
static long queued_info(struct thread *t, uint64_t uinfo, int sig, int target, struct ksiginfo *k)
{
    struct lx_siginfo si;
    if (client_read(t->p, uinfo, &si, sizeof si) < 0)
        return -EFAULT;
    if ((si.si_code >= 0 || si.si_code == SI_TKILL) && target != t->tid)
        return -EPERM;
    *k = (struct ksiginfo){ .signo = sig, .code = si.si_code, .errno_ = si.si_errno,
                            .pid = si.u.rt.pid, .uid = si.u.rt.uid, .value = si.u.rt.value };
    return 0;
}

/* rt_sigqueueinfo(pid, sig, info): sigqueue's call, to a process. */
long sys_rt_sigqueueinfo(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    struct ksiginfo k;
    long r = queued_info(t, a[2], sig, pid, &k);
    if (r < 0)
        return r;
    struct proc *to = pid > 0 ? proc_by_pid(pid) : NULL;
    if (!to || to->state == P_FREE)
        return -ESRCH;
    if (sig < 0 || sig > NSIG_LINUX)
        return -EINVAL;
    struct signaller from = signaller_of(t->p);
    if (!may_signal(&from, to, sig))
        return -EPERM;
    if (!sig || to->state != P_ALIVE || to->dying)
        return 0;
    r = signal_send_proc(to, sig, &k); /* may end the caller: t is done */
    return r < 0 ? r : 0;
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): the same to one thread. */
long sys_rt_tgsigqueueinfo(struct thread *t, const uint64_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    struct ksiginfo k;
    long r = queued_info(t, a[3], sig, tid, &k);
    return r < 0 ? r : thread_kill(t, tgid, tid, sig, &k);
}

/* --- interval timers: ITIMER_REAL here, ITIMER_VIRTUAL/PROF in ptimer.c ---------- */

long sys_alarm(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t now = time_now_ns();
    long old = 0;
    if (p->alarm_deadline.when) {
        uint64_t left = p->alarm_deadline.when > now ? p->alarm_deadline.when - now : 0;
        old = (long)((left + 500000000u) / 1000000000u);
        if (old == 0)
            old = 1;
    }
    unsigned secs = (unsigned)a[0];
    time_set_alarm(p, secs ? now + (uint64_t)secs * 1000000000u : 0);
    p->alarm_interval = 0;
    return old;
}

struct kitimerval {
    struct __kernel_old_timeval interval, value;
};

static uint64_t tv_ns(const struct __kernel_old_timeval *tv)
{
    return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

static void ns_tv(uint64_t ns, struct __kernel_old_timeval *tv)
{
    tv->tv_sec = (long)(ns / 1000000000u);
    tv->tv_usec = (long)((ns % 1000000000u) / 1000u);
}

static void itimer_get(struct proc *p, struct kitimerval *v)
{
    uint64_t now = time_now_ns();
    ns_tv(p->alarm_interval, &v->interval);
    ns_tv(p->alarm_deadline.when > now ? p->alarm_deadline.when - now : (p->alarm_deadline.when ? 1000 : 0),
          &v->value);
}

long sys_getitimer(struct thread *t, const uint64_t *a)
{
    struct kitimerval v;
    if (a[0] == ITIMER_REAL) {
        itimer_get(t->p, &v);
    } else if (a[0] == ITIMER_VIRTUAL || a[0] == ITIMER_PROF) {
        uint64_t old[2];
        ptimer_itimer(t->p, (int)a[0], NULL, old);
        ns_tv(old[0], &v.value);
        ns_tv(old[1], &v.interval);
    } else {
        return -EINVAL;
    }
    return client_write(t->p, a[1], &v, sizeof v) < 0 ? -EFAULT : 0;
}

long sys_setitimer(struct thread *t, const uint64_t *a)
{
    if (a[0] != ITIMER_REAL && a[0] != ITIMER_VIRTUAL && a[0] != ITIMER_PROF)
        return -EINVAL;
    struct proc *p = t->p;
    struct kitimerval n, old;
    if (a[1]) {
        if (client_read(p, a[1], &n, sizeof n) < 0)
            return -EFAULT;
        if (n.value.tv_sec < 0 || n.value.tv_usec < 0 || n.value.tv_usec >= 1000000 ||
            n.interval.tv_sec < 0 || n.interval.tv_usec < 0 || n.interval.tv_usec >= 1000000 ||
            n.value.tv_sec > 100000000 || n.interval.tv_sec > 100000000)
            return -EINVAL;
    }
    if (a[0] != ITIMER_REAL) { /* CPU time: ptimer.c */
        uint64_t set[2], was[2];
        if (a[1])
            set[0] = tv_ns(&n.value), set[1] = tv_ns(&n.interval);
        long r = ptimer_itimer(p, (int)a[0], a[1] ? set : NULL, was);
        if (r < 0)
            return r;
        ns_tv(was[0], &old.value);
        ns_tv(was[1], &old.interval);
        return a[2] && client_write(p, a[2], &old, sizeof old) < 0 ? -EFAULT : 0;
    }
    itimer_get(p, &old);
    if (a[2] && client_write(p, a[2], &old, sizeof old) < 0)
        return -EFAULT;
    if (a[1]) {
        uint64_t v = tv_ns(&n.value);
        time_set_alarm(p, v ? time_now_ns() + v : 0);
        p->alarm_interval = tv_ns(&n.interval);
    }
    return 0;
}
