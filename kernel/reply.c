/* Reply objects: single-use reply tokens for ipc_call. */
#include "reply.h"
#include "cspace.h"
#include "ipc.h"

/* The token's holder dropped it without answering (it exited, or revoked the
   token): the caller must not wait forever. */
static void reply_caps_gone(struct kobject *o)
{
    struct reply *r = (struct reply *)o;
    if (!r->holder)
        return; /* reply_unbind: the call is already over */
    r->holder = NULL;
    ipc_call_dropped(r->call);
}

void reply_init(struct reply *r, struct ipc_call *call)
{
    kobject_init_unlisted(&r->obj, CX_OBJ_REPLY, NULL); /* owned by the call: nothing to free */
    r->obj.caps_gone = reply_caps_gone;
    r->call = call;
    r->holder = NULL;
    r->token = 0;
}

cx_cap_t reply_bind(struct reply *r, struct cspace *cs)
{
    /* WRITE only: enough to answer, no GRANT (cannot be passed on), no DERIVE. */
    cx_cap_t t = cspace_insert(cs, &r->obj, CX_RIGHT_WRITE);
    if (t) {
        r->holder = cs;
        r->token = t;
    }
    return t;
}

void reply_unbind(struct reply *r)
{
    struct cspace *cs = r->holder;
    if (!cs)
        return;
    r->holder = NULL;
    cspace_remove(cs, r->token);
}

void reply_finish(struct reply *r)
{
    reply_unbind(r);
    kobject_put(&r->obj); /* the call's own reference: unregisters it (no destructor) */
}

struct reply *reply_lookup(struct cspace *cs, cx_reply_t token)
{
    struct cap_slot *s;
    if (token == CX_REPLY_NONE || cspace_lookup(cs, token, CX_OBJ_REPLY, CX_RIGHT_WRITE, &s))
        return NULL;
    return (struct reply *)s->obj;
}
