/* Reply objects: the right to answer one ipc_call. The receiver of a call
   gets a capability for the call's reply object in its own capability space;
   that capability's token is the reply token. So a token is unforgeable
   (slot + generation), only the receiving process can use it, it cannot be
   passed on (no GRANT or DERIVE right), and it is used up by removing it.

   The object lives inside the caller's pending call (on the caller's kernel
   stack, no allocation): before the caller leaves ipc_call it takes the
   capability back (reply_unbind), so nothing refers to the object afterwards. */
#ifndef KERNEL_REPLY_H
#define KERNEL_REPLY_H

#include <calyx/abi.h>
#include "object.h"

struct cspace;
struct ipc_call;

struct reply {
    struct kobject obj;
    struct ipc_call *call;  /* the waiting call this answers */
    struct cspace *holder;  /* space holding the token, NULL when there is none */
    cx_cap_t token;
};

void reply_init(struct reply *r, struct ipc_call *call);
/* Put the token into cs; returns it, or 0 when cs is full. */
cx_cap_t reply_bind(struct reply *r, struct cspace *cs);
/* Take the token back from its holder (the call is over). Quietly: the caller is not woken. */
void reply_unbind(struct reply *r);
/* The call is over: no capability names the object any more; drop it from the
   object registry before the caller's stack (where it lives) goes away. */
void reply_finish(struct reply *r);
/* The reply object behind a token of cs, or NULL (unknown token, used up, not a reply). */
struct reply *reply_lookup(struct cspace *cs, cx_reply_t token);

#endif
