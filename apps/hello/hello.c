/* The first program Calyx runs: greet through the console capability the
   kernel granted, using nothing but native syscalls. */
#include <calyx/native.h>

int main(int argc, char **argv)
{
    cx_printf("Hello from Calyx user space! I am %s, running with %d argument(s) "
              "and %lu capability(ies).\n", argv[0], argc - 1, (unsigned long)cx_start_ncaps);
    struct cx_timespec now;
    if (!CX_IS_ERR(cx_clock_get(CX_CLOCK_MONOTONIC, &now)))
        cx_printf("Uptime: %lu.%03lu s\n", (unsigned long)now.sec, (unsigned long)(now.nsec / 1000000));
    return 0;
}
