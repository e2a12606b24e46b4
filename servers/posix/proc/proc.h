/* The POSIX process table: what the server knows about each process and
 * thread, beside the kernel's own process and thread objects.
 *
 * Identity: a POSIX pid or tid is the server's (dense, from 1, shared by
 * processes and threads as on Linux); the kernel pid and thread id are the
 * kernel's and change on execve. A process's first thread has tid == pid.
 *
 * A thread is either running user code (reply == CX_REPLY_NONE) or stopped
 * in the server, which then holds its reply token: while a call is served,
 * while it is blocked (futex, sleep, wait ...: block != BLOCK_NONE), or
 * while its process is stopped by a job-control signal.
 *
 * Limits (each answered with EAGAIN, as Linux does for RLIMIT_NPROC):
 *   PROC_MAX       processes alive or zombie at once (fork, clone)
 *   THREAD_MAX     threads in all processes together (clone(CLONE_THREAD))
 *   PROC_THREADS   threads in one process (the kernel's own limit, 256: all of THREAD_MAX)
 *   RLIMIT_NPROC   per user, counted as Linux counts it (every thread of the
 *                  user's processes by real uid, zombies until reaped);
 *                  PROC_NPROC_DEFAULT at boot (Linux: max_threads / 2); root
 *                  is exempt, so one user never takes the whole table
 */
#ifndef POSIX_PROC_H
#define POSIX_PROC_H

#include "posix.h"
#include "idhash.h"
#include "timerq.h"
#include <linux/resource.h>
#include "waitq.h"
#include "sigpending.h"

#define PROC_MAX     64
#define PROC_NGROUPS 32    /* supplementary groups kept (setgroups beyond: EINVAL); = VFS_NGROUPS_MAX */
#define THREAD_MAX   256
#define PROC_THREADS 256
#define PID_LIMIT    32768 /* pids and tids wrap below this */
#define PROC_NPROC_DEFAULT (PROC_MAX / 2)

/* Why a thread stopped in the server waits. */
enum block {
    BLOCK_NONE = 0,
    BLOCK_FUTEX,      /* futex_space/futex_word, futex_bitset */
    BLOCK_SLEEP,      /* nanosleep/clock_nanosleep: aux[0] = rem pointer */
    BLOCK_WAIT,       /* wait4/waitid: aux[] = the call's arguments */
    BLOCK_SIGSUSPEND, /* rt_sigsuspend, pause */
    BLOCK_SIGWAIT,    /* rt_sigtimedwait: aux[0] = set, aux[1] = info pointer */
    BLOCK_VFORK,      /* vfork parent: aux[0] = the child's pid */
    BLOCK_READ,       /* read from a device that had nothing: aux[] = fd, buf, count, iov? */
    BLOCK_STOPPED,    /* its process is stopped (SIGSTOP ...); resumes on SIGCONT */
    BLOCK_POLL,       /* poll/ppoll/select/pselect6/epoll_wait... (poll.h): args as called, aux[0..1] */
    BLOCK_OPEN,       /* a FIFO open waits for the other side: aux[0] = fd, aux[1] = ofile, aux[2] = since */
    BLOCK_LEASE,      /* an open waits for a file lease's holder (lease.h); runs again whole */
    BLOCK_LOCK,       /* F_SETLKW/flock waiting: aux[] = vnode, kind, type, start, end, owner */
    BLOCK_IPC,        /* msgsnd/msgrcv/semop/semtimedop (ipc.h): run again whole when woken */
    BLOCK_MQ,         /* mq_timedsend/mq_timedreceive waiting (mqcall.c): args as called */
};

struct k_sigaction {
    uint64_t handler; /* SIG_DFL (0), SIG_IGN (1) or the handler */
    uint64_t flags;   /* SA_* */
    uint64_t restorer;
    uint64_t mask;
};

/* One pending signal's details (sigpending.h keeps them). */
struct ksiginfo {
    int32_t signo, code, errno_;
    int32_t pid;
    uint32_t uid;
    int32_t status;   /* SIGCHLD */
    uint64_t addr;    /* faults: si_addr */
    uint64_t trapno, err; /* faults: CPU vector and error code (the frame's sigcontext) */
    uint64_t value;   /* si_value: sigqueue (SI_QUEUE), timers (SI_TIMER), mq_notify (SI_MESGQ) */
    int32_t timerid, overrun; /* SI_TIMER: si_timerid, si_overrun */
    int64_t band;     /* SIGIO by F_SETSIG (sigpoll set): si_band, si_fd */
    int32_t fd;
    int sigpoll;
};

