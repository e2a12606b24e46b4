/* ipc_reply_receive: a server loop on it serves many calls in order (with
   messages sent by ipc_send and a capability in between); a reply to a caller
   that is gone (timed out, or its process killed) is dropped and the next
   message arrives; every reply-half error leaves the token valid and receives
   nothing; receive-half errors come after the reply went out, as ipc_receive's. */
#include "tap.h"
#include "helpers.h"

HELPER(child_call_then_fault);

#define ERR(code) CX_MKERR(code)
#define MS 1000000ull
#define ROUNDS 100

static struct cx_ipc_endpoint_create_result a, b;
static uint64_t channel;
static cx_cap_t con;

static int same(const void *x, const void *y, size_t n)
{
    const unsigned char *p = x, *q = y;
    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i])
            return 0;
    return 1;
}

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

static uint64_t send(const char *text, size_t len)
{
    return cx_ipc_send(channel, text, len, CX_CAP_NULL, a.capability);
}

/* Is the token still there to answer with? */
static int token_valid(cx_reply_t token) { return cx_capability_validate(token, CX_RIGHT_WRITE) == 0; }

/* --- a server looping on ipc_reply_receive ------------------------------------- */

static char srv_stack[16384] __attribute__((aligned(16)));
static uint32_t srv_seen[ROUNDS + 8];  /* call numbers in the order they arrived */
static unsigned srv_calls, srv_sends;
static uint64_t srv_end;                /* the status that ended the loop */

/* Requests are a 4-byte call number: the reply is the number plus 1000. A
   request "cap!" is answered with a console capability. A message sent with
   ipc_send has no token: the next turn only receives. "quit" (sent) ends it. */
static void server(uint64_t arg)
{
    (void)arg;
    static char msg[CX_IPC_MSG_MAX];
    struct cx_ipc_receive_result in = { .reply_token = CX_REPLY_NONE };
    size_t len = 0;
    cx_cap_t give = CX_CAP_NULL;
    for (;;) {
        srv_end = cx_ipc_reply_receive(in.reply_token, msg, len, give, b.capability, msg, sizeof msg,
                                       CX_TIMEOUT_INFINITE, &in);
        if (CX_IS_ERR(srv_end))
            cx_thread_exit(1);
        give = CX_CAP_NULL;
        len = 0;
        if (in.reply_token == CX_REPLY_NONE) {
            srv_sends++;
            if (in.message_len == 4 && same(msg, "quit", 4))
                cx_thread_exit(0);
            continue;
        }
        if (in.message_len == 4 && same(msg, "cap!", 4)) {
            give = con;
            len = 4;
            continue;
        }
        uint32_t n;
        __builtin_memcpy(&n, msg, sizeof n);
        if (srv_calls < sizeof srv_seen / sizeof srv_seen[0])
            srv_seen[srv_calls] = n;
        srv_calls++;
        n += 1000;
        __builtin_memcpy(msg, &n, sizeof n);
        len = sizeof n;
    }
}

static void test_server_loop(void)
{
    uint64_t tid = cx_thread_create((cx_uaddr_t)server, srv_stack, sizeof srv_stack, 0);
    int answers_ok = !CX_IS_ERR(tid), sends_ok = 1;
    for (uint32_t i = 0; i < ROUNDS && answers_ok; i++) {
        if (i % 10 == 5) /* now and then a message without a token in between */
            sends_ok &= send("note", 4) == 0;
        uint32_t got = 0;
        struct cx_ipc_call_result res = { 0 };
        answers_ok = cx_ipc_call(channel, &i, sizeof i, &got, sizeof got, 2000 * MS, CX_CAP_NULL,
                                 a.capability, &res) == 0 &&
                     res.response_len == sizeof got && got == i + 1000 && res.capability == CX_CAP_NULL;
    }
    CHECK("reply_receive: a server loop answers every call", answers_ok);
    int order = srv_calls == ROUNDS;
    for (uint32_t i = 0; order && i < ROUNDS; i++)
        order = srv_seen[i] == i;
    CHECK("reply_receive: calls arrive once each, in order", order);
    CHECK("reply_receive: sent messages come through the loop too (no reply owed)",
          sends_ok && srv_sends == ROUNDS / 10);

    char back[8];
    struct cx_ipc_call_result res = { 0 };
    uint64_t r = cx_ipc_call(channel, "cap!", 4, back, sizeof back, 2000 * MS, CX_CAP_NULL, a.capability, &res);
    CHECK("reply_receive: the reply carries a capability",
          r == 0 && res.capability != CX_CAP_NULL && cx_capability_validate(res.capability, CX_RIGHT_WRITE) == 0);
    if (res.capability != CX_CAP_NULL)
        cx_capability_revoke(res.capability);

    send("quit", 4);
    CHECK("reply_receive: the loop ends cleanly", cx_thread_join(tid, 2000 * MS) == 0 && srv_end == 0);
}

