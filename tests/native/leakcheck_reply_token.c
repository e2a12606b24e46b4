/* A child killed while this server holds its reply token must leave nothing
 * behind. Runs the scenario argv[1] times; the test runner boots it with 1 and
 * with 20 rounds and compares the kernel's object, heap and page counts that
 * the kernel prints when the root task ends: any leak grows with the rounds. */
#include "tap.h"
#include "helpers.h"

HELPER(child_call_then_fault);

static void decimal(uint64_t v, char *out)
{
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *out++ = tmp[--n];
    *out = 0;
}

static int round_trip(void)
{
    struct cx_ipc_endpoint_create_result a, b;
    if (cx_ipc_endpoint_create(&a) || cx_ipc_endpoint_create(&b))
        return 0;
    uint64_t ch = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    /* Sending needs WRITE; handing it to the child needs GRANT. */
    uint64_t client_cap = cx_capability_derive(a.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    if (CX_IS_ERR(ch) || CX_IS_ERR(client_cap)) {
        cx_printf("# channel: %s, derive: %s\n", cx_strerror(ch), cx_strerror(client_cap));
        return 0;
    }
    char chs[24];
    decimal(ch, chs);
    const char *argv[] = { "child_call_then_fault", chs };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_call_then_fault), HELPER_SIZE(child_call_then_fault),
                                     argv, 2, &client_cap, 1);
    if (CX_IS_ERR(pid) || cx_process_start(pid)) {
        cx_printf("# process_create: %s\n", cx_strerror(pid));
        return 0;
    }
    char buf[16];
    struct cx_ipc_receive_result rr;
    int ok = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_INFINITE, b.capability, &rr) == 0 &&
             rr.reply_token != CX_REPLY_NONE && rr.sender == pid;
    struct cx_exit_info info;
    ok = ok && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_FAULT &&
         info.fault_addr == 0x10;
    /* The caller is gone: the token it left behind is dead. */
    ok = ok && CX_IS_ERR(cx_ipc_reply(rr.reply_token, "pong", 4, CX_CAP_NULL));
    cx_capability_revoke(client_cap);
    cx_capability_revoke(a.capability);
    cx_capability_revoke(b.capability);
    return ok;
}

int main(int argc, char **argv)
{
    unsigned rounds = 1;
    if (argc > 1) {
        rounds = 0;
        for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
            rounds = rounds * 10 + (unsigned)(*c - '0');
    }
    tap_plan(1);
    unsigned done = 0;
    while (done < rounds && round_trip())
        done++;
    CHECK("killed caller with its reply token held: every round behaves", done == rounds);
    return tap_done();
}
