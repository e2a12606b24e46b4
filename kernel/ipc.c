/* IPC message passing: handing messages to receivers, queueing them, and
   waking whoever waits when a peer goes away. See ipc.h for the model. */
#include "ipc.h"
#include "endpoint.h"
#include "cspace.h"
#include "process.h"
#include "sched.h"
#include "current.h"
#include "usercopy.h"
#include "kmalloc.h"
#include "lib/string.h"
#include "arch.h"

/* sched_block's deadline for a timeout (0: wait forever). */
static uint64_t deadline_of(uint64_t timeout_ns)
{
    if (timeout_ns == CX_TIMEOUT_INFINITE)
        return 0;
    uint64_t now = arch_time_ns();
    return now + timeout_ns < now ? 0 : now + timeout_ns;
}

static uint64_t wake_error(int reason)
{
    return CX_MKERR(reason == WAKE_TIMEOUT ? CX_ERR_TIMEOUT : CX_ERR_INTERRUPTED);
}

/* A waiter woken by a timeout or a kill stays in its queue until it runs
   again and takes itself out; until then nobody may hand it anything. */
static int still_waiting(const struct thread *t)
{
    return t->state == THREAD_BLOCKED;
}

static void free_msg(struct ipc_msg *m)
{
    kobject_put(&m->from->obj);
    kfree(m);
}

/* Give m to process `to`: its capability and reply token into to's space,
   its bytes into buf. All or nothing: on error m stays as it was. */
static uint64_t deliver(struct ipc_msg *m, struct process *to, uint64_t buf, size_t buf_len,
                        struct cx_ipc_receive_result *out)
{
    if (m->len > buf_len)
        return CX_MKERR(CX_ERR_BUFFER_TOO_SMALL);
    cx_reply_t token = CX_REPLY_NONE;
    if (m->call && !(token = reply_bind(&m->call->reply, to->cspace)))
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    cx_cap_t cap = CX_CAP_NULL;
    if (m->cap && m->from->cspace) {
        uint64_t err = cspace_transfer(m->from->cspace, m->cap, to->cspace, 0, &cap);
        if (err == CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED)) {
            if (m->call)
                reply_unbind(&m->call->reply);
            return err;
        }
        if (err)
            cap = CX_CAP_NULL; /* the sender no longer holds it: it does not travel */
    }
    int copy = m->data ? copy_to_user(&to->vm, buf, m->data, m->len)
                       : copy_user_to_user(&to->vm, buf, &m->from->vm, m->user_src, m->len);
    if (copy < 0) {
        if (cap)
            cspace_remove(to->cspace, cap);
        if (m->call)
            reply_unbind(&m->call->reply);
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    }
    out->sender = m->from->pid;
    out->message_len = m->len;
    out->capability = cap;
    out->reply_token = token;
    if (m->call)
        m->call->phase = CALL_RECEIVED;
    return 0;
}

/* Give m to the first receiver still waiting at ep. Returns the receiver's
   thread when it took m, still blocked: the poster wakes it, or switches to
   it. NULL when nobody waits, or when the receiver could not take m (it is
   woken with the error, e.g. BufferTooSmall, and m must be queued). */
static struct thread *hand_over(struct endpoint *ep, struct ipc_msg *m)
{
    struct ipc_link *l;
    while ((l = ipc_queue_pop(&ep->receivers))) {
        struct ipc_recv_wait *w = IPC_ENTRY(l, struct ipc_recv_wait, link);
        if (!still_waiting(w->thread))
            continue;
        w->status = deliver(m, w->proc, w->buf, w->buf_len, w->out);
        w->done = 1;
        if (w->status == 0)
            return w->thread;
        sched_wake(w->thread, WAKE_NORMAL);
        return NULL;
    }
    return NULL;
}

/* ipc_post; when `taker` is given, a receiver that took m directly is left
   blocked for the caller to run (*taker), not woken. */
