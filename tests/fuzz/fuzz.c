/* fuzz.c: the frame both syscall fuzzers run in (see fuzz.h, docs/fuzzing.md).
 *
 * The parent never makes a random call. For each batch it forks a child that
 * makes the batch's calls, watches it (a stalled batch gets SIGCONT, then
 * SIGKILL: a stuck call), kills and reaps whatever the batch left behind,
 * then checks that the system still works: no process left over, fork and
 * wait, a file written and read back, a pipe round trip. Its exit status is
 * 1 when a post-check failed. */
#include "fuzz.h"
#include "../../include/calyx/arch.h" /* CX_USER_TOP (built without -Iinclude) */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#define CHECK_DIR "/tmp/fuzz-check" /* the post-check's own files: no fuzzed path names it */
#define PAGE 4096
#define TICK_US 20000               /* the batch child's ticker */
#define TICKS_STALLED 3             /* ticks on one call before the child skips it */
#define MAX_FAULTS 64               /* faults in a batch before the child gives up */
#define MAX_POSTCHECK_FAILURES 5    /* the run stops after this many */
#define EXIT_SETUP 90               /* batch child: its set-up failed */
#define EXIT_FAULTS 91              /* batch child: MAX_FAULTS */

/* --- randomness ---------------------------------------------------------------------- */

/* splitmix64: one word of state, good enough mixing for argument choices. */
uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
    return rng_next(r) % n;
}

int rng_one_in(struct rng *r, unsigned n)
{
    return rng_below(r, n) == 0;
}

struct rng rng_for(uint64_t seed, long batch, long index)
{
    struct rng r = { seed ^ ((uint64_t)batch * 0xD1B54A32D192ED03ull) };
    rng_next(&r);
    r.s ^= (uint64_t)(index + 2) * 0x8CB92BA72F3D8DD7ull;
    rng_next(&r);
    return r;
}

/* --- options -------------------------------------------------------------------------- */

struct options {
    uint64_t seed;
    long calls;          /* in all; with --batch, at most this many of that batch */
    long batch_size;
    long batch;          /* --batch: this one alone; -1: every batch */
    long until;          /* --until: batches 0 .. this one; -1: all */
    long picks[64];      /* --pick: only these call indices of the batch */
    int npicks;
    int timeout;         /* seconds a batch may go without progress */
    int verbose;
    int quiet;
    uint64_t only[64];   /* --only: draw numbers from these alone */
    int nonly;
    uint64_t skip[64];   /* --skip: never draw these (a known bug's call, say) */
    int nskip;
};

static struct options opt = { .calls = 1000000, .batch_size = 100, .batch = -1, .until = -1, .timeout = 10 };

static int skipped_number(uint64_t nr)
{
    for (int k = 0; k < opt.nskip; k++)
        if (opt.skip[k] == nr)
            return 1;
    return 0;
}

static void usage(const struct fuzzer *f, const char *why)
{
    if (why)
        fprintf(stderr, "%s: %s\n", f->name, why);
    fprintf(stderr,
            "usage: %s [--seed S] [--calls N] [--batch-size K] [--timeout SECONDS]\n"
            "       [--batch B [--pick I,J,...] | --until B] [--only|--skip NAME|NR,...] [--verbose] [--quiet]\n"
            "Random system calls in batches of K, each batch in a child process; see docs/fuzzing.md.\n",
            f->name);
    exit(2);
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 0);
    if (errno || end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

static uint64_t number_named(const struct fuzzer *f, const char *name)
{
    for (size_t i = 0; i < f->nnumbers; i++) {
        const char *n = f->name_of(f->numbers[i]);
        if (n && !strcmp(n, name))
            return f->numbers[i];
    }
    long v;
    if (parse_long(name, &v) == 0)
        return (uint64_t)v;
    usage(f, "--only, --skip: unknown call name");
    return 0;
}

enum list { LIST_ONLY, LIST_SKIP, LIST_PICK };

static void parse_list(const struct fuzzer *f, char *list, enum list which)
{
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        long v;
        if (which == LIST_ONLY) {
            if (opt.nonly == 64)
                usage(f, "--only: at most 64 calls");
            opt.only[opt.nonly++] = number_named(f, tok);
        } else if (which == LIST_SKIP) {
            if (opt.nskip == 64)
                usage(f, "--skip: at most 64 calls");
            opt.skip[opt.nskip++] = number_named(f, tok);
        } else {
            if (opt.npicks == 64 || parse_long(tok, &v) < 0)
                usage(f, "--pick: at most 64 call indices");
            opt.picks[opt.npicks++] = v;
        }
    }
}

static void parse_options(const struct fuzzer *f, int argc, char **argv, int *seed_given)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v;
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            opt.verbose = 1;
            continue;
        }
        if (!strcmp(a, "--quiet")) {
            opt.quiet = 1;
            continue;
        }
        if (i + 1 >= argc)
            usage(f, "an option needs a value, or an unknown option");
        char *val = argv[++i];
        if (!strcmp(a, "--seed")) {
            char *end;
            errno = 0;
            opt.seed = strtoull(val, &end, 0);
            if (errno || end == val || *end)
                usage(f, "--seed: not a number");
            *seed_given = 1;
        } else if (!strcmp(a, "--only")) {
            parse_list(f, val, LIST_ONLY);
        } else if (!strcmp(a, "--skip")) {
            parse_list(f, val, LIST_SKIP);
        } else if (!strcmp(a, "--pick")) {
            parse_list(f, val, LIST_PICK);
        } else if (parse_long(val, &v) < 0) {
            usage(f, "not a number");
        } else if (!strcmp(a, "--calls")) {
            opt.calls = v;
        } else if (!strcmp(a, "--batch-size") && v > 0) {
            opt.batch_size = v;
        } else if (!strcmp(a, "--batch")) {
            opt.batch = v;
        } else if (!strcmp(a, "--until")) {
            opt.until = v;
        } else if (!strcmp(a, "--timeout") && v > 0) {
            opt.timeout = (int)v;
        } else {
            usage(f, "unknown option");
        }
    }
    if (opt.npicks && opt.batch < 0)
        usage(f, "--pick needs --batch");
    if (opt.batch >= 0 && opt.until >= 0)
        usage(f, "--batch or --until, not both");
    size_t left = 0;
    for (size_t i = 0; i < f->nnumbers; i++)
        left += !skipped_number(f->numbers[i]);
    if (!left)
        usage(f, "--skip leaves no call to make");
}

