/* The POSIX personality server: boot, the syscall table, the event loop.
 *
 * Boot (root task; include/calyx/start.h and docs/posix-server.md):
 * capabilities [0] console, [1] memory pool, [2] error console, [3+i] boot
 * module i+1 (cpio archives, unpacked in order into the root filesystem).
 * The server runs /etc/calyx/init (NUL-separated argv) with /etc/calyx/env
 * (NUL-separated NAME=value) and exits with that program's status.
 *
 * Every event is one message at the server's endpoint; the server never
 * waits on a client: calls that must wait are parked with their reply token
 * and answered later (futex wakes, timers, child exits, console input). */
#include <stdarg.h>
#include "posix.h"
#include "proc.h"
#include "client.h"
#include "signal.h"
#include "thread.h"
#include "mm.h"
#include "time.h"
#include "fileio.h"
#include "poll.h"
#include "epoll.h"
#include "console.h"
#include "power.h"
#include "cpio.h"
#include "vfs.h"
#include "sysnames.h"
#include "errno_map.h"
#include "procfs.h"
#include "sched.h"
#include "host.h"
#include "ptrace.h"
#include "printf.h"
#include "string.h"
#include <calyx/malloc.h>
#include <calyx/start.h>
#include <linux/random.h>

int posix_trace;
cx_cap_t posix_endpoint_cap, posix_console_cap, posix_errcon_cap, posix_pool_cap;
cx_endpoint_t posix_endpoint_id;

void posix_log(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    cx_write(posix_errcon_cap, buf, (size_t)n, 0);
}

/* --- small calls ---------------------------------------------------------------------- */

/* getrandom: xoshiro256** seeded from the server's AT_RANDOM (16 bytes of the
   kernel's entropy source: RDRAND, else TSC jitter) and stirred with the clock
   on every call. Unpredictable seeds, but not a cryptographic generator. */
static uint64_t rng[4];

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(void)
{
    uint64_t r = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;
    rng[2] ^= rng[0], rng[3] ^= rng[1], rng[1] ^= rng[2], rng[0] ^= rng[3];
    rng[2] ^= t, rng[3] = rotl(rng[3], 45);
    return r;
}

void posix_random(void *buf, size_t len)
{
    uint8_t *out = buf;
    rng[0] ^= time_now_ns();
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = rng_next();
        memcpy(out + i, &v, len - i < 8 ? len - i : 8);
    }
}

#define GETRANDOM_MAX 33554431 /* Linux's per-call cap */