static uint64_t post(struct endpoint *ep, struct ipc_msg *m, struct thread **taker)
{
    if (ep->msgs.count >= ENDPOINT_QUEUE_MAX && !m->from_kernel)
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    struct thread *t = hand_over(ep, m);
    if (t) {
        if (taker)
            *taker = t;
        else
            sched_wake(t, WAKE_NORMAL);
        return 0;
    }
    if (!m->data) { /* it must wait: take its bytes now, before the sender may change them */
        if (copy_from_user(&m->from->vm, m->inline_data, m->user_src, m->len) < 0)
            return CX_MKERR(CX_ERR_INVALID_ADDRESS);
        m->data = m->inline_data;
    }
    if (m->call) { /* the request waits on the caller's stack */
        ipc_queue_push(&ep->msgs, &m->link);
        return 0;
    }
    size_t extra = m->len > CX_IPC_FAST_MAX ? m->len : 0;
    struct ipc_msg *q = kmalloc(sizeof *q + extra);
    if (!q)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    *q = *m;
    q->data = extra ? (const uint8_t *)(q + 1) : q->inline_data;
    memcpy((void *)q->data, m->data, m->len);
    kobject_get(&q->from->obj);
    ipc_queue_push(&ep->msgs, &q->link);
    return 0;
}

uint64_t ipc_post(struct endpoint *ep, struct ipc_msg *m)
{
    return post(ep, m, NULL);
}

/* A caller ipc_reply_receive answered but left blocked: it wakes now, in
   the run queue, unless the replier switches to it. */
static void wake_answered(struct thread *answered)
{
    if (answered)
        sched_wake(answered, WAKE_NORMAL);
}

/* ipc_receive; `answered` (or NULL) is a caller just answered and still
   blocked: when a message is ready it wakes as usual, when the receiver has
   to wait the CPU goes straight to it unless threads it must not overtake
   are ready (sched_block_answered). */
static uint64_t receive(struct endpoint *ep, uint64_t buf, size_t buf_len, uint64_t timeout_ns,
                        struct cx_ipc_receive_result *out, struct thread *answered)
{
    struct process *me = current_process();
    struct ipc_link *l;
    while ((l = ep->msgs.head)) {
        struct ipc_msg *m = IPC_ENTRY(l, struct ipc_msg, link);
        if (m->call && !still_waiting(m->call->thread)) {
            ipc_link_remove(l); /* its caller gave up (timeout or kill) */
            continue;
        }
        wake_answered(answered);
        uint64_t err = deliver(m, me, buf, buf_len, out);
        if (err)
            return err; /* the message stays queued */
        ipc_link_remove(l);
        if (!m->call)
            free_msg(m);
        return 0;
    }
    if (timeout_ns == CX_TIMEOUT_POLL) {
        wake_answered(answered);
        return CX_MKERR(CX_ERR_TIMEOUT);
    }

    struct ipc_recv_wait w = {
        .thread = current_thread(), .proc = me, .buf = buf, .buf_len = buf_len, .out = out,
    };
    kobject_get(&ep->obj);
    ipc_queue_push(&ep->receivers, &w.link);
    uint64_t deadline = deadline_of(timeout_ns);
    int why = answered ? sched_block_answered(answered, deadline) : sched_block(deadline);
    ipc_link_remove(&w.link);
    kobject_put(&ep->obj);
    return w.done ? w.status : wake_error(why);
}

uint64_t ipc_receive(struct endpoint *ep, uint64_t buf, size_t buf_len, uint64_t timeout_ns,
                     struct cx_ipc_receive_result *out)
{
    return receive(ep, buf, buf_len, timeout_ns, out, NULL);
}

uint64_t ipc_call_wait(struct endpoint *ep, struct ipc_call *call, uint64_t timeout_ns)
{
    call->phase = CALL_QUEUED;
    call->msg.link = (struct ipc_link){ 0 };
    reply_init(&call->reply, call);
    struct thread *receiver = NULL;
    uint64_t err = post(ep, &call->msg, &receiver);
    if (err) {
        reply_finish(&call->reply);
        return err;
    }
    kobject_get(&ep->obj);
    /* The fast path: a receiver took the request; it runs next, now. */
    uint64_t deadline = deadline_of(timeout_ns);
    int why = receiver ? sched_block_switch(receiver, deadline) : sched_block(deadline);
    switch (call->phase) {
    case CALL_QUEUED: /* nobody took the request: withdraw it */
        ipc_link_remove(&call->msg.link);
        err = wake_error(why);
        break;
    case CALL_RECEIVED: /* taken, not answered: the token dies, a late reply gets NotFound */
        reply_unbind(&call->reply);
        err = wake_error(why);
        break;
    default:
        err = call->status;
    }
    reply_finish(&call->reply);
    kobject_put(&ep->obj);
    return err;
}