/* --- state shared by the parent and a batch child ---------------------------------------- */

/* One shared page: the child says how far it got, so the parent can tell a
   stall from progress and name the call a batch died or stuck in. The child
   may damage it (it is fuzzing): the parent checks what it reads. */
struct shared {
    volatile long index;       /* the call being made */
    volatile long made;        /* calls made */
    volatile long skipped;     /* calls skipped: they would end the test */
    volatile int phase;        /* 0 set-up, 1 calls, 2 done */
    volatile pid_t helpers[FUZZ_HELPERS];
    struct fuzz_call call;     /* the call being made */
    char why[96];              /* what failed, when the set-up did */
};

static struct shared *shm;
_Static_assert(sizeof(struct shared) <= PAGE, "the shared state is one page");

enum role { ROLE_PARENT, ROLE_BATCH, ROLE_HELPER };
static volatile sig_atomic_t role = ROLE_PARENT;
static volatile sig_atomic_t parent_alarm;

/* The batch child's loop position, its jump back into the loop, and the
   ticker's view of it. */
static volatile long cur_index = -1;
static sigjmp_buf loop_jump;
static volatile sig_atomic_t loop_ready;
static volatile long tick_seen = -2;
static volatile int tick_stalls;
static volatile int faults;

static struct batch the_batch;
static unsigned char *altstack;
#define ALTSTACK_SIZE (64 * 1024)

/* The batch child's set-up could not be done: say what, for the parent's line. */
static _Noreturn void setup_fail(const char *what, int err)
{
    snprintf(shm->why, sizeof shm->why, "%s: %s", what, err ? strerror(err) : "failed");
    _exit(EXIT_SETUP);
}

/* One handler for every catchable signal, in all three roles: the parent
   counts its own alarm; a helper only wakes from pause(); the batch child
   treats a fault as the end of the current call (back into the loop at the
   next one), and its ticker skips a call that has blocked for three ticks
   (one that SA_RESTART or an ignoring mask kept waiting). Other signals
   just interrupt whatever call was waiting: that is what they are for here. */
static void on_signal(int sig)
{
    if (role == ROLE_PARENT) {
        if (sig == SIGALRM)
            parent_alarm = 1;
        return;
    }
    if (role != ROLE_BATCH)
        return;
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ||
                sig == SIGSYS;
    if (!loop_ready) {
        if (fault) { /* returning would fault again */
            char what[32];
            snprintf(what, sizeof what, "signal %d", sig);
            setup_fail(what, 0);
        }
        return;
    }
    /* A signal can reach the child of a fork-like call (or a new thread)
       before its first instruction, the exit: it must not jump into the
       loop and fuzz as a second caller (or on the batch's stack). */
    if (syscall(SYS_gettid) != the_batch.self)
        syscall(SYS_exit, 0);
    if (sig == SIGALRM) {
        if (cur_index != tick_seen) {
            tick_seen = cur_index;
            tick_stalls = 0;
        } else if (++tick_stalls >= TICKS_STALLED) {
            tick_stalls = 0;
            siglongjmp(loop_jump, 2);
        }
        return;
    }
    if (fault) {
        if (++faults > MAX_FAULTS)
            _exit(EXIT_FAULTS);
        siglongjmp(loop_jump, 1);
    }
}

int fuzz_is_kept_signal(int sig)
{
    return sig == SIGALRM || sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE;
}

static void install_handler(int sig)
{
    /* SA_NODEFER and an empty mask: leaving the handler by siglongjmp then
       leaves the mask as it was, without a sigprocmask call per fuzzed call.
       SA_ONSTACK: a call that wrecked the stack pointer (rt_sigreturn) still
       gets its SIGSEGV handled. No SA_RESTART: the parent's waits end. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Every catchable signal except SIGCONT and SIGWINCH/SIGURG (default:
   ignored); musl refuses its own 32-34. The parent's SIGCHLD wakes its
   sigsuspend (watch); in a batch it interrupts waits, as other signals do. */
static void install_handlers(void)
{
    for (int sig = 1; sig < 65; sig++)
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCONT && sig != SIGWINCH && sig != SIGURG)
            install_handler(sig);
}

void fuzz_repair_handler(int sig)
{
    if (fuzz_is_kept_signal(sig))
        install_handler(sig);
}

void fuzz_repair_mask(void)
{
    sigset_t s;
    sigemptyset(&s);
    for (int sig = 1; sig < 32; sig++)
        if (fuzz_is_kept_signal(sig))
            sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

void fuzz_repair_altstack(void)
{
    stack_t ss = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE, .ss_flags = 0 };
    if (altstack)
        sigaltstack(&ss, NULL);
}

void fuzz_repair_ticker(void)
{
    struct itimerval it = { { 0, TICK_US }, { 0, TICK_US } };
    setitimer(ITIMER_REAL, &it, NULL);
}

/* --- argument helpers ------------------------------------------------------------------- */

