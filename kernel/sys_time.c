/* Clocks, sleeping and yielding. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "usercopy.h"
#include "arch.h"

#define NSEC_PER_SEC 1000000000ull

uint64_t sys_clock_get(cx_clockid_t clock_id, struct cx_timespec *out)
{
    uint64_t ns = arch_time_ns();
    switch (clock_id) {
    case CX_CLOCK_MONOTONIC:
        out->sec = ns / NSEC_PER_SEC;
        out->nsec = ns % NSEC_PER_SEC;
        return 0;
    case CX_CLOCK_REALTIME:
        out->sec = arch_realtime_base() + ns / NSEC_PER_SEC;
        out->nsec = ns % NSEC_PER_SEC;
        return 0;
    default:
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    }
}

uint64_t sys_nanosleep(user_addr_t duration)
{
    struct cx_timespec d;
    if (copy_from_user(current_vm(), &d, duration, sizeof d) < 0)
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    if (d.nsec >= NSEC_PER_SEC || d.sec > UINT64_MAX / NSEC_PER_SEC / 2)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    uint64_t ns = d.sec * NSEC_PER_SEC + d.nsec;
    if (ns == 0)
        return 0;
    uint64_t deadline = arch_time_ns() + ns;
    while (arch_time_ns() < deadline)
        if (sched_block(deadline) == WAKE_INTERRUPTED)
            return CX_MKERR(CX_ERR_INTERRUPTED);
    return 0;
}

uint64_t sys_yield(void)
{
    sched_yield();
    return 0;
}
