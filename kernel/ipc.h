/* IPC: messages, and the threads waiting for them.

   The fast path. A call of up to CX_IPC_FAST_MAX bytes that finds a
   receiver waiting is handed over in one straight run: no heap, no queue;
   its bytes go from the caller's memory straight into the receiver's buffer
   (one translation per page on each side, usually a hit in the space's
   translation cache, and word moves); the receiver gets its reply token and
   the caller switches straight to it, donating the rest of its time slice
   (sched_block_switch). A reply, of any size, likewise goes straight from
   the replier's memory into the caller's response buffer and wakes the
   caller; ipc_reply_receive's reply instead leaves the caller blocked and,
   when the server has to wait for its next message and no other thread of
   the caller's priority or above is ready, switches straight to it (else
   the caller queues behind those, as after ipc_reply). Of a receive or response buffer only the first CX_IPC_FAST_MAX
   bytes are checked up front; the bytes a message actually fills are
   checked as it is copied. Errors, capability transfer, FIFO order and the
   peer-death rules are the same on every path: the fast path is the general
   code (deliver, ipc_call_answer) with its detours left out.

   Copies off the fast path. A message is copied from the sender's memory
   once, into a kernel buffer, and once more into the receiver's buffer. Up
   to CX_IPC_FAST_MAX bytes the kernel buffer is inside the message itself,
   which lives on the sender's kernel stack while it is being handed over.
   Only a message that has to wait in a queue is copied to the heap
   (ipc_send; an ipc_call's request waits on the blocked caller's stack,
   its bytes taken from the caller's memory when it starts to wait).

   Capabilities. A message carries at most one capability, named by the
   sender's token; it must have CX_RIGHT_GRANT when sent. It is copied (same
   rights, the sender keeps its own) into the receiver's space when the
   message is received, from the sender's space: if the sender has lost it
   by then (revoked, dropped, or the sender exited), the message arrives
   without it (CX_CAP_NULL). So revocation also reaches capabilities that are
   in flight.

   Peers going away. Waiting receivers and queued callers of an endpoint
   whose last capability goes wake with Interrupted. A caller whose reply
   token is dropped (the receiver exits or revokes it) wakes with Interrupted.
   Messages sent with ipc_send stay queued after their sender exits. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>
#include "ipc_queue.h"
#include "reply.h"

struct process;
struct thread;
struct endpoint;

struct ipc_msg {
    struct ipc_link link;       /* in the destination endpoint's queue */
    struct process *from;       /* the sender (referenced while queued) */
    cx_cap_t cap;               /* capability to copy from from->cspace, or CX_CAP_NULL */
    size_t len;
    struct ipc_call *call;      /* the pending call, for ipc_call requests */
    /* Made by the kernel (personality calls and exit notices): exempt from
       ENDPOINT_QUEUE_MAX, which stops a flooding sender; these are bounded by
       the threads (one stop each) and processes (one exit each) there are. */
    int from_kernel;
    /* inline_data, or a heap or bounce buffer; NULL while the bytes (at most
       CX_IPC_FAST_MAX) are still in the sender's memory at user_src */
    const uint8_t *data;
    uint64_t user_src;
    uint8_t inline_data[CX_IPC_FAST_MAX];
};

/* A thread waiting in ipc_receive (on its kernel stack). */
struct ipc_recv_wait {
    struct ipc_link link;       /* in the endpoint's receivers queue */
    struct thread *thread;
    struct process *proc;
    uint64_t buf;
    size_t buf_len;
    struct cx_ipc_receive_result *out;
    int done;                   /* a sender or the endpoint's death ended the wait */
    uint64_t status;            /* when done: 0 or the CX error to return */
};

enum call_phase {
    CALL_QUEUED,   /* the request waits in the endpoint's queue */
    CALL_RECEIVED, /* a receiver took it and holds the reply token */
    CALL_ANSWERED, /* replied: status and out are final */
    CALL_FAILED,   /* the receiver or endpoint went away: status is final */
};

/* A thread waiting in ipc_call (on its kernel stack). */
struct ipc_call {
    struct ipc_msg msg;
    struct reply reply;
    struct thread *thread;
    struct process *proc;
    uint64_t resp_buf;
    size_t resp_len;
    /* A call the kernel makes for the thread (personality.c): the reply goes
       to this kernel buffer instead of resp_buf, truncated to resp_len (the
       full length is still reported in out->response_len), and a capability
       sent with it does not travel. NULL for ipc_call. */
    void *resp_kernel;
    struct cx_ipc_call_result *out;
    enum call_phase phase;
    uint64_t status;
};

/* Send m to ep: straight to the first waiting receiver, else queued (m is
   copied to the heap unless it is a call request). 0 or a CX error. */
uint64_t ipc_post(struct endpoint *ep, struct ipc_msg *m);
/* Take the next message at ep into buf, waiting up to timeout_ns. */
uint64_t ipc_receive(struct endpoint *ep, uint64_t buf, size_t buf_len, uint64_t timeout_ns,
                     struct cx_ipc_receive_result *out);
/* Post call's request to ep and wait for the answer. */
uint64_t ipc_call_wait(struct endpoint *ep, struct ipc_call *call, uint64_t timeout_ns);
/* Answer call with len bytes at data and optionally a capability of the
   current process (already checked for GRANT). */
void ipc_call_answer(struct ipc_call *call, const void *data, size_t len, cx_cap_t cap);
/* The same with the len bytes at user address src of the current process
   (already checked readable), copied straight into the caller's buffer. */
void ipc_call_answer_user(struct ipc_call *call, uint64_t src, size_t len, cx_cap_t cap);

/* ipc_reply_receive: answer call (NULL: nothing to answer) as
   ipc_call_answer_user does, then receive at ep as ipc_receive does. When
   the receiver has to wait, the CPU goes straight to the answered caller
   (sched_block_answered): one switch, no run queue, unless threads of its
   priority or above are ready: it queues behind them. */
uint64_t ipc_reply_receive(struct ipc_call *call, uint64_t src, size_t len, cx_cap_t cap,
                           struct endpoint *ep, uint64_t buf, size_t buf_len, uint64_t timeout_ns,
                           struct cx_ipc_receive_result *out);

/* Hooks: ep's last capability is gone; call's reply token was dropped;
   process p is going away. */
void ipc_endpoint_gone(struct endpoint *ep);
void ipc_call_dropped(struct ipc_call *call);
void ipc_process_exit(struct process *p);

#endif