/* --- callers that are gone -------------------------------------------------- */

static char cl_stack[16384] __attribute__((aligned(16)));
static uint64_t cl_status;
static char cl_resp[16];
static size_t cl_resp_len;
static struct cx_ipc_call_result cl_res;

/* A client calling with "ping"; arg is its timeout. */
static void client(uint64_t timeout)
{
    cl_status = cx_ipc_call(channel, "ping", 4, cl_resp, cl_resp_len, timeout, CX_CAP_NULL, a.capability, &cl_res);
    cx_thread_exit(0);
}

static uint64_t start_client(uint64_t timeout, size_t resp_len)
{
    cl_status = ~0ull;
    cl_resp_len = resp_len;
    for (size_t i = 0; i < sizeof cl_resp; i++)
        cl_resp[i] = 0;
    cl_res = (struct cx_ipc_call_result){ 0 };
    return cx_thread_create((cx_uaddr_t)client, cl_stack, sizeof cl_stack, timeout);
}

/* Receive the client's call (it is queued or on its way). */
static int take_call(struct cx_ipc_receive_result *in)
{
    char buf[16];
    return cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 2000 * MS, b.capability, in) == 0 &&
           in->reply_token != CX_REPLY_NONE && in->message_len == 4 && same(buf, "ping", 4);
}

static void test_caller_gone(void)
{
    struct cx_ipc_receive_result in, next = { 0 };
    char buf[16];

    /* A caller that timed out: the thread has left ipc_call with Timeout. */
    uint64_t tid = start_client(50 * MS, sizeof cl_resp);
    int ok = !CX_IS_ERR(tid) && take_call(&in);
    ok = ok && cx_thread_join(tid, 2000 * MS) == 0 && cl_status == ERR(CX_ERR_TIMEOUT);
    send("next", 4);
    uint64_t r = cx_ipc_reply_receive(in.reply_token, "late", 4, CX_CAP_NULL, b.capability, buf, sizeof buf,
                                      CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a caller that timed out: the reply is dropped, the next message arrives",
          ok && r == 0 && next.message_len == 4 && same(buf, "next", 4) && next.reply_token == CX_REPLY_NONE);
    CHECK("reply_receive: ... and the dead token stays dead", ok && !token_valid(in.reply_token) &&
          cx_ipc_reply(in.reply_token, "x", 1, CX_CAP_NULL) == ERR(CX_ERR_NOT_FOUND));

    /* A caller whose process was killed while it waited for the reply. */
    uint64_t client_cap = cx_capability_derive(a.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    char chs[24];
    decimal(channel, chs);
    const char *argv[] = { "child_call_then_fault", chs };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_call_then_fault), HELPER_SIZE(child_call_then_fault),
                                     argv, 2, &client_cap, 1);
    ok = !CX_IS_ERR(client_cap) && !CX_IS_ERR(pid) && cx_process_start(pid) == 0;
    ok = ok && cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 2000 * MS, b.capability, &in) == 0 &&
         in.sender == pid && in.reply_token != CX_REPLY_NONE;
    struct cx_exit_info info;
    ok = ok && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_FAULT;
    send("more", 4);
    r = cx_ipc_reply_receive(in.reply_token, "pong", 4, CX_CAP_NULL, b.capability, buf, sizeof buf,
                             CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a caller killed mid-call: the reply is dropped, the next message arrives",
          ok && r == 0 && next.message_len == 4 && same(buf, "more", 4));
    /* Nothing queued after a dropped reply: the receive half reports as ipc_receive does. */
    r = cx_ipc_reply_receive(in.reply_token, "pong", 4, CX_CAP_NULL, b.capability, buf, sizeof buf,
                             CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a used-up token with nothing queued is just Timeout", r == ERR(CX_ERR_TIMEOUT));
    if (!CX_IS_ERR(client_cap))
        cx_capability_revoke(client_cap);
}

/* --- errors ------------------------------------------------------------------- */

static char big[CX_IPC_MSG_MAX + 1];