static const uint64_t boundaries[] = {
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
    0xffffffff80000000, 4095, 4096, 4097, 65535, 65536, 255, 256, 1023, 1024, 0x7ffff000,
    0xfffffffffffff000,
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

uint64_t fuzz_flags(struct rng *r)
{
    if (rng_one_in(r, 2))
        return 1ull << rng_below(r, 32);
    return rng_next(r) & rng_next(r) & rng_next(r) & 0xffffffff;
}

uint64_t fuzz_int(struct rng *r)
{
    switch (rng_below(r, 10)) {
    case 0: return 0;
    case 1: return ~0ull;
    case 2: return rng_below(r, 65);
    case 3: return (uint64_t) - (int64_t)(rng_below(r, 64) + 1);
    case 4: return (uint32_t) - (int32_t)(rng_below(r, 64) + 1);  /* -n as a 32-bit value */
    case 5: return boundaries[rng_below(r, NELEM(boundaries))];
    case 6: {
        uint64_t v = 1ull << rng_below(r, 64);
        return rng_one_in(r, 2) ? v : v - 1;
    }
    case 7: return rng_next(r);
    case 8: return (uint32_t)rng_next(r);
    default: return fuzz_flags(r);
    }
}

uint64_t fuzz_size(struct rng *r)
{
    switch (rng_below(r, 6)) {
    case 0: return rng_below(r, 257);
    case 1: return PAGE * (rng_below(r, 16) + 1);
    case 2: return PAGE * (rng_below(r, 16) + 1) + rng_below(r, 3) - 1;
    case 3: return boundaries[rng_below(r, NELEM(boundaries))];
    case 4: return 1ull << rng_below(r, 64);
    default: return rng_below(r, 2 * FUZZ_SCRATCH);
    }
}

uint64_t fuzz_bad_pointer(struct rng *r)
{
    static const uint64_t bad[] = {
        0, 0x10, 0x1000, 0xffff800000000000, 0xffffffff80100000, 0xfffffffffffff000,
        0xffffffffffffffff, CX_USER_TOP, CX_USER_TOP - 0x1000, CX_USER_TOP - 1, 0x8000000000000000,
        CX_USER_TOP + 0x1000, 0xffff7fffffffffff,
    };
    uint64_t text = (uint64_t)(uintptr_t)&fuzz_main; /* read-only: writes must fail */
    uint64_t guard = (uint64_t)(uintptr_t)the_batch.scratch - PAGE;
    switch (rng_below(r, 4)) {
    case 0: return text;
    case 1: return guard + rng_below(r, PAGE);
    default: return bad[rng_below(r, NELEM(bad))];
    }
}

/* Paths a call may be given: the batch's own files (relative to FUZZ_WORK),
   odd forms, and system files and directories the parent restores after
   each batch. Never the console or a terminal (the run's own output), the
   fuzzer's program, /proc/self/exe or /proc/self/mem (the batch would run or
   rewrite itself), another process's /proc entry, or the post-check's files. */
static const char *const paths[] = {
    "f", "d", "d/f", "fifo", "sock", "link", "dangling", "loop", "new", "d/new", "f/x",
    FUZZ_WORK "/f", FUZZ_WORK "/d/", ".", "..", "", "/", "//", "/dev", "/dev/null",
    "/dev/zero", "/dev/full", "/dev/urandom", "/proc", "/proc/self", "/proc/self/stat",
    "/proc/self/status", "/proc/self/fd", "/proc/self/fd/3", "/proc/self/maps",
    "/proc/self/mounts", "/proc/meminfo", "/proc/self/cwd", "/nonexistent/x", "d/../f",
    "./d/./f/",
};
#define NPATHS (int)NELEM(paths)
_Static_assert(NELEM(paths) + 1 <= (SLOT_LONGPATH - SLOT_PATHS) / FUZZ_PATH_SLOT, "the paths fit their slots");

/* What the parent puts back after each batch: system paths the list names. */
static const char *const restored[] = { "/", "/dev", "/dev/null", "/dev/zero", "/dev/full",
                                        "/dev/urandom", "/tmp" };
static struct stat restored_stat[NELEM(restored)];

static uint64_t path_pointer(struct batch *b, struct rng *r)
{
    if (rng_one_in(r, 12))
        return (uint64_t)(uintptr_t)(b->scratch + SLOT_LONGPATH);
    return (uint64_t)(uintptr_t)(b->scratch + SLOT_PATHS + FUZZ_PATH_SLOT * rng_below(r, NPATHS + 1));
}

uint64_t fuzz_pointer(struct batch *b, struct rng *r)
{
    unsigned char *s = b->scratch;
    switch (rng_below(r, 13)) {
    case 0: return (uint64_t)(uintptr_t)(s + SLOT_ZERO);
    case 1: return (uint64_t)(uintptr_t)(s + SLOT_TIMESPEC);
    case 2: return (uint64_t)(uintptr_t)(s + SLOT_IOV);
    case 3: return (uint64_t)(uintptr_t)(s + SLOT_ARGV);
    case 4: return (uint64_t)(uintptr_t)(s + SLOT_WORDS);
    case 5:
    case 6: return path_pointer(b, r);
    case 7: return (uint64_t)(uintptr_t)(s + rng_below(r, FUZZ_SCRATCH));
    case 8: return (uint64_t)(uintptr_t)(s + SLOT_DATA + (rng_below(r, FUZZ_SCRATCH - SLOT_DATA) & ~7ull));
    case 9: return (uint64_t)(uintptr_t)(s + FUZZ_SCRATCH - 1 - rng_below(r, 64)); /* runs into the guard */
    case 10: return (uint64_t)(uintptr_t)(s + FUZZ_SCRATCH);                       /* the guard page */
    default: return fuzz_bad_pointer(r);
    }
}

int fuzz_fd(struct batch *b, struct rng *r)
{
    if (b->nfds && !rng_one_in(r, 4))
        return b->fds[rng_below(r, (uint64_t)b->nfds)];
    switch (rng_below(r, 4)) {
    case 0: return -1;
    case 1: return -100; /* AT_FDCWD */
    default: return (int)rng_below(r, (uint64_t)b->nfds + 8);
    }
}

pid_t fuzz_pid(struct batch *b, struct rng *r)
{
    switch (rng_below(r, 6)) {
    case 0: return b->self;
    case 1: return b->helpers[0];
    case 2: return b->helpers[1];
    case 3: return b->last_child;
    case 4: return -b->self; /* the batch's process group */
    default: return 0;
    }
}

uint64_t fuzz_id(struct rng *r)
{
    static const uint64_t ids[] = { 0, FUZZ_UID, 65534, 0xffffffff, 1, 0x7fffffff };
    return rng_one_in(r, 8) ? rng_below(r, 0x10000) : ids[rng_below(r, NELEM(ids))];
}

uint64_t fuzz_recent(struct batch *b, struct rng *r)
{
    unsigned n = b->nrecent < FUZZ_RECENT ? b->nrecent : FUZZ_RECENT;
    return n ? b->recent[(b->nrecent - 1 - rng_below(r, n)) % FUZZ_RECENT] : 0;
}

void fuzz_keep_result(struct batch *b, uint64_t value)
{
    b->recent[b->nrecent++ % FUZZ_RECENT] = value;
}

void fuzz_add_fd(struct batch *b, int fd)
{
    if (fd >= 0 && b->nfds < FUZZ_MAX_FDS)
        b->fds[b->nfds++] = fd;
}

int fuzz_pid_in_batch(struct batch *b, int pid)
{
    /* The batch child is its session's leader: a process in that session is
       one of the batch's (the parent's session is another). */
    return pid > 0 && (pid == b->self || getsid(pid) == b->self);
}

int fuzz_kill_target_ok(struct batch *b, int pid)
{
    if (pid == 0)
        return 1; /* the caller's own group */
    if (pid == -1 || pid == INT32_MIN)
        return 0; /* everyone, or an overflow of -pid */
    return fuzz_pid_in_batch(b, pid < 0 ? -pid : pid);
}

/* --- making a Linux call ---------------------------------------------------------------- */

int fuzz_fork_like(uint64_t nr)
{
    return nr == SYS_fork || nr == SYS_vfork || nr == SYS_clone || nr == SYS_clone3;
}

/* The syscall instruction itself. The child of a fork-like call (result 0)
   exits at once, touching no memory: it may share the caller's memory and
   stack (CLONE_VM, vfork) or have a random stack pointer, and it must not go
   on fuzzing (the batch stays one process making calls). */
uint64_t fuzz_linux_call(uint64_t nr, const uint64_t a[6])
{
    uint64_t child_exits = (uint64_t)fuzz_fork_like(nr);
    register uint64_t r10 __asm__("r10") = a[3];
    register uint64_t r8 __asm__("r8") = a[4];
    register uint64_t r9 __asm__("r9") = a[5];
    uint64_t ret;
    __asm__ volatile("syscall\n\t"
                     "test %[ce], %[ce]\n\t"
                     "jz 1f\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "mov $60, %%eax\n\t" /* exit(0): this thread (the new process's only one) */
                     "xor %%edi, %%edi\n\t"
                     "syscall\n\t"
                     "ud2\n"
                     "1:"
                     : "=a"(ret)
                     : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9),
                       [ce] "r"(child_exits)
                     : "rcx", "r11", "memory");
    return ret;
}

