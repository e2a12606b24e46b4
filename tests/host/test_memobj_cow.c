/* sources: kernel/memobj.c kernel/object.c */
/* Unit tests for the frame sharing behind copy-on-write (kernel/memobj.c):
   memobj_create_cow shares frames and counts them, memobj_own_page copies a
   shared frame and leaves a lone one alone, refuses to eat the kernel's
   reserve, and every frame is freed exactly when its last object lets go.
   The physical allocator is a fake: frames are host pages, addressed so that
   phys_to_virt (PHYS_MAP_BASE + pa, wrapping) lands on them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "memobj.h"
#include "pmm.h"
#include "usercopy.h"
#include "cspace.h"
#include "mmu.h"

/* --- fakes -------------------------------------------------------------------- */

void *kmalloc(size_t size) { return calloc(1, size ? size : 1); }
void kfree(void *p) { free(p); }

#define FRAMES 64
static void *frame_mem[FRAMES];
static struct page frame_meta[FRAMES];
static int frame_used[FRAMES];
static size_t free_frames = FRAMES;
static long fail_after = -1;

static uint64_t pa_of(int i) { return (uint64_t)(uintptr_t)frame_mem[i] - PHYS_MAP_BASE; }

static int index_of(uint64_t pa)
{
    for (int i = 0; i < FRAMES; i++)
        if (frame_mem[i] && pa_of(i) == pa)
            return i;
    fail_msg("unknown frame %#llx", (unsigned long long)pa);
    return -1;
}

uint64_t pmm_alloc(void)
{
    if (fail_after == 0)
        return 0;
    if (fail_after > 0)
        fail_after--;
    for (int i = 0; i < FRAMES; i++)
        if (!frame_used[i]) {
            frame_used[i] = 1;
            free_frames--;
            frame_meta[i] = (struct page){ 0, 0 };
            memset(frame_mem[i], 0, PAGE_SIZE);
            return pa_of(i);
        }
    return 0;
}

void pmm_free(uint64_t pa)
{
    int i = index_of(pa);
    assert_true(frame_used[i]); /* never freed twice */
    frame_used[i] = 0;
    free_frames++;
}

struct page *pmm_page(uint64_t pa) { return &frame_meta[index_of(pa)]; }
size_t pmm_free_pages(void) { return free_frames + MEMOBJ_RESERVE_PAGES; /* the test's frames are above the reserve */ }

/* memobj.c's capability and user-copy paths are not under test here. */
struct thread *current_thread(void) { return NULL; }
cx_cap_t cspace_derive(struct cspace *cs, struct cap_slot *parent, struct kobject *obj, uint32_t rights)
{ (void)cs; (void)parent; (void)obj; (void)rights; return 0; }
uint64_t cspace_lookup(struct cspace *cs, cx_cap_t token, uint32_t type, uint32_t rights, struct cap_slot **out)
{ (void)cs; (void)token; (void)type; (void)rights; (void)out; return CX_MKERR(CX_ERR_INVALID_CAPABILITY); }
int copy_from_user(struct vmspace *vs, void *dst, uint64_t src, size_t n) { (void)vs; (void)dst; (void)src; (void)n; return -1; }
int copy_to_user(struct vmspace *vs, uint64_t dst, const void *src, size_t n) { (void)vs; (void)dst; (void)src; (void)n; return -1; }
int user_writable(struct vmspace *vs, uint64_t addr, size_t n) { (void)vs; (void)addr; (void)n; return 0; }
int user_readable(struct vmspace *vs, uint64_t addr, size_t n) { (void)vs; (void)addr; (void)n; return 0; }

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < FRAMES; i++) {
        if (!frame_mem[i])
            frame_mem[i] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
        frame_used[i] = 0;
    }
    free_frames = FRAMES;
    fail_after = -1;
    return 0;
}

static char *bytes(const struct memobj *m, size_t page) { return phys_to_virt(m->frames[page]); }