/* Finish call: its response (len bytes) is copied, or copied < 0 when the
   caller's buffer was not writable. A call the kernel made for a thread
   (resp_kernel) takes its reply into kernel memory and no capability.
   Returns the caller, answered but still blocked: wake it, or switch to it. */
static struct thread *answer(struct ipc_call *call, int copied, size_t len, cx_cap_t cap)
{
    struct process *caller = call->proc;
    cx_cap_t got = CX_CAP_NULL;
    call->status = 0;
    if (copied < 0)
        call->status = CX_MKERR(CX_ERR_INVALID_ADDRESS); /* the caller unmapped its buffer */
    else if (cap && !call->resp_kernel && cspace_transfer(current_cspace(), cap, caller->cspace, 0, &got))
        call->status = CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED); /* GRANT was checked: it is full */
    call->out->response_len = len;
    call->out->capability = got;
    call->phase = CALL_ANSWERED;
    reply_unbind(&call->reply); /* the token is used up */
    return call->thread;
}

void ipc_call_answer(struct ipc_call *call, const void *data, size_t len, cx_cap_t cap)
{
    int copied;
    if (call->resp_kernel) {
        memcpy(call->resp_kernel, data, len < call->resp_len ? len : call->resp_len);
        copied = 0;
    } else {
        copied = copy_to_user(&call->proc->vm, call->resp_buf, data, len);
    }
    sched_wake(answer(call, copied, len, cap), WAKE_NORMAL);
}

/* ipc_call_answer_user, leaving the caller blocked. */
static inline struct thread *answer_user(struct ipc_call *call, uint64_t src, size_t len, cx_cap_t cap)
{
    int copied = call->resp_kernel
        ? copy_from_user(current_vm(), call->resp_kernel, src, len < call->resp_len ? len : call->resp_len)
        : copy_user_to_user(&call->proc->vm, call->resp_buf, current_vm(), src, len);
    return answer(call, copied, len, cap);
}

void ipc_call_answer_user(struct ipc_call *call, uint64_t src, size_t len, cx_cap_t cap)
{
    sched_wake(answer_user(call, src, len, cap), WAKE_NORMAL);
}

uint64_t ipc_reply_receive(struct ipc_call *call, uint64_t src, size_t len, cx_cap_t cap,
                           struct endpoint *ep, uint64_t buf, size_t buf_len, uint64_t timeout_ns,
                           struct cx_ipc_receive_result *out)
{
    struct thread *answered = call ? answer_user(call, src, len, cap) : NULL;
    return receive(ep, buf, buf_len, timeout_ns, out, answered);
}

void ipc_call_dropped(struct ipc_call *call)
{
    if (call->phase != CALL_RECEIVED || !still_waiting(call->thread))
        return;
    call->phase = CALL_FAILED;
    call->status = CX_MKERR(CX_ERR_INTERRUPTED);
    sched_wake(call->thread, WAKE_PEER_GONE);
}

void ipc_endpoint_gone(struct endpoint *ep)
{
    struct ipc_link *l;
    while ((l = ipc_queue_pop(&ep->receivers))) {
        struct ipc_recv_wait *w = IPC_ENTRY(l, struct ipc_recv_wait, link);
        if (!still_waiting(w->thread))
            continue;
        w->done = 1;
        w->status = CX_MKERR(CX_ERR_INTERRUPTED);
        sched_wake(w->thread, WAKE_PEER_GONE);
    }
    while ((l = ipc_queue_pop(&ep->msgs))) {
        struct ipc_msg *m = IPC_ENTRY(l, struct ipc_msg, link);
        if (!m->call) {
            free_msg(m);
        } else if (still_waiting(m->call->thread)) {
            m->call->phase = CALL_FAILED;
            m->call->status = CX_MKERR(CX_ERR_INTERRUPTED);
            sched_wake(m->call->thread, WAKE_PEER_GONE);
        }
    }
}

/* Nothing to do here, by construction:
   - the reply tokens p holds are capabilities in p's space, released right
     after this hook: each one's caps_gone fails its caller with Interrupted;
   - p's own waits are over: its threads have all left, and each took itself
     out of the queues it waited in (a kill wakes them with Interrupted);
   - messages p sent with ipc_send stay deliverable (a letter outlives its
     writer); a capability they carry no longer travels, as p no longer
     holds it. The endpoints p held die with their last capability. */
void ipc_process_exit(struct process *p)
{
    (void)p;
}
