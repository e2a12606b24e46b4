/* IPC syscalls from one process: endpoints, channels, send/receive (content,
   sender, FIFO order, limits, timeouts), capability transfer, call/reply
   with a server thread, rights of derived capabilities, revocation, and each
   call's refusals. */
#include "tap.h"

#define ERR(code) CX_MKERR(code)
#define MS 1000000ull

static char big[CX_IPC_MSG_MAX + 1];
static char buf[CX_IPC_MSG_MAX];

static int same(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

/* --- a server thread for call/reply (needs thread_create) --------------------- */

static struct cx_ipc_endpoint_create_result srv_ep;
static uint64_t srv_too_big, srv_reply, srv_reused;
static char srv_stack[16384] __attribute__((aligned(16)));

static void server(uint64_t arg)
{
    (void)arg;
    static char req[64];
    struct cx_ipc_receive_result in;
    if (!CX_IS_ERR(cx_ipc_receive(srv_ep.endpoint_id, req, sizeof req, CX_TIMEOUT_INFINITE,
                                  srv_ep.capability, &in)) && in.reply_token != CX_REPLY_NONE) {
        srv_too_big = cx_ipc_reply(in.reply_token, big, 64, CX_CAP_NULL); /* caller has 16 */
        for (size_t i = 0; i < in.message_len; i++)
            req[i] = (char)(req[i] - 'a' + 'A');
        srv_reply = cx_ipc_reply(in.reply_token, req, in.message_len, CX_CAP_NULL);
        srv_reused = cx_ipc_reply(in.reply_token, req, in.message_len, CX_CAP_NULL);
    }
    cx_thread_exit(0);
}

int main(void)
{
    cx_cap_t con = cx_start_caps[0];
    /* A console capability that may not be passed on: derived without GRANT. */
    cx_cap_t con_nogrant = cx_capability_derive(con, CX_RIGHT_READ | CX_RIGHT_WRITE);
    struct cx_ipc_endpoint_create_result a, b, c;
    struct cx_ipc_receive_result in = { 0 };
    struct cx_ipc_call_result res = { 0 };
    tap_plan(48);

    /* endpoint_create */
    CHECK("endpoint_create: three endpoints",
          cx_ipc_endpoint_create(&a) == 0 && cx_ipc_endpoint_create(&b) == 0 &&
          cx_ipc_endpoint_create(&c) == 0);
    CHECK("endpoint_create: distinct ids and capabilities",
          a.endpoint_id != b.endpoint_id && b.endpoint_id != c.endpoint_id &&
          a.capability && b.capability && a.capability != b.capability);
    CHECK("endpoint_create: the capability has every right",
          cx_capability_validate(a.capability, CX_RIGHTS_ALL) == 0);

    /* channel_create */
    uint64_t ch = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    CHECK("channel_create: connects two endpoints", !CX_IS_ERR(ch) && ch != 0);
    CHECK("channel_create: unknown or non-endpoint capability is InvalidCapability",
          cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, 12345, b.capability) ==
              ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, con) ==
              ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("channel_create: id not matching its capability is InvalidParameter",
          cx_ipc_channel_create(b.endpoint_id, a.endpoint_id, a.capability, b.capability) ==
              ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("channel_create: an endpoint with itself is InvalidParameter",
          cx_ipc_channel_create(a.endpoint_id, a.endpoint_id, a.capability, a.capability) ==
              ERR(CX_ERR_INVALID_PARAMETER));

    /* send and receive */
    CHECK("receive: empty queue with timeout 0 is Timeout",
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, b.capability, &in) ==
              ERR(CX_ERR_TIMEOUT));
    uint64_t t0 = cx_monotonic_ns();
    uint64_t r = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 30 * MS, b.capability, &in);
    CHECK("receive: waits out a short timeout, then Timeout",
          r == ERR(CX_ERR_TIMEOUT) && cx_monotonic_ns() - t0 >= 30 * MS);
    CHECK("send: a small message is queued", cx_ipc_send(ch, "hello", 5, CX_CAP_NULL, a.capability) == 0);
    CHECK("send: arrives at the far endpoint only",
          cx_ipc_receive(a.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, a.capability, &in) ==
              ERR(CX_ERR_TIMEOUT));
    r = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, b.capability, &in);
    CHECK("receive: content, length, no cap, no reply token",
          r == 0 && in.message_len == 5 && same(buf, "hello", 5) && in.capability == CX_CAP_NULL &&
          in.reply_token == CX_REPLY_NONE);
    uint64_t me = in.sender;
    CHECK("send: the other direction works too",
          cx_ipc_send(ch, "back", 4, CX_CAP_NULL, b.capability) == 0 &&
          cx_ipc_receive(a.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, a.capability, &in) == 0 &&
          in.message_len == 4 && same(buf, "back", 4));
    CHECK("receive: sender is this process's id on every message", me != 0 && in.sender == me);
    CHECK("send: empty message", cx_ipc_send(ch, 0, 0, CX_CAP_NULL, a.capability) == 0 &&
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, b.capability, &in) == 0 &&
          in.message_len == 0);

    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    CHECK("send: 4096 bytes is fine", cx_ipc_send(ch, big, CX_IPC_MSG_MAX, CX_CAP_NULL, a.capability) == 0);
    CHECK("receive: smaller buffer is BufferTooSmall",
          cx_ipc_receive(b.endpoint_id, buf, 100, CX_TIMEOUT_POLL, b.capability, &in) ==
              ERR(CX_ERR_BUFFER_TOO_SMALL));
    r = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_POLL, b.capability, &in);
    CHECK("receive: ... and the message stayed queued, intact",
          r == 0 && in.message_len == CX_IPC_MSG_MAX && same(buf, big, CX_IPC_MSG_MAX));
    CHECK("send: 4097 bytes is InvalidParameter",
          cx_ipc_send(ch, big, CX_IPC_MSG_MAX + 1, CX_CAP_NULL, a.capability) ==
              ERR(CX_ERR_INVALID_PARAMETER));

    int fifo = 1;
    for (int i = 0; i < 5; i++)
        fifo &= cx_ipc_send(ch, &i, sizeof i, CX_CAP_NULL, a.capability) == 0;
    for (int i = 0; i < 5; i++) {
        int v = -1;
        fifo &= cx_ipc_receive(b.endpoint_id, &v, sizeof v, CX_TIMEOUT_POLL, b.capability, &in) == 0 &&
                v == i;
    }
    CHECK("receive: messages come out in the order sent", fifo);

    int sent = 0;
    while (sent < 100 && cx_ipc_send(ch, &sent, sizeof sent, CX_CAP_NULL, a.capability) == 0)
        sent++;
    CHECK("send: a full queue (64 messages) is ResourceExhausted",
          sent == 64 && cx_ipc_send(ch, &sent, sizeof sent, CX_CAP_NULL, a.capability) ==
                            ERR(CX_ERR_RESOURCE_EXHAUSTED));
    int drained = 0, v;
    while (cx_ipc_receive(b.endpoint_id, &v, sizeof v, CX_TIMEOUT_POLL, b.capability, &in) == 0 &&
           v == drained)
        drained++;
    CHECK("receive: the full queue drains in order", drained == 64);

    /* send and receive refusals */
    CHECK("send: unknown channel_cap is InvalidCapability",
          cx_ipc_send(ch, "x", 1, CX_CAP_NULL, 12345) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("send: channel_cap for an endpoint not on the channel is PermissionDenied",
          cx_ipc_send(ch, "x", 1, CX_CAP_NULL, c.capability) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("send: unknown channel is NotFound",
          cx_ipc_send(ch + 1000, "x", 1, CX_CAP_NULL, a.capability) == ERR(CX_ERR_NOT_FOUND));
    CHECK("send: unreadable message is InvalidAddress",
          cx_ipc_send(ch, (void *)0x1000, 8, CX_CAP_NULL, a.capability) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_ipc_send(ch, (void *)0xFFFF800000100000ull, 8, CX_CAP_NULL, a.capability) ==
              ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("send: capability without GRANT is PermissionDenied",
          cx_ipc_send(ch, "x", 1, con_nogrant, a.capability) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("send: unknown capability to carry is InvalidCapability",
          cx_ipc_send(ch, "x", 1, 12345, a.capability) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("receive: unknown or wrong-type capability is InvalidCapability",
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, 12345, &in) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, con, &in) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("receive: capability for another endpoint is InvalidParameter",
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, a.capability, &in) ==
              ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("receive: unwritable buffer is InvalidAddress",
          cx_ipc_receive(b.endpoint_id, (void *)0x1000, 64, 0, b.capability, &in) ==
              ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_ipc_receive(b.endpoint_id, (void *)main, 64, 0, b.capability, &in) ==
              ERR(CX_ERR_INVALID_ADDRESS));

    /* rights: derived capabilities without WRITE / READ */
    uint64_t ro = cx_capability_derive(a.capability, CX_RIGHT_READ);
    uint64_t wo = cx_capability_derive(b.capability, CX_RIGHT_WRITE);
    CHECK("send: channel_cap without WRITE is PermissionDenied",
          cx_ipc_send(ch, "x", 1, CX_CAP_NULL, ro) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("receive: endpoint_cap without READ is PermissionDenied",
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, wo, &in) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("channel_create: capability without WRITE is PermissionDenied",
          cx_ipc_channel_create(a.endpoint_id, c.endpoint_id, ro, c.capability) ==
              ERR(CX_ERR_PERMISSION_DENIED));

    /* capability transfer: c's capability travels to b's receiver */
    CHECK("send: a message with a capability",
          cx_ipc_send(ch, "cap", 3, c.capability, a.capability) == 0);
    r = cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, b.capability, &in);
    CHECK("receive: the capability arrives as a new token with the same rights",
          r == 0 && in.capability != CX_CAP_NULL && in.capability != c.capability &&
          cx_capability_validate(in.capability, CX_RIGHTS_ALL) == 0);
    CHECK("receive: the received token names the same endpoint",
          cx_ipc_receive(c.endpoint_id, buf, sizeof buf, 0, in.capability, &in) == ERR(CX_ERR_TIMEOUT));

    /* call and reply, without a server */
    t0 = cx_monotonic_ns();
    r = cx_ipc_call(ch, "ping", 4, buf, 16, 30 * MS, CX_CAP_NULL, a.capability, &res);
    CHECK("call: nobody serving times out", r == ERR(CX_ERR_TIMEOUT) && cx_monotonic_ns() - t0 >= 30 * MS);
    CHECK("call: the timed-out request was withdrawn",
          cx_ipc_receive(b.endpoint_id, buf, sizeof buf, 0, b.capability, &in) == ERR(CX_ERR_TIMEOUT));
    CHECK("call: timeout 0 is Timeout at once",
          cx_ipc_call(ch, "ping", 4, buf, 16, CX_TIMEOUT_POLL, CX_CAP_NULL, a.capability, &res) ==
              ERR(CX_ERR_TIMEOUT));
    CHECK("call: refusals (length, channel_cap, response buffer, capability)",
          cx_ipc_call(ch, big, CX_IPC_MSG_MAX + 1, buf, 16, MS, CX_CAP_NULL, a.capability, &res) ==
              ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_ipc_call(ch, "p", 1, buf, 16, MS, CX_CAP_NULL, 12345, &res) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_ipc_call(ch, "p", 1, buf, 16, MS, CX_CAP_NULL, c.capability, &res) ==
              ERR(CX_ERR_PERMISSION_DENIED) &&
          cx_ipc_call(ch, "p", 1, (void *)0x1000, 16, MS, CX_CAP_NULL, a.capability, &res) ==
              ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_ipc_call(ch, (void *)0x1000, 1, buf, 16, MS, CX_CAP_NULL, a.capability, &res) ==
              ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_ipc_call(ch, "p", 1, buf, 16, MS, con_nogrant, a.capability, &res) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("reply: unknown, null or non-reply token is NotFound",
          cx_ipc_reply(12345, "x", 1, CX_CAP_NULL) == ERR(CX_ERR_NOT_FOUND) &&
          cx_ipc_reply(CX_REPLY_NONE, "x", 1, CX_CAP_NULL) == ERR(CX_ERR_NOT_FOUND) &&
          cx_ipc_reply(a.capability, "x", 1, CX_CAP_NULL) == ERR(CX_ERR_NOT_FOUND));
    CHECK("reply: longer than CX_IPC_MSG_MAX is InvalidParameter",
          cx_ipc_reply(12345, big, CX_IPC_MSG_MAX + 1, CX_CAP_NULL) == ERR(CX_ERR_INVALID_PARAMETER));

    /* call and reply with a server thread */
    srv_ep = b;
    uint64_t tid = cx_thread_create((cx_uaddr_t)server, srv_stack, sizeof srv_stack, 0);
    char resp[16] = { 0 };
    r = cx_ipc_call(ch, "ping", 4, resp, sizeof resp, 1000 * MS, CX_CAP_NULL, a.capability, &res);
    cx_thread_join(tid, 1000 * MS);
    CHECK("call: a server thread answers (upper-cased echo)",
          r == 0 && res.response_len == 4 && same(resp, "PING", 4) && res.capability == CX_CAP_NULL);
    CHECK("reply: too big for the caller's buffer is BufferTooSmall, token stays valid",
          srv_too_big == ERR(CX_ERR_BUFFER_TOO_SMALL) && srv_reply == 0);
    CHECK("reply: a used token is NotFound", srv_reused == ERR(CX_ERR_NOT_FOUND));

    /* an endpoint whose last capability is revoked: its channels go */
    uint64_t rv = cx_capability_revoke(c.capability);
    uint64_t ch2 = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    uint64_t ch3 = cx_ipc_channel_create(b.endpoint_id, c.endpoint_id, b.capability, c.capability);
    CHECK("revoke: a revoked endpoint capability no longer connects",
          rv == 0 && ch3 == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("channel_create: a second channel between the same endpoints",
          !CX_IS_ERR(ch2) && ch2 != ch && cx_ipc_send(ch2, "2", 1, CX_CAP_NULL, b.capability) == 0 &&
          cx_ipc_receive(a.endpoint_id, buf, sizeof buf, 0, a.capability, &in) == 0 && buf[0] == '2');
    return tap_done();
}
