/* Endpoint objects. */
#include "endpoint.h"
#include "channel.h"
#include "cspace.h"
#include "ipc.h"
#include "personality.h"
#include "kmalloc.h"

static void endpoint_destroy(struct kobject *o)
{
    kfree(o);
}

static void endpoint_caps_gone(struct kobject *o)
{
    struct endpoint *ep = (struct endpoint *)o;
    ep->dead = 1;
    channel_teardown_all(ep);
    ipc_endpoint_gone(ep);
    personality_endpoint_gone(ep); /* processes it served cannot go on */
}

struct endpoint *endpoint_create(void)
{
    struct endpoint *ep = kmalloc(sizeof *ep);
    if (!ep)
        return NULL;
    kobject_init(&ep->obj, CX_OBJ_ENDPOINT, endpoint_destroy);
    ep->obj.caps_gone = endpoint_caps_gone;
    return ep;
}

/* Inline: it is on the path of every receive. */
static inline uint64_t live_endpoint(struct cspace *cs, cx_cap_t cap, uint32_t rights,
                                     struct endpoint **out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(cs, cap, CX_OBJ_ENDPOINT, rights, &s);
    if (err)
        return err;
    struct endpoint *ep = (struct endpoint *)s->obj;
    if (ep->dead)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    *out = ep;
    return 0;
}

uint64_t endpoint_of_cap(struct cspace *cs, cx_cap_t cap, uint32_t rights, struct endpoint **out)
{
    return live_endpoint(cs, cap, rights, out);
}

uint64_t endpoint_from_cap(struct cspace *cs, cx_cap_t cap, cx_endpoint_t id, uint32_t rights,
                           struct endpoint **out)
{
    struct endpoint *ep;
    uint64_t err = live_endpoint(cs, cap, rights, &ep);
    if (err)
        return err;
    if (ep->obj.id != id)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    *out = ep;
    return 0;
}