struct proc;

struct thread {
    int used;
    int tid;
    uint64_t ktid;            /* kernel thread id; 0 until its first message */
    struct proc *p;
    cx_reply_t reply;         /* held while stopped in the server */
    uint64_t nr;              /* the syscall being served */
    uint64_t args[6];
    linux_handler handler;    /* its handler: a parked call runs it again */
    enum block block;
    enum block stopped_block; /* what it was doing when its process stopped */
    struct timer deadline;    /* .when: monotonic ns, 0: none; set only by time_set_deadline (time.h) */
    uint64_t deadline_rt;     /* the CLOCK_REALTIME instant it stands for, 0: none (time.h) */
    uint64_t aux[6];
    uint64_t futex_space, futex_word; /* the futex waited on (mm.h's futex key) */
    uint32_t futex_bitset;
    uint64_t wait_seq;        /* FIFO order among futex waiters */
    struct thread *futex_prev, *futex_next; /* its futex bucket's list (thread.c) */
    int futex_queued;         /* in that list (exactly while BLOCK_FUTEX) */
    int futex_pi;             /* waits in FUTEX_LOCK_PI (futex_pi.c): only UNLOCK_PI wakes it */
    int pi_owner;             /* then: the tid of the futex's owner, whom it lends its priority (sched.h) */
    struct waitv *waitv;      /* waits in futex_waitv (futex_waitv.c), else NULL */
    uint64_t sigmask;
    struct sigpending pending; /* thread-directed signals (sigpending.h) */
    uint64_t saved_mask;      /* restored after a sigsuspend's handler */
    int restore_mask;
    uint64_t clear_child_tid;
    uint64_t robust_list, robust_len;
    uint64_t ss_sp, ss_size;  /* sigaltstack */
    int ss_flags;
    long stop_result;         /* BLOCK_STOPPED: the answer it will get on SIGCONT */
    int interrupt_sent;       /* thread_interrupt asked, INTERRUPT not seen yet */
    struct sleeper sleep;     /* the wait queues its parked call is on (waitq.h) */
    struct thread *proc_prev, *proc_next; /* its process's threads, oldest first */
    struct idlink tid_link;   /* in proc.c's table by tid */
    struct idlink ktid_link;  /* in proc.c's table by ktid, once known */
    uint64_t cpu_user_base, cpu_sys_base; /* its CPU time before execve (cputime.h) */
    int sched_policy, rt_priority, sched_reset_on_fork; /* per thread, as Linux (sched.h) */
    unsigned sched_level;     /* the kernel priority last given it (sched_apply), 0: none yet */
};

/* The thread whose sleeper s is. */
static inline struct thread *thread_of_sleeper(struct sleeper *s)
{
    return (struct thread *)((char *)s - offsetof(struct thread, sleep));
}

enum pstate { P_FREE = 0, P_ALIVE, P_ZOMBIE };

struct fdtable;
struct fs_state;

