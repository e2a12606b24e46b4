/* thread_set_priority: a thread raised above the running one runs at once
   (it had been waiting behind its creator); the caller's own thread needs
   no capability; the root task's maximum controlled priority is the top,
   every process it creates
   may raise nothing above the default (PermissionDenied even for its own
   thread, allowed at the default); a capability without WRITE is
   PermissionDenied, a non-process InvalidCapability, an unknown thread
   NotFound, a priority of CX_SCHED_PRIORITIES or a slice above 10 s
   InvalidParameter. */
#include "tap.h"
#include "helpers.h"

HELPER(child_priority);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define DEF CX_SCHED_DEFAULT_PRIORITY
#define STACK_WORDS 2048
#define ENTRY(fn) ((cx_uaddr_t)(uintptr_t)(fn))

static uint64_t stack[STACK_WORDS] __attribute__((aligned(16)));
static volatile int ran;

static void marker(uint64_t arg)
{
    (void)arg;
    ran = 1;
    cx_thread_exit(0);
}

static int child_says(const char *prio)
{
    const char *argv[] = { "child_priority", prio };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_priority), HELPER_SIZE(child_priority),
                                     argv, prio ? 2 : 1, 0, 0);
    struct cx_exit_info info;
    if (CX_IS_ERR(pid) || cx_process_start(pid) || cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info))
        return -1;
    return info.how == CX_EXIT_NORMAL ? (int)info.code : -1;
}

int main(void)
{
    tap_plan(9);
    /* A new thread of equal priority waits behind its creator, which does
       not block; raised above it, it runs before thread_set_priority returns. */
    uint64_t tid = cx_thread_create(ENTRY(marker), stack, sizeof stack, 0);
    int before = ran;
    uint64_t r = cx_thread_set_priority(CX_CAP_NULL, tid, DEF + 2, CX_SCHED_SLICE_NS);
    CHECK("a thread raised above the caller runs at once", !CX_IS_ERR(tid) && before == 0 && r == 0 && ran == 1);
    cx_thread_join(tid, CX_TIMEOUT_INFINITE);

    CHECK("the root task may give itself the top priority and go back",
          cx_thread_set_priority(CX_CAP_NULL, 0, CX_SCHED_PRIORITIES - 1, 0) == 0 &&
          cx_thread_set_priority(CX_CAP_NULL, 0, DEF, CX_SCHED_SLICE_NS) == 0);
    CHECK("priority CX_SCHED_PRIORITIES: InvalidParameter",
          cx_thread_set_priority(CX_CAP_NULL, 0, CX_SCHED_PRIORITIES, 0) == ERR(INVALID_PARAMETER));
    CHECK("a slice above 10 s: InvalidParameter",
          cx_thread_set_priority(CX_CAP_NULL, 0, DEF, 10000000001ull) == ERR(INVALID_PARAMETER));
    CHECK("an unknown thread: NotFound", cx_thread_set_priority(CX_CAP_NULL, 0x7fffffff, DEF, 0) == ERR(NOT_FOUND));
    CHECK("a created process may not raise its own thread above the default", child_says(NULL) == 0);
    CHECK("but may set it at the default", child_says("16") == 1);

    const char *argv[] = { "child_priority" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_priority), HELPER_SIZE(child_priority), argv, 1, 0, 0);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    uint64_t ro = cx_capability_derive(cap, CX_RIGHT_READ);
    CHECK("without CX_RIGHT_WRITE: PermissionDenied",
          cx_thread_set_priority(ro, 1, DEF, 0) == ERR(PERMISSION_DENIED));
    CHECK("not a process: InvalidCapability",
          cx_thread_set_priority(cx_start_caps[CX_START_CAP_CONSOLE], 1, DEF, 0) == ERR(INVALID_CAPABILITY));
    struct cx_exit_info info;
    cx_process_start(pid);
    cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info);
    return tap_done();
}
