/* The IPC fast path (a call of up to CX_IPC_FAST_MAX bytes meeting a waiting
   receiver) must behave exactly like the general path. Each scenario runs
   with a 64-byte request (fast) and a 65-byte one (general) against a server
   thread already waiting in ipc_receive, and asserts the same outcome for
   both: content, capability transfer, a receive buffer too small, a receive
   buffer only partly mapped, a dropped reply token, a caller killed mid-call. */
#include "tap.h"
#include "helpers.h"

HELPER(child_call_then_fault);

#define ERR(code) CX_MKERR(code)
#define SIZES 2
static const size_t sizes[SIZES] = { CX_IPC_FAST_MAX, CX_IPC_FAST_MAX + 1 };

enum scenario { ECHO, ECHO_CAP, SMALL_BUFFER, PARTLY_MAPPED, DROP_TOKEN };

static struct cx_ipc_endpoint_create_result a, b;
static uint64_t channel;
static char srv_stack[16384] __attribute__((aligned(16)));
static char srv_buf[CX_IPC_MSG_MAX];
static char *srv_window;                    /* PARTLY_MAPPED: the last 64 bytes of a mapped page */
static volatile int srv_ready;
/* What the server saw: the first receive's status, the message as finally received. */
static uint64_t srv_first, srv_status, srv_reply;
static struct cx_ipc_receive_result srv_in;
static int srv_cap_ok, srv_content_ok;
static char req[CX_IPC_MSG_MAX], resp[CX_IPC_MSG_MAX];

static int same(const void *x, const void *y, size_t n)
{
    const unsigned char *p = x, *q = y;
    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i])
            return 0;
    return 1;
}

static void server(uint64_t scenario)
{
    size_t first_len = scenario == SMALL_BUFFER ? CX_IPC_FAST_MAX : sizeof srv_buf;
    char *first_buf = scenario == PARTLY_MAPPED ? srv_window : srv_buf;
    srv_ready = 1;
    srv_first = cx_ipc_receive(b.endpoint_id, first_buf, first_len, CX_TIMEOUT_INFINITE, b.capability, &srv_in);
    srv_status = srv_first;
    if (CX_IS_ERR(srv_first)) /* the message stayed queued: take it with a proper buffer */
        srv_status = cx_ipc_receive(b.endpoint_id, srv_buf, sizeof srv_buf, CX_TIMEOUT_POLL, b.capability, &srv_in);
    else if (first_buf != srv_buf)
        for (size_t i = 0; i < srv_in.message_len; i++)
            srv_buf[i] = first_buf[i];
    if (CX_IS_ERR(srv_status))
        cx_thread_exit(1);
    srv_content_ok = same(srv_buf, req, srv_in.message_len);
    if (scenario == DROP_TOKEN) {
        srv_reply = cx_capability_revoke(srv_in.reply_token);
        cx_thread_exit(0);
    }
    srv_cap_ok = srv_in.capability != CX_CAP_NULL &&
                 cx_capability_validate(srv_in.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT) == 0;
    for (size_t i = 0; i < srv_in.message_len; i++)
        srv_buf[i] = (char)(srv_buf[i] - 'a' + 'A');
    srv_reply = cx_ipc_reply(srv_in.reply_token, srv_buf, srv_in.message_len,
                             scenario == ECHO_CAP ? srv_in.capability : CX_CAP_NULL);
    cx_thread_exit(0);
}

struct outcome {
    uint64_t call, first, status, reply;
    size_t received, response_len;
    int content_ok, cap_arrived, cap_returned;
};

/* One call of len bytes (carrying cap) to a fresh server thread waiting in receive. */
static struct outcome run(enum scenario sc, size_t len, cx_cap_t cap)
{
    struct outcome o = { 0 };
    for (size_t i = 0; i < len; i++)
        req[i] = (char)('a' + i % 26);
    srv_ready = 0;
    srv_first = srv_status = srv_reply = ~0ull;
    srv_cap_ok = srv_content_ok = 0;
    uint64_t tid = cx_thread_create((cx_uaddr_t)server, srv_stack, sizeof srv_stack, sc);
    while (!srv_ready)
        cx_yield();
    cx_yield(); /* into its receive */
    struct cx_ipc_call_result res = { 0 };
    o.call = cx_ipc_call(channel, req, len, resp, sizeof resp, 2000000000ull, cap, a.capability, &res);
    cx_thread_join(tid, 2000000000ull);
    o.first = srv_first;
    o.status = srv_status;
    o.reply = srv_reply;
    o.received = srv_in.message_len;
    o.response_len = res.response_len;
    o.content_ok = srv_content_ok; /* and the upper-cased echo when answered */
    for (size_t i = 0; o.call == 0 && i < len; i++)
        o.content_ok &= resp[i] == req[i] - 'a' + 'A';
    o.cap_arrived = srv_cap_ok;
    o.cap_returned = res.capability != CX_CAP_NULL &&
                     cx_capability_validate(res.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT) == 0;
    if (res.capability != CX_CAP_NULL)
        cx_capability_revoke(res.capability);
    return o;
}