struct proc {
    enum pstate state;
    int pid, ppid, pgid, sid;
    uint64_t kpid;            /* kernel pid */
    cx_cap_t cap;             /* process capability (all rights) */
    uint32_t uid, euid, suid, gid, egid, sgid;
    uint32_t ngroups;         /* supplementary groups (setgroups), <= VFS_NGROUPS_MAX */
    uint32_t groups[PROC_NGROUPS];
    struct rlimit rlim[RLIM_NLIMITS];
    int nthreads;             /* live threads */
    int first_seen;           /* the first thread's kernel tid is known */
    /* wait status word once it ended (Linux encoding); killed_by: status set
       by the server before it killed the kernel process */
    int status, status_set;
    int stopped;              /* job-control stopped */
    int stopsig;              /* the signal that stopped it */
    int dying;                /* killed; its CX_PMSG_EXIT has not come yet */
    int exiting;              /* a zombie whose exit the server is still processing:
                                 not reapable yet (the reparenting it causes may
                                 wake a wait that would free it mid-way) */
    int report;               /* unreported state change for wait: REPORT_* */
    int exit_signal;          /* sent to the parent on exit (SIGCHLD, or clone's) */
    uint64_t brk_start, brk_end, brk_mapped;
    struct mm_shared *shared;  /* shared and file mappings, program segments (mm.h), malloc'd */
    struct vnode *prog;        /* the program file it runs (mm_set_program), or NULL */
    struct mm_lock *locks;     /* mlock'd ranges, sorted and disjoint (mlock.h), malloc'd */
    uint32_t nlocks;
    int mlock_future;          /* mlockall(MCL_FUTURE): new mappings are locked */
    uint32_t nshared, shared_cap;
    struct k_sigaction act[NSIG_LINUX];
    struct sigpending pending; /* process-directed signals */
    struct timer alarm_deadline; /* ITIMER_REAL: .when, set only by time_set_alarm (time.h) */
    uint64_t alarm_interval;  /* ITIMER_REAL's interval, ns */
    struct ptimer *timers;    /* timer_create's (ptimer.h), newest first */
    int next_timer_id;        /* ids are handed out cyclically, as Linux */
    struct ptimer *itimers[2]; /* ITIMER_VIRTUAL, ITIMER_PROF once set (ptimer.h) */
    struct fdtable *fdt;      /* descriptors (file.h) */
    struct fs_state *fs;      /* cwd and umask */
    char comm[16];
    int tty_detached;         /* left its session's controlling terminal (TIOCNOTTY; console.h) */
    int pdeath_signal;        /* prctl PR_SET_PDEATHSIG: sent when its parent dies (not inherited) */
    int not_dumpable;         /* prctl PR_SET_DUMPABLE 0: no core file (coredump.h) */
    int no_new_privs;         /* prctl PR_SET_NO_NEW_PRIVS (kept across fork and exec) */
    uint32_t personality;     /* personality(2): kept across fork and exec (uname honours UNAME26) */
    int subreaper;            /* prctl PR_SET_CHILD_SUBREAPER: orphaned descendants come here */
    int nice;                 /* -20..19 (setpriority): kept and shown, not used by the scheduler */
    struct idlink pid_link;   /* in proc.c's table by pid */
    struct idlink kpid_link;  /* in proc.c's table by kpid while it has one */
    struct waitq child_wait;  /* its threads parked in wait4/waitid (wait.c) */
    struct thread *thread_head, *thread_tail; /* its threads, oldest first (proc_next) */
    uint64_t cpu_user_ns, cpu_sys_ns;   /* CPU time of its ended images (cputime.h) */
    uint64_t cpu_cuser_ns, cpu_csys_ns; /* of its reaped children */
    uint64_t maxrss_pages, cmaxrss_pages; /* peak memory: ended images', reaped children's */
};

#define REPORT_STOPPED   1
#define REPORT_CONTINUED 2

extern struct proc procs[PROC_MAX];
extern struct thread threads[THREAD_MAX];
/* Every record in use is below these (procs[proc_slots..] and
   threads[thread_slots..] are free): scans that run on every message stop
   there instead of walking all PROC_MAX and THREAD_MAX slots. */
extern int proc_slots, thread_slots;

/* The lookups are hash tables (idhash.h), kept by the setters below: the
   fields they key on (pid, kpid, tid, ktid) change only through them. */
struct proc *proc_by_kpid(uint64_t kpid);
struct proc *proc_by_pid(int pid);          /* alive or zombie */
/* POSIX: no living member of group pgid has a parent in another group of
   the same session. (Linux does not count init as such a parent; here it
   counts, so that a shell run as the first program has job control.) */
int proc_pgrp_orphaned(int pgid);
struct thread *thread_by_tid(int tid);
struct thread *thread_by_ktid(struct proc *p, uint64_t ktid);
/* The thread of p the kernel calls ktid: adopts an unknown ktid as the
   process's first thread if that one is not known yet (process_create_env
   does not tell its thread id). NULL for a stranger. */
struct thread *proc_thread_for(struct proc *p, uint64_t ktid);
/* Sets the kernel ids (0: none, e.g. a process that ended). */
void proc_set_kpid(struct proc *p, uint64_t kpid);
void thread_set_ktid(struct thread *t, uint64_t ktid);

int pid_alloc(void);                        /* a free pid/tid, or -EAGAIN */
struct proc *proc_alloc(void);              /* with a fresh pid, or NULL */
struct thread *thread_alloc(struct proc *p, int tid); /* NULL when full */
void thread_free(struct thread *t);

