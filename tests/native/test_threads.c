/* thread_create, thread_exit and thread_join: exit codes, shared memory,
   every error result, the per-process thread limit, preemption between two
   spinning threads, and the last thread's exit ending its process. */
#include "tap.h"
#include "helpers.h"

HELPER(child_threads);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define THREADS_MAX 256 /* kernel/process.h PROCESS_THREADS_MAX, the main thread included */
#define MS 1000000ull
#define STACK_WORDS 2048

static uint64_t stacks[THREADS_MAX][STACK_WORDS] __attribute__((aligned(16)));
#define STACK(i) stacks[i], sizeof stacks[i]
#define ENTRY(fn) ((cx_uaddr_t)(uintptr_t)(fn))

static volatile uint64_t shared;
static volatile int release;
static volatile uint64_t progress[2];

static void doubler(uint64_t arg) { cx_thread_exit((int32_t)(arg * 2)); }

static void writer(uint64_t arg)
{
    shared = arg;
    cx_thread_exit(0);
}

static void sleeper(uint64_t ms)
{
    struct cx_timespec d = { 0, ms * MS };
    cx_nanosleep(&d);
    cx_thread_exit(11);
}

static void waiter(uint64_t arg)
{
    while (!release)
        cx_yield();
    cx_thread_exit((int32_t)arg);
}

static void negative(uint64_t arg)
{
    (void)arg;
    cx_thread_exit(-1);
}

static uint64_t target_tid;
static void joiner(uint64_t arg)
{
    (void)arg;
    uint64_t r = cx_thread_join(target_tid, CX_TIMEOUT_INFINITE);
    cx_thread_exit(r == 11 ? 1 : 2);
}

/* Spins with no system call until the other spinner's counter moves. It never
   blocks, so the other can only have run because the timer preempted this
   one: 1 when it saw that, 0 if it gave up. */
static void spinner(uint64_t me)
{
    volatile uint64_t *mine = &progress[me], *other = &progress[1 - me];
    uint64_t seen = *other;
    for (uint64_t i = 0; i < 1000000000ull; i++) {
        (*mine)++;
        if (*other != seen)
            cx_thread_exit(1);
    }
    cx_thread_exit(0);
}

int main(void)
{
    tap_plan(18);

    uint64_t t = cx_thread_create(ENTRY(doubler), STACK(0), 21);
    CHECK("create+join: join returns the thread's exit code", !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_INFINITE) == 42);
    CHECK("join: a joined thread is gone (NotFound)", cx_thread_join(t, CX_TIMEOUT_INFINITE) == ERR(NOT_FOUND));
    t = cx_thread_create(ENTRY(writer), STACK(0), 0xC0FFEE);
    CHECK("threads share memory", !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_INFINITE) == 0 && shared == 0xC0FFEE);
    t = cx_thread_create(ENTRY(negative), STACK(0), 0);
    CHECK("join: a negative code comes back zero-extended",
          !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_INFINITE) == 0xFFFFFFFFull);

    CHECK("join: unknown tid is NotFound", cx_thread_join(999999, CX_TIMEOUT_POLL) == ERR(NOT_FOUND));
    /* No call returns the caller's tid; the root task's first thread is the kernel's first (tid 1). */
    CHECK("join: joining oneself is InvalidParameter", cx_thread_join(1, CX_TIMEOUT_POLL) == ERR(INVALID_PARAMETER));

    t = cx_thread_create(ENTRY(sleeper), STACK(0), 200);
    target_tid = t;
    CHECK("join: poll on a running thread is Timeout, a 20 ms timeout too",
          !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_POLL) == ERR(TIMEOUT) &&
          cx_thread_join(t, 20 * MS) == ERR(TIMEOUT));
    uint64_t j = cx_thread_create(ENTRY(joiner), STACK(1), 0);
    cx_yield(); /* let the joiner start waiting */
    CHECK("join: another thread already joining is Busy", cx_thread_join(t, 20 * MS) == ERR(BUSY));
    CHECK("join: the waiting joiner got the code", !CX_IS_ERR(j) && cx_thread_join(j, CX_TIMEOUT_INFINITE) == 1);

    CHECK("create: entry outside user space is InvalidAddress",
          cx_thread_create(0, STACK(0), 0) == ERR(INVALID_ADDRESS) &&
          cx_thread_create(0xFFFF800000100000ull, STACK(0), 0) == ERR(INVALID_ADDRESS));
    CHECK("create: unmapped, kernel or read-only stack is InvalidAddress",
          cx_thread_create(ENTRY(doubler), (void *)0x1000, 4096, 0) == ERR(INVALID_ADDRESS) &&
          cx_thread_create(ENTRY(doubler), (void *)0xFFFF800000100000ull, 4096, 0) == ERR(INVALID_ADDRESS) &&
          cx_thread_create(ENTRY(doubler), (void *)(uintptr_t)doubler, 64, 0) == ERR(INVALID_ADDRESS) &&
          cx_thread_create(ENTRY(doubler), stacks[0], ~0ull - 100, 0) == ERR(INVALID_ADDRESS));
    CHECK("create: a stack under 64 bytes is InvalidParameter",
          cx_thread_create(ENTRY(doubler), stacks[0], 32, 0) == ERR(INVALID_PARAMETER));

    uint64_t tids[THREADS_MAX], stop = 0;
    unsigned n = 0;
    release = 0;
    for (;;) {
        uint64_t r = cx_thread_create(ENTRY(waiter), STACK(n), n);
        if (CX_IS_ERR(r) || n == THREADS_MAX) {
            stop = r;
            break;
        }
        tids[n++] = r;
    }
    CHECK("limit: the 257th thread of a process is ResourceExhausted",
          n == THREADS_MAX - 1 && stop == ERR(RESOURCE_EXHAUSTED));
    release = 1;
    int codes_ok = 1;
    for (unsigned i = 0; i < n; i++)
        codes_ok &= cx_thread_join(tids[i], CX_TIMEOUT_INFINITE) == i;
    CHECK("limit: all of them ran and were joined", codes_ok);
    int loop_ok = 1;
    for (int i = 0; i < 300 && loop_ok; i++) {
        t = cx_thread_create(ENTRY(doubler), STACK(0), (uint64_t)i);
        loop_ok = !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_INFINITE) == (uint64_t)i * 2;
    }
    CHECK("reclaim: 300 create/join rounds all work", loop_ok);

    uint64_t a = cx_thread_create(ENTRY(spinner), STACK(0), 0);
    uint64_t b = cx_thread_create(ENTRY(spinner), STACK(1), 1);
    CHECK("preemption: two spinning threads of one priority both make progress",
          !CX_IS_ERR(a) && !CX_IS_ERR(b) && cx_thread_join(a, CX_TIMEOUT_INFINITE) == 1 &&
          cx_thread_join(b, CX_TIMEOUT_INFINITE) == 1);

    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_threads), HELPER_SIZE(child_threads), NULL, 0, NULL, 0);
    struct cx_exit_info info = { 0, 0, 0, 0 };
    CHECK("thread_exit of the last thread ends the process with its code",
          !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
          cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_NORMAL &&
          info.code == 9);
    t = cx_thread_create(ENTRY(doubler), STACK(0), 4);
    CHECK("threads still work afterwards", !CX_IS_ERR(t) && cx_thread_join(t, CX_TIMEOUT_INFINITE) == 8);
    return tap_done();
}
