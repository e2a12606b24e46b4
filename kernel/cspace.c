/* Capability space: a fixed table of slots. Token layout: generation in the
   high 32 bits, slot index in the low 32. */
#include "cspace.h"
#include "kmalloc.h"

static cx_cap_t token_of(const struct cspace *cs, unsigned index)
{
    return ((uint64_t)cs->slots[index].gen << 32) | index;
}

struct cspace *cspace_create(void)
{
    struct cspace *cs = kmalloc(sizeof *cs);
    if (!cs)
        return NULL;
    for (unsigned i = 0; i < CSPACE_SLOTS; i++)
        cs->slots[i].gen = 1;
    return cs;
}

void cspace_destroy(struct cspace *cs)
{
    for (unsigned i = 1; i < CSPACE_SLOTS; i++)
        if (cs->slots[i].obj)
            cspace_remove(cs, token_of(cs, i));
    kfree(cs);
}

cx_cap_t cspace_insert(struct cspace *cs, struct kobject *obj, uint32_t rights)
{
    for (unsigned i = 1; i < CSPACE_SLOTS; i++)
        if (!cs->slots[i].obj) {
            cs->slots[i].obj = kobject_get(obj);
            cs->slots[i].rights = rights;
            obj->ncaps++;
            cs->used++;
            return token_of(cs, i);
        }
    return 0;
}

static struct cap_slot *slot_of(struct cspace *cs, cx_cap_t token)
{
    uint64_t index = token & 0xFFFFFFFFu;
    if (index == 0 || index >= CSPACE_SLOTS)
        return NULL;
    struct cap_slot *s = &cs->slots[index];
    if (!s->obj || s->gen != (uint32_t)(token >> 32))
        return NULL;
    return s;
}

uint64_t cspace_lookup(struct cspace *cs, cx_cap_t token, uint32_t type, uint32_t rights,
                       struct cap_slot **out)
{
    struct cap_slot *s = slot_of(cs, token);
    if (!s || (type && s->obj->type != type))
        return CX_MKERR(CX_ERR_INVALID_CAPABILITY);
    if ((s->rights & rights) != rights)
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    *out = s;
    return 0;
}

void cspace_remove(struct cspace *cs, cx_cap_t token)
{
    struct cap_slot *s = slot_of(cs, token);
    if (!s)
        return;
    struct kobject *o = s->obj;
    s->obj = NULL;
    s->rights = 0;
    s->gen++;
    cs->used--;
    if (--o->ncaps == 0 && o->caps_gone)
        o->caps_gone(o);
    kobject_put(o);
}

uint64_t cspace_transfer(struct cspace *from, cx_cap_t token, struct cspace *to, int move,
                         cx_cap_t *out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(from, token, 0, CX_RIGHT_GRANT, &s);
    if (err)
        return err;
    cx_cap_t t = cspace_insert(to, s->obj, s->rights);
    if (!t)
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    if (move)
        cspace_remove(from, token);
    *out = t;
    return 0;
}
