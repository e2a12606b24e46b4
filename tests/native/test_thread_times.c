/* thread_times: a process's CPU time, named by its capability. A helper that
   spins in user mode while this test waits gets user time, far more than
   system time; its times and peak page count stay readable, unchanged,
   once it has ended; a
   capability without READ is PermissionDenied, a non-process
   InvalidCapability, a thread id it does not have NotFound; a process that
   never ran has used nothing. */
#include "tap.h"
#include "helpers.h"

HELPER(child_spin);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define MS 1000000ull

int main(void)
{
    tap_plan(8);
    const char *argv[] = { "child_spin", "300" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_spin), HELPER_SIZE(child_spin), argv, 2, 0, 0);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    uint64_t ro = cx_capability_derive(cap, CX_RIGHT_READ);
    uint64_t wo = cx_capability_derive(cap, CX_RIGHT_WRITE);
    CHECK("setup: a process and capabilities for it (all, READ only, WRITE only)",
          !CX_IS_ERR(pid) && !CX_IS_ERR(cap) && !CX_IS_ERR(ro) && !CX_IS_ERR(wo));

    struct cx_cpu_times t = { 1, 1, 1, 1 };
    CHECK("a process that never ran has used no CPU time; the pages its loading touched are resident, and its peak",
          cx_thread_times(ro, 0, &t) == 0 && t.user_ns == 0 && t.system_ns == 0 && t.resident_pages > 0 &&
          t.peak_pages >= t.resident_pages);
    CHECK("without CX_RIGHT_READ: PermissionDenied", cx_thread_times(wo, 0, &t) == ERR(PERMISSION_DENIED));
    CHECK("not a process: InvalidCapability",
          cx_thread_times(cx_start_caps[CX_START_CAP_CONSOLE], 0, &t) == ERR(INVALID_CAPABILITY));
    CHECK("a thread it does not have: NotFound", cx_thread_times(ro, 0x7fffffff, &t) == ERR(NOT_FOUND));

    struct cx_exit_info info;
    int ran = cx_process_start(pid) == 0 && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 &&
              info.how == CX_EXIT_NORMAL;
    struct cx_cpu_times after = { 0, 0, 0, 0 };
    CHECK("300 ms of spinning, with nothing else to run, is mostly user time",
          ran && cx_thread_times(ro, 0, &after) == 0 && after.user_ns >= 100 * MS &&
          after.user_ns > 4 * after.system_ns);
    struct cx_cpu_times later = { 0, 0, 0, 0 };
    cx_yield();
    CHECK("an ended process's times stay, unchanged",
          cx_thread_times(cap, 0, &later) == 0 && later.user_ns == after.user_ns &&
          later.system_ns == after.system_ns && later.peak_pages == after.peak_pages && later.peak_pages > 0);
    CHECK("thread ids of an ended process: NotFound", cx_thread_times(cap, 1, &t) == ERR(NOT_FOUND));
    return tap_done();
}