/* --- the batch child ------------------------------------------------------------------- */

static int vfd = -1; /* --verbose: the run's stderr, kept above the fuzzed descriptors */

void fuzz_print(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (vfd >= 0 && n > 0)
        write(vfd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void show_call(const struct fuzzer *f, long batch, long i, const struct fuzz_call *c,
                      const char *note)
{
    const char *name = f->name_of(c->nr);
    char args[FUZZ_MAX_ARGS * 20 + 1] = "";
    int nargs = f->nargs_of(c->nr), len = 0;
    for (int k = 0; k < nargs && k < FUZZ_MAX_ARGS; k++)
        len += snprintf(args + len, sizeof args - (size_t)len, "%s%#llx", k ? ", " : "",
                        (unsigned long long)c->arg[k]);
    if (name)
        fuzz_print("[%ld.%ld] %s(%s)%s", batch, i, name, args, note);
    else
        fuzz_print("[%ld.%ld] #%#llx(%s)%s", batch, i, (unsigned long long)c->nr, args, note);
}

static void setup_scratch(struct batch *b)
{
    unsigned char *m = mmap(NULL, FUZZ_SCRATCH + 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + PAGE, FUZZ_SCRATCH, PROT_READ | PROT_WRITE) < 0)
        setup_fail("the scratch buffer", errno);
    unsigned char *s = b->scratch = m + PAGE;
    struct rng r = rng_for(b->seed, b->number, -1);
    for (size_t i = 0; i < FUZZ_SCRATCH; i += 8) {
        uint64_t v = rng_next(&r);
        memcpy(s + i, &v, 8);
    }
    memset(s + SLOT_ZERO, 0, PAGE);
    struct timespec ts[2] = { { 0, 1000000 }, { 0, 1000000 } };
    memcpy(s + SLOT_TIMESPEC, ts, sizeof ts);
    struct iovec iov[4];
    for (int i = 0; i < 4; i++)
        iov[i] = (struct iovec){ s + SLOT_DATA + 1024 * i, 1024 };
    memcpy(s + SLOT_IOV, iov, sizeof iov);
    memset(s + SLOT_PATHS, 0, SLOT_LONGPATH - SLOT_PATHS);
    for (int i = 0; i < NPATHS; i++)
        strcpy((char *)s + SLOT_PATHS + FUZZ_PATH_SLOT * i, paths[i]);
    /* After the list: one name longer than NAME_MAX. */
    memset(s + SLOT_PATHS + FUZZ_PATH_SLOT * NPATHS, 'n', FUZZ_PATH_SLOT - 1);
    for (int i = 0; i < 5000; i++)
        s[SLOT_LONGPATH + i] = i % 2 ? '/' : 'a';
    s[SLOT_LONGPATH + 5000] = 0;
    char *argv[3] = { (char *)s + SLOT_PATHS, (char *)s + SLOT_PATHS + FUZZ_PATH_SLOT, NULL };
    memcpy(s + SLOT_ARGV, argv, sizeof argv);
}

/* The batch's files in FUZZ_WORK, made as the batch's user; fd 0-2 become a
   file too, so nothing a batch writes reaches the console. */
static void setup_files(struct batch *b)
{
    if (chdir(FUZZ_WORK) < 0)
        setup_fail("chdir " FUZZ_WORK, errno);
    int io = open("io", O_RDWR | O_CREAT | O_TRUNC, 0666);
    if (io < 0)
        setup_fail("open io", errno);
    for (int fd = 0; fd < 3; fd++)
        dup2(io, fd);
    if (io > 2)
        close(io);
    int f = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (f >= 0)
        write(f, b->scratch + SLOT_DATA, 4096);
    mkdir("d", 0755);
    close(open("d/f", O_WRONLY | O_CREAT, 0644));
    mkfifo("fifo", 0644);
    symlink("f", "link");
    symlink("nowhere", "dangling");
    symlink("loop", "loop");
    fuzz_add_fd(b, f);
    fuzz_add_fd(b, open("d", O_RDONLY | O_DIRECTORY));
    fuzz_add_fd(b, open("fifo", O_RDWR | O_NONBLOCK));
    int p[2];
    if (pipe(p) == 0) {
        fuzz_add_fd(b, p[0]);
        fuzz_add_fd(b, p[1]);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0) {
        fuzz_add_fd(b, p[0]);
        fuzz_add_fd(b, p[1]);
    }
    fuzz_add_fd(b, open("/dev/null", O_RDWR));
    fuzz_add_fd(b, open("/dev/zero", O_RDONLY));
    int l = socket(AF_UNIX, SOCK_STREAM, 0); /* listening at "sock" */
    struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "sock" };
    if (l >= 0 && (bind(l, (struct sockaddr *)&sun, sizeof sun) < 0 || listen(l, 4) < 0)) {
        close(l);
        l = -1;
    }
    fuzz_add_fd(b, l);
}

