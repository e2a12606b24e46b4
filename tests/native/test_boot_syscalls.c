/* boot-modules: tests/native/data/boot-module.txt */
/* The root task's initial capabilities (console, memory pool, error console,
   a boot module as a memory object), the native syscalls the boot foundation
   provides (console write/read, capability validation, clocks, sleep, yield),
   their error results, and the dispatcher's handling of numbers outside the
   native table. tools/run-tests.py boots it with the module named above. */
#include "tap.h"
#include <calyx/start.h>
#include <calyx/syscall_arch.h>

#define ERR(code) CX_MKERR(code)

/* The content of tests/native/data/boot-module.txt. */
static const char module_text[] =
    "Calyx boot module 1: the root task reads this through a memory object capability.\n";
#define MODULE_SIZE (sizeof module_text - 1)

static int same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static int all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void initial_capabilities(void)
{
    cx_cap_t err = cx_start_caps[CX_START_CAP_ERROR], mod = cx_start_caps[CX_START_CAP_MODULES];
    CHECK("root task starts with console, pool, error console and one module capability",
          cx_start_ncaps == CX_START_CAP_MODULES + 1);
    CHECK("error console: write returns the byte count",
          cx_write(err, "# error console\n", 16, 0) == 16);
    CHECK("error console: write-only (reading is PermissionDenied)",
          cx_capability_validate(err, CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE) == 0 &&
          cx_read(err, (char[4]){ 0 }, 4, 0) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("error console: bad buffer is InvalidAddress, offset is InvalidParameter",
          cx_write(err, (void *)0x1000, 5, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_write(err, "x", 1, 8) == ERR(CX_ERR_INVALID_PARAMETER));

    static char buf[8192];
    CHECK("module: read-only memory object (READ, GRANT, DERIVE; no WRITE, no EXEC)",
          cx_capability_validate(mod, CX_RIGHT_READ | CX_RIGHT_GRANT | CX_RIGHT_DERIVE) == 0 &&
          cx_capability_validate(mod, CX_RIGHT_WRITE) == ERR(CX_ERR_PERMISSION_DENIED) &&
          cx_capability_validate(mod, CX_RIGHT_EXEC) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("module: read returns exactly the module's bytes (size is the module's size)",
          cx_read(mod, buf, sizeof buf, 0) == MODULE_SIZE && same(buf, module_text, MODULE_SIZE));
    CHECK("module: read at an offset, at the end (0 bytes), past the end (InvalidParameter)",
          cx_read(mod, buf, 6, 12) == 6 && same(buf, module_text + 12, 6) &&
          cx_read(mod, buf, 16, MODULE_SIZE) == 0 &&
          cx_read(mod, buf, 16, MODULE_SIZE + 1) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("module: write is PermissionDenied", cx_write(mod, "x", 1, 0) == ERR(CX_ERR_PERMISSION_DENIED));
    uint64_t e;
    const char *m = cx_map(0, 4096, CX_PROT_READ, CX_MAP_SHARED, mod, 0, &e);
    CHECK("module: maps read-only, the data then zeroes to the page's end",
          m && same(m, module_text, MODULE_SIZE) && all_zero(m + MODULE_SIZE, 4096 - MODULE_SIZE) &&
          cx_munmap((void *)m, 4096) == 0);
    CHECK("module: a writable shared mapping is PermissionDenied",
          cx_map(0, 4096, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_SHARED, mod, 0, &e) == NULL &&
          e == ERR(CX_ERR_PERMISSION_DENIED));
}

int main(void)
{
    cx_cap_t con = cx_start_caps[0];
    tap_plan(29);

    initial_capabilities();
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
          cx_syscall0(CX_NATIVE_BIT | 16) == ERR(CX_ERR_INVALID_SYSCALL));
    CHECK("dispatch: Linux number without a personality is InvalidSyscall",
          cx_syscall0(39 /* Linux getpid */) == ERR(CX_ERR_INVALID_SYSCALL));

    struct cx_memory_info before = { 0 }, after = { 0 };
    CHECK("memory_info: some pages, fewer free than total",
          cx_memory_info(&before) == 0 && before.total_pages > 0 && before.free_pages < before.total_pages);
    uint64_t m = cx_mmap(0, 16 * CX_PAGE_SIZE, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS | CX_MAP_POPULATE,
                         CX_CAP_NULL, 0);
    CHECK("memory_info: 16 populated pages are no longer free",
          !CX_IS_ERR(m) && cx_memory_info(&after) == 0 && after.total_pages == before.total_pages &&
          after.free_pages + 16 <= before.free_pages);
    if (!CX_IS_ERR(m))
        cx_munmap((void *)m, 16 * CX_PAGE_SIZE);

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