static long sys_getrandom(struct thread *t, const uint64_t *a)
{
    if (a[2] & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    size_t len = a[1] < GETRANDOM_MAX ? (size_t)a[1] : GETRANDOM_MAX;
    if (len > 65536)
        len = 65536; /* a short count, as Linux gives for large requests */
    static uint8_t buf[65536];
    posix_random(buf, len);
    return client_write(t->p, a[0], buf, len) < 0 ? -EFAULT : (long)len;
}

static long sys_enosys_quiet(struct thread *t, const uint64_t *a)
{
    (void)t, (void)a;
    return -ENOSYS;
}

/* --- the table ----------------------------------------------------------------------------- */

typedef long (*sys_fn)(struct thread *t, const uint64_t *a);

#define NR_TABLE 512

static const sys_fn table[NR_TABLE] = {
    [__NR_brk] = sys_brk, [__NR_mmap] = sys_mmap, [__NR_munmap] = sys_munmap,
    [__NR_mprotect] = sys_mprotect, [__NR_mremap] = sys_mremap, [__NR_madvise] = sys_madvise,
    [__NR_rt_sigaction] = sys_rt_sigaction, [__NR_rt_sigprocmask] = sys_rt_sigprocmask,
    [__NR_rt_sigreturn] = sys_rt_sigreturn, [__NR_rt_sigpending] = sys_rt_sigpending,
    [__NR_rt_sigsuspend] = sys_rt_sigsuspend, [__NR_rt_sigtimedwait] = sys_rt_sigtimedwait,
    [__NR_pause] = sys_pause, [__NR_sigaltstack] = sys_sigaltstack, [__NR_kill] = sys_kill,
    [__NR_tgkill] = sys_tgkill, [__NR_tkill] = sys_tkill, [__NR_alarm] = sys_alarm,
    [__NR_setitimer] = sys_setitimer, [__NR_getitimer] = sys_getitimer,
    [__NR_fork] = sys_fork, [__NR_vfork] = sys_vfork, [__NR_clone] = sys_clone,
    [__NR_execve] = sys_execve, [__NR_exit] = sys_exit, [__NR_exit_group] = sys_exit_group,
    [__NR_wait4] = sys_wait4, [__NR_waitid] = sys_waitid, [__NR_getpid] = sys_getpid,
    [__NR_getppid] = sys_getppid, [__NR_gettid] = sys_gettid, [__NR_setpgid] = sys_setpgid,
    [__NR_getpgid] = sys_getpgid, [__NR_getpgrp] = sys_getpgrp, [__NR_setsid] = sys_setsid,
    [__NR_getsid] = sys_getsid, [__NR_umask] = sys_umask,
    [__NR_getuid] = sys_getuid, [__NR_geteuid] = sys_geteuid, [__NR_getgid] = sys_getgid,
    [__NR_getegid] = sys_getegid, [__NR_setuid] = sys_setuid, [__NR_setgid] = sys_setgid,
    [__NR_setreuid] = sys_setreuid, [__NR_setregid] = sys_setregid,
    [__NR_setresuid] = sys_setresuid, [__NR_setresgid] = sys_setresgid,
    [__NR_getresuid] = sys_getresuid, [__NR_getresgid] = sys_getresgid,
    [__NR_setfsuid] = sys_setfsuid, [__NR_setfsgid] = sys_setfsgid,
    [__NR_getgroups] = sys_getgroups, [__NR_setgroups] = sys_setgroups,
    [__NR_prlimit64] = sys_prlimit64, [__NR_getrlimit] = sys_getrlimit,
    [__NR_getpriority] = sys_getpriority, [__NR_setpriority] = sys_setpriority,
    [__NR_unshare] = sys_unshare,
    [__NR_setrlimit] = sys_setrlimit,
    [__NR_futex] = sys_futex, [__NR_set_tid_address] = sys_set_tid_address,
    [__NR_set_robust_list] = sys_set_robust_list, [__NR_get_robust_list] = sys_get_robust_list,
    [__NR_arch_prctl] = sys_arch_prctl,
    [__NR_clock_gettime] = sys_clock_gettime, [__NR_clock_getres] = sys_clock_getres,
    [__NR_clock_nanosleep] = sys_clock_nanosleep, [__NR_nanosleep] = sys_nanosleep,
    [__NR_gettimeofday] = sys_gettimeofday, [__NR_time] = sys_time,
    [__NR_uname] = sys_uname, [__NR_getrandom] = sys_getrandom, [__NR_sched_yield] = sys_sched_yield,
    [__NR_sched_getaffinity] = sys_sched_getaffinity, [__NR_sched_setaffinity] = sys_sched_setaffinity,
    [__NR_sched_getscheduler] = sys_sched_getscheduler,
    [__NR_sched_setscheduler] = sys_sched_setscheduler, [__NR_sched_getparam] = sys_sched_getparam,
    [__NR_sched_setparam] = sys_sched_setparam,
    [__NR_sched_get_priority_max] = sys_sched_get_priority_max,
    [__NR_sched_get_priority_min] = sys_sched_get_priority_min,
    [__NR_sched_rr_get_interval] = sys_sched_rr_get_interval,
    [__NR_rseq] = sys_enosys_quiet, [__NR_prctl] = sys_prctl,
    [__NR_poll] = sys_poll, [__NR_ppoll] = sys_ppoll, [__NR_select] = sys_select,
    [__NR_pselect6] = sys_pselect6,
    [__NR_epoll_create] = sys_epoll_create, [__NR_epoll_create1] = sys_epoll_create1,
    [__NR_epoll_ctl] = sys_epoll_ctl, [__NR_epoll_wait] = sys_epoll_wait,
    [__NR_epoll_pwait] = sys_epoll_pwait, [__NR_epoll_pwait2] = sys_epoll_pwait2,
    [__NR_sysinfo] = sys_sysinfo,
    [__NR_reboot] = sys_reboot,
    [__NR_sethostname] = sys_sethostname, [__NR_setdomainname] = sys_setdomainname,
    [__NR_settimeofday] = sys_settimeofday, [__NR_clock_settime] = sys_clock_settime,
    [__NR_iopl] = sys_iopl, [__NR_ioperm] = sys_ioperm,
    [__NR_swapon] = sys_swapon, [__NR_swapoff] = sys_swapoff, [__NR_acct] = sys_acct,
    [__NR_init_module] = sys_module_load, [__NR_finit_module] = sys_module_load,
    [__NR_delete_module] = sys_delete_module, [__NR_kexec_load] = sys_kexec_load,
    [__NR_kexec_file_load] = sys_kexec_file_load, [__NR_syslog] = sys_syslog,
    [__NR_vhangup] = sys_vhangup, [__NR_ptrace] = sys_ptrace,
    [__NR_process_vm_readv] = sys_process_vm_readv,
    [__NR_process_vm_writev] = sys_process_vm_writev,
};

/* The file calls: run in the file-call bracket (fileio_call). */
long sys_read(struct thread *t, const uint64_t *a);
long sys_write(struct thread *t, const uint64_t *a);
long sys_readv(struct thread *t, const uint64_t *a);
long sys_writev(struct thread *t, const uint64_t *a);
long sys_pread64(struct thread *t, const uint64_t *a);
long sys_pwrite64(struct thread *t, const uint64_t *a);
long sys_preadv(struct thread *t, const uint64_t *a);
long sys_pwritev(struct thread *t, const uint64_t *a);
long sys_sendfile(struct thread *t, const uint64_t *a);
long sys_open(struct thread *t, const uint64_t *a);
long sys_creat(struct thread *t, const uint64_t *a);
long sys_openat(struct thread *t, const uint64_t *a);
long sys_close(struct thread *t, const uint64_t *a);
long sys_dup(struct thread *t, const uint64_t *a);
long sys_dup2(struct thread *t, const uint64_t *a);
long sys_dup3(struct thread *t, const uint64_t *a);
long sys_pipe(struct thread *t, const uint64_t *a);
long sys_pipe2(struct thread *t, const uint64_t *a);
long sys_lseek(struct thread *t, const uint64_t *a);
long sys_getdents64(struct thread *t, const uint64_t *a);
long sys_ioctl(struct thread *t, const uint64_t *a);
long sys_fcntl(struct thread *t, const uint64_t *a);
long sys_flock(struct thread *t, const uint64_t *a);
long sys_fsync(struct thread *t, const uint64_t *a);
long sys_fdatasync(struct thread *t, const uint64_t *a);
long sys_sync(struct thread *t, const uint64_t *a);
long sys_stat(struct thread *t, const uint64_t *a);
long sys_lstat(struct thread *t, const uint64_t *a);
long sys_fstat(struct thread *t, const uint64_t *a);
long sys_newfstatat(struct thread *t, const uint64_t *a);
long sys_statx(struct thread *t, const uint64_t *a);
long sys_statfs(struct thread *t, const uint64_t *a);
long sys_fstatfs(struct thread *t, const uint64_t *a);
long sys_access(struct thread *t, const uint64_t *a);
long sys_faccessat(struct thread *t, const uint64_t *a);
long sys_faccessat2(struct thread *t, const uint64_t *a);
long sys_readlink(struct thread *t, const uint64_t *a);
long sys_readlinkat(struct thread *t, const uint64_t *a);
long sys_getcwd(struct thread *t, const uint64_t *a);
long sys_chmod(struct thread *t, const uint64_t *a);
long sys_fchmodat(struct thread *t, const uint64_t *a);
long sys_fchmod(struct thread *t, const uint64_t *a);
long sys_chown(struct thread *t, const uint64_t *a);
long sys_lchown(struct thread *t, const uint64_t *a);
long sys_fchownat(struct thread *t, const uint64_t *a);
long sys_fchown(struct thread *t, const uint64_t *a);
long sys_utimensat(struct thread *t, const uint64_t *a);
long sys_futimesat(struct thread *t, const uint64_t *a);
long sys_utimes(struct thread *t, const uint64_t *a);
long sys_utime(struct thread *t, const uint64_t *a);
long sys_truncate(struct thread *t, const uint64_t *a);
long sys_ftruncate(struct thread *t, const uint64_t *a);
long sys_fallocate(struct thread *t, const uint64_t *a);
long sys_mkdir(struct thread *t, const uint64_t *a);
long sys_mkdirat(struct thread *t, const uint64_t *a);
long sys_mknod(struct thread *t, const uint64_t *a);
long sys_mknodat(struct thread *t, const uint64_t *a);
long sys_unlink(struct thread *t, const uint64_t *a);
long sys_rmdir(struct thread *t, const uint64_t *a);
long sys_unlinkat(struct thread *t, const uint64_t *a);
long sys_rename(struct thread *t, const uint64_t *a);
long sys_renameat(struct thread *t, const uint64_t *a);
long sys_renameat2(struct thread *t, const uint64_t *a);
long sys_link(struct thread *t, const uint64_t *a);
long sys_linkat(struct thread *t, const uint64_t *a);
long sys_symlink(struct thread *t, const uint64_t *a);
long sys_symlinkat(struct thread *t, const uint64_t *a);
long sys_chdir(struct thread *t, const uint64_t *a);
long sys_fchdir(struct thread *t, const uint64_t *a);
long sys_chroot(struct thread *t, const uint64_t *a);
long sys_mount(struct thread *t, const uint64_t *a);
long sys_umount2(struct thread *t, const uint64_t *a);
long sys_socket(struct thread *t, const uint64_t *a);
long sys_socketpair(struct thread *t, const uint64_t *a);
long sys_bind(struct thread *t, const uint64_t *a);
long sys_connect(struct thread *t, const uint64_t *a);
long sys_listen(struct thread *t, const uint64_t *a);
long sys_accept(struct thread *t, const uint64_t *a);
long sys_accept4(struct thread *t, const uint64_t *a);
long sys_shutdown(struct thread *t, const uint64_t *a);
long sys_getsockname(struct thread *t, const uint64_t *a);
long sys_getpeername(struct thread *t, const uint64_t *a);
long sys_getsockopt(struct thread *t, const uint64_t *a);
long sys_setsockopt(struct thread *t, const uint64_t *a);
long sys_sendto(struct thread *t, const uint64_t *a);
long sys_recvfrom(struct thread *t, const uint64_t *a);
long sys_sendmsg(struct thread *t, const uint64_t *a);
long sys_recvmsg(struct thread *t, const uint64_t *a);
static const sys_fn file_table[NR_TABLE] = {
    [__NR_read] = sys_read,
    [__NR_write] = sys_write,
    [__NR_readv] = sys_readv,
    [__NR_writev] = sys_writev,
    [__NR_pread64] = sys_pread64,
    [__NR_pwrite64] = sys_pwrite64,
    [__NR_preadv] = sys_preadv,
    [__NR_pwritev] = sys_pwritev,
    [__NR_sendfile] = sys_sendfile,
    [__NR_open] = sys_open,
    [__NR_creat] = sys_creat,
    [__NR_openat] = sys_openat,
    [__NR_close] = sys_close,
    [__NR_dup] = sys_dup,
    [__NR_dup2] = sys_dup2,
    [__NR_dup3] = sys_dup3,
    [__NR_pipe] = sys_pipe,
    [__NR_pipe2] = sys_pipe2,
    [__NR_lseek] = sys_lseek,
    [__NR_getdents64] = sys_getdents64,
    [__NR_ioctl] = sys_ioctl,
    [__NR_fcntl] = sys_fcntl,
    [__NR_flock] = sys_flock,
    [__NR_fsync] = sys_fsync,
    [__NR_fdatasync] = sys_fdatasync,
    [__NR_sync] = sys_sync,
    [__NR_stat] = sys_stat,
    [__NR_lstat] = sys_lstat,
    [__NR_fstat] = sys_fstat,
    [__NR_newfstatat] = sys_newfstatat,
    [__NR_statx] = sys_statx,
    [__NR_statfs] = sys_statfs,
    [__NR_fstatfs] = sys_fstatfs,
    [__NR_access] = sys_access,
    [__NR_faccessat] = sys_faccessat,
    [__NR_faccessat2] = sys_faccessat2,
    [__NR_readlink] = sys_readlink,
    [__NR_readlinkat] = sys_readlinkat,
    [__NR_getcwd] = sys_getcwd,
    [__NR_chmod] = sys_chmod,
    [__NR_fchmodat] = sys_fchmodat,
    [__NR_fchmod] = sys_fchmod,
    [__NR_chown] = sys_chown,
    [__NR_lchown] = sys_lchown,
    [__NR_fchownat] = sys_fchownat,
    [__NR_fchown] = sys_fchown,
    [__NR_utimensat] = sys_utimensat,
    [__NR_futimesat] = sys_futimesat,
    [__NR_utimes] = sys_utimes,
    [__NR_utime] = sys_utime,
    [__NR_truncate] = sys_truncate,
    [__NR_ftruncate] = sys_ftruncate,
    [__NR_fallocate] = sys_fallocate,
    [__NR_mkdir] = sys_mkdir,
    [__NR_mkdirat] = sys_mkdirat,
    [__NR_mknod] = sys_mknod,
    [__NR_mknodat] = sys_mknodat,
    [__NR_unlink] = sys_unlink,
    [__NR_rmdir] = sys_rmdir,
    [__NR_unlinkat] = sys_unlinkat,
    [__NR_rename] = sys_rename,
    [__NR_renameat] = sys_renameat,
    [__NR_renameat2] = sys_renameat2,
    [__NR_link] = sys_link,
    [__NR_linkat] = sys_linkat,
    [__NR_symlink] = sys_symlink,
    [__NR_symlinkat] = sys_symlinkat,
    [__NR_chdir] = sys_chdir,
    [__NR_fchdir] = sys_fchdir,
    [__NR_chroot] = sys_chroot,
    [__NR_mount] = sys_mount,
    [__NR_umount2] = sys_umount2,
    [__NR_socket] = sys_socket,
    [__NR_socketpair] = sys_socketpair,
    [__NR_bind] = sys_bind,
    [__NR_connect] = sys_connect,
    [__NR_listen] = sys_listen,
    [__NR_accept] = sys_accept,
    [__NR_accept4] = sys_accept4,
    [__NR_shutdown] = sys_shutdown,
    [__NR_getsockname] = sys_getsockname,
    [__NR_getpeername] = sys_getpeername,
    [__NR_getsockopt] = sys_getsockopt,
    [__NR_setsockopt] = sys_setsockopt,
    [__NR_sendto] = sys_sendto,
    [__NR_recvfrom] = sys_recvfrom,
    [__NR_sendmsg] = sys_sendmsg,
    [__NR_recvmsg] = sys_recvmsg,
};

/* Numbers already logged as unimplemented; all numbers from REPORT_MAX up
   share the last bit (a hostile program cannot flood the log). */
#define REPORT_MAX 4096
static uint8_t reported[REPORT_MAX / 8];

static long dispatch(struct thread *t)
{
    uint64_t nr = t->nr;
    if (nr < NR_TABLE && table[nr]) {
        t->handler = table[nr];
        return table[nr](t, t->args);
    }
    if (nr < NR_TABLE && file_table[nr]) {
        t->handler = file_table[nr];
        return fileio_call(t, file_table[nr]);
    }
    uint64_t bit = nr < REPORT_MAX ? nr : REPORT_MAX - 1;
    if (!(reported[bit / 8] & (1u << (bit % 8)))) {
        reported[bit / 8] |= (uint8_t)(1u << (bit % 8));
        const char *name = sys_name(nr);
        posix_log("posix: unimplemented syscall %s (%lu) called by pid %d\n",
                  name ? name : "?", (unsigned long)nr, t->p->pid);
    }
    return -ENOSYS;
}

static void trace(int tid, const struct cx_pmsg *m, long r)
{
    char line[256];
    int64_t shown = r == R_DEFER ? 0 : r;
    trace_format(line, sizeof line, m->nr, m->arg, shown);
    posix_log("[%d] %s%s\n", tid, line,
              r == R_DEFER ? " (blocks)" : r == R_RESUME || r == R_GONE ? " (no return)" : "");
}

/* A handler may end its own caller (kill of its own group, exit_group, a
   fatal signal it raises): the thread record is freed then, and the call
   has no answer. Nothing after dispatch reads the record but through
   signal_finish, which checks that it is still in use. */
static void on_syscall(struct thread *t, const struct cx_pmsg *m)
{
    int tid = t->tid;
    t->nr = m->nr;
    memcpy(t->args, m->arg, sizeof t->args);
    long r = dispatch(t);
    if (!t->used)
        r = R_GONE;
    if (posix_trace)
        trace(tid, m, r);
    signal_finish(t, r);
}

/* --- the loop ---------------------------------------------------------------------------- */

static void on_message(uint64_t sender, const void *msg, size_t len, cx_reply_t token)
{
    (void)sender;
    const struct cx_pmsg *m = msg;
    if (token == CX_REPLY_NONE && len >= sizeof(uint32_t) && m->kind == CONSOLE_INPUT_MSG) {
        console_input((const uint8_t *)msg + sizeof(uint32_t), len - sizeof(uint32_t));
        return;
    }
    if (len != sizeof *m) {
        if (token != CX_REPLY_NONE)
            cx_capability_revoke(token); /* not a personality message: drop the caller */
        return;
    }
    if (m->kind == CX_PMSG_EXIT) {
        proc_kernel_exit(sender, m);
        return;
    }
    struct proc *p = proc_by_kpid(sender);
    struct thread *t = p && !p->dying ? proc_thread_for(p, m->tid) : NULL;
    if (!t || token == CX_REPLY_NONE) {
        /* A stale caller (an image replaced by execve, a process being
           killed): dropping its token ends it and frees the slot. */
        if (token != CX_REPLY_NONE)
            cx_capability_revoke(token);
        return;
    }
    t->reply = token;
    switch (m->kind) {
    case CX_PMSG_SYSCALL: on_syscall(t, m); break;
    case CX_PMSG_FAULT: signal_fault(t, m); break;
    case CX_PMSG_INTERRUPT: signal_interrupt(t); break;
    default: thread_reply(t, CX_PREPLY_RESUME, 0); break;
    }
}

/* The answer the last message's handler held back (thread_reply_hold),
   sent on its own. */
static void send_held_reply(void)
{
    struct cx_preply r;
    cx_reply_t token = thread_reply_take(&r);
    if (token != CX_REPLY_NONE)
        cx_ipc_reply(token, &r, sizeof r, CX_CAP_NULL);
}

/* The next message, sending the held answer on the way: one kernel entry
   (ipc_reply_receive) instead of an ipc_reply and an ipc_receive, and when
   nothing is waiting the CPU goes straight to the answered caller.
   Timeout and Interrupted come from the receive, after the answer went
   out. Any other error may come from the checks made before it goes out
   (they cannot fail for these arguments, but if one did the caller would
   wait forever): the answer is sent again with ipc_reply, which at worst
   finds the token used up (NotFound): a failed receive hands out no
   capability that could have taken its slot. */
static uint64_t receive_next(uint64_t timeout, struct cx_ipc_receive_result *in, uint8_t *buf,
                             size_t len)
{
    struct cx_preply r;
    cx_reply_t token = thread_reply_take(&r);
    if (token == CX_REPLY_NONE)
        return cx_ipc_receive(posix_endpoint_id, buf, len, timeout, posix_endpoint_cap, in);
    uint64_t rr = cx_ipc_reply_receive(token, &r, sizeof r, CX_CAP_NULL, posix_endpoint_cap, buf,
                                       len, timeout, in);
    if (CX_IS_ERR(rr) && CX_ERR_CODE(rr) != CX_ERR_TIMEOUT && CX_ERR_CODE(rr) != CX_ERR_INTERRUPTED)
        cx_ipc_reply(token, &r, sizeof r, CX_CAP_NULL);
    return rr;
}

/* Reads a boot module into memory the server keeps (the filesystem's
   files point into the archive's copy only while loading: cpio copies). */
static int load_module(cx_cap_t cap, int index)
{
    static uint8_t chunk[65536];
    uint8_t *data = NULL;
    size_t size = 0, cap_bytes = 0;
    for (;;) {
        uint64_t n = cx_read(cap, chunk, sizeof chunk, size);
        if (CX_IS_ERR(n) || n == 0)
            break;
        if (size + n > cap_bytes) {
            size_t want = cap_bytes ? cap_bytes * 2 : 1 << 20;
            while (want < size + n)
                want *= 2;
            uint64_t m = cx_mmap(NULL, want, CX_PROT_READ | CX_PROT_WRITE,
                                 CX_MAP_PRIVATE | CX_MAP_ANONYMOUS, CX_CAP_NULL, 0);
            if (CX_IS_ERR(m)) {
                posix_log("posix: module %d: out of memory at %lu bytes\n", index,
                          (unsigned long)size);
                return -ENOMEM;
            }
            if (data) {
                memcpy((void *)(uintptr_t)m, data, size);
                cx_munmap(data, cap_bytes);
            }
            data = (uint8_t *)(uintptr_t)m;
            cap_bytes = want;
        }
        memcpy(data + size, chunk, n);
        size += n;
        if (n < sizeof chunk)
            break;
    }
    struct cpio_result res;
    int r = cpio_load(&posix_vfs, data, size, &res);
    if (r < 0)
        posix_log("posix: module %d: bad cpio archive: %s %s\n", index,
                  res.why ? res.why : "", res.name);
    if (data)
        cx_munmap(data, cap_bytes);
    return r;
}

/* Splits NUL-separated strings; returns how many (at most max). */
static size_t split_nul(const uint8_t *data, long size, const char **out, size_t max,
                        char *copy, size_t copy_size)
{
    if (size <= 0 || (size_t)size >= copy_size)
        return 0;
    memcpy(copy, data, (size_t)size);
    copy[size] = '\0';
    size_t n = 0;
    for (long i = 0; i < size && n < max;) {
        if (copy[i] == '\0' || copy[i] == '\n') {
            copy[i++] = '\0';
            continue;
        }
        out[n++] = copy + i;
        while (i < size && copy[i] != '\0' && copy[i] != '\n')
            i++;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (cx_start_ncaps < 2)
        cx_exit(125);
    posix_console_cap = cx_start_caps[0];
    posix_pool_cap = cx_start_caps[1];
    posix_errcon_cap = cx_start_ncaps > 2 ? cx_start_caps[2] : cx_start_caps[0];
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "trace"))
            posix_trace = 1;
    uint64_t seed[2] = { 0, 0 };
    if (cx_start_random)
        memcpy(seed, cx_start_random, sizeof seed);
    rng[0] = 0x9E3779B97F4A7C15ull ^ time_now_ns() ^ seed[0];
    rng[1] = 0xD1B54A32D192ED03ull ^ seed[1];
    rng[2] = (uint64_t)(uintptr_t)&argc | 1;
    rng[3] = 0x94D049BB133111EBull;

    struct cx_ipc_endpoint_create_result ep;
    if (CX_IS_ERR(cx_ipc_endpoint_create(&ep))) {
        posix_log("posix: cannot create the server endpoint\n");
        cx_exit(125);
    }
    posix_endpoint_id = ep.endpoint_id;
    posix_endpoint_cap = ep.capability;
    if (fileio_boot() < 0) {
        posix_log("posix: cannot create the root filesystem\n");
        cx_exit(125);
    }
    for (size_t i = 3; i < cx_start_ncaps; i++)
        if (load_module(cx_start_caps[i], (int)i - 2) < 0)
            cx_exit(125);
    if (procfs_init(&posix_vfs) < 0)
        posix_log("posix: no /proc: the root archive has a non-empty /proc\n");

    /* The lists may be as long as execve's (execargs.h): heap copies, one
       pointer per two bytes at most (a string and its separator). */
    const uint8_t *data;
    long size = fileio_slurp("/etc/calyx/init", &data);
    size_t room = size > 0 ? (size_t)size / 2 + 1 : 1;
    char *argbuf = malloc(room * 2 + 1);
    const char **args = malloc(room * sizeof args[0]);
    size_t nargs = argbuf && args ? split_nul(data, size, args, room, argbuf, room * 2 + 1) : 0;
    if (nargs == 0) {
        posix_log("posix: no program to run: /etc/calyx/init is missing or empty\n");
        cx_exit(127);
    }
    size = fileio_slurp("/etc/calyx/env", &data);
    size_t nenv = 0;
    room = size > 0 ? (size_t)size / 2 + 1 : 3;
    char *envbuf = malloc(room * 2 + 1);
    const char **envs = malloc(room * sizeof envs[0]);
    if (size < 0 && envs) {
        static const char *const defaults[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=vt100" };
        for (nenv = 0; nenv < 3; nenv++)
            envs[nenv] = defaults[nenv];
    } else if (envbuf && envs) {
        nenv = split_nul(data, size, envs, room, envbuf, room * 2 + 1);
    }
    int r = proc_spawn_init(args, nargs, envs, nenv);
    if (r < 0) {
        const char *e = errno_name(-r);
        posix_log("posix: cannot run %s: %s\n", args[0], e ? e : "error");
        cx_exit(r == -ENOENT ? 127 : 126);
    }
    free(argbuf), free(args), free(envbuf), free(envs); /* the process has its own copies */

    static uint8_t msg[CX_IPC_MSG_MAX];
    for (;;) {
        uint64_t next = time_next_deadline();
        uint64_t now = next ? time_now_ns() : 0; /* no deadline: no clock read */
        if (next && next <= now) {
            send_held_reply();
            time_expire(now);
            continue;
        }
        uint64_t timeout = next ? next - now : CX_TIMEOUT_INFINITE;
        struct cx_ipc_receive_result in;
        uint64_t rr = receive_next(timeout, &in, msg, sizeof msg);
        if (CX_IS_ERR(rr)) {
            if (CX_ERR_CODE(rr) == CX_ERR_TIMEOUT)
                time_expire(time_now_ns());
            continue;
        }
        if (in.capability != CX_CAP_NULL)
            cx_capability_revoke(in.capability); /* nobody may hand the server things */
        thread_reply_hold = 1;
        on_message(in.sender, msg, (size_t)in.message_len, in.reply_token);
        thread_reply_hold = 0;
    }
}
