/* Test helper: calls over the channel named by argv[1] with its capability 0
   and, while that call waits for a reply, a second thread faults, so the
   process is killed with a call outstanding. Exits 1 if the setup fails. */
#include <calyx/native.h>

static uint64_t stack[1024];

static void faulter(uint64_t address)
{
    struct cx_timespec d = { 0, 20 * 1000000 }; /* let the call reach the server first */
    cx_nanosleep(&d);
    *(volatile int *)(uintptr_t)address = 1;
    cx_thread_exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2 || cx_start_ncaps < 1)
        return 1;
    uint64_t channel = 0;
    for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
        channel = channel * 10 + (uint64_t)(*c - '0');
    if (CX_IS_ERR(cx_thread_create((cx_uaddr_t)(uintptr_t)faulter, stack, sizeof stack, 0x10)))
        return 1;
    char reply[16];
    struct cx_ipc_call_result r;
    cx_ipc_call(channel, "ping", 4, reply, sizeof reply, CX_TIMEOUT_INFINITE, CX_CAP_NULL,
                cx_start_caps[0], &r);
    return 3; /* never reached: the process dies while waiting */
}
