/* The native syscalls the boot foundation provides (console write/read,
   capability validation, clocks, sleep, yield), their error results, and the
   dispatcher's handling of numbers outside the native table. */
#include "tap.h"
#include <calyx/syscall_arch.h>

#define ERR(code) CX_MKERR(code)

int main(void)
{
    cx_cap_t con = cx_start_caps[0];
    tap_plan(20);

    CHECK("root task starts with the console and the memory pool", cx_start_ncaps == 2);
    CHECK("write: console returns the byte count", cx_write(con, "# hi\n", 5, 0) == 5);
    CHECK("write: zero bytes is fine", cx_write(con, "", 0, 0) == 0);
    CHECK("write: unmapped buffer is InvalidAddress",
          cx_write(con, (void *)0x1000, 5, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("write: kernel address is InvalidAddress",
          cx_write(con, (void *)0xFFFF800000100000ull, 5, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("write: wrapping range is InvalidAddress",
          cx_write(con, (void *)0x7FFFFFFFF000ull, ~0ull, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("write: unknown token is InvalidCapability",
          cx_write(12345, "x", 1, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("write: stale generation is InvalidCapability",
          cx_write(con + (1ull << 32), "x", 1, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("write: offset on a stream is InvalidParameter",
          cx_write(con, "x", 1, 8) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("read: unmapped buffer is InvalidAddress before waiting for input",
          cx_read(con, (void *)0x1000, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_read(con, (void *)0x1000, 0, 0) == 0);

    CHECK("capability_validate: rights held", cx_capability_validate(con, CX_RIGHT_READ | CX_RIGHT_WRITE) == 0);
    CHECK("capability_validate: missing right is PermissionDenied",
          cx_capability_validate(con, CX_RIGHT_EXEC) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("capability_validate: unknown rights bits are InvalidParameter",
          cx_capability_validate(con, 0x100) == ERR(CX_ERR_INVALID_PARAMETER));

    CHECK("dispatch: hole in the native table is InvalidSyscall",
          cx_syscall0(CX_NATIVE_BIT | 7) == ERR(CX_ERR_INVALID_SYSCALL));
    CHECK("dispatch: Linux number without a personality is InvalidSyscall",
          cx_syscall0(39 /* Linux getpid */) == ERR(CX_ERR_INVALID_SYSCALL));

    struct cx_timespec a, b;
    CHECK("clock_get: monotonic never goes back",
          cx_clock_get(CX_CLOCK_MONOTONIC, &a) == 0 && cx_clock_get(CX_CLOCK_MONOTONIC, &b) == 0 &&
          (b.sec > a.sec || (b.sec == a.sec && b.nsec >= a.nsec)) && a.nsec < 1000000000ull);
    CHECK("clock_get: realtime is after 2020",
          cx_clock_get(CX_CLOCK_REALTIME, &a) == 0 && a.sec > 1577836800ull);
    CHECK("clock_get: unknown clock is InvalidParameter",
          cx_clock_get(7, &a) == ERR(CX_ERR_INVALID_PARAMETER));

    struct cx_timespec d = { 0, 30 * 1000000 };
    uint64_t t0 = cx_monotonic_ns();
    uint64_t r = cx_nanosleep(&d);
    uint64_t slept = cx_monotonic_ns() - t0;
    CHECK("nanosleep: sleeps at least the duration", r == 0 && slept >= 30 * 1000000ull);
    struct cx_timespec bad = { 0, 1000000000ull };
    CHECK("nanosleep: bad pointer and bad nsec are refused",
          cx_nanosleep((void *)0x1000) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_nanosleep(&bad) == ERR(CX_ERR_INVALID_PARAMETER) && cx_yield() == 0);
    return tap_done();
}
