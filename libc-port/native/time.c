/* Monotonic time in one number, for timing and timeouts. */
#include <calyx/native.h>

uint64_t cx_monotonic_ns(void)
{
    struct cx_timespec t = { 0, 0 };
    cx_clock_get(CX_CLOCK_MONOTONIC, &t);
    return t.sec * 1000000000ull + t.nsec;
}
