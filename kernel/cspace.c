/* Capability space: a table of slots growing by chunks, and the derivation tree that
   links slots across spaces. Token layout: generation in the high 32 bits,
   slot index in the low 32.

   Tree shape: a capability's children form a doubly linked sibling list
   headed by first_child; roots have no siblings. Every operation touches only
   the slots it adds or removes (and, for remove and move, the children whose
   parent changes), so revoking costs time proportional to what it removes.

   Object callbacks (caps_gone, destroy) run only after the tree is consistent
   again: they may create or remove capabilities, but must not destroy a
   capability space (process teardown does that, from the exiting thread). */
#include "cspace.h"
#include "kmalloc.h"
#include "lib/string.h"

cx_cap_t cspace_token(const struct cap_slot *s)
{
    return ((uint64_t)s->gen << 32) | (uint64_t)s->index;
}

/* One more chunk of free slots (lowest index first on the free list).
   -1 at CSPACE_SLOTS_MAX or when out of memory. */
static int grow(struct cspace *cs)
{
    if (cspace_capacity(cs) >= CSPACE_SLOTS_MAX)
        return -1;
    if (cs->nchunks == cs->chunks_cap) {
        unsigned cap = cs->chunks_cap ? cs->chunks_cap * 2 : 4;
        struct cap_slot **t = kmalloc(cap * sizeof *t);
        if (!t)
            return -1;
        if (cs->nchunks)
            memcpy(t, cs->chunks, cs->nchunks * sizeof *t);
        kfree(cs->chunks);
        cs->chunks = t;
        cs->chunks_cap = cap;
    }
    struct cap_slot *chunk = kmalloc(CSPACE_CHUNK * sizeof *chunk);
    if (!chunk)
        return -1;
    memset(chunk, 0, CSPACE_CHUNK * sizeof *chunk);
    unsigned base = cspace_capacity(cs);
    cs->chunks[cs->nchunks++] = chunk;
    for (unsigned i = CSPACE_CHUNK; i-- > 0;) {
        struct cap_slot *s = &chunk[i];
        s->index = base + i;
        s->gen = 1;
        s->cs = cs;
        if (s->index == 0)
            continue; /* never used */
        s->next_sibling = cs->free;
        cs->free = s;
    }
    return 0;
}

struct cspace *cspace_create(void)
{
    struct cspace *cs = kmalloc(sizeof *cs);
    if (!cs)
        return NULL;
    memset(cs, 0, sizeof *cs);
    if (grow(cs) < 0) {
        kfree(cs->chunks);
        kfree(cs);
        return NULL;
    }
    return cs;
}

void cspace_destroy(struct cspace *cs)
{
    for (unsigned i = 1; i < cspace_capacity(cs); i++)
        if (cspace_slot(cs, i)->obj)
            cspace_remove(cs, cspace_token(cspace_slot(cs, i)));
    for (unsigned c = 0; c < cs->nchunks; c++)
        kfree(cs->chunks[c]);
    kfree(cs->chunks);
    kfree(cs);
}

/* A free slot of cs holding obj (a new reference) with no tree links, or
   NULL (the space is at CSPACE_SLOTS_MAX, or no memory for more). */
static struct cap_slot *take_slot(struct cspace *cs, struct kobject *obj, uint32_t rights)
{
    if (!cs->free && grow(cs) < 0)
        return NULL;
    struct cap_slot *s = cs->free;
    cs->free = s->next_sibling;
    cs->used++;
    s->obj = obj;
    s->rights = rights;
    s->parent = s->first_child = s->next_sibling = s->prev_sibling = NULL;
    return s;
}

/* Empties the slot: its old tokens die with the generation. */
static struct kobject *empty_slot(struct cap_slot *s)
{
    struct kobject *o = s->obj;
    s->obj = NULL;
    s->rights = 0;
    s->gen++;
    return o;
}

/* Returns an empty slot to its space's free list. */
static void free_slot(struct cap_slot *s)
{
    struct cspace *cs = s->cs;
    s->parent = s->first_child = s->prev_sibling = NULL;
    s->next_sibling = cs->free;
    cs->free = s;
    cs->used--;
}

/* One capability naming o is gone. */
static void release_object(struct kobject *o)
{
    if (--o->ncaps == 0 && o->caps_gone)
        o->caps_gone(o);
    kobject_put(o);
}

static void add_child(struct cap_slot *parent, struct cap_slot *c)
{
    c->parent = parent;
    c->prev_sibling = NULL;
    c->next_sibling = parent->first_child;
    if (parent->first_child)
        parent->first_child->prev_sibling = c;
    parent->first_child = c;
}

/* Puts `with` (a chain first..last of siblings, or nothing) where s was among
   its siblings. */
