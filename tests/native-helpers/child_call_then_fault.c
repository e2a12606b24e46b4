/* Test helper: calls over the channel named by argv[1] with its capability 0
   (a request of argv[2] bytes, default 4: "ping", then 'x's) and, while that
   call waits for a reply, a second thread faults, so the process is killed
   with a call outstanding. Exits 1 if the setup fails. */
#include <calyx/native.h>

static uint64_t stack[1024];
static char request[CX_IPC_MSG_MAX] = "ping";

static uint64_t number(const char *c)
{
    uint64_t v = 0;
    for (; *c >= '0' && *c <= '9'; c++)
        v = v * 10 + (uint64_t)(*c - '0');
    return v;
}

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
    uint64_t channel = number(argv[1]), len = argc > 2 ? number(argv[2]) : 4;
    if (len > sizeof request)
        return 1;
    for (uint64_t i = 4; i < len; i++)
        request[i] = 'x';
    if (CX_IS_ERR(cx_thread_create((cx_uaddr_t)(uintptr_t)faulter, stack, sizeof stack, 0x10)))
        return 1;
    char reply[16];
    struct cx_ipc_call_result r;
    cx_ipc_call(channel, request, len, reply, sizeof reply, CX_TIMEOUT_INFINITE, CX_CAP_NULL,
                cx_start_caps[0], &r);
    return 3; /* never reached: the process dies while waiting */
}