/* --- tests -------------------------------------------------------------------- */

static void cow_shares_frames_and_counts_them(void **state)
{
    (void)state;
    struct memobj *a = memobj_create(4, MEMOBJ_ANON);
    assert_non_null(a);
    assert_int_equal(free_frames, FRAMES - 4);
    struct memobj *b = memobj_create_cow(a, 1, 3); /* pages 1..3 of a */
    assert_non_null(b);
    assert_int_equal(free_frames, FRAMES - 4); /* no frame allocated */
    assert_true(b->flags & MEMOBJ_ANON);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(b->frames[i], a->frames[i + 1]);
    assert_false(memobj_page_shared(a, 0));
    assert_true(memobj_page_shared(a, 1));
    assert_true(memobj_page_shared(b, 0));
    kobject_put(&a->obj); /* page 0 goes; pages 1..3 stay with b */
    assert_int_equal(free_frames, FRAMES - 3);
    assert_false(memobj_page_shared(b, 0)); /* b is their only user now */
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void own_page_copies_a_shared_frame(void **state)
{
    (void)state;
    struct memobj *a = memobj_create(1, MEMOBJ_ANON);
    strcpy(bytes(a, 0), "before");
    struct memobj *b = memobj_create_cow(a, 0, 1);
    uint64_t shared = a->frames[0];
    assert_int_equal(memobj_own_page(b, 0), 0);
    assert_int_not_equal(b->frames[0], shared);
    assert_int_equal(a->frames[0], shared);
    assert_string_equal(bytes(b, 0), "before"); /* a copy of the contents */
    strcpy(bytes(b, 0), "after");
    assert_string_equal(bytes(a, 0), "before");
    assert_false(memobj_page_shared(a, 0));
    assert_false(memobj_page_shared(b, 0));
    assert_int_equal(free_frames, FRAMES - 2);
    /* a's frame is its own again: owning it changes nothing. */
    assert_int_equal(memobj_own_page(a, 0), 0);
    assert_int_equal(a->frames[0], shared);
    assert_int_equal(free_frames, FRAMES - 2);
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void three_sharers_free_on_the_last(void **state)
{
    (void)state;
    struct memobj *a = memobj_create(2, MEMOBJ_ANON);
    struct memobj *b = memobj_create_cow(a, 0, 2);
    struct memobj *c = memobj_create_cow(b, 0, 2); /* a fork of a fork */
    assert_int_equal(pmm_page(a->frames[0])->refs, 3);
    assert_int_equal(memobj_own_page(b, 0), 0);
    assert_int_equal(pmm_page(a->frames[0])->refs, 2);
    memobj_release_pages(a, 0, 2); /* munmap in a */
    assert_int_equal(free_frames, FRAMES - 3);
    kobject_put(&c->obj);
    assert_int_equal(free_frames, FRAMES - 2); /* c held the last of a's page 0 */
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void own_page_without_memory_fails_and_changes_nothing(void **state)
{
    (void)state;
    struct memobj *a = memobj_create(1, MEMOBJ_ANON);
    struct memobj *b = memobj_create_cow(a, 0, 1);
    fail_after = 0;
    assert_int_equal(memobj_own_page(b, 0), -1);
    assert_int_equal(b->frames[0], a->frames[0]);
    assert_int_equal(pmm_page(a->frames[0])->refs, 2);
    fail_after = -1;
    /* Down to the kernel's reserve: refused before allocating. */
    size_t keep = free_frames;
    free_frames = 0;
    assert_int_equal(memobj_own_page(b, 0), -1);
    free_frames = keep;
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(cow_shares_frames_and_counts_them, setup),
        cmocka_unit_test_setup(own_page_copies_a_shared_frame, setup),
        cmocka_unit_test_setup(three_sharers_free_on_the_last, setup),
        cmocka_unit_test_setup(own_page_without_memory_fails_and_changes_nothing, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
