/* IPC syscalls: endpoints, channels, send, receive, call, reply, and reply
   with receive in one. The handlers check arguments and authority; ipc.c
   moves the messages. */
#include "gen/syscall_handlers.h"
#include "ipc.h"
#include "endpoint.h"
#include "channel.h"
#include "reply.h"
#include "cspace.h"
#include "current.h"
#include "usercopy.h"
#include "kmalloc.h"

/* ipc_send's messages over CX_IPC_FAST_MAX bytes are staged here between
   the sender's memory and the heap or the receiver's memory. One is enough: the kernel runs on one CPU, is
   not preempted, and never blocks while the buffer is in use. */
static uint8_t bounce[CX_IPC_MSG_MAX];

/* A capability to send along: none, or one the caller may grant. */
static uint64_t check_grant(struct cspace *cs, cx_cap_t cap)
{
    struct cap_slot *s;
    return cap == CX_CAP_NULL ? 0 : cspace_lookup(cs, cap, 0, CX_RIGHT_GRANT, &s);
}

/* A receive or response buffer is checked up front only where every message
   lands: its first CX_IPC_FAST_MAX bytes (one page, at most two). The rest is
   checked when a longer message is copied into it, which then fails with
   InvalidAddress (a received message stays queued). So a register-sized
   exchange never walks the page tables for the whole of a 4 KiB buffer, and
   a huge buffer_len is fine, and cheap. */
static int ipc_buffer_ok(uint64_t buf, size_t len)
{
    return user_writable(current_vm(), buf, len < CX_IPC_FAST_MAX ? len : CX_IPC_FAST_MAX);
}

uint64_t sys_ipc_endpoint_create(struct cx_ipc_endpoint_create_result *out)
{
    struct endpoint *ep = endpoint_create();
    if (!ep)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    cx_endpoint_t id = ep->obj.id;
    cx_cap_t cap = cspace_insert(current_cspace(), &ep->obj, CX_RIGHTS_ALL);
    kobject_put(&ep->obj); /* the capability holds it now, or nothing does */
    if (!cap)
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    out->endpoint_id = id;
    out->capability = cap;
    return 0;
}

uint64_t sys_ipc_channel_create(cx_endpoint_t endpoint1, cx_endpoint_t endpoint2, cx_cap_t cap1,
                                cx_cap_t cap2)
{
    struct cspace *cs = current_cspace();
    struct cap_slot *s1, *s2;
    uint64_t err = cspace_lookup(cs, cap1, CX_OBJ_ENDPOINT, 0, &s1);
    if (!err)
        err = cspace_lookup(cs, cap2, CX_OBJ_ENDPOINT, 0, &s2);
    if (err)
        return err;
    struct endpoint *a = (struct endpoint *)s1->obj, *b = (struct endpoint *)s2->obj;
    if (a->obj.id != endpoint1 || b->obj.id != endpoint2 || endpoint1 == endpoint2)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (!(s1->rights & CX_RIGHT_WRITE) || !(s2->rights & CX_RIGHT_WRITE))
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    if (a->dead || b->dead)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    cx_channel_t id;
    err = channel_create(a, b, &id);
    return err ? err : id;
}

/* What ipc_send and ipc_call check before a message leaves: its size, the
   channel and the caller's end of it, and GRANT on a capability to carry. */
static uint64_t check_outgoing(struct process *me, cx_channel_t channel_id, cx_cap_t channel_cap,
                               size_t len, cx_cap_t capability, struct endpoint **dst)
{
    if (len > CX_IPC_MSG_MAX)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    uint64_t err = channel_resolve(me->cspace, channel_id, channel_cap, dst);
    return err ? err : check_grant(me->cspace, capability);
}

uint64_t sys_ipc_send(cx_channel_t channel_id, user_addr_t message, size_t message_len,
                      cx_cap_t capability, cx_cap_t channel_cap)
{
    struct process *me = current_process();
    struct endpoint *dst;
    uint64_t err = check_outgoing(me, channel_id, channel_cap, message_len, capability, &dst);
    if (err)
        return err;
    struct ipc_msg m = { .from = me, .cap = capability, .len = message_len };
    m.data = message_len <= CX_IPC_FAST_MAX ? m.inline_data : bounce;
    if (copy_from_user(&me->vm, (void *)m.data, message, message_len) < 0)
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    return ipc_post(dst, &m);
}

uint64_t sys_ipc_receive(cx_endpoint_t endpoint_id, user_addr_t buffer, size_t buffer_len,
                         uint64_t timeout_ns, cx_cap_t endpoint_cap,
                         struct cx_ipc_receive_result *out)
{
    struct endpoint *ep;
    uint64_t err = endpoint_from_cap(current_cspace(), endpoint_cap, endpoint_id, CX_RIGHT_READ, &ep);
    if (err)
        return err;
    if (!ipc_buffer_ok(buffer, buffer_len))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    return ipc_receive(ep, buffer, buffer_len, timeout_ns, out);
}

