/* Test helper: one link of a line of creators (test_process_authority,
 * leakcheck_creator_death). Started as
 *     child_chain CHANNEL DEPTH END IMAGE_SIZE
 * with capabilities [0] the authority to create processes (a pool capability
 * with WRITE | GRANT), [1] an endpoint to call the test over channel CHANNEL
 * (WRITE | GRANT), [2] a memory object holding this very program's image,
 * IMAGE_SIZE bytes (READ | GRANT): a helper cannot embed itself.
 *
 * DEPTH 0: calls the test once with no capability ("I am the last"), then
 * spins forever without a system call: only a kill ends it.
 * DEPTH > 0: creates and starts the next link (DEPTH - 1, END "wait", the same
 * three capabilities), calls the test with a process capability for it (all
 * rights), and once answered ends as END says:
 *     exit   exit(0)
 *     fault  write to address 0x10 (a page fault)
 *     wait   wait for its child (which never ends by itself)
 * Exits 1 when the setup fails. */
#include <calyx/native.h>
#include <calyx/child.h>
#include "string.h"
#include "printf.h"

/* Calls the test with cap (CX_CAP_NULL for none) and waits for its answer. */
static int report(uint64_t channel, cx_cap_t call, uint64_t depth, cx_cap_t cap)
{
    char reply[8];
    struct cx_ipc_call_result r;
    return CX_IS_ERR(cx_ipc_call(channel, &depth, sizeof depth, reply, sizeof reply, CX_TIMEOUT_INFINITE, cap,
                                 call, &r)) ? 1 : 0;
}

static int end_as(const char *end, cx_pid_t child)
{
    if (strcmp(end, "exit") == 0)
        return 0;
    if (strcmp(end, "fault") == 0) {
        volatile int *volatile target = (volatile int *)0x10; /* hidden from the optimizer */
        *target = 1;
        return 3; /* never reached */
    }
    struct cx_exit_info info;
    cx_process_wait(child, CX_TIMEOUT_INFINITE, &info); /* ends only when we are killed */
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 5 || cx_start_ncaps < 3)
        return 1;
    cx_cap_t authority = cx_start_caps[0], call = cx_start_caps[1], image = cx_start_caps[2];
    uint64_t channel = cx_arg_u64(argv[1]), depth = cx_arg_u64(argv[2]), size = cx_arg_u64(argv[4]);
    if (depth == 0) {
        if (report(channel, call, depth, CX_CAP_NULL))
            return 1;
        for (;;)
            __asm__ volatile("" ::: "memory"); /* spinning: nothing but a kill stops it */
    }
    uint64_t err;
    const void *elf = cx_map(NULL, (size + 4095) & ~4095ull, CX_PROT_READ, CX_MAP_SHARED, image, 0, &err);
    if (!elf)
        return 1;
    char next_depth[24];
    ksnprintf(next_depth, sizeof next_depth, "%lu", (unsigned long)(depth - 1));
    const char *next_argv[] = { "child_chain", argv[1], next_depth, "wait", argv[4] };
    uint64_t pid = cx_process_create(authority, elf, size, next_argv, 5, cx_start_caps, 3);
    if (CX_IS_ERR(pid) || CX_IS_ERR(cx_process_start(pid)))
        return 1;
    uint64_t proc = cx_process_capability(pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(proc) || report(channel, call, depth, proc))
        return 1;
    return end_as(argv[3], pid);
}
