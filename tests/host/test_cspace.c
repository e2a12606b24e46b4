/* sources: kernel/cspace.c kernel/object.c */
/* Unit tests for capability spaces and the capability derivation tree:
   derive chains, revocation of subtrees across spaces, moves and copies,
   deletion re-parenting children, generations, object accounting and the
   object registry. kmalloc is a fake on top of calloc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cspace.h"
#include "kmalloc.h"

/* --- fakes -------------------------------------------------------------------- */

static size_t live_allocs;

void *kmalloc(size_t size)
{
    void *p = calloc(1, size);
    if (p)
        live_allocs++;
    return p;
}

void kfree(void *p)
{
    if (p)
        live_allocs--;
    free(p);
}

size_t kmalloc_live(void) { return live_allocs; }

/* A test object that counts its callbacks. */
struct tobj {
    struct kobject obj;
    int caps_gone_calls;
    int destroyed;
};

static void tobj_caps_gone(struct kobject *o) { ((struct tobj *)o)->caps_gone_calls++; }
static void tobj_destroy(struct kobject *o) { ((struct tobj *)o)->destroyed++; }

static void tobj_init(struct tobj *t)
{
    memset(t, 0, sizeof *t);
    kobject_init(&t->obj, CX_OBJ_MEMORY, tobj_destroy);
    t->obj.caps_gone = tobj_caps_gone;
}

/* Drops the test's own reference: the object must die with it and leave the
   registry (the objects live on the test's stack). */
static void tobj_done(struct tobj *t)
{
    assert_int_equal(t->obj.refs, 1);
    kobject_put(&t->obj);
    assert_int_equal(t->destroyed, 1);
}

/* --- helpers ------------------------------------------------------------------- */

static int valid(struct cspace *cs, cx_cap_t c)
{
    struct cap_slot *s;
    return cspace_lookup(cs, c, 0, 0, &s) == 0;
}

static struct cap_slot *slot(struct cspace *cs, cx_cap_t c)
{
    struct cap_slot *s = NULL;
    assert_int_equal(cspace_lookup(cs, c, 0, 0, &s), 0);
    return s;
}

static cx_cap_t derive(struct cspace *cs, struct cspace *parent_cs, cx_cap_t parent, uint32_t rights)
{
    struct cap_slot *p = slot(parent_cs, parent);
    cx_cap_t c = cspace_derive(cs, p, p->obj, rights);
    assert_true(c != 0);
    return c;
}

/* Checks every invariant of a space: the used count, the free list, and that
   each live slot's tree links agree with its parent's and siblings'. */
static void check_space(struct cspace *cs)
{
    unsigned live = 0, nfree = 0;
    for (struct cap_slot *f = cs->free; f; f = f->next_sibling) {
        assert_null(f->obj);
        assert_ptr_equal(f->cs, cs);
        nfree++;
    }
    for (unsigned i = 1; i < cspace_capacity(cs); i++) {
        struct cap_slot *s = cspace_slot(cs, i);
        if (!s->obj)
            continue;
        live++;
        assert_true(s->obj->ncaps > 0);
        if (s->parent) {
            assert_non_null(s->parent->obj);
            int found = 0;
            for (struct cap_slot *c = s->parent->first_child; c; c = c->next_sibling)
                found |= c == s;
            assert_true(found);
        } else {
            assert_null(s->prev_sibling);
            assert_null(s->next_sibling);
        }
        if (s->prev_sibling)
            assert_ptr_equal(s->prev_sibling->next_sibling, s);
        else if (s->parent)
            assert_ptr_equal(s->parent->first_child, s);
        if (s->next_sibling)
            assert_ptr_equal(s->next_sibling->prev_sibling, s);
        for (struct cap_slot *c = s->first_child; c; c = c->next_sibling)
            assert_ptr_equal(c->parent, s);
    }
    assert_int_equal(live, cs->used);
    assert_int_equal(live + nfree, cspace_capacity(cs) - 1);
}

/* --- tests ----------------------------------------------------------------------- */