static void test_reply_errors(void)
{
    struct cx_ipc_receive_result in, next = { 0 };
    char buf[16];
    cx_cap_t no_grant = cx_capability_derive(con, CX_RIGHT_READ | CX_RIGHT_WRITE);
    cx_cap_t no_read = cx_capability_derive(b.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    uint64_t tid = start_client(CX_TIMEOUT_INFINITE, 8); /* room for an 8-byte reply */
    int ok = !CX_IS_ERR(tid) && take_call(&in) && !CX_IS_ERR(no_grant) && !CX_IS_ERR(no_read);
    /* A message waits: none of the failing calls below may take it. */
    ok = ok && send("wait", 4) == 0;
    cx_reply_t t = in.reply_token;
    cx_cap_t ep = b.capability;

    uint64_t r = cx_ipc_reply_receive(t, big, CX_IPC_MSG_MAX + 1, CX_CAP_NULL, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a reply over CX_IPC_MSG_MAX is InvalidParameter, the token stays",
          ok && r == ERR(CX_ERR_INVALID_PARAMETER) && token_valid(t));
    r = cx_ipc_reply_receive(t, big, 9, CX_CAP_NULL, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a reply over the caller's buffer is BufferTooSmall, the token stays",
          ok && r == ERR(CX_ERR_BUFFER_TOO_SMALL) && token_valid(t));
    r = cx_ipc_reply_receive(t, (const void *)0x10, 4, CX_CAP_NULL, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: an unreadable reply is InvalidAddress, the token stays",
          ok && r == ERR(CX_ERR_INVALID_ADDRESS) && token_valid(t));
    r = cx_ipc_reply_receive(t, "ok", 2, 12345, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: an unknown reply capability is InvalidCapability, the token stays",
          ok && r == ERR(CX_ERR_INVALID_CAPABILITY) && token_valid(t));
    r = cx_ipc_reply_receive(t, "ok", 2, no_grant, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a reply capability without GRANT is PermissionDenied, the token stays",
          ok && r == ERR(CX_ERR_PERMISSION_DENIED) && token_valid(t));
    r = cx_ipc_reply_receive(t, "ok", 2, CX_CAP_NULL, no_read, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: an endpoint capability without READ is PermissionDenied, nothing replied",
          ok && r == ERR(CX_ERR_PERMISSION_DENIED) && token_valid(t));
    r = cx_ipc_reply_receive(t, "ok", 2, CX_CAP_NULL, con, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    uint64_t r2 = cx_ipc_reply_receive(t, "ok", 2, CX_CAP_NULL, 12345, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: a non-endpoint or unknown endpoint capability is InvalidCapability, nothing replied",
          ok && r == ERR(CX_ERR_INVALID_CAPABILITY) && r2 == ERR(CX_ERR_INVALID_CAPABILITY) && token_valid(t));
    r = cx_ipc_reply_receive(t, "ok", 2, CX_CAP_NULL, ep, (void *)0x10, 16, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: an unwritable receive buffer is InvalidAddress, nothing replied",
          ok && r == ERR(CX_ERR_INVALID_ADDRESS) && token_valid(t));
    CHECK("reply_receive: after all that the caller still waits",
          cl_status == ~0ull && cx_thread_join(tid, CX_TIMEOUT_POLL) != 0);

    /* Now properly: the caller gets its reply, the waiting message is taken. */
    r = cx_ipc_reply_receive(t, "answer!!", 8, CX_CAP_NULL, ep, buf, sizeof buf, CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: then a good reply goes out and the waiting message comes in",
          ok && r == 0 && next.message_len == 4 && same(buf, "wait", 4) && !token_valid(t));
    CHECK("reply_receive: the caller woke with that reply",
          cx_thread_join(tid, 2000 * MS) == 0 && cl_status == 0 && cl_res.response_len == 8 &&
          same(cl_resp, "answer!!", 8));
    cx_capability_revoke(no_grant);
    cx_capability_revoke(no_read);
}

static void test_receive_errors(void)
{
    struct cx_ipc_receive_result in, next = { 0 };
    char buf[16];

    /* Nothing to receive: the reply is out, then Timeout. */
    uint64_t tid = start_client(CX_TIMEOUT_INFINITE, sizeof cl_resp);
    int ok = !CX_IS_ERR(tid) && take_call(&in);
    uint64_t r = cx_ipc_reply_receive(in.reply_token, "one", 3, CX_CAP_NULL, b.capability, buf, sizeof buf,
                                      CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: empty queue with CX_TIMEOUT_POLL: the reply went out, then Timeout",
          ok && r == ERR(CX_ERR_TIMEOUT) && !token_valid(in.reply_token) &&
          cx_thread_join(tid, 2000 * MS) == 0 && cl_status == 0 && same(cl_resp, "one", 3));

    tid = start_client(CX_TIMEOUT_INFINITE, sizeof cl_resp);
    ok = !CX_IS_ERR(tid) && take_call(&in);
    r = cx_ipc_reply_receive(in.reply_token, "two", 3, CX_CAP_NULL, b.capability, buf, sizeof buf, 20 * MS, &next);
    CHECK("reply_receive: nothing arrives in time: the reply went out, then Timeout",
          ok && r == ERR(CX_ERR_TIMEOUT) && cx_thread_join(tid, 2000 * MS) == 0 && cl_status == 0 &&
          same(cl_resp, "two", 3));

    /* The next message does not fit: the reply is out, the message stays queued. */
    tid = start_client(CX_TIMEOUT_INFINITE, sizeof cl_resp);
    ok = !CX_IS_ERR(tid) && take_call(&in) && send("a longer message", 16) == 0;
    r = cx_ipc_reply_receive(in.reply_token, "three", 5, CX_CAP_NULL, b.capability, buf, 8, CX_TIMEOUT_POLL, &next);
    uint64_t r2 = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, b.capability, &next);
    CHECK("reply_receive: a message over buffer_len: the reply went out, BufferTooSmall, the message stays",
          ok && r == ERR(CX_ERR_BUFFER_TOO_SMALL) && !token_valid(in.reply_token) &&
          cx_thread_join(tid, 2000 * MS) == 0 && cl_status == 0 && same(cl_resp, "three", 5) &&
          r2 == 0 && same(buf, "a longer message", 16));

    /* The next message runs past the buffer's mapped part: the reply is out,
       InvalidAddress, the message stays queued. */
    uint64_t page = cx_mmap(0, 4096, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS, CX_CAP_NULL, 0);
    static char longer[100];
    tid = start_client(CX_TIMEOUT_INFINITE, sizeof cl_resp);
    ok = !CX_IS_ERR(page) && !CX_IS_ERR(tid) && take_call(&in) && cx_ipc_send(channel, longer, sizeof longer,
                                                                               CX_CAP_NULL, a.capability) == 0;
    r = cx_ipc_reply_receive(in.reply_token, "four", 4, CX_CAP_NULL, b.capability, (char *)page + 4096 - 64, 128,
                             CX_TIMEOUT_POLL, &next);
    r2 = cx_ipc_receive(b.endpoint_id, longer, sizeof longer, CX_TIMEOUT_POLL, b.capability, &next);
    CHECK("reply_receive: a message past the buffer's mapped part: the reply went out, InvalidAddress, the message stays",
          ok && r == ERR(CX_ERR_INVALID_ADDRESS) && !token_valid(in.reply_token) &&
          cx_thread_join(tid, 2000 * MS) == 0 && cl_status == 0 && same(cl_resp, "four", 4) &&
          r2 == 0 && next.message_len == sizeof longer);
    if (!CX_IS_ERR(page))
        cx_munmap((void *)page, 4096);

    /* CX_REPLY_NONE: only a receive; the reply arguments are not looked at. */
    send("solo", 4);
    r = cx_ipc_reply_receive(CX_REPLY_NONE, (const void *)0x10, ~(size_t)0, 12345, b.capability, buf, sizeof buf,
                             CX_TIMEOUT_POLL, &next);
    CHECK("reply_receive: CX_REPLY_NONE only receives, whatever the reply arguments",
          r == 0 && next.message_len == 4 && same(buf, "solo", 4));
}

/* A server waiting in ipc_reply_receive when its endpoint goes. */
static uint64_t waiter_status;
static volatile int waiter_ready;

static void waiter(uint64_t ep_cap)
{
    struct cx_ipc_receive_result in;
    char buf[16];
    waiter_ready = 1;
    waiter_status = cx_ipc_reply_receive(CX_REPLY_NONE, 0, 0, CX_CAP_NULL, ep_cap, buf, sizeof buf,
                                         CX_TIMEOUT_INFINITE, &in);
    cx_thread_exit(0);
}

static void test_interrupted(void)
{
    struct cx_ipc_endpoint_create_result e;
    waiter_status = ~0ull;
    waiter_ready = 0;
    uint64_t tid = cx_ipc_endpoint_create(&e) == 0
                       ? cx_thread_create((cx_uaddr_t)waiter, srv_stack, sizeof srv_stack, e.capability)
                       : ERR(CX_ERR_OUT_OF_MEMORY);
    while (!CX_IS_ERR(tid) && !waiter_ready)
        cx_yield();
    cx_yield(); /* into its wait */
    cx_capability_revoke(e.capability);
    CHECK("reply_receive: a waiting server whose endpoint goes is Interrupted",
          !CX_IS_ERR(tid) && cx_thread_join(tid, 2000 * MS) == 0 && waiter_status == ERR(CX_ERR_INTERRUPTED));
}

int main(void)
{
    con = cx_start_caps[0];
    tap_plan(27);
    int setup = cx_ipc_endpoint_create(&a) == 0 && cx_ipc_endpoint_create(&b) == 0;
    channel = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    CHECK("setup: two endpoints and a channel", setup && !CX_IS_ERR(channel));
    test_server_loop();
    test_caller_gone();
    test_reply_errors();
    test_receive_errors();
    test_interrupted();
    return tap_done();
}
