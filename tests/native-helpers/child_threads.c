/* Test helper: the main thread starts a worker and ends with thread_exit(5);
   the worker, now the last thread, ends with thread_exit(9). The process must
   end as if by exit(9). Exits with 1 if the worker cannot be created. */
#include <calyx/native.h>

static uint64_t stack[1024];

static void worker(uint64_t arg)
{
    struct cx_timespec d = { 0, 20 * 1000000 }; /* let the main thread leave first */
    cx_nanosleep(&d);
    cx_thread_exit((int32_t)arg);
}

int main(void)
{
    if (CX_IS_ERR(cx_thread_create((cx_uaddr_t)(uintptr_t)worker, stack, sizeof stack, 9)))
        return 1;
    cx_thread_exit(5);
}
