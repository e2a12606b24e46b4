/* process_create, process_start, process_wait and exit: child programs from
   tests/native-helpers, their arguments and granted capabilities, every
   error result, faults, preemption by a spinning child, the process limit,
   and reclaiming everything over many create/start/wait rounds. */
#include "tap.h"
#include "helpers.h"
#include "string.h"
#include "printf.h"
#include <calyx/start.h>

HELPER(child_exit);
HELPER(child_args);
HELPER(child_fault);
HELPER(child_write);
HELPER(child_spin);
HELPER(child_probe);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define PROCESS_MAX 256                 /* kernel/process.h */
#define MS 1000000ull

static cx_cap_t con;

#define CREATE(name, argv, argc, caps, ncaps) \
    cx_process_create(ROOT_POOL, HELPER_IMAGE(name), HELPER_SIZE(name), argv, argc, caps, ncaps)

/* Create, start and wait for a helper; 0 and *info, or the first error. */
static uint64_t run(const void *image, size_t size, const char *const *argv, size_t argc,
                    const cx_cap_t *caps, size_t ncaps, struct cx_exit_info *info)
{
    uint64_t pid = cx_process_create(ROOT_POOL, image, size, argv, argc, caps, ncaps);
    if (CX_IS_ERR(pid))
        return pid;
    uint64_t r = cx_process_start(pid);
    if (CX_IS_ERR(r))
        return r;
    return cx_process_wait(pid, CX_TIMEOUT_INFINITE, info);
}
#define RUN(name, argv, argc, caps, ncaps, info) \
    run(HELPER_IMAGE(name), HELPER_SIZE(name), argv, argc, caps, ncaps, info)

static int exited(const struct cx_exit_info *i, int64_t code)
{
    return i->how == CX_EXIT_NORMAL && (int64_t)i->code == code && i->fault_kind == CX_FAULT_NONE;
}

/* Creates child_exit processes until the table is full: how many, and the error that stopped it.
   Then starts and waits for all of them; *ok is 0 if any did not exit with its code. */
static uint64_t pids[PROCESS_MAX];
static unsigned fill_process_table(uint64_t *stop, int *ok)
{
    static const char *const argv[] = { "child_exit", "3" };
    unsigned n = 0;
    for (;;) {
        uint64_t pid = CREATE(child_exit, argv, 2, NULL, 0);
        if (CX_IS_ERR(pid) || n == PROCESS_MAX) {
            *stop = pid;
            break;
        }
        pids[n++] = pid;
    }
    *ok = 1;
    for (unsigned i = 0; i < n; i++) {
        struct cx_exit_info info;
        if (cx_process_start(pids[i]) || cx_process_wait(pids[i], CX_TIMEOUT_INFINITE, &info) ||
            !exited(&info, 3))
            *ok = 0;
    }
    return n;
}

static char bad_image[64 * 1024];