static void splice_in_place_of(struct cap_slot *s, struct cap_slot *first, struct cap_slot *last)
{
    struct cap_slot *prev = s->prev_sibling, *next = s->next_sibling;
    if (!first)
        first = next;
    else {
        first->prev_sibling = prev;
        last->next_sibling = next;
    }
    if (next)
        next->prev_sibling = last ? last : prev;
    if (prev)
        prev->next_sibling = first;
    else if (s->parent)
        s->parent->first_child = first;
}

cx_cap_t cspace_insert(struct cspace *cs, struct kobject *obj, uint32_t rights)
{
    struct cap_slot *s = take_slot(cs, obj, rights);
    if (!s)
        return 0;
    kobject_get(obj);
    obj->ncaps++;
    return cspace_token(s);
}

cx_cap_t cspace_derive(struct cspace *cs, struct cap_slot *parent, struct kobject *obj,
                       uint32_t rights)
{
    struct cap_slot *s = take_slot(cs, obj, rights);
    if (!s)
        return 0;
    kobject_get(obj);
    obj->ncaps++;
    add_child(parent, s);
    return cspace_token(s);
}

static struct cap_slot *slot_of(struct cspace *cs, cx_cap_t token)
{
    uint64_t index = token & 0xFFFFFFFFu;
    if (index == 0 || index >= cspace_capacity(cs))
        return NULL;
    struct cap_slot *s = cspace_slot(cs, (unsigned)index);
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

/* Deleting one holder's capability must not take away what it handed out:
   the children take its place under its parent (or become roots). */
void cspace_remove(struct cspace *cs, cx_cap_t token)
{
    struct cap_slot *s = slot_of(cs, token);
    if (!s)
        return;
    struct cap_slot *first = s->first_child, *last = NULL;
    for (struct cap_slot *c = first; c; c = c->next_sibling) {
        c->parent = s->parent;
        last = c;
    }
    if (s->parent)
        splice_in_place_of(s, first, last);
    else /* a root's children become roots, which have no siblings */
        for (struct cap_slot *c = first, *next; c; c = next) {
            next = c->next_sibling;
            c->next_sibling = c->prev_sibling = NULL;
        }
    struct kobject *o = empty_slot(s);
    free_slot(s);
    release_object(o);
}

/* Takes s out of the tree (it is a leaf or its subtree is already gone) and
   onto the doomed list: invisible to lookups, not yet free. */
static void doom(struct cap_slot *s, struct cap_slot **doomed)
{
    if (s->parent)
        splice_in_place_of(s, NULL, NULL);
    s->doomed_obj = empty_slot(s);
    s->first_child = s->prev_sibling = NULL;
    s->next_sibling = *doomed;
    *doomed = s;
}

/* Removes the subtree under top (and top itself if asked). Depth-first with
   no recursion and no restarts: descend to a leaf, cut it, go back to its
   parent. Each step either crosses an edge for the last time or cuts a slot,
   so the walk is linear in the subtree and uses constant stack. The objects
   are released only once the tree is whole again. */
static void revoke_subtree(struct cap_slot *top, int include_top)
{
    struct cap_slot *doomed = NULL, *cur = top;
    for (;;) {
        if (cur->first_child) {
            cur = cur->first_child;
            continue;
        }
        if (cur == top)
            break;
        struct cap_slot *up = cur->parent;
        doom(cur, &doomed);
        cur = up;
    }
    if (include_top)
        doom(top, &doomed);
    while (doomed) {
        struct cap_slot *s = doomed;
        struct kobject *o = s->doomed_obj;
        doomed = s->next_sibling;
        free_slot(s);
        release_object(o);
    }
}

void cspace_revoke_children(struct cap_slot *s) { revoke_subtree(s, 0); }

uint64_t cspace_revoke(struct cspace *cs, cx_cap_t token)
{
    struct cap_slot *s = slot_of(cs, token);
    if (!s)
        return CX_MKERR(CX_ERR_INVALID_CAPABILITY);
    revoke_subtree(s, 1);
    return 0;
}

/* A move hands over the slot's place in the tree: same parent, same
   children, same object reference; only the space and the token change. */
static cx_cap_t move_slot(struct cap_slot *s, struct cspace *to)
{
    struct cap_slot *n = take_slot(to, s->obj, s->rights);
    if (!n)
        return 0;
    n->parent = s->parent;
    if (s->parent)
        splice_in_place_of(s, n, n);
    n->first_child = s->first_child;
    for (struct cap_slot *c = n->first_child; c; c = c->next_sibling)
        c->parent = n;
    empty_slot(s);
    free_slot(s);
    return cspace_token(n);
}

uint64_t cspace_transfer(struct cspace *from, cx_cap_t token, struct cspace *to, int move,
                         cx_cap_t *out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(from, token, 0, CX_RIGHT_GRANT, &s);
    if (err)
        return err;
    cx_cap_t t = move ? move_slot(s, to) : cspace_derive(to, s, s->obj, s->rights);
    if (!t)
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    *out = t;
    return 0;
}