static int same_outcome(const struct outcome *x, const struct outcome *y)
{
    return x->call == y->call && x->first == y->first && x->status == y->status && x->reply == y->reply &&
           x->content_ok == y->content_ok && x->cap_arrived == y->cap_arrived &&
           x->cap_returned == y->cap_returned;
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

/* A child process calls with len bytes and is killed while this server holds its token. */
static int killed_caller(size_t len, size_t *received)
{
    uint64_t client_cap = cx_capability_derive(a.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    char chs[24], lens[24];
    decimal(channel, chs);
    decimal(len, lens);
    const char *argv[] = { "child_call_then_fault", chs, lens };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_call_then_fault), HELPER_SIZE(child_call_then_fault),
                                     argv, 3, &client_cap, 1);
    if (CX_IS_ERR(client_cap) || CX_IS_ERR(pid) || cx_process_start(pid))
        return 0;
    struct cx_ipc_receive_result rr = { 0 };
    int ok = cx_ipc_receive(b.endpoint_id, srv_buf, sizeof srv_buf, CX_TIMEOUT_INFINITE, b.capability, &rr) == 0 &&
             rr.reply_token != CX_REPLY_NONE && rr.sender == pid && same(srv_buf, "ping", 4);
    *received = rr.message_len;
    struct cx_exit_info info;
    ok = ok && cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_FAULT;
    ok = ok && cx_ipc_reply(rr.reply_token, "pong", 4, CX_CAP_NULL) == ERR(CX_ERR_NOT_FOUND);
    cx_capability_revoke(client_cap);
    return ok;
}

int main(void)
{
    cx_cap_t con = cx_start_caps[0];
    cx_cap_t con_nogrant = cx_capability_derive(con, CX_RIGHT_READ | CX_RIGHT_WRITE);
    struct cx_ipc_call_result res;
    tap_plan(16);
    CHECK("setup: endpoints and a channel",
          cx_ipc_endpoint_create(&a) == 0 && cx_ipc_endpoint_create(&b) == 0 &&
          !CX_IS_ERR(channel = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability)));

    /* A page whose last 64 bytes are a receive buffer, with nothing mapped after it. */
    uint64_t two = cx_mmap(0, 8192, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS, CX_CAP_NULL, 0);
    CHECK("setup: a page with an unmapped page after it",
          !CX_IS_ERR(two) && cx_munmap((void *)(two + 4096), 4096) == 0);
    srv_window = (char *)(two + 4096 - CX_IPC_FAST_MAX);

    struct outcome o[SIZES];
    for (int k = 0; k < SIZES; k++)
        o[k] = run(ECHO, sizes[k], CX_CAP_NULL);
    CHECK("echo: 64 bytes (fast path) arrive whole and the reply comes back",
          o[0].call == 0 && o[0].status == 0 && o[0].received == 64 && o[0].response_len == 64 &&
          o[0].content_ok && o[0].reply == 0 && !o[0].cap_arrived && !o[0].cap_returned);
    CHECK("echo: 65 bytes (general path) behave the same", same_outcome(&o[0], &o[1]) && o[1].received == 65);

    for (int k = 0; k < SIZES; k++)
        o[k] = run(ECHO_CAP, sizes[k], con);
    CHECK("capability: travels with a 64-byte call and back with the reply",
          o[0].call == 0 && o[0].cap_arrived && o[0].cap_returned && o[0].content_ok);
    CHECK("capability: the same with 65 bytes", same_outcome(&o[0], &o[1]));
    CHECK("capability: without GRANT is PermissionDenied at either size",
          cx_ipc_call(channel, req, 64, resp, 64, 1000000, con_nogrant, a.capability, &res) ==
              ERR(CX_ERR_PERMISSION_DENIED) &&
          cx_ipc_call(channel, req, 65, resp, 65, 1000000, con_nogrant, a.capability, &res) ==
              ERR(CX_ERR_PERMISSION_DENIED));

    /* The waiting receiver's buffer holds 64 bytes. */
    for (int k = 0; k < SIZES; k++)
        o[k] = run(SMALL_BUFFER, sizes[k], CX_CAP_NULL);
    CHECK("small buffer: a 64-byte call fits a 64-byte receive buffer",
          o[0].first == 0 && o[0].call == 0 && o[0].content_ok);
    CHECK("small buffer: 65 bytes are BufferTooSmall, stay queued, then arrive intact",
          o[1].first == ERR(CX_ERR_BUFFER_TOO_SMALL) && o[1].status == 0 && o[1].received == 65 &&
          o[1].call == 0 && o[1].content_ok && o[1].response_len == 65);

    /* The waiting receiver's buffer: 64 writable bytes, then an unmapped page. */
    for (int k = 0; k < SIZES; k++)
        o[k] = run(PARTLY_MAPPED, sizes[k], CX_CAP_NULL);
    CHECK("partly mapped buffer: 64 bytes land in the mapped part",
          o[0].first == 0 && o[0].call == 0 && o[0].content_ok);
    CHECK("partly mapped buffer: 65 bytes are InvalidAddress, stay queued, then arrive intact",
          o[1].first == ERR(CX_ERR_INVALID_ADDRESS) && o[1].status == 0 && o[1].received == 65 &&
          o[1].call == 0 && o[1].content_ok);

    /* The receiver drops the reply token without answering. */
    for (int k = 0; k < SIZES; k++)
        o[k] = run(DROP_TOKEN, sizes[k], CX_CAP_NULL);
    CHECK("dropped token: the 64-byte caller wakes with Interrupted",
          o[0].status == 0 && o[0].reply == 0 && o[0].call == ERR(CX_ERR_INTERRUPTED));
    CHECK("dropped token: the same with 65 bytes", same_outcome(&o[0], &o[1]));

    size_t got[SIZES] = { 0 };
    int killed[SIZES];
    for (int k = 0; k < SIZES; k++)
        killed[k] = killed_caller(sizes[k], &got[k]);
    CHECK("killed caller: a 64-byte call arrives, its token dies with the caller", killed[0] && got[0] == 64);
    CHECK("killed caller: the same with 65 bytes", killed[1] && got[1] == 65);

    CHECK("nothing left queued", cx_ipc_receive(b.endpoint_id, srv_buf, sizeof srv_buf, CX_TIMEOUT_POLL,
                                                b.capability, &srv_in) == ERR(CX_ERR_TIMEOUT));
    return tap_done();
}