static void setup_helpers(struct batch *b)
{
    for (int i = 0; i < FUZZ_HELPERS; i++) {
        pid_t h = fork();
        if (h == 0) {
            role = ROLE_HELPER;
            if (i == 1)
                _exit(0);
            for (;;)
                pause();
        }
        b->helpers[i] = h > 0 ? h : 0;
        shm->helpers[i] = b->helpers[i];
    }
}

static void drop_privileges(struct batch *b)
{
    if (!b->uid)
        return;
    if (setgroups(0, NULL) < 0 || setgid(FUZZ_UID) < 0 || setuid(FUZZ_UID) < 0)
        setup_fail("dropping to uid 1000", errno);
}

static int picked(long i)
{
    if (!opt.npicks)
        return 1;
    for (int k = 0; k < opt.npicks; k++)
        if (opt.picks[k] == i)
            return 1;
    return 0;
}

static void choose_number(const struct fuzzer *f, struct rng *r, struct fuzz_call *c)
{
    if (opt.nonly) {
        c->nr = opt.only[rng_below(r, (uint64_t)opt.nonly)];
        return;
    }
    if (rng_one_in(r, 50)) {
        c->nr = f->odd_number(r);
        return;
    }
    do
        c->nr = f->numbers[rng_below(r, f->nnumbers)];
    while ((f->rare && f->rare(c->nr) && !rng_one_in(r, 32)) || skipped_number(c->nr));
}

static _Noreturn void batch_loop(const struct fuzzer *f, struct batch *b, long ncalls)
{
    static volatile long i;
    i = 0;
    if (sigsetjmp(loop_jump, 0)) {
        /* A fault or a stall ended call i: on to the next one. */
        if (the_batch.verbose)
            fuzz_print(" = (abandoned: fault or stall)\n");
        i++;
    }
    if (!loop_ready) {
        loop_ready = 1;
        fuzz_repair_ticker();
    }
    for (; i < ncalls; i++) {
        if (!picked(i))
            continue;
        struct rng r = rng_for(b->seed, b->number, i);
        struct fuzz_call c;
        memset(&c, 0, sizeof c);
        choose_number(f, &r, &c);
        f->fill(b, &r, &c);
        cur_index = i;
        shm->index = i;
        if (!f->allowed(b, &c)) {
            shm->skipped++;
            if (b->verbose)
                show_call(f, b->number, i, &c, " skipped: it could end the test\n");
            continue;
        }
        shm->call = c;
        shm->made++;
        if (b->verbose)
            show_call(f, b->number, i, &c, "");
        uint64_t result = f->make(b, &c);
        if (b->verbose) {
            char res[64];
            f->show_result(result, res, sizeof res);
            fuzz_print(" = %s\n", res);
        }
        f->after(b, &c, result);
    }
    shm->phase = 2;
    _exit(0);
}

