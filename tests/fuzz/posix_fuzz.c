/* posix_fuzz: random Linux x86_64 system calls against the POSIX server.
 *
 * A static musl program run on Calyx by tools/cxrun (tools/fuzz drives it; see
 * docs/fuzzing.md). fuzz.c runs the batches; this file knows the Linux side:
 * the numbers (every name in linux-libc-dev's <asm/unistd_64.h>, and now and
 * then one outside it), arguments, the few calls skipped because they would
 * end the test itself, and the raw syscall instruction.
 *
 *   posix_fuzz --seed 42 --calls 100000
 *   posix_fuzz --seed 42 --batch 17 --verbose          (replay one batch)
 *   posix_fuzz --seed 42 --batch 17 --pick 3,40 -v     (two of its calls) */
#include "fuzz.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <unistd.h>

/* The POSIX server's generated trace table (servers/posix/abi/x86_64/gen/trace.c,
   from the Linux ABI table): every x86_64 call's name. */
#include "../../servers/posix/abi/linux_abi.h"
#include "../../include/calyx/arch.h" /* CX_USER_TOP */

static uint64_t numbers[1024];

static const char *name_of(uint64_t nr)
{
    return nr < linux_syscall_count ? linux_syscall_trace[nr].name : NULL;
}

static int nargs_of(uint64_t nr)
{
    (void)nr;
    return 6;
}

/* Calls that end the batch child at once or nearly always: drawn rarely so
   batches run their length (they still come up, some hundreds per million). */
static int rare(uint64_t nr)
{
    return nr == SYS_exit || nr == SYS_exit_group || nr == SYS_rt_sigreturn || nr == SYS_execve ||
           nr == SYS_execveat;
}

/* Never a native Calyx number (CX_NATIVE_BIT | n): native_fuzz covers those. */
static uint64_t not_native(uint64_t nr)
{
    return (nr & ~0xffffull) == 0x80000000ull ? nr + 0x10000 : nr;
}

static uint64_t odd_number(struct rng *r)
{
    switch (rng_below(r, 5)) {
    case 0: return linux_syscall_count + rng_below(r, 600); /* past the last */
    case 1: return 335 + rng_below(r, 424 - 335);          /* the gap before pidfd_send_signal */
    case 2: return 0x40000000 | rng_below(r, 548);         /* the x32 ABI bit */
    case 3: return ~0ull;
    default: return not_native(rng_next(r));
    }
}

static void setup(struct batch *b)
{
    (void)b; /* fuzz.c's files, pipes, sockets and helpers are all it needs */
}

static uint64_t arg(struct batch *b, struct rng *r, int i)
{
    if (i == 0 && rng_one_in(r, 3)) /* most calls take a descriptor first */
        return (uint64_t)(int64_t)fuzz_fd(b, r);
    switch (rng_below(r, 16)) {
    case 0: case 1: case 2: case 3: case 4: return fuzz_int(r);
    case 5: case 6: case 7: case 8: return fuzz_pointer(b, r);
    case 9: case 10: return (uint64_t)(int64_t)fuzz_fd(b, r);
    case 11: return fuzz_size(r);
    case 12: return (uint64_t)(int64_t)fuzz_pid(b, r);
    case 13: return fuzz_recent(b, r);
    case 14: return fuzz_id(r);
    default: return fuzz_flags(r);
    }
}

static void fill(struct batch *b, struct rng *r, struct fuzz_call *c)
{
    for (int i = 0; i < 6; i++)
        c->arg[i] = arg(b, r, i);
}

static int in_scratch(struct batch *b, uint64_t p, size_t len)
{
    uint64_t s = (uint64_t)(uintptr_t)b->scratch;
    return p >= s && p + len <= s + FUZZ_SCRATCH && p + len > p;
}

/* clone and clone3 with CLONE_PARENT make the fuzzer's parent the new child's
   parent, and that child's exit signal then goes to the parent: only SIGCHLD
   (or none) may. */
static int exit_signal_ok(uint64_t flags, uint64_t signal)
{
    return !(flags & CLONE_PARENT) || signal == 0 || signal == SIGCHLD;
}

