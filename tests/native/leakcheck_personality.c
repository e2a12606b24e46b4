/* A personality process that dies while its forwarded call is pending must
 * leave nothing behind: killed by process_kill, or by its server's endpoint
 * going away. Runs the scenario argv[1] times; the test runner boots it with
 * 1 and with 20 rounds and compares the kernel's object, heap and page counts
 * printed when the root task ends. */
#include "tap.h"
#include "helpers.h"
#include <calyx/personality.h>

HELPER(child_linux);

static unsigned number(const char *s)
{
    unsigned n = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        n = n * 10 + (unsigned)(*s - '0');
    return n;
}

/* One child stopped in a forwarded call, then ended: by process_kill when
   kill is set, else by revoking the endpoint. 1 when it all went as expected. */
static int round_trip(int kill)
{
    struct cx_ipc_endpoint_create_result ep;
    if (cx_ipc_endpoint_create(&ep))
        return 0;
    const char *argv[] = { "child_linux", "wait" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), argv, 2, NULL, 0);
    uint64_t proc = cx_process_capability(pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(pid) || CX_IS_ERR(proc) || cx_process_set_personality(proc, ep.capability) ||
        cx_process_start(pid))
        return 0;
    struct cx_pmsg m;
    struct cx_ipc_receive_result rr;
    int ok = cx_ipc_receive(ep.endpoint_id, &m, sizeof m, CX_TIMEOUT_INFINITE, ep.capability, &rr) == 0 &&
             m.kind == CX_PMSG_SYSCALL && m.nr == 1009 && rr.reply_token != CX_REPLY_NONE;
    struct cx_exit_info info;
    if (kill) {
        ok = ok && cx_process_kill(proc, 9) == 0 &&
             cx_ipc_receive(ep.endpoint_id, &m, sizeof m, CX_TIMEOUT_INFINITE, ep.capability, &rr) == 0 &&
             m.kind == CX_PMSG_EXIT && m.nr == CX_EXIT_KILLED;
        ok = ok && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.code == 9;
        cx_capability_revoke(ep.capability);
    } else {
        cx_capability_revoke(ep.capability); /* the server goes away: the exit notice with it */
        ok = ok && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0;
    }
    cx_capability_revoke(proc);
    return ok && info.how == CX_EXIT_KILLED;
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? number(argv[1]) : 1, done = 0;
    tap_plan(1);
    while (done < rounds && round_trip(1) && round_trip(0))
        done++;
    CHECK("personality process killed with its call pending: every round behaves", done == rounds);
    return tap_done();
}
