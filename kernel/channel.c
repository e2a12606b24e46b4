/* Channel objects. Lookups walk the sender endpoint's own channel list, which
   is short; the global list only tells "not yours" from "gone" on errors. */
#include "channel.h"
#include "endpoint.h"
#include "cspace.h"
#include "kmalloc.h"

static struct channel *all_channels;

uint64_t channel_create(struct endpoint *a, struct endpoint *b, cx_channel_t *id)
{
    struct channel *c = kmalloc(sizeof *c);
    if (!c)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    kobject_init(&c->obj, CX_OBJ_CHANNEL, NULL);
    c->end[0] = (struct endpoint *)kobject_get(&a->obj);
    c->end[1] = (struct endpoint *)kobject_get(&b->obj);
    c->end_next[0] = a->channels;
    a->channels = c;
    c->end_next[1] = b->channels;
    b->channels = c;
    c->all_next = all_channels;
    all_channels = c;
    *id = c->obj.id;
    return 0;
}

/* Which end of c ep is: 0 or 1 (ep must be one of them). */
static int end_of(const struct channel *c, const struct endpoint *ep)
{
    return c->end[0] == ep ? 0 : 1;
}

uint64_t channel_resolve(struct cspace *cs, cx_channel_t id, cx_cap_t cap, struct endpoint **far)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(cs, cap, CX_OBJ_ENDPOINT, 0, &s);
    if (err)
        return err;
    struct endpoint *ep = (struct endpoint *)s->obj;
    struct channel *c = ep->channels;
    while (c && c->obj.id != id)
        c = c->end_next[end_of(c, ep)];
    if (!c) {
        for (c = all_channels; c; c = c->all_next)
            if (c->obj.id == id)
                return CX_MKERR(CX_ERR_PERMISSION_DENIED); /* exists, but not at this endpoint */
        return CX_MKERR(CX_ERR_NOT_FOUND);
    }
    if (!(s->rights & CX_RIGHT_WRITE))
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    *far = c->end[!end_of(c, ep)];
    return 0;
}

/* Take c off end i's list. */
static void unlink_end(struct channel *c, int i)
{
    struct endpoint *ep = c->end[i];
    for (struct channel **pp = &ep->channels; *pp; pp = &(*pp)->end_next[end_of(*pp, ep)])
        if (*pp == c) {
            *pp = c->end_next[i];
            return;
        }
}

void channel_teardown_all(struct endpoint *ep)
{
    while (ep->channels) {
        struct channel *c = ep->channels;
        unlink_end(c, 0);
        unlink_end(c, 1);
        for (struct channel **pp = &all_channels; *pp; pp = &(*pp)->all_next)
            if (*pp == c) {
                *pp = c->all_next;
                break;
            }
        kobject_put(&c->end[0]->obj);
        kobject_put(&c->end[1]->obj);
        kobject_release(&c->obj); /* out of the object registry before the memory goes */
        kfree(c);
    }
}