int main(void)
{
    con = cx_start_caps[0];
    struct cx_exit_info info;
    tap_plan(35);

    /* --- success, arguments, capabilities --- */
    const char *exit7[] = { "child_exit", "7" };
    CHECK("create+start+wait: child_exit 7 ends normally with code 7",
          RUN(child_exit, exit7, 2, NULL, 0, &info) == 0 && exited(&info, 7) && info.fault_addr == 0);
    const char *args[] = { "child_args", "one", "two words", "", "three" };
    CHECK("create: the arguments arrive in order (child checks argv)",
          RUN(child_args, args, 5, NULL, 0, &info) == 0 && exited(&info, 33));
    CHECK("create: no arguments at all is fine (argc 0)",
          RUN(child_exit, NULL, 0, NULL, 0, &info) == 0 && exited(&info, 0));
    cx_cap_t caps[] = { con };
    CHECK("create: a granted console capability works in the child (line above)",
          RUN(child_write, NULL, 0, caps, 1, &info) == 0 && exited(&info, 0));
    CHECK("create: a child given no capability holds none (every token fails)",
          RUN(child_write, NULL, 0, NULL, 0, &info) == 0 && exited(&info, 42));
    CHECK("create: granting copies: the parent keeps its capability",
          cx_capability_validate(con, CX_RIGHT_WRITE) == 0);

    /* --- malformed images and bad arguments --- */
    size_t sz = HELPER_SIZE(child_exit);
    int fits = sz <= sizeof bad_image;
    if (fits)
        memcpy(bad_image, HELPER_IMAGE(child_exit), sz);
    bad_image[0] = 0x7e;
    CHECK("create: bad ELF magic is InvalidParameter",
          fits && cx_process_create(ROOT_POOL, bad_image, sz, NULL, 0, NULL, 0) == ERR(INVALID_PARAMETER));
    CHECK("create: truncated image is InvalidParameter",
          cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), 100, NULL, 0, NULL, 0) == ERR(INVALID_PARAMETER) &&
          cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), sz / 2, NULL, 0, NULL, 0) == ERR(INVALID_PARAMETER));
    CHECK("create: empty or over-16-MiB image is InvalidParameter",
          cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), 0, NULL, 0, NULL, 0) == ERR(INVALID_PARAMETER) &&
          cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), (16u << 20) + 1, NULL, 0, NULL, 0) ==
              ERR(INVALID_PARAMETER));
    CHECK("create: unmapped or kernel image pointer is InvalidAddress",
          cx_process_create(ROOT_POOL, (void *)0x1000, 4096, NULL, 0, NULL, 0) == ERR(INVALID_ADDRESS) &&
          cx_process_create(ROOT_POOL, (void *)0xFFFF800000100000ull, 4096, NULL, 0, NULL, 0) == ERR(INVALID_ADDRESS));
    const char *bad_str[] = { "child_exit", (const char *)0x1000 };
    CHECK("create: bad args array or string pointer is InvalidAddress",
          CREATE(child_exit, (const char *const *)0x1000, 1, NULL, 0) == ERR(INVALID_ADDRESS) &&
          CREATE(child_exit, bad_str, 2, NULL, 0) == ERR(INVALID_ADDRESS));
    CHECK("create: bad capability array is InvalidAddress",
          CREATE(child_exit, NULL, 0, (const cx_cap_t *)0x1000, 1) == ERR(INVALID_ADDRESS));
    static const char *many[65];
    for (int i = 0; i < 65; i++)
        many[i] = "x";
    static char long_arg[3000];
    memset(long_arg, 'a', sizeof long_arg - 1);
    const char *too_long[] = { "child_exit", long_arg, long_arg };
    CHECK("create: 65 arguments or 6000 bytes of them are fine (limits: leakcheck_bigargs)",
          RUN(child_exit, many, 65, NULL, 0, &info) == 0 && exited(&info, 0) &&
          RUN(child_exit, too_long, 3, NULL, 0, &info) == 0 && exited(&info, 0));
    CHECK("create: more strings than CX_START_MAX_ARGS is InvalidParameter before any is read",
          CREATE(child_exit, many, CX_START_MAX_ARGS + 1, NULL, 0) == ERR(INVALID_PARAMETER));
    static cx_cap_t many_caps[65];
    CHECK("create: 65 capabilities is InvalidParameter",
          CREATE(child_exit, NULL, 0, many_caps, 65) == ERR(INVALID_PARAMETER));
    cx_cap_t unknown[] = { con, 777 };
    CHECK("create: granting a token the caller lacks is InvalidCapability",
          CREATE(child_exit, NULL, 0, unknown, 2) == ERR(INVALID_CAPABILITY));
    uint64_t nogrant = cx_capability_derive(con, CX_RIGHT_WRITE);
    cx_cap_t ng[] = { nogrant };
    CHECK("create: granting a capability without GRANT is PermissionDenied",
          !CX_IS_ERR(nogrant) && CREATE(child_exit, NULL, 0, ng, 1) == ERR(PERMISSION_DENIED));

    /* --- start and wait errors --- */
    uint64_t pid = CREATE(child_exit, exit7, 2, NULL, 0);
    CHECK("start: unknown pid is NotFound, the caller's own pid too",
          !CX_IS_ERR(pid) && cx_process_start(999999) == ERR(NOT_FOUND) &&
          cx_process_start(1) == ERR(NOT_FOUND));
    char pidstr[24];
    ksnprintf(pidstr, sizeof pidstr, "%lu", (unsigned long)pid);
    const char *probe[] = { "child_probe", pidstr };
    CHECK("start/wait: another process's child is PermissionDenied (probe child)",
          RUN(child_probe, probe, 2, NULL, 0, &info) == 0 && exited(&info, 0));
    CHECK("start: twice is Busy",
          cx_process_start(pid) == 0 && cx_process_start(pid) == ERR(BUSY));
    CHECK("wait: collects the code, then the pid is gone (NotFound)",
          cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && exited(&info, 7) &&
          cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == ERR(NOT_FOUND) &&
          cx_process_start(pid) == ERR(NOT_FOUND));
    CHECK("wait: unknown pid is NotFound",
          cx_process_wait(999999, CX_TIMEOUT_POLL, &info) == ERR(NOT_FOUND));

    /* --- faults --- */
    CHECK("fault: a child writing to 0x10 ends with FAULT, PAGE, address 0x10",
          RUN(child_fault, NULL, 0, NULL, 0, &info) == 0 && info.how == CX_EXIT_FAULT &&
          info.fault_kind == CX_FAULT_PAGE && info.fault_addr == 0x10 && info.code == 0);
    CHECK("fault: the kernel and the parent keep running",
          RUN(child_exit, exit7, 2, NULL, 0, &info) == 0 && exited(&info, 7));

    /* --- timeouts and preemption --- */
    const char *spin300[] = { "child_spin", "300" };
    pid = CREATE(child_spin, spin300, 2, NULL, 0);
    CHECK("wait: poll on a running child is Timeout",
          !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
          cx_process_wait(pid, CX_TIMEOUT_POLL, &info) == ERR(TIMEOUT));
    uint64_t t0 = cx_monotonic_ns();
    uint64_t r = cx_process_wait(pid, 30 * MS, &info);
    CHECK("wait: a 30 ms timeout is Timeout after at least 30 ms", r == ERR(TIMEOUT) && cx_monotonic_ns() - t0 >= 30 * MS);
    CHECK("wait: an infinite wait collects the spinner's normal end",
          cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && exited(&info, 0));

    /* --- the process table and reclaiming --- */
    uint64_t stop;
    int all_ok;
    t0 = cx_monotonic_ns();
    unsigned first = fill_process_table(&stop, &all_ok);
    cx_printf("# filled the process table with %u children in %lu ms\n", first,
              (unsigned long)((cx_monotonic_ns() - t0) / MS));
    CHECK("limit: creating past the process table is ResourceExhausted (255 children + the root)",
          first == PROCESS_MAX - 1 && stop == ERR(RESOURCE_EXHAUSTED) && all_ok);
    int loop_ok = 1;
    t0 = cx_monotonic_ns();
    for (int i = 0; i < 300 && loop_ok; i++)
        loop_ok = RUN(child_exit, exit7, 2, caps, 1, &info) == 0 && exited(&info, 7);
    CHECK("reclaim: 300 create/start/wait rounds all work", loop_ok);
    cx_printf("# 300 rounds took %lu ms\n", (unsigned long)((cx_monotonic_ns() - t0) / MS));
    unsigned second = fill_process_table(&stop, &all_ok);
    CHECK("reclaim: afterwards the table fills to the same size again (nothing leaked)",
          second == first && stop == ERR(RESOURCE_EXHAUSTED) && all_ok);

    /* The seed's high-level wrappers (libc-port/native/process.c). */
    const char *seven[] = { "child_exit", "7" };
    uint64_t wpid = cx_create_process(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), seven, 2, NULL, 0);
    CHECK("cx_create_process: creates and starts in one step",
          !CX_IS_ERR(wpid) && cx_process_wait(wpid, CX_TIMEOUT_INFINITE, &info) == 0 &&
          info.how == CX_EXIT_NORMAL && info.code == 7);
    uint64_t merr = 1;
    char *page = cx_map(NULL, 4096, CX_PROT_READ | CX_PROT_WRITE, 0, CX_CAP_NULL, 0, &merr);
    CHECK("cx_map: anonymous memory as a pointer", page && merr == 0 && (page[100] = 5) == 5 &&
          cx_munmap(page, 4096) == 0);
    CHECK("cx_map: failure is NULL with the error",
          cx_map(NULL, 0, CX_PROT_READ, 0, CX_CAP_NULL, 0, &merr) == NULL &&
          merr == ERR(INVALID_PARAMETER));

    /* Last: a child that never enters the kernel again. Only the timer can
       take the CPU back from it; it spins until the root task ends. */
    pid = CREATE(child_spin, NULL, 0, NULL, 0);
    struct cx_timespec d = { 0, 50 * MS };
    CHECK("preemption: a child spinning forever does not stop its parent",
          !CX_IS_ERR(pid) && cx_process_start(pid) == 0 && cx_nanosleep(&d) == 0 &&
          cx_process_wait(pid, CX_TIMEOUT_POLL, &info) == ERR(TIMEOUT));
    CHECK("preemption: the parent keeps getting time (100 ms of sleeps)",
          cx_nanosleep(&d) == 0 && cx_nanosleep(&d) == 0);
    return tap_done();
}