static _Noreturn void batch_child(const struct fuzzer *f, long number, long ncalls)
{
    role = ROLE_BATCH;
    struct batch *b = &the_batch;
    memset(b, 0, sizeof *b);
    b->number = number;
    b->seed = opt.seed;
    b->uid = number % 2 ? FUZZ_UID : 0;
    b->self = getpid();
    b->verbose = opt.verbose && (opt.until < 0 || number == opt.until); /* --until: its last batch */
    if (b->verbose)
        vfd = fcntl(2, F_DUPFD, 200);
    /* Its own session (signals to "everyone in my group" stay in the batch) and
       mount namespace (mounts stay in the batch; before the uid drop: root only). */
    if (setsid() < 0)
        setup_fail("setsid", errno);
    if (unshare(CLONE_NEWNS) == 0)
        mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL);
    drop_privileges(b);
    /* The alternate stack before the scratch buffer: mappings go up from the
       first, so an munmap from inside scratch over a huge length, common
       enough, spares it (and the shared page, mapped before the fork). */
    altstack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (altstack == MAP_FAILED)
        altstack = NULL;
    setup_scratch(b);
    setup_files(b);
    setup_helpers(b);
    fuzz_repair_altstack();
    f->setup(b);
    shm->phase = 1;
    batch_loop(f, b, ncalls);
}

/* --- the parent: one batch -------------------------------------------------------------- */

struct stats {
    long made, skipped, batches, stuck, early, postcheck_failures;
};