uint64_t sys_ipc_call(cx_channel_t channel_id, user_addr_t request, size_t request_len,
                      user_addr_t response, size_t response_len, uint64_t timeout_ns,
                      cx_cap_t capability, cx_cap_t channel_cap, struct cx_ipc_call_result *out)
{
    struct process *me = current_process();
    struct endpoint *dst;
    uint64_t err = check_outgoing(me, channel_id, channel_cap, request_len, capability, &dst);
    if (err)
        return err;
    if (!ipc_buffer_ok(response, response_len))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);

    /* Field by field: zeroing the whole call (its inline message and reply
       object, set up by ipc_call_wait) would cost more than the fast path's copy. */
    struct ipc_call call;
    call.thread = current_thread();
    call.proc = me;
    call.resp_buf = response;
    call.resp_len = response_len;
    call.resp_kernel = NULL;
    call.out = out;
    call.status = 0;
    call.msg.from = me;
    call.msg.cap = capability;
    call.msg.len = request_len;
    call.msg.call = &call;
    call.msg.from_kernel = 0;
    /* A register-sized request stays in the caller's memory until a receiver
       takes it (straight into its buffer) or it has to wait (then into the
       call itself). A large one may wait in a queue while the caller
       sleeps: it is copied into a buffer of its own now. */
    uint8_t *heap = NULL;
    if (request_len <= CX_IPC_FAST_MAX) {
        call.msg.data = NULL;
        call.msg.user_src = request;
        if (!user_readable(&me->vm, request, request_len))
            err = CX_MKERR(CX_ERR_INVALID_ADDRESS);
    } else if (!(heap = kmalloc(request_len))) {
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    } else {
        call.msg.data = heap;
        if (copy_from_user(&me->vm, heap, request, request_len) < 0)
            err = CX_MKERR(CX_ERR_INVALID_ADDRESS);
    }
    if (!err && timeout_ns == CX_TIMEOUT_POLL)
        err = CX_MKERR(CX_ERR_TIMEOUT); /* a reply can never be ready without waiting */
    if (!err)
        err = ipc_call_wait(dst, &call, timeout_ns);
    kfree(heap);
    return err;
}

/* The pending call reply_token answers, checked as ipc_reply checks a
   reply: its size, the token, the caller still waiting (NotFound when not),
   the caller's buffer, GRANT on the capability, the bytes readable. Inline
   in both users: it is most of a reply's work. */
static inline uint64_t reply_target(struct process *me, cx_reply_t reply_token, user_addr_t response,
                             size_t response_len, cx_cap_t capability, struct ipc_call **out)
{
    if (response_len > CX_IPC_MSG_MAX)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct reply *r = reply_lookup(me->cspace, reply_token);
    if (!r)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    struct ipc_call *call = r->call;
    /* A caller already woken (timed out, or being killed) takes its token
       back as it leaves; until then the token is as good as gone. */
    if (call->phase != CALL_RECEIVED || call->thread->state != THREAD_BLOCKED)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    if (response_len > call->resp_len && !call->resp_kernel) /* the kernel judges its own replies */
        return CX_MKERR(CX_ERR_BUFFER_TOO_SMALL);
    uint64_t err = check_grant(me->cspace, capability);
    if (err)
        return err;
    /* Straight from here into the caller's buffer, whatever the size: a
       reply never waits, so it needs no kernel copy. */
    if (!user_readable(&me->vm, response, response_len))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    *out = call;
    return 0;
}

uint64_t sys_ipc_reply(cx_reply_t reply_token, user_addr_t response, size_t response_len,
                       cx_cap_t capability)
{
    struct ipc_call *call;
    uint64_t err = reply_target(current_process(), reply_token, response, response_len, capability, &call);
    if (err)
        return err;
    ipc_call_answer_user(call, response, response_len, capability);
    return 0;
}

uint64_t sys_ipc_reply_receive(cx_reply_t reply_token, user_addr_t response, size_t response_len,
                               cx_cap_t reply_capability, cx_cap_t endpoint_cap, user_addr_t buffer,
                               size_t buffer_len, uint64_t timeout_ns,
                               struct cx_ipc_receive_result *out)
{
    struct process *me = current_process();
    struct ipc_call *call = NULL;
    uint64_t err = 0;
    if (reply_token != CX_REPLY_NONE)
        err = reply_target(me, reply_token, response, response_len, reply_capability, &call);
    /* A caller that is gone (or timed out) has nobody to read the reply: it
       is dropped, and the server goes on serving. */
    if (err && err != CX_MKERR(CX_ERR_NOT_FOUND))
        return err;
    /* Everything is checked before the reply goes out: an error so far leaves
       the token valid and nothing done. */
    struct endpoint *ep;
    err = endpoint_of_cap(me->cspace, endpoint_cap, CX_RIGHT_READ, &ep);
    if (err)
        return err;
    if (!ipc_buffer_ok(buffer, buffer_len))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    return ipc_reply_receive(call, response, response_len, reply_capability, ep, buffer, buffer_len,
                             timeout_ns, out);
}