/* Answers a stopped thread and forgets its token. */
void thread_reply(struct thread *t, uint64_t action, uint64_t value);
/* While thread_reply_hold is set (the main loop, while it serves a
   message), the last answer thread_reply gives is held back: the loop sends
   it with its next receive in one kernel entry (ipc_reply_receive). Each
   answer sends the one held before it, so answers still go out in the order
   given.
   thread_reply_take returns the held token (CX_REPLY_NONE: none) and its
   reply, and forgets them. */
extern int thread_reply_hold;
cx_reply_t thread_reply_take(struct cx_preply *r);

/* The first program: its pid, and the server exits when it ends. */
extern int init_pid;

/* Starts the first program (argv/envp from /etc/calyx). 0 or -errno. */
int proc_spawn_init(const char *const *argv, size_t argc, const char *const *envp, size_t envc);

/* The process ended in the kernel (CX_PMSG_EXIT): reap, make a zombie,
   reparent its children, tell its parent. */
void proc_kernel_exit(uint64_t kpid, const struct cx_pmsg *m);
/* Ends p now with a wait status (exit_group, a fatal signal). */
void proc_terminate(struct proc *p, int status);

/* Wakes a wait4/waitid of p's parent after a state change of p. */
void proc_notify_parent(struct proc *child);
/* vfork parent of child may go on (the child exec'd or ended). */
void proc_release_vfork(struct proc *child);

/* Syscalls (a[] = the six arguments). */
long sys_fork(struct thread *t, const uint64_t *a);
long sys_vfork(struct thread *t, const uint64_t *a);
long sys_clone(struct thread *t, const uint64_t *a);
long sys_clone3(struct thread *t, const uint64_t *a);
long sys_execve(struct thread *t, const uint64_t *a);
long sys_exit(struct thread *t, const uint64_t *a);
long sys_exit_group(struct thread *t, const uint64_t *a);
long sys_wait4(struct thread *t, const uint64_t *a);
long sys_waitid(struct thread *t, const uint64_t *a);
long sys_getpid(struct thread *t, const uint64_t *a);
long sys_getppid(struct thread *t, const uint64_t *a);
long sys_gettid(struct thread *t, const uint64_t *a);
long sys_setpgid(struct thread *t, const uint64_t *a);
long sys_getpgid(struct thread *t, const uint64_t *a);
long sys_getpgrp(struct thread *t, const uint64_t *a);
long sys_setsid(struct thread *t, const uint64_t *a);
long sys_getsid(struct thread *t, const uint64_t *a);
long sys_prctl(struct thread *t, const uint64_t *a); /* prctl.c */
long sys_personality(struct thread *t, const uint64_t *a); /* prctl.c */
long sys_getuid(struct thread *t, const uint64_t *a);
long sys_geteuid(struct thread *t, const uint64_t *a);
long sys_getgid(struct thread *t, const uint64_t *a);
long sys_getegid(struct thread *t, const uint64_t *a);
long sys_setuid(struct thread *t, const uint64_t *a);
long sys_setgid(struct thread *t, const uint64_t *a);
long sys_setreuid(struct thread *t, const uint64_t *a);
long sys_setregid(struct thread *t, const uint64_t *a);
long sys_setresuid(struct thread *t, const uint64_t *a);
long sys_setresgid(struct thread *t, const uint64_t *a);
long sys_getresuid(struct thread *t, const uint64_t *a);
long sys_getresgid(struct thread *t, const uint64_t *a);
long sys_setfsuid(struct thread *t, const uint64_t *a);
long sys_setfsgid(struct thread *t, const uint64_t *a);
long sys_getgroups(struct thread *t, const uint64_t *a);
long sys_setgroups(struct thread *t, const uint64_t *a);
long sys_umask(struct thread *t, const uint64_t *a);
long sys_prlimit64(struct thread *t, const uint64_t *a);
long sys_getpriority(struct thread *t, const uint64_t *a);
long sys_unshare(struct thread *t, const uint64_t *a);
long sys_setpriority(struct thread *t, const uint64_t *a);
long sys_getrlimit(struct thread *t, const uint64_t *a);
long sys_setrlimit(struct thread *t, const uint64_t *a);

/* May p (fork, clone) add a task under RLIMIT_NPROC? Root always may. */
int proc_nproc_allows(const struct proc *p);

/* Re-checks blocked wait4/waitid calls of p's threads. */
void proc_recheck_waits(struct proc *p);

#endif