static void derive_chain_and_revoke(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create();
    struct tobj t;
    tobj_init(&t);
    cx_cap_t a = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t b = derive(cs, cs, a, CX_RIGHT_READ | CX_RIGHT_DERIVE);
    cx_cap_t c = derive(cs, cs, b, CX_RIGHT_READ);
    assert_int_equal(t.obj.ncaps, 3);
    assert_int_equal(t.obj.refs, 4);
    assert_ptr_equal(slot(cs, c)->parent, slot(cs, b));
    assert_ptr_equal(slot(cs, b)->parent, slot(cs, a));
    assert_null(slot(cs, a)->parent);
    check_space(cs);

    assert_int_equal(cspace_revoke(cs, b), 0);
    assert_false(valid(cs, b));
    assert_false(valid(cs, c));
    assert_true(valid(cs, a));
    assert_int_equal(t.obj.ncaps, 1);
    assert_int_equal(cs->used, 1);
    assert_null(slot(cs, a)->first_child);
    assert_int_equal(t.caps_gone_calls, 0);
    check_space(cs);

    assert_int_equal(cspace_revoke(cs, b), CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    assert_int_equal(cspace_revoke(cs, 0), CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    assert_int_equal(cspace_revoke(cs, a), 0);
    assert_int_equal(t.caps_gone_calls, 1);
    assert_int_equal(t.obj.ncaps, 0);
    check_space(cs);
    cspace_destroy(cs);
    tobj_done(&t);
    assert_int_equal(kmalloc_live(), 0);
}

static void revoke_middle_keeps_the_rest(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create();
    struct tobj t;
    tobj_init(&t);
    /* a -> { b -> { d -> f, e }, c } */
    cx_cap_t a = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t b = derive(cs, cs, a, CX_RIGHTS_ALL);
    cx_cap_t c = derive(cs, cs, a, CX_RIGHTS_ALL);
    cx_cap_t d = derive(cs, cs, b, CX_RIGHTS_ALL);
    cx_cap_t e = derive(cs, cs, b, CX_RIGHTS_ALL);
    cx_cap_t f = derive(cs, cs, d, CX_RIGHTS_ALL);
    check_space(cs);
    assert_int_equal(cspace_revoke(cs, b), 0);
    assert_true(valid(cs, a) && valid(cs, c));
    assert_false(valid(cs, b) || valid(cs, d) || valid(cs, e) || valid(cs, f));
    assert_ptr_equal(slot(cs, a)->first_child, slot(cs, c));
    assert_int_equal(t.obj.ncaps, 2);
    assert_int_equal(cs->used, 2);
    check_space(cs);

    /* revoke_children keeps the capability itself */
    derive(cs, cs, c, CX_RIGHT_READ);
    cspace_revoke_children(slot(cs, a));
    assert_true(valid(cs, a));
    assert_false(valid(cs, c));
    assert_int_equal(t.obj.ncaps, 1);
    check_space(cs);
    cspace_destroy(cs);
    assert_int_equal(t.caps_gone_calls, 1);
    tobj_done(&t);
}

static void copies_to_other_spaces_are_revoked(void **state)
{
    (void)state;
    struct cspace *p1 = cspace_create(), *p2 = cspace_create(), *p3 = cspace_create();
    struct tobj t;
    tobj_init(&t);
    cx_cap_t a = cspace_insert(p1, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t a2, a3;
    assert_int_equal(cspace_transfer(p1, a, p2, 0, &a2), 0);
    assert_int_equal(cspace_transfer(p2, a2, p3, 0, &a3), 0);
    cx_cap_t d3 = derive(p3, p3, a3, CX_RIGHT_READ);
    assert_ptr_equal(slot(p2, a2)->parent, slot(p1, a));
    assert_ptr_equal(slot(p3, a3)->parent, slot(p2, a2));
    assert_int_equal(t.obj.ncaps, 4);
    check_space(p1), check_space(p2), check_space(p3);

    assert_int_equal(cspace_revoke(p1, a), 0);
    assert_false(valid(p2, a2) || valid(p3, a3) || valid(p3, d3) || valid(p1, a));
    assert_int_equal(p1->used + p2->used + p3->used, 0);
    assert_int_equal(t.obj.ncaps, 0);
    assert_int_equal(t.caps_gone_calls, 1);
    check_space(p1), check_space(p2), check_space(p3);

    /* transfer needs GRANT, and room at the other end */
    cx_cap_t r = cspace_insert(p1, &t.obj, CX_RIGHT_READ), out = 0;
    assert_int_equal(cspace_transfer(p1, r, p2, 0, &out), CX_MKERR(CX_ERR_PERMISSION_DENIED));
    assert_int_equal(cspace_transfer(p1, a, p2, 0, &out), CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    cspace_remove(p1, r);
    assert_int_equal(t.caps_gone_calls, 2);

    cspace_destroy(p1), cspace_destroy(p2), cspace_destroy(p3);
    tobj_done(&t);
}

static void moves_keep_the_place_in_the_tree(void **state)
{
    (void)state;
    struct cspace *p1 = cspace_create(), *p2 = cspace_create();
    struct tobj t;
    tobj_init(&t);
    /* a -> { b -> c, x }; move b to p2: it keeps parent a and child c */
    cx_cap_t a = cspace_insert(p1, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t b = derive(p1, p1, a, CX_RIGHTS_ALL);
    cx_cap_t x = derive(p1, p1, a, CX_RIGHTS_ALL);
    cx_cap_t c = derive(p1, p1, b, CX_RIGHT_READ);
    unsigned refs = t.obj.refs;
    cx_cap_t b2;
    assert_int_equal(cspace_transfer(p1, b, p2, 1, &b2), 0);
    assert_false(valid(p1, b));
    assert_int_equal(t.obj.ncaps, 4);
    assert_int_equal(t.obj.refs, refs);
    assert_ptr_equal(slot(p2, b2)->parent, slot(p1, a));
    assert_ptr_equal(slot(p1, c)->parent, slot(p2, b2));
    check_space(p1), check_space(p2);

    /* revoking the moved capability reaches the child left behind */
    assert_int_equal(cspace_revoke(p2, b2), 0);
    assert_false(valid(p1, c));
    assert_true(valid(p1, a) && valid(p1, x));
    check_space(p1), check_space(p2);

    /* moving a root moves its whole subtree's anchor */
    cx_cap_t a2;
    assert_int_equal(cspace_transfer(p1, a, p2, 1, &a2), 0);
    assert_null(slot(p2, a2)->parent);
    assert_ptr_equal(slot(p1, x)->parent, slot(p2, a2));
    assert_int_equal(cspace_revoke(p2, a2), 0);
    assert_false(valid(p1, x));
    assert_int_equal(t.caps_gone_calls, 1);
    assert_int_equal(p1->used + p2->used, 0);
    check_space(p1), check_space(p2);
    cspace_destroy(p1), cspace_destroy(p2);
    tobj_done(&t);
}

static void generations_make_stale_tokens_invalid(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create();
    struct tobj t;
    tobj_init(&t);
    cx_cap_t a = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    cspace_remove(cs, a);
    cx_cap_t b = cspace_insert(cs, &t.obj, CX_RIGHT_READ);
    assert_int_equal(a & 0xFFFFFFFF, b & 0xFFFFFFFF); /* the slot is reused */
    assert_true(a != b);
    assert_false(valid(cs, a));
    assert_true(valid(cs, b));
    assert_false(valid(cs, b + (1ull << 32)));
    assert_false(valid(cs, (b & ~0xFFFFFFFFull) | cspace_capacity(cs)));
    assert_false(valid(cs, (b & ~0xFFFFFFFFull) | CSPACE_SLOTS_MAX));
    assert_int_equal(cspace_revoke(cs, b), 0);
    assert_false(valid(cs, b));
    cx_cap_t c = cspace_insert(cs, &t.obj, CX_RIGHT_READ);
    assert_false(valid(cs, a) || valid(cs, b));
    assert_true(valid(cs, c));
    cspace_remove(cs, a); /* stale: no effect */
    assert_true(valid(cs, c));
    struct cap_slot *s;
    assert_int_equal(cspace_lookup(cs, c, CX_OBJ_CONSOLE, 0, &s), CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    assert_int_equal(cspace_lookup(cs, c, CX_OBJ_MEMORY, CX_RIGHT_WRITE, &s),
                     CX_MKERR(CX_ERR_PERMISSION_DENIED));
    cspace_destroy(cs);
    tobj_done(&t);
}

static void deleting_a_holder_reparents_children(void **state)
{
    (void)state;
    struct cspace *p1 = cspace_create(), *p2 = cspace_create(), *p3 = cspace_create();
    struct tobj t;
    tobj_init(&t);
    /* p1:a -> p2:b -> { p3:c, p3:d -> p3:e }; a sibling s of b; p2 dies */
    cx_cap_t a = cspace_insert(p1, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t s = derive(p1, p1, a, CX_RIGHTS_ALL);
    cx_cap_t b = derive(p2, p1, a, CX_RIGHTS_ALL);
    cx_cap_t s2 = derive(p1, p1, a, CX_RIGHTS_ALL);
    cx_cap_t c = derive(p3, p2, b, CX_RIGHTS_ALL);
    cx_cap_t d = derive(p3, p2, b, CX_RIGHTS_ALL);
    cx_cap_t e = derive(p3, p3, d, CX_RIGHTS_ALL);
    cspace_destroy(p2);
    assert_true(valid(p3, c) && valid(p3, d) && valid(p3, e));
    assert_ptr_equal(slot(p3, c)->parent, slot(p1, a));
    assert_ptr_equal(slot(p3, d)->parent, slot(p1, a));
    assert_ptr_equal(slot(p3, e)->parent, slot(p3, d));
    assert_int_equal(t.obj.ncaps, 6);
    check_space(p1), check_space(p3);

    /* a root's children become roots */
    cx_cap_t r = cspace_insert(p1, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t r1 = derive(p3, p1, r, CX_RIGHTS_ALL), r2 = derive(p3, p1, r, CX_RIGHTS_ALL);
    cspace_remove(p1, r);
    assert_null(slot(p3, r1)->parent);
    assert_null(slot(p3, r2)->parent);
    check_space(p1), check_space(p3);
    cspace_remove(p3, r1), cspace_remove(p3, r2);

    /* revoking the ancestor still reaches the re-parented ones */
    assert_int_equal(cspace_revoke(p1, a), 0);
    assert_false(valid(p3, c) || valid(p3, d) || valid(p3, e) || valid(p1, s) || valid(p1, s2));
    assert_int_equal(p1->used + p3->used, 0);
    assert_int_equal(t.obj.ncaps, 0);
    check_space(p1), check_space(p3);
    cspace_destroy(p1), cspace_destroy(p3);
    tobj_done(&t);
    assert_int_equal(kmalloc_live(), 0);
}

/* A chain deeper than any recursion on a 16 KiB kernel stack could follow,
   spread over three spaces, and a wide fan. */
static void deep_and_wide_trees(void **state)
{
    (void)state;
    enum { DEPTH = 3000, WIDTH = 1000 };
    struct cspace *sp[3] = { cspace_create(), cspace_create(), cspace_create() };
    struct tobj t;
    tobj_init(&t);
    cx_cap_t root = cspace_insert(sp[0], &t.obj, CX_RIGHTS_ALL), prev = root;
    struct cspace *prev_cs = sp[0];
    for (int i = 1; i < DEPTH; i++) {
        struct cspace *cs = sp[i % 3];
        prev = derive(cs, prev_cs, prev, CX_RIGHTS_ALL);
        prev_cs = cs;
    }
    assert_int_equal(t.obj.ncaps, DEPTH);
    check_space(sp[0]), check_space(sp[1]), check_space(sp[2]);
    cx_cap_t second = 0;
    for (unsigned i = 1; i < cspace_capacity(sp[1]) && !second; i++)
        if (cspace_slot(sp[1], i)->obj && cspace_slot(sp[1], i)->parent == cspace_slot(sp[0], root & 0xFFFFFFFF))
            second = cspace_token(cspace_slot(sp[1], i));
    assert_true(second != 0);
    assert_int_equal(cspace_revoke(sp[1], second), 0); /* everything below the root */
    assert_int_equal(t.obj.ncaps, 1);
    assert_int_equal(sp[0]->used + sp[1]->used + sp[2]->used, 1);
    assert_int_equal(t.caps_gone_calls, 0);

    for (int i = 0; i < WIDTH; i++)
        derive(sp[1 + i % 2], sp[0], root, CX_RIGHT_READ);
    assert_int_equal(t.obj.ncaps, WIDTH + 1);
    check_space(sp[1]), check_space(sp[2]);
    assert_int_equal(cspace_revoke(sp[0], root), 0);
    assert_int_equal(t.obj.ncaps, 0);
    assert_int_equal(t.caps_gone_calls, 1);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sp[i]->used, 0);
        check_space(sp[i]);
        cspace_destroy(sp[i]);
    }
    tobj_done(&t);
}

static void caps_gone_once_per_object(void **state)
{
    (void)state;
    struct cspace *p1 = cspace_create(), *p2 = cspace_create();
    struct tobj t, u;
    tobj_init(&t);
    tobj_init(&u);
    cx_cap_t a = cspace_insert(p1, &t.obj, CX_RIGHTS_ALL);
    cx_cap_t ua = cspace_insert(p1, &u.obj, CX_RIGHTS_ALL);
    /* u's capabilities hang below a capability for t (as capability_create
       under a process capability makes them) */
    cspace_derive(p2, slot(p1, a), &u.obj, CX_RIGHT_READ);
    cspace_derive(p2, slot(p1, a), &u.obj, CX_RIGHT_READ);
    derive(p2, p1, a, CX_RIGHT_READ);
    assert_int_equal(u.obj.ncaps, 3);
    assert_int_equal(cspace_revoke(p1, a), 0);
    assert_int_equal(t.caps_gone_calls, 1);
    assert_int_equal(u.caps_gone_calls, 0); /* ua still names u */
    assert_int_equal(u.obj.ncaps, 1);
    cspace_remove(p1, ua);
    assert_int_equal(u.caps_gone_calls, 1);
    assert_int_equal(u.obj.ncaps, 0);
    cspace_destroy(p1), cspace_destroy(p2);
    assert_int_equal(t.caps_gone_calls, 1);
    assert_int_equal(u.caps_gone_calls, 1);
    assert_int_equal(t.destroyed + u.destroyed, 0); /* our own references remain */
    tobj_done(&t), tobj_done(&u);
    assert_int_equal(t.destroyed + u.destroyed, 2);
}

/* A callback that itself makes and drops capabilities runs on a consistent tree. */
static struct cspace *callback_space;
static cx_cap_t callback_made;

static void make_cap_when_gone(struct kobject *o)
{
    o->caps_gone = NULL; /* once */
    callback_made = cspace_insert(callback_space, o, CX_RIGHT_READ);
}

static void callbacks_may_touch_the_tree(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create();
    struct tobj t, u;
    tobj_init(&t);
    tobj_init(&u);
    callback_space = cs;
    u.obj.caps_gone = make_cap_when_gone;
    cx_cap_t a = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    struct cap_slot *as = slot(cs, a);
    for (int i = 0; i < 10; i++)
        cspace_derive(cs, as, i == 5 ? &u.obj : &t.obj, CX_RIGHTS_ALL);
    assert_int_equal(cspace_revoke(cs, a), 0);
    assert_true(valid(cs, callback_made));
    assert_int_equal(cs->used, 1);
    assert_int_equal(u.obj.ncaps, 1);
    check_space(cs);
    cspace_destroy(cs);
    tobj_done(&t), tobj_done(&u);
}

/* A new space has one chunk; it grows as capabilities come, and a token
   past its slots names nothing. */
static void space_grows_by_chunks(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create();
    struct tobj t;
    tobj_init(&t);
    assert_int_equal(cspace_capacity(cs), CSPACE_CHUNK);
    cx_cap_t first = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    struct cap_slot *first_slot = slot(cs, first);
    for (unsigned i = 0; i < CSPACE_CHUNK; i++)
        assert_true(cspace_insert(cs, &t.obj, CX_RIGHT_READ) != 0);
    assert_int_equal(cspace_capacity(cs), 2 * CSPACE_CHUNK);
    assert_ptr_equal(slot(cs, first), first_slot); /* slots never move */
    check_space(cs);
    cspace_destroy(cs);
    tobj_done(&t);
}

static void full_space_is_exhausted(void **state)
{
    (void)state;
    struct cspace *cs = cspace_create(), *other = cspace_create();
    struct tobj t;
    tobj_init(&t);
    cx_cap_t a = cspace_insert(cs, &t.obj, CX_RIGHTS_ALL);
    for (unsigned i = 1; i < CSPACE_SLOTS_MAX - 1; i++)
        derive(cs, cs, a, CX_RIGHT_READ);
    assert_int_equal(cs->used, CSPACE_SLOTS_MAX - 1);
    assert_int_equal(cspace_capacity(cs), CSPACE_SLOTS_MAX); /* grown a chunk at a time */
    assert_int_equal(cspace_insert(cs, &t.obj, CX_RIGHT_READ), 0);
    assert_int_equal(cspace_derive(cs, slot(cs, a), &t.obj, CX_RIGHT_READ), 0);
    cx_cap_t o = cspace_insert(other, &t.obj, CX_RIGHTS_ALL), out;
    assert_int_equal(cspace_transfer(other, o, cs, 0, &out), CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED));
    assert_int_equal(cspace_transfer(other, o, cs, 1, &out), CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED));
    assert_true(valid(other, o)); /* a failed move keeps the capability */
    assert_int_equal(t.obj.ncaps, CSPACE_SLOTS_MAX);
    check_space(cs);
    cspace_revoke_children(slot(cs, a));
    assert_int_equal(cs->used, 1);
    assert_true(cspace_insert(cs, &t.obj, CX_RIGHT_READ) != 0);
    check_space(cs);
    cspace_destroy(cs), cspace_destroy(other);
    assert_int_equal(t.obj.ncaps, 0);
    assert_int_equal(t.caps_gone_calls, 1);
    tobj_done(&t);
}

static void registry_finds_live_objects(void **state)
{
    (void)state;
    enum { N = 700 };
    static struct tobj objs[N];
    for (int i = 0; i < N; i++)
        tobj_init(&objs[i]);
    for (int i = 0; i < N; i++) {
        assert_ptr_equal(object_find(CX_OBJ_MEMORY, objs[i].obj.id), &objs[i].obj);
        assert_null(object_find(CX_OBJ_PROCESS, objs[i].obj.id));
        if (i)
            assert_true(objs[i].obj.id > objs[i - 1].obj.id);
    }
    for (int i = 0; i < N; i += 2)
        kobject_put(&objs[i].obj);
    for (int i = 0; i < N; i++) {
        struct kobject *want = i % 2 ? &objs[i].obj : NULL;
        assert_ptr_equal(object_find(CX_OBJ_MEMORY, objs[i].obj.id), want);
    }
    for (int i = 1; i < N; i += 2)
        kobject_put(&objs[i].obj);
    for (int i = 0; i < N; i++)
        assert_null(object_find(CX_OBJ_MEMORY, objs[i].obj.id));
    assert_null(object_find(CX_OBJ_MEMORY, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derive_chain_and_revoke),
        cmocka_unit_test(revoke_middle_keeps_the_rest),
        cmocka_unit_test(copies_to_other_spaces_are_revoked),
        cmocka_unit_test(moves_keep_the_place_in_the_tree),
        cmocka_unit_test(generations_make_stale_tokens_invalid),
        cmocka_unit_test(deleting_a_holder_reparents_children),
        cmocka_unit_test(deep_and_wide_trees),
        cmocka_unit_test(caps_gone_once_per_object),
        cmocka_unit_test(callbacks_may_touch_the_tree),
        cmocka_unit_test(space_grows_by_chunks),
        cmocka_unit_test(full_space_is_exhausted),
        cmocka_unit_test(registry_finds_live_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