static int clone3_ok(struct batch *b, uint64_t p)
{
    if (in_scratch(b, p, 40)) {
        uint64_t args[5];
        memcpy(args, (void *)(uintptr_t)p, sizeof args); /* flags at 0, exit_signal at 32 */
        return exit_signal_ok(args[0], args[4]);
    }
    return p < 0x10000 || p >= CX_USER_TOP; /* unmapped: EFAULT; anything else unknown */
}

/* Calls that would end the test itself: signals (and other process-directed
   calls) to processes outside the batch (the parent is pid 1), and reboot. */
static int allowed(struct batch *b, const struct fuzz_call *c)
{
    const uint64_t *a = c->arg;
    int p0 = (int)a[0], p1 = (int)a[1];
    switch (c->nr) {
    case SYS_reboot:
        return (uint32_t)a[0] != 0xfee1deadu; /* without the magic: EINVAL or EPERM only */
    case SYS_kill:
    case SYS_rt_sigqueueinfo:
        return fuzz_kill_target_ok(b, p0);
    case SYS_tkill:
        return p0 <= 0 || fuzz_pid_in_batch(b, p0);
    case SYS_tgkill:
    case SYS_rt_tgsigqueueinfo:
        return (p0 <= 0 || fuzz_pid_in_batch(b, p0)) && (p1 <= 0 || fuzz_pid_in_batch(b, p1));
    case SYS_prlimit64:
    case SYS_process_vm_writev:
    case SYS_pidfd_open:
    case SYS_sched_setaffinity:
    case SYS_sched_setscheduler:
    case SYS_sched_setparam:
    case SYS_sched_setattr:
    case SYS_migrate_pages:
    case SYS_move_pages:
        return p0 <= 0 || fuzz_pid_in_batch(b, p0);
    case SYS_ptrace:
        return p1 <= 0 || fuzz_pid_in_batch(b, p1);
    case SYS_setpriority:
        return (p0 != PRIO_PROCESS && p0 != PRIO_PGRP) || p1 <= 0 || fuzz_pid_in_batch(b, p1);
    case SYS_fcntl:
        if (p1 == F_SETOWN)
            return fuzz_kill_target_ok(b, (int)a[2]);
        return p1 != F_SETOWN_EX; /* its owner is in memory */
    case SYS_ioctl:
        return (uint32_t)a[1] != FIOSETOWN && (uint32_t)a[1] != SIOCSPGRP; /* the same */
    case SYS_clone:
        return exit_signal_ok(a[0], a[0] & 0xff);
    case SYS_clone3:
        return clone3_ok(b, a[0]);
    default:
        return 1;
    }
}

static uint64_t make(struct batch *b, const struct fuzz_call *c)
{
    (void)b;
    return fuzz_linux_call(c->nr, c->arg);
}

static int failed(uint64_t result)
{
    return result > (uint64_t)-4096;
}

static void after(struct batch *b, const struct fuzz_call *c, uint64_t result)
{
    if (!failed(result) && result)
        fuzz_keep_result(b, result); /* descriptors, pids, addresses */
    if (fuzz_fork_like(c->nr) && !failed(result))
        b->last_child = (pid_t)result;
    switch (c->nr) {
    case SYS_rt_sigaction:
        fuzz_repair_handler((int)c->arg[0]);
        break;
    case SYS_rt_sigprocmask:
        fuzz_repair_mask();
        break;
    case SYS_sigaltstack:
        fuzz_repair_altstack();
        break;
    case SYS_setitimer:
    case SYS_alarm:
        fuzz_repair_ticker();
        break;
    }
}

static void show_result(uint64_t result, char *buf, size_t size)
{
    if (failed(result))
        snprintf(buf, size, "-%d (%s)", (int)-result, strerror((int)-result));
    else
        snprintf(buf, size, "%#llx", (unsigned long long)result);
}

int main(int argc, char **argv)
{
    size_t n = 0;
    for (size_t nr = 0; nr < linux_syscall_count && n < sizeof numbers / sizeof *numbers; nr++)
        if (linux_syscall_trace[nr].name)
            numbers[n++] = nr;
    const struct fuzzer f = {
        .name = "posix_fuzz",
        .numbers = numbers,
        .nnumbers = n,
        .rare = rare,
        .odd_number = odd_number,
        .name_of = name_of,
        .nargs_of = nargs_of,
        .setup = setup,
        .fill = fill,
        .allowed = allowed,
        .make = make,
        .after = after,
        .show_result = show_result,
    };
    return fuzz_main(&f, argc, argv);
}
