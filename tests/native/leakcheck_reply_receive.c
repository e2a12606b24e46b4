/* ipc_reply_receive must leave nothing behind: per round, a call answered
 * while a queued message (on the heap) is taken, a reply dropped because its
 * caller's process was killed, and a server waiting in ipc_reply_receive
 * when its endpoint goes. Runs the scenario argv[1] times; the test runner
 * boots it with 1 and with 20 rounds and compares the kernel's object, heap
 * and page counts printed when the root task ends. */
#include "tap.h"
#include "helpers.h"

HELPER(child_call_then_fault);

#define MS 1000000ull

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

static char stack[16384] __attribute__((aligned(16)));
static uint64_t channel, status;
static cx_cap_t end_cap;
static volatile int ready;

static void client(uint64_t arg)
{
    (void)arg;
    char resp[8];
    struct cx_ipc_call_result res;
    status = cx_ipc_call(channel, "ping", 4, resp, sizeof resp, CX_TIMEOUT_INFINITE, CX_CAP_NULL, end_cap, &res);
    cx_thread_exit(0);
}

static void waiter(uint64_t ep_cap)
{
    char buf[16];
    struct cx_ipc_receive_result in;
    ready = 1;
    status = cx_ipc_reply_receive(CX_REPLY_NONE, 0, 0, CX_CAP_NULL, ep_cap, buf, sizeof buf, CX_TIMEOUT_INFINITE, &in);
    cx_thread_exit(0);
}

static int round_trip(void)
{
    struct cx_ipc_endpoint_create_result a, b;
    if (cx_ipc_endpoint_create(&a) || cx_ipc_endpoint_create(&b))
        return 0;
    channel = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    uint64_t client_cap = cx_capability_derive(a.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    if (CX_IS_ERR(channel) || CX_IS_ERR(client_cap))
        return 0;
    end_cap = a.capability;
    char buf[16];
    struct cx_ipc_receive_result in, next;

    /* A call answered while a queued message is taken. */
    status = ~0ull;
    uint64_t tid = cx_thread_create((cx_uaddr_t)client, stack, sizeof stack, 0);
    int ok = !CX_IS_ERR(tid) &&
             cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 2000 * MS, b.capability, &in) == 0 &&
             cx_ipc_send(channel, "queued", 6, CX_CAP_NULL, a.capability) == 0 &&
             cx_ipc_reply_receive(in.reply_token, "pong", 4, CX_CAP_NULL, b.capability, buf, sizeof buf,
                                  CX_TIMEOUT_POLL, &next) == 0 &&
             next.message_len == 6 && cx_thread_join(tid, 2000 * MS) == 0 && status == 0;

    /* A caller killed mid-call: its reply is dropped. */
    char chs[24];
    decimal(channel, chs);
    const char *argv[] = { "child_call_then_fault", chs };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_call_then_fault), HELPER_SIZE(child_call_then_fault),
                                     argv, 2, &client_cap, 1);
    struct cx_exit_info info;
    ok = ok && !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
         cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_INFINITE, b.capability, &in) == 0 &&
         cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_FAULT &&
         cx_ipc_reply_receive(in.reply_token, "pong", 4, CX_CAP_NULL, b.capability, buf, sizeof buf,
                              CX_TIMEOUT_POLL, &next) == CX_MKERR(CX_ERR_TIMEOUT);
    cx_capability_revoke(client_cap);
    cx_capability_revoke(a.capability);

    /* A server waiting in ipc_reply_receive when its endpoint goes. */
    ready = 0;
    status = ~0ull;
    tid = cx_thread_create((cx_uaddr_t)waiter, stack, sizeof stack, b.capability);
    while (!CX_IS_ERR(tid) && !ready)
        cx_yield();
    cx_yield(); /* into its wait */
    cx_capability_revoke(b.capability);
    ok = ok && !CX_IS_ERR(tid) && cx_thread_join(tid, 2000 * MS) == 0 && status == CX_MKERR(CX_ERR_INTERRUPTED);
    if (!ok)
        cx_printf("# round failed: status %s\n", cx_strerror(status));
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
    CHECK("ipc_reply_receive: answered, dropped and interrupted: every round behaves", done == rounds);
    return tap_done();
}
