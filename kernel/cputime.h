/* CPU-time accounting: how long each thread ran, split into user time and
 * kernel (system) time, in units of the machine's cheapest monotonic counter
 * (arch_cpu_clock: TSC cycles on x86_64, a few instructions to read at every
 * kernel entry and exit), converted to nanoseconds only when someone reads
 * them (sys_thread_times: arch_cpu_clock_ns).
 *
 * Three events move the time, and the kernel sees each of them anyway:
 *   - a thread enters the kernel from user mode (syscall, interrupt, fault):
 *     the time since its last stamp was user time;
 *   - it goes back to user mode (the end of sched_return_to_user): the time
 *     since was kernel time;
 *   - a context switch (always in the kernel): the time since the outgoing
 *     thread's last stamp was its kernel time; the incoming one's stamp
 *     starts now.
 * So nothing is sampled: a thread that runs 3 ms between two ticks gets
 * 3 ms, not 0 or 10. Time the idle thread runs is nobody's, and interrupts
 * taken while a thread runs are charged to it, as Linux charges them
 * without IRQ time accounting.
 *
 * A Linux syscall that a personality server answers runs on the server's
 * threads: the client is blocked meanwhile, so that time is the server's,
 * not the client's (docs/posix-server.md says what this means for times()).
 *
 * The kernel runs on one CPU with interrupts off, so a thread being read is
 * either the caller itself (in the kernel: its running stretch so far counts
 * as kernel time) or not running at all; no locks. */
#ifndef KERNEL_CPUTIME_H
#define KERNEL_CPUTIME_H

#include <stdint.h>

struct thread;
struct process;

/* Every amount is in arch_cpu_clock's units. */
struct cputime {
    uint64_t user, sys;
    uint64_t since; /* when the running stretch not yet charged began */
};

/* The events above, now = arch_cpu_clock(); inline, as they run on every
   kernel entry and exit. */
static inline void cputime_enter_kernel(struct cputime *c, uint64_t now)
{
    c->user += now - c->since;
    c->since = now;
}

static inline void cputime_leave_kernel(struct cputime *c, uint64_t now)
{
    c->sys += now - c->since;
    c->since = now;
}

static inline void cputime_switch(struct cputime *from, struct cputime *to, uint64_t now)
{
    from->sys += now - from->since;
    to->since = now;
}

/* A thread's times so far, counting its running stretch when it runs. */
void cputime_thread(const struct thread *t, uint64_t now, uint64_t *user, uint64_t *sys);
/* A process's: its live threads' and those that ended (process.dead_time). */
void cputime_process(const struct process *p, uint64_t now, uint64_t *user, uint64_t *sys);
/* t, the running thread, leaves its process: its times go to the process's
   sum of ended threads. */
void cputime_thread_exit(struct thread *t, uint64_t now);

#endif
