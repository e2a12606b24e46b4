/* The POSIX personality server: boot, syscall dispatch, the event loop.
 *
 * Boot (root task; include/calyx/start.h and docs/posix-server.md):
 * capabilities [0] console, [1] memory pool, [2] error console, [3+i] boot
 * module i+1 (cpio archives, unpacked in order into the root filesystem).
 * The server runs /etc/calyx/init (NUL-separated argv) with /etc/calyx/env
 * (NUL-separated NAME=value) and exits with that program's status.
 *
 * A Linux call goes to the handler the Linux ABI table names for its number
 * (abi/x86_64/syscalls.toml -> abi/x86_64/gen/dispatch.c; docs/linux-abi.md
 * lists them all).
 *
 * Every event is one message at the server's endpoint; the server never
 * waits on a client: calls that must wait are parked with their reply token
 * and answered later (futex wakes, timers, child exits, console input). */
#include <stdarg.h>
#include "posix.h"
#include "sched.h"
#include "proc.h"
#include "client.h"
#include "signal.h"
#include "thread.h"
#include "time.h"
#include "fileio.h"
#include "console.h"
#include "cpio.h"
#include "vfs.h"
#include "sysnames.h"
#include "errno_map.h"
#include "procfs.h"
#include "mqueue.h"
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

long sys_getrandom(struct thread *t, const uint64_t *a)
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

/* Restartable sequences are not provided. glibc asks at every start and
   does without, so the answer goes unlogged. */
long sys_rseq(struct thread *t, const uint64_t *a)
{
    (void)t, (void)a;
    return -ENOSYS;
}

/* --- dispatch ------------------------------------------------------------------------ */

/* Numbers already logged as unimplemented; all numbers from REPORT_MAX up
   share the last bit (a hostile program cannot flood the log). */
#define REPORT_MAX 4096
static uint8_t reported[REPORT_MAX / 8];

static long dispatch(struct thread *t)
{
    uint64_t nr = t->nr;
    const struct linux_call *c = nr < linux_call_count ? &linux_calls[nr] : NULL;
    if (c && c->handler) {
        t->handler = c->handler;
        return c->handler(t, t->args);
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
    fileio_run_woken(); /* the calls parked on what it changed are answered before it */
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
    sched_server_init(); /* above every client, real-time ones too (sched.h) */

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
    if (mqueue_init(&posix_vfs) < 0)
        posix_log("posix: no /dev/mqueue or /proc/sys/fs/mqueue\n");

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
            fileio_run_woken();
            continue;
        }
        uint64_t timeout = next ? next - now : CX_TIMEOUT_INFINITE;
        struct cx_ipc_receive_result in;
        uint64_t rr = receive_next(timeout, &in, msg, sizeof msg);
        if (CX_IS_ERR(rr)) {
            if (CX_ERR_CODE(rr) == CX_ERR_TIMEOUT) {
                time_expire(time_now_ns());
                fileio_run_woken();
            }
            continue;
        }
        if (in.capability != CX_CAP_NULL)
            cx_capability_revoke(in.capability); /* nobody may hand the server things */
        thread_reply_hold = 1;
        on_message(in.sender, msg, (size_t)in.message_len, in.reply_token);
        fileio_run_woken(); /* the calls parked on what it changed */
        thread_reply_hold = 0;
    }
}