static void describe_call(const struct fuzzer *f, const struct fuzz_call *c, char *buf, size_t size)
{
    const char *name = f->name_of(c->nr);
    int n = name ? snprintf(buf, size, "%s(", name) : snprintf(buf, size, "#%#llx(", (unsigned long long)c->nr);
    int nargs = f->nargs_of(c->nr);
    for (int k = 0; k < nargs && k < FUZZ_MAX_ARGS && (size_t)n < size; k++)
        n += snprintf(buf + n, size - (size_t)n, "%s%#llx", k ? ", " : "", (unsigned long long)c->arg[k]);
    if ((size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ")");
}

static void kill_batch(pid_t pid, int sig)
{
    kill(-pid, sig);
    kill(pid, sig);
    for (int i = 0; i < FUZZ_HELPERS; i++) {
        pid_t h = shm->helpers[i];
        if (h > 1 && h != getpid()) { /* the child may have scribbled on the page */
            kill(h, sig);
            kill(-h, sig);
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits for the batch child; a batch that makes no progress for 2 s gets
   SIGCONT (it may have stopped itself), after opt.timeout s SIGKILL. Returns
   1 when the watchdog killed it, -1 when it could not be reaped at all.

   It does not block in wait4 for the child: it sleeps in sigsuspend until
   SIGCHLD or a 1 s alarm, then polls. The POSIX server frees a process in
   the middle of its exit when its parent was blocked waiting for it, and
   then fails to hand its other zombie children to the new parent
   (tests/fuzz/repro/orphan_zombies_reparented.c): every batch would leak
   its zombies, and the post-check would fail on that one known bug. */
static int watch(pid_t pid, int *status)
{
    sigset_t wake, old;
    sigemptyset(&wake);
    sigaddset(&wake, SIGCHLD);
    sigaddset(&wake, SIGALRM);
    sigprocmask(SIG_BLOCK, &wake, &old);
    long last = -1;
    int conted = 0, killed = 0, result;
    double since = now();
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) {
            result = r == pid ? killed : -1;
            break;
        }
        long progress = shm->made + shm->skipped + shm->phase;
        if (progress != last) {
            last = progress;
            since = now();
        }
        double still = now() - since;
        if (killed && still > opt.timeout) {
            result = -1;
            break;
        }
        if (!killed && still >= opt.timeout) {
            kill_batch(pid, SIGKILL);
            killed = 1;
            since = now();
        } else if (!killed && !conted && still >= 2) {
            kill_batch(pid, SIGCONT);
            conted = 1;
        }
        alarm(1);
        sigsuspend(&old); /* SIGCHLD or the alarm */
        alarm(0);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return result;
}

/* waitpid, for at most `seconds` (SIGCHLD of other children does not end it). */
static pid_t wait_bounded(pid_t pid, int *status, unsigned seconds)
{
    parent_alarm = 0;
    alarm(seconds);
    pid_t r;
    do
        r = waitpid(pid, status, 0);
    while (r < 0 && errno == EINTR && !parent_alarm);
    alarm(0);
    return r;
}

/* Kills everything the batch left (helpers, children of fork-like calls) and
   reaps it: orphans come to this process (pid 1, or a subreaper). Returns 0,
   or -1 when something could not be reaped within 5 s. */
static int clean_up(pid_t pid)
{
    kill_batch(pid, SIGKILL);
    for (;;) {
        int status;
        pid_t r = wait_bounded(-1, &status, 5);
        if (r > 0)
            continue;
        return errno == ECHILD ? 0 : -1;
    }
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* An empty FUZZ_WORK (any mode the last batch left fixed). */
static void reset_workdir(long batch)
{
    chmod("/tmp/fuzz", 0755);
    nftw(FUZZ_WORK, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    if (access(FUZZ_WORK, F_OK) == 0) { /* something in it would not go: put it aside */
        char aside[64];
        snprintf(aside, sizeof aside, "/tmp/fuzz/left-%ld", batch);
        rename(FUZZ_WORK, aside);
    }
    mkdir(FUZZ_WORK, 0777);
    chmod(FUZZ_WORK, 0777);
}

static void snapshot_world(void)
{
    for (size_t i = 0; i < NELEM(restored); i++)
        if (lstat(restored[i], &restored_stat[i]) < 0)
            restored_stat[i].st_mode = 0;
}

/* Puts back the system paths a batch may have removed, replaced, chmod'ed
   or chown'ed (it may run as root), so batches stay independent. */
static void restore_world(void)
{
    for (size_t i = 0; i < NELEM(restored); i++) {
        const struct stat *want = &restored_stat[i];
        struct stat now;
        if (!want->st_mode)
            continue;
        int have = lstat(restored[i], &now) == 0;
        if (have && (now.st_mode & S_IFMT) == (want->st_mode & S_IFMT) &&
            (!S_ISCHR(want->st_mode) || now.st_rdev == want->st_rdev)) {
            if ((now.st_mode & 07777) != (want->st_mode & 07777))
                chmod(restored[i], want->st_mode & 07777);
            if (now.st_uid != want->st_uid || now.st_gid != want->st_gid)
                lchown(restored[i], want->st_uid, want->st_gid);
            continue;
        }
        if (have && !S_ISDIR(now.st_mode))
            unlink(restored[i]);
        if (S_ISCHR(want->st_mode))
            mknod(restored[i], want->st_mode, want->st_rdev);
        else if (S_ISDIR(want->st_mode))
            mkdir(restored[i], want->st_mode & 07777);
        lchown(restored[i], want->st_uid, want->st_gid);
    }
}

/* --- the post-check ------------------------------------------------------------------------ */

static char check_failure[256];

static int check_fail(const char *what)
{
    snprintf(check_failure, sizeof check_failure, "%s: %s%s", what, strerror(errno),
             parent_alarm ? " (timed out)" : "");
    return -1;
}

static int check_fork(void)
{
    pid_t pid = fork();
    if (pid < 0)
        return check_fail("fork");
    if (pid == 0)
        _exit(7);
    int status;
    if (wait_bounded(pid, &status, 10) != pid)
        return check_fail("wait4 for a forked child");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 7) {
        errno = 0;
        snprintf(check_failure, sizeof check_failure, "a forked child's status is %#x, not exit 7", status);
        return -1;
    }
    return 0;
}

static int check_file(long batch)
{
    char out[96], in[96];
    snprintf(out, sizeof out, "post-check after batch %ld: a file's bytes come back", batch);
    int fd = open(CHECK_DIR "/f", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return check_fail("open " CHECK_DIR "/f");
    int ok = write(fd, out, sizeof out) == sizeof out && lseek(fd, 0, SEEK_SET) == 0 &&
             read(fd, in, sizeof in) == sizeof in;
    if (!ok) {
        check_fail("write, lseek and read of " CHECK_DIR "/f");
        close(fd);
        return -1;
    }
    close(fd);
    if (memcmp(in, out, sizeof in)) {
        snprintf(check_failure, sizeof check_failure, "%s/f reads back other bytes", CHECK_DIR);
        return -1;
    }
    if (unlink(CHECK_DIR "/f") < 0)
        return check_fail("unlink " CHECK_DIR "/f");
    return 0;
}

static int check_pipe(void)
{
    int p[2];
    char in[32], out[32] = "a pipe round trip, 32 bytes....";
    if (pipe(p) < 0)
        return check_fail("pipe");
    int ok = write(p[1], out, sizeof out) == sizeof out && read(p[0], in, sizeof in) == sizeof in;
    if (!ok)
        check_fail("pipe write and read");
    close(p[0]);
    close(p[1]);
    if (ok && memcmp(in, out, sizeof in)) {
        snprintf(check_failure, sizeof check_failure, "a pipe gives back other bytes");
        return -1;
    }
    return ok ? 0 : -1;
}

/* Under cxrun the fuzzer is pid 1 and, between batches, the only process:
   whatever else /proc lists was leaked (clean_up reaped all it could). */
static int check_leftovers(void)
{
    if (getpid() != 1)
        return 0; /* elsewhere the system has its own processes */
    DIR *d = opendir("/proc");
    if (!d)
        return check_fail("opendir /proc");
    int n = 0, len = 0;
    struct dirent *e;
    while ((e = readdir(d)) && len < (int)sizeof check_failure - 64) {
        char path[32], st[512];
        int pid = atoi(e->d_name), ppid, pgrp, fd, got;
        char state, *end;
        if (pid <= 1 || snprintf(path, sizeof path, "/proc/%d/stat", pid) >= (int)sizeof path ||
            (fd = open(path, O_RDONLY)) < 0)
            continue;
        got = (int)read(fd, st, sizeof st - 1);
        close(fd);
        st[got > 0 ? got : 0] = 0;
        end = strrchr(st, ')');
        if (!end || sscanf(end + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
            state = '?', ppid = pgrp = 0;
        len += snprintf(check_failure + len, sizeof check_failure - (size_t)len, "%s%d (%c, parent %d, group %d)",
                        n++ ? ", " : "processes left after the batch: ", pid, state, ppid, pgrp);
    }
    closedir(d);
    return n ? -1 : 0;
}

/* 0 when the system still works; else check_failure says what did not. */
static int post_check(long batch)
{
    int r = check_leftovers();
    if (r == 0)
        r = check_fork(); /* its wait is bounded */
    if (r < 0)
        return r;
    parent_alarm = 0;
    alarm(10); /* a call that blocks fails with EINTR: "timed out" */
    r = check_file(batch);
    if (r == 0)
        r = check_pipe();
    alarm(0);
    return r;
}

/* --- the run ----------------------------------------------------------------------------- */

/* A count the batch child reported, within what it could be. */
static long clamp(long v, long most)
{
    return v < 0 ? 0 : v > most ? most : v;
}

static void run_batch(const struct fuzzer *f, long number, long ncalls, struct stats *st)
{
    memset(shm, 0, sizeof *shm);
    shm->index = -1;
    reset_workdir(number);
    if (!opt.quiet)
        printf("batch %ld (uid %d): ", number, number % 2 ? FUZZ_UID : 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        batch_child(f, number, ncalls);
    st->batches++;
    char what[512] = "", call[320];
    int status = 0, watched = pid < 0 ? -1 : watch(pid, &status);
    int cleaned = pid < 0 ? 0 : clean_up(pid);
    long made = clamp(shm->made, ncalls), index = shm->index;
    st->made += made;
    st->skipped += clamp(shm->skipped, ncalls);
    struct fuzz_call c = shm->call;
    describe_call(f, &c, call, sizeof call);
    if (pid < 0) {
        snprintf(what, sizeof what, "fork failed: %s", strerror(errno));
    } else if (watched < 0) {
        snprintf(what, sizeof what, "could not be killed and reaped (at call %ld %s)", index, call);
    } else if (watched > 0) {
        st->stuck++;
        snprintf(what, sizeof what, "stuck at call %ld %s: killed by the watchdog", index, call);
    } else if (WIFSIGNALED(status)) {
        st->early++;
        snprintf(what, sizeof what, "killed by signal %d at call %ld %s", WTERMSIG(status), index, call);
    } else if (WEXITSTATUS(status) == EXIT_SETUP) {
        char why[sizeof shm->why + 1];
        memcpy(why, shm->why, sizeof shm->why);
        why[sizeof shm->why] = 0;
        snprintf(what, sizeof what, "its set-up failed: %s", why);
    } else if (shm->phase != 2) {
        st->early++;
        snprintf(what, sizeof what, "exited %d at call %ld %s", WEXITSTATUS(status), index, call);
    }
    int failed = pid < 0 || watched < 0 || cleaned < 0 || WEXITSTATUS(status) == EXIT_SETUP;
    if (cleaned < 0)
        snprintf(what + strlen(what), sizeof what - strlen(what), "%sprocesses left that SIGKILL did not end",
                 *what ? "; " : "");
    if (!failed && post_check(number) < 0) {
        failed = 1;
        snprintf(what + strlen(what), sizeof what - strlen(what), "%spost-check failed: %s", *what ? "; " : "",
                 check_failure);
    }
    if (failed)
        st->postcheck_failures++;
    if (!opt.quiet)
        printf("%ld calls%s%s\n", made, *what ? ", " : "", what);
    else if (failed || watched)
        printf("batch %ld (uid %d): %ld calls, %s\n", number, number % 2 ? FUZZ_UID : 0, made, what);
    fflush(stdout);
    restore_world();
}

/* Calyx answers sysname "Linux", as programs expect; its version says Calyx. */
static int on_calyx(void)
{
    struct utsname u;
    return uname(&u) == 0 && strstr(u.version, "Calyx") != NULL;
}

static uint64_t fresh_seed(void)
{
    uint64_t s = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, &s, sizeof s) != sizeof s)
            s = 0;
        close(fd);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (s ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32)) & 0xffffffffffffull;
}

static int prepare(void)
{
    umask(0);
    mkdir("/tmp/fuzz", 0755);
    mkdir(CHECK_DIR, 0700);
    snapshot_world();
    /* The shared page sits between two inaccessible ones, so a batch's
       overrunning writes (past a scratch guard it mprotect'ed open) stop
       before it; what still reaches it, run_batch clamps. */
    unsigned char *area = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return -1;
    shm = mmap(area + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (shm == MAP_FAILED)
        return -1;
    install_handlers();
    if (getpid() != 1)
        prctl(PR_SET_CHILD_SUBREAPER, 1); /* the batches' orphans come here to be reaped */
    return 0;
}

int fuzz_main(const struct fuzzer *f, int argc, char **argv)
{
    int seed_given = 0;
    if (argc == 0)
        return 2; /* run by a fuzzed execve: nothing to do */
    parse_options(f, argc, argv, &seed_given);
    if (!on_calyx()) {
        fprintf(stderr, "%s: runs only on Calyx (tools/cxrun): it makes random system calls as root\n",
                f->name);
        return 2;
    }
    if (!seed_given)
        opt.seed = fresh_seed();
    if (prepare() < 0) {
        fprintf(stderr, "%s: cannot set up: %s\n", f->name, strerror(errno));
        return 2;
    }
    long nbatches = (opt.calls + opt.batch_size - 1) / opt.batch_size;
    long first = 0;
    if (opt.batch >= 0) {
        first = opt.batch;
        nbatches = 1;
    } else if (opt.until >= 0 && opt.until < nbatches) {
        nbatches = opt.until + 1;
    }
    printf("%s: seed %llu, %ld calls in %ld batch%s of %ld%s\n", f->name, (unsigned long long)opt.seed,
           opt.batch >= 0 ? (opt.calls < opt.batch_size ? opt.calls : opt.batch_size) : opt.calls, nbatches,
           nbatches == 1 ? "" : "es", opt.batch_size, opt.batch >= 0 ? " (one batch replayed)" : "");
    struct stats st = { 0 };
    for (long b = first; b < first + nbatches; b++) {
        long n = opt.batch >= 0 ? (opt.calls < opt.batch_size ? opt.calls : opt.batch_size)
                                : (opt.calls - b * opt.batch_size < opt.batch_size ? opt.calls - b * opt.batch_size
                                                                                   : opt.batch_size);
        run_batch(f, b, n, &st);
        if (st.postcheck_failures >= MAX_POSTCHECK_FAILURES) {
            printf("%s: stopping after %ld post-check failures\n", f->name, st.postcheck_failures);
            break;
        }
    }
    printf("%s summary: seed %llu: %ld calls made, %ld batches, %ld stuck, %ld post-check failures "
           "(%ld calls skipped, %ld batches ended early)\n",
           f->name, (unsigned long long)opt.seed, st.made, st.batches, st.stuck, st.postcheck_failures,
           st.skipped, st.early);
    fflush(stdout);
    return st.postcheck_failures ? 1 : 0;
}
